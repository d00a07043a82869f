//! `rpccheck allowlist`.

use std::collections::HashMap;
use std::io::{BufRead, IsTerminal};

use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

use alloy::primitives::{Address, U256};
use clap::Args;

use super::Context;
use crate::allowlist::calldata::CallSpec;
use crate::allowlist::judge::judge;
use crate::allowlist::merkle::StandardTree;
use crate::allowlist::observe::{
    AddressObservation, SimOutcome, Simulated, TargetObservation, TraceStep,
};
use crate::allowlist::report::Evidence;
use crate::allowlist::trace::{KeyedRead, address_word};
use crate::error::{Error, Result};
use crate::explain::{Decoder, load_abi};
use crate::input::{parse_address, parse_amount};
use crate::rpc::allowlist::{
    CheckSpec, diagnose, gather_address, gather_chunk, gather_target, read_slots,
};

/// Would CONTRACT's access gating reject ADDRESS, and why.
#[derive(Debug, Clone, Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  rpccheck allowlist 0x5FbDB2315678afecb367f032d93F642f64180aa3 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --call \"mint(uint256)\" 1\n  rpccheck allowlist $SALE $ME --call \"mint(uint256,bytes32[])\" 1 @proof --merkle-tree tree.json\n  rpccheck allowlist $SALE --addresses wallets.txt --call \"mint(uint256)\" 1 --json"
)]
pub struct AllowlistArgs {
    /// The gated contract (or its proxy)
    pub contract: String,
    /// The address to check (EIP-55 checksum verified when mixed-case)
    pub address: Option<String>,
    /// The gated call to simulate, cast-style: --call "mint(uint256)" 1; @proof = the address's Merkle proof, @address = the address
    #[arg(long, num_args = 1.., value_name = "SIG [ARGS]")]
    pub call: Option<Vec<String>>,
    /// Call value: 0.1ether, 100gwei, or wei
    #[arg(long, value_name = "AMOUNT")]
    pub value: Option<String>,
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

impl AllowlistArgs {
    /// Gathers, judges and renders one address or many.
    pub async fn run(self, ctx: &mut Context) -> Result<crate::report::ExitStatus> {
        let contract = parse_address(&self.contract, "contract address")?;
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
        let value = self
            .value
            .as_deref()
            .map(parse_amount)
            .transpose()?
            .unwrap_or(U256::ZERO);
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
        let addresses = match (&self.address, &self.addresses) {
            (Some(a), None) => vec![parse_address(a, "address")?],
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
        let block = ctx.global.block;
        let spec = CheckSpec {
            call,
            value,
            real_balance: self.real_balance,
            merkle,
        };
        let rpc = ctx.connect()?;
        let target = gather_target(&rpc, contract, block, &decoder).await?;
        if self.addresses.is_none() {
            let obs = gather_address(&rpc, &target, addresses[0], &spec).await?;
            let report = judge(&target, &obs, &decoder);
            return Ok(ctx.out.emit(&report));
        }
        let mut stream = ctx.out.batch_stream();
        let progress = progress_bar(addresses.len() as u64, ctx.global.quiet);
        let mut shapes: HashMap<Vec<u8>, Shape> = HashMap::new();
        let mut gas_hint = None;
        for chunk in addresses.chunks(CHUNK) {
            let mut observed = gather_chunk(&rpc, &target, chunk, &spec, &mut gas_hint).await?;
            let mut derived = Vec::new();
            for (i, obs) in observed.iter_mut().enumerate() {
                let Some(key) = revert_shape(obs) else {
                    continue;
                };
                match shapes.get(&key) {
                    Some(shape) => {
                        if shape.apply(obs) {
                            derived.push(i);
                        }
                    }
                    None => {
                        diagnose(&rpc, &target, obs, &spec).await?;
                        shapes.insert(key, Shape::of(obs));
                    }
                }
            }
            read_derived(&rpc, &target, &mut observed, &derived).await;
            for obs in observed {
                let report = judge(&target, &obs, &decoder);
                stream.push(&report);
                progress.inc(1);
            }
        }
        progress.finish_and_clear();
        Ok(stream.finish())
    }
}

/// Addresses gathered per round of batches.
const CHUNK: usize = 2000;

/// What the first address with a given revert taught: applied to the others.
struct Shape {
    from: Address,
    read: Option<KeyedRead>,
}

impl Shape {
    fn of(obs: &AddressObservation) -> Self {
        let read = match &obs.trace {
            TraceStep::Done(an) => an.culprit().cloned(),
            _ => None,
        };
        Self {
            from: obs.address,
            read,
        }
    }

    /// Points `obs` at its own entry of the mapping; true when there is one to read.
    fn apply(&self, obs: &mut AddressObservation) -> bool {
        let Some(read) = &self.read else { return false };
        obs.trace = TraceStep::Derived {
            from: self.from,
            read: read.for_address(obs.address, read.value),
        };
        true
    }
}

/// Batch-reads the derived slots of `idx`, so each address's entry is read, not assumed.
async fn read_derived(
    rpc: &crate::rpc::Rpc,
    target: &TargetObservation,
    observed: &mut [AddressObservation],
    idx: &[usize],
) {
    let slots: Vec<(Address, alloy::primitives::B256)> = idx
        .iter()
        .filter_map(|i| match &observed[*i].trace {
            TraceStep::Derived { read, .. } => Some((read.account, read.slot)),
            _ => None,
        })
        .collect();
    if slots.is_empty() {
        return;
    }
    match read_slots(rpc, target, &slots).await {
        Ok(values) => {
            for (i, v) in idx.iter().zip(values) {
                if let (TraceStep::Derived { read, .. }, Some(v)) = (&mut observed[*i].trace, v) {
                    read.value = v;
                }
            }
        }
        Err(e) => {
            for i in idx {
                observed[*i].notes.push(Evidence::new(
                    "trace",
                    format!("this address's slot could not be read ({e}); its value is assumed from the first address"),
                ));
            }
        }
    }
}

/// Revert data with the address's own word blanked: equal shapes are the same gate.
fn revert_shape(obs: &AddressObservation) -> Option<Vec<u8>> {
    let Some(Simulated {
        outcome: SimOutcome::Reverted(data),
        ..
    }) = &obs.simulation
    else {
        return None;
    };
    let word = address_word(obs.address);
    let mut key = data.to_vec();
    if key.len() >= 4 {
        for chunk in key[4..].chunks_mut(32) {
            if chunk == word {
                chunk.fill(0);
            }
        }
    }
    Some(key)
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
