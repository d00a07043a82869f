//! `rpccheck tx HASH`: why did this transaction fail. The transaction and its
//! receipt are read; a failed one is re-executed where it ran — its block's
//! parent state with the block's earlier transactions applied, by the local
//! EVM — and diagnosed by the `allowlist` engine for its own sender, calldata
//! and value; `now` says whether the same call would pass at `--block`.
//! [`judge`] is pure: the re-execution's report and the chain's facts in, the
//! `tx` report out.

pub mod check;
mod create;
mod replay;

use alloy::primitives::{Address, B256, Bytes, U64, U256};
use serde::{Deserialize, Serialize};

use crate::allowlist::report::{
    AllowlistReport, Evidence, Reason, ReasonFields, ReasonKind, Verdict,
};

/// A transaction as `eth_getTransactionByHash` returns it (the fields read).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TxFacts {
    pub hash: B256,
    pub from: Address,
    #[serde(default)]
    pub nonce: U64,
    #[serde(default)]
    pub to: Option<Address>,
    #[serde(default, alias = "data")]
    pub input: Bytes,
    #[serde(default)]
    pub value: U256,
    pub gas: U64,
    #[serde(default)]
    pub block_number: Option<U64>,
    #[serde(default)]
    pub transaction_index: Option<U64>,
}

/// A receipt (the fields read).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptFacts {
    #[serde(default)]
    pub status: Option<U64>,
    pub gas_used: U64,
    #[serde(default)]
    pub cumulative_gas_used: Option<U64>,
    pub block_number: U64,
    /// The created contract, for a creation.
    #[serde(default)]
    pub contract_address: Option<Address>,
}

/// `status` of CLI.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TxStatus {
    Success,
    Failed,
    Pending,
}

/// `tx` of CLI.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxInfo {
    pub hash: B256,
    pub block: Option<u64>,
    pub index: Option<u64>,
    #[serde(with = "crate::report::checksummed")]
    pub from: Address,
    #[serde(with = "crate::report::checksummed_opt")]
    pub to: Option<Address>,
    /// Wei, a decimal string.
    pub value: String,
    pub status: TxStatus,
    pub gas_used: Option<u64>,
    pub gas_limit: u64,
}

/// `now` of CLI.md: the same call at `--block`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NowInfo {
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
    /// The block it was simulated at.
    pub block: u64,
}

/// The `tx` report: the `allowlist` object plus `tx` and `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TxReport {
    #[serde(flatten)]
    pub report: AllowlistReport,
    pub tx: TxInfo,
    pub now: Option<NowInfo>,
}

/// What the re-execution said of gas: the transaction replayed as it ran
/// (its own gas limit), and what its call needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GasFacts {
    /// The transaction, replayed with its gas limit where it ran, failed.
    pub fails_with_its_limit: bool,
    /// It failed by running out of gas (the replay's halt, or the node's word).
    pub out_of_gas: bool,
    /// The least gas its call succeeds with, where found.
    pub needed: Option<u64>,
    /// The most gas a call was given here (the block's), when even that ran out.
    pub never_finishes_within: Option<u64>,
}

impl TxInfo {
    /// `tx` from the transaction and its receipt (none: pending).
    pub fn of(tx: &TxFacts, receipt: Option<&ReceiptFacts>) -> Self {
        let status = match receipt {
            None => TxStatus::Pending,
            Some(r) if r.status.is_some_and(|s| s.is_zero()) => TxStatus::Failed,
            Some(_) => TxStatus::Success,
        };
        Self {
            hash: tx.hash,
            block: receipt.map(|r| r.block_number.to()),
            index: tx.transaction_index.map(|i| i.to()),
            from: tx.from,
            to: tx.to,
            value: tx.value.to_string(),
            status,
            gas_used: receipt.map(|r| r.gas_used.to()),
            gas_limit: tx.gas.to(),
        }
    }
}

/// The verdict on a mined or pending transaction, from the re-execution's
/// report (`report`: for a failed one, at its position in its block; for a
/// pending one, at `latest`; for a successful one, the chain's word alone).
///
/// A failed transaction whose call passes when re-executed with ample gas,
/// but not with its own gas limit, ran out of gas: `out_of_gas` with
/// `gas_used`, `gas_limit` and `needed`. One that passes either way is
/// `unknown`: the chain said it failed, and its re-execution could not show
/// why.
pub fn judge(
    mut report: AllowlistReport,
    info: TxInfo,
    gas: Option<GasFacts>,
    now: Option<NowInfo>,
) -> TxReport {
    match info.status {
        TxStatus::Success => {
            report.verdict = Verdict::Allowed;
            report.reasons.clear();
            report.evidence.insert(
                0,
                Evidence::new(
                    "receipt",
                    format!(
                        "status 1: the transaction succeeded in block {}",
                        info.block.unwrap_or_default()
                    ),
                ),
            );
        }
        TxStatus::Failed => {
            report.evidence.insert(
                0,
                Evidence::new(
                    "receipt",
                    format!(
                        "status 0: the transaction failed in block {} (index {}), using {} of its {} gas",
                        info.block.unwrap_or_default(),
                        info.index.unwrap_or_default(),
                        info.gas_used.unwrap_or_default(),
                        info.gas_limit
                    ),
                ),
            );
            if gas.is_some_and(|g| g.out_of_gas) || report.verdict == Verdict::Allowed {
                out_of_gas_or_unknown(&mut report, &info, gas);
            }
        }
        TxStatus::Pending => report.evidence.insert(
            0,
            Evidence::new(
                "receipt",
                "none yet: the transaction is pending; diagnosed as a call at latest",
            ),
        ),
    }
    TxReport {
        report,
        tx: info,
        now,
    }
}

/// A failed transaction that ran out of gas (its replay halted so, or its
/// call passes with ample gas but not with its own limit): `out_of_gas` first,
/// with `needed` where the call finishes with more, and without where it does
/// not finish at all (the "unknown" of that halt is replaced). A gate that
/// would also refuse it stays beside. Else, a failure its re-execution could
/// not reproduce: unknown.
fn out_of_gas_or_unknown(report: &mut AllowlistReport, info: &TxInfo, gas: Option<GasFacts>) {
    report.verdict = Verdict::Denied;
    let Some(g) = gas.filter(|g| g.out_of_gas || g.fails_with_its_limit) else {
        report
            .reasons
            .retain(|r| r.kind() == ReasonKind::InsufficientFunds);
        report.reasons.insert(
            0,
            Reason::new(
                ReasonKind::Unknown,
                "the transaction failed on chain, but its call passes when re-executed where it ran (with its own gas limit too)",
            )
            .remedy(
                "compare the block's state with what the node reports: the replay could not reproduce the failure",
            ),
        );
        return;
    };
    report.reasons.retain(|r| r.kind() != ReasonKind::Unknown);
    let used = info.gas_used.unwrap_or_default();
    let r = Reason::of(
        ReasonFields::OutOfGas {
            gas_used: used,
            gas_limit: info.gas_limit,
            needed: g.needed,
        },
        match (g.needed, g.never_finishes_within) {
            (Some(n), _) => format!(
                "the transaction ran out of gas: it had {} and used {used}; the call needs {n}",
                info.gas_limit
            ),
            (None, Some(cap)) => format!(
                "the transaction ran out of gas: it had {} and used {used}; its call does not finish even with {cap} gas",
                info.gas_limit
            ),
            (None, None) => format!(
                "the transaction ran out of gas: it had {} and used {used}",
                info.gas_limit
            ),
        },
    );
    let remedy = match (g.needed, g.never_finishes_within) {
        (Some(n), _) => format!(
            "send it again with a gas limit of at least {n} (it had {})",
            info.gas_limit
        ),
        (None, Some(cap)) => format!(
            "no gas limit lets it through: the call does not finish within {cap} gas, the most this block allows; what it loops on must change"
        ),
        (None, None) => "send it again with a higher gas limit".to_owned(),
    };
    report.reasons.insert(0, r.remedy(remedy));
}

/// The frame a node's `callTracer` trace of a failed transaction says it
/// failed in: the outermost frame's error, and the innermost failed call on
/// the path (the last failed call of each failed frame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeFailure {
    /// The outermost frame's output (revert data), where given.
    pub output: Option<Bytes>,
    /// The outermost frame's error (`execution reverted`, `out of gas`).
    pub error: String,
    /// The innermost failed frame: its callee, input and error, when deeper
    /// than the transaction's own call.
    pub innermost: Option<(Address, Bytes, String, u64)>,
}

/// Reads a `callTracer` frame tree; `None` when the transaction did not fail.
pub fn node_failure(frame: &serde_json::Value) -> Option<NodeFailure> {
    let error = frame.get("error")?.as_str()?.to_owned();
    let bytes = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .and_then(|s| s.parse::<Bytes>().ok())
    };
    let mut at = frame;
    let mut depth = 1;
    while let Some(child) = at
        .get("calls")
        .and_then(|c| c.as_array())
        .and_then(|calls| calls.iter().rev().find(|c| c.get("error").is_some()))
    {
        at = child;
        depth += 1;
    }
    let innermost = (depth > 1).then(|| {
        (
            at.get("to")
                .and_then(|t| t.as_str())
                .and_then(|t| t.parse().ok())
                .unwrap_or_default(),
            bytes(at, "input").unwrap_or_default(),
            at.get("error")
                .and_then(|e| e.as_str())
                .unwrap_or_default()
                .to_owned(),
            depth,
        )
    });
    Some(NodeFailure {
        output: bytes(frame, "output"),
        error,
        innermost,
    })
}

#[cfg(test)]
mod tests;
