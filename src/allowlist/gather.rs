//! Reads for `rpccheck allowlist`: the only code of the command that talks to
//! the endpoint, apart from the [`crate::engine::Executor`] that runs calls. Each
//! function asks, batched, and returns what it was told as plain data; none
//! decides anything (the flow in [`super::check`] and the pure modules do).

use std::collections::BTreeSet;

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, B256, Bytes, U64, U256};
use alloy::rpc::types::{Filter, Log, TransactionInput, TransactionRequest};
use alloy::sol_types::SolEvent;
use alloy::transports::TransportError;

use crate::error::{EndpointError, Error, Result};
use crate::explain::signatures::CommonFunctions::RoleGranted;
use crate::rpc::Rpc;
use crate::rpc::block::BlockSummary;
use crate::rpc::classify::classify_transport;

/// The block every later read and simulation is pinned to.
#[derive(Debug, Clone, PartialEq)]
pub struct PinnedBlock {
    pub number: u64,
    pub hash: B256,
    /// What later requests name: the hash when `--block` gave one, else the number.
    pub id: BlockId,
    /// The header as the node sent it.
    pub header: BlockSummary,
}

/// What is read of the contract before anything is decided.
#[derive(Debug, Clone)]
pub struct FirstReads {
    pub chain_id: u64,
    pub block: PinnedBlock,
    pub code: Bytes,
    /// The EIP-1967 implementation, beacon and EIP-1822 slots: the word, or why unread.
    pub proxy_slots: [std::result::Result<B256, String>; 3],
}

/// Reads chain ID, the block at `block`, the code and the proxy slots in one
/// batch, and pins the block (a block the node does not have is an error, never
/// block 0).
pub async fn first_reads(
    rpc: &Rpc,
    contract: Address,
    block: BlockId,
    slots: [B256; 3],
) -> Result<FirstReads> {
    let fail = |e| rpc.fail(&e, "batch");
    let mut b = rpc.client().new_batch();
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
    let mut slot_waiters = Vec::with_capacity(3);
    for s in slots {
        slot_waiters.push(
            b.add_call::<_, U256>("eth_getStorageAt", &(contract, s, block))
                .map_err(fail)?,
        );
    }
    b.send().await.map_err(|e| rpc.fail(&e, "eth_getCode"))?;
    let chain_id: u64 = chain_id
        .await
        .map_err(|e| rpc.fail(&e, "eth_chainId"))?
        .to();
    let head = head
        .await
        .map_err(|e| rpc.fail(&e, "eth_getBlockByNumber"))?;
    let block = pin(block, head, rpc)?;
    let code = code.await.map_err(|e| rpc.fail(&e, "eth_getCode"))?;
    let mut words = Vec::with_capacity(3);
    for w in slot_waiters {
        words.push(
            w.await
                .map(|v| B256::from(v.to_be_bytes::<32>()))
                .map_err(|e| classify_transport(&e, "eth_getStorageAt").to_string()),
        );
    }
    let [a, b, c]: [_; 3] = words
        .try_into()
        .map_err(|_| Error::input("internal: three proxy slots expected"))?;
    Ok(FirstReads {
        chain_id,
        block,
        code,
        proxy_slots: [a, b, c],
    })
}

/// Pins the block the node answered for `asked`: its number and hash, named by
/// hash afterwards when the user gave a hash.
fn pin(asked: BlockId, head: Option<BlockSummary>, rpc: &Rpc) -> Result<PinnedBlock> {
    let Some(h) = head else {
        return Err(match asked {
            BlockId::Hash(h) => Error::input_hint(
                format!("block {} is not known to this endpoint", h.block_hash),
                "check the hash, and that the endpoint serves this chain",
            ),
            BlockId::Number(BlockNumberOrTag::Number(n)) => Error::input_hint(
                format!("block {n} is not known to this endpoint (not mined yet?)"),
                "check the number against `rpccheck chain`'s block_number",
            ),
            BlockId::Number(tag) => Error::Endpoint {
                rpc: rpc.endpoint().shown().to_owned(),
                source: EndpointError::InvalidResponse {
                    detail: format!("the node answered null for the {tag} block"),
                },
            },
        });
    };
    let number = h.number.to::<u64>();
    Ok(PinnedBlock {
        number,
        hash: h.hash,
        id: match asked {
            BlockId::Hash(_) => BlockId::Hash(h.hash.into()),
            _ => BlockId::Number(BlockNumberOrTag::Number(number)),
        },
        header: h,
    })
}

/// A plain read-only call object (calldata in `data`, which every client reads).
pub fn view_call(to: Address, data: Bytes) -> TransactionRequest {
    TransactionRequest::default()
        .to(to)
        .input(TransactionInput {
            input: None,
            data: Some(data),
        })
}

/// Code at `account`, or why it could not be read.
pub async fn code_at(
    rpc: &Rpc,
    account: Address,
    block: BlockId,
) -> std::result::Result<Bytes, String> {
    rpc.client()
        .request::<_, Bytes>("eth_getCode", (account, block))
        .await
        .map_err(|e| classify_transport(&e, "eth_getCode").to_string())
}

/// Runs read-only calls (`eth_call` without `from`) in one batch: each answer,
/// or `None` where the call failed or reverted.
pub async fn view_calls(
    rpc: &Rpc,
    calls: &[(Address, Bytes)],
    block: BlockId,
) -> Result<Vec<Option<Bytes>>> {
    if calls.is_empty() {
        return Ok(Vec::new());
    }
    let fail = |e| rpc.fail(&e, "batch");
    let mut b = rpc.client().new_batch();
    let mut waiters = Vec::with_capacity(calls.len());
    for (to, data) in calls {
        waiters.push(
            b.add_call::<_, Bytes>("eth_call", &(view_call(*to, data.clone()), block))
                .map_err(fail)?,
        );
    }
    b.send().await.map_err(|e| rpc.fail(&e, "eth_call"))?;
    let mut out = Vec::with_capacity(waiters.len());
    for w in waiters {
        out.push(w.await.ok());
    }
    Ok(out)
}

/// The roles named in the contract's `RoleGranted` logs up to `block`, or why
/// the logs could not be read.
pub async fn granted_roles(
    rpc: &Rpc,
    contract: Address,
    block: u64,
) -> std::result::Result<BTreeSet<B256>, String> {
    let filter = Filter::new()
        .address(contract)
        .event_signature(RoleGranted::SIGNATURE_HASH)
        .from_block(0u64)
        .to_block(block);
    let logs: std::result::Result<Vec<Log>, TransportError> =
        rpc.client().request("eth_getLogs", (filter,)).await;
    match logs {
        Ok(logs) => Ok(logs
            .iter()
            .filter_map(|l| l.topics().get(1).copied())
            .collect()),
        Err(e) => Err(classify_transport(&e, "eth_getLogs").to_string()),
    }
}

/// Balances of `addrs` and the gas price, in one batch (`None` where unread).
pub async fn balances(
    rpc: &Rpc,
    addrs: &[Address],
    block: BlockId,
) -> Result<(Vec<Option<U256>>, Option<U256>)> {
    let fail = |e| rpc.fail(&e, "batch");
    let mut b = rpc.client().new_batch();
    let price = b.add_call::<_, U256>("eth_gasPrice", &()).map_err(fail)?;
    let mut waiters = Vec::with_capacity(addrs.len());
    for who in addrs {
        waiters.push(
            b.add_call::<_, U256>("eth_getBalance", &(*who, block))
                .map_err(fail)?,
        );
    }
    b.send().await.map_err(|e| rpc.fail(&e, "eth_getBalance"))?;
    let price = price.await.ok();
    let mut out = Vec::with_capacity(waiters.len());
    for w in waiters {
        out.push(w.await.ok());
    }
    Ok((out, price))
}

/// Reads storage slots at `block` in one batch: `(account, slot)`.
pub async fn storage(
    rpc: &Rpc,
    slots: &[(Address, B256)],
    block: BlockId,
) -> Result<Vec<Option<B256>>> {
    if slots.is_empty() {
        return Ok(Vec::new());
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::transports::mock::Asserter;
    use serde_json::json;

    /// `eth_getBlockByNumber` of Anvil at block 12, as recorded.
    fn block_12() -> serde_json::Value {
        json!({"number": "0xc", "hash": "0x5b6c2b1a4f1e3c0f7a3b1f0e6a9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c",
               "timestamp": "0x674b1c00", "baseFeePerGas": "0x3b9aca00"})
    }

    #[tokio::test]
    async fn first_reads_pin_the_block_by_number_and_keep_a_hash() {
        let a = Asserter::new();
        a.push_success(&"0x7a69");
        a.push_success(&block_12());
        a.push_success(&"0x6080");
        for _ in 0..3 {
            a.push_success(&"0x0");
        }
        let rpc = Rpc::mocked(a);
        let r = first_reads(&rpc, Address::ZERO, BlockId::latest(), [B256::ZERO; 3])
            .await
            .unwrap();
        assert_eq!(r.chain_id, 31337);
        assert_eq!(r.block.number, 12);
        assert_eq!(
            r.block.id,
            BlockId::Number(BlockNumberOrTag::Number(12)),
            "later reads name the number, not `latest`"
        );
        assert_eq!(r.code.len(), 2);
        assert!(
            r.proxy_slots
                .iter()
                .all(|s| s.as_ref().is_ok_and(|w| w.is_zero()))
        );

        // --block HASH is kept as the hash.
        let a = Asserter::new();
        a.push_success(&"0x7a69");
        a.push_success(&block_12());
        a.push_success(&"0x");
        for _ in 0..3 {
            a.push_success(&"0x0");
        }
        let rpc = Rpc::mocked(a);
        let hash: B256 = block_12()["hash"].as_str().unwrap().parse().unwrap();
        let r = first_reads(&rpc, Address::ZERO, BlockId::from(hash), [B256::ZERO; 3])
            .await
            .unwrap();
        assert_eq!(r.block.id, BlockId::from(hash));
        assert_eq!(r.block.hash, hash);
    }

    #[tokio::test]
    async fn a_missing_block_is_an_error_not_block_zero() {
        for (asked, kind) in [
            (BlockId::number(99), "invalid_input"),
            (BlockId::latest(), "invalid_response"),
        ] {
            let a = Asserter::new();
            a.push_success(&"0x7a69");
            a.push_success(&serde_json::Value::Null);
            a.push_success(&"0x");
            for _ in 0..3 {
                a.push_success(&"0x0");
            }
            let rpc = Rpc::mocked(a);
            let err = first_reads(&rpc, Address::ZERO, asked, [B256::ZERO; 3])
                .await
                .unwrap_err();
            assert_eq!(err.to_object().kind, kind, "{err}");
        }
    }

    #[tokio::test]
    async fn balances_and_storage_are_one_batch_each() {
        let a = Asserter::new();
        a.push_success(&"0x3b9aca00");
        a.push_success(&"0x0");
        a.push_failure_msg("header not found");
        let rpc = Rpc::mocked(a);
        let who = [Address::repeat_byte(1), Address::repeat_byte(2)];
        let (bal, price) = balances(&rpc, &who, BlockId::number(1)).await.unwrap();
        assert_eq!(price, Some(U256::from(1_000_000_000u64)));
        assert_eq!(bal, vec![Some(U256::ZERO), None]);

        let a = Asserter::new();
        a.push_success(&"0x1");
        let rpc = Rpc::mocked(a);
        let v = storage(&rpc, &[(Address::ZERO, B256::ZERO)], BlockId::number(1))
            .await
            .unwrap();
        assert_eq!(v[0].map(|w| w[31]), Some(1));
    }
}
