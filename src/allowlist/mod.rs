//! `rpccheck allowlist`: would a contract's access gate reject an address, and
//! why.
//!
//! The flow walks down once, a file a step: [`entry`] (the one entry point)
//! → [`target`] (the contract, at a block pinned once) → [`addresses`]
//! (balances, simulations) → [`diagnose`] (traces, counterfactuals, probes) →
//! [`emit`] → [`judge`] (a pure function to the report). Beneath the steps:
//! [`plan`] (what to check, what a run learned), [`reads`] (the endpoint),
//! the [`crate::engine::Executor`] seam (calls), [`reason`] (the typed
//! reasons of the report), and the pure modules —
//! proxy detection, calldata, Merkle trees, trace analysis, gates,
//! counterfactual choice, revert shapes.

pub mod addresses;
pub mod calldata;
pub mod counterfactual;
pub mod diagnose;
pub mod emit;
pub mod entry;
pub mod gates;
pub mod judge;
pub mod merkle;
pub mod observe;
pub mod plan;
pub mod proxy;
pub mod reads;
pub mod reason;
pub mod report;
pub mod shape;
pub mod target;
pub mod trace;

pub use entry::{check, check_addresses};
pub use plan::AllowlistPlan;
pub use target::observe_target;
