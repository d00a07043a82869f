//! `rpccheck tx`.

use std::path::PathBuf;

use alloy::primitives::B256;
use clap::Args;

use super::Context;
use crate::error::{Error, Result};
use crate::explain::{Decoder, load_abi};
use crate::report::ExitStatus;
use crate::tx::check::{TxPlan, check};

/// Why did this transaction fail: diagnosed where it ran, and whether it would pass now.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  rpccheck tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060\n  rpccheck tx $HASH --abi out/Sale.sol/Sale.json --json"
)]
pub struct TxArgs {
    /// The transaction hash (0x and 64 hex digits)
    #[arg(value_parser = parse_hash)]
    pub hash: B256,
    /// ABI JSON or Foundry/Hardhat artifact, to name the function and decode errors
    #[arg(long, value_name = "FILE")]
    pub abi: Option<PathBuf>,
}

fn parse_hash(s: &str) -> Result<B256> {
    let t = s.trim();
    let hex = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"));
    match hex {
        Some(h) if h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()) => t
            .parse()
            .map_err(|_| Error::input(format!("{t:?} is not a transaction hash"))),
        _ => Err(Error::input_hint(
            format!("{t:?} is not a transaction hash"),
            "a transaction hash is 0x followed by 64 hex digits",
        )),
    }
}

impl TxArgs {
    /// Reads, re-executes and renders.
    pub async fn run(self, ctx: &mut Context) -> Result<ExitStatus> {
        let mut decoder = Decoder::new();
        if let Some(path) = &self.abi {
            decoder = decoder.with_abi(&load_abi(path)?);
        }
        let plan = TxPlan {
            hash: self.hash,
            decoder,
            now_block: ctx.global.block,
            engine: ctx.global.engine,
        };
        let rpc = ctx.connect()?;
        let report = check(&rpc, &plan).await?;
        Ok(ctx.out.emit(&report))
    }
}
