//! The JSON encodings of reason fields: amounts as decimal strings, counts as
//! numbers where they fit, accounts checksummed, a field that may be `null`.

use alloy::primitives::U256;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount (of wei, or of a token's smallest unit): a decimal string in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub U256);

/// A count, a quantity or unix seconds: a JSON number, or a decimal string
/// where it does not fit 64 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(pub U256);

impl Count {
    pub fn as_u64(self) -> Option<u64> {
        u64::try_from(self.0).ok()
    }
}

/// Both read as their decimal number.
impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<U256> for Amount {
    fn from(v: U256) -> Self {
        Self(v)
    }
}

impl From<U256> for Count {
    fn from(v: U256) -> Self {
        Self(v)
    }
}

impl From<u64> for Count {
    fn from(v: u64) -> Self {
        Self(U256::from(v))
    }
}

impl std::str::FromStr for Amount {
    type Err = <U256 as std::str::FromStr>::Err;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Self)
    }
}

impl std::str::FromStr for Count {
    type Err = <U256 as std::str::FromStr>::Err;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Self)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_u64() {
            Some(n) => s.serialize_u64(n),
            None => s.collect_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(u64),
            Text(String),
        }
        match Either::deserialize(d)? {
            Either::Number(n) => Ok(n.into()),
            Either::Text(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// An account that may be absent: checksummed.
pub(super) mod account {
    pub use crate::report::checksummed_opt::{deserialize, serialize};
}

/// A field that is absent (`None`), `null` (`Some(None)`) or a value.
pub(super) mod nullable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        v: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.as_ref().and_then(Option::as_ref).serialize(s)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}
