//! Command-line parsing (clap derive) and dispatch. Each command has an
//! `XxxArgs` struct with a short `run()`: gather (rpc), judge (pure), render.

mod allowlist;
mod chain;
mod doctor;
mod explain;
pub(crate) mod network;
mod site;
mod tx;

use std::ffi::OsString;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use alloy::eips::BlockId;

use crate::error::{Error, Result};
use crate::input::{parse_block, parse_timeout};
use crate::render::{ColorChoice, Renderer};
use crate::report::ExitStatus;
use crate::rpc::{Endpoint, Rpc, TransportConfig, endpoint};

/// Why was I refused? Diagnose Ethereum JSON-RPC endpoints, custom-network
/// entries and contract access gates.
#[derive(Debug, Parser)]
#[command(
    name = "rpccheck",
    version = crate::VERSION,
    propagate_version = true,
    args_override_self = true,
    after_help = "Exit codes: 0 passed, 1 check failed, 2 bad input, 3 endpoint failed, 4 inconclusive.\nExamples:\n  rpccheck chain --expect-chain-id 31337\n  rpccheck -r https://sepolia.base.org chain --json\n  rpccheck explain 0xe2517d3f"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after the command name.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// JSON-RPC endpoint: a URL, host:port, or a name from [rpc_endpoints] of ./foundry.toml or ./rpccheck.toml [default: http://127.0.0.1:8545]
    #[arg(
        short = 'r',
        long,
        env = "ETH_RPC_URL",
        hide_env_values = true,
        global = true,
        value_name = "URL"
    )]
    pub rpc_url: Option<String>,
    /// Per-request timeout, in seconds
    #[arg(long, global = true, value_name = "SECS", default_value = "10", value_parser = parse_timeout)]
    pub timeout: Duration,
    /// Print one JSON document on stdout, nothing else
    #[arg(long, global = true)]
    pub json: bool,
    /// Block to read and simulate at: latest, safe, finalized, earliest, a number or a block hash
    #[arg(long, global = true, value_name = "TAG", default_value = "latest", value_parser = parse_block)]
    pub block: BlockId,
    /// Colour: auto (only on a terminal, and not with NO_COLOR), always, never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorChoice,
    /// Print nothing on stdout (the exit code tells); errors still go to stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Follow HTTP redirects (by default a redirect is reported, not followed)
    #[arg(long, global = true)]
    pub follow_redirects: bool,
    /// Accept invalid or self-signed TLS certificates
    #[arg(long, global = true)]
    pub insecure: bool,
    /// Who executes simulations and traces: the node, a local EVM over the node's state, or auto (the node where it serves, the local EVM where it refuses)
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "ENGINE"
    )]
    pub engine: crate::engine::EngineChoice,
    /// Log each RPC request and its time to stderr (URLs redacted)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Probe the endpoint: chain ID, client, head freshness, sync state
    Chain(chain::ChainArgs),
    /// Check a custom-network entry (EIP-3085) against its nodes and the chain registry
    Network(network::NetworkArgs),
    /// Would CONTRACT's access gating reject ADDRESS, and why
    Allowlist(allowlist::AllowlistArgs),
    /// Run the checks of rpccheck.toml and report each as pass or fail (JUnit for CI)
    Doctor(doctor::DoctorArgs),
    /// Print a shell completion script (bash, zsh, fish, ...)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Explain revert data, a selector, or a JSON-RPC / EIP-1193 error code (offline)
    Explain(explain::ExplainArgs),
    /// Would a wallet refuse to connect to this dApp site: phishing lists, look-alikes, punycode, http (offline)
    Site(site::SiteArgs),
    /// Why did this transaction fail: diagnosed where it ran, and whether it would pass now
    Tx(tx::TxArgs),
}

/// What a command needs from the global options.
#[derive(Debug)]
pub struct Context {
    pub global: GlobalArgs,
    pub out: Renderer,
}

impl Context {
    /// Resolves the endpoint from `--rpc-url`/`ETH_RPC_URL`/config files.
    pub fn endpoint(&self) -> Result<Endpoint> {
        let dir = std::env::current_dir()
            .map_err(|e| Error::input(format!("cannot read the current directory: {e}")))?;
        endpoint::resolve(self.global.rpc_url.as_deref(), &dir)
    }

    /// Transport settings from the global options.
    pub fn transport_config(&self) -> TransportConfig {
        TransportConfig {
            timeout: self.global.timeout,
            verbose: self.global.verbose > 0,
            follow_redirects: self.global.follow_redirects,
            insecure: self.global.insecure,
            ..TransportConfig::default()
        }
    }

    /// Connects to the endpoint.
    pub fn connect(&mut self) -> Result<Rpc> {
        let ep = self.endpoint()?;
        self.out = self.out.clone().with_secrets(ep.secrets());
        Rpc::connect(ep, self.transport_config())
    }
}

/// A parsed command line, ready to run.
#[derive(Debug)]
pub struct Invocation {
    cli: Cli,
}

/// Parses the command line. On bad usage, prints the error (one line, or the
/// JSON error object under `--json`) and returns the exit code to end with.
pub fn parse<I, T>(args: I) -> std::result::Result<Invocation, ExitStatus>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let wants_json = args.iter().skip(1).any(|a| a == "--json");
    match Cli::try_parse_from(&args) {
        Ok(cli) => Ok(Invocation { cli }),
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let code = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitStatus::BadInput
                } else {
                    ExitStatus::Passed
                };
                let _ = e.print();
                return Err(code);
            }
            let out = Renderer::new(wants_json, ColorChoice::Never, false);
            // A typed value parser (crate::input) failed: report its own error,
            // message and hint, as if the command had parsed the value itself.
            if let Some(own) = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<Error>())
            {
                return Err(out.error(own));
            }
            let rendered = e.render().to_string();
            let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut first = lines
                .next()
                .unwrap_or("invalid usage")
                .trim_start_matches("error: ")
                .to_owned();
            // "the following required arguments were not provided:" names them on
            // the next line: keep it on the one line.
            if first.ends_with(':')
                && let Some(what) = lines.next()
            {
                first = format!("{first} {what}");
            }
            Err(out.error(&Error::input_hint(first, "see rpccheck --help")))
        }
    }
}

impl Invocation {
    /// Runs the command and returns the process exit status.
    pub async fn run(self) -> ExitStatus {
        let g = self.cli.global;
        let out = Renderer::new(g.json, g.color, g.quiet);
        let limit = command_limit(g.timeout);
        let shown = g
            .rpc_url
            .as_deref()
            .map(crate::redact::redact_url)
            .unwrap_or_default();
        let mut ctx = Context { global: g, out };
        // `--addresses` streams its results and keeps them when it stops
        // part-way: it is bounded per address, not by this timer.
        let bulk = matches!(&self.cli.command, Command::Allowlist(a) if a.addresses.is_some());
        let command = async {
            match self.cli.command {
                Command::Chain(args) => args.run(&mut ctx).await,
                Command::Allowlist(args) => args.run(&mut ctx).await,
                Command::Network(args) => args.run(&mut ctx).await,
                Command::Doctor(args) => args.run(&mut ctx).await,
                Command::Completions { shell } => Ok(crate::render::completions(
                    shell,
                    &mut <Cli as clap::CommandFactory>::command(),
                )),
                Command::Explain(args) => args.run(&mut ctx),
                Command::Site(args) => args.run(&mut ctx),
                Command::Tx(args) => args.run(&mut ctx).await,
            }
        };
        let result = if bulk {
            command.await
        } else {
            tokio::time::timeout(limit, command).await.unwrap_or(Err(
                crate::error::Error::Endpoint {
                    rpc: shown,
                    source: crate::error::EndpointError::CommandLimit {
                        secs: limit.as_secs(),
                    },
                },
            ))
        };
        let status = match result {
            Ok(code) => code,
            Err(e) => ctx.out.error(&e),
        };
        if ctx.global.verbose > 0 {
            ctx.out.stderr_line(&crate::rpc::wire_count().to_string());
        }
        status
    }
}

/// The most one command may take: 30 times the per-request timeout
/// (`RPCCHECK_COMMAND_LIMIT_SECS` sets it directly, for tests of the limit).
fn command_limit(timeout: std::time::Duration) -> std::time::Duration {
    std::env::var("RPCCHECK_COMMAND_LIMIT_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(std::time::Duration::from_secs_f64)
        .unwrap_or_else(|| timeout.saturating_mul(30))
}
