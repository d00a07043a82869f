//! Human form of `rpccheck allowlist`.

use owo_colors::OwoColorize;

use super::{Render, Renderer};
use crate::allowlist::report::{AllowlistReport, Verdict};
use crate::error::Error;
use crate::report::ExitStatus;

fn verdict_word(out: &Renderer, v: Verdict) -> String {
    verdict_cell(out, v, 0)
}

/// The verdict word padded to `width` columns, then coloured (padding after
/// colouring would count the escape codes as columns).
pub(super) fn verdict_cell(out: &Renderer, v: Verdict, width: usize) -> String {
    let w = format!("{:<width$}", v.as_str().to_ascii_uppercase());
    if !out.color {
        return w;
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
            let outcome = match (sim.success, self.verdict) {
                (true, Verdict::Denied) => "passes the gate but cannot be paid for",
                (true, _) => "succeeds",
                (false, _) if sim.revert.is_some() => "reverts",
                // A halt (out of gas) or a refusal: no revert to speak of.
                (false, _) => "fails",
            };
            s.push_str(&format!(" — {} {outcome}", sim.call));
        }
        s.push('\n');
        if !self.reasons.is_empty() {
            let rows = self
                .reasons
                .iter()
                .map(|r| {
                    let why = match &r.remedy {
                        Some(remedy) => format!("{}\n→ {remedy}", r.message),
                        None => r.message.clone(),
                    };
                    vec![r.kind().as_str().to_owned(), why]
                })
                .collect();
            s.push_str(&out.table(&["reason", "why (→ what would let it through)"], rows));
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

    fn exit_code(&self) -> ExitStatus {
        self.verdict.exit_code()
    }
}

/// Streams `--addresses` results as they are judged, so memory stays flat:
/// JSON as CLI.md's `{"results": [...], "summary": {...}}`, or one line per
/// address for people.
pub struct BatchStream<'a> {
    out: &'a Renderer,
    summary: crate::allowlist::report::Summary,
    first: bool,
    sink: std::io::BufWriter<std::io::Stdout>,
}

impl Renderer {
    /// Starts a stream of allowlist results.
    pub fn batch_stream(&self) -> BatchStream<'_> {
        BatchStream {
            out: self,
            summary: Default::default(),
            first: true,
            sink: std::io::BufWriter::new(std::io::stdout()),
        }
    }
}

impl BatchStream<'_> {
    fn write(&mut self, text: &str) {
        use std::io::Write;
        let text = self.out.scrub(text);
        let _ = self.sink.write_all(text.as_bytes());
    }

    /// Adds one result.
    pub fn push(&mut self, r: &AllowlistReport) {
        self.summary.add(r);
        if self.out.json {
            let item = serde_json::to_string(r).unwrap_or_default();
            let sep = if self.first {
                "{\n  \"results\": [\n    "
            } else {
                ",\n    "
            };
            self.first = false;
            self.write(&format!("{sep}{item}"));
        } else if !self.out.quiet {
            let why = r
                .reasons
                .first()
                .map(|x| format!("{}: {}", x.kind().as_str(), x.message))
                .unwrap_or_default();
            let line = format!(
                "{} {} {why}\n",
                verdict_cell(self.out, r.verdict, 12),
                r.address
            );
            self.write(&line);
        }
    }

    /// Ends the stream with the summary; returns the exit code.
    pub fn finish(mut self) -> ExitStatus {
        let code = self.summary.exit_code();
        self.close(None);
        code
    }

    /// Ends the stream after the endpoint failed part-way: every result so far,
    /// their summary, and the error object beside them (one JSON document);
    /// returns the error's exit code.
    pub fn fail(mut self, err: &Error) -> ExitStatus {
        self.close(Some(err));
        if !self.out.json {
            self.out.error(err);
        }
        err.exit_code()
    }

    fn close(&mut self, err: Option<&Error>) {
        let s = &self.summary;
        if self.out.json {
            let head = if self.first {
                "{\n  \"results\": ["
            } else {
                "\n  "
            };
            let summary = serde_json::to_string(s).unwrap_or_default();
            let error = err
                .map(|e| {
                    format!(
                        ",\n  \"error\": {}",
                        serde_json::to_string(&e.to_object()).unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            self.write(&format!("{head}],\n  \"summary\": {summary}{error}\n}}\n"));
        } else if !self.out.quiet {
            let line = format!(
                "{} allowed, {} denied, {} inconclusive\n",
                s.allowed, s.denied, s.inconclusive
            );
            self.write(&line);
        }
        use std::io::Write;
        let _ = self.sink.flush();
    }
}
