//! Replays the committed fuzz corpora (`fuzz/corpus/<target>/`) through the same
//! entry points the cargo-fuzz targets call, on stable Rust: a crash the fuzzer
//! once found, or any input it kept, stays covered by `cargo test`.

use std::path::Path;

type Target = fn(&[u8]);

#[test]
fn every_corpus_input_runs_without_panicking() {
    let targets: [(&str, Target); 7] = [
        ("decode_revert", rpccheck::fuzzing::decode_revert),
        ("eip3085", rpccheck::fuzzing::eip3085),
        ("abi", rpccheck::fuzzing::abi),
        ("merkle", rpccheck::fuzzing::merkle),
        ("call", rpccheck::fuzzing::call),
        ("redact_and_parse", rpccheck::fuzzing::redact_and_parse),
        ("trace", rpccheck::fuzzing::trace),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, target) in targets {
        let dir = root.join(name);
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            target(&data);
            n += 1;
        }
        assert!(n > 0, "{name}: empty corpus");
    }
}
