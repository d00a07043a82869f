//! `remedy`: one sentence on what would let the address through, for a
//! reason that carries none of its own, from its kind and fields.

use super::words::role_label;
use crate::allowlist::observe::{AddressObservation, FoundFunction, TargetObservation, TraceStep};
use crate::allowlist::report::{Amount, Count, ReasonFields};
use crate::explain::roles;
use crate::units::format_ether;

/// One sentence on what would let the address through (CLI.md `remedy`), for
/// a reason that does not carry its own, from its kind and fields.
pub(super) fn remedy(t: &TargetObservation, a: &AddressObservation, r: &ReasonFields) -> String {
    use ReasonFields as F;
    let admin = match t.owner {
        Some(o) => format!("the owner {o}"),
        None => "an admin of the contract".to_owned(),
    };
    match r {
        F::NoCode { .. } => format!(
            "check the network and the address: nothing is deployed at {} on chain {}",
            t.contract, t.chain_id
        ),
        F::NotAllowlisted { slot } => format!(
            "{admin} must add {} to the allowlist{}",
            a.address,
            slot.map(|s| format!(" (its entry: slot {s})"))
                .unwrap_or_default()
        ),
        F::MissingRole {
            role: role_id,
            role_name,
            authority,
            ..
        } => {
            let role = role_id.map_or_else(|| "the role".to_owned(), |r| r.to_string());
            let name = role_name.clone().unwrap_or_else(|| match role_id {
                Some(r) => role_label(*r, None),
                None => role.clone(),
            });
            let grant = format!("grantRole({role}, {})", a.address);
            // Kept in another contract (an ACL manager, an authority), or by
            // a contract without AccessControl's grantRole: who grants it and
            // how is that contract's own business.
            if let Some(authority) = authority {
                let grants = granting(authority_functions(a, *authority), role_name.as_deref());
                return match role_id {
                    Some(r) if grants.contains(&"grantRole(bytes32,address)") => format!(
                        "{authority} keeps {name}: an account holding {name}'s admin role there can grant it: grantRole({r}, {}) on {authority}{}",
                        a.address,
                        match grants.get(1) {
                            Some(own) => format!(" (or its own {own})"),
                            None => String::new(),
                        }
                    ),
                    _ if !grants.is_empty() => format!(
                        "{authority} keeps {name}: whoever administers roles there must grant it to {}, with {}",
                        a.address,
                        grants.join(" or ")
                    ),
                    _ => format!(
                        "{authority} keeps {name}: whoever administers roles there must grant it to {}",
                        a.address
                    ),
                };
            }
            let access_control = t.functions.iter().any(|f| {
                f.signature.as_deref() == Some("grantRole(bytes32,address)")
            });
            if !access_control && !t.functions.is_empty() {
                let grants = granting(&t.functions, role_name.as_deref());
                let with = if grants.is_empty() {
                    String::new()
                } else {
                    format!(", with {}", grants.join(" or "))
                };
                return format!(
                    "whoever administers {name} in {} must grant it to {}{with}",
                    t.contract, a.address
                );
            }
            // Who can grant it, where the role logs tell: the holders of its admin role.
            let admin = role_id.map(|r| t.role_logs.admin_of(r));
            let holders = admin.map(|r| t.role_logs.holders_of(r)).unwrap_or_default();
            match (admin, holders) {
                (Some(admin), [first, rest @ ..]) => {
                    let admin_name = roles::label(admin);
                    let others = match rest.len() {
                        0 => String::new(),
                        1 => " (or the one other holder of it)".to_owned(),
                        n => format!(" (or one of the {n} other holders of it)"),
                    };
                    format!("{first}, holding {admin_name}{others}, can grant {name}: {grant}")
                }
                _ => format!("an account holding {name}'s admin role can grant it: {grant}"),
            }
        }
        F::NotOwner { .. } => {
            // Ownership changes hands only where the contract has a function for it.
            let transferable = t.functions.iter().any(|f| {
                f.signature
                    .as_deref()
                    .is_some_and(|s| s.starts_with("transferOwnership("))
            });
            match (t.owner, transferable) {
                (Some(o), true) => format!(
                    "send it from the owner {o}, or have the owner transfer ownership to {}",
                    a.address
                ),
                (Some(o), false) => format!("send it from the owner {o}"),
                (None, _) => "send it from the contract's owner".to_owned(),
            }
        }
        F::Paused => format!(
            "wait until the contract is unpaused ({admin} or a pauser can call unpause())"
        ),
        F::MerkleProofInvalid { .. } => match a.merkle.as_ref() {
            Some(m) if !m.in_tree => format!(
                "{} must be added to the tree and the contract's root updated to the new tree's",
                a.address
            ),
            Some(_) if t.merkle_root.as_ref().is_some_and(|(_, r)| Some(r) != a.merkle.as_ref().map(|m| &m.root_file)) => {
                "use the tree whose root the contract holds (or have the contract's root set to this tree's)".to_owned()
            }
            _ => "pass this address's own proof from the tree whose root the contract holds".to_owned(),
        },
        F::InsufficientFunds {
            balance, needed, ..
        } => match (needed, balance) {
                (Some(Amount(n)), Some(Amount(b))) => format!(
                    "fund {} with at least {} more",
                    a.address,
                    format_ether(n.saturating_sub(*b))
                ),
                _ => format!("fund {} to pay the value plus gas", a.address),
        },
        F::NotAuthorized { authorized } => match authorized {
            Some(who) => format!("send it from {who}, the one account the contract accepts here"),
            None => "send it from the one account the contract accepts here".to_owned(),
        },
        F::NotOpen { opens_at, .. } => match opens_at.and_then(Count::as_u64) {
            Some(at) => format!("it opens at {}: the call passes then", crate::allowlist::gates::rfc3339(at)),
            None => "try again while it is open: the contract's own reason above says when it is not".to_owned(),
        },
        F::NotHolder { .. } => {
            "hold what the call requires (the contract's own reason above says what and how much)"
                .to_owned()
        }
        F::NotApproved { .. } => {
            "the owner of what the call moves must approve the spender for it first".to_owned()
        }
        F::SignatureInvalid { .. } => {
            "sign the call again with the signer the contract expects and an unused nonce".to_owned()
        }
        F::Expired { .. } => {
            "the deadline has passed: a new signature or grant with a later one is needed".to_owned()
        }
        F::Blocklisted { .. } => {
            "the listed address must be taken off the list by whoever administers it".to_owned()
        }
        F::LimitReached { .. } => "ask for no more than the limit allows".to_owned(),
        F::WrongPayment { .. } => "send the value the contract asks".to_owned(),
        F::SoldOut { .. } => "none left to mint".to_owned(),
        F::Reverted if a.counterfactuals.is_empty() => {
            "the contract's own reason above says what it wants; rpccheck found no state to change that would test it".to_owned()
        }
        F::Reverted => {
            "the contract's own reason above says what it wants; none of the state changes rpccheck tried lets this call through".to_owned()
        }
        F::OutOfGas { .. } => "send it again with a higher gas limit".to_owned(),
        F::Unknown => match &a.trace {
            TraceStep::Done(_) | TraceStep::Derived { .. } => {
                "not known: no reason was given, and neither the trace nor the state changes rpccheck tried showed what decided".to_owned()
            }
            _ => {
                "no reason was given and no trace explained it: try an endpoint that serves debug_traceCall, or --engine local".to_owned()
            }
        },
    }
}

/// The functions by which a contract grants a role to an account, as its
/// code's selectors name them: `grantRole`
/// where it has it; else one whose name carries the role's own name (Aave's
/// `addPoolAdmin` for POOL_ADMIN_ROLE); else one that grants a role, or sets
/// a user's (`grantRoles`, solmate's `setUserRole`). At most two.
pub(super) fn granting<'a>(
    functions: &'a [FoundFunction],
    role_name: Option<&str>,
) -> Vec<&'a str> {
    let named = |sig: &&str| {
        sig.split('(')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let sigs: Vec<&str> = functions
        .iter()
        .filter_map(|f| f.signature.as_deref())
        .collect();
    let grants = |name: &str| ["grant", "add", "set"].iter().any(|v| name.starts_with(v));
    let own: Vec<&str> = role_name
        .map(|r| {
            r.trim_end_matches("_ROLE")
                .replace('_', "")
                .to_ascii_lowercase()
        })
        .filter(|r| !r.is_empty())
        .map(|r| {
            sigs.iter()
                .filter(|s| grants(&named(s)) && named(s).contains(&r))
                .copied()
                .collect()
        })
        .unwrap_or_default();
    let standard = sigs.iter().find(|s| **s == "grantRole(bytes32,address)");
    let mut out: Vec<&str> = standard.into_iter().copied().chain(own).collect();
    if out.is_empty() {
        out = sigs
            .iter()
            .filter(|s| {
                let n = named(s);
                (n.starts_with("grant") && n.contains("role"))
                    || (grants(&n) && n.contains("user") && n.contains("role"))
            })
            .copied()
            .collect();
    }
    out.truncate(2);
    out
}

/// The functions of `authority`, where the diagnosis read them (the other
/// contract whose storage decided).
pub(super) fn authority_functions(
    a: &AddressObservation,
    authority: alloy::primitives::Address,
) -> &[FoundFunction] {
    a.authority
        .as_ref()
        .filter(|x| x.address == authority)
        .map_or(&[], |x| x.functions.as_slice())
}
