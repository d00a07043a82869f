//! Every allowlist fixture, allowed and denied, checked on a real Anvil
//! directly and through the endpoint profiles people actually have (a public
//! RPC, a hosted provider, an endpoint without batches): the same verdict, the
//! same reason kinds, the same slot and the same confirming counterfactual
//! everywhere, one address at a time and as a list, with `engine` saying who ran
//! it. The reference is the node alone (`--engine node`) on plain Anvil.

mod common;

use common::{Fixtures, Profile, Run, fields, profile_proxy, rpccheck};
use rpccheck::allowlist::report::{AllowlistReport, BatchReport, Verdict};
use rpccheck::engine::Engine;

/// A fixture row: key of the contract, the call, and who is allowed / denied.
struct Row {
    contract: &'static str,
    call: &'static [&'static str],
    allowed: &'static str,
    denied: &'static str,
}

const MINT: &[&str] = &["--call", "mint(uint256)", "1"];

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for c in [
        "ROLE_GATED",
        "MAPPING",
        "CUSTOM_ERROR",
        "OPAQUE",
        "PROXY",
        "CLONE",
    ] {
        rows.push(Row {
            contract: c,
            call: MINT,
            allowed: "A1",
            denied: "A2",
        });
    }
    for c in ["OWNABLE", "LEGACY_OWNABLE"] {
        rows.push(Row {
            contract: c,
            call: MINT,
            allowed: "A0",
            denied: "A2",
        });
    }
    rows.push(Row {
        contract: "GETTER",
        call: &["--call", "claim()"],
        allowed: "A1",
        denied: "A2",
    });
    rows.push(Row {
        contract: "PRICED",
        call: &["--call", "mint(uint256)", "1", "--value", "0.05ether"],
        allowed: "A1",
        denied: "POOR",
    });
    rows
}

fn report(run: &Run) -> AllowlistReport {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not an allowlist report ({e}): {run:?}"))
}

/// What must be the same wherever the check runs.
#[derive(Debug, PartialEq)]
struct Gist {
    verdict: Verdict,
    kinds: Vec<String>,
    slots: Vec<String>,
    confirmed: Vec<String>,
}

fn gist(r: &AllowlistReport) -> Gist {
    Gist {
        verdict: r.verdict,
        kinds: r
            .reasons
            .iter()
            .map(|x| x.kind().as_str().to_owned())
            .collect(),
        slots: r
            .reasons
            .iter()
            .filter_map(|x| fields(x).get("slot").map(|s| s.to_string()))
            .collect(),
        confirmed: r
            .evidence
            .iter()
            .filter(|e| e.source == "counterfactual" && e.detail.contains("succeeds"))
            .map(|e| e.detail.clone())
            .collect(),
    }
}

fn check(url: &str, engine: &str, f: &Fixtures, row: &Row, who: &str, verbose: bool) -> Run {
    let contract = f.get(row.contract);
    let who = f.get(who);
    let mut args = vec!["-r", url, "--engine", engine];
    if verbose {
        args.push("-v");
    }
    args.extend(["allowlist", contract.as_str(), who.as_str()]);
    args.extend_from_slice(row.call);
    args.push("--json");
    rpccheck(&args)
}

/// `rpc: N requests in M round trips`, from `-v`.
fn request_count(run: &Run) -> (u64, u64) {
    let line = run
        .stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("rpc: ") && l.contains("round trip"))
        .unwrap_or_else(|| panic!("no request count: {}", run.stderr));
    let nums: Vec<u64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

#[test]
fn every_fixture_gets_the_same_answer_through_every_endpoint() {
    let f = Fixtures::deploy();
    let profiles = [
        ("public", profile_proxy(f.url.clone(), Profile::Public)),
        ("provider", profile_proxy(f.url.clone(), Profile::Provider)),
        ("nobatch", profile_proxy(f.url.clone(), Profile::NoBatch)),
    ];
    let mut worst_public = (0, 0, "");
    for row in rows() {
        for (who, want_verdict) in [
            (row.allowed, Verdict::Allowed),
            (row.denied, Verdict::Denied),
        ] {
            let reference = report(&check(&f.url, "node", &f, &row, who, false));
            let label = format!("{} {who}", row.contract);
            assert_eq!(reference.verdict, want_verdict, "{label}: {reference:?}");
            let want = gist(&reference);
            let traced = reference.evidence.iter().any(|e| e.source == "trace");
            if want_verdict == Verdict::Denied && row.contract != "PRICED" {
                assert!(traced, "{label}: the reference traces the revert");
                assert!(
                    !want.confirmed.is_empty(),
                    "{label}: a confirmed counterfactual"
                );
            }
            // auto on plain Anvil: the node serves everything.
            let direct = report(&check(&f.url, "auto", &f, &row, who, false));
            assert_eq!(gist(&direct), want, "{label} direct");
            assert_eq!(direct.engine, Engine::Node, "{label} direct");
            for (name, proxy) in &profiles {
                let run = check(&proxy.url(), "auto", &f, &row, who, *name == "public");
                let r = report(&run);
                assert_eq!(gist(&r), want, "{label} through {name}: {:?}", r.evidence);
                let engine = match *name {
                    // No overrides: every funded simulation runs locally.
                    "public" => Engine::Local,
                    // No debug_traceCall: a revert is traced locally.
                    "provider" if traced => Engine::Local,
                    _ => Engine::Node,
                };
                assert_eq!(r.engine, engine, "{label} through {name}");
                if *name == "public" {
                    // The issue's target: at most 30 JSON-RPC requests (each
                    // request of a batch counted), cold, through `public`.
                    let (requests, trips) = request_count(&run);
                    if requests > worst_public.0 {
                        worst_public = (requests, trips, row.contract);
                    }
                    assert!(
                        requests <= 30,
                        "{label}: {requests} requests in {trips} round trips through public"
                    );
                }
            }
        }
        // The same addresses as a list: each gets exactly what it gets alone.
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("wallets.txt");
        std::fs::write(
            &list,
            format!("{}\n{}\n", f.get(row.allowed), f.get(row.denied)),
        )
        .unwrap();
        let contract = f.get(row.contract);
        for url in std::iter::once(f.url.clone()).chain(profiles.iter().map(|(_, p)| p.url())) {
            let mut args = vec![
                "-r",
                url.as_str(),
                "allowlist",
                contract.as_str(),
                "--addresses",
                list.to_str().unwrap(),
            ];
            args.extend_from_slice(row.call);
            args.push("--json");
            let run = rpccheck(&args);
            let batch: BatchReport = serde_json::from_str(&run.stdout)
                .unwrap_or_else(|e| panic!("{} list through {url}: {e}: {run:?}", row.contract));
            for (r, who) in batch.results.iter().zip([row.allowed, row.denied]) {
                let alone = report(&check(&url, "auto", &f, &row, who, false));
                assert_eq!(
                    (r.verdict, gist(r).kinds, gist(r).slots),
                    (alone.verdict, gist(&alone).kinds, gist(&alone).slots),
                    "{} {who} in a list through {url}",
                    row.contract
                );
            }
        }
    }
    eprintln!(
        "worst cold single check through public: {} requests in {} round trips ({})",
        worst_public.0, worst_public.1, worst_public.2
    );
}

/// The node is the referee: where the local EVM and the node disagree on the
/// plain call (here a node that answers every plain `eth_call` to the contract
/// with success, as a chain with its own execution would), the node's answer
/// stands, the evidence says the local EVM disagreed, and no local trace or
/// counterfactual is used for that contract.
#[test]
fn the_node_referees_the_local_evm() {
    let f = Fixtures::deploy();
    let contract = f.get("MAPPING").to_ascii_lowercase();
    let anvil = f.url.clone();
    // A public RPC (no trace, no overrides, batches of 10) whose node answers
    // every plain eth_call to the contract with success.
    let answer = move |item: &serde_json::Value| -> serde_json::Value {
        if let Some(refused) = Profile::Public.refusal(item) {
            return refused;
        }
        let plain_call = item["method"] == "eth_call"
            && item["params"].as_array().map_or(0, Vec::len) == 2
            && item["params"][0]["to"]
                .as_str()
                .map(str::to_ascii_lowercase)
                == Some(contract.clone());
        if plain_call {
            serde_json::json!({"jsonrpc": "2.0", "id": item["id"], "result": "0x"})
        } else {
            serde_json::from_str(&common::forward(&anvil, &item.to_string())).unwrap()
        }
    };
    let public = common::proxy(f.url.clone(), move |req| {
        let v: serde_json::Value = serde_json::from_str(&req.body).ok()?;
        let out = match &v {
            serde_json::Value::Array(items) if items.len() > 10 => serde_json::json!(
                {"jsonrpc": "2.0", "id": null, "error": {"code": -32600, "message": "batch too large"}}
            ),
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(&answer).collect())
            }
            one => answer(one),
        };
        Some(common::Reply::json(out.to_string()))
    });
    let row = Row {
        contract: "MAPPING",
        call: MINT,
        allowed: "A1",
        denied: "A2",
    };
    let r = report(&check(&public.url(), "auto", &f, &row, "A2", false));
    // The node says the call passes; its word stands.
    assert_eq!(r.verdict, Verdict::Allowed, "{:?}", r.evidence);
    assert_eq!(r.engine, Engine::Node);
    let engine_notes: Vec<&str> = r
        .evidence
        .iter()
        .filter(|e| e.source == "engine")
        .map(|e| e.detail.as_str())
        .collect();
    assert!(
        engine_notes
            .iter()
            .any(|n| n.contains("disagreed with the node")),
        "{engine_notes:?}"
    );
    assert!(
        !r.evidence
            .iter()
            .any(|e| e.source == "counterfactual" || e.detail.contains("local EVM over")),
        "{:?}",
        r.evidence
    );
    // The honest node through the same profile: the local EVM is trusted and used.
    let honest = profile_proxy(f.url.clone(), Profile::Public);
    let r = report(&check(&honest.url(), "auto", &f, &row, "A2", false));
    assert_eq!(r.verdict, Verdict::Denied);
    assert_eq!(r.engine, Engine::Local);
}

/// What the gate compared is read from the trace the same way whoever ran it:
/// the node's `debug_traceCall` and the local EVM give the same comparisons.
#[test]
fn node_and_local_traces_give_the_same_comparisons() {
    let f = Fixtures::deploy();
    let row = Row {
        contract: "PRICED",
        call: MINT,
        allowed: "A1",
        denied: "A2",
    };
    let compared = |engine: &str| -> String {
        let r = report(&check(&f.url, engine, &f, &row, "A2", false));
        assert_eq!(r.verdict, Verdict::Denied, "{engine}: {:?}", r.evidence);
        r.evidence
            .iter()
            .find(|e| e.source == "trace" && e.detail.starts_with("compared last"))
            .map(|e| e.detail.clone())
            .unwrap_or_else(|| panic!("{engine}: no comparison in {:?}", r.evidence))
    };
    let node = compared("node");
    // `require(msg.value == PRICE * n)`: the value sent against the price times the quantity.
    assert!(node.contains("CALLVALUE"), "{node}");
    assert!(node.contains("calldata[4]"), "{node}");
    assert_eq!(compared("local"), node);

    // The gas an empty wallet would need, estimated by the node and by the
    // local EVM's own search: the same figure in the same reason.
    let needs = |engine: &str| -> Vec<String> {
        let contract = f.get("PRICED");
        let run = rpccheck(&[
            "--engine",
            engine,
            "allowlist",
            contract.as_str(),
            "0x000000000000000000000000000000000000dEaD",
            "-r",
            &f.url,
            "--call",
            "mint(uint256)",
            "1",
            "--value",
            "0.05ether",
            "--json",
        ]);
        let r = report(&run);
        assert_eq!(r.verdict, Verdict::Denied, "{engine}: {:?}", r.evidence);
        r.reasons.iter().map(|x| x.message.clone()).collect()
    };
    let node = needs("node");
    assert!(
        node.iter().any(|m| m.contains("value plus gas")),
        "{node:?}"
    );
    assert_eq!(needs("local"), node);
}

/// Where the endpoint serves `eth_getProof`, the local EVM reads an account and
/// its slots in one proof; where it does not, one standard request each — the
/// same answers either way. A long list's own slots, read by proofs through an
/// endpoint of batches of 10, match those read one by one on Anvil directly.
#[test]
fn state_is_read_by_proofs_where_served_and_one_request_each_where_not() {
    let f = Fixtures::deploy();
    let public = profile_proxy(f.url.clone(), Profile::Public);
    let no_proof = profile_proxy(f.url.clone(), Profile::PublicNoProof);
    // `→` lines asking eth_getProof, besides the feature probe's.
    let proofs_sent = |run: &Run| {
        run.stderr
            .lines()
            .filter(|l| l.starts_with("rpc → ") && l.contains("eth_getProof"))
            .filter(|l| !l.contains("debug_traceCall"))
            .count()
    };
    for row in rows() {
        for who in [row.allowed, row.denied] {
            let label = format!("{} {who}", row.contract);
            let by_proof = check(&public.url(), "local", &f, &row, who, true);
            let standard = check(&no_proof.url(), "local", &f, &row, who, true);
            assert_eq!(
                gist(&report(&standard)),
                gist(&report(&by_proof)),
                "{label}"
            );
            assert_eq!(report(&standard).engine, Engine::Local, "{label}");
            assert!(proofs_sent(&by_proof) > 0, "{label}: {}", by_proof.stderr);
            assert_eq!(proofs_sent(&standard), 0, "{label}: {}", standard.stderr);
        }
    }

    // 60 addresses, none allowlisted: 59 of them get their own slot read
    // (derived from the first one's trace): 6 batches of 10, so proofs.
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("wallets.txt");
    let wallets: Vec<String> = (1..=60u64)
        .map(|i| format!("0x{:040x}", 0xabc000 + i))
        .collect();
    std::fs::write(&list, wallets.join("\n")).unwrap();
    let contract = f.get("MAPPING");
    let bulk = |url: &str| {
        let run = rpccheck(&[
            "-r",
            url,
            "-v",
            "allowlist",
            contract.as_str(),
            "--addresses",
            list.to_str().unwrap(),
            "--call",
            "mint(uint256)",
            "1",
            "--json",
        ]);
        let batch: BatchReport = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("list through {url}: {e}: {run:?}"));
        (batch, run)
    };
    let (direct, _) = bulk(&f.url);
    let (through, run) = bulk(&public.url());
    assert!(proofs_sent(&run) > 0, "{}", run.stderr);
    assert_eq!(direct.results.len(), 60);
    for (d, p) in direct.results.iter().zip(&through.results) {
        assert_eq!(d.verdict, Verdict::Denied);
        assert_eq!(
            serde_json::to_value(&d.reasons).unwrap(),
            serde_json::to_value(&p.reasons).unwrap(),
            "{}",
            d.address
        );
    }
}
