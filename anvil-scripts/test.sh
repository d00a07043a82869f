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

# The fuzz targets, briefly, so that a regression shows (the corpora are also replayed on
# stable by tests/fuzz_corpus.rs). cargo-fuzz needs a nightly toolchain; this machine
# image ships one, and cargo-fuzz itself comes from crates.io, pinned.
CARGO_FUZZ_VERSION=0.13.2
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
        echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
        cargo install --quiet --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
    fi
    # Without AddressSanitizer (safe Rust; a panic is still a crash) and at opt-level 1
    # (fuzz/Cargo.toml): the build takes 3m18s on 2 cores instead of 12m41s with ASan at
    # opt-level 3, and a reverted fix is still caught from the corpus within seconds.
    echo "== fuzz targets, 5 s each (cargo +nightly fuzz, no sanitizer)"
    fuzzwork="$(mktemp -d)"
    # Every target fuzz/Cargo.toml declares, so a new one is fuzzed without editing this.
    for t in $(cd fuzz && cargo fuzz list); do
        mkdir -p "$fuzzwork/$t"
        # New inputs go to the scratch directory (the first one); the committed corpus
        # is only read.
        if ! (cd fuzz && cargo +nightly fuzz run "$t" -O -s none -- -max_total_time=5 \
                -rss_limit_mb=2048 "$fuzzwork/$t" corpus/"$t") >"$fuzzwork/$t.log" 2>&1; then
            tail -n 40 "$fuzzwork/$t.log" >&2
            echo "fuzz target $t failed; the input is in fuzz/artifacts/$t" >&2
            exit 1
        fi
        grep -h '^Done' "$fuzzwork/$t.log" | sed "s/^/   $t: /"
    done
    rm -rf "$fuzzwork"
else
    echo "== fuzz targets skipped (no nightly toolchain); corpora are replayed by the tests"
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
