//! `rpccheck doctor`: the checks of `rpccheck.toml`. [`config`] turns the file
//! into typed plans (pure), [`flow`] runs each through its command's own check,
//! [`grade`] compares the report with the expectation (pure); here are the
//! report rows, their summary and the JUnit form.

pub mod config;
pub mod flow;
pub mod grade;

pub use config::{Loaded, Plan};
pub use flow::{DoctorEnv, run_all};

use serde::{Deserialize, Serialize};

use crate::report::ExitStatus;

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
    pub fn exit_code(&self) -> ExitStatus {
        if self.summary.errors > 0 {
            ExitStatus::EndpointFailed
        } else if self.summary.failed > 0 {
            ExitStatus::Failed
        } else {
            ExitStatus::Passed
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
            ExitStatus::Passed
        );
        assert_eq!(
            DoctorReport::new("c".into(), vec![row(Status::Pass), row(Status::Fail)]).exit_code(),
            ExitStatus::Failed
        );
        let r = DoctorReport::new("c".into(), vec![row(Status::Fail), row(Status::Error)]);
        assert_eq!(r.exit_code(), ExitStatus::EndpointFailed);
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
}
