//! Human form of `rpccheck allowlist`.

use owo_colors::OwoColorize;

use super::{Render, Renderer};
use crate::allowlist::report::{AllowlistReport, BatchReport, Verdict};

fn verdict_word(out: &Renderer, v: Verdict) -> String {
    let w = match v {
        Verdict::Allowed => "ALLOWED",
        Verdict::Denied => "DENIED",
        Verdict::Inconclusive => "INCONCLUSIVE",
    };
    if !out.color {
        return w.to_owned();
    }
    match v {
        Verdict::Allowed => w.green().bold().to_string(),
        Verdict::Denied => w.red().bold().to_string(),
        Verdict::Inconclusive => w.yellow().bold().to_string(),
    }
}

impl Render for AllowlistReport {
    fn human(&self, out: &Renderer) -> String {
        let mut s = format!(
            "{}: {} at {} (chain {}, block {})",
            verdict_word(out, self.verdict),
            self.address,
            self.contract,
            self.chain_id,
            self.block
        );
        if let Some(sim) = &self.simulation {
            s.push_str(&format!(
                " — {} {}",
                sim.call,
                if sim.success { "succeeds" } else { "reverts" }
            ));
        }
        s.push('\n');
        if !self.reasons.is_empty() {
            let rows = self
                .reasons
                .iter()
                .map(|r| vec![r.kind.as_str().to_owned(), r.message.clone()])
                .collect();
            s.push_str(&out.table(&["reason", "why"], rows));
            s.push('\n');
        }
        let rows = self
            .evidence
            .iter()
            .map(|e| vec![e.source.clone(), e.detail.clone()])
            .collect();
        s.push_str(&out.table(&["evidence", "detail"], rows));
        s
    }

    fn exit_code(&self) -> u8 {
        self.verdict.exit_code()
    }
}

impl Render for BatchReport {
    fn human(&self, out: &Renderer) -> String {
        let rows = self
            .results
            .iter()
            .map(|r| {
                vec![
                    r.address.to_string(),
                    verdict_word(out, r.verdict),
                    r.reasons
                        .iter()
                        .map(|x| x.kind.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect();
        let mut s = out.table(&["address", "verdict", "reasons"], rows);
        s.push_str(&format!(
            "\n{} allowed, {} denied, {} inconclusive",
            self.summary.allowed, self.summary.denied, self.summary.inconclusive
        ));
        s
    }

    fn exit_code(&self) -> u8 {
        self.summary.exit_code()
    }
}
