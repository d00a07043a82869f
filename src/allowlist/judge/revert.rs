//! Reasons from the contract's own revert: a decoded access denial, a
//! refusal by a proxy or a Safe, a gate the generated tables name, or words
//! that speak of an allowlist or a proof.

use super::Judgement;
use super::accounts::{missing_role, not_owner};
use super::comparison::comparison_reason;
use super::draft::{Draft, Head};
use super::observed::culprit;
use crate::allowlist::observe::{AddressObservation, Gate, TargetObservation};
use crate::allowlist::report::{Amount, Count, ReasonFields, ReasonKind};
use crate::explain::{AccessDenial, ExplainKind, Explanation};
use crate::units::format_ether;

impl Judgement {
    pub(super) fn revert_reasons(
        &mut self,
        t: &TargetObservation,
        a: &AddressObservation,
        e: &Explanation,
    ) {
        match &e.access {
            Some(AccessDenial::MissingRole { account, role }) => {
                self.reasons
                    .push(missing_role(t, account.unwrap_or(a.address), *role));
                return;
            }
            Some(AccessDenial::NotOwner { .. }) => {
                self.push_not_owner(t, a);
                return;
            }
            Some(AccessDenial::Paused) => {
                self.reasons
                    .push(Draft::new(ReasonKind::Paused, "the contract is paused"));
                return;
            }
            Some(sale) => {
                self.reasons.push(named_sale_gate(t, a, sale, &e.message));
                return;
            }
            None => {}
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

    pub(super) fn push_not_owner(&mut self, t: &TargetObservation, a: &AddressObservation) {
        self.reasons.push(not_owner(t, a));
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

/// The sale gate a drop's own error names, with the numbers it carries (the
/// trace's evidence, where a counterfactual confirms it, adds the rest).
pub(super) fn named_sale_gate(
    t: &TargetObservation,
    a: &AddressObservation,
    denial: &AccessDenial,
    said: &str,
) -> Draft {
    let r = sale_gate_reason(t, a, denial, said);
    match r.kind() {
        ReasonKind::MerkleProofInvalid | ReasonKind::Reverted => r,
        _ => r.said(said),
    }
}

pub(super) fn sale_gate_reason(
    t: &TargetObservation,
    a: &AddressObservation,
    denial: &AccessDenial,
    said: &str,
) -> Draft {
    let now: u64 = t.header.timestamp.to();
    match denial {
        AccessDenial::NotOpen { opens_at: Some(at) } if *at > now => comparison_reason(
            t,
            a,
            &Gate::NotOpen {
                opens_at: Some(*at),
                closes_at: None,
            },
            None,
        )
        .unwrap_or_else(|| Draft::new(ReasonKind::NotOpen, said)),
        AccessDenial::NotOpen { .. } => Draft::new(
            ReasonKind::NotOpen,
            format!("no sale or claim phase is open at block {}", t.block),
        )
        .remedy("try again once a phase is open: the contract's owner sets its phases"),
        AccessDenial::LimitReached { limit, total } => {
            let r = Draft::of(
                ReasonFields::LimitReached {
                    limit: limit.map(Count),
                    used: None,
                    requested: None,
                },
                match (limit, total) {
                    (Some(l), Some(n)) => {
                        format!("the limit is {l} per wallet; this claim would make it {n}")
                    }
                    (Some(l), None) => format!("the limit is {l} per wallet"),
                    _ => "this wallet has reached its limit".to_owned(),
                },
            );
            match limit {
                Some(l) => r.remedy(format!(
                    "ask for no more than the limit of {l} per wallet allows"
                )),
                None => r,
            }
        }
        AccessDenial::SoldOut { max_supply, total } => Draft::of(
            ReasonFields::SoldOut {
                max_supply: max_supply.map(Count),
                supply: None,
            },
            match (max_supply, total) {
                (Some(m), Some(n)) => format!("at most {m} can be minted; this would make {n}"),
                _ => "the supply is exhausted".to_owned(),
            },
        ),
        AccessDenial::WrongPayment {
            expected,
            sent,
            per_token,
            currency,
        } => {
            let per = if *per_token { " per token" } else { "" };
            let other_currency = currency.filter(|(stated, asked)| stated != asked);
            let r = Draft::of(
                ReasonFields::WrongPayment {
                    expected: expected.map(Amount),
                    sent: sent.map(Amount),
                },
                match (expected, sent, other_currency) {
                    (_, _, Some((stated, asked))) => {
                        format!("the phase is paid in {asked}, not in {stated}")
                    }
                    (Some(e), Some(s), None) => format!(
                        "the price is {}{per}; the call states {}{per}",
                        format_ether(*e),
                        format_ether(*s)
                    ),
                    (Some(e), None, None) => {
                        format!("the contract asks {}{per}", format_ether(*e))
                    }
                    _ => "the price paid is not the one asked".to_owned(),
                },
            );
            let remedy = match (expected, other_currency) {
                (_, Some((_, asked))) => Some(format!("pay in {asked}, at the phase's price")),
                (Some(e), None) if *per_token => Some(format!(
                    "state the phase's price, {} ({e} wei) per token, and pay it for each token",
                    format_ether(*e)
                )),
                (Some(e), None) => Some(format!("send exactly {} ({e} wei)", format_ether(*e))),
                _ => None,
            };
            match remedy {
                Some(m) => r.remedy(m),
                None => r,
            }
        }
        AccessDenial::TokenShortfall {
            allowance,
            have,
            need,
        } => {
            let amounts = match (have, need) {
                (Some(h), Some(n)) => format!(": {h} where {n} is needed"),
                _ => String::new(),
            };
            let (have, need) = (have.map(Amount), need.map(Amount));
            let (fields, what, remedy) = if *allowance {
                (
                    ReasonFields::NotApproved {
                        owner: None,
                        spender: None,
                        allowance: have,
                        needed: need,
                        slot: None,
                    },
                    "the allowance is short of what the call moves",
                    "the owner of the tokens must approve the spender for the amount (approve(spender, amount) on the token)",
                )
            } else {
                (
                    ReasonFields::NotHolder {
                        token: None,
                        required: need,
                        held: have,
                    },
                    "the balance is short of what the call moves",
                    "hold the amount of the token the call moves",
                )
            };
            Draft::of(fields, format!("{what}{amounts}")).remedy(remedy)
        }
        AccessDenial::MerkleRejected => Draft::new(
            ReasonKind::MerkleProofInvalid,
            format!("the Merkle proof was rejected: {said}"),
        ),
        AccessDenial::MissingRole { .. } | AccessDenial::NotOwner { .. } | AccessDenial::Paused => {
            Draft::new(ReasonKind::Reverted, said)
        }
    }
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
    let mut r = match (&named, kind) {
        (
            ReasonFields::MissingRole {
                role: Some(role), ..
            },
            _,
        ) => missing_role(t, a.address, *role),
        (_, ReasonKind::NotOwner) => not_owner(t, a),
        _ => named_by_revert(kind),
    };
    if r.words() != e.message {
        r = r.said(e.message.clone());
    }
    // What the arguments add; a field already known (the role's name, the
    // owner read) stays.
    named.overlay(r.fields);
    r.fields = named;
    Some(r)
}

/// A reason of `kind` whose only words so far are that the revert named it.
fn named_by_revert(kind: ReasonKind) -> Draft {
    Draft {
        head: Head::NamedByRevert,
        ..Draft::new(kind, "")
    }
}
