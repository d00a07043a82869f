//! Many addresses (`--addresses`, doctor's lists) — and one, which is a list of
//! one: chunks of addresses observed in one batch per step, one trace per
//! distinct revert, and each further address with the same revert pointed at
//! its own entry of the mapping that trace found (read, not assumed).

use std::collections::HashMap;

use alloy::primitives::{Address, B256};

use super::check::{
    AllowlistPlan, Session, diagnose, observe_addresses, observe_target, probe, probe_addresses,
    undecided,
};
use super::gather;
use super::judge::judge;
use super::observe::{
    AddressObservation, Change, Gate, Note, SimOutcome, Simulated, TargetObservation, TokenMeta,
    TraceStep,
};
use super::report::AllowlistReport;
use super::trace::{KeyedRead, address_word};
use crate::engine::local::BlockEnv;
use crate::engine::{AutoExecutor, Engine, EngineChoice, Executor, LocalExecutor, NodeExecutor};
use crate::error::Result;
use crate::rpc::Rpc;

/// Addresses observed per round of batches.
pub const CHUNK: usize = 2000;

/// The whole check of `addrs`: the target observed at a block pinned once, the
/// node as executor, then [`check_addresses`]. The one entry point of
/// `rpccheck allowlist` and of doctor's allowlist checks.
pub async fn check(
    rpc: &Rpc,
    plan: &AllowlistPlan,
    addrs: &[Address],
    each: &mut dyn FnMut(AllowlistReport),
) -> Result<()> {
    let t = observe_target(rpc, plan).await?;
    let node = NodeExecutor::new(rpc, t.block_id);
    match plan.engine {
        EngineChoice::Node => check_addresses(rpc, &node, &t, plan, addrs, each).await,
        choice => {
            // Probed once per run (cached on the connection): the paths the
            // endpoint serves are chosen, not discovered by failing.
            let caps = probe(rpc, addrs.len()).await.ok();
            let local = LocalExecutor::new(rpc, t.block_id, BlockEnv::of(t.chain_id, &t.header))
                .with_access_lists(caps.is_some_and(|c| c.create_access_list))
                .with_proofs(caps.is_some_and(|c| c.get_proof))
                .with_codes(t.codes.iter().cloned());
            let exec = AutoExecutor::new(node, local, choice == EngineChoice::Local)
                .with_capabilities(caps);
            check_addresses(rpc, &exec, &t, plan, addrs, each).await
        }
    }
}

/// Checks every address of `addrs` against the target, handing each report to
/// `each` as soon as it is judged (so a failure part-way loses nothing already
/// judged: the caller still holds those reports). Chunk by chunk: while one
/// chunk's requests are out, the chunk before it is judged and handed on.
pub async fn check_addresses<E: Executor>(
    rpc: &Rpc,
    exec: &E,
    t: &TargetObservation,
    plan: &AllowlistPlan,
    addrs: &[Address],
    each: &mut dyn FnMut(AllowlistReport),
) -> Result<()> {
    let mut session = Session::default();
    let mut shapes: HashMap<Vec<u8>, Shape> = HashMap::new();
    let mut observed: Vec<AddressObservation> = Vec::new();
    for chunk in addrs.chunks(CHUNK) {
        // What the engine said up to now is the previous chunk's, taken before
        // the next chunk can add to it.
        let judged = (std::mem::take(&mut observed), engine_of(exec));
        let (next, ()) = tokio::join!(
            observe_chunk(rpc, exec, t, plan, chunk, &mut session, &mut shapes),
            async { emit(t, plan, judged, each) }
        );
        observed = next?;
    }
    emit(t, plan, (observed, engine_of(exec)), each);
    Ok(())
}

/// Who executed so far, and the engine's notes.
fn engine_of<E: Executor>(exec: &E) -> (Engine, Vec<Note>) {
    let notes = exec
        .notes()
        .into_iter()
        .map(|n| Note::new("engine", n))
        .collect();
    (exec.engine(), notes)
}

/// Everything about one chunk of addresses: observed, the first address of
/// each revert shape diagnosed, the others' own slots read, and the probes.
async fn observe_chunk<E: Executor>(
    rpc: &Rpc,
    exec: &E,
    t: &TargetObservation,
    plan: &AllowlistPlan,
    chunk: &[Address],
    session: &mut Session,
    shapes: &mut HashMap<Vec<u8>, Shape>,
) -> Result<Vec<AddressObservation>> {
    let mut observed = observe_addresses(rpc, exec, t, plan, chunk, session).await?;
    let mut derived = Vec::new();
    let mut counters = Vec::new();
    for (i, obs) in observed.iter_mut().enumerate() {
        let Some(key) = revert_shape(obs) else {
            continue;
        };
        match shapes.get(&key) {
            Some(shape) => {
                if shape.apply(obs) {
                    derived.push(i);
                }
                if let Some(c) = &shape.counter {
                    counters.push((i, c.for_address(obs.address, B256::ZERO)));
                }
            }
            None => {
                diagnose(rpc, exec, t, plan, obs, session).await?;
                shapes.insert(key, Shape::of(obs));
            }
        }
    }
    name_tokens(rpc, t, &mut observed).await;
    senders(rpc, t, plan, &mut observed).await;
    // The getters and roles are asked about each address whose call did not
    // simply succeed, except where its revert had the shape of one already
    // diagnosed: its own slot is read instead (both at once).
    let mut is_derived = vec![false; observed.len()];
    for i in &derived {
        is_derived[*i] = true;
    }
    let probed: Vec<usize> = (0..observed.len())
        .filter(|i| undecided(&observed[*i]) && !is_derived[*i])
        .collect();
    // Each address's own entry, and its own per-wallet count where the gate was
    // a limit, read together.
    let mut slots = derived_slots(&observed, &derived);
    let own = slots.len();
    slots.extend(counters.iter().map(|(_, c)| (c.account, c.slot)));
    let (read, probes) = tokio::join!(
        gather::storage(rpc, &slots, t.block_id),
        probe_addresses(rpc, t, &mut observed, &probed, session)
    );
    probes?;
    let (read, counts) = match read {
        Ok(mut values) => {
            let counts = values.split_off(own.min(values.len()));
            (Ok(values), counts)
        }
        Err(e) => (Err(e), Vec::new()),
    };
    apply_derived(&mut observed, &derived, read);
    for ((i, _), count) in counters.iter().zip(counts) {
        if let (Some(Gate::LimitReached { used, .. }), Some(v)) =
            (&mut observed[*i].confirmed, count)
        {
            *used = Some(alloy::primitives::U256::from_be_bytes(v.0));
        }
    }
    Ok(observed)
}

/// Reads `symbol()` and `decimals()` of each token a confirmed payment gate is
/// in (one batch), so amounts read as `10 USDC`; a token that does not answer
/// keeps base units.
async fn name_tokens(rpc: &Rpc, t: &TargetObservation, observed: &mut [AddressObservation]) {
    let mut tokens: Vec<Address> = observed
        .iter()
        .filter_map(|o| match &o.confirmed {
            Some(Gate::TokenShortfall { token, .. }) => Some(*token),
            _ => None,
        })
        .collect();
    tokens.sort();
    tokens.dedup();
    if tokens.is_empty() {
        return;
    }
    use alloy::sol_types::SolCall;
    let symbol = alloy::primitives::Bytes::from(TokenName::symbolCall {}.abi_encode());
    let decimals = alloy::primitives::Bytes::from(TokenName::decimalsCall {}.abi_encode());
    let calls: Vec<(Address, alloy::primitives::Bytes)> = tokens
        .iter()
        .flat_map(|t| [(*t, symbol.clone()), (*t, decimals.clone())])
        .collect();
    let Ok(answers) = gather::view_calls(rpc, &calls, t.block_id).await else {
        return;
    };
    let metas: Vec<TokenMeta> = tokens
        .iter()
        .zip(answers.chunks(2))
        .map(|(token, a)| TokenMeta {
            address: *token,
            symbol: a.first().cloned().flatten().and_then(|b| token_symbol(&b)),
            decimals: a
                .get(1)
                .cloned()
                .flatten()
                .and_then(|b| TokenName::decimalsCall::abi_decode_returns(&b).ok()),
        })
        .collect();
    for o in observed.iter_mut() {
        if let Some(Gate::TokenShortfall { token, .. }) = &o.confirmed {
            o.token = metas.iter().find(|m| m.address == *token).cloned();
        }
    }
}

alloy::sol! {
    /// How an ERC-20 names itself.
    interface TokenName {
        function symbol() external view returns (string);
        function decimals() external view returns (uint8);
    }
}

/// A `symbol()` answer: an ABI string, or a bytes32 (older tokens, such as MKR).
fn token_symbol(b: &[u8]) -> Option<String> {
    use alloy::sol_types::SolCall;
    let s = TokenName::symbolCall::abi_decode_returns(b)
        .ok()
        .or_else(|| {
            (b.len() == 32).then(|| String::from_utf8_lossy(b).trim_end_matches('\0').to_owned())
        })?;
    let s = s.trim().to_owned();
    (!s.is_empty() && s.len() <= 32 && s.chars().all(|c| !c.is_control())).then_some(s)
}

/// Judges each observed address and hands its report on.
fn emit(
    t: &TargetObservation,
    plan: &AllowlistPlan,
    (observed, (engine, notes)): (Vec<AddressObservation>, (Engine, Vec<Note>)),
    each: &mut dyn FnMut(AllowlistReport),
) {
    for mut obs in observed {
        obs.engine = engine;
        obs.notes.extend(notes.iter().cloned());
        each(judge(t, &obs, &plan.decoder));
    }
}

/// What the first address with a given revert taught: applied to the others.
struct Shape {
    from: Address,
    read: Option<KeyedRead>,
    /// The gate its counterfactual showed decided.
    confirmed: Option<Gate>,
    /// Where the gate was a per-wallet limit, the counter its counterfactual
    /// cleared: each other address's own count is read from its entry.
    counter: Option<KeyedRead>,
}

impl Shape {
    fn of(obs: &AddressObservation) -> Self {
        let (read, counter) = match &obs.trace {
            TraceStep::Done(an) => {
                let cleared = obs
                    .counterfactuals
                    .iter()
                    .find_map(|c| match (&c.gate, &c.change) {
                        (Gate::LimitReached { .. }, Change::Slot { account, slot, .. })
                            if c.success =>
                        {
                            Some((*account, *slot))
                        }
                        _ => None,
                    });
                // Only a counter whose word is the count itself: a packed word
                // (ERC721A's minted count beside the balance) would need the
                // field the trace took out of it.
                let used = match &obs.confirmed {
                    Some(Gate::LimitReached { used: Some(u), .. }) => Some(*u),
                    _ => None,
                };
                let counter = cleared.and_then(|(account, slot)| {
                    an.keyed_reads
                        .iter()
                        .find(|k| {
                            k.account == account
                                && k.slot == slot
                                && used == Some(alloy::primitives::U256::from_be_bytes(k.value.0))
                        })
                        .cloned()
                });
                (an.culprit().cloned(), counter)
            }
            _ => (None, None),
        };
        Self {
            from: obs.address,
            read,
            confirmed: obs.confirmed.clone(),
            counter,
        }
    }

    /// Points `obs` at its own entry of the mapping; true when there is one to
    /// read. The gate found for the first address is this one's too (whether
    /// its own entry is what keeps it out is judged from that entry's value).
    fn apply(&self, obs: &mut AddressObservation) -> bool {
        // The first address's gate is this one's too; a per-wallet count is
        // the first address's own, so it is not carried over (each address's
        // own is read from its entry of the counter).
        obs.confirmed = self.confirmed.clone().map(|g| match g {
            Gate::LimitReached {
                limit, requested, ..
            } => Gate::LimitReached {
                limit,
                used: None,
                requested,
            },
            other => other,
        });
        let Some(read) = &self.read else { return false };
        obs.trace = TraceStep::Derived {
            from: self.from,
            read: read.for_address(obs.address, read.value),
        };
        true
    }
}

/// The derived slots of `idx` (each address's own entry), to read rather than assume.
fn derived_slots(observed: &[AddressObservation], idx: &[usize]) -> Vec<(Address, B256)> {
    idx.iter()
        .filter_map(|i| match &observed[*i].trace {
            TraceStep::Derived { read, .. } => Some((read.account, read.slot)),
            _ => None,
        })
        .collect()
}

/// Puts each derived slot's value read in place (or says it was not read).
fn apply_derived(
    observed: &mut [AddressObservation],
    idx: &[usize],
    read: Result<Vec<Option<B256>>>,
) {
    match read {
        Ok(values) => {
            for (i, v) in idx.iter().zip(values) {
                if let (TraceStep::Derived { read, .. }, Some(v)) = (&mut observed[*i].trace, v) {
                    read.value = v;
                }
            }
        }
        Err(e) => {
            for i in idx {
                observed[*i].notes.push(Note::new(
                    "trace",
                    format!("this address's slot could not be read ({e}); its value is assumed from the first address"),
                ));
            }
        }
    }
}

/// Revert data with the address's own word blanked: equal shapes are the same gate.
fn revert_shape(obs: &AddressObservation) -> Option<Vec<u8>> {
    let Some(Simulated {
        outcome: SimOutcome::Reverted(data),
        ..
    }) = &obs.simulation
    else {
        return None;
    };
    let word = address_word(obs.address);
    let mut key = data.to_vec();
    if key.len() >= 4 {
        for chunk in key[4..].chunks_mut(32) {
            if chunk == word {
                chunk.fill(0);
            }
        }
    }
    Some(key)
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
    let Ok(codes) = gather::codes_at(rpc, &accounts, t.block_id).await else {
        return;
    };
    for (i, code) in short.into_iter().zip(codes) {
        if let Some(code) = code {
            observed[i].sends = Some(code.is_empty() || code.starts_with(&[0xef, 0x01, 0x00]));
        }
    }
}
