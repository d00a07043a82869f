//! The only code that talks to an endpoint: resolving and redacting URLs, the
//! guarded HTTP transport, failure classification, and `gather_*` functions
//! that return plain, serialisable observations for the analysis modules.

pub mod allowlist;
pub mod classify;
pub mod cors;
pub mod endpoint;
pub mod policy;
pub mod probe;
pub mod redact;
pub mod transport;

use alloy::providers::RootProvider;
use alloy::rpc::client::{ClientBuilder, RpcClient};

pub use endpoint::Endpoint;
pub use transport::{GuardedHttp, TransportConfig};

use crate::error::{Error, Result};

/// A connection to one endpoint: alloy's client and provider over [`GuardedHttp`].
#[derive(Debug, Clone)]
pub struct Rpc {
    transport: GuardedHttp,
    client: RpcClient,
    provider: RootProvider,
}

impl Rpc {
    /// Connects (lazily: nothing is sent until the first request).
    pub fn connect(endpoint: Endpoint, config: TransportConfig) -> Result<Self> {
        let shown = endpoint.shown().to_owned();
        let is_local = endpoint.is_local();
        let transport = GuardedHttp::new(endpoint, config)
            .map_err(|source| Error::Endpoint { rpc: shown, source })?;
        let client = ClientBuilder::default().transport(transport.clone(), is_local);
        let provider = RootProvider::new(client.clone());
        Ok(Self {
            transport,
            client,
            provider,
        })
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        self.transport.endpoint()
    }

    /// alloy's JSON-RPC client (for batches).
    pub fn client(&self) -> &RpcClient {
        &self.client
    }

    /// alloy's provider (for typed calls).
    pub fn provider(&self) -> &RootProvider {
        &self.provider
    }

    /// Whether the endpoint has accepted batches so far.
    pub fn batches_supported(&self) -> bool {
        self.transport.batches_supported()
    }

    /// Wraps a transport error of `method` into the library error.
    pub fn fail(&self, e: &alloy::transports::TransportError, method: &str) -> Error {
        Error::Endpoint {
            rpc: self.endpoint().shown().to_owned(),
            source: classify::classify_transport(e, method),
        }
    }
}
