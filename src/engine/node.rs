//! The node executes: `eth_call` with state overrides, `eth_estimateGas`,
//! `debug_traceCall`. Node dialects are handled here, so that no caller sees
//! them:
//! - calldata goes in one field (`data`, which every major client reads; EDR
//!   refuses a request carrying both `input` and `data`), switching to the other
//!   for the rest of the run where a node asks for it;
//! - an error that says the sender cannot pay is [`SimOutcome::Unfunded`], in
//!   the words of every major client ([`is_funds_error`]), not a failure.

use std::sync::atomic::{AtomicBool, Ordering};

use alloy::eips::BlockId;
use alloy::primitives::{Bytes, U64};
use alloy::rpc::json_rpc::ErrorPayload;
use alloy::rpc::types::state::StateOverride;
use alloy::rpc::types::{TransactionInput, TransactionRequest};
use alloy::transports::{RpcError, TransportError};

use super::record::{Halt, Limits, structlog};
use super::{Call, Engine, ExecRecord, Executor, SimOutcome};
use crate::error::{EndpointError, Error, Result};
use crate::rpc::Rpc;
use crate::rpc::classify::classify_transport;

/// The node executes: `eth_call` with state overrides, `eth_estimateGas`,
/// `debug_traceCall`.
#[derive(Debug)]
pub struct NodeExecutor<'a> {
    rpc: &'a Rpc,
    block: BlockId,
    /// Calldata goes in `input` instead of `data` (a node asked for it).
    use_input: AtomicBool,
}

impl<'a> NodeExecutor<'a> {
    /// Executes on `rpc` at `block` (a pinned number or hash).
    pub fn new(rpc: &'a Rpc, block: BlockId) -> Self {
        Self {
            rpc,
            block,
            use_input: AtomicBool::new(false),
        }
    }

    /// The JSON-RPC call object, with the calldata in exactly one field.
    fn tx(&self, c: &Call) -> TransactionRequest {
        let field = if self.use_input.load(Ordering::Relaxed) {
            TransactionInput {
                input: Some(c.data.clone()),
                data: None,
            }
        } else {
            TransactionInput {
                input: None,
                data: Some(c.data.clone()),
            }
        };
        let mut tx = TransactionRequest::default().to(c.to).input(field);
        if let Some(f) = c.from {
            tx = tx.from(f);
        }
        if let Some(g) = c.gas {
            tx = tx.gas_limit(g);
        }
        if !c.value.is_zero() {
            tx = tx.value(c.value);
        }
        tx
    }

    /// One batch of `eth_call`s; the raw answer of each.
    async fn call_batch(
        &self,
        calls: &[(Call, StateOverride)],
    ) -> Result<Vec<std::result::Result<Bytes, TransportError>>> {
        let fail = |e| self.rpc.fail(&e, "batch");
        let mut b = self.rpc.client().new_batch();
        let mut waiters = Vec::with_capacity(calls.len());
        for (c, o) in calls {
            let tx = self.tx(c);
            // eth_call's fourth parameter, the block override.
            let mut block = serde_json::Map::new();
            if let Some(t) = c.time {
                block.insert("time".into(), serde_json::json!(U64::from(t)));
            }
            if let Some(n) = c.number {
                block.insert("number".into(), serde_json::json!(U64::from(n)));
            }
            let w = if !block.is_empty() {
                b.add_call::<_, Bytes>("eth_call", &(tx, self.block, o, block))
            } else if o.is_empty() {
                b.add_call::<_, Bytes>("eth_call", &(tx, self.block))
            } else {
                b.add_call::<_, Bytes>("eth_call", &(tx, self.block, o))
            }
            .map_err(fail)?;
            waiters.push(w);
        }
        b.send().await.map_err(|e| self.rpc.fail(&e, "eth_call"))?;
        let mut out = Vec::with_capacity(waiters.len());
        for w in waiters {
            out.push(w.await);
        }
        Ok(out)
    }
}

impl Executor for NodeExecutor<'_> {
    fn engine(&self) -> Engine {
        Engine::Node
    }

    async fn simulate(&self, calls: &[(Call, StateOverride)]) -> Result<Vec<SimOutcome>> {
        let mut answers = self.call_batch(calls).await?;
        // A node that wants the calldata in the other field says so in a -32602;
        // switch once, for the rest of the run, and ask those calls again.
        let misread: Vec<usize> = answers
            .iter()
            .enumerate()
            .filter(|(_, a)| matches!(a, Err(RpcError::ErrorResp(p)) if wants_other_field(p)))
            .map(|(i, _)| i)
            .collect();
        if !misread.is_empty() {
            self.use_input
                .fetch_xor(true, std::sync::atomic::Ordering::Relaxed);
            let again: Vec<(Call, StateOverride)> =
                misread.iter().map(|i| calls[*i].clone()).collect();
            for (i, a) in misread.into_iter().zip(self.call_batch(&again).await?) {
                answers[i] = a;
            }
        }
        Ok(answers.into_iter().map(sim_outcome).collect())
    }

    async fn estimate_gas(&self, call: &Call, overrides: &StateOverride) -> Option<u64> {
        let tx = self.tx(call);
        let client = self.rpc.client();
        if !overrides.is_empty() {
            let with: std::result::Result<U64, _> = client
                .request("eth_estimateGas", (tx.clone(), self.block, overrides))
                .await;
            if let Ok(g) = with {
                return Some(g.to());
            }
        }
        // Hardhat and Ganache refuse overrides here: estimate without them.
        client
            .request::<_, U64>("eth_estimateGas", (tx, self.block))
            .await
            .ok()
            .map(|g| g.to())
    }

    /// `debug_traceCall`'s struct logs, converted into a record as they are
    /// read (validated: a trace no EVM could produce is the endpoint's fault).
    async fn trace(
        &self,
        call: &Call,
        overrides: &StateOverride,
    ) -> Result<std::result::Result<ExecRecord, String>> {
        let limits = Limits::default();
        let opts = serde_json::json!({
            "enableMemory": true,
            "disableStorage": true,
            "enableReturnData": false,
            // geth stops logging there; past it the record is cut anyway.
            "limit": limits.steps,
            "stateOverrides": overrides,
        });
        let raw: std::result::Result<Box<serde_json::value::RawValue>, _> = self
            .rpc
            .client()
            .request("debug_traceCall", (self.tx(call), self.block, opts))
            .await;
        let raw = match raw {
            Ok(r) => r,
            Err(e) => return Ok(Err(classify_transport(&e, "debug_traceCall").to_string())),
        };
        match structlog::convert(raw.get(), call.to, limits) {
            Ok(r) => Ok(Ok(r)),
            Err(why) => Err(Error::Endpoint {
                rpc: self.rpc.endpoint().shown().to_owned(),
                source: EndpointError::InvalidResponse {
                    detail: why.to_string(),
                },
            }),
        }
    }
}

/// Reads an `eth_call` answer: success, revert (with data), the sender unable
/// to pay, or another refusal.
pub fn sim_outcome(r: std::result::Result<Bytes, TransportError>) -> SimOutcome {
    match r {
        Ok(_) => SimOutcome::Success,
        Err(RpcError::ErrorResp(p)) => match revert_data(&p) {
            _ if is_halt(&p.message) => SimOutcome::Halted {
                halt: Halt::from_words(&p.message),
                gas: None,
            },
            Some(d) => SimOutcome::Reverted(d),
            None if is_funds_error(&p.message) => {
                SimOutcome::Unfunded(format!("error {}: {}", p.code, p.message))
            }
            None => SimOutcome::Failed(format!("error {}: {}", p.code, p.message)),
        },
        Err(e) => SimOutcome::Failed(classify_transport(&e, "eth_call").to_string()),
    }
}

/// Whether a node's error says the EVM halted the call (out of gas, an invalid
/// opcode) rather than that the call reverted: geth's and Nethermind's "out of
/// gas", Anvil's `OutOfGas`, Hardhat's "ran out of gas", "invalid opcode".
fn is_halt(message: &str) -> bool {
    !matches!(Halt::from_words(message), Halt::Other(_))
        && !message.to_ascii_lowercase().contains("revert")
        || message.to_ascii_lowercase().contains("out of gas")
}

/// Revert data of an `eth_call` error (empty for a bare revert).
pub fn revert_data(p: &ErrorPayload) -> Option<Bytes> {
    if let Some(d) = p.as_revert_data() {
        return Some(d);
    }
    let m = p.message.to_ascii_lowercase();
    (p.code == 3 || m.contains("revert")).then(Bytes::new)
}

/// Whether a node's error message (not a revert: check that first, since a
/// contract may revert with "insufficient balance") says the sender cannot pay
/// value plus gas. The phrases are the clients' own, read in their sources:
/// geth, Erigon, Nethermind, reth and Anvil ("insufficient funds for gas *
/// price plus value", "insufficient funds for transfer"), revm ("lack of funds",
/// `OutOfFunds`, `LackOfFundForMaxFee`), older Nethermind ("insufficient sender
/// balance", "insufficient MaxFeePerGas for sender balance"), Besu ("Upfront
/// cost exceeds account balance (transaction up-front cost …)"), Hardhat
/// ("Sender doesn't have enough funds to send tx"), Ganache / ethereumjs
/// ("insufficient balance"). "gas required exceeds allowance" is left out: a
/// gas cap says it too.
pub fn is_funds_error(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    FUNDS_PHRASES.iter().any(|p| m.contains(p))
}

/// Lower-case phrases of the clients' funds errors (see [`is_funds_error`]).
pub const FUNDS_PHRASES: &[&str] = &[
    "insufficient funds",
    "insufficient balance",
    "insufficient sender balance",
    "insufficient maxfeepergas for sender balance",
    "lack of funds",
    "lackoffund",
    "outoffunds",
    "out of funds",
    "upfront cost exceeds",
    "up-front cost",
    "doesn't have enough funds",
];

/// A -32602 that complains about the calldata field (`duplicate field
/// `data``, `unknown field `input``, ...): ask again with the other field.
fn wants_other_field(p: &ErrorPayload) -> bool {
    let m = p.message.to_ascii_lowercase();
    p.code == -32602
        && (m.contains("`data`")
            || m.contains("`input`")
            || m.contains("\"data\"")
            || m.contains("\"input\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::{Address, U256};
    use alloy::transports::mock::Asserter;

    fn payload(code: i64, message: &str) -> ErrorPayload {
        ErrorPayload {
            code,
            message: message.to_owned().into(),
            data: None,
        }
    }

    #[test]
    fn funds_errors_in_every_clients_words() {
        for m in [
            "insufficient funds for gas * price + value: address 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 have 0 want 1000000000000000",
            "Insufficient funds: lack of funds (0) for max fee (1000)",
            "err: insufficient funds for gas * price + value: address 0x1 have 0 want 1 (supplied gas 30000000)",
            "Upfront cost exceeds account balance",
            "insufficient sender balance",
            "sender doesn't have enough funds to send tx. The max upfront cost is: 1000 and the sender's balance is: 0.",
            "VM Exception while processing transaction: insufficient balance",
            "insufficient MaxFeePerGas for sender balance",
            "EVM error: OutOfFunds",
            "Insufficient funds for gas * price + value",
        ] {
            assert!(
                matches!(
                    sim_outcome(Err(RpcError::ErrorResp(payload(-32000, m)))),
                    SimOutcome::Unfunded(_)
                ),
                "{m}"
            );
        }
        // A revert is a revert, whatever its words.
        let mut p = payload(
            3,
            "execution reverted: ERC20: transfer amount exceeds balance",
        );
        p.data = serde_json::value::RawValue::from_string("\"0x08c379a0\"".into()).ok();
        assert!(matches!(
            sim_outcome(Err(RpcError::ErrorResp(p))),
            SimOutcome::Reverted(_)
        ));
        assert!(matches!(
            sim_outcome(Err(RpcError::ErrorResp(payload(
                -32602,
                "too many arguments"
            )))),
            SimOutcome::Failed(_)
        ));
    }

    fn call() -> Call {
        Call {
            from: Some(Address::repeat_byte(1)),
            to: Address::repeat_byte(2),
            data: Bytes::from_static(&[0xde, 0xad]),
            value: U256::ZERO,
            time: None,
            number: None,
            gas: None,
        }
    }

    #[test]
    fn calldata_is_sent_in_one_field() {
        let rpc = Rpc::mocked(Asserter::new());
        let ex = NodeExecutor::new(&rpc, BlockId::latest());
        let v = serde_json::to_value(ex.tx(&call())).unwrap();
        assert_eq!(v["data"], "0xdead");
        assert!(v.get("input").is_none(), "{v}");
    }

    #[tokio::test]
    async fn a_node_that_wants_the_other_field_is_asked_again() {
        let asserter = Asserter::new();
        asserter.push_failure(payload(-32602, "duplicate field `data`"));
        asserter.push_success(&"0x");
        let rpc = Rpc::mocked(asserter.clone());
        let ex = NodeExecutor::new(&rpc, BlockId::latest());
        let out = ex
            .simulate(&[(call(), StateOverride::default())])
            .await
            .unwrap();
        assert_eq!(out, vec![SimOutcome::Success]);
        let v = serde_json::to_value(ex.tx(&call())).unwrap();
        assert_eq!(v["input"], "0xdead");
        assert!(v.get("data").is_none());
        assert!(asserter.read_q().is_empty());
    }
}
