//! The verdict: a pure function from what was gathered about the contract and
//! the address to an [`AllowlistReport`]. Funds are judged apart from gating.
//!
//! The flow is here; reasons come from the contract's revert ([`revert`]), the
//! probes ([`probes`]), the trace, Merkle tree and counterfactuals
//! ([`observed`], [`evidence`], [`entry`], [`comparison`], [`accounts`]) and
//! funds ([`funds`]); each is a [`Draft`] until [`remedy`] completes it.

mod accounts;
mod comparison;
mod draft;
mod entry;
mod evidence;
mod funds;
mod observed;
mod probes;
mod remedy;
mod revert;
mod words;

use crate::engine::Halt;

use super::observe::{AddressObservation, Note, SimOutcome, TargetObservation};
use super::report::{
    AllowlistReport, Amount, Evidence, ReasonFields, ReasonKind, RevertInfo, SimulationInfo,
    Verdict,
};
use crate::explain::{Decoder, ExplainKind};
use draft::Draft;

/// Judges one address.
pub fn judge(t: &TargetObservation, a: &AddressObservation, decoder: &Decoder) -> AllowlistReport {
    let mut j = Judgement::default();
    if t.code_size == 0 {
        j.reasons.push(Draft::of(
            ReasonFields::NoCode {
                chain_id: t.chain_id,
            },
            format!(
                "no contract at {} on chain {} (block {}): wrong network or wrong address",
                t.contract, t.chain_id, t.block
            ),
        ));
        j.evidence
            .push(Evidence::new("code", "eth_getCode returned no code"));
        return j.finish(t, a, Verdict::Denied, None);
    }
    j.evidence.push(Evidence::new(
        "code",
        format!(
            "{} bytes of code at {} on chain {}",
            t.code_size, t.contract, t.chain_id
        ),
    ));
    if let Some(p) = &t.proxy {
        j.evidence.push(Evidence::new(
            "proxy",
            format!(
                "{} proxy; implementation {} analysed, calls go through the proxy",
                p.kind, p.implementation
            ),
        ));
    }
    let named: Vec<&str> = t
        .functions
        .iter()
        .filter(|f| crate::explain::signatures::is_access_function(f.selector))
        .filter_map(|f| f.signature.as_deref())
        .collect();
    if !t.functions.is_empty() {
        j.evidence.push(Evidence::new(
            "bytecode",
            format!(
                "{} functions ({} named); access-related: {}",
                t.functions.len(),
                t.functions.iter().filter(|f| f.signature.is_some()).count(),
                if named.is_empty() {
                    "none recognised".to_owned()
                } else {
                    named.join(", ")
                }
            ),
        ));
    }
    j.notes(&t.notes);
    j.probe_evidence(t, a);
    j.notes(&a.notes);

    let Some(sim) = &a.simulation else {
        let verdict = j.judge_probes(t, a);
        return j.finish(t, a, verdict, None);
    };
    let funded = if sim.funded {
        " (funded by a state override: gating is judged apart from funds)"
    } else {
        ""
    };
    // A halt other than running out of gas (a failed `assert` before Solidity
    // 0.8, an invalid opcode) ends a call as a bare revert does: judged the
    // same way (trace, counterfactuals), with the halt in the evidence.
    let bare = SimOutcome::Reverted(alloy::primitives::Bytes::new());
    let outcome = match &sim.outcome {
        SimOutcome::Halted { halt, .. } if *halt != Halt::OutOfGas => {
            j.evidence.push(Evidence::new(
                "simulation",
                format!("{} {}", sim.call, halt.describe()),
            ));
            &bare
        }
        o => o,
    };
    let (verdict, revert) = match outcome {
        SimOutcome::Success => {
            j.evidence.push(Evidence::new(
                "simulation",
                format!("{} succeeds from {}{funded}", sim.call, a.address),
            ));
            if j.funds_short(a, sim.value, sim.gas) {
                (Verdict::Denied, None)
            } else {
                (Verdict::Allowed, None)
            }
        }
        SimOutcome::Reverted(data) => {
            let e = decoder.decode_revert(data);
            let what = match e.kind {
                ExplainKind::Unknown if data.is_empty() => "a bare revert with no data".to_owned(),
                ExplainKind::Unknown => format!("undecoded data {data}"),
                _ => match &e.name {
                    Some(n) if e.kind == ExplainKind::CustomError => {
                        format!("{n}({})", e.args.join(", "))
                    }
                    _ => e
                        .args
                        .first()
                        .map(|s| format!("{s:?}"))
                        .unwrap_or_else(|| e.message.clone()),
                },
            };
            j.evidence.push(Evidence::new(
                "simulation",
                format!("{} reverted: {what}{funded}", sim.call),
            ));
            j.revert_reasons(t, a, &e);
            j.merkle_reasons(t, a);
            j.evidence_decides(t, a);
            j.trace_and_counterfactuals(a);
            j.signers(a);
            j.funds_short(a, sim.value, None);
            let info = RevertInfo {
                selector: e.selector.map(|s| s.to_string()),
                name: e.name.clone().filter(|_| e.kind != ExplainKind::Unknown),
                args: if e.kind == ExplainKind::Unknown {
                    Vec::new()
                } else {
                    e.args.clone()
                },
                raw: data.to_string(),
            };
            (Verdict::Denied, Some(info))
        }
        SimOutcome::Unfunded(msg) => {
            // The node would not run the call for want of funds: whatever the gate
            // says, this address cannot get through as it is.
            j.evidence.push(Evidence::new(
                "simulation",
                format!("{} refused by the node for want of funds: {msg}", sim.call),
            ));
            j.funds_short(a, sim.value, None);
            if !j.has(ReasonKind::InsufficientFunds) {
                j.reasons.push(Draft::of(
                    ReasonFields::InsufficientFunds {
                        balance: a.balance.map(Amount),
                        needed: None,
                        currency: None,
                    },
                    format!("{} cannot pay for the call: {msg}", a.address),
                ));
            }
            j.evidence.push(Evidence::new(
                "funds",
                "the gate itself could not be judged apart from funds on this endpoint",
            ));
            (Verdict::Denied, None)
        }
        SimOutcome::Halted { halt, gas } => {
            let what = SimOutcome::describe_halt(halt, *gas);
            j.evidence.push(Evidence::new(
                "simulation",
                format!("{} {what}{funded}", sim.call),
            ));
            let mut r = Draft::new(
                ReasonKind::Unknown,
                format!(
                    "{} {what}: the EVM stopped it before any gate could be judged",
                    sim.call
                ),
            );
            if let (Halt::OutOfGas, Some(g)) = (halt, gas) {
                r = r.remedy(format!(
                        "no gas limit this block allows lets it through: it does not finish within {g} gas"
                    ));
            }
            j.reasons.push(r);
            j.funds_short(a, sim.value, None);
            (Verdict::Denied, None)
        }
        SimOutcome::Bounded(b) => {
            j.evidence.push(Evidence::new(
                "bound",
                format!("{} was stopped before it ended: {}", sim.call, b.describe()),
            ));
            (Verdict::Inconclusive, None)
        }
        SimOutcome::Failed(msg) => {
            j.evidence.push(Evidence::new(
                "simulation",
                format!("{} could not be simulated: {msg}", sim.call),
            ));
            // Never `allowed` without the chain's word on the call itself: the
            // probes may still find a denial, but not a pass.
            let verdict = match j.judge_probes(t, a) {
                Verdict::Allowed => {
                    j.evidence.push(Evidence::new(
                        "verdict",
                        "inconclusive: the probes would allow it, but the call itself could not be simulated",
                    ));
                    Verdict::Inconclusive
                }
                v => v,
            };
            (verdict, None)
        }
    };
    let simulation = SimulationInfo {
        call: sim.call.clone(),
        from: a.address,
        success: matches!(sim.outcome, SimOutcome::Success),
        revert,
    };
    j.finish(t, a, verdict, Some(simulation))
}

#[derive(Default)]
struct Judgement {
    reasons: Vec<Draft>,
    evidence: Vec<Evidence>,
    /// What the revert said, decoded (none for a bare or undecodable one):
    /// quoted beside a reason the evidence decided.
    said: Option<String>,
}

impl Judgement {
    fn finish(
        mut self,
        t: &TargetObservation,
        a: &AddressObservation,
        verdict: Verdict,
        simulation: Option<SimulationInfo>,
    ) -> AllowlistReport {
        if verdict == Verdict::Denied && self.reasons.is_empty() {
            self.reasons.push(Draft::new(
                ReasonKind::Unknown,
                "denied, and nothing could explain it",
            ));
        }
        let reasons = self
            .reasons
            .into_iter()
            .map(|r| r.finish(|fields| remedy::remedy(t, a, fields)))
            .collect();
        AllowlistReport {
            contract: t.contract,
            address: a.address,
            chain_id: t.chain_id,
            block: t.block,
            verdict,
            reasons,
            evidence: self.evidence,
            proxy: t.proxy.clone(),
            engine: a.engine,
            simulation,
        }
    }

    fn notes(&mut self, notes: &[Note]) {
        self.evidence.extend(
            notes
                .iter()
                .map(|n| Evidence::new(&n.step, n.detail.clone())),
        );
    }

    fn has(&self, kind: ReasonKind) -> bool {
        self.reasons.iter().any(|r| r.kind() == kind)
    }
}

#[cfg(test)]
mod tests;
