//! Gathering for `rpccheck allowlist`: code, proxy slots, bytecode selectors,
//! probes (getters, owner, paused, roles, Merkle root), the simulation with a
//! funding state override, the trace of a revert and counterfactual re-runs.
//! Requests are batched; every optional step degrades to a note.

use std::collections::BTreeSet;

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, B256, Bytes, Selector, U64, U256};
use alloy::rpc::json_rpc::ErrorPayload;
use alloy::rpc::types::state::{AccountOverride, StateOverride};
use alloy::rpc::types::trace::geth::StructLog;
use alloy::rpc::types::{Filter, Log, TransactionInput, TransactionRequest};
use alloy::sol_types::{SolCall, SolEvent};
use alloy::transports::{RpcError, TransportError};
use serde::Deserialize;

use super::Rpc;
use super::block::BlockSummary;
use super::classify::classify_transport;
use crate::allowlist::calldata::CallSpec;
use crate::allowlist::counterfactual;
use crate::allowlist::merkle::{StandardTree, process_proof};
use crate::allowlist::observe::{
    AddressObservation, FoundFunction, MerkleCheck, SimOutcome, Simulated, TargetObservation,
    TraceStep,
};
use crate::allowlist::proxy::{self, ProxyInfo, ProxyKind};
use crate::allowlist::report::Evidence;
use crate::allowlist::trace::analyse;
use crate::error::Result;
use crate::explain::{Decoder, roles};

use crate::explain::signatures::CommonFunctions::{
    RoleGranted, allowlistCall, allowlistedCall, hasRoleCall, implementationCall, isAllowedCall,
    isAllowlistedCall, isWhitelistedCall, merkleRootCall, ownerCall, pausedCall, rootCall,
    whitelistCall, whitelistedCall,
};

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

/// Balance given to the checked address by the funding override: plenty.
const FUNDED_BALANCE: u128 = 1_000_000_000_000_000_000_000_000; // 1e24 wei = 1M ether

/// What to check for each address.
#[derive(Debug, Clone)]
pub struct CheckSpec {
    pub call: Option<CallSpec>,
    pub value: U256,
    pub real_balance: bool,
    pub merkle: Option<StandardTree>,
}

fn call_tx(from: Option<Address>, to: Address, data: Bytes, value: U256) -> TransactionRequest {
    let mut tx = TransactionRequest::default()
        .to(to)
        .input(TransactionInput::both(data));
    if let Some(f) = from {
        tx = tx.from(f);
    }
    if !value.is_zero() {
        tx = tx.value(value);
    }
    tx
}

fn word_address(w: U256) -> Option<Address> {
    proxy::slot_address(B256::from(w.to_be_bytes::<32>()))
}

/// Everything about the contract that does not depend on the address.
pub async fn gather_target(
    rpc: &Rpc,
    contract: Address,
    block: BlockId,
    decoder: &Decoder,
) -> Result<TargetObservation> {
    let slots = proxy::slots();
    let mut b = rpc.client().new_batch();
    let fail = |e| rpc.fail(&e, "batch");
    let chain_id = b.add_call::<_, U64>("eth_chainId", &()).map_err(fail)?;
    let head = match block {
        BlockId::Hash(h) => {
            b.add_call::<_, Option<BlockSummary>>("eth_getBlockByHash", &(h.block_hash, false))
        }
        BlockId::Number(n) => {
            b.add_call::<_, Option<BlockSummary>>("eth_getBlockByNumber", &(n, false))
        }
    }
    .map_err(fail)?;
    let code = b
        .add_call::<_, Bytes>("eth_getCode", &(contract, block))
        .map_err(fail)?;
    let s_impl = b
        .add_call::<_, U256>("eth_getStorageAt", &(contract, slots.implementation, block))
        .map_err(fail)?;
    let s_beacon = b
        .add_call::<_, U256>("eth_getStorageAt", &(contract, slots.beacon, block))
        .map_err(fail)?;
    let s_uups = b
        .add_call::<_, U256>("eth_getStorageAt", &(contract, slots.proxiable, block))
        .map_err(fail)?;
    b.send().await.map_err(|e| rpc.fail(&e, "eth_getCode"))?;
    let chain_id: u64 = chain_id
        .await
        .map_err(|e| rpc.fail(&e, "eth_chainId"))?
        .to();
    let head = head
        .await
        .map_err(|e| rpc.fail(&e, "eth_getBlockByNumber"))?;
    let code = code.await.map_err(|e| rpc.fail(&e, "eth_getCode"))?;
    let mut notes = Vec::new();
    let mut slot_word = |w: std::result::Result<U256, TransportError>, what: &str| match w {
        Ok(v) => word_address(v),
        Err(e) => {
            notes.push(Evidence::new(
                "proxy",
                format!(
                    "{what} slot unreadable: {}",
                    classify_transport(&e, "eth_getStorageAt")
                ),
            ));
            None
        }
    };
    let impl_slot = slot_word(s_impl.await, "EIP-1967 implementation");
    let beacon_slot = slot_word(s_beacon.await, "EIP-1967 beacon");
    let uups_slot = slot_word(s_uups.await, "EIP-1822");
    let block_number = head
        .as_ref()
        .map(|h| h.number.to::<u64>())
        .unwrap_or_default();
    // Pin every later read to this block.
    let pinned = match block {
        BlockId::Number(BlockNumberOrTag::Number(_)) | BlockId::Hash(_) => block,
        _ if head.is_some() => BlockId::Number(BlockNumberOrTag::Number(block_number)),
        _ => block,
    };
    let mut t = TargetObservation {
        contract,
        chain_id,
        block: block_number,
        code_size: code.len(),
        proxy: None,
        functions: Vec::new(),
        owner: None,
        paused: None,
        merkle_root: None,
        roles: Vec::new(),
        notes,
    };
    if code.is_empty() {
        return Ok(t);
    }

    // Proxies: the implementation's code is what gets analysed.
    let mut analysed = code.clone();
    let found = if let Some(target) = proxy::eip1167_target(&code) {
        Some((ProxyKind::Eip1167, target))
    } else if let Some(i) = impl_slot {
        Some((ProxyKind::Eip1967, i))
    } else if let Some(beacon) = beacon_slot {
        let data = implementationCall {}.abi_encode();
        let r: std::result::Result<Bytes, _> = rpc
            .client()
            .request(
                "eth_call",
                (call_tx(None, beacon, data.into(), U256::ZERO), pinned),
            )
            .await;
        match r
            .ok()
            .filter(|b| b.len() == 32)
            .and_then(|b| word_address(U256::from_be_slice(&b)))
        {
            Some(i) => Some((ProxyKind::Eip1967Beacon, i)),
            None => {
                t.notes.push(Evidence::new(
                    "proxy",
                    format!("beacon {beacon} did not return an implementation"),
                ));
                None
            }
        }
    } else {
        uups_slot.map(|i| (ProxyKind::Eip1822, i))
    };
    if let Some((kind, implementation)) = found {
        t.proxy = Some(ProxyInfo {
            kind,
            implementation,
        });
        match rpc
            .client()
            .request::<_, Bytes>("eth_getCode", (implementation, pinned))
            .await
        {
            Ok(c) if !c.is_empty() => analysed = c,
            Ok(_) => t.notes.push(Evidence::new(
                "proxy",
                format!("implementation {implementation} has no code"),
            )),
            Err(e) => t.notes.push(Evidence::new(
                "proxy",
                format!(
                    "implementation code unreadable: {}",
                    classify_transport(&e, "eth_getCode")
                ),
            )),
        }
    }

    // Bytecode: selectors and mutability (evmole), named from the tables.
    let info = evmole::contract_info(
        evmole::ContractInfoArgs::new(&analysed)
            .with_selectors()
            .with_state_mutability(),
    );
    t.functions = info
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
    t.functions.sort_by_key(|f| f.signature.is_none());

    // Static probes, one batch.
    let mut b = rpc.client().new_batch();
    let probe = |b: &mut alloy::rpc::client::BatchRequest<'_>, data: Vec<u8>| {
        b.add_call::<_, Bytes>(
            "eth_call",
            &(call_tx(None, contract, data.into(), U256::ZERO), pinned),
        )
    };
    let owner = t
        .has(ownerCall::SELECTOR.into())
        .then(|| probe(&mut b, ownerCall {}.abi_encode()))
        .transpose()
        .map_err(fail)?;
    let paused = t
        .has(pausedCall::SELECTOR.into())
        .then(|| probe(&mut b, pausedCall {}.abi_encode()))
        .transpose()
        .map_err(fail)?;
    let mroot = t
        .has(merkleRootCall::SELECTOR.into())
        .then(|| probe(&mut b, merkleRootCall {}.abi_encode()))
        .transpose()
        .map_err(fail)?;
    let root = t
        .has(rootCall::SELECTOR.into())
        .then(|| probe(&mut b, rootCall {}.abi_encode()))
        .transpose()
        .map_err(fail)?;
    let has_roles = t
        .functions
        .iter()
        .any(|f| f.selector == Selector::from(hasRoleCall::SELECTOR));
    let logs = if has_roles {
        let filter = Filter::new()
            .address(contract)
            .event_signature(RoleGranted::SIGNATURE_HASH)
            .from_block(0u64)
            .to_block(block_number);
        Some(
            b.add_call::<_, Vec<Log>>("eth_getLogs", &(filter,))
                .map_err(fail)?,
        )
    } else {
        None
    };
    b.send().await.map_err(|e| rpc.fail(&e, "eth_call"))?;
    if let Some(w) = owner {
        t.owner = w
            .await
            .ok()
            .filter(|b| b.len() == 32)
            .and_then(|b| word_address(U256::from_be_slice(&b)));
    }
    if let Some(w) = paused {
        t.paused = w.await.ok().filter(|b| b.len() == 32).map(|b| b[31] == 1);
    }
    for (w, name) in [(mroot, "merkleRoot()"), (root, "root()")] {
        if let Some(w) = w
            && let Some(r) = w.await.ok().filter(|b| b.len() == 32)
            && t.merkle_root.is_none()
        {
            t.merkle_root = Some((name.to_owned(), B256::from_slice(&r)));
        }
    }
    if has_roles {
        let mut set: BTreeSet<B256> = roles::known_roles().iter().map(|(h, _)| *h).collect();
        if let Some(w) = logs {
            match w.await {
                Ok(logs) => {
                    let seen: BTreeSet<B256> = logs
                        .iter()
                        .filter_map(|l| l.topics().get(1).copied())
                        .collect();
                    if !seen.is_empty() {
                        t.notes.push(Evidence::new(
                            "probe",
                            format!("{} role(s) seen in RoleGranted logs", seen.len()),
                        ));
                    }
                    set.extend(seen);
                }
                Err(e) => t.notes.push(Evidence::new(
                    "probe",
                    format!(
                        "RoleGranted logs unavailable ({}); only well-known roles checked",
                        classify_transport(&e, "eth_getLogs")
                    ),
                )),
            }
        }
        t.roles = set
            .into_iter()
            .map(|r| (r, roles::role_name(r).map(str::to_owned)))
            .collect();
    }
    Ok(t)
}

/// Everything about one address, for a target gathered by [`gather_target`].
pub async fn gather_address(
    rpc: &Rpc,
    t: &TargetObservation,
    who: Address,
    spec: &CheckSpec,
) -> Result<AddressObservation> {
    let block = BlockId::Number(BlockNumberOrTag::Number(t.block));
    let mut a = AddressObservation::new(who);
    if t.code_size == 0 {
        return Ok(a);
    }
    let fail = |e| rpc.fail(&e, "batch");

    // Merkle: leaf, proof, root (pure).
    let (merkle, proof) = merkle_check(spec, who);
    a.merkle = merkle;

    let overrides = funding_override(who, spec.real_balance);
    let calldata = spec
        .call
        .as_ref()
        .map(|c| c.encode(who, &proof))
        .transpose()?;

    let mut b = rpc.client().new_batch();
    let mut getter_waiters = Vec::new();
    for (sel, sig) in getters() {
        if t.functions.iter().any(|f| f.selector == sel) {
            let mut data = sel.to_vec();
            data.extend(crate::allowlist::trace::address_word(who));
            let w = b
                .add_call::<_, Bytes>(
                    "eth_call",
                    &(call_tx(None, t.contract, data.into(), U256::ZERO), block),
                )
                .map_err(fail)?;
            getter_waiters.push((sig, w));
        }
    }
    let mut role_waiters = Vec::new();
    for (role, name) in &t.roles {
        let data = hasRoleCall {
            role: *role,
            account: who,
        }
        .abi_encode();
        let w = b
            .add_call::<_, Bytes>(
                "eth_call",
                &(call_tx(None, t.contract, data.into(), U256::ZERO), block),
            )
            .map_err(fail)?;
        role_waiters.push((*role, name.clone(), w));
    }
    let balance = b
        .add_call::<_, U256>("eth_getBalance", &(who, block))
        .map_err(fail)?;
    let gas_price = b.add_call::<_, U256>("eth_gasPrice", &()).map_err(fail)?;
    let sim = match &calldata {
        Some(data) => {
            let tx = call_tx(Some(who), t.contract, data.clone(), spec.value);
            let sim = b
                .add_call::<_, Bytes>("eth_call", &(tx.clone(), block, overrides.clone()))
                .map_err(fail)?;
            let gas = b
                .add_call::<_, U64>("eth_estimateGas", &(tx, block, overrides.clone()))
                .map_err(fail)?;
            Some((sim, gas))
        }
        None => None,
    };
    b.send().await.map_err(|e| rpc.fail(&e, "eth_call"))?;
    for (sig, w) in getter_waiters {
        if let Ok(r) = w.await
            && r.len() == 32
        {
            a.getters.push((sig.to_owned(), r[31] == 1));
        }
    }
    for (role, name, w) in role_waiters {
        if let Ok(r) = w.await
            && r.len() == 32
        {
            a.roles.push((role, name, r[31] == 1));
        }
    }
    a.balance = balance.await.ok();
    a.gas_price = gas_price.await.ok();
    let (Some((sim, gas)), Some(spec_call), Some(data)) = (sim, &spec.call, calldata) else {
        return Ok(a);
    };
    let mut outcome = sim_outcome(sim.await);
    let gas = gas.await.ok().map(|g| g.to::<u64>());
    let mut overrides = overrides;
    let mut funded = !spec.real_balance;
    if let SimOutcome::Failed(why) = &outcome
        && funded
    {
        // Most public endpoints refuse state overrides: simulate with the real balance.
        let tx = call_tx(Some(who), t.contract, data.clone(), spec.value);
        let plain = sim_outcome(rpc.client().request("eth_call", (tx, block)).await);
        if !matches!(plain, SimOutcome::Failed(_)) {
            a.notes.push(Evidence::new(
                "simulation",
                format!("state overrides unavailable ({why}): simulated with the real balance"),
            ));
            outcome = plain;
            overrides = StateOverride::default();
            funded = false;
        }
    }
    a.simulation = Some(Simulated {
        call: spec_call.signature(),
        value: spec.value,
        funded,
        outcome: outcome.clone(),
        gas: if matches!(outcome, SimOutcome::Success) {
            gas
        } else {
            None
        },
    });
    if matches!(outcome, SimOutcome::Reverted(_)) {
        let tx = call_tx(Some(who), t.contract, data, spec.value);
        diagnose_revert(rpc, t, &mut a, tx, block, overrides).await;
    }
    Ok(a)
}

/// Many addresses at once (`--addresses`): one batch for the whole chunk,
/// split by the transport into sizes the endpoint accepts. With `--call` the
/// simulation decides, so only it and the balance are asked per address (gas
/// is estimated once, from the first address whose call succeeds); without
/// `--call` the getters are. Reverts are not traced here: see
/// [`diagnose_revert`], run once per distinct revert by the caller.
pub async fn gather_chunk(
    rpc: &Rpc,
    t: &TargetObservation,
    addrs: &[Address],
    spec: &CheckSpec,
    gas_hint: &mut Option<u64>,
) -> Result<Vec<AddressObservation>> {
    let (Some(call), true) = (spec.call.as_ref(), t.code_size > 0) else {
        let mut out = Vec::with_capacity(addrs.len());
        for who in addrs {
            out.push(gather_address(rpc, t, *who, spec).await?);
        }
        return Ok(out);
    };
    let block = BlockId::Number(BlockNumberOrTag::Number(t.block));
    let fail = |e| rpc.fail(&e, "batch");
    let mut b = rpc.client().new_batch();
    let gas_price = b.add_call::<_, U256>("eth_gasPrice", &()).map_err(fail)?;
    let mut waiters = Vec::with_capacity(addrs.len());
    for who in addrs {
        let mut a = AddressObservation::new(*who);
        let (merkle, proof) = merkle_check(spec, *who);
        a.merkle = merkle;
        let data = call.encode(*who, &proof)?;
        let tx = call_tx(Some(*who), t.contract, data, spec.value);
        let sim = b
            .add_call::<_, Bytes>(
                "eth_call",
                &(tx, block, funding_override(*who, spec.real_balance)),
            )
            .map_err(fail)?;
        let balance = b
            .add_call::<_, U256>("eth_getBalance", &(*who, block))
            .map_err(fail)?;
        waiters.push((a, sim, balance));
    }
    b.send().await.map_err(|e| rpc.fail(&e, "eth_call"))?;
    let gas_price = gas_price.await.ok();
    let mut out = Vec::with_capacity(addrs.len());
    for (mut a, sim, balance) in waiters {
        a.balance = balance.await.ok();
        a.gas_price = gas_price;
        let outcome = sim_outcome(sim.await);
        if matches!(outcome, SimOutcome::Success) && gas_hint.is_none() {
            let data = call.encode(a.address, &[])?;
            let tx = call_tx(Some(a.address), t.contract, data, spec.value);
            *gas_hint = rpc
                .client()
                .request::<_, U64>(
                    "eth_estimateGas",
                    (tx, block, funding_override(a.address, spec.real_balance)),
                )
                .await
                .ok()
                .map(|g| g.to::<u64>());
        }
        a.simulation = Some(Simulated {
            call: call.signature(),
            value: spec.value,
            funded: !spec.real_balance,
            gas: if matches!(outcome, SimOutcome::Success) {
                *gas_hint
            } else {
                None
            },
            outcome,
        });
        out.push(a);
    }
    Ok(out)
}

/// Reads storage slots at the target's block in one batch: `(account, slot)`.
pub async fn read_slots(
    rpc: &Rpc,
    t: &TargetObservation,
    slots: &[(Address, B256)],
) -> Result<Vec<Option<B256>>> {
    let block = BlockId::Number(BlockNumberOrTag::Number(t.block));
    let fail = |e| rpc.fail(&e, "batch");
    let mut b = rpc.client().new_batch();
    let mut waiters = Vec::with_capacity(slots.len());
    for (account, slot) in slots {
        waiters.push(
            b.add_call::<_, U256>("eth_getStorageAt", &(*account, *slot, block))
                .map_err(fail)?,
        );
    }
    b.send()
        .await
        .map_err(|e| rpc.fail(&e, "eth_getStorageAt"))?;
    let mut out = Vec::with_capacity(waiters.len());
    for w in waiters {
        out.push(w.await.ok().map(|v| B256::from(v.to_be_bytes::<32>())));
    }
    Ok(out)
}

/// Traces a reverted simulation of `a` (one already gathered) and tries
/// counterfactuals: the full diagnosis of [`gather_address`].
pub async fn diagnose(
    rpc: &Rpc,
    t: &TargetObservation,
    a: &mut AddressObservation,
    spec: &CheckSpec,
) -> Result<()> {
    let Some(call) = &spec.call else {
        return Ok(());
    };
    let proof = spec
        .merkle
        .as_ref()
        .and_then(|tree| tree.find_address(a.address).map(|(_, i)| tree.proof(i)))
        .unwrap_or_default();
    let data = call.encode(a.address, &proof)?;
    let tx = call_tx(Some(a.address), t.contract, data, spec.value);
    let block = BlockId::Number(BlockNumberOrTag::Number(t.block));
    diagnose_revert(
        rpc,
        t,
        a,
        tx,
        block,
        funding_override(a.address, spec.real_balance),
    )
    .await;
    Ok(())
}

/// The address's leaf, proof and verdict in `--merkle-tree` (pure).
fn merkle_check(spec: &CheckSpec, who: Address) -> (Option<MerkleCheck>, Vec<B256>) {
    let Some(tree) = &spec.merkle else {
        return (None, Vec::new());
    };
    let (in_tree, proof_valid, proof) = match tree.find_address(who) {
        Some((vals, idx)) => {
            let proof = tree.proof(idx);
            let valid = process_proof(tree.leaf_hash(vals), &proof) == tree.root;
            (true, valid, proof)
        }
        None => (false, false, Vec::new()),
    };
    let check = MerkleCheck {
        root_file: tree.root,
        in_tree,
        proof_valid,
        leaves: tree.len(),
    };
    (Some(check), proof)
}

/// Funds the address (state override) unless `--real-balance`.
fn funding_override(who: Address, real_balance: bool) -> StateOverride {
    let mut o = StateOverride::default();
    if !real_balance {
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

/// Reads an `eth_call` answer: success, revert (with data), or a node failure.
pub fn sim_outcome(r: std::result::Result<Bytes, TransportError>) -> SimOutcome {
    match r {
        Ok(_) => SimOutcome::Success,
        Err(RpcError::ErrorResp(p)) => match revert_data(&p) {
            Some(d) => SimOutcome::Reverted(d),
            None => SimOutcome::Failed(format!("error {}: {}", p.code, p.message)),
        },
        Err(e) => SimOutcome::Failed(classify_transport(&e, "eth_call").to_string()),
    }
}

/// Revert data of an `eth_call` error (empty for a bare revert).
fn revert_data(p: &ErrorPayload) -> Option<Bytes> {
    if let Some(d) = p.as_revert_data() {
        return Some(d);
    }
    let m = p.message.to_ascii_lowercase();
    (p.code == 3 || m.contains("revert")).then(Bytes::new)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Frame {
    #[serde(default)]
    failed: bool,
    #[serde(default)]
    struct_logs: Vec<StructLog>,
}

/// Trace the reverting call, then re-run it under the state change that
/// would let it through.
async fn diagnose_revert(
    rpc: &Rpc,
    t: &TargetObservation,
    a: &mut AddressObservation,
    tx: TransactionRequest,
    block: BlockId,
    overrides: StateOverride,
) {
    let opts = serde_json::json!({
        "enableMemory": true,
        "disableStorage": true,
        "enableReturnData": false,
        "stateOverrides": overrides,
    });
    let frame: std::result::Result<Frame, _> = rpc
        .client()
        .request("debug_traceCall", (tx.clone(), block, opts))
        .await;
    let analysis = match frame {
        Ok(f) if !f.struct_logs.is_empty() => {
            analyse(&f.struct_logs, t.contract, a.address, f.failed)
        }
        Ok(_) => {
            a.trace = TraceStep::Unavailable("the trace had no steps".into());
            return;
        }
        Err(e) => {
            a.trace = TraceStep::Unavailable(classify_transport(&e, "debug_traceCall").to_string());
            return;
        }
    };
    let candidates = counterfactual::candidates(&analysis, t, a.address);
    a.trace = TraceStep::Done(analysis);
    if candidates.is_empty() {
        return;
    }
    let mut b = rpc.client().new_batch();
    let mut waiters = Vec::new();
    for c in candidates {
        let mut o = overrides.clone();
        let entry = o.entry(c.account).or_default();
        entry
            .state_diff
            .get_or_insert_with(Default::default)
            .insert(c.slot, c.value);
        match b.add_call::<_, Bytes>("eth_call", &(tx.clone(), block, o)) {
            Ok(w) => waiters.push((c, w)),
            Err(_) => break,
        }
    }
    if b.send().await.is_err() {
        a.notes.push(Evidence::new(
            "counterfactual",
            "state overrides unavailable on this endpoint",
        ));
        return;
    }
    for (mut c, w) in waiters {
        match w.await {
            Ok(_) => {
                c.success = true;
                a.counterfactuals.push(c);
                break;
            }
            Err(RpcError::ErrorResp(p)) if revert_data(&p).is_some() => a.counterfactuals.push(c),
            Err(e) => {
                a.notes.push(Evidence::new(
                    "counterfactual",
                    format!(
                        "state override refused: {}",
                        classify_transport(&e, "eth_call")
                    ),
                ));
                break;
            }
        }
    }
    // Only the one that succeeded (or, if none did, the first tried) is worth showing.
    if let Some(i) = a.counterfactuals.iter().position(|c| c.success) {
        let ok = a.counterfactuals.remove(i);
        a.counterfactuals = vec![ok];
    } else {
        a.counterfactuals.truncate(1);
    }
}
