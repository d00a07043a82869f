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

if [[ ! -f "$PID_FILE" ]]; then
    echo "no $CLIENT recorded for port $PORT (no $PID_FILE)"
    exit 0
fi
pid="$(cat "$PID_FILE" 2>/dev/null || true)"
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
    echo "$CLIENT on port $PORT (pid ${pid:-?}) is not running; removing stale $PID_FILE"
    rm -f "$PID_FILE"
    exit 0
fi
if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "node_modules/$CLIENT/"; then
    echo "pid $pid from $PID_FILE is not a $CLIENT process; not killing it, removing stale pid file"
    rm -f "$PID_FILE"
    exit 0
fi
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + TIMEOUT))
while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
        echo "$CLIENT pid $pid did not exit after SIGTERM; sending SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
    fi
    sleep 0.1
done
rm -f "$PID_FILE"
echo "stopped $CLIENT on port $PORT (pid $pid)"
