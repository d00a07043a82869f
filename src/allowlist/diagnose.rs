//! Step 3: why each address of a chunk was refused. The first address of each
//! revert shape is traced and re-run under the changes that would let it
//! through (the counterfactuals); the others are pointed at their own entry of
//! what that trace found; the tokens of payment gates are named; and the
//! allowlist getters and roles are asked about whoever is still undecided.

use std::collections::HashMap;

use alloy::primitives::{Address, B256, Bytes, Selector};
use alloy::rpc::types::state::StateOverride;
use alloy::sol_types::SolCall;

use super::counterfactual;
use super::observe::{
    AddressObservation, Authority, Change, Counterfactual, FoundFunction, Gate, Note, SimOutcome,
    Simulated, TargetObservation, TokenMeta, TraceStep,
};
use super::plan::{AllowlistPlan, Session, call_of, funding};
use super::reads::{self, word_bool};
use super::shape::{Shape, apply_derived, derived_slots, revert_shape};
use super::trace::{address_args, address_word, analyse, failing_frame};
use crate::engine::record::Frame;
use crate::engine::{Call, Executor, Halt};
use crate::error::Result;
use crate::explain::Decoder;
use crate::explain::signatures::CommonFunctions::{
    allowlistCall, allowlistedCall, hasRoleCall, isAllowedCall, isAllowlistedCall,
    isWhitelistedCall, whitelistCall, whitelistedCall,
};
use crate::rpc::Rpc;

/// Diagnoses one chunk of observed addresses: the first address of each revert
/// shape traced and its counterfactuals run (remembered in `shapes` for the
/// chunks after), the others' own slots read, the tokens named, and the
/// probes.
pub async fn diagnose_chunk<E: Executor>(
    rpc: &Rpc,
    exec: &E,
    t: &TargetObservation,
    plan: &AllowlistPlan,
    observed: &mut [AddressObservation],
    session: &mut Session,
    shapes: &mut HashMap<Vec<u8>, Shape>,
) -> Result<()> {
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
    name_tokens(rpc, t, observed).await;
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
    let mut slots = derived_slots(observed, &derived);
    let own = slots.len();
    slots.extend(counters.iter().map(|(_, c)| (c.account, c.slot)));
    let (read, probes) = tokio::join!(
        reads::storage(rpc, &slots, t.block_id),
        probe_addresses(rpc, t, observed, &probed, session)
    );
    probes?;
    let (read, counts) = match read {
        Ok(mut values) => {
            let counts = values.split_off(own.min(values.len()));
            (Ok(values), counts)
        }
        Err(e) => (Err(e), Vec::new()),
    };
    apply_derived(observed, &derived, read);
    for ((i, _), count) in counters.iter().zip(counts) {
        if let (Some(Gate::LimitReached { used, .. }), Some(v)) =
            (&mut observed[*i].confirmed, count)
        {
            *used = Some(alloy::primitives::U256::from_be_bytes(v.0));
        }
    }
    Ok(())
}

/// Whether the probes (getters, roles) should ask about `a`: its call did not
/// simply succeed.
fn undecided(a: &AddressObservation) -> bool {
    !matches!(
        a.simulation,
        Some(Simulated {
            outcome: SimOutcome::Success,
            ..
        })
    )
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
    let Ok(answers) = reads::view_calls(rpc, &calls, t.block_id).await else {
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

/// Address-keyed allowlist getters: `(selector, signature)`.
fn getters() -> [(Selector, &'static str); 7] {
    [
        (
            isAllowlistedCall::SELECTOR.into(),
            isAllowlistedCall::SIGNATURE,
        ),
        (
            isWhitelistedCall::SELECTOR.into(),
            isWhitelistedCall::SIGNATURE,
        ),
        (allowlistCall::SELECTOR.into(), allowlistCall::SIGNATURE),
        (whitelistCall::SELECTOR.into(), whitelistCall::SIGNATURE),
        (whitelistedCall::SELECTOR.into(), whitelistedCall::SIGNATURE),
        (allowlistedCall::SELECTOR.into(), allowlistedCall::SIGNATURE),
        (isAllowedCall::SELECTOR.into(), isAllowedCall::SIGNATURE),
    ]
}

/// Reads the allowlist getters and `hasRole` of the addresses at `idx`, one
/// batch: through the chunk reader where balances were read by it (one
/// `eth_call` per [`reads::PROBES_PER_CALL`] getters), else one `eth_call` each.
async fn probe_addresses(
    rpc: &Rpc,
    t: &TargetObservation,
    obs: &mut [AddressObservation],
    idx: &[usize],
    session: &mut Session,
) -> Result<()> {
    let getters: Vec<(Selector, &str)> = getters()
        .into_iter()
        .filter(|(sel, _)| t.functions.iter().any(|f| f.selector == *sel))
        .collect();
    if idx.is_empty() || (getters.is_empty() && t.roles.is_empty()) {
        return Ok(());
    }
    let mut calls: Vec<Bytes> = Vec::new();
    for i in idx {
        let who = obs[*i].address;
        for (sel, _) in &getters {
            let mut data = sel.to_vec();
            data.extend(address_word(who));
            calls.push(Bytes::from(data));
        }
        for (role, _) in &t.roles {
            let data = hasRoleCall {
                role: *role,
                account: who,
            }
            .abi_encode();
            calls.push(data.into());
        }
    }
    let by_reader = match session.balance_read {
        Some(reads::BalanceRead::Reader) => {
            reads::reader_calls(rpc, t.contract, &calls, t.block_id).await?
        }
        _ => None,
    };
    let answers = match by_reader {
        Some(a) => a,
        None => {
            if session.balance_read == Some(reads::BalanceRead::Reader) {
                // The reader answered balances but not getters: not asked again.
                session.balance_read = Some(reads::BalanceRead::PerAddress);
            }
            let calls: Vec<(Address, Bytes)> = calls.into_iter().map(|d| (t.contract, d)).collect();
            reads::view_calls(rpc, &calls, t.block_id).await?
        }
    };
    let mut answers = answers.into_iter();
    for i in idx {
        let a = &mut obs[*i];
        for (_, sig) in &getters {
            if let Some(v) = answers.next().flatten().as_ref().and_then(word_bool) {
                a.getters.push(((*sig).to_owned(), v));
            }
        }
        for (role, name) in &t.roles {
            if let Some(v) = answers.next().flatten().as_ref().and_then(word_bool) {
                a.roles.push((*role, name.clone(), v));
            }
        }
    }
    Ok(())
}

/// "the revert came from a call 2 deep: 0x… transferFrom(address,address,uint256)
/// reverted with …": the nested frame a failure started in, named.
fn describe_frame(decoder: &Decoder, f: &super::trace::FailingFrame) -> String {
    let function = f
        .selector
        .map(|s| {
            let sel = Selector::from(s);
            decoder
                .function_signature(sel)
                .unwrap_or_else(|| format!("selector {sel}"))
        })
        .unwrap_or_else(|| "a call without data".to_owned());
    let why = if f.data.is_empty() {
        "reverted with no data".to_owned()
    } else {
        let e = decoder.decode_revert(&f.data);
        // A bare string reads "reverted with reason …" already.
        if e.message.starts_with("reverted") {
            e.message
        } else {
            format!("reverted: {}", e.message)
        }
    };
    format!(
        "the revert started in a nested call, {} deep: {} {function} {why}",
        f.depth, f.address
    )
}

/// Traces a reverted simulation of `a` and re-runs it under the state changes
/// that would let it through (the counterfactuals): the full diagnosis.
async fn diagnose<E: Executor>(
    rpc: &Rpc,
    exec: &E,
    t: &TargetObservation,
    plan: &AllowlistPlan,
    a: &mut AddressObservation,
    session: &Session,
) -> Result<()> {
    let (Some(spec), Some(sim)) = (&plan.call, &a.simulation) else {
        return Ok(());
    };
    // A revert, or a halt that is not for gas (judged as a bare revert).
    let data = match &sim.outcome {
        SimOutcome::Reverted(d) => d.clone(),
        SimOutcome::Halted { halt, .. } if *halt != Halt::OutOfGas => Bytes::new(),
        _ => return Ok(()),
    };
    if data.len() > Frame::MAX_OUTPUT {
        // No gate answers with this much; and a node's struct-log trace would
        // copy that much memory at every step after it was written.
        a.notes.push(Note::new(
            "bound",
            format!(
                "the revert data is {} bytes, more than the {} a trace keeps of a frame's output: not traced",
                data.len(),
                Frame::MAX_OUTPUT
            ),
        ));
        return Ok(());
    }
    let call = call_of(plan, spec, t, a.address)?;
    let overrides = funding(a.address, sim.funded);
    // Code read for this diagnosis beyond the target's own.
    let mut codes: Vec<(Address, Bytes)> = Vec::new();
    let analysis = match exec.trace(&call, &overrides).await? {
        Ok(record) => {
            if let Some(frame) = failing_frame(&record).filter(|f| f.depth > 1) {
                a.notes
                    .push(Note::new("frame", describe_frame(&plan.decoder, &frame)));
            }
            if let Some(b) = record.cut {
                a.notes.push(Note::new(
                    "bound",
                    format!(
                        "the trace was cut short: {}; what it holds is exact, what it lacks is not guessed",
                        b.describe()
                    ),
                ));
            }
            let mut an = analyse(&record, a.address, &address_args(&call.data));
            // Entries under a constant key the compiler folded (a role id):
            // the key is among the constants of the code that read them.
            for account in an.folded_accounts().into_iter().take(2) {
                // A proxy's storage is read by its implementation's code.
                let runs = match &t.proxy {
                    Some(p) if account == t.contract => p.implementation,
                    _ => account,
                };
                let code = code_of(rpc, t, &mut codes, runs).await;
                an.unfold_with_constants(account, &code);
            }
            an
        }
        Err(why) => {
            a.trace = TraceStep::Unavailable(why);
            return Ok(());
        }
    };
    let candidates = counterfactual::candidates(&analysis, t, a.address, &call.data);

    a.trace = TraceStep::Done(analysis);
    if candidates.is_empty() {
        return Ok(());
    }
    if let Some(why) = &session.overrides_refused {
        a.notes.push(Note::new(
            "counterfactual",
            format!("state overrides unavailable on this endpoint ({why})"),
        ));
        return Ok(());
    }
    let runs: Vec<(Call, StateOverride)> = candidates
        .iter()
        .map(|c| counterfactual::run_of(&c.change, &call, &overrides))
        .collect();
    let outcomes = match exec.simulate(&runs).await {
        Ok(o) => o,
        Err(e) => {
            a.notes.push(Note::new(
                "counterfactual",
                format!("state overrides unavailable on this endpoint ({e})"),
            ));
            return Ok(());
        }
    };
    // A change that lets the call through confirms its gate; if none does,
    // the first tried is shown. Where several do (an allowlist entry, or the
    // owner: `allowed[msg.sender] || msg.sender == owner`), the one anyone
    // can be given (an entry, a role, time, a payment) names the gate before
    // taking the owner's or a privileged account's place; the other is
    // shown beside it.
    let mut tried = None;
    let mut passed: Vec<(usize, Counterfactual)> = Vec::new();
    for (i, (mut c, o)) in candidates.into_iter().zip(outcomes).enumerate() {
        match o {
            SimOutcome::Success => {
                c.success = true;
                passed.push((i, c));
            }
            SimOutcome::Reverted(_)
            | SimOutcome::Unfunded(_)
            | SimOutcome::Halted { .. }
            | SimOutcome::Bounded(_) => {
                tried.get_or_insert(c);
            }
            SimOutcome::Failed(why) => {
                a.notes.push(Note::new(
                    "counterfactual",
                    format!("state override refused: {why}"),
                ));
                break;
            }
        }
    }
    let privileged = |c: &Counterfactual| matches!(c.gate, Gate::Owner | Gate::Authorized { .. });
    if let Some(i) = passed
        .iter()
        .position(|(_, c)| !privileged(c))
        .or((!passed.is_empty()).then_some(0))
    {
        let (run, chosen) = passed.remove(i);
        // A set entry the call itself sets when it passes is used up by it (a
        // claim flag, a nonce), not a deny list: clearing it confirms nothing.
        if let Gate::Blocklisted { list, slot, .. } = &chosen.gate {
            let (call, o) = &runs[run];
            let writes_it = match exec.trace(call, o).await? {
                Ok(record) => record
                    .writes
                    .iter()
                    .any(|w| w.account == *list && w.slot == *slot),
                Err(_) => true,
            };
            if writes_it {
                a.notes.push(Note::new(
                    "counterfactual",
                    format!(
                        "clearing slot {slot} of {list} lets the call through, but the call sets it again: a used-up entry (a claim, a nonce), not a deny list"
                    ),
                ));
                a.counterfactuals.push(Counterfactual {
                    success: true,
                    ..chosen
                });
                return Ok(());
            }
        }
        a.confirmed = Some(chosen.gate.clone());
        // An entry in another contract (an ACL manager, a role authority): its
        // functions say how it grants what it keeps.
        if let (Gate::Entry, Change::Slot { account, .. }) = (&chosen.gate, &chosen.change)
            && *account != t.contract
        {
            let code = code_of(rpc, t, &mut codes, *account).await;
            a.authority = Some(Authority {
                address: *account,
                functions: FoundFunction::all_in(&code, &plan.decoder),
            });
        }
        let mut shown = vec![chosen];
        // Beside it: another entry that passes too (a second role the call
        // accepts), and the privileged account's place.
        let others: Vec<Counterfactual> = passed.into_iter().map(|(_, c)| c).collect();
        if shown[0].gate == Gate::Entry {
            shown.extend(
                others
                    .iter()
                    .filter(|c| c.gate == Gate::Entry)
                    .take(1)
                    .cloned(),
            );
        }
        shown.extend(others.into_iter().filter(privileged).take(1));
        a.counterfactuals.extend(shown);
        return Ok(());
    }
    let shown = tried;
    a.counterfactuals.extend(shown);
    Ok(())
}

/// The code at `account`: the target's own (read before), or read once for
/// this diagnosis (empty where it cannot be read).
async fn code_of(
    rpc: &Rpc,
    t: &TargetObservation,
    codes: &mut Vec<(Address, Bytes)>,
    account: Address,
) -> Bytes {
    if let Some((_, c)) = t
        .codes
        .iter()
        .chain(codes.iter())
        .find(|(a, _)| *a == account)
    {
        return c.clone();
    }
    let code = reads::code_at(rpc, account, t.block_id)
        .await
        .unwrap_or_default();
    codes.push((account, code.clone()));
    code
}
