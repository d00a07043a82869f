//! Gathers what `network` judges: the chain probe of every RPC URL of an entry
//! (concurrently) and, with `--origin`, what each URL allows a browser. Returns
//! plain [`Probe`]s and CORS observations; a URL that fails is a probe with an
//! error, not an `Err`.

use std::collections::HashSet;

use alloy::eips::BlockId;

use super::judge::Probe;
use crate::chain::gather_chain;
use crate::error::Result;
use crate::rpc::cors::{CorsObservation, observe_cors};
use crate::rpc::{Endpoint, Rpc, TransportConfig};

/// The URLs to probe: each once, in the entry's order (a URL listed twice,
/// adjacent or not, is probed once).
pub fn unique_urls(urls: &[String]) -> Vec<String> {
    let mut seen = HashSet::with_capacity(urls.len());
    urls.iter()
        .filter(|u| seen.insert(u.as_str()))
        .cloned()
        .collect()
}

/// Probes every endpoint concurrently; `connect` opens the connection (the
/// guarded HTTP transport in the binary, alloy's mock in tests).
pub async fn probe_endpoints<F>(endpoints: &[Endpoint], block: BlockId, connect: F) -> Vec<Probe>
where
    F: Fn(&Endpoint) -> Result<Rpc>,
{
    let connect = &connect;
    let results = futures::future::join_all(endpoints.iter().map(|ep| async move {
        let rpc = connect(ep).map_err(|e| e.to_object())?;
        gather_chain(&rpc, block).await.map_err(|e| e.to_object())
    }))
    .await;
    endpoints
        .iter()
        .zip(results)
        .map(|(ep, result)| Probe {
            rpc: ep.shown().to_owned(),
            result,
        })
        .collect()
}

/// What each endpoint allows a page on `origin` (none without an origin).
pub async fn observe_all_cors(
    endpoints: &[Endpoint],
    origin: Option<&str>,
    config: &TransportConfig,
) -> Vec<CorsObservation> {
    match origin {
        Some(o) => {
            futures::future::join_all(
                endpoints
                    .iter()
                    .map(|ep| observe_cors(ep, o, config.clone())),
            )
            .await
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use alloy::eips::BlockNumberOrTag;
    use alloy::transports::mock::Asserter;
    use serde_json::Value;

    use super::*;
    use crate::chain::gather::replay::{answer_like as answers, fixture as recorded};

    #[test]
    fn duplicates_are_dropped_wherever_they_are() {
        let urls: Vec<String> = [
            "https://a",
            "https://b",
            "https://a",
            "https://c",
            "https://b",
        ]
        .map(String::from)
        .into();
        assert_eq!(unique_urls(&urls), ["https://a", "https://b", "https://c"]);
        assert!(unique_urls(&[]).is_empty());
    }

    #[tokio::test]
    async fn every_url_is_probed_and_a_failure_is_a_probe_not_an_error() {
        let eps: Vec<Endpoint> = ["http://node-a.test:8545", "http://node-b.test:8545"]
            .iter()
            .map(|u| Endpoint::parse(u).unwrap())
            .collect();
        let etc = recorded("etc-net-version.json");
        let connect = |ep: &Endpoint| {
            let a = if ep.shown().contains("node-a") {
                answers(&etc)
            } else {
                let a = Asserter::new();
                a.push_failure_msg("boom");
                for _ in 0..5 {
                    a.push_success(&Value::Null);
                }
                a
            };
            Ok(Rpc::mocked(a))
        };
        let probes =
            probe_endpoints(&eps, BlockId::Number(BlockNumberOrTag::Latest), connect).await;
        assert_eq!(probes.len(), 2);
        assert_eq!(probes[0].rpc, "http://node-a.test:8545");
        let obs = probes[0].result.as_ref().unwrap();
        assert_eq!((obs.chain_id, obs.net_version.as_deref()), (61, Some("1")));
        let err = probes[1].result.as_ref().unwrap_err();
        assert_eq!(err.kind, "rpc_error");
    }
}
