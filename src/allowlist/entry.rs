//! The one entry point of `rpccheck allowlist` (and of doctor's and `tx`'s
//! checks): the target observed once, an executor chosen, then the addresses
//! chunk by chunk — observed ([`super::addresses`]), diagnosed
//! ([`super::diagnose`]) and emitted ([`super::emit`]) — one trace per distinct
//! revert, each further address with the same revert pointed at its own entry
//! of what that trace found (read, not assumed).

use std::collections::HashMap;

use alloy::primitives::Address;

use super::addresses::observe_addresses;
use super::diagnose::diagnose_chunk;
use super::emit::emit;
use super::observe::{AddressObservation, Note, TargetObservation};
use super::plan::{AllowlistPlan, Session};
use super::reads::probe;
use super::report::AllowlistReport;
use super::shape::Shape;
use super::target::observe_target;
use crate::engine::local::BlockEnv;
use crate::engine::{AutoExecutor, Engine, EngineChoice, Executor, LocalExecutor, NodeExecutor};
use crate::error::Result;
use crate::rpc::Rpc;

/// Addresses observed per round of batches.
pub const CHUNK: usize = 2000;

/// The whole check of `addrs`: the target observed at a block pinned once, the
/// node as executor, then [`check_addresses`]. The one entry point of
/// `rpccheck allowlist` and of doctor's allowlist checks.
pub async fn check(
    rpc: &Rpc,
    plan: &AllowlistPlan,
    addrs: &[Address],
    each: &mut dyn FnMut(AllowlistReport),
) -> Result<()> {
    let t = observe_target(rpc, plan).await?;
    let node = NodeExecutor::new(rpc, t.block_id);
    match plan.engine {
        EngineChoice::Node => check_addresses(rpc, &node, &t, plan, addrs, each).await,
        choice => {
            // Probed once per run (cached on the connection): the paths the
            // endpoint serves are chosen, not discovered by failing.
            let caps = probe(rpc, addrs.len()).await.ok();
            let local = LocalExecutor::new(rpc, t.block_id, BlockEnv::of(t.chain_id, &t.header))
                .with_access_lists(caps.is_some_and(|c| c.create_access_list))
                .with_proofs(caps.is_some_and(|c| c.get_proof))
                .with_codes(t.codes.iter().cloned());
            let exec = AutoExecutor::new(node, local, choice == EngineChoice::Local)
                .with_capabilities(caps);
            check_addresses(rpc, &exec, &t, plan, addrs, each).await
        }
    }
}

/// Checks every address of `addrs` against the target, handing each report to
/// `each` as soon as it is judged (so a failure part-way loses nothing already
/// judged: the caller still holds those reports). Chunk by chunk: while one
/// chunk's requests are out, the chunk before it is judged and handed on.
pub async fn check_addresses<E: Executor>(
    rpc: &Rpc,
    exec: &E,
    t: &TargetObservation,
    plan: &AllowlistPlan,
    addrs: &[Address],
    each: &mut dyn FnMut(AllowlistReport),
) -> Result<()> {
    let mut session = Session::default();
    let mut shapes: HashMap<Vec<u8>, Shape> = HashMap::new();
    let mut observed: Vec<AddressObservation> = Vec::new();
    for chunk in addrs.chunks(CHUNK) {
        // What the engine said up to now is the previous chunk's, taken before
        // the next chunk can add to it.
        let judged = (std::mem::take(&mut observed), engine_of(exec));
        let (next, ()) = tokio::join!(
            async {
                let mut observed =
                    observe_addresses(rpc, exec, t, plan, chunk, &mut session).await?;
                diagnose_chunk(rpc, exec, t, plan, &mut observed, &mut session, &mut shapes)
                    .await?;
                Ok::<_, crate::error::Error>(observed)
            },
            async { emit(t, plan, judged, each) }
        );
        observed = next?;
    }
    emit(t, plan, (observed, engine_of(exec)), each);
    Ok(())
}

/// Who executed so far, and the engine's notes.
fn engine_of<E: Executor>(exec: &E) -> (Engine, Vec<Note>) {
    let notes = exec
        .notes()
        .into_iter()
        .map(|n| Note::new("engine", n))
        .collect();
    (exec.engine(), notes)
}
