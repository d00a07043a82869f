//! `rpccheck allowlist`: would a contract's access gate reject an address, and
//! why. Gathering lives in `rpc::allowlist`; everything here is pure.

pub mod calldata;
pub mod merkle;
pub mod proxy;
