//! The plain JSON-RPC block type every gather step reads.

use alloy::eips::BlockId;
use alloy::primitives::{Address, B256, U64, U128};
use alloy::rpc::client::{BatchRequest, Waiter};
use alloy::transports::TransportResult;
use serde::{Deserialize, Serialize};

/// Adds the request for the block at `id` to a batch: `eth_getBlockByHash` for a
/// hash, `eth_getBlockByNumber` for a number or tag (without transactions).
pub fn add_block_request(
    b: &mut BatchRequest<'_>,
    id: BlockId,
) -> TransportResult<Waiter<Option<BlockSummary>>> {
    match id {
        BlockId::Hash(h) => b.add_call("eth_getBlockByHash", &(h.block_hash, false)),
        BlockId::Number(n) => b.add_call("eth_getBlockByNumber", &(n, false)),
    }
}

/// The few block fields rpccheck reads. Deliberately smaller than alloy's
/// `Block`, so that chains with unusual headers still parse.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockSummary {
    pub number: U64,
    pub hash: B256,
    pub timestamp: U64,
    #[serde(default)]
    pub base_fee_per_gas: Option<U128>,
    /// The header fields a local EVM needs as its block environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gas_limit: Option<U64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub miner: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mix_hash: Option<B256>,
    /// EIP-4844's excess blob gas (the blob base fee of the block's blob transactions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excess_blob_gas: Option<U64>,
}
