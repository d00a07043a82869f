//! The `allowlist` report of CLI.md: verdict, reasons, evidence, proxy and
//! simulation. Data only; `render` turns it into tables or JSON.

use alloy::primitives::Address;
use serde::{Deserialize, Serialize};

use super::proxy::ProxyInfo;
pub use super::reason::{Amount, Count, Reason, ReasonFields, ReasonKind};
use crate::engine::Engine;
use crate::report::ExitStatus;

/// `verdict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Allowed,
    Denied,
    Inconclusive,
}

impl Verdict {
    /// Exit status: 0 allowed, 1 denied, 4 inconclusive.
    pub fn exit_code(self) -> ExitStatus {
        match self {
            Self::Allowed => ExitStatus::Passed,
            Self::Denied => ExitStatus::Failed,
            Self::Inconclusive => ExitStatus::Inconclusive,
        }
    }

    /// Lower-case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Denied => "denied",
            Self::Inconclusive => "inconclusive",
        }
    }
}

/// One piece of evidence: which step saw what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub source: String,
    pub detail: String,
}

impl Evidence {
    /// Evidence from `source`.
    pub fn new(source: &str, detail: impl Into<String>) -> Self {
        Self {
            source: source.to_owned(),
            detail: detail.into(),
        }
    }
}

/// `simulation.revert`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevertInfo {
    pub selector: Option<String>,
    pub name: Option<String>,
    pub args: Vec<String>,
    pub raw: String,
}

/// `simulation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulationInfo {
    pub call: String,
    #[serde(with = "crate::report::checksummed")]
    pub from: Address,
    pub success: bool,
    pub revert: Option<RevertInfo>,
}

/// The report for one address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistReport {
    #[serde(with = "crate::report::checksummed")]
    pub contract: Address,
    #[serde(with = "crate::report::checksummed")]
    pub address: Address,
    pub chain_id: u64,
    pub block: u64,
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
    pub evidence: Vec<Evidence>,
    pub proxy: Option<ProxyInfo>,
    /// Who ran the simulation and the trace.
    pub engine: Engine,
    pub simulation: Option<SimulationInfo>,
}

/// `--addresses` summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub allowed: usize,
    pub denied: usize,
    pub inconclusive: usize,
    /// How many results carry each reason kind.
    pub by_reason: std::collections::BTreeMap<ReasonKind, usize>,
}

impl Summary {
    /// Counts one result: its verdict and each reason kind it carries (once).
    pub fn add(&mut self, r: &AllowlistReport) {
        match r.verdict {
            Verdict::Allowed => self.allowed += 1,
            Verdict::Denied => self.denied += 1,
            Verdict::Inconclusive => self.inconclusive += 1,
        }
        let kinds: std::collections::BTreeSet<ReasonKind> =
            r.reasons.iter().map(Reason::kind).collect();
        for k in kinds {
            *self.by_reason.entry(k).or_default() += 1;
        }
    }

    /// Exit status: 0 if all allowed, 1 if any denied, else 4.
    pub fn exit_code(&self) -> ExitStatus {
        if self.denied > 0 {
            ExitStatus::Failed
        } else if self.inconclusive > 0 {
            ExitStatus::Inconclusive
        } else {
            ExitStatus::Passed
        }
    }
}

/// `--addresses` output: every result and the summary, and the endpoint's
/// error beside them when it failed part-way (CLI.md). Written as a stream by
/// the render layer; this type reads it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchReport {
    pub results: Vec<AllowlistReport>,
    pub summary: Summary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<serde_json::Value>,
}
