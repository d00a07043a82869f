//! Reasons from the contract's own revert: a refusal by a proxy or a Safe, a
//! gate the generated tables name (its kind, the numbers its arguments
//! carry, worded by kind alone), or words that speak of an allowlist or a
//! proof.

use super::Judgement;
use super::accounts::{missing_role, not_owner};
use super::comparison::comparison_reason;
use super::draft::{Draft, Head};
use super::observed::culprit;
use crate::allowlist::observe::{AddressObservation, Gate, TargetObservation};
use crate::allowlist::report::{Amount, Count, ReasonFields, ReasonKind};
use crate::explain::{ExplainKind, Explanation};
use crate::units::format_ether;

impl Judgement {
    pub(super) fn revert_reasons(
        &mut self,
        t: &TargetObservation,
        a: &AddressObservation,
        e: &Explanation,
    ) {
        if e.kind != ExplainKind::Unknown {
            self.said = Some(e.message.clone());
        }
        if let Some(r) = proxy_refusal(t, a, e) {
            self.reasons.push(r);
            return;
        }
        // The contract's own error or string names the gate (the generated
        // tables): its kind, and the numbers its arguments carry.
        if let Some(r) = e.gate.as_ref().and_then(|g| named_gate(t, a, e, g)) {
            self.reasons.push(r);
            return;
        }
        let text = format!("{} {}", e.name.as_deref().unwrap_or(""), e.args.join(" "))
            .to_ascii_lowercase();
        let squashed: String = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let listy = [
            "allowlist",
            "whitelist",
            "notallowed",
            "notlisted",
            "notonthelist",
            "notapproved",
        ];
        if e.kind != ExplainKind::Unknown && listy.iter().any(|w| squashed.contains(w)) {
            self.reasons.push(Draft::of(
                ReasonFields::NotAllowlisted {
                    slot: culprit(a).map(|c| c.slot),
                },
                format!("{} is not on the allowlist: {}", a.address, e.message),
            ));
            return;
        }
        if e.kind != ExplainKind::Unknown
            && (squashed.contains("proof") || squashed.contains("merkle"))
        {
            self.reasons.push(Draft::new(
                ReasonKind::MerkleProofInvalid,
                format!("the Merkle proof was rejected: {}", e.message),
            ));
            return;
        }
        if e.kind != ExplainKind::Unknown {
            self.reasons
                .push(Draft::new(ReasonKind::Reverted, e.message.clone()));
            return;
        }
        if let Some(c) = culprit(a) {
            self.reasons.push(Draft::of(
                ReasonFields::NotAllowlisted { slot: Some(c.slot) },
                format!("{}: {} is not set", c.describe(), a.address),
            ));
            return;
        }
        self.reasons.push(Draft::new(
            ReasonKind::Unknown,
            format!("reverted and nothing could explain it: {}", e.message),
        ));
    }
}

/// `not_authorized` where only one particular account may make the call, by
/// the contract's own words: an OpenZeppelin transparent proxy refusing its
/// admin (v5 `ProxyDeniedAdminAccess()`, v4's string), or a Safe function
/// callable only by the Safe itself (`GS031`).
pub(super) fn proxy_refusal(
    t: &TargetObservation,
    a: &AddressObservation,
    e: &Explanation,
) -> Option<Draft> {
    let said = e.args.first().map(|s| s.trim_matches('"'));
    if e.name.as_deref() == Some("ProxyDeniedAdminAccess")
        || said == Some("TransparentUpgradeableProxy: admin cannot fallback to proxy target")
    {
        return Some(
            Draft::new(
                ReasonKind::NotAuthorized,
                format!(
                    "{} is this transparent proxy's admin, and the proxy refuses its admin's calls to the implementation",
                    a.address
                ),
            )
            .remedy(
                "send the call from any account other than the proxy's admin (the admin may only upgrade the proxy)",
            ),
        );
    }
    if said == Some("GS031") {
        return Some(
            Draft::of(
                ReasonFields::NotAuthorized {
                    authorized: Some(t.contract),
                },
                format!(
                    "only the Safe {} itself may call this (GS031), not {}",
                    t.contract, a.address
                ),
            )
            .remedy(format!(
                "make the call as a Safe transaction: execTransaction on {} with this call as its data, signed by enough of its owners",
                t.contract
            )),
        );
    }
    None
}

/// The reason a contract's own error or revert string names (the generated
/// tables' hint), with the fields its arguments give ([`ReasonFields::set`]).
pub(super) fn named_gate(
    t: &TargetObservation,
    a: &AddressObservation,
    e: &Explanation,
    g: &crate::explain::NamedGate,
) -> Option<Draft> {
    let kind: ReasonKind = g.kind.parse().ok()?;
    let mut named = ReasonFields::bare(kind);
    for (name, value) in &g.fields {
        named.set(name, value.trim_matches('"'));
    }
    let now: u64 = t.header.timestamp.to();
    let mut r = match &named {
        ReasonFields::MissingRole {
            role: Some(role), ..
        } => missing_role(t, g.account.unwrap_or(a.address), *role),
        ReasonFields::NotOwner { .. } => not_owner(t, a),
        ReasonFields::Paused => Draft::new(kind, "the contract is paused"),
        // The Merkle proof's own words stand (its remedy reads the tree file).
        ReasonFields::MerkleProofInvalid { .. } => {
            return Some(Draft::new(
                kind,
                format!("the Merkle proof was rejected: {}", e.message),
            ));
        }
        ReasonFields::NotOpen { opens_at, .. } => match opens_at.and_then(Count::as_u64) {
            Some(at) if at > now => comparison_reason(
                t,
                a,
                &Gate::NotOpen {
                    opens_at: Some(at),
                    closes_at: None,
                },
                None,
            )
            .unwrap_or_else(|| named_by_revert(kind)),
            _ => Draft::new(kind, format!("not open at block {}", t.block)),
        },
        _ => match amounts(&named, g.per_unit) {
            Some(words) => Draft::new(kind, words),
            None => named_by_revert(kind),
        },
    };
    if let Some(remedy) = payment_remedy(&named, g.per_unit) {
        r = r.remedy(remedy);
    }
    // The revert's words are quoted beside a reason worded from its kind; a
    // role, owner or pause gate the error states outright is said in full
    // already (the account, the role), as CLI.md's example has it.
    let stated = matches!(
        kind,
        ReasonKind::MissingRole | ReasonKind::NotOwner | ReasonKind::Paused
    ) && (e.kind == ExplainKind::CustomError || g.account.is_some());
    if r.words() != e.message && !stated {
        r = r.said(e.message.clone());
    }
    // What the arguments add; a field already known (the role's name, the
    // owner read) stays.
    named.overlay(r.fields);
    r.fields = named;
    Some(r)
}

/// The words a named gate's numbers give, by its kind alone: a limit, a
/// supply, a price, an allowance or a balance (none where the error gives no
/// number, or a limit of 0, which says nothing of a limit: nobody passes it).
fn amounts(f: &ReasonFields, per_unit: bool) -> Option<String> {
    let per = if per_unit { " per token" } else { "" };
    Some(match f {
        ReasonFields::LimitReached {
            limit: Some(l),
            requested,
            ..
        } if !l.0.is_zero() => match requested {
            Some(r) => format!("the limit is {l}, and {r} was asked"),
            None => format!("the limit is {l}"),
        },
        ReasonFields::SoldOut {
            max_supply: Some(m),
            supply,
        } => match supply {
            Some(s) => format!("{s} of {m} minted"),
            None => format!("at most {m} can be minted"),
        },
        ReasonFields::WrongPayment {
            expected: Some(Amount(e)),
            sent,
        } => match sent {
            Some(Amount(s)) if s != e => format!(
                "the contract asks {}{per}; the call gives {}{per}",
                format_ether(*e),
                format_ether(*s)
            ),
            // The same amount, yet refused: something else of the payment
            // (its currency, its terms) is not what is asked.
            Some(_) => format!(
                "the contract asks {}{per}, which the call gives: another term of the payment (its currency, say) is not the one asked",
                format_ether(*e)
            ),
            None => format!("the contract asks {}{per}", format_ether(*e)),
        },
        ReasonFields::NotApproved {
            allowance: Some(have),
            needed: Some(need),
            ..
        } => format!("the allowance is {have} where {need} is needed"),
        ReasonFields::NotHolder {
            held: Some(have),
            required: Some(need),
            ..
        } => format!("{have} held where {need} is needed"),
        _ => return None,
    })
}

/// What to pay, where a named gate says the price: stated per token where
/// the amounts are per unit, else sent exactly.
fn payment_remedy(f: &ReasonFields, per_unit: bool) -> Option<String> {
    let ReasonFields::WrongPayment {
        expected: Some(Amount(e)),
        sent,
    } = f
    else {
        return None;
    };
    if sent.as_ref().is_some_and(|s| s.0 == *e) {
        return None;
    }
    Some(if per_unit {
        format!(
            "state the price the contract asks, {} ({e} wei) per token, and pay it for each token",
            format_ether(*e)
        )
    } else {
        super::words::send_exactly(*e)
    })
}

/// A reason of `kind` whose only words so far are that the revert named it.
fn named_by_revert(kind: ReasonKind) -> Draft {
    Draft {
        head: Head::NamedByRevert,
        ..Draft::new(kind, "")
    }
}
