//! Counterfactuals: the state changes that would let a reverted call through,
//! chosen from what its trace read. The gatherer re-runs the call with each as
//! a state override; the first that succeeds confirms the reason. Pure.

use alloy::primitives::{Address, B256, U256};
use alloy::rpc::types::state::StateOverride;

use super::gates;
use super::observe::{Change, Counterfactual, Gate, TargetObservation};
use super::trace::{TraceAnalysis, short_word};

/// State changes worth trying, most specific first: set the address-keyed slot
/// that read zero; put the address where the owner is stored; clear a flag
/// byte (a pause) in the last slot read before the revert.
pub fn candidates(
    an: &TraceAnalysis,
    t: &TargetObservation,
    who: Address,
    calldata: &[u8],
) -> Vec<Counterfactual> {
    let mut out = Vec::new();
    let now = gates::execution_time(an, t.header.timestamp.to());
    // What the call compared before it reverted comes first: it is the most
    // direct evidence of the gate.
    for s in gates::suspects(an, calldata, t.contract, who, now) {
        let (what, meaning) = describe(&s);
        out.push(Counterfactual {
            what,
            meaning,
            change: s.test,
            success: false,
            gate: s.gate,
        });
    }
    // An entry that was counted with the quantity asked (e.g. presale mints
    // subtracted from a wallet's count) is no allowlist flag: setting it would
    // "confirm" an allowlist that is not there.
    if let Some(c) = an
        .culprit()
        .filter(|c| !gates::counted(an, c.account, c.slot))
    {
        // A word tested against a mask (a roles word) gets the mask's bits; an
        // entry, 1.
        let value = match gates::bit_mask(an, c.account, c.slot) {
            Some(m) => m,
            None if c.packed => U256::MAX,
            None => U256::from(1),
        };
        let shown = if value == U256::MAX {
            "all ones".to_owned()
        } else {
            value.to_string()
        };
        out.push(Counterfactual {
            what: format!("slot {} of {} set to {shown}", c.slot, c.account),
            meaning: format!(
                "access would be granted if {who}'s entry in the {} were set",
                c.mapping()
            ),
            change: Change::Slot {
                account: c.account,
                slot: c.slot,
                value: B256::from(value),
            },
            success: false,
            gate: Gate::Entry,
        });
        // Another zero entry of the address in the same mapping under another
        // key (a second role the call accepts instead): tested on its own.
        if let Some(other) = an.keyed_reads.iter().rev().find(|k| {
            k.value.is_zero()
                && k.account == c.account
                && k.base_slot == c.base_slot
                && !k.outer_keys.is_empty()
                && k.outer_keys != c.outer_keys
        }) {
            out.push(Counterfactual {
                what: format!("slot {} of {} set to 1", other.slot, other.account),
                meaning: format!(
                    "access would be granted if {who}'s entry under the other key were set"
                ),
                change: Change::Slot {
                    account: other.account,
                    slot: other.slot,
                    value: B256::from(U256::from(1)),
                },
                success: false,
                gate: Gate::Entry,
            });
        }
    }
    // An entry that is set, keyed by the address or by one the call passes
    // (an operator, a recipient), read last before the revert: a deny list
    // if clearing it lets the call through.
    if let Some(k) = an
        .keyed_reads
        .iter()
        .chain(&an.arg_keyed)
        .filter(|k| !k.value.is_zero() && !gates::counted(an, k.account, k.slot))
        .max_by_key(|k| k.at)
        .filter(|k| {
            // Nothing read after it may be keyed by the address and zero: that
            // one is the gate (an allowlist), not this.
            an.culprit().is_none_or(|c| c.at < k.at)
        })
    {
        out.push(Counterfactual {
            what: format!("slot {} of {} cleared", k.slot, k.account),
            meaning: format!(
                "the call would pass if {}'s entry in the {} of {} were not set",
                k.key,
                k.mapping(),
                k.account
            ),
            change: Change::Slot {
                account: k.account,
                slot: k.slot,
                value: B256::ZERO,
            },
            success: false,
            gate: Gate::Blocklisted {
                list: k.account,
                subject: k.key,
                slot: k.slot,
            },
        });
    }
    let Some(last) = an.reads.last() else {
        return out;
    };
    if let Some(owner) = t.owner {
        let w = last.value.0;
        if let Some(pos) = w.windows(20).position(|win| win == owner.as_slice()) {
            let mut nw = w;
            nw[pos..pos + 20].copy_from_slice(who.as_slice());
            out.push(Counterfactual {
                what: format!(
                    "the owner in slot {} of {} replaced by {who}",
                    short_word(last.slot),
                    last.account
                ),
                meaning: format!("access would be granted if {who} were the owner"),
                change: Change::Slot {
                    account: last.account,
                    slot: last.slot,
                    value: B256::from(nw),
                },
                success: false,
                gate: Gate::Owner,
            });
        }
    }
    if t.paused == Some(true) {
        for (i, byte) in last.value.0.iter().enumerate().rev() {
            if *byte == 1 {
                let mut nw = last.value.0;
                nw[i] = 0;
                out.push(Counterfactual {
                    what: format!(
                        "the paused flag (slot {}, byte {}) cleared",
                        short_word(last.slot),
                        31 - i
                    ),
                    meaning: "access would be granted if the contract were unpaused".into(),
                    change: Change::Slot {
                        account: last.account,
                        slot: last.slot,
                        value: B256::from(nw),
                    },
                    success: false,
                    gate: Gate::Paused,
                });
            }
        }
    }
    out.truncate(6);
    out
}

/// The call and state overrides that test `change`: `call` and `overrides`
/// (the address's funding) with the change applied — a slot written, the
/// block's time or number moved, another value sent, another quantity asked
/// (a price per item scaled with it). Pure.
pub fn run_of(
    change: &Change,
    call: &crate::engine::Call,
    overrides: &StateOverride,
) -> (crate::engine::Call, StateOverride) {
    let (mut call, mut o) = (call.clone(), overrides.clone());
    match change {
        Change::Slot {
            account,
            slot,
            value,
        } => {
            o.entry(*account)
                .or_default()
                .state_diff
                .get_or_insert_with(Default::default)
                .insert(*slot, *value);
        }
        Change::Time(t) => call.time = Some(*t),
        Change::Block(n) => call.number = Some(*n),
        Change::Pay(v) => call.value = *v,
        Change::Quantity { offset, value } => {
            let at = usize::try_from(*offset).unwrap_or(usize::MAX);
            let mut data = call.data.to_vec();
            if let Some(word) = data.get_mut(at..at.saturating_add(32)) {
                // A price per item scales with the quantity.
                let asked = U256::from_be_slice(word);
                if !asked.is_zero() && (call.value % asked).is_zero() {
                    call.value = call.value / asked * *value;
                }
                word.copy_from_slice(&value.to_be_bytes::<32>());
            }
            call.data = data.into();
        }
    }
    (call, o)
}

/// How a comparison's counterfactual reads: what it changes, what it means.
fn describe(s: &gates::Suspect) -> (String, String) {
    if let Gate::Authorized {
        account,
        slot,
        stored,
    } = &s.gate
    {
        return (
            format!(
                "the caller in place of {stored} in slot {} of {account}",
                short_word(*slot)
            ),
            format!("the call would pass if it came from {stored}, the account stored there"),
        );
    }
    let what = match &s.test {
        Change::Time(t) => format!("the block's time set to {}", super::gates::rfc3339(*t)),
        Change::Block(n) => format!("the block's number set to {n}"),
        Change::Pay(v) => format!("{} ({v} wei) sent", crate::units::format_ether(*v)),
        Change::Quantity { value, .. } => format!("a quantity of {value} asked"),
        Change::Slot {
            account,
            slot,
            value,
        } => {
            let v = U256::from_be_bytes(value.0);
            // A word that is a hash (a root) reads as one; a count as a number.
            let shown = if v.bit_len() > 160 {
                value.to_string()
            } else {
                v.to_string()
            };
            format!("slot {} of {account} set to {shown}", short_word(*slot))
        }
    };
    if let Change::Quantity { value, .. } = &s.test {
        return (what, format!("the call would pass asking for {value}"));
    }
    let meaning = match &s.gate {
        Gate::NotOpen {
            opens_at: Some(_), ..
        } => "the call would pass at that time",
        Gate::BlockWindow {
            opens_at_block: Some(_),
            ..
        } => "the call would pass at that block",
        Gate::NotOpen { .. } | Gate::BlockWindow { .. } => {
            "the call would have passed then: the window has closed since"
        }
        Gate::Expired { .. } => "the call would have passed then, before its deadline",
        Gate::WrongPayment { .. } => "the call would pass with the value the contract asks",
        Gate::LimitReached { .. } => "the call would pass if this wallet's count were cleared",
        Gate::SoldOut { .. } => "the call would pass if the supply left room for the quantity",
        Gate::TokenShortfall {
            allowance: true, ..
        } => "the call would pass with an allowance of the amount",
        Gate::TokenShortfall { .. } => {
            "the call would pass if the address held the amount in the token"
        }
        Gate::MerkleRoot { .. } => {
            "the call would pass if the contract's root were the one this proof leads to"
        }
        _ => "",
    };
    (what, meaning.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allowlist::trace::{KeyedRead, Read};

    fn target(owner: Option<Address>, paused: Option<bool>) -> TargetObservation {
        TargetObservation {
            contract: Address::repeat_byte(0xcc),
            chain_id: 31337,
            block: 1,
            block_hash: B256::ZERO,
            block_id: alloy::eips::BlockId::number(1),
            header: crate::rpc::block::BlockSummary::default(),
            code_size: 1,
            codes: Vec::new(),
            proxy: None,
            functions: vec![],
            owner,
            paused,
            merkle_root: None,
            roles: vec![],
            role_logs: Default::default(),
            notes: vec![],
        }
    }

    #[test]
    fn proposes_setting_the_keyed_slot_the_owner_and_the_pause_flag() {
        let who = Address::repeat_byte(0x11);
        let owner = Address::repeat_byte(0xaa);
        let mut packed = [0u8; 32];
        packed[12..].copy_from_slice(owner.as_slice());
        packed[11] = 1; // a bool packed after the owner: paused
        let an = TraceAnalysis {
            cut: None,
            deciding: None,
            arg_keyed: vec![],
            keyed_reads: vec![KeyedRead {
                account: Address::ZERO,
                slot: B256::repeat_byte(5),
                value: B256::ZERO,
                base_slot: B256::ZERO,
                outer_keys: vec![],
                packed: false,
                ..Default::default()
            }],
            reads: vec![Read {
                account: Address::ZERO,
                slot: B256::ZERO,
                value: B256::from(packed),
            }],
            reverted: true,
            comparisons: vec![],
        };
        let c = candidates(&an, &target(Some(owner), Some(true)), who, &[]);
        assert_eq!(c.len(), 3);
        let slot_value = |c: &Counterfactual| match &c.change {
            Change::Slot { slot, value, .. } => (*slot, *value),
            other => panic!("{other:?}"),
        };
        assert_eq!(slot_value(&c[0]).0, B256::repeat_byte(5));
        assert_eq!(slot_value(&c[0]).1[31], 1);
        assert_eq!(&slot_value(&c[1]).1[12..], who.as_slice());
        assert_eq!(slot_value(&c[2]).1[11], 0);
        assert_eq!(&slot_value(&c[2]).1[12..], owner.as_slice());
    }

    /// Each change becomes the call and overrides that test it; the funding
    /// override stays, and a price per item follows the quantity asked.
    #[test]
    fn a_change_becomes_the_run_that_tests_it() {
        let who = Address::repeat_byte(0x11);
        let mut data = vec![0xa0, 0x71, 0x2d, 0x68];
        data.extend(U256::from(3).to_be_bytes::<32>());
        let call = crate::engine::Call {
            from: Some(who),
            to: Address::repeat_byte(0xcc),
            data: data.into(),
            value: U256::from(30),
            time: None,
            number: None,
            gas: None,
        };
        let mut funded = StateOverride::default();
        funded.entry(who).or_default().balance = Some(U256::from(7));
        let (c, o) = run_of(
            &Change::Quantity {
                offset: 4,
                value: U256::from(2),
            },
            &call,
            &funded,
        );
        assert_eq!(c.value, U256::from(20));
        assert_eq!(U256::from_be_slice(&c.data[4..36]), U256::from(2));
        assert_eq!(o, funded);
        let slot = Change::Slot {
            account: Address::repeat_byte(0xcc),
            slot: B256::repeat_byte(1),
            value: B256::repeat_byte(2),
        };
        let (c, o) = run_of(&slot, &call, &funded);
        assert_eq!(c, call);
        assert_eq!(o[&who].balance, Some(U256::from(7)));
        assert_eq!(
            o[&Address::repeat_byte(0xcc)].state_diff.as_ref().unwrap()[&B256::repeat_byte(1)],
            B256::repeat_byte(2)
        );
        assert_eq!(run_of(&Change::Time(9), &call, &funded).0.time, Some(9));
    }
}
