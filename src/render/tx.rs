//! `tx` for people: the transaction, then the `allowlist` report of its
//! re-execution, then whether it would pass now.

use super::{Render, Renderer};
use crate::report::ExitStatus;
use crate::tx::{TxReport, TxStatus};

impl Render for TxReport {
    fn human(&self, out: &Renderer) -> String {
        let t = &self.tx;
        let status = match t.status {
            TxStatus::Success => "success",
            TxStatus::Failed => "failed",
            TxStatus::Pending => "pending",
        };
        let or_dash = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
        let rows = vec![
            vec!["hash".into(), t.hash.to_string()],
            vec!["status".into(), status.into()],
            vec![
                "block".into(),
                format!("{} (index {})", or_dash(t.block), or_dash(t.index)),
            ],
            vec![
                "from → to".into(),
                format!(
                    "{} → {}",
                    t.from,
                    t.to.map(|a| a.to_string())
                        .unwrap_or_else(|| "(contract creation)".into())
                ),
            ],
            vec![
                "gas".into(),
                format!("{} used of {}", or_dash(t.gas_used), t.gas_limit),
            ],
        ];
        let mut s = out.table(&["transaction", ""], rows);
        s.push('\n');
        s.push_str(&self.report.human(out));
        if let Some(now) = &self.now {
            let why: Vec<&str> = now.reasons.iter().map(|r| r.kind().as_str()).collect();
            s.push_str(&format!(
                "\nnow (block {}): {}{}\n",
                now.block,
                now.verdict.as_str(),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", why.join(", "))
                }
            ));
        }
        s
    }

    fn exit_code(&self) -> ExitStatus {
        self.report.verdict.exit_code()
    }
}
