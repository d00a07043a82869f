//! Where a mined transaction ran: its block (header and transactions), the
//! block's earlier transactions and the transaction itself as revm transaction
//! environments (alloy-evm's conversions of alloy's consensus types: fees,
//! access lists, EIP-7702 authorizations and blob fields carried), and the
//! local EVM set up to replay them on the parent block's state. The replay is
//! checked against the chain: the gas the earlier transactions used together,
//! and the transaction's own, against its receipt.

use alloy::eips::BlockId;
use alloy::primitives::{Address, TxKind, U64};
use alloy_evm::FromRecoveredTx;
use revm::context::TxEnv;

use super::check::request;
use super::{ReceiptFacts, TxFacts, TxInfo};
use crate::allowlist::reads::probe;
use crate::allowlist::report::Evidence;
use crate::engine::SimOutcome;
use crate::engine::local::{BlockEnv, LocalExecutor};
use crate::error::{Error, Result};
use crate::rpc::Rpc;
use crate::rpc::block::BlockSummary;

/// A mined transaction's block, ready to replay.
pub struct RanBlock {
    pub number: u64,
    pub index: usize,
    pub parent: BlockId,
    pub header: BlockSummary,
    /// The block's transactions before this one, in order.
    pub prior: Vec<TxEnv>,
    /// The transaction itself.
    pub own: TxEnv,
    /// Transactions that are not of a standard type (replayed from their
    /// generic fields: the replay may differ from the chain).
    pub inexact: usize,
    /// Gas the earlier transactions used, by the receipt
    /// (`cumulativeGasUsed - gasUsed`), and the transaction's own.
    pub receipt_prior_gas: Option<u64>,
    pub receipt_gas: Option<u64>,
}

impl RanBlock {
    /// Reads the block of `tx` with its transactions.
    pub async fn read(rpc: &Rpc, receipt: Option<&ReceiptFacts>, info: &TxInfo) -> Result<Self> {
        let number = info.block.unwrap_or_default();
        let index = info.index.unwrap_or_default() as usize;
        let block: Option<serde_json::Value> =
            request(rpc, "eth_getBlockByNumber", (U64::from(number), true)).await?;
        let block =
            block.ok_or_else(|| Error::input(format!("block {number} is not on this endpoint")))?;
        let header: BlockSummary = serde_json::from_value(block.clone())
            .map_err(|e| Error::input(format!("block {number}: unreadable header ({e})")))?;
        let txs = block["transactions"]
            .as_array()
            .ok_or_else(|| Error::input(format!("block {number}: no transaction list")))?;
        let mut inexact = 0;
        let mut env = |v: &serde_json::Value| -> Result<TxEnv> {
            let (e, exact) = tx_env(v)?;
            inexact += usize::from(!exact);
            Ok(e)
        };
        let prior = txs
            .iter()
            .take(index)
            .map(&mut env)
            .collect::<Result<_>>()?;
        let own = match txs.get(index) {
            Some(v) => env(v)?,
            None => {
                return Err(Error::input(format!(
                    "block {number} has no transaction at index {index}"
                )));
            }
        };
        Ok(Self {
            number,
            index,
            parent: BlockId::number(number.saturating_sub(1)),
            header,
            prior,
            own,
            inexact,
            receipt_prior_gas: receipt.and_then(|r| {
                r.cumulative_gas_used
                    .map(|c| c.to::<u64>().saturating_sub(r.gas_used.to()))
            }),
            receipt_gas: receipt.map(|r| r.gas_used.to()),
        })
    }

    /// The local EVM on the parent block's state, the earlier transactions to
    /// apply first, under this block's header.
    pub async fn executor<'a>(
        &self,
        rpc: &'a Rpc,
        chain_id: u64,
        codes: impl IntoIterator<Item = (Address, alloy::primitives::Bytes)>,
    ) -> LocalExecutor<'a> {
        let caps = probe(rpc, 1).await.ok();
        LocalExecutor::new(rpc, self.parent, BlockEnv::of(chain_id, &self.header))
            .with_prior(self.prior.clone())
            .with_proofs(caps.is_some_and(|c| c.get_proof))
            .with_access_lists(caps.is_some_and(|c| c.create_access_list))
            .with_codes(codes)
    }

    /// "re-executed by the local EVM on block N-1's state with the K
    /// transaction(s) before it in block N applied".
    pub fn engine_evidence(&self) -> Evidence {
        let inexact = if self.inexact > 0 {
            format!(
                " ({} of a type rpccheck does not know, replayed from their generic fields: the replay may differ from the chain)",
                self.inexact
            )
        } else {
            String::new()
        };
        Evidence::new(
            "engine",
            format!(
                "re-executed by the local EVM on block {}'s state with the {} transaction(s) before it in block {} applied as they ran{inexact}",
                self.number.saturating_sub(1),
                self.index,
                self.number
            ),
        )
    }

    /// What the replay says against the chain: the earlier transactions' gas
    /// and the transaction's own, each against the receipt.
    pub async fn replay_evidence(
        &self,
        local: &LocalExecutor<'_>,
        replay: &crate::engine::local::Ran,
    ) -> Result<Vec<Evidence>> {
        let mut out = Vec::new();
        match local.prior().await? {
            Some(Ok(p)) => {
                let replayed: u64 = p.gas_used.iter().flatten().sum();
                let dropped = p.gas_used.iter().filter(|g| g.is_none()).count();
                let line = match self.receipt_prior_gas {
                    Some(r) if r == replayed && dropped == 0 => format!(
                        "the {} earlier transaction(s) replayed used {replayed} gas together, as the receipts say",
                        self.index
                    ),
                    Some(r) => format!(
                        "the {} earlier transaction(s) replayed used {replayed} gas together, the receipts say {r}{}: the replay is not exact, and the diagnosis may differ from the chain",
                        self.index,
                        if dropped > 0 {
                            format!(" ({dropped} could not be applied)")
                        } else {
                            String::new()
                        }
                    ),
                    None => format!(
                        "the {} earlier transaction(s) replayed used {replayed} gas together (the receipt gives no cumulative gas to compare)",
                        self.index
                    ),
                };
                out.push(Evidence::new("replay", line));
            }
            Some(Err(b)) => out.push(Evidence::new(
                "bound",
                format!(
                    "the block's earlier transactions could not be replayed: {}",
                    b.describe()
                ),
            )),
            None => {}
        }
        let how = match &replay.outcome {
            SimOutcome::Success => "succeeded".to_owned(),
            SimOutcome::Reverted(_) => "reverted".to_owned(),
            SimOutcome::Halted { halt, .. } => halt.describe(),
            SimOutcome::Bounded(b) => format!("was stopped: {}", b.describe()),
            SimOutcome::Unfunded(w) | SimOutcome::Failed(w) => format!("was not run ({w})"),
        };
        let gas = match (
            replay.outcome.failed_in_evm() || matches!(replay.outcome, SimOutcome::Success),
            self.receipt_gas,
        ) {
            (true, Some(r)) if r == replay.gas_used => {
                format!(", using {r} gas as its receipt says")
            }
            (true, Some(r)) => format!(
                ", using {} gas where its receipt says {r}: the replay is not exact",
                replay.gas_used
            ),
            _ => String::new(),
        };
        out.push(Evidence::new(
            "replay",
            format!("the transaction replayed as it ran (its own gas limit, fees and access list) {how}{gas}"),
        ));
        Ok(out)
    }
}

/// A transaction of a block as revm's environment: alloy-evm's conversion of
/// the consensus transaction, or (for a type alloy does not know, such as a
/// rollup's deposit) its generic fields, marked inexact.
pub fn tx_env(v: &serde_json::Value) -> Result<(TxEnv, bool)> {
    if let Ok(t) = serde_json::from_value::<alloy::rpc::types::Transaction>(v.clone()) {
        return Ok((
            TxEnv::from_recovered_tx(t.inner.inner(), t.inner.signer()),
            true,
        ));
    }
    let f: TxFacts = serde_json::from_value(v.clone())
        .map_err(|e| Error::input(format!("a transaction of the block is unreadable ({e})")))?;
    Ok((
        TxEnv {
            caller: f.from,
            kind: f.to.map_or(TxKind::Create, TxKind::Call),
            data: f.input,
            value: f.value,
            gas_limit: f.gas.to(),
            nonce: f.nonce.to(),
            gas_price: 0,
            ..Default::default()
        },
        false,
    ))
}
