//! `--engine auto` (and `local`): the node where it serves, the local EVM where
//! it refuses — and the node as referee. Before the local EVM's answer is used
//! for a contract, the plain call (no overrides) is run by both; where they
//! disagree (a chain with its own precompiles, an execution environment that is
//! not the EVM), the node's answer stands, the evidence says so, and no local
//! simulation, trace or counterfactual is used for that contract.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use alloy::primitives::Address;
use alloy::rpc::types::state::StateOverride;

use super::{Call, Engine, ExecRecord, Executor, LocalExecutor, NodeExecutor, SimOutcome};
use crate::error::Result;
use crate::rpc::capabilities::Capabilities;

/// The node and the local EVM behind one [`Executor`].
#[derive(Debug)]
pub struct AutoExecutor<'a> {
    node: NodeExecutor<'a>,
    local: LocalExecutor<'a>,
    /// `--engine local`: the local EVM first, the node only as referee.
    prefer_local: bool,
    used_local: AtomicBool,
    /// The referee's word per contract: may the local EVM answer for it?
    trusted: Mutex<HashMap<Address, bool>>,
    notes: Mutex<Vec<String>>,
    /// What the endpoint was probed to serve, when known: the path is chosen
    /// from it instead of being discovered by failing.
    caps: Option<Capabilities>,
}

impl<'a> AutoExecutor<'a> {
    /// Both engines; `prefer_local` for `--engine local`.
    pub fn new(node: NodeExecutor<'a>, local: LocalExecutor<'a>, prefer_local: bool) -> Self {
        Self {
            node,
            local,
            prefer_local,
            used_local: AtomicBool::new(false),
            trusted: Mutex::new(HashMap::new()),
            notes: Mutex::new(Vec::new()),
            caps: None,
        }
    }

    /// Chooses paths from the endpoint's probed capabilities.
    pub fn with_capabilities(mut self, caps: Option<Capabilities>) -> Self {
        self.caps = caps;
        self
    }

    fn node_overrides(&self) -> bool {
        self.caps.is_none_or(|c| c.state_overrides)
    }

    fn node_traces(&self) -> bool {
        self.caps.is_none_or(|c| c.debug_trace_call)
    }

    fn note(&self, line: String) {
        let mut notes = self
            .notes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !notes.contains(&line) {
            notes.push(line);
        }
    }

    /// Whether the local EVM may answer for `call.to`: the plain call (no
    /// overrides) must end the same on both (the referee runs once per contract).
    async fn trusts(&self, call: &Call) -> Result<bool> {
        if let Some(t) = self.trusted_now(call.to) {
            return Ok(t);
        }
        let plain_call = Call {
            time: None,
            number: None,
            gas: None,
            ..call.clone()
        };
        let plain = [(plain_call, StateOverride::default())];
        let node = self.node.simulate(&plain).await?;
        let local = self.local.simulate(&plain).await?;
        let (node, local) = (&node[0], &local[0]);
        let agree = match (node, local) {
            (SimOutcome::Success, SimOutcome::Success) => true,
            (SimOutcome::Reverted(a), SimOutcome::Reverted(b)) => a == b,
            (SimOutcome::Unfunded(_), SimOutcome::Unfunded(_)) => true,
            (SimOutcome::Halted { halt: a, .. }, SimOutcome::Halted { halt: b, .. }) => a == b,
            _ => false,
        };
        if let SimOutcome::Failed(why) = node {
            // Nothing referees the local EVM: it is not used for this contract.
            self.note(format!(
                "the node would not run even the plain call to {} ({why}), so nothing could referee the local EVM: it is not used for this contract",
                call.to
            ));
        } else if !agree {
            self.note(format!(
                "the local EVM disagreed with the node on the plain call to {} (node: {}, local EVM: {}): the node's answer stands, and no local simulation, trace or counterfactual is used for this contract",
                call.to,
                describe(node),
                describe(local)
            ));
        }
        self.trusted
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(call.to, agree);
        Ok(agree)
    }

    fn trusted_now(&self, to: Address) -> Option<bool> {
        self.trusted
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&to)
            .copied()
    }

    fn mark_local(&self, why: String) {
        self.used_local.store(true, Ordering::Relaxed);
        self.note(why);
    }
}

fn describe(o: &SimOutcome) -> String {
    match o {
        SimOutcome::Success => "success".into(),
        SimOutcome::Reverted(d) if d.is_empty() => "reverted without data".into(),
        SimOutcome::Reverted(d) => format!("reverted with {d}"),
        SimOutcome::Unfunded(m) | SimOutcome::Failed(m) => m.clone(),
        SimOutcome::Halted { halt, gas } => SimOutcome::describe_halt(halt, *gas),
        SimOutcome::Bounded(b) => b.describe(),
    }
}

/// A call as it is: no state or block override.
fn plain(c: &Call, o: &StateOverride) -> bool {
    o.is_empty() && c.time.is_none() && c.number.is_none() && c.gas.is_none()
}

impl Executor for AutoExecutor<'_> {
    fn engine(&self) -> Engine {
        if self.used_local.load(Ordering::Relaxed) {
            Engine::Local
        } else {
            Engine::Node
        }
    }

    fn notes(&self) -> Vec<String> {
        self.notes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    async fn simulate(&self, calls: &[(Call, StateOverride)]) -> Result<Vec<SimOutcome>> {
        if self.prefer_local {
            let mut out = Vec::with_capacity(calls.len());
            for (c, o) in calls {
                if self.trusts(c).await? {
                    self.mark_local("--engine local: simulated by the local EVM".into());
                    out.extend(self.local.simulate(&[(c.clone(), o.clone())]).await?);
                } else {
                    out.extend(self.node.simulate(&[(c.clone(), o.clone())]).await?);
                }
            }
            return Ok(out);
        }
        // Calls with overrides (of state, or of the block's time) go straight to
        // the local EVM where the endpoint was probed not to serve overrides;
        // the rest to the node.
        let to_node: Vec<bool> = calls
            .iter()
            .map(|(c, o)| plain(c, o) || self.node_overrides())
            .collect();
        let asked: Vec<(Call, StateOverride)> = calls
            .iter()
            .zip(&to_node)
            .filter(|(_, n)| **n)
            .map(|(c, _)| c.clone())
            .collect();
        let mut answered = self.node.simulate(&asked).await?.into_iter();
        let mut out = Vec::with_capacity(calls.len());
        for n in &to_node {
            let answer = if *n { answered.next() } else { None };
            out.push(answer.unwrap_or_else(|| {
                SimOutcome::Failed("the endpoint does not serve state overrides (probed)".into())
            }));
        }
        for (i, (c, o)) in calls.iter().enumerate() {
            // Only what the node refused to run goes to the local EVM.
            let SimOutcome::Failed(why) = &out[i] else {
                continue;
            };
            if plain(c, o) || !self.trusts(c).await? {
                continue;
            }
            let why = why.clone();
            out[i] = self
                .local
                .simulate(&[(c.clone(), o.clone())])
                .await?
                .remove(0);
            self.mark_local(format!(
                "the node refused the call with state overrides ({why}): simulated by the local EVM over the node's state"
            ));
        }
        Ok(out)
    }

    /// The node's estimate where it takes the overrides (probed), else the
    /// local EVM's (same search, no request once the call's state is read),
    /// else the node's without them (the real balance).
    async fn estimate_gas(&self, call: &Call, overrides: &StateOverride) -> Option<u64> {
        let node_takes_them = overrides.is_empty() || self.node_overrides();
        if !self.prefer_local
            && node_takes_them
            && let Some(g) = self.node.estimate_gas(call, overrides).await
        {
            return Some(g);
        }
        if matches!(self.trusts(call).await, Ok(true))
            && let Some(g) = self.local.estimate_gas(call, overrides).await
        {
            return Some(g);
        }
        if !self.prefer_local && !node_takes_them {
            return self
                .node
                .estimate_gas(call, &StateOverride::default())
                .await;
        }
        None
    }

    async fn trace(
        &self,
        call: &Call,
        overrides: &StateOverride,
    ) -> Result<std::result::Result<ExecRecord, String>> {
        let node_said = if self.prefer_local {
            None
        } else if !self.node_traces() {
            Some("the endpoint does not serve it (probed)".to_owned())
        } else {
            // A trace the node answers but no EVM could produce is the
            // endpoint failing (the `?`), not a reason to look elsewhere.
            match self.node.trace(call, overrides).await? {
                Ok(t) => return Ok(Ok(t)),
                Err(why) => Some(why),
            }
        };
        match self.trusts(call).await {
            Ok(true) => {}
            Ok(false) => {
                return Ok(Err(node_said.unwrap_or_else(|| {
                    "the local EVM disagreed with the node on this contract".into()
                })));
            }
            Err(e) => return Ok(Err(node_said.unwrap_or_else(|| e.to_string()))),
        }
        let traced = match self.local.trace(call, overrides).await? {
            Ok(t) => t,
            Err(why) => return Ok(Err(why)),
        };
        self.mark_local(match node_said {
            Some(why) => format!("debug_traceCall unavailable ({why}): traced by the local EVM"),
            None => "--engine local: traced by the local EVM".into(),
        });
        Ok(Ok(traced))
    }
}
