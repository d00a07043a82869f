#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stop a client started by start-client.sh:
#
#   anvil-scripts/stop-client.sh hardhat|ganache [PORT]   # default port as in start-client.sh
#
# Only the process recorded in .anvil/CLIENT-PORT.pid is touched, and only if its command
# line is that client's. SIGTERM, then SIGKILL after RPC_STOP_TIMEOUT seconds (default 10).
# Nothing to stop is not an error.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() { echo "usage: $0 hardhat|ganache [PORT]" >&2; exit 2; }
CLIENT="${1:-}"
case "$CLIENT" in
    hardhat) PORT="${2:-8546}" ;;
    ganache) PORT="${2:-8547}" ;;
    *) usage ;;
esac
[[ "$PORT" =~ ^[0-9]+$ && $# -le 2 ]] || usage
PID_FILE="$ANVIL_DIR/$CLIENT-$PORT.pid"
TIMEOUT="${RPC_STOP_TIMEOUT:-10}"

rpc_stop_pid_file "$CLIENT" "a $CLIENT" "node_modules/$CLIENT/" "$PORT" "$PID_FILE" "$TIMEOUT"
