#!/usr/bin/env bash
# End-to-end check of the Solidity fixtures against a local Anvil: deploys every fixture
# with cast, and checks each access gate (who can mint, exact revert data, storage slots).
#
#   anvil-scripts/smoke-fixtures.sh [PORT]     # default 18555; the port must be free
#
# Starts its own anvil via start.sh and stops it on exit. Builds fixtures first if the
# artifacts are missing. Prints "N passed, N failed" at the end; exits non-zero on failure.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PORT="${1:-18555}"
URL="http://127.0.0.1:$PORT"
ART="$ROOT/fixtures/artifacts"

rpc_require_bins
[[ -f "$ART/RoleGatedMint.json" && -f "$ROOT/fixtures/merkle/allowlist-root.txt" ]] \
    || bash "$ROOT/anvil-scripts/build-fixtures.sh"

# Anvil's default mnemonic ("test test ... junk") accounts 0-3 and their keys.
A0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
A1=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
A2=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
A3=0x90F79bf6EB2c4f870365E785982E1f101E93b906
K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

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

bytecode() { node -p "require('$ART/$1.json').bytecode"; }

# deploy NAME [CTOR_SIG ARGS...] -> prints address
deploy() {
    local name="$1"
    shift
    "$CAST_BIN" send --rpc-url "$URL" --private-key "$K0" --json --create "$(bytecode "$name")" "$@" \
        | node -e 'let d="";process.stdin.on("data",c=>d+=c).on("end",()=>{const r=JSON.parse(d);
            if(r.status!=="0x1"||!r.contractAddress){console.error("deploy failed",d);process.exit(1)}
            console.log(r.contractAddress)})'
}

# send ADDR SIG ARGS...   (from account 0)
send() {
    "$CAST_BIN" send --rpc-url "$URL" --private-key "$K0" --json "$@" >/dev/null
}

# eth_call FROM TO SIG ARGS... -> prints "ok:<result>" or "revert:<data>"
ecall() {
    local from="$1" to="$2" data
    shift 2
    data="$("$CAST_BIN" calldata "$@")"
    curl -s -m 10 -H 'Content-Type: application/json' \
        --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"from\":\"$from\",\"to\":\"$to\",\"data\":\"$data\"},\"latest\"]}" \
        "$URL" | node -e 'let d="";process.stdin.on("data",c=>d+=c).on("end",()=>{const r=JSON.parse(d);
            if(r.error){console.log("revert:"+(r.error.data||"0x"))}else{console.log("ok:"+r.result)}})'
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

# --- RoleGatedMint ------------------------------------------------------------------------
a="$(deploy RoleGatedMint "constructor(address,address)" "$A0" "$A1")"
MINTER_ROLE="$("$CAST_BIN" keccak MINTER_ROLE)"
expect_ok "RoleGatedMint: minter can mint" "$A1" "$a" "mint(uint256)" 1
expect_revert "RoleGatedMint: non-minter -> AccessControlUnauthorizedAccount(a2, MINTER_ROLE)" \
    "0xe2517d3f$(pad "${A2,,}")$(pad "$MINTER_ROLE")" "$A2" "$a" "mint(uint256)" 1
check_eq "RoleGatedMint: hasRole(MINTER_ROLE, a1)" \
    "$("$CAST_BIN" call --rpc-url "$URL" "$a" "hasRole(bytes32,address)(bool)" "$MINTER_ROLE" "$A1")" true

# --- OwnableMint ----------------------------------------------------------------------------
a="$(deploy OwnableMint "constructor(address)" "$A0")"
expect_ok "OwnableMint: owner can mint" "$A0" "$a" "mint(uint256)" 1
expect_revert "OwnableMint: non-owner -> OwnableUnauthorizedAccount(a1)" \
    "0x118cdaa7$(pad "${A1,,}")" "$A1" "$a" "mint(uint256)" 1

# --- LegacyOwnableMint --------------------------------------------------------------------
a="$(deploy LegacyOwnableMint "constructor(address)" "$A0")"
expect_ok "LegacyOwnableMint: owner can mint" "$A0" "$a" "mint(uint256)" 1
expect_revert "LegacyOwnableMint: non-owner -> Error(\"Ownable: caller is not the owner\")" \
    "$("$CAST_BIN" calldata "Error(string)" "Ownable: caller is not the owner")" "$A1" "$a" "mint(uint256)" 1
check_eq "LegacyOwnableMint: owner()" "$("$CAST_BIN" call --rpc-url "$URL" "$a" "owner()(address)")" "$A0"

# --- PausableMint ---------------------------------------------------------------------------
a="$(deploy PausableMint "constructor(address,bool)" "$A0" true)"
expect_revert "PausableMint: paused -> EnforcedPause()" 0xd93c0665 "$A1" "$a" "mint(uint256)" 1
send "$a" "unpause()"
expect_ok "PausableMint: anyone can mint once unpaused" "$A1" "$a" "mint(uint256)" 1

# --- MappingAllowlist -----------------------------------------------------------------------
a="$(deploy MappingAllowlist "constructor(address[])" "[$A0,$A1]")"
expect_ok "MappingAllowlist: whitelisted can mint" "$A1" "$a" "mint(uint256)" 1
expect_revert "MappingAllowlist: others -> Error(\"Not whitelisted\")" \
    "$("$CAST_BIN" calldata "Error(string)" "Not whitelisted")" "$A2" "$a" "mint(uint256)" 1
check_eq "MappingAllowlist: slot keccak(a1, 2) == 1" \
    "$("$CAST_BIN" storage --rpc-url "$URL" "$a" "$("$CAST_BIN" index address "$A1" 2)")" "0x$(pad 1)"
send "$a" "setWhitelisted(address[],bool)" "[$A2]" true
expect_ok "MappingAllowlist: setWhitelisted adds a2" "$A2" "$a" "mint(uint256)" 1

# --- CustomErrorAllowlist ------------------------------------------------------------------
a="$(deploy CustomErrorAllowlist "constructor(address[])" "[$A0]")"
expect_ok "CustomErrorAllowlist: allowlisted can mint" "$A0" "$a" "mint(uint256)" 1
expect_revert "CustomErrorAllowlist: others -> NotAllowlisted(a2)" \
    "0x6f7a5275$(pad "${A2,,}")" "$A2" "$a" "mint(uint256)" 1
check_eq "CustomErrorAllowlist: slot keccak(a0, 2) == 1" \
    "$("$CAST_BIN" storage --rpc-url "$URL" "$a" "$("$CAST_BIN" index address "$A0" 2)")" "0x$(pad 1)"

# --- GetterAllowlist ---------------------------------------------------------------------------
a="$(deploy GetterAllowlist "constructor(address[])" "[$A0]")"
check_eq "GetterAllowlist: isAllowlisted(a0)" "$("$CAST_BIN" call --rpc-url "$URL" "$a" "isAllowlisted(address)(bool)" "$A0")" true
check_eq "GetterAllowlist: isAllowlisted(a2)" "$("$CAST_BIN" call --rpc-url "$URL" "$a" "isAllowlisted(address)(bool)" "$A2")" false
expect_ok "GetterAllowlist: allowlisted can claim" "$A0" "$a" "claim()"
expect_revert "GetterAllowlist: others -> Error(\"Not allowlisted\")" \
    "$("$CAST_BIN" calldata "Error(string)" "Not allowlisted")" "$A2" "$a" "claim()"

# --- MerkleAllowlist -------------------------------------------------------------------------
root="$(tr -d '[:space:]' <"$ROOT/fixtures/merkle/allowlist-root.txt")"
proof() { node -p "JSON.stringify(require('$ROOT/fixtures/merkle/allowlist-proofs.json')['$1']).replace(/\"/g,'')"; }
a="$(deploy MerkleAllowlist "constructor(bytes32)" "$root")"
expect_ok "MerkleAllowlist: a0 with proof" "$A0" "$a" "mint(uint256,bytes32[])" 1 "$(proof "$A0")"
expect_ok "MerkleAllowlist: a1 with proof" "$A1" "$a" "mint(uint256,bytes32[])" 1 "$(proof "$A1")"
expect_ok "MerkleAllowlist: a2 with proof" "$A2" "$a" "mint(uint256,bytes32[])" 1 "$(proof "$A2")"
expect_revert "MerkleAllowlist: a3 (not in tree), empty proof -> InvalidProof()" 0x09bde339 \
    "$A3" "$a" "mint(uint256,bytes32[])" 1 "[]"
expect_revert "MerkleAllowlist: a3 with a1's proof -> InvalidProof()" 0x09bde339 \
    "$A3" "$a" "mint(uint256,bytes32[])" 1 "$(proof "$A1")"

# --- OpaqueTierGate ------------------------------------------------------------------------
a="$(deploy OpaqueTierGate "constructor(address[])" "[$A1]")"
expect_ok "OpaqueTierGate: tier-2 member can mint" "$A1" "$a" "mint(uint256)" 1
expect_revert "OpaqueTierGate: others -> bare revert, no data" 0x "$A2" "$a" "mint(uint256)" 1
inner="$("$CAST_BIN" index uint256 2 3)"
check_eq "OpaqueTierGate: slot keccak(a1, keccak(2, 3)) == 1" \
    "$("$CAST_BIN" storage --rpc-url "$URL" "$a" "$("$CAST_BIN" index address "$A1" "$inner")")" "0x$(pad 1)"
send "$a" "setTier(uint256,address,bool)" 2 "$A2" true
expect_ok "OpaqueTierGate: setTier(2, a2) lets a2 mint" "$A2" "$a" "mint(uint256)" 1

# --- ProxiedRoleMint behind FixtureERC1967Proxy --------------------------------------------
impl="$(deploy ProxiedRoleMint)"
init="$("$CAST_BIN" calldata "initialize(address,address)" "$A0" "$A1")"
a="$(deploy FixtureERC1967Proxy "constructor(address,bytes)" "$impl" "$init")"
expect_ok "ProxiedRoleMint via proxy: minter can mint" "$A1" "$a" "mint(uint256)" 1
expect_revert "ProxiedRoleMint via proxy: non-minter -> AccessControlUnauthorizedAccount" \
    "0xe2517d3f$(pad "${A2,,}")$(pad "$MINTER_ROLE")" "$A2" "$a" "mint(uint256)" 1
check_eq "FixtureERC1967Proxy: ERC-1967 implementation slot" \
    "$("$CAST_BIN" storage --rpc-url "$URL" "$a" 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc)" \
    "0x$(pad "${impl,,}")"
expect_revert "ProxiedRoleMint via proxy: initialize twice -> InvalidInitialization()" \
    "$("$CAST_BIN" sig "InvalidInitialization()")" "$A2" "$a" "initialize(address,address)" "$A2" "$A2"

# --- CloneFactory / ClonableAllowlist ------------------------------------------------------
f="$(deploy CloneFactory "constructor(address)" 0x0000000000000000000000000000000000000000)"
rcpt="$("$CAST_BIN" send --rpc-url "$URL" --private-key "$K0" --json "$f" "clone(address,address[])" "$A0" "[$A1]")"
topic="$("$CAST_BIN" keccak "Cloned(address)")"
a="$(node -e 'const r=JSON.parse(process.argv[1]);const l=r.logs.find(l=>l.topics[0]===process.argv[2]);
    console.log("0x"+l.data.slice(-40))' "$rcpt" "$topic")"
a="$("$CAST_BIN" to-check-sum-address "$a")"
impl="$("$CAST_BIN" call --rpc-url "$URL" "$f" "implementation()(address)")"
check_eq "CloneFactory: clone is an EIP-1167 proxy of implementation" "$("$CAST_BIN" code --rpc-url "$URL" "$a")" \
    "0x363d3d373d3d3d363d73${impl#0x}5af43d82803e903d91602b57fd5bf3"
expect_ok "ClonableAllowlist clone: allowlisted can mint" "$A1" "$a" "mint(uint256)" 1
expect_revert "ClonableAllowlist clone: others -> NotAllowlisted(a2)" \
    "0x6f7a5275$(pad "${A2,,}")" "$A2" "$a" "mint(uint256)" 1

# --- PricedMint ----------------------------------------------------------------------------
a="$(deploy PricedMint)"
if "$CAST_BIN" send --rpc-url "$URL" --private-key "$K0" --value 0.1ether "$a" "mint(uint256)" 2 >/dev/null 2>&1; then
    ok "PricedMint: mint(2) with 0.1 ether"
else
    bad "PricedMint: mint(2) with 0.1 ether failed"
fi
expect_revert "PricedMint: wrong price -> Error(\"Wrong price\")" \
    "$("$CAST_BIN" calldata "Error(string)" "Wrong price")" "$A2" "$a" "mint(uint256)" 1

echo "$PASS passed, $FAIL failed"
((FAIL == 0))
