#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The rpccheck demo, from a fresh checkout to a transcript, in one command:
#
#   anvil-scripts/demo.sh
#
# 1. installs the dev tooling (install.sh; a no-op when node_modules is up to date)
# 2. builds rpccheck (cargo build --quiet -> target/debug/rpccheck)
# 3. starts an Anvil (start.sh) on port ${RPCCHECK_DEMO_PORT:-8545}, or on the first free port
#    of 8546..8599 if that one is taken (an Anvil it did not start is never touched)
# 4. deploys the fixtures (deploy-fixtures.sh)
# 5. runs rpccheck chain / explain (and allowlist, once that command exists) against it,
#    printing each command as "$ rpccheck ..." followed by its output and "(exit N)"
# 6. stops the Anvil it started: on success, failure and Ctrl-C alike
#
# Exit 0 when every rpccheck command ended with the exit code it is expected to (1 and 4
# are expected for some: a failed check, an inconclusive answer), 1 otherwise.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=env.sh
source "$HERE/env.sh"
# shellcheck source=fixtures-lib.sh
source "$HERE/fixtures-lib.sh"
cd "$ROOT"

die() { echo "demo.sh: error: $*" >&2; exit 1; }
note() { echo "demo.sh: $*" >&2; }
section() { printf '\n== %s\n\n' "$*"; }

PORT="${RPCCHECK_DEMO_PORT:-8545}"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "RPCCHECK_DEMO_PORT must be a port number, not '$PORT'"

# ---- cleanup: only ever the Anvil this script started -------------------------------------
OUR_PID=""      # pid of the anvil we started (from start.sh's output)
STARTING=0      # start.sh is running: a pid file that appears now is ours
OUR_ENV=""      # the fixtures env file written for our anvil
# shellcheck disable=SC2317 # used by cleanup
is_anvil() {
    kill -0 "$1" 2>/dev/null && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q anvil
}
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
    local rc=$? pid_file="$ANVIL_DIR/anvil-$PORT.pid" recorded=""
    trap - EXIT INT TERM HUP
    [[ -f "$pid_file" ]] && recorded="$(cat "$pid_file" 2>/dev/null || true)"
    if [[ -z "$OUR_PID" && "$STARTING" == 1 && -n "$recorded" ]]; then
        OUR_PID="$recorded" # interrupted while start.sh was starting it
    fi
    if [[ -n "$OUR_PID" ]]; then
        if [[ "$recorded" == "$OUR_PID" ]]; then
            # On Ctrl-C anvil gets the SIGINT too and shuts down by itself: while it is
            # exiting (alive, but no longer showing a command line) give it a moment.
            local _
            for _ in {1..40}; do
                if ! kill -0 "$OUR_PID" 2>/dev/null || is_anvil "$OUR_PID"; then break; fi
                sleep 0.05
            done
            bash "$ROOT/anvil-scripts/stop.sh" "$PORT" || true
        elif is_anvil "$OUR_PID"; then
            kill -TERM "$OUR_PID" 2>/dev/null || true
            echo "stopped anvil pid $OUR_PID"
        fi
        [[ -n "$OUR_ENV" ]] && rm -f "$OUR_ENV"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- transcript helpers ---------------------------------------------------------------------
# Quote one argument for display: bare if harmless, else in double (or single) quotes.
shown() {
    if [[ "$1" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
        printf '%s' "$1"
    elif [[ "$1" != *[\"\$\`\\!]* ]]; then
        printf '"%s"' "$1"
    else
        printf "'%s'" "${1//\'/\'\\\'\'}"
    fi
}

UNEXPECTED=()
COMMANDS=0
# rpccheck WANT ARGS...   WANT: the acceptable exit codes, e.g. 0 or 1,4
rpccheck() {
    local want="$1" line='$ rpccheck' a rc=0
    shift
    for a in "$@"; do line+=" $(shown "$a")"; done
    printf '%s\n' "$line"
    "$RPCCHECK" "$@" </dev/null || rc=$?
    printf '(exit %s)\n\n' "$rc"
    COMMANDS=$((COMMANDS + 1))
    if [[ ",$want," != *",$rc,"* ]]; then
        UNEXPECTED+=("${line#"\$ "}: exit $rc, expected ${want//,/ or }")
    fi
}

# revert_data FROM TO DATA: the raw revert data of that eth_call (curl, like smoke-fixtures)
revert_data() {
    local got
    got="$(fx_eth_call "$URL" "$1" "$2" "$3")" || die "eth_call to $2 got no answer"
    [[ "$got" == revert:* ]] || die "expected eth_call from $1 to $2 to revert, got $got"
    printf '%s\n' "${got#revert:}"
}

# ---- 1. tooling, 2. build ---------------------------------------------------------------------
command -v curl >/dev/null 2>&1 || die "curl is required"
command -v cargo >/dev/null 2>&1 || die "cargo is required (https://rustup.rs)"

section "install dev tooling: anvil-scripts/install.sh"
bash "$ROOT/anvil-scripts/install.sh"
rpc_require_bins

section "build: cargo build --quiet"
t0=$SECONDS
cargo build --quiet
RPCCHECK="${CARGO_TARGET_DIR:-$ROOT/target}/debug/rpccheck"
[[ -x "$RPCCHECK" ]] || die "cargo build did not produce $RPCCHECK"
echo "built $RPCCHECK ($("$RPCCHECK" --version)) in $((SECONDS - t0))s"

# ---- 3. anvil ------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
serves_jsonrpc() {
    curl -s -m 2 -H 'Content-Type: application/json' \
        --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' \
        "http://127.0.0.1:$1" 2>/dev/null | grep -q '"result"'
}

section "start anvil: anvil-scripts/start.sh"
if port_busy "$PORT"; then
    if serves_jsonrpc "$PORT"; then
        note "something already serves JSON-RPC on 127.0.0.1:$PORT; leaving it alone"
    else
        note "port $PORT is in use"
    fi
    wanted="$PORT"
    PORT=""
    for p in $(seq 8546 8599); do
        if [[ "$p" != "$wanted" ]] && ! port_busy "$p"; then
            PORT="$p"
            break
        fi
    done
    [[ -n "$PORT" ]] || die "no free port in 8546..8599"
    note "using port $PORT instead"
fi
URL="http://127.0.0.1:$PORT"
STARTING=1
start_out="$(bash "$ROOT/anvil-scripts/start.sh" "$PORT")"
if [[ "$start_out" =~ (^|$'\n')log= && "$start_out" =~ (^|$'\n')pid=([0-9]+) ]]; then
    OUR_PID="${BASH_REMATCH[2]}"
fi
STARTING=0
[[ -n "$OUR_PID" ]] || die "start.sh did not start an anvil on port $PORT (someone else took it?)"
echo "anvil pid $OUR_PID serving $URL"

# ---- 4. fixtures ---------------------------------------------------------------------------------
section "deploy fixtures: anvil-scripts/deploy-fixtures.sh $URL"
OUR_ENV="$ANVIL_DIR/fixtures-$PORT.env"
deploy_log="$(mktemp)"
if ! bash "$ROOT/anvil-scripts/deploy-fixtures.sh" "$URL" 2>"$deploy_log"; then
    cat "$deploy_log" >&2
    rm -f "$deploy_log"
    die "deploy-fixtures.sh failed"
fi
grep -E 'deployed|checks passed' "$deploy_log" | sed 's/^deploy-fixtures.sh: /# /' || true
rm -f "$deploy_log"
# shellcheck source=/dev/null
source "$OUR_ENV"

# ---- 5. transcript -------------------------------------------------------------------------------
section "rpccheck chain"
rpccheck 0 -r "$URL" chain
echo "# Anvil is chain 31337, so expecting mainnet fails the check:"
rpccheck 1 -r "$URL" chain --expect-chain-id 1

section "rpccheck explain: real revert data from the fixtures"
MINT1="$("$CAST_BIN" calldata "mint(uint256)" 1)"
data="$(revert_data "$A2" "$ROLE_GATED" "$MINT1")"
echo "# A2 calls mint(1) on ROLE_GATED (RoleGatedMint, A2 lacks MINTER_ROLE); eth_call error data:"
echo "#   $data"
rpccheck 0 explain "$data"
data="$(revert_data "$A2" "$LEGACY_OWNABLE" "$MINT1")"
echo "# A2 calls mint(1) on LEGACY_OWNABLE (v4-style require string); eth_call error data:"
echo "#   $data"
rpccheck 0 explain "$data"
data="$(revert_data "$A2" "$OPAQUE" "$MINT1")"
echo "# A2 calls mint(1) on OPAQUE (bare revert()); eth_call error data: $data"
rpccheck 4 explain "$data"

section "rpccheck explain: error codes"
rpccheck 0 explain -32005
rpccheck 0 explain 4902

demo_allowlist() {
    if ! "$RPCCHECK" allowlist --help >/dev/null 2>&1; then
        section "rpccheck allowlist: skipped (this build has no allowlist command yet)"
        return 0
    fi
    section "rpccheck allowlist: would the gate let this address through?"
    local mint="mint(uint256)"
    echo "# ROLE_GATED (AccessControl): A2 has no MINTER_ROLE, A1 has it"
    rpccheck 1 -r "$URL" allowlist "$ROLE_GATED" "$A2" --call "$mint" 1
    rpccheck 0 -r "$URL" allowlist "$ROLE_GATED" "$A1" --call "$mint" 1
    echo "# MAPPING (require(whitelisted[msg.sender])): A2 is not in the mapping"
    rpccheck 1 -r "$URL" allowlist "$MAPPING" "$A2" --call "$mint" 1
    echo "# OPAQUE (private nested mapping, bare revert()): A2 is not in tier 2"
    rpccheck 1,4 -r "$URL" allowlist "$OPAQUE" "$A2" --call "$mint" 1
    echo "# PAUSABLE: paused, nobody can mint"
    rpccheck 1 -r "$URL" allowlist "$PAUSABLE" "$A1" --call "$mint" 1
    echo "# GETTER (isAllowlisted(address) view): A2 is not allowlisted"
    rpccheck 1,4 -r "$URL" allowlist "$GETTER" "$A2"
    echo "# MERKLE: A3 is not in fixtures/merkle/allowlist-tree.json"
    rpccheck 1 -r "$URL" allowlist "$MERKLE" "$A3" --call "mint(uint256,bytes32[])" 1 @proof \
        --merkle-tree fixtures/merkle/allowlist-tree.json
    echo "# PROXY (ERC-1967 proxy in front of an AccessControl implementation): A2 has no role"
    rpccheck 1 -r "$URL" allowlist "$PROXY" "$A2" --call "$mint" 1
    echo "# PRICED (open to all, 0.05 ether each): POOR has no ether to pay with"
    rpccheck 1,4 -r "$URL" allowlist "$PRICED" "$POOR" --call "$mint" 1 --value 0.05ether
}
demo_allowlist

section "rpccheck tx: why did this mined transaction fail?"
echo "# A2 sends mint(1) to ROLE_GATED with a fixed gas limit: mined, and failed"
K2=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a # Anvil account 2 (A2)
FAILED_TX="$("$CAST_BIN" send --rpc-url "$URL" --private-key "$K2" --gas-limit 200000 --json \
    "$ROLE_GATED" "mint(uint256)" 1 2>/dev/null \
    | sed -n 's/.*"transactionHash":"\(0x[0-9a-fA-F]*\)".*/\1/p')"
[[ -n "$FAILED_TX" ]] || die "cast send did not return a transaction hash"
rpccheck 1 -r "$URL" tx "$FAILED_TX"

# ---- 6. done (the EXIT trap stops anvil) ---------------------------------------------------------
section "done"
if ((${#UNEXPECTED[@]} == 0)); then
    echo "$COMMANDS rpccheck commands, every exit code as expected"
    exit 0
fi
echo "$COMMANDS rpccheck commands, ${#UNEXPECTED[@]} with an unexpected exit code:"
printf '  %s\n' "${UNEXPECTED[@]}"
exit 1
