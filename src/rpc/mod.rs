//! The wire, and only the wire: the one code that talks to an endpoint.
//! [`endpoint`] resolves `--rpc-url`; [`transport`] is the HTTP transport under
//! alloy's client, built from [`guard`] (the read-only policy), [`batch`],
//! [`retry`], [`http`] (the one client builder), [`envelope`] (JSON-RPC shape
//! checks) and [`classify`] (failure → CLI.md error kind); [`cors`] observes an
//! endpoint the way a browser does. Nothing here knows about commands or reports.

pub mod batch;
pub mod block;
pub mod classify;
pub mod cors;
pub mod endpoint;
pub mod envelope;
pub mod guard;
pub mod http;
pub mod retry;
pub mod transport;

use alloy::rpc::client::{ClientBuilder, RpcClient};
use alloy::transports::mock::Asserter;

pub use endpoint::Endpoint;
pub use transport::{GuardedHttp, TransportConfig};

use crate::error::{Error, Result};

/// A connection to one endpoint: alloy's client over [`GuardedHttp`] (or, in
/// tests, over alloy's mock transport).
#[derive(Debug, Clone)]
pub struct Rpc {
    endpoint: Endpoint,
    /// `None` for a mocked connection.
    transport: Option<GuardedHttp>,
    client: RpcClient,
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

    /// Wraps a transport error of `method` into the library error.
    pub fn fail(&self, e: &alloy::transports::TransportError, method: &str) -> Error {
        Error::Endpoint {
            rpc: self.endpoint().shown().to_owned(),
            source: classify::classify_transport(e, method),
        }
    }
}
