//! `rpccheck allowlist`: would a contract's access gate reject an address, and
//! why. Gathering lives in `rpc::allowlist`; everything here is pure.

pub mod calldata;
pub mod counterfactual;
pub mod judge;
pub mod merkle;
pub mod observe;
pub mod proxy;
pub mod report;
pub mod trace;
