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
