//! The `allowlist` report of CLI.md: verdict, reasons, evidence, proxy and
//! simulation. Data only; `render` turns it into tables or JSON.

use alloy::primitives::Address;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::proxy::ProxyInfo;
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

/// `reasons[].kind`, the fixed vocabulary (CLI.md). Names and the list of
/// kinds are derived (`strum`), never kept by hand.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReasonKind {
    NoCode,
    NotAllowlisted,
    MissingRole,
    NotOwner,
    Paused,
    MerkleProofInvalid,
    NotAuthorized,
    /// The address must hold something it does not (tokens, an NFT, votes).
    NotHolder,
    /// An approval is missing or short (an allowance, an operator approval).
    NotApproved,
    /// A signature the call carries is refused (signer, nonce).
    SignatureInvalid,
    /// A deadline or expiry has passed.
    Expired,
    /// The address (or one the call passes) is on a deny list.
    Blocklisted,
    NotOpen,
    LimitReached,
    WrongPayment,
    SoldOut,
    InsufficientFunds,
    Reverted,
    Unknown,
    /// `tx`: the transaction ran out of gas (`gas_used`, `gas_limit`, `needed`).
    OutOfGas,
}

impl ReasonKind {
    /// snake_case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every kind, in the vocabulary's order.
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    /// Kinds that name a gate (or say none was found): the reasons a
    /// confirmed gate replaces. Funds, Merkle trees, `no_code` and gas stand
    /// apart.
    pub fn is_gating(self) -> bool {
        !matches!(
            self,
            Self::NoCode | Self::MerkleProofInvalid | Self::InsufficientFunds | Self::OutOfGas
        )
    }
}

/// One reason for a denial, with its extra fields (`role`, `slot`, `owner`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub kind: ReasonKind,
    pub message: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Reason {
    /// A reason without extra fields.
    pub fn new(kind: ReasonKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            extra: Map::new(),
        }
    }

    /// Adds an extra field.
    pub fn with(mut self, key: &str, value: impl Serialize) -> Self {
        crate::report::insert_extra(&mut self.extra, key, value);
        self
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
            r.reasons.iter().map(|x| x.kind).collect();
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
