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
    local port
    port="$(basename "$1" .pid)"
    rpc_stop_pid_file anvil "an anvil" anvil "${port#anvil-}" "$1" "$TIMEOUT"
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
