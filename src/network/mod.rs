//! `rpccheck network`: checks an EIP-3085 custom-network entry: read it
//! ([`entry`]), probe its URLs ([`gather`]), judge ([`judge`]); [`check`] is the flow.

pub mod check;
pub mod cors;
pub mod entry;
pub mod gather;
pub mod judge;
pub mod lookalike;

#[cfg(test)]
mod realdata_tests;
