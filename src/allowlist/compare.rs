//! What the gate compared: every LT/GT/SLT/SGT/EQ of a struct-log trace with
//! a side that came from the environment (TIMESTAMP, NUMBER, CALLER,
//! CALLVALUE, ORIGIN) or from storage (an SLOAD's slot), the other side
//! perhaps from the calldata, with the values on both sides. The selector
//! dispatch and the ABI decoder's own checks (calldata against constants, a
//! value against itself) are left out. The sources are followed through arithmetic by a
//! shadow stack beside the trace's own, so `minted[msg.sender] + quantity >
//! maxPerWallet` is seen as (slot X + calldata) against slot Y, and through
//! memory by a shadow of each call's memory (a struct copied from storage to
//! memory and read field by field keeps each field's slot). Pure, and the
//! same for a node's `debug_traceCall` and the local EVM's trace: the sale
//! phase, limit and price gates are named from these facts.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use alloy::primitives::{Address, B256, U256};
use alloy::rpc::types::trace::geth::StructLog;
use revm::bytecode::opcode::OpCode;
use serde::{Deserialize, Serialize};

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operand {
    pub value: U256,
    /// Every source the value was computed from (empty: a constant).
    pub sources: BTreeSet<Source>,
}

/// A comparison the trace made, in order: `a OP b` (the EVM's operand order).
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
    pub fn describe(&self) -> String {
        let op = match self.op.as_str() {
            "LT" | "SLT" => "<",
            "GT" | "SGT" => ">",
            "AND" => "&",
            _ => "==",
        };
        format!(
            "{} {op} {}: {}",
            self.a.describe(),
            self.b.describe(),
            self.result
        )
    }
}

impl Operand {
    fn describe(&self) -> String {
        if self.sources.is_empty() {
            return self.value.to_string();
        }
        let from: Vec<String> = self.sources.iter().map(Source::describe).collect();
        format!("{} ({})", self.value, from.join(" and "))
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
                format!("slot {} of {account}", super::trace::short_word(*slot))
            }
            Self::Calldata { offset } => format!("calldata[{offset}]"),
        }
    }
}

/// Whether the step after `i` (at the same depth) pushes a jump target and
/// the one after that is a JUMPI: the value computed at `i` is a condition.
fn jumps_next(logs: &[StructLog], i: usize) -> bool {
    let depth = logs[i].depth;
    let mut next = logs[i + 1..].iter().filter(|l| l.depth == depth);
    matches!(
        (next.next(), next.next()),
        (Some(p), Some(j)) if p.op.starts_with("PUSH") && j.op == "JUMPI"
    )
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

/// Whether the value computed at `i` is tested next: an ISZERO, or a jump
/// target pushed and a JUMPI (at the same depth).
fn tests_next(logs: &[StructLog], i: usize) -> bool {
    let depth = logs[i].depth;
    logs[i + 1..]
        .iter()
        .find(|l| l.depth == depth)
        .is_some_and(|l| l.op == "ISZERO")
        || jumps_next(logs, i)
}

/// Stack inputs and outputs of an opcode, by its name in struct logs.
fn arity(op: &str) -> Option<(usize, usize)> {
    static TABLE: OnceLock<HashMap<&'static str, (usize, usize)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=u8::MAX)
            .filter_map(OpCode::new)
            .map(|o| (o.as_str(), (o.inputs() as usize, o.outputs() as usize)))
            .collect()
    });
    match op {
        // Older geth names.
        "SHA3" => Some((2, 1)),
        "DIFFICULTY" => Some((0, 1)),
        other => table.get(other).copied(),
    }
}

type Tags = BTreeSet<Source>;

/// The comparisons of a trace of a call to `to` that look like a gate's (see the
/// module's documentation).
pub fn comparisons(logs: &[StructLog], to: Address) -> Vec<Comparison> {
    let mut out = Vec::new();
    // A shadow stack and a shadow memory per call depth, and the storage
    // context of each depth.
    let mut shadows: Vec<Vec<Tags>> = Vec::new();
    let mut memories: Vec<Memory> = Vec::new();
    let mut contexts: Vec<Address> = vec![to];
    let mut last_depth = 0;
    for (i, log) in logs.iter().enumerate() {
        let depth = log.depth.max(1) as usize;
        let Some(stack) = log.stack.as_deref() else {
            continue;
        };
        contexts.truncate(depth);
        let account = *contexts.last().unwrap_or(&to);
        if shadows.len() < depth {
            shadows.resize_with(depth, Vec::new);
        }
        shadows.truncate(depth);
        memories.resize_with(depth, Memory::default);
        if depth > last_depth {
            // A call starts with empty memory.
            memories[depth - 1] = Memory::default();
        }
        last_depth = depth;
        let memory = &mut memories[depth - 1];
        let shadow = &mut shadows[depth - 1];
        // Resynchronise where the shadow lost track (an opcode it cannot model).
        if shadow.len() != stack.len() {
            shadow.clear();
            shadow.resize_with(stack.len(), Tags::new);
        }
        let top = |n: usize| stack.len().checked_sub(n + 1).map(|k| stack[k]);
        let op = log.op.as_ref();
        // An inequality the optimizer turned into a jump on `a - b` or `a ^ b`
        // (via-IR does, for `if (a != b)`) is an EQ too.
        let jump_on_difference = matches!(op, "SUB" | "XOR") && jumps_next(logs, i);
        // A bit test decides a jump: `if iszero(and(word, mask))` (Solady's roles).
        let bit_test = op == "AND" && tests_next(logs, i);
        if matches!(op, "LT" | "GT" | "SLT" | "SGT" | "EQ") || jump_on_difference || bit_test {
            let result = if jump_on_difference {
                top(0) == top(1)
            } else if bit_test {
                matches!((top(0), top(1)), (Some(a), Some(b)) if !(a & b).is_zero())
            } else {
                logs[i + 1..]
                    .iter()
                    .find(|l| l.depth == log.depth)
                    .and_then(|n| n.stack.as_ref())
                    .and_then(|s| s.last())
                    .is_some_and(|v| !v.is_zero())
            };
            let op = if jump_on_difference { "EQ" } else { op };
            if let (Some(a), Some(b)) = (top(0), top(1)) {
                let ta = shadow[stack.len() - 1].clone();
                let tb = shadow[stack.len() - 2].clone();
                let stored = |t: &Tags| t.iter().any(|s| matches!(s, Source::Storage { .. }));
                let gate_like = if bit_test {
                    // A stored word against a mask that is no field extraction (a
                    // bool's, an address's: whole bytes of ones).
                    (stored(&ta) && tb.is_empty() && !field_mask(b))
                        || (stored(&tb) && ta.is_empty() && !field_mask(a))
                } else {
                    ta != tb
                        && ta
                            .iter()
                            .chain(&tb)
                            .any(|s| !matches!(s, Source::Calldata { .. }))
                };
                if gate_like {
                    out.push(Comparison {
                        op: op.to_owned(),
                        a: Operand {
                            value: a,
                            sources: ta,
                        },
                        b: Operand {
                            value: b,
                            sources: tb,
                        },
                        result,
                        depth: log.depth,
                    });
                }
            }
        }
        // The tags of what this opcode pushes.
        let produced: Tags = match op {
            "TIMESTAMP" => [Source::Timestamp].into(),
            "NUMBER" => [Source::Number].into(),
            "CALLER" => [Source::Caller].into(),
            "ORIGIN" => [Source::Origin].into(),
            "CALLVALUE" => [Source::CallValue].into(),
            "SLOAD" => top(0)
                .map(|s| {
                    [Source::Storage {
                        account,
                        slot: B256::from(s.to_be_bytes::<32>()),
                    }]
                    .into()
                })
                .unwrap_or_default(),
            "CALLDATALOAD" => top(0)
                .map(|o| {
                    [Source::Calldata {
                        offset: o.saturating_to(),
                    }]
                    .into()
                })
                .unwrap_or_default(),
            "MLOAD" => top(0)
                .map(|o| memory.load(o.saturating_to()))
                .unwrap_or_default(),
            _ => Tags::new(),
        };
        // What the opcode writes to memory: a word's sources go with it (a struct
        // copied from storage to memory, then read field by field).
        let at = |n: usize| top(n).map(|v| v.saturating_to::<u64>());
        match op {
            "MSTORE" => {
                if let (Some(offset), Some(tags)) =
                    (at(0), stack.len().checked_sub(2).map(|k| &shadow[k]))
                {
                    memory.store(offset, tags.clone());
                }
            }
            "MSTORE8" => {
                if let Some(offset) = at(0) {
                    memory.clear(offset, 1);
                }
            }
            "CALLDATACOPY" => {
                if let (Some(dest), Some(from), Some(size)) = (at(0), at(1), at(2)) {
                    memory.copy_calldata(dest, from, size);
                }
            }
            "MCOPY" => {
                if let (Some(dest), Some(from), Some(size)) = (at(0), at(1), at(2)) {
                    memory.copy_within(dest, from, size);
                }
            }
            "CODECOPY" | "RETURNDATACOPY" => {
                if let (Some(dest), Some(size)) = (at(0), at(2)) {
                    memory.clear(dest, size);
                }
            }
            "EXTCODECOPY" => {
                if let (Some(dest), Some(size)) = (at(1), at(3)) {
                    memory.clear(dest, size);
                }
            }
            // A call's output lands in the caller's memory.
            "CALL" | "CALLCODE" => {
                if let (Some(dest), Some(size)) = (at(5), at(6)) {
                    memory.clear(dest, size);
                }
            }
            "DELEGATECALL" | "STATICCALL" => {
                if let (Some(dest), Some(size)) = (at(4), at(5)) {
                    memory.clear(dest, size);
                }
            }
            _ => {}
        }
        if let Some(n) = op.strip_prefix("DUP").and_then(|n| n.parse::<usize>().ok()) {
            if let Some(t) = shadow.len().checked_sub(n).map(|k| shadow[k].clone()) {
                shadow.push(t);
            }
            continue;
        }
        if let Some(n) = op
            .strip_prefix("SWAP")
            .and_then(|n| n.parse::<usize>().ok())
        {
            let len = shadow.len();
            if len > n {
                shadow.swap(len - 1, len - 1 - n);
            }
            continue;
        }
        let Some((inputs, outputs)) = arity(op) else {
            shadow.clear();
            continue;
        };
        let at = shadow.len().saturating_sub(inputs);
        let consumed: Tags = shadow.drain(at..).flatten().collect();
        // Arithmetic carries its inputs' sources; an environment read, its own.
        let carried = if produced.is_empty() && is_arithmetic(op) {
            consumed
        } else {
            produced
        };
        for _ in 0..outputs {
            shadow.push(carried.clone());
        }
        match op {
            "CALL" | "STATICCALL" => {
                if let Some(target) = top(1) {
                    contexts.truncate(depth);
                    contexts.push(Address::from_slice(&target.to_be_bytes::<32>()[12..]));
                }
            }
            "DELEGATECALL" | "CALLCODE" => {
                contexts.truncate(depth);
                contexts.push(account);
            }
            _ => {}
        }
    }
    out
}

/// The sources of the words in one call's memory, by byte offset of the word
/// written (an MSTORE, a copy from the calldata); a read takes the sources of
/// every word it overlaps.
#[derive(Default)]
struct Memory {
    words: std::collections::BTreeMap<u64, Tags>,
}

impl Memory {
    /// The most words a copy is followed for (the rest lose their sources).
    const COPY_WORDS: u64 = 64;

    fn load(&self, offset: u64) -> Tags {
        self.words
            .range(offset.saturating_sub(31)..offset.saturating_add(32))
            .flat_map(|(_, t)| t.iter().cloned())
            .collect()
    }

    fn clear(&mut self, offset: u64, size: u64) {
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
        }
    }

    fn store(&mut self, offset: u64, tags: Tags) {
        self.clear(offset, 32);
        if !tags.is_empty() {
            self.words.insert(offset, tags);
        }
    }

    fn copy_calldata(&mut self, dest: u64, from: u64, size: u64) {
        self.clear(dest, size);
        for w in 0..size.div_ceil(32).min(Self::COPY_WORDS) {
            let offset = from.saturating_add(w * 32);
            self.words.insert(
                dest.saturating_add(w * 32),
                [Source::Calldata { offset }].into(),
            );
        }
    }

    fn copy_within(&mut self, dest: u64, from: u64, size: u64) {
        let words: Vec<(u64, Tags)> = (0..size.div_ceil(32).min(Self::COPY_WORDS))
            .map(|w| {
                (
                    dest.saturating_add(w * 32),
                    self.load(from.saturating_add(w * 32)),
                )
            })
            .collect();
        self.clear(dest, size);
        for (offset, tags) in words {
            if !tags.is_empty() {
                self.words.insert(offset, tags);
            }
        }
    }
}

/// Opcodes whose result is computed from their inputs.
fn is_arithmetic(op: &str) -> bool {
    matches!(
        op,
        "ADD"
            | "SUB"
            | "MUL"
            | "DIV"
            | "SDIV"
            | "MOD"
            | "SMOD"
            | "ADDMOD"
            | "MULMOD"
            | "EXP"
            | "SIGNEXTEND"
            | "AND"
            | "OR"
            | "XOR"
            | "NOT"
            | "SHL"
            | "SHR"
            | "SAR"
            | "BYTE"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(op: &str, depth: u64, stack: &[u64]) -> StructLog {
        let stack: Vec<String> = stack.iter().map(|v| format!("{v:#x}")).collect();
        serde_json::from_value(serde_json::json!({
            "pc": 0, "op": op, "gas": 0, "gasCost": 0, "depth": depth, "stack": stack
        }))
        .unwrap()
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
        assert_eq!(c[0].describe(), format!("4 & 0 (slot 8 of {to}): false"));
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
            step("INVALIDOP", 1, &[1]),
            step("CALLER", 1, &[1]),
            step("EQ", 1, &[1, 7]),
            step("STOP", 1, &[1]),
        ];
        let c = comparisons(&logs, Address::ZERO);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].a.sources, [Source::Caller].into());
    }
}
