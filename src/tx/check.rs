//! The `tx` flow: read the transaction, its receipt and its block; re-execute a
//! failed one where it ran; simulate the same call at `--block`; [`super::judge`].

use alloy::eips::BlockId;
use alloy::json_abi::Function;
use alloy::primitives::B256;
use alloy::rpc::types::state::StateOverride;

use super::replay::RanBlock;
use super::{GasFacts, NowInfo, ReceiptFacts, TxFacts, TxInfo, TxReport, TxStatus, judge};
use crate::allowlist::calldata::CallSpec;
use crate::allowlist::report::{AllowlistReport, Evidence, Verdict};
use crate::allowlist::{AllowlistPlan, check_addresses, observe_target};
use crate::engine::{Call, Engine, EngineChoice, Halt, SimOutcome};
use crate::error::{Error, Result};
use crate::explain::{Decoder, format_value};
use crate::rpc::Rpc;

/// What `tx` was asked.
#[derive(Debug, Clone)]
pub struct TxPlan {
    pub hash: B256,
    pub decoder: Decoder,
    /// Where `now` simulates the call (`--block`, default `latest`).
    pub now_block: BlockId,
    /// Who executes `now` (`--engine`); the re-execution is the local EVM's.
    pub engine: EngineChoice,
}

/// Diagnoses the transaction `plan.hash`.
pub async fn check(rpc: &Rpc, plan: &TxPlan) -> Result<TxReport> {
    let tx: Option<TxFacts> = request(rpc, "eth_getTransactionByHash", (plan.hash,)).await?;
    let tx = tx.ok_or_else(|| {
        Error::input_hint(
            format!("no transaction {} on this endpoint's chain", plan.hash),
            "check the hash, and that the endpoint is the chain the transaction was sent to",
        )
    })?;
    let receipt: Option<ReceiptFacts> =
        request(rpc, "eth_getTransactionReceipt", (plan.hash,)).await?;
    let info = TxInfo::of(&tx, receipt.as_ref());
    let Some(to) = tx.to else {
        return super::create::check(rpc, plan, &tx, receipt.as_ref(), info).await;
    };
    let function = function_of(&plan.decoder, &tx);
    let call = CallSpec::raw(tx.input.clone(), function.clone());
    let allowlist_plan = |block: BlockId, engine: EngineChoice| AllowlistPlan {
        contract: to,
        call: Some(call.clone()),
        value: tx.value,
        real_balance: false,
        merkle: None,
        decoder: plan.decoder.clone(),
        block,
        engine,
    };
    let described = describe_call(function.as_ref(), &tx);
    let now = |report: &AllowlistReport| NowInfo {
        verdict: report.verdict,
        reasons: report.reasons.clone(),
        block: report.block,
    };
    let mut out = match info.status {
        TxStatus::Pending => {
            let report = one(
                rpc,
                &allowlist_plan(BlockId::latest(), plan.engine),
                tx.from,
            )
            .await?;
            judge(report, info, None, None)
        }
        TxStatus::Success => {
            let later = one(rpc, &allowlist_plan(plan.now_block, plan.engine), tx.from).await?;
            let report = AllowlistReport {
                contract: to,
                address: tx.from,
                chain_id: later.chain_id,
                block: info.block.unwrap_or_default(),
                verdict: Verdict::Allowed,
                reasons: Vec::new(),
                evidence: Vec::new(),
                proxy: later.proxy.clone(),
                engine: Engine::Node,
                simulation: None,
            };
            judge(report, info, None, Some(now(&later)))
        }
        TxStatus::Failed => {
            let (report, gas) =
                where_it_ran(rpc, &allowlist_plan, &tx, receipt.as_ref(), &info).await?;
            let later = one(rpc, &allowlist_plan(plan.now_block, plan.engine), tx.from).await?;
            judge(report, info, gas, Some(now(&later)))
        }
    };
    out.report.evidence.insert(
        1.min(out.report.evidence.len()),
        Evidence::new("call", described),
    );
    Ok(out)
}

/// The failed transaction's call re-executed where it ran: the parent block's
/// state, the block's earlier transactions applied, the block's own header; the
/// allowlist engine's diagnosis, and (where that passes) what gas says.
async fn where_it_ran(
    rpc: &Rpc,
    allowlist_plan: &impl Fn(BlockId, EngineChoice) -> AllowlistPlan,
    tx: &TxFacts,
    receipt: Option<&ReceiptFacts>,
    info: &TxInfo,
) -> Result<(AllowlistReport, Option<GasFacts>)> {
    let ran = RanBlock::read(rpc, receipt, info).await?;
    let plan = allowlist_plan(ran.parent, EngineChoice::Local);
    let mut t = observe_target(rpc, &plan).await?;
    // Read at the parent; run, and reported, as the transaction's own block.
    t.block = ran.number;
    t.block_hash = ran.header.hash;
    t.header = ran.header.clone();
    let local = ran.executor(rpc, t.chain_id, t.codes.iter().cloned()).await;
    let mut report = None;
    check_addresses(rpc, &local, &t, &plan, &[tx.from], &mut |r| {
        report = Some(r)
    })
    .await?;
    let mut report = report.ok_or_else(|| Error::input("internal: no report for the sender"))?;
    report.evidence.insert(0, ran.engine_evidence());
    // The transaction itself, as it ran: its own gas limit, fees and access list.
    let replay = local.replay(ran.own.clone(), false).await?;
    let mut at = 1;
    for e in ran.replay_evidence(&local, &replay).await? {
        report.evidence.insert(at, e);
        at += 1;
    }
    let node = node_trace(rpc, tx.hash, &report).await;
    let node_says_oog = node.as_ref().is_some_and(|(_, f)| {
        f.as_ref()
            .is_some_and(|f| Halt::from_words(&f.error) == Halt::OutOfGas)
    });
    if let Some((e, _)) = node {
        report.evidence.insert(at, e);
    }
    let out_of_gas = match &replay.outcome {
        SimOutcome::Halted { halt, .. } => *halt == Halt::OutOfGas,
        _ => node_says_oog,
    };
    if report.verdict == Verdict::Denied && !out_of_gas {
        return Ok((report, None));
    }
    let fails_with_its_limit = !matches!(replay.outcome, SimOutcome::Success);
    let call = Call {
        from: Some(tx.from),
        to: plan.contract,
        data: tx.input.clone(),
        value: tx.value,
        time: None,
        number: None,
        gas: None,
    };
    let none = StateOverride::default();
    // The least gas it needs; or, where even the most gas the block gives it
    // runs out, that amount (the search's own first run says which).
    let (needed, never_finishes_within) = match local.estimate(&call, &none).await {
        Ok(n) => (Some(n), None),
        Err(SimOutcome::Halted {
            halt: Halt::OutOfGas,
            gas,
        }) => (None, gas),
        Err(_) => (None, None),
    };
    Ok((
        report,
        Some(GasFacts {
            fails_with_its_limit,
            out_of_gas,
            needed,
            never_finishes_within,
        }),
    ))
}

/// The node's own trace of the transaction (`debug_traceTransaction` with its
/// `callTracer`), where served: where it failed, and whether the local
/// re-execution reverted with the same data (where they differ, the node's
/// word is the chain's: the evidence says so).
async fn node_trace(
    rpc: &Rpc,
    hash: B256,
    report: &AllowlistReport,
) -> Option<(Evidence, Option<super::NodeFailure>)> {
    let opts = serde_json::json!({"tracer": "callTracer"});
    let frame: serde_json::Value = match request(rpc, "debug_traceTransaction", (hash, opts)).await
    {
        Ok(f) => f,
        Err(e) => {
            return Some((
                Evidence::new(
                    "node",
                    format!(
                        "no debug_traceTransaction here ({}): the local EVM's re-execution stands alone",
                        e
                    ),
                ),
                None,
            ));
        }
    };
    let failure = super::node_failure(&frame)?;
    let local = report
        .simulation
        .as_ref()
        .and_then(|s| s.revert.as_ref())
        .map(|r| r.raw.clone());
    let node = failure.output.as_ref().map(|o| o.to_string());
    let place = match &failure.innermost {
        Some((to, input, error, depth)) => format!(
            "; it failed in a call {depth} deep, to {to}{} ({error})",
            input
                .get(..4)
                .map(|s| format!(" with selector 0x{}", hex::encode(s)))
                .unwrap_or_default()
        ),
        None => String::new(),
    };
    let agreement = match (&local, &node) {
        (Some(l), Some(n)) if l == n => {
            "; the local re-execution reverted with the same data".to_owned()
        }
        (Some(l), Some(n)) => format!(
            "; the local re-execution reverted with {l}, the node with {n}: the node's answer stands"
        ),
        _ => String::new(),
    };
    let e = Evidence::new(
        "node",
        format!(
            "debug_traceTransaction: {}{place}{agreement}",
            failure.error
        ),
    );
    Some((e, Some(failure)))
}

/// One address checked by the allowlist engine.
async fn one(
    rpc: &Rpc,
    plan: &AllowlistPlan,
    who: alloy::primitives::Address,
) -> Result<AllowlistReport> {
    let mut report = None;
    crate::allowlist::check(rpc, plan, &[who], &mut |r| report = Some(r)).await?;
    report.ok_or_else(|| Error::input("internal: no report for the sender"))
}

/// The function the calldata's selector names (built-in signatures, `--abi`).
fn function_of(decoder: &Decoder, tx: &TxFacts) -> Option<Function> {
    let selector = tx.input.get(..4)?;
    let sig = decoder.function_signature(alloy::primitives::Selector::from_slice(selector))?;
    Function::parse(&format!("function {sig}")).ok()
}

/// "claim(address,uint256) (0x…, 2) to 0x…, 0.01 ETH": the call decoded.
fn describe_call(function: Option<&Function>, tx: &TxFacts) -> String {
    use alloy::dyn_abi::JsonAbiExt;
    let to = tx.to.map(|a| a.to_checksum(None)).unwrap_or_default();
    let value = if tx.value.is_zero() {
        String::new()
    } else {
        format!(", sending {}", crate::units::format_ether(tx.value))
    };
    let decoded = function.and_then(|f| {
        let args = f.abi_decode_input(tx.input.get(4..)?).ok()?;
        let shown: Vec<String> = args.iter().map(format_value).collect();
        Some(format!("{}({})", f.signature(), shown.join(", ")))
    });
    match decoded {
        Some(d) => format!("{} called {d} on {to}{value}", tx.from),
        None if tx.input.len() >= 4 => format!(
            "{} called selector {} on {to} (not in the built-in signatures; --abi names it){value}",
            tx.from,
            alloy::primitives::Selector::from_slice(&tx.input[..4])
        ),
        None => format!("{} sent {to} a call without data{value}", tx.from),
    }
}

/// One JSON-RPC request, its failure classified.
pub(super) async fn request<P, R>(rpc: &Rpc, method: &'static str, params: P) -> Result<R>
where
    P: alloy::rpc::json_rpc::RpcSend,
    R: alloy::rpc::json_rpc::RpcRecv,
{
    rpc.client()
        .request(method, params)
        .await
        .map_err(|e| rpc.fail(&e, method))
}
