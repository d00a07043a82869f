//! Real clients, not only Anvil (issue 11, point 7): the allowlist fixtures deployed by
//! `anvil-scripts/deploy-fixtures.sh` on Hardhat's node (EDR) and on Ganache, each checked by
//! `rpccheck allowlist` with its allowed and denied addresses, and `rpccheck chain`. The
//! same table runs on Anvil too, as the reference the other two are held to.
//!
//! One node per client for the whole file: each test below starts its own and checks every
//! row on it (about 20 s for the file on 2 cores). Ganache has no `debug_traceCall`: the rows
//! that need a trace (slot, counterfactual, the opaque gate) are checked apart, in
//! `ganache_traces_through_the_local_engine`, where the local EVM must have run them.

mod common;

use alloy::primitives::{Address, B256, U256, keccak256};
use common::{Fixtures, Run, fields, rpccheck};
use rpccheck::allowlist::report::{AllowlistReport, BatchReport, ReasonKind, Verdict};
use rpccheck::engine::Engine;

use ReasonKind::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Client {
    Anvil,
    Hardhat,
    Ganache,
}

impl Client {
    /// Whether the node serves `debug_traceCall`, which today's rpccheck needs for the slot
    /// behind a denial and the counterfactual that confirms it (Ganache has none).
    fn traces(self) -> bool {
        self != Client::Ganache
    }
}

/// The storage slot a denial names: `mapping(address => ..)` at `slot`, or nested under
/// `outer` (`mapping(uint => mapping(address => ..))` at `slot`), keyed by the address.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Mapping(u64),
    Nested { outer: u64, slot: u64 },
}

fn word(n: u64) -> B256 {
    B256::from(U256::from(n))
}

fn mapping_slot(key: B256, slot: B256) -> B256 {
    let mut buf = [0u8; 64];
    buf[..32].copy_from_slice(key.as_slice());
    buf[32..].copy_from_slice(slot.as_slice());
    keccak256(buf)
}

impl Slot {
    fn of(self, who: &str) -> B256 {
        let a: Address = who.parse().expect("fixture address");
        let key = B256::left_padding_from(a.as_slice());
        match self {
            Slot::Mapping(s) => mapping_slot(key, word(s)),
            Slot::Nested { outer, slot } => {
                mapping_slot(key, mapping_slot(word(outer), word(slot)))
            }
        }
    }
}

/// One `rpccheck allowlist CONTRACT WHO ARGS` and what it must answer.
#[derive(Clone, Debug)]
struct Row {
    contract: &'static str,
    who: &'static str,
    args: Vec<String>,
    code: i32,
    verdict: Verdict,
    kinds: Vec<ReasonKind>,
    /// The slot the (single) reason names, from the trace.
    slot: Option<Slot>,
    /// A counterfactual evidence line that "confirms" the reason's kind.
    counterfactual: bool,
}

impl Row {
    fn name(&self) -> String {
        format!("{} {} {}", self.contract, self.who, self.args.join(" "))
    }
}

const MINT: &[&str] = &["--call", "mint(uint256)", "1"];

fn tree() -> String {
    common::root()
        .join("fixtures/merkle/allowlist-tree.json")
        .to_string_lossy()
        .into_owned()
}

fn row(contract: &'static str, who: &'static str, args: &[&str]) -> Row {
    Row {
        contract,
        who,
        args: args.iter().map(|s| s.to_string()).collect(),
        code: 0,
        verdict: Verdict::Allowed,
        kinds: vec![],
        slot: None,
        counterfactual: false,
    }
}

fn denied(contract: &'static str, who: &'static str, args: &[&str], kinds: &[ReasonKind]) -> Row {
    Row {
        code: 1,
        verdict: Verdict::Denied,
        kinds: kinds.to_vec(),
        ..row(contract, who, args)
    }
}

impl Row {
    fn slot(mut self, slot: Slot) -> Self {
        self.slot = Some(slot);
        self
    }
    fn confirmed(mut self) -> Self {
        self.counterfactual = true;
        self
    }
}

/// Every fixture, allowed and denied, with what Anvil answers (tests/allowlist.rs).
fn table() -> Vec<Row> {
    let tree = tree();
    let proof = [
        "--call",
        "mint(uint256,bytes32[])",
        "1",
        "@proof",
        "--merkle-tree",
        tree.as_str(),
    ];
    let tree_only = ["--merkle-tree", tree.as_str()];
    let pay = ["--call", "mint(uint256)", "1", "--value", "0.05ether"];
    let pay_real = [
        "--call",
        "mint(uint256)",
        "1",
        "--value",
        "0.05ether",
        "--real-balance",
    ];
    let mut rows = vec![];
    for c in ["ROLE_GATED", "PROXY"] {
        rows.push(row(c, "A1", MINT));
        rows.push(denied(c, "A2", MINT, &[MissingRole]).confirmed());
    }
    for c in ["MAPPING", "CUSTOM_ERROR", "CLONE"] {
        rows.push(row(c, "A1", MINT));
        rows.push(
            denied(c, "A2", MINT, &[NotAllowlisted])
                .slot(Slot::Mapping(2))
                .confirmed(),
        );
    }
    for c in ["OWNABLE", "LEGACY_OWNABLE"] {
        rows.push(row(c, "A0", MINT));
        rows.push(denied(c, "A2", MINT, &[NotOwner]).confirmed());
    }
    for who in ["A0", "A1"] {
        rows.push(denied("PAUSABLE", who, MINT, &[Paused]).confirmed());
    }
    rows.push(row("GETTER", "A1", &[]));
    rows.push(denied("GETTER", "A2", &[], &[NotAllowlisted]));
    rows.push(row("GETTER", "A1", &["--call", "claim()"]));
    rows.push(
        denied("GETTER", "A2", &["--call", "claim()"], &[NotAllowlisted])
            .slot(Slot::Mapping(1))
            .confirmed(),
    );
    rows.push(Row {
        code: 4,
        verdict: Verdict::Inconclusive,
        ..row("ROLE_GATED", "A2", &[])
    });
    rows.push(row("MERKLE", "A1", &proof));
    rows.push(denied("MERKLE", "A3", &proof, &[MerkleProofInvalid]));
    rows.push(row("MERKLE", "A0", &tree_only));
    rows.push(denied("MERKLE", "A3", &tree_only, &[MerkleProofInvalid]));
    rows.push(row("PRICED", "A1", &pay));
    rows.push(denied("PRICED", "POOR", &pay, &[InsufficientFunds]));
    rows.push(denied("PRICED", "POOR", &pay_real, &[InsufficientFunds]));
    // The price is named from what the call compared with CALLVALUE, and
    // sending it confirms (the local EVM traces where the node cannot).
    rows.push(denied("PRICED", "A1", MINT, &[WrongPayment]).confirmed());
    rows.push(denied("NO_CODE", "A1", MINT, &[NoCode]));
    rows.push(row("OPAQUE", "A1", MINT));
    rows.push(opaque_denied());
    rows
}

/// The opaque gate (a bare `revert()` over a nested mapping): only a trace names the slot.
fn opaque_denied() -> Row {
    denied("OPAQUE", "A2", MINT, &[NotAllowlisted])
        .slot(Slot::Nested { outer: 2, slot: 3 })
        .confirmed()
}

/// The rows a client without `debug_traceCall` answers only through the local EVM
/// (checked in `ganache_traces_through_the_local_engine`).
fn awaits_engine(client: Client, r: &Row) -> bool {
    !client.traces() && r.contract == "OPAQUE" && r.verdict == Verdict::Denied
}

/// A fixture address, or a contract-free address for `NO_CODE`.
fn address(f: &Fixtures, key: &str) -> String {
    match key {
        "NO_CODE" => "0x000000000000000000000000000000000000bEEF".to_owned(),
        k => f.get(k),
    }
}

/// The fixtures on Anvil or on a client.
fn deploy(client: Client) -> Fixtures {
    match client {
        Client::Anvil => Fixtures::deploy(),
        Client::Hardhat => Fixtures::deploy_on(common::hardhat()),
        Client::Ganache => Fixtures::deploy_on(common::ganache()),
    }
}

fn report(run: &Run, what: &str) -> AllowlistReport {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{what}: not an allowlist report ({e}):\n{}\nstderr: {}",
            run.stdout, run.stderr
        )
    })
}

fn kinds(r: &AllowlistReport) -> Vec<ReasonKind> {
    r.reasons.iter().map(|r| r.kind()).collect()
}

fn counterfactual(r: &AllowlistReport) -> String {
    r.evidence
        .iter()
        .filter(|e| e.source == "counterfactual")
        .map(|e| e.detail.clone())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn run_row(f: &Fixtures, r: &Row) -> (Run, AllowlistReport) {
    let contract = address(f, r.contract);
    let who = address(f, r.who);
    let mut args = vec![contract.as_str(), who.as_str()];
    args.extend(r.args.iter().map(String::as_str));
    let run = f.allowlist(&args);
    let rep = report(&run, &r.name());
    (run, rep)
}

/// The slot and counterfactual the row expects, as a list of failures (empty: all there).
fn trace_facts(f: &Fixtures, r: &Row, rep: &AllowlistReport) -> Vec<String> {
    let mut bad = vec![];
    if let Some(slot) = r.slot {
        let want = slot.of(&address(f, r.who)).to_string();
        let got = rep
            .reasons
            .first()
            .and_then(|x| fields(x).get("slot").cloned());
        let got = got.as_ref().and_then(|v| v.as_str());
        if got != Some(want.as_str()) {
            bad.push(format!("{}: slot {got:?}, want {want}", r.name()));
        }
    }
    if r.counterfactual {
        let cf = counterfactual(rep);
        let kind = serde_json::to_value(r.kinds[0]).unwrap_or_default();
        let want = format!("confirms {}", kind.as_str().unwrap_or_default());
        if !(cf.contains("succeeds") && cf.contains(&want)) {
            bad.push(format!(
                "{}: counterfactual {cf:?}, want {want:?}",
                r.name()
            ));
        }
    }
    bad
}

/// `--addresses` with A1 and A2 gives each the verdict and kinds it gets alone.
fn bulk(f: &Fixtures, contract: &'static str) -> BatchReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("addresses.txt");
    std::fs::write(&list, format!("{}\n{}\n", f.get("A1"), f.get("A2"))).expect("write list");
    let c = f.get(contract);
    let mut args = vec![
        c.as_str(),
        "--addresses",
        list.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(MINT);
    let run = f.allowlist(&args);
    assert_eq!(run.code, 1, "{contract} --addresses: {run:?}");
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{contract} --addresses: not a batch report ({e}): {run:?}"))
}

/// How a row's exit code, verdict or reason kinds differ from what it wants, if they do.
fn mismatch(r: &Row, run: &Run, rep: &AllowlistReport) -> Option<String> {
    let got = (run.code, rep.verdict, kinds(rep));
    (got != (r.code, r.verdict, r.kinds.clone())).then(|| {
        format!(
            "{}: exit {} {:?} {:?}, want exit {} {:?} {:?}\n{}",
            r.name(),
            got.0,
            got.1,
            got.2,
            r.code,
            r.verdict,
            r.kinds,
            run.stdout
        )
    })
}

/// Checks every row that today's rpccheck gets right on `client`.
fn check_client(client: Client, f: &Fixtures) {
    let mut failures = vec![];
    for r in table().iter().filter(|r| !awaits_engine(client, r)) {
        let (run, rep) = run_row(f, r);
        if let Some(wrong) = mismatch(r, &run, &rep) {
            failures.push(wrong);
            continue;
        }
        if client.traces() {
            failures.extend(trace_facts(f, r, &rep));
            // Both serve eth_call with overrides and debug_traceCall: the node runs it all.
            if rep.engine != Engine::Node {
                failures.push(format!("{}: engine {:?}", r.name(), rep.engine));
            }
        }
    }
    for contract in ["MAPPING", "ROLE_GATED", "OPAQUE"] {
        if contract == "OPAQUE" && !client.traces() {
            continue; // through the local EVM: see ganache_traces_through_the_local_engine
        }
        let b = bulk(f, contract);
        let got: Vec<_> = b.results.iter().map(|x| (x.verdict, kinds(x))).collect();
        let want_denied = table()
            .into_iter()
            .find(|r| r.contract == contract && r.who == "A2" && r.args == MINT)
            .map(|r| r.kinds)
            .unwrap_or_default();
        let want = vec![(Verdict::Allowed, vec![]), (Verdict::Denied, want_denied)];
        if got != want {
            failures.push(format!("{contract} --addresses: {got:?}, want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{client:?} at {}: {} row(s) differ:\n{}",
        f.url.as_str(),
        failures.len(),
        failures.join("\n")
    );
}

/// `rpccheck chain --json` names the client and the chain.
fn check_chain(url: &str, client_prefix: &str) -> serde_json::Value {
    let run = rpccheck(&["-r", url, "chain", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let j = run.json();
    assert_eq!(j["chain_id"], 31337, "{j}");
    let version = j["client_version"].as_str().unwrap_or_default();
    assert!(version.starts_with(client_prefix), "{version}");
    j
}

#[test]
fn anvil_answers_the_table() {
    let f = deploy(Client::Anvil);
    check_client(Client::Anvil, &f);
}

#[test]
fn hardhat_answers_as_anvil_does() {
    let f = deploy(Client::Hardhat);
    let j = check_chain(f.url.as_str(), "HardhatNetwork/");
    assert_eq!(j["net_version"], "31337", "{j}");
    assert_eq!(j["findings"], serde_json::json!([]), "{j}");
    check_client(Client::Hardhat, &f);
}

#[test]
fn ganache_answers_what_needs_no_trace() {
    let f = deploy(Client::Ganache);
    let j = check_chain(f.url.as_str(), "Ganache/");
    // Ganache's net_version is its own (a timestamp) unless told otherwise; rpccheck says so.
    let kinds: Vec<_> = j["findings"]
        .as_array()
        .map(|a| a.iter().map(|x| x["kind"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(kinds, vec!["net_version_differs"], "{j}");
    check_client(Client::Ganache, &f);
}

/// What Ganache cannot do itself — it has no `debug_traceCall` — the local EVM does over
/// its state: the slot, the counterfactual and the opaque gate, exactly as on Anvil.
#[test]
fn ganache_traces_through_the_local_engine() {
    let client = Client::Ganache;
    let f = deploy(client);
    let mut failures = vec![];
    for r in table()
        .iter()
        .filter(|r| r.slot.is_some() || r.counterfactual || awaits_engine(client, r))
    {
        let (run, rep) = run_row(&f, r);
        if let Some(wrong) = mismatch(r, &run, &rep) {
            failures.push(wrong);
            continue;
        }
        failures.extend(trace_facts(&f, r, &rep));
        if (r.slot.is_some() || r.counterfactual) && rep.engine != Engine::Local {
            failures.push(format!("{}: engine {:?}, want local", r.name(), rep.engine));
        }
    }
    let b = bulk(&f, "OPAQUE");
    let got: Vec<_> = b.results.iter().map(|x| (x.verdict, kinds(x))).collect();
    let want = vec![
        (Verdict::Allowed, vec![]),
        (Verdict::Denied, opaque_denied().kinds),
    ];
    if got != want {
        failures.push(format!("OPAQUE --addresses: {got:?}, want {want:?}"));
    }
    assert!(
        failures.is_empty(),
        "{} row(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
