//! Builds an [`ExecRecord`] from a stream of steps, whoever executed them.
//!
//! Each step comes with its depth, pc, opcode, the stack before it (bottom
//! first) and a view of its frame's memory; the result of an opcode (an SLOAD's
//! value, a hash) is read from the next step at the same depth, so the revm
//! inspector and a node's struct logs feed it the same way. A shadow stack
//! beside the real one, and a shadow of each frame's memory, carry where every
//! value came from (TIMESTAMP, CALLER, a storage slot, a calldata word...)
//! through arithmetic and memory, so that a comparison is recorded with the
//! sources of both sides: `minted[msg.sender] + quantity > maxPerWallet` is
//! (slot X + calldata) against slot Y. The selector dispatch and the ABI
//! decoder's own checks (calldata against constants, a value against itself)
//! are left out. Everything kept is bounded by [`Limits`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use alloy::primitives::{Address, B256, Bytes, U256};
use revm::bytecode::opcode::{self as op, OpCode};

use super::{
    Access, Bound, Branch, Comparison, ExecRecord, Frame, FrameEnd, Halt, Hashed, Limits, Operand,
    Source,
};

/// Sources kept per value (a value summed from many reads keeps the first).
const MAX_SOURCES: usize = 8;
/// Words of memory whose sources are followed, all frames together.
const MAX_MEMORY_WORDS: usize = 65_536;
/// Distinct sources a record tells apart (past it, new ones are not followed).
const MAX_DISTINCT_SOURCES: usize = 1 << 20;
/// Words a copy in memory is followed for (the rest lose their sources).
const COPY_WORDS: u64 = 64;

/// The sources of one value, as ids into the recorder's table of sources:
/// sorted, at most [`MAX_SOURCES`], copied without allocating (a shadow stack
/// of 1,024 of them per frame stays small).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tags {
    ids: [u32; MAX_SOURCES],
    len: u8,
}

impl Tags {
    fn one(id: Option<u32>) -> Self {
        let mut t = Self::default();
        if let Some(id) = id {
            t.ids[0] = id;
            t.len = 1;
        }
        t
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn ids(&self) -> &[u32] {
        &self.ids[..usize::from(self.len)]
    }

    /// Adds `other`'s sources (past [`MAX_SOURCES`], the rest are dropped).
    fn add(&mut self, other: &Tags) {
        for &id in other.ids() {
            let n = usize::from(self.len);
            if let Err(at) = self.ids().binary_search(&id)
                && n < MAX_SOURCES
            {
                self.ids.copy_within(at..n, at + 1);
                self.ids[at] = id;
                self.len += 1;
            }
        }
    }
}

/// The sources told apart so far, by id.
#[derive(Default)]
struct Sources {
    ids: HashMap<Source, u32>,
    list: Vec<Source>,
}

impl Sources {
    fn id(&mut self, s: Source) -> Option<u32> {
        if let Some(id) = self.ids.get(&s) {
            return Some(*id);
        }
        if self.list.len() >= MAX_DISTINCT_SOURCES {
            return None;
        }
        let id = self.list.len() as u32;
        self.list.push(s.clone());
        self.ids.insert(s, id);
        Some(id)
    }

    fn set(&self, t: &Tags) -> BTreeSet<Source> {
        t.ids()
            .iter()
            .map(|i| self.list[*i as usize].clone())
            .collect()
    }

    fn any(&self, t: &Tags, f: impl Fn(&Source) -> bool) -> bool {
        t.ids().iter().any(|i| f(&self.list[*i as usize]))
    }
}

/// A frame's memory, as a step sees it.
pub trait MemoryView {
    /// `len` bytes from `offset` (zeros past the end).
    fn read(&self, offset: usize, len: usize) -> Vec<u8>;
}

/// Memory as one slice of bytes (the interpreter's, or a struct log's).
pub struct SliceMemory<'a>(pub &'a [u8]);

impl MemoryView for SliceMemory<'_> {
    fn read(&self, offset: usize, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        if let Some(have) = self.0.get(offset..) {
            let n = have.len().min(len);
            out[..n].copy_from_slice(&have[..n]);
        }
        out
    }
}

/// One step, before it runs.
pub struct StepView<'a> {
    /// 1 for the outermost frame.
    pub depth: u64,
    pub pc: u64,
    pub op: u8,
    /// Bottom first.
    pub stack: &'a [U256],
    pub memory: &'a dyn MemoryView,
    /// The executor's word on why this step failed, where it says (struct logs).
    pub error: Option<&'a str>,
}

/// A result the next step at the same depth will show.
enum Pending {
    Sload { account: Address, slot: B256 },
    Hash(Bytes),
}

/// A SUB, XOR or AND that is a comparison if a test of it follows (via-IR's
/// `if (a != b)` jumps on `a - b`; Solady's role check on `and(word, mask)`).
struct Watch {
    comparison: Comparison,
    /// An ISZERO right after counts (a bit test); else PUSH then JUMPI.
    iszero: bool,
    pushed: bool,
}

/// A call the next deeper step will be inside of.
struct Opened {
    kind: &'static str,
    code: Address,
    storage: Address,
    selector: Option<[u8; 4]>,
}

struct Level {
    shadow: Vec<Tags>,
    memory: Memory,
    storage: Address,
    /// Index of its frame in the record (none once frames are cut).
    frame: Option<usize>,
    pending: Option<Pending>,
    watch: Option<Watch>,
    opened: Option<Opened>,
    last_op: u8,
    output: Bytes,
    error: Option<String>,
    /// The sources of what this frame returned (its RETURN's memory words).
    returned: Tags,
    /// Where the call this frame made writes its output (offset, size): the
    /// callee's returned sources land there when it returns.
    call_out: Option<(u64, u64)>,
    /// The sources of the last returned data (what RETURNDATACOPY copies).
    last_return: Tags,
}

/// How many bytes of a returned region are followed (words beyond are not).
const RETURN_FOLLOWED: u64 = 64 * 32;

/// Builds one [`ExecRecord`].
pub struct Recorder {
    limits: Limits,
    record: ExecRecord,
    levels: Vec<Level>,
    to: Address,
    sources: Sources,
    /// Memory words whose sources may still be followed.
    memory_words: usize,
}

impl Recorder {
    /// A record of a call to `to` (storage context of the outermost frame).
    pub fn new(to: Address, limits: Limits) -> Self {
        Self {
            limits,
            record: ExecRecord::default(),
            levels: Vec::new(),
            to,
            sources: Sources::default(),
            memory_words: MAX_MEMORY_WORDS,
        }
    }

    /// The bound reached so far, if any: the executor stops there.
    pub fn cut(&self) -> Option<Bound> {
        self.record.cut
    }

    /// Records a bound reached outside the recorder (memory, wall time).
    pub fn set_cut(&mut self, bound: Bound) {
        self.record.cut.get_or_insert(bound);
    }

    /// Feeds one step. Past a bound, steps are counted and nothing else.
    pub fn step(&mut self, s: &StepView<'_>) {
        self.record.steps += 1;
        if self.record.steps > self.limits.steps {
            self.set_cut(Bound::Steps(self.limits.steps));
        }
        if self.record.cut.is_some() {
            return;
        }
        let depth = s.depth.max(1) as usize;
        while self.levels.len() > depth {
            self.leave(None);
        }
        while self.levels.len() < depth {
            self.enter();
        }
        let stack = s.stack;
        let top = |n: usize| stack.len().checked_sub(n + 1).map(|k| stack[k]);
        let events = self.limits.events;
        let level = self.levels.last_mut().expect("a level per depth");
        let account = level.storage;
        // A call that entered no frame (a precompile, an account without
        // code) returned nothing to follow.
        level.call_out = None;

        // The result of the previous step at this depth.
        if let Some(p) = level.pending.take()
            && let Some(v) = top(0)
        {
            let value = B256::from(v.to_be_bytes::<32>());
            match p {
                Pending::Sload { account, slot } => push(
                    &mut self.record.reads,
                    Access {
                        account,
                        slot,
                        value,
                        depth: depth as u64,
                    },
                    events,
                    &mut self.record.cut,
                ),
                Pending::Hash(input) => push(
                    &mut self.record.hashes,
                    Hashed { input, hash: value },
                    events,
                    &mut self.record.cut,
                ),
            }
        }
        if let Some(mut w) = level.watch.take() {
            if !w.pushed && (op::PUSH0..=op::PUSH32).contains(&s.op) {
                w.pushed = true;
                level.watch = Some(w);
            } else if (w.pushed && s.op == op::JUMPI)
                || (!w.pushed && w.iszero && s.op == op::ISZERO)
            {
                push(
                    &mut self.record.comparisons,
                    w.comparison,
                    events,
                    &mut self.record.cut,
                );
            }
        }
        level.last_op = s.op;
        if let Some(e) = s.error {
            level.error = Some(e.to_owned());
        }

        let shadow = &mut level.shadow;
        // Resynchronise where the shadow lost track (an opcode it cannot model,
        // a call's result pushed).
        if shadow.len() != stack.len() {
            shadow.clear();
            shadow.resize(stack.len(), Tags::default());
        }
        let tag = |n: usize| -> Tags {
            shadow
                .len()
                .checked_sub(n + 1)
                .map(|k| shadow[k])
                .unwrap_or_default()
        };
        let sources = &self.sources;
        let stored = |t: &Tags| sources.any(t, |s| matches!(s, Source::Storage { .. }));
        // Two sides from different places, one of them not the calldata (the
        // dispatch and the ABI decoder compare calldata with constants).
        let gate_like = |a: &Tags, b: &Tags| {
            a != b
                && (sources.any(a, |s| !matches!(s, Source::Calldata { .. }))
                    || sources.any(b, |s| !matches!(s, Source::Calldata { .. })))
        };
        let comparison = |op: &str, result: bool| -> Option<Comparison> {
            let (a, b) = (top(0)?, top(1)?);
            Some(Comparison {
                op: op.to_owned(),
                a: Operand {
                    value: a,
                    sources: sources.set(&tag(0)),
                },
                b: Operand {
                    value: b,
                    sources: sources.set(&tag(1)),
                },
                result,
                depth: depth as u64,
            })
        };
        match s.op {
            op::LT | op::GT | op::SLT | op::SGT | op::EQ => {
                let name = OpCode::new(s.op).map(|o| o.as_str()).unwrap_or("EQ");
                let result = match (top(0), top(1)) {
                    (Some(a), Some(b)) => match s.op {
                        op::LT => a < b,
                        op::GT => a > b,
                        op::SLT => signed_lt(a, b),
                        op::SGT => signed_lt(b, a),
                        _ => a == b,
                    },
                    _ => false,
                };
                if gate_like(&tag(0), &tag(1))
                    && let Some(c) = comparison(name, result)
                {
                    push(
                        &mut self.record.comparisons,
                        c,
                        events,
                        &mut self.record.cut,
                    );
                }
            }
            op::SUB | op::XOR => {
                if gate_like(&tag(0), &tag(1))
                    && let Some(c) = comparison("EQ", top(0) == top(1))
                {
                    level.watch = Some(Watch {
                        comparison: c,
                        iszero: false,
                        pushed: false,
                    });
                }
            }
            op::AND => {
                let hit = matches!((top(0), top(1)), (Some(a), Some(b)) if !(a & b).is_zero());
                // A stored word against a mask that is no field extraction (a
                // bool's, an address's: whole bytes of ones).
                let (ta, tb) = (tag(0), tag(1));
                let mask_ok = |m: Option<U256>| m.is_some_and(|m| !field_mask(m));
                // Or two stored words (the roles a user holds against the
                // roles a capability needs, kept by an authority).
                let bit_test = (stored(&ta) && tb.is_empty() && mask_ok(top(1)))
                    || (stored(&tb) && ta.is_empty() && mask_ok(top(0)))
                    || (stored(&ta)
                        && stored(&tb)
                        && ta != tb
                        && mask_ok(top(0))
                        && mask_ok(top(1)));
                if bit_test && let Some(c) = comparison("AND", hit) {
                    level.watch = Some(Watch {
                        comparison: c,
                        iszero: true,
                        pushed: false,
                    });
                }
            }
            op::JUMPI => {
                if let Some(cond) = top(1) {
                    let t = tag(1);
                    if !t.is_empty() {
                        let sources = self.sources.set(&t);
                        push(
                            &mut self.record.branches,
                            Branch {
                                depth: depth as u64,
                                pc: s.pc,
                                condition: Operand {
                                    value: cond,
                                    sources,
                                },
                                taken: !cond.is_zero(),
                            },
                            events,
                            &mut self.record.cut,
                        );
                    }
                }
            }
            op::KECCAK256 => {
                if let (Some(offset), Some(size)) = (top(0), top(1))
                    && let (Ok(offset), Ok(size)) = (usize::try_from(offset), usize::try_from(size))
                    && size <= Hashed::MAX_INPUT
                {
                    level.pending = Some(Pending::Hash(s.memory.read(offset, size).into()));
                }
            }
            op::SLOAD => {
                if let Some(slot) = top(0) {
                    level.pending = Some(Pending::Sload {
                        account,
                        slot: B256::from(slot.to_be_bytes::<32>()),
                    });
                }
            }
            op::SSTORE => {
                if let (Some(slot), Some(value)) = (top(0), top(1)) {
                    push(
                        &mut self.record.writes,
                        Access {
                            account,
                            slot: B256::from(slot.to_be_bytes::<32>()),
                            value: B256::from(value.to_be_bytes::<32>()),
                            depth: depth as u64,
                        },
                        events,
                        &mut self.record.cut,
                    );
                }
            }
            op::CALL | op::CALLCODE | op::DELEGATECALL | op::STATICCALL => {
                let (kind, args) = match s.op {
                    op::CALL => ("CALL", 3),
                    op::CALLCODE => ("CALLCODE", 3),
                    op::DELEGATECALL => ("DELEGATECALL", 2),
                    _ => ("STATICCALL", 2),
                };
                if let Some(target) = top(1) {
                    let code = Address::from_slice(&target.to_be_bytes::<32>()[12..]);
                    let selector = match (top(args), top(args + 1)) {
                        (Some(offset), Some(len)) if len >= U256::from(4) => {
                            usize::try_from(offset).ok().and_then(|o| {
                                <[u8; 4]>::try_from(s.memory.read(o, 4).as_slice()).ok()
                            })
                        }
                        _ => None,
                    };
                    let storage = if matches!(s.op, op::CALL | op::STATICCALL) {
                        code
                    } else {
                        account
                    };
                    level.opened = Some(Opened {
                        kind,
                        code,
                        storage,
                        selector,
                    });
                }
                let out = if args == 3 { (5, 6) } else { (4, 5) };
                if let (Some(dest), Some(size)) = (top(out.0), top(out.1)) {
                    level.call_out = Some((dest.saturating_to(), size.saturating_to()));
                }
            }
            op::CREATE | op::CREATE2 => {
                level.opened = Some(Opened {
                    kind: if s.op == op::CREATE {
                        "CREATE"
                    } else {
                        "CREATE2"
                    },
                    code: Address::ZERO,
                    storage: Address::ZERO,
                    selector: None,
                });
            }
            op::REVERT | op::RETURN => {
                if let (Some(offset), Some(size)) = (top(0), top(1))
                    && let Ok(offset) = usize::try_from(offset)
                {
                    let followed = size.saturating_to::<u64>().min(RETURN_FOLLOWED);
                    let mut returned = Tags::default();
                    for k in (0..followed).step_by(32) {
                        returned.add(&level.memory.load(offset as u64 + k));
                    }
                    level.returned = returned;
                    let size = usize::try_from(size)
                        .unwrap_or(usize::MAX)
                        .min(Frame::MAX_OUTPUT);
                    level.output = s.memory.read(offset, size).into();
                }
            }
            _ => {}
        }
        shadow_step(level, s, account, &mut self.sources, &mut self.memory_words);
    }

    /// Ends the innermost frame as the executor says (the local EVM knows how
    /// each frame ended; for struct logs it is inferred from the last step).
    pub fn frame_ended(&mut self, depth: u64, end: FrameEnd) {
        if self.record.cut.is_some() {
            return;
        }
        while self.levels.len() > depth as usize {
            self.leave(None);
        }
        if self.levels.len() == depth as usize && depth > 1 {
            self.leave(Some(end));
        }
    }

    /// The record, once the execution ended (`end`: how the outermost frame did).
    pub fn finish(mut self, end: FrameEnd) -> ExecRecord {
        let cut = self.record.cut.is_some();
        while self.levels.len() > 1 {
            self.leave(cut.then_some(FrameEnd::Unfinished));
        }
        if !self.levels.is_empty() {
            self.leave(Some(if cut {
                FrameEnd::Unfinished
            } else {
                end.clone()
            }));
        }
        self.record.failed = !matches!(end, FrameEnd::Return);
        if let FrameEnd::Halt(h) = end {
            self.record.halt = Some(h);
        }
        self.record
    }

    fn enter(&mut self) {
        let opened = self.levels.last_mut().and_then(|l| l.opened.take());
        let (kind, code, storage, selector) = match opened {
            Some(o) => (o.kind, o.code, o.storage, o.selector),
            None if self.levels.is_empty() => ("CALL", self.to, self.to, None),
            None => ("CALL", Address::ZERO, Address::ZERO, None),
        };
        let frame = if self.record.frames.len() < self.limits.events {
            self.record.frames.push(Frame {
                depth: self.levels.len() as u64 + 1,
                kind: kind.to_owned(),
                code,
                storage,
                selector,
                output: Bytes::new(),
                end: FrameEnd::Unfinished,
                first_step: self.record.steps.saturating_sub(1),
                last_step: self.record.steps.saturating_sub(1),
            });
            Some(self.record.frames.len() - 1)
        } else {
            self.record
                .cut
                .get_or_insert(Bound::Events(self.limits.events));
            None
        };
        self.levels.push(Level {
            shadow: Vec::new(),
            memory: Memory::default(),
            storage,
            frame,
            pending: None,
            watch: None,
            opened: None,
            last_op: 0,
            output: Bytes::new(),
            error: None,
            returned: Tags::default(),
            call_out: None,
            last_return: Tags::default(),
        });
    }

    /// Leaves the innermost frame: how it ended, given or read from its last step.
    fn leave(&mut self, end: Option<FrameEnd>) {
        let Some(level) = self.levels.pop() else {
            return;
        };
        self.memory_words += level.memory.words.len();
        let returned = level.last_op == op::RETURN;
        if let Some(parent) = self.levels.last_mut() {
            parent.opened = None;
            // The callee's output, and where it came from, in the caller's
            // memory (and its return data).
            parent.last_return = if returned {
                level.returned
            } else {
                Tags::default()
            };
            if let Some((dest, size)) = parent.call_out.take()
                && returned
                && !level.returned.is_empty()
            {
                for k in (0..size.min(RETURN_FOLLOWED)).step_by(32) {
                    parent
                        .memory
                        .store(dest + k, level.returned, &mut self.memory_words);
                }
            }
        }
        let end = end.unwrap_or_else(|| match level.last_op {
            op::RETURN | op::STOP | op::SELFDESTRUCT => FrameEnd::Return,
            op::REVERT => FrameEnd::Revert,
            _ => FrameEnd::Halt(
                level
                    .error
                    .as_deref()
                    .map(Halt::from_words)
                    .unwrap_or(Halt::Other("the step did not complete".into())),
            ),
        });
        if let Some(f) = level.frame.and_then(|i| self.record.frames.get_mut(i)) {
            f.output = if matches!(end, FrameEnd::Return | FrameEnd::Revert) {
                level.output
            } else {
                Bytes::new()
            };
            f.end = end;
            f.last_step = self.record.steps;
        }
    }
}

/// Pushes `item` unless `list` is full (then the record is cut there).
fn push<T>(list: &mut Vec<T>, item: T, max: usize, cut: &mut Option<Bound>) {
    if list.len() < max {
        list.push(item);
    } else {
        cut.get_or_insert(Bound::Events(max));
    }
}

fn signed_lt(a: U256, b: U256) -> bool {
    let (neg_a, neg_b) = (a.bit(255), b.bit(255));
    if neg_a != neg_b { neg_a } else { a < b }
}

/// Whether `m` is whole bytes of ones in one run (`0xff`, `0xff00`, an
/// address's 160 bits): the compiler's field extraction, not a flag mask.
fn field_mask(m: U256) -> bool {
    if m.is_zero() {
        return false;
    }
    let low = m.trailing_zeros();
    let ones = (m >> low).trailing_ones();
    (m >> low) >> ones == U256::ZERO && low.is_multiple_of(8) && ones.is_multiple_of(8)
}

/// Stack inputs and outputs of an opcode.
fn arity(op: u8) -> Option<(usize, usize)> {
    static TABLE: OnceLock<[Option<(usize, usize)>; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [None; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            *slot = OpCode::new(i as u8).map(|o| (o.inputs() as usize, o.outputs() as usize));
        }
        t
    })[op as usize]
}

/// Opcodes whose result is computed from their inputs.
fn is_arithmetic(o: u8) -> bool {
    matches!(
        o,
        // A comparison's result carries its operands' sources: the condition
        // a JUMPI takes is then where its operands came from.
        op::ISZERO
            | op::EQ
            | op::LT
            | op::GT
            | op::SLT
            | op::SGT
            | op::ADD
            | op::SUB
            | op::MUL
            | op::DIV
            | op::SDIV
            | op::MOD
            | op::SMOD
            | op::ADDMOD
            | op::MULMOD
            | op::EXP
            | op::SIGNEXTEND
            | op::AND
            | op::OR
            | op::XOR
            | op::NOT
            | op::SHL
            | op::SHR
            | op::SAR
            | op::BYTE
    )
}

/// Moves the shadow stack and memory past one step.
fn shadow_step(
    level: &mut Level,
    s: &StepView<'_>,
    account: Address,
    sources: &mut Sources,
    budget: &mut usize,
) {
    let stack = s.stack;
    let top = |n: usize| stack.len().checked_sub(n + 1).map(|k| stack[k]);
    let at = |n: usize| top(n).map(|v| v.saturating_to::<u64>());
    let shadow = &mut level.shadow;
    let memory = &mut level.memory;
    let produced: Tags = match s.op {
        op::TIMESTAMP => Tags::one(sources.id(Source::Timestamp)),
        op::NUMBER => Tags::one(sources.id(Source::Number)),
        op::CALLER => Tags::one(sources.id(Source::Caller)),
        op::ORIGIN => Tags::one(sources.id(Source::Origin)),
        op::CALLVALUE => Tags::one(sources.id(Source::CallValue)),
        op::SLOAD => Tags::one(top(0).and_then(|slot| {
            sources.id(Source::Storage {
                account,
                slot: B256::from(slot.to_be_bytes::<32>()),
            })
        })),
        op::CALLDATALOAD => Tags::one(top(0).and_then(|o| {
            sources.id(Source::Calldata {
                offset: o.saturating_to(),
            })
        })),
        op::MLOAD => at(0).map(|o| memory.load(o)).unwrap_or_default(),
        _ => Tags::default(),
    };
    // What the opcode writes to memory: a word's sources go with it (a struct
    // copied from storage to memory, then read field by field).
    match s.op {
        op::MSTORE => {
            if let (Some(offset), Some(tags)) = (
                at(0),
                stack.len().checked_sub(2).and_then(|k| shadow.get(k)),
            ) {
                memory.store(offset, *tags, budget);
            }
        }
        op::MSTORE8 => {
            if let Some(offset) = at(0) {
                memory.clear(offset, 1, budget);
            }
        }
        op::CALLDATACOPY => {
            if let (Some(dest), Some(from), Some(size)) = (at(0), at(1), at(2)) {
                memory.copy_calldata(dest, from, size, sources, budget);
            }
        }
        op::MCOPY => {
            if let (Some(dest), Some(from), Some(size)) = (at(0), at(1), at(2)) {
                memory.copy_within(dest, from, size, budget);
            }
        }
        op::CODECOPY => {
            if let (Some(dest), Some(size)) = (at(0), at(2)) {
                memory.clear(dest, size, budget);
            }
        }
        op::RETURNDATACOPY => {
            if let (Some(dest), Some(size)) = (at(0), at(2)) {
                memory.clear(dest, size, budget);
                if !level.last_return.is_empty() {
                    for k in (0..size.min(RETURN_FOLLOWED)).step_by(32) {
                        memory.store(dest + k, level.last_return, budget);
                    }
                }
            }
        }
        op::EXTCODECOPY => {
            if let (Some(dest), Some(size)) = (at(1), at(3)) {
                memory.clear(dest, size, budget);
            }
        }
        // A call's output lands in the caller's memory.
        op::CALL | op::CALLCODE => {
            if let (Some(dest), Some(size)) = (at(5), at(6)) {
                memory.clear(dest, size, budget);
                if s.op == op::CALL && top(1) == Some(U256::from(1)) && size >= 32 {
                    memory.store(dest, Tags::one(sources.id(Source::Recovered)), budget);
                }
            }
        }
        op::DELEGATECALL | op::STATICCALL => {
            if let (Some(dest), Some(size)) = (at(4), at(5)) {
                memory.clear(dest, size, budget);
                // ecrecover's output is the signer a signature recovers to.
                if top(1) == Some(U256::from(1)) && size >= 32 {
                    memory.store(dest, Tags::one(sources.id(Source::Recovered)), budget);
                }
            }
        }
        _ => {}
    }
    if (op::DUP1..=op::DUP16).contains(&s.op) {
        let n = (s.op - op::DUP1 + 1) as usize;
        if let Some(t) = shadow.len().checked_sub(n).map(|k| shadow[k]) {
            shadow.push(t);
        }
        return;
    }
    if (op::SWAP1..=op::SWAP16).contains(&s.op) {
        let n = (s.op - op::SWAP1 + 1) as usize;
        let len = shadow.len();
        if len > n {
            shadow.swap(len - 1, len - 1 - n);
        }
        return;
    }
    let Some((inputs, outputs)) = arity(s.op) else {
        shadow.clear();
        return;
    };
    let from = shadow.len().saturating_sub(inputs);
    let mut consumed = Tags::default();
    for t in shadow.drain(from..) {
        consumed.add(&t);
    }
    // Arithmetic carries its inputs' sources; an environment read, its own.
    let carried = if produced.is_empty() && is_arithmetic(s.op) {
        consumed
    } else {
        produced
    };
    for _ in 0..outputs {
        shadow.push(carried);
    }
}

/// The sources of the words in one frame's memory, by byte offset of the word
/// written (an MSTORE, a copy from the calldata); a read takes the sources of
/// every word it overlaps. Every frame's words come out of one budget.
#[derive(Default)]
struct Memory {
    words: BTreeMap<u64, Tags>,
}

impl Memory {
    fn load(&self, offset: u64) -> Tags {
        let mut t = Tags::default();
        for (_, w) in self
            .words
            .range(offset.saturating_sub(31)..offset.saturating_add(32))
        {
            t.add(w);
        }
        t
    }

    fn clear(&mut self, offset: u64, size: u64, budget: &mut usize) {
        if size == 0 {
            return;
        }
        let overlapping: Vec<u64> = self
            .words
            .range(offset.saturating_sub(31)..offset.saturating_add(size))
            .map(|(k, _)| *k)
            .collect();
        for k in overlapping {
            self.words.remove(&k);
            *budget += 1;
        }
    }

    fn insert(&mut self, offset: u64, tags: Tags, budget: &mut usize) {
        if tags.is_empty() {
            return;
        }
        if let Some(w) = self.words.get_mut(&offset) {
            *w = tags;
        } else if *budget > 0 {
            *budget -= 1;
            self.words.insert(offset, tags);
        }
    }

    fn store(&mut self, offset: u64, tags: Tags, budget: &mut usize) {
        self.clear(offset, 32, budget);
        self.insert(offset, tags, budget);
    }

    fn copy_calldata(
        &mut self,
        dest: u64,
        from: u64,
        size: u64,
        sources: &mut Sources,
        budget: &mut usize,
    ) {
        self.clear(dest, size, budget);
        for w in 0..size.div_ceil(32).min(COPY_WORDS) {
            let offset = from.saturating_add(w * 32);
            let t = Tags::one(sources.id(Source::Calldata { offset }));
            self.insert(dest.saturating_add(w * 32), t, budget);
        }
    }

    fn copy_within(&mut self, dest: u64, from: u64, size: u64, budget: &mut usize) {
        let words: Vec<(u64, Tags)> = (0..size.div_ceil(32).min(COPY_WORDS))
            .map(|w| {
                (
                    dest.saturating_add(w * 32),
                    self.load(from.saturating_add(w * 32)),
                )
            })
            .collect();
        self.clear(dest, size, budget);
        for (offset, tags) in words {
            self.insert(offset, tags, budget);
        }
    }
}

/// The opcode a struct log names (geth's older names and its words for an
/// undefined opcode included); `None`: not an opcode.
pub fn opcode_named(name: &str) -> Option<u8> {
    static TABLE: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: HashMap<&'static str, u8> = (0..=u8::MAX)
            .filter_map(|b| OpCode::new(b).map(|o| (o.as_str(), b)))
            .collect();
        t.insert("SHA3", op::KECCAK256);
        t.insert("DIFFICULTY", op::DIFFICULTY);
        t.insert("RANDOM", op::DIFFICULTY);
        t.insert("INVALID", op::INVALID);
        t
    });
    if let Some(b) = table.get(name) {
        return Some(*b);
    }
    // geth: "opcode 0xef not defined"; others: "UNKNOWN", "0xef".
    let hex = name
        .strip_prefix("opcode ")
        .map(|r| r.trim_end_matches(" not defined"))
        .unwrap_or(name);
    hex.strip_prefix("0x")
        .filter(|h| h.len() <= 2)
        .and_then(|h| u8::from_str_radix(h, 16).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(op: &str, depth: u64, stack: &[u64]) -> serde_json::Value {
        let stack: Vec<String> = stack.iter().map(|v| format!("{v:#x}")).collect();
        serde_json::json!({
            "pc": 0, "op": op, "gas": 0, "gasCost": 0, "depth": depth, "stack": stack
        })
    }

    /// The comparisons of struct logs, read as a node's trace is.
    fn comparisons(logs: &[serde_json::Value], to: Address) -> Vec<Comparison> {
        let raw = serde_json::json!({"failed": false, "structLogs": logs});
        super::super::structlog::convert(&raw.to_string(), to, Limits::default())
            .expect("a valid trace")
            .comparisons
    }

    /// `require(block.timestamp >= start)` and `minted + qty <= limit`, as the
    /// compiler lays them out: the sources follow through ADD, DUP and SWAP.
    #[test]
    fn follows_timestamp_storage_and_calldata_into_comparisons() {
        let to = Address::repeat_byte(0xcc);
        let logs = vec![
            step("PUSH1", 1, &[]),
            step("SLOAD", 1, &[5]),        // start = slot 5
            step("TIMESTAMP", 1, &[1000]), // now = 2000
            step("LT", 1, &[1000, 2000]),  // now < start ?
            step("POP", 1, &[0]),
            step("PUSH1", 1, &[]),
            step("SLOAD", 1, &[7]), // minted = slot 7
            step("PUSH1", 1, &[2]),
            step("CALLDATALOAD", 1, &[2, 4]), // qty
            step("ADD", 1, &[2, 1]),          // minted + qty
            step("PUSH1", 1, &[3]),
            step("SLOAD", 1, &[3, 8]), // limit = slot 8
            step("SWAP1", 1, &[3, 3]),
            step("GT", 1, &[3, 3]), // minted + qty > limit ?
            step("STOP", 1, &[0]),
        ];
        let c = comparisons(&logs, to);
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(c[0].op, "LT");
        assert_eq!(c[0].a.sources, [Source::Timestamp].into());
        assert_eq!(
            (c[0].a.value, c[0].b.value),
            (U256::from(2000), U256::from(1000))
        );
        let slot = |n: u8| Source::Storage {
            account: to,
            slot: B256::with_last_byte(n),
        };
        assert_eq!(c[0].b.sources, [slot(5)].into());
        assert_eq!(c[1].op, "GT");
        assert_eq!(
            c[1].a.sources,
            [slot(7), Source::Calldata { offset: 4 }].into()
        );
        assert_eq!(c[1].b.sources, [slot(8)].into());
    }

    /// `require(votes(msg.sender) > threshold)` with the votes read in another
    /// contract: the word the callee returns keeps its storage source in the
    /// caller's memory (the call's output area, and RETURNDATACOPY).
    #[test]
    fn a_returned_word_keeps_its_source_in_the_caller() {
        let to = Address::repeat_byte(0xcc);
        let token = 0xaa;
        let logs = vec![
            // staticcall(gas, token, 0x80, 36, 0x40, 32): bottom to top.
            step("STATICCALL", 1, &[32, 0x40, 36, 0x80, token, 5000]),
            step("PUSH1", 2, &[]),
            step("SLOAD", 2, &[7]),
            step("PUSH1", 2, &[3]),
            step("MSTORE", 2, &[3, 0]),
            step("PUSH1", 2, &[]),
            step("PUSH1", 2, &[32]),
            step("RETURN", 2, &[32, 0]),
            step("PUSH1", 1, &[1]),
            step("MLOAD", 1, &[1, 0x40]),
            step("PUSH1", 1, &[1, 3]),
            step("GT", 1, &[1, 3, 10]),
            // the same word again, copied from the return data
            step("PUSH1", 1, &[1, 0]),
            step("PUSH1", 1, &[1, 0, 0]),
            step("PUSH1", 1, &[1, 0, 0, 32]),
            step("RETURNDATACOPY", 1, &[1, 32, 0, 0x100]),
            step("PUSH1", 1, &[1]),
            step("MLOAD", 1, &[1, 0x100]),
            step("PUSH1", 1, &[1, 3]),
            step("LT", 1, &[1, 3, 10]),
            step("STOP", 1, &[1, 0]),
        ];
        let c = comparisons(&logs, to);
        let votes = Source::Storage {
            account: Address::with_last_byte(token as u8),
            slot: B256::with_last_byte(7),
        };
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].b.sources, [votes.clone()].into(), "{c:?}");
        assert_eq!(c[1].b.sources, [votes].into(), "{c:?}");
    }

    /// `signatory == owner`: the word ecrecover (precompile 0x01) writes is the
    /// recovered signer, and keeps that source through MLOAD to the comparison.
    #[test]
    fn the_signer_ecrecover_recovers_is_a_source() {
        let to = Address::repeat_byte(0xcc);
        let logs = vec![
            // staticcall(gas, 1, 0x80, 128, 0x40, 32): bottom to top.
            step("STATICCALL", 1, &[32, 0x40, 128, 0x80, 1, 5000]),
            step("PUSH1", 1, &[1]),
            step("MLOAD", 1, &[1, 0x40]),
            step("PUSH1", 1, &[1, 0x22]),
            step("CALLDATALOAD", 1, &[1, 0x22, 4]),
            step("EQ", 1, &[1, 0x22, 0x11]),
            step("STOP", 1, &[1, 0]),
        ];
        let c = comparisons(&logs, to);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].a.sources, [Source::Calldata { offset: 4 }].into());
        assert_eq!(c[0].b.sources, [Source::Recovered].into());
        assert!(!c[0].result);
    }

    /// `ClaimCondition memory c = condition; if (c.supplyClaimed + qty > c.max)`:
    /// the fields keep their slots through MSTORE and MLOAD; an overwrite or a
    /// copy from elsewhere drops them.
    #[test]
    fn sources_follow_words_through_memory() {
        let to = Address::repeat_byte(0xcc);
        let logs = vec![
            step("PUSH1", 1, &[]),
            step("SLOAD", 1, &[21]),       // max = slot 21
            step("PUSH1", 1, &[2]),        // 2 at the word
            step("MSTORE", 1, &[2, 0x80]), // mem[0x80] = max
            step("PUSH1", 1, &[]),
            step("SLOAD", 1, &[22]), // claimed = slot 22
            step("PUSH1", 1, &[2]),
            step("MSTORE", 1, &[2, 0xa0]), // mem[0xa0] = claimed
            step("PUSH1", 1, &[]),
            step("MLOAD", 1, &[0xa0]), // claimed
            step("PUSH1", 1, &[2]),
            step("CALLDATALOAD", 1, &[2, 4]), // qty
            step("ADD", 1, &[2, 1]),          // claimed + qty
            step("PUSH1", 1, &[3]),
            step("MLOAD", 1, &[3, 0x80]), // max
            step("SWAP1", 1, &[3, 2]),
            step("GT", 1, &[2, 3]), // claimed + qty > max ?
            step("PUSH1", 1, &[1]),
            step("PUSH1", 1, &[1, 0]),
            step("MSTORE", 1, &[1, 0, 0x80]), // a constant over max
            step("PUSH1", 1, &[1]),
            step("MLOAD", 1, &[1, 0x80]),
            step("CALLER", 1, &[1, 0]),
            step("EQ", 1, &[1, 0, 9]), // caller == (a constant now) ?
            step("STOP", 1, &[1, 0]),
        ];
        let c = comparisons(&logs, to);
        let slot = |n: u8| Source::Storage {
            account: to,
            slot: B256::with_last_byte(n),
        };
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(
            c[0].a.sources,
            [slot(22), Source::Calldata { offset: 4 }].into()
        );
        assert_eq!(c[0].b.sources, [slot(21)].into());
        assert_eq!(c[1].a.sources, [Source::Caller].into());
        assert!(c[1].b.sources.is_empty(), "{:?}", c[1]);
    }

    /// `if iszero(and(sload(rolesSlot), roles))` is a bit test of a stored word;
    /// `and(sload(slot), 0xff)` (a bool taken out of its word) is not.
    #[test]
    fn a_stored_word_against_a_mask_is_a_bit_test_and_a_field_mask_is_not() {
        let to = Address::repeat_byte(0xcc);
        let logs = vec![
            step("PUSH1", 1, &[]),
            step("SLOAD", 1, &[9]),     // flags = slot 9
            step("PUSH1", 1, &[0]),     // 0xff
            step("AND", 1, &[0, 0xff]), // a bool's byte
            step("ISZERO", 1, &[0]),
            step("POP", 1, &[1]),
            step("PUSH1", 1, &[]),
            step("SLOAD", 1, &[8]), // roles = slot 8
            step("PUSH1", 1, &[0]), // mask 0b100
            step("AND", 1, &[0, 4]),
            step("ISZERO", 1, &[0]),
            step("STOP", 1, &[1]),
        ];
        let c = comparisons(&logs, to);
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].op, "AND");
        assert!(!c[0].result);
        assert_eq!(
            c[0].describe(),
            format!("4 & 0 (slot 8 of {}): false", to.to_checksum(None))
        );
        assert!(field_mask(U256::from(0xff00u64)) && !field_mask(U256::from(1)));
    }

    #[test]
    fn dispatch_and_abi_checks_are_not_gates() {
        let logs = vec![
            step("PUSH1", 1, &[]),
            step("CALLDATALOAD", 1, &[0]),
            step("PUSH4", 1, &[7]),
            step("EQ", 1, &[7, 7]), // selector dispatch: calldata against a constant
            step("PUSH1", 1, &[1]),
            step("CALLDATALOAD", 1, &[1, 4]),
            step("DUP1", 1, &[1, 9]),
            step("EQ", 1, &[1, 9, 9]), // the decoder's own check: a value against itself
            step("STOP", 1, &[1, 1]),
        ];
        assert!(comparisons(&logs, Address::ZERO).is_empty());
    }

    #[test]
    fn constants_alone_are_not_comparisons_and_unknown_ops_resynchronise() {
        let logs = vec![
            step("PUSH1", 1, &[]),
            step("PUSH1", 1, &[1]),
            step("EQ", 1, &[1, 1]),
            step("opcode 0xef not defined", 1, &[1]),
            step("CALLER", 1, &[1]),
            step("EQ", 1, &[1, 7]),
            step("STOP", 1, &[1]),
        ];
        let c = comparisons(&logs, Address::ZERO);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].a.sources, [Source::Caller].into());
    }
}
