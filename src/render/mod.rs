//! The only place that writes to stdout: every report is rendered either as
//! one JSON document or as tables (tabled) for people. Errors go to stderr as
//! one line, or to stdout as CLI.md's error object under `--json`. Every string
//! is scrubbed of the endpoint's secrets on the way out.

use std::io::{IsTerminal, Write};

use owo_colors::OwoColorize;
use serde::Serialize;
use tabled::builder::Builder;
use tabled::settings::peaker::Priority;
use tabled::settings::{Style, Width};

use crate::error::Error;
use crate::redact;
use crate::report::{ExitStatus, Finding, Severity};

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// A report the output layer can render.
pub trait Render: Serialize {
    /// The human form (tables and a summary line).
    fn human(&self, out: &Renderer) -> String;
    /// The process exit status this report implies.
    fn exit_code(&self) -> ExitStatus;
}

/// Output settings from the global options.
#[derive(Debug, Clone)]
pub struct Renderer {
    pub json: bool,
    pub color: bool,
    pub quiet: bool,
    /// Terminal width tables are fitted to.
    pub width: usize,
    secrets: Vec<String>,
}

impl Renderer {
    /// Settings for this process (`--color auto` honours `NO_COLOR` and whether stdout is a terminal).
    pub fn new(json: bool, color: ColorChoice, quiet: bool) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|w: &usize| *w >= 40)
            .unwrap_or(80);
        Self {
            json,
            color,
            quiet,
            width,
            secrets: Vec::new(),
        }
    }

    /// Secrets (from the endpoint URL) to scrub from everything printed.
    pub fn with_secrets(mut self, secrets: &[String]) -> Self {
        self.secrets.extend_from_slice(secrets);
        self
    }

    /// Prints a report on stdout and returns its exit status.
    pub fn emit<R: Render>(&self, report: &R) -> ExitStatus {
        let status = self.emit_to(&mut std::io::stdout().lock(), report);
        if let Err(e) = status {
            return self.error(&e);
        }
        report.exit_code()
    }

    /// Writes a report to `w` (JSON, or the human form unless quiet). `Err`
    /// only when the report cannot be encoded; a closed pipe is not an error.
    pub fn emit_to<W: Write, R: Render>(&self, w: &mut W, report: &R) -> Result<(), Error> {
        if self.json {
            let s = serde_json::to_string_pretty(report)
                .map_err(|e| Error::input(format!("cannot encode the report as JSON: {e}")))?;
            self.write_out(w, &s);
        } else if !self.quiet {
            self.write_out(w, report.human(self).trim_end());
        }
        Ok(())
    }

    /// Prints an error (one stderr line, or the JSON error object on stdout)
    /// and returns its exit status.
    pub fn error(&self, err: &Error) -> ExitStatus {
        self.error_to(
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
            err,
        )
    }

    /// [`Renderer::error`] into any writers: `out` under `--json`, else `err`.
    pub fn error_to<O: Write, E: Write>(
        &self,
        out: &mut O,
        err_w: &mut E,
        err: &Error,
    ) -> ExitStatus {
        let obj = err.to_object();
        if self.json {
            #[derive(Serialize)]
            struct Doc<'a> {
                error: &'a crate::error::ErrorObject,
            }
            let doc = serde_json::to_string_pretty(&Doc { error: &obj }).unwrap_or_default();
            self.write_out(out, &doc);
        } else {
            let hint = obj
                .hint
                .as_deref()
                .map(|h| format!(" — {h}"))
                .unwrap_or_default();
            let line = format!("rpccheck: {}: {}{hint}", obj.kind, obj.message);
            self.write_line(err_w, &line);
        }
        err.exit_code()
    }

    /// Writes one line to stderr (scrubbed, newlines folded).
    pub fn stderr_line(&self, line: &str) {
        self.write_line(&mut std::io::stderr().lock(), line);
    }

    fn write_line<W: Write>(&self, w: &mut W, line: &str) {
        let line = self.scrub(&line.replace(['\n', '\r'], " "));
        let _ = writeln!(w, "{line}");
    }

    fn write_out<W: Write>(&self, w: &mut W, text: &str) {
        let text = self.scrub(text);
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = writeln!(w, "{text}");
        let _ = w.flush();
    }

    /// Removes secrets from text.
    pub fn scrub(&self, text: &str) -> String {
        redact::scrub(text, &self.secrets)
    }

    /// A two-column key/value table.
    pub fn kv_table(&self, rows: &[(&str, String)]) -> String {
        let mut b = Builder::default();
        for (k, v) in rows {
            b.push_record([k.to_string(), v.clone()]);
        }
        let mut t = b.build();
        t.with(Style::sharp());
        t.with(
            Width::wrap(self.width)
                .priority(Priority::max(true))
                .keep_words(true),
        );
        t.to_string()
    }

    /// A table with a header row.
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>) -> String {
        let mut b = Builder::default();
        b.push_record(header.iter().map(|h| h.to_string()));
        for r in rows {
            b.push_record(r);
        }
        let mut t = b.build();
        t.with(Style::sharp());
        t.with(
            Width::wrap(self.width)
                .priority(Priority::max(true))
                .keep_words(true),
        );
        t.to_string()
    }

    /// The findings table, or "no findings".
    pub fn findings(&self, findings: &[Finding]) -> String {
        if findings.is_empty() {
            return String::new();
        }
        let rows = findings
            .iter()
            .map(|f| {
                vec![
                    self.severity(f.severity),
                    f.kind.as_str().to_owned(),
                    f.message.clone(),
                ]
            })
            .collect();
        self.table(&["severity", "finding", "message"], rows)
    }

    /// A coloured severity word.
    pub fn severity(&self, s: Severity) -> String {
        if !self.color {
            return s.as_str().to_owned();
        }
        match s {
            Severity::Error => s.as_str().red().bold().to_string(),
            Severity::Warning => s.as_str().yellow().to_string(),
            Severity::Info => s.as_str().cyan().to_string(),
        }
    }

    /// A summary line: green when `ok`, red otherwise.
    /// Appends the findings table (where there are findings) and the summary
    /// line ("ok: …" / "FAIL: …") to a report's tables.
    pub fn end_with_findings(&self, s: &mut String, findings: &[Finding], ok: bool, text: &str) {
        let table = self.findings(findings);
        if !table.is_empty() {
            s.push('\n');
            s.push_str(&table);
        }
        s.push('\n');
        s.push_str(&self.summary(ok, text));
    }

    pub fn summary(&self, ok: bool, text: &str) -> String {
        let mark = if ok { "ok" } else { "FAIL" };
        let line = format!("{mark}: {text}");
        match (self.color, ok) {
            (false, _) => line,
            (true, true) => line.green().to_string(),
            (true, false) => line.red().bold().to_string(),
        }
    }
}

/// Writes the shell completion script of `cmd` (the CLI's clap command) to stdout.
pub fn completions(shell: clap_complete::Shell, cmd: &mut clap::Command) -> ExitStatus {
    clap_complete::generate(shell, cmd, "rpccheck", &mut std::io::stdout());
    ExitStatus::Passed
}

/// Counts findings by severity, e.g. "1 error, 2 warnings".
pub fn count_findings(findings: &[Finding]) -> String {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    let mut parts = Vec::new();
    for (s, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "note", "notes"),
    ] {
        match n(s) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            k => parts.push(format!("{k} {many}")),
        }
    }
    if parts.is_empty() {
        "no findings".into()
    } else {
        parts.join(", ")
    }
}

mod allowlist;
pub use allowlist::BatchStream;
mod chain;
mod doctor;
mod explain;
mod network;
mod site;
mod tx;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, FindingKind};

    fn renderer(color: bool) -> Renderer {
        let mut r = Renderer::new(false, ColorChoice::Never, false);
        r.color = color;
        r.width = 60;
        r
    }

    /// Visible width of a line: ANSI escape sequences take no columns.
    fn visible(line: &str) -> String {
        let mut out = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn coloured_tables_line_up_like_plain_ones() {
        let findings = vec![
            Finding::new(
                FindingKind::ChainIdMismatch,
                "endpoint is chain 31337 (Anvil), expected 1 (Ethereum Mainnet); wallets sign for another chain",
            ),
            Finding::new(
                FindingKind::StaleHead,
                "head block is 3d 4h old (threshold 5m 0s); the node may be stuck or behind",
            ),
            Finding::new(FindingKind::UnknownChain, "not in the registry"),
        ];
        let plain = renderer(false).findings(&findings);
        let coloured = renderer(true).findings(&findings);
        assert!(coloured.contains('\u{1b}'), "colour was asked for");
        let seen: Vec<String> = coloured.lines().map(visible).collect();
        let want: Vec<&str> = plain.lines().collect();
        assert_eq!(seen, want, "\n{coloured}\n{plain}");
        let widths: Vec<usize> = seen.iter().map(|l| l.chars().count()).collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "{widths:?}\n{coloured}"
        );
    }

    #[test]
    fn coloured_stream_columns_line_up() {
        // The `--addresses` stream pads the verdict to 12 columns: with colour,
        // the escape codes used to count as columns, so nothing was padded.
        use crate::allowlist::report::Verdict;
        for v in [Verdict::Allowed, Verdict::Denied, Verdict::Inconclusive] {
            let plain = allowlist::verdict_cell(&renderer(false), v, 12);
            let coloured = allowlist::verdict_cell(&renderer(true), v, 12);
            assert!(coloured.contains('\u{1b}'));
            assert_eq!(visible(&coloured), plain);
            assert_eq!(plain.chars().count(), 12, "{plain:?}");
        }
    }

    #[test]
    fn reports_render_into_any_writer() {
        let r = crate::doctor::DoctorReport::new("c.toml".into(), Vec::new());
        let mut buf = Vec::new();
        renderer(false).emit_to(&mut buf, &r).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(
            text.contains("0 passed, 0 failed, 0 errors (c.toml)"),
            "{text}"
        );
        let mut json = renderer(false);
        json.json = true;
        let mut buf = Vec::new();
        json.emit_to(&mut buf, &r).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["config"], "c.toml");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = renderer(false).error_to(&mut out, &mut err, &Error::input("bad"));
        assert_eq!(status, ExitStatus::BadInput);
        assert!(out.is_empty());
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "rpccheck: invalid_input: bad\n"
        );
    }
}
