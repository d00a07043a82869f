//! The wire, and only the wire: the one code that talks to an endpoint.
//! [`endpoint`] resolves `--rpc-url`; [`transport`] is the HTTP transport under
//! alloy's client, built from [`guard`] (the read-only policy), [`batch`],
//! [`retry`], [`http`] (the one client builder), [`envelope`] (JSON-RPC shape
//! checks) and [`classify`] (failure → CLI.md error kind); [`cors`] observes an
//! endpoint the way a browser does; [`capabilities`] probes what the endpoint
//! serves, once per connection. Nothing here knows about commands or reports.

pub mod batch;
pub mod block;
pub mod capabilities;
pub mod classify;
pub mod cors;
pub mod endpoint;
pub mod envelope;
pub mod guard;
pub mod http;
pub mod retry;
pub mod transport;

use std::sync::Arc;

use alloy::rpc::client::{ClientBuilder, RpcClient};
use alloy::rpc::json_rpc::{Id, Request, RequestPacket, ResponsePayload};
use alloy::transports::RpcError;
use alloy::transports::mock::Asserter;
use serde_json::value::RawValue;
use tokio::sync::OnceCell;

pub use batch::BatchTry;
pub use capabilities::Capabilities;
pub use endpoint::Endpoint;
pub use transport::{GuardedHttp, TransportConfig, WireCount, wire_count};

use crate::error::{Error, Result};

/// A connection to one endpoint: alloy's client over [`GuardedHttp`] (or, in
/// tests, over alloy's mock transport).
#[derive(Debug, Clone)]
pub struct Rpc {
    endpoint: Endpoint,
    /// `None` for a mocked connection.
    transport: Option<GuardedHttp>,
    client: RpcClient,
    /// What the endpoint serves, probed on first use and kept for the run
    /// (shared by clones of this connection).
    capabilities: Arc<OnceCell<Capabilities>>,
    /// The features-only probe, for commands that need no batch-size search.
    features: Arc<OnceCell<Capabilities>>,
}

impl Rpc {
    /// Connects (lazily: nothing is sent until the first request).
    pub fn connect(endpoint: Endpoint, config: TransportConfig) -> Result<Self> {
        let shown = endpoint.shown().to_owned();
        let is_local = endpoint.is_local();
        let transport = GuardedHttp::new(endpoint, config)
            .map_err(|source| Error::Endpoint { rpc: shown, source })?;
        let client = ClientBuilder::default().transport(transport.clone(), is_local);
        Ok(Self {
            endpoint: transport.endpoint().clone(),
            transport: Some(transport),
            client,
            capabilities: Arc::default(),
            features: Arc::default(),
        })
    }

    /// A connection whose answers come from alloy's [`Asserter`], in order: for
    /// unit tests of the gather steps on recorded payloads, without a node.
    pub fn mocked(asserter: Asserter) -> Self {
        Self {
            endpoint: Endpoint::parse(endpoint::DEFAULT_RPC_URL)
                .unwrap_or_else(|_| unreachable!("the default URL parses")),
            transport: None,
            client: RpcClient::mocked(asserter),
            capabilities: Arc::default(),
            features: Arc::default(),
        }
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// alloy's JSON-RPC client (for batches).
    pub fn client(&self) -> &RpcClient {
        &self.client
    }

    /// Whether the endpoint has accepted batches so far.
    pub fn batches_supported(&self) -> bool {
        self.transport
            .as_ref()
            .is_none_or(GuardedHttp::batches_supported)
    }

    /// The most requests one round trip carries as far as known (1 without
    /// batches; on the mock transport, unbounded).
    pub fn batch_room(&self) -> usize {
        self.transport
            .as_ref()
            .map_or(usize::MAX, GuardedHttp::batch_room)
    }

    /// What executing a call needs to know of the endpoint (overrides,
    /// `debug_traceCall`, access lists, proofs): the full [`Self::capabilities`]
    /// when already probed, else one batch of four cheap requests
    /// ([`capabilities::probe_features`]), kept for the run. Its `batch_max`
    /// and `archive` are not probed.
    pub async fn features(&self) -> Result<Capabilities> {
        if let Some(c) = self.capabilities.get() {
            return Ok(*c);
        }
        self.features
            .get_or_try_init(|| capabilities::probe_features(self))
            .await
            .copied()
    }

    /// What the endpoint serves: probed on the first call (a handful of
    /// read-only requests, see [`capabilities::probe`]), then kept for the run,
    /// so that every command chooses its path instead of discovering it by
    /// failing. An `Err` is the endpoint failing during the probe.
    pub async fn capabilities(&self) -> Result<Capabilities> {
        self.capabilities
            .get_or_try_init(|| capabilities::probe(self))
            .await
            .copied()
    }

    /// Sends `n` requests of `method` (without parameters) as ONE batch, as is:
    /// no split, no halving, no fallback. On alloy's mock transport (tests),
    /// the batch counts as refused when any of its answers is an error object.
    pub async fn batch_as_is(&self, method: &'static str, n: usize) -> Result<BatchTry> {
        let reqs = (1..=n as u64)
            .map(|i| Request::new(method, Id::Number(i), ()).serialize())
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.fail(&RpcError::ser_err(e), method))?;
        let endpoint_error = |source| Error::Endpoint {
            rpc: self.endpoint.shown().to_owned(),
            source,
        };
        let packet = RequestPacket::Batch(reqs);
        guard::check(&packet).map_err(endpoint_error)?;
        let RequestPacket::Batch(reqs) = packet else {
            unreachable!("built as a batch above")
        };
        if let Some(t) = &self.transport {
            return t.batch_as_is(reqs).await.map_err(endpoint_error);
        }
        // The mock answers item by item, in order.
        let mut batch = self.client.new_batch();
        let waiters = (0..n)
            .map(|_| batch.add_call::<_, Box<RawValue>>(method, &()))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.fail(&e, method))?;
        batch.send().await.map_err(|e| self.fail(&e, method))?;
        let mut answers = Vec::with_capacity(n);
        for (i, w) in waiters.into_iter().enumerate() {
            match w.await {
                Ok(v) => answers.push(alloy::rpc::json_rpc::Response {
                    id: Id::Number(i as u64 + 1),
                    payload: ResponsePayload::Success(v),
                }),
                Err(RpcError::ErrorResp(p)) => {
                    return Ok(BatchTry::Refused(format!(
                        "answered with error {}: {}",
                        p.code, p.message
                    )));
                }
                Err(e) => return Err(self.fail(&e, method)),
            }
        }
        Ok(BatchTry::Accepted(answers))
    }

    /// Tells the transport the largest batch the endpoint accepts (`None`:
    /// no batches), so that later batches are sized right the first time.
    pub fn learn_batch_max(&self, max: Option<usize>) {
        if let Some(t) = &self.transport {
            t.learn_batch_max(max);
        }
    }

    /// Logs `line` under `-v` (nothing on a mocked connection).
    pub fn log(&self, line: &str) {
        if let Some(t) = &self.transport {
            t.log(line);
        }
    }

    /// Wraps a transport error of `method` into the library error.
    pub fn fail(&self, e: &alloy::transports::TransportError, method: &str) -> Error {
        Error::Endpoint {
            rpc: self.endpoint().shown().to_owned(),
            source: classify::classify_transport(e, method),
        }
    }
}
