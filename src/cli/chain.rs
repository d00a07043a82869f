//! `rpccheck chain`.

use clap::Args;

use super::Context;
use crate::chain::{ChainExpectations, judge};
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::rpc::probe::{gather_chain, parse_block};

/// Probe the endpoint.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  rpccheck chain\n  rpccheck -r http://127.0.0.1:8545 chain --expect-chain-id 31337 --json"
)]
pub struct ChainArgs {
    /// Fail (exit 1) unless the endpoint reports this chain ID (decimal or 0x-hex)
    #[arg(long, value_name = "N")]
    pub expect_chain_id: Option<String>,
    /// Warn when the head block is older than this many seconds (not on dev nodes)
    #[arg(long, value_name = "SECS")]
    pub stale_after: Option<u64>,
}

impl ChainArgs {
    /// Gathers, judges and renders.
    pub async fn run(self, ctx: &mut Context) -> Result<u8> {
        let expect_chain_id = self
            .expect_chain_id
            .as_deref()
            .map(parse_chain_id)
            .transpose()?;
        let block = parse_block(&ctx.global.block)?;
        let rpc = ctx.connect()?;
        let obs = gather_chain(&rpc, block).await?;
        let report = judge(
            &obs,
            &ChainExpectations {
                expect_chain_id,
                stale_after_secs: self.stale_after,
            },
            Registry::builtin(),
        );
        Ok(ctx.out.emit(&report))
    }
}

/// Parses a chain ID given as decimal or `0x` hex.
pub fn parse_chain_id(s: &str) -> Result<u64> {
    let t = s.trim();
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => t.parse().ok(),
    };
    parsed.filter(|n| *n > 0).ok_or_else(|| {
        Error::input(format!(
            "invalid chain ID {t:?}: expected a positive decimal or 0x-hex number"
        ))
    })
}
