//! Gathers what `chain` (and `network`, per RPC URL) judge: one batch of
//! reads, then the endpoint's capabilities (probed once per connection, see
//! [`crate::rpc::capabilities`]), returned as a plain [`ChainObservation`] that
//! can be saved to `fixtures/rpc/` and replayed in unit tests.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{B256, U64};
use alloy::rpc::types::SyncStatus;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::rpc::block::{BlockSummary, add_block_request};
use crate::rpc::classify::classify_transport;
use crate::rpc::{Capabilities, Rpc};

/// What the endpoint said about itself, unjudged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainObservation {
    /// Redacted URL.
    pub rpc: String,
    pub chain_id: u64,
    pub net_version: Option<String>,
    pub client_version: Option<String>,
    /// `None` when `eth_syncing` failed.
    pub syncing: Option<SyncStatus>,
    /// The block at `--block` (latest by default).
    pub head: Option<BlockSummary>,
    pub genesis_hash: Option<B256>,
    /// Round trip of the probe, in milliseconds.
    pub latency_ms: u64,
    /// Local clock when the answer arrived (unix seconds), to age the head.
    pub observed_at: u64,
    /// Methods that failed, with why: the probe goes on without them.
    #[serde(default)]
    pub unavailable: Vec<Unavailable>,
    /// Whether the endpoint accepted the probe as one batch.
    pub batched: bool,
    /// What the endpoint serves (absent from observations recorded before it
    /// was probed).
    #[serde(default)]
    pub capabilities: Option<Capabilities>,
}

/// A method the endpoint did not answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unavailable {
    pub method: String,
    pub error: String,
}

/// Sends the chain probe: one batch where the endpoint accepts batches.
pub async fn gather_chain(rpc: &Rpc, block: BlockId) -> Result<ChainObservation> {
    let client = rpc.client();
    let mut batch = client.new_batch();
    let map = |e| rpc.fail(&e, "batch");
    let chain_id = batch.add_call::<_, U64>("eth_chainId", &()).map_err(map)?;
    let net_version = batch
        .add_call::<_, String>("net_version", &())
        .map_err(map)?;
    let client_version = batch
        .add_call::<_, String>("web3_clientVersion", &())
        .map_err(map)?;
    let syncing = batch
        .add_call::<_, SyncStatus>("eth_syncing", &())
        .map_err(map)?;
    let head = add_block_request(&mut batch, block).map_err(map)?;
    let genesis = batch
        .add_call::<_, Option<BlockSummary>>(
            "eth_getBlockByNumber",
            &(BlockNumberOrTag::Earliest, false),
        )
        .map_err(map)?;

    let started = Instant::now();
    batch
        .send()
        .await
        .map_err(|e| rpc.fail(&e, "eth_chainId"))?;
    let latency_ms = started.elapsed().as_millis() as u64;

    let mut unavailable = Vec::new();
    let mut note = |method: &str, e: &alloy::transports::TransportError| {
        unavailable.push(Unavailable {
            method: method.to_owned(),
            error: classify_transport(e, method).to_string(),
        });
    };
    let chain_id = chain_id.await.map_err(|e| rpc.fail(&e, "eth_chainId"))?;
    let net_version = net_version
        .await
        .inspect_err(|e| note("net_version", e))
        .ok();
    let client_version = client_version
        .await
        .inspect_err(|e| note("web3_clientVersion", e))
        .ok();
    let syncing = syncing.await.inspect_err(|e| note("eth_syncing", e)).ok();
    let head = head
        .await
        .inspect_err(|e| note("eth_getBlockByNumber", e))
        .ok()
        .flatten();
    let genesis_hash = genesis
        .await
        .inspect_err(|e| note("eth_getBlockByNumber(earliest)", e))
        .ok()
        .flatten()
        .map(|b| b.hash);
    let batched = rpc.batches_supported();
    let capabilities = Some(rpc.capabilities().await?);
    Ok(ChainObservation {
        rpc: rpc.endpoint().shown().to_owned(),
        chain_id: chain_id.to(),
        net_version,
        client_version,
        syncing,
        head,
        genesis_hash,
        latency_ms,
        observed_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        unavailable,
        batched,
        capabilities,
    })
}

/// Recorded observations replayed on alloy's mock transport, for the tests of
/// every gather step built on [`gather_chain`].
#[cfg(test)]
pub(crate) mod replay {
    use alloy::transports::mock::Asserter;
    use serde_json::{Value, json};

    use super::ChainObservation;
    use crate::rpc::Capabilities;
    use crate::rpc::capabilities::replay::answer_probe;

    /// A recorded observation of `fixtures/rpc/`.
    pub fn fixture(name: &str) -> ChainObservation {
        let path = format!("{}/fixtures/rpc/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// What an endpoint recorded before capabilities were probed is taken to serve.
    pub const RECORDED_BEFORE_PROBING: Capabilities = Capabilities {
        batch_max: Some(1000),
        debug_trace_call: true,
        state_overrides: true,
        create_access_list: true,
        get_proof: true,
        archive: Some(true),
    };

    /// Queues the answers an endpoint gave for `obs`, in the probe's request
    /// order, the capability probe's included.
    pub fn answer_like(obs: &ChainObservation) -> Asserter {
        let a = Asserter::new();
        a.push_success(&format!("{:#x}", obs.chain_id));
        a.push_success(&obs.net_version);
        a.push_success(&obs.client_version);
        a.push_success(&obs.syncing);
        a.push_success(&obs.head);
        let genesis: Value = match obs.genesis_hash {
            Some(h) => json!({"number": "0x0", "hash": h, "timestamp": "0x0"}),
            None => Value::Null,
        };
        a.push_success(&genesis);
        let head = obs.head.as_ref().map_or(0, |h| h.number.to::<u64>());
        let caps = obs.capabilities.unwrap_or(RECORDED_BEFORE_PROBING);
        answer_probe(&a, &caps, head);
        a
    }
}

#[cfg(test)]
#[path = "gather_tests.rs"]
mod tests;
