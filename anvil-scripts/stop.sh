#!/usr/bin/env bash
# Stop anvil nodes started by start.sh.
#
#   anvil-scripts/stop.sh [PORT]   # default 8545
#   anvil-scripts/stop.sh --all    # every .anvil/anvil-*.pid
#
# Only processes recorded in .anvil/anvil-PORT.pid are touched (and only if they still
# are anvil processes). SIGTERM, then SIGKILL after RPC_STOP_TIMEOUT seconds (default 10).
# Idempotent: nothing to stop is not an error.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

TIMEOUT="${RPC_STOP_TIMEOUT:-10}"

stop_pid_file() {
    local pid_file="$1" port pid
    port="$(basename "$pid_file" .pid)"
    port="${port#anvil-}"
    if [[ ! -f "$pid_file" ]]; then
        echo "no anvil recorded for port $port (no $pid_file)"
        return 0
    fi
    pid="$(cat "$pid_file" 2>/dev/null || true)"
    if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
        echo "anvil on port $port (pid ${pid:-?}) is not running; removing stale $pid_file"
        rm -f "$pid_file"
        return 0
    fi
    if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q anvil; then
        echo "pid $pid from $pid_file is not an anvil process; not killing it, removing stale pid file"
        rm -f "$pid_file"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            echo "anvil pid $pid did not exit after SIGTERM; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
            break
        fi
        sleep 0.1
    done
    rm -f "$pid_file"
    echo "stopped anvil on port $port (pid $pid)"
}

if [[ "${1:-}" == "--all" ]]; then
    shopt -s nullglob
    files=("$ANVIL_DIR"/anvil-*.pid)
    if ((${#files[@]} == 0)); then
        echo "no anvil pid files in $ANVIL_DIR"
        exit 0
    fi
    for f in "${files[@]}"; do
        stop_pid_file "$f"
    done
else
    PORT="${1:-8545}"
    [[ "$PORT" =~ ^[0-9]+$ ]] || { echo "usage: $0 [PORT|--all]" >&2; exit 2; }
    stop_pid_file "$ANVIL_DIR/anvil-$PORT.pid"
fi
