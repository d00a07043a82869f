//! The HTTP transport under alloy's `RpcClient`: it is the only code that puts
//! bytes on the wire. Beyond a plain JSON-RPC POST it
//! - refuses any method outside the read-only list ([`super::policy`]);
//! - classifies every failure into one CLI.md error kind ([`EndpointError`]);
//! - bounds time (`--timeout`) and response size, and never follows redirects;
//! - checks that answers are JSON-RPC 2.0 responses to the ids it sent;
//! - sends batches, and falls back to single requests when an endpoint rejects
//!   them (remembering that for the rest of the run);
//! - logs each request with its time under `-v`, with the URL redacted.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task;
use std::time::{Duration, Instant};

use alloy::rpc::json_rpc::{
    ErrorPayload, Id, RequestPacket, Response, ResponsePacket, ResponsePayload, SerializedRequest,
};
use alloy::transports::{TransportError, TransportErrorKind, TransportFut};
use futures::StreamExt;
use serde_json::value::RawValue;
use tower::Service;

use super::classify::classify_reqwest;
use super::endpoint::Endpoint;
use super::policy;
use crate::error::EndpointError;

/// Largest response body accepted, in bytes.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;

/// Tries per request for transient failures (429, 502/503/504, timeouts).
pub const MAX_TRIES: u32 = 3;

/// First backoff between tries; doubled each time.
const RETRY_BACKOFF: Duration = Duration::from_millis(250);

/// Longest `Retry-After` honoured; a longer one ends the tries.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Largest batch sent at once until the endpoint says less.
pub const DEFAULT_MAX_BATCH: usize = 1000;

/// How many batches of a split request are in flight at once.
const BATCH_CONCURRENCY: usize = 2;

/// How many single requests are in flight at once when a batch is split.
const FALLBACK_CONCURRENCY: usize = 8;

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

/// A JSON-RPC over HTTP transport that explains its failures.
#[derive(Clone)]
pub struct GuardedHttp {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    endpoint: Endpoint,
    config: TransportConfig,
    batch_ok: AtomicBool,
    /// Largest batch the endpoint has not rejected for its size.
    max_batch: AtomicUsize,
}

impl std::fmt::Debug for GuardedHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedHttp")
            .field("rpc", &self.inner.endpoint.shown())
            .finish()
    }
}

impl GuardedHttp {
    /// Builds the transport for `endpoint`.
    pub fn new(endpoint: Endpoint, config: TransportConfig) -> Result<Self, EndpointError> {
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .redirect(if config.follow_redirects {
                reqwest::redirect::Policy::limited(5)
            } else {
                reqwest::redirect::Policy::none()
            })
            .danger_accept_invalid_certs(config.insecure)
            .user_agent(concat!("rpccheck/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| EndpointError::Tls {
                addr: endpoint.host_port(),
                detail: format!("cannot set up the HTTP client: {}", e.without_url()),
            })?;
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                endpoint,
                config,
                batch_ok: AtomicBool::new(true),
                max_batch: AtomicUsize::new(DEFAULT_MAX_BATCH),
            }),
        })
    }

    /// The endpoint this transport talks to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// Whether the endpoint has accepted batches so far.
    pub fn batches_supported(&self) -> bool {
        self.inner.batch_ok.load(Ordering::Relaxed)
    }

    async fn handle(self, packet: RequestPacket) -> Result<ResponsePacket, TransportError> {
        for method in packet.method_names() {
            if !policy::is_allowed(method) {
                return Err(TransportErrorKind::custom(EndpointError::ForbiddenMethod {
                    method: method.to_owned(),
                }));
            }
        }
        let result = match packet {
            RequestPacket::Single(req) => self.single(req).await.map(ResponsePacket::Single),
            RequestPacket::Batch(reqs) => self.batch(reqs).await.map(ResponsePacket::Batch),
        };
        result.map_err(TransportErrorKind::custom)
    }

    async fn single(&self, req: SerializedRequest) -> Result<Response, EndpointError> {
        let body = req.serialized().get().as_bytes().to_vec();
        let bytes = self.post(body, req.method()).await?;
        let mut responses = parse_responses(&bytes, false)?;
        let resp = responses.pop().ok_or_else(|| invalid("empty response"))?;
        if &resp.id != req.id() {
            return Err(invalid(format!(
                "wrong id: sent {}, got {}",
                req.id(),
                resp.id
            )));
        }
        Ok(resp)
    }

    /// Sends a batch, split into chunks the endpoint accepts. When the
    /// endpoint rejects a batch for its size, the size is halved (and
    /// remembered); when it rejects batches altogether, requests go singly.
    fn batch(
        &self,
        reqs: Vec<SerializedRequest>,
    ) -> futures::future::BoxFuture<'_, Result<Vec<Response>, EndpointError>> {
        Box::pin(async move {
            if reqs.is_empty() {
                return Ok(Vec::new());
            }
            let max = self.inner.max_batch.load(Ordering::Relaxed);
            if !self.batches_supported() || reqs.len() == 1 || max <= 1 {
                return self.singles(&reqs).await;
            }
            if reqs.len() <= max {
                return self.batch_once(reqs).await;
            }
            let chunks: Vec<Vec<SerializedRequest>> = reqs.chunks(max).map(<[_]>::to_vec).collect();
            let parts: Vec<Result<Vec<Response>, EndpointError>> =
                futures::stream::iter(chunks.into_iter().map(|c| self.batch(c)))
                    .buffered(BATCH_CONCURRENCY)
                    .collect()
                    .await;
            let mut out = Vec::with_capacity(reqs.len());
            for p in parts {
                out.extend(p?);
            }
            Ok(out)
        })
    }

    async fn batch_once(
        &self,
        reqs: Vec<SerializedRequest>,
    ) -> Result<Vec<Response>, EndpointError> {
        let body =
            serde_json::to_vec(&reqs).map_err(|e| invalid(format!("cannot encode batch: {e}")))?;
        let label = format!("batch of {}", reqs.len());
        let answered = match self.post(body, &label).await {
            Ok(bytes) => parse_responses(&bytes, true),
            Err(e) => Err(e),
        };
        let responses = match answered {
            Ok(r) => r,
            Err(e) if batch_rejection(&e) => {
                if batches_unsupported(&e) || reqs.len() <= 2 {
                    self.log(&format!(
                        "batch rejected ({e}); sending requests one by one"
                    ));
                    self.inner.batch_ok.store(false, Ordering::Relaxed);
                    return self.singles(&reqs).await;
                }
                let half = reqs.len() / 2;
                self.log(&format!(
                    "batch of {} rejected ({e}); trying batches of {half}",
                    reqs.len()
                ));
                self.inner.max_batch.fetch_min(half, Ordering::Relaxed);
                return self.batch(reqs).await;
            }
            Err(e) => return Err(e),
        };
        // Every id must be one we sent; missing ones are asked again singly.
        let sent: std::collections::HashSet<&Id> = reqs.iter().map(SerializedRequest::id).collect();
        let mut by_id: std::collections::HashMap<Id, Response> =
            std::collections::HashMap::with_capacity(responses.len());
        for r in responses {
            if !sent.contains(&r.id) {
                return Err(invalid(format!(
                    "batch answer has an id that was never sent: {}",
                    r.id
                )));
            }
            by_id.insert(r.id.clone(), r);
        }
        let missing: Vec<SerializedRequest> = reqs
            .iter()
            .filter(|q| !by_id.contains_key(q.id()))
            .cloned()
            .collect();
        if !missing.is_empty() {
            self.log(&format!(
                "batch answered {} of {} requests; asking the rest one by one",
                reqs.len() - missing.len(),
                reqs.len()
            ));
            for r in self.singles(&missing).await? {
                by_id.insert(r.id.clone(), r);
            }
        }
        let mut out = Vec::with_capacity(reqs.len());
        for q in &reqs {
            if let Some(r) = by_id.remove(q.id()) {
                out.push(r);
            }
        }
        Ok(out)
    }

    async fn singles(&self, reqs: &[SerializedRequest]) -> Result<Vec<Response>, EndpointError> {
        futures::stream::iter(reqs.iter().cloned().map(|r| self.single(r)))
            .buffered(FALLBACK_CONCURRENCY)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect()
    }

    /// POSTs `body` and returns the response body, or the classified failure.
    /// POSTs with bounded retries where retrying can help: 429 (honouring
    /// `Retry-After`, up to [`MAX_RETRY_AFTER`]), 502/503/504 and timeouts.
    /// Every method rpccheck sends is a read, so every request is idempotent.
    async fn post(&self, body: Vec<u8>, what: &str) -> Result<Vec<u8>, EndpointError> {
        let ep = &self.inner.endpoint;
        let mut tries = 0u32;
        loop {
            tries += 1;
            let started = Instant::now();
            self.log(&format!("→ {what} {}", ep.shown()));
            let result = self.post_inner(body.clone()).await;
            let ms = started.elapsed().as_millis();
            let err = match result {
                Ok(b) => {
                    self.log(&format!("← {what}: {} bytes in {ms} ms", b.len()));
                    return Ok(b);
                }
                Err(e) => e,
            };
            self.log(&format!("← {what}: {} after {ms} ms", err.kind()));
            let too_long = matches!(&err, EndpointError::RateLimited { retry_after: Some(s) } if Duration::from_secs(*s) > MAX_RETRY_AFTER);
            if !err.is_transient() || tries >= MAX_TRIES || too_long {
                return Err(if tries > 1 {
                    EndpointError::Retried {
                        tries,
                        last: Box::new(err),
                    }
                } else {
                    err
                });
            }
            let wait = match &err {
                EndpointError::RateLimited {
                    retry_after: Some(s),
                } => Duration::from_secs(*s),
                _ => RETRY_BACKOFF * 2u32.pow(tries - 1),
            };
            self.log(&format!(
                "retrying {what} in {} ms (try {} of {MAX_TRIES})",
                wait.as_millis(),
                tries + 1
            ));
            tokio::time::sleep(wait).await;
        }
    }

    async fn post_inner(&self, body: Vec<u8>) -> Result<Vec<u8>, EndpointError> {
        let ep = &self.inner.endpoint;
        let max = self.inner.config.max_body;
        let secs = self.inner.config.timeout.as_secs_f64();
        let mut resp = self
            .inner
            .client
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
            && len as usize > max
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
                Err(e) => {
                    if !status.is_success() {
                        break;
                    }
                    return Err(classify_reqwest(&e, ep, secs));
                }
            }
        }
        // Some nodes send JSON-RPC errors with an HTTP error status: show the node's own answer.
        let passthrough = matches!(status.as_u16(), 400 | 404 | 405 | 413 | 500..=599)
            && (parse_responses(&buf, false).is_ok() || parse_responses(&buf, true).is_ok());
        if !passthrough {
            check_status(status.as_u16(), &headers, &buf)?;
        }
        Ok(buf)
    }

    fn log(&self, line: &str) {
        if self.inner.config.verbose {
            let line = super::redact::scrub(line, self.inner.endpoint.secrets());
            eprintln!("rpc {line}");
        }
    }
}

impl Service<RequestPacket> for GuardedHttp {
    type Response = ResponsePacket;
    type Error = TransportError;
    type Future = TransportFut<'static>;

    fn poll_ready(&mut self, _cx: &mut task::Context<'_>) -> task::Poll<Result<(), Self::Error>> {
        task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: RequestPacket) -> Self::Future {
        let this = self.clone();
        Box::pin(this.handle(req))
    }
}

fn invalid(detail: impl Into<String>) -> EndpointError {
    EndpointError::InvalidResponse {
        detail: detail.into(),
    }
}

/// A batch failure after which single requests may still work.
fn batch_rejection(e: &EndpointError) -> bool {
    match e {
        EndpointError::HttpStatus { status, .. } => (400..500).contains(status) || *status == 500,
        EndpointError::InvalidResponse { detail } => detail.starts_with(NOT_A_BATCH),
        _ => false,
    }
}

/// A rejection that says batches are not supported at all (not too large).
fn batches_unsupported(e: &EndpointError) -> bool {
    let text = e.to_string().to_ascii_lowercase();
    let size = ["too large", "too many", "limit", "exceed", "413", "size"];
    text.contains("batch") && !size.iter().any(|w| text.contains(w))
}

const NOT_A_BATCH: &str = "a batch was answered with a single object";

/// Maps a non-success HTTP status to its kind. JSON-RPC error bodies sent with
/// an error status are passed through so the node's own message is shown.
pub fn check_status(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
) -> Result<(), EndpointError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let detail = body_excerpt(body)
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    match status {
        401 => Err(EndpointError::Unauthorized {
            status,
            reason: "Unauthorized",
            detail,
        }),
        403 => Err(EndpointError::Unauthorized {
            status,
            reason: "Forbidden",
            detail,
        }),
        429 => Err(EndpointError::RateLimited {
            retry_after: headers
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok()),
        }),
        300..=399 => {
            let to = headers
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(|l| {
                    format!(
                        " redirect to {} (not followed)",
                        super::redact::redact_url(l)
                    )
                })
                .unwrap_or_else(|| " redirect (not followed)".into());
            Err(EndpointError::HttpStatus { status, detail: to })
        }
        _ => Err(EndpointError::HttpStatus { status, detail }),
    }
}

/// At most 40 characters of `s`, for messages.
fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// A short, printable excerpt of a body for error messages.
fn body_excerpt(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    (!text.is_empty()).then_some(text)
}

/// Parses a response body into JSON-RPC responses, checking the envelope of each
/// (`jsonrpc: "2.0"`, an id, exactly one of `result` and `error`).
pub fn parse_responses(body: &[u8], expect_batch: bool) -> Result<Vec<Response>, EndpointError> {
    let trimmed = body.trim_ascii_start();
    match trimmed.first() {
        None => return Err(invalid("empty body")),
        Some(b'<') => {
            return Err(invalid(format!(
                "an HTML page, not JSON-RPC ({})",
                body_excerpt(trimmed).unwrap_or_default()
            )));
        }
        _ => {}
    }
    if std::str::from_utf8(trimmed).is_err() {
        return Err(invalid("body is not valid UTF-8"));
    }
    // Responses are objects: an envelope must not be read from an array's
    // positional form, so every item is checked to be an object first.
    let is_object = |raw: &str| raw.trim_start().starts_with('{');
    let parsed = if trimmed.first() == Some(&b'[') {
        serde_json::from_slice::<Vec<&RawValue>>(trimmed).and_then(|items| {
            if let Some(bad) = items.iter().find(|i| !is_object(i.get())) {
                return Err(serde::de::Error::custom(format!(
                    "batch item is not a response object: {}",
                    excerpt(bad.get())
                )));
            }
            items
                .iter()
                .map(|i| serde_json::from_str::<Envelope<'_>>(i.get()))
                .collect::<Result<Vec<_>, _>>()
                .map(Envelopes::Many)
        })
    } else if is_object(std::str::from_utf8(trimmed).unwrap_or("")) {
        serde_json::from_slice::<Envelope<'_>>(trimmed).map(Envelopes::One)
    } else {
        let what = match serde_json::from_slice::<serde::de::IgnoredAny>(trimmed) {
            Ok(_) => "not a JSON-RPC response object",
            Err(_) => "not JSON",
        };
        return Err(invalid(format!(
            "{what}: {}",
            body_excerpt(trimmed).unwrap_or_default()
        )));
    };
    let value = parsed.map_err(|e| {
        if e.is_eof() {
            invalid(format!("truncated JSON ({e})"))
        } else if e.is_syntax() {
            invalid(format!(
                "not JSON: {} ({e})",
                body_excerpt(trimmed).unwrap_or_default()
            ))
        } else {
            invalid(format!("not a JSON-RPC response: {e}"))
        }
    })?;
    let items = match value {
        Envelopes::Many(v) => {
            if !expect_batch {
                return Err(invalid("a single request was answered with an array"));
            }
            v
        }
        Envelopes::One(e) => {
            if expect_batch {
                let why = e
                    .error
                    .and_then(|raw| serde_json::from_str::<ErrorPayload>(raw.get()).ok())
                    .map(|p| format!(" (error {}: {})", p.code, p.message))
                    .unwrap_or_default();
                return Err(invalid(format!("{NOT_A_BATCH}{why}")));
            }
            vec![e]
        }
    };
    items.into_iter().map(Envelope::into_response).collect()
}

enum Envelopes<'a> {
    Many(Vec<Envelope<'a>>),
    One(Envelope<'a>),
}

/// One response object, kept raw until its shape is checked.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(default, borrow)]
    jsonrpc: Option<&'a RawValue>,
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
    #[serde(default, borrow, deserialize_with = "present")]
    result: Option<&'a RawValue>,
    #[serde(default, borrow)]
    error: Option<&'a RawValue>,
}

/// Keeps `"result": null` as present (a null result is a valid answer).
fn present<'de, D>(d: D) -> Result<Option<&'de RawValue>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    <&'de RawValue as serde::Deserialize>::deserialize(d).map(Some)
}

impl Envelope<'_> {
    fn into_response(self) -> Result<Response, EndpointError> {
        match self.jsonrpc.map(RawValue::get) {
            Some("\"2.0\"") => {}
            Some(other) => {
                return Err(invalid(format!(
                    "jsonrpc version {}, expected \"2.0\"",
                    excerpt(other)
                )));
            }
            None => return Err(invalid("not JSON-RPC 2.0: no \"jsonrpc\" field")),
        }
        let id: Id = match self.id {
            Some(raw) => serde_json::from_str(raw.get())
                .map_err(|_| invalid(format!("invalid id {}", raw.get())))?,
            None => return Err(invalid("response has no id")),
        };
        let payload = match (self.result, self.error) {
            (Some(r), None) => ResponsePayload::Success(r.to_owned()),
            (None, Some(e)) => ResponsePayload::Failure(
                serde_json::from_str::<ErrorPayload>(e.get())
                    .map_err(|err| invalid(format!("malformed error object: {err}")))?,
            ),
            (Some(_), Some(_)) => return Err(invalid("response has both result and error")),
            (None, None) => return Err(invalid("response has neither result nor error")),
        };
        Ok(Response { id, payload })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_single_and_batch_envelopes() {
        let one = br#"{"jsonrpc":"2.0","id":1,"result":"0x7a69"}"#;
        let r = parse_responses(one, false).unwrap();
        assert_eq!(r[0].id, Id::Number(1));
        let null = br#"{"jsonrpc":"2.0","id":2,"result":null}"#;
        assert!(parse_responses(null, false).is_ok());
        let many = br#"[{"jsonrpc":"2.0","id":1,"result":"0x1"},{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"nope"}}]"#;
        let r = parse_responses(many, true).unwrap();
        assert_eq!(r.len(), 2);
        assert!(r[1].payload.is_error());
    }

    #[test]
    fn rejects_what_is_not_json_rpc() {
        let cases: &[(&[u8], &str)] = &[
            (b"<html><body>502</body></html>", "HTML"),
            (b"", "empty"),
            (br#"{"jsonrpc":"2.0","id":1,"res"#, "truncated"),
            (br#"{"jsonrpc":"1.0","id":1,"result":"0x1"}"#, "version"),
            (br#"{"id":1,"result":"0x1"}"#, "jsonrpc"),
            (br#"{"jsonrpc":"2.0","result":"0x1"}"#, "no id"),
            (br#"{"jsonrpc":"2.0","id":1}"#, "neither"),
            (b"\xff\xfe{}", "UTF-8"),
            (b"hello world", "not JSON"),
        ];
        for (body, want) in cases {
            let err = parse_responses(body, false).unwrap_err().to_string();
            assert!(err.contains(want), "{err} should mention {want}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_responses(body.as_bytes(), true).is_err());
    }

    #[test]
    fn batch_answered_with_one_error_object_is_a_rejection() {
        let body = br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch requests are not supported"}}"#;
        let e = parse_responses(body, true).unwrap_err();
        assert!(batch_rejection(&e), "{e}");
    }

    #[test]
    fn statuses_map_to_kinds() {
        let h = reqwest::header::HeaderMap::new();
        assert_eq!(
            check_status(401, &h, b"").unwrap_err().kind(),
            "unauthorized"
        );
        assert_eq!(
            check_status(403, &h, b"").unwrap_err().kind(),
            "unauthorized"
        );
        assert_eq!(
            check_status(500, &h, b"").unwrap_err().kind(),
            "http_status"
        );
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(
            check_status(429, &h, b"").unwrap_err(),
            EndpointError::RateLimited {
                retry_after: Some(7)
            }
        );
    }
}
