//! The execution record: what one execution did that the analysis reads, and
//! nothing else — storage reads and writes with their keys and values,
//! KECCAK256 inputs, the comparisons and conditional jumps with the sources of
//! their operands, the call frames (depth, target, selector, output, how each
//! ended) and the halt reason. No copy of memory or stack per step.
//!
//! One [`Recorder`] builds it from a stream of steps, whoever executed them:
//! the local EVM feeds it live through a revm inspector ([`inspector`]), and a
//! node's `debug_traceCall` struct logs are validated and fed to it one by one
//! as they are parsed ([`structlog`]). Every part of it is bounded
//! ([`Limits`]); a bound reached is recorded ([`ExecRecord::cut`]) and the
//! analysis says so, it never guesses past it.

pub mod inspector;
mod recorder;
pub mod structlog;

use std::collections::BTreeSet;
use std::time::Duration;

use alloy::primitives::{Address, B256, Bytes, U256};
use serde::{Deserialize, Serialize};

pub use recorder::{MemoryView, Recorder, SliceMemory, StepView, opcode_named};

/// The budget of one execution. Each is stated in the README; reaching one is
/// an answer ([`Bound`]), not a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// EVM steps (opcodes executed, or struct logs read) per execution.
    pub steps: u64,
    /// Bytes of EVM memory, all frames of one execution together.
    pub memory: u64,
    /// Events of each kind kept in a record (storage accesses, hashes,
    /// comparisons, branches, frames).
    pub events: usize,
    /// Rounds of batched state reads for one call; past them, what a run
    /// still misses is read one item at a time while it runs.
    pub rounds: usize,
    /// Items read one at a time past the rounds, per execution.
    pub single_reads: usize,
    /// Wall time of one execution (state reads included).
    pub wall: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            steps: 20_000_000,
            memory: 64 * 1024 * 1024,
            events: 100_000,
            rounds: 24,
            single_reads: 2_000,
            wall: Duration::from_secs(8),
        }
    }
}

/// A bound of [`Limits`] that cut an execution short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "bound", content = "limit")]
pub enum Bound {
    /// More steps than [`Limits::steps`].
    Steps(u64),
    /// More memory than [`Limits::memory`] bytes.
    Memory(u64),
    /// More events of one kind than [`Limits::events`] (the record stops there).
    Events(usize),
    /// More state items read one at a time than [`Limits::single_reads`].
    StateReads(usize),
    /// Longer than [`Limits::wall`] (milliseconds).
    Wall(u64),
}

impl Bound {
    /// "it ran more than 20000000 steps (rpccheck's bound per execution)".
    pub fn describe(&self) -> String {
        match self {
            Self::Steps(n) => {
                format!("it ran more than {n} EVM steps (rpccheck's bound per execution)")
            }
            Self::Memory(n) => format!(
                "it used more than {} MiB of EVM memory (rpccheck's bound per execution)",
                n / (1024 * 1024)
            ),
            Self::Events(n) => format!(
                "it made more than {n} storage reads, hashes or comparisons of one kind (rpccheck records no more per execution)"
            ),
            Self::StateReads(n) => format!(
                "it still needed state after every batched read round and {n} single reads (rpccheck's bound per execution): state not read is not guessed"
            ),
            Self::Wall(ms) => format!(
                "it did not finish within {:.1} s (rpccheck's bound per execution)",
                *ms as f64 / 1000.0
            ),
        }
    }
}

/// Why the EVM stopped a frame other than by RETURN, REVERT or STOP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Halt {
    OutOfGas,
    InvalidOpcode,
    InvalidJump,
    StackOverflow,
    StackUnderflow,
    CallTooDeep,
    /// Any other halt, in the executor's words.
    Other(String),
}

impl Halt {
    /// From a node's or the EVM's words for a halt.
    pub fn from_words(words: &str) -> Self {
        let w = words.to_ascii_lowercase().replace([' ', '_'], "");
        if w.contains("outofgas") || w.contains("gasuintoverflow") || w.contains("memoryoog") {
            Self::OutOfGas
        } else if w.contains("invalidjump") || w.contains("badjump") {
            Self::InvalidJump
        } else if w.contains("invalidopcode")
            || w.contains("opcodenotfound")
            || w.contains("invalidfe")
        {
            Self::InvalidOpcode
        } else if w.contains("stackoverflow") || w.contains("stacklimit") {
            Self::StackOverflow
        } else if w.contains("stackunderflow") {
            Self::StackUnderflow
        } else if w.contains("calltoodeep")
            || w.contains("maxcalldepth")
            || w.contains("depthlimit")
        {
            Self::CallTooDeep
        } else {
            Self::Other(words.to_owned())
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::OutOfGas => "ran out of gas".into(),
            Self::InvalidOpcode => "hit an invalid opcode".into(),
            Self::InvalidJump => "jumped to an invalid destination".into(),
            Self::StackOverflow => "overflowed the stack".into(),
            Self::StackUnderflow => "underflowed the stack".into(),
            Self::CallTooDeep => "called deeper than 1,024 frames".into(),
            Self::Other(w) => format!("halted ({w})"),
        }
    }
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Timestamp,
    Number,
    Caller,
    Origin,
    CallValue,
    /// An SLOAD of `slot` in `account`'s storage.
    Storage {
        account: Address,
        slot: B256,
    },
    /// A CALLDATALOAD at `offset`.
    Calldata {
        offset: u64,
    },
    /// The address the ecrecover precompile (0x01) recovered from a
    /// signature: the signer.
    Recovered,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operand {
    pub value: U256,
    /// Every source the value was computed from (empty: a constant).
    pub sources: BTreeSet<Source>,
}

/// A comparison the execution made, in order: `a OP b` (the EVM's operand order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// `LT`, `GT`, `SLT`, `SGT` or `EQ`; `AND` for a bit test of a stored
    /// word against a mask (the result: whether any bit is set).
    pub op: String,
    pub a: Operand,
    pub b: Operand,
    pub result: bool,
    /// Call depth (1: the called contract).
    pub depth: u64,
}

impl Comparison {
    /// "CALLVALUE 0 == 50000000000000000 (calldata[4] and a constant) is false".
    /// Where either side is an account (CALLER, ORIGIN), both are shown as
    /// checksummed addresses: "0x3C44…93BC (CALLER) == 0x7099…79C8 (slot 1 of …)".
    pub fn describe(&self) -> String {
        let op = match self.op.as_str() {
            "LT" | "SLT" => "<",
            "GT" | "SGT" => ">",
            "AND" => "&",
            _ => "==",
        };
        let accounts = [&self.a, &self.b].iter().any(|o| {
            o.sources
                .iter()
                .any(|s| matches!(s, Source::Caller | Source::Origin | Source::Recovered))
        });
        format!(
            "{} {op} {}: {}",
            self.a.describe(accounts),
            self.b.describe(accounts),
            self.result
        )
    }
}

impl Operand {
    /// The value (a checksummed address where `account` and it fits 160
    /// bits) and where it came from.
    pub fn describe(&self, account: bool) -> String {
        let value = if account && self.value.bit_len() <= 160 {
            Address::from_word(B256::from(self.value.to_be_bytes::<32>())).to_checksum(None)
        } else {
            self.value.to_string()
        };
        if self.sources.is_empty() {
            return value;
        }
        let from: Vec<String> = self.sources.iter().map(Source::describe).collect();
        format!("{value} ({})", from.join(" and "))
    }
}

impl Source {
    fn describe(&self) -> String {
        match self {
            Self::Timestamp => "TIMESTAMP".into(),
            Self::Number => "NUMBER".into(),
            Self::Caller => "CALLER".into(),
            Self::Origin => "ORIGIN".into(),
            Self::CallValue => "CALLVALUE".into(),
            Self::Storage { account, slot } => {
                format!(
                    "slot {} of {}",
                    short_word(*slot),
                    account.to_checksum(None)
                )
            }
            Self::Calldata { offset } => format!("calldata[{offset}]"),
            Self::Recovered => "ECRECOVER".into(),
        }
    }
}

/// A 32-byte word printed as a small number when it is one.
pub fn short_word(w: B256) -> String {
    let n = U256::from_be_bytes(w.0);
    if n < U256::from(1_000_000u64) {
        n.to_string()
    } else {
        w.to_string()
    }
}

/// A conditional jump whose condition came from somewhere (not a constant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    pub depth: u64,
    pub pc: u64,
    /// The condition, with its sources.
    pub condition: Operand,
    /// Whether the jump was taken (the condition was not zero).
    pub taken: bool,
}

/// One storage read (SLOAD) or write (SSTORE).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// Whose storage (the caller's, for a delegatecall).
    pub account: Address,
    pub slot: B256,
    pub value: B256,
    pub depth: u64,
}

/// One KECCAK256: what it hashed (up to [`Hashed::MAX_INPUT`] bytes) and the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hashed {
    pub input: Bytes,
    pub hash: B256,
}

impl Hashed {
    /// Longer inputs are not kept (a mapping key is 64 bytes; a packed
    /// preimage a little more).
    pub const MAX_INPUT: usize = 4096;
}

/// How a frame ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameEnd {
    Return,
    Revert,
    Halt(Halt),
    /// The record stopped before the frame ended (a bound).
    Unfinished,
}

/// One call frame that ran code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub depth: u64,
    /// The opcode that opened it (`CALL`, `STATICCALL`, `DELEGATECALL`,
    /// `CALLCODE`, `CREATE`, `CREATE2`); the outermost frame's is `CALL`.
    pub kind: String,
    /// The code that ran (for a delegatecall, the library's address).
    pub code: Address,
    /// Whose storage it used.
    pub storage: Address,
    pub selector: Option<[u8; 4]>,
    /// What it returned or reverted with (up to [`Frame::MAX_OUTPUT`] bytes).
    pub output: Bytes,
    pub end: FrameEnd,
    /// The step it started at and the step after its last.
    pub first_step: u64,
    pub last_step: u64,
}

impl Frame {
    pub const MAX_OUTPUT: usize = 64 * 1024;
}

/// What one execution did that the analysis reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecRecord {
    pub reads: Vec<Access>,
    pub writes: Vec<Access>,
    pub hashes: Vec<Hashed>,
    pub comparisons: Vec<Comparison>,
    pub branches: Vec<Branch>,
    /// In the order they started.
    pub frames: Vec<Frame>,
    /// Whether the execution failed (reverted or halted).
    pub failed: bool,
    /// How the outermost frame halted, when it did.
    pub halt: Option<Halt>,
    pub steps: u64,
    /// The bound that cut the record short, if one did.
    pub cut: Option<Bound>,
}

impl ExecRecord {
    /// The frame the failure started in: the deepest frame that reverted and
    /// after which the execution never ran at its depth again (a revert a
    /// caller caught is followed by more work at that depth; the one that
    /// failed the call is not).
    pub fn failing_frame(&self) -> Option<&Frame> {
        self.frames
            .iter()
            .filter(|f| f.end == FrameEnd::Revert)
            .filter(|f| {
                !self
                    .frames
                    .iter()
                    .any(|g| g.depth >= f.depth && g.first_step >= f.last_step)
            })
            .max_by_key(|f| f.depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An owner check reads as accounts, not as 160-bit integers; other
    /// comparisons keep their numbers.
    #[test]
    fn a_comparison_with_the_caller_shows_checksummed_addresses() {
        let caller: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
            .parse()
            .unwrap();
        let owner: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
            .parse()
            .unwrap();
        let contract: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
            .parse()
            .unwrap();
        let word = |a: Address| U256::from_be_bytes(a.into_word().0);
        let c = Comparison {
            op: "EQ".into(),
            a: Operand {
                value: word(caller),
                sources: [Source::Caller].into(),
            },
            b: Operand {
                value: word(owner),
                sources: [Source::Storage {
                    account: contract,
                    slot: B256::with_last_byte(1),
                }]
                .into(),
            },
            result: false,
            depth: 1,
        };
        assert_eq!(
            c.describe(),
            format!("{caller} (CALLER) == {owner} (slot 1 of {contract}): false")
        );
        let time = Comparison {
            op: "LT".into(),
            a: Operand {
                value: U256::from(2000),
                sources: [Source::Timestamp].into(),
            },
            b: Operand {
                value: U256::from(1000),
                sources: BTreeSet::new(),
            },
            result: false,
            depth: 1,
        };
        assert_eq!(time.describe(), "2000 (TIMESTAMP) < 1000: false");
    }
}
