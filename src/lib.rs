//! rpccheck: why was I refused? A library behind the `rpccheck` binary that
//! diagnoses Ethereum JSON-RPC endpoints, custom-network entries, contract
//! access gates and dApp sites.
//!
//! Every command follows one path: gather (the `rpc` module, the only code that
//! talks to an endpoint) → judge (pure functions in the command's module) →
//! render (the `render` module, the only code that writes stdout).

pub mod allowlist;
pub mod chain;
pub mod cli;
pub mod doctor;
pub mod engine;
pub mod error;
pub mod explain;
pub mod fuzzing;
pub mod input;
pub mod network;
pub mod redact;
pub mod registry;
pub mod render;
pub mod report;
pub mod rpc;
pub mod site;
pub mod tx;
pub mod units;

pub use error::{EndpointError, Error, Result};

/// `rpccheck --version`: the package version and the git commit it was built from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("RPCCHECK_GIT_COMMIT"),
    ")"
);
