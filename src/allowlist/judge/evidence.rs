//! Storage evidence over the revert's words: the gate a confirmed
//! counterfactual shows takes the place of the gating reasons the revert
//! alone gave, and the trace's signers complete a refused signature.

use alloy::primitives::{Address, B256, U256};

use super::Judgement;
use super::accounts::{authorized, blocklisted, not_owner};
use super::comparison::comparison_reason;
use super::draft::{Draft, Head};
use crate::allowlist::observe::{AddressObservation, Gate, TargetObservation, TraceStep};
use crate::allowlist::report::{Evidence, ReasonFields, ReasonKind};

impl Judgement {
    /// Where a counterfactual showed which storage decided (this address's, or
    /// in a list the first one's with the same revert), that names the gate,
    /// whatever the revert's words: the owner slot → `not_owner`; the paused
    /// flag → `paused`; the address's own entry → `missing_role` when nested
    /// under a role the contract uses, else `not_allowlisted`; what the call
    /// compared last → `not_open`, `wrong_payment`, `limit_reached`,
    /// `sold_out` ([`comparison_reason`]). The gating reasons it contradicts
    /// go; Merkle and funds reasons stay.
    pub(super) fn evidence_decides(&mut self, t: &TargetObservation, a: &AddressObservation) {
        let Some(gate) = &a.confirmed else { return };
        if self.has(ReasonKind::MerkleProofInvalid) && !matches!(gate, Gate::MerkleRoot { .. }) {
            return;
        }
        let decided = match gate {
            Gate::NotOpen { .. }
            | Gate::Expired { .. }
            | Gate::BlockWindow { .. }
            | Gate::TokenShortfall { .. }
            | Gate::WrongPayment { .. }
            | Gate::LimitReached { .. }
            | Gate::SoldOut { .. }
            | Gate::MerkleRoot { .. } => match comparison_reason(t, a, gate, a.token.as_ref()) {
                Some(r) => r,
                None => return,
            },
            Gate::Owner => not_owner(t, a),
            Gate::Authorized {
                account,
                slot,
                stored,
            } => authorized(t, a, *account, *slot, *stored),
            Gate::Blocklisted {
                list,
                subject,
                slot,
            } => blocklisted(a, *list, *subject, *slot),
            Gate::Paused => Draft::new(ReasonKind::Paused, "the contract is paused"),
            Gate::Entry => match self.entry_decides(t, a) {
                Some(r) => r,
                None => return,
            },
        };
        match self.reasons.iter_mut().find(|r| r.kind() == decided.kind()) {
            Some(same) => same.confirm(decided),
            None => self.replace_gating(decided),
        }
    }

    /// `decided` takes the place of the gating reasons the revert alone gave
    /// (quoted in its message); Merkle and funds reasons stay.
    pub(super) fn replace_gating(&mut self, decided: Draft) {
        // The revert's own words stand beside the evidence's, where it had
        // any; a reason rpccheck inferred before the evidence decided is not
        // the revert's, and goes.
        self.reasons.retain(|r| !r.kind().is_gating());
        let decided = match &self.said {
            Some(said) if decided.said.is_none() && decided.words() != said => {
                decided.said(said.clone())
            }
            _ => decided,
        };
        self.reasons.insert(0, decided);
    }

    /// A refused signature's two signers, where the trace compared them: the
    /// address ecrecover recovered (`signer`) against the one the call
    /// expects (`expected_signer`). A wrong key and a replayed nonce alike
    /// recover to another address.
    pub(super) fn signers(&mut self, a: &AddressObservation) {
        let TraceStep::Done(an) = &a.trace else {
            return;
        };
        let Some(r) = self
            .reasons
            .iter_mut()
            .find(|r| r.kind() == ReasonKind::SignatureInvalid)
        else {
            return;
        };
        let recovered = |o: &crate::engine::record::Operand| {
            o.sources
                .contains(&crate::engine::record::Source::Recovered)
        };
        let found = an.comparisons.iter().rev().find_map(|c| {
            if c.op != "EQ" || c.result {
                return None;
            }
            let (signer, expected) = if recovered(&c.a) {
                (&c.a, &c.b)
            } else if recovered(&c.b) {
                (&c.b, &c.a)
            } else {
                return None;
            };
            let address = |v: U256| {
                (v.bit_len() <= 160).then(|| Address::from_word(B256::from(v.to_be_bytes::<32>())))
            };
            Some((address(signer.value)?, address(expected.value)?)).filter(|(_, e)| !e.is_zero())
        });
        let Some((signer, expected)) = found else {
            return;
        };
        if r.head == Head::NamedByRevert {
            r.head = Head::Words(format!(
                "the signature recovers to {signer}, not to {expected}"
            ));
        }
        if let ReasonFields::SignatureInvalid {
            signer: s,
            expected_signer: e,
            ..
        } = &mut r.fields
        {
            *s = Some(signer);
            *e = Some(expected);
        }
        self.evidence.push(Evidence::new(
            "trace",
            format!(
                "the signature recovers to {signer} (ECRECOVER), and the call expects {expected}: a wrong key, or a message signed for another nonce or deadline"
            ),
        ));
    }
}
