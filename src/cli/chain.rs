//! `rpccheck chain`: flags → [`ChainPlan`] → [`chain::check`] → emit.

use clap::Args;

use super::Context;
use crate::chain::{self, ChainExpectations, ChainPlan};
use crate::error::Result;
use crate::input::parse_chain_id;
use crate::registry::Registry;
use crate::report::ExitStatus;

/// Probe the endpoint.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  rpccheck chain\n  rpccheck -r http://127.0.0.1:8545 chain --expect-chain-id 31337 --json"
)]
pub struct ChainArgs {
    /// Fail (exit 1) unless the endpoint reports this chain ID (decimal or 0x-hex)
    #[arg(long, value_name = "N", value_parser = parse_chain_id)]
    pub expect_chain_id: Option<u64>,
    /// Warn when the head block is older than this many seconds (not on dev nodes)
    #[arg(long, value_name = "SECS")]
    pub stale_after: Option<u64>,
}

impl ChainArgs {
    /// The typed plan of this invocation.
    pub fn plan(&self, ctx: &Context) -> ChainPlan {
        ChainPlan {
            block: ctx.global.block,
            expect: ChainExpectations {
                expect_chain_id: self.expect_chain_id,
                stale_after_secs: self.stale_after,
            },
        }
    }

    /// Runs the plan and renders the report.
    pub async fn run(self, ctx: &mut Context) -> Result<ExitStatus> {
        let plan = self.plan(ctx);
        let rpc = ctx.connect()?;
        let report = chain::check(&rpc, &plan, Registry::builtin()).await?;
        Ok(ctx.out.emit(&report))
    }
}
