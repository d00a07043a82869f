//! `rpccheck doctor`: runs the checks of `rpccheck.toml` concurrently and
//! reports each as pass or fail, with `--junit` for CI.

use std::path::{Path, PathBuf};
use std::time::Instant;

use alloy::eips::BlockId;
use alloy::primitives::{Address, U256};
use clap::Args;
use serde_json::Value;

use super::Context;
use super::allowlist::parse_address;
use super::chain::parse_chain_id;
use super::network::{Probing, check_entry};
use crate::allowlist::AllowlistPlan;
use crate::allowlist::calldata::CallSpec;
use crate::allowlist::merkle::StandardTree;
use crate::allowlist::report::{ReasonKind, Verdict};
use crate::chain::{ChainExpectations, judge as judge_chain};
use crate::doctor::{CheckResult, DoctorReport, Loaded, Status};
use crate::error::{Error, Result};
use crate::explain::{Decoder, load_abi};
use crate::network::lookalike::OfficialHosts;
use crate::registry::Registry;
use crate::report::{Severity, findings_exit_code};
use crate::rpc::probe::{gather_chain, parse_block};
use crate::rpc::{Endpoint, Rpc, TransportConfig};
use crate::units::parse_amount;

/// Run the checks of rpccheck.toml and report each as pass or fail.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  rpccheck doctor\n  rpccheck doctor --config ci/rpccheck.toml --junit rpccheck-junit.xml\n  rpccheck doctor --json"
)]
pub struct DoctorArgs {
    /// The config file
    #[arg(long, value_name = "FILE", default_value = "rpccheck.toml")]
    pub config: String,
    /// Also write the results as JUnit XML for CI
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

/// A check, validated and ready to run.
enum Prepared {
    Chain {
        name: String,
        endpoint: Endpoint,
        expect: u64,
    },
    Network {
        name: String,
        entry: Value,
        origin: Option<String>,
        expect_valid: bool,
        findings: Vec<String>,
    },
    Allowlist {
        name: String,
        endpoint: Endpoint,
        addresses: Vec<Address>,
        plan: Box<AllowlistPlan>,
        expect: Verdict,
        reason: Option<ReasonKind>,
    },
}

impl DoctorArgs {
    /// Validates the config (exit 2 naming the line), runs the checks, renders.
    pub async fn run(self, ctx: &mut Context) -> Result<u8> {
        let loaded = Loaded::read(&self.config)?;
        let base = Path::new(&self.config)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let prepared = prepare(&loaded, &base, ctx)?;
        if prepared.is_empty() {
            return Err(Error::input(format!(
                "{}: no [[chain]], [[network]] or [[allowlist]] checks",
                self.config
            )));
        }
        for p in &prepared {
            if let Prepared::Chain { endpoint, .. } | Prepared::Allowlist { endpoint, .. } = p {
                ctx.out = ctx.out.clone().with_secrets(endpoint.secrets());
            }
        }
        let block = parse_block(&ctx.global.block)?;
        let registry = Registry::builtin();
        let official = OfficialHosts::new(registry.all_hosts()).with_well_known();
        let config = ctx.transport_config();
        // Network checks need the context mutably (secrets); the others run concurrently.
        let others = futures::future::join_all(
            prepared
                .iter()
                .filter(|p| !matches!(p, Prepared::Network { .. }))
                .map(|p| run_check(p, &config, block)),
        )
        .await;
        let mut results: Vec<CheckResult> = others.into_iter().flatten().collect();
        for p in &prepared {
            if let Prepared::Network {
                name,
                entry,
                origin,
                expect_valid,
                findings,
            } = p
            {
                let started = Instant::now();
                let env = Probing {
                    registry,
                    official: &official,
                    origin: origin.as_deref(),
                    block,
                };
                let row = match check_entry(entry, name, &env, ctx).await {
                    Ok(report) => {
                        let errors: Vec<String> = report
                            .findings
                            .iter()
                            .filter(|f| f.severity == Severity::Error)
                            .map(|f| f.kind.as_str())
                            .collect();
                        let kinds: Vec<String> =
                            report.findings.iter().map(|f| f.kind.as_str()).collect();
                        let valid = findings_exit_code(&report.findings) == 0;
                        let missing: Vec<&String> =
                            findings.iter().filter(|k| !kinds.contains(k)).collect();
                        let pass = valid == *expect_valid && missing.is_empty();
                        let mut expected = if *expect_valid {
                            "valid".to_owned()
                        } else {
                            "invalid".to_owned()
                        };
                        if !findings.is_empty() {
                            expected.push_str(&format!(" with {}", findings.join(", ")));
                        }
                        let found = if valid {
                            "valid".to_owned()
                        } else {
                            format!("invalid: {}", errors.join(", "))
                        };
                        let reason = report
                            .findings
                            .iter()
                            .map(|f| f.message.clone())
                            .collect::<Vec<_>>()
                            .join("; ");
                        row(name, "network", pass, expected, found, reason, started)
                    }
                    Err(e) => error_row(name, "network", "valid", &e, started),
                };
                results.push(row);
            }
        }
        let report = DoctorReport::new(self.config.clone(), results);
        if let Some(path) = &self.junit {
            let xml = report
                .junit()
                .map_err(|e| Error::input(format!("cannot write JUnit: {e}")))?;
            std::fs::write(path, xml).map_err(|e| {
                Error::input(format!("cannot write --junit {}: {e}", path.display()))
            })?;
        }
        Ok(ctx.out.emit(&report))
    }
}

fn row(
    name: &str,
    kind: &str,
    pass: bool,
    expected: String,
    found: String,
    reason: String,
    started: Instant,
) -> CheckResult {
    CheckResult {
        name: name.to_owned(),
        kind: kind.to_owned(),
        status: if pass { Status::Pass } else { Status::Fail },
        expected,
        found,
        reason,
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

async fn run_check(p: &Prepared, config: &TransportConfig, block: BlockId) -> Vec<CheckResult> {
    let started = Instant::now();
    match p {
        Prepared::Chain {
            name,
            endpoint,
            expect,
        } => {
            let res = async {
                let rpc = Rpc::connect(endpoint.clone(), config.clone())?;
                gather_chain(&rpc, block).await
            }
            .await;
            vec![match res {
                Ok(obs) => {
                    let exp = ChainExpectations {
                        expect_chain_id: Some(*expect),
                        stale_after_secs: None,
                    };
                    let r = judge_chain(&obs, &exp, Registry::builtin());
                    let pass = findings_exit_code(&r.findings) == 0;
                    let reason = r
                        .findings
                        .iter()
                        .map(|f| format!("{}: {}", f.kind.as_str(), f.message))
                        .collect::<Vec<_>>()
                        .join("; ");
                    row(
                        name,
                        "chain",
                        pass,
                        format!("chain {expect}"),
                        format!("chain {}", r.chain_id),
                        reason,
                        started,
                    )
                }
                Err(e) => error_row(name, "chain", &format!("chain {expect}"), &e, started),
            }]
        }
        Prepared::Allowlist {
            name,
            endpoint,
            addresses,
            plan,
            expect,
            reason,
        } => {
            let expected = match reason {
                Some(r) => format!("{} ({})", verdict_word(*expect), r.as_str()),
                None => verdict_word(*expect).to_owned(),
            };
            let plan = AllowlistPlan {
                block,
                ..(**plan).clone()
            };
            let checked = async {
                let rpc = Rpc::connect(endpoint.clone(), config.clone())?;
                let mut reports = Vec::with_capacity(addresses.len());
                crate::allowlist::check(&rpc, &plan, addresses, &mut |r| reports.push(r)).await?;
                Ok::<_, Error>(reports)
            }
            .await;
            let reports = match checked {
                Ok(x) => x,
                Err(e) => return vec![error_row(name, "allowlist", &expected, &e, started)],
            };
            let mut rows = Vec::with_capacity(addresses.len());
            for r in reports {
                let who = r.address;
                let label = if addresses.len() > 1 {
                    format!("{name} [{who}]")
                } else {
                    name.clone()
                };
                {
                    {
                        let kinds: Vec<ReasonKind> = r.reasons.iter().map(|x| x.kind).collect();
                        let pass =
                            r.verdict == *expect && reason.is_none_or(|k| kinds.contains(&k));
                        let found = if kinds.is_empty() {
                            verdict_word(r.verdict).to_owned()
                        } else {
                            format!(
                                "{} ({})",
                                verdict_word(r.verdict),
                                kinds
                                    .iter()
                                    .map(|k| k.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        };
                        let why = r
                            .reasons
                            .iter()
                            .map(|x| x.message.clone())
                            .collect::<Vec<_>>()
                            .join("; ");
                        rows.push(row(
                            &label,
                            "allowlist",
                            pass,
                            expected.clone(),
                            found,
                            why,
                            started,
                        ));
                    }
                }
            }
            rows
        }
        Prepared::Network { .. } => Vec::new(),
    }
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "allowed",
        Verdict::Denied => "denied",
        Verdict::Inconclusive => "inconclusive",
    }
}

/// Validates every check; the first problem is a config error naming its line.
fn prepare(l: &Loaded, base: &Path, ctx: &Context) -> Result<Vec<Prepared>> {
    let default_endpoint = || ctx.endpoint();
    let endpoint = |rpc: &Option<toml::Spanned<String>>| -> Result<Endpoint> {
        match rpc {
            Some(r) => Endpoint::parse(&l.resolve_rpc(r)?).map_err(|e| l.error_at(r.span(), e)),
            None => default_endpoint(),
        }
    };
    let path = |p: &str| {
        if Path::new(p).is_absolute() {
            PathBuf::from(p)
        } else {
            base.join(p)
        }
    };
    let mut out = Vec::new();
    for (i, c) in l.config.chain.iter().enumerate() {
        let expect = match c.expect_chain_id.get_ref() {
            toml::Value::Integer(n) if *n > 0 => *n as u64,
            toml::Value::String(s) => {
                parse_chain_id(s).map_err(|e| l.error_at(c.expect_chain_id.span(), e))?
            }
            _ => {
                return Err(l.error_at(
                    c.expect_chain_id.span(),
                    "expect_chain_id must be a positive integer or a 0x-hex string",
                ));
            }
        };
        out.push(Prepared::Chain {
            name: c
                .name
                .clone()
                .unwrap_or_else(|| format!("chain #{} is {expect}", i + 1)),
            endpoint: endpoint(&c.rpc)?,
            expect,
        });
    }
    for (i, n) in l.config.network.iter().enumerate() {
        let name = n
            .name
            .clone()
            .unwrap_or_else(|| format!("network #{}", i + 1));
        let entry = match (&n.file, &n.entry) {
            (Some(f), None) => {
                let p = path(f.get_ref());
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    l.error_at(f.span(), format!("cannot read {}: {e}", p.display()))
                })?;
                serde_json::from_str::<Value>(&text).map_err(|e| {
                    l.error_at(f.span(), format!("{} is not valid JSON: {e}", p.display()))
                })?
            }
            (None, Some(e)) => {
                serde_json::to_value(e.get_ref()).map_err(|err| l.error_at(e.span(), err))?
            }
            _ => {
                let span = n
                    .file
                    .as_ref()
                    .map(|f| f.span())
                    .or(n.entry.as_ref().map(|e| e.span()))
                    .unwrap_or(0..0);
                return Err(l.error_at(
                    span,
                    format!("[[network]] {name}: give exactly one of file or entry"),
                ));
            }
        };
        let expect_valid = match n.expect.as_ref().map(|e| e.get_ref().as_str()) {
            None | Some("valid") => true,
            Some("invalid") => false,
            Some(other) => {
                let span = n.expect.as_ref().map(|e| e.span()).unwrap_or(0..0);
                return Err(l.error_at(
                    span,
                    format!("expect = {other:?}: use \"valid\" or \"invalid\""),
                ));
            }
        };
        out.push(Prepared::Network {
            name,
            entry,
            origin: n.origin.clone(),
            expect_valid,
            findings: n.findings.clone(),
        });
    }
    for (i, a) in l.config.allowlist.iter().enumerate() {
        let contract = parse_address(a.contract.get_ref(), "contract")
            .map_err(|e| l.error_at(a.contract.span(), e))?;
        let addresses = match (&a.address, &a.addresses) {
            (Some(x), None) => {
                vec![parse_address(x.get_ref(), "address").map_err(|e| l.error_at(x.span(), e))?]
            }
            (None, Some(xs)) => xs
                .get_ref()
                .iter()
                .map(|x| parse_address(x, "address").map_err(|e| l.error_at(xs.span(), e)))
                .collect::<Result<Vec<_>>>()?,
            _ => {
                return Err(l.error_at(
                    a.contract.span(),
                    "[[allowlist]]: give exactly one of address or addresses",
                ));
            }
        };
        let call = match &a.call {
            None => None,
            Some(c) => {
                let parts: Vec<String> = match c.get_ref() {
                    toml::Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
                    toml::Value::Array(items) => items
                        .iter()
                        .map(|v| {
                            v.as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| v.to_string())
                        })
                        .collect(),
                    _ => {
                        return Err(
                            l.error_at(c.span(), "call must be a string or an array of strings")
                        );
                    }
                };
                let (sig, args) = parts
                    .split_first()
                    .ok_or_else(|| l.error_at(c.span(), "call is empty"))?;
                Some(CallSpec::parse(sig, args).map_err(|e| l.error_at(c.span(), e))?)
            }
        };
        let value = match &a.value {
            Some(v) => parse_amount(v.get_ref()).map_err(|e| l.error_at(v.span(), e))?,
            None => U256::ZERO,
        };
        let expect = match a.expect.get_ref().as_str() {
            "allowed" => Verdict::Allowed,
            "denied" => Verdict::Denied,
            "inconclusive" => Verdict::Inconclusive,
            other => {
                return Err(l.error_at(
                    a.expect.span(),
                    format!("expect = {other:?}: use \"allowed\", \"denied\" or \"inconclusive\""),
                ));
            }
        };
        let reason = match &a.reason {
            Some(r) => Some(
                serde_json::from_value::<ReasonKind>(Value::String(r.get_ref().clone()))
                    .map_err(|_| l.error_at(r.span(), format!("reason = {:?} is not a reason kind (missing_role, not_owner, paused, not_allowlisted, merkle_proof_invalid, insufficient_funds, no_code, reverted, unknown)", r.get_ref())))?,
            ),
            None => None,
        };
        let mut decoder = Decoder::new();
        if let Some(p) = &a.abi {
            decoder = decoder
                .with_abi(&load_abi(&path(p)).map_err(|e| l.error_at(a.contract.span(), e))?);
        }
        let merkle = a
            .merkle_tree
            .as_ref()
            .map(|p| StandardTree::load(&path(p)).map_err(|e| l.error_at(a.contract.span(), e)))
            .transpose()?;
        out.push(Prepared::Allowlist {
            name: a
                .name
                .clone()
                .unwrap_or_else(|| format!("allowlist #{}", i + 1)),
            endpoint: endpoint(&a.rpc)?,
            addresses,
            plan: Box::new(AllowlistPlan {
                contract,
                call,
                value,
                real_balance: a.real_balance.unwrap_or(false),
                merkle,
                decoder,
                block: BlockId::latest(),
            }),
            expect,
            reason,
        });
    }
    Ok(out)
}
