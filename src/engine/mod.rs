//! Who executes a call. Everything that *executes* one — the simulation, the
//! gas estimate, the trace of a revert, the counterfactual re-runs — goes
//! through [`Executor`], so that the analysis never asks who ran it:
//! - [`node::NodeExecutor`]: the node (`eth_call`, `eth_estimateGas`,
//!   `debug_traceCall`);
//! - [`local::LocalExecutor`]: an EVM in the process (revm) over the state of
//!   the pinned block, read from the node with standard methods only, lazily
//!   and batched, cached for the run;
//! - [`auto::AutoExecutor`]: the node where it serves, the local EVM where it
//!   refuses, with the node as referee (`--engine auto|node|local`).

pub mod auto;
pub mod local;
pub mod node;
pub mod record;

use std::future::Future;

use alloy::primitives::{Address, Bytes, U256};
use alloy::rpc::types::state::StateOverride;
use serde::{Deserialize, Serialize};

use crate::error::Result;

pub use auto::AutoExecutor;
pub use local::LocalExecutor;
pub use node::NodeExecutor;
pub use record::{Bound, ExecRecord, Halt, Limits};

/// Who executed the simulations and traces (`engine` in the JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// The node: `eth_call`, `eth_estimateGas`, `debug_traceCall`.
    #[default]
    Node,
    /// An EVM in the process over state read from the node.
    Local,
}

/// `--engine`: who may execute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EngineChoice {
    /// The node where it serves, the local EVM where it refuses.
    #[default]
    Auto,
    /// Only the node.
    Node,
    /// The local EVM (the node still referees the plain call).
    Local,
}

/// One call to execute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub from: Option<Address>,
    pub to: Address,
    pub data: Bytes,
    pub value: U256,
    /// Run as if the block's timestamp were this (a counterfactual of time:
    /// `eth_call`'s block override, or the local EVM's block environment).
    pub time: Option<u64>,
    /// Run as if the block's number were this (a counterfactual of a sale
    /// window counted in blocks).
    pub number: Option<u64>,
    /// The gas limit to run with (a mined transaction's own); `None`: as much
    /// as an `eth_call` gets.
    pub gas: Option<u64>,
}

/// How an executed call ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SimOutcome {
    Success,
    Reverted(Bytes),
    /// The executor refused the call because the sender cannot pay value plus
    /// gas (its own words kept): a denial for funds, whatever the gate says.
    Unfunded(String),
    /// The executor refused the call itself (not a revert, not funds): no verdict from it.
    Failed(String),
    /// The EVM halted the call (out of gas, an invalid opcode...): `gas` is
    /// the gas it had, where known.
    Halted {
        halt: Halt,
        gas: Option<u64>,
    },
    /// One of rpccheck's own bounds stopped the execution before it ended: no
    /// verdict from it, and the evidence names the bound.
    Bounded(Bound),
}

impl SimOutcome {
    /// Whether the call failed in the EVM (a revert or a halt).
    pub fn failed_in_evm(&self) -> bool {
        matches!(self, Self::Reverted(_) | Self::Halted { .. })
    }

    /// "ran out of gas (it does not finish within 30000000 gas)".
    pub fn describe_halt(halt: &Halt, gas: Option<u64>) -> String {
        match (halt, gas) {
            (Halt::OutOfGas, Some(g)) => {
                format!("ran out of gas (it does not finish within {g} gas)")
            }
            (h, _) => h.describe(),
        }
    }
}

/// Runs calls at one pinned block. Every method answers per call: a refusal
/// of one call is data ([`SimOutcome::Failed`], `None`, `Err(why)`), and only a
/// failure of the endpoint itself is an `Err` of the library.
pub trait Executor {
    /// Who ran the calls so far (the local EVM once it ran any).
    fn engine(&self) -> Engine;

    /// Why the local EVM was used, or why it was not trusted: one line each,
    /// for the evidence.
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }

    /// Runs each call under its state overrides; one outcome per call, in order.
    fn simulate(
        &self,
        calls: &[(Call, StateOverride)],
    ) -> impl Future<Output = Result<Vec<SimOutcome>>>;

    /// Gas the call needs, or `None` when it cannot be estimated.
    fn estimate_gas(
        &self,
        call: &Call,
        overrides: &StateOverride,
    ) -> impl Future<Output = Option<u64>>;

    /// The call's execution record, or why there is none (`Ok(Err(why))`);
    /// an `Err` is the endpoint failing, such as a node's trace that is not a
    /// valid one.
    fn trace(
        &self,
        call: &Call,
        overrides: &StateOverride,
    ) -> impl Future<Output = Result<std::result::Result<ExecRecord, String>>>;
}
