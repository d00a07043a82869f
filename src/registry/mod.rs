//! The built-in chain registry: chain IDs, names, native currencies, official
//! RPC and explorer hosts and genesis hashes of public chains, stored as data in
//! `chains.json` (its `source` field says where the data comes from).

use std::sync::OnceLock;

use alloy::primitives::B256;
use serde::{Deserialize, Serialize};

/// One chain of the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainInfo {
    pub chain_id: u64,
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    pub symbol: String,
    #[serde(default)]
    pub currency_name: String,
    pub decimals: u8,
    #[serde(default)]
    pub testnet: bool,
    /// A local development chain (Anvil, Hardhat, Ganache, geth --dev).
    #[serde(default)]
    pub dev: bool,
    #[serde(default)]
    pub rpc_hosts: Vec<String>,
    #[serde(default)]
    pub explorer_hosts: Vec<String>,
    #[serde(default)]
    pub genesis_hash: Option<B256>,
    #[serde(default = "active")]
    pub status: String,
    #[serde(default)]
    pub red_flags: Vec<String>,
}

fn active() -> String {
    "active".into()
}

impl ChainInfo {
    /// Whether the registry marks this chain deprecated.
    pub fn is_deprecated(&self) -> bool {
        self.status == "deprecated"
    }
}

/// A list of chains with lookups.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Registry {
    pub source: String,
    pub chains: Vec<ChainInfo>,
}

/// The file behind [`Registry::builtin`].
const BUILTIN: &str = include_str!("chains.json");

impl Registry {
    /// The registry compiled into the binary.
    pub fn builtin() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            // The file is part of the source tree and checked by a unit test.
            serde_json::from_str(BUILTIN).unwrap_or_else(|_| Registry {
                source: "built-in registry failed to parse".into(),
                chains: Vec::new(),
            })
        })
    }

    /// Every entry with this chain ID (IDs are sometimes reused).
    pub fn by_chain_id(&self, chain_id: u64) -> Vec<&ChainInfo> {
        self.chains
            .iter()
            .filter(|c| c.chain_id == chain_id)
            .collect()
    }

    /// The chain a node is, by chain ID, using the genesis hash to choose among
    /// entries that share an ID. With one candidate it is returned even when its
    /// genesis differs (that is what wallets will take it for); callers compare
    /// genesis hashes themselves to flag impostors.
    pub fn identify(&self, chain_id: u64, genesis: Option<B256>) -> Option<&ChainInfo> {
        let candidates = self.by_chain_id(chain_id);
        if candidates.len() <= 1 {
            return candidates.into_iter().next();
        }
        if let Some(g) = genesis
            && let Some(c) = candidates.iter().find(|c| c.genesis_hash == Some(g))
        {
            return Some(c);
        }
        // Prefer the entry not flagged as reusing someone else's ID, then active ones.
        candidates
            .iter()
            .find(|c| c.red_flags.is_empty() && !c.is_deprecated())
            .or_else(|| candidates.first())
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_parses_and_is_large_enough() {
        let reg: Registry = serde_json::from_str(BUILTIN).expect("chains.json parses");
        assert!(reg.chains.len() >= 40, "{} chains", reg.chains.len());
        assert!(!reg.source.is_empty());
        for c in &reg.chains {
            assert!(!c.name.is_empty() && !c.symbol.is_empty(), "{c:?}");
            assert!(
                (1..=6).contains(&c.symbol.chars().count()) || c.dev,
                "{c:?}"
            );
            for h in c.rpc_hosts.iter().chain(&c.explorer_hosts) {
                assert_eq!(h, &h.to_ascii_lowercase(), "{h}");
                assert!(!h.contains('/') && !h.contains(':'), "{h}");
            }
        }
        let mainnet = reg.identify(1, None).unwrap();
        assert_eq!(mainnet.symbol, "ETH");
        assert!(reg.identify(31337, None).is_some_and(|c| c.dev));
    }

    #[test]
    fn genesis_hash_chooses_among_reused_ids() {
        let g1 = B256::repeat_byte(1);
        let g2 = B256::repeat_byte(2);
        let mk = |name: &str, g, flags: Vec<String>| ChainInfo {
            chain_id: 7,
            name: name.into(),
            short_name: String::new(),
            symbol: "X".into(),
            currency_name: String::new(),
            decimals: 18,
            testnet: false,
            dev: false,
            rpc_hosts: vec![],
            explorer_hosts: vec![],
            genesis_hash: Some(g),
            status: "active".into(),
            red_flags: flags,
        };
        let reg = Registry {
            source: "test".into(),
            chains: vec![
                mk("First", g1, vec![]),
                mk("Second", g2, vec!["reusedChainId".into()]),
            ],
        };
        assert_eq!(reg.identify(7, Some(g2)).unwrap().name, "Second");
        assert_eq!(reg.identify(7, Some(g1)).unwrap().name, "First");
        assert_eq!(reg.identify(7, None).unwrap().name, "First");
        assert!(reg.identify(8, None).is_none());
    }
}
