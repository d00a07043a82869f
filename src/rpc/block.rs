//! The plain JSON-RPC block type every gather step reads.

use alloy::primitives::{B256, U64, U128};
use serde::{Deserialize, Serialize};

/// The few block fields rpccheck reads. Deliberately smaller than alloy's
/// `Block`, so that chains with unusual headers still parse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockSummary {
    pub number: U64,
    pub hash: B256,
    pub timestamp: U64,
    #[serde(default)]
    pub base_fee_per_gas: Option<U128>,
}
