//! Reasons about who may call: a role, the owner, the one account stored as
//! authorized, a deny list.

use alloy::primitives::{Address, B256};

use super::draft::Draft;
use super::words::role_label;
use crate::allowlist::observe::{AddressObservation, TargetObservation};
use crate::allowlist::report::ReasonFields;
use crate::allowlist::trace::short_word;
use crate::explain::roles;

/// `missing_role`: `who` lacks `role`, named from the table or the contract's logs.
pub(super) fn missing_role(t: &TargetObservation, who: Address, role: B256) -> Draft {
    let name = roles::role_name(role).map(str::to_owned).or_else(|| {
        t.roles
            .iter()
            .find(|r| r.0 == role)
            .and_then(|r| r.1.clone())
    });
    let words = format!("{who} lacks {}", role_label(role, name.as_deref()));
    Draft::of(
        ReasonFields::MissingRole {
            role: Some(role),
            role_name: name,
            authority: None,
            slot: None,
        },
        words,
    )
}

/// `not_owner`, naming the owner where it was read.
pub(super) fn not_owner(t: &TargetObservation, a: &AddressObservation) -> Draft {
    Draft::of(
        ReasonFields::NotOwner { owner: t.owner },
        match t.owner {
            Some(o) => format!("{} is not the owner ({o} is)", a.address),
            None => format!("{} is not the owner", a.address),
        },
    )
}

/// Only the account stored in `slot` of `account` may call, as the confirmed
/// counterfactual showed: `not_owner` where that account is the one `owner()`
/// returns, else `not_authorized` naming it.
pub(super) fn authorized(
    t: &TargetObservation,
    a: &AddressObservation,
    account: Address,
    slot: B256,
    stored: Address,
) -> Draft {
    let place = if account == t.contract {
        format!("slot {}", short_word(slot))
    } else {
        format!("slot {} of {account}", short_word(slot))
    };
    if t.owner == Some(stored) {
        return not_owner(t, a).extend_words(&format!(" (the owner is stored in {place})"));
    }
    Draft::of(
        ReasonFields::NotAuthorized {
            authorized: Some(stored),
        },
        format!(
            "only {stored} may make this call: the caller is compared with the address in {place}, and {} is not it",
            a.address
        ),
    )
    .remedy(format!("send it from {stored}, the account the contract stores in {place}"),
    )
}

/// `subject`'s entry in `list` is set, and the call passes once it is not.
pub(super) fn blocklisted(
    a: &AddressObservation,
    list: Address,
    subject: Address,
    slot: B256,
) -> Draft {
    let who = if subject == a.address {
        "the caller"
    } else {
        "an address the call passes"
    };
    Draft::of(
        ReasonFields::Blocklisted {
            list: Some(list),
            subject: Some(subject),
        },
        format!(
            "{subject} ({who}) is on a deny list kept by {list}: its entry (slot {slot}) is set, and the call passes where it is not"
        ),
    )
    .remedy(if subject == a.address {
            format!(
                "{subject} must be taken off the list in {list} by whoever administers that list (rpccheck cannot tell who that is)"
            )
        } else {
            format!(
                "pass an address the list in {list} does not hold instead of {subject} (an operator that is not filtered), or have {subject} taken off it"
            )
        },
    )
}
