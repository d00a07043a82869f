//! The flow of one allowlist check: read ([`super::gather`]), decide what to
//! read or run next (pure: [`super::proxy::lead`], evmole's selectors,
//! [`super::counterfactual::candidates`], [`super::merkle::check_address`]),
//! execute through the [`Executor`] seam, and hand plain observations to the
//! judge. One address and many take the same path ([`observe_addresses`]), so
//! an address gets the same verdict alone or in a list.

use alloy::eips::BlockId;
use alloy::primitives::{Address, B256, Bytes, Selector, U256};
use alloy::rpc::types::state::{AccountOverride, StateOverride};
use alloy::sol_types::SolCall;

use super::calldata::CallSpec;
use super::counterfactual;
use super::gather;
use super::merkle::{self, StandardTree};
use super::observe::{
    AddressObservation, Counterfactual, FoundFunction, Gate, Note, SimOutcome, Simulated,
    TargetObservation, TraceStep,
};
use super::proxy::{self, ProxyInfo, ProxyKind, ProxyLead};
use super::trace::{address_args, address_word, analyse, failing_frame};
use crate::engine::Halt;
use crate::engine::record::Frame;
use crate::engine::{Call, EngineChoice, Executor};
use crate::error::Result;
use crate::explain::signatures::CommonFunctions::{
    allowlistCall, allowlistedCall, facetAddressCall, hasRoleCall, implementationCall,
    isAllowedCall, isAllowlistedCall, isWhitelistedCall, merkleRootCall, ownerCall, pausedCall,
    rootCall, whitelistCall, whitelistedCall,
};
use crate::explain::{Decoder, roles};
use crate::rpc::Rpc;
use crate::rpc::capabilities::Capabilities;

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
    overrides_refused: Option<String>,
    /// The gas estimate of the first call that succeeded: `None` until tried,
    /// then kept (known or not) for the rest of the run.
    gas: Option<Option<u64>>,
    /// The gas price, read with the first chunk's balances and kept for the
    /// run (every read is pinned to one block): `None` until read.
    gas_price: Option<Option<U256>>,
    /// How balances are read: chosen from the endpoint's features for the
    /// first chunk, then kept (a reader that failed is not asked again).
    balance_read: Option<gather::BalanceRead>,
}

/// Balance given to the checked address by the funding override: plenty.
const FUNDED_BALANCE: u128 = 1_000_000_000_000_000_000_000_000; // 1e24 wei = 1M ether

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

fn word_address(b: &Bytes) -> Option<Address> {
    (b.len() == 32)
        .then(|| proxy::slot_address(B256::from_slice(b)))
        .flatten()
}

fn word_bool(b: &Bytes) -> Option<bool> {
    (b.len() == 32).then(|| b[31] == 1)
}

/// Everything about the contract that does not depend on the address, at a
/// block pinned once.
pub async fn observe_target(rpc: &Rpc, plan: &AllowlistPlan) -> Result<TargetObservation> {
    let s = proxy::slots();
    let first = gather::first_reads(
        rpc,
        plan.contract,
        plan.block,
        [s.implementation, s.beacon, s.proxiable],
    )
    .await?;
    let block = first.block.id;
    let mut notes = Vec::new();
    let names = ["EIP-1967 implementation", "EIP-1967 beacon", "EIP-1822"];
    let words = first.proxy_slots.clone().map(Result::ok);
    for (r, what) in first.proxy_slots.iter().zip(names) {
        if let Err(why) = r {
            notes.push(Note::new("proxy", format!("{what} slot unreadable: {why}")));
        }
    }
    let mut t = TargetObservation {
        contract: plan.contract,
        chain_id: first.chain_id,
        block: first.block.number,
        block_hash: first.block.hash,
        block_id: block,
        header: first.block.header.clone(),
        code_size: first.code.len(),
        codes: vec![(plan.contract, first.code.clone())],
        proxy: None,
        functions: Vec::new(),
        owner: None,
        paused: None,
        merkle_root: None,
        roles: Vec::new(),
        role_logs: Default::default(),
        notes,
    };
    if first.code.is_empty() {
        return Ok(t);
    }

    // Proxies: the implementation's code is what gets analysed.
    let found = match proxy::lead(&first.code, words) {
        Some(ProxyLead::Found(kind, at)) => Some((kind, at)),
        Some(ProxyLead::Beacon(beacon)) => {
            let asked = gather::view_calls(
                rpc,
                &[(beacon, implementationCall {}.abi_encode().into())],
                block,
            )
            .await?;
            match asked
                .first()
                .and_then(Option::as_ref)
                .and_then(word_address)
            {
                Some(i) => Some((ProxyKind::Eip1967Beacon, i)),
                None => {
                    t.notes.push(Note::new(
                        "proxy",
                        format!("beacon {beacon} did not return an implementation"),
                    ));
                    None
                }
            }
        }
        None if proxy::safe_like(&first.code) => {
            let slot0 = gather::storage(rpc, &[(plan.contract, B256::ZERO)], block).await?;
            match slot0
                .first()
                .copied()
                .flatten()
                .and_then(proxy::slot_address)
            {
                Some(singleton) => Some((ProxyKind::Safe, singleton)),
                None => {
                    t.notes.push(Note::new(
                        "proxy",
                        "looks like Safe's proxy, but slot 0 holds no singleton address",
                    ));
                    None
                }
            }
        }
        // An EIP-2535 Diamond: the called function is not in the contract's own
        // code, and its loupe names the facet that serves it.
        None => match &plan.call {
            Some(spec) => {
                let selector = spec.selector();
                let own = functions_of(&first.code, &plan.decoder);
                if own.iter().any(|f| f.selector == selector) {
                    None
                } else {
                    let asked = gather::view_calls(
                        rpc,
                        &[(
                            plan.contract,
                            facetAddressCall {
                                functionSelector: selector.0.into(),
                            }
                            .abi_encode()
                            .into(),
                        )],
                        block,
                    )
                    .await?;
                    asked
                        .first()
                        .and_then(Option::as_ref)
                        .and_then(word_address)
                        .filter(|f| *f != plan.contract)
                        .map(|facet| (ProxyKind::Eip2535, facet))
                }
            }
            None => None,
        },
    };
    let mut analysed = first.code;
    if let Some((kind, implementation)) = found {
        t.proxy = Some(ProxyInfo {
            kind,
            implementation,
        });
        match gather::code_at(rpc, implementation, block).await {
            Ok(c) if !c.is_empty() => {
                t.codes.push((implementation, c.clone()));
                analysed = c;
            }
            Ok(_) => t.notes.push(Note::new(
                "proxy",
                format!("implementation {implementation} has no code"),
            )),
            Err(why) => t.notes.push(Note::new(
                "proxy",
                format!("implementation code unreadable: {why}"),
            )),
        }
    }
    t.functions = functions_of(&analysed, &plan.decoder);

    // Static probes, one batch: owner(), paused(), merkleRoot(), root().
    let probes: Vec<(Selector, Vec<u8>)> = [
        (ownerCall::SELECTOR, ownerCall {}.abi_encode()),
        (pausedCall::SELECTOR, pausedCall {}.abi_encode()),
        (merkleRootCall::SELECTOR, merkleRootCall {}.abi_encode()),
        (rootCall::SELECTOR, rootCall {}.abi_encode()),
    ]
    .into_iter()
    .map(|(s, d)| (Selector::from(s), d))
    .filter(|(s, _)| t.has(*s))
    .collect();
    let calls: Vec<(Address, Bytes)> = probes
        .iter()
        .map(|(_, d)| (plan.contract, d.clone().into()))
        .collect();
    let answers = gather::view_calls(rpc, &calls, block).await?;
    for ((sel, _), answer) in probes.iter().zip(answers) {
        let Some(answer) = answer else { continue };
        if *sel == Selector::from(ownerCall::SELECTOR) {
            t.owner = word_address(&answer);
        } else if *sel == Selector::from(pausedCall::SELECTOR) {
            t.paused = word_bool(&answer);
        } else if t.merkle_root.is_none() && answer.len() == 32 {
            let name = if *sel == Selector::from(merkleRootCall::SELECTOR) {
                "merkleRoot()"
            } else {
                "root()"
            };
            t.merkle_root = Some((name.to_owned(), B256::from_slice(&answer)));
        }
    }

    // Roles: every role the contract's logs granted (AccessControl emits
    // RoleGranted on every grant, so a role without one is held by nobody);
    // the well-known ones only where the logs cannot be read.
    if t.functions
        .iter()
        .any(|f| f.selector == Selector::from(hasRoleCall::SELECTOR))
    {
        let set: std::collections::BTreeSet<B256> =
            match gather::role_logs(rpc, plan.contract, t.block).await {
                Ok((seen, logs)) => {
                    t.role_logs = logs;
                    t.notes.push(Note::new(
                        "probe",
                        format!("{} role(s) seen in RoleGranted logs", seen.len()),
                    ));
                    seen
                }
                Err(why) => {
                    t.notes.push(Note::new(
                    "probe",
                    format!(
                        "RoleGranted logs unavailable ({why}); the well-known roles checked instead"
                    ),
                ));
                    roles::known_roles().iter().map(|(h, _)| *h).collect()
                }
            };
        t.roles = set
            .into_iter()
            .map(|r| (r, roles::role_name(r).map(str::to_owned)))
            .collect();
    }
    Ok(t)
}

/// Selectors and mutability from the bytecode (evmole), named from the tables.
fn functions_of(code: &[u8], decoder: &Decoder) -> Vec<FoundFunction> {
    let info = evmole::contract_info(
        evmole::ContractInfoArgs::new(code)
            .with_selectors()
            .with_state_mutability(),
    );
    let mut out: Vec<FoundFunction> = info
        .functions
        .unwrap_or_default()
        .into_iter()
        .map(|f| {
            let selector = Selector::from(f.selector);
            FoundFunction {
                selector,
                signature: decoder.function_signature(selector),
                view: f.state_mutability.map(|m| {
                    matches!(
                        m,
                        alloy::dyn_abi::parser::StateMutability::View
                            | alloy::dyn_abi::parser::StateMutability::Pure
                    )
                }),
            }
        })
        .collect();
    out.sort_by_key(|f| f.signature.is_none());
    out
}

/// Funds the address (state override) unless `--real-balance`.
fn funding(who: Address, funded: bool) -> StateOverride {
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
fn call_of(
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

/// What each of `addrs` needs before diagnosis: balance, Merkle check and the
/// simulated call (funded unless `--real-balance`, with the real balance where
/// the endpoint refuses overrides), balances and simulations side by side. One
/// batch per step for all the addresses; the same for one address as for a
/// list. The probes ([`probe_addresses`]) come after diagnosis.
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
    let balances = gather::balances(rpc, addrs, block, session.gas_price.is_none(), how);
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
    Ok(obs)
}

/// Whether the probes (getters, roles) should ask about `a`: its call did not
/// simply succeed.
pub fn undecided(a: &AddressObservation) -> bool {
    !matches!(
        a.simulation,
        Some(Simulated {
            outcome: SimOutcome::Success,
            ..
        })
    )
}

/// A chunk at least this long is worth the full capability probe first: it
/// learns the endpoint's batch size, so that the chunk's batches are sized right
/// the first time instead of stepped down from a refused 1,000 (a few cheap
/// round trips, once per run; a single check never pays them).
const LEARN_BATCH_SIZE_FROM: usize = 100;

/// How to read balances and getters: the whole chunk in `eth_call`s of the
/// chunk reader where the endpoint serves state overrides (probed once per
/// run), else one `eth_getBalance` / `eth_call` per address.
async fn balance_read(rpc: &Rpc, session: &Session, chunk: usize) -> gather::BalanceRead {
    let overrides = session.overrides_refused.is_none()
        && probe(rpc, chunk).await.is_ok_and(|c| c.state_overrides);
    if overrides {
        gather::BalanceRead::Reader
    } else {
        gather::BalanceRead::PerAddress
    }
}

/// What the endpoint serves, probed once per run: fully (its batch size too)
/// before a list of [`LEARN_BATCH_SIZE_FROM`] or more, else the cheap features.
pub async fn probe(rpc: &Rpc, addresses: usize) -> Result<Capabilities> {
    if addresses >= LEARN_BATCH_SIZE_FROM {
        match rpc.capabilities().await {
            Ok(c) => return Ok(c),
            Err(_) => return rpc.features().await,
        }
    }
    rpc.features().await
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

/// Reads the allowlist getters and `hasRole` of the addresses at `idx`, one
/// batch: through the chunk reader where balances were read by it (one
/// `eth_call` per [`gather::PROBES_PER_CALL`] getters), else one `eth_call` each.
pub async fn probe_addresses(
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
        Some(gather::BalanceRead::Reader) => {
            gather::reader_calls(rpc, t.contract, &calls, t.block_id).await?
        }
        _ => None,
    };
    let answers = match by_reader {
        Some(a) => a,
        None => {
            if session.balance_read == Some(gather::BalanceRead::Reader) {
                // The reader answered balances but not getters: not asked again.
                session.balance_read = Some(gather::BalanceRead::PerAddress);
            }
            let calls: Vec<(Address, Bytes)> = calls.into_iter().map(|d| (t.contract, d)).collect();
            gather::view_calls(rpc, &calls, t.block_id).await?
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
pub async fn diagnose<E: Executor>(
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
                let code = match t.codes.iter().find(|(a, _)| *a == runs) {
                    Some((_, c)) => c.clone(),
                    None => gather::code_at(rpc, runs, t.block_id)
                        .await
                        .unwrap_or_default(),
                };
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
