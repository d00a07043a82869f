#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# End-to-end check of the Solidity fixtures against a local Anvil: deploys every fixture
# with deploy-fixtures.sh (which checks each gate's allowed and denied account: exact
# revert data, proxy and clone wiring), then checks more: storage slots, state changes
# (unpause, setWhitelisted, setTier), a real paid mint, re-initialisation.
#
#   anvil-scripts/smoke-fixtures.sh [PORT]     # default 18555; the port must be free
#
# Starts its own anvil via start.sh and stops it on exit. Builds fixtures first if the
# artifacts are missing. Prints "N passed, N failed" at the end; exits non-zero on failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=env.sh
source "$HERE/env.sh"
# shellcheck source=fixtures-lib.sh
source "$HERE/fixtures-lib.sh"

PORT="${1:-18555}"
URL="http://127.0.0.1:$PORT"

rpc_require_bins
fx_ensure_artifacts

if curl -s -m 2 "$URL" >/dev/null 2>&1; then
    echo "smoke: port $PORT is in use; pick a free one" >&2
    exit 2
fi
start_out="$(bash "$ROOT/anvil-scripts/start.sh" "$PORT")"
trap 'bash "$ROOT/anvil-scripts/stop.sh" "$PORT" >/dev/null' EXIT
echo "$start_out" | grep -q '^log=' || { echo "smoke: start.sh did not start anvil" >&2; exit 1; }

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   - $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }
check_eq() { # desc got want
    if [[ "${2,,}" == "${3,,}" ]]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}

# --- deploy-fixtures.sh: deploys, checks every gate, prints KEY=VALUE ------------------------
deploy_err="$(mktemp)"
if env_out="$(RPC_FIXTURES_ENV='' bash "$ROOT/anvil-scripts/deploy-fixtures.sh" "$URL" 2>"$deploy_err")"; then
    deploy_rc=0
else
    deploy_rc=$?
fi
while IFS= read -r line; do
    case "$line" in
        "deploy-fixtures.sh: ok   "*) ok "deploy-fixtures: ${line#deploy-fixtures.sh: ok   }" ;;
        "deploy-fixtures.sh: FAIL "*) bad "deploy-fixtures: ${line#deploy-fixtures.sh: FAIL }" ;;
        *"error:"*) echo "$line" >&2 ;;
    esac
done <"$deploy_err"
rm -f "$deploy_err"
if ((deploy_rc != 0)); then
    bad "deploy-fixtures.sh $URL exited $deploy_rc"
    echo "$PASS passed, $FAIL failed"
    exit 1
fi
ok "deploy-fixtures.sh $URL"
# shellcheck source=/dev/null
source <(printf '%s\n' "$env_out")
for k in ROLE_GATED OWNABLE LEGACY_OWNABLE PAUSABLE MAPPING CUSTOM_ERROR GETTER MERKLE OPAQUE \
    PROXY_IMPL PROXY CLONE_FACTORY CLONE_IMPL CLONE PRICED CHAIN_ID; do
    [[ -n "${!k:-}" ]] || bad "deploy-fixtures.sh printed no $k"
done

# send ADDR SIG ARGS...   (from account 0)
send() {
    "$CAST_BIN" send --rpc-url "$URL" --private-key "$K0" --json "$@" >/dev/null
}

# eth_call FROM TO SIG ARGS... -> prints "ok:<result>" or "revert:<data>" (or "error:...")
ecall() {
    local from="$1" to="$2"
    shift 2
    fx_eth_call "$URL" "$from" "$to" "$("$CAST_BIN" calldata "$@")"
}

# expect_ok DESC FROM TO SIG ARGS...
expect_ok() {
    local desc="$1" got
    shift
    got="$(ecall "$@")"
    if [[ "$got" == ok:* ]]; then ok "$desc"; else bad "$desc: $got"; fi
}

# expect_revert DESC WANT_DATA_PREFIX FROM TO SIG ARGS...   (WANT "0x" = no revert data)
expect_revert() {
    local desc="$1" want="${2,,}" got
    shift 2
    got="$(ecall "$@")"
    got="${got,,}"
    if [[ "$want" == 0x && "$got" == revert:0x ]] || [[ "$want" != 0x && "$got" == revert:"$want"* ]]; then
        ok "$desc"
    else
        bad "$desc: got $got, want revert:$want..."
    fi
}

pad() { printf '%064s' "${1#0x}" | tr ' ' 0; }

MINTER_ROLE="$("$CAST_BIN" keccak MINTER_ROLE)"

# The allowed/denied account of every gate was checked by deploy-fixtures.sh above; what
# follows checks other accounts, storage layout and state changes on the same contracts.

# --- RoleGatedMint ------------------------------------------------------------------------
check_eq "RoleGatedMint: hasRole(MINTER_ROLE, a1)" \
    "$("$CAST_BIN" call --rpc-url "$URL" "$ROLE_GATED" "hasRole(bytes32,address)(bool)" "$MINTER_ROLE" "$A1")" true
check_eq "RoleGatedMint: hasRole(MINTER_ROLE, a0) (admin only)" \
    "$("$CAST_BIN" call --rpc-url "$URL" "$ROLE_GATED" "hasRole(bytes32,address)(bool)" "$MINTER_ROLE" "$A0")" false

# --- OwnableMint ----------------------------------------------------------------------------
expect_revert "OwnableMint: non-owner a1 -> OwnableUnauthorizedAccount(a1)" \
    "0x118cdaa7$(pad "${A1,,}")" "$A1" "$OWNABLE" "mint(uint256)" 1

# --- LegacyOwnableMint --------------------------------------------------------------------
expect_revert "LegacyOwnableMint: non-owner a1 -> Error(\"Ownable: caller is not the owner\")" \
    "$("$CAST_BIN" calldata "Error(string)" "Ownable: caller is not the owner")" "$A1" "$LEGACY_OWNABLE" "mint(uint256)" 1
check_eq "LegacyOwnableMint: owner()" "$("$CAST_BIN" call --rpc-url "$URL" "$LEGACY_OWNABLE" "owner()(address)")" "$A0"

# --- PausableMint ---------------------------------------------------------------------------
check_eq "PausableMint: paused()" "$("$CAST_BIN" call --rpc-url "$URL" "$PAUSABLE" "paused()(bool)")" true
send "$PAUSABLE" "unpause()"
expect_ok "PausableMint: anyone can mint once unpaused" "$A2" "$PAUSABLE" "mint(uint256)" 1
send "$PAUSABLE" "pause()"
expect_revert "PausableMint: paused again -> EnforcedPause()" 0xd93c0665 "$A1" "$PAUSABLE" "mint(uint256)" 1

# --- MappingAllowlist -----------------------------------------------------------------------
check_eq "MappingAllowlist: slot keccak(a1, 2) == 1" \
    "$("$CAST_BIN" storage --rpc-url "$URL" "$MAPPING" "$("$CAST_BIN" index address "$A1" 2)")" "0x$(pad 1)"
check_eq "MappingAllowlist: whitelisted(a2) getter" \
    "$("$CAST_BIN" call --rpc-url "$URL" "$MAPPING" "whitelisted(address)(bool)" "$A2")" false
send "$MAPPING" "setWhitelisted(address[],bool)" "[$A2]" true
expect_ok "MappingAllowlist: setWhitelisted adds a2" "$A2" "$MAPPING" "mint(uint256)" 1
send "$MAPPING" "setWhitelisted(address[],bool)" "[$A2]" false
expect_revert "MappingAllowlist: setWhitelisted(false) removes a2" \
    "$("$CAST_BIN" calldata "Error(string)" "Not whitelisted")" "$A2" "$MAPPING" "mint(uint256)" 1

# --- CustomErrorAllowlist ------------------------------------------------------------------
check_eq "CustomErrorAllowlist: slot keccak(a1, 2) == 1" \
    "$("$CAST_BIN" storage --rpc-url "$URL" "$CUSTOM_ERROR" "$("$CAST_BIN" index address "$A1" 2)")" "0x$(pad 1)"
expect_revert "CustomErrorAllowlist: a0 (deployer, not listed) -> NotAllowlisted(a0)" \
    "0x6f7a5275$(pad "${A0,,}")" "$A0" "$CUSTOM_ERROR" "mint(uint256)" 1

# --- GetterAllowlist ---------------------------------------------------------------------------
check_eq "GetterAllowlist: slot keccak(a1, 1) == 1" \
    "$("$CAST_BIN" storage --rpc-url "$URL" "$GETTER" "$("$CAST_BIN" index address "$A1" 1)")" "0x$(pad 1)"
send_from() { # KEY TO SIG ARGS...
    local key="$1"
    shift
    "$CAST_BIN" send --rpc-url "$URL" --private-key "$key" --json "$@" >/dev/null
}
K1=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
send_from "$K1" "$GETTER" "claim()"
expect_revert "GetterAllowlist: a1 claims twice -> Error(\"Already claimed\")" \
    "$("$CAST_BIN" calldata "Error(string)" "Already claimed")" "$A1" "$GETTER" "claim()"

# --- MerkleAllowlist -------------------------------------------------------------------------
proof() { node -p "JSON.stringify(require('$ROOT/fixtures/merkle/allowlist-proofs.json')['$1']).replace(/\"/g,'')"; }
check_eq "MerkleAllowlist: merkleRoot()" \
    "$("$CAST_BIN" call --rpc-url "$URL" "$MERKLE" "merkleRoot()(bytes32)")" "$MERKLE_ROOT"
expect_revert "MerkleAllowlist: a3 with a1's proof -> InvalidProof()" 0x09bde339 \
    "$A3" "$MERKLE" "mint(uint256,bytes32[])" 1 "$(proof "$A1")"
expect_revert "MerkleAllowlist: a1 with a2's proof -> InvalidProof()" 0x09bde339 \
    "$A1" "$MERKLE" "mint(uint256,bytes32[])" 1 "$(proof "$A2")"

# --- OpaqueTierGate ------------------------------------------------------------------------
inner="$("$CAST_BIN" index uint256 2 3)"
check_eq "OpaqueTierGate: slot keccak(a1, keccak(2, 3)) == 1" \
    "$("$CAST_BIN" storage --rpc-url "$URL" "$OPAQUE" "$("$CAST_BIN" index address "$A1" "$inner")")" "0x$(pad 1)"
send "$OPAQUE" "setTier(uint256,address,bool)" 2 "$A2" true
expect_ok "OpaqueTierGate: setTier(2, a2) lets a2 mint" "$A2" "$OPAQUE" "mint(uint256)" 1
send "$OPAQUE" "setTier(uint256,address,bool)" 2 "$A2" false
expect_revert "OpaqueTierGate: setTier(2, a2, false) -> bare revert again" 0x "$A2" "$OPAQUE" "mint(uint256)" 1

# --- ProxiedRoleMint behind FixtureERC1967Proxy --------------------------------------------
expect_revert "ProxiedRoleMint via proxy: initialize twice -> InvalidInitialization()" \
    "$("$CAST_BIN" sig "InvalidInitialization()")" "$A2" "$PROXY" "initialize(address,address)" "$A2" "$A2"
check_eq "ProxiedRoleMint via proxy: hasRole(MINTER_ROLE, a1)" \
    "$("$CAST_BIN" call --rpc-url "$URL" "$PROXY" "hasRole(bytes32,address)(bool)" "$MINTER_ROLE" "$A1")" true
check_eq "ProxiedRoleMint implementation itself: no roles (state lives in the proxy)" \
    "$("$CAST_BIN" call --rpc-url "$URL" "$PROXY_IMPL" "hasRole(bytes32,address)(bool)" "$MINTER_ROLE" "$A1")" false

# --- CloneFactory / ClonableAllowlist ------------------------------------------------------
check_eq "CloneFactory: implementation()" \
    "$("$CAST_BIN" call --rpc-url "$URL" "$CLONE_FACTORY" "implementation()(address)")" "$CLONE_IMPL"
expect_revert "ClonableAllowlist implementation is locked -> AlreadyInitialized()" \
    "$("$CAST_BIN" sig "AlreadyInitialized()")" "$A2" "$CLONE_IMPL" "initialize(address,address[])" "$A2" "[$A2]"
# A second clone, its address taken from the Cloned event this time.
rcpt="$("$CAST_BIN" send --rpc-url "$URL" --private-key "$K0" --json "$CLONE_FACTORY" "clone(address,address[])" "$A0" "[$A2]")"
topic="$("$CAST_BIN" keccak "Cloned(address)")"
a="$(node -e 'const r=JSON.parse(process.argv[1]);const l=r.logs.find(l=>l.topics[0]===process.argv[2]);
    console.log("0x"+l.data.slice(-40))' "$rcpt" "$topic")"
a="$("$CAST_BIN" to-check-sum-address "$a")"
check_eq "CloneFactory: second clone is an EIP-1167 proxy of implementation" "$("$CAST_BIN" code --rpc-url "$URL" "$a")" \
    "0x363d3d373d3d3d363d73${CLONE_IMPL#0x}5af43d82803e903d91602b57fd5bf3"
expect_ok "ClonableAllowlist second clone: a2 allowlisted there" "$A2" "$a" "mint(uint256)" 1
expect_revert "ClonableAllowlist second clone: a1 -> NotAllowlisted(a1) (clones do not share state)" \
    "0x6f7a5275$(pad "${A1,,}")" "$A1" "$a" "mint(uint256)" 1
send "$CLONE" "setAllowlisted(address,bool)" "$A2" true
expect_ok "ClonableAllowlist clone: owner a0 adds a2" "$A2" "$CLONE" "mint(uint256)" 1

# --- PricedMint ----------------------------------------------------------------------------
if "$CAST_BIN" send --rpc-url "$URL" --private-key "$K0" --value 0.1ether "$PRICED" "mint(uint256)" 2 >/dev/null 2>&1; then
    ok "PricedMint: mint(2) with 0.1 ether"
else
    bad "PricedMint: mint(2) with 0.1 ether failed"
fi
check_eq "PricedMint: minted(a0) == 2" "$("$CAST_BIN" call --rpc-url "$URL" "$PRICED" "minted(address)(uint256)" "$A0")" 2
check_eq "POOR has no ether" "$("$CAST_BIN" balance --rpc-url "$URL" "$POOR")" 0

echo "$PASS passed, $FAIL failed"
((FAIL == 0))
