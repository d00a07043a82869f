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
#   OZ4_TOKEN_LIVE                the same, not paused
#   CL_OWNED                      Chainlink 1.5.0 ConfirmedOwner(A0), compiled from the
#                                 package's sources (build-real.js)  transferOwnership(address)
#   ZORA_IMPL                     Zora's ERC721Drop (@zoralabs/nft-drop-contracts 1.14.1,
#                                 compiled by build-real.js) as Zora's tests deploy it: the
#                                 package's FactoryUpgradeGate (ZORA_GATE, owner A0), mint fee
#                                 0.000777 ether to mainnet's MINT_FEE_RECIPIENT (its
#                                 chainConfigs/1.json), Zora's ProtocolRewards (ZORA_REWARDS),
#                                 no transfer helper, no market filter
#   ZORA_SOON ZORA_OPEN ZORA_SOLDOUT
#                                 ERC721DropProxy(ZORA_IMPL, initialize(...)) each: owner and
#                                 funds recipient A0, royalty 8%, the package's
#                                 DropMetadataRenderer (ZORA_RENDERER); then A0, as admin, sets
#                                 the public sale (price 0.01 ether, 2 per address):
#                                   SOON     edition 1000, sale from now + 30 days for 30 days;
#                                            purchase(1) reverts Sale_Inactive()
#                                   OPEN     edition 10000, sale open from now on; A1 bought 2
#                                            (A1's purchase(1) reverts
#                                            Purchase_TooManyForAddress()), A2 none (allowed)
#                                   SOLDOUT  edition 2, sale open, A1 bought both;
#                                            purchase(1) reverts Mint_SoldOut()
#   ZORA_PRICE_WEI                what purchase(1) must pay: the sale price plus Zora's mint
#                                 fee (10777000000000000); any other value reverts
#                                 Purchase_WrongPrice(ZORA_PRICE_WEI x quantity)
#   ZORA_ENDED                    a drop whose public sale ran from 60 to 30 days ago
#   ZORA_PRESALE                  a drop in presale: root ZORA_PRESALE_ROOT (in the sales
#                                 configuration; no getter) of leaves (A1, 2, 0.01 ether)
#                                 and (A3, 2, 0.01 ether); A1's proof: ZORA_PRESALE_PROOF_A1
#   TW_SOON TW_OPEN TW_SOLDOUT TW_LISTED
#                                 thirdweb's ERC721Drop (@thirdweb-dev/contracts 3.15.0,
#                                 compiled by build-real.js), owner A0, 100 lazy-minted, one
#                                 claim condition each at 0.01 ether (TW_PRICE_WEI) in the
#                                 native token (TW_NATIVE); claim(address,uint256,address,
#                                 uint256,(bytes32[],uint256,uint256,address),bytes):
#                                   SOON     opens in 30 days: DropClaimNotStarted
#                                   OPEN     3 per wallet; A1 claimed 2 (2 more:
#                                            DropClaimExceedLimit(3, 4)), A2 none (allowed)
#                                   SOLDOUT  2 claimable, A1 claimed both:
#                                            DropClaimExceedMaxSupply(2, 3)
#                                   LISTED   allowlist only (0 per wallet without a proof):
#                                            root TW_ROOT (in the condition; no getter) of
#                                            thirdweb's leaves (A1 | A3, 2, price, native);
#                                            A1's proof TW_PROOF_A1; anyone else gets
#                                            DropClaimExceedLimit(0, 1)
#   TW_TOKEN                      a thirdweb drop paid in OZ4_TOKEN_LIVE, TW_TOKEN_PRICE (5
#                                 tokens) each: A1 holds 100 and approved 5, A2 holds none
#                                 and approved 10
#   DIAMOND  DIAMOND_FACET        SolidState 0.0.59 SolidStateDiamond (owner A0) with
#                                 mint(uint256) cut in from the MappingAllowlist fixture;
#                                 the diamond's storage lists nobody
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

# deploy_bytecode HEX [CTOR_SIG ARGS...] -> checksummed address (gas limit: $DEPLOY_GAS if
# set, else $GAS)
deploy_bytecode() { fx_deploy_code "$URL" "${DEPLOY_GAS:-$GAS}" "a contract" "$@"; }

# send_from KEY TO [SIG ARGS...] [cast send options]; send: from A0
send_from() { fx_send_from "$URL" "$1" "$GAS" "${@:2}"; }
send() { send_from "$K0" "$@"; }

call_address() { fx_call_address "$URL" "$@"; }

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
# The same preset, never paused: its holder's transfer goes through.
OZ4_TOKEN_LIVE="$(deploy_bytecode "$(artifact_bytecode "$OZ4_ART/ERC20PresetMinterPauser.json")" \
    "constructor(string,string)" "Corpus Token Live" CTOKL)"
send "$OZ4_TOKEN_LIVE" "mint(address,uint256)" "$A1" 100000000000000000000

# Chainlink's ConfirmedOwner, from its published sources (fixtures/artifacts/real).
CL_OWNED="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/ConfirmedOwner.json")" \
    "constructor(address)" "$A0")"

# Zora's ERC721Drop (@zoralabs/nft-drop-contracts 1.14.1, fixtures/artifacts/real), set up as
# its own tests do: ProtocolRewards, a FactoryUpgradeGate, the implementation, then one
# ERC721DropProxy per drop. The proxy runs initialize() in its constructor (the factory
# deploys the proxy and then calls initialize; same state). The sale is set afterwards by the
# owner: initialize's setup calls would revoke the temporary admin role from its caller,
# who here (no factory contract in between) is the owner A0 itself.
K1=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d # Anvil account 1 (A1)
ZORA_FEE_RECIPIENT=0xd1d1D4e36117aB794ec5d4c78cBD3a8904E691D0 # chainConfigs/1.json
ZORA_FEE=777000000000000                                      # MINT_FEE_AMOUNT, 0.000777 ether
ZORA_SALE_PRICE=10000000000000000                             # 0.01 ether
ZORA_REWARDS="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/ProtocolRewards.json")")"
ZORA_GATE="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/FactoryUpgradeGate.json")" \
    "constructor(address)" "$A0")"
ZORA_RENDERER="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/DropMetadataRenderer.json")")"
ZORA_IMPL="$(DEPLOY_GAS=12000000 deploy_bytecode "$(artifact_bytecode "$FX_ART/real/ERC721Drop.json")" \
    "constructor(address,address,address,uint256,address,address)" \
    "$ZERO" "$ZORA_GATE" "$ZERO" "$ZORA_FEE" "$ZORA_FEE_RECIPIENT" "$ZORA_REWARDS")"
ZORA_PROXY_CODE="$(artifact_bytecode "$FX_ART/real/ERC721DropProxy.json")"

# zora_drop NAME SYMBOL EDITION_SIZE -> the proxy's address
zora_drop() {
    local init
    init="$(cast_ calldata \
        "initialize(string,string,address,address,uint64,uint16,bytes[],address,bytes,address)" \
        "$1" "$2" "$A0" "$A0" "$3" 800 "[]" "$ZORA_RENDERER" \
        "$(cast_ abi-encode "f(string,string)" "ipfs://corpus-drop/$2/" "ipfs://corpus-drop/$2/contract.json")" \
        "$ZERO")"
    deploy_bytecode "$ZORA_PROXY_CODE" "constructor(address,bytes)" "$ZORA_IMPL" "$init"
}
# zora_sale DROP START END: the public sale at 0.01 ether, 2 per address, no presale
zora_sale() {
    send "$1" "setSaleConfiguration(uint104,uint32,uint64,uint64,uint64,uint64,bytes32)" \
        "$ZORA_SALE_PRICE" 2 "$2" "$3" 0 0 "0x$(fx_pad 0)"
}
NOW="$(cast_ block --rpc-url "$URL" latest --field timestamp)"
[[ "$NOW" =~ ^[0-9]+$ ]] || die "no timestamp for the latest block: $NOW"
FOREVER=18446744073709551615 # type(uint64).max: Zora's open-ended sale
DAY=86400

ZORA_SOON="$(zora_drop "Corpus Drop Soon" CDSOON 1000)"
zora_sale "$ZORA_SOON" "$((NOW + 30 * DAY))" "$((NOW + 60 * DAY))"
ZORA_OPEN="$(zora_drop "Corpus Drop Open" CDOPEN 10000)"
zora_sale "$ZORA_OPEN" "$NOW" "$FOREVER"
ZORA_SOLDOUT="$(zora_drop "Corpus Drop Sold Out" CDSOLD 2)"
zora_sale "$ZORA_SOLDOUT" "$NOW" "$FOREVER"

# A public sale that ended 30 days ago (it ran for 30 days before that).
ZORA_ENDED="$(zora_drop "Corpus Drop Ended" CDEND 1000)"
zora_sale "$ZORA_ENDED" "$((NOW - 60 * DAY))" "$((NOW - 30 * DAY))"

# A presale held by a Merkle root inside the sales configuration (the drop has no root
# getter), as Zora's presale tools build it: leaves keccak256(abi.encode(address,
# maxQuantity, pricePerToken)), pairs hashed in sorted order (OpenZeppelin MerkleProof).
# A1 and A3 may buy 2 each at 0.01 ether; A1's proof is A3's leaf.
# pair_root LEAF LEAF -> the root of a two-leaf tree, the pair hashed in sorted order
pair_root() {
    if [[ "${1,,}" < "${2,,}" ]]; then
        cast_ keccak "$(cast_ concat-hex "$1" "$2")"
    else
        cast_ keccak "$(cast_ concat-hex "$2" "$1")"
    fi
}
presale_leaf() { cast_ keccak "$(cast_ abi-encode "f(address,uint256,uint256)" "$1" 2 "$ZORA_SALE_PRICE")"; }
LEAF_A1="$(presale_leaf "$A1")"
LEAF_A3="$(presale_leaf "$A3")"
ZORA_PRESALE_ROOT="$(pair_root "$LEAF_A1" "$LEAF_A3")"
ZORA_PRESALE_PROOF_A1="$LEAF_A3"
ZORA_PRESALE="$(zora_drop "Corpus Drop Presale" CDPRE 10000)"
send "$ZORA_PRESALE" "setSaleConfiguration(uint104,uint32,uint64,uint64,uint64,uint64,bytes32)" \
    "$ZORA_SALE_PRICE" 2 "$((NOW + 60 * DAY))" "$((NOW + 90 * DAY))" "$NOW" "$FOREVER" "$ZORA_PRESALE_ROOT"

# What purchase(1) must pay, as the drop computes it: salesConfig().publicSalePrice plus
# zoraFeeForAmount(1)'s fee.
word() { # HEX_RESULT N -> the Nth 32-byte word (from 0), decimal
    local hex="${1#ok:0x}"
    cast_ to-dec "0x${hex:$(($2 * 64)):64}"
}
got="$(fx_eth_call "$URL" "$A2" "$ZORA_OPEN" "$(cast_ calldata "salesConfig()")")"
[[ "$got" == ok:* ]] || die "salesConfig() of ZORA_OPEN: $got"
sale_price="$(word "$got" 0)"
got="$(fx_eth_call "$URL" "$A2" "$ZORA_OPEN" "$(cast_ calldata "zoraFeeForAmount(uint256)" 1)")"
[[ "$got" == ok:* ]] || die "zoraFeeForAmount(1) of ZORA_OPEN: $got"
fee="$(word "$got" 1)"
ZORA_PRICE_WEI=$((sale_price + fee))
[[ "$sale_price" == "$ZORA_SALE_PRICE" && "$fee" == "$ZORA_FEE" ]] \
    || die "ZORA_OPEN charges $sale_price + $fee, not $ZORA_SALE_PRICE + $ZORA_FEE"

# A1 buys 2 on ZORA_OPEN (its limit) and both tokens of ZORA_SOLDOUT.
send_from "$K1" "$ZORA_OPEN" "purchase(uint256)" 2 --value "$((2 * ZORA_PRICE_WEI))"
send_from "$K1" "$ZORA_SOLDOUT" "purchase(uint256)" 2 --value "$((2 * ZORA_PRICE_WEI))"

# Each drop is in the state it claims, or the script fails.
# zora_expect DESC WANT FROM DROP VALUE_WEI: purchase(1) from FROM paying VALUE_WEI; WANT is
# ok (any success) or the exact revert data
zora_expect() {
    local got
    got="$(fx_eth_call "$URL" "$3" "$4" "$(cast_ calldata "purchase(uint256)" 1)" \
        "$(cast_ to-hex "$5")")" || die "$1: no answer"
    if [[ "$2" == ok && "$got" == ok:* ]] || [[ "${got,,}" == "revert:${2,,}" ]]; then
        echo "deploy-real.sh: ok   $1" >&2
    else
        die "$1: purchase(1) gave $got, want $2"
    fi
}
zora_expect "ZORA_SOON: A2 pays the price, the sale has not started -> Sale_Inactive()" \
    "$(cast_ sig "Sale_Inactive()")" "$A2" "$ZORA_SOON" "$ZORA_PRICE_WEI"
zora_expect "ZORA_OPEN: A1 has bought 2 of 2 -> Purchase_TooManyForAddress()" \
    "$(cast_ sig "Purchase_TooManyForAddress()")" "$A1" "$ZORA_OPEN" "$ZORA_PRICE_WEI"
zora_expect "ZORA_OPEN: A2 pays price + fee -> mints" ok "$A2" "$ZORA_OPEN" "$ZORA_PRICE_WEI"
zora_expect "ZORA_OPEN: A2 pays the price without the fee -> Purchase_WrongPrice($ZORA_PRICE_WEI)" \
    "$(cast_ sig "Purchase_WrongPrice(uint256)")$(fx_pad "$(cast_ to-hex "$ZORA_PRICE_WEI")")" \
    "$A2" "$ZORA_OPEN" "$ZORA_SALE_PRICE"
zora_expect "ZORA_SOLDOUT: 2 of 2 minted -> Mint_SoldOut()" \
    "$(cast_ sig "Mint_SoldOut()")" "$A2" "$ZORA_SOLDOUT" "$ZORA_PRICE_WEI"

# thirdweb's ERC721Drop (@thirdweb-dev/contracts 3.15.0, compiled by build-real.js as
# ThirdwebERC721Drop), deployed as its docs deploy the base contract: constructor(admin,
# name, symbol, royalty recipient, royalty bps, primary sale recipient), 100 tokens
# lazy-minted, then one claim condition set by the owner (setClaimConditions), paid in
# the native token (CurrencyTransferLib.NATIVE_TOKEN) at 0.01 ether.
TW_NATIVE=0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE
TW_PRICE=10000000000000000 # 0.01 ether
TW_CODE="$(artifact_bytecode "$FX_ART/real/ThirdwebERC721Drop.json")"
# tw_drop SYMBOL START MAX_SUPPLY PER_WALLET ROOT [PRICE CURRENCY] -> the drop's address
tw_drop() {
    local drop
    drop="$(deploy_bytecode "$TW_CODE" "constructor(address,string,string,address,uint128,address)" \
        "$A0" "Corpus thirdweb $1" "$1" "$A0" 500 "$A0")"
    send "$drop" "lazyMint(uint256,string,bytes)" 100 "ipfs://corpus-tw/$1/" 0x >/dev/null
    send "$drop" "setClaimConditions((uint256,uint256,uint256,uint256,bytes32,uint256,address,string),bool)" \
        "($2,$3,0,$4,$5,${6:-$TW_PRICE},${7:-$TW_NATIVE},corpus)" false >/dev/null
    echo "$drop"
}
TW_CLAIM="claim(address,uint256,address,uint256,(bytes32[],uint256,uint256,address),bytes)"
# tw_claim_data WHO QUANTITY [PRICE_PER_TOKEN [PROOF LIMIT]]: claim()'s calldata, to WHO
tw_claim_data() {
    cast_ calldata "$TW_CLAIM" "$1" "$2" "$TW_NATIVE" "${3:-$TW_PRICE}" \
        "(${4:-[]},${5:-0},${3:-$TW_PRICE},$TW_NATIVE)" 0x
}
ROOT0="0x$(fx_pad 0)"
# The claim opens in 30 days; 3 per wallet; 100 claimable.
TW_SOON="$(tw_drop CTWSOON "$((NOW + 30 * DAY))" 100 3 "$ROOT0")"
# Open; 3 per wallet; A1 claims 2.
TW_OPEN="$(tw_drop CTWOPEN "$NOW" 100 3 "$ROOT0")"
send_from "$K1" "$TW_OPEN" "$(tw_claim_data "$A1" 2)" --value "$((2 * TW_PRICE))"
# Open; 2 claimable in all; A1 claims both.
TW_SOLDOUT="$(tw_drop CTWSOLD "$NOW" 2 3 "$ROOT0")"
send_from "$K1" "$TW_SOLDOUT" "$(tw_claim_data "$A1" 2)" --value "$((2 * TW_PRICE))"
# An allowlist phase as thirdweb's dashboard sets one: nobody may claim without a proof
# (0 per wallet), the Merkle root (in the condition struct; no root getter) of leaves in
# thirdweb's format, keccak256(abi.encodePacked(address, quantityLimitPerWallet,
# pricePerToken, currency)), pairs hashed in sorted order: A1 and A3, 2 each at the price.
tw_leaf() { cast_ keccak "$(cast_ abi-encode --packed "f(address,uint256,uint256,address)" "$1" 2 "$TW_PRICE" "$TW_NATIVE")"; }
TW_LEAF_A1="$(tw_leaf "$A1")"
TW_LEAF_A3="$(tw_leaf "$A3")"
TW_ROOT="$(pair_root "$TW_LEAF_A1" "$TW_LEAF_A3")"
TW_PROOF_A1="$TW_LEAF_A3"
TW_LISTED="$(tw_drop CTWLIST "$NOW" 100 0 "$TW_ROOT")"
# Paid in an ERC-20 (OZ4_TOKEN_LIVE), 5 tokens each: A1 (holding 100) approves the drop
# for 5; A2 (holding none) approves it for 10.
TW_TOKEN_PRICE=5000000000000000000
TW_TOKEN="$(tw_drop CTWERC "$NOW" 100 3 "$ROOT0" "$TW_TOKEN_PRICE" "$OZ4_TOKEN_LIVE")"
send_from "$K1" "$OZ4_TOKEN_LIVE" "approve(address,uint256)" "$TW_TOKEN" "$TW_TOKEN_PRICE"
K2=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a # Anvil account 2 (A2)
send_from "$K2" "$OZ4_TOKEN_LIVE" "approve(address,uint256)" "$TW_TOKEN" 10000000000000000000
# tw_token_claim_data WHO QUANTITY: claim()'s calldata in the token, at its price
tw_token_claim_data() {
    cast_ calldata "$TW_CLAIM" "$1" "$2" "$OZ4_TOKEN_LIVE" "$TW_TOKEN_PRICE" \
        "([],0,$TW_TOKEN_PRICE,$OZ4_TOKEN_LIVE)" 0x
}

# Each thirdweb drop is in the state it claims, or the script fails.
# tw_expect DESC WANT FROM DROP VALUE_WEI CALLDATA; WANT as zora_expect's
tw_expect() {
    local got
    got="$(fx_eth_call "$URL" "$3" "$4" "$6" "$(cast_ to-hex "$5")")" || die "$1: no answer"
    if [[ "$2" == ok && "$got" == ok:* ]] || [[ "$2" != ok && "${got,,}" == "revert:${2,,}"* ]]; then
        echo "deploy-real.sh: ok   $1" >&2
    else
        die "$1: claim gave $got, want $2"
    fi
}
tw_expect "TW_SOON: not started -> DropClaimNotStarted" "$(cast_ sig "DropClaimNotStarted(uint256,uint256)")" \
    "$A2" "$TW_SOON" "$TW_PRICE" "$(tw_claim_data "$A2" 1)"
tw_expect "TW_OPEN: A2 claims 1 -> mints" ok "$A2" "$TW_OPEN" "$TW_PRICE" "$(tw_claim_data "$A2" 1)"
tw_expect "TW_OPEN: A1 claims 2 more of 3 -> DropClaimExceedLimit(3, 4)" \
    "$(cast_ sig "DropClaimExceedLimit(uint256,uint256)")$(fx_pad 3)$(fx_pad 4)" \
    "$A1" "$TW_OPEN" "$((2 * TW_PRICE))" "$(tw_claim_data "$A1" 2)"
tw_expect "TW_OPEN: A2 states half the price -> DropClaimInvalidTokenPrice" \
    "$(cast_ sig "DropClaimInvalidTokenPrice(address,uint256,address,uint256)")" \
    "$A2" "$TW_OPEN" "$((TW_PRICE / 2))" "$(tw_claim_data "$A2" 1 "$((TW_PRICE / 2))")"
tw_expect "TW_SOLDOUT: 2 of 2 claimed -> DropClaimExceedMaxSupply(2, 3)" \
    "$(cast_ sig "DropClaimExceedMaxSupply(uint256,uint256)")$(fx_pad 2)$(fx_pad 3)" \
    "$A2" "$TW_SOLDOUT" "$TW_PRICE" "$(tw_claim_data "$A2" 1)"
tw_expect "TW_TOKEN: A1 claims 1 for its 5 approved tokens -> mints" ok "$A1" "$TW_TOKEN" 0 \
    "$(tw_token_claim_data "$A1" 1)"
tw_expect "TW_TOKEN: A1 claims 2 (10 tokens, 5 approved) -> ERC20: insufficient allowance" \
    "0x08c379a0" "$A1" "$TW_TOKEN" 0 "$(tw_token_claim_data "$A1" 2)"
tw_expect "TW_TOKEN: A2 claims 1 (holds none) -> ERC20: transfer amount exceeds balance" \
    "0x08c379a0" "$A2" "$TW_TOKEN" 0 "$(tw_token_claim_data "$A2" 1)"
tw_expect "TW_LISTED: A1 with its proof -> mints" ok "$A1" "$TW_LISTED" "$TW_PRICE" \
    "$(tw_claim_data "$A1" 1 "$TW_PRICE" "[$TW_PROOF_A1]" 2)"
tw_expect "TW_LISTED: A2 with A1's proof -> DropClaimExceedLimit(0, 1)" \
    "$(cast_ sig "DropClaimExceedLimit(uint256,uint256)")$(fx_pad 0)$(fx_pad 1)" \
    "$A2" "$TW_LISTED" "$TW_PRICE" "$(tw_claim_data "$A2" 1 "$TW_PRICE" "[$TW_PROOF_A1]" 2)"

# SolidState 0.0.59's EIP-2535 Diamond (owner A0, compiled from the package by
# build-real.js), with a facet added by diamondCut as the standard does: the
# MappingAllowlist fixture serving mint(uint256). The facet's own allowlist ([A1]) lives in
# the facet; the diamond's storage, where the call runs, lists nobody.
DIAMOND="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/SolidStateDiamondDeployable.json")")"
DIAMOND_FACET="$(deploy_bytecode "$(fx_bytecode MappingAllowlist)" "constructor(address[])" "[$A1]")"
MINT_SELECTOR="$(cast_ sig "mint(uint256)")"
send "$DIAMOND" "diamondCut((address,uint8,bytes4[])[],address,bytes)" \
    "[($DIAMOND_FACET,0,[$MINT_SELECTOR])]" "$ZERO" 0x
[[ "$(call_address "$A0" "$DIAMOND" "$(cast_ calldata "facetAddress(bytes4)" "$MINT_SELECTOR")")" == "$DIAMOND_FACET" ]] \
    || die "the diamond does not route mint(uint256) to its facet"

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
OZ4_TOKEN_LIVE=$OZ4_TOKEN_LIVE
CL_OWNED=$CL_OWNED
ZORA_REWARDS=$ZORA_REWARDS
ZORA_GATE=$ZORA_GATE
ZORA_RENDERER=$ZORA_RENDERER
ZORA_IMPL=$ZORA_IMPL
ZORA_SOON=$ZORA_SOON
ZORA_OPEN=$ZORA_OPEN
ZORA_SOLDOUT=$ZORA_SOLDOUT
ZORA_PRICE_WEI=$ZORA_PRICE_WEI
DIAMOND=$DIAMOND
DIAMOND_FACET=$DIAMOND_FACET
ZORA_ENDED=$ZORA_ENDED
ZORA_PRESALE=$ZORA_PRESALE
ZORA_PRESALE_ROOT=$ZORA_PRESALE_ROOT
ZORA_PRESALE_PROOF_A1=$ZORA_PRESALE_PROOF_A1
TW_SOON=$TW_SOON
TW_OPEN=$TW_OPEN
TW_SOLDOUT=$TW_SOLDOUT
TW_LISTED=$TW_LISTED
TW_ROOT=$TW_ROOT
TW_PROOF_A1=$TW_PROOF_A1
TW_PRICE_WEI=$TW_PRICE
TW_NATIVE=$TW_NATIVE
TW_TOKEN=$TW_TOKEN
TW_TOKEN_PRICE=$TW_TOKEN_PRICE
OUT
