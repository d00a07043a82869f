//! `rpccheck site URL`: would a wallet refuse to connect to this dApp site, and why.

pub mod detector;
