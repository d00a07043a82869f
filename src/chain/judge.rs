//! `chain`'s judgement of a [`ChainObservation`] against expectations and the
//! registry. Pure: no I/O, so recorded observations replay in unit tests.

use alloy::primitives::B256;
use alloy::rpc::types::SyncStatus;
use serde::{Deserialize, Serialize};

use super::gather::ChainObservation;
use crate::registry::{ChainInfo, Registry};
use crate::report::{Finding, FindingKind};
use crate::rpc::Capabilities;

/// A head older than this, on a chain that is not a local dev node, is stale.
pub const DEFAULT_STALE_AFTER_SECS: u64 = 300;

/// What the user expects of the chain.
#[derive(Debug, Clone, Default)]
pub struct ChainExpectations {
    pub expect_chain_id: Option<u64>,
    /// Threshold for `stale_head`; `None` means [`DEFAULT_STALE_AFTER_SECS`].
    pub stale_after_secs: Option<u64>,
}

/// The `chain` report: every CLI.md field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainReport {
    pub rpc: String,
    pub chain_id: u64,
    pub net_version: Option<String>,
    pub client_version: Option<String>,
    pub block_number: Option<u64>,
    pub block_age_secs: Option<u64>,
    pub syncing: Option<bool>,
    pub eip1559: Option<bool>,
    pub genesis_hash: Option<B256>,
    pub network: Option<String>,
    pub latency_ms: u64,
    /// What the endpoint serves (`null` only when judging an observation
    /// recorded before capabilities were probed).
    pub capabilities: Option<Capabilities>,
    pub findings: Vec<Finding>,
}

/// Client-version prefixes of local development nodes.
const DEV_CLIENTS: &[&str] = &[
    "anvil",
    "hardhat",
    "ganache",
    "ethereumjs testrpc",
    "tenderly",
];

/// Whether `client_version` names a local development node.
pub fn dev_client(client_version: Option<&str>) -> Option<&'static str> {
    let v = client_version?.to_ascii_lowercase();
    DEV_CLIENTS.iter().copied().find(|d| v.starts_with(d))
}

/// Judges one observation.
pub fn judge(obs: &ChainObservation, exp: &ChainExpectations, registry: &Registry) -> ChainReport {
    let known = registry.identify(obs.chain_id, obs.genesis_hash);
    let dev_client = dev_client(obs.client_version.as_deref());
    let is_dev = dev_client.is_some() || known.is_some_and(|c| c.dev);
    let mut findings = Vec::new();

    if let Some(want) = exp.expect_chain_id
        && want != obs.chain_id
    {
        findings.push(
            Finding::new(
                FindingKind::ChainIdMismatch,
                format!(
                    "endpoint is chain {} ({}), expected {} ({})",
                    obs.chain_id,
                    name_or_unknown(known),
                    want,
                    name_or_unknown(registry.identify(want, None))
                ),
            )
            .with("expected", want)
            .with("actual", obs.chain_id),
        );
    }

    if let Some(nv) = &obs.net_version {
        match parse_net_version(nv) {
            Some(n) if n == obs.chain_id => {}
            // Legitimate on some chains (Ethereum Classic: chain 61, network 1;
            // a default Ganache): a note, not an error.
            Some(n) => findings.push(
                Finding::new(
                    FindingKind::NetVersionDiffers,
                    format!(
                        "net_version says {n} but eth_chainId says {}; wallets sign for eth_chainId (EIP-155), so tools that read net_version see another network ID",
                        obs.chain_id
                    ),
                )
                .with("net_version", nv)
                .with("chain_id", obs.chain_id),
            ),
            None => findings.push(
                Finding::new(
                    FindingKind::ChainIdFormat,
                    format!("net_version answered {nv:?}, which is not a decimal network ID"),
                )
                .with("net_version", nv),
            ),
        }
    }

    if let (Some(client), Some(public)) = (dev_client, known.filter(|c| !c.dev)) {
        let genesis_note = match (public.genesis_hash, obs.genesis_hash) {
            (Some(want), Some(got)) if want == got => {
                " (its genesis matches: a fork of that chain)"
            }
            (Some(_), Some(_)) => " (its genesis block differs: it is not that chain)",
            _ => "",
        };
        findings.push(
            Finding::new(
                FindingKind::DevNodePublicChainId,
                format!(
                    "a local {client} node reports chain ID {} of {}{genesis_note}; wallets will treat it as that public chain",
                    obs.chain_id, public.name
                ),
            )
            .with("client", client)
            .with("public_chain", &public.name),
        );
    }

    let age = block_age(obs);
    let stale_after = exp.stale_after_secs.unwrap_or(DEFAULT_STALE_AFTER_SECS);
    if let Some(age) = age
        && !is_dev
        && age > stale_after
    {
        findings.push(
            Finding::new(
                FindingKind::StaleHead,
                format!(
                    "head block is {} old (threshold {}); the node may be stuck or behind",
                    human_duration(age),
                    human_duration(stale_after)
                ),
            )
            .with("block_age_secs", age)
            .with("threshold_secs", stale_after),
        );
    }

    if let Some(SyncStatus::Info(info)) = &obs.syncing {
        let (cur, high) = (
            info.current_block.to::<u64>(),
            info.highest_block.to::<u64>(),
        );
        findings.push(
            Finding::new(
                FindingKind::Syncing,
                format!(
                    "node is syncing: block {cur} of {high} ({} behind); its answers are out of date",
                    high.saturating_sub(cur)
                ),
            )
            .with("current_block", cur)
            .with("highest_block", high),
        );
    }

    if known.is_none() {
        findings.push(
            Finding::new(
                FindingKind::UnknownChain,
                format!("chain ID {} is not in the built-in registry", obs.chain_id),
            )
            .with("chain_id", obs.chain_id),
        );
    }

    ChainReport {
        rpc: obs.rpc.clone(),
        chain_id: obs.chain_id,
        net_version: obs.net_version.clone(),
        client_version: obs.client_version.clone(),
        block_number: obs.head.as_ref().map(|h| h.number.to()),
        block_age_secs: age,
        syncing: obs
            .syncing
            .as_ref()
            .map(|s| matches!(s, SyncStatus::Info(_))),
        eip1559: obs.head.as_ref().map(|h| h.base_fee_per_gas.is_some()),
        genesis_hash: obs.genesis_hash,
        network: known.map(|c| c.name.clone()),
        latency_ms: obs.latency_ms,
        capabilities: obs.capabilities,
        findings,
    }
}

fn name_or_unknown(c: Option<&ChainInfo>) -> &str {
    c.map(|c| c.name.as_str()).unwrap_or("unknown chain")
}

/// `net_version` is a decimal string by spec; some nodes answer hex.
fn parse_net_version(nv: &str) -> Option<u64> {
    let t = nv.trim();
    match t.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => t.parse().ok(),
    }
}

/// Seconds since the head block, by the local clock (0 if the block is "in the future").
fn block_age(obs: &ChainObservation) -> Option<u64> {
    let ts: u64 = obs.head.as_ref()?.timestamp.to();
    Some(obs.observed_at.saturating_sub(ts))
}

/// `90` → `1m 30s`.
pub fn human_duration(secs: u64) -> String {
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m {}s", s / 60, s % 60),
        s if s < 86_400 => format!("{}h {}m", s / 3600, (s % 3600) / 60),
        s => format!("{}d {}h", s / 86_400, (s % 86_400) / 3600),
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
