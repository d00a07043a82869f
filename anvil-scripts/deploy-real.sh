#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Deploy published contracts from their projects' pinned npm packages (their shipped
# build artifacts, as package-lock.json pins them) to a running Anvil, set up the way
# the projects deploy them, and write the addresses (the real-world corpus).
#
#   anvil-scripts/deploy-real.sh [URL]      # default http://127.0.0.1:8545
#
# Output: KEY=VALUE lines on stdout (as deploy-fixtures.sh), progress on stderr.
#
#   SAFE_SINGLETON SAFE_FACTORY   Safe 1.4.1 singleton and SafeProxyFactory
#                                 (@safe-global/safe-contracts 1.4.1 build artifacts)
#   SAFE                          a SafeProxy made by the factory: owners A0 A1, threshold 1
#   TP_LOGIC                      the logic behind the transparent proxy (the ProxiedRoleMint
#                                 fixture: admin A0, minter A1)
#   TP  TP_ADMIN                  OpenZeppelin 5.7.0 TransparentUpgradeableProxy(TP_LOGIC, A0,
#                                 initialize(A0, A1)) and the ProxyAdmin it created (owner A0)
#   OZ4_NFT                       OpenZeppelin 4.9.6 ERC721PresetMinterPauserAutoId by A0;
#                                 MINTER_ROLE granted to A1      mint(address)
#   OZ4_TOKEN                     OpenZeppelin 4.9.6 ERC20PresetMinterPauser by A0; 100 tokens
#                                 minted to A1, then paused      transfer(address,uint256)
#   CL_OWNED                      Chainlink 1.5.0 ConfirmedOwner(A0), compiled from the
#                                 package's sources (build-real.js)  transferOwnership(address)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=env.sh
source "$HERE/env.sh"
# shellcheck source=fixtures-lib.sh
source "$HERE/fixtures-lib.sh"

die() { echo "deploy-real.sh: error: $*" >&2; exit 1; }
[[ $# -le 1 ]] || { echo "usage: $0 [URL]" >&2; exit 2; }
URL="${1:-http://127.0.0.1:8545}"
rpc_require_bins
fx_ensure_artifacts
command -v node >/dev/null 2>&1 || die "node is required (anvil-scripts/install.sh)"
cast_() { "$CAST_BIN" "$@"; }
GAS=6000000

NM="$ROOT/node_modules"
SAFE_ART="$NM/@safe-global/safe-contracts/build/artifacts/contracts"
OZ_ART="$NM/@openzeppelin/contracts/build/contracts"
OZ4_ART="$NM/@openzeppelin/contracts-v4/build/contracts"

# creation bytecode of a shipped artifact
artifact_bytecode() {
    [[ -f "$1" ]] || die "missing artifact $1 (run anvil-scripts/install.sh)"
    node -e 'const a = require(process.argv[1]); if (!/^0x[0-9a-f]+$/i.test(a.bytecode)) process.exit(1); console.log(a.bytecode)' "$1" \
        || die "no bytecode in $1"
}

# deploy_bytecode HEX [CTOR_SIG ARGS...] -> checksummed address
deploy_bytecode() {
    local code="$1" out
    shift
    out="$(cast_ send --rpc-url "$URL" --private-key "$K0" --gas-limit "$GAS" --json --create "$code" "$@")" \
        || die "deployment failed"
    [[ "$out" =~ \"status\":\"0x1\" && "$out" =~ \"contractAddress\":\"(0x[0-9a-fA-F]{40})\" ]] \
        || die "deployment failed: ${out:0:400}"
    cast_ to-check-sum-address "${BASH_REMATCH[1]}"
}

send() {
    local out
    out="$(cast_ send --rpc-url "$URL" --private-key "$K0" --gas-limit "$GAS" --json "$@")" \
        || die "cast send $* failed"
    [[ "$out" =~ \"status\":\"0x1\" ]] || die "cast send $* reverted: ${out:0:400}"
}

call_address() {
    local got
    got="$(fx_eth_call "$URL" "$@")" || die "eth_call to $2 failed"
    [[ "$got" =~ ^ok:0x0{24}([0-9a-fA-F]{40})$ ]] || die "eth_call to $2 returned no address: $got"
    cast_ to-check-sum-address "0x${BASH_REMATCH[1]}"
}

# Safe 1.4.1: the singleton, the factory, and a proxy set up as the Safe{Wallet} does:
# factory.createProxyWithNonce(singleton, setup(owners, threshold, ...), salt).
SAFE_SINGLETON="$(deploy_bytecode "$(artifact_bytecode "$SAFE_ART/Safe.sol/Safe.json")")"
SAFE_FACTORY="$(deploy_bytecode "$(artifact_bytecode "$SAFE_ART/proxies/SafeProxyFactory.sol/SafeProxyFactory.json")")"
ZERO=0x0000000000000000000000000000000000000000
SETUP="$(cast_ calldata "setup(address[],uint256,address,bytes,address,address,uint256,address)" \
    "[$A0,$A1]" 1 "$ZERO" 0x "$ZERO" "$ZERO" 0 "$ZERO")"
CREATE="$(cast_ calldata "createProxyWithNonce(address,bytes,uint256)" "$SAFE_SINGLETON" "$SETUP" 7)"
SAFE="$(call_address "$A0" "$SAFE_FACTORY" "$CREATE")"
send "$SAFE_FACTORY" "$CREATE"
[[ "$(call_address "$A0" "$SAFE" "$(cast_ calldata "masterCopy()")")" == "$SAFE_SINGLETON" ]] \
    || die "the Safe proxy does not report its singleton"

# OpenZeppelin 5.7.0's TransparentUpgradeableProxy: its constructor creates the ProxyAdmin
# (owned by A0) and writes it to the EIP-1967 admin slot.
# (5.x refuses a proxy without initialization data.)
TP_LOGIC="$(deploy_bytecode "$(fx_bytecode ProxiedRoleMint)")"
TP="$(deploy_bytecode "$(artifact_bytecode "$OZ_ART/TransparentUpgradeableProxy.json")" \
    "constructor(address,address,bytes)" "$TP_LOGIC" "$A0" \
    "$(cast_ calldata "initialize(address,address)" "$A0" "$A1")")"
ADMIN_SLOT=0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103
word="$(cast_ storage --rpc-url "$URL" "$TP" "$ADMIN_SLOT")"
TP_ADMIN="$(cast_ to-check-sum-address "0x${word: -40}")"
[[ "$(call_address "$A0" "$TP_ADMIN" "$(cast_ calldata "owner()")")" == "$A0" ]] \
    || die "the ProxyAdmin is not owned by A0"

# OpenZeppelin 4.9.6 presets, as their docs deploy them (the deployer holds every role).
OZ4_NFT="$(deploy_bytecode "$(artifact_bytecode "$OZ4_ART/ERC721PresetMinterPauserAutoId.json")" \
    "constructor(string,string,string)" "Corpus NFT" CNFT "ipfs://corpus/")"
send "$OZ4_NFT" "grantRole(bytes32,address)" "$(cast_ keccak MINTER_ROLE)" "$A1"
OZ4_TOKEN="$(deploy_bytecode "$(artifact_bytecode "$OZ4_ART/ERC20PresetMinterPauser.json")" \
    "constructor(string,string)" "Corpus Token" CTOK)"
send "$OZ4_TOKEN" "mint(address,uint256)" "$A1" 100000000000000000000
send "$OZ4_TOKEN" "pause()"

# Chainlink's ConfirmedOwner, from its published sources (fixtures/artifacts/real).
CL_OWNED="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/ConfirmedOwner.json")" \
    "constructor(address)" "$A0")"

cat <<OUT
URL=$URL
A0=$A0
A1=$A1
A2=$A2
A3=$A3
SAFE_SINGLETON=$SAFE_SINGLETON
SAFE_FACTORY=$SAFE_FACTORY
SAFE=$SAFE
TP_LOGIC=$TP_LOGIC
TP=$TP
TP_ADMIN=$TP_ADMIN
OZ4_NFT=$OZ4_NFT
OZ4_TOKEN=$OZ4_TOKEN
CL_OWNED=$CL_OWNED
OUT
