//! Revert strings (`Error(string)`): OpenZeppelin 4.x's `AccessControl: account 0x… is
//! missing role 0x…` parsed into its parts, and every string a project of the generated
//! table reverts with named with its project, contract, function, the condition that
//! failed and the meaning generated from that code (Safe's `GS030`, OpenZeppelin 4.x
//! presets' and Pausable's strings, Chainlink's `Only callable by owner`, …).

use alloy::primitives::{Address, B256};

use super::tables::{self, StringSite};
use super::{ExplainKind, Explanation, NamedGate, roles};

/// Sites named in a message before "and N more".
const SITES_SHOWN: usize = 3;

/// Explains a decoded `Error(string)` reason.
pub fn explain_string(reason: &str) -> Explanation {
    let mut out = Explanation::new(
        ExplainKind::RevertString,
        Some("Error".into()),
        vec![reason.to_owned()],
        format!("reverted with reason {reason:?}"),
    );
    if let Some((account, role)) = parse_missing_role(reason) {
        let label = roles::label(role);
        out.message = format!(
            "OpenZeppelin v4 AccessControl: {} is missing {label} ({role})",
            account.to_checksum(None)
        );
        out.gate = Some(NamedGate {
            kind: "missing_role".into(),
            fields: vec![("role".into(), role.to_string())],
            account: Some(account),
            per_unit: false,
        });
        return out;
    }
    if let Some(sites) = tables::revert_string(reason) {
        out.message = describe(reason, sites);
        out.gate = tables::string_gate(reason).map(|hint| NamedGate {
            kind: hint.kind.clone(),
            ..Default::default()
        });
    }
    out
}

/// `"GS030": Safe Safe.approveHash: the caller must be one of the owners — … (condition
/// `owners[msg.sender] != address(0)` failed; @safe-global/safe-contracts@1.4.1, …)`.
fn describe(reason: &str, sites: &[StringSite]) -> String {
    let shown: Vec<String> = sites.iter().take(SITES_SHOWN).map(describe_site).collect();
    let mut out = format!("{reason:?}: {}", shown.join("; or "));
    if sites.len() > SITES_SHOWN {
        out.push_str(&format!(
            "; and {} more place(s) with the same string",
            sites.len() - SITES_SHOWN
        ));
    }
    out
}

fn describe_site(site: &StringSite) -> String {
    let projects = tables::projects(&site.packages).join("/");
    let at = tables::place(&site.contract, &site.function);
    let meaning = site.meaning.trim_end_matches('.');
    let mut tail: Vec<String> = Vec::new();
    if let Some(c) = &site.condition {
        tail.push(format!("condition `{c}` failed"));
    }
    tail.push(tables::specs(&site.packages).join(", "));
    let tail = tail.join("; ");
    if meaning.is_empty() {
        format!("{projects} {at} ({tail})")
    } else {
        format!("{projects} {at}: {meaning} ({tail})")
    }
}

/// Parses `AccessControl: account 0x… is missing role 0x…`.
pub fn parse_missing_role(reason: &str) -> Option<(Address, B256)> {
    let rest = reason.strip_prefix("AccessControl: account ")?;
    let (account, role) = rest.split_once(" is missing role ")?;
    Some((account.trim().parse().ok()?, role.trim().parse().ok()?))
}
