//! What to check (parsed once at the edge) and what one run learns about the
//! endpoint; the call each address makes. Data and pure helpers, beneath every
//! step of the flow.

use alloy::eips::BlockId;
use alloy::primitives::{Address, U256};
use alloy::rpc::types::state::{AccountOverride, StateOverride};

use super::calldata::CallSpec;
use super::merkle::{self, StandardTree};
use super::observe::TargetObservation;
use super::reads::BalanceRead;
use crate::engine::{Call, EngineChoice};
use crate::error::Result;
use crate::explain::Decoder;

/// What to check, parsed once at the edge (flags or `rpccheck.toml`).
#[derive(Debug, Clone)]
pub struct AllowlistPlan {
    pub contract: Address,
    /// The gated call to simulate; without it the probes decide.
    pub call: Option<CallSpec>,
    pub value: U256,
    /// Simulate with the real balance instead of a funding override.
    pub real_balance: bool,
    pub merkle: Option<StandardTree>,
    pub decoder: Decoder,
    /// The block asked for (`--block`); pinned by [`observe_target`].
    pub block: BlockId,
    /// Who may execute (`--engine`).
    pub engine: EngineChoice,
}

/// What one run learns about the endpoint, shared by every address.
#[derive(Debug, Default)]
pub struct Session {
    /// Why the endpoint refused a state override, once it has.
    pub(super) overrides_refused: Option<String>,
    /// The gas estimate of the first call that succeeded: `None` until tried,
    /// then kept (known or not) for the rest of the run.
    pub(super) gas: Option<Option<u64>>,
    /// The gas price, read with the first chunk's balances and kept for the
    /// run (every read is pinned to one block): `None` until read.
    pub(super) gas_price: Option<Option<U256>>,
    /// How balances are read: chosen from the endpoint's features for the
    /// first chunk, then kept (a reader that failed is not asked again).
    pub(super) balance_read: Option<BalanceRead>,
}

/// Balance given to the checked address by the funding override: plenty.
const FUNDED_BALANCE: u128 = 1_000_000_000_000_000_000_000_000; // 1e24 wei = 1M ether

/// Funds the address (state override) unless `--real-balance`.
pub(super) fn funding(who: Address, funded: bool) -> StateOverride {
    let mut o = StateOverride::default();
    if funded {
        o.insert(
            who,
            AccountOverride {
                balance: Some(U256::from(FUNDED_BALANCE)),
                ..Default::default()
            },
        );
    }
    o
}

/// The call `who` makes, with its own Merkle proof in `@proof`.
pub(super) fn call_of(
    plan: &AllowlistPlan,
    spec: &CallSpec,
    t: &TargetObservation,
    who: Address,
) -> Result<Call> {
    let proof = plan
        .merkle
        .as_ref()
        .map(|tree| merkle::check_address(tree, who).1)
        .unwrap_or_default();
    Ok(Call {
        from: Some(who),
        to: t.contract,
        data: spec.encode(who, &proof)?,
        value: plan.value,
        time: None,
        number: None,
        gas: None,
    })
}
