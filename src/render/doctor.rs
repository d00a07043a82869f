//! Human form of `rpccheck doctor`.

use super::{Render, Renderer};
use crate::doctor::{DoctorReport, Status};
use crate::report::ExitStatus;

impl Render for DoctorReport {
    fn human(&self, out: &Renderer) -> String {
        let rows = self
            .checks
            .iter()
            .map(|c| {
                let status = match c.status {
                    Status::Pass => "pass",
                    Status::Fail => "FAIL",
                    Status::Error => "ERROR",
                };
                vec![
                    status.to_owned(),
                    c.name.clone(),
                    c.expected.clone(),
                    c.found.clone(),
                    c.reason.clone(),
                ]
            })
            .collect();
        let mut s = out.table(&["", "check", "expected", "found", "why"], rows);
        s.push('\n');
        let sum = &self.summary;
        s.push_str(&out.summary(
            self.exit_code().is_success(),
            &format!(
                "{} passed, {} failed, {} errors ({})",
                sum.passed, sum.failed, sum.errors, self.config
            ),
        ));
        s
    }

    fn exit_code(&self) -> ExitStatus {
        DoctorReport::exit_code(self)
    }
}
