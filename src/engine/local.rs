//! The local engine: an EVM in the process (revm) over the state of the pinned
//! block, read from the node with standard methods only (`eth_getBalance`,
//! `eth_getTransactionCount`, `eth_getCode`, `eth_getStorageAt`, block headers;
//! or EIP-1186's `eth_getProof` for an account and its slots in one request,
//! where the endpoint serves it) and cached for the run.
//!
//! State is fetched in rounds, batched: a call runs against what is cached;
//! every account, slot or block hash it touched that is not cached yet is
//! noted (and read as empty for the rest of that run, so that one run finds
//! as much as it can), fetched in one batch, and the call runs again — until a
//! run touches nothing new. A cold call costs a few batches, not one request
//! per slot, and every later call (other addresses, counterfactuals) starts
//! from the cache. State overrides and counterfactuals are applied here, on top
//! of the fetched state, so the node never has to accept them. Traces come from
//! revm-inspectors' struct-log tracer: the same shape as `debug_traceCall`.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use alloy::eips::BlockId;
use alloy::primitives::{Address, B256, Bytes, TxKind, U64, U256};
use alloy::rpc::client::{BatchRequest, Waiter};
use alloy::rpc::types::state::StateOverride;
use alloy::rpc::types::trace::geth::GethDefaultTracingOptions;
use alloy::rpc::types::{AccessListResult, EIP1186AccountProofResponse};
use revm::bytecode::Bytecode;
use revm::context::TxEnv;
use revm::context::result::{EVMError, ExecutionResult, HaltReason, InvalidTransaction};
use revm::database::CacheDB;
use revm::database_interface::{DBErrorMarker, DatabaseRef, WrapDatabaseRef};
use revm::handler::MainnetContext;
use revm::state::AccountInfo;
use revm::{Context, Database, ExecuteCommitEvm, ExecuteEvm, InspectEvm, MainBuilder, MainContext};
use revm_inspectors::tracing::{TracingInspector, TracingInspectorConfig};

use super::{Call, CallTrace, Engine, Executor, SimOutcome};
use crate::error::Result;
use crate::rpc::Rpc;
use crate::rpc::block::BlockSummary;

/// Runs of one call before the state it touches is taken as complete.
const MAX_ROUNDS: usize = 48;

/// The header fields the EVM sees as its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockEnv {
    pub chain_id: u64,
    pub number: u64,
    pub timestamp: u64,
    pub base_fee: u64,
    pub gas_limit: u64,
    pub coinbase: Address,
    pub prevrandao: B256,
}

impl BlockEnv {
    /// The gas limit a call runs with: the block's, within what nodes allow
    /// an `eth_call` by default.
    fn tx_gas_cap(&self) -> u64 {
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
        }
    }
}

/// A transaction mined earlier in the block a call re-executes: applied, in
/// order, to the parent block's state before the call (`rpccheck tx`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorTx {
    pub from: Address,
    /// `None` for a contract creation.
    pub to: Option<Address>,
    pub data: Bytes,
    pub value: U256,
    pub gas_limit: u64,
}

/// What has been read from the node so far.
#[derive(Debug, Default)]
struct Fetched {
    accounts: HashMap<Address, AccountInfo>,
    storage: HashMap<(Address, U256), U256>,
    block_hashes: HashMap<u64, B256>,
}

/// What one run touched that was not fetched yet.
#[derive(Debug, Default)]
struct Misses {
    accounts: BTreeSet<Address>,
    slots: BTreeSet<(Address, U256)>,
    block_hashes: BTreeSet<u64>,
}

impl Misses {
    /// Adds `other`'s entries that are not fetched yet.
    fn merge(&mut self, other: Misses, fetched: &Mutex<Fetched>) {
        let fetched = fetched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.accounts.extend(
            other
                .accounts
                .into_iter()
                .filter(|a| !fetched.accounts.contains_key(a)),
        );
        self.slots.extend(
            other
                .slots
                .into_iter()
                .filter(|s| !fetched.storage.contains_key(s)),
        );
    }

    fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.slots.is_empty() && self.block_hashes.is_empty()
    }
}

/// The database error type; never produced (a miss reads as empty).
#[derive(Debug, thiserror::Error)]
#[error("state not fetched")]
pub struct NotFetched;

impl DBErrorMarker for NotFetched {}

/// The fetched state with the run's overrides on top, noting every miss.
struct View<'s> {
    fetched: &'s Fetched,
    overrides: &'s StateOverride,
    misses: RefCell<Misses>,
}

impl DatabaseRef for View<'_> {
    type Error = NotFetched;

    fn basic_ref(&self, address: Address) -> std::result::Result<Option<AccountInfo>, NotFetched> {
        let mut info = match self.fetched.accounts.get(&address) {
            Some(i) => i.clone(),
            None => {
                self.misses.borrow_mut().accounts.insert(address);
                AccountInfo::default()
            }
        };
        if let Some(o) = self.overrides.get(&address) {
            if let Some(b) = o.balance {
                info.balance = b;
            }
            if let Some(n) = o.nonce {
                info.nonce = n;
            }
            if let Some(code) = &o.code {
                info = info.with_code(Bytecode::new_raw(code.clone()));
            }
        }
        Ok(Some(info))
    }

    fn code_by_hash_ref(&self, _code_hash: B256) -> std::result::Result<Bytecode, NotFetched> {
        // Every account's code is carried in its AccountInfo.
        Ok(Bytecode::default())
    }

    fn storage_ref(&self, address: Address, index: U256) -> std::result::Result<U256, NotFetched> {
        if let Some(o) = self.overrides.get(&address) {
            let key = B256::from(index.to_be_bytes::<32>());
            if let Some(v) = o.state_diff.as_ref().and_then(|d| d.get(&key)) {
                return Ok(U256::from_be_bytes(v.0));
            }
            if let Some(full) = &o.state {
                return Ok(full
                    .get(&key)
                    .map(|v| U256::from_be_bytes(v.0))
                    .unwrap_or_default());
            }
        }
        match self.fetched.storage.get(&(address, index)) {
            Some(v) => Ok(*v),
            None => {
                self.misses.borrow_mut().slots.insert((address, index));
                Ok(U256::ZERO)
            }
        }
    }

    fn block_hash_ref(&self, number: u64) -> std::result::Result<B256, NotFetched> {
        match self.fetched.block_hashes.get(&number) {
            Some(h) => Ok(*h),
            None => {
                self.misses.borrow_mut().block_hashes.insert(number);
                Ok(B256::ZERO)
            }
        }
    }
}

/// One run's result.
struct Ran {
    outcome: SimOutcome,
    gas_used: u64,
    trace: Option<CallTrace>,
}

/// The local EVM at one pinned block.
#[derive(Debug)]
pub struct LocalExecutor<'a> {
    rpc: &'a Rpc,
    block: BlockId,
    env: BlockEnv,
    fetched: Mutex<Fetched>,
    /// Ask the node for each new call's access list, to fetch what it touches
    /// in one batch instead of discovering it run by run.
    access_lists: bool,
    /// Calls whose access list was already asked for.
    listed: Mutex<BTreeSet<(Address, Address, Bytes)>>,
    /// Read accounts and slots by `eth_getProof` (served; not refused yet).
    proofs: AtomicBool,
    /// Code known before the run, at the pinned block.
    codes: HashMap<Address, Bytes>,
    /// Transactions applied to the pinned state before every call.
    prior: Vec<PriorTx>,
}

impl<'a> LocalExecutor<'a> {
    /// Executes at `block` (pinned: a number or a hash) with the header `env`.
    pub fn new(rpc: &'a Rpc, block: BlockId, env: BlockEnv) -> Self {
        Self {
            rpc,
            block,
            env,
            fetched: Mutex::new(Fetched::default()),
            access_lists: false,
            listed: Mutex::new(BTreeSet::new()),
            proofs: AtomicBool::new(false),
            codes: HashMap::new(),
            prior: Vec::new(),
        }
    }

    /// Applies `prior` (the block's earlier transactions, in order) to the
    /// pinned state before every call: a call re-executed where it ran, in the
    /// middle of its block.
    pub fn with_prior(mut self, prior: Vec<PriorTx>) -> Self {
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
        self.codes.extend(codes);
        self
    }

    /// Prefetches with `eth_createAccessList` (where the endpoint serves it).
    pub fn with_access_lists(mut self, served: bool) -> Self {
        self.access_lists = served;
        self
    }

    /// Whether `call`'s access list should be asked for: the first time it
    /// runs, where the endpoint serves access lists.
    fn list_first(&self, call: &Call) -> bool {
        let key = (call.from.unwrap_or_default(), call.to, call.data.clone());
        self.access_lists
            && self
                .listed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(key)
    }

    /// Runs `call` once on what is fetched (with `overrides` on top), under
    /// `gas_limit`: its result and what it touched that is not fetched yet.
    fn on_fetched(
        &self,
        call: &Call,
        overrides: &StateOverride,
        trace: bool,
        gas_limit: u64,
    ) -> (Ran, Misses) {
        let fetched = self
            .fetched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let view = View {
            fetched: &fetched,
            overrides,
            misses: RefCell::new(Misses::default()),
        };
        let ran = execute(
            &view,
            &self.prior,
            call,
            &self.env,
            trace,
            call.gas.unwrap_or(gas_limit),
        );
        (ran, view.misses.into_inner())
    }

    /// Runs `call` until the state it touches is all fetched.
    async fn run(&self, call: &Call, overrides: &StateOverride, trace: bool) -> Result<Ran> {
        let mut last = None;
        // The node's access list rides in the first fetch batch; what it names
        // is fetched in the next, beside that run's own misses (geth lists the
        // slots even of a call that reverts).
        let mut list = self.list_first(call).then_some(call);
        let mut listed = Misses::default();
        for _ in 0..MAX_ROUNDS {
            let (ran, mut misses) = self.on_fetched(call, overrides, trace, self.env.tx_gas_cap());
            misses.merge(std::mem::take(&mut listed), &self.fetched);
            if misses.is_empty() {
                return Ok(ran);
            }
            listed = self.fetch(misses, list.take()).await?;
            last = Some(ran);
        }
        // Still touching new state after many rounds (a loop over storage): the
        // last run stands, on what was fetched.
        Ok(last.unwrap_or(Ran {
            outcome: SimOutcome::Failed("the local EVM did not run".into()),
            gas_used: 0,
            trace: None,
        }))
    }

    /// Fetches what a run missed, in one batch, with `list`'s access list
    /// when asked: what that names is returned, to fetch next. Where the
    /// endpoint serves `eth_getProof`, an account's balance, nonce and every
    /// missed slot of it come in one proof (and its code is read only when not
    /// already known); else one standard read each. A proof refused part-way
    /// sends the round again the standard way, and proofs are not asked again.
    async fn fetch(&self, m: Misses, list: Option<&Call>) -> Result<Misses> {
        let fail = |e| self.rpc.fail(&e, "batch");
        let mut b = self.rpc.client().new_batch();
        let list = match list {
            Some(call) => {
                let tx = serde_json::json!({
                    "from": call.from.unwrap_or_default(),
                    "to": call.to,
                    "data": call.data,
                });
                Some(
                    b.add_call::<_, AccessListResult>("eth_createAccessList", &(tx, self.block))
                        .map_err(fail)?,
                )
            }
            None => None,
        };
        let reads = if self.proofs.load(Ordering::Relaxed) {
            Reads::Proofs(self.add_proofs(&mut b, &m)?)
        } else {
            Reads::Standard(self.add_standard(&mut b, &m)?)
        };
        let hashes = self.add_block_hashes(&mut b, &m)?;
        b.send()
            .await
            .map_err(|e| self.rpc.fail(&e, "eth_getStorageAt"))?;
        let mut read = match reads {
            Reads::Standard(w) => self.take_standard(w).await?,
            Reads::Proofs(w) => match self.take_proofs(w).await {
                Some(read) => read,
                None => {
                    self.proofs.store(false, Ordering::Relaxed);
                    self.rpc.log(
                        "eth_getProof refused part-way: state is read with the standard methods from now on",
                    );
                    let mut b = self.rpc.client().new_batch();
                    let w = self.add_standard(&mut b, &m)?;
                    b.send()
                        .await
                        .map_err(|e| self.rpc.fail(&e, "eth_getStorageAt"))?;
                    self.take_standard(w).await?
                }
            },
        };
        for (n, h) in hashes {
            let h = h
                .await
                .map_err(|e| self.rpc.fail(&e, "eth_getBlockByNumber"))?;
            read.block_hashes
                .insert(n, h.map(|h| h.hash).unwrap_or_default());
        }
        {
            let mut fetched = self
                .fetched
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            fetched.accounts.extend(read.accounts);
            fetched.storage.extend(read.storage);
            fetched.block_hashes.extend(read.block_hashes);
        }
        let mut named = Misses::default();
        if let Some(w) = list
            && let Ok(listed) = w.await
        {
            for item in listed.access_list.0 {
                named.accounts.insert(item.address);
                for k in item.storage_keys {
                    named.slots.insert((item.address, U256::from_be_bytes(k.0)));
                }
            }
        }
        Ok(named)
    }

    /// One balance, nonce and code read per missed account, one storage read
    /// per missed slot.
    fn add_standard(&self, b: &mut BatchRequest<'_>, m: &Misses) -> Result<StandardReads> {
        let fail = |e| self.rpc.fail(&e, "batch");
        let block = self.block;
        let mut w = StandardReads::default();
        for a in &m.accounts {
            let balance = b
                .add_call::<_, U256>("eth_getBalance", &(*a, block))
                .map_err(fail)?;
            let nonce = b
                .add_call::<_, U64>("eth_getTransactionCount", &(*a, block))
                .map_err(fail)?;
            let code = self.add_code(b, *a)?;
            w.accounts.push((*a, balance, nonce, code));
        }
        for (a, s) in &m.slots {
            let key = B256::from(s.to_be_bytes::<32>());
            let v = b
                .add_call::<_, U256>("eth_getStorageAt", &(*a, key, block))
                .map_err(fail)?;
            w.slots.push((*a, *s, v));
        }
        Ok(w)
    }

    /// The account's code: known already (read before the run, at the same
    /// block), or one `eth_getCode`.
    fn add_code(&self, b: &mut BatchRequest<'_>, a: Address) -> Result<CodeRead> {
        Ok(match self.codes.get(&a) {
            Some(code) => CodeRead::Known(code.clone()),
            None => CodeRead::Asked(
                b.add_call::<_, Bytes>("eth_getCode", &(a, self.block))
                    .map_err(|e| self.rpc.fail(&e, "batch"))?,
            ),
        })
    }

    async fn take_standard(&self, w: StandardReads) -> Result<Fetched> {
        let mut read = Fetched::default();
        for (a, balance, nonce, code) in w.accounts {
            let balance = balance
                .await
                .map_err(|e| self.rpc.fail(&e, "eth_getBalance"))?;
            let nonce = nonce
                .await
                .map_err(|e| self.rpc.fail(&e, "eth_getTransactionCount"))?;
            let code = self.take_code(code).await?;
            read.accounts.insert(a, account(balance, nonce.to(), code));
        }
        for (a, s, v) in w.slots {
            let v = v.await.map_err(|e| self.rpc.fail(&e, "eth_getStorageAt"))?;
            read.storage.insert((a, s), v);
        }
        Ok(read)
    }

    async fn take_code(&self, code: CodeRead) -> Result<Bytes> {
        match code {
            CodeRead::Known(c) => Ok(c),
            CodeRead::Asked(w) => w.await.map_err(|e| self.rpc.fail(&e, "eth_getCode")),
        }
    }

    /// One `eth_getProof` per account touched (with every missed slot of it),
    /// and the code of each missed account not known already.
    fn add_proofs(&self, b: &mut BatchRequest<'_>, m: &Misses) -> Result<ProofReads> {
        let mut keys: BTreeMap<Address, Vec<B256>> =
            m.accounts.iter().map(|a| (*a, Vec::new())).collect();
        for (a, s) in &m.slots {
            keys.entry(*a)
                .or_default()
                .push(B256::from(s.to_be_bytes::<32>()));
        }
        let mut w = ProofReads::default();
        for (a, keys) in keys {
            let proof = b
                .add_call::<_, EIP1186AccountProofResponse>("eth_getProof", &(a, keys, self.block))
                .map_err(|e| self.rpc.fail(&e, "batch"))?;
            let code = if m.accounts.contains(&a) {
                Some(self.add_code(b, a)?)
            } else {
                None
            };
            w.push((a, proof, code));
        }
        Ok(w)
    }

    /// The proofs' accounts and slots; `None` when any proof was refused.
    async fn take_proofs(&self, w: ProofReads) -> Option<Fetched> {
        let mut read = Fetched::default();
        for (a, proof, code) in w {
            let proof = proof.await.ok()?;
            if let Some(code) = code {
                let code = self.take_code(code).await.ok()?;
                read.accounts
                    .insert(a, account(proof.balance, proof.nonce, code));
            }
            for s in proof.storage_proof {
                read.storage
                    .insert((a, U256::from_be_bytes(s.key.as_b256().0)), s.value);
            }
        }
        Some(read)
    }

    fn add_block_hashes(&self, b: &mut BatchRequest<'_>, m: &Misses) -> Result<HashReads> {
        let mut hashes = Vec::with_capacity(m.block_hashes.len());
        for n in &m.block_hashes {
            let h = b
                .add_call::<_, Option<BlockSummary>>(
                    "eth_getBlockByNumber",
                    &(U64::from(*n), false),
                )
                .map_err(|e| self.rpc.fail(&e, "batch"))?;
            hashes.push((*n, h));
        }
        Ok(hashes)
    }
}

/// An account as the EVM sees it.
fn account(balance: U256, nonce: u64, code: Bytes) -> AccountInfo {
    AccountInfo {
        balance,
        nonce,
        ..Default::default()
    }
    .with_code(Bytecode::new_raw(code))
}

/// An account's code in a fetch batch: known before, or asked for.
enum CodeRead {
    Known(Bytes),
    Asked(Waiter<Bytes>),
}

/// The standard reads of one fetch batch.
#[derive(Default)]
struct StandardReads {
    accounts: Vec<(Address, Waiter<U256>, Waiter<U64>, CodeRead)>,
    slots: Vec<(Address, U256, Waiter<U256>)>,
}

/// The proofs of one fetch batch: each account's, and its code where missed.
type ProofReads = Vec<(
    Address,
    Waiter<EIP1186AccountProofResponse>,
    Option<CodeRead>,
)>;

type HashReads = Vec<(u64, Waiter<Option<BlockSummary>>)>;

/// How one fetch batch reads accounts and slots.
enum Reads {
    Standard(StandardReads),
    Proofs(ProofReads),
}

/// The struct-log options the trace analysis needs (memory for KECCAK256 preimages).
fn trace_options() -> GethDefaultTracingOptions {
    GethDefaultTracingOptions {
        enable_memory: Some(true),
        disable_storage: Some(true),
        enable_return_data: Some(false),
        ..Default::default()
    }
}

/// One run of `call` on `view`: like `eth_call` (no fee, no nonce check, a
/// sender with code allowed), with the struct-log trace when asked.
fn execute(
    view: &View<'_>,
    prior: &[PriorTx],
    call: &Call,
    env: &BlockEnv,
    trace: bool,
    gas_limit: u64,
) -> Ran {
    // The block's earlier transactions first, committed over the fetched state
    // (what they read is fetched like the call's own reads).
    let mut db = CacheDB::new(WrapDatabaseRef(view));
    for p in prior {
        let tx = TxEnv {
            caller: p.from,
            kind: p.to.map_or(TxKind::Create, TxKind::Call),
            data: p.data.clone(),
            value: p.value,
            gas_limit: p.gas_limit,
            gas_price: 0,
            gas_priority_fee: None,
            chain_id: Some(env.chain_id),
            ..Default::default()
        };
        let mut evm = block_context(&mut db, env, None, None).build_mainnet();
        // A prior transaction that fails changes nothing, as on chain.
        let _ = evm.transact_commit(tx);
    }
    if !prior.is_empty() {
        // The call's overrides go on top of what the prior transactions wrote.
        on_top(&mut db, view.overrides);
    }
    let tx = TxEnv {
        caller: call.from.unwrap_or_default(),
        kind: TxKind::Call(call.to),
        data: call.data.clone(),
        value: call.value,
        gas_limit,
        gas_price: 0,
        gas_priority_fee: None,
        chain_id: Some(env.chain_id),
        ..Default::default()
    };
    let ctx = block_context(&mut db, env, call.number, call.time);
    let (result, frame) = if trace {
        let opts = trace_options();
        let inspector = TracingInspector::new(TracingInspectorConfig::from_geth_config(&opts));
        let mut evm = ctx.build_mainnet_with_inspector(inspector);
        let result = evm.inspect_tx(tx).map(|r| r.result);
        let frame = result.as_ref().ok().map(|r| {
            let output = r.output().cloned().unwrap_or_default();
            let gas = r.tx_gas_used();
            evm.into_inspector()
                .into_geth_builder()
                .geth_traces(gas, output, opts)
        });
        (result, frame)
    } else {
        let mut evm = ctx.build_mainnet();
        (evm.transact_one(tx), None)
    };
    let (outcome, gas_used) = match result {
        Ok(ExecutionResult::Success { .. }) => (SimOutcome::Success, result_gas(&result)),
        Ok(ExecutionResult::Revert { output, .. }) => (SimOutcome::Reverted(output), 0),
        // Without fee charge the sender's balance is checked by the value
        // transfer of the outermost call: it halts when the sender cannot pay.
        Ok(ExecutionResult::Halt {
            reason: HaltReason::OutOfFunds,
            ..
        }) => (
            SimOutcome::Unfunded("local EVM: the sender cannot pay the value".into()),
            0,
        ),
        // A halt (invalid opcode, out of gas) reverts without data, as on a node.
        Ok(ExecutionResult::Halt { .. }) => (SimOutcome::Reverted(Bytes::new()), 0),
        Err(EVMError::Transaction(e)) if funds(&e) => {
            (SimOutcome::Unfunded(format!("local EVM: {e}")), 0)
        }
        Err(e) => (SimOutcome::Failed(format!("local EVM: {e}")), 0),
    };
    Ran {
        outcome,
        gas_used,
        trace: frame.map(|f| CallTrace {
            failed: f.failed,
            struct_logs: f.struct_logs,
        }),
    }
}

/// Writes `overrides` over `db`'s state (after the block's earlier
/// transactions, which may have written the same accounts and slots).
fn on_top<DB: revm::DatabaseRef>(db: &mut CacheDB<DB>, overrides: &StateOverride) {
    for (address, o) in overrides.iter() {
        let Ok(account) = db.load_account(*address) else {
            continue;
        };
        if let Some(b) = o.balance {
            account.info.balance = b;
        }
        if let Some(n) = o.nonce {
            account.info.nonce = n;
        }
        if let Some(code) = &o.code {
            account.info = account
                .info
                .clone()
                .with_code(Bytecode::new_raw(code.clone()));
        }
        if let Some(full) = &o.state {
            account.storage.clear();
            account.account_state = revm::database::AccountState::StorageCleared;
            for (k, v) in full {
                account
                    .storage
                    .insert(U256::from_be_bytes(k.0), U256::from_be_bytes(v.0));
            }
        }
        for (k, v) in o.state_diff.iter().flatten() {
            account
                .storage
                .insert(U256::from_be_bytes(k.0), U256::from_be_bytes(v.0));
        }
    }
}

/// The EVM's context on `db` at `env`'s block (number and time overridable):
/// `eth_call`'s rules (no fee, no nonce check, a sender with code allowed).
fn block_context<DB: Database>(
    db: DB,
    env: &BlockEnv,
    number: Option<u64>,
    time: Option<u64>,
) -> MainnetContext<DB> {
    Context::mainnet()
        .with_db(db)
        .modify_cfg_chained(|cfg| {
            cfg.chain_id = env.chain_id;
            cfg.disable_nonce_check = true;
            cfg.disable_base_fee = true;
            cfg.disable_eip3607 = true;
            cfg.disable_block_gas_limit = true;
            cfg.disable_fee_charge = true;
            // eth_call is not a transaction: no EIP-7825 per-transaction cap.
            cfg.tx_gas_limit_cap = Some(u64::MAX);
        })
        .modify_block_chained(|b| {
            b.number = U256::from(number.unwrap_or(env.number));
            b.timestamp = U256::from(time.unwrap_or(env.timestamp));
            b.basefee = env.base_fee;
            b.gas_limit = env.gas_limit;
            b.beneficiary = env.coinbase;
            b.prevrandao = Some(env.prevrandao);
        })
}

fn result_gas<E>(r: &std::result::Result<ExecutionResult, E>) -> u64 {
    r.as_ref().map(ExecutionResult::tx_gas_used).unwrap_or(0)
}

/// revm's words for a sender that cannot pay.
fn funds(e: &InvalidTransaction) -> bool {
    matches!(
        e,
        InvalidTransaction::LackOfFundForMaxFee { .. }
            | InvalidTransaction::OverflowPaymentInTransaction
    )
}

impl Executor for LocalExecutor<'_> {
    fn engine(&self) -> Engine {
        Engine::Local
    }

    async fn simulate(&self, calls: &[(Call, StateOverride)]) -> Result<Vec<SimOutcome>> {
        let mut out = Vec::with_capacity(calls.len());
        for (c, o) in calls {
            out.push(self.run(c, o, false).await?.outcome);
        }
        Ok(out)
    }

    /// The smallest gas limit under which the call succeeds, found as
    /// `eth_estimateGas` finds it (a binary search over whole runs, here on the
    /// state the first run fetched: no request after it).
    async fn estimate_gas(&self, call: &Call, overrides: &StateOverride) -> Option<u64> {
        let Ok(Ran {
            outcome: SimOutcome::Success,
            gas_used,
            ..
        }) = self.run(call, overrides, false).await
        else {
            return None;
        };
        let cap = self.env.tx_gas_cap();
        let succeeds = |limit: u64| {
            let (ran, misses) = self.on_fetched(call, overrides, false, limit);
            matches!(ran.outcome, SimOutcome::Success) && misses.is_empty()
        };
        let (mut lo, mut hi) = (gas_used.saturating_sub(1), cap);
        // First guess, as geth's: what was used, a call stipend, and the 1/64
        // kept back by each call.
        let guess = ((gas_used + 2_300) * 64 / 63).min(cap);
        if succeeds(guess) {
            hi = guess;
        } else {
            lo = guess;
        }
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2;
            if succeeds(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }

    async fn trace(
        &self,
        call: &Call,
        overrides: &StateOverride,
    ) -> std::result::Result<CallTrace, String> {
        match self.run(call, overrides, true).await {
            Ok(Ran { trace: Some(t), .. }) if !t.struct_logs.is_empty() => Ok(t),
            Ok(_) => Err("the local EVM produced no trace".into()),
            Err(e) => Err(e.to_string()),
        }
    }
}
