//! Turns a transport-level failure into the CLI.md error kind a person can act on:
//! a reqwest failure, an HTTP status, an alloy error.

use std::error::Error as StdError;

use alloy::transports::{RpcError, TransportError, TransportErrorKind};

use super::endpoint::Endpoint;
use super::envelope::body_excerpt;
use crate::error::EndpointError;

/// Classifies a `reqwest` failure by walking its source chain.
pub fn classify_reqwest(e: &reqwest::Error, ep: &Endpoint, timeout_secs: f64) -> EndpointError {
    let addr = ep.host_port();
    let chain = source_chain(e);
    let lower = chain.to_ascii_lowercase();
    if e.is_timeout() || lower.contains("timed out") || lower.contains("deadline has elapsed") {
        return EndpointError::Timeout {
            addr,
            secs: timeout_secs,
        };
    }
    if has_io_kind(e, std::io::ErrorKind::ConnectionRefused) || lower.contains("connection refused")
    {
        return EndpointError::Refused {
            addr,
            detail: String::new(),
        };
    }
    if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no such host")
    {
        return EndpointError::Dns {
            host: ep.url().host_str().unwrap_or("?").to_owned(),
            detail: last_cause(e),
        };
    }
    if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("ssl")
        || lower.contains("handshake")
        || lower.contains("corrupt message")
        || lower.contains("invalidcontenttype")
        || lower.contains("unknownissuer")
    {
        return EndpointError::Tls {
            addr,
            detail: last_cause(e),
        };
    }
    if e.is_connect() {
        return EndpointError::Refused {
            addr,
            detail: format!(" ({})", last_cause(e)),
        };
    }
    if e.is_body() || e.is_decode() {
        return EndpointError::InvalidResponse {
            detail: format!("the response body broke off: {}", last_cause(e)),
        };
    }
    EndpointError::InvalidResponse {
        detail: format!("the connection failed mid-request: {}", last_cause(e)),
    }
}

/// The failure an HTTP status means, or `None` for a success (2xx).
pub fn status_error(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
) -> Option<EndpointError> {
    if (200..300).contains(&status) {
        return None;
    }
    let detail = body_excerpt(body)
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    Some(match status {
        401 => EndpointError::Unauthorized {
            status,
            reason: "Unauthorized",
            detail,
        },
        403 => EndpointError::Unauthorized {
            status,
            reason: "Forbidden",
            detail,
        },
        429 => EndpointError::RateLimited {
            retry_after: headers
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok()),
        },
        300..=399 => {
            let to = headers
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(|l| {
                    format!(
                        " redirect to {} (not followed)",
                        crate::redact::redact_url(l)
                    )
                })
                .unwrap_or_else(|| " redirect (not followed)".into());
            EndpointError::HttpStatus { status, detail: to }
        }
        _ => EndpointError::HttpStatus { status, detail },
    })
}

/// Classifies the error of an alloy call made through [`super::GuardedHttp`].
pub fn classify_transport(e: &TransportError, method: &str) -> EndpointError {
    match e {
        RpcError::ErrorResp(p) => EndpointError::Rpc {
            method: method.to_owned(),
            code: p.code,
            message: p.message.to_string(),
        },
        RpcError::Transport(TransportErrorKind::Custom(inner)) => {
            match inner.downcast_ref::<EndpointError>() {
                Some(ep) => ep.clone(),
                None => EndpointError::InvalidResponse {
                    detail: inner.to_string(),
                },
            }
        }
        RpcError::Transport(TransportErrorKind::MissingBatchResponse(id)) => {
            EndpointError::InvalidResponse {
                detail: format!("no answer for request id {id} in the batch"),
            }
        }
        RpcError::Transport(TransportErrorKind::HttpError(h)) => EndpointError::HttpStatus {
            status: h.status,
            detail: String::new(),
        },
        RpcError::DeserError { err, .. } => EndpointError::InvalidResponse {
            detail: format!("{method} answered with a value of the wrong type: {err}"),
        },
        RpcError::NullResp => EndpointError::InvalidResponse {
            detail: format!("{method} answered null"),
        },
        other => EndpointError::InvalidResponse {
            detail: other.to_string(),
        },
    }
}

fn source_chain(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut cur: Option<&dyn StdError> = e.source();
    while let Some(s) = cur {
        out.push_str(" | ");
        out.push_str(&s.to_string());
        out.push_str(&format!(" {s:?}"));
        cur = s.source();
    }
    out
}

fn last_cause(e: &reqwest::Error) -> String {
    let mut last = e.to_string();
    let mut cur: Option<&dyn StdError> = e.source();
    while let Some(s) = cur {
        last = s.to_string();
        cur = s.source();
    }
    last
}

fn has_io_kind(e: &reqwest::Error, kind: std::io::ErrorKind) -> bool {
    let mut cur: Option<&dyn StdError> = e.source();
    while let Some(s) = cur {
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && io.kind() == kind
        {
            return true;
        }
        cur = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds() {
        let h = reqwest::header::HeaderMap::new();
        let kind = |s, h: &reqwest::header::HeaderMap| status_error(s, h, b"").map(|e| e.kind());
        assert_eq!(kind(200, &h), None);
        assert_eq!(kind(401, &h), Some("unauthorized"));
        assert_eq!(kind(403, &h), Some("unauthorized"));
        assert_eq!(kind(500, &h), Some("http_status"));
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(
            status_error(429, &h, b""),
            Some(EndpointError::RateLimited {
                retry_after: Some(7)
            })
        );
    }
}
