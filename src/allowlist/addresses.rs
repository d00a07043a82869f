//! Step 2: what each address needs before diagnosis — balance, Merkle check,
//! the simulated call, and whether a short balance can send at all — one
//! batch per step for the whole chunk.

use alloy::primitives::Address;

use super::calldata::CallSpec;
use super::merkle;
use super::observe::{AddressObservation, Note, SimOutcome, Simulated, TargetObservation};
use super::plan::{AllowlistPlan, Session, call_of, funding};
use super::reads::{self, probe};
use crate::engine::{Call, Executor};
use crate::error::Result;
use crate::rpc::Rpc;

/// What each of `addrs` needs before diagnosis: balance, Merkle check and the
/// simulated call (funded unless `--real-balance`, with the real balance where
/// the endpoint refuses overrides), balances and simulations side by side. One
/// batch per step for all the addresses; the same for one address as for a
/// list. The probes ([`super::diagnose`]) come after diagnosis.
pub async fn observe_addresses<E: Executor>(
    rpc: &Rpc,
    exec: &E,
    t: &TargetObservation,
    plan: &AllowlistPlan,
    addrs: &[Address],
    session: &mut Session,
) -> Result<Vec<AddressObservation>> {
    let mut obs: Vec<AddressObservation> =
        addrs.iter().map(|a| AddressObservation::new(*a)).collect();
    if t.code_size == 0 {
        return Ok(obs);
    }
    let block = t.block_id;
    let how = match session.balance_read {
        Some(how) => how,
        None => balance_read(rpc, session, addrs.len()).await,
    };
    // Balances and simulations do not wait on each other: one round trip.
    let balances = reads::balances(rpc, addrs, block, session.gas_price.is_none(), how);
    let read = match &plan.call {
        Some(spec) => {
            let (read, simulated) =
                tokio::join!(balances, simulate(exec, t, plan, spec, &mut obs, session));
            simulated?;
            read?
        }
        None => balances.await?,
    };
    session.balance_read = Some(read.read);
    let price = *session.gas_price.get_or_insert(read.gas_price);
    for (a, b) in obs.iter_mut().zip(read.balances) {
        a.balance = b;
        a.gas_price = price;
        a.merkle = plan
            .merkle
            .as_ref()
            .map(|tree| merkle::check_address(tree, a.address).0);
    }
    senders(rpc, t, plan, &mut obs).await;
    Ok(obs)
}

/// How to read balances and getters: the whole chunk in `eth_call`s of the
/// chunk reader where the endpoint serves state overrides (probed once per
/// run), else one `eth_getBalance` / `eth_call` per address.
async fn balance_read(rpc: &Rpc, session: &Session, chunk: usize) -> reads::BalanceRead {
    let overrides = session.overrides_refused.is_none()
        && probe(rpc, chunk).await.is_ok_and(|c| c.state_overrides);
    if overrides {
        reads::BalanceRead::Reader
    } else {
        reads::BalanceRead::PerAddress
    }
}

/// Simulates each address's call; see [`observe_addresses`].
async fn simulate<E: Executor>(
    exec: &E,
    t: &TargetObservation,
    plan: &AllowlistPlan,
    spec: &CallSpec,
    obs: &mut [AddressObservation],
    session: &mut Session,
) -> Result<()> {
    let calls: Vec<Call> = obs
        .iter()
        .map(|a| call_of(plan, spec, t, a.address))
        .collect::<Result<_>>()?;
    let funded = !plan.real_balance && session.overrides_refused.is_none();
    let with = |i: usize, funded: bool| (calls[i].clone(), funding(obs[i].address, funded));
    let asked: Vec<_> = (0..calls.len()).map(|i| with(i, funded)).collect();
    let mut outcomes: Vec<(SimOutcome, bool)> = exec
        .simulate(&asked)
        .await?
        .into_iter()
        .map(|o| (o, funded))
        .collect();
    // Most public endpoints refuse state overrides: ask those calls again with
    // the real balance, and remember it for the rest of the run.
    if funded {
        let refused: Vec<usize> = (0..outcomes.len())
            .filter(|i| matches!(outcomes[*i].0, SimOutcome::Failed(_)))
            .collect();
        if !refused.is_empty() {
            let plain: Vec<_> = refused.iter().map(|i| with(*i, false)).collect();
            let again = exec.simulate(&plain).await?;
            for (i, o) in refused.into_iter().zip(again) {
                if matches!(o, SimOutcome::Failed(_)) {
                    continue;
                }
                if let SimOutcome::Failed(why) = &outcomes[i].0 {
                    session.overrides_refused.get_or_insert_with(|| why.clone());
                }
                outcomes[i] = (o, false);
            }
        }
    }
    let unfunded_note = |why: &str| {
        Note::new(
            "simulation",
            format!("state overrides unavailable ({why}): simulated with the real balance"),
        )
    };
    // Gas: estimated once, for the first call that succeeds, with its own calldata.
    if session.gas.is_none()
        && let Some(i) = outcomes
            .iter()
            .position(|(o, _)| matches!(o, SimOutcome::Success))
    {
        let (c, o) = with(i, outcomes[i].1);
        session.gas = Some(exec.estimate_gas(&c, &o).await);
    }
    for (a, (outcome, was_funded)) in obs.iter_mut().zip(outcomes) {
        if !was_funded
            && !plan.real_balance
            && let Some(why) = &session.overrides_refused
        {
            a.notes.push(unfunded_note(why));
        }
        a.simulation = Some(Simulated {
            call: spec.signature(),
            value: plan.value,
            funded: was_funded,
            gas: match outcome {
                SimOutcome::Success => session.gas.flatten(),
                _ => None,
            },
            outcome,
        });
    }
    Ok(())
}

/// Whether each address whose balance falls short of the value plus the least
/// gas can send a transaction at all: the code of those only, in one batch (a
/// contract pays no gas; an EIP-7702 delegated account does). Unread, an
/// address is judged as one that can.
async fn senders(
    rpc: &Rpc,
    t: &TargetObservation,
    plan: &AllowlistPlan,
    observed: &mut [AddressObservation],
) {
    let short: Vec<usize> = observed
        .iter()
        .enumerate()
        .filter(|(_, obs)| {
            let price = obs.gas_price.unwrap_or_default();
            let least = plan
                .value
                .saturating_add(price.saturating_mul(alloy::primitives::U256::from(21_000u64)));
            obs.balance.is_some_and(|b| b < least)
        })
        .map(|(i, _)| i)
        .collect();
    if short.is_empty() {
        return;
    }
    let accounts: Vec<Address> = short.iter().map(|i| observed[*i].address).collect();
    let Ok(codes) = reads::codes_at(rpc, &accounts, t.block_id).await else {
        return;
    };
    for (i, code) in short.into_iter().zip(codes) {
        if let Some(code) = code {
            observed[i].sends = Some(code.is_empty() || code.starts_with(&[0xef, 0x01, 0x00]));
        }
    }
}
