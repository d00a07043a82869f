//! What the first address with a given revert taught, carried to the others
//! whose revert has the same shape: pure.

use alloy::primitives::{Address, B256, U256};

use super::observe::{
    AddressObservation, Authority, Change, Gate, Note, SimOutcome, Simulated, TraceStep,
};
use super::trace::{KeyedRead, address_word};
use crate::error::Result;

/// What the first address with a given revert taught: applied to the others.
pub struct Shape {
    from: Address,
    read: Option<KeyedRead>,
    /// The gate its counterfactual showed decided.
    confirmed: Option<Gate>,
    /// The other contract whose storage decided, and its functions.
    authority: Option<Authority>,
    /// Where the gate was a per-wallet limit, the counter its counterfactual
    /// cleared: each other address's own count is read from its entry.
    pub counter: Option<KeyedRead>,
}

impl Shape {
    pub fn of(obs: &AddressObservation) -> Self {
        let (read, counter) = match &obs.trace {
            TraceStep::Done(an) => {
                let cleared = obs
                    .counterfactuals
                    .iter()
                    .find_map(|c| match (&c.gate, &c.change) {
                        (Gate::LimitReached { .. }, Change::Slot { account, slot, .. })
                            if c.success =>
                        {
                            Some((*account, *slot))
                        }
                        _ => None,
                    });
                // Only a counter whose word is the count itself: a packed word
                // (ERC721A's minted count beside the balance) would need the
                // field the trace took out of it.
                let used = match &obs.confirmed {
                    Some(Gate::LimitReached { used: Some(u), .. }) => Some(*u),
                    _ => None,
                };
                let counter = cleared.and_then(|(account, slot)| {
                    an.keyed_reads
                        .iter()
                        .find(|k| {
                            k.account == account
                                && k.slot == slot
                                && used == Some(U256::from_be_bytes(k.value.0))
                        })
                        .cloned()
                });
                (an.culprit().cloned(), counter)
            }
            _ => (None, None),
        };
        Self {
            from: obs.address,
            read,
            confirmed: obs.confirmed.clone(),
            authority: obs.authority.clone(),
            counter,
        }
    }

    /// Points `obs` at its own entry of the mapping; true when there is one to
    /// read. The gate found for the first address is this one's too (whether
    /// its own entry is what keeps it out is judged from that entry's value).
    pub fn apply(&self, obs: &mut AddressObservation) -> bool {
        // The first address's gate is this one's too; a per-wallet count is
        // the first address's own, so it is not carried over (each address's
        // own is read from its entry of the counter).
        obs.confirmed = self.confirmed.clone().map(|g| match g {
            Gate::LimitReached {
                limit, requested, ..
            } => Gate::LimitReached {
                limit,
                used: None,
                requested,
            },
            other => other,
        });
        obs.authority = self.authority.clone();
        let Some(read) = &self.read else { return false };
        obs.trace = TraceStep::Derived {
            from: self.from,
            read: read.for_address(obs.address, read.value),
        };
        true
    }
}

/// The derived slots of `idx` (each address's own entry), to read rather than assume.
pub fn derived_slots(observed: &[AddressObservation], idx: &[usize]) -> Vec<(Address, B256)> {
    idx.iter()
        .filter_map(|i| match &observed[*i].trace {
            TraceStep::Derived { read, .. } => Some((read.account, read.slot)),
            _ => None,
        })
        .collect()
}

/// Puts each derived slot's value read in place (or says it was not read).
pub fn apply_derived(
    observed: &mut [AddressObservation],
    idx: &[usize],
    read: Result<Vec<Option<B256>>>,
) {
    match read {
        Ok(values) => {
            for (i, v) in idx.iter().zip(values) {
                if let (TraceStep::Derived { read, .. }, Some(v)) = (&mut observed[*i].trace, v) {
                    read.value = v;
                }
            }
        }
        Err(e) => {
            for i in idx {
                observed[*i].notes.push(Note::new(
                    "trace",
                    format!("this address's slot could not be read ({e}); its value is assumed from the first address"),
                ));
            }
        }
    }
}

/// Revert data with the address's own word blanked: equal shapes are the same gate.
pub fn revert_shape(obs: &AddressObservation) -> Option<Vec<u8>> {
    let Some(Simulated {
        outcome: SimOutcome::Reverted(data),
        ..
    }) = &obs.simulation
    else {
        return None;
    };
    let word = address_word(obs.address);
    let mut key = data.to_vec();
    if key.len() >= 4 {
        for chunk in key[4..].chunks_mut(32) {
            if chunk == word {
                chunk.fill(0);
            }
        }
    }
    Some(key)
}
