#!/usr/bin/env bash
# Start a local Anvil node in the background.
#
#   anvil-scripts/start.sh [PORT] [extra anvil args...]
#
# PORT defaults to 8545 (if the first argument is not a number, all arguments are passed
# to anvil and the default port is used). Examples:
#   anvil-scripts/start.sh                      # 127.0.0.1:8545, chain id 31337
#   anvil-scripts/start.sh 18546 --chain-id 1   # pretend to be mainnet
#
# Logs to .anvil/anvil-PORT.log, PID in .anvil/anvil-PORT.pid. Waits until eth_chainId
# answers (RPC_START_TIMEOUT seconds, default 20), then prints to stdout:
#   url=http://127.0.0.1:PORT
#   pid=NNN
#   chain_id=0x...
#   log=/path/to/.anvil/anvil-PORT.log
# If something already answers JSON-RPC on that port, says so (stderr), prints the same
# lines (pid= only if it is the one from our pid file) and exits 0 without starting anvil.
# Stop it with anvil-scripts/stop.sh PORT.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PORT=8545
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then
    PORT="$1"
    shift
fi
HOST=127.0.0.1
URL="http://$HOST:$PORT"
TIMEOUT="${RPC_START_TIMEOUT:-20}"
PID_FILE="$ANVIL_DIR/anvil-$PORT.pid"
LOG_FILE="$ANVIL_DIR/anvil-$PORT.log"

die() { echo "start.sh: error: $*" >&2; exit 1; }


# PID from our pid file if that process is alive and is an anvil.
live_pid() {
    local pid
    [[ -f "$PID_FILE" ]] || return 1
    pid="$(cat "$PID_FILE" 2>/dev/null)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q anvil || return 1
    printf '%s\n' "$pid"
}

mkdir -p "$ANVIL_DIR"

# ---- already serving? ------------------------------------------------------------
if chain_id="$(rpc_chain_id "$URL")"; then
    echo "start.sh: $URL already serves JSON-RPC (chain id $chain_id); not starting another anvil" >&2
    echo "url=$URL"
    if pid="$(live_pid)"; then
        echo "pid=$pid"
    else
        echo "start.sh: (not started by start.sh: no live pid file $PID_FILE)" >&2
    fi
    echo "chain_id=$chain_id"
    exit 0
fi

# Stale pid file from an anvil that died or was killed elsewhere.
if [[ -f "$PID_FILE" ]]; then
    if pid="$(live_pid)"; then
        die "anvil pid $pid (from $PID_FILE) is alive but $URL does not answer; run stop.sh $PORT first"
    fi
    rm -f "$PID_FILE"
fi

rpc_require_bins

# ---- start ----------------------------------------------------------------------------
: >"$LOG_FILE"
echo "start.sh: starting $ANVIL_BIN --port $PORT --host $HOST $* (log: $LOG_FILE)" >&2
nohup "$ANVIL_BIN" --port "$PORT" --host "$HOST" "$@" </dev/null >>"$LOG_FILE" 2>&1 &
pid=$!
disown "$pid" 2>/dev/null || true
echo "$pid" >"$PID_FILE"

chain_id="$(rpc_wait_answering start.sh anvil "$pid" "$URL" "$LOG_FILE" "$PID_FILE" "$TIMEOUT")"

echo "url=$URL"
echo "pid=$pid"
echo "chain_id=$chain_id"
echo "log=$LOG_FILE"
