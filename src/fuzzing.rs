//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz, libFuzzer) and for
//! `tests/fuzz_corpus.rs`, which replays the committed corpora on stable Rust.
//! Each takes arbitrary bytes and must never panic, hang or allocate without bound.

use alloy::primitives::Address;

use crate::allowlist::calldata::CallSpec;
use crate::allowlist::merkle::{StandardTree, process_proof};
use crate::explain::{Decoder, parse_abi};
use crate::network::entry::read_entry;
use crate::redact::{redact_url, scrub, secrets_of};
use crate::rpc::envelope::parse_responses;

/// The revert/error decoder: as raw revert data, and as command-line text.
pub fn decode_revert(data: &[u8]) {
    let d = Decoder::new();
    let _ = d.decode_revert(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = d.explain_input(s);
    }
}

/// The EIP-3085 entry reader.
pub fn eip3085(data: &[u8]) {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = read_entry(&v, "fuzz");
        if let Some(items) = v.as_array() {
            for item in items {
                let _ = read_entry(item, "fuzz");
            }
        }
    }
}

/// The ABI / artifact loader, and decoding with what it loaded.
pub fn abi(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data)
        && let Ok(abi) = parse_abi(s)
    {
        let d = Decoder::new().with_abi(&abi);
        let _ = d.decode_revert(data);
    }
}

/// The Merkle dump loader: whatever loads, every leaf's proof must verify.
pub fn merkle(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(tree) = StandardTree::parse(s) else {
        return;
    };
    if let Some((vals, idx)) = tree.find_address(Address::ZERO) {
        let _ = process_proof(tree.leaf_hash(vals), &tree.proof(idx));
    }
}

/// The `--call` signature and argument parser: first line the signature, then one argument a line.
pub fn call(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = s.lines();
    let Some(sig) = lines.next() else { return };
    let args: Vec<String> = lines.map(str::to_owned).collect();
    if let Ok(spec) = CallSpec::parse(sig, &args) {
        let _ = spec.encode(Address::ZERO, &[]);
    }
}

/// URL redaction, and the transport's response parser.
pub fn redact_and_parse(data: &[u8]) {
    let _ = parse_responses(data, true);
    let _ = parse_responses(data, false);
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let shown = redact_url(s);
    let secrets = secrets_of(s);
    let scrubbed = scrub(s, &secrets);
    for secret in secrets.iter().filter(|s| s.len() > 3) {
        assert!(
            !scrubbed.contains(secret.as_str()),
            "secret survived scrubbing"
        );
    }
    if let Ok(u) = url::Url::parse(s)
        && let Some(q) = u.query()
        && q.len() >= 4
    {
        assert!(
            !shown.contains(&format!("?{q}")),
            "query survived redaction"
        );
    }
}

/// Execution records and a node's struct logs through the analysis: the bytes
/// as a `debug_traceCall` result (validated and converted), as a serialized
/// record, and as a raw stream of steps fed straight to the recorder (depth
/// jumps and stack shapes no EVM makes included). None may panic, and each
/// stays within the record's bounds.
pub fn trace(data: &[u8]) {
    use crate::allowlist::trace::{analyse, failing_frame};
    use crate::engine::record::{
        ExecRecord, FrameEnd, Limits, Recorder, SliceMemory, StepView, structlog,
    };
    let small = Limits {
        steps: 10_000,
        events: 64,
        ..Limits::default()
    };
    let who = Address::repeat_byte(0x11);
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(record) = structlog::convert(s, Address::ZERO, small) {
            assert!(record.reads.len() <= small.events && record.frames.len() <= small.events);
            let _ = analyse(&record, who, &[]);
            let _ = failing_frame(&record);
        }
        if let Ok(record) = serde_json::from_str::<ExecRecord>(s) {
            let _ = analyse(&record, who, &[]);
            let _ = failing_frame(&record);
        }
    }
    // [op, depth, stack items, memory bytes, then the items' low bytes]
    let mut r = Recorder::new(Address::ZERO, small);
    let mut rest = data;
    while let [op, depth, n, m, tail @ ..] = rest {
        let n = usize::from(*n % 8).min(tail.len());
        let stack: Vec<alloy::primitives::U256> = tail[..n]
            .iter()
            .map(|b| alloy::primitives::U256::from(*b))
            .collect();
        let memory = vec![*m; usize::from(*m)];
        r.step(&StepView {
            depth: u64::from(*depth % 6),
            pc: 0,
            op: *op,
            stack: &stack,
            memory: &SliceMemory(&memory),
            error: None,
        });
        rest = &tail[n..];
    }
    let record = r.finish(FrameEnd::Revert);
    let _ = analyse(&record, who, &[]);
}
