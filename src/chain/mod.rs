//! `rpccheck chain`: probe one endpoint ([`gather`], async) and judge what it
//! said ([`judge`], pure). [`check`] is the whole flow for a typed [`ChainPlan`],
//! used by the `chain` command and by `doctor`'s `[[chain]]` checks alike.

pub mod gather;
pub mod judge;

use alloy::eips::BlockId;

pub use gather::{ChainObservation, Unavailable, gather_chain};
pub use judge::{
    ChainExpectations, ChainReport, DEFAULT_STALE_AFTER_SECS, dev_client, human_duration, judge,
};

use crate::error::Result;
use crate::registry::Registry;
use crate::rpc::Rpc;

/// What one `chain` check is, parsed: the block to read and the expectations.
#[derive(Debug, Clone)]
pub struct ChainPlan {
    pub block: BlockId,
    pub expect: ChainExpectations,
}

/// Probes the endpoint and judges the answer. An `Err` is the endpoint failing
/// (exit 3); a failed expectation is a finding in the report.
pub async fn check(rpc: &Rpc, plan: &ChainPlan, registry: &Registry) -> Result<ChainReport> {
    let obs = gather_chain(rpc, plan.block).await?;
    Ok(judge(&obs, &plan.expect, registry))
}
