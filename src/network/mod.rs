//! `rpccheck network`: checks an EIP-3085 custom-network entry.

pub mod cors;
pub mod entry;
pub mod judge;
pub mod lookalike;
