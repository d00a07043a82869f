//! One run of the local EVM over the state read so far: the database view
//! (overrides on top of the block's earlier transactions on top of what was
//! read), the block context, and the run itself under its budget.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Instant;

use alloy::primitives::{Address, B256, TxKind, U256};
use alloy::rpc::types::state::StateOverride;
use revm::bytecode::Bytecode;
use revm::context::TxEnv;
use revm::context::result::{
    EVMError, ExecutionResult, HaltReason, InvalidTransaction, OutOfGasError,
};
use revm::database::{AccountState, CacheDB, DbAccount};
use revm::database_interface::{DBErrorMarker, DatabaseRef, WrapDatabaseRef};
use revm::handler::MainnetContext;
use revm::state::AccountInfo;
use revm::{Context, Database, InspectCommitEvm, InspectEvm, MainBuilder, MainContext};

use super::BlockEnv;
use super::fetch::{Fetched, Misses};
use crate::engine::record::inspector::Budget;
use crate::engine::record::{Bound, ExecRecord, FrameEnd, Halt, Limits, Recorder};
use crate::engine::{Call, SimOutcome};
use crate::error::Error;

/// The state the block's earlier transactions left: every account they
/// loaded or wrote, as revm's cache holds it.
pub type PriorState = HashMap<Address, DbAccount>;

/// Reads a missed item now (past the batched rounds).
pub type OnDemand<'s> = &'s dyn Fn(&Misses) -> crate::error::Result<Fetched>;

/// The database error: the run stopped on state it could not have.
#[derive(Debug, thiserror::Error)]
#[error("state not read")]
pub struct NotFetched;

impl DBErrorMarker for NotFetched {}

/// Why a view stopped a run.
pub enum Stop {
    Bound(Bound),
    Endpoint(Error),
}

/// What was read, with the block's earlier transactions and the run's
/// overrides on top, noting every miss (or reading it now, past the rounds).
pub struct View<'s> {
    pub fetched: &'s Fetched,
    pub prior: Option<&'s PriorState>,
    pub overrides: &'s StateOverride,
    pub misses: RefCell<Misses>,
    pub on_demand: Option<OnDemand<'s>>,
    /// What was read now, one item at a time.
    pub extra: RefCell<Fetched>,
    pub singles: Cell<usize>,
    pub max_singles: usize,
    pub stop: RefCell<Option<Stop>>,
}

impl<'s> View<'s> {
    pub fn new(
        fetched: &'s Fetched,
        prior: Option<&'s PriorState>,
        overrides: &'s StateOverride,
    ) -> Self {
        Self {
            fetched,
            prior,
            overrides,
            misses: RefCell::new(Misses::default()),
            on_demand: None,
            extra: RefCell::new(Fetched::default()),
            singles: Cell::new(0),
            max_singles: 0,
            stop: RefCell::new(None),
        }
    }

    /// A miss: noted (and read as empty for the rest of this run), or read
    /// now where the run is past its rounds.
    fn miss(&self, m: Misses) -> Result<Option<Fetched>, NotFetched> {
        let Some(read) = self.on_demand else {
            let mut all = self.misses.borrow_mut();
            all.accounts.extend(m.accounts);
            all.slots.extend(m.slots);
            all.block_hashes.extend(m.block_hashes);
            return Ok(None);
        };
        if self.singles.get() >= self.max_singles {
            self.stop
                .borrow_mut()
                .get_or_insert(Stop::Bound(Bound::StateReads(self.max_singles)));
            return Err(NotFetched);
        }
        self.singles.set(self.singles.get() + 1);
        match read(&m) {
            Ok(f) => {
                self.extra.borrow_mut().extend(f.clone());
                Ok(Some(f))
            }
            Err(e) => {
                self.stop.borrow_mut().get_or_insert(Stop::Endpoint(e));
                Err(NotFetched)
            }
        }
    }

    /// What was read for one item (before the run, or now), else the miss.
    fn read<T: Default>(
        &self,
        get: impl Fn(&Fetched) -> Option<T>,
        missed: Misses,
    ) -> Result<T, NotFetched> {
        if let Some(v) = get(self.fetched).or_else(|| get(&self.extra.borrow())) {
            return Ok(v);
        }
        Ok(self.miss(missed)?.and_then(|f| get(&f)).unwrap_or_default())
    }

    fn fetched_account(&self, address: Address) -> Result<AccountInfo, NotFetched> {
        self.read(
            |f| f.accounts.get(&address).cloned(),
            Misses {
                accounts: [address].into(),
                ..Default::default()
            },
        )
    }

    fn fetched_slot(&self, address: Address, index: U256) -> Result<U256, NotFetched> {
        self.read(
            |f| f.storage.get(&(address, index)).copied(),
            Misses {
                slots: [(address, index)].into(),
                ..Default::default()
            },
        )
    }
}

impl DatabaseRef for View<'_> {
    type Error = NotFetched;

    fn basic_ref(&self, address: Address) -> Result<Option<AccountInfo>, NotFetched> {
        let mut info = match self.prior.and_then(|p| p.get(&address)) {
            Some(a) if a.account_state == AccountState::NotExisting => AccountInfo::default(),
            Some(a) => a.info.clone(),
            None => self.fetched_account(address)?,
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

    fn code_by_hash_ref(&self, _code_hash: B256) -> Result<Bytecode, NotFetched> {
        // Every account's code is carried in its AccountInfo.
        Ok(Bytecode::default())
    }

    fn storage_ref(&self, address: Address, index: U256) -> Result<U256, NotFetched> {
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
        if let Some(a) = self.prior.and_then(|p| p.get(&address)) {
            if let Some(v) = a.storage.get(&index) {
                return Ok(*v);
            }
            if matches!(
                a.account_state,
                AccountState::StorageCleared | AccountState::NotExisting
            ) {
                return Ok(U256::ZERO);
            }
        }
        self.fetched_slot(address, index)
    }

    fn block_hash_ref(&self, number: u64) -> Result<B256, NotFetched> {
        self.read(
            |f| f.block_hashes.get(&number).copied(),
            Misses {
                block_hashes: [number].into(),
                ..Default::default()
            },
        )
    }
}

/// The rules a run follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// `eth_call`'s: no fee, no nonce check, a sender with code allowed.
    Call,
    /// A mined transaction's: fees charged, balance checked.
    Transaction,
}

/// One run's result.
pub struct Ran {
    pub outcome: SimOutcome,
    pub gas_used: u64,
    pub record: Option<ExecRecord>,
}

/// The budget of one run: its limits and the moment it must end by.
#[derive(Clone, Copy)]
pub struct Allowance {
    pub limits: Limits,
    pub deadline: Instant,
}

/// The EVM's context on `db` at `env`'s block (number and time overridable).
fn block_context<DB: Database>(
    db: DB,
    env: &BlockEnv,
    number: Option<u64>,
    time: Option<u64>,
    rules: Rules,
    limits: &Limits,
) -> MainnetContext<DB> {
    Context::mainnet()
        .with_db(db)
        .modify_cfg_chained(|cfg| {
            cfg.chain_id = env.chain_id;
            cfg.memory_limit = limits.memory;
            cfg.disable_nonce_check = true;
            cfg.disable_block_gas_limit = true;
            // No EIP-7825 per-transaction cap: an eth_call is not a transaction,
            // and a mined one was accepted by its chain's own rules.
            cfg.tx_gas_limit_cap = Some(u64::MAX);
            if rules == Rules::Call {
                cfg.disable_base_fee = true;
                cfg.disable_eip3607 = true;
                cfg.disable_fee_charge = true;
            }
        })
        .modify_block_chained(|b| {
            b.number = U256::from(number.unwrap_or(env.number));
            b.timestamp = U256::from(time.unwrap_or(env.timestamp));
            b.basefee = env.base_fee;
            b.gas_limit = env.gas_limit;
            b.beneficiary = env.coinbase;
            b.prevrandao = Some(env.prevrandao);
            if let Some(excess) = env.excess_blob_gas {
                b.set_blob_excess_gas_and_price(
                    excess,
                    revm::primitives::eip4844::BLOB_BASE_FEE_UPDATE_FRACTION_PRAGUE,
                );
            }
        })
}

/// The environment of `call` under `eth_call`'s rules.
pub fn call_tx(call: &Call, env: &BlockEnv, gas_limit: u64) -> TxEnv {
    TxEnv {
        caller: call.from.unwrap_or_default(),
        kind: TxKind::Call(call.to),
        data: call.data.clone(),
        value: call.value,
        gas_limit,
        gas_price: 0,
        gas_priority_fee: None,
        chain_id: Some(env.chain_id),
        ..Default::default()
    }
}

/// Runs `tx` once on `view` under its budget; its record when `trace`
/// (`to`: the storage context of the outermost frame).
pub fn run(
    view: &View<'_>,
    tx: TxEnv,
    env: &BlockEnv,
    (number, time): (Option<u64>, Option<u64>),
    rules: Rules,
    trace: Option<Address>,
    allowance: Allowance,
) -> Result<Ran, Error> {
    let gas_limit = tx.gas_limit;
    let mut db = CacheDB::new(WrapDatabaseRef(view));
    let ctx = block_context(&mut db, env, number, time, rules, &allowance.limits);
    let recorder = trace.map(|to| Recorder::new(to, allowance.limits));
    let budget = Budget::new(allowance.limits, allowance.deadline, recorder);
    let mut evm = ctx.build_mainnet_with_inspector(budget);
    let result = evm.inspect_tx(tx).map(|r| r.result);
    let budget = evm.into_inspector();
    finish(view, budget, result, gas_limit, &allowance.limits)
}

/// Applies the block's earlier transactions, in order, under a mined
/// transaction's rules; what they left and the gas each used (`None`: not
/// applied, as on chain for an invalid one).
pub fn run_prior(
    view: &View<'_>,
    prior: &[TxEnv],
    env: &BlockEnv,
    allowance: Allowance,
) -> Result<(PriorState, Vec<Option<u64>>), Stop> {
    let mut db = CacheDB::new(WrapDatabaseRef(view));
    let mut used = Vec::with_capacity(prior.len());
    for tx in prior {
        let ctx = block_context(
            &mut db,
            env,
            None,
            None,
            Rules::Transaction,
            &allowance.limits,
        );
        let mut evm = ctx.build_mainnet_with_inspector(Budget::new(
            allowance.limits,
            allowance.deadline,
            None,
        ));
        let result = evm.inspect_tx_commit(tx.clone());
        let cut = evm.into_inspector().cut();
        if let Some(stop) = view.stop.borrow_mut().take() {
            return Err(stop);
        }
        if let Some(b) = cut {
            return Err(Stop::Bound(b));
        }
        used.push(result.ok().map(|r| r.tx_gas_used()));
    }
    Ok((db.cache.accounts.into_iter().collect(), used))
}

fn finish(
    view: &View<'_>,
    budget: Budget,
    result: Result<ExecutionResult, EVMError<NotFetched>>,
    gas_limit: u64,
    limits: &Limits,
) -> Result<Ran, Error> {
    let stopped = |outcome| Ran {
        outcome,
        gas_used: 0,
        record: None,
    };
    match view.stop.borrow_mut().take() {
        Some(Stop::Endpoint(e)) => return Err(e),
        Some(Stop::Bound(b)) => return Ok(stopped(SimOutcome::Bounded(b))),
        None => {}
    }
    if let Some(b) = budget.cut() {
        return Ok(Ran {
            outcome: SimOutcome::Bounded(b),
            gas_used: 0,
            record: budget.into_record(FrameEnd::Unfinished),
        });
    }
    let (outcome, gas_used, end) = match result {
        Ok(ExecutionResult::Success { gas, .. }) => {
            (SimOutcome::Success, gas.tx_gas_used(), FrameEnd::Return)
        }
        Ok(ExecutionResult::Revert { output, gas, .. }) => (
            SimOutcome::Reverted(output),
            gas.tx_gas_used(),
            FrameEnd::Revert,
        ),
        // Without fee charge the sender's balance is checked by the value
        // transfer of the outermost call: it halts when the sender cannot pay.
        Ok(ExecutionResult::Halt {
            reason: HaltReason::OutOfFunds,
            ..
        }) => (
            SimOutcome::Unfunded("local EVM: the sender cannot pay the value".into()),
            0,
            FrameEnd::Halt(Halt::Other("out of funds".into())),
        ),
        Ok(ExecutionResult::Halt {
            reason: HaltReason::OutOfGas(OutOfGasError::MemoryLimit),
            ..
        }) => {
            let b = Bound::Memory(limits.memory);
            return Ok(stopped(SimOutcome::Bounded(b)));
        }
        Ok(ExecutionResult::Halt { reason, gas, .. }) => {
            let halt = halt_of(&reason);
            (
                SimOutcome::Halted {
                    halt: halt.clone(),
                    gas: Some(gas_limit),
                },
                gas.tx_gas_used(),
                FrameEnd::Halt(halt),
            )
        }
        Err(EVMError::Transaction(e)) if funds(&e) => (
            SimOutcome::Unfunded(format!("local EVM: {e}")),
            0,
            FrameEnd::Halt(Halt::Other("unfunded".into())),
        ),
        Err(e) => (
            SimOutcome::Failed(format!("local EVM: {e}")),
            0,
            FrameEnd::Halt(Halt::Other(e.to_string())),
        ),
    };
    Ok(Ran {
        outcome,
        gas_used,
        record: budget.into_record(end),
    })
}

/// The halt of revm's words.
fn halt_of(r: &HaltReason) -> Halt {
    match r {
        HaltReason::OutOfGas(_) => Halt::OutOfGas,
        HaltReason::OpcodeNotFound | HaltReason::InvalidFEOpcode => Halt::InvalidOpcode,
        HaltReason::InvalidJump => Halt::InvalidJump,
        HaltReason::StackOverflow => Halt::StackOverflow,
        HaltReason::StackUnderflow => Halt::StackUnderflow,
        HaltReason::CallTooDeep => Halt::CallTooDeep,
        other => Halt::Other(other.to_string()),
    }
}

/// revm's words for a sender that cannot pay.
fn funds(e: &InvalidTransaction) -> bool {
    matches!(
        e,
        InvalidTransaction::LackOfFundForMaxFee { .. }
            | InvalidTransaction::OverflowPaymentInTransaction
    )
}
