//! A node's `debug_traceCall` struct logs, turned into the same
//! [`ExecRecord`] the local EVM records — validated and fed to the
//! [`Recorder`] one log at a time as the JSON is parsed, so that no list of
//! logs, stacks or memory snapshots is ever held. A node is not trusted:
//! depth at most 1,025 and never more than one deeper than the step before,
//! known opcode names, at most 1,024 stack items of 32 bytes, memory as
//! 32-byte hex words within the EVM memory bound. A violation is the
//! endpoint's fault ([`Invalid`]), answered as `invalid_response`.

use std::fmt;

use alloy::primitives::{Address, U256};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{ExecRecord, FrameEnd, Halt, Limits, Recorder, SliceMemory, StepView, opcode_named};

/// The deepest a struct log may claim (the EVM's call depth limit, plus the
/// outermost frame).
pub const MAX_DEPTH: u64 = 1025;
const MAX_STACK: usize = 1024;

/// Why a node's trace was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("debug_traceCall answered an invalid trace: {0}")]
pub struct Invalid(pub String);

/// Converts the `result` of a `debug_traceCall` (struct-log tracer) of a call
/// to `to` into a record, validating every log.
pub fn convert(raw: &str, to: Address, limits: Limits) -> Result<ExecRecord, Invalid> {
    let mut state = State {
        recorder: Recorder::new(to, limits),
        limits,
        logs: 0,
        depth: 0,
        outer_op: None,
        outer_error: None,
        failed: None,
    };
    let mut de = serde_json::Deserializer::from_str(raw);
    TraceSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| Invalid(e.to_string()))?;
    let failed = state.failed.unwrap_or(false);
    if state.logs == 0 {
        return Err(Invalid("the trace has no steps".into()));
    }
    let end = match (failed, state.outer_op) {
        (false, _) => FrameEnd::Return,
        (true, Some(revm::bytecode::opcode::REVERT)) => FrameEnd::Revert,
        (true, _) => FrameEnd::Halt(
            state
                .outer_error
                .as_deref()
                .map(Halt::from_words)
                .unwrap_or(Halt::Other("the node did not say why".into())),
        ),
    };
    Ok(state.recorder.finish(end))
}

struct State {
    recorder: Recorder,
    limits: Limits,
    logs: u64,
    depth: u64,
    /// The last opcode and error of the outermost frame.
    outer_op: Option<u8>,
    outer_error: Option<String>,
    failed: Option<bool>,
}

struct TraceSeed<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for TraceSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TraceSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a struct-log trace object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen_logs = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "failed" => self.0.failed = Some(map.next_value()?),
                "structLogs" => {
                    map.next_value_seed(LogsSeed(self.0))?;
                    seen_logs = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !seen_logs {
            return Err(de::Error::missing_field("structLogs"));
        }
        Ok(())
    }
}

struct LogsSeed<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for LogsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for LogsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of struct logs")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let s = self.0;
        loop {
            if s.recorder.cut().is_some() {
                // Past a bound: the rest is only read over (its size is the
                // transport's bound), never kept.
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(());
                }
                s.logs += 1;
                continue;
            }
            let Some(log) = seq.next_element::<Log>()? else {
                return Ok(());
            };
            s.logs += 1;
            let at = s.logs;
            let bad = |why: String| de::Error::custom(format!("struct log {at}: {why}"));
            if log.depth == 0 || log.depth > MAX_DEPTH {
                return Err(bad(format!(
                    "depth {} (the EVM allows 1 to {MAX_DEPTH})",
                    log.depth
                )));
            }
            if log.depth > s.depth + 1 {
                return Err(bad(format!(
                    "depth {} right after depth {}",
                    log.depth, s.depth
                )));
            }
            let op =
                opcode_named(&log.op).ok_or_else(|| bad(format!("unknown opcode {:?}", log.op)))?;
            if log.memory.0.len() as u64 > s.limits.memory {
                return Err(bad("memory larger than the EVM memory bound".into()));
            }
            s.depth = log.depth;
            if log.depth == 1 {
                s.outer_op = Some(op);
                s.outer_error = log.error.clone();
            }
            s.recorder.step(&StepView {
                depth: log.depth,
                pc: log.pc,
                op,
                stack: &log.stack.0,
                memory: &SliceMemory(&log.memory.0),
                error: log.error.as_deref(),
            });
        }
    }
}

/// One struct log: the fields the record reads (the rest are read over).
#[derive(Deserialize)]
struct Log {
    pc: u64,
    op: String,
    depth: u64,
    #[serde(default)]
    stack: Stack,
    #[serde(default)]
    memory: Memory,
    #[serde(default)]
    error: Option<String>,
}

/// A stack of at most 1,024 words, read without more.
#[derive(Default)]
struct Stack(Vec<U256>);

impl<'de> Deserialize<'de> for Stack {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Stack;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a stack of at most 1024 hex words")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Stack, E> {
                Ok(Stack::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Stack, A::Error> {
                let mut out = Vec::new();
                while let Some(w) = seq.next_element::<U256>()? {
                    if out.len() == MAX_STACK {
                        return Err(de::Error::custom("more than 1024 stack items"));
                    }
                    out.push(w);
                }
                Ok(Stack(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Memory given as 32-byte hex words, read straight into bytes.
#[derive(Default)]
struct Memory(Vec<u8>);

impl<'de> Deserialize<'de> for Memory {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Memory;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("memory as a list of 32-byte hex words")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Memory, E> {
                Ok(Memory::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Memory, A::Error> {
                let mut out = Vec::new();
                while let Some(w) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                    let h = w.strip_prefix("0x").unwrap_or(&w);
                    let mut word = [0u8; 32];
                    if h.len() != 64 || alloy::hex::decode_to_slice(h, &mut word).is_err() {
                        return Err(de::Error::custom("a memory word that is not 32 hex bytes"));
                    }
                    out.extend_from_slice(&word);
                }
                Ok(Memory(out))
            }
        }
        d.deserialize_any(V)
    }
}
