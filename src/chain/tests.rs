//! `chain`'s judgement on recorded observations in `fixtures/rpc/`.

use super::*;
use crate::registry::Registry;
use crate::report::{ExitStatus, FindingKind, Severity, findings_exit_code};

fn load(name: &str) -> ChainObservation {
    let path = format!("{}/fixtures/rpc/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn kinds(r: &ChainReport) -> Vec<FindingKind> {
    r.findings.iter().map(|f| f.kind).collect()
}

fn judge_default(obs: &ChainObservation) -> ChainReport {
    judge(obs, &ChainExpectations::default(), Registry::builtin())
}

#[test]
fn local_anvil_is_clean() {
    let r = judge_default(&load("anvil-31337.json"));
    assert_eq!(r.chain_id, 31337);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.syncing, Some(false));
    assert_eq!(r.eip1559, Some(true));
    assert!(r.network.is_some());
    assert_eq!(findings_exit_code(&r.findings), ExitStatus::Passed);
}

#[test]
fn anvil_with_a_public_chain_id_is_flagged() {
    let obs = load("anvil-chain-id-1.json");
    let r = judge_default(&obs);
    assert_eq!(kinds(&r), vec![FindingKind::DevNodePublicChainId]);
    assert_eq!(r.findings[0].severity, Severity::Warning);
    assert!(
        r.findings[0].message.contains("genesis block differs"),
        "{}",
        r.findings[0].message
    );
    assert_eq!(r.network.as_deref(), Some("Ethereum Mainnet"));
}

#[test]
fn expectation_mismatch_is_an_error() {
    let obs = load("anvil-31337.json");
    let exp = ChainExpectations {
        expect_chain_id: Some(1),
        ..Default::default()
    };
    let r = judge(&obs, &exp, Registry::builtin());
    assert_eq!(kinds(&r), vec![FindingKind::ChainIdMismatch]);
    assert_eq!(r.findings[0].extra["expected"], 1);
    assert_eq!(r.findings[0].extra["actual"], 31337);
    assert_eq!(findings_exit_code(&r.findings), ExitStatus::Failed);
    let exp = ChainExpectations {
        expect_chain_id: Some(31337),
        ..Default::default()
    };
    assert!(judge(&obs, &exp, Registry::builtin()).findings.is_empty());
}

#[test]
fn stale_head_on_a_public_chain() {
    let r = judge_default(&load("mainnet-stale.json"));
    assert_eq!(kinds(&r), vec![FindingKind::StaleHead]);
    assert!(r.block_age_secs.unwrap() > DEFAULT_STALE_AFTER_SECS);
    // A looser threshold silences it.
    let exp = ChainExpectations {
        stale_after_secs: Some(10_000_000),
        ..Default::default()
    };
    assert!(
        judge(&load("mainnet-stale.json"), &exp, Registry::builtin())
            .findings
            .is_empty()
    );
}

#[test]
fn syncing_node_is_reported() {
    let r = judge_default(&load("geth-syncing.json"));
    assert!(
        kinds(&r).contains(&FindingKind::Syncing),
        "{:?}",
        r.findings
    );
    assert_eq!(r.syncing, Some(true));
}

#[test]
fn net_version_disagreeing_with_chain_id_is_a_note() {
    // Ethereum Classic: chain 61, net_version "1" (defect 12: was chain_id_format, exit 1).
    let r = judge_default(&load("etc-net-version.json"));
    assert_eq!(r.chain_id, 61);
    assert_eq!(r.net_version.as_deref(), Some("1"));
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::NetVersionDiffers)
        .unwrap_or_else(|| panic!("{:?}", r.findings));
    assert_eq!(f.severity, Severity::Info);
    assert!(!kinds(&r).contains(&FindingKind::ChainIdFormat));
    assert_eq!(findings_exit_code(&r.findings), ExitStatus::Passed);
    assert_eq!(r.eip1559, Some(false));
}

#[test]
fn unknown_chain_is_info_and_missing_methods_are_tolerated() {
    let r = judge_default(&load("unknown-chain-no-batch.json"));
    assert!(
        kinds(&r).contains(&FindingKind::UnknownChain),
        "{:?}",
        r.findings
    );
    assert_eq!(r.network, None);
    assert_eq!(r.net_version, None);
    assert_eq!(findings_exit_code(&r.findings), ExitStatus::Passed);
}

#[test]
fn report_json_has_exactly_the_cli_fields() {
    let r = judge_default(&load("anvil-31337.json"));
    let v = serde_json::to_value(&r).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "block_age_secs",
            "block_number",
            "capabilities",
            "chain_id",
            "client_version",
            "eip1559",
            "findings",
            "genesis_hash",
            "latency_ms",
            "net_version",
            "network",
            "rpc",
            "syncing"
        ]
    );
    let mut caps: Vec<&str> = v["capabilities"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    caps.sort();
    assert_eq!(
        caps,
        [
            "archive",
            "batch_max",
            "create_access_list",
            "debug_trace_call",
            "get_proof",
            "state_overrides"
        ]
    );
}

#[test]
fn observations_recorded_before_capabilities_still_load() {
    let r = judge_default(&load("mainnet-stale.json"));
    assert_eq!(r.capabilities, None);
    let r = judge_default(&load("unknown-chain-no-batch.json"));
    let caps = r.capabilities.unwrap();
    assert_eq!(caps.batch_max, None);
    assert!(!caps.debug_trace_call);
}
