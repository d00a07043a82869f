//! Step 4: each observed address judged ([`super::judge`]) and its report
//! handed on.

use super::judge::judge;
use super::observe::{AddressObservation, Note, TargetObservation};
use super::plan::AllowlistPlan;
use super::report::AllowlistReport;
use crate::engine::Engine;

/// Judges each observed address and hands its report on.
pub fn emit(
    t: &TargetObservation,
    plan: &AllowlistPlan,
    (observed, (engine, notes)): (Vec<AddressObservation>, (Engine, Vec<Note>)),
    each: &mut dyn FnMut(AllowlistReport),
) {
    for mut obs in observed {
        obs.engine = engine;
        obs.notes.extend(notes.iter().cloned());
        each(judge(t, &obs, &plan.decoder));
    }
}
