//! The verdict: a pure function from what was gathered about the contract and
//! the address to an [`AllowlistReport`]. Funds are judged apart from gating.

use super::trace::short_word;
use crate::engine::Halt;
use alloy::primitives::{Address, B256, U256};

use super::observe::{
    AddressObservation, Change, Gate, Note, SimOutcome, TargetObservation, TraceStep,
};
use super::report::{
    AllowlistReport, Evidence, Reason, ReasonKind, RevertInfo, SimulationInfo, Verdict,
};
use crate::explain::{AccessDenial, Decoder, ExplainKind, Explanation, roles};
use crate::units::format_ether;

/// Judges one address.
pub fn judge(t: &TargetObservation, a: &AddressObservation, decoder: &Decoder) -> AllowlistReport {
    let mut j = Judgement::default();
    if t.code_size == 0 {
        j.reasons.push(
            Reason::new(
                ReasonKind::NoCode,
                format!(
                    "no contract at {} on chain {} (block {}): wrong network or wrong address",
                    t.contract, t.chain_id, t.block
                ),
            )
            .with("chain_id", t.chain_id),
        );
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
                "{:?} proxy; implementation {} analysed, calls go through the proxy",
                p.kind, p.implementation
            )
            .replace("Eip1967Beacon", "EIP-1967 beacon")
            .replace("Eip1967", "EIP-1967")
            .replace("Eip1167", "EIP-1167 clone")
            .replace("Eip1822", "EIP-1822 (UUPS)"),
        ));
    }
    let named: Vec<&str> = t
        .functions
        .iter()
        .filter_map(|f| f.signature.as_deref())
        .collect();
    if !t.functions.is_empty() {
        j.evidence.push(Evidence::new(
            "bytecode",
            format!(
                "{} functions; access-related: {}",
                t.functions.len(),
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
                let mut r = Reason::new(
                    ReasonKind::InsufficientFunds,
                    format!("{} cannot pay for the call: {msg}", a.address),
                );
                if let Some(b) = a.balance {
                    r = r.with("balance", b.to_string());
                }
                j.reasons.push(r);
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
            let mut r = Reason::new(
                ReasonKind::Unknown,
                format!(
                    "{} {what}: the EVM stopped it before any gate could be judged",
                    sim.call
                ),
            );
            if let (Halt::OutOfGas, Some(g)) = (halt, gas) {
                r = r.with(
                    "remedy",
                    format!(
                        "no gas limit this block allows lets it through: it does not finish within {g} gas"
                    ),
                );
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
    reasons: Vec<Reason>,
    evidence: Vec<Evidence>,
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
            self.reasons.push(Reason::new(
                ReasonKind::Unknown,
                "denied, and nothing could explain it",
            ));
        }
        for r in &mut self.reasons {
            if !r.extra.contains_key("remedy") {
                let what = remedy(t, a, r);
                r.extra.insert("remedy".into(), what.into());
            }
        }
        AllowlistReport {
            contract: t.contract,
            address: a.address,
            chain_id: t.chain_id,
            block: t.block,
            verdict,
            reasons: self.reasons,
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
        self.reasons.iter().any(|r| r.kind == kind)
    }

    fn probe_evidence(&mut self, t: &TargetObservation, a: &AddressObservation) {
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
    fn judge_probes(&mut self, t: &TargetObservation, a: &AddressObservation) -> Verdict {
        let mut allowed_by = Vec::new();
        for (sig, v) in &a.getters {
            let name = sig.split('(').next().unwrap_or(sig);
            if *v {
                allowed_by.push(format!("{name}({}) returned true", a.address));
            } else {
                self.reasons.push(Reason::new(
                    ReasonKind::NotAllowlisted,
                    format!("{name}({}) returned false", a.address),
                ));
            }
        }
        if t.paused == Some(true) {
            self.reasons.push(Reason::new(
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

    fn revert_reasons(&mut self, t: &TargetObservation, a: &AddressObservation, e: &Explanation) {
        match &e.access {
            Some(AccessDenial::MissingRole { account, role }) => {
                self.reasons
                    .push(missing_role(t, account.unwrap_or(a.address), *role));
                return;
            }
            Some(AccessDenial::NotOwner { .. }) => {
                self.push_not_owner(t, a);
                return;
            }
            Some(AccessDenial::Paused) => {
                self.reasons
                    .push(Reason::new(ReasonKind::Paused, "the contract is paused"));
                return;
            }
            Some(sale) => {
                self.reasons.push(named_sale_gate(t, a, sale, &e.message));
                return;
            }
            None => {}
        }
        if let Some(r) = proxy_refusal(t, a, e) {
            self.reasons.push(r);
            return;
        }
        // The contract's own error or string names the gate (the generated
        // tables): its kind, and the numbers its arguments carry.
        if let Some(r) = e.gate.as_ref().and_then(|g| named_gate(t, a, e, g)) {
            self.reasons.push(r);
            return;
        }
        let text = format!("{} {}", e.name.as_deref().unwrap_or(""), e.args.join(" "))
            .to_ascii_lowercase();
        let squashed: String = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let listy = [
            "allowlist",
            "whitelist",
            "notallowed",
            "notlisted",
            "notonthelist",
            "notapproved",
        ];
        if e.kind != ExplainKind::Unknown && listy.iter().any(|w| squashed.contains(w)) {
            let mut r = Reason::new(
                ReasonKind::NotAllowlisted,
                format!("{} is not on the allowlist: {}", a.address, e.message),
            );
            if let Some(c) = culprit(a) {
                r = r.with("slot", c.slot);
            }
            self.reasons.push(r);
            return;
        }
        if e.kind != ExplainKind::Unknown
            && (squashed.contains("proof") || squashed.contains("merkle"))
        {
            self.reasons.push(Reason::new(
                ReasonKind::MerkleProofInvalid,
                format!("the Merkle proof was rejected: {}", e.message),
            ));
            return;
        }
        if e.kind != ExplainKind::Unknown {
            self.reasons
                .push(Reason::new(ReasonKind::Reverted, e.message.clone()));
            return;
        }
        if let Some(c) = culprit(a) {
            self.reasons.push(
                Reason::new(
                    ReasonKind::NotAllowlisted,
                    format!("{}: {} is not set", c.describe(), a.address),
                )
                .with("slot", c.slot),
            );
            return;
        }
        self.reasons.push(Reason::new(
            ReasonKind::Unknown,
            format!("reverted and nothing could explain it: {}", e.message),
        ));
    }

    /// Where a counterfactual showed which storage decided (this address's, or
    /// in a list the first one's with the same revert), that names the gate,
    /// whatever the revert's words: the owner slot → `not_owner`; the paused
    /// flag → `paused`; the address's own entry → `missing_role` when nested
    /// under a role the contract uses, else `not_allowlisted`; what the call
    /// compared last → `not_open`, `wrong_payment`, `limit_reached`,
    /// `sold_out` ([`comparison_reason`]). The gating reasons it contradicts
    /// go; Merkle and funds reasons stay.
    fn evidence_decides(&mut self, t: &TargetObservation, a: &AddressObservation) {
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
            Gate::Paused => Reason::new(ReasonKind::Paused, "the contract is paused"),
            Gate::Entry => {
                // Only an entry that reads zero for this address keeps it out.
                let Some(c) = culprit(a) else { return };
                if c.is_solady_roles() {
                    // Solady's OwnableRoles: the roles word, tested against a mask.
                    let mask = match &a.trace {
                        TraceStep::Done(an) => super::gates::bit_mask(an, c.account, c.slot),
                        _ => None,
                    };
                    let reason = Reason::new(
                        ReasonKind::MissingRole,
                        format!(
                            "{} holds none of the roles asked{} (its Solady roles word reads 0)",
                            a.address,
                            mask.map(|m| format!(" ({})", solady_roles(m)))
                                .unwrap_or_default()
                        ),
                    )
                    .with("slot", c.slot);
                    let reason = match mask {
                        Some(m) => reason
                            .with("role", B256::from(m))
                            .with("role_name", solady_roles(m))
                            .with(
                                "remedy",
                                match t.owner {
                                    Some(o) => format!(
                                        "the owner {o} can grant it: grantRoles({}, {m})",
                                        a.address
                                    ),
                                    None => format!(
                                        "the contract's owner can grant it: grantRoles({}, {m})",
                                        a.address
                                    ),
                                },
                            ),
                        None => reason,
                    };
                    self.replace_gating(reason);
                    return;
                }
                // This address's entry under another account's address: that
                // account's approval of this one (an operator, an on-behalf
                // authorization).
                if let [outer] = c.outer_keys.as_slice()
                    && let Some(owner) = address_key(*outer).filter(|o| *o != a.address)
                {
                    let reason = Reason::new(
                        ReasonKind::NotApproved,
                        format!(
                            "{owner} has not approved {} to act for it ({}: not set)",
                            a.address,
                            c.describe()
                        ),
                    )
                    .with("owner", owner.to_checksum(None))
                    .with("spender", a.address.to_checksum(None))
                    .with("slot", c.slot)
                    .with(
                        "remedy",
                        format!(
                            "{owner} must approve {} (its entry: slot {} of {}), or the call must come from {owner}",
                            a.address, c.slot, c.account
                        ),
                    );
                    self.replace_gating(reason);
                    return;
                }
                // The role the revert named, where the entry is nested under it.
                let said_role = self
                    .reasons
                    .iter()
                    .find(|r| r.kind == ReasonKind::MissingRole)
                    .and_then(|r| r.extra.get("role"))
                    .and_then(|v| v.as_str())
                    .and_then(|v| v.parse::<B256>().ok())
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
                        super::gates::bit_mask(an, c.account, c.slot).filter(|m| !m.is_zero())
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
                let either = |r: Reason| match also {
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
                        Reason {
                            message: format!(
                                "{}, or {label}: either lets the call through",
                                r.message
                            ),
                            ..r
                        }
                    }
                    _ => r,
                };
                match (role, mask) {
                    (Some(role), _) if elsewhere => either(
                        missing_role(t, a.address, role)
                            .with("authority", c.account.to_checksum(None)),
                    ),
                    (Some(role), _)
                        if said_role.is_some()
                            || !t.roles.is_empty()
                            || roles::role_name(role).is_some() =>
                    {
                        either(missing_role(t, a.address, role))
                    }
                    (None, Some(m)) => Reason::new(
                        ReasonKind::MissingRole,
                        format!(
                            "{} holds none of the roles the call needs in {} (its roles word reads 0; roles that may call: bits {})",
                            a.address,
                            c.account,
                            bits(m)
                        ),
                    )
                    .with("role", B256::from(m))
                    .with("authority", c.account.to_checksum(None))
                    .with(
                        "remedy",
                        format!(
                            "an admin of the authority {} must give {} one of the roles with bits {}",
                            c.account,
                            a.address,
                            bits(m),
                        ),
                    ),
                    _ => Reason::new(
                        ReasonKind::NotAllowlisted,
                        format!("{}: {} is not set", c.describe(), a.address),
                    )
                    .with("slot", c.slot),
                }
            }
        };
        if let Some(same) = self.reasons.iter_mut().find(|r| r.kind == decided.kind) {
            // The revert named it already: the evidence's numbers (and the remedy
            // they give) are the storage's, and stand. A drop's error quoted
            // beside its own numbers gives way to the evidence's words; other
            // words (the revert's, the tree file's) stay.
            if let Some(i) = same.message.find(REVERT_SAID) {
                same.message = format!("{}{}", decided.message, &same.message[i..]);
            }
            same.extra.extend(decided.extra);
            return;
        }
        self.replace_gating(decided);
    }

    /// `decided` takes the place of the gating reasons the revert alone gave
    /// (quoted in its message); Merkle and funds reasons stay.
    fn replace_gating(&mut self, decided: Reason) {
        let revert_said: Vec<String> = self
            .reasons
            .iter()
            .filter(|r| r.kind.is_gating() && r.kind != ReasonKind::Unknown)
            .map(|r| r.message.clone())
            .collect();
        self.reasons.retain(|r| !r.kind.is_gating());
        let mut decided = decided;
        if let Some(said) = revert_said.first() {
            decided.message = format!("{}{REVERT_SAID}{said})", decided.message);
        }
        self.reasons.insert(0, decided);
    }

    /// A refused signature's two signers, where the trace compared them: the
    /// address ecrecover recovered (`signer`) against the one the call
    /// expects (`expected_signer`). A wrong key and a replayed nonce alike
    /// recover to another address.
    fn signers(&mut self, a: &AddressObservation) {
        let TraceStep::Done(an) = &a.trace else {
            return;
        };
        let Some(r) = self
            .reasons
            .iter_mut()
            .find(|r| r.kind == ReasonKind::SignatureInvalid)
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
        if let Some(said) = r.message.strip_prefix(NAMED_BY_REVERT) {
            r.message = format!("the signature recovers to {signer}, not to {expected}{said}");
        }
        r.extra
            .insert("signer".into(), signer.to_checksum(None).into());
        r.extra
            .insert("expected_signer".into(), expected.to_checksum(None).into());
        self.evidence.push(Evidence::new(
            "trace",
            format!(
                "the signature recovers to {signer} (ECRECOVER), and the call expects {expected}: a wrong key, or a message signed for another nonce or deadline"
            ),
        ));
    }

    fn push_not_owner(&mut self, t: &TargetObservation, a: &AddressObservation) {
        self.reasons.push(not_owner(t, a));
    }

    fn merkle_reasons(&mut self, t: &TargetObservation, a: &AddressObservation) {
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
            self.reasons.retain(|r| r.kind != ReasonKind::Unknown);
        }
        let existing = self
            .reasons
            .iter()
            .position(|r| r.kind == ReasonKind::MerkleProofInvalid);
        match (why, existing) {
            (Some(msg), existing) => {
                let r = Reason::new(ReasonKind::MerkleProofInvalid, msg)
                    .with("root_onchain", onchain)
                    .with("root_file", m.root_file);
                match existing {
                    Some(i) => self.reasons[i] = r,
                    None => self.reasons.push(r),
                }
            }
            (None, Some(i)) => {
                let r = self.reasons.remove(i);
                self.reasons.insert(
                    i,
                    r.with("root_onchain", onchain)
                        .with("root_file", m.root_file),
                );
            }
            (None, None) => {}
        }
    }

    fn trace_and_counterfactuals(&mut self, a: &AddressObservation) {
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
                        r.kind != ReasonKind::InsufficientFunds || r.extra.contains_key("currency")
                    })
                    .map(|r| r.kind.as_str())
                    .collect();
                if !kinds.is_empty() {
                    detail.push_str(&format!(" (confirms {})", kinds.join(", ")));
                }
            }
            self.evidence.push(Evidence::new("counterfactual", detail));
        }
    }

    /// Adds `insufficient_funds` when the real balance cannot pay value plus gas.
    fn funds_short(&mut self, a: &AddressObservation, value: U256, gas: Option<u64>) -> bool {
        let Some(balance) = a.balance else {
            return false;
        };
        // What the address must pay, and in words what that is: a contract as
        // the address sends no transaction, so it pays no gas, only the value;
        // otherwise value plus gas, unknown gas never 0 (every transaction pays
        // at least 21,000).
        let (needed, why, what) = if a.sends == Some(false) {
            (
                value,
                format!("value {} (a contract: it pays no gas)", format_ether(value)),
                "the call sends",
            )
        } else {
            let (units, known) = match gas {
                Some(g) => (g, true),
                None => (MIN_TX_GAS, false),
            };
            let gas_cost = a
                .gas_price
                .unwrap_or_default()
                .saturating_mul(U256::from(units));
            let gas_words = if known {
                format!("gas {}", format_ether(gas_cost))
            } else {
                format!(
                    "gas unknown, at least {} for {MIN_TX_GAS} gas",
                    format_ether(gas_cost)
                )
            };
            let needed = value.saturating_add(gas_cost);
            (
                needed,
                format!(
                    "{} needed (value {} + {gas_words})",
                    format_ether(needed),
                    format_ether(value)
                ),
                "needs",
            )
        };
        if balance >= needed || self.has(ReasonKind::InsufficientFunds) {
            return false;
        }
        self.evidence.push(Evidence::new(
            "funds",
            format!("balance {} < {why}", format_ether(balance)),
        ));
        let plus_gas = if a.sends == Some(false) {
            ""
        } else {
            " (value plus gas)"
        };
        self.reasons.push(
            Reason::new(
                ReasonKind::InsufficientFunds,
                format!(
                    "{} has {} but {what} {}{plus_gas}",
                    a.address,
                    format_ether(balance),
                    format_ether(needed)
                ),
            )
            .with("balance", balance.to_string())
            .with("needed", needed.to_string()),
        );
        true
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

fn culprit(a: &AddressObservation) -> Option<&super::trace::KeyedRead> {
    match &a.trace {
        TraceStep::Done(an) => an.culprit(),
        TraceStep::Derived { read, .. } if read.value.is_zero() => Some(read),
        _ => None,
    }
}

/// `not_authorized` where only one particular account may make the call, by
/// the contract's own words: an OpenZeppelin transparent proxy refusing its
/// admin (v5 `ProxyDeniedAdminAccess()`, v4's string), or a Safe function
/// callable only by the Safe itself (`GS031`).
fn proxy_refusal(t: &TargetObservation, a: &AddressObservation, e: &Explanation) -> Option<Reason> {
    let said = e.args.first().map(|s| s.trim_matches('"'));
    if e.name.as_deref() == Some("ProxyDeniedAdminAccess")
        || said == Some("TransparentUpgradeableProxy: admin cannot fallback to proxy target")
    {
        return Some(
            Reason::new(
                ReasonKind::NotAuthorized,
                format!(
                    "{} is this transparent proxy's admin, and the proxy refuses its admin's calls to the implementation",
                    a.address
                ),
            )
            .with(
                "remedy",
                "send the call from any account other than the proxy's admin (the admin may only upgrade the proxy)",
            ),
        );
    }
    if said == Some("GS031") {
        return Some(
            Reason::new(
                ReasonKind::NotAuthorized,
                format!(
                    "only the Safe {} itself may call this (GS031), not {}",
                    t.contract, a.address
                ),
            )
            .with("authorized", t.contract.to_checksum(None))
            .with(
                "remedy",
                format!(
                    "make the call as a Safe transaction: execTransaction on {} with this call as its data, signed by enough of its owners",
                    t.contract
                ),
            ),
        );
    }
    None
}

/// One sentence on what would let the address through (CLI.md `remedy`), for
/// a reason that does not carry its own, from its kind and fields.
fn remedy(t: &TargetObservation, a: &AddressObservation, r: &Reason) -> String {
    let field = |k: &str| r.extra.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let admin = match t.owner {
        Some(o) => format!("the owner {o}"),
        None => "an admin of the contract".to_owned(),
    };
    match r.kind {
        ReasonKind::NoCode => format!(
            "check the network and the address: nothing is deployed at {} on chain {}",
            t.contract, t.chain_id
        ),
        ReasonKind::NotAllowlisted => format!(
            "{admin} must add {} to the allowlist{}",
            a.address,
            field("slot")
                .map(|s| format!(" (its entry: slot {s})"))
                .unwrap_or_default()
        ),
        ReasonKind::MissingRole => {
            let role = field("role").unwrap_or_else(|| "the role".into());
            let name = field("role_name").unwrap_or_else(|| match role.parse::<B256>() {
                Ok(r) => role_label(r, None),
                Err(_) => role.clone(),
            });
            let grant = format!("grantRole({role}, {})", a.address);
            // Kept in another contract (an ACL manager, an authority), or by
            // a contract without AccessControl's grantRole: who grants it and
            // how is that contract's own business.
            if let Some(authority) = field("authority") {
                return format!(
                    "{authority} keeps {name}: whoever administers roles there must grant it to {}",
                    a.address
                );
            }
            let access_control = t.functions.iter().any(|f| {
                f.signature.as_deref() == Some("grantRole(bytes32,address)")
            });
            if !access_control && !t.functions.is_empty() {
                return format!(
                    "whoever administers {name} in {} must grant it to {}",
                    t.contract, a.address
                );
            }
            // Who can grant it, where the role logs tell: the holders of its admin role.
            let admin = role.parse::<B256>().ok().map(|r| t.role_logs.admin_of(r));
            let holders = admin.map(|r| t.role_logs.holders_of(r)).unwrap_or_default();
            match (admin, holders) {
                (Some(admin), [first, rest @ ..]) => {
                    let admin_name = roles::role_name(admin)
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("role {admin}"));
                    let others = match rest.len() {
                        0 => String::new(),
                        1 => " (or the one other holder of it)".to_owned(),
                        n => format!(" (or one of the {n} other holders of it)"),
                    };
                    format!("{first}, holding {admin_name}{others}, can grant {name}: {grant}")
                }
                _ => format!("an account holding {name}'s admin role can grant it: {grant}"),
            }
        }
        ReasonKind::NotOwner => {
            // Ownership changes hands only where the contract has a function for it.
            let transferable = t.functions.iter().any(|f| {
                f.signature
                    .as_deref()
                    .is_some_and(|s| s.starts_with("transferOwnership("))
            });
            match (t.owner, transferable) {
                (Some(o), true) => format!(
                    "send it from the owner {o}, or have the owner transfer ownership to {}",
                    a.address
                ),
                (Some(o), false) => format!("send it from the owner {o}"),
                (None, _) => "send it from the contract's owner".to_owned(),
            }
        }
        ReasonKind::Paused => format!(
            "wait until the contract is unpaused ({admin} or a pauser can call unpause())"
        ),
        ReasonKind::MerkleProofInvalid => match a.merkle.as_ref() {
            Some(m) if !m.in_tree => format!(
                "{} must be added to the tree and the contract's root updated to the new tree's",
                a.address
            ),
            Some(_) if t.merkle_root.as_ref().is_some_and(|(_, r)| Some(r) != a.merkle.as_ref().map(|m| &m.root_file)) => {
                "use the tree whose root the contract holds (or have the contract's root set to this tree's)".to_owned()
            }
            _ => "pass this address's own proof from the tree whose root the contract holds".to_owned(),
        },
        ReasonKind::InsufficientFunds => {
            let need = |k: &str| field(k).and_then(|v| v.parse::<U256>().ok());
            match (need("needed"), need("balance")) {
                (Some(n), Some(b)) => format!(
                    "fund {} with at least {} more",
                    a.address,
                    format_ether(n.saturating_sub(b))
                ),
                _ => format!("fund {} to pay the value plus gas", a.address),
            }
        }
        ReasonKind::NotAuthorized => match field("authorized") {
            Some(who) => format!("send it from {who}, the one account the contract accepts here"),
            None => "send it from the one account the contract accepts here".to_owned(),
        },
        ReasonKind::NotOpen => match r.extra.get("opens_at").and_then(|v| v.as_u64()) {
            Some(at) => format!("it opens at {}: the call passes then", super::gates::rfc3339(at)),
            None => "try again while it is open: the contract's own reason above says when it is not".to_owned(),
        },
        ReasonKind::NotHolder => {
            "hold what the call requires (the contract's own reason above says what and how much)"
                .to_owned()
        }
        ReasonKind::NotApproved => {
            "the owner of what the call moves must approve the spender for it first".to_owned()
        }
        ReasonKind::SignatureInvalid => {
            "sign the call again with the signer the contract expects and an unused nonce".to_owned()
        }
        ReasonKind::Expired => {
            "the deadline has passed: a new signature or grant with a later one is needed".to_owned()
        }
        ReasonKind::Blocklisted => {
            "the listed address must be taken off the list by whoever administers it".to_owned()
        }
        ReasonKind::LimitReached => "ask for no more than the limit allows".to_owned(),
        ReasonKind::WrongPayment => "send the value the contract asks".to_owned(),
        ReasonKind::SoldOut => "none left to mint".to_owned(),
        ReasonKind::Reverted if a.counterfactuals.is_empty() => {
            "the contract's own reason above says what it wants; rpccheck found no state to change that would test it".to_owned()
        }
        ReasonKind::Reverted => {
            "the contract's own reason above says what it wants; none of the state changes rpccheck tried lets this call through".to_owned()
        }
        ReasonKind::OutOfGas => "send it again with a higher gas limit".to_owned(),
        ReasonKind::Unknown => match &a.trace {
            TraceStep::Done(_) | TraceStep::Derived { .. } => {
                "not known: no reason was given, and neither the trace nor the state changes rpccheck tried showed what decided".to_owned()
            }
            _ => {
                "no reason was given and no trace explained it: try an endpoint that serves debug_traceCall, or --engine local".to_owned()
            }
        },
    }
}

/// The reason a confirmed comparison gate names, with its fields and remedy.
fn comparison_reason(
    t: &TargetObservation,
    a: &AddressObservation,
    gate: &Gate,
    token: Option<&super::observe::TokenMeta>,
) -> Option<Reason> {
    // A token as it names itself (`CTOKL (0x…)`), and its amounts (`10 CTOKL`).
    let label = |address: &Address| match token
        .filter(|m| m.address == *address)
        .and_then(|m| m.symbol.clone())
    {
        Some(sym) => format!("{sym} ({address})"),
        None => format!("the token {address}"),
    };
    let meta = |address: &Address| {
        token
            .filter(|m| m.address == *address)
            .cloned()
            .unwrap_or(super::observe::TokenMeta {
                address: *address,
                symbol: None,
                decimals: None,
            })
    };
    let now: u64 = t.header.timestamp.to();
    Some(match gate {
        Gate::NotOpen {
            opens_at: Some(at), ..
        } => Reason::new(
            ReasonKind::NotOpen,
            format!(
                "not open yet at block {}: the call passes from {}",
                t.block,
                super::gates::rfc3339(*at)
            ),
        )
        .with("opens_at", at)
        .with(
            "remedy",
            format!(
                "it opens at {}, {}: the call passes then",
                super::gates::rfc3339(*at),
                in_time(at.saturating_sub(now))
            ),
        ),
        Gate::NotOpen {
            closes_at: Some(at),
            ..
        } => Reason::new(
            ReasonKind::NotOpen,
            format!("closed at {}: the call passed only before then", super::gates::rfc3339(*at)),
        )
        .with("closes_at", at)
        .with(
            "remedy",
            "none by waiting: the window this call needed has closed",
        ),
        Gate::BlockWindow {
            opens_at_block: Some(at),
            ..
        } => Reason::new(
            ReasonKind::NotOpen,
            format!("not open yet at block {}: the call passes from block {at}", t.block),
        )
        .with("opens_at_block", at)
        .with(
            "remedy",
            format!(
                "it opens at block {at}, {} blocks from now: the call passes then",
                at.saturating_sub(t.block)
            ),
        ),
        Gate::BlockWindow {
            closes_at_block: Some(at),
            ..
        } => Reason::new(
            ReasonKind::NotOpen,
            format!("closed at block {at}: the call passed only before it"),
        )
        .with("closes_at_block", at)
        .with(
            "remedy",
            "none by waiting: the window this call needed has closed",
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
            Reason::new(
                ReasonKind::NotApproved,
                format!(
                    "the amount is in {}: {owner} lets {spender} spend {}, and the call moves {}",
                    label(token),
                    meta(token).amount(*have),
                    meta(token).amount(*need)
                ),
            )
            .with("owner", owner.to_checksum(None))
            .with("spender", spender.to_checksum(None))
            .with("allowance", have.to_string())
            .with("needed", need.to_string())
            .with(
                "remedy",
                format!(
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
        } => Reason::new(
            ReasonKind::NotHolder,
            format!(
                "the amount is in {}: {} holds {}, and the call moves {}",
                label(token),
                a.address,
                meta(token).amount(*have),
                meta(token).amount(*need)
            ),
        )
        .with("token", token.to_checksum(None))
        .with("held", have.to_string())
        .with("required", need.to_string())
        .with(
            "remedy",
            format!(
                "hold at least {} ({} more) of {token}",
                meta(token).amount(*need),
                meta(token).amount(need.saturating_sub(*have))
            ),
        ),
        Gate::Expired { expired_at } => Reason::new(
            ReasonKind::Expired,
            format!(
                "a deadline has passed (one the call carries, or a grant's expiry): the call passed until {}",
                super::gates::rfc3339(*expired_at)
            ),
        )
        .with("expired_at", expired_at)
        .with(
            "remedy",
            "a later deadline lets it through: send it with one (signed anew where a signature covers it), or have the grant renewed by whoever gave it",
        ),
        Gate::WrongPayment { expected, sent } => Reason::new(
            ReasonKind::WrongPayment,
            format!(
                "the contract asks {} and {} was sent",
                format_ether(*expected),
                format_ether(*sent)
            ),
        )
        .with("expected", expected.to_string())
        .with("sent", sent.to_string())
        .with(
            "remedy",
            format!("send exactly {} ({expected} wei)", format_ether(*expected)),
        ),
        Gate::LimitReached {
            limit,
            used,
            requested,
        } => {
            let left = used.map(|u| limit.saturating_sub(u));
            let mut r = Reason::new(
                ReasonKind::LimitReached,
                match used {
                    Some(u) => {
                        format!("limit {limit} per wallet, {u} already used, {requested} requested")
                    }
                    None => format!("the limit is {limit}, and {requested} was asked"),
                },
            )
            .with("limit", count(*limit))
            .with("requested", count(*requested));
            if let Some(u) = used {
                r = r.with("used", count(*u));
            }
            r.with(
                "remedy",
                match left {
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
        } => Reason::new(
            ReasonKind::MerkleProofInvalid,
            format!(
                "the proof leads to root {computed}, not to the contract's root {root_onchain}"
            ),
        )
        .with("root_onchain", root_onchain)
        .with(
            "remedy",
            "pass this address's own proof from the tree whose root the contract holds; if the address is not in that tree, its owner must add it and set the new root",
        ),
        Gate::SoldOut {
            max_supply,
            supply,
            requested,
        } => {
            let left = max_supply.saturating_sub(*supply);
            Reason::new(
                ReasonKind::SoldOut,
                format!("{supply} of {max_supply} minted, {requested} requested"),
            )
            .with("max_supply", count(*max_supply))
            .with("supply", count(*supply))
            .with(
                "remedy",
                if left.is_zero() {
                    "sold out: none left to mint".to_owned()
                } else {
                    format!("ask for at most {left}")
                },
            )
        }
        _ => return None,
    })
}

/// Solady's role bits by their constants' names: `_ROLE_0`, `_ROLE_0 | _ROLE_3`.
fn solady_roles(mask: U256) -> String {
    let bits: Vec<String> = (0..256)
        .filter(|b| mask.bit(*b))
        .map(|b| format!("_ROLE_{b}"))
        .collect();
    bits.join(" | ")
}

/// The head of a reason the contract's own words named (the revert is quoted
/// after it; storage evidence, where it confirms the gate, takes its place).
const NAMED_BY_REVERT: &str = "the contract's own revert names this gate";

/// How a reason quotes the revert beside what the evidence says.
const REVERT_SAID: &str = " (the revert said: ";

/// The sale gate a drop's own error names, with the numbers it carries (the
/// trace's evidence, where a counterfactual confirms it, adds the rest).
fn named_sale_gate(
    t: &TargetObservation,
    a: &AddressObservation,
    denial: &AccessDenial,
    said: &str,
) -> Reason {
    let mut r = sale_gate_reason(t, a, denial, said);
    if r.kind != ReasonKind::MerkleProofInvalid && r.kind != ReasonKind::Reverted {
        r.message = format!("{}{REVERT_SAID}{said})", r.message);
    }
    r
}

fn sale_gate_reason(
    t: &TargetObservation,
    a: &AddressObservation,
    denial: &AccessDenial,
    said: &str,
) -> Reason {
    let now: u64 = t.header.timestamp.to();
    match denial {
        AccessDenial::NotOpen { opens_at: Some(at) } if *at > now => comparison_reason(
            t,
            a,
            &Gate::NotOpen {
                opens_at: Some(*at),
                closes_at: None,
            },
            None,
        )
        .unwrap_or_else(|| Reason::new(ReasonKind::NotOpen, said)),
        AccessDenial::NotOpen { .. } => Reason::new(
            ReasonKind::NotOpen,
            format!("no sale or claim phase is open at block {}", t.block),
        )
        .with(
            "remedy",
            "try again once a phase is open: the contract's owner sets its phases",
        ),
        AccessDenial::LimitReached { limit, total } => {
            let mut r = Reason::new(
                ReasonKind::LimitReached,
                match (limit, total) {
                    (Some(l), Some(n)) => {
                        format!("the limit is {l} per wallet; this claim would make it {n}")
                    }
                    (Some(l), None) => format!("the limit is {l} per wallet"),
                    _ => "this wallet has reached its limit".to_owned(),
                },
            );
            if let Some(l) = limit {
                r = r.with("limit", count(*l)).with(
                    "remedy",
                    format!("ask for no more than the limit of {l} per wallet allows"),
                );
            }
            r
        }
        AccessDenial::SoldOut { max_supply, total } => {
            let mut r = Reason::new(
                ReasonKind::SoldOut,
                match (max_supply, total) {
                    (Some(m), Some(n)) => format!("at most {m} can be minted; this would make {n}"),
                    _ => "the supply is exhausted".to_owned(),
                },
            );
            if let Some(m) = max_supply {
                r = r.with("max_supply", count(*m));
            }
            r
        }
        AccessDenial::WrongPayment {
            expected,
            sent,
            per_token,
            currency,
        } => {
            let per = if *per_token { " per token" } else { "" };
            let other_currency = currency.filter(|(stated, asked)| stated != asked);
            let mut r = Reason::new(
                ReasonKind::WrongPayment,
                match (expected, sent, other_currency) {
                    (_, _, Some((stated, asked))) => {
                        format!("the phase is paid in {asked}, not in {stated}")
                    }
                    (Some(e), Some(s), None) => format!(
                        "the price is {}{per}; the call states {}{per}",
                        format_ether(*e),
                        format_ether(*s)
                    ),
                    (Some(e), None, None) => {
                        format!("the contract asks {}{per}", format_ether(*e))
                    }
                    _ => "the price paid is not the one asked".to_owned(),
                },
            );
            if let Some(e) = expected {
                r = r.with("expected", e.to_string());
            }
            if let Some(s) = sent {
                r = r.with("sent", s.to_string());
            }
            let remedy = match (expected, other_currency) {
                (_, Some((_, asked))) => Some(format!("pay in {asked}, at the phase's price")),
                (Some(e), None) if *per_token => Some(format!(
                    "state the phase's price, {} ({e} wei) per token, and pay it for each token",
                    format_ether(*e)
                )),
                (Some(e), None) => Some(format!("send exactly {} ({e} wei)", format_ether(*e))),
                _ => None,
            };
            match remedy {
                Some(m) => r.with("remedy", m),
                None => r,
            }
        }
        AccessDenial::TokenShortfall {
            allowance,
            have,
            need,
        } => {
            let amounts = match (have, need) {
                (Some(h), Some(n)) => format!(": {h} where {n} is needed"),
                _ => String::new(),
            };
            let (kind, what, have_key, need_key, remedy) = if *allowance {
                (
                    ReasonKind::NotApproved,
                    "the allowance is short of what the call moves",
                    "allowance",
                    "needed",
                    "the owner of the tokens must approve the spender for the amount (approve(spender, amount) on the token)",
                )
            } else {
                (
                    ReasonKind::NotHolder,
                    "the balance is short of what the call moves",
                    "held",
                    "required",
                    "hold the amount of the token the call moves",
                )
            };
            let mut r = Reason::new(kind, format!("{what}{amounts}"));
            if let Some(h) = have {
                r = r.with(have_key, h.to_string());
            }
            if let Some(n) = need {
                r = r.with(need_key, n.to_string());
            }
            r.with("remedy", remedy)
        }
        AccessDenial::MerkleRejected => Reason::new(
            ReasonKind::MerkleProofInvalid,
            format!("the Merkle proof was rejected: {said}"),
        ),
        AccessDenial::MissingRole { .. } | AccessDenial::NotOwner { .. } | AccessDenial::Paused => {
            Reason::new(ReasonKind::Reverted, said)
        }
    }
}

/// A count (a limit, a quantity, a supply) as a JSON number; one too large
/// for 64 bits as a decimal string (amounts of wei are always strings).
fn count(n: U256) -> serde_json::Value {
    match u64::try_from(n) {
        Ok(v) => v.into(),
        Err(_) => n.to_string().into(),
    }
}

/// "in 30 days", "in 5 hours", "in 12 minutes", "in 40 seconds", to the
/// nearest unit (a sale set for 30 days ahead, a few blocks ago, is still
/// "in 30 days").
fn in_time(secs: u64) -> String {
    let nearest = |unit: u64| (secs + unit / 2) / unit;
    let (n, unit) = match secs {
        s if s >= 2 * 86_400 => (nearest(86_400), "days"),
        s if s >= 2 * 3_600 => (nearest(3_600), "hours"),
        s if s >= 2 * 60 => (nearest(60), "minutes"),
        s => (s, "seconds"),
    };
    format!("in {n} {unit}")
}

/// `missing_role`: `who` lacks `role`, named from the table or the contract's logs.
fn missing_role(t: &TargetObservation, who: Address, role: B256) -> Reason {
    let name = roles::role_name(role).map(str::to_owned).or_else(|| {
        t.roles
            .iter()
            .find(|r| r.0 == role)
            .and_then(|r| r.1.clone())
    });
    let r = Reason::new(
        ReasonKind::MissingRole,
        format!("{who} lacks {}", role_label(role, name.as_deref())),
    )
    .with("role", role);
    match name {
        Some(n) => r.with("role_name", n),
        None => r,
    }
}

/// `not_owner`, naming the owner where it was read.
fn not_owner(t: &TargetObservation, a: &AddressObservation) -> Reason {
    let mut r = Reason::new(
        ReasonKind::NotOwner,
        match t.owner {
            Some(o) => format!("{} is not the owner ({o} is)", a.address),
            None => format!("{} is not the owner", a.address),
        },
    );
    if let Some(o) = t.owner {
        r = r.with("owner", o.to_checksum(None));
    }
    r
}

/// The reason a contract's own error or revert string names (the generated
/// tables' hint), with the fields its arguments give: times and counts as
/// numbers, accounts checksummed, amounts as decimal strings of wei.
fn named_gate(
    t: &TargetObservation,
    a: &AddressObservation,
    e: &Explanation,
    g: &crate::explain::NamedGate,
) -> Option<Reason> {
    let kind: ReasonKind = g.kind.parse().ok()?;
    let field = |name: &str| {
        g.fields
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, v)| v.as_str())
    };
    let mut r = match kind {
        ReasonKind::MissingRole => {
            let role = field("role").and_then(|v| {
                v.parse::<B256>()
                    .ok()
                    .or_else(|| v.parse::<U256>().ok().map(B256::from))
            });
            match role {
                Some(role) => missing_role(t, a.address, role),
                None => Reason::new(kind, NAMED_BY_REVERT),
            }
        }
        ReasonKind::NotOwner => not_owner(t, a),
        _ => Reason::new(kind, NAMED_BY_REVERT),
    };
    if r.message != e.message {
        r.message = format!("{}{REVERT_SAID}{})", r.message, e.message);
    }
    for (name, value) in &g.fields {
        if r.extra.contains_key(name) || name == "role" {
            continue;
        }
        let v = value.trim_matches('"');
        let json = match name.as_str() {
            "expired_at" | "opens_at" | "closes_at" | "opens_at_block" | "closes_at_block"
            | "limit" | "used" | "requested" | "max_supply" | "supply" | "nonce" => {
                match v.parse::<U256>() {
                    Ok(n) => count(n),
                    Err(_) => continue,
                }
            }
            _ => match v.parse::<Address>() {
                Ok(addr) => addr.to_checksum(None).into(),
                Err(_) => v.to_owned().into(),
            },
        };
        r.extra.insert(name.clone(), json);
    }
    Some(r)
}

/// Only the account stored in `slot` of `account` may call, as the confirmed
/// counterfactual showed: `not_owner` where that account is the one `owner()`
/// returns, else `not_authorized` naming it.
fn authorized(
    t: &TargetObservation,
    a: &AddressObservation,
    account: Address,
    slot: B256,
    stored: Address,
) -> Reason {
    let place = if account == t.contract {
        format!("slot {}", short_word(slot))
    } else {
        format!("slot {} of {account}", short_word(slot))
    };
    if t.owner == Some(stored) {
        let r = not_owner(t, a);
        let message = format!("{} (the owner is stored in {place})", r.message);
        return Reason { message, ..r };
    }
    Reason::new(
        ReasonKind::NotAuthorized,
        format!(
            "only {stored} may make this call: the caller is compared with the address in {place}, and {} is not it",
            a.address
        ),
    )
    .with("authorized", stored.to_checksum(None))
    .with(
        "remedy",
        format!("send it from {stored}, the account the contract stores in {place}"),
    )
}

/// `subject`'s entry in `list` is set, and the call passes once it is not.
fn blocklisted(a: &AddressObservation, list: Address, subject: Address, slot: B256) -> Reason {
    let who = if subject == a.address {
        "the caller"
    } else {
        "an address the call passes"
    };
    Reason::new(
        ReasonKind::Blocklisted,
        format!(
            "{subject} ({who}) is on a deny list kept by {list}: its entry (slot {slot}) is set, and the call passes where it is not"
        ),
    )
    .with("list", list.to_checksum(None))
    .with("subject", subject.to_checksum(None))
    .with(
        "remedy",
        if subject == a.address {
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

/// A mapping key that is an address (nothing above its 20 bytes, and more
/// than a small number).
fn address_key(k: B256) -> Option<Address> {
    (k[..12].iter().all(|b| *b == 0) && U256::from_be_bytes(k.0) >= U256::from(1u64 << 40))
        .then(|| Address::from_word(k))
}

/// Set bits of a roles mask: `0, 3`.
fn bits(mask: U256) -> String {
    let set: Vec<String> = (0..256)
        .filter(|b| mask.bit(*b))
        .map(|b| b.to_string())
        .collect();
    set.join(", ")
}

fn role_label(role: B256, name: Option<&str>) -> String {
    let id = U256::from_be_bytes(role.0);
    match name {
        Some(n) => n.to_owned(),
        // A role id that is a number (an access manager's uint64 roles).
        None if id.bit_len() <= 64 => format!("role {id}"),
        None => format!("role {role}"),
    }
}

/// Comparisons shown from the end of a trace.
const SHOWN_COMPARISONS: usize = 3;

/// The intrinsic gas of any transaction: the least a call can cost.
const MIN_TX_GAS: u64 = 21_000;

#[cfg(test)]
#[path = "judge_tests.rs"]
mod tests;
