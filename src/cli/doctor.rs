//! `rpccheck doctor`: `rpccheck.toml` → plans ([`doctor::config`]) → run
//! ([`doctor::run_all`]) → emit (and `--junit`).

use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::doctor::{self, DoctorEnv, DoctorReport, Loaded};
use crate::error::{Error, Result};
use crate::network::lookalike::OfficialHosts;
use crate::registry::Registry;
use crate::report::ExitStatus;

/// Run the checks of rpccheck.toml and report each as pass or fail.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  rpccheck doctor\n  rpccheck doctor --config ci/rpccheck.toml --junit rpccheck-junit.xml\n  rpccheck doctor --json"
)]
pub struct DoctorArgs {
    /// The config file
    #[arg(long, value_name = "FILE", default_value = "rpccheck.toml")]
    pub config: String,
    /// Also write the results as JUnit XML for CI
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

impl DoctorArgs {
    /// Validates the config (exit 2 naming the line), runs the checks, renders.
    pub async fn run(self, ctx: &mut Context) -> Result<ExitStatus> {
        let loaded = Loaded::read(&self.config)?;
        let plans = loaded.plans(|| ctx.endpoint())?;
        if plans.is_empty() {
            return Err(Error::input(format!(
                "{}: no [[chain]], [[network]] or [[allowlist]] checks",
                self.config
            )));
        }
        for p in &plans {
            ctx.out = ctx.out.clone().with_secrets(&p.secrets());
        }
        let registry = Registry::builtin();
        let official = OfficialHosts::builtin(registry);
        let env = DoctorEnv {
            block: ctx.global.block,
            engine: ctx.global.engine,
            transport: ctx.transport_config(),
            registry,
            official: &official,
        };
        let results = doctor::run_all(&plans, &env).await;
        let report = DoctorReport::new(self.config.clone(), results);
        if let Some(path) = &self.junit {
            let xml = report
                .junit()
                .map_err(|e| Error::input(format!("cannot write JUnit: {e}")))?;
            std::fs::write(path, xml).map_err(|e| {
                Error::input(format!("cannot write --junit {}: {e}", path.display()))
            })?;
        }
        Ok(ctx.out.emit(&report))
    }
}
