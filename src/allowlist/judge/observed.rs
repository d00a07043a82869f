//! What the Merkle tree, the trace and the counterfactuals observed: the
//! Merkle reason, and the evidence of each step.

use super::Judgement;
use super::draft::Draft;
use crate::allowlist::observe::{AddressObservation, TargetObservation, TraceStep};
use crate::allowlist::report::{Evidence, ReasonFields, ReasonKind};

impl Judgement {
    pub(super) fn merkle_reasons(&mut self, t: &TargetObservation, a: &AddressObservation) {
        let Some(m) = &a.merkle else { return };
        let onchain = t.merkle_root.as_ref().map(|(_, r)| *r);
        let why = if !m.in_tree {
            Some(format!(
                "{} is not in the Merkle tree ({} leaves)",
                a.address, m.leaves
            ))
        } else if onchain.is_some_and(|r| r != m.root_file) {
            Some("the tree's root differs from the contract's root".to_owned())
        } else if !m.proof_valid {
            Some("the address's proof does not verify against the root".to_owned())
        } else {
            None
        };
        if why.is_some() {
            // The tree explains what the revert alone could not.
            self.reasons.retain(|r| r.kind() != ReasonKind::Unknown);
        }
        let existing = self
            .reasons
            .iter()
            .position(|r| r.kind() == ReasonKind::MerkleProofInvalid);
        let roots = ReasonFields::MerkleProofInvalid {
            root_onchain: Some(onchain),
            root_file: Some(m.root_file),
        };
        match (why, existing) {
            (Some(msg), existing) => {
                let r = Draft::of(roots, msg);
                match existing {
                    Some(i) => self.reasons[i] = r,
                    None => self.reasons.push(r),
                }
            }
            (None, Some(i)) => self.reasons[i].fields.overlay(roots),
            (None, None) => {}
        }
    }

    pub(super) fn trace_and_counterfactuals(&mut self, a: &AddressObservation) {
        match &a.trace {
            TraceStep::NotRun => {}
            TraceStep::Unavailable(why) => {
                self.evidence.push(Evidence::new(
                    "trace",
                    format!("debug_traceCall unavailable: {why}"),
                ));
            }
            TraceStep::Derived { from, read } => {
                self.evidence.push(Evidence::new(
                    "trace",
                    format!(
                        "same revert as {from}, whose trace found the gate: {} (this address's entry: slot {} of {})",
                        read.describe(),
                        read.slot,
                        read.account
                    ),
                ));
            }
            TraceStep::Done(an) => {
                let detail = match an.culprit() {
                    Some(c) => format!("{} (slot {} of {})", c.describe(), c.slot, c.account),
                    None if an.keyed_reads.is_empty() => format!(
                        "{} storage reads, none keyed by {}",
                        an.reads.len(),
                        a.address
                    ),
                    None => format!(
                        "{} reads keyed by {}, all non-zero",
                        an.keyed_reads.len(),
                        a.address
                    ),
                };
                self.evidence.push(Evidence::new("trace", detail));
                if let Some(b) = &an.deciding {
                    let account = b.condition.sources.iter().any(|s| {
                        matches!(
                            s,
                            crate::engine::record::Source::Caller
                                | crate::engine::record::Source::Origin
                        )
                    }) && b.condition.value.bit_len() > 1;
                    self.evidence.push(Evidence::new(
                        "trace",
                        format!(
                            "deciding branch (the last conditional jump before the revert, {} deep): on {}, {}",
                            b.depth,
                            b.condition.describe(account),
                            if b.taken { "taken" } else { "not taken" }
                        ),
                    ));
                }
                // What the gate compared last before it said no.
                let last: Vec<String> = an
                    .comparisons
                    .iter()
                    .rev()
                    .take(SHOWN_COMPARISONS)
                    .rev()
                    .map(|c| c.describe())
                    .collect();
                if !last.is_empty() {
                    self.evidence.push(Evidence::new(
                        "trace",
                        format!("compared last: {}", last.join("; ")),
                    ));
                }
            }
        }
        for c in &a.counterfactuals {
            let outcome = if c.success {
                "succeeds"
            } else {
                "still reverts"
            };
            let mut detail = format!("with {} the call {outcome}", c.what);
            if c.success && a.confirmed.as_ref() != Some(&c.gate) {
                detail.push_str(&format!(": {} (it lets the call through too)", c.meaning));
            } else if c.success {
                detail.push_str(&format!(": {}", c.meaning));
                let kinds: Vec<&str> = self
                    .reasons
                    .iter()
                    // Ether funds are judged apart; a token the payment is in is
                    // what the counterfactual changed.
                    .filter(|r| {
                        !matches!(
                            r.fields,
                            ReasonFields::InsufficientFunds { currency: None, .. }
                        )
                    })
                    .map(|r| r.kind().as_str())
                    .collect();
                if !kinds.is_empty() {
                    detail.push_str(&format!(" (confirms {})", kinds.join(", ")));
                }
            }
            self.evidence.push(Evidence::new("counterfactual", detail));
        }
    }
}

pub(super) fn culprit(a: &AddressObservation) -> Option<&crate::allowlist::trace::KeyedRead> {
    match &a.trace {
        TraceStep::Done(an) => an.culprit(),
        TraceStep::Derived { read, .. } if read.value.is_zero() => Some(read),
        _ => None,
    }
}

/// Comparisons shown from the end of a trace.
const SHOWN_COMPARISONS: usize = 3;
