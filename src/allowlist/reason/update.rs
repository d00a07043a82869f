//! Changing a reason's fields in place: from the generated tables' field
//! names, and from newer evidence of the same gate.

use alloy::primitives::{B256, U256};

use super::ReasonFields;

impl ReasonFields {
    /// Sets a field the generated tables name (`expired_at`, `owner`, …)
    /// from the error's argument, unless it is known already; `false` where
    /// this kind has no such field or the value is not of its type.
    pub fn set(&mut self, name: &str, value: &str) -> bool {
        fn put<T>(field: &mut Option<T>, parsed: Option<T>) -> bool {
            let set = field.is_none() && parsed.is_some();
            if set {
                *field = parsed;
            }
            set
        }
        match (self, name) {
            (Self::NotAllowlisted { slot }, "slot")
            | (Self::MissingRole { slot, .. }, "slot")
            | (Self::NotApproved { slot, .. }, "slot")
            | (
                Self::MerkleProofInvalid {
                    root_file: slot, ..
                },
                "root_file",
            ) => put(slot, value.parse().ok()),
            (Self::MerkleProofInvalid { root_onchain, .. }, "root_onchain") => {
                put(root_onchain, value.parse().ok().map(Some))
            }
            // A role id is a word, or a number (an access manager's uint64 roles).
            (Self::MissingRole { role, .. }, "role") => put(
                role,
                value
                    .parse()
                    .ok()
                    .or_else(|| value.parse::<U256>().ok().map(B256::from)),
            ),
            (Self::MissingRole { role_name, .. }, "role_name") => {
                put(role_name, value.parse().ok())
            }
            (Self::MissingRole { authority: a, .. }, "authority")
            | (Self::NotOwner { owner: a }, "owner")
            | (Self::NotAuthorized { authorized: a }, "authorized")
            | (Self::NotHolder { token: a, .. }, "token")
            | (Self::NotApproved { owner: a, .. }, "owner")
            | (Self::NotApproved { spender: a, .. }, "spender")
            | (Self::SignatureInvalid { signer: a, .. }, "signer")
            | (
                Self::SignatureInvalid {
                    expected_signer: a, ..
                },
                "expected_signer",
            )
            | (Self::Blocklisted { list: a, .. }, "list")
            | (Self::Blocklisted { subject: a, .. }, "subject") => put(a, value.parse().ok()),
            (Self::NotHolder { required: n, .. }, "required")
            | (Self::NotHolder { held: n, .. }, "held")
            | (Self::NotApproved { allowance: n, .. }, "allowance")
            | (Self::NotApproved { needed: n, .. }, "needed")
            | (Self::WrongPayment { expected: n, .. }, "expected")
            | (Self::WrongPayment { sent: n, .. }, "sent") => put(n, value.parse().ok()),
            (Self::SignatureInvalid { nonce: n, .. }, "nonce")
            | (Self::Expired { expired_at: n }, "expired_at")
            | (Self::NotOpen { opens_at: n, .. }, "opens_at")
            | (Self::NotOpen { closes_at: n, .. }, "closes_at")
            | (
                Self::NotOpen {
                    opens_at_block: n, ..
                },
                "opens_at_block",
            )
            | (
                Self::NotOpen {
                    closes_at_block: n, ..
                },
                "closes_at_block",
            )
            | (Self::LimitReached { limit: n, .. }, "limit")
            | (Self::LimitReached { used: n, .. }, "used")
            | (Self::LimitReached { requested: n, .. }, "requested")
            | (Self::SoldOut { max_supply: n, .. }, "max_supply")
            | (Self::SoldOut { supply: n, .. }, "supply") => put(n, value.parse().ok()),
            _ => false,
        }
    }

    /// Takes every field `newer` (of the same kind) knows, keeping the rest:
    /// a gate the revert named, with what the storage evidence found added.
    pub fn overlay(&mut self, newer: Self) {
        fn keep<T>(old: &mut Option<T>, new: Option<T>) {
            if new.is_some() {
                *old = new;
            }
        }
        use ReasonFields as F;
        match (self, newer) {
            (F::NotAllowlisted { slot }, F::NotAllowlisted { slot: s }) => keep(slot, s),
            (
                F::MissingRole {
                    role,
                    role_name,
                    authority,
                    slot,
                },
                F::MissingRole {
                    role: r,
                    role_name: n,
                    authority: a,
                    slot: s,
                },
            ) => {
                keep(role, r);
                keep(role_name, n);
                keep(authority, a);
                keep(slot, s);
            }
            (F::NotOwner { owner }, F::NotOwner { owner: o }) => keep(owner, o),
            (
                F::MerkleProofInvalid {
                    root_onchain,
                    root_file,
                },
                F::MerkleProofInvalid {
                    root_onchain: o,
                    root_file: f,
                },
            ) => {
                keep(root_onchain, o);
                keep(root_file, f);
            }
            (F::NotAuthorized { authorized }, F::NotAuthorized { authorized: a }) => {
                keep(authorized, a)
            }
            (
                F::NotHolder {
                    token,
                    required,
                    held,
                },
                F::NotHolder {
                    token: t,
                    required: r,
                    held: h,
                },
            ) => {
                keep(token, t);
                keep(required, r);
                keep(held, h);
            }
            (
                F::NotApproved {
                    owner,
                    spender,
                    allowance,
                    needed,
                    slot,
                },
                F::NotApproved {
                    owner: o,
                    spender: s,
                    allowance: a,
                    needed: n,
                    slot: k,
                },
            ) => {
                keep(owner, o);
                keep(spender, s);
                keep(allowance, a);
                keep(needed, n);
                keep(slot, k);
            }
            (
                F::SignatureInvalid {
                    signer,
                    expected_signer,
                    nonce,
                },
                F::SignatureInvalid {
                    signer: s,
                    expected_signer: e,
                    nonce: n,
                },
            ) => {
                keep(signer, s);
                keep(expected_signer, e);
                keep(nonce, n);
            }
            (F::Expired { expired_at }, F::Expired { expired_at: e }) => keep(expired_at, e),
            (
                F::Blocklisted { list, subject },
                F::Blocklisted {
                    list: l,
                    subject: s,
                },
            ) => {
                keep(list, l);
                keep(subject, s);
            }
            (
                F::NotOpen {
                    opens_at,
                    closes_at,
                    opens_at_block,
                    closes_at_block,
                },
                F::NotOpen {
                    opens_at: o,
                    closes_at: c,
                    opens_at_block: ob,
                    closes_at_block: cb,
                },
            ) => {
                keep(opens_at, o);
                keep(closes_at, c);
                keep(opens_at_block, ob);
                keep(closes_at_block, cb);
            }
            (
                F::LimitReached {
                    limit,
                    used,
                    requested,
                },
                F::LimitReached {
                    limit: l,
                    used: u,
                    requested: r,
                },
            ) => {
                keep(limit, l);
                keep(used, u);
                keep(requested, r);
            }
            (
                F::WrongPayment { expected, sent },
                F::WrongPayment {
                    expected: e,
                    sent: s,
                },
            ) => {
                keep(expected, e);
                keep(sent, s);
            }
            (
                F::SoldOut { max_supply, supply },
                F::SoldOut {
                    max_supply: m,
                    supply: s,
                },
            ) => {
                keep(max_supply, m);
                keep(supply, s);
            }
            (
                F::InsufficientFunds {
                    balance,
                    needed,
                    currency,
                },
                F::InsufficientFunds {
                    balance: b,
                    needed: n,
                    currency: c,
                },
            ) => {
                keep(balance, b);
                keep(needed, n);
                keep(currency, c);
            }
            (old, new) => {
                if old.kind() == new.kind() {
                    *old = new;
                }
            }
        }
    }
}
