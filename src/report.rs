//! The data every command produces: findings with severities, and the exit
//! status they imply. Rendering lives in `render/`; nothing here prints.

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
    /// `net_version` differs from the chain ID: legitimate on some chains
    /// (Ethereum Classic is chain 61, network 1), so only a note.
    NetVersionDiffers,
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
    /// `site`: the host is on the phishing detector's blocklist.
    BlocklistedDomain,
    /// `site`: the site is served over plain `http://` (not on this machine).
    InsecureOrigin,
    /// `site`: the host is punycode (an IDN); the finding carries its Unicode form.
    PunycodeDomain,
    /// `site`: the host is on the phishing detector's allowlist.
    AllowlistedDomain,
    /// The same RPC URL twice: MetaMask's network controller refuses the entry.
    DuplicateRpcUrl,
}

impl FindingKind {
    /// The severity CLI.md fixes for this kind.
    pub fn severity(self) -> Severity {
        use FindingKind::*;
        match self {
            ChainIdMismatch | ChainIdFormat | RpcUnreachable | RpcInconsistent | SymbolMismatch
            | DecimalsInvalid | InsecureRpcUrl | InsecureExplorerUrl | LookalikeDomain
            | CorsDenied | ChainNameInvalid | SymbolInvalid | BlocklistedDomain
            | InsecureOrigin => Severity::Error,
            NameMismatch | DevNodePublicChainId | StaleHead | Syncing | UnknownField
            | UnknownRpcHost | UnknownExplorerHost | DeprecatedChain | RegistryRedFlag
            | PunycodeDomain | DuplicateRpcUrl => Severity::Warning,
            UnknownChain | NetVersionDiffers | AllowlistedDomain => Severity::Info,
        }
    }

    /// snake_case name, as in JSON (serde gives the same word; a unit test checks it).
    pub fn as_str(self) -> &'static str {
        use FindingKind::*;
        match self {
            ChainIdMismatch => "chain_id_mismatch",
            ChainIdFormat => "chain_id_format",
            NetVersionDiffers => "net_version_differs",
            RpcUnreachable => "rpc_unreachable",
            RpcInconsistent => "rpc_inconsistent",
            SymbolMismatch => "symbol_mismatch",
            NameMismatch => "name_mismatch",
            DecimalsInvalid => "decimals_invalid",
            InsecureRpcUrl => "insecure_rpc_url",
            InsecureExplorerUrl => "insecure_explorer_url",
            LookalikeDomain => "lookalike_domain",
            DevNodePublicChainId => "dev_node_public_chain_id",
            StaleHead => "stale_head",
            Syncing => "syncing",
            CorsDenied => "cors_denied",
            UnknownChain => "unknown_chain",
            UnknownField => "unknown_field",
            ChainNameInvalid => "chain_name_invalid",
            SymbolInvalid => "symbol_invalid",
            UnknownRpcHost => "unknown_rpc_host",
            UnknownExplorerHost => "unknown_explorer_host",
            DeprecatedChain => "deprecated_chain",
            RegistryRedFlag => "registry_red_flag",
            BlocklistedDomain => "blocklisted_domain",
            InsecureOrigin => "insecure_origin",
            PunycodeDomain => "punycode_domain",
            AllowlistedDomain => "allowlisted_domain",
            DuplicateRpcUrl => "duplicate_rpc_url",
        }
    }

    /// Every kind, for tests that walk the vocabulary.
    pub const ALL: [FindingKind; 28] = {
        use FindingKind::*;
        [
            ChainIdMismatch,
            ChainIdFormat,
            NetVersionDiffers,
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
            UnknownField,
            ChainNameInvalid,
            SymbolInvalid,
            UnknownRpcHost,
            UnknownExplorerHost,
            DeprecatedChain,
            RegistryRedFlag,
            BlocklistedDomain,
            InsecureOrigin,
            PunycodeDomain,
            AllowlistedDomain,
            DuplicateRpcUrl,
        ]
    };
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
        insert_extra(&mut self.extra, key, value);
        self
    }
}

/// Exit status for a list of findings: failed if any is an error, else passed.
pub fn findings_exit_code(findings: &[Finding]) -> ExitStatus {
    if findings.iter().any(|f| f.severity == Severity::Error) {
        ExitStatus::Failed
    } else {
        ExitStatus::Passed
    }
}

/// The process exit codes of CLI.md ("Exit codes"), one per outcome. The binary
/// converts it to `std::process::ExitCode` at the edge; nothing else uses bare integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExitStatus {
    /// 0: every check passed.
    Passed = 0,
    /// 1: a check failed (an error finding, a denial, a failed expectation).
    Failed = 1,
    /// 2: bad input (arguments, files, config).
    BadInput = 2,
    /// 3: the endpoint failed.
    EndpointFailed = 3,
    /// 4: no conclusion (inconclusive verdict, unrecognised data, the tool could not start).
    Inconclusive = 4,
}

impl ExitStatus {
    /// The numeric code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Whether the status is [`ExitStatus::Passed`].
    pub fn is_success(self) -> bool {
        self == Self::Passed
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        Self::from(s.code())
    }
}

/// Adds `key: value` to a JSON map of extra fields (dropping values that do not
/// serialise): the one `with` builder behind findings and reasons.
pub fn insert_extra(extra: &mut Map<String, Value>, key: &str, value: impl Serialize) {
    if let Ok(v) = serde_json::to_value(value) {
        extra.insert(key.to_owned(), v);
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

/// [`checksummed`] for an address that may be absent (`null`).
pub mod checksummed_opt {
    use alloy::primitives::Address;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialises checksummed, or `null`.
    pub fn serialize<S: Serializer>(a: &Option<Address>, s: S) -> Result<S::Ok, S::Error> {
        match a {
            Some(a) => s.serialize_str(&a.to_checksum(None)),
            None => s.serialize_none(),
        }
    }

    /// Deserialises any case, or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Address>, D::Error> {
        Option::<Address>::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_is_the_json_word() {
        for k in FindingKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str(), "{k:?}");
        }
        for s in [Severity::Info, Severity::Warning, Severity::Error] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn exit_status_codes_are_cli_md() {
        use ExitStatus::*;
        let codes: Vec<u8> = [Passed, Failed, BadInput, EndpointFailed, Inconclusive]
            .iter()
            .map(|s| s.code())
            .collect();
        assert_eq!(codes, [0, 1, 2, 3, 4]);
    }
}
