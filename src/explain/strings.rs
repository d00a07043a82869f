//! Revert strings (`Error(string)`): OpenZeppelin 4.x's `AccessControl: account 0x… is
//! missing role 0x…` parsed into its parts, and every string a project of the generated
//! table reverts with named with its project, contract, function, the condition that
//! failed and the meaning generated from that code (Safe's `GS030`, OpenZeppelin 4.x
//! presets' and Pausable's strings, Chainlink's `Only callable by owner`, …).

use alloy::primitives::{Address, B256};

use super::tables::{self, StringSite};
use super::{AccessDenial, ExplainKind, Explanation, roles};

/// Sites named in a message before "and N more".
const SITES_SHOWN: usize = 3;

/// The strings whose words alone decide a gate, as OpenZeppelin 4.x's Ownable,
/// Pausable and ERC20 raise them (the same decision the v5 errors `OwnableUnauthorizedAccount` and
/// `EnforcedPause` state). Other strings, even with a condition on the owner or the
/// paused flag, are left to the allowlist engine's evidence.
fn access(reason: &str) -> Option<AccessDenial> {
    match reason {
        "Ownable: caller is not the owner" => Some(AccessDenial::NotOwner { account: None }),
        "Pausable: paused" => Some(AccessDenial::Paused),
        // A token payment short of its allowance or balance (OpenZeppelin 4.x's ERC20).
        "ERC20: insufficient allowance" | "ERC20: transfer amount exceeds allowance" => {
            Some(AccessDenial::TokenShortfall {
                allowance: true,
                have: None,
                need: None,
            })
        }
        "ERC20: transfer amount exceeds balance" => Some(AccessDenial::TokenShortfall {
            allowance: false,
            have: None,
            need: None,
        }),
        _ => None,
    }
}

/// Explains a decoded `Error(string)` reason.
pub fn explain_string(reason: &str) -> Explanation {
    let mut out = Explanation::new(
        ExplainKind::RevertString,
        Some("Error".into()),
        vec![reason.to_owned()],
        format!("reverted with reason {reason:?}"),
    );
    if let Some((account, role)) = parse_missing_role(reason) {
        let label = roles::role_name(role)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("role {role}"));
        out.message = format!(
            "OpenZeppelin v4 AccessControl: {} is missing {label} ({role})",
            account.to_checksum(None)
        );
        out.access = Some(AccessDenial::MissingRole {
            account: Some(account),
            role,
        });
        return out;
    }
    if let Some(sites) = tables::revert_string(reason) {
        out.message = describe(reason, sites);
        out.access = access(reason);
        out.gate = tables::string_gate(reason).map(|hint| super::NamedGate {
            kind: hint.kind.clone(),
            fields: Vec::new(),
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
