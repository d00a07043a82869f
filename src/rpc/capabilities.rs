//! What an endpoint serves, probed, never assumed: the largest batch it takes,
//! `debug_traceCall`, `eth_call` state overrides, `eth_createAccessList`,
//! `eth_getProof`, and the state of old blocks (archive). [`probe`] sends a
//! handful of cheap, read-only requests; [`Rpc::capabilities`] keeps the answer
//! for the run, so every command chooses its path instead of discovering it by
//! failing.
//!
//! A node that answers a probe with a JSON-RPC error object does not serve that
//! feature, whatever its words: -32601 "method not found / does not exist",
//! -32004 "not supported", Ganache's -32700 "does not exist", Besu's -32604
//! "not enabled", -32602 "too many arguments" for overrides, geth's -32000
//! "missing trie node" for old state. A transport failure (no answer, HTTP
//! error, timeout) and a rate limit in a JSON-RPC error are the endpoint
//! failing, and stay an `Err`.

use alloy::primitives::{Address, Bytes, U64, U256, address};
use alloy::rpc::json_rpc::ErrorPayload;
use alloy::transports::{RpcError, TransportError};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::Rpc;
use super::batch::BatchTry;
use crate::error::Result;

/// The batch sizes tried, largest first: the answer is the largest one the
/// endpoint accepts (common limits are 1,000, 100 and 10), `None` when even 2
/// is refused.
pub const BATCH_SIZES: [usize; 4] = [1000, 100, 10, 2];

/// How far back the archive probe reads, on a chain at least this long.
pub const ARCHIVE_DEPTH: u64 = 10_000;

/// Blocks whose state every full node keeps (geth's in-memory window): on a
/// chain no longer than this, old state cannot tell an archive node from a
/// full one, and `archive` is `None`.
pub const RECENT_STATE: u64 = 128;

/// The feature probes go in one batch when the endpoint takes batches this large.
const FEATURE_PROBES: usize = 5;

/// Where the override probe places its code (no contract lives there).
pub const OVERRIDE_PROBE: Address = address!("0x00000000000000000000000000000000c0dec0de");

/// Code that returns the word 42: `PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN`.
const OVERRIDE_CODE: &str = "0x602a60005260206000f3";

/// What the endpoint serves: CLI.md's `capabilities` object of `rpccheck chain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    /// The largest batch accepted of [`BATCH_SIZES`]; `None`: no batches.
    pub batch_max: Option<usize>,
    /// `debug_traceCall` answers a trivial call.
    pub debug_trace_call: bool,
    /// `eth_call` applies a state override (third parameter).
    pub state_overrides: bool,
    /// `eth_createAccessList` answers a trivial call.
    pub create_access_list: bool,
    /// `eth_getProof` answers.
    pub get_proof: bool,
    /// State [`ARCHIVE_DEPTH`] blocks back (or of block 1) is served; `None`
    /// when the chain is no longer than [`RECENT_STATE`] blocks.
    pub archive: Option<bool>,
}

/// Probes `rpc`: a few batches of `eth_blockNumber` of the sizes in
/// [`BATCH_SIZES`] (largest first, stopping at the first accepted), then the
/// five feature probes, in one batch when the endpoint takes it. At most 10
/// requests on the wire besides the batch items; no state is changed (every
/// method is on the read-only list of [`super::guard`]).
pub async fn probe(rpc: &Rpc) -> Result<Capabilities> {
    let (batch_max, head) = probe_batch_max(rpc).await?;
    rpc.learn_batch_max(batch_max);
    let batched = batch_max.is_some_and(|m| m >= FEATURE_PROBES);
    probe_with(rpc, head, batch_max, batched).await
}

/// What executing a call needs to know (overrides, `debug_traceCall`, access
/// lists, proofs), without the batch-size search or the archive read: one
/// batch of four cheap requests. `batch_max` and `archive` are left unknown.
pub async fn probe_features(rpc: &Rpc) -> Result<Capabilities> {
    let mut calls = feature_calls();
    calls.truncate(4);
    let answers = ask_all(rpc, &calls, rpc.batches_supported()).await?;
    read_features(rpc, &calls, answers, None, None)
}

fn feature_calls() -> Vec<(&'static str, Value)> {
    let zero_call = json!({"to": Address::ZERO, "data": "0x"});
    vec![
        (
            "debug_traceCall",
            json!([zero_call, "latest", {"disableStack": true, "disableStorage": true}]),
        ),
        (
            "eth_call",
            json!([
                {"to": OVERRIDE_PROBE, "data": "0x"},
                "latest",
                {OVERRIDE_PROBE.to_string(): {"code": OVERRIDE_CODE}}
            ]),
        ),
        ("eth_createAccessList", json!([zero_call, "latest"])),
        ("eth_getProof", json!([Address::ZERO, [], "latest"])),
    ]
}

async fn probe_with(
    rpc: &Rpc,
    head: Option<u64>,
    batch_max: Option<usize>,
    batched: bool,
) -> Result<Capabilities> {
    let head = match head {
        Some(h) => h,
        None => rpc
            .client()
            .request::<_, U64>("eth_blockNumber", ())
            .await
            .map_err(|e| rpc.fail(&e, "eth_blockNumber"))?
            .to(),
    };
    let old_block = archive_block(head);
    let mut calls = feature_calls();
    if let Some(b) = old_block {
        calls.push(("eth_getBalance", json!([Address::ZERO, U64::from(b)])));
    }
    let answers = ask_all(rpc, &calls, batched).await?;
    read_features(rpc, &calls, answers, batch_max, old_block)
}

fn read_features(
    rpc: &Rpc,
    calls: &[(&'static str, Value)],
    answers: Vec<std::result::Result<Box<RawValue>, TransportError>>,
    batch_max: Option<usize>,
    old_block: Option<u64>,
) -> Result<Capabilities> {
    let mut served = Vec::with_capacity(answers.len());
    for ((method, _), answer) in calls.iter().zip(answers) {
        let s = served_by(rpc, method, answer)?;
        if let Err(why) = &s {
            rpc.log(&format!("capability probe: {method} not served ({why})"));
        }
        served.push(s.ok());
    }
    let yes = |i: usize| served.get(i).is_some_and(Option::is_some);
    let overrides_applied = served
        .get(1)
        .and_then(Option::as_ref)
        .and_then(|raw| serde_json::from_str::<Bytes>(raw.get()).ok())
        .is_some_and(|b| b.len() == 32 && U256::from_be_slice(&b) == U256::from(42));
    Ok(Capabilities {
        batch_max,
        debug_trace_call: yes(0),
        state_overrides: overrides_applied,
        create_access_list: yes(2),
        get_proof: yes(3),
        archive: old_block.map(|_| yes(4)),
    })
}

/// The block the archive probe reads at a head of `head`: [`ARCHIVE_DEPTH`]
/// back on a long chain, block 1 on a shorter one, none on a chain within
/// [`RECENT_STATE`] blocks.
pub fn archive_block(head: u64) -> Option<u64> {
    (head > RECENT_STATE).then(|| head.saturating_sub(ARCHIVE_DEPTH).max(1))
}

/// Tries the batch sizes; returns the largest accepted and the head block read
/// by an accepted batch (its items are `eth_blockNumber`).
async fn probe_batch_max(rpc: &Rpc) -> Result<(Option<usize>, Option<u64>)> {
    for n in BATCH_SIZES {
        match rpc.batch_as_is("eth_blockNumber", n).await? {
            BatchTry::Accepted(answers) => {
                let head = answers
                    .first()
                    .and_then(|r| r.payload.as_success())
                    .and_then(|raw| serde_json::from_str::<U64>(raw.get()).ok())
                    .map(|h| h.to::<u64>());
                return Ok((Some(n), head));
            }
            BatchTry::Refused(why) => {
                rpc.log(&format!("capability probe: batch of {n} refused ({why})"));
            }
        }
    }
    Ok((None, None))
}

/// Sends every call, as one batch or as concurrent single requests, and
/// returns each answer in order.
async fn ask_all(
    rpc: &Rpc,
    calls: &[(&'static str, Value)],
    batched: bool,
) -> Result<Vec<std::result::Result<Box<RawValue>, TransportError>>> {
    let client = rpc.client();
    if !batched {
        let singles = calls
            .iter()
            .map(|(m, p)| client.request::<_, Box<RawValue>>(*m, p.clone()));
        return Ok(futures::future::join_all(singles).await);
    }
    let mut batch = client.new_batch();
    let waiters = calls
        .iter()
        .map(|(m, p)| batch.add_call::<_, Box<RawValue>>(*m, p))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| rpc.fail(&e, "batch"))?;
    batch.send().await.map_err(|e| rpc.fail(&e, "batch"))?;
    Ok(futures::future::join_all(waiters).await)
}

/// Reads one probe's answer: `Ok(Ok(result))` served, `Ok(Err(why))` refused by
/// the node, `Err` the endpoint failing.
fn served_by(
    rpc: &Rpc,
    method: &str,
    answer: std::result::Result<Box<RawValue>, TransportError>,
) -> Result<std::result::Result<Box<RawValue>, String>> {
    match answer {
        Ok(v) => Ok(Ok(v)),
        Err(RpcError::ErrorResp(p)) if !is_rate_limit(&p) => {
            Ok(Err(format!("error {}: {}", p.code, p.message)))
        }
        Err(e) => Err(rpc.fail(&e, method)),
    }
}

/// Whether a JSON-RPC error says "slow down" rather than "not served":
/// EIP-1474's -32005 "limit exceeded" (Infura's rate limit) or the node's own
/// words about rates.
pub fn is_rate_limit(p: &ErrorPayload) -> bool {
    let m = p.message.to_ascii_lowercase();
    p.code == -32005
        || m.contains("rate limit")
        || m.contains("too many requests")
        || m.contains("exceeded the quota")
}

/// What an endpoint with given capabilities answers the probe, queued on
/// alloy's mock transport in request order: for the tests of every flow that
/// probes.
#[cfg(test)]
pub(crate) mod replay {
    use alloy::rpc::json_rpc::ErrorPayload;
    use alloy::transports::mock::Asserter;
    use serde_json::json;

    use super::{BATCH_SIZES, Capabilities, archive_block};

    /// A node's refusal of an unknown method.
    pub fn not_found() -> ErrorPayload {
        ErrorPayload {
            code: -32601,
            message: "the method does not exist/is not available".into(),
            data: None,
        }
    }

    /// Queues on `a` what an endpoint with `caps` and its head at `head` answers.
    pub fn answer_probe(a: &Asserter, caps: &Capabilities, head: u64) {
        let head_hex = format!("{head:#x}");
        for n in BATCH_SIZES {
            if caps.batch_max.is_some_and(|m| n <= m) {
                for _ in 0..n {
                    a.push_success(&head_hex);
                }
                break;
            }
            for _ in 0..n {
                a.push_failure(ErrorPayload {
                    code: -32600,
                    message: "batch too large".into(),
                    data: None,
                });
            }
        }
        if caps.batch_max.is_none() {
            a.push_success(&head_hex);
        }
        let answer = |yes: bool, value: serde_json::Value| {
            if yes {
                a.push_success(&value);
            } else {
                a.push_failure(not_found());
            }
        };
        answer(caps.debug_trace_call, json!({"structLogs": []}));
        if caps.state_overrides {
            a.push_success(&format!("0x{:064x}", 42));
        } else {
            a.push_failure(ErrorPayload {
                code: -32602,
                message: "too many arguments, want at most 2".into(),
                data: None,
            });
        }
        answer(
            caps.create_access_list,
            json!({"accessList": [], "gasUsed": "0x5208"}),
        );
        answer(caps.get_proof, json!({"balance": "0x0"}));
        if archive_block(head).is_some() {
            answer(caps.archive == Some(true), json!("0x0"));
        }
    }
}

#[cfg(test)]
#[path = "capabilities_tests.rs"]
mod tests;
