#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Start Hardhat's node or Ganache in the background, like start.sh does for Anvil:
#
#   anvil-scripts/start-client.sh hardhat|ganache [PORT]
#
# PORT defaults to 8546 (hardhat) or 8547 (ganache). The client runs as anvil-scripts/
# client.sh starts it: 127.0.0.1, chain id 31337, Anvil's mnemonic and accounts, automine.
# Logs to .anvil/CLIENT-PORT.log, PID in .anvil/CLIENT-PORT.pid. Waits until eth_chainId
# answers (RPC_START_TIMEOUT seconds, default 30), then prints to stdout:
#   url=http://127.0.0.1:PORT
#   pid=NNN
#   chain_id=0x7a69
#   log=/path/to/.anvil/CLIENT-PORT.log
# Then e.g. `anvil-scripts/deploy-fixtures.sh http://127.0.0.1:PORT`. Stop it with
# anvil-scripts/stop-client.sh CLIENT [PORT].
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() { echo "usage: $0 hardhat|ganache [PORT]" >&2; exit 2; }
die() { echo "start-client.sh: error: $*" >&2; exit 1; }

CLIENT="${1:-}"
case "$CLIENT" in
    hardhat) PORT="${2:-8546}" ;;
    ganache) PORT="${2:-8547}" ;;
    *) usage ;;
esac
[[ "$PORT" =~ ^[0-9]+$ && $# -le 2 ]] || usage
URL="http://127.0.0.1:$PORT"
TIMEOUT="${RPC_START_TIMEOUT:-30}"
PID_FILE="$ANVIL_DIR/$CLIENT-$PORT.pid"
LOG_FILE="$ANVIL_DIR/$CLIENT-$PORT.log"

command -v curl >/dev/null 2>&1 || die "curl is required"

mkdir -p "$ANVIL_DIR"
if chain_id="$(rpc_chain_id "$URL")"; then
    die "$URL already serves JSON-RPC (chain id $chain_id); pick another port"
fi
if [[ -f "$PID_FILE" ]]; then
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        die "$CLIENT pid $pid (from $PID_FILE) is alive but $URL does not answer; run stop-client.sh $CLIENT $PORT first"
    fi
    rm -f "$PID_FILE"
fi
if ! rpc_bin_ok "$RPC_NODE22"; then
    echo "Node.js 22 not found; running install.sh" >&2
    bash "$ROOT/anvil-scripts/install.sh" >&2
fi

: >"$LOG_FILE"
echo "start-client.sh: starting $CLIENT on $URL (log: $LOG_FILE)" >&2
nohup bash "$ROOT/anvil-scripts/client.sh" "$CLIENT" "$PORT" </dev/null >>"$LOG_FILE" 2>&1 &
pid=$!
disown "$pid" 2>/dev/null || true
echo "$pid" >"$PID_FILE"

chain_id="$(rpc_wait_answering start-client.sh "$CLIENT" "$pid" "$URL" "$LOG_FILE" "$PID_FILE" "$TIMEOUT")"

echo "url=$URL"
echo "pid=$pid"
echo "chain_id=$chain_id"
echo "log=$LOG_FILE"
