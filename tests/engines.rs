//! Every allowlist fixture, allowed and denied, checked on a real Anvil
//! directly and through the endpoint profiles people actually have (a public
//! RPC, a hosted provider, an endpoint without batches): the same verdict, the
//! same reason kinds, the same slot and the same confirming counterfactual
//! everywhere, one address at a time and as a list, with `engine` saying who ran
//! it. The reference is the node alone (`--engine node`) on plain Anvil.

mod common;

use common::{Fixtures, Profile, Run, profile_proxy, rpccheck};
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
            .map(|x| x.kind.as_str().to_owned())
            .collect(),
        slots: r
            .reasons
            .iter()
            .filter_map(|x| x.extra.get("slot").map(|s| s.to_string()))
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
                    let (requests, trips) = request_count(&run);
                    if trips > worst_public.1 {
                        worst_public = (requests, trips, row.contract);
                    }
                    assert!(
                        trips <= 30,
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
