//! Human form of `rpccheck chain`.

use super::{Render, Renderer, count_findings};
use crate::chain::{ChainReport, human_duration};
use crate::report::{ExitStatus, findings_exit_code};

impl Render for ChainReport {
    fn human(&self, out: &Renderer) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let yes_no = |v: Option<bool>| match v {
            Some(true) => "yes".to_owned(),
            Some(false) => "no".to_owned(),
            None => "-".to_owned(),
        };
        let rows = [
            ("rpc", self.rpc.clone()),
            (
                "chain_id",
                format!("{} ({:#x})", self.chain_id, self.chain_id),
            ),
            ("network", opt(&self.network)),
            ("net_version", opt(&self.net_version)),
            ("client_version", opt(&self.client_version)),
            (
                "block_number",
                self.block_number
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "-".into()),
            ),
            (
                "block_age",
                self.block_age_secs
                    .map(human_duration)
                    .unwrap_or_else(|| "-".into()),
            ),
            ("syncing", yes_no(self.syncing)),
            ("eip1559", yes_no(self.eip1559)),
            (
                "genesis_hash",
                self.genesis_hash
                    .map(|h| h.to_string())
                    .unwrap_or_else(|| "-".into()),
            ),
            ("latency", format!("{} ms", self.latency_ms)),
        ];
        let mut rows = rows.to_vec();
        if let Some(c) = &self.capabilities {
            rows.extend([
                (
                    "batch_max",
                    c.batch_max
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "no batches".into()),
                ),
                ("debug_traceCall", yes_no(Some(c.debug_trace_call))),
                ("state_overrides", yes_no(Some(c.state_overrides))),
                ("eth_createAccessList", yes_no(Some(c.create_access_list))),
                ("eth_getProof", yes_no(Some(c.get_proof))),
                (
                    "archive",
                    c.archive
                        .map(|a| yes_no(Some(a)))
                        .unwrap_or_else(|| "- (chain too short to tell)".into()),
                ),
            ]);
        }
        let mut s = out.kv_table(&rows);
        let name = self.network.as_deref().unwrap_or("unknown chain");
        out.end_with_findings(
            &mut s,
            &self.findings,
            self.exit_code().is_success(),
            &format!(
                "chain {} ({name}): {}",
                self.chain_id,
                count_findings(&self.findings)
            ),
        );
        s
    }

    fn exit_code(&self) -> ExitStatus {
        findings_exit_code(&self.findings)
    }
}
