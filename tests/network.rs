//! `rpccheck network` against real Anvils (several chain IDs), a table of
//! EIP-3085 entries with the findings each must produce, and CORS through a
//! test server in front of Anvil.

mod common;

use common::{FaultServer, Reply, SeenRequest, anvil, dead_port, forward, rpccheck};
use serde_json::{Value, json};

fn entry(chain_id: &str, name: &str, symbol: &str, rpcs: &[&str]) -> Value {
    json!({
        "chainId": chain_id,
        "chainName": name,
        "nativeCurrency": {"name": symbol, "symbol": symbol, "decimals": 18},
        "rpcUrls": rpcs,
    })
}

/// Runs `network FILE --json` on `v`; returns (exit code, findings kinds, report).
fn check(v: &Value, extra: &[&str]) -> (i32, Vec<String>, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entry.json");
    std::fs::write(&path, v.to_string()).unwrap();
    let mut args = vec![
        "network",
        path.to_str().unwrap(),
        "--json",
        "--timeout",
        "3",
    ];
    args.extend_from_slice(extra);
    let run = rpccheck(&args);
    let report = run.json();
    assert!(report.get("error").is_none(), "{run:?}");
    let kinds = report["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|x| x["kind"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default();
    (run.code, kinds, report)
}

fn local(a: &alloy::node_bindings::AnvilInstance) -> String {
    format!("http://127.0.0.1:{}", a.port())
}

#[test]
fn entries_against_anvils_with_several_chain_ids() {
    let dev = anvil(&[]);
    let one = anvil(&["--chain-id", "1"]);
    let polygon = anvil(&["--chain-id", "137"]);

    // A local dev chain, as a team would add it: clean.
    let (code, kinds, report) = check(&entry("0x7a69", "Anvil", "ETH", &[&local(&dev)]), &[]);
    assert_eq!((code, kinds.clone()), (0, vec![]), "{report}");
    assert_eq!(report["endpoints"][0]["chain_id"], 31337);
    assert_eq!(report["network"]["chainId"], "0x7a69");

    // The entry says Polygon, the node is Anvil's 31337.
    let (code, kinds, _) = check(
        &entry("0x89", "Polygon Mainnet", "POL", &[&local(&dev)]),
        &[],
    );
    assert_eq!(code, 1);
    assert!(kinds.contains(&"chain_id_mismatch".to_owned()), "{kinds:?}");

    // A dev node answering mainnet's ID.
    let (code, kinds, _) = check(
        &entry("0x1", "Ethereum Mainnet", "ETH", &[&local(&one)]),
        &[],
    );
    assert_eq!(code, 0, "{kinds:?}");
    assert!(
        kinds.contains(&"dev_node_public_chain_id".to_owned()),
        "{kinds:?}"
    );

    // Two URLs of "one" network that answer for different chains.
    let (code, kinds, report) = check(
        &entry(
            "0x89",
            "Polygon Mainnet",
            "POL",
            &[&local(&polygon), &local(&one)],
        ),
        &[],
    );
    assert_eq!(code, 1);
    assert!(kinds.contains(&"rpc_inconsistent".to_owned()), "{kinds:?}");
    assert_eq!(report["endpoints"].as_array().unwrap().len(), 2);

    // Same chain ID, different genesis: two different chains. The genesis timestamp is
    // set, since two Anvils started within the same second have the same genesis hash.
    let other_one = anvil(&["--chain-id", "1", "--timestamp", "1"]);
    let (_, kinds, _) = check(
        &entry(
            "0x1",
            "Ethereum Mainnet",
            "ETH",
            &[&local(&one), &local(&other_one)],
        ),
        &[],
    );
    assert!(kinds.contains(&"rpc_inconsistent".to_owned()), "{kinds:?}");

    // An unreachable URL is a finding (exit 1), not an endpoint failure (exit 3).
    let dead = format!("http://127.0.0.1:{}", dead_port());
    let (code, kinds, report) = check(
        &entry("0x7a69", "Anvil", "ETH", &[&local(&dev), &dead]),
        &[],
    );
    assert_eq!(code, 1);
    assert!(kinds.contains(&"rpc_unreachable".to_owned()), "{kinds:?}");
    assert_eq!(
        report["endpoints"][1]["error"]["kind"],
        "connection_refused"
    );
}

#[test]
fn table_of_entries_and_their_findings() {
    let polygon = anvil(&["--chain-id", "137"]);
    let p = local(&polygon);
    let base = || entry("0x89", "Polygon Mainnet", "POL", &[&p]);
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = base();
        f(&mut v);
        v
    };
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        ("clean", base(), vec![]),
        (
            "decimal chainId",
            with(&|v| v["chainId"] = json!("137")),
            vec!["chain_id_format"],
        ),
        (
            "number chainId",
            with(&|v| v["chainId"] = json!(137)),
            vec!["chain_id_format"],
        ),
        (
            "leading zero",
            with(&|v| v["chainId"] = json!("0x089")),
            vec!["chain_id_format"],
        ),
        (
            "wrong symbol",
            with(&|v| v["nativeCurrency"]["symbol"] = json!("ETH")),
            vec!["symbol_mismatch"],
        ),
        (
            "symbol too long",
            with(&|v| v["nativeCurrency"]["symbol"] = json!("POLYGON")),
            vec!["symbol_invalid", "symbol_mismatch"],
        ),
        (
            "wrong name",
            with(&|v| v["chainName"] = json!("Matic Turbo")),
            vec!["name_mismatch"],
        ),
        (
            "decimals",
            with(&|v| v["nativeCurrency"]["decimals"] = json!(9)),
            vec!["decimals_invalid"],
        ),
        (
            "unknown key",
            with(&|v| v["rpcUrl"] = json!("x")),
            vec!["unknown_field"],
        ),
        (
            "insecure explorer",
            with(&|v| v["blockExplorerUrls"] = json!(["http://polygonscan.com"])),
            vec!["insecure_explorer_url"],
        ),
        (
            "unknown explorer host",
            with(&|v| v["blockExplorerUrls"] = json!(["https://scan.polygon-explorer.example"])),
            vec!["unknown_explorer_host"],
        ),
        (
            "lookalike explorer",
            with(&|v| v["blockExplorerUrls"] = json!(["https://po1ygonscan.com"])),
            vec!["lookalike_domain", "unknown_explorer_host"],
        ),
        (
            "separator trick",
            with(&|v| v["blockExplorerUrls"] = json!(["https://polygonscan-com.net"])),
            vec!["lookalike_domain"],
        ),
        (
            "subdomain trick",
            with(&|v| v["blockExplorerUrls"] = json!(["https://polygonscan.com.evil.io"])),
            vec!["lookalike_domain"],
        ),
        (
            "punycode",
            with(&|v| {
                v["blockExplorerUrls"] =
                    json!([format!("https://{}", idna_ascii("pоlygonscan.com"))])
            }),
            vec!["lookalike_domain"],
        ),
        (
            "unknown chain",
            entry("0x75bcd15", "My L3", "MYL", &[&p]),
            vec!["unknown_chain", "chain_id_mismatch"],
        ),
    ];
    for (name, v, want) in cases {
        let (code, mut kinds, report) = check(&v, &[]);
        // The node is Anvil posing as Polygon: that warning is expected in every row.
        kinds.retain(|k| k != "dev_node_public_chain_id");
        for w in &want {
            assert!(
                kinds.contains(&w.to_string()),
                "{name}: {w} missing from {kinds:?}\n{report}"
            );
        }
        if want.is_empty() {
            assert!(kinds.is_empty(), "{name}: {kinds:?}");
            assert_eq!(code, 0, "{name}");
        }
        let errors = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "error");
        assert_eq!(code, if errors { 1 } else { 0 }, "{name}: {kinds:?}");
    }
    // An insecure public RPC URL (unreachable here, which is a finding too).
    let v = entry(
        "0x89",
        "Polygon Mainnet",
        "POL",
        &["http://polygon-rpc.com"],
    );
    let (code, kinds, _) = check(&v, &[]);
    assert_eq!(code, 1);
    assert!(kinds.contains(&"insecure_rpc_url".to_owned()), "{kinds:?}");
    // The official host is never a lookalike.
    let v = with(&|v| v["blockExplorerUrls"] = json!(["https://polygonscan.com"]));
    let (_, kinds, _) = check(&v, &[]);
    assert!(!kinds.contains(&"lookalike_domain".to_owned()), "{kinds:?}");
}

fn idna_ascii(host: &str) -> String {
    url::Url::parse(&format!("https://{host}/"))
        .unwrap()
        .host_str()
        .unwrap()
        .to_owned()
}

#[test]
fn registry_file_flags_array_and_bad_input() {
    let dev = anvil(&["--chain-id", "8765432"]);
    let url = local(&dev);
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("chains.json");
    std::fs::write(
        &reg,
        json!([{"name": "Example Chain", "chain": "EX", "chainId": 8765432, "networkId": 8765432, "shortName": "ex",
                "rpc": ["https://rpc.example.org"], "nativeCurrency": {"name": "Example", "symbol": "EXM", "decimals": 18},
                "explorers": [{"name": "exscan", "url": "https://scan.example.org", "standard": "EIP3091"}], "status": "deprecated"}])
        .to_string(),
    )
    .unwrap();
    let v = entry("0x85bff8", "Example Chain", "EXM", &[&url]);
    let (_, kinds, _) = check(&v, &[]);
    assert!(kinds.contains(&"unknown_chain".to_owned()), "{kinds:?}");
    let (_, kinds, _) = check(&v, &["--registry", reg.to_str().unwrap()]);
    assert!(!kinds.contains(&"unknown_chain".to_owned()), "{kinds:?}");
    assert!(kinds.contains(&"deprecated_chain".to_owned()), "{kinds:?}");
    let v = entry("0x85bff8", "Example Chain", "EXX", &[&url]);
    let (code, kinds, _) = check(
        &v,
        &["--registry", reg.to_str().unwrap(), "--registry-only"],
    );
    assert_eq!(code, 1);
    assert!(kinds.contains(&"symbol_mismatch".to_owned()), "{kinds:?}");

    // The same entry from flags, decimal chain ID accepted there.
    let run = rpccheck(&[
        "network",
        "--chain-id",
        "8765432",
        "--chain-name",
        "Example Chain",
        "--symbol",
        "EXM",
        "--rpc",
        &url,
        "--registry",
        reg.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    // An array checks each, and stdin works.
    let arr = json!([
        entry("0x85bff8", "Example Chain", "EXM", &[&url]),
        entry("0x1", "Ethereum Mainnet", "ETH", &[&url])
    ]);
    let path = dir.path().join("arr.json");
    std::fs::write(&path, arr.to_string()).unwrap();
    let run = rpccheck(&["network", path.to_str().unwrap(), "--json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.json().as_array().unwrap().len(), 2);

    // Bad input: exit 2 naming the field.
    for (text, field) in [
        ("{ not json", "not valid JSON"),
        (
            r#"{"chainName":"x","nativeCurrency":{"name":"x","symbol":"x","decimals":18},"rpcUrls":["https://x.org"]}"#,
            "chainId",
        ),
        (
            r#"{"chainId":"0x1","chainName":"x","nativeCurrency":{"name":"x","symbol":"x","decimals":"18"},"rpcUrls":["https://x.org"]}"#,
            "nativeCurrency.decimals",
        ),
        (
            r#"{"chainId":"0x1","chainName":"x","nativeCurrency":{"name":"x","symbol":"x","decimals":18},"rpcUrls":"https://x.org"}"#,
            "rpcUrls",
        ),
    ] {
        let path = dir.path().join("bad.json");
        std::fs::write(&path, text).unwrap();
        let run = rpccheck(&["network", path.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{text}: {run:?}");
        assert!(run.stderr.contains(field), "{text}: {}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1);
    }
    let run = rpccheck(&["network", "/nonexistent.json"]);
    assert_eq!(run.code, 2);
    let run = rpccheck(&["network", "--chain-id", "1"]);
    assert_eq!(run.code, 2);
}

/// A server in front of Anvil that answers CORS as a browser-facing RPC would, or not.
fn cors_proxy(upstream: String, allow: bool) -> FaultServer {
    FaultServer::start(move |req: &SeenRequest| {
        let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        if allow {
            headers.push(("Access-Control-Allow-Origin".into(), "*".into()));
            headers.push(("Access-Control-Allow-Headers".into(), "content-type".into()));
            headers.push((
                "Access-Control-Allow-Methods".into(),
                "POST, OPTIONS".into(),
            ));
        }
        if req.method == "OPTIONS" {
            return Reply::Http(204, headers, Vec::new());
        }
        Reply::Http(200, headers, forward(&upstream, &req.body).into_bytes())
    })
}

#[test]
fn cors_allowed_and_denied() {
    let a = anvil(&[]);
    let open = cors_proxy(a.endpoint(), true);
    let closed = cors_proxy(a.endpoint(), false);
    let origin = ["--origin", "https://app.example"];
    let (code, kinds, _) = check(&entry("0x7a69", "Anvil", "ETH", &[&open.url()]), &origin);
    assert_eq!((code, kinds.clone()), (0, vec![]), "{kinds:?}");
    let (code, kinds, report) = check(&entry("0x7a69", "Anvil", "ETH", &[&closed.url()]), &origin);
    assert_eq!(code, 1, "{report}");
    assert_eq!(kinds, vec!["cors_denied"]);
    // Without --origin nothing is said about CORS.
    let (code, _, _) = check(&entry("0x7a69", "Anvil", "ETH", &[&closed.url()]), &[]);
    assert_eq!(code, 0);
}
