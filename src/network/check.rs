//! The `network` flow for one entry: read it ([`EntryPlan::read`]), probe its
//! RPC URLs and CORS ([`super::gather`]), judge ([`super::judge`]). Used by the
//! `network` command and by `doctor`'s `[[network]]` checks alike.

use alloy::eips::BlockId;
use serde_json::Value;

use super::entry::{Entry, read_entry};
use super::gather::{observe_all_cors, probe_endpoints, unique_urls};
use super::judge::{Context as JudgeContext, NetworkReport, judge};
use super::lookalike::OfficialHosts;
use crate::error::Result;
use crate::registry::Registry;
use crate::report::Finding;
use crate::rpc::{Endpoint, Rpc, TransportConfig};

/// What checking entries needs besides the entries.
pub struct NetworkEnv<'a> {
    pub registry: &'a Registry,
    pub official: &'a OfficialHosts,
    /// `--origin`, already validated, without a trailing `/`.
    pub origin: Option<&'a str>,
    pub block: BlockId,
    pub transport: TransportConfig,
}

/// One entry, read and with its RPC URLs parsed: ready to probe.
#[derive(Debug, Clone)]
pub struct EntryPlan {
    raw: Value,
    entry: Entry,
    form: Vec<Finding>,
    endpoints: Vec<Endpoint>,
}

impl EntryPlan {
    /// Reads the entry; `name` labels it in errors ("entry 2 of FILE").
    pub fn read(raw: Value, name: &str) -> Result<Self> {
        let (entry, form) = read_entry(&raw, name)?;
        let endpoints = unique_urls(&entry.rpc_urls)
            .iter()
            .map(|u| Endpoint::parse(u))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            raw,
            entry,
            form,
            endpoints,
        })
    }

    /// Secrets of the entry's URLs, to scrub from everything printed.
    pub fn secrets(&self) -> impl Iterator<Item = &[String]> {
        self.endpoints.iter().map(Endpoint::secrets)
    }
}

/// Probes the entry's endpoints (and CORS) and judges the entry. A URL that
/// fails is an `rpc_unreachable` finding, so this cannot fail.
pub async fn check(plan: &EntryPlan, env: &NetworkEnv<'_>) -> NetworkReport {
    let probes = probe_endpoints(&plan.endpoints, env.block, |ep| {
        Rpc::connect(ep.clone(), env.transport.clone())
    })
    .await;
    let cors = observe_all_cors(&plan.endpoints, env.origin, &env.transport).await;
    let jctx = JudgeContext {
        registry: env.registry,
        official: env.official,
    };
    judge(
        &plan.raw,
        &plan.entry,
        plan.form.clone(),
        &probes,
        &cors,
        &jctx,
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::chain::ChainObservation;
    use crate::network::judge::Probe;
    use crate::report::{ExitStatus, FindingKind, Severity, findings_exit_code};

    #[test]
    fn an_entry_listing_a_url_twice_probes_it_once() {
        let raw = json!({
            "chainId": "0x3d",
            "chainName": "Ethereum Classic",
            "nativeCurrency": {"name": "Ether", "symbol": "ETC", "decimals": 18},
            "rpcUrls": ["https://etc.rivet.link", "https://b.example", "https://etc.rivet.link"],
        });
        let plan = EntryPlan::read(raw, "entry").unwrap();
        let shown: Vec<&str> = plan.endpoints.iter().map(Endpoint::shown).collect();
        assert_eq!(shown, ["https://etc.rivet.link", "https://b.example"]);
    }

    #[test]
    fn net_version_differing_is_a_note_in_network_too() {
        // Defect 12 as `network` sees it: an ETC node (chain 61, net_version 1).
        let path = format!(
            "{}/fixtures/rpc/etc-net-version.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let obs: ChainObservation =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let raw = json!({
            "chainId": "0x3d",
            "chainName": "Ethereum Classic",
            "nativeCurrency": {"name": "Ether", "symbol": "ETC", "decimals": 18},
            "rpcUrls": ["https://etc.rivet.link"],
        });
        let plan = EntryPlan::read(raw, "entry").unwrap();
        let registry = Registry::builtin();
        let official = OfficialHosts::builtin(registry);
        let probes = [Probe {
            rpc: obs.rpc.clone(),
            result: Ok(obs),
        }];
        let jctx = JudgeContext {
            registry,
            official: &official,
        };
        let r = judge(
            &plan.raw,
            &plan.entry,
            plan.form.clone(),
            &probes,
            &[],
            &jctx,
        );
        let f = r
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::NetVersionDiffers)
            .unwrap_or_else(|| panic!("{:?}", r.findings));
        assert_eq!(f.severity, Severity::Info);
        assert!(
            r.findings
                .iter()
                .all(|f| f.kind != FindingKind::ChainIdFormat),
            "{:?}",
            r.findings
        );
        let errors: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(findings_exit_code(&r.findings), ExitStatus::Passed);
    }
}
