//! `rpccheck explain`.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::Result;
use crate::explain::{Decoder, load_abi};

/// Explain revert data, a selector or an error code.
#[derive(Debug, Clone, Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  rpccheck explain 0xe2517d3f\n  rpccheck explain -32601\n  rpccheck explain 4902\n  rpccheck explain 0x08c379a0…  --abi out/Token.sol/Token.json"
)]
pub struct ExplainArgs {
    /// Revert data (0x…), a 4-byte selector, or a JSON-RPC / EIP-1193 error code
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// ABI JSON or a Foundry/Hardhat artifact whose errors and functions are added
    #[arg(long, value_name = "FILE")]
    pub abi: Option<PathBuf>,
}

impl ExplainArgs {
    /// Decodes and renders (offline).
    pub fn run(self, ctx: &mut Context) -> Result<crate::report::ExitStatus> {
        let mut decoder = Decoder::new();
        if let Some(path) = &self.abi {
            decoder = decoder.with_abi(&load_abi(path)?);
        }
        let explanation = decoder.explain_input(&self.value)?;
        Ok(ctx.out.emit(&explanation))
    }
}
