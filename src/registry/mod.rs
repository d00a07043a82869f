//! The built-in chain registry: chain IDs, names, native currencies, official
//! RPC and explorer hosts, status, red flags, parent chains and genesis hashes
//! of every chain of ethereum-lists/chains, stored as data in
//! `generated/chains.json` (written by `anvil-scripts/gen-registry.sh` from a
//! pinned npm release of the list, merged with the hand-checked genesis hashes
//! of `chains.json`; its `source` field says so) and embedded compressed.

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
    /// The host of the chain's information page.
    #[serde(default)]
    pub info_host: Option<String>,
    /// The chain this one settles to or is a shard of (`eip155-N` in the list).
    #[serde(default)]
    pub parent_chain_id: Option<u64>,
    /// `L2`, `shard`, … as the list says.
    #[serde(default)]
    pub parent_type: Option<String>,
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

/// `generated/chains.json`, deflated by `build.rs`: [`Registry::builtin`].
const BUILTIN_DEFLATED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/chains.json.deflate"));

/// The built-in registry's JSON text.
fn builtin_text() -> String {
    use std::io::Read;
    let mut text = String::new();
    // Written by build.rs from a file of the source tree, checked by a unit test.
    let _ = flate2::read::DeflateDecoder::new(BUILTIN_DEFLATED).read_to_string(&mut text);
    text
}

impl Registry {
    /// The registry compiled into the binary.
    pub fn builtin() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            serde_json::from_str(&builtin_text()).unwrap_or_else(|_| Registry {
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
        // A local development default (31337 for Anvil and Hardhat, 1337 for Geth's
        // dev mode and Ganache) is what a node with that ID almost always is, though
        // the list also names a long-gone public chain with it; then the entry not
        // flagged as reusing someone else's ID, then active ones.
        candidates
            .iter()
            .find(|c| c.dev)
            .or_else(|| {
                candidates
                    .iter()
                    .find(|c| c.red_flags.is_empty() && !c.is_deprecated())
            })
            .or_else(|| candidates.first())
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_parses_and_is_the_whole_list() {
        let reg: Registry = serde_json::from_str(&builtin_text()).expect("chains.json parses");
        assert!(reg.chains.len() >= 2_000, "{} chains", reg.chains.len());
        assert!(reg.source.contains("ethereum-lists"), "{}", reg.source);
        // The curated genesis hashes came through the merge.
        let with_genesis = reg
            .chains
            .iter()
            .filter(|c| c.genesis_hash.is_some())
            .count();
        assert!(with_genesis >= 29, "{with_genesis}");
        for c in &reg.chains {
            assert!(!c.name.is_empty(), "{c:?}");
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
            info_host: None,
            parent_chain_id: None,
            parent_type: None,
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

/// One chain in the ethereum-lists/chains `chains.json` shape.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListedChain {
    name: String,
    chain_id: u64,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    rpc: Vec<String>,
    native_currency: ListedCurrency,
    #[serde(default)]
    explorers: Vec<ListedExplorer>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    red_flags: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ListedCurrency {
    #[serde(default)]
    name: String,
    symbol: String,
    decimals: u8,
}

#[derive(Debug, Deserialize)]
struct ListedExplorer {
    url: String,
}

/// The host of a URL from a chain list, skipping templated hosts (`${KEY}.node.io`).
fn list_host(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?.to_ascii_lowercase();
    (!host.contains('$') && !host.contains('{')).then_some(host)
}

impl Registry {
    /// Parses a chain list in the ethereum-lists/chains `chains.json` shape
    /// (`name`, `chainId`, `rpc`, `nativeCurrency`, `explorers`, `status`, `redFlags`).
    pub fn from_chain_list(text: &str, source: &str) -> Result<Registry, String> {
        let listed: Vec<ListedChain> =
            serde_json::from_str(text).map_err(|e| format!("not a chains.json list ({e})"))?;
        let chains = listed
            .into_iter()
            .map(|c| {
                let mut rpc_hosts: Vec<String> =
                    c.rpc.iter().filter_map(|u| list_host(u)).collect();
                rpc_hosts.dedup();
                let mut explorer_hosts: Vec<String> = c
                    .explorers
                    .iter()
                    .filter_map(|e| list_host(&e.url))
                    .collect();
                explorer_hosts.dedup();
                let dev = matches!(c.chain_id, 31337 | 1337)
                    && rpc_hosts
                        .iter()
                        .all(|h| h == "127.0.0.1" || h == "localhost");
                ChainInfo {
                    chain_id: c.chain_id,
                    name: c.name,
                    short_name: c.short_name,
                    symbol: c.native_currency.symbol,
                    currency_name: c.native_currency.name,
                    decimals: c.native_currency.decimals,
                    testnet: false,
                    dev,
                    rpc_hosts,
                    explorer_hosts,
                    genesis_hash: None,
                    status: c.status.unwrap_or_else(active),
                    red_flags: c.red_flags,
                    info_host: None,
                    parent_chain_id: None,
                    parent_type: None,
                }
            })
            .collect();
        Ok(Registry {
            source: source.to_owned(),
            chains,
        })
    }

    /// This registry with `other`'s chains added; `other` wins for chain IDs both have.
    pub fn extended_with(&self, other: Registry) -> Registry {
        let ids: std::collections::HashSet<u64> = other.chains.iter().map(|c| c.chain_id).collect();
        let mut chains: Vec<ChainInfo> = self
            .chains
            .iter()
            .filter(|c| !ids.contains(&c.chain_id))
            .cloned()
            .collect();
        chains.extend(other.chains);
        Registry {
            source: format!("{} + {}", self.source, other.source),
            chains,
        }
    }

    /// Every official RPC and explorer host of every chain.
    pub fn all_hosts(&self) -> impl Iterator<Item = &str> {
        self.chains
            .iter()
            .flat_map(|c| c.rpc_hosts.iter().chain(&c.explorer_hosts))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;

    #[test]
    fn reads_the_ethereum_lists_shape_and_extends() {
        let text = r#"[{"name":"Example Chain","chain":"EX","chainId":424242,"networkId":424242,
            "shortName":"ex","rpc":["https://rpc.example.org","https://${KEY}.node.io/x"],
            "nativeCurrency":{"name":"Example","symbol":"EXM","decimals":18},
            "explorers":[{"name":"exscan","url":"https://scan.example.org","standard":"EIP3091"}],
            "status":"deprecated","redFlags":["reusedChainId"]},
            {"name":"Ethereum (override)","chainId":1,"rpc":[],"nativeCurrency":{"name":"Ether","symbol":"ETH","decimals":18}}]"#;
        let list = Registry::from_chain_list(text, "test").unwrap();
        let ex = &list.chains[0];
        assert_eq!(ex.rpc_hosts, vec!["rpc.example.org"]);
        assert_eq!(ex.explorer_hosts, vec!["scan.example.org"]);
        assert!(ex.is_deprecated());
        let merged = Registry::builtin().extended_with(list);
        assert_eq!(merged.identify(424242, None).unwrap().symbol, "EXM");
        assert_eq!(
            merged.identify(1, None).unwrap().name,
            "Ethereum (override)"
        );
        assert!(merged.identify(137, None).is_some());
        assert!(Registry::from_chain_list("{}", "x").is_err());
    }
}
