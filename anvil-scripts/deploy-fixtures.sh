#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Deploy every Solidity fixture to an already running Anvil, set up each gate with an
# allowed and a denied account, verify that with eth_call, and write the addresses.
#
#   anvil-scripts/deploy-fixtures.sh [URL]      # default http://127.0.0.1:8545
#
# Also works on Hardhat's node and Ganache as anvil-scripts/client.sh starts them (Anvil's
# mnemonic, chain id 31337, automine): the same fixtures at the same addresses, the same
# output. Transactions are signed by cast with the key of Anvil account 0 (A0, the
# default-mnemonic key; no unlocked account is needed) and sent raw.
# Builds the fixtures first if fixtures/artifacts is missing. Progress goes to stderr.
#
# Output: KEY=VALUE lines (plus '#' comment lines), on stdout and in
# $ROOT/.anvil/fixtures-<port>.env (written only once every check passed; a previous file
# for that port is removed first). Shell: `source` it. Rust: skip empty and '#' lines,
# split at the first '='. Values never need quoting (addresses, numbers, the URL).
# RPC_FIXTURES_ENV=PATH writes that file instead; RPC_FIXTURES_ENV= (empty) writes none
# (for tests that read stdout and would otherwise leave one file per random port).
#
#   URL CHAIN_ID              the endpoint, and its chain id (decimal)
#   A0 A1 A2 A3               Anvil accounts 0-3
#   POOR                      0x1111...1111, an address that holds no ether
#   ROLE_GATED                RoleGatedMint(admin A0, minter A1)        mint(uint256)
#   OWNABLE                   OwnableMint(owner A0)                      mint(uint256)
#   LEGACY_OWNABLE            LegacyOwnableMint(owner A0)                mint(uint256)
#   PAUSABLE                  PausableMint(owner A0), paused             mint(uint256)
#   MAPPING                   MappingAllowlist([A1])                     mint(uint256)
#   CUSTOM_ERROR              CustomErrorAllowlist([A1])                 mint(uint256)
#   GETTER                    GetterAllowlist([A1])                      claim(), isAllowlisted(address)
#   MERKLE  MERKLE_ROOT       MerkleAllowlist(root of fixtures/merkle)   mint(uint256,bytes32[])
#   OPAQUE                    OpaqueTierGate([A1]), bare revert()        mint(uint256)
#   PROXY_IMPL  PROXY         ProxiedRoleMint behind FixtureERC1967Proxy, initialize(A0, A1)
#   CLONE_FACTORY CLONE_IMPL  CloneFactory and the ClonableAllowlist implementation it deployed
#   CLONE                     EIP-1167 clone made by the factory: owner A0, allowlist [A1]
#   PRICED                    PricedMint: mint(n) costs exactly 0.05 ether * n
#   BOUNDS                    Bounds: hostile executions, no gate (spin(), grow(), recurse(n),
#                             bigRevert(n), hashBig(n), spinTx(), needs(n); tests/bounds.rs)
#
# Who passes (checked before the file is written):
#   allowed A1, denied A2:   ROLE_GATED MAPPING CUSTOM_ERROR GETTER OPAQUE PROXY CLONE
#   allowed A0, denied A2:   OWNABLE LEGACY_OWNABLE
#   everyone denied:         PAUSABLE (EnforcedPause)
#   allowed A0 A1 A2, denied A3: MERKLE (proofs in fixtures/merkle/allowlist-proofs.json)
#   PRICED: A1 paying 0.05 ether for 1 passes; POOR cannot pay (no funds)
#   BOUNDS: bigRevert(64) reverts with 64 bytes of 0x41, hashBig(64) and recurse(3) revert
#           without data, needs(2) passes (the endless ones are left to tests/bounds.rs)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=env.sh
source "$HERE/env.sh"
# shellcheck source=fixtures-lib.sh
source "$HERE/fixtures-lib.sh"

die() { echo "deploy-fixtures.sh: error: $*" >&2; exit 1; }
log() { echo "deploy-fixtures.sh: $*" >&2; }

[[ $# -le 1 ]] || { echo "usage: $0 [URL]" >&2; exit 2; }
URL="${1:-http://127.0.0.1:8545}"

# The URL is written unquoted into a sourceable file: allow only characters that are inert
# in a shell assignment.
url_re='^[A-Za-z][A-Za-z0-9+.-]*://[][A-Za-z0-9._:/?@%+=,-]+$'
[[ "$URL" =~ $url_re ]] || die "unsupported URL '$URL' (want http://host:port with plain characters)"
port_re='^([A-Za-z][A-Za-z0-9+.-]*)://([^/@]*@)?(\[[^]/]*\]|[^]:/[]*)(:([0-9]+))?([/?].*)?$'
[[ "$URL" =~ $port_re ]] || die "cannot parse host/port out of '$URL'"
PORT="${BASH_REMATCH[5]}"
if [[ -z "$PORT" ]]; then
    case "${BASH_REMATCH[1],,}" in
        https | wss) PORT=443 ;;
        *) PORT=80 ;;
    esac
fi
OUT="${RPC_FIXTURES_ENV-$ANVIL_DIR/fixtures-$PORT.env}"

command -v curl >/dev/null 2>&1 || die "curl is required"
[[ -z "$OUT" ]] || { mkdir -p "$(dirname "$OUT")" && rm -f "$OUT"; }
rpc_require_bins
fx_ensure_artifacts

cast_() { "$CAST_BIN" "$@"; }

CHAIN_ID="$(cast_ chain-id --rpc-url "$URL" 2>/dev/null)" || die "no JSON-RPC answer from $URL (is Anvil running?)"
[[ "$(cast_ balance --rpc-url "$URL" "$A0")" != 0 ]] \
    || die "$A0 has no ether on $URL: not an Anvil with the default mnemonic?"
[[ "$(cast_ balance --rpc-url "$URL" "$POOR")" == 0 ]] \
    || die "$POOR has ether on $URL; it must be unfunded for the PricedMint fixture"
# Which client: anvil, hardhat or ganache (their differences are handled below).
CLIENT_VERSION="$(curl -s -m 10 -H 'Content-Type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"web3_clientVersion","params":[]}' "$URL")" || true
case "$CLIENT_VERSION" in
    *'"result":"HardhatNetwork/'*) CLIENT=hardhat ;;
    *'"result":"Ganache/'*) CLIENT=ganache ;;
    *) CLIENT=anvil ;;
esac
ERC1967_IMPL_SLOT=0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc
log "deploying to $URL (chain $CHAIN_ID, $CLIENT)"

# Every transaction gets an explicit gas limit, so cast does not ask eth_estimateGas: cast
# sends the call with both "input" and "data", which Hardhat's node (EDR) refuses as a
# duplicate field (-32602); for the same reason eth_call goes through fx_eth_call (curl,
# "data" only), never `cast call`. 6,000,000 fits every fixture and is below Ganache's
# default block gas limit (6,721,975).
GAS=6000000

# deploy NAME [CTOR_SIG ARGS...] -> prints the checksummed contract address
deploy() { fx_deploy_code "$URL" "$GAS" "$1" "$(fx_bytecode "$1")" "${@:2}"; }

# send TO SIG ARGS...   (from A0, waits for the receipt)
send() { fx_send_from "$URL" "$K0" "$GAS" "$@"; }

# rpc_true METHOD PARAMS_JSON: a JSON-RPC call that must answer true
rpc_true() {
    local resp
    resp="$(curl -s -m 10 -H 'Content-Type: application/json' \
        --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$URL")" \
        || die "$1: no answer from $URL"
    [[ "$resp" =~ \"result\"[[:space:]]*:[[:space:]]*true ]] || die "$1 failed: ${resp:0:300}"
}

# call_address FROM TO DATA -> the checksummed address an eth_call returns
call_address() { fx_call_address "$URL" "$@"; }

# Milliseconds since the epoch (bash 5 EPOCHREALTIME; whole seconds on older bash).
now_ms() {
    local t="${EPOCHREALTIME:-}"
    if [[ "$t" =~ ^([0-9]+)[.,]([0-9]{3}) ]]; then
        echo "$((BASH_REMATCH[1] * 1000 + 10#${BASH_REMATCH[2]}))"
    else
        echo "$((SECONDS * 1000))"
    fi
}
t0="$(now_ms)"
ROLE_GATED="$(deploy RoleGatedMint "constructor(address,address)" "$A0" "$A1")"
OWNABLE="$(deploy OwnableMint "constructor(address)" "$A0")"
LEGACY_OWNABLE="$(deploy LegacyOwnableMint "constructor(address)" "$A0")"
PAUSABLE="$(deploy PausableMint "constructor(address,bool)" "$A0" true)"
MAPPING="$(deploy MappingAllowlist "constructor(address[])" "[$A1]")"
CUSTOM_ERROR="$(deploy CustomErrorAllowlist "constructor(address[])" "[$A1]")"
GETTER="$(deploy GetterAllowlist "constructor(address[])" "[$A1]")"
MERKLE_ROOT="$(tr -d '[:space:]' <"$ROOT/fixtures/merkle/allowlist-root.txt")"
MERKLE="$(deploy MerkleAllowlist "constructor(bytes32)" "$MERKLE_ROOT")"
OPAQUE="$(deploy OpaqueTierGate "constructor(address[])" "[$A1]")"
PROXY_IMPL="$(deploy ProxiedRoleMint)"
if [[ "$CLIENT" == ganache ]]; then
    # The proxy's constructor copies memory with MCOPY (Cancun), which Ganache (Shanghai at
    # most) cannot run; its runtime code has no Cancun opcode. So: the same runtime code
    # and implementation slot at the address the deployment would have had, a transfer to
    # use up that nonce (every later address stays the same), and initialize() sent as a
    # transaction after the last deployment (below).
    PROXY="$(cast_ compute-address "$A0" --nonce "$(cast_ nonce --rpc-url "$URL" "$A0")")"
    PROXY="$(cast_ to-check-sum-address "${PROXY##* }")"
    send "$A0"
    rpc_true evm_setAccountCode "[\"$PROXY\",\"$(fx_runtime FixtureERC1967Proxy)\"]"
    rpc_true evm_setAccountStorageAt "[\"$PROXY\",\"$ERC1967_IMPL_SLOT\",\"0x$(fx_pad "$PROXY_IMPL")\"]"
else
    PROXY="$(deploy FixtureERC1967Proxy "constructor(address,bytes)" "$PROXY_IMPL" \
        "$(cast_ calldata "initialize(address,address)" "$A0" "$A1")")"
fi
# address(0): the factory deploys its own ClonableAllowlist implementation.
CLONE_FACTORY="$(deploy CloneFactory "constructor(address)" 0x0000000000000000000000000000000000000000)"
CLONE_IMPL="$(call_address "$A0" "$CLONE_FACTORY" "$(cast_ calldata "implementation()")")"
# The address the clone will get: simulate clone() first, then send it for real.
CLONE="$(call_address "$A0" "$CLONE_FACTORY" "$(cast_ calldata "clone(address,address[])" "$A0" "[$A1]")")"
send "$CLONE_FACTORY" "clone(address,address[])" "$A0" "[$A1]"
PRICED="$(deploy PricedMint)"
# Before Ganache's initialize() below, so that it has the same address on every client.
BOUNDS="$(deploy Bounds)"
[[ "$CLIENT" != ganache ]] || send "$PROXY" "initialize(address,address)" "$A0" "$A1"
log "deployed 14 fixtures + 1 clone in $(($(now_ms) - t0)) ms; checking the gates"

# ---- verify ------------------------------------------------------------------------------
FAILED=0
# expect DESC WANT FROM TO DATA [VALUE_HEX]
#   WANT: ok (any success), ok:<exact result>, revert:<exact data>, error:<code>
expect() {
    local desc="$1" want="${2,,}" got
    shift 2
    got="$(fx_eth_call "$URL" "$@")" || got="no answer"
    got="${got,,}"
    if [[ "$got" == "$want" ]] || [[ "$want" == ok && "$got" == ok:* ]] \
        || [[ "$want" == error:* && "$got" == "$want":* ]]; then
        log "ok   $desc"
    else
        FAILED=$((FAILED + 1))
        log "FAIL $desc: got $got, want $want"
    fi
}
expect_eq() { # DESC GOT WANT
    if [[ "${2,,}" == "${3,,}" ]]; then
        log "ok   $1"
    else
        FAILED=$((FAILED + 1))
        log "FAIL $1: got '$2', want '$3'"
    fi
}

MINT1="$(cast_ calldata "mint(uint256)" 1)"
MINTER_ROLE="$(cast_ keccak MINTER_ROLE)"
err_string() { cast_ calldata "Error(string)" "$1"; }
PRICE_HEX="$(printf '0x%x' 50000000000000000)" # 0.05 ether
mapfile -t PROOFS < <(node -e '
    const p = require(process.argv[1]);
    for (const a of process.argv.slice(2)) console.log("[" + p[a].join(",") + "]");' \
    "$ROOT/fixtures/merkle/allowlist-proofs.json" "$A0" "$A1" "$A2")
((${#PROOFS[@]} == 3)) || die "could not read the Merkle proofs of A0..A2"

access_denied="revert:0xe2517d3f$(fx_pad "$A2")$(fx_pad "$MINTER_ROLE")"
expect "ROLE_GATED: A1 (minter) can mint" ok "$A1" "$ROLE_GATED" "$MINT1"
expect "ROLE_GATED: A2 -> AccessControlUnauthorizedAccount(A2, MINTER_ROLE)" "$access_denied" "$A2" "$ROLE_GATED" "$MINT1"
expect "OWNABLE: A0 (owner) can mint" ok "$A0" "$OWNABLE" "$MINT1"
expect "OWNABLE: A2 -> OwnableUnauthorizedAccount(A2)" "revert:0x118cdaa7$(fx_pad "$A2")" "$A2" "$OWNABLE" "$MINT1"
expect "LEGACY_OWNABLE: A0 (owner) can mint" ok "$A0" "$LEGACY_OWNABLE" "$MINT1"
expect "LEGACY_OWNABLE: A2 -> Error(\"Ownable: caller is not the owner\")" \
    "revert:$(err_string "Ownable: caller is not the owner")" "$A2" "$LEGACY_OWNABLE" "$MINT1"
expect "PAUSABLE: A0 -> EnforcedPause()" revert:0xd93c0665 "$A0" "$PAUSABLE" "$MINT1"
expect "PAUSABLE: A1 -> EnforcedPause()" revert:0xd93c0665 "$A1" "$PAUSABLE" "$MINT1"
expect "MAPPING: A1 can mint" ok "$A1" "$MAPPING" "$MINT1"
expect "MAPPING: A2 -> Error(\"Not whitelisted\")" "revert:$(err_string "Not whitelisted")" "$A2" "$MAPPING" "$MINT1"
expect "CUSTOM_ERROR: A1 can mint" ok "$A1" "$CUSTOM_ERROR" "$MINT1"
expect "CUSTOM_ERROR: A2 -> NotAllowlisted(A2)" "revert:0x6f7a5275$(fx_pad "$A2")" "$A2" "$CUSTOM_ERROR" "$MINT1"
expect "GETTER: isAllowlisted(A1) == true" "ok:0x$(fx_pad 1)" "$A0" "$GETTER" "$(cast_ calldata "isAllowlisted(address)" "$A1")"
expect "GETTER: isAllowlisted(A2) == false" "ok:0x$(fx_pad 0)" "$A0" "$GETTER" "$(cast_ calldata "isAllowlisted(address)" "$A2")"
expect "GETTER: A1 can claim" ok "$A1" "$GETTER" "$(cast_ calldata "claim()")"
expect "GETTER: A2 -> Error(\"Not allowlisted\")" "revert:$(err_string "Not allowlisted")" "$A2" "$GETTER" "$(cast_ calldata "claim()")"
i=0
for a in "$A0" "$A1" "$A2"; do
    expect "MERKLE: A$i with its proof can mint" ok "$a" "$MERKLE" "$(cast_ calldata "mint(uint256,bytes32[])" 1 "${PROOFS[i]}")"
    i=$((i + 1))
done
expect "MERKLE: A3 (not in the tree) -> InvalidProof()" revert:0x09bde339 "$A3" "$MERKLE" "$(cast_ calldata "mint(uint256,bytes32[])" 1 "[]")"
expect "OPAQUE: A1 (tier 2) can mint" ok "$A1" "$OPAQUE" "$MINT1"
expect "OPAQUE: A2 -> revert() without data" revert:0x "$A2" "$OPAQUE" "$MINT1"
expect "PROXY: A1 (minter) can mint" ok "$A1" "$PROXY" "$MINT1"
expect "PROXY: A2 -> AccessControlUnauthorizedAccount(A2, MINTER_ROLE)" "$access_denied" "$A2" "$PROXY" "$MINT1"
expect_eq "PROXY: ERC-1967 implementation slot holds PROXY_IMPL" \
    "$(cast_ storage --rpc-url "$URL" "$PROXY" "$ERC1967_IMPL_SLOT")" \
    "0x$(fx_pad "$PROXY_IMPL")"
expect_eq "CLONE: EIP-1167 proxy of CLONE_IMPL" "$(cast_ code --rpc-url "$URL" "$CLONE")" \
    "0x363d3d373d3d3d363d73${CLONE_IMPL#0x}5af43d82803e903d91602b57fd5bf3"
expect "CLONE: A1 can mint" ok "$A1" "$CLONE" "$MINT1"
expect "CLONE: A2 -> NotAllowlisted(A2)" "revert:0x6f7a5275$(fx_pad "$A2")" "$A2" "$CLONE" "$MINT1"
expect "PRICED: A1 paying 0.05 ether can mint 1" ok "$A1" "$PRICED" "$MINT1" "$PRICE_HEX"
expect "PRICED: A2 paying nothing -> Error(\"Wrong price\")" "revert:$(err_string "Wrong price")" "$A2" "$PRICED" "$MINT1"
if [[ "$CLIENT" == hardhat ]]; then
    # EDR runs eth_call without checking the sender's balance.
    expect "PRICED: POOR paying 0.05 ether passes eth_call (Hardhat checks no balance)" ok "$POOR" "$PRICED" "$MINT1" "$PRICE_HEX"
elif [[ "$CLIENT" == ganache ]]; then
    # Ganache's words: -32000 "VM Exception ...: insufficient balance", with data "0x" (which
    # fx_eth_call would take for a revert without data).
    poor="$(curl -s -m 10 -H 'Content-Type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"from\":\"$POOR\",\"to\":\"$PRICED\",\"data\":\"$MINT1\",\"value\":\"$PRICE_HEX\"},\"latest\"]}" "$URL")" || poor=""
    [[ "$poor" == *'"code":-32000'* && "$poor" == *'insufficient balance'* ]]
    expect_eq "PRICED: POOR paying 0.05 ether -> insufficient balance (-32000)" "$?" 0
else
    expect "PRICED: POOR paying 0.05 ether -> insufficient funds (-32003)" error:-32003 "$POOR" "$PRICED" "$MINT1" "$PRICE_HEX"
fi
expect "BOUNDS: bigRevert(64) -> 64 bytes of 0x41" "revert:0x$(printf '41%.0s' {1..64})" \
    "$A2" "$BOUNDS" "$(cast_ calldata "bigRevert(uint256)" 64)"
expect "BOUNDS: hashBig(64) -> revert() without data" revert:0x "$A2" "$BOUNDS" "$(cast_ calldata "hashBig(uint256)" 64)"
expect "BOUNDS: recurse(3) -> revert() without data" revert:0x "$A2" "$BOUNDS" "$(cast_ calldata "recurse(uint256)" 3)"
expect "BOUNDS: needs(2) passes" ok "$A2" "$BOUNDS" "$(cast_ calldata "needs(uint256)" 2)"

((FAILED == 0)) || die "$FAILED check(s) failed${OUT:+; not writing $OUT}"
log "all checks passed; $(($(now_ms) - t0)) ms in all"

# ---- write --------------------------------------------------------------------------------
env_lines() {
    echo "# rpccheck fixtures on $URL (chain $CHAIN_ID)"
    local k
    for k in URL CHAIN_ID A0 A1 A2 A3 POOR ROLE_GATED OWNABLE LEGACY_OWNABLE PAUSABLE MAPPING \
        CUSTOM_ERROR GETTER MERKLE MERKLE_ROOT OPAQUE PROXY_IMPL PROXY CLONE_FACTORY CLONE_IMPL \
        CLONE PRICED BOUNDS; do
        printf '%s=%s\n' "$k" "${!k}"
    done
}
if [[ -z "$OUT" ]]; then
    env_lines
    exit 0
fi
tmp="$(mktemp "$(dirname "$OUT")/.fixtures-$PORT.XXXXXX")"
env_lines >"$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$OUT"
cat "$OUT"
log "wrote $OUT"
