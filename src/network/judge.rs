//! The verdict on a custom-network entry: its form, what its endpoints answered,
//! how it compares with the chain registry, lookalike hosts, and (with
//! `--origin`) what a browser would be allowed. Pure: the probes come in as data.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::cors::cors_denial;
use super::entry::{Entry, is_local};
use super::lookalike::OfficialHosts;
use crate::chain::gather::ChainObservation;
use crate::chain::{ChainExpectations, ChainReport, judge as judge_chain};
use crate::error::ErrorObject;
use crate::redact::redact_url;
use crate::registry::{ChainInfo, Registry};
use crate::report::{Finding, FindingKind};
use crate::rpc::cors::CorsObservation;

/// One RPC URL's probe: what it answered, or how it failed.
#[derive(Debug, Clone)]
pub struct Probe {
    pub rpc: String,
    pub result: Result<ChainObservation, ErrorObject>,
}

/// `endpoints[]`: the probe of one URL, as `chain` reports it, or its failure.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EndpointReport {
    Answered(ChainReport),
    Failed { rpc: String, error: Value },
}

/// The `network` report of CLI.md.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NetworkReport {
    /// The entry as read (RPC URLs redacted).
    pub network: Value,
    pub endpoints: Vec<EndpointReport>,
    pub findings: Vec<Finding>,
}

/// Several entries' reports (an array in, an array out).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NetworkReports(pub Vec<NetworkReport>);

/// Everything the judgement needs besides the entry.
pub struct Context<'a> {
    pub registry: &'a Registry,
    pub official: &'a OfficialHosts,
}

/// Judges an entry.
pub fn judge(
    raw: &Value,
    entry: &Entry,
    form: Vec<Finding>,
    probes: &[Probe],
    cors: &[CorsObservation],
    ctx: &Context<'_>,
) -> NetworkReport {
    let mut findings = form;
    let mut endpoints = Vec::with_capacity(probes.len());
    let mut answers: Vec<(&str, u64, Option<alloy::primitives::B256>)> = Vec::new();
    for p in probes {
        match &p.result {
            Ok(obs) => {
                let exp = ChainExpectations {
                    expect_chain_id: Some(entry.chain_id),
                    stale_after_secs: None,
                };
                let report = judge_chain(obs, &exp, ctx.registry);
                for f in &report.findings {
                    if f.kind != FindingKind::UnknownChain {
                        let mut f = f.clone().with("rpc", &p.rpc);
                        if f.kind == FindingKind::ChainIdMismatch {
                            f.message = format!(
                                "{} answers chain {} but the entry says {}",
                                p.rpc, obs.chain_id, entry.chain_id
                            );
                        }
                        findings.push(f);
                    }
                }
                answers.push((p.rpc.as_str(), obs.chain_id, obs.genesis_hash));
                endpoints.push(EndpointReport::Answered(report));
            }
            Err(e) => {
                findings.push(
                    Finding::new(
                        FindingKind::RpcUnreachable,
                        format!("{} ({})", e.message, e.kind),
                    )
                    .with("rpc", &p.rpc)
                    .with("error_kind", e.kind),
                );
                endpoints.push(EndpointReport::Failed {
                    rpc: p.rpc.clone(),
                    error: serde_json::to_value(e).unwrap_or(Value::Null),
                });
            }
        }
    }
    let ids: BTreeSet<u64> = answers.iter().map(|a| a.1).collect();
    let geneses: BTreeSet<_> = answers.iter().filter_map(|a| a.2).collect();
    if ids.len() > 1 || geneses.len() > 1 {
        let detail: Vec<String> = answers
            .iter()
            .map(|(rpc, id, g)| {
                format!(
                    "{rpc} → chain {id}{}",
                    g.map(|g| format!(", genesis {:.12}…", g.to_string()))
                        .unwrap_or_default()
                )
            })
            .collect();
        findings.push(Finding::new(
            FindingKind::RpcInconsistent,
            format!(
                "the RPC URLs of this entry are not one network: {}",
                detail.join("; ")
            ),
        ));
    }

    let genesis = (geneses.len() == 1)
        .then(|| geneses.iter().next().copied())
        .flatten();
    let claimed = ctx.registry.identify(entry.chain_id, genesis);
    match claimed {
        None => findings.push(
            Finding::new(
                FindingKind::UnknownChain,
                format!(
                    "chain ID {} is not in the registry: nothing to compare the entry with",
                    entry.chain_id
                ),
            )
            .with("chain_id", entry.chain_id),
        ),
        Some(known) => compare_with_registry(entry, known, &mut findings),
    }

    for (url, what) in entry
        .rpc_urls
        .iter()
        .map(|u| (u, "RPC"))
        .chain(entry.explorer_urls.iter().map(|u| (u, "explorer")))
    {
        let Some(host) = Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
        else {
            continue;
        };
        // The claimed chain's own hosts are the first reference.
        let lookalike = match claimed {
            Some(chain) => ctx.official.check_claimed(&host, chain),
            None => ctx.official.check(&host),
        };
        if let Some(l) = lookalike {
            findings.push(
                Finding::new(
                    FindingKind::LookalikeDomain,
                    format!(
                        "{what} host {} imitates {} ({})",
                        l.host,
                        l.imitates,
                        l.how.describe()
                    ),
                )
                .with("host", &l.host)
                .with("imitates", &l.imitates),
            );
        }
    }

    for c in cors {
        if let Some(why) = cors_denial(c) {
            findings.push(
                Finding::new(
                    FindingKind::CorsDenied,
                    format!("a dApp on {} cannot use {}: {why}", c.origin, c.rpc),
                )
                .with("rpc", &c.rpc)
                .with("origin", &c.origin),
            );
        }
    }

    NetworkReport {
        network: redacted(raw),
        endpoints,
        findings,
    }
}

fn host_of(url: &str) -> Option<(String, bool)> {
    let u = Url::parse(url).ok()?;
    let local = is_local(&u);
    u.host_str().map(|h| (h.to_ascii_lowercase(), local))
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn compare_with_registry(entry: &Entry, known: &ChainInfo, findings: &mut Vec<Finding>) {
    if !entry.symbol.eq_ignore_ascii_case(&known.symbol) {
        findings.push(
            Finding::new(
                FindingKind::SymbolMismatch,
                format!(
                    "symbol {:?} is not {}'s native currency {:?}: wallets show balances in the wrong unit, and a scam may pose as this chain",
                    entry.symbol, known.name, known.symbol
                ),
            )
            .with("expected", &known.symbol),
        );
    }
    let (a, b) = (norm(&entry.chain_name), norm(&known.name));
    if !a.is_empty() && !b.contains(&a) && !a.contains(&b) {
        findings.push(
            Finding::new(
                FindingKind::NameMismatch,
                format!(
                    "chainName {:?} differs from the registry's {:?} for chain {}",
                    entry.chain_name, known.name, known.chain_id
                ),
            )
            .with("expected", &known.name),
        );
    }
    let known_list = |hosts: &[String]| {
        let mut v: Vec<&str> = hosts.iter().map(String::as_str).take(5).collect();
        if hosts.len() > 5 {
            v.push("…");
        }
        v.join(", ")
    };
    for (urls, hosts, kind, what) in [
        (
            &entry.rpc_urls,
            &known.rpc_hosts,
            FindingKind::UnknownRpcHost,
            "RPC",
        ),
        (
            &entry.explorer_urls,
            &known.explorer_hosts,
            FindingKind::UnknownExplorerHost,
            "explorer",
        ),
    ] {
        if hosts.is_empty() || known.dev {
            continue;
        }
        for u in urls.iter() {
            let Some((host, local)) = host_of(u) else {
                continue;
            };
            if local || hosts.contains(&host) {
                continue;
            }
            findings.push(
                Finding::new(
                    kind,
                    format!(
                        "{what} host {host} is not one of {}'s known hosts ({})",
                        known.name,
                        known_list(hosts)
                    ),
                )
                .with("host", &host)
                .with("known", hosts),
            );
        }
    }
    if known.is_deprecated() {
        findings.push(Finding::new(
            FindingKind::DeprecatedChain,
            format!(
                "the registry marks {} (chain {}) deprecated",
                known.name, known.chain_id
            ),
        ));
    }
    if !known.red_flags.is_empty() {
        findings.push(
            Finding::new(
                FindingKind::RegistryRedFlag,
                format!(
                    "the registry flags chain {}: {}",
                    known.chain_id,
                    known.red_flags.join(", ")
                ),
            )
            .with("red_flags", &known.red_flags),
        );
    }
}

/// The entry with every RPC URL redacted.
fn redacted(raw: &Value) -> Value {
    let mut v = raw.clone();
    if let Some(urls) = v.get_mut("rpcUrls").and_then(Value::as_array_mut) {
        for u in urls {
            if let Some(s) = u.as_str() {
                *u = Value::String(redact_url(s));
            }
        }
    }
    v
}
