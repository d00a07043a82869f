//! The local EVM's inspector: counts every step against the budget (steps,
//! wall time) and, for a traced run, feeds each step to a [`Recorder`] straight
//! from the interpreter's own stack and memory — nothing is copied per step.
//! A bound reached halts the EVM at once; the run is then an answer naming the
//! bound ([`Budget::cut`]), not a result.

use std::time::Instant;

use alloy::primitives::U256;
use revm::context_interface::context::ContextError;
use revm::context_interface::{ContextTr, JournalTr};
use revm::inspector::Inspector;
use revm::interpreter::interpreter_types::{Jumps, LoopControl};
use revm::interpreter::{
    CallInputs, CallOutcome, CreateInputs, CreateOutcome, InstructionResult, Interpreter,
};

use super::{Bound, ExecRecord, FrameEnd, Halt, Limits, Recorder, SliceMemory, StepView};

/// Steps between two looks at the clock.
const CLOCK_EVERY: u64 = 4096;

/// The budget of one run, and its record when asked.
pub struct Budget {
    limits: Limits,
    deadline: Instant,
    steps: u64,
    cut: Option<Bound>,
    recorder: Option<Recorder>,
    /// Journal depth of the outermost frame's steps, minus one.
    base: Option<usize>,
}

impl Budget {
    /// A run that must end by `deadline`; `recorder` for a traced run.
    pub fn new(limits: Limits, deadline: Instant, recorder: Option<Recorder>) -> Self {
        Self {
            limits,
            deadline,
            steps: 0,
            cut: None,
            recorder,
            base: None,
        }
    }

    /// The bound that stopped the run, if one did.
    pub fn cut(&self) -> Option<Bound> {
        self.cut
            .or_else(|| self.recorder.as_ref().and_then(Recorder::cut))
    }

    /// Records a bound met outside the inspector (the memory limit).
    pub fn set_cut(&mut self, bound: Bound) {
        self.cut.get_or_insert(bound);
        if let Some(r) = &mut self.recorder {
            r.set_cut(bound);
        }
    }

    /// The record of a traced run (`end`: how the outermost frame ended).
    pub fn into_record(self, end: FrameEnd) -> Option<ExecRecord> {
        let cut = self.cut();
        self.recorder.map(|mut r| {
            if let Some(c) = cut {
                r.set_cut(c);
            }
            r.finish(end)
        })
    }

    fn depth(&mut self, journal_depth: usize) -> u64 {
        let base = *self.base.get_or_insert(journal_depth.saturating_sub(1));
        journal_depth.saturating_sub(base).max(1) as u64
    }
}

/// How a frame ended, from the interpreter's result.
pub fn frame_end(r: InstructionResult) -> FrameEnd {
    use InstructionResult as I;
    match r {
        I::Stop | I::Return | I::SelfDestruct => FrameEnd::Return,
        I::Revert => FrameEnd::Revert,
        I::OutOfGas
        | I::MemoryOOG
        | I::MemoryLimitOOG
        | I::PrecompileOOG
        | I::InvalidOperandOOG => FrameEnd::Halt(Halt::OutOfGas),
        I::CallTooDeep => FrameEnd::Halt(Halt::CallTooDeep),
        I::OpcodeNotFound | I::InvalidFEOpcode => FrameEnd::Halt(Halt::InvalidOpcode),
        I::InvalidJump => FrameEnd::Halt(Halt::InvalidJump),
        I::StackOverflow => FrameEnd::Halt(Halt::StackOverflow),
        I::StackUnderflow => FrameEnd::Halt(Halt::StackUnderflow),
        other => FrameEnd::Halt(Halt::Other(format!("{other:?}"))),
    }
}

impl<CTX: ContextTr> Inspector<CTX> for Budget {
    fn step(&mut self, interp: &mut Interpreter, context: &mut CTX) {
        self.steps += 1;
        if self.steps > self.limits.steps {
            self.cut.get_or_insert(Bound::Steps(self.limits.steps));
        }
        if self.steps.is_multiple_of(CLOCK_EVERY) && Instant::now() > self.deadline {
            self.cut
                .get_or_insert(Bound::Wall(self.limits.wall.as_millis() as u64));
        }
        if self.cut.is_none() && self.recorder.is_some() {
            let depth = self.depth(context.journal_ref().depth());
            let memory = interp.memory.context_memory();
            let stack: &[U256] = interp.stack.data();
            let view = StepView {
                depth,
                pc: interp.bytecode.pc() as u64,
                op: interp.bytecode.opcode(),
                stack,
                memory: &SliceMemory(&memory),
                error: None,
            };
            if let Some(r) = &mut self.recorder {
                r.step(&view);
            }
        }
        if self.cut().is_some() {
            // The run ends with an error of the context (revm's way to stop an
            // execution from outside; `cut` says which bound), and any pending
            // call or return is replaced, so that nothing runs on.
            if context.error().is_ok() {
                *context.error() = Err(ContextError::Custom("rpccheck's execution bound".into()));
            }
            interp.bytecode.action().take();
            interp.bytecode.reset_action();
            interp.halt_fatal();
        }
    }

    fn call_end(&mut self, context: &mut CTX, _inputs: &CallInputs, outcome: &mut CallOutcome) {
        self.ended(context.journal_ref().depth(), outcome.result.result);
    }

    fn create_end(
        &mut self,
        context: &mut CTX,
        _inputs: &CreateInputs,
        outcome: &mut CreateOutcome,
    ) {
        self.ended(context.journal_ref().depth(), outcome.result.result);
    }
}

impl Budget {
    /// A frame returned to its caller (the journal is back at the caller's depth).
    fn ended(&mut self, caller_depth: usize, result: InstructionResult) {
        if result == InstructionResult::MemoryLimitOOG {
            self.set_cut(Bound::Memory(self.limits.memory));
        }
        if self.cut().is_some() || self.base.is_none() {
            return;
        }
        let depth = self.depth(caller_depth + 1);
        if let Some(r) = &mut self.recorder {
            r.frame_ended(depth, frame_end(result));
        }
    }
}
