//! What the probes read (`owner()`, `paused()`, allowlist getters, roles,
//! the Merkle tree), as evidence, and the verdict they give without a call.

use super::Judgement;
use super::draft::Draft;
use super::words::role_label;
use crate::allowlist::observe::{AddressObservation, TargetObservation};
use crate::allowlist::report::{Evidence, ReasonKind, Verdict};

impl Judgement {
    pub(super) fn probe_evidence(&mut self, t: &TargetObservation, a: &AddressObservation) {
        if let Some(o) = t.owner {
            self.evidence
                .push(Evidence::new("probe", format!("owner() = {o}")));
        }
        if let Some(p) = t.paused {
            self.evidence
                .push(Evidence::new("probe", format!("paused() = {p}")));
        }
        if let Some((getter, root)) = &t.merkle_root {
            self.evidence
                .push(Evidence::new("probe", format!("{getter} = {root}")));
        }
        for (sig, v) in &a.getters {
            let name = sig.split('(').next().unwrap_or(sig);
            self.evidence.push(Evidence::new(
                "probe",
                format!("{name}({}) = {v}", a.address),
            ));
        }
        let held: Vec<String> = a
            .roles
            .iter()
            .filter(|r| r.2)
            .map(|r| role_label(r.0, r.1.as_deref()))
            .collect();
        if !a.roles.is_empty() {
            self.evidence.push(Evidence::new(
                "probe",
                format!(
                    "hasRole for {} role(s): {}",
                    a.roles.len(),
                    if held.is_empty() {
                        "holds none".to_owned()
                    } else {
                        format!("holds {}", held.join(", "))
                    }
                ),
            ));
        }
        if let Some(m) = &a.merkle {
            self.evidence.push(Evidence::new(
                "merkle",
                format!(
                    "tree of {} leaves, root {}: address {}{}",
                    m.leaves,
                    m.root_file,
                    if m.in_tree {
                        "is in the tree"
                    } else {
                        "is not in the tree"
                    },
                    if m.in_tree {
                        if m.proof_valid {
                            ", proof verifies"
                        } else {
                            ", proof does not verify"
                        }
                    } else {
                        ""
                    }
                ),
            ));
        }
    }

    /// Verdict without a simulation: from getters, `paused()` and the Merkle tree.
    pub(super) fn judge_probes(
        &mut self,
        t: &TargetObservation,
        a: &AddressObservation,
    ) -> Verdict {
        let mut allowed_by = Vec::new();
        for (sig, v) in &a.getters {
            let name = sig.split('(').next().unwrap_or(sig);
            if *v {
                allowed_by.push(format!("{name}({}) returned true", a.address));
            } else {
                self.reasons.push(Draft::new(
                    ReasonKind::NotAllowlisted,
                    format!("{name}({}) returned false", a.address),
                ));
            }
        }
        if t.paused == Some(true) {
            self.reasons.push(Draft::new(
                ReasonKind::Paused,
                "the contract is paused (paused() = true)",
            ));
        }
        self.merkle_reasons(t, a);
        if let Some(m) = &a.merkle
            && m.in_tree
            && m.proof_valid
        {
            // The file's word alone is not the chain's: only a root read from the
            // contract and equal to the file's lets the proof decide.
            match &t.merkle_root {
                Some((getter, r)) if *r == m.root_file => allowed_by.push(format!(
                    "its Merkle proof verifies against the contract's root ({getter})"
                )),
                _ => self.evidence.push(Evidence::new(
                    "merkle",
                    "the proof verifies against the file's root, but the contract's root could not be read to compare",
                )),
            }
        }
        if !self.reasons.is_empty() {
            return Verdict::Denied;
        }
        if !allowed_by.is_empty() {
            self.evidence.push(Evidence::new(
                "verdict",
                format!("allowed: {}", allowed_by.join("; ")),
            ));
            return Verdict::Allowed;
        }
        let gated: Vec<&str> = t
            .functions
            .iter()
            .filter(|f| f.view == Some(false))
            // The common access functions only: the generated table names
            // every function (`approve`, `transfer`), which are not gates.
            .filter(|f| crate::explain::signatures::is_access_function(f.selector))
            .filter_map(|f| f.signature.as_deref())
            .filter(|s| !ADMIN_FUNCTIONS.iter().any(|a| s.starts_with(a)))
            .collect();
        let hint = if gated.is_empty() {
            "nothing decides this without a call: pass --call \"SIG\" ARGS to simulate the gated function".to_owned()
        } else {
            format!(
                "nothing decides this without a call; gated functions found: {}; pass e.g. --call \"{}\" ARGS",
                gated.join(", "),
                gated[0]
            )
        };
        self.evidence.push(Evidence::new("hint", hint));
        Verdict::Inconclusive
    }
}

/// Functions that administer a gate rather than being gated entry points.
const ADMIN_FUNCTIONS: &[&str] = &[
    "grantRole(",
    "revokeRole(",
    "renounceRole(",
    "transferOwnership(",
    "renounceOwnership(",
    "pause(",
    "unpause(",
    "upgradeToAndCall(",
    "initialize(",
    "approve(",
    "transfer(",
    "transferFrom(",
    "safeTransferFrom(",
    "setApprovalForAll(",
    "multicall(",
];
