//! `reasons[]` of CLI.md: one typed variant per reason kind, each with exactly
//! the fields CLI.md gives it. The kind vocabulary ([`ReasonKind`]) is derived
//! from the variants, never kept by hand; JSON is serde's (`kind` as the tag).

mod update;
mod values;

use alloy::primitives::{Address, B256};
use serde::{Deserialize, Serialize};

pub use values::{Amount, Count};
use values::{account, nullable};

/// One reason for a denial: its kind and fields, the sentence that says it,
/// and what would let the address through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    #[serde(flatten)]
    pub fields: ReasonFields,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<String>,
}

impl Reason {
    /// A reason of `kind` with none of its fields known.
    pub fn new(kind: ReasonKind, message: impl Into<String>) -> Self {
        Self::of(ReasonFields::bare(kind), message)
    }

    /// A reason with its fields.
    pub fn of(fields: ReasonFields, message: impl Into<String>) -> Self {
        Self {
            fields,
            message: message.into(),
            remedy: None,
        }
    }

    /// With its remedy.
    pub fn remedy(self, remedy: impl Into<String>) -> Self {
        Self {
            remedy: Some(remedy.into()),
            ..self
        }
    }

    pub fn kind(&self) -> ReasonKind {
        self.fields.kind()
    }
}

/// `reasons[].kind` and its fields (CLI.md's table), as JSON has them:
/// accounts checksummed, amounts of wei decimal strings ([`Amount`]), counts
/// and unix seconds numbers ([`Count`]), words 0x-hex. A field not known is
/// absent.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants, strum::EnumIter,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[strum_discriminants(
    name(ReasonKind),
    derive(
        PartialOrd,
        Ord,
        Hash,
        Serialize,
        Deserialize,
        strum::IntoStaticStr,
        strum::EnumIter,
        strum::EnumString,
    ),
    serde(rename_all = "snake_case"),
    strum(serialize_all = "snake_case")
)]
pub enum ReasonFields {
    /// No contract at CONTRACT on this chain.
    NoCode {
        chain_id: u64,
    },
    NotAllowlisted {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slot: Option<B256>,
    },
    MissingRole {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<B256>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role_name: Option<String>,
        /// The contract that keeps the role, when it is not CONTRACT.
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        authority: Option<Address>,
        /// The roles word read (Solady's OwnableRoles).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slot: Option<B256>,
    },
    NotOwner {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        owner: Option<Address>,
    },
    Paused,
    MerkleProofInvalid {
        /// The contract's root: absent where not judged, `null` where it
        /// could not be read.
        #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
        root_onchain: Option<Option<B256>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        root_file: Option<B256>,
    },
    NotAuthorized {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        authorized: Option<Address>,
    },
    /// The address must hold something it does not (tokens, an NFT, votes).
    NotHolder {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        token: Option<Address>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        required: Option<Amount>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        held: Option<Amount>,
    },
    /// An approval is missing or short (an allowance, an operator approval).
    NotApproved {
        /// Who must approve.
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        owner: Option<Address>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        spender: Option<Address>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        allowance: Option<Amount>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        needed: Option<Amount>,
        /// The approval's entry in storage, where the trace found it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slot: Option<B256>,
    },
    /// A signature the call carries is refused (signer, nonce).
    SignatureInvalid {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        signer: Option<Address>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        expected_signer: Option<Address>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nonce: Option<Count>,
    },
    /// A deadline or expiry has passed.
    Expired {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expired_at: Option<Count>,
    },
    /// The address (or one the call passes) is on a deny list.
    Blocklisted {
        /// The contract that keeps the list.
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        list: Option<Address>,
        /// The listed address.
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        subject: Option<Address>,
    },
    NotOpen {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opens_at: Option<Count>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        closes_at: Option<Count>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opens_at_block: Option<Count>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        closes_at_block: Option<Count>,
    },
    LimitReached {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit: Option<Count>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        used: Option<Count>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        requested: Option<Count>,
    },
    WrongPayment {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected: Option<Amount>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent: Option<Amount>,
    },
    SoldOut {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_supply: Option<Count>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supply: Option<Count>,
    },
    InsufficientFunds {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        balance: Option<Amount>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        needed: Option<Amount>,
        /// The token the payment is in, where it is not ether.
        #[serde(default, skip_serializing_if = "Option::is_none", with = "account")]
        currency: Option<Address>,
    },
    Reverted,
    Unknown,
    /// `tx`: the transaction ran out of gas.
    OutOfGas {
        gas_used: u64,
        gas_limit: u64,
        /// The gas the call needs, where it finishes with more.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        needed: Option<u64>,
    },
}

impl ReasonFields {
    pub fn kind(&self) -> ReasonKind {
        self.into()
    }

    /// The variant of `kind` with none of its fields known.
    pub fn bare(kind: ReasonKind) -> Self {
        <Self as strum::IntoEnumIterator>::iter()
            .find(|f| f.kind() == kind)
            .expect("every kind has its variant")
    }
}

impl ReasonKind {
    /// snake_case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every kind, in the vocabulary's order.
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    /// Kinds that name a gate a contract's own error or string may state:
    /// all but the absence of code, funds, gas and the two that name none.
    pub fn names_a_gate(self) -> bool {
        !matches!(
            self,
            Self::NoCode
                | Self::InsufficientFunds
                | Self::OutOfGas
                | Self::Reverted
                | Self::Unknown
        )
    }

    /// Kinds that name a gate (or say none was found): the reasons a
    /// confirmed gate replaces. Funds, Merkle trees, `no_code` and gas stand
    /// apart.
    pub fn is_gating(self) -> bool {
        !matches!(
            self,
            Self::NoCode | Self::MerkleProofInvalid | Self::InsufficientFunds | Self::OutOfGas
        )
    }
}

#[cfg(test)]
mod tests;
