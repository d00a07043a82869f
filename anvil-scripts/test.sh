#!/usr/bin/env bash
# README command 2: the whole test suite, on a fresh machine too.
#
#   anvil-scripts/test.sh
#
# Installs the pinned Anvil/cast/solc-js/OpenZeppelin from npm when they are
# missing (anvil-scripts/install.sh is idempotent), then runs clippy and every
# test: unit tests on recorded payloads, integration tests that start their own
# Anvil on a free port, and the CLI through the real binary.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v cargo >/dev/null 2>&1; then
    echo "test.sh: cargo not found; install Rust (https://rustup.rs) first" >&2
    exit 1
fi

bash anvil-scripts/install.sh >/dev/null

echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings

# The fuzz targets, briefly, where cargo-fuzz and a nightly toolchain exist (the corpora
# are replayed on stable by tests/fuzz_corpus.rs in any case).
if command -v cargo-fuzz >/dev/null 2>&1 && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "== fuzz targets, 5 s each"
    for t in decode_revert eip3085 abi merkle call redact_and_parse; do
        (cd fuzz && cargo +nightly fuzz run "$t" -O -- -max_total_time=5 corpus/"$t" >/dev/null 2>&1) \
            || { echo "fuzz target $t failed; see fuzz/artifacts/$t" >&2; exit 1; }
    done
    git -C "$ROOT" checkout -q -- fuzz/corpus 2>/dev/null || true
    git -C "$ROOT" clean -qfd fuzz/corpus 2>/dev/null || true
else
    echo "== fuzz targets skipped (no cargo-fuzz or nightly); corpora are replayed by the tests"
fi

echo "== cargo test --lib --tests"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
cargo test --lib --tests 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole suite, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "all tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
