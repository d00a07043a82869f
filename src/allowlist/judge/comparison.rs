//! The reason a confirmed comparison gate names: what the call compared last
//! before it said no (a time, a block, an amount, a count, a Merkle root),
//! with its fields and the remedy those numbers give.

use alloy::primitives::Address;

use super::draft::Draft;
use super::words::in_time;
use crate::allowlist::observe::{AddressObservation, Gate, TargetObservation};
use crate::allowlist::report::{Amount, Count, ReasonFields};
use crate::units::format_ether;

/// The reason a confirmed comparison gate names, with its fields and remedy.
pub(super) fn comparison_reason(
    t: &TargetObservation,
    a: &AddressObservation,
    gate: &Gate,
    token: Option<&crate::allowlist::observe::TokenMeta>,
) -> Option<Draft> {
    // A token as it names itself (`CTOKL (0x…)`), and its amounts (`10 CTOKL`).
    let label = |address: &Address| match token
        .filter(|m| m.address == *address)
        .and_then(|m| m.symbol.clone())
    {
        Some(sym) => format!("{sym} ({address})"),
        None => format!("the token {address}"),
    };
    let meta = |address: &Address| {
        token.filter(|m| m.address == *address).cloned().unwrap_or(
            crate::allowlist::observe::TokenMeta {
                address: *address,
                symbol: None,
                decimals: None,
            },
        )
    };
    let now: u64 = t.header.timestamp.to();
    Some(match gate {
        Gate::NotOpen {
            opens_at: Some(at), ..
        } => Draft::of(
            ReasonFields::NotOpen { opens_at: Some((*at).into()), closes_at: None, opens_at_block: None, closes_at_block: None },
            format!(
                "not open yet at block {}: the call passes from {}",
                t.block,
                crate::allowlist::gates::rfc3339(*at)
            ),
        )
        .remedy(format!(
                "it opens at {}, {}: the call passes then",
                crate::allowlist::gates::rfc3339(*at),
                in_time(at.saturating_sub(now))
            ),
        ),
        Gate::NotOpen {
            closes_at: Some(at),
            ..
        } => Draft::of(
            ReasonFields::NotOpen { opens_at: None, closes_at: Some((*at).into()), opens_at_block: None, closes_at_block: None },
            format!("closed at {}: the call passed only before then", crate::allowlist::gates::rfc3339(*at)),
        )
        .remedy("none by waiting: the window this call needed has closed",
        ),
        Gate::BlockWindow {
            opens_at_block: Some(at),
            ..
        } => Draft::of(
            ReasonFields::NotOpen { opens_at: None, closes_at: None, opens_at_block: Some((*at).into()), closes_at_block: None },
            format!("not open yet at block {}: the call passes from block {at}", t.block),
        )
        .remedy(format!(
                "it opens at block {at}, {} blocks from now: the call passes then",
                at.saturating_sub(t.block)
            ),
        ),
        Gate::BlockWindow {
            closes_at_block: Some(at),
            ..
        } => Draft::of(
            ReasonFields::NotOpen { opens_at: None, closes_at: None, opens_at_block: None, closes_at_block: Some((*at).into()) },
            format!("closed at block {at}: the call passed only before it"),
        )
        .remedy("none by waiting: the window this call needed has closed",
        ),
        Gate::TokenShortfall {
            token,
            have,
            need,
            allowance: true,
            owner,
        } => {
            // The payer's allowance to the contract, or another's to the caller.
            let owner = owner.unwrap_or(a.address);
            let spender = if owner == a.address {
                t.contract
            } else {
                a.address
            };
            Draft::of(
                ReasonFields::NotApproved { owner: Some(owner), spender: Some(spender), allowance: Some(Amount(*have)), needed: Some(Amount(*need)), slot: None },
                format!(
                    "the amount is in {}: {owner} lets {spender} spend {}, and the call moves {}",
                    label(token),
                    meta(token).amount(*have),
                    meta(token).amount(*need)
                ),
            )
            .remedy(format!(
                    "{owner} must approve {spender} for at least {}: approve({spender}, {need}) on {token}, sent by {owner}",
                    meta(token).amount(*need),
                ),
            )
        }
        Gate::TokenShortfall {
            token,
            have,
            need,
            allowance: false,
            ..
        } => Draft::of(
            ReasonFields::NotHolder { token: Some(*token), required: Some(Amount(*need)), held: Some(Amount(*have)) },
            format!(
                "the amount is in {}: {} holds {}, and the call moves {}",
                label(token),
                a.address,
                meta(token).amount(*have),
                meta(token).amount(*need)
            ),
        )
        .remedy(format!(
                "hold at least {} ({} more) of {token}",
                meta(token).amount(*need),
                meta(token).amount(need.saturating_sub(*have))
            ),
        ),
        Gate::Expired { expired_at } => Draft::of(
            ReasonFields::Expired { expired_at: Some((*expired_at).into()) },
            format!(
                "a deadline has passed (one the call carries, or a grant's expiry): the call passed until {}",
                crate::allowlist::gates::rfc3339(*expired_at)
            ),
        )
        .remedy("a later deadline lets it through: send it with one (signed anew where a signature covers it), or have the grant renewed by whoever gave it",
        ),
        Gate::WrongPayment { expected, sent } => Draft::of(
            ReasonFields::WrongPayment { expected: Some(Amount(*expected)), sent: Some(Amount(*sent)) },
            format!(
                "the contract asks {} and {} was sent",
                format_ether(*expected),
                format_ether(*sent)
            ),
        )
        .remedy(super::words::send_exactly(*expected),
        ),
        Gate::LimitReached {
            limit,
            used,
            requested,
        } => {
            let left = used.map(|u| limit.saturating_sub(u));
            let r = Draft::of(
                ReasonFields::LimitReached { limit: Some(Count(*limit)), used: used.map(Count), requested: Some(Count(*requested)) },
                match used {
                    Some(u) => {
                        format!("limit {limit} per wallet, {u} already used, {requested} requested")
                    }
                    None => format!("the limit is {limit}, and {requested} was asked"),
                },
            );
            r.remedy(match left {
                    Some(l) if l.is_zero() => {
                        "this wallet has used its whole allowance: none left".to_owned()
                    }
                    Some(l) => format!("ask for at most {l} more"),
                    None => format!("ask for at most {limit}"),
                },
            )
        }
        Gate::MerkleRoot {
            root_onchain,
            computed,
        } => Draft::of(
            ReasonFields::MerkleProofInvalid { root_onchain: Some(Some(*root_onchain)), root_file: None },
            format!(
                "the proof leads to root {computed}, not to the contract's root {root_onchain}"
            ),
        )
        .remedy("pass this address's own proof from the tree whose root the contract holds; if the address is not in that tree, its owner must add it and set the new root",
        ),
        Gate::SoldOut {
            max_supply,
            supply,
            requested,
        } => {
            let left = max_supply.saturating_sub(*supply);
            Draft::of(
                ReasonFields::SoldOut { max_supply: Some(Count(*max_supply)), supply: Some(Count(*supply)) },
                format!("{supply} of {max_supply} minted, {requested} requested"),
            )
            .remedy(if left.is_zero() {
                    "sold out: none left to mint".to_owned()
                } else {
                    format!("ask for at most {left}")
                },
            )
        }
        _ => return None,
    })
}
