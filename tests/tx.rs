//! `rpccheck tx HASH` against real failed transactions on a real Anvil: sent
//! with a fixed gas limit so they are mined and fail, then diagnosed where they
//! ran — through the node and through a public endpoint (no `debug_*`, no
//! overrides) alike.

mod common;

use alloy::primitives::{U256, keccak256};
use common::{Fixtures, Profile, Run, fields, profile_proxy, rpccheck, send};
use rpccheck::allowlist::report::{ReasonKind, Verdict};
use rpccheck::tx::{TxReport, TxStatus};
use serde_json::json;

/// Sends a transaction from an unlocked account with a fixed gas limit (mined
/// even when it fails) and returns its hash; `to` empty: a creation.
fn send_tx(url: &str, from: &str, to: &str, data: &str, value: u128, gas: u64) -> String {
    let mut call = json!({"from": from, "data": data, "value": format!("{value:#x}"), "gas": format!("{gas:#x}")});
    // No `to`: a contract creation.
    if !to.is_empty() {
        call["to"] = json!(to);
    }
    let r = send(url, "eth_sendTransaction", json!([call]));
    r["result"]
        .as_str()
        .unwrap_or_else(|| panic!("not sent: {r}"))
        .to_owned()
}

/// [`send_tx`], then waits for it to be mined (automine answers a moment later).
fn send_mined(url: &str, from: &str, to: &str, data: &str, value: u128, gas: u64) -> String {
    let hash = send_tx(url, from, to, data, value, gas);
    for _ in 0..200 {
        if !send(url, "eth_getTransactionReceipt", json!([hash]))["result"].is_null() {
            return hash;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{hash} was not mined");
}

fn calldata(sig: &str, words: &[U256]) -> String {
    let mut d = keccak256(sig)[..4].to_vec();
    for w in words {
        d.extend(w.to_be_bytes::<32>());
    }
    format!("0x{}", hex::encode(d))
}

fn tx(url: &str, hash: &str) -> (Run, TxReport) {
    let run = rpccheck(&["-r", url, "tx", hash, "--json"]);
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not a tx report ({e}): {run:?}"));
    (run, report)
}

fn kinds(r: &TxReport) -> Vec<ReasonKind> {
    r.report.reasons.iter().map(|x| x.kind()).collect()
}

fn evidence(r: &TxReport, source: &str) -> String {
    let e: Vec<&str> = r
        .report
        .evidence
        .iter()
        .filter(|e| e.source == source)
        .map(|e| e.detail.as_str())
        .collect();
    e.join(" | ")
}

#[test]
fn failed_transactions_on_the_fixtures_are_diagnosed_where_they_ran() {
    let f = Fixtures::deploy();
    let public = profile_proxy(f.url.clone(), Profile::Public);
    let mint1 = calldata("mint(uint256)", &[U256::from(1)]);
    let (a1, a2) = (f.get("A1"), f.get("A2"));

    // A missing role: the node and a public endpoint name the same gate.
    let denied = send_mined(&f.url, &a2, &f.get("ROLE_GATED"), &mint1, 0, 200_000);
    for url in [&f.url, &public.url()] {
        let (run, r) = tx(url, &denied);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(r.tx.status, TxStatus::Failed);
        assert_eq!(r.tx.from.to_checksum(None), a2);
        assert_eq!(
            kinds(&r),
            vec![ReasonKind::MissingRole],
            "{:?}",
            r.report.reasons
        );
        assert!(
            evidence(&r, "call").contains("mint(uint256)(1)"),
            "{:?}",
            r.report.evidence
        );
        let now = r.now.as_ref().expect("now");
        assert_eq!(now.verdict, Verdict::Denied);
        // The node's own trace, where served, agrees; a public endpoint has none.
        let node = evidence(&r, "node");
        if url == &f.url {
            assert!(node.contains("reverted with the same data"), "{node}");
        } else {
            assert!(node.contains("no debug_traceTransaction here"), "{node}");
        }
    }

    // Out of gas: the minter's own mint with 25,000 gas.
    let starved = send_mined(&f.url, &a1, &f.get("ROLE_GATED"), &mint1, 0, 25_000);
    let (run, r) = tx(&f.url, &starved);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        kinds(&r),
        vec![ReasonKind::OutOfGas],
        "{:?}",
        r.report.reasons
    );
    let oog = &r.report.reasons[0];
    assert_eq!(fields(&oog)["gas_limit"], 25_000);
    assert!(fields(&oog)["needed"].as_u64().unwrap() > 25_000, "{oog:?}");
    assert_eq!(r.now.as_ref().unwrap().verdict, Verdict::Allowed);
    assert!(
        evidence(&r, "node").contains("out of gas"),
        "{:?}",
        r.report.evidence
    );

    // Through a proxy: the failing frame is the implementation's mint.
    let proxied = send_mined(&f.url, &a2, &f.get("PROXY"), &mint1, 0, 200_000);
    let (_, r) = tx(&f.url, &proxied);
    assert_eq!(kinds(&r), vec![ReasonKind::MissingRole]);
    let frame = evidence(&r, "frame");
    assert!(
        frame.contains(&f.get("PROXY_IMPL")) && frame.contains("mint(uint256)"),
        "{frame}"
    );

    // A revert without data (OpaqueTierGate's bare revert()): the trace names it.
    let bare = send_mined(&f.url, &a2, &f.get("OPAQUE"), &mint1, 0, 200_000);
    let (_, r) = tx(&f.url, &bare);
    assert_eq!(
        kinds(&r),
        vec![ReasonKind::NotAllowlisted],
        "{:?}",
        r.report.reasons
    );
    assert!(fields(&r.report.reasons[0]).get("slot").is_some());

    // A successful one is allowed.
    let ok = send_mined(&f.url, &a1, &f.get("ROLE_GATED"), &mint1, 0, 200_000);
    let (run, r) = tx(&f.url, &ok);
    assert_eq!(
        (run.code, r.report.verdict, r.tx.status),
        (0, Verdict::Allowed, TxStatus::Success)
    );

    // An unknown hash, a malformed one: bad input.
    let unknown = format!("0x{}", "ab".repeat(32));
    let run = rpccheck(&["-r", &f.url, "tx", &unknown, "--json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.contains("invalid_input"), "{run:?}");
    let run = rpccheck(&["-r", &f.url, "tx", "0x1234"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr.trim().lines().count(), 1, "{run:?}");
}

/// Two claims by one wallet in one block: the second fails on the count the
/// first left (WalletCapMint, 3 per wallet), which the parent block's state
/// does not have. A pending transaction is a call at latest.
#[test]
fn a_transaction_mid_block_is_diagnosed_with_the_transactions_before_it() {
    let anvil = common::anvil(&[]);
    let url = format!("http://127.0.0.1:{}", anvil.port());
    let accounts = send(&url, "eth_accounts", json!([]))["result"].clone();
    let (a0, a1) = (accounts[0].as_str().unwrap(), accounts[1].as_str().unwrap());
    let artifact: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("fixtures/artifacts/WalletCapMint.json"))
            .unwrap(),
    )
    .unwrap();
    let deployed = send(
        &url,
        "eth_sendTransaction",
        json!([{"from": a0, "data": artifact["bytecode"], "gas": "0x200000"}]),
    );
    // Automine mines it a moment later.
    let receipt = (0..100)
        .map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            send(
                &url,
                "eth_getTransactionReceipt",
                json!([deployed["result"]]),
            )
        })
        .find(|r| !r["result"].is_null())
        .expect("a receipt");
    let cap = receipt["result"]["contractAddress"]
        .as_str()
        .unwrap_or_else(|| panic!("not deployed: {deployed} {receipt}"))
        .to_owned();
    let mint2 = calldata("mint(uint256)", &[U256::from(2)]);
    send(&url, "evm_setAutomine", json!([false]));
    let first = send_tx(&url, a1, &cap, &mint2, 0, 100_000);
    let second = send_tx(&url, a1, &cap, &mint2, 0, 100_000);
    // Not mined yet: pending, diagnosed as a call at latest (nothing counted yet).
    let (run, r) = tx(&url, &second);
    assert_eq!(r.tx.status, TxStatus::Pending, "{run:?}");
    assert_eq!(r.report.verdict, Verdict::Allowed);
    send(&url, "evm_mine", json!([]));
    send(&url, "evm_setAutomine", json!([true]));
    let public = profile_proxy(url.clone(), Profile::Public);
    for endpoint in [url.clone(), public.url()] {
        let (_, r) = tx(&endpoint, &first);
        assert_eq!(r.tx.status, TxStatus::Success);
        let (run, r) = tx(&endpoint, &second);
        assert_eq!(
            (run.code, r.tx.status, r.tx.index),
            (1, TxStatus::Failed, Some(1)),
            "{run:?}"
        );
        assert_eq!(
            kinds(&r),
            vec![ReasonKind::LimitReached],
            "{:?}",
            r.report.reasons
        );
        assert_eq!(
            fields(&r.report.reasons[0])["used"],
            2,
            "{:?}",
            r.report.reasons
        );
        assert!(evidence(&r, "engine").contains("1 transaction(s) before it"));
        // Replayed as they ran: the earlier claim's gas (fees charged) and the
        // failed one's own, each as the receipts say.
        let replay = evidence(&r, "replay");
        assert!(
            replay.contains("as the receipts say") && replay.contains("as its receipt says"),
            "{replay}"
        );
    }
    // A contract creation that ran out of gas is diagnosed, not refused: its
    // replay halted, and the same creation finishes with the block's gas.
    let created = send_mined(
        &url,
        a1,
        "",
        artifact["bytecode"].as_str().unwrap(),
        0,
        100_000,
    );
    for endpoint in [url.clone(), public.url()] {
        let (run, r) = tx(&endpoint, &created);
        assert_eq!(
            (run.code, r.tx.status, r.tx.to),
            (1, TxStatus::Failed, None),
            "{run:?}"
        );
        assert_eq!(kinds(&r), vec![ReasonKind::OutOfGas], "{run:?}");
        let needed = fields(&r.report.reasons[0])["needed"]
            .as_u64()
            .expect("needed");
        assert!(needed > 100_000, "{needed}");
        assert!(
            evidence(&r, "replay").contains("ran out of gas, using 100000 gas as its receipt says"),
            "{run:?}"
        );
    }
}

/// Real published contracts: a thirdweb claim before its phase opens, a Zora
/// purchase without the mint fee, a thirdweb claim whose ERC-20 payment the
/// token refuses (the failing frame is the token's).
#[test]
fn failed_transactions_on_the_real_world_corpus() {
    let f = Fixtures::real();
    let (a1, a2) = (f.get("A1"), f.get("A2"));
    let native = f.get("TW_NATIVE");
    let price: U256 = f.get("TW_PRICE_WEI").parse().unwrap();
    let claim = |who: &str, quantity: u64, currency: &str, unit: U256| {
        use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
        let f = alloy::json_abi::Function::parse(
            "function claim(address,uint256,address,uint256,(bytes32[],uint256,uint256,address),bytes)",
        )
        .unwrap();
        let addr = |a: &str| DynSolValue::Address(a.parse().unwrap());
        let data = f
            .abi_encode_input(&[
                addr(who),
                DynSolValue::Uint(U256::from(quantity), 256),
                addr(currency),
                DynSolValue::Uint(unit, 256),
                DynSolValue::Tuple(vec![
                    DynSolValue::Array(vec![]),
                    DynSolValue::Uint(U256::ZERO, 256),
                    DynSolValue::Uint(unit, 256),
                    addr(currency),
                ]),
                DynSolValue::Bytes(vec![]),
            ])
            .unwrap();
        format!("0x{}", hex::encode(data))
    };
    let soon = send_mined(
        &f.url,
        &a2,
        &f.get("TW_SOON"),
        &claim(&a2, 1, &native, price),
        price.to(),
        400_000,
    );
    let (_, r) = tx(&f.url, &soon);
    assert_eq!(
        kinds(&r),
        vec![ReasonKind::NotOpen],
        "{:?}",
        r.report.reasons
    );
    assert!(fields(&r.report.reasons[0]).get("opens_at").is_some());

    let purchase1 = calldata("purchase(uint256)", &[U256::from(1)]);
    let short = send_mined(
        &f.url,
        &a2,
        &f.get("ZORA_OPEN"),
        &purchase1,
        10_000_000_000_000_000,
        400_000,
    );
    let (_, r) = tx(&f.url, &short);
    assert_eq!(
        kinds(&r),
        vec![ReasonKind::WrongPayment],
        "{:?}",
        r.report.reasons
    );
    assert_eq!(
        fields(&r.report.reasons[0])["expected"],
        f.get("ZORA_PRICE_WEI")
    );

    let (token, unit) = (
        f.get("OZ4_TOKEN_LIVE"),
        f.get("TW_TOKEN_PRICE").parse().unwrap(),
    );
    let over = send_mined(
        &f.url,
        &a1,
        &f.get("TW_TOKEN"),
        &claim(&a1, 2, &token, unit),
        0,
        400_000,
    );
    let (_, r) = tx(&f.url, &over);
    // Over its allowance: A1 (the payer) has not approved the drop for the amount.
    assert_eq!(
        kinds(&r),
        vec![ReasonKind::NotApproved],
        "{:?}",
        r.report.reasons
    );
    assert_eq!(fields(&r.report.reasons[0])["owner"], a1);
    assert_eq!(fields(&r.report.reasons[0])["spender"], f.get("TW_TOKEN"));
    assert!(
        evidence(&r, "frame").contains(&token),
        "{:?}",
        r.report.evidence
    );
}
