//! `rpccheck allowlist`: would a contract's access gate reject an address, and
//! why.
//!
//! The flow ([`check`], [`batch`]) reads through [`gather`] and executes calls
//! through the [`crate::engine::Executor`] seam; everything else here is pure: proxy
//! detection, calldata, Merkle trees, trace analysis, counterfactual choice,
//! and the [`judge`] that turns observations into a report.

pub mod batch;
pub mod calldata;
pub mod check;
pub mod counterfactual;
pub mod gates;
pub mod gather;
pub mod judge;
pub mod merkle;
pub mod observe;
pub mod proxy;
pub mod reason;
pub mod report;
pub mod trace;

pub use batch::{check, check_addresses};
pub use check::{AllowlistPlan, observe_target};
