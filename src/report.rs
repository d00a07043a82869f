//! The data every command produces: findings with severities, and the exit code
//! they imply. Rendering lives in `render.rs`; nothing here prints.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How bad a finding is. Any `Error` makes the command exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// Lower-case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// The finding kinds of CLI.md; each carries its fixed severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    ChainIdMismatch,
    ChainIdFormat,
    RpcUnreachable,
    RpcInconsistent,
    SymbolMismatch,
    NameMismatch,
    DecimalsInvalid,
    InsecureRpcUrl,
    InsecureExplorerUrl,
    LookalikeDomain,
    DevNodePublicChainId,
    StaleHead,
    Syncing,
    CorsDenied,
    UnknownChain,
    /// The entry has keys EIP-3085 does not define.
    UnknownField,
    /// `chainName` empty or longer than 100 characters.
    ChainNameInvalid,
    /// `nativeCurrency.symbol` not 1 to 6 characters.
    SymbolInvalid,
    /// An RPC URL's host is not among the chain's known hosts.
    UnknownRpcHost,
    /// An explorer URL's host is not among the chain's known explorers.
    UnknownExplorerHost,
    /// The registry marks the chain deprecated.
    DeprecatedChain,
    /// The registry flags the chain (e.g. a reused chain ID).
    RegistryRedFlag,
}

impl FindingKind {
    /// The severity CLI.md fixes for this kind.
    pub fn severity(self) -> Severity {
        use FindingKind::*;
        match self {
            ChainIdMismatch | ChainIdFormat | RpcUnreachable | RpcInconsistent | SymbolMismatch
            | DecimalsInvalid | InsecureRpcUrl | InsecureExplorerUrl | LookalikeDomain
            | CorsDenied | ChainNameInvalid | SymbolInvalid => Severity::Error,
            NameMismatch | DevNodePublicChainId | StaleHead | Syncing | UnknownField
            | UnknownRpcHost | UnknownExplorerHost | DeprecatedChain | RegistryRedFlag => {
                Severity::Warning
            }
            UnknownChain => Severity::Info,
        }
    }

    /// snake_case name, as in JSON.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One thing a check noticed. Extra fields (expected values, hosts, ...) are
/// flattened into the JSON object beside `kind`, `severity` and `message`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub message: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Finding {
    /// A finding of `kind` with its CLI.md severity.
    pub fn new(kind: FindingKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            severity: kind.severity(),
            message: message.into(),
            extra: Map::new(),
        }
    }

    /// Adds an extra JSON field.
    pub fn with(mut self, key: &str, value: impl Serialize) -> Self {
        if let Ok(v) = serde_json::to_value(value) {
            self.extra.insert(key.to_owned(), v);
        }
        self
    }
}

/// Exit code for a list of findings: 1 if any is an error, else 0.
pub fn findings_exit_code(findings: &[Finding]) -> u8 {
    if findings.iter().any(|f| f.severity == Severity::Error) {
        1
    } else {
        0
    }
}

/// Serde for addresses printed EIP-55-checksummed (alloy serialises lower-case).
pub mod checksummed {
    use alloy::primitives::Address;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialises checksummed.
    pub fn serialize<S: Serializer>(a: &Address, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&a.to_checksum(None))
    }

    /// Deserialises any case.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Address, D::Error> {
        Address::deserialize(d)
    }
}
