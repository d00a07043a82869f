//! `rpccheck allowlist` against every fixture on a real Anvil: an allowed and
//! a denied address each, the reason kinds with their fields, the exit codes,
//! the JSON shape, the slot found for the opaque gate and its counterfactual.

mod common;

use alloy::primitives::{Address, B256, U256, keccak256};
use common::{Fixtures, Run, fields, rpccheck};
use rpccheck::allowlist::proxy::ProxyKind;
use rpccheck::allowlist::report::{AllowlistReport, BatchReport, ReasonKind, Verdict};

fn report(run: &Run) -> AllowlistReport {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "not an allowlist report ({e}):\n{}\nstderr: {}",
            run.stdout, run.stderr
        )
    })
}

fn kinds(r: &AllowlistReport) -> Vec<ReasonKind> {
    r.reasons.iter().map(|r| r.kind()).collect()
}

fn evidence(r: &AllowlistReport, source: &str) -> String {
    r.evidence
        .iter()
        .filter(|e| e.source == source)
        .map(|e| e.detail.clone())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// `keccak256(abi.encode(key, slot))`.
fn mapping_slot(key: B256, slot: B256) -> B256 {
    let mut buf = [0u8; 64];
    buf[..32].copy_from_slice(key.as_slice());
    buf[32..].copy_from_slice(slot.as_slice());
    keccak256(buf)
}

fn addr_word(a: &str) -> B256 {
    let a: Address = a.parse().unwrap();
    B256::left_padding_from(a.as_slice())
}

fn word(n: u64) -> B256 {
    B256::from(U256::from(n))
}

const MINT: [&str; 3] = ["--call", "mint(uint256)", "1"];

fn check(f: &Fixtures, contract: &str, who: &str, extra: &[&str]) -> (Run, AllowlistReport) {
    let c = f.get(contract);
    let w = f.get(who);
    let mut args = vec![c.as_str(), w.as_str()];
    args.extend_from_slice(extra);
    let run = f.allowlist(&args);
    let r = report(&run);
    (run, r)
}

#[test]
fn role_gated_mint_and_its_proxy() {
    let f = Fixtures::deploy();
    let (run, r) = check(&f, "ROLE_GATED", "A1", &MINT);
    assert_eq!((run.code, r.verdict), (0, Verdict::Allowed), "{run:?}");
    assert!(r.reasons.is_empty());
    assert!(r.simulation.as_ref().unwrap().success);

    let (run, r) = check(&f, "ROLE_GATED", "A2", &MINT);
    assert_eq!((run.code, r.verdict), (1, Verdict::Denied), "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::MissingRole]);
    let reason = &r.reasons[0];
    assert_eq!(
        fields(&reason)["role"],
        keccak256("MINTER_ROLE").to_string()
    );
    assert_eq!(fields(&reason)["role_name"], "MINTER_ROLE");
    let revert = r.simulation.as_ref().unwrap().revert.as_ref().unwrap();
    assert_eq!(revert.selector.as_deref(), Some("0xe2517d3f"));
    assert_eq!(
        revert.name.as_deref(),
        Some("AccessControlUnauthorizedAccount")
    );
    assert_eq!(revert.args[0], f.get("A2"));
    assert!(evidence(&r, "simulation").contains("AccessControlUnauthorizedAccount"));
    assert!(
        evidence(&r, "trace").contains("nested under key MINTER_ROLE"),
        "{}",
        evidence(&r, "trace")
    );
    assert!(
        evidence(&r, "counterfactual").contains("succeeds"),
        "{}",
        evidence(&r, "counterfactual")
    );
    assert_eq!(r.chain_id, 31337);
    assert!(r.proxy.is_none());

    // The same gate behind an ERC-1967 proxy.
    let (run, r) = check(&f, "PROXY", "A2", &MINT);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::MissingRole]);
    let p = r.proxy.as_ref().expect("proxy detected");
    assert_eq!(p.kind, ProxyKind::Eip1967);
    assert_eq!(p.implementation.to_checksum(None), f.get("PROXY_IMPL"));
    let (run, r) = check(&f, "PROXY", "A1", &MINT);
    assert_eq!((run.code, r.verdict), (0, Verdict::Allowed), "{run:?}");
    // The JSON names the proxy kind exactly as CLI.md does.
    let (run, _) = check(&f, "PROXY", "A1", &MINT);
    assert_eq!(run.json()["proxy"]["kind"], "eip1967");
}

#[test]
fn ownable_v5_and_v4_string_and_pausable() {
    let f = Fixtures::deploy();
    for contract in ["OWNABLE", "LEGACY_OWNABLE"] {
        let (run, r) = check(&f, contract, "A0", &MINT);
        assert_eq!(
            (run.code, r.verdict),
            (0, Verdict::Allowed),
            "{contract}: {run:?}"
        );
        let (run, r) = check(&f, contract, "A1", &MINT);
        assert_eq!(run.code, 1, "{contract}: {run:?}");
        assert_eq!(kinds(&r), vec![ReasonKind::NotOwner], "{contract}");
        assert_eq!(fields(&r.reasons[0])["owner"], f.get("A0"), "{contract}");
        assert!(
            evidence(&r, "counterfactual").contains("succeeds"),
            "{contract}: {:?}",
            r.evidence
        );
    }
    let (run, r) = check(&f, "PAUSABLE", "A1", &MINT);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::Paused]);
    assert!(evidence(&r, "probe").contains("paused() = true"));
    assert!(
        evidence(&r, "counterfactual").contains("unpaused"),
        "{:?}",
        r.evidence
    );
    // The owner is denied too: the pause, not the owner, is the gate.
    let (_, r) = check(&f, "PAUSABLE", "A0", &MINT);
    assert_eq!(kinds(&r), vec![ReasonKind::Paused]);
}

#[test]
fn mapping_and_custom_error_allowlists_report_the_slot() {
    let f = Fixtures::deploy();
    for contract in ["MAPPING", "CUSTOM_ERROR", "CLONE"] {
        let (run, r) = check(&f, contract, "A1", &MINT);
        assert_eq!(
            (run.code, r.verdict),
            (0, Verdict::Allowed),
            "{contract}: {run:?}"
        );
        let (run, r) = check(&f, contract, "A2", &MINT);
        assert_eq!(run.code, 1, "{contract}: {run:?}");
        assert_eq!(kinds(&r), vec![ReasonKind::NotAllowlisted], "{contract}");
        let want = mapping_slot(addr_word(&f.get("A2")), word(2));
        assert_eq!(
            fields(&r.reasons[0])["slot"],
            want.to_string(),
            "{contract}"
        );
        assert!(
            evidence(&r, "counterfactual").contains("succeeds"),
            "{contract}"
        );
    }
    let (_, r) = check(&f, "MAPPING", "A2", &MINT);
    assert!(
        r.reasons[0].message.contains("Not whitelisted"),
        "{}",
        r.reasons[0].message
    );
    let (_, r) = check(&f, "CLONE", "A2", &MINT);
    assert_eq!(r.proxy.as_ref().map(|p| p.kind), Some(ProxyKind::Eip1167));
    // With the fixture's ABI the custom error is named from it.
    let abi = common::root().join("fixtures/artifacts/CustomErrorAllowlist.json");
    let (_, r) = check(
        &f,
        "CUSTOM_ERROR",
        "A2",
        &[
            "--call",
            "mint(uint256)",
            "1",
            "--abi",
            abi.to_str().unwrap(),
        ],
    );
    let revert = r.simulation.unwrap().revert.unwrap();
    assert_eq!(revert.name.as_deref(), Some("NotAllowlisted"));
}

#[test]
fn opaque_gate_is_explained_by_trace_and_confirmed() {
    let f = Fixtures::deploy();
    let (run, r) = check(&f, "OPAQUE", "A1", &MINT);
    assert_eq!((run.code, r.verdict), (0, Verdict::Allowed), "{run:?}");
    let (run, r) = check(&f, "OPAQUE", "A2", &MINT);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::NotAllowlisted]);
    let inner = mapping_slot(word(2), word(3));
    let want = mapping_slot(addr_word(&f.get("A2")), inner);
    assert_eq!(fields(&r.reasons[0])["slot"], want.to_string());
    assert!(
        r.reasons[0]
            .message
            .contains("mapping at slot 3 keyed by this address (nested under key 2) reads 0"),
        "{}",
        r.reasons[0].message
    );
    let revert = r.simulation.as_ref().unwrap().revert.as_ref().unwrap();
    assert_eq!(revert.raw, "0x");
    let cf = evidence(&r, "counterfactual");
    assert!(
        cf.contains(&want.to_string())
            && cf.contains("succeeds")
            && cf.contains("confirms not_allowlisted"),
        "{cf}"
    );
}

#[test]
fn getter_allowlist_without_call_and_inconclusive_hint() {
    let f = Fixtures::deploy();
    let (run, r) = check(&f, "GETTER", "A1", &[]);
    assert_eq!((run.code, r.verdict), (0, Verdict::Allowed), "{run:?}");
    assert!(r.simulation.is_none());
    let (run, r) = check(&f, "GETTER", "A2", &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::NotAllowlisted]);
    assert!(r.reasons[0].message.contains("isAllowlisted"));
    // A role gate without --call cannot be decided: exit 4 and a hint naming mint.
    let (run, r) = check(&f, "ROLE_GATED", "A2", &[]);
    assert_eq!((run.code, r.verdict), (4, Verdict::Inconclusive), "{run:?}");
    assert!(
        evidence(&r, "hint").contains("mint(uint256)"),
        "{:?}",
        r.evidence
    );
}

#[test]
fn merkle_allowlist_with_proofs_and_roots() {
    let f = Fixtures::deploy();
    let tree = common::root().join("fixtures/merkle/allowlist-tree.json");
    let tree = tree.to_str().unwrap();
    let call = [
        "--call",
        "mint(uint256,bytes32[])",
        "1",
        "@proof",
        "--merkle-tree",
        tree,
    ];
    let (run, r) = check(&f, "MERKLE", "A1", &call);
    assert_eq!((run.code, r.verdict), (0, Verdict::Allowed), "{run:?}");
    let (run, r) = check(&f, "MERKLE", "A3", &call);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::MerkleProofInvalid]);
    let root =
        std::fs::read_to_string(common::root().join("fixtures/merkle/allowlist-root.txt")).unwrap();
    assert_eq!(fields(&r.reasons[0])["root_onchain"], root.trim());
    assert_eq!(fields(&r.reasons[0])["root_file"], root.trim());
    // Without --call the tree and the on-chain root decide.
    let (run, r) = check(&f, "MERKLE", "A3", &["--merkle-tree", tree]);
    assert_eq!((run.code, r.verdict), (1, Verdict::Denied), "{run:?}");
    let (run, _) = check(&f, "MERKLE", "A0", &["--merkle-tree", tree]);
    assert_eq!(run.code, 0, "{run:?}");

    // A tree whose root is not the contract's.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        other_tree(&[&f.get("A0"), &f.get("A1"), &f.get("A3")]),
    )
    .unwrap();
    let (run, r) = check(
        &f,
        "MERKLE",
        "A3",
        &[
            "--call",
            "mint(uint256,bytes32[])",
            "1",
            "@proof",
            "--merkle-tree",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::MerkleProofInvalid]);
    assert!(
        r.reasons[0].message.contains("root differs"),
        "{}",
        r.reasons[0].message
    );
    assert_ne!(
        fields(&r.reasons[0])["root_onchain"],
        fields(&r.reasons[0])["root_file"]
    );
}

/// A standard-v1 dump of `addrs`, built like @openzeppelin/merkle-tree does.
fn other_tree(addrs: &[&str]) -> String {
    let addrs: Vec<Address> = addrs.iter().map(|a| a.parse().unwrap()).collect();
    rpccheck::allowlist::merkle::standard_dump(&addrs).to_string()
}

#[test]
fn priced_mint_judges_funds_apart_from_gating() {
    let f = Fixtures::deploy();
    let pay = ["--call", "mint(uint256)", "1", "--value", "0.05ether"];
    let (run, r) = check(&f, "PRICED", "A1", &pay);
    assert_eq!((run.code, r.verdict), (0, Verdict::Allowed), "{run:?}");
    let (run, r) = check(&f, "PRICED", "POOR", &pay);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::InsufficientFunds]);
    assert_eq!(fields(&r.reasons[0])["balance"], "0");
    let needed: U256 = fields(&r.reasons[0])["needed"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(needed > U256::from(50_000_000_000_000_000u64), "{needed}");
    assert!(
        r.simulation.as_ref().unwrap().success,
        "gating passes when funded"
    );
    // With its real balance the call itself fails for lack of funds.
    let mut real = pay.to_vec();
    real.push("--real-balance");
    let (run, r) = check(&f, "PRICED", "POOR", &real);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        kinds(&r).contains(&ReasonKind::InsufficientFunds),
        "{:?}",
        r.reasons
    );
    // Paying the wrong price: the trace compared CALLVALUE with the price,
    // and sending the price lets the call through (issue 12: wrong_payment).
    let (run, r) = check(&f, "PRICED", "A1", &MINT);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(kinds(&r), vec![ReasonKind::WrongPayment]);
    assert_eq!(fields(&r.reasons[0])["expected"], "50000000000000000");
    assert_eq!(fields(&r.reasons[0])["sent"], "0");
    assert!(r.reasons[0].message.contains("Wrong price"));
    assert!(
        fields(&r.reasons[0])["remedy"]
            .as_str()
            .is_some_and(|m| m.contains("0.05 ETH")),
        "{:?}",
        r.reasons
    );
}

#[test]
fn no_code_is_a_denial_naming_the_chain() {
    let f = Fixtures::deploy();
    let run = f.allowlist(&[
        "0x000000000000000000000000000000000000bEEF",
        &f.get("A1"),
        "--call",
        "mint(uint256)",
        "1",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let r = report(&run);
    assert_eq!(kinds(&r), vec![ReasonKind::NoCode]);
    assert_eq!(fields(&r.reasons[0])["chain_id"], 31337);
}

#[test]
fn many_addresses_from_a_file_and_stdin() {
    let f = Fixtures::deploy();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("wallets.txt");
    std::fs::write(
        &list,
        format!(
            "# wallets\n{}\n\n{}  # the denied one\n",
            f.get("A1"),
            f.get("A2").to_lowercase()
        ),
    )
    .unwrap();
    let contract = f.get("MAPPING");
    let run = f.allowlist(&[
        &contract,
        "--addresses",
        list.to_str().unwrap(),
        "--call",
        "mint(uint256)",
        "1",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let b: BatchReport = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(b.results.len(), 2);
    assert_eq!(
        (b.summary.allowed, b.summary.denied, b.summary.inconclusive),
        (1, 1, 0)
    );
    assert_eq!(b.results[1].reasons[0].kind(), ReasonKind::NotAllowlisted);

    let only_allowed = dir.path().join("ok.txt");
    std::fs::write(&only_allowed, format!("{}\n", f.get("A1"))).unwrap();
    let run = f.allowlist(&[
        &contract,
        "--addresses",
        only_allowed.to_str().unwrap(),
        "--call",
        "mint(uint256)",
        "1",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn bad_input_is_exit_2_with_one_line() {
    let f = Fixtures::deploy();
    let c = f.get("MAPPING");
    let a1 = f.get("A1");
    let wrong_checksum = a1.replace('C', "c").replacen('d', "D", 1);
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{ nope").unwrap();
    let bad_lines = dir.path().join("bad.txt");
    std::fs::write(&bad_lines, format!("{a1}\n0x1234\n")).unwrap();
    let cases: Vec<Vec<String>> = vec![
        vec![c.clone(), "0x1234".into()],
        vec![c.clone(), wrong_checksum],
        vec!["not-an-address".into(), a1.clone()],
        vec![
            c.clone(),
            a1.clone(),
            "--call".into(),
            "mint(uint256".into(),
            "1".into(),
        ],
        vec![
            c.clone(),
            a1.clone(),
            "--call".into(),
            "mint(uint256)".into(),
            "abc".into(),
        ],
        vec![
            c.clone(),
            a1.clone(),
            "--call".into(),
            "mint(uint256)".into(),
        ],
        vec![
            c.clone(),
            a1.clone(),
            "--abi".into(),
            "/nonexistent.json".into(),
        ],
        vec![
            c.clone(),
            a1.clone(),
            "--abi".into(),
            junk.to_str().unwrap().into(),
        ],
        vec![
            c.clone(),
            a1.clone(),
            "--merkle-tree".into(),
            junk.to_str().unwrap().into(),
        ],
        vec![
            c.clone(),
            a1.clone(),
            "--merkle-tree".into(),
            "/nonexistent.json".into(),
        ],
        vec![c.clone(), "--addresses".into(), "/nonexistent.txt".into()],
        vec![
            c.clone(),
            "--addresses".into(),
            bad_lines.to_str().unwrap().into(),
        ],
        vec![
            c.clone(),
            a1.clone(),
            "--call".into(),
            "mint(uint256)".into(),
            "1".into(),
            "--value".into(),
            "lots".into(),
        ],
        vec![
            c.clone(),
            a1.clone(),
            "--call".into(),
            "mint(uint256,bytes32[])".into(),
            "1".into(),
            "@proof".into(),
        ],
        vec![c.clone()],
    ];
    for args in cases {
        let mut all: Vec<&str> = vec!["-r", f.url.as_str(), "allowlist"];
        all.extend(args.iter().map(String::as_str));
        let run = rpccheck(&all);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_eq!(
            run.stderr.trim_end().lines().count(),
            1,
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}");
        all.push("--json");
        let run = rpccheck(&all);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.json()["error"]["kind"], "invalid_input", "{args:?}");
    }
    let run = rpccheck(&[
        "-r",
        f.url.as_str(),
        "allowlist",
        &c,
        "--addresses",
        bad_lines.to_str().unwrap(),
    ]);
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
}

#[test]
fn public_endpoint_without_trace_or_overrides_degrades_with_evidence() {
    let f = Fixtures::deploy();
    // Like most public RPCs: no debug_traceCall, no state overrides.
    let p = common::proxy(f.url.clone(), |req| {
        let v: serde_json::Value = serde_json::from_str(&req.body).ok()?;
        if v.is_array() {
            return Some(common::Reply::Http(
                400,
                vec![],
                b"batch requests are not supported".to_vec(),
            ));
        }
        let id = v["id"].clone();
        let method = v["method"].as_str().unwrap_or("");
        let params = v["params"].as_array().map(Vec::len).unwrap_or(0);
        let refuse = |code: i64, msg: &str| {
            Some(common::Reply::json(
                serde_json::json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": msg}}).to_string(),
            ))
        };
        match method {
            "debug_traceCall" => refuse(
                -32601,
                "the method debug_traceCall does not exist/is not available",
            ),
            "eth_call" | "eth_estimateGas" if params > 2 => {
                refuse(-32602, "too many arguments, want at most 2")
            }
            _ => None,
        }
    });
    let url = p.url();
    let check = |who: &str, engine: &str| {
        rpccheck(&[
            "-r",
            &url,
            "--engine",
            engine,
            "allowlist",
            &f.get("MAPPING"),
            &f.get(who),
            "--call",
            "mint(uint256)",
            "1",
            "--json",
        ])
    };
    // The node alone: no trace, no overrides; the verdict still stands, with evidence.
    let run = check("A2", "node");
    assert_eq!(run.code, 1, "{run:?}");
    let r = report(&run);
    assert_eq!(kinds(&r), vec![ReasonKind::NotAllowlisted]);
    assert_eq!(r.engine, rpccheck::engine::Engine::Node);
    assert!(
        evidence(&r, "trace").contains("debug_traceCall unavailable"),
        "{:?}",
        r.evidence
    );
    assert!(
        evidence(&r, "simulation").contains("state overrides unavailable"),
        "{:?}",
        r.evidence
    );
    assert_eq!(check("A1", "node").code, 0);
    // auto: the local EVM takes over what the node refuses — the funded
    // simulation, the trace that finds the slot, the counterfactual that confirms it.
    let run = check("A2", "auto");
    assert_eq!(run.code, 1, "{run:?}");
    let r = report(&run);
    assert_eq!(kinds(&r), vec![ReasonKind::NotAllowlisted]);
    assert_eq!(r.engine, rpccheck::engine::Engine::Local);
    assert!(
        fields(&r.reasons[0]).get("slot").is_some(),
        "{:?}",
        r.reasons
    );
    assert!(
        evidence(&r, "engine").contains("traced by the local EVM"),
        "{:?}",
        r.evidence
    );
    assert!(
        evidence(&r, "counterfactual").contains("succeeds"),
        "{:?}",
        r.evidence
    );
    assert_eq!(check("A1", "auto").code, 0);
}

#[test]
fn many_addresses_share_one_trace_and_read_their_own_slot() {
    let f = Fixtures::deploy();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("wallets.txt");
    std::fs::write(
        &list,
        format!("{}\n{}\n{}\n", f.get("A2"), f.get("A3"), f.get("A1")),
    )
    .unwrap();
    let run = f.allowlist(&[
        &f.get("OPAQUE"),
        "--addresses",
        list.to_str().unwrap(),
        "--call",
        "mint(uint256)",
        "1",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let b: BatchReport = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!((b.summary.allowed, b.summary.denied), (1, 2));
    let first = &b.results[0];
    assert!(evidence(first, "counterfactual").contains("succeeds"));
    let second = &b.results[1];
    let inner = mapping_slot(word(2), word(3));
    let want = mapping_slot(addr_word(&f.get("A3")), inner);
    assert_eq!(fields(&second.reasons[0])["slot"], want.to_string());
    let trace = evidence(second, "trace");
    assert!(
        trace.contains("same revert as") && trace.contains(&f.get("A2")),
        "{trace}"
    );
}

#[test]
fn pausable_lets_everyone_in_once_unpaused() {
    use alloy::network::TransactionBuilder;
    use alloy::providers::{Provider, ProviderBuilder};
    use alloy::rpc::types::TransactionRequest;
    let f = Fixtures::deploy();
    let pausable: Address = f.get("PAUSABLE").parse().unwrap();
    let owner: Address = f.get("A0").parse().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let provider = ProviderBuilder::new().connect_http(f.url.parse().unwrap());
        let tx = TransactionRequest::default()
            .with_from(owner)
            .with_to(pausable)
            .with_input(keccak256("unpause()")[..4].to_vec());
        provider
            .send_transaction(tx)
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
    });
    let (run, r) = check(&f, "PAUSABLE", "A1", &MINT);
    assert_eq!((run.code, r.verdict), (0, Verdict::Allowed), "{run:?}");
    assert!(evidence(&r, "probe").contains("paused() = false"));
}

/// A sale counted in block numbers (BlockWindowSale: a bare `revert()` outside
/// `[startBlock, endBlock]`): the trace's NUMBER against the stored bound names
/// `not_open` with the block, confirmed by running at another block number —
/// the node's block override, the local EVM's block, and through a public
/// endpoint (no trace, no overrides) the local EVM alone.
#[test]
fn a_sale_counted_in_blocks_is_not_open_until_its_block() {
    use alloy::network::TransactionBuilder;
    use alloy::providers::{Provider, ProviderBuilder};
    use alloy::rpc::types::TransactionRequest;
    use alloy::sol_types::SolValue;
    let anvil = common::anvil(&[]);
    let url = format!("http://127.0.0.1:{}", anvil.port());
    let code = artifact_code("BlockWindowSale");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let deploy = |start: u64, end: u64| -> Address {
        let mut data = code.clone();
        data.extend((U256::from(start), U256::from(end)).abi_encode_params());
        let tx = TransactionRequest::default().with_deploy_code(data);
        send_as(&rt, &provider, 0, tx)
            .contract_address
            .expect("a contract")
    };
    // An open sale; 20 blocks later, a sale 1000 blocks ahead and one whose last
    // block has passed.
    let first = deploy(1, 1_000_000);
    common::send(&url, "anvil_mine", serde_json::json!([20]));
    let now = rt.block_on(provider.get_block_number()).unwrap();
    let soon = deploy(now + 1_000, now + 2_000);
    let ended = deploy(1, now - 1);
    let buyer = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    let public = common::profile_proxy(url.clone(), common::Profile::Public);
    let endpoints = [
        (url.clone(), "node"),
        (url.clone(), "local"),
        (public.url(), "auto"),
    ];
    for (endpoint, engine) in &endpoints {
        let buy = |sale: Address| {
            let sale = sale.to_string();
            report(&rpccheck(&[
                "-r",
                endpoint,
                "allowlist",
                &sale,
                buyer,
                "--call",
                "buy(uint256)",
                "1",
                "--engine",
                engine,
                "--json",
            ]))
        };
        assert_eq!(buy(first).verdict, Verdict::Allowed, "{engine}");
        let r = buy(soon);
        assert_eq!(
            kinds(&r),
            vec![ReasonKind::NotOpen],
            "{engine}: {:?}",
            r.reasons
        );
        assert_eq!(
            fields(&r.reasons[0])["opens_at_block"],
            now + 1_000,
            "{engine}"
        );
        let remedy = r.reasons[0].remedy.as_deref().unwrap();
        assert!(
            remedy.contains(&format!("opens at block {}", now + 1_000)),
            "{remedy}"
        );
        assert!(
            evidence(&r, "counterfactual").contains(&format!(
                "with the block's number set to {} the call succeeds",
                now + 1_000
            )),
            "{engine}: {:?}",
            r.evidence
        );
        let r = buy(ended);
        assert_eq!(
            kinds(&r),
            vec![ReasonKind::NotOpen],
            "{engine}: {:?}",
            r.reasons
        );
        assert_eq!(
            fields(&r.reasons[0])["closes_at_block"],
            now - 1,
            "{engine}"
        );
        assert!(
            evidence(&r, "counterfactual").contains("(confirms not_open)"),
            "{engine}"
        );
    }
}

/// The creation code of a fixture's built artifact.
fn artifact_code(name: &str) -> Vec<u8> {
    let path = common::root().join(format!("fixtures/artifacts/{name}.json"));
    let artifact: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    hex::decode(
        artifact["bytecode"]
            .as_str()
            .unwrap()
            .trim_start_matches("0x"),
    )
    .unwrap()
}

/// Sends `tx` from Anvil's account `n` (unlocked) and waits for its receipt.
fn send_as(
    rt: &tokio::runtime::Runtime,
    provider: &impl alloy::providers::Provider,
    n: usize,
    tx: alloy::rpc::types::TransactionRequest,
) -> alloy::rpc::types::TransactionReceipt {
    use alloy::network::TransactionBuilder;
    rt.block_on(async {
        let from = provider.get_accounts().await.unwrap()[n];
        let receipt = provider
            .send_transaction(tx.with_from(from))
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(receipt.status(), "{receipt:?}");
        receipt
    })
}

/// A list where every wallet gets the same revert ("Wallet limit", WalletCapMint:
/// 3 per wallet): the first address's trace finds its counter; each other
/// address's own count is read from its own entry, so each gets its own `used`
/// and remedy.
#[test]
fn a_list_over_a_wallet_limit_gets_each_wallets_own_count() {
    use alloy::network::TransactionBuilder;
    use alloy::providers::{Provider, ProviderBuilder};
    use alloy::rpc::types::TransactionRequest;
    let anvil = common::anvil(&[]);
    let url = format!("http://127.0.0.1:{}", anvil.port());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let deploy = TransactionRequest::default().with_deploy_code(artifact_code("WalletCapMint"));
    let cap = send_as(&rt, &provider, 0, deploy).contract_address.unwrap();
    // Anvil's accounts 1, 2 and 3 mint 3, 2 and 0.
    let mint = |n: u64| {
        let mut data = keccak256("mint(uint256)")[..4].to_vec();
        data.extend(U256::from(n).to_be_bytes::<32>());
        TransactionRequest::default().with_to(cap).with_input(data)
    };
    send_as(&rt, &provider, 1, mint(3));
    send_as(&rt, &provider, 2, mint(2));
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("wallets.txt");
    let accounts = rt.block_on(provider.get_accounts()).unwrap();
    let wallets: Vec<String> = accounts[1..4].iter().map(|a| a.to_string()).collect();
    std::fs::write(&list, wallets.join("\n")).unwrap();
    let cap = cap.to_string();
    let run = rpccheck(&[
        "-r",
        &url,
        "allowlist",
        &cap,
        "--addresses",
        list.to_str().unwrap(),
        "--call",
        "mint(uint256)",
        "2",
        "--json",
    ]);
    let batch: BatchReport = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not a batch report ({e}): {run:?}"));
    let got: Vec<_> = batch
        .results
        .iter()
        .map(|r| match r.reasons.first() {
            Some(x) => (
                x.kind(),
                fields(x).get("used").cloned(),
                x.remedy.clone().map(serde_json::Value::from),
            ),
            None => (ReasonKind::Unknown, None, None),
        })
        .collect();
    assert_eq!(
        got[..2],
        [
            (
                ReasonKind::LimitReached,
                Some(3.into()),
                Some("this wallet has used its whole allowance: none left".into())
            ),
            (
                ReasonKind::LimitReached,
                Some(2.into()),
                Some("ask for at most 1 more".into())
            ),
        ],
        "{:?}",
        batch.results.iter().map(|r| &r.reasons).collect::<Vec<_>>()
    );
    assert_eq!(batch.results[2].verdict, Verdict::Allowed);
}

/// Role membership where the libraries keep it, named by the storage that
/// decided: OpenZeppelin 5.x AccessControlUpgradeable's ERC-7201 namespaced
/// mapping (behind an ERC-1967 proxy), and Solady's OwnableRoles' roles word
/// (a slot hashed from the address packed with a seed, tested against a mask),
/// whose `Unauthorized()` is the same for its owner check — told apart only by
/// the storage.
#[test]
fn namespaced_and_solady_roles_are_named_by_their_storage() {
    use alloy::network::TransactionBuilder;
    use alloy::providers::{Provider, ProviderBuilder};
    use alloy::rpc::types::TransactionRequest;
    use alloy::sol_types::SolValue;
    let anvil = common::anvil(&[]);
    let url = format!("http://127.0.0.1:{}", anvil.port());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let accounts = rt.block_on(provider.get_accounts()).unwrap();
    let (admin, minter, stranger) = (accounts[0], accounts[1], accounts[2]);
    let deploy = |name: &str, args: Vec<u8>| -> Address {
        let mut code = artifact_code(name);
        code.extend(args);
        send_as(
            &rt,
            &provider,
            0,
            TransactionRequest::default().with_deploy_code(code),
        )
        .contract_address
        .expect("a contract")
    };
    let solady = deploy("SoladyRolesMint", (admin, minter).abi_encode_params());
    let implementation = deploy("NamespacedRoleMint", Vec::new());
    let mut init = keccak256("initialize(address,address)")[..4].to_vec();
    init.extend((admin, minter).abi_encode_params());
    let proxy = deploy(
        "FixtureERC1967Proxy",
        (implementation, alloy::primitives::Bytes::from(init)).abi_encode_params(),
    );
    let check = |contract: Address, who: Address, call: &[&str]| {
        let (contract, who) = (contract.to_string(), who.to_string());
        let mut args = vec!["-r", url.as_str(), "allowlist", &contract, &who, "--call"];
        args.extend_from_slice(call);
        args.push("--json");
        report(&rpccheck(&args))
    };
    let confirmed = |r: &AllowlistReport, kind: &str| {
        evidence(r, "counterfactual").contains("succeeds: access would be granted if")
            && evidence(r, "counterfactual").contains(&format!("(confirms {kind})"))
    };
    let mint = ["mint(uint256)", "1"];

    // OpenZeppelin 5.x upgradeable: the entry under MINTER_ROLE in the namespaced
    // mapping (keccak256("openzeppelin.storage.AccessControl") - 1, aligned).
    assert_eq!(check(proxy, minter, &mint).verdict, Verdict::Allowed);
    let r = check(proxy, stranger, &mint);
    assert_eq!(kinds(&r), vec![ReasonKind::MissingRole], "{:?}", r.reasons);
    assert_eq!(fields(&r.reasons[0])["role_name"], "MINTER_ROLE");
    assert!(confirmed(&r, "missing_role"), "{:?}", r.evidence);
    assert!(
        evidence(&r, "trace").contains(
            "mapping at slot 0x02dd7bc7dec4dceedda775e58dd541e08a116c6c53815c0bd028192f7b626800"
        ),
        "{:?}",
        r.evidence
    );

    // Solady: the roles word reads 0 and was tested against _ROLE_0 (1); setting
    // that bit lets the call through. Its owner check gives the same error and is
    // not_owner.
    assert_eq!(check(solady, minter, &mint).verdict, Verdict::Allowed);
    let r = check(solady, stranger, &mint);
    assert_eq!(kinds(&r), vec![ReasonKind::MissingRole], "{:?}", r.reasons);
    let reason = &r.reasons[0];
    assert_eq!(fields(&reason)["role_name"], "_ROLE_0");
    assert_eq!(fields(&reason)["role"], format!("0x{:064x}", 1));
    assert!(confirmed(&r, "missing_role"), "{:?}", r.evidence);
    assert!(
        fields(&reason)["remedy"]
            .as_str()
            .unwrap()
            .contains(&format!("grantRoles({stranger}, 1)")),
        "{reason:?}"
    );
    let to = stranger.to_string();
    let r = check(solady, stranger, &["transferOwnership(address)", &to]);
    assert_eq!(kinds(&r), vec![ReasonKind::NotOwner], "{:?}", r.reasons);
}
