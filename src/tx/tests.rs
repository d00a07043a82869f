use alloy::primitives::{Address, B256};

use super::*;
use crate::allowlist::report::{AllowlistReport, Reason, ReasonKind, Verdict};

/// A reason as its JSON: the fields CLI.md names, as the output carries them.
fn fields(r: &Reason) -> serde_json::Value {
    serde_json::to_value(r).unwrap()
}
use crate::engine::Engine;

fn info(status: TxStatus) -> TxInfo {
    TxInfo {
        hash: B256::repeat_byte(1),
        block: Some(7),
        index: Some(1),
        from: Address::repeat_byte(0xa),
        to: Some(Address::repeat_byte(0xc)),
        value: "0".into(),
        status,
        gas_used: Some(30_000),
        gas_limit: 30_000,
    }
}

fn reexecuted(verdict: Verdict, reasons: Vec<Reason>) -> AllowlistReport {
    AllowlistReport {
        contract: Address::repeat_byte(0xc),
        address: Address::repeat_byte(0xa),
        chain_id: 31337,
        block: 7,
        verdict,
        reasons,
        evidence: Vec::new(),
        proxy: None,
        engine: Engine::Local,
        simulation: None,
    }
}

/// A failed transaction whose call passes with ample gas but not its own
/// limit ran out of gas, with the numbers; a gate's denial stands as the
/// engine named it; a pass either way is unknown, never allowed.
#[test]
fn a_failed_transaction_is_its_gate_out_of_gas_or_unknown() {
    let oog = judge(
        reexecuted(Verdict::Allowed, vec![]),
        info(TxStatus::Failed),
        Some(GasFacts {
            fails_with_its_limit: true,
            out_of_gas: true,
            needed: Some(51_234),
            never_finishes_within: None,
        }),
        None,
    );
    assert_eq!(oog.report.verdict, Verdict::Denied);
    let r = &oog.report.reasons[0];
    assert_eq!(r.kind(), ReasonKind::OutOfGas);
    assert_eq!(
        (
            &fields(r)["gas_used"],
            &fields(r)["gas_limit"],
            &fields(r)["needed"]
        ),
        (&30_000.into(), &30_000.into(), &51_234.into())
    );
    let gate = Reason::new(ReasonKind::MissingRole, "lacks MINTER_ROLE");
    let denied = judge(
        reexecuted(Verdict::Denied, vec![gate.clone()]),
        info(TxStatus::Failed),
        None,
        None,
    );
    assert_eq!(denied.report.reasons, vec![gate]);
    let odd = judge(
        reexecuted(Verdict::Allowed, vec![]),
        info(TxStatus::Failed),
        Some(GasFacts {
            fails_with_its_limit: false,
            out_of_gas: false,
            needed: Some(21_000),
            never_finishes_within: None,
        }),
        None,
    );
    assert_eq!(odd.report.verdict, Verdict::Denied);
    assert_eq!(odd.report.reasons[0].kind(), ReasonKind::Unknown);
}

/// A call that never finishes: its replay halted out of gas, and so did the
/// re-execution with the block's gas (an `unknown` there): `out_of_gas` without
/// `needed`, saying it does not finish, and no `unknown` left beside it.
#[test]
fn a_call_that_never_finishes_is_out_of_gas_without_needed() {
    let halted = Reason::new(ReasonKind::Unknown, "spin() ran out of gas");
    let r = judge(
        reexecuted(Verdict::Denied, vec![halted]),
        info(TxStatus::Failed),
        Some(GasFacts {
            fails_with_its_limit: true,
            out_of_gas: true,
            needed: None,
            never_finishes_within: Some(30_000_000),
        }),
        None,
    );
    assert_eq!(r.report.reasons.len(), 1, "{:?}", r.report.reasons);
    let oog = &r.report.reasons[0];
    assert_eq!(oog.kind(), ReasonKind::OutOfGas);
    assert!(fields(oog).get("needed").is_none());
    assert!(
        oog.message
            .contains("does not finish even with 30000000 gas"),
        "{}",
        oog.message
    );
}

/// Success is allowed whatever a later simulation says; the JSON has the
/// allowlist fields at the top level beside `tx` and `now`.
#[test]
fn a_successful_transaction_is_allowed_and_the_json_is_flat() {
    let later = NowInfo {
        verdict: Verdict::Denied,
        reasons: vec![Reason::new(ReasonKind::SoldOut, "sold out")],
        block: 9,
    };
    let ok = judge(
        reexecuted(Verdict::Denied, vec![Reason::new(ReasonKind::Unknown, "x")]),
        info(TxStatus::Success),
        None,
        Some(later),
    );
    assert_eq!(ok.report.verdict, Verdict::Allowed);
    assert!(ok.report.reasons.is_empty());
    let json = serde_json::to_value(&ok).unwrap();
    assert_eq!(json["verdict"], "allowed");
    assert_eq!(json["tx"]["status"], "success");
    assert_eq!(json["tx"]["gas_limit"], 30_000);
    assert_eq!(json["now"]["verdict"], "denied");
    assert_eq!(json["now"]["reasons"][0]["kind"], "sold_out");
}
