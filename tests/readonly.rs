//! Read-only by construction: every command runs through a recording proxy in
//! front of Anvil, and every method the proxy saw is a read.

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use common::{Fixtures, proxy, rpccheck, rpccheck_in};
use rpccheck::rpc::guard::ALLOWED_METHODS;

fn methods_of(body: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let items = match v {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    items
        .iter()
        .filter_map(|i| i["method"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn every_command_sends_only_reads() {
    let f = Fixtures::deploy();
    let seen = Arc::new(Mutex::new(BTreeSet::new()));
    let record = seen.clone();
    let p = proxy(f.url.clone(), move |req| {
        record.lock().unwrap().extend(methods_of(&req.body));
        None
    });
    let url = p.url();
    let tree = common::root().join("fixtures/merkle/allowlist-tree.json");
    let tree = tree.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("addrs.txt");
    std::fs::write(
        &list,
        format!("{}\n{}\n{}\n", f.get("A1"), f.get("A2"), f.get("A3")),
    )
    .unwrap();
    let entry = dir.path().join("entry.json");
    std::fs::write(
        &entry,
        serde_json::json!({"chainId": "0x7a69", "chainName": "Anvil", "nativeCurrency": {"name": "Ether", "symbol": "ETH", "decimals": 18}, "rpcUrls": [url]}).to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("rpccheck.toml"),
        format!(
            "[[chain]]\nrpc = \"{url}\"\nexpect_chain_id = 31337\n\n[[allowlist]]\nrpc = \"{url}\"\ncontract = \"{}\"\naddress = \"{}\"\ncall = \"mint(uint256) 1\"\nexpect = \"denied\"\n",
            f.get("OPAQUE"),
            f.get("A2")
        ),
    )
    .unwrap();

    let mint = ["--call", "mint(uint256)", "1"];
    let mut runs: Vec<Vec<String>> = vec![
        vec!["chain".into()],
        vec![
            "network".into(),
            entry.to_str().unwrap().into(),
            "--origin".into(),
            "https://app.example".into(),
        ],
    ];
    for (c, a) in [
        ("ROLE_GATED", "A2"),
        ("ROLE_GATED", "A1"),
        ("OWNABLE", "A1"),
        ("LEGACY_OWNABLE", "A1"),
        ("PAUSABLE", "A1"),
        ("MAPPING", "A2"),
        ("CUSTOM_ERROR", "A2"),
        ("OPAQUE", "A2"),
        ("PROXY", "A2"),
        ("CLONE", "A2"),
    ] {
        let mut r = vec!["allowlist".to_owned(), f.get(c), f.get(a)];
        r.extend(mint.iter().map(|s| s.to_string()));
        runs.push(r);
    }
    runs.push(vec!["allowlist".into(), f.get("GETTER"), f.get("A2")]);
    runs.push(vec![
        "allowlist".into(),
        f.get("PRICED"),
        f.get("POOR"),
        "--call".into(),
        "mint(uint256)".into(),
        "1".into(),
        "--value".into(),
        "0.05ether".into(),
    ]);
    runs.push(vec![
        "allowlist".into(),
        f.get("MERKLE"),
        f.get("A3"),
        "--call".into(),
        "mint(uint256,bytes32[])".into(),
        "1".into(),
        "@proof".into(),
        "--merkle-tree".into(),
        tree.into(),
    ]);
    runs.push(vec![
        "allowlist".into(),
        f.get("OPAQUE"),
        "--addresses".into(),
        list.to_str().unwrap().into(),
        "--call".into(),
        "mint(uint256)".into(),
        "1".into(),
    ]);
    for args in &runs {
        let mut all: Vec<&str> = vec!["-r", url.as_str(), "--json"];
        all.extend(args.iter().map(String::as_str));
        let run = rpccheck(&all);
        assert!(matches!(run.code, 0 | 1 | 4), "{args:?}: {run:?}");
    }
    let run = rpccheck_in(&["doctor"], dir.path(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let explain = rpccheck(&["-r", url.as_str(), "explain", "0xe2517d3f"]);
    assert_eq!(explain.code, 0);

    let seen = seen.lock().unwrap().clone();
    for m in &seen {
        assert!(ALLOWED_METHODS.contains(&m.as_str()), "rpccheck sent {m}");
        for bad in [
            "eth_send",
            "eth_sign",
            "personal_",
            "anvil_",
            "hardhat_",
            "evm_",
        ] {
            assert!(!m.starts_with(bad), "rpccheck sent {m}");
        }
    }
    for needed in [
        "eth_call",
        "debug_traceCall",
        "eth_getStorageAt",
        "eth_getCode",
        "eth_getLogs",
        "eth_chainId",
    ] {
        assert!(
            seen.contains(needed),
            "the commands above should use {needed}; saw {seen:?}"
        );
    }
}
