//! `rpccheck allowlist` through endpoints that are not a plain Anvil: proxies
//! written here forward to a real Anvil (deployed once for the file) and act
//! like a public RPC, Hardhat's node or Ganache in one respect each. Each test
//! case is the regression test of a defect of issue 10; `RPCCHECK_BIN=<older build>`
//! shows them failing before the fixes.

mod common;

use std::sync::{Arc, Mutex};

use common::{FaultServer, Fixtures, Reply, Run, rpccheck};
use rpccheck::allowlist::report::{AllowlistReport, BatchReport, ReasonKind, Verdict};
use serde_json::{Value, json};

/// Every case against one Anvil with the fixtures deployed, which this test
/// owns and drops (kills) when it ends: a static would outlive the test binary.
#[test]
fn issue_10_defects_through_endpoints() {
    let f = Fixtures::deploy();
    many_addresses_without_overrides_match_each_checked_alone(&f);
    the_nodes_funds_error_is_insufficient_funds(&f);
    ganache_words_for_funds_are_understood(&f);
    gas_is_estimated_without_overrides_never_zero(&f);
    calldata_goes_in_one_field_and_switches_when_asked(&f);
    many_addresses_with_proofs_estimate_gas_once_with_a_proof(&f);
    a_merkle_file_alone_never_allows(&f);
    an_endpoint_failing_part_way_keeps_the_document_whole(&f);
    an_unknown_block_is_bad_input(&f);
}

fn report(run: &Run) -> AllowlistReport {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not an allowlist report ({e}): {run:?}"))
}

fn kinds(r: &AllowlistReport) -> Vec<ReasonKind> {
    r.reasons.iter().map(|x| x.kind()).collect()
}

fn error(id: &Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// A proxy to Anvil that lets `f` answer single requests and batch items (a
/// full response object), forwarding the rest; every request item it sees is
/// recorded.
fn endpoint(
    upstream: &str,
    f: impl Fn(&Value) -> Option<Value> + Send + Sync + 'static,
) -> (FaultServer, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let up = upstream.to_owned();
    let server = common::proxy(upstream.to_owned(), move |req| {
        let v: Value = serde_json::from_str(&req.body).ok()?;
        let items = match &v {
            Value::Array(a) => a.clone(),
            one => vec![one.clone()],
        };
        log.lock().unwrap().extend(items.iter().cloned());
        let answers: Vec<Option<Value>> = items.iter().map(&f).collect();
        if answers.iter().all(Option::is_none) {
            return None;
        }
        let answers: Vec<Value> = items
            .iter()
            .zip(answers)
            .map(|(item, a)| {
                a.unwrap_or_else(|| {
                    serde_json::from_str(&common::forward(&up, &item.to_string())).unwrap()
                })
            })
            .collect();
        let body = if v.is_array() {
            Value::Array(answers)
        } else {
            answers[0].clone()
        };
        Some(Reply::json(body.to_string()))
    });
    (server, seen)
}

fn method(v: &Value) -> &str {
    v["method"].as_str().unwrap_or("")
}

fn params(v: &Value) -> usize {
    v["params"].as_array().map(Vec::len).unwrap_or(0)
}

/// Like most public RPCs: no debug_traceCall, no state overrides.
fn public(v: &Value) -> Option<Value> {
    match method(v) {
        "debug_traceCall" => Some(error(
            &v["id"],
            -32601,
            "the method debug_traceCall does not exist/is not available",
        )),
        "eth_call" | "eth_estimateGas" if params(v) > 2 => Some(error(
            &v["id"],
            -32602,
            "too many arguments, want at most 2",
        )),
        _ => None,
    }
}

fn allowlist(url: &str, args: &[&str]) -> Run {
    let mut all = vec!["-r", url, "allowlist"];
    all.extend_from_slice(args);
    all.push("--json");
    rpccheck(&all)
}

/// Defect 2: `--addresses` through an endpoint that refuses state overrides gives
/// every address exactly the verdict and reasons it gets alone.
fn many_addresses_without_overrides_match_each_checked_alone(f: &Fixtures) {
    let (p, _) = endpoint(&f.url, public);
    let url = p.url();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("wallets.txt");
    let who = [f.get("A1"), f.get("A2"), f.get("A3")];
    std::fs::write(&list, who.join("\n")).unwrap();
    let contract = f.get("MAPPING");
    let many = allowlist(
        &url,
        &[
            &contract,
            "--addresses",
            list.to_str().unwrap(),
            "--call",
            "mint(uint256)",
            "1",
        ],
    );
    let batch: BatchReport = serde_json::from_str(&many.stdout).expect("one JSON document");
    assert_eq!(batch.results.len(), 3);
    for (a, r) in who.iter().zip(&batch.results) {
        let alone = report(&allowlist(
            &url,
            &[&contract, a, "--call", "mint(uint256)", "1"],
        ));
        assert_eq!(r.verdict, alone.verdict, "{a}: {r:?}\nalone: {alone:?}");
        assert_eq!(kinds(r), kinds(&alone), "{a}");
        assert_ne!(r.verdict, Verdict::Inconclusive, "{a}: {r:?}");
    }
    assert_eq!(
        batch.summary.by_reason.get(&ReasonKind::NotAllowlisted),
        Some(&2)
    );
}

/// Defect 7: a wallet with no ether on a payable mint, through an endpoint without
/// overrides, is `insufficient_funds` (the node's own answer), not `inconclusive`.
fn the_nodes_funds_error_is_insufficient_funds(f: &Fixtures) {
    let (p, _) = endpoint(&f.url, public);
    let run = allowlist(
        &p.url(),
        &[
            &f.get("PRICED"),
            &f.get("POOR"),
            "--call",
            "mint(uint256)",
            "1",
            "--value",
            "0.05ether",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&report(&run)), vec![ReasonKind::InsufficientFunds]);
}

/// Defect 11: Ganache's words for the same refusal ("insufficient balance",
/// -32000) mean the same thing.
fn ganache_words_for_funds_are_understood(f: &Fixtures) {
    let up = f.url.clone();
    let (p, _) = endpoint(&f.url, move |v| {
        if let Some(a) = public(v) {
            return Some(a);
        }
        if method(v) != "eth_call" {
            return None;
        }
        let answer: Value = serde_json::from_str(&common::forward(&up, &v.to_string())).ok()?;
        let msg = answer["error"]["message"].as_str()?.to_ascii_lowercase();
        msg.contains("insufficient funds").then(|| {
            error(
                &v["id"],
                -32000,
                "VM Exception while processing transaction: insufficient balance",
            )
        })
    });
    let run = allowlist(
        &p.url(),
        &[
            &f.get("PRICED"),
            &f.get("POOR"),
            "--call",
            "mint(uint256)",
            "1",
            "--value",
            "0.05ether",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&report(&run)), vec![ReasonKind::InsufficientFunds]);
}

/// Defect 11: where `eth_estimateGas` refuses overrides (Hardhat, Ganache), gas is
/// estimated without them, never taken as 0: a wallet holding exactly the price
/// passes the gate but cannot pay the gas.
fn gas_is_estimated_without_overrides_never_zero(f: &Fixtures) {
    let wallet = "0x00000000000000000000000000000000000d0e05";
    // 0.05 ether: exactly the price of one.
    let set = json!({"jsonrpc": "2.0", "id": 1, "method": "anvil_setBalance",
                     "params": [wallet, "0xb1a2bc2ec50000"]});
    common::forward(&f.url, &set.to_string());
    let (p, _) = endpoint(&f.url, |v| {
        (method(v) == "eth_estimateGas" && params(v) > 2).then(|| {
            error(
                &v["id"],
                -32602,
                "Expected between 1 and 2 arguments and got 3",
            )
        })
    });
    let run = allowlist(
        &p.url(),
        &[
            &f.get("PRICED"),
            wallet,
            "--call",
            "mint(uint256)",
            "1",
            "--value",
            "0.05ether",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let r = report(&run);
    assert_eq!(kinds(&r), vec![ReasonKind::InsufficientFunds], "{r:?}");
    let funds = r
        .evidence
        .iter()
        .find(|e| e.source == "funds")
        .expect("funds evidence");
    assert!(!funds.detail.contains("gas 0 ETH"), "{funds:?}");
}

/// Defect 9: Hardhat's node refuses a call object carrying both `input` and
/// `data`; one field is sent, and a node that wants the other gets it.
fn calldata_goes_in_one_field_and_switches_when_asked(f: &Fixtures) {
    let both = |v: &Value| {
        let p = &v["params"][0];
        (p.get("input").is_some() && p.get("data").is_some())
            .then(|| error(&v["id"], -32602, "duplicate field `data`"))
    };
    let (hardhat, _) = endpoint(&f.url, both);
    let run = allowlist(
        &hardhat.url(),
        &[
            &f.get("ROLE_GATED"),
            &f.get("A2"),
            "--call",
            "mint(uint256)",
            "1",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&report(&run)), vec![ReasonKind::MissingRole]);

    // A node that reads only `input` (and says so).
    let (strict, _) = endpoint(&f.url, move |v| {
        if let Some(a) = both(v) {
            return Some(a);
        }
        (v["params"][0].get("data").is_some())
            .then(|| error(&v["id"], -32602, "unknown field `data`, expected `input`"))
    });
    let run = allowlist(
        &strict.url(),
        &[
            &f.get("ROLE_GATED"),
            &f.get("A1"),
            "--call",
            "mint(uint256)",
            "1",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
}

/// Defect 1: with `@proof`, gas is estimated once, with the address's own proof.
fn many_addresses_with_proofs_estimate_gas_once_with_a_proof(f: &Fixtures) {
    let (p, seen) = endpoint(&f.url, |_| None);
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("wallets.txt");
    std::fs::write(&list, [f.get("A0"), f.get("A1"), f.get("A2")].join("\n")).unwrap();
    let tree = common::root().join("fixtures/merkle/allowlist-tree.json");
    let run = allowlist(
        &p.url(),
        &[
            &f.get("MERKLE"),
            "--addresses",
            list.to_str().unwrap(),
            "--call",
            "mint(uint256,bytes32[])",
            "1",
            "@proof",
            "--merkle-tree",
            tree.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let estimates: Vec<Value> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|v| method(v) == "eth_estimateGas")
        .cloned()
        .collect();
    assert_eq!(estimates.len(), 1, "{estimates:?}");
    let call = &estimates[0]["params"][0];
    let data = call["data"].as_str().or(call["input"].as_str()).unwrap();
    // selector + amount + offset + length = 4 + 3 × 32 bytes; a proof adds words.
    assert!(
        data.len() > 2 + 2 * (4 + 3 * 32),
        "estimated without a proof: {data}"
    );
}

/// Defect 10: never `allowed` without the chain's word: when the call cannot be
/// simulated and the contract's root cannot be read, a valid proof in the file
/// is not enough.
fn a_merkle_file_alone_never_allows(f: &Fixtures) {
    let (p, _) = endpoint(&f.url, |v| {
        (method(v) == "eth_call")
            .then(|| error(&v["id"], -32603, "internal error: backend unavailable"))
    });
    let tree = common::root().join("fixtures/merkle/allowlist-tree.json");
    let run = allowlist(
        &p.url(),
        &[
            &f.get("MERKLE"),
            &f.get("A1"),
            "--call",
            "mint(uint256,bytes32[])",
            "1",
            "@proof",
            "--merkle-tree",
            tree.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 4, "{run:?}");
    let r = report(&run);
    assert_eq!(r.verdict, Verdict::Inconclusive);
}

/// Defect 3: the endpoint failing after the first chunk still leaves one JSON
/// document on stdout: every result already judged, their summary, and the error.
fn an_endpoint_failing_part_way_keeps_the_document_whole(f: &Fixtures) {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("wallets.txt");
    let addrs: Vec<String> = (1..=2001u32)
        .map(|i| format!("0x{:040x}", 0xabc0_0000u64 + i as u64))
        .collect();
    std::fs::write(&list, addrs.join("\n")).unwrap();
    let last = addrs[2000].trim_start_matches("0x").to_owned();
    let p = common::proxy(f.url.clone(), move |req| {
        req.body
            .to_ascii_lowercase()
            .contains(&last)
            .then(|| Reply::Http(403, vec![], b"forbidden".to_vec()))
    });
    let run = allowlist(
        &p.url(),
        &[
            &f.get("MAPPING"),
            "--addresses",
            list.to_str().unwrap(),
            "--call",
            "mint(uint256)",
            "1",
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    let doc: BatchReport = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e})"));
    assert_eq!(doc.results.len(), 2000);
    assert_eq!(doc.summary.denied, 2000);
    assert_eq!(doc.error.as_ref().unwrap()["kind"], "unauthorized");
}

/// Defect 5: a block the node does not have is bad input, never block 0.
fn an_unknown_block_is_bad_input(f: &Fixtures) {
    let run = rpccheck(&[
        "-r",
        &f.url,
        "--block",
        "999999",
        "allowlist",
        &f.get("ROLE_GATED"),
        &f.get("A1"),
        "--call",
        "mint(uint256)",
        "1",
        "--json",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "invalid_input");
}
