//! Typed errors of the library. A failed *check* is never an `Err` (it is a
//! finding or a reason); an `Err` means the tool could not do its job: the input
//! was bad (exit 2) or the endpoint failed (exit 3).

use serde::Serialize;

use crate::report::ExitStatus;

/// How an endpoint failed, one variant per CLI.md error kind.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EndpointError {
    /// The host name did not resolve.
    #[error("cannot resolve host {host}: {detail}")]
    Dns { host: String, detail: String },
    /// Nothing listens at the address (TCP connection refused or unreachable).
    #[error("connection refused: nothing listens at {addr}{detail}")]
    Refused { addr: String, detail: String },
    /// No complete answer within the timeout.
    #[error("timed out after {secs}s waiting for {addr}")]
    Timeout { addr: String, secs: f64 },
    /// The TLS handshake failed (bad or self-signed certificate, plain HTTP on an https URL, ...).
    #[error("TLS handshake with {addr} failed: {detail}")]
    Tls { addr: String, detail: String },
    /// An HTTP status that is neither success nor one of the specific kinds below.
    #[error("HTTP {status}{detail}")]
    HttpStatus { status: u16, detail: String },
    /// 401 or 403: key missing or wrong, origin or IP not allowed.
    #[error("HTTP {status} {reason}: the endpoint refused to serve this client{detail}")]
    Unauthorized {
        status: u16,
        reason: &'static str,
        detail: String,
    },
    /// 429.
    #[error("HTTP 429 Too Many Requests: rate limited{}", retry_after.map(|s| format!(" (Retry-After: {s}s)")).unwrap_or_default())]
    RateLimited { retry_after: Option<u64> },
    /// An answer that is not a JSON-RPC 2.0 response to what was asked.
    #[error("invalid response: {detail}")]
    InvalidResponse { detail: String },
    /// A JSON-RPC error object answered a request rpccheck could not do without.
    #[error("JSON-RPC error {code} from {method}: {message}")]
    Rpc {
        method: String,
        code: i64,
        message: String,
    },
    /// A transient failure that outlasted every retry.
    #[error("{last} (after {tries} tries)")]
    Retried {
        tries: u32,
        last: Box<EndpointError>,
    },
    /// The whole command ran past rpccheck's limit for one command (CLI.md:
    /// bounded whatever it is given), though no single request timed out.
    #[error("stopped after {secs}s, rpccheck's limit for a whole command (30 × --timeout)")]
    CommandLimit { secs: u64 },
    /// rpccheck tried to send a method outside its read-only list (a bug; never sent).
    #[error("refused to send {method}: rpccheck is read-only and this method can change state")]
    ForbiddenMethod { method: String },
}

impl EndpointError {
    /// The CLI.md `kind` of this failure.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Dns { .. } => "dns",
            Self::Refused { .. } => "connection_refused",
            Self::Timeout { .. } | Self::CommandLimit { .. } => "timeout",
            Self::Tls { .. } => "tls",
            Self::HttpStatus { .. } => "http_status",
            Self::Unauthorized { .. } => "unauthorized",
            Self::RateLimited { .. } => "rate_limited",
            Self::InvalidResponse { .. } => "invalid_response",
            Self::Rpc { .. } | Self::ForbiddenMethod { .. } => "rpc_error",
            Self::Retried { last, .. } => last.kind(),
        }
    }

    /// What a person can do about it.
    pub fn hint(&self) -> String {
        match self {
            Self::Dns { .. } => "check the host name for typos, and that this machine has DNS".into(),
            Self::Refused { addr, .. } => {
                if crate::input::is_local_host(addr) {
                    format!("is a node running on {addr}? start one with `anvil`")
                } else {
                    "check the port and that the node is up and listening on that address".into()
                }
            }
            Self::Timeout { .. } => {
                "the endpoint is slow or unreachable; raise --timeout or try another endpoint".into()
            }
            Self::CommandLimit { .. } => {
                "the endpoint answered too slowly for the command to finish; raise --timeout (the limit is 30 times it) or try a faster endpoint".into()
            }
            Self::Tls { .. } => {
                "the certificate is not trusted or the port does not speak TLS; check https:// vs http://".into()
            }
            Self::HttpStatus { status, .. } if (300..400).contains(status) => {
                "the endpoint redirects; use the final URL, or pass --follow-redirects".into()
            }
            Self::HttpStatus { status, .. } if *status >= 500 => {
                "the endpoint (or a proxy in front of it) failed; try again later or another endpoint".into()
            }
            Self::HttpStatus { .. } => "check the URL path: this does not look like a JSON-RPC endpoint".into(),
            Self::Unauthorized { .. } => {
                "API key missing or wrong, or this origin/IP is not allowed by the provider".into()
            }
            Self::RateLimited { .. } => {
                "the provider's rate limit was hit; wait, lower the request rate, or use your own key".into()
            }
            Self::InvalidResponse { .. } => {
                "this URL does not answer like a JSON-RPC node; check that it is the RPC URL, not a web page".into()
            }
            Self::Rpc { code, .. } => crate::explain::codes::rpc_code(*code)
                .map(|c| format!("{}: {}", c.name, c.meaning))
                .unwrap_or_else(|| "the node rejected the request".into()),
            Self::ForbiddenMethod { .. } => "this is a bug in rpccheck; please report it".into(),
            Self::Retried { last, .. } => last.hint(),
        }
    }

    /// HTTP status for `http_status`, `unauthorized` and `rate_limited`.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::HttpStatus { status, .. } | Self::Unauthorized { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(429),
            Self::Retried { last, .. } => last.status(),
            _ => None,
        }
    }

    /// JSON-RPC error code for `rpc_error`.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Rpc { code, .. } => Some(*code),
            Self::Retried { last, .. } => last.code(),
            _ => None,
        }
    }

    /// Whether trying the same request again may help (rate limits, gateway errors, timeouts).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Timeout { .. } => true,
            Self::HttpStatus { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}

/// Every way a command can fail to produce a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from the user: arguments, files, addresses (exit 2).
    #[error("{message}")]
    InvalidInput {
        message: String,
        hint: Option<String>,
    },
    /// The endpoint failed (exit 3).
    #[error("{rpc}: {source}")]
    Endpoint {
        /// The redacted URL of the endpoint.
        rpc: String,
        #[source]
        source: EndpointError,
    },
}

impl Error {
    /// A bad-input error with a message and no hint.
    pub fn input(message: impl Into<String>) -> Self {
        Self::InvalidInput {
            message: message.into(),
            hint: None,
        }
    }

    /// A bad-input error with a hint.
    pub fn input_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::InvalidInput {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// The process exit status CLI.md assigns to this error.
    pub fn exit_code(&self) -> ExitStatus {
        match self {
            Self::InvalidInput { .. } => ExitStatus::BadInput,
            Self::Endpoint { .. } => ExitStatus::EndpointFailed,
        }
    }

    /// The CLI.md error object.
    pub fn to_object(&self) -> ErrorObject {
        match self {
            Self::InvalidInput { message, hint } => ErrorObject {
                kind: "invalid_input",
                message: message.clone(),
                hint: hint.clone(),
                status: None,
                code: None,
            },
            Self::Endpoint { rpc, source } => ErrorObject {
                kind: source.kind(),
                message: format!("{rpc}: {source}"),
                hint: Some(source.hint()),
                status: source.status(),
                code: source.code(),
            },
        }
    }
}

/// The `{"error": {...}}` object of CLI.md.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorObject {
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
}

/// Result alias of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_hint_for_a_local_node_names_the_address_and_anvil() {
        for addr in [
            "127.0.0.1:8545",
            "localhost:8545",
            "0.0.0.0:8545",
            "[::1]:8545",
        ] {
            let e = EndpointError::Refused {
                addr: addr.into(),
                detail: String::new(),
            };
            let hint = e.hint();
            assert_eq!(
                hint,
                format!("is a node running on {addr}? start one with `anvil`")
            );
            assert!(!hint.contains("anvil-scripts"), "{hint}");
        }
        let remote = EndpointError::Refused {
            addr: "rpc.example.com:8545".into(),
            detail: String::new(),
        };
        assert!(remote.hint().starts_with("check the port"));
    }
}
