//! `rpccheck network`: flags or FILE → entry plans → [`network::check::check`] → emit.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use serde_json::{Value, json};

use super::Context;
use crate::error::{Error, Result};
use crate::input::{parse_chain_id, parse_origin};
use crate::network::check::{EntryPlan, NetworkEnv, check};
use crate::network::judge::NetworkReports;
use crate::network::lookalike::OfficialHosts;
use crate::registry::Registry;
use crate::report::ExitStatus;

/// Check a custom-network entry (EIP-3085) against its nodes and the chain registry.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  rpccheck network polygon.json\n  rpccheck network --chain-id 0x89 --chain-name \"Polygon Mainnet\" --symbol POL --decimals 18 --rpc https://polygon-rpc.com --explorer https://polygonscan.com\n  rpccheck network entry.json --origin https://app.example --json"
)]
pub struct NetworkArgs {
    /// EIP-3085 wallet_addEthereumChain parameter object (JSON), an array of them, or '-' for stdin
    pub file: Option<String>,
    /// chainId (hex or decimal), instead of FILE
    #[arg(long, value_name = "ID", conflicts_with = "file", value_parser = parse_chain_id)]
    pub chain_id: Option<u64>,
    /// chainName, instead of FILE
    #[arg(long, value_name = "NAME", conflicts_with = "file")]
    pub chain_name: Option<String>,
    /// nativeCurrency.symbol, instead of FILE
    #[arg(long, value_name = "SYM", conflicts_with = "file")]
    pub symbol: Option<String>,
    /// nativeCurrency.decimals, instead of FILE
    #[arg(long, value_name = "N", conflicts_with = "file")]
    pub decimals: Option<u64>,
    /// rpcUrls (repeat for several), instead of FILE
    #[arg(long = "rpc", value_name = "URL", conflicts_with = "file")]
    pub rpc: Vec<String>,
    /// blockExplorerUrls (repeat for several), instead of FILE
    #[arg(long = "explorer", value_name = "URL", conflicts_with = "file")]
    pub explorer: Vec<String>,
    /// Also check what a browser dApp on this origin is allowed (CORS)
    #[arg(long, value_name = "URL", value_parser = parse_origin)]
    pub origin: Option<String>,
    /// Chain list in the ethereum-lists/chains chains.json shape, added to the built-in registry
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// Use only --registry, not the built-in registry
    #[arg(long, requires = "registry")]
    pub registry_only: bool,
}

impl NetworkArgs {
    /// Reads the entries, probes every RPC URL, judges and renders.
    pub async fn run(self, ctx: &mut Context) -> Result<ExitStatus> {
        let (entries, label) = self.entries()?;
        let registry = self.load_registry()?;
        let official = OfficialHosts::builtin(&registry);
        let count = entries.len();
        let plans = entries
            .into_iter()
            .enumerate()
            .map(|(i, raw)| {
                let name = if count > 1 {
                    format!("entry {} of {label}", i + 1)
                } else {
                    label.clone()
                };
                EntryPlan::read(raw, &name)
            })
            .collect::<Result<Vec<_>>>()?;
        for p in &plans {
            for s in p.secrets() {
                ctx.out = ctx.out.clone().with_secrets(s);
            }
        }
        let env = NetworkEnv {
            registry: &registry,
            official: &official,
            origin: self.origin.as_deref(),
            block: ctx.global.block,
            transport: ctx.transport_config(),
        };
        let mut reports = Vec::with_capacity(plans.len());
        for p in &plans {
            reports.push(check(p, &env).await);
        }
        Ok(match reports.len() {
            1 => ctx.out.emit(&reports.remove(0)),
            _ => ctx.out.emit(&NetworkReports(reports)),
        })
    }

    fn entries(&self) -> Result<(Vec<Value>, String)> {
        if let Some(file) = &self.file {
            let text = if file == "-" {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| Error::input(format!("cannot read stdin: {e}")))?;
                s
            } else {
                std::fs::read_to_string(file)
                    .map_err(|e| Error::input(format!("cannot read {file}: {e}")))?
            };
            let label = if file == "-" {
                "stdin".to_owned()
            } else {
                file.clone()
            };
            let v: Value = serde_json::from_str(&text)
                .map_err(|e| Error::input(format!("{label} is not valid JSON: {e}")))?;
            return Ok(match v {
                Value::Array(items) if items.is_empty() => {
                    return Err(Error::input(format!("{label} is an empty array")));
                }
                Value::Array(items) => (items, label),
                other => (vec![other], label),
            });
        }
        let need = |what: &str| {
            Error::input_hint(
                format!("{what} is required without FILE"),
                "pass an EIP-3085 JSON FILE, or --chain-id, --chain-name, --symbol, --rpc",
            )
        };
        let id = self.chain_id.ok_or_else(|| need("--chain-id"))?;
        let name = self
            .chain_name
            .clone()
            .ok_or_else(|| need("--chain-name"))?;
        let symbol = self.symbol.clone().ok_or_else(|| need("--symbol"))?;
        if self.rpc.is_empty() {
            return Err(need("--rpc"));
        }
        let mut v = json!({
            "chainId": format!("{id:#x}"),
            "chainName": name,
            "nativeCurrency": {"name": symbol, "symbol": symbol, "decimals": self.decimals.unwrap_or(18)},
            "rpcUrls": self.rpc,
        });
        if !self.explorer.is_empty() {
            v["blockExplorerUrls"] = json!(self.explorer);
        }
        Ok((vec![v], "the flags".into()))
    }

    fn load_registry(&self) -> Result<Registry> {
        let Some(path) = &self.registry else {
            return Ok(Registry::builtin().clone());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::input(format!("cannot read --registry {}: {e}", path.display())))?;
        let list = Registry::from_chain_list(&text, &path.display().to_string())
            .map_err(|e| Error::input(format!("--registry {}: {e}", path.display())))?;
        Ok(if self.registry_only {
            list
        } else {
            Registry::builtin().extended_with(list)
        })
    }
}
