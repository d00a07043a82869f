//! The HTTP transport under alloy's `RpcClient`: the one place requests are
//! put on the wire. It composes the pieces of this module: the read-only
//! [`guard`](super::guard), [`batch`](super::batch)ing, [`retry`](super::retry),
//! the bounded [`http`](super::http) POST, the JSON-RPC [`envelope`](super::envelope)
//! check, and failure [`classify`](super::classify)ing. Each request is logged
//! with its time under `-v`, with the URL redacted, and counted ([`wire_count`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task;

use alloy::rpc::json_rpc::{RequestPacket, Response, ResponsePacket, SerializedRequest};
use alloy::transports::{TransportError, TransportErrorKind, TransportFut};
use tower::Service;

pub use super::http::{DEFAULT_MAX_BODY, TransportConfig};
pub use super::retry::MAX_TRIES;

use super::batch::DEFAULT_MAX_BATCH;
use super::endpoint::Endpoint;
use super::envelope::{invalid, parse_responses};
use super::http::{self, HttpReply};
use super::{guard, retry};
use crate::error::EndpointError;

/// JSON-RPC requests put on the wire by this process (a retried or re-sent
/// request counts again), over every connection: a command may open several
/// (`network`, `doctor`).
static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// HTTP POSTs made by this process (each try of a retry counts).
static ROUND_TRIPS: AtomicU64 = AtomicU64::new(0);

/// What this process has sent so far, for the `-v` summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireCount {
    /// JSON-RPC requests (each item of a batch counts).
    pub requests: u64,
    /// HTTP round trips.
    pub round_trips: u64,
}

impl std::fmt::Display for WireCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        write!(
            f,
            "rpc: {} request{} in {} round trip{}",
            self.requests,
            plural(self.requests),
            self.round_trips,
            plural(self.round_trips)
        )
    }
}

/// The requests and round trips this process has sent so far.
pub fn wire_count() -> WireCount {
    WireCount {
        requests: REQUESTS.load(Ordering::Relaxed),
        round_trips: ROUND_TRIPS.load(Ordering::Relaxed),
    }
}

/// A JSON-RPC over HTTP transport that explains its failures.
#[derive(Clone)]
pub struct GuardedHttp {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    client: reqwest::Client,
    endpoint: Endpoint,
    config: TransportConfig,
    /// Whether the endpoint has not rejected batches.
    pub(super) batch_ok: AtomicBool,
    /// Largest batch the endpoint has not rejected for its size.
    pub(super) max_batch: AtomicUsize,
    /// Largest batch the endpoint has answered.
    pub(super) accepted: AtomicUsize,
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
        let client = http::client(&config, &endpoint)?;
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                endpoint,
                config,
                batch_ok: AtomicBool::new(true),
                max_batch: AtomicUsize::new(DEFAULT_MAX_BATCH),
                accepted: AtomicUsize::new(0),
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

    /// The most requests one round trip carries as far as known: the batch
    /// size the endpoint has not refused, 1 without batches.
    pub fn batch_room(&self) -> usize {
        if self.batches_supported() {
            self.inner.max_batch.load(Ordering::Relaxed).max(1)
        } else {
            1
        }
    }

    async fn handle(self, packet: RequestPacket) -> Result<ResponsePacket, TransportError> {
        guard::check(&packet).map_err(TransportErrorKind::custom)?;
        let result = match packet {
            RequestPacket::Single(req) => self.single(req).await.map(ResponsePacket::Single),
            RequestPacket::Batch(reqs) => self.batch(reqs).await.map(ResponsePacket::Batch),
        };
        result.map_err(TransportErrorKind::custom)
    }

    /// Sends one request and checks that the answer is its response.
    pub(super) async fn single(&self, req: SerializedRequest) -> Result<Response, EndpointError> {
        let body = req.serialized().get().as_bytes().to_vec();
        let reply = self.post(body, req.method(), 1).await?;
        if let Some(err) = reply.status_error() {
            return Err(err);
        }
        let mut responses = parse_responses(&reply.body, false)?;
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

    /// POSTs `body` (holding `requests` JSON-RPC requests) with bounded
    /// retries; the answer is returned whatever its status, for the caller to
    /// read as a single or a batch answer. Every try is counted.
    pub(super) async fn post(
        &self,
        body: Vec<u8>,
        what: &str,
        requests: usize,
    ) -> Result<HttpReply, EndpointError> {
        let Inner {
            client,
            endpoint,
            config,
            ..
        } = &*self.inner;
        retry::with_retries(
            what,
            endpoint.shown(),
            |line| self.log(line),
            || {
                REQUESTS.fetch_add(requests as u64, Ordering::Relaxed);
                ROUND_TRIPS.fetch_add(1, Ordering::Relaxed);
                http::post_json(client, endpoint, config, body.clone())
            },
        )
        .await
    }

    /// Logs `line` under `-v`, scrubbed of the endpoint's secrets.
    pub fn log(&self, line: &str) {
        http::log(&self.inner.config, &self.inner.endpoint, line);
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
