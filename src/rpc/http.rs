//! HTTP under the JSON-RPC layer: the transport settings, the ONE reqwest client
//! builder (used by the transport and the CORS check alike, so `--timeout`,
//! `--insecure` and `--follow-redirects` mean the same everywhere), a bounded
//! POST that reads at most `max_body` bytes, and the `-v` request log.

use std::time::Duration;

use super::classify::{classify_reqwest, status_error};
use super::endpoint::Endpoint;
use super::envelope::{invalid, is_json_rpc};
use crate::error::EndpointError;

/// Largest response body accepted, in bytes.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;

/// Redirects followed at most with `--follow-redirects`.
const MAX_REDIRECTS: usize = 5;

/// Transport settings from the global options.
#[derive(Debug, Clone)]
pub struct TransportConfig {
    /// Per-request timeout.
    pub timeout: Duration,
    /// Response size limit.
    pub max_body: usize,
    /// Log every request to stderr.
    pub verbose: bool,
    /// Follow HTTP redirects (up to 5); off by default, a redirect is reported.
    pub follow_redirects: bool,
    /// Accept invalid TLS certificates (self-signed nodes).
    pub insecure: bool,
}

impl Default for TransportConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_body: DEFAULT_MAX_BODY,
            verbose: false,
            follow_redirects: false,
            insecure: false,
        }
    }
}

/// Builds the HTTP client for `config`: timeouts, redirect policy, certificate
/// checking and user agent. Every request rpccheck sends goes through one of these.
pub fn client(config: &TransportConfig, ep: &Endpoint) -> Result<reqwest::Client, EndpointError> {
    reqwest::Client::builder()
        .timeout(config.timeout)
        .connect_timeout(config.timeout)
        .redirect(if config.follow_redirects {
            reqwest::redirect::Policy::limited(MAX_REDIRECTS)
        } else {
            reqwest::redirect::Policy::none()
        })
        .danger_accept_invalid_certs(config.insecure)
        .user_agent(concat!("rpccheck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| EndpointError::Tls {
            addr: ep.host_port(),
            detail: format!("cannot set up the HTTP client: {}", e.without_url()),
        })
}

/// Writes `line` to stderr under `-v`, with the endpoint's secrets scrubbed.
pub fn log(config: &TransportConfig, ep: &Endpoint, line: &str) {
    if config.verbose {
        let line = crate::redact::scrub(line, ep.secrets());
        eprintln!("rpc {line}");
    }
}

/// A complete HTTP answer, whatever its status.
#[derive(Debug, Clone)]
pub struct HttpReply {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body (at most `max_body` bytes; cut short only on a non-success status).
    pub body: Vec<u8>,
}

impl HttpReply {
    /// The failure this status means, or `None` for success, and for an error
    /// status whose body is a JSON-RPC answer (the node's own message is shown then).
    pub fn status_error(&self) -> Option<EndpointError> {
        let passthrough =
            matches!(self.status, 400 | 404 | 405 | 413 | 500..=599) && is_json_rpc(&self.body);
        if passthrough {
            return None;
        }
        status_error(self.status, &self.headers, &self.body)
    }
}

/// POSTs a JSON `body` to the endpoint once and reads the answer, at most
/// `config.max_body` bytes. An `Err` is a failure to get a complete HTTP answer.
pub async fn post_json(
    client: &reqwest::Client,
    ep: &Endpoint,
    config: &TransportConfig,
    body: Vec<u8>,
) -> Result<HttpReply, EndpointError> {
    let max = config.max_body;
    let secs = config.timeout.as_secs_f64();
    let mut resp = client
        .post(ep.url().clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::ACCEPT, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| classify_reqwest(&e, ep, secs))?;
    let status = resp.status();
    let headers = resp.headers().clone();
    if let Some(len) = resp.content_length()
        && usize::try_from(len).map_or(true, |len| len > max)
    {
        return Err(invalid(format!(
            "response of {len} bytes is larger than the {max}-byte limit"
        )));
    }
    let mut buf = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if buf.len() + chunk.len() > max {
                    return Err(invalid(format!(
                        "response is larger than the {max}-byte limit (stopped reading)"
                    )));
                }
                buf.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            // An error status says enough without the rest of its body.
            Err(_) if !status.is_success() => break,
            Err(e) => return Err(classify_reqwest(&e, ep, secs)),
        }
    }
    Ok(HttpReply {
        status: status.as_u16(),
        headers,
        body: buf,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> HttpReply {
        HttpReply {
            status,
            headers: reqwest::header::HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn error_statuses_with_a_json_rpc_body_pass_through() {
        let rpc = r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"boom"}}"#;
        assert!(reply(200, rpc).status_error().is_none());
        assert!(reply(500, rpc).status_error().is_none());
        assert!(reply(413, rpc).status_error().is_none());
        assert_eq!(
            reply(500, "oops").status_error().map(|e| e.kind()),
            Some("http_status")
        );
        // 401/403/429 are never passed through: the kind is what a person acts on.
        assert_eq!(
            reply(401, rpc).status_error().map(|e| e.kind()),
            Some("unauthorized")
        );
        assert_eq!(
            reply(429, rpc).status_error().map(|e| e.kind()),
            Some("rate_limited")
        );
    }
}
