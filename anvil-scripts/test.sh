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

echo "== cargo test --all-targets"
cargo test --all-targets
