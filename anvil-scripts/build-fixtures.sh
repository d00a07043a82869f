#!/usr/bin/env bash
# Build all Solidity fixtures and the Merkle allowlist fixture:
#   fixtures/contracts/*.sol  --solc-js (compile.js)-->  fixtures/artifacts/<Contract>.json
#   anvil-scripts/make-merkle.js                    -->  fixtures/merkle/allowlist-*.{json,txt}
# Deterministic: re-running without source changes produces byte-identical files.
# Runs install.sh first (no-op when node_modules is up to date).
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# install.sh is a ~20 ms no-op when node_modules matches package-lock.json; it (re)installs
# when node_modules is missing or stale. Its output is shown only when it did something.
if ! install_out="$(bash "$ROOT/anvil-scripts/install.sh" 2>&1)"; then
    printf '%s\n' "$install_out" >&2
    exit 1
fi
[[ "$install_out" == "already installed"* ]] || printf '%s\n' "$install_out" >&2

node "$ROOT/anvil-scripts/compile.js"
node "$ROOT/anvil-scripts/make-merkle.js"
