//! The local engine: an EVM in the process (revm) over the state of the pinned
//! block, read from the node with standard methods only ([`fetch`]) and cached
//! for the run.
//!
//! State is fetched in rounds, batched: a call runs against what is cached;
//! every account, slot or block hash it touched that is not cached yet is
//! noted (and read as empty for the rest of that run, so that one run finds
//! as much as it can), fetched in one batch, and the call runs again — until a
//! run touches nothing new. Past [`Limits::rounds`] rounds, the last run reads
//! what it still misses one item at a time as it runs, as a fork database
//! does: never read as zero silently, and bounded too. A cold call costs a few
//! batches, not one request per slot, and every later call (other addresses,
//! counterfactuals) starts from the cache. State overrides and counterfactuals
//! are applied here, on top of the fetched state, so the node never has to
//! accept them.
//!
//! Every run is bounded ([`Limits`]: steps, memory, recorded events, state
//! reads, wall time) and runs off the async runtime's workers; a bound reached
//! is an outcome ([`SimOutcome::Bounded`]). Traces are execution records
//! ([`crate::engine::record`]), recorded by an inspector as the EVM runs.
//!
//! For `rpccheck tx`, the block's earlier transactions are applied once, as
//! they ran (fees, access lists, authorizations, blobs: revm's own transaction
//! environment, converted by alloy-evm), and every later run and estimate step
//! starts from what they left.

mod evm;
pub use self::evm::Ran;
pub mod fetch;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use alloy::eips::BlockId;
use alloy::primitives::{Address, Bytes};
use alloy::rpc::types::state::StateOverride;
use revm::context::TxEnv;

use self::evm::{Allowance, PriorState, Rules, Stop, View};
use self::fetch::{Fetched, Misses, Reader};
use super::record::{Bound, ExecRecord, Limits};
use super::{Call, Engine, Executor, SimOutcome};
use crate::error::Result;
use crate::rpc::Rpc;
use crate::rpc::block::BlockSummary;

/// The header fields the EVM sees as its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockEnv {
    pub chain_id: u64,
    pub number: u64,
    pub timestamp: u64,
    pub base_fee: u64,
    pub gas_limit: u64,
    pub coinbase: Address,
    pub prevrandao: alloy::primitives::B256,
    pub excess_blob_gas: Option<u64>,
}

impl BlockEnv {
    /// The gas limit a call runs with: the block's, within what nodes allow
    /// an `eth_call` by default.
    pub fn tx_gas_cap(&self) -> u64 {
        self.gas_limit.clamp(21_000, 50_000_000)
    }

    /// The environment of a block header read from the node.
    pub fn of(chain_id: u64, h: &BlockSummary) -> Self {
        Self {
            chain_id,
            number: h.number.to(),
            timestamp: h.timestamp.to(),
            base_fee: h.base_fee_per_gas.map(|b| b.to::<u64>()).unwrap_or(0),
            gas_limit: h.gas_limit.map(|g| g.to::<u64>()).unwrap_or(30_000_000),
            coinbase: h.miner.unwrap_or_default(),
            prevrandao: h.mix_hash.unwrap_or_default(),
            excess_blob_gas: h.excess_blob_gas.map(|g| g.to::<u64>()),
        }
    }
}

/// What the block's earlier transactions left, applied once per run.
#[derive(Debug)]
pub struct Prior {
    state: PriorState,
    /// Gas each used as replayed (`None`: not applied, as a node would refuse it).
    pub gas_used: Vec<Option<u64>>,
}

/// One execution to run: the transaction environment and how.
struct Job {
    tx: TxEnv,
    rules: Rules,
    number: Option<u64>,
    time: Option<u64>,
    /// Record the execution, with this as the outermost frame's storage.
    trace: Option<Address>,
}

/// The local EVM at one pinned block.
#[derive(Debug)]
pub struct LocalExecutor<'a> {
    reader: Reader<'a>,
    env: BlockEnv,
    limits: Limits,
    fetched: Mutex<Fetched>,
    /// Ask the node for each new call's access list, to fetch what it touches
    /// in one batch instead of discovering it run by run.
    access_lists: bool,
    /// Calls whose access list was already asked for.
    listed: Mutex<BTreeSet<(Address, Address, Bytes)>>,
    /// Read accounts and slots by `eth_getProof` (served; not refused yet).
    proofs: AtomicBool,
    /// Transactions applied to the pinned state before every call.
    prior: Vec<TxEnv>,
    /// What they left, once applied (or the bound that stopped them).
    applied: tokio::sync::OnceCell<std::result::Result<Arc<Prior>, Bound>>,
    /// Batched reads and single reads made so far.
    batches: AtomicUsize,
    singles: AtomicUsize,
}

impl<'a> LocalExecutor<'a> {
    /// Executes at `block` (pinned: a number or a hash) with the header `env`.
    pub fn new(rpc: &'a Rpc, block: BlockId, env: BlockEnv) -> Self {
        Self {
            reader: Reader {
                rpc,
                block,
                codes: HashMap::new(),
            },
            env,
            limits: Limits::default(),
            fetched: Mutex::new(Fetched::default()),
            access_lists: false,
            listed: Mutex::new(BTreeSet::new()),
            proofs: AtomicBool::new(false),
            prior: Vec::new(),
            applied: tokio::sync::OnceCell::new(),
            batches: AtomicUsize::new(0),
            singles: AtomicUsize::new(0),
        }
    }

    /// Applies `prior` (the block's earlier transactions, in order, as revm
    /// transaction environments) to the pinned state before every call: a
    /// call re-executed where it ran, in the middle of its block.
    pub fn with_prior(mut self, prior: Vec<TxEnv>) -> Self {
        self.prior = prior;
        self
    }

    /// Reads accounts and slots by `eth_getProof` (where the endpoint serves it).
    pub fn with_proofs(self, served: bool) -> Self {
        self.proofs.store(served, Ordering::Relaxed);
        self
    }

    /// Code already read at the pinned block (the target's, an
    /// implementation's): not asked for again.
    pub fn with_codes(mut self, codes: impl IntoIterator<Item = (Address, Bytes)>) -> Self {
        self.reader.codes.extend(codes);
        self
    }

    /// Prefetches with `eth_createAccessList` (where the endpoint serves it).
    pub fn with_access_lists(mut self, served: bool) -> Self {
        self.access_lists = served;
        self
    }

    /// Other bounds than the defaults.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// How many batched reads and single reads (past the rounds) were made.
    pub fn reads(&self) -> (usize, usize) {
        (
            self.batches.load(Ordering::Relaxed),
            self.singles.load(Ordering::Relaxed),
        )
    }

    /// The header the EVM runs under.
    pub fn env(&self) -> &BlockEnv {
        &self.env
    }

    /// Whether `call`'s access list should be asked for: the first time it
    /// runs, where the endpoint serves access lists.
    fn list_first(&self, call: &Call) -> bool {
        let key = (call.from.unwrap_or_default(), call.to, call.data.clone());
        self.access_lists && lock(&self.listed).insert(key)
    }

    fn allowance(&self) -> Allowance {
        Allowance {
            limits: self.limits,
            deadline: Instant::now() + self.limits.wall,
        }
    }

    /// Fetches `m` in one batch (with `list`'s access list): what that names
    /// is returned, to fetch next.
    async fn fetch(&self, m: &Misses, list: Option<&Call>) -> Result<Misses> {
        let mut proofs = self.proofs.load(Ordering::Relaxed);
        self.batches.fetch_add(1, Ordering::Relaxed);
        let (read, named) = self.reader.read(m, list, &mut proofs).await?;
        self.proofs.store(proofs, Ordering::Relaxed);
        lock(&self.fetched).extend(read);
        Ok(named)
    }

    /// Reads `m` now, from inside a run past its rounds (a blocking read on
    /// the runtime, from the thread the run was moved to).
    fn read_now(&self, m: &Misses) -> Result<Fetched> {
        let mut proofs = self.proofs.load(Ordering::Relaxed);
        self.singles.fetch_add(1, Ordering::Relaxed);
        let read =
            tokio::runtime::Handle::current().block_on(self.reader.read(m, None, &mut proofs));
        self.proofs.store(proofs, Ordering::Relaxed);
        read.map(|(f, _)| f)
    }

    /// The block's earlier transactions, applied once (in rounds of state
    /// reads like any run).
    pub async fn prior(&self) -> Result<Option<std::result::Result<Arc<Prior>, Bound>>> {
        if self.prior.is_empty() {
            return Ok(None);
        }
        let applied = self
            .applied
            .get_or_try_init(|| async {
                let allowance = self.allowance();
                let none = StateOverride::default();
                for round in 0..=self.limits.rounds {
                    if Instant::now() > allowance.deadline {
                        return Ok(Err(Bound::Wall(self.limits.wall.as_millis() as u64)));
                    }
                    let last = round == self.limits.rounds;
                    let (out, misses) = self.with_view(None, &none, last, |view| {
                        evm::run_prior(view, &self.prior, &self.env, allowance)
                    });
                    match out {
                        Err(Stop::Endpoint(e)) => return Err(e),
                        Err(Stop::Bound(b)) => return Ok(Err(b)),
                        Ok((state, gas_used)) if misses.is_empty() => {
                            return Ok(Ok(Arc::new(Prior { state, gas_used })));
                        }
                        Ok(_) if last => {
                            return Ok(Err(Bound::StateReads(0)));
                        }
                        Ok(_) => {
                            self.fetch(&misses, None).await?;
                        }
                    }
                }
                Ok(Err(Bound::StateReads(0)))
            })
            .await?;
        Ok(Some(applied.clone()))
    }

    /// Runs `job` (its overrides on top) until the state it touches is all
    /// read: batched rounds, then one last run that reads what it still
    /// misses as it goes.
    async fn run(&self, job: &Job, overrides: &StateOverride, list: Option<&Call>) -> Result<Ran> {
        let prior = match self.prior().await? {
            Some(Err(b)) => return Ok(bounded(b)),
            Some(Ok(p)) => Some(p),
            None => None,
        };
        let allowance = self.allowance();
        let mut list = list.filter(|c| self.list_first(c));
        let mut listed = Misses::default();
        for round in 0..=self.limits.rounds {
            if Instant::now() > allowance.deadline {
                return Ok(bounded(Bound::Wall(self.limits.wall.as_millis() as u64)));
            }
            let last = round == self.limits.rounds;
            let (ran, mut misses) =
                self.on_fetched(job, overrides, prior.as_deref(), allowance, last)?;
            misses.merge(std::mem::take(&mut listed), &lock(&self.fetched));
            if misses.is_empty() {
                return Ok(ran);
            }
            if last {
                break;
            }
            listed = self.fetch(&misses, list.take()).await?;
        }
        // Only where a read now cannot be made (a single-threaded runtime).
        Ok(bounded(Bound::StateReads(0)))
    }

    /// One run of `job` on what is fetched, off the runtime's workers: its
    /// result and what it touched that is not fetched yet (`read_now`: read
    /// what it misses as it runs instead).
    fn on_fetched(
        &self,
        job: &Job,
        overrides: &StateOverride,
        prior: Option<&Prior>,
        allowance: Allowance,
        read_now: bool,
    ) -> Result<(Ran, Misses)> {
        let (ran, misses) = self.with_view(prior.map(|p| &p.state), overrides, read_now, |view| {
            evm::run(
                view,
                job.tx.clone(),
                &self.env,
                (job.number, job.time),
                job.rules,
                job.trace,
                allowance,
            )
        });
        Ok((ran?, misses))
    }

    /// Runs `f` off the runtime's workers on a view of what is fetched (with
    /// `prior` and `overrides` on top): its result and what it touched that
    /// is not fetched yet (`read_now`: read what it misses as it runs
    /// instead, up to the single-read bound). What it read now is kept.
    fn with_view<T>(
        &self,
        prior: Option<&PriorState>,
        overrides: &StateOverride,
        read_now: bool,
        f: impl FnOnce(&View<'_>) -> T,
    ) -> (T, Misses) {
        let (out, misses, extra) = off_runtime(|| {
            let fetched = lock(&self.fetched);
            let mut view = View::new(&fetched, prior, overrides);
            let read = |m: &Misses| self.read_now(m);
            if read_now && on_demand_here() {
                view.on_demand = Some(&read);
                view.max_singles = self.limits.single_reads;
            }
            let out = f(&view);
            let extra = view.extra.take();
            let misses = view.misses.take();
            (out, misses, extra)
        });
        lock(&self.fetched).extend(extra);
        (out, misses)
    }

    /// A call under `eth_call`'s rules.
    fn call_job(&self, call: &Call, trace: bool, gas_limit: u64) -> Job {
        Job {
            tx: evm::call_tx(call, &self.env, call.gas.unwrap_or(gas_limit)),
            rules: Rules::Call,
            number: call.number,
            time: call.time,
            trace: trace.then_some(call.to),
        }
    }

    /// Runs a mined transaction itself as it ran (fees charged, its own gas
    /// limit, access list and authorizations), after the block's earlier ones:
    /// its outcome and the gas it used, as a receipt counts it (and its record
    /// when `trace`).
    pub async fn replay(&self, tx: TxEnv, trace: bool) -> Result<Ran> {
        let to = match tx.kind {
            alloy::primitives::TxKind::Call(to) => to,
            alloy::primitives::TxKind::Create => Address::ZERO,
        };
        let job = Job {
            tx,
            rules: Rules::Transaction,
            number: None,
            time: None,
            trace: trace.then_some(to),
        };
        self.run(&job, &StateOverride::default(), None).await
    }

    /// The smallest gas limit under which the call succeeds, found as
    /// `eth_estimateGas` finds it (a binary search over whole runs, here on the
    /// state the first run fetched: no request after it), within one
    /// execution's wall time for the whole search; or, where it does not
    /// succeed with the most gas a call gets, how that first run ended (a
    /// search a bound cut short: that bound).
    pub async fn estimate(
        &self,
        call: &Call,
        overrides: &StateOverride,
    ) -> std::result::Result<u64, SimOutcome> {
        let cap = self.env.tx_gas_cap();
        let first = self.call_job(call, false, cap);
        let gas_used = match self.run(&first, overrides, Some(call)).await {
            Ok(Ran {
                outcome: SimOutcome::Success,
                gas_used,
                ..
            }) => gas_used,
            Ok(ran) => return Err(ran.outcome),
            Err(e) => return Err(SimOutcome::Failed(e.to_string())),
        };
        let prior = match self.prior().await {
            Ok(Some(Ok(p))) => Some(p),
            Ok(None) => None,
            Ok(Some(Err(b))) => return Err(SimOutcome::Bounded(b)),
            Err(e) => return Err(SimOutcome::Failed(e.to_string())),
        };
        let allowance = self.allowance();
        // A step a bound stopped (or the endpoint failed) ends the search.
        let succeeds = |limit: u64| -> std::result::Result<bool, SimOutcome> {
            let job = self.call_job(
                &Call {
                    gas: None,
                    ..call.clone()
                },
                false,
                limit,
            );
            let (ran, misses) = self
                .on_fetched(&job, overrides, prior.as_deref(), allowance, false)
                .map_err(|e| SimOutcome::Failed(e.to_string()))?;
            match ran.outcome {
                SimOutcome::Bounded(b) => Err(SimOutcome::Bounded(b)),
                o => Ok(matches!(o, SimOutcome::Success) && misses.is_empty()),
            }
        };
        let (mut lo, mut hi) = (gas_used.saturating_sub(1), cap);
        // First guess, as geth's: what was used, a call stipend, and the 1/64
        // kept back by each call.
        let guess = ((gas_used + 2_300) * 64 / 63).min(cap);
        if succeeds(guess)? {
            hi = guess;
        } else {
            lo = guess;
        }
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2;
            if succeeds(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }
}

/// A run that a bound stopped before it began or ended.
fn bounded(b: Bound) -> Ran {
    Ran {
        outcome: SimOutcome::Bounded(b),
        gas_used: 0,
        record: None,
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether a run may read state as it goes: a blocking read needs a worker
/// of a multi-threaded runtime to step aside.
fn on_demand_here() -> bool {
    tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread)
}

/// Runs EVM work off the async runtime's workers: the worker steps aside
/// (`block_in_place`), so that requests in flight and timers go on.
fn off_runtime<T>(f: impl FnOnce() -> T) -> T {
    if on_demand_here() {
        tokio::task::block_in_place(f)
    } else {
        f()
    }
}

impl Executor for LocalExecutor<'_> {
    fn engine(&self) -> Engine {
        Engine::Local
    }

    async fn simulate(&self, calls: &[(Call, StateOverride)]) -> Result<Vec<SimOutcome>> {
        let mut out = Vec::with_capacity(calls.len());
        for (c, o) in calls {
            let job = self.call_job(c, false, self.env.tx_gas_cap());
            out.push(self.run(&job, o, Some(c)).await?.outcome);
        }
        Ok(out)
    }

    /// The smallest gas limit under which the call succeeds, found as
    /// `eth_estimateGas` finds it (a binary search over whole runs, here on the
    /// state the first run fetched: no request after it), within one
    /// execution's wall time for the whole search.
    async fn estimate_gas(&self, call: &Call, overrides: &StateOverride) -> Option<u64> {
        self.estimate(call, overrides).await.ok()
    }

    async fn trace(
        &self,
        call: &Call,
        overrides: &StateOverride,
    ) -> Result<std::result::Result<ExecRecord, String>> {
        let job = self.call_job(call, true, self.env.tx_gas_cap());
        let ran = self.run(&job, overrides, Some(call)).await?;
        Ok(match (ran.record, ran.outcome) {
            (Some(r), _) => Ok(r),
            (None, SimOutcome::Bounded(b)) => {
                Err(format!("the local EVM stopped: {}", b.describe()))
            }
            (None, _) => Err("the local EVM produced no trace".into()),
        })
    }
}
