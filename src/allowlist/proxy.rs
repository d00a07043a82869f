//! Proxy detection from code and storage: EIP-1967 (implementation and beacon
//! slots), EIP-1167 minimal clones, EIP-1822 (UUPS `PROXIABLE` slot) and Safe's
//! proxy (its singleton in slot 0, answered by `masterCopy()`); EIP-2535
//! Diamonds are found by asking their loupe for the called function's facet.

use std::sync::OnceLock;

use alloy::primitives::{Address, B256, U256, keccak256};
use serde::{Deserialize, Serialize};

/// The kind of proxy (CLI.md `proxy.kind`); displayed as evidence names it
/// (`EIP-1967 beacon`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "snake_case")]
pub enum ProxyKind {
    #[strum(to_string = "EIP-1967")]
    Eip1967,
    #[strum(to_string = "EIP-1967 beacon")]
    Eip1967Beacon,
    #[strum(to_string = "EIP-1167 clone")]
    Eip1167,
    #[strum(to_string = "EIP-1822 (UUPS)")]
    Eip1822,
    /// Safe's `SafeProxy`: the singleton in slot 0.
    Safe,
    /// An EIP-2535 Diamond: the facet serving the called function.
    #[strum(to_string = "EIP-2535 Diamond")]
    Eip2535,
}

/// CLI.md `proxy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyInfo {
    pub kind: ProxyKind,
    #[serde(with = "crate::report::checksummed")]
    pub implementation: Address,
}

/// The storage slots to read for detection.
#[derive(Debug, Clone, Copy)]
pub struct ProxySlots {
    pub implementation: B256,
    pub beacon: B256,
    pub proxiable: B256,
}

/// `keccak256("eip1967.proxy.implementation") - 1`, etc., computed once.
pub fn slots() -> &'static ProxySlots {
    static S: OnceLock<ProxySlots> = OnceLock::new();
    S.get_or_init(|| {
        let minus_one = |s: &str| B256::from(U256::from_be_bytes(keccak256(s).0) - U256::from(1));
        ProxySlots {
            implementation: minus_one("eip1967.proxy.implementation"),
            beacon: minus_one("eip1967.proxy.beacon"),
            proxiable: keccak256("PROXIABLE"),
        }
    })
}

/// What the code and the proxy slots point at, before any further read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyLead {
    /// The implementation is known.
    Found(ProxyKind, Address),
    /// An EIP-1967 beacon: its `implementation()` names the implementation.
    Beacon(Address),
}

/// Decides which proxy pattern the contract follows (pure): an EIP-1167 clone
/// by its code, else the EIP-1967 implementation slot, the beacon slot, then
/// EIP-1822's. `slots` are the words of the implementation, beacon and
/// proxiable slots (`None` where unread).
pub fn lead(code: &[u8], slots: [Option<B256>; 3]) -> Option<ProxyLead> {
    if let Some(target) = eip1167_target(code) {
        return Some(ProxyLead::Found(ProxyKind::Eip1167, target));
    }
    let [implementation, beacon, uups] = slots.map(|w| w.and_then(slot_address));
    if let Some(i) = implementation {
        return Some(ProxyLead::Found(ProxyKind::Eip1967, i));
    }
    if let Some(b) = beacon {
        return Some(ProxyLead::Beacon(b));
    }
    uups.map(|i| ProxyLead::Found(ProxyKind::Eip1822, i))
}

/// The implementation of an EIP-1167 minimal proxy, from its runtime code.
pub fn eip1167_target(code: &[u8]) -> Option<Address> {
    const PREFIX: [u8; 10] = [0x36, 0x3d, 0x3d, 0x37, 0x3d, 0x3d, 0x3d, 0x36, 0x3d, 0x73];
    const SUFFIX: [u8; 15] = [
        0x5a, 0xf4, 0x3d, 0x82, 0x80, 0x3e, 0x90, 0x3d, 0x91, 0x60, 0x2b, 0x57, 0xfd, 0x5b, 0xf3,
    ];
    if code.len() == 45 && code[..10] == PREFIX && code[30..] == SUFFIX {
        return Some(Address::from_slice(&code[10..30]));
    }
    None
}

/// `masterCopy()`, which Safe's proxy answers itself with its slot 0.
const MASTER_COPY: [u8; 4] = [0xa6, 0x19, 0x48, 0x6e];

/// Code that looks like Safe's proxy (pure): short, delegating, and comparing
/// the call's first word with `masterCopy()`'s selector. Its singleton is then
/// read from slot 0.
pub fn safe_like(code: &[u8]) -> bool {
    const DELEGATECALL: u8 = 0xf4;
    code.len() < 512 && code.contains(&DELEGATECALL) && code.windows(4).any(|w| w == MASTER_COPY)
}

/// An address stored right-aligned in a slot, if the slot holds one.
pub fn slot_address(word: B256) -> Option<Address> {
    if word.is_zero() || word[..12].iter().any(|b| *b != 0) {
        return None;
    }
    Some(Address::from_slice(&word[12..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::b256;

    #[test]
    fn slots_match_the_eips() {
        assert_eq!(
            slots().implementation,
            b256!("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc")
        );
        assert_eq!(
            slots().beacon,
            b256!("0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50")
        );
        assert_eq!(
            slots().proxiable,
            b256!("0xc5f16f0fcc639fa48a6947836d9850f504798523bf8c9a3a87d5876cf622bcf7")
        );
    }

    #[test]
    fn reads_minimal_proxies() {
        let target = Address::repeat_byte(0xab);
        let mut code = hex::decode("363d3d373d3d3d363d73").unwrap();
        code.extend(target.as_slice());
        code.extend(hex::decode("5af43d82803e903d91602b57fd5bf3").unwrap());
        assert_eq!(eip1167_target(&code), Some(target));
        assert_eq!(eip1167_target(&code[1..]), None);
    }
}
