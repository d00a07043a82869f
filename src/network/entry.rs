//! Reading an EIP-3085 `wallet_addEthereumChain` parameter object and checking
//! its form at least as strictly as the wallets do (MetaMask's
//! `ethereum-chain-utils`/`network.utils` rules). A missing field or a wrong
//! type is bad input (exit 2, naming the field); a value a wallet would reject
//! or mis-handle is a finding.

use serde_json::{Map, Value};
use url::Url;

use crate::error::{Error, Result};
use crate::redact::redact_url;
use crate::report::{Finding, FindingKind};

/// The largest chain ID wallets accept (MetaMask's `MAX_SAFE_CHAIN_ID`).
pub const MAX_SAFE_CHAIN_ID: u64 = 4_503_599_627_370_476;

const KNOWN_KEYS: &[&str] = &[
    "chainId",
    "chainName",
    "nativeCurrency",
    "rpcUrls",
    "blockExplorerUrls",
    "iconUrls",
];

/// The entry's fields, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The chain ID, when it could be read at all (also from a malformed form).
    pub chain_id: u64,
    pub chain_name: String,
    pub currency_name: String,
    pub symbol: String,
    pub decimals: u64,
    pub rpc_urls: Vec<String>,
    pub explorer_urls: Vec<String>,
    pub icon_urls: Vec<String>,
}

/// Reads one entry and checks its form. `label` names it in errors ("entry 2 of FILE").
pub fn read_entry(v: &Value, label: &str) -> Result<(Entry, Vec<Finding>)> {
    let bad = |msg: String| Error::input(format!("{label}: {msg}"));
    let obj = v.as_object().ok_or_else(|| {
        bad("expected a JSON object with chainId, chainName, nativeCurrency, rpcUrls".into())
    })?;
    let mut findings = Vec::new();

    let unknown: Vec<&str> = obj
        .keys()
        .map(String::as_str)
        .filter(|k| !KNOWN_KEYS.contains(k))
        .collect();
    if !unknown.is_empty() {
        findings.push(
            Finding::new(
                FindingKind::UnknownField,
                format!(
                    "unknown key(s) {}: wallets reject the whole entry",
                    unknown.join(", ")
                ),
            )
            .with("fields", &unknown),
        );
    }

    let chain_id = read_chain_id(obj, &mut findings).map_err(bad)?;

    let chain_name = string(obj, "chainName").map_err(bad)?;
    if chain_name.trim().is_empty() || chain_name.chars().count() > 100 {
        findings.push(Finding::new(
            FindingKind::ChainNameInvalid,
            format!(
                "chainName must be 1 to 100 characters, got {}",
                chain_name.chars().count()
            ),
        ));
    }

    let currency = obj
        .get("nativeCurrency")
        .ok_or_else(|| bad("nativeCurrency is missing".into()))?
        .as_object()
        .ok_or_else(|| bad("nativeCurrency must be an object {name, symbol, decimals}".into()))?;
    let currency_name = string(currency, "name").map_err(|e| bad(format!("nativeCurrency.{e}")))?;
    let symbol = string(currency, "symbol").map_err(|e| bad(format!("nativeCurrency.{e}")))?;
    let decimals = currency
        .get("decimals")
        .ok_or_else(|| bad("nativeCurrency.decimals is missing".into()))?
        .as_u64()
        .ok_or_else(|| bad("nativeCurrency.decimals must be a non-negative integer".into()))?;
    if decimals != 18 {
        findings.push(
            Finding::new(
                FindingKind::DecimalsInvalid,
                format!("nativeCurrency.decimals is {decimals}; wallets accept only 18 for the native currency"),
            )
            .with("decimals", decimals),
        );
    }
    let len = symbol.chars().count();
    if !(1..=6).contains(&len) {
        findings.push(
            Finding::new(
                FindingKind::SymbolInvalid,
                format!(
                    "nativeCurrency.symbol {symbol:?} has {len} characters; wallets accept 1 to 6"
                ),
            )
            .with("symbol", &symbol),
        );
    }

    let rpc_urls = url_list(obj, "rpcUrls", true).map_err(bad)?;
    if rpc_urls.is_empty() {
        return Err(bad("rpcUrls must list at least one URL".into()));
    }
    let explorer_urls = url_list(obj, "blockExplorerUrls", false).map_err(bad)?;
    let mut seen = std::collections::HashSet::new();
    for u in rpc_urls.iter().filter(|u| !seen.insert(u.as_str())) {
        findings.push(
            Finding::new(
                FindingKind::DuplicateRpcUrl,
                format!(
                    "rpcUrls lists {} twice: MetaMask refuses an entry whose RPC URLs repeat",
                    redact_url(u)
                ),
            )
            .with("url", redact_url(u)),
        );
    }
    let icon_urls = string_list(obj, "iconUrls").map_err(bad)?;
    for (urls, kind, what) in [
        (&rpc_urls, FindingKind::InsecureRpcUrl, "RPC"),
        (&explorer_urls, FindingKind::InsecureExplorerUrl, "explorer"),
    ] {
        for u in urls {
            if let Ok(parsed) = Url::parse(u)
                && parsed.scheme() != "https"
                && !is_local(&parsed)
            {
                findings.push(
                    Finding::new(
                        kind,
                        format!(
                            "{what} URL {} is {}:, not https: (only localhost may use http)",
                            redact_url(u),
                            parsed.scheme()
                        ),
                    )
                    .with("url", redact_url(u)),
                );
            }
        }
    }
    Ok((
        Entry {
            chain_id,
            chain_name,
            currency_name,
            symbol,
            decimals,
            rpc_urls,
            explorer_urls,
            icon_urls,
        },
        findings,
    ))
}

/// Whether a URL's host is this machine.
pub fn is_local(u: &Url) -> bool {
    u.host_str().is_some_and(crate::input::is_local_host)
}

/// Reads `chainId`: EIP-3085's 0x-prefixed, unpadded, non-zero hex string is
/// the only valid form; decimals and leading zeros are findings with the right form.
fn read_chain_id(
    obj: &Map<String, Value>,
    findings: &mut Vec<Finding>,
) -> std::result::Result<u64, String> {
    let raw = obj.get("chainId").ok_or("chainId is missing")?;
    let (id, shown) = match raw {
        Value::String(s) => {
            let t = s.trim();
            let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                Some(hex) if !hex.is_empty() => u64::from_str_radix(hex, 16).ok(),
                Some(_) => None,
                None => t.parse::<u64>().ok(),
            };
            (
                parsed.ok_or_else(|| format!("chainId {s:?} is not a number"))?,
                s.clone(),
            )
        }
        Value::Number(n) => (
            n.as_u64()
                .ok_or_else(|| format!("chainId {n} is not a positive integer"))?,
            n.to_string(),
        ),
        _ => return Err("chainId must be a 0x-prefixed hex string".into()),
    };
    let canonical = format!("{id:#x}");
    let valid = matches!(raw, Value::String(s) if is_canonical_hex(s));
    if id == 0 {
        findings.push(Finding::new(
            FindingKind::ChainIdFormat,
            "chainId is zero; wallets reject it",
        ));
    } else if id > MAX_SAFE_CHAIN_ID {
        findings.push(Finding::new(
            FindingKind::ChainIdFormat,
            format!("chainId {canonical} exceeds the largest chain ID wallets accept ({MAX_SAFE_CHAIN_ID})"),
        ));
    } else if !valid {
        findings.push(
            Finding::new(
                FindingKind::ChainIdFormat,
                format!("chainId {shown} is not in EIP-3085 form: write \"{canonical}\" (0x-prefixed hex, no leading zeros)"),
            )
            .with("expected", &canonical),
        );
    }
    Ok(id)
}

/// `/^0x[1-9a-f][0-9a-f]*$/i`.
fn is_canonical_hex(s: &str) -> bool {
    let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) else {
        return false;
    };
    let mut chars = hex.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_hexdigit() && c != '0')
        && chars.all(|c| c.is_ascii_hexdigit())
}

fn string(obj: &Map<String, Value>, key: &str) -> std::result::Result<String, String> {
    match obj.get(key) {
        None => Err(format!("{key} is missing")),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("{key} must be a string")),
    }
}

fn string_list(obj: &Map<String, Value>, key: &str) -> std::result::Result<Vec<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{key}[{i}] must be a string"))
            })
            .collect(),
        Some(_) => Err(format!("{key} must be an array of strings")),
    }
}

fn url_list(
    obj: &Map<String, Value>,
    key: &str,
    required: bool,
) -> std::result::Result<Vec<String>, String> {
    if required && !obj.contains_key(key) {
        return Err(format!("{key} is missing"));
    }
    let list = string_list(obj, key)?;
    for (i, u) in list.iter().enumerate() {
        let parsed = Url::parse(u)
            .map_err(|e| format!("{key}[{i}] {} is not a URL ({e})", redact_url(u)))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(format!(
                "{key}[{i}] {} is not an http(s) URL",
                redact_url(u)
            ));
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({
            "chainId": "0x89",
            "chainName": "Polygon Mainnet",
            "nativeCurrency": {"name": "POL", "symbol": "POL", "decimals": 18},
            "rpcUrls": ["https://polygon-rpc.com"],
            "blockExplorerUrls": ["https://polygonscan.com"]
        })
    }

    fn kinds_of(v: Value) -> Vec<FindingKind> {
        read_entry(&v, "entry")
            .unwrap()
            .1
            .iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn a_good_entry_has_no_form_findings() {
        let (e, f) = read_entry(&base(), "entry").unwrap();
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(e.chain_id, 137);
    }

    #[test]
    fn chain_id_forms() {
        for (id, ok) in [
            (json!("0x89"), true),
            (json!("0X89"), true),
            (json!("137"), false),
            (json!(137), false),
            (json!("0x089"), false),
            (json!("0x0"), false),
            (json!("0x10000000000000"), false),
        ] {
            let mut v = base();
            v["chainId"] = id.clone();
            let kinds = kinds_of(v);
            assert_eq!(kinds.is_empty(), ok, "{id}: {kinds:?}");
            if !ok {
                assert_eq!(kinds, vec![FindingKind::ChainIdFormat], "{id}");
            }
        }
        let mut v = base();
        v["chainId"] = json!("137");
        let (_, f) = read_entry(&v, "e").unwrap();
        assert_eq!(f[0].extra["expected"], "0x89");
    }

    #[test]
    fn value_findings() {
        let mut v = base();
        v["nativeCurrency"]["decimals"] = json!(8);
        v["nativeCurrency"]["symbol"] = json!("TOOLONGSYM");
        v["rpcUrls"] = json!(["http://rpc.example.org", "http://127.0.0.1:8545"]);
        v["blockExplorerUrls"] = json!(["http://scan.example.org"]);
        v["chainName"] = json!("");
        v["extra"] = json!(1);
        let kinds = kinds_of(v);
        for k in [
            FindingKind::DecimalsInvalid,
            FindingKind::SymbolInvalid,
            FindingKind::InsecureRpcUrl,
            FindingKind::InsecureExplorerUrl,
            FindingKind::ChainNameInvalid,
            FindingKind::UnknownField,
        ] {
            assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
        }
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == FindingKind::InsecureRpcUrl)
                .count(),
            1,
            "localhost may use http"
        );
    }

    #[test]
    fn missing_fields_and_wrong_types_name_the_field() {
        for (patch, field) in [
            (json!({"chainId": null}), "chainId"),
            (json!({"chainId": true}), "chainId"),
            (json!({"chainId": "polygon"}), "chainId"),
            (json!({"chainName": 5}), "chainName"),
            (json!({"nativeCurrency": "POL"}), "nativeCurrency"),
            (
                json!({"nativeCurrency": {"name": "POL", "symbol": "POL", "decimals": "18"}}),
                "nativeCurrency.decimals",
            ),
            (
                json!({"nativeCurrency": {"name": "POL", "decimals": 18}}),
                "nativeCurrency.symbol",
            ),
            (json!({"rpcUrls": "https://x.org"}), "rpcUrls"),
            (json!({"rpcUrls": []}), "rpcUrls"),
            (json!({"rpcUrls": ["not a url"]}), "rpcUrls[0]"),
            (json!({"blockExplorerUrls": [5]}), "blockExplorerUrls[0]"),
        ] {
            let mut v = base();
            for (k, val) in patch.as_object().unwrap() {
                if val.is_null() {
                    v.as_object_mut().unwrap().remove(k);
                } else {
                    v[k] = val.clone();
                }
            }
            let err = read_entry(&v, "entry").unwrap_err().to_string();
            assert!(err.contains(field), "{patch}: {err}");
        }
        assert!(read_entry(&json!([1]), "entry").is_err());
    }

    /// MetaMask parity, rule by rule (the README's table): what MetaMask's
    /// `wallet_addEthereumChain` refuses, and what rpccheck says of the same entry.
    #[test]
    fn metamask_parity() {
        let with = |patch: Value| {
            let mut v = base();
            for (k, val) in patch.as_object().unwrap() {
                v[k] = val.clone();
            }
            v
        };
        let cases: Vec<(&str, Value, Vec<FindingKind>)> = vec![
            // Chain ID: 0x-prefixed hex, no leading zero, not 0, at most MAX_SAFE_CHAIN_ID.
            (
                "chainId leading zero",
                with(json!({"chainId": "0x089"})),
                vec![FindingKind::ChainIdFormat],
            ),
            (
                "chainId decimal",
                with(json!({"chainId": "137"})),
                vec![FindingKind::ChainIdFormat],
            ),
            (
                "chainId zero",
                with(json!({"chainId": "0x0"})),
                vec![FindingKind::ChainIdFormat],
            ),
            (
                "chainId over the maximum",
                with(json!({"chainId": format!("{:#x}", MAX_SAFE_CHAIN_ID + 1)})),
                vec![FindingKind::ChainIdFormat],
            ),
            (
                "chainId at the maximum",
                with(json!({"chainId": format!("{MAX_SAFE_CHAIN_ID:#x}")})),
                vec![],
            ),
            // Decimals exactly 18.
            (
                "decimals 8",
                with(json!({"nativeCurrency": {"name": "X", "symbol": "X", "decimals": 8}})),
                vec![FindingKind::DecimalsInvalid],
            ),
            // Symbol 1 to 6 characters.
            (
                "symbol of 7",
                with(json!({"nativeCurrency": {"name": "X", "symbol": "SEVENCH", "decimals": 18}})),
                vec![FindingKind::SymbolInvalid],
            ),
            (
                "symbol of 1",
                with(json!({"nativeCurrency": {"name": "X", "symbol": "X", "decimals": 18}})),
                vec![],
            ),
            (
                "symbol empty",
                with(json!({"nativeCurrency": {"name": "X", "symbol": "", "decimals": 18}})),
                vec![FindingKind::SymbolInvalid],
            ),
            // chainName non-empty (MetaMask cuts it at 100; rpccheck flags it).
            (
                "chainName empty",
                with(json!({"chainName": ""})),
                vec![FindingKind::ChainNameInvalid],
            ),
            (
                "chainName of 101",
                with(json!({"chainName": "x".repeat(101)})),
                vec![FindingKind::ChainNameInvalid],
            ),
            // RPC URLs: https, or any on localhost / 127.0.0.1; unique.
            (
                "rpc http",
                with(json!({"rpcUrls": ["http://rpc.example.org"]})),
                vec![FindingKind::InsecureRpcUrl],
            ),
            (
                "rpc http on localhost",
                with(json!({"rpcUrls": ["http://localhost:8545", "http://127.0.0.1:8545"]})),
                vec![],
            ),
            (
                "rpc twice",
                with(json!({"rpcUrls": ["https://polygon-rpc.com", "https://polygon-rpc.com"]})),
                vec![FindingKind::DuplicateRpcUrl],
            ),
            // Explorer URLs: https (or local); null accepted.
            (
                "explorer http",
                with(json!({"blockExplorerUrls": ["http://scan.example.org"]})),
                vec![FindingKind::InsecureExplorerUrl],
            ),
            (
                "explorer null",
                with(json!({"blockExplorerUrls": null})),
                vec![],
            ),
            // Only the EIP-3085 keys and iconUrls.
            (
                "unknown key",
                with(json!({"rpcUrl": "https://x.org"})),
                vec![FindingKind::UnknownField],
            ),
            (
                "iconUrls",
                with(json!({"iconUrls": ["https://x.org/i.png"]})),
                vec![],
            ),
        ];
        for (name, v, want) in cases {
            assert_eq!(kinds_of(v), want, "{name}");
        }
        // Refused outright by both (rpccheck: bad input, exit 2): no rpcUrls, a
        // non-URL, a nativeCurrency that is not an object.
        for patch in [
            json!({"rpcUrls": []}),
            json!({"rpcUrls": ["nope"]}),
            json!({"nativeCurrency": "ETH"}),
        ] {
            assert!(
                read_entry(&with(patch.clone()), "entry").is_err(),
                "{patch}"
            );
        }
    }
}
