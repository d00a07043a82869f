//! Human form of `rpccheck explain`.

use super::{Render, Renderer};
use crate::explain::Explanation;
use crate::report::ExitStatus;

impl Render for Explanation {
    fn human(&self, out: &Renderer) -> String {
        let kind = serde_json::to_value(self.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let mut rows = vec![("kind", kind)];
        if let Some(n) = &self.name {
            rows.push(("name", n.clone()));
        }
        for (i, a) in self.args.iter().enumerate() {
            rows.push((if i == 0 { "args" } else { "" }, a.clone()));
        }
        rows.push(("message", self.message.clone()));
        out.kv_table(&rows)
    }

    fn exit_code(&self) -> ExitStatus {
        Explanation::exit_code(self)
    }
}
