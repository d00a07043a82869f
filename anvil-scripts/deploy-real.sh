#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Deploy published contracts from their projects' pinned npm packages (their shipped
# build artifacts, as package-lock.json pins them, or as build-real.js copied them from the
# pinned tarballs; else compiled by build-real.js) to a running Anvil, set up the way the
# projects deploy them, and write the addresses (the real-world corpus). Anvil only: it
# moves the clock (evm_increaseTime) and uses anvil_setCode and impersonation.
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
#
# More projects, from the artifacts their npm packages ship (copied by build-real.js from
# the pinned tarballs into fixtures/artifacts/real) or compiled by build-real.js. Every
# call named here is checked by the script, allowed and denied. fixtures/real-cases.json
# lists them as cases; anvil-scripts/probe-real.sh runs rpccheck on each.
#   A4                            Anvil account 4: deploys UNI and the Timelock first, so
#                                 that A0's deployments above keep their addresses
#   The chain's clock: UNI and GOV_TIMELOCK are deployed and a transaction is queued before
#   anything else, then the clock moves GOV_DELAY + 20 minutes ahead (evm_increaseTime);
#   every time above and below is read after that move.
#   GOV_TIMELOCK  GOV_DELAY       @uniswap/governance 1.0.2 Timelock (Compound's): admin A4,
#                                 delay GOV_DELAY (172800, 2 days, its minimum)
#   GOV_TL_SIG  GOV_TL_DATA       what is queued on it (twice): UNI.approve(A3, 1 UNI), as
#                                 the signature string and its encoded arguments
#   GOV_TL_READY_ETA              eta of the first queueing: passed. executeTransaction(
#                                 address,uint256,string,bytes,uint256) UNI 0 SIG DATA ETA
#                                 from A4 runs; from A2: "Timelock::executeTransaction:
#                                 Call must come from admin."
#   GOV_TL_PENDING_ETA            eta of the second, a day past the earliest allowed: from
#                                 A4 "...: Transaction hasn't surpassed time lock."
#   UNI  UNI_ONE                  @uniswap/governance 1.0.2 Uni: all 1B to A0, minter A1,
#                                 minting allowed (since 10 minutes after deployment);
#                                 UNI_ONE = 1 UNI in wei. mint(address,uint256) from A2:
#                                 "Uni::mint: only the minter can mint"
#   UNI_MINT_CAP  UNI_MINT_OVER   the most one mint may add (2% of the supply: mints) and 1
#                                 wei more ("Uni::mint: exceeded mint cap")
#   UNI_LOCKED  UNI_LOCKED_MINT_AFTER
#                                 another Uni (all to A0, minter A1) whose minting opens at
#                                 UNI_LOCKED_MINT_AFTER (in 30 days): A1's mint gets "Uni::
#                                 mint: minting not allowed yet"
#   UNI_ALLOWANCE_A3              A0 delegated its votes to itself, gave A3 20,000,000 UNI
#                                 (A3 delegates to nobody) and approved A3 for this much
#                                 (5 UNI): transferFrom(A0, A3, UNI_ONE) from A3 moves; from
#                                 A2 (no allowance) "Uni::transferFrom: transfer amount
#                                 exceeds spender allowance"
#   GOV_ALPHA                     GovernorAlpha(GOV_TIMELOCK, UNI): proposing takes more than
#                                 10,000,000 UNI of votes at the previous block. propose(
#                                 address[],uint256[],string[],bytes[],string) [UNI] [0]
#                                 [GOV_PROPOSAL_SIG] [GOV_PROPOSAL_DATA] GOV_PROPOSAL_TEXT
#   GOV_PROPOSAL_SIG  GOV_PROPOSAL_DATA  GOV_PROPOSAL_TEXT
#                                 its one action (UNI.delegate(A0)) and its description: A0
#                                 proposes; A1 (no UNI) and A3 (20M UNI, undelegated) get
#                                 "GovernorAlpha::propose: proposer votes below proposal
#                                 threshold"
#   UNI_PERMIT_VALUE  UNI_PERMIT_DEADLINE  UNI_PERMIT_PAST
#                                 UNI's permit(address,address,uint256,uint256,uint8,bytes32,
#                                 bytes32), owner A1, spender A2, 1 UNI, deadline in 30 days
#                                 or a day ago; A1's nonce-0 permit was sent (nonce now 1)
#   UNI_PERMIT_{OK,EXPIRED,WRONG,USED}_{V,R,S}
#                                 signatures: OK A1's for nonce 1 (approves); EXPIRED A1's
#                                 for nonce 1 with UNI_PERMIT_PAST ("Uni::permit: signature
#                                 expired"); WRONG A2's key over A1's nonce-1 permit and
#                                 USED A1's nonce-0 one sent again (both "Uni::permit:
#                                 unauthorized")
#   V2_FACTORY                    @uniswap/v2-core 1.0.1 UniswapV2Factory, feeToSetter A1 (no
#                                 owner()): setFeeTo(address) from A1 sets; from A2
#                                 "UniswapV2: FORBIDDEN"
#   V2_WETH  V2_ROUTER            @uniswap/v2-periphery 1.1.0-beta.0 WETH9 and
#                                 UniswapV2Router02(V2_FACTORY, V2_WETH); A0 approved the
#                                 router for all its UNI
#   V2_ADD_UNI  V2_ADD_WEI  V2_DEADLINE  V2_DEADLINE_PAST
#                                 addLiquidityETH(address,uint256,uint256,uint256,address,
#                                 uint256) UNI V2_ADD_UNI 0 0 A0 DEADLINE with V2_ADD_WEI wei
#                                 from A0: adds before V2_DEADLINE (in 30 days); with
#                                 V2_DEADLINE_PAST (a day ago) "UniswapV2Router: EXPIRED"
#   V3_FACTORY                    @uniswap/v3-core 1.0.1 UniswapV3Factory, owner A0:
#                                 enableFeeAmount(uint24,int24) 100 1 from A0 enables; from
#                                 A2 a bare revert
#   AAVE_PROVIDER  AAVE_ACL       @aave/core-v3 1.19.3 PoolAddressesProvider (owner and ACL
#                                 admin A0) and its ACLManager: pool admin A1, risk admin A3
#   AAVE_POOL_ADMIN_ROLE  AAVE_RISK_ADMIN_ROLE  keccak256("POOL_ADMIN"), ("RISK_ADMIN")
#   AAVE_SEQUENCER  AAVE_SENTINEL the package's mock SequencerOracle (owner A0) and a
#                                 PriceOracleSentinel(AAVE_PROVIDER, AAVE_SEQUENCER, 1 hour),
#                                 which asks AAVE_ACL: setSequencerOracle(address) (pool
#                                 admins) from A1 sets, from A2 or A3 reverts "1";
#                                 setGracePeriod(uint256) (risk or pool admins) from A3
#                                 sets, from A2 reverts "4"
#   ENS_OLD  ENS_REGISTRY  ENS_NODE
#                                 @ensdomains/ens 0.6.2 ENSRegistry and the
#                                 ENSRegistryWithFallback over it (root owner A0);
#                                 ENS_NODE = namehash("corpus.eth"), owned by A1, whose
#                                 operator is A3: setOwner(bytes32,address) ENS_NODE A2 from
#                                 A1 or A3 sets, from A2 a bare revert
#   SOLMATE_AUTHORITY  SOLMATE_GUARDED  SOLMATE_ROLE
#                                 solmate 6.8.0 RolesAuthority x2 (compiled), owner A0 each;
#                                 GUARDED's authority is AUTHORITY, where role SOLMATE_ROLE
#                                 (1) may call GUARDED's setUserRole and A1 has it:
#                                 setUserRole(address,uint8,bool) A3 2 true on GUARDED from
#                                 A1 sets, from A2 "UNAUTHORIZED"
#   OFR_REGISTRY  OFR_CORI  OFR_NFT
#                                 operator-filter-registry 1.4.2 (compiled): the
#                                 OperatorFilterRegistry's code at its canonical address,
#                                 OpenSea's curated subscription (CORI's address) registered
#                                 and filtering A3, and TestableExampleERC721 (owner A0),
#                                 subscribed to it; A1 holds tokens 1 and 2 and approved A2
#                                 and A3 (before A3 was filtered): transferFrom(address,
#                                 address,uint256) A1 A0 1 from A2 moves, from A3 reverts
#                                 AddressFiltered(A3); setApprovalForAll(address,bool) from
#                                 A1: A0 approves, A3 reverts AddressFiltered(A3)
#   OZ_MANAGER  OZ_MANAGER_ADMIN_ROLE  OZ_MANAGER_ROLE
#                                 OpenZeppelin 5.7.0 AccessManager (admin A0): role 5
#                                 (CORPUS_GRANTER, held by A1) administers role 7
#                                 (CORPUS_MINTER): grantRole(uint64,address,uint32) 7 A3 0
#                                 from A1 grants, from A2 reverts
#                                 AccessManagerUnauthorizedAccount(A2, 5)
#   OZ_BEACON  OZ_BEACON_PROXY    OpenZeppelin 5.7.0 UpgradeableBeacon(TP_LOGIC, owner A0) and
#                                 a BeaconProxy initialized as TP (admin A0, minter A1):
#                                 mint(uint256) from A1 mints, from A2 reverts
#                                 AccessControlUnauthorizedAccount(A2, MINTER_ROLE)
#   TW1155  TW1155_CLAIM          thirdweb's prebuilt DropERC1155 behind an ERC1967Proxy: tokens
#                                 0 and 1 capped at 3 in all, token 0's 3 claimed by A1;
#                                 TW1155_CLAIM of token 0 by A2 reverts "exceed max total
#                                 supply", of token 1 mints
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

# Anvil accounts 1-4's keys (A1-A4).
K1=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
K2=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a
K3=0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6
K4=0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a
A4=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65

# deploy_from KEY CODE [CTOR_SIG ARGS...] -> the checksummed address (as deploy_bytecode,
# from another account)
deploy_from() {
    local key="$1" code="$2" out
    shift 2
    out="$(cast_ send --rpc-url "$URL" --private-key "$key" --gas-limit "$GAS" --json \
        --create "$code" "$@")" || die "deploying a contract from another account failed"
    [[ "$out" =~ \"status\":\"0x1\" && "$out" =~ \"contractAddress\":\"(0x[0-9a-fA-F]{40})\" ]] \
        || die "deploying a contract from another account failed: ${out:0:400}"
    cast_ to-check-sum-address "${BASH_REMATCH[1]}"
}
# rpc METHOD [PARAMS...]: a node method (Anvil's evm_*/anvil_*), its answer discarded
rpc() { cast_ rpc --rpc-url "$URL" "$@" >/dev/null || die "$1 failed"; }
latest_timestamp() {
    local t
    t="$(cast_ block --rpc-url "$URL" latest --field timestamp)"
    [[ "$t" =~ ^[0-9]+$ ]] || die "no timestamp for the latest block: $t"
    echo "$t"
}

# Uniswap's governance (@uniswap/governance 1.0.2's shipped artifacts, copied by
# build-real.js), begun before anything else and from A4, so that A0's deployments keep
# their addresses: a Timelock's queued transaction can run only once its delay (2 days at
# least) has passed, and UNI mints only after its mintingAllowedAfter. So UNI (all 1B to A0,
# minter A1, minting allowed 10 minutes from now), the Timelock (admin A4, the minimum delay)
# and one transaction queued with an eta 10 minutes past the earliest allowed; then the
# chain's clock moves on past that eta (evm_increaseTime), before anything below reads it.
GOV_DELAY=172800 # the Timelock's MINIMUM_DELAY, 2 days
T0="$(latest_timestamp)"
WALL="$(date +%s)"
((WALL > T0)) && T0="$WALL" # a node idle since it started: its next block is at the wall clock
UNI="$(deploy_from "$K4" "$(artifact_bytecode "$FX_ART/real/Uni.json")" \
    "constructor(address,address,uint256)" "$A0" "$A1" "$((T0 + 600))")"
GOV_TIMELOCK="$(deploy_from "$K4" "$(artifact_bytecode "$FX_ART/real/Timelock.json")" \
    "constructor(address,uint256)" "$A4" "$GOV_DELAY")"
# What the Timelock queues: UNI.approve(A3, 1 UNI) from the Timelock (a harmless action).
GOV_TL_SIG="approve(address,uint256)"
GOV_TL_DATA="$(cast_ abi-encode "f(address,uint256)" "$A3" 1000000000000000000)"
GOV_TL_QUEUE="queueTransaction(address,uint256,string,bytes,uint256)"
GOV_TL_READY_ETA=$((T0 + GOV_DELAY + 600))
fx_send_from "$URL" "$K4" "$GAS" "$GOV_TIMELOCK" "$GOV_TL_QUEUE" "$UNI" 0 "$GOV_TL_SIG" "$GOV_TL_DATA" \
    "$GOV_TL_READY_ETA"
rpc evm_increaseTime "$((GOV_DELAY + 1200))"
rpc evm_mine
(($(latest_timestamp) > GOV_TL_READY_ETA)) || die "the clock did not move past the Timelock's eta"

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

# ---------------------------------------------------------------------------------------
# The gates of more published projects. Each call below is checked, denied and allowed, as
# the script goes: expect_call DESC WANT FROM TO DATA [VALUE_WEI], WANT ok (any success) or
# the exact revert data (err_string MSG: a require's Error(string); 0x: a bare revert).
expect_call() {
    local got value=""
    [[ -n "${6:-}" ]] && value="$(cast_ to-hex "$6")"
    got="$(fx_eth_call "$URL" "$3" "$4" "$5" "$value")" || die "$1: no answer"
    if [[ "$2" == ok && "$got" == ok:* ]] || [[ "$2" != ok && "${got,,}" == "revert:${2,,}" ]]; then
        echo "deploy-real.sh: ok   $1" >&2
    else
        die "$1: got $got, want $2"
    fi
}
err_string() { cast_ calldata "Error(string)" "$1"; }
# uint256 an eth_call returns, in decimal
call_uint() {
    local got
    got="$(fx_eth_call "$URL" "$A0" "$1" "$(cast_ calldata "$2")")"
    [[ "$got" == ok:0x* ]] || die "$2 of $1: $got"
    cast_ to-dec "${got#ok:}"
}
NOW2="$(latest_timestamp)"
CHAIN_ID="$(cast_ chain-id --rpc-url "$URL")"
UNI_1=1000000000000000000 # 1 UNI (18 decimals)

# Uniswap governance, continued. The Timelock: A4 queues the same transaction again, with an
# eta a day past the earliest its delay allows; the one queued first is executable now.
GOV_TL_PENDING_ETA=$((NOW2 + GOV_DELAY + DAY))
fx_send_from "$URL" "$K4" "$GAS" "$GOV_TIMELOCK" "$GOV_TL_QUEUE" "$UNI" 0 "$GOV_TL_SIG" "$GOV_TL_DATA" \
    "$GOV_TL_PENDING_ETA"
TL_EXEC="executeTransaction(address,uint256,string,bytes,uint256)"
expect_call "GOV_TIMELOCK: A4 executes the transaction whose eta has passed -> runs" ok "$A4" "$GOV_TIMELOCK" \
    "$(cast_ calldata "$TL_EXEC" "$UNI" 0 "$GOV_TL_SIG" "$GOV_TL_DATA" "$GOV_TL_READY_ETA")"
expect_call "GOV_TIMELOCK: A4 executes the one queued last -> hasn't surpassed time lock" \
    "$(err_string "Timelock::executeTransaction: Transaction hasn't surpassed time lock.")" "$A4" "$GOV_TIMELOCK" \
    "$(cast_ calldata "$TL_EXEC" "$UNI" 0 "$GOV_TL_SIG" "$GOV_TL_DATA" "$GOV_TL_PENDING_ETA")"
expect_call "GOV_TIMELOCK: A2 executes the ready one -> must come from admin" \
    "$(err_string "Timelock::executeTransaction: Call must come from admin.")" "$A2" "$GOV_TIMELOCK" \
    "$(cast_ calldata "$TL_EXEC" "$UNI" 0 "$GOV_TL_SIG" "$GOV_TL_DATA" "$GOV_TL_READY_ETA")"

# UNI: its minter is A1; minting has been allowed since 10 minutes after deployment; one mint
# may add 2% (mintCap) of the supply at most. UNI_LOCKED: another UNI (all to A0, minter A1)
# whose minting opens in 30 days.
UNI_CAP_PERCENT="$(call_uint "$UNI" "mintCap()")"
UNI_SUPPLY="$(call_uint "$UNI" "totalSupply()")"
# (amounts past 2^63: node's BigInt, not the shell's arithmetic)
read -r UNI_MINT_CAP UNI_MINT_OVER < <(node -e 'const [s, p] = process.argv.slice(1).map(BigInt);
    const cap = (s * p) / 100n; console.log(`${cap} ${cap + 1n}`)' "$UNI_SUPPLY" "$UNI_CAP_PERCENT")
[[ "$UNI_MINT_CAP" == 20000000000000000000000000 ]] || die "UNI's mint cap is $UNI_MINT_CAP, not 2% of 1B"
UNI_LOCKED_MINT_AFTER=$((NOW2 + 30 * DAY))
UNI_LOCKED="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/Uni.json")" \
    "constructor(address,address,uint256)" "$A0" "$A1" "$UNI_LOCKED_MINT_AFTER")"
UNI_MINT="mint(address,uint256)"
expect_call "UNI: the minter A1 mints 1 UNI -> mints" ok "$A1" "$UNI" "$(cast_ calldata "$UNI_MINT" "$A1" "$UNI_1")"
expect_call "UNI: the minter A1 mints the cap, 2% of the supply -> mints" ok "$A1" "$UNI" \
    "$(cast_ calldata "$UNI_MINT" "$A1" "$UNI_MINT_CAP")"
expect_call "UNI: A2 mints -> only the minter can mint" "$(err_string "Uni::mint: only the minter can mint")" \
    "$A2" "$UNI" "$(cast_ calldata "$UNI_MINT" "$A2" "$UNI_1")"
expect_call "UNI: A1 mints 1 wei over the cap -> exceeded mint cap" "$(err_string "Uni::mint: exceeded mint cap")" \
    "$A1" "$UNI" "$(cast_ calldata "$UNI_MINT" "$A1" "$UNI_MINT_OVER")"
expect_call "UNI_LOCKED: A1 mints 30 days early -> minting not allowed yet" \
    "$(err_string "Uni::mint: minting not allowed yet")" "$A1" "$UNI_LOCKED" \
    "$(cast_ calldata "$UNI_MINT" "$A1" "$UNI_1")"

# Votes: A0 delegates its UNI to itself, then sends 20,000,000 UNI (twice the proposal
# threshold) to A3, who delegates to nobody; A0 lets A3 spend 5 UNI of its own.
send "$UNI" "delegate(address)" "$A0"
send "$UNI" "transfer(address,uint256)" "$A3" 20000000000000000000000000
UNI_ALLOWANCE_A3=5000000000000000000
send "$UNI" "approve(address,uint256)" "$A3" "$UNI_ALLOWANCE_A3"
UNI_XFER="transferFrom(address,address,uint256)"
expect_call "UNI: A3 spends 1 of A0's 5 approved UNI -> moves" ok "$A3" "$UNI" \
    "$(cast_ calldata "$UNI_XFER" "$A0" "$A3" "$UNI_1")"
expect_call "UNI: A2 spends 1 of A0's UNI, unapproved -> exceeds spender allowance" \
    "$(err_string "Uni::transferFrom: transfer amount exceeds spender allowance")" "$A2" "$UNI" \
    "$(cast_ calldata "$UNI_XFER" "$A0" "$A2" "$UNI_1")"

# GovernorAlpha (threshold: more than 10,000,000 UNI of votes at the previous block), over
# UNI and the Timelock. A proposal: one action, UNI.delegate(A0) from the Timelock.
GOV_ALPHA="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/GovernorAlpha.json")" \
    "constructor(address,address)" "$GOV_TIMELOCK" "$UNI")"
GOV_PROPOSE="propose(address[],uint256[],string[],bytes[],string)"
GOV_PROPOSAL_SIG="delegate(address)"
GOV_PROPOSAL_DATA="$(cast_ abi-encode "f(address)" "$A0")"
GOV_PROPOSAL_TEXT=CorpusProposal
gov_propose_data() { cast_ calldata "$GOV_PROPOSE" "[$UNI]" "[0]" "[$GOV_PROPOSAL_SIG]" "[$GOV_PROPOSAL_DATA]" "$GOV_PROPOSAL_TEXT"; }
expect_call "GOV_ALPHA: A0 (980M votes) proposes -> proposes" ok "$A0" "$GOV_ALPHA" "$(gov_propose_data)"
expect_call "GOV_ALPHA: A1 (no UNI) proposes -> votes below proposal threshold" \
    "$(err_string "GovernorAlpha::propose: proposer votes below proposal threshold")" "$A1" "$GOV_ALPHA" \
    "$(gov_propose_data)"
expect_call "GOV_ALPHA: A3 (20M UNI, not delegated) proposes -> votes below proposal threshold" \
    "$(err_string "GovernorAlpha::propose: proposer votes below proposal threshold")" "$A3" "$GOV_ALPHA" \
    "$(gov_propose_data)"

# UNI's permit (EIP-712: domain name "Uniswap", chain ID, UNI; no version), signed with
# Anvil's keys. A1 permits A2 1 UNI (nonce 0), sent by A2: A1's nonce is now 1. Then, for
# A1's nonce 1: OK (A1's signature, deadline in 30 days), EXPIRED (A1's, deadline a day ago),
# WRONG (A2's key signs A1's permit); USED is the nonce-0 permit, sent again.
UNI_DOMAIN_TYPEHASH="$(fx_eth_call "$URL" "$A0" "$UNI" "$(cast_ calldata "DOMAIN_TYPEHASH()")")"
UNI_PERMIT_TYPEHASH="$(fx_eth_call "$URL" "$A0" "$UNI" "$(cast_ calldata "PERMIT_TYPEHASH()")")"
UNI_DOMAIN="$(cast_ keccak "$(cast_ abi-encode "f(bytes32,bytes32,uint256,address)" "${UNI_DOMAIN_TYPEHASH#ok:}" \
    "$(cast_ keccak Uniswap)" "$CHAIN_ID" "$UNI")")"
# uni_permit_sig KEY OWNER SPENDER VALUE NONCE DEADLINE -> "V R S"
uni_permit_sig() {
    local st digest sig
    st="$(cast_ keccak "$(cast_ abi-encode "f(bytes32,address,address,uint256,uint256,uint256)" \
        "${UNI_PERMIT_TYPEHASH#ok:}" "$2" "$3" "$4" "$5" "$6")")"
    digest="$(cast_ keccak "$(cast_ concat-hex 0x1901 "$UNI_DOMAIN" "$st")")"
    sig="$(cast_ wallet sign --no-hash --private-key "$1" "$digest")"
    [[ "$sig" =~ ^0x[0-9a-fA-F]{130}$ ]] || die "cast wallet sign gave $sig"
    echo "$((16#${sig:130:2})) 0x${sig:2:64} 0x${sig:66:64}"
}
UNI_PERMIT="permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"
UNI_PERMIT_VALUE="$UNI_1"
UNI_PERMIT_DEADLINE=$((NOW2 + 30 * DAY))
UNI_PERMIT_PAST=$((NOW2 - DAY))
read -r UNI_PERMIT_USED_V UNI_PERMIT_USED_R UNI_PERMIT_USED_S \
    < <(uni_permit_sig "$K1" "$A1" "$A2" "$UNI_PERMIT_VALUE" 0 "$UNI_PERMIT_DEADLINE")
fx_send_from "$URL" "$K2" "$GAS" "$UNI" "$UNI_PERMIT" "$A1" "$A2" "$UNI_PERMIT_VALUE" "$UNI_PERMIT_DEADLINE" \
    "$UNI_PERMIT_USED_V" "$UNI_PERMIT_USED_R" "$UNI_PERMIT_USED_S"
read -r UNI_PERMIT_OK_V UNI_PERMIT_OK_R UNI_PERMIT_OK_S \
    < <(uni_permit_sig "$K1" "$A1" "$A2" "$UNI_PERMIT_VALUE" 1 "$UNI_PERMIT_DEADLINE")
read -r UNI_PERMIT_EXPIRED_V UNI_PERMIT_EXPIRED_R UNI_PERMIT_EXPIRED_S \
    < <(uni_permit_sig "$K1" "$A1" "$A2" "$UNI_PERMIT_VALUE" 1 "$UNI_PERMIT_PAST")
read -r UNI_PERMIT_WRONG_V UNI_PERMIT_WRONG_R UNI_PERMIT_WRONG_S \
    < <(uni_permit_sig "$K2" "$A1" "$A2" "$UNI_PERMIT_VALUE" 1 "$UNI_PERMIT_DEADLINE")
permit_data() { cast_ calldata "$UNI_PERMIT" "$A1" "$A2" "$UNI_PERMIT_VALUE" "$1" "$2" "$3" "$4"; }
expect_call "UNI: A1's permit for nonce 1 -> approves" ok "$A2" "$UNI" \
    "$(permit_data "$UNI_PERMIT_DEADLINE" "$UNI_PERMIT_OK_V" "$UNI_PERMIT_OK_R" "$UNI_PERMIT_OK_S")"
expect_call "UNI: A1's permit past its deadline -> signature expired" "$(err_string "Uni::permit: signature expired")" \
    "$A2" "$UNI" "$(permit_data "$UNI_PERMIT_PAST" "$UNI_PERMIT_EXPIRED_V" "$UNI_PERMIT_EXPIRED_R" "$UNI_PERMIT_EXPIRED_S")"
expect_call "UNI: A1's permit signed by A2 -> unauthorized" "$(err_string "Uni::permit: unauthorized")" \
    "$A2" "$UNI" "$(permit_data "$UNI_PERMIT_DEADLINE" "$UNI_PERMIT_WRONG_V" "$UNI_PERMIT_WRONG_R" "$UNI_PERMIT_WRONG_S")"
expect_call "UNI: A1's nonce-0 permit again -> unauthorized" "$(err_string "Uni::permit: unauthorized")" \
    "$A2" "$UNI" "$(permit_data "$UNI_PERMIT_DEADLINE" "$UNI_PERMIT_USED_V" "$UNI_PERMIT_USED_R" "$UNI_PERMIT_USED_S")"

# Uniswap V2 (@uniswap/v2-core 1.0.1, @uniswap/v2-periphery 1.1.0-beta.0, shipped): the
# factory, whose feeToSetter is A1, WETH9 and the Router02 over them. A0 lets the router
# spend its UNI; adding UNI/ETH liquidity takes a deadline.
V2_FACTORY="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/UniswapV2Factory.json")" "constructor(address)" "$A1")"
V2_WETH="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/WETH9.json")")"
V2_ROUTER="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/UniswapV2Router02.json")" \
    "constructor(address,address)" "$V2_FACTORY" "$V2_WETH")"
send "$UNI" "approve(address,uint256)" "$V2_ROUTER" "$(cast_ max-uint)"
expect_call "V2_FACTORY: the feeToSetter A1 sets feeTo -> sets" ok "$A1" "$V2_FACTORY" \
    "$(cast_ calldata "setFeeTo(address)" "$A2")"
expect_call "V2_FACTORY: A2 sets feeTo -> FORBIDDEN" "$(err_string "UniswapV2: FORBIDDEN")" "$A2" "$V2_FACTORY" \
    "$(cast_ calldata "setFeeTo(address)" "$A2")"
V2_ADD="addLiquidityETH(address,uint256,uint256,uint256,address,uint256)"
V2_ADD_UNI=1000000000000000000000 # 1,000 UNI
V2_ADD_WEI=1000000000000000000    # with 1 ether
V2_DEADLINE=$((NOW2 + 30 * DAY))
V2_DEADLINE_PAST=$((NOW2 - DAY))
expect_call "V2_ROUTER: A0 adds UNI/ETH liquidity before the deadline -> adds" ok "$A0" "$V2_ROUTER" \
    "$(cast_ calldata "$V2_ADD" "$UNI" "$V2_ADD_UNI" 0 0 "$A0" "$V2_DEADLINE")" "$V2_ADD_WEI"
expect_call "V2_ROUTER: A0 adds with a deadline a day ago -> EXPIRED" "$(err_string "UniswapV2Router: EXPIRED")" \
    "$A0" "$V2_ROUTER" "$(cast_ calldata "$V2_ADD" "$UNI" "$V2_ADD_UNI" 0 0 "$A0" "$V2_DEADLINE_PAST")" "$V2_ADD_WEI"

# Uniswap V3 (@uniswap/v3-core 1.0.1, shipped): the factory, owner A0 (its deployer).
V3_FACTORY="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/UniswapV3Factory.json")")"
V3_ENABLE="enableFeeAmount(uint24,int24)"
expect_call "V3_FACTORY: the owner A0 enables a 0.01% fee -> enables" ok "$A0" "$V3_FACTORY" \
    "$(cast_ calldata "$V3_ENABLE" 100 1)"
expect_call "V3_FACTORY: A2 enables it -> bare revert" 0x "$A2" "$V3_FACTORY" "$(cast_ calldata "$V3_ENABLE" 100 1)"

# Aave V3 (@aave/core-v3 1.19.3, shipped), as its deployment scripts set the ACL up: the
# PoolAddressesProvider (owner A0) with ACL admin A0, the ACLManager, then A1 a pool admin,
# A3 a risk admin; the PriceOracleSentinel (grace period 1 hour) over the package's mock
# SequencerOracle (owner A0) asks the ACLManager, found through the provider.
AAVE_PROVIDER="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/PoolAddressesProvider.json")" \
    "constructor(string,address)" "Corpus Market" "$A0")"
send "$AAVE_PROVIDER" "setACLAdmin(address)" "$A0"
AAVE_ACL="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/ACLManager.json")" "constructor(address)" "$AAVE_PROVIDER")"
send "$AAVE_PROVIDER" "setACLManager(address)" "$AAVE_ACL"
send "$AAVE_ACL" "addPoolAdmin(address)" "$A1"
send "$AAVE_ACL" "addRiskAdmin(address)" "$A3"
AAVE_POOL_ADMIN_ROLE="$(cast_ keccak POOL_ADMIN)"
AAVE_RISK_ADMIN_ROLE="$(cast_ keccak RISK_ADMIN)"
AAVE_SEQUENCER="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/SequencerOracle.json")" "constructor(address)" "$A0")"
AAVE_SENTINEL="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/PriceOracleSentinel.json")" \
    "constructor(address,address,uint256)" "$AAVE_PROVIDER" "$AAVE_SEQUENCER" 3600)"
expect_call "AAVE_SENTINEL: the pool admin A1 sets the sequencer oracle -> sets" ok "$A1" "$AAVE_SENTINEL" \
    "$(cast_ calldata "setSequencerOracle(address)" "$AAVE_SEQUENCER")"
expect_call "AAVE_SENTINEL: A2 sets it -> 1 (CALLER_NOT_POOL_ADMIN)" "$(err_string 1)" "$A2" "$AAVE_SENTINEL" \
    "$(cast_ calldata "setSequencerOracle(address)" "$AAVE_SEQUENCER")"
expect_call "AAVE_SENTINEL: the risk admin A3 sets it -> 1 (CALLER_NOT_POOL_ADMIN)" "$(err_string 1)" "$A3" \
    "$AAVE_SENTINEL" "$(cast_ calldata "setSequencerOracle(address)" "$AAVE_SEQUENCER")"
expect_call "AAVE_SENTINEL: the risk admin A3 sets the grace period -> sets" ok "$A3" "$AAVE_SENTINEL" \
    "$(cast_ calldata "setGracePeriod(uint256)" 7200)"
expect_call "AAVE_SENTINEL: A2 sets it -> 4 (CALLER_NOT_RISK_OR_POOL_ADMIN)" "$(err_string 4)" "$A2" \
    "$AAVE_SENTINEL" "$(cast_ calldata "setGracePeriod(uint256)" 7200)"

# ENS (@ensdomains/ens 0.6.2, shipped) as on mainnet: an old ENSRegistry and the
# ENSRegistryWithFallback over it, root owned by A0 (their deployer); A0 takes eth and gives
# corpus.eth (ENS_NODE) to A1, who approves A3 as its operator (setApprovalForAll).
ENS_OLD="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/ENSRegistry.json")")"
ENS_REGISTRY="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/ENSRegistryWithFallback.json")" \
    "constructor(address)" "$ENS_OLD")"
ENS_ROOT="0x$(fx_pad 0)"
send "$ENS_REGISTRY" "setSubnodeOwner(bytes32,bytes32,address)" "$ENS_ROOT" "$(cast_ keccak eth)" "$A0"
send "$ENS_REGISTRY" "setSubnodeOwner(bytes32,bytes32,address)" "$(cast_ namehash eth)" "$(cast_ keccak corpus)" "$A1"
ENS_NODE="$(cast_ namehash corpus.eth)"
send_from "$K1" "$ENS_REGISTRY" "setApprovalForAll(address,bool)" "$A3" true
ENS_SET_OWNER="$(cast_ calldata "setOwner(bytes32,address)" "$ENS_NODE" "$A2")"
expect_call "ENS_REGISTRY: corpus.eth's owner A1 gives it to A2 -> sets" ok "$A1" "$ENS_REGISTRY" "$ENS_SET_OWNER"
expect_call "ENS_REGISTRY: A1's operator A3 gives it to A2 -> sets" ok "$A3" "$ENS_REGISTRY" "$ENS_SET_OWNER"
expect_call "ENS_REGISTRY: A2 takes it -> bare revert" 0x "$A2" "$ENS_REGISTRY" "$ENS_SET_OWNER"

# solmate 6.8.0's RolesAuthority (compiled by build-real.js): SOLMATE_AUTHORITY (owner A0)
# gives role 1 the capability to call setUserRole on SOLMATE_GUARDED, and role 1 to A1;
# SOLMATE_GUARDED, another RolesAuthority (owner A0), asks SOLMATE_AUTHORITY (requiresAuth).
RA_CODE="$(artifact_bytecode "$FX_ART/real/RolesAuthority.json")"
SOLMATE_AUTHORITY="$(deploy_bytecode "$RA_CODE" "constructor(address,address)" "$A0" "$ZERO")"
SOLMATE_GUARDED="$(deploy_bytecode "$RA_CODE" "constructor(address,address)" "$A0" "$SOLMATE_AUTHORITY")"
SOLMATE_ROLE=1
SET_USER_ROLE="setUserRole(address,uint8,bool)"
send "$SOLMATE_AUTHORITY" "setRoleCapability(uint8,address,bytes4,bool)" "$SOLMATE_ROLE" "$SOLMATE_GUARDED" \
    "$(cast_ sig "$SET_USER_ROLE")" true
send "$SOLMATE_AUTHORITY" "$SET_USER_ROLE" "$A1" "$SOLMATE_ROLE" true
expect_call "SOLMATE_GUARDED: A1 (role 1) gives A3 role 2 -> sets" ok "$A1" "$SOLMATE_GUARDED" \
    "$(cast_ calldata "$SET_USER_ROLE" "$A3" 2 true)"
expect_call "SOLMATE_GUARDED: A2 does -> UNAUTHORIZED" "$(err_string UNAUTHORIZED)" "$A2" "$SOLMATE_GUARDED" \
    "$(cast_ calldata "$SET_USER_ROLE" "$A3" 2 true)"

# OpenSea's operator filter (operator-filter-registry 1.4.2, compiled by build-real.js), as
# the project's tests set it up: the registry's code at its canonical address, OpenSea's
# curated subscription (CORI, impersonated) registered, the TestableExampleERC721 (owner A0)
# subscribing to it in its constructor. A1 holds tokens 1 and 2 and approved A2 and A3 as
# operators; then CORI filters A3.
OFR_REGISTRY=0x000000000000AAeB6D7670E522A718067333cd4E
OFR_CORI=0x3cc6CddA760b79bAfa08dF41ECFA224f810dCeB6
rpc anvil_setCode "$OFR_REGISTRY" "$(node -e 'console.log(require(process.argv[1]).deployedBytecode)' \
    "$FX_ART/real/OperatorFilterRegistry.json")"
rpc anvil_impersonateAccount "$OFR_CORI"
rpc anvil_setBalance "$OFR_CORI" 0xde0b6b3a7640000
cori_send() {
    local out
    out="$(cast_ send --rpc-url "$URL" --from "$OFR_CORI" --unlocked --gas-limit "$GAS" --json "$@")" \
        || die "cast send from CORI $* failed"
    [[ "$out" =~ \"status\":\"0x1\" ]] || die "cast send from CORI $* reverted: ${out:0:400}"
}
cori_send "$OFR_REGISTRY" "register(address)" "$OFR_CORI"
OFR_NFT="$(deploy_bytecode "$(artifact_bytecode "$FX_ART/real/TestableExampleERC721.json")")"
send "$OFR_NFT" "mint(address,uint256)" "$A1" 1
send "$OFR_NFT" "mint(address,uint256)" "$A1" 2
send_from "$K1" "$OFR_NFT" "setApprovalForAll(address,bool)" "$A2" true
send_from "$K1" "$OFR_NFT" "setApprovalForAll(address,bool)" "$A3" true
cori_send "$OFR_REGISTRY" "updateOperator(address,address,bool)" "$OFR_CORI" "$A3" true
rpc anvil_stopImpersonatingAccount "$OFR_CORI"
OFR_XFER="$(cast_ calldata "transferFrom(address,address,uint256)" "$A1" "$A0" 1)"
expect_call "OFR_NFT: A1's operator A2 moves token 1 -> moves" ok "$A2" "$OFR_NFT" "$OFR_XFER"
expect_call "OFR_NFT: A1's operator A3, filtered, moves it -> AddressFiltered(A3)" \
    "$(cast_ calldata "AddressFiltered(address)" "$A3")" "$A3" "$OFR_NFT" "$OFR_XFER"
expect_call "OFR_NFT: A1 approves A0 -> approves" ok "$A1" "$OFR_NFT" \
    "$(cast_ calldata "setApprovalForAll(address,bool)" "$A0" true)"
expect_call "OFR_NFT: A1 approves A3 -> AddressFiltered(A3)" "$(cast_ calldata "AddressFiltered(address)" "$A3")" \
    "$A1" "$OFR_NFT" "$(cast_ calldata "setApprovalForAll(address,bool)" "$A3" true)"

# OpenZeppelin 5.7.0's AccessManager (admin A0): role 5 (CORPUS_GRANTER) administers role 7
# (CORPUS_MINTER); A1 holds role 5.
OZ_MANAGER="$(deploy_bytecode "$(artifact_bytecode "$OZ_ART/AccessManager.json")" "constructor(address)" "$A0")"
OZ_MANAGER_ADMIN_ROLE=5
OZ_MANAGER_ROLE=7
send "$OZ_MANAGER" "labelRole(uint64,string)" "$OZ_MANAGER_ADMIN_ROLE" CORPUS_GRANTER
send "$OZ_MANAGER" "labelRole(uint64,string)" "$OZ_MANAGER_ROLE" CORPUS_MINTER
send "$OZ_MANAGER" "setRoleAdmin(uint64,uint64)" "$OZ_MANAGER_ROLE" "$OZ_MANAGER_ADMIN_ROLE"
send "$OZ_MANAGER" "grantRole(uint64,address,uint32)" "$OZ_MANAGER_ADMIN_ROLE" "$A1" 0
OZ_GRANT="$(cast_ calldata "grantRole(uint64,address,uint32)" "$OZ_MANAGER_ROLE" "$A3" 0)"
expect_call "OZ_MANAGER: A1 (role 5) grants role 7 to A3 -> grants" ok "$A1" "$OZ_MANAGER" "$OZ_GRANT"
expect_call "OZ_MANAGER: A2 does -> AccessManagerUnauthorizedAccount(A2, 5)" \
    "$(cast_ calldata "AccessManagerUnauthorizedAccount(address,uint64)" "$A2" "$OZ_MANAGER_ADMIN_ROLE")" \
    "$A2" "$OZ_MANAGER" "$OZ_GRANT"

# OpenZeppelin 5.7.0's UpgradeableBeacon (owner A0) over TP_LOGIC, and a BeaconProxy
# initialized as TP is (admin A0, minter A1).
OZ_BEACON="$(deploy_bytecode "$(artifact_bytecode "$OZ_ART/UpgradeableBeacon.json")" \
    "constructor(address,address)" "$TP_LOGIC" "$A0")"
OZ_BEACON_PROXY="$(deploy_bytecode "$(artifact_bytecode "$OZ_ART/BeaconProxy.json")" \
    "constructor(address,bytes)" "$OZ_BEACON" "$(cast_ calldata "initialize(address,address)" "$A0" "$A1")")"
expect_call "OZ_BEACON_PROXY: the minter A1 mints -> mints" ok "$A1" "$OZ_BEACON_PROXY" "$(cast_ calldata "mint(uint256)" 1)"
expect_call "OZ_BEACON_PROXY: A2 mints -> AccessControlUnauthorizedAccount" \
    "$(cast_ calldata "AccessControlUnauthorizedAccount(address,bytes32)" "$A2" "$(cast_ keccak MINTER_ROLE)")" \
    "$A2" "$OZ_BEACON_PROXY" "$(cast_ calldata "mint(uint256)" 1)"

# thirdweb's prebuilt DropERC1155 (@thirdweb-dev/contracts 3.15.0, compiled by
# build-real.js as ThirdwebDropERC1155), behind OpenZeppelin 5.7.0's ERC1967Proxy and
# initialized as thirdweb's factory does (admin A0; no forwarders, fees or royalties):
# token ids 0 and 1 lazy-minted, each capped at 3 in all (setMaxTotalSupply, checked in
# its _beforeClaim) with one claim condition open to all (free, 10 per wallet, 100
# claimable); A1 claims all 3 of token 0. A claim of token 0 is refused by the cap alone.
TW1155_IMPL="$(DEPLOY_GAS=12000000 deploy_bytecode "$(artifact_bytecode "$FX_ART/real/ThirdwebDropERC1155.json")")"
TW1155="$(deploy_bytecode "$(artifact_bytecode "$OZ_ART/ERC1967Proxy.json")" "constructor(address,bytes)" \
    "$TW1155_IMPL" "$(cast_ calldata \
        "initialize(address,string,string,string,address[],address,address,uint128,uint128,address)" \
        "$A0" "Corpus thirdweb 1155" CTW1155 "" "[]" "$A0" "$A0" 0 0 "$A0")")"
send "$TW1155" "lazyMint(uint256,string,bytes)" 2 "ipfs://corpus-tw1155/" 0x >/dev/null
for id in 0 1; do
    send "$TW1155" "setMaxTotalSupply(uint256,uint256)" "$id" 3 >/dev/null
    send "$TW1155" "setClaimConditions(uint256,(uint256,uint256,uint256,uint256,bytes32,uint256,address,string)[],bool)" \
        "$id" "[($NOW,100,0,10,$ROOT0,0,$TW_NATIVE,corpus)]" false >/dev/null
done
TW1155_CLAIM="claim(address,uint256,uint256,address,uint256,(bytes32[],uint256,uint256,address),bytes)"
# tw1155_claim_data WHO TOKEN QUANTITY: claim()'s calldata, free, to WHO
tw1155_claim_data() { cast_ calldata "$TW1155_CLAIM" "$1" "$2" "$3" "$TW_NATIVE" 0 "([],0,0,$TW_NATIVE)" 0x; }
send_from "$K1" "$TW1155" "$(tw1155_claim_data "$A1" 0 3)"
expect_call "TW1155: A2 claims 1 of token 0 (capped at 3, all claimed) -> exceed max total supply" \
    "$(err_string "exceed max total supply")" "$A2" "$TW1155" "$(tw1155_claim_data "$A2" 0 1)"
expect_call "TW1155: A2 claims 1 of token 1 (none claimed) -> mints" ok "$A2" "$TW1155" \
    "$(tw1155_claim_data "$A2" 1 1)"

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
TW1155=$TW1155
TW1155_CLAIM=$TW1155_CLAIM
A4=$A4
GOV_DELAY=$GOV_DELAY
GOV_TIMELOCK=$GOV_TIMELOCK
GOV_TL_SIG=$GOV_TL_SIG
GOV_TL_DATA=$GOV_TL_DATA
GOV_TL_READY_ETA=$GOV_TL_READY_ETA
GOV_TL_PENDING_ETA=$GOV_TL_PENDING_ETA
UNI=$UNI
UNI_ONE=$UNI_1
UNI_MINT_CAP=$UNI_MINT_CAP
UNI_MINT_OVER=$UNI_MINT_OVER
UNI_LOCKED=$UNI_LOCKED
UNI_LOCKED_MINT_AFTER=$UNI_LOCKED_MINT_AFTER
UNI_ALLOWANCE_A3=$UNI_ALLOWANCE_A3
GOV_ALPHA=$GOV_ALPHA
GOV_PROPOSAL_SIG=$GOV_PROPOSAL_SIG
GOV_PROPOSAL_DATA=$GOV_PROPOSAL_DATA
GOV_PROPOSAL_TEXT=$GOV_PROPOSAL_TEXT
UNI_PERMIT_VALUE=$UNI_PERMIT_VALUE
UNI_PERMIT_DEADLINE=$UNI_PERMIT_DEADLINE
UNI_PERMIT_PAST=$UNI_PERMIT_PAST
UNI_PERMIT_OK_V=$UNI_PERMIT_OK_V
UNI_PERMIT_OK_R=$UNI_PERMIT_OK_R
UNI_PERMIT_OK_S=$UNI_PERMIT_OK_S
UNI_PERMIT_EXPIRED_V=$UNI_PERMIT_EXPIRED_V
UNI_PERMIT_EXPIRED_R=$UNI_PERMIT_EXPIRED_R
UNI_PERMIT_EXPIRED_S=$UNI_PERMIT_EXPIRED_S
UNI_PERMIT_WRONG_V=$UNI_PERMIT_WRONG_V
UNI_PERMIT_WRONG_R=$UNI_PERMIT_WRONG_R
UNI_PERMIT_WRONG_S=$UNI_PERMIT_WRONG_S
UNI_PERMIT_USED_V=$UNI_PERMIT_USED_V
UNI_PERMIT_USED_R=$UNI_PERMIT_USED_R
UNI_PERMIT_USED_S=$UNI_PERMIT_USED_S
V2_FACTORY=$V2_FACTORY
V2_WETH=$V2_WETH
V2_ROUTER=$V2_ROUTER
V2_ADD_UNI=$V2_ADD_UNI
V2_ADD_WEI=$V2_ADD_WEI
V2_DEADLINE=$V2_DEADLINE
V2_DEADLINE_PAST=$V2_DEADLINE_PAST
V3_FACTORY=$V3_FACTORY
AAVE_PROVIDER=$AAVE_PROVIDER
AAVE_ACL=$AAVE_ACL
AAVE_SEQUENCER=$AAVE_SEQUENCER
AAVE_SENTINEL=$AAVE_SENTINEL
AAVE_POOL_ADMIN_ROLE=$AAVE_POOL_ADMIN_ROLE
AAVE_RISK_ADMIN_ROLE=$AAVE_RISK_ADMIN_ROLE
ENS_OLD=$ENS_OLD
ENS_REGISTRY=$ENS_REGISTRY
ENS_NODE=$ENS_NODE
SOLMATE_AUTHORITY=$SOLMATE_AUTHORITY
SOLMATE_GUARDED=$SOLMATE_GUARDED
SOLMATE_ROLE=$SOLMATE_ROLE
OFR_REGISTRY=$OFR_REGISTRY
OFR_CORI=$OFR_CORI
OFR_NFT=$OFR_NFT
OZ_MANAGER=$OZ_MANAGER
OZ_MANAGER_ADMIN_ROLE=$OZ_MANAGER_ADMIN_ROLE
OZ_MANAGER_ROLE=$OZ_MANAGER_ROLE
OZ_BEACON=$OZ_BEACON
OZ_BEACON_PROXY=$OZ_BEACON_PROXY
OUT
