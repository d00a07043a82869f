//! Counterfactuals: the state changes that would let a reverted call through,
//! chosen from what its trace read. The gatherer re-runs the call with each as
//! a state override; the first that succeeds confirms the reason. Pure.

use alloy::primitives::{Address, B256};

use super::observe::{Counterfactual, Gate, TargetObservation};
use super::trace::{TraceAnalysis, short_word};

/// State changes worth trying, most specific first: set the address-keyed slot
/// that read zero; put the address where the owner is stored; clear a flag
/// byte (a pause) in the last slot read before the revert.
pub fn candidates(an: &TraceAnalysis, t: &TargetObservation, who: Address) -> Vec<Counterfactual> {
    let mut out = Vec::new();
    if let Some(c) = an.culprit() {
        let mut one = [0u8; 32];
        one[31] = 1;
        out.push(Counterfactual {
            change: format!("slot {} of {} set to 1", c.slot, c.account),
            meaning: format!(
                "access would be granted if {who}'s entry in the {} were set",
                c.mapping()
            ),
            account: c.account,
            slot: c.slot,
            value: B256::from(one),
            success: false,
            gate: Gate::Entry,
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
                change: format!(
                    "the owner in slot {} of {} replaced by {who}",
                    short_word(last.slot),
                    last.account
                ),
                meaning: format!("access would be granted if {who} were the owner"),
                account: last.account,
                slot: last.slot,
                value: B256::from(nw),
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
                    change: format!(
                        "the paused flag (slot {}, byte {}) cleared",
                        short_word(last.slot),
                        31 - i
                    ),
                    meaning: "access would be granted if the contract were unpaused".into(),
                    account: last.account,
                    slot: last.slot,
                    value: B256::from(nw),
                    success: false,
                    gate: Gate::Paused,
                });
            }
        }
    }
    out.truncate(4);
    out
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
            keyed_reads: vec![KeyedRead {
                account: Address::ZERO,
                slot: B256::repeat_byte(5),
                value: B256::ZERO,
                base_slot: B256::ZERO,
                outer_keys: vec![],
            }],
            reads: vec![Read {
                account: Address::ZERO,
                slot: B256::ZERO,
                value: B256::from(packed),
            }],
            reverted: true,
            comparisons: vec![],
        };
        let c = candidates(&an, &target(Some(owner), Some(true)), who);
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].slot, B256::repeat_byte(5));
        assert_eq!(c[0].value[31], 1);
        assert_eq!(&c[1].value[12..], who.as_slice());
        assert_eq!(c[2].value[11], 0);
        assert_eq!(&c[2].value[12..], owner.as_slice());
    }
}
