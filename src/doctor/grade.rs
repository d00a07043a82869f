//! Pure grading: a command's own report against what `rpccheck.toml` expects,
//! as one row's pass/fail, expected, found and why.

use alloy::primitives::Address;

use crate::allowlist::report::{AllowlistReport, Reason, ReasonKind, Verdict};
use crate::chain::ChainReport;
use crate::network::judge::NetworkReport;
use crate::report::{Finding, Severity, findings_exit_code};

/// `[[network]]`'s expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkExpectation {
    /// `expect = "valid"` (the default) or `"invalid"`.
    pub valid: bool,
    /// Finding kinds that must appear.
    pub findings: Vec<String>,
}

/// `[[allowlist]]`'s expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowlistExpectation {
    pub verdict: Verdict,
    /// A reason kind that must be among the reasons.
    pub reason: Option<ReasonKind>,
}

impl AllowlistExpectation {
    /// "denied (missing_role)", "allowed".
    pub fn describe(&self) -> String {
        match self.reason {
            Some(r) => format!("{} ({})", self.verdict.as_str(), r.as_str()),
            None => self.verdict.as_str().to_owned(),
        }
    }
}

/// One graded check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    pub pass: bool,
    pub expected: String,
    pub found: String,
    pub reason: String,
}

/// `[[chain]]`: the right chain (a mismatch is an error finding) and no error finding.
pub fn grade_chain(r: &ChainReport, expect: u64) -> Grade {
    Grade {
        pass: findings_exit_code(&r.findings).is_success(),
        expected: format!("chain {expect}"),
        found: format!("chain {}", r.chain_id),
        reason: r
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.kind.as_str(), f.message))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// `[[network]]`: valid (no error finding) or invalid as expected, with every listed kind.
pub fn grade_network(r: &NetworkReport, e: &NetworkExpectation) -> Grade {
    let valid = findings_exit_code(&r.findings).is_success();
    let kinds: Vec<&str> = r.findings.iter().map(|f| f.kind.as_str()).collect();
    let missing = e.findings.iter().any(|k| !kinds.contains(&k.as_str()));
    let mut expected = if e.valid { "valid" } else { "invalid" }.to_owned();
    if !e.findings.is_empty() {
        expected.push_str(&format!(" with {}", e.findings.join(", ")));
    }
    let errors: Vec<&str> = errors(&r.findings).collect();
    Grade {
        pass: valid == e.valid && !missing,
        expected,
        found: if valid {
            "valid".to_owned()
        } else {
            format!("invalid: {}", errors.join(", "))
        },
        reason: r
            .findings
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn errors(findings: &[Finding]) -> impl Iterator<Item = &'static str> + '_ {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.kind.as_str())
}

/// `[[allowlist]]`: the verdict, and the reason kind when one is expected.
pub fn grade_allowlist(r: &AllowlistReport, e: &AllowlistExpectation) -> Grade {
    let kinds: Vec<ReasonKind> = r.reasons.iter().map(Reason::kind).collect();
    let found = if kinds.is_empty() {
        r.verdict.as_str().to_owned()
    } else {
        format!(
            "{} ({})",
            r.verdict.as_str(),
            kinds
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Grade {
        pass: r.verdict == e.verdict && e.reason.is_none_or(|k| kinds.contains(&k)),
        expected: e.describe(),
        found,
        reason: r
            .reasons
            .iter()
            .map(|x| x.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The row label of one address of a multi-address check.
pub fn address_label(name: &str, who: Address, several: bool) -> String {
    if several {
        format!("{name} [{who}]")
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
#[path = "grade_tests.rs"]
mod tests;
