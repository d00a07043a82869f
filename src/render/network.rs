//! Human form of `rpccheck network`.

use super::{Render, Renderer, count_findings};
use crate::chain::human_duration;
use crate::network::judge::{EndpointReport, NetworkReport, NetworkReports};
use crate::report::{ExitStatus, findings_exit_code};

impl Render for NetworkReport {
    fn human(&self, out: &Renderer) -> String {
        let field = |k: &str| {
            self.network
                .get(k)
                .map(|v| v.to_string().trim_matches('"').to_owned())
                .unwrap_or_else(|| "-".into())
        };
        let currency = self
            .network
            .get("nativeCurrency")
            .map(|c| {
                format!(
                    "{} ({}, {} decimals)",
                    c.get("symbol").and_then(|v| v.as_str()).unwrap_or("?"),
                    c.get("name").and_then(|v| v.as_str()).unwrap_or("?"),
                    c.get("decimals")
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "?".into())
                )
            })
            .unwrap_or_else(|| "-".into());
        let name = field("chainName");
        let rows = [
            ("chainId", field("chainId")),
            ("chainName", name.clone()),
            ("nativeCurrency", currency),
        ];
        let mut s = out.kv_table(&rows);
        s.push('\n');
        let rows = self
            .endpoints
            .iter()
            .map(|e| match e {
                EndpointReport::Answered(r) => vec![
                    r.rpc.clone(),
                    r.chain_id.to_string(),
                    r.client_version.clone().unwrap_or_else(|| "-".into()),
                    r.block_number
                        .map(|n| {
                            format!(
                                "{n} ({} old)",
                                r.block_age_secs.map(human_duration).unwrap_or_default()
                            )
                        })
                        .unwrap_or_else(|| "-".into()),
                    format!("{} ms", r.latency_ms),
                ],
                EndpointReport::Failed { rpc, error } => vec![
                    rpc.clone(),
                    "-".into(),
                    format!(
                        "unreachable: {}",
                        error.get("kind").and_then(|k| k.as_str()).unwrap_or("?")
                    ),
                    "-".into(),
                    "-".into(),
                ],
            })
            .collect();
        s.push_str(&out.table(&["rpc", "chain", "client", "head", "latency"], rows));
        out.end_with_findings(
            &mut s,
            &self.findings,
            self.exit_code().is_success(),
            &format!("{name}: {}", count_findings(&self.findings)),
        );
        s
    }

    fn exit_code(&self) -> ExitStatus {
        findings_exit_code(&self.findings)
    }
}

impl Render for NetworkReports {
    fn human(&self, out: &Renderer) -> String {
        self.0
            .iter()
            .map(|r| r.human(out))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    fn exit_code(&self) -> ExitStatus {
        self.0
            .iter()
            .map(Render::exit_code)
            .max()
            .unwrap_or(ExitStatus::Passed)
    }
}
