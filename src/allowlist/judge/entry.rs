//! A confirmed entry keyed by the address (a mapping slot that read zero):
//! the gate it is, by where it sits and what it is nested under: a role (here
//! or in another contract), Solady's roles word, another account's approval,
//! or an allowlist.

use alloy::primitives::{B256, U256};

use super::Judgement;
use super::accounts::missing_role;
use super::draft::Draft;
use super::observed::culprit;
use super::words::{address_key, bits, role_label, solady_roles};
use crate::allowlist::observe::{AddressObservation, Change, Gate, TargetObservation, TraceStep};
use crate::allowlist::report::ReasonFields;
use crate::explain::roles;

impl Judgement {
    /// The reason the confirmed entry names, or `None` where it names none or
    /// has already replaced the gating reasons itself.
    pub(super) fn entry_decides(
        &mut self,
        t: &TargetObservation,
        a: &AddressObservation,
    ) -> Option<Draft> {
        // Only an entry that reads zero for this address keeps it out.
        let c = culprit(a)?;
        if c.is_solady_roles() {
            // Solady's OwnableRoles: the roles word, tested against a mask.
            let mask = match &a.trace {
                TraceStep::Done(an) => crate::allowlist::gates::bit_mask(an, c.account, c.slot),
                _ => None,
            };
            let reason = Draft::of(
                ReasonFields::MissingRole {
                    role: mask.map(B256::from),
                    role_name: mask.map(solady_roles),
                    authority: None,
                    slot: Some(c.slot),
                },
                format!(
                    "{} holds none of the roles asked{} (its Solady roles word reads 0)",
                    a.address,
                    mask.map(|m| format!(" ({})", solady_roles(m)))
                        .unwrap_or_default()
                ),
            );
            let reason = match mask {
                Some(m) => reason.remedy(match t.owner {
                    Some(o) => {
                        format!("the owner {o} can grant it: grantRoles({}, {m})", a.address)
                    }
                    None => format!(
                        "the contract's owner can grant it: grantRoles({}, {m})",
                        a.address
                    ),
                }),
                None => reason,
            };
            self.replace_gating(reason);
            return None;
        }
        // This address's entry under another account's address: that
        // account's approval of this one (an operator, an on-behalf
        // authorization).
        if let [outer] = c.outer_keys.as_slice()
            && let Some(owner) = address_key(*outer).filter(|o| *o != a.address)
        {
            let reason = Draft::of(
                ReasonFields::NotApproved {
                    owner: Some(owner),
                    spender: Some(a.address),
                    allowance: None,
                    needed: None,
                    slot: Some(c.slot),
                },
                format!(
                    "{owner} has not approved {} to act for it ({}: not set)",
                    a.address,
                    c.describe()
                ),
            )
            .remedy(
                format!(
                    "{owner} must approve {} (its entry: slot {} of {}), or the call must come from {owner}",
                    a.address, c.slot, c.account
                ),
            );
            self.replace_gating(reason);
            return None;
        }
        // The role the revert named, where the entry is nested under it.
        let said_role = self
            .reasons
            .iter()
            .find_map(|r| match r.fields {
                ReasonFields::MissingRole { role, .. } => Some(role),
                _ => None,
            })
            .flatten()
            .filter(|r| c.outer_keys.first() == Some(r));
        // Another contract's entry (an ACL manager, an authority) keeps
        // the role where it is nested under a role-like key, or is a
        // roles word tested against a mask.
        let elsewhere = c.account != t.contract
            && t.proxy
                .as_ref()
                .is_none_or(|p| p.implementation != c.account);
        let mask = match &a.trace {
            TraceStep::Done(an) if elsewhere => {
                crate::allowlist::gates::bit_mask(an, c.account, c.slot).filter(|m| !m.is_zero())
            }
            _ => None,
        };
        let role = c.outer_keys.first().copied().filter(|k| {
            said_role == Some(*k)
                || roles::role_name(*k).is_some()
                || t.roles.iter().any(|r| r.0 == *k)
                || (elsewhere && U256::from_be_bytes(k.0).bit_len() > 200)
        });
        // A second role the call accepts instead, where setting the
        // address's entry under it let the call through too.
        let also = a.counterfactuals.iter().skip(1).find_map(|cf| {
            let Change::Slot { account, slot, .. } = &cf.change else {
                return None;
            };
            if !cf.success || cf.gate != Gate::Entry {
                return None;
            }
            match &a.trace {
                TraceStep::Done(an) => an
                    .keyed_reads
                    .iter()
                    .find(|k| k.account == *account && k.slot == *slot)
                    .and_then(|k| k.outer_keys.first().copied()),
                _ => None,
            }
        });
        let either = |r: Draft| match also {
            Some(other) if Some(other) != role => {
                let label = role_label(
                    other,
                    roles::role_name(other).or_else(|| {
                        t.roles
                            .iter()
                            .find(|r| r.0 == other)
                            .and_then(|r| r.1.as_deref())
                    }),
                );
                let label = if label.contains(&other.to_string()) {
                    label
                } else {
                    format!("{label} ({other})")
                };
                r.extend_words(&format!(", or {label}: either lets the call through"))
            }
            _ => r,
        };
        Some(match (role, mask) {
            (Some(role), _) if elsewhere => {
                let mut r = missing_role(t, a.address, role);
                if let ReasonFields::MissingRole { authority, .. } = &mut r.fields {
                    *authority = Some(c.account);
                }
                either(r)
            }
            (Some(role), _)
                if said_role.is_some()
                    || !t.roles.is_empty()
                    || roles::role_name(role).is_some() =>
            {
                either(missing_role(t, a.address, role))
            }
            (None, Some(m)) => Draft::of(
                ReasonFields::MissingRole {
                    role: Some(B256::from(m)),
                    role_name: None,
                    authority: Some(c.account),
                    slot: None,
                },
                format!(
                    "{} holds none of the roles the call needs in {} (its roles word reads 0; roles that may call: bits {})",
                    a.address,
                    c.account,
                    bits(m)
                ),
            )
            .remedy({
                let functions = super::remedy::authority_functions(a, c.account);
                let grants = super::remedy::granting(functions, None);
                let with = if grants.is_empty() {
                    String::new()
                } else {
                    format!(", with {}", grants.join(" or "))
                };
                format!(
                    "an admin of the authority {} must give {} one of the roles with bits {}{with}",
                    c.account,
                    a.address,
                    bits(m),
                )
            }),
            _ => Draft::of(
                ReasonFields::NotAllowlisted { slot: Some(c.slot) },
                format!("{}: {} is not set", c.describe(), a.address),
            ),
        })
    }
}
