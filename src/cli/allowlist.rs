//! `rpccheck allowlist`.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use alloy::primitives::{Address, U256};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::Context;
use crate::allowlist::calldata::CallSpec;
use crate::allowlist::merkle::StandardTree;
use crate::allowlist::{AllowlistPlan, check};
use crate::error::{Error, Result};
use crate::explain::{Decoder, load_abi};
use crate::input::{parse_address, parse_amount};
use crate::report::ExitStatus;

/// Would CONTRACT's access gating reject ADDRESS, and why.
#[derive(Debug, Clone, Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  rpccheck allowlist 0x5FbDB2315678afecb367f032d93F642f64180aa3 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --call \"mint(uint256)\" 1\n  rpccheck allowlist $SALE $ME --call \"mint(uint256,bytes32[])\" 1 @proof --merkle-tree tree.json\n  rpccheck allowlist $SALE --addresses wallets.txt --call \"mint(uint256)\" 1 --json"
)]
pub struct AllowlistArgs {
    /// The gated contract (or its proxy)
    #[arg(value_parser = contract_address)]
    pub contract: Address,
    /// The address to check (EIP-55 checksum verified when mixed-case)
    #[arg(value_parser = checked_address)]
    pub address: Option<Address>,
    /// The gated call to simulate, cast-style: --call "mint(uint256)" 1; @proof = the address's Merkle proof, @address = the address
    #[arg(long, num_args = 1.., value_name = "SIG [ARGS]")]
    pub call: Option<Vec<String>>,
    /// Call value: 0.1ether, 100gwei, or wei
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    pub value: Option<U256>,
    /// ABI JSON or Foundry/Hardhat artifact, to decode errors and name functions
    #[arg(long, value_name = "FILE")]
    pub abi: Option<PathBuf>,
    /// @openzeppelin/merkle-tree dump (standard-v1) of the allowlist
    #[arg(long, value_name = "FILE")]
    pub merkle_tree: Option<PathBuf>,
    /// Check many addresses, one a line ('-' for stdin), instead of ADDRESS
    #[arg(long, value_name = "FILE", conflicts_with = "address")]
    pub addresses: Option<String>,
    /// Simulate with the address's real balance instead of funding it
    #[arg(long)]
    pub real_balance: bool,
}

fn contract_address(s: &str) -> Result<Address> {
    parse_address(s, "contract address")
}

fn checked_address(s: &str) -> Result<Address> {
    parse_address(s, "address")
}

impl AllowlistArgs {
    /// The typed plan: every argument parsed and checked before anything is sent.
    pub fn plan(
        &self,
        block: alloy::eips::BlockId,
        engine: crate::engine::EngineChoice,
    ) -> Result<AllowlistPlan> {
        let contract = self.contract;
        let mut decoder = Decoder::new();
        if let Some(path) = &self.abi {
            decoder = decoder.with_abi(&load_abi(path)?);
        }
        let call = match &self.call {
            Some(parts) => {
                let (sig, args) = parts
                    .split_first()
                    .ok_or_else(|| Error::input("--call needs a signature"))?;
                Some(CallSpec::parse(sig, args)?)
            }
            None => None,
        };
        let value = self.value.unwrap_or(U256::ZERO);
        if !value.is_zero() && call.is_none() {
            return Err(Error::input(
                "--value needs --call (the value is sent with the simulated call)",
            ));
        }
        let merkle = self
            .merkle_tree
            .as_deref()
            .map(StandardTree::load)
            .transpose()?;
        if call.as_ref().is_some_and(CallSpec::needs_proof) && merkle.is_none() {
            return Err(Error::input(
                "--call uses @proof but no --merkle-tree was given",
            ));
        }
        Ok(AllowlistPlan {
            contract,
            call,
            value,
            real_balance: self.real_balance,
            merkle,
            decoder,
            block,
            engine,
        })
    }

    /// Plans, checks one address or many, and renders.
    pub async fn run(self, ctx: &mut Context) -> Result<ExitStatus> {
        let plan = self.plan(ctx.global.block, ctx.global.engine)?;
        let addresses = match (self.address, &self.addresses) {
            (Some(a), None) => vec![a],
            (None, Some(file)) => read_addresses(file)?,
            (None, None) => {
                return Err(Error::input_hint(
                    "no ADDRESS to check",
                    "pass ADDRESS or --addresses FILE",
                ));
            }
            (Some(_), Some(_)) => {
                return Err(Error::input("pass ADDRESS or --addresses, not both"));
            }
        };
        let rpc = ctx.connect()?;
        if self.addresses.is_none() {
            let mut report = None;
            check(&rpc, &plan, &addresses, &mut |r| report = Some(r)).await?;
            return match report {
                Some(r) => Ok(ctx.out.emit(&r)),
                None => Err(Error::input("internal: no report for the address")),
            };
        }
        // Many: the stream stays one document whatever happens after it starts.
        let mut stream = ctx.out.batch_stream();
        let progress = progress_bar(addresses.len() as u64, ctx.global.quiet);
        let result = check(&rpc, &plan, &addresses, &mut |r| {
            stream.push(&r);
            progress.inc(1);
        })
        .await;
        progress.finish_and_clear();
        Ok(match result {
            Ok(()) => stream.finish(),
            Err(e) => stream.fail(&e),
        })
    }
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} addresses {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    bar
}

/// Reads `--addresses`: one address a line, `#` comments and blank lines skipped.
fn read_addresses(file: &str) -> Result<Vec<Address>> {
    let reader: Box<dyn BufRead> = if file == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(file)
            .map_err(|e| Error::input(format!("cannot read --addresses {file}: {e}")))?;
        Box::new(std::io::BufReader::new(f))
    };
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line =
            line.map_err(|e| Error::input(format!("cannot read --addresses {file}: {e}")))?;
        let t = line.split('#').next().unwrap_or("").trim();
        if t.is_empty() {
            continue;
        }
        out.push(parse_address(
            t,
            &format!("address on line {} of {file}", i + 1),
        )?);
    }
    if out.is_empty() {
        return Err(Error::input(format!("--addresses {file} holds no address")));
    }
    Ok(out)
}
