//! Running the plans of `rpccheck.toml`: each check through its command's own
//! flow (`chain::check`, `network::check::check`, and for allowlists the one
//! [`run_allowlist`]), graded by [`super::grade`]. All checks run concurrently.

use std::time::Instant;

use alloy::eips::BlockId;

use super::config::{AllowlistPlan, Plan};
use super::grade::{Grade, address_label, grade_allowlist, grade_chain, grade_network};
use super::{CheckResult, Status};
use crate::allowlist::report::AllowlistReport;
use crate::chain::{self, ChainExpectations, ChainPlan};
use crate::error::{Error, Result};
use crate::network::check::{NetworkEnv, check as check_network};
use crate::network::lookalike::OfficialHosts;
use crate::registry::Registry;
use crate::rpc::{Rpc, TransportConfig};

/// What every check shares.
pub struct DoctorEnv<'a> {
    pub block: BlockId,
    /// `--engine`, for the allowlist checks.
    pub engine: crate::engine::EngineChoice,
    pub transport: TransportConfig,
    pub registry: &'a Registry,
    pub official: &'a OfficialHosts,
}

/// Runs every plan (concurrently) and returns the rows in config order.
pub async fn run_all(plans: &[Plan], env: &DoctorEnv<'_>) -> Vec<CheckResult> {
    futures::future::join_all(plans.iter().map(|p| run_one(p, env)))
        .await
        .into_iter()
        .flatten()
        .collect()
}

async fn run_one(plan: &Plan, env: &DoctorEnv<'_>) -> Vec<CheckResult> {
    let started = Instant::now();
    match plan {
        Plan::Chain {
            name,
            endpoint,
            expect,
        } => {
            let plan = ChainPlan {
                block: env.block,
                expect: ChainExpectations {
                    expect_chain_id: Some(*expect),
                    stale_after_secs: None,
                },
            };
            let report = async {
                let rpc = Rpc::connect(endpoint.clone(), env.transport.clone())?;
                chain::check(&rpc, &plan, env.registry).await
            }
            .await;
            vec![match report {
                Ok(r) => row(name, "chain", grade_chain(&r, *expect), started),
                Err(e) => error_row(name, "chain", &format!("chain {expect}"), &e, started),
            }]
        }
        Plan::Network {
            name,
            entry,
            origin,
            expect,
        } => {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => return vec![error_row(name, "network", "valid", e, started)],
            };
            let nenv = NetworkEnv {
                registry: env.registry,
                official: env.official,
                origin: origin.as_deref(),
                block: env.block,
                transport: env.transport.clone(),
            };
            let r = check_network(entry, &nenv).await;
            vec![row(name, "network", grade_network(&r, expect), started)]
        }
        Plan::Allowlist(a) => {
            let expected = a.expect.describe();
            match run_allowlist(a, env).await {
                Err(e) => vec![error_row(&a.name, "allowlist", &expected, &e, started)],
                Ok(results) => {
                    let several = a.addresses.len() > 1;
                    results
                        .into_iter()
                        .map(|(who, started, result)| {
                            let label = address_label(&a.name, who, several);
                            match result {
                                Ok(r) => row(
                                    &label,
                                    "allowlist",
                                    grade_allowlist(&r, &a.expect),
                                    started,
                                ),
                                Err(e) => error_row(&label, "allowlist", &expected, &e, started),
                            }
                        })
                        .collect()
                }
            }
        }
    }
}

/// One address's allowlist result, with when its check started.
type AddressResult = (alloy::primitives::Address, Instant, Result<AllowlistReport>);

/// The allowlist flow for doctor: the allowlist command's own
/// [`crate::allowlist::check`] at doctor's block. `Err` when the endpoint failed.
pub async fn run_allowlist(a: &AllowlistPlan, env: &DoctorEnv<'_>) -> Result<Vec<AddressResult>> {
    let rpc = Rpc::connect(a.endpoint.clone(), env.transport.clone())?;
    let plan = crate::allowlist::AllowlistPlan {
        block: env.block,
        engine: env.engine,
        ..a.check.clone()
    };
    let mut out = Vec::with_capacity(a.addresses.len());
    let mut started = Instant::now();
    crate::allowlist::check(&rpc, &plan, &a.addresses, &mut |r| {
        out.push((r.address, started, Ok(r)));
        started = Instant::now();
    })
    .await?;
    Ok(out)
}

fn row(name: &str, kind: &str, g: Grade, started: Instant) -> CheckResult {
    CheckResult {
        name: name.to_owned(),
        kind: kind.to_owned(),
        status: if g.pass { Status::Pass } else { Status::Fail },
        expected: g.expected,
        found: g.found,
        reason: g.reason,
        duration_ms: started.elapsed().as_millis() as u64,
    }
}

fn error_row(name: &str, kind: &str, expected: &str, e: &Error, started: Instant) -> CheckResult {
    let o = e.to_object();
    CheckResult {
        name: name.to_owned(),
        kind: kind.to_owned(),
        status: Status::Error,
        expected: expected.to_owned(),
        found: o.kind.to_owned(),
        reason: o.message,
        duration_ms: started.elapsed().as_millis() as u64,
    }
}
