//! Human form of `rpccheck site`.

use super::{Render, Renderer, count_findings};
use crate::report::{ExitStatus, findings_exit_code};
use crate::site::SiteReport;

impl Render for SiteReport {
    fn human(&self, out: &Renderer) -> String {
        let mut rows = vec![("site", self.site.clone()), ("host", self.host.clone())];
        if let Some(u) = &self.unicode {
            rows.push(("unicode", u.clone()));
        }
        rows.push(("phishing lists", self.lists.clone()));
        let mut s = out.kv_table(&rows);
        let findings = out.findings(&self.findings);
        if !findings.is_empty() {
            s.push('\n');
            s.push_str(&findings);
        }
        s.push('\n');
        s.push_str(&out.summary(
            self.exit_code().is_success(),
            &format!("{}: {}", self.host, count_findings(&self.findings)),
        ));
        s
    }

    fn exit_code(&self) -> ExitStatus {
        findings_exit_code(&self.findings)
    }
}
