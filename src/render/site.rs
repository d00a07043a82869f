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
        out.end_with_findings(
            &mut s,
            &self.findings,
            self.exit_code().is_success(),
            &format!("{}: {}", self.host, count_findings(&self.findings)),
        );
        s
    }

    fn exit_code(&self) -> ExitStatus {
        findings_exit_code(&self.findings)
    }
}
