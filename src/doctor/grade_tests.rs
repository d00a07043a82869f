//! Grading on hand-built and recorded reports.

use alloy::primitives::Address;
use serde_json::json;

use super::*;
use crate::allowlist::report::Reason;
use crate::chain::{ChainExpectations, ChainObservation, judge};
use crate::registry::Registry;
use crate::report::{Finding, FindingKind};

fn chain_report(fixture: &str, expect: u64) -> ChainReport {
    let path = format!("{}/fixtures/rpc/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let obs: ChainObservation =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let exp = ChainExpectations {
        expect_chain_id: Some(expect),
        stale_after_secs: None,
    };
    judge(&obs, &exp, Registry::builtin())
}

#[test]
fn chain_passes_on_its_id_and_fails_on_another() {
    let g = grade_chain(&chain_report("anvil-31337.json", 31337), 31337);
    assert!(g.pass, "{g:?}");
    assert_eq!(
        (g.expected.as_str(), g.found.as_str()),
        ("chain 31337", "chain 31337")
    );
    let g = grade_chain(&chain_report("anvil-31337.json", 1), 1);
    assert!(!g.pass);
    assert!(g.reason.contains("chain_id_mismatch"), "{g:?}");
    // Ethereum Classic's net_version 1 is a note, not a failure (defect 12).
    assert!(grade_chain(&chain_report("etc-net-version.json", 61), 61).pass);
}

fn network(findings: Vec<Finding>) -> NetworkReport {
    NetworkReport {
        network: json!({}),
        endpoints: Vec::new(),
        findings,
    }
}

#[test]
fn network_validity_and_required_kinds() {
    let clean = network(vec![Finding::new(FindingKind::UnknownChain, "u")]);
    let bad = network(vec![Finding::new(FindingKind::InsecureRpcUrl, "http")]);
    let valid = NetworkExpectation {
        valid: true,
        findings: vec![],
    };
    let invalid_insecure = NetworkExpectation {
        valid: false,
        findings: vec!["insecure_rpc_url".into()],
    };
    assert!(grade_network(&clean, &valid).pass);
    let g = grade_network(&bad, &valid);
    assert!(!g.pass);
    assert_eq!(g.found, "invalid: insecure_rpc_url");
    let g = grade_network(&bad, &invalid_insecure);
    assert!(g.pass, "{g:?}");
    assert_eq!(g.expected, "invalid with insecure_rpc_url");
    let missing = NetworkExpectation {
        valid: true,
        findings: vec!["lookalike_domain".into()],
    };
    assert!(!grade_network(&clean, &missing).pass);
}

fn allowlist(verdict: Verdict, reasons: Vec<ReasonKind>) -> AllowlistReport {
    AllowlistReport {
        contract: Address::ZERO,
        address: Address::ZERO,
        chain_id: 31337,
        block: 1,
        verdict,
        reasons: reasons.into_iter().map(|k| Reason::new(k, "why")).collect(),
        evidence: Vec::new(),
        proxy: None,
        engine: Default::default(),
        simulation: None,
    }
}

#[test]
fn allowlist_verdict_and_reason() {
    let denied_role = allowlist(Verdict::Denied, vec![ReasonKind::MissingRole]);
    let want = AllowlistExpectation {
        verdict: Verdict::Denied,
        reason: Some(ReasonKind::MissingRole),
    };
    let g = grade_allowlist(&denied_role, &want);
    assert!(g.pass, "{g:?}");
    assert_eq!(g.expected, "denied (missing_role)");
    assert_eq!(g.found, "denied (missing_role)");
    let want_allowed = AllowlistExpectation {
        verdict: Verdict::Allowed,
        reason: None,
    };
    let g = grade_allowlist(&denied_role, &want_allowed);
    assert!(!g.pass);
    assert_eq!(g.expected, "allowed");
    let wrong_reason = AllowlistExpectation {
        verdict: Verdict::Denied,
        reason: Some(ReasonKind::Paused),
    };
    assert!(!grade_allowlist(&denied_role, &wrong_reason).pass);
    assert_eq!(
        grade_allowlist(&allowlist(Verdict::Allowed, vec![]), &want_allowed).found,
        "allowed"
    );
}
