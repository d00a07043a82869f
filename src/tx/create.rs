//! `rpccheck tx` of a transaction that creates a contract. There is no
//! contract to put through the allowlist engine: a failed creation is replayed
//! where it ran (the block's earlier transactions applied, its own gas limit,
//! fees and access list) and the constructor's failure named from the replay —
//! out of gas (with `needed` where the same creation finishes with more gas),
//! its decoded revert, or the frame it started in.

use alloy::primitives::U64;

use super::check::TxPlan;
use super::replay::RanBlock;
use super::{GasFacts, ReceiptFacts, TxFacts, TxInfo, TxReport, TxStatus, judge};
use crate::allowlist::report::{
    AllowlistReport, Evidence, Reason, ReasonKind, RevertInfo, SimulationInfo, Verdict,
};
use crate::engine::local::Ran;
use crate::engine::{Engine, Halt, SimOutcome};
use crate::error::Result;
use crate::explain::ExplainKind;
use crate::rpc::Rpc;

/// Diagnoses a contract creation.
pub async fn check(
    rpc: &Rpc,
    plan: &TxPlan,
    tx: &TxFacts,
    receipt: Option<&ReceiptFacts>,
    info: TxInfo,
) -> Result<TxReport> {
    let chain_id: U64 = super::check::request(rpc, "eth_chainId", ()).await?;
    let created = receipt
        .and_then(|r| r.contract_address)
        .unwrap_or_else(|| tx.from.create(tx.nonce.to()));
    let mut report = AllowlistReport {
        contract: created,
        address: tx.from,
        chain_id: chain_id.to(),
        block: info.block.unwrap_or_default(),
        verdict: Verdict::Allowed,
        reasons: Vec::new(),
        evidence: Vec::new(),
        proxy: None,
        engine: Engine::Node,
        simulation: None,
    };
    let mut gas = None;
    match info.status {
        TxStatus::Success => {}
        TxStatus::Pending => {
            report.verdict = Verdict::Inconclusive;
            report.evidence.push(Evidence::new(
                "replay",
                "a pending contract creation is not simulated: it has no block to run in yet",
            ));
        }
        TxStatus::Failed => {
            let ran = RanBlock::read(rpc, receipt, &info).await?;
            let local = ran.executor(rpc, chain_id.to(), []).await;
            report.engine = Engine::Local;
            report.evidence.push(ran.engine_evidence());
            let replay = local.replay(ran.own.clone(), true).await?;
            report
                .evidence
                .extend(ran.replay_evidence(&local, &replay).await?);
            gas = judge_creation(&mut report, plan, &replay, &ran, &local).await?;
        }
    }
    Ok(judge(report, info, gas, None))
}

/// The creation's failure, from its replay.
async fn judge_creation(
    report: &mut AllowlistReport,
    plan: &TxPlan,
    replay: &Ran,
    ran: &RanBlock,
    local: &crate::engine::local::LocalExecutor<'_>,
) -> Result<Option<GasFacts>> {
    report.verdict = Verdict::Denied;
    if let Some(f) = replay
        .record
        .as_ref()
        .and_then(|r| r.failing_frame())
        .filter(|f| f.depth > 1)
    {
        report.evidence.push(Evidence::new(
            "frame",
            format!(
                "the revert started in a call {} deep, to {}",
                f.depth, f.code
            ),
        ));
    }
    match &replay.outcome {
        SimOutcome::Reverted(data) => {
            let e = plan.decoder.decode_revert(data);
            let (kind, message) = if data.is_empty() {
                (
                    ReasonKind::Unknown,
                    "the constructor reverted without data".to_owned(),
                )
            } else if e.kind == ExplainKind::Unknown {
                (
                    ReasonKind::Unknown,
                    format!("the constructor reverted with undecoded data {data}"),
                )
            } else {
                (
                    ReasonKind::Reverted,
                    format!("the constructor reverted: {}", e.message),
                )
            };
            report.reasons.push(Reason::new(kind, message));
            report.simulation = Some(SimulationInfo {
                call: "constructor".into(),
                from: report.address,
                success: false,
                revert: Some(RevertInfo {
                    selector: e.selector.map(|s| s.to_string()),
                    name: e.name.clone().filter(|_| e.kind != ExplainKind::Unknown),
                    args: if e.kind == ExplainKind::Unknown {
                        Vec::new()
                    } else {
                        e.args
                    },
                    raw: data.to_string(),
                }),
            });
            Ok(None)
        }
        SimOutcome::Halted {
            halt: Halt::OutOfGas,
            ..
        } => {
            // The same creation with the most gas the block gives it.
            let mut more = ran.own.clone();
            more.gas_limit = local.env().tx_gas_cap();
            let ample = local.replay(more, false).await?;
            let (needed, never) = match ample.outcome {
                SimOutcome::Success => (Some(ample.gas_used), None),
                SimOutcome::Halted {
                    halt: Halt::OutOfGas,
                    gas,
                } => (None, gas),
                _ => (None, None),
            };
            Ok(Some(GasFacts {
                fails_with_its_limit: true,
                out_of_gas: true,
                needed,
                never_finishes_within: never,
            }))
        }
        SimOutcome::Halted { halt, .. } => {
            report.reasons.push(Reason::new(
                ReasonKind::Unknown,
                format!("the constructor {}", halt.describe()),
            ));
            Ok(None)
        }
        SimOutcome::Bounded(b) => {
            report.verdict = Verdict::Inconclusive;
            report.evidence.push(Evidence::new(
                "bound",
                format!("the creation's replay was stopped: {}", b.describe()),
            ));
            Ok(None)
        }
        SimOutcome::Success => Ok(Some(GasFacts {
            fails_with_its_limit: false,
            out_of_gas: false,
            needed: None,
            never_finishes_within: None,
        })),
        SimOutcome::Unfunded(w) | SimOutcome::Failed(w) => {
            report.reasons.push(Reason::new(
                ReasonKind::Unknown,
                format!("the creation could not be replayed: {w}"),
            ));
            Ok(None)
        }
    }
}
