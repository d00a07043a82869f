//! `rpccheck doctor`: the checks of `rpccheck.toml`, their results and the
//! JUnit report. Reading the config and summarising results are pure; running
//! the checks is in `cli::doctor`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, Result};
use crate::rpc::endpoint::expand_env;

/// `rpccheck.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Named endpoints (`${VAR}` expanded), usable as `rpc = "name"` and by `-r name`.
    #[serde(default)]
    pub rpc_endpoints: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub chain: Vec<ChainCheck>,
    #[serde(default)]
    pub network: Vec<NetworkCheck>,
    #[serde(default)]
    pub allowlist: Vec<AllowlistCheck>,
}

/// `[[chain]]`: the endpoint must answer with this chain ID (and no error finding).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainCheck {
    pub name: Option<String>,
    pub rpc: Option<Spanned<String>>,
    pub expect_chain_id: Spanned<toml::Value>,
}

/// `[[network]]`: an EIP-3085 entry, inline or in a file, must have no error finding
/// (or, with `expect = "invalid"`, must have one; `findings` lists kinds that must appear).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkCheck {
    pub name: Option<String>,
    pub file: Option<Spanned<String>>,
    pub entry: Option<Spanned<toml::Value>>,
    pub origin: Option<String>,
    pub expect: Option<Spanned<String>>,
    #[serde(default)]
    pub findings: Vec<String>,
}

/// `[[allowlist]]`: the verdict for an address (or several), and optionally the reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistCheck {
    pub name: Option<String>,
    pub rpc: Option<Spanned<String>>,
    pub contract: Spanned<String>,
    pub address: Option<Spanned<String>>,
    pub addresses: Option<Spanned<Vec<String>>>,
    /// `"mint(uint256) 1"` or `["mint(uint256)", "1"]`.
    pub call: Option<Spanned<toml::Value>>,
    pub value: Option<Spanned<String>>,
    pub abi: Option<String>,
    pub merkle_tree: Option<String>,
    pub real_balance: Option<bool>,
    pub expect: Spanned<String>,
    pub reason: Option<Spanned<String>>,
}

/// A config that was read, with its text for line numbers.
pub struct Loaded {
    pub path: String,
    pub text: String,
    pub config: Config,
}

impl Loaded {
    /// Reads and parses the file; errors name the line.
    pub fn read(path: &str) -> Result<Loaded> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::input_hint(
                format!("cannot read config {path}: {e}"),
                "write an rpccheck.toml (see the README) or pass --config FILE",
            )
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(0);
            let msg = e.message().replace('\n', " ");
            Error::input(format!("{path}:{line}: {msg}"))
        })?;
        Ok(Loaded {
            path: path.to_owned(),
            text,
            config,
        })
    }

    /// A config error at `span`.
    pub fn error_at(&self, span: std::ops::Range<usize>, msg: impl std::fmt::Display) -> Error {
        Error::input(format!(
            "{}:{}: {msg}",
            self.path,
            line_of(&self.text, span.start)
        ))
    }

    /// Resolves `rpc = "name"` through `[rpc_endpoints]` (with `${VAR}`), or returns the URL.
    pub fn resolve_rpc(&self, rpc: &Spanned<String>) -> Result<String> {
        let value = rpc.get_ref();
        let (raw, span) = match self.config.rpc_endpoints.get(value) {
            Some(url) => (url.get_ref().clone(), url.span()),
            None if value.contains("://") || value.contains(':') => (value.clone(), rpc.span()),
            None => {
                return Err(self.error_at(
                    rpc.span(),
                    format!("rpc {value:?} is neither a URL nor a name in [rpc_endpoints]"),
                ));
            }
        };
        expand_env(&raw, |k| std::env::var(k).ok())
            .map_err(|var| self.error_at(span, format!("${{{var}}} is not set")))
    }
}

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// The check could not run: the endpoint failed.
    Error,
}

/// One row of the doctor report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckResult {
    pub name: String,
    pub kind: String,
    pub status: Status,
    pub expected: String,
    pub found: String,
    pub reason: String,
    pub duration_ms: u64,
}

/// Counts by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoctorSummary {
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
}

/// The doctor report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoctorReport {
    pub config: String,
    pub checks: Vec<CheckResult>,
    pub summary: DoctorSummary,
}

impl DoctorReport {
    /// Builds the report and its summary.
    pub fn new(config: String, checks: Vec<CheckResult>) -> Self {
        let mut summary = DoctorSummary::default();
        for c in &checks {
            match c.status {
                Status::Pass => summary.passed += 1,
                Status::Fail => summary.failed += 1,
                Status::Error => summary.errors += 1,
            }
        }
        Self {
            config,
            checks,
            summary,
        }
    }

    /// 3 when an endpoint failed, else 1 when an expectation failed, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.summary.errors > 0 {
            3
        } else if self.summary.failed > 0 {
            1
        } else {
            0
        }
    }

    /// JUnit XML: one test case per check.
    pub fn junit(&self) -> std::result::Result<String, String> {
        use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
        let mut suite = TestSuite::new("rpccheck doctor");
        let mut total = 0;
        for c in &self.checks {
            let status = match c.status {
                Status::Pass => TestCaseStatus::success(),
                Status::Fail | Status::Error => {
                    let kind = if c.status == Status::Fail {
                        NonSuccessKind::Failure
                    } else {
                        NonSuccessKind::Error
                    };
                    let mut s = TestCaseStatus::non_success(kind);
                    s.set_message(format!("expected {}, found {}", c.expected, c.found));
                    s.set_description(c.reason.clone());
                    s
                }
            };
            let mut case = TestCase::new(c.name.clone(), status);
            case.set_classname(format!("rpccheck.{}", c.kind));
            case.set_time(std::time::Duration::from_millis(c.duration_ms));
            total += c.duration_ms;
            suite.add_test_case(case);
        }
        suite.set_time(std::time::Duration::from_millis(total));
        let mut report = Report::new("rpccheck");
        report.add_test_suite(suite);
        report.to_string().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: Status) -> CheckResult {
        CheckResult {
            name: "n".into(),
            kind: "chain".into(),
            status,
            expected: "a".into(),
            found: "b".into(),
            reason: "r".into(),
            duration_ms: 1,
        }
    }

    #[test]
    fn summary_and_exit_codes() {
        assert_eq!(
            DoctorReport::new("c".into(), vec![row(Status::Pass)]).exit_code(),
            0
        );
        assert_eq!(
            DoctorReport::new("c".into(), vec![row(Status::Pass), row(Status::Fail)]).exit_code(),
            1
        );
        let r = DoctorReport::new("c".into(), vec![row(Status::Fail), row(Status::Error)]);
        assert_eq!(r.exit_code(), 3);
        assert_eq!(
            r.summary,
            DoctorSummary {
                passed: 0,
                failed: 1,
                errors: 1
            }
        );
        let xml = r.junit().unwrap();
        assert!(
            xml.contains("<testsuite name=\"rpccheck doctor\" tests=\"2\""),
            "{xml}"
        );
        assert!(xml.contains("<failure") && xml.contains("<error"), "{xml}");
    }

    #[test]
    fn config_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rpccheck.toml");
        std::fs::write(&p, "[[chain]]\nexpect_chain_id = 1\nbogus = 2\n").unwrap();
        let err = Loaded::read(p.to_str().unwrap()).err().unwrap().to_string();
        assert!(err.contains(":3:") && err.contains("bogus"), "{err}");
        std::fs::write(&p, "[[chain]\n").unwrap();
        let err = Loaded::read(p.to_str().unwrap()).err().unwrap().to_string();
        assert!(err.contains(":1:"), "{err}");
    }
}
