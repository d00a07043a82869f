//! Turns a failure into the CLI.md error kind a person can act on: a reqwest
//! failure by the *types* in its source chain (`std::io::Error` kinds,
//! `rustls::Error`, `hyper::Error`) and reqwest's own flags, never by its
//! top-level text (which quotes the URL); an HTTP status by its code; an alloy
//! error by its variant.

use std::error::Error as StdError;
use std::io;

use alloy::transports::{RpcError, TransportError, TransportErrorKind};

use super::endpoint::Endpoint;
use super::envelope::body_excerpt;
use crate::error::EndpointError;

/// Classifies a `reqwest` failure of a request to `ep`.
pub fn classify_reqwest(e: &reqwest::Error, ep: &Endpoint, timeout_secs: f64) -> EndpointError {
    let phase = Phase {
        timeout: e.is_timeout(),
        connect: e.is_connect(),
        body: e.is_body() || e.is_decode(),
        tls_url: ep.url().scheme() == "https",
    };
    // Start below reqwest's own error: its Display carries the URL.
    let chain = e.source().map(Chain::walk).unwrap_or_default();
    decide(&phase, &chain, ep, timeout_secs)
}

/// What reqwest says about where the request failed, and whether TLS was in play.
#[derive(Debug, Clone, Copy, Default)]
pub struct Phase {
    /// reqwest's `is_timeout()`.
    pub timeout: bool,
    /// reqwest's `is_connect()`: no connection (TCP or TLS) was established.
    pub connect: bool,
    /// reqwest's `is_body() || is_decode()`: the body broke off or did not decode.
    pub body: bool,
    /// The URL is `https://`, so connecting includes a TLS handshake.
    pub tls_url: bool,
}

/// The facts in an error's source chain, read from the types of its links.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chain {
    /// The kind of every `std::io::Error` in the chain, outermost first.
    pub io_kinds: Vec<io::ErrorKind>,
    /// The first `rustls::Error`, as text.
    pub tls: Option<String>,
    /// The first `hyper::Error`'s fault.
    pub hyper: Option<HyperFault>,
    /// A link whose own message names a failed name lookup (the resolver's
    /// errors carry no type to downcast to).
    pub dns: bool,
    /// The innermost cause's own message.
    pub last: String,
}

/// What a `hyper::Error` says went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HyperFault {
    /// The answer was not HTTP.
    Parse,
    /// The connection closed before a complete answer.
    Incomplete,
    /// A hyper timeout.
    Timeout,
    /// Something else (closed, canceled, ...).
    Other,
}

impl Chain {
    /// Walks `first` and its sources. An `io::Error` that wraps another error
    /// hides it from `source()`, so its `get_ref()` is followed instead.
    pub fn walk(first: &(dyn StdError + 'static)) -> Self {
        let mut chain = Self::default();
        let mut cur = Some(first);
        while let Some(e) = cur {
            let mut next = e.source();
            if let Some(io) = e.downcast_ref::<io::Error>() {
                chain.io_kinds.push(io.kind());
                if let Some(inner) = io.get_ref() {
                    next = Some(inner as &(dyn StdError + 'static));
                }
            }
            if chain.tls.is_none()
                && let Some(tls) = e.downcast_ref::<rustls::Error>()
            {
                chain.tls = Some(tls.to_string());
            }
            if chain.hyper.is_none()
                && let Some(h) = e.downcast_ref::<hyper::Error>()
            {
                chain.hyper = Some(if h.is_parse() {
                    HyperFault::Parse
                } else if h.is_incomplete_message() {
                    HyperFault::Incomplete
                } else if h.is_timeout() {
                    HyperFault::Timeout
                } else {
                    HyperFault::Other
                });
            }
            let own = e.to_string();
            chain.dns |= names_dns_failure(&own);
            chain.last = own;
            cur = next;
        }
        chain
    }

    fn has(&self, kinds: &[io::ErrorKind]) -> bool {
        self.io_kinds.iter().any(|k| kinds.contains(k))
    }

    fn last_or(&self, fallback: &str) -> String {
        if self.last.is_empty() {
            fallback.to_owned()
        } else {
            self.last.clone()
        }
    }
}

/// Whether a source error's own message (never reqwest's, which quotes the URL)
/// names a failed lookup: hyper-util's "dns error", reqwest's "error resolving
/// DNS", getaddrinfo's texts.
fn names_dns_failure(own: &str) -> bool {
    let lower = own.to_ascii_lowercase();
    [
        "dns error",
        "error resolving dns",
        "failed to lookup address",
        "name or service not known",
        "no such host",
        "nodename nor servname",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The kind, from the phase and the chain's facts.
pub fn decide(phase: &Phase, chain: &Chain, ep: &Endpoint, timeout_secs: f64) -> EndpointError {
    use io::ErrorKind as K;
    let addr = ep.host_port();
    if phase.timeout || chain.has(&[K::TimedOut]) || chain.hyper == Some(HyperFault::Timeout) {
        return EndpointError::Timeout {
            addr,
            secs: timeout_secs,
        };
    }
    if chain.has(&[K::ConnectionRefused]) {
        return EndpointError::Refused {
            addr,
            detail: String::new(),
        };
    }
    if chain.dns {
        return EndpointError::Dns {
            host: ep.url().host_str().unwrap_or("?").to_owned(),
            detail: chain.last_or("the name did not resolve"),
        };
    }
    if let Some(tls) = &chain.tls {
        return EndpointError::Tls {
            addr,
            detail: tls.clone(),
        };
    }
    // A handshake that reads garbage or an early end, before any HTTP.
    if phase.connect && phase.tls_url && chain.has(&[K::InvalidData, K::UnexpectedEof]) {
        return EndpointError::Tls {
            addr,
            detail: chain.last_or("the handshake broke off"),
        };
    }
    if phase.connect {
        return EndpointError::Refused {
            addr,
            detail: format!(" ({})", chain.last_or("no connection")),
        };
    }
    if phase.body {
        return EndpointError::InvalidResponse {
            detail: format!(
                "the response body broke off: {}",
                chain.last_or("no detail")
            ),
        };
    }
    let detail = match chain.hyper {
        Some(HyperFault::Parse) => {
            format!("the answer is not HTTP: {}", chain.last_or("no detail"))
        }
        _ => format!(
            "the connection failed mid-request: {}",
            chain.last_or("no detail")
        ),
    };
    EndpointError::InvalidResponse { detail }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A link with a message and an optional source, like hyper-util's errors.
    #[derive(Debug)]
    struct Link(&'static str, Option<Box<dyn StdError + Send + Sync>>);

    impl std::fmt::Display for Link {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl StdError for Link {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.1.as_deref().map(|e| e as &(dyn StdError + 'static))
        }
    }

    fn link(msg: &'static str, source: impl StdError + Send + Sync + 'static) -> Link {
        Link(msg, Some(Box::new(source)))
    }

    fn kind(phase: Phase, root: &(dyn StdError + 'static), url: &str) -> &'static str {
        let ep = Endpoint::parse(url).unwrap();
        decide(&phase, &Chain::walk(root), &ep, 2.0).kind()
    }

    const CONNECT: Phase = Phase {
        connect: true,
        timeout: false,
        body: false,
        tls_url: false,
    };
    const SENDING: Phase = Phase {
        connect: false,
        timeout: false,
        body: false,
        tls_url: false,
    };

    #[test]
    fn io_kinds_decide_refused_reset_and_timeout() {
        let refused = link(
            "tcp connect error",
            io::Error::from(io::ErrorKind::ConnectionRefused),
        );
        assert_eq!(
            kind(CONNECT, &refused, "http://h:1/x"),
            "connection_refused"
        );
        let reset = link(
            "client error (SendRequest)",
            link(
                "connection error",
                io::Error::from(io::ErrorKind::ConnectionReset),
            ),
        );
        assert_eq!(kind(SENDING, &reset, "http://h:1/x"), "invalid_response");
        let timed_out = link(
            "tcp connect error",
            io::Error::from(io::ErrorKind::TimedOut),
        );
        assert_eq!(kind(CONNECT, &timed_out, "http://h:1/"), "timeout");
    }

    #[test]
    fn words_in_the_url_do_not_change_the_kind() {
        let reset = || {
            link(
                "client error (SendRequest)",
                io::Error::from(io::ErrorKind::ConnectionReset),
            )
        };
        for path in ["x", "ssl", "tls", "certificate", "handshake", "dns%20error"] {
            let url = format!("http://127.0.0.1:9/{path}");
            assert_eq!(kind(SENDING, &reset(), &url), "invalid_response", "{url}");
        }
    }

    #[test]
    fn a_rustls_error_inside_nested_io_errors_is_tls() {
        let rustls = rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        let nested = io::Error::other(io::Error::new(io::ErrorKind::InvalidData, rustls));
        let root = link("client error (Connect)", nested);
        let chain = Chain::walk(&root);
        assert!(chain.tls.is_some(), "{chain:?}");
        let https = Phase {
            tls_url: true,
            ..CONNECT
        };
        assert_eq!(kind(https, &root, "https://h:1/"), "tls");
        // The same reset during the connect phase is not TLS without a TLS error.
        let reset = link(
            "client error (Connect)",
            io::Error::other(io::Error::from(io::ErrorKind::ConnectionReset)),
        );
        assert_eq!(kind(https, &reset, "https://h:1/ssl"), "connection_refused");
    }

    #[test]
    fn dns_is_read_from_the_resolver_s_own_message() {
        let root = link(
            "client error (Connect)",
            link(
                "dns error",
                io::Error::other("failed to lookup address information: Name or service not known"),
            ),
        );
        assert_eq!(kind(CONNECT, &root, "http://no-such-host.invalid/"), "dns");
        let ep = Endpoint::parse("http://no-such-host.invalid/").unwrap();
        let EndpointError::Dns { detail, .. } = decide(&CONNECT, &Chain::walk(&root), &ep, 1.0)
        else {
            panic!("dns");
        };
        assert!(detail.contains("lookup"), "{detail}");
    }

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
