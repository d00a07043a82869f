//! `rpccheck site`: URL (parsed by clap) and the phishing lists → [`site::judge`] → emit.
//! Offline: no endpoint is resolved or asked.

use std::borrow::Cow;
use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::{Error, Result};
use crate::report::ExitStatus;
use crate::site::detector::{Detector, PhishingConfig};
use crate::site::{self, SiteUrl};

/// Would a wallet refuse to connect to this dApp site, and why.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  rpccheck site https://app.uniswap.org\n  rpccheck site https://ethersca.io --json\n  rpccheck site https://example.org --phishing-config config.json"
)]
pub struct SiteArgs {
    /// The dApp's URL (a host alone is read as https://HOST)
    #[arg(value_name = "URL", value_parser = SiteUrl::parse)]
    pub url: SiteUrl,
    /// eth-phishing-detect config (JSON: tolerance, fuzzylist, allowlist/whitelist, blocklist/blacklist) to use instead of the built-in lists
    #[arg(long, value_name = "FILE")]
    pub phishing_config: Option<PathBuf>,
}

impl SiteArgs {
    /// Loads the lists, judges and renders (offline).
    pub fn run(self, ctx: &mut Context) -> Result<ExitStatus> {
        let config = match &self.phishing_config {
            None => Cow::Borrowed(PhishingConfig::builtin()),
            Some(path) => {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Error::input(format!("cannot read --phishing-config {shown}: {e}"))
                })?;
                Cow::Owned(
                    PhishingConfig::from_json(&text, &shown)
                        .map_err(|e| Error::input(format!("--phishing-config {e}")))?,
                )
            }
        };
        let detector = Detector::new(&config);
        let report = site::judge(&self.url, &detector, &config.source, &site::reference());
        Ok(ctx.out.emit(&report))
    }
}
