#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Regenerate rpccheck's built-in error and revert-string tables
# (src/explain/generated/errors.json and strings.json) from the published sources and ABIs
# of widely deployed Solidity projects, pinned below by exact version and by the sha512
# integrity the npm registry records for each tarball. Errors and string sites carry the
# gate hint their name or condition names (gen-errors.js, "gates: the one vocabulary"); every
# hint is also listed in src/explain/generated/gates.txt for review, and the counts per kind
# are printed.
#
# Each package's tarball is fetched with `npm pack` (the registry's own client, nothing
# else on the network) into anvil-scripts/.gen/ and unpacked there; nothing is installed
# and no package script runs. (`npm install` would also resolve each package's
# dependencies: Zora's and Chainlink's name GitHub repositories, which cannot be reached
# here, and none of them is needed to read the sources.) anvil-scripts/gen-errors.js then
# parses the sources with the solc-js pinned in package.json (installed by install.sh).
#
# Usage: anvil-scripts/gen-errors.sh      (output is deterministic: a re-run changes nothing)
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=npm-pin.sh
source "$(dirname "${BASH_SOURCE[0]}")/npm-pin.sh"
cd "$ROOT"

GEN_DIR="$ROOT/anvil-scripts/.gen"
OUT_DIR="$ROOT/src/explain/generated"

# id, npm name@version, integrity. Permit2: Uniswap publishes no npm package of Permit2
# alone (neither @uniswap/permit2 nor permit2 exists); @uniswap/v4-periphery ships
# Permit2's repository as its lib/permit2, whose src/ is what is read. Aave v3
# (@aave/core-v3: its pool's numeric revert codes, Errors.sol), Uniswap v2's core (its pair,
# factory and permit strings), Uniswap's governance (UNI, GovernorAlpha and Timelock, whose
# package ships only solc's combined JSON: the ASTs are read), Solmate ("UNAUTHORIZED" of its
# Owned and Auth, its tokens' strings), OpenSea's operator filter (operator-filter-registry:
# OperatorNotAllowed and the registry's errors) and Uniswap v3's core (its package holds the
# libraries and interfaces, not the pool) are read for their access and permit reasons.
#
# OpenZeppelin is read at several releases (the last patch of each minor) so that a decoded
# error or string names the versions that have it ("@openzeppelin/contracts 5.1.0–5.7.0"),
# not one version it may be missing from; each release's id is its project's key followed
# by the rest of its version (oz5.1.0: "oz5" at 5.1.0). Newest first: where releases word a
# declaration differently, the newest wording is shown first.
PACKAGES=(
    "oz4.9.6 @openzeppelin/contracts@4.9.6 sha512-xSmezSupL+y9VkHZJGDoCBpmnB2ogM13ccaYDWqJTfS3dbuHkgjuwDFUmaFauBCboQMGB/S5UqUl2y54X99BmA=="
    "oz4.8.3 @openzeppelin/contracts@4.8.3 sha512-bQHV8R9Me8IaJoJ2vPG4rXcL7seB7YVuskr4f+f5RyOStSZetwzkWtoqDMl5erkBJy0lDRUnIR2WIkPiC0GJlg=="
    "oz4.7.3 @openzeppelin/contracts@4.7.3 sha512-dGRS0agJzu8ybo44pCIf3xBaPQN/65AIXNgK8+4gzKd5kbvlqyxryUYVLJv7fK98Seyd2hDZzVEHSWAh0Bt1Yw=="
    "oz4.6.0 @openzeppelin/contracts@4.6.0 sha512-8vi4d50NNya/bQqCmaVzvHNmwHvS0OBKb7HNtuNwEE3scXWrP31fKQoGxNMT+KbzmrNZzatE3QK5p2gFONI/hg=="
    "oz4.5.0 @openzeppelin/contracts@4.5.0 sha512-fdkzKPYMjrRiPK6K4y64e6GzULR7R7RwxSigHS8DDp7aWDeoReqsQI+cxHV1UuhAqX69L1lAaWDxenfP+xiqzA=="
    "oz4.4.2 @openzeppelin/contracts@4.4.2 sha512-NyJV7sJgoGYqbtNUWgzzOGW4T6rR19FmX1IJgXGdapGPWsuMelGJn9h03nos0iqfforCbCB0iYIR0MtIuIFLLw=="
    "oz5.7.0 @openzeppelin/contracts@5.7.0 sha512-IL2AZpI+7THMzt1u6Cxmc1zLwVnudtUGvrqXQ/HnbLKfQ/8dIWMMQPDwPIjRQzNrlAo4cxZaCGRB/XvwPo9ILA=="
    "oz5.6.1 @openzeppelin/contracts@5.6.1 sha512-Ly6SlsVJ3mj+b18W3R8gNufB7dTICT105fJhodGAGgyC2oqnBAhqSiNDJ8V8DLY05cCz81GLI0CU5vNYA1EC/w=="
    "oz5.5.0 @openzeppelin/contracts@5.5.0 sha512-R8hq4zmKKWP2c7OxeRgAcjZwvF5W0Qq2OIX7degrtdM52Q9xYr4MLJdUAVPKGUewNJ1qo+M6YiZLLnNUnjP/gg=="
    "oz5.4.0 @openzeppelin/contracts@5.4.0 sha512-eCYgWnLg6WO+X52I16TZt8uEjbtdkgLC0SUX/xnAksjjrQI4Xfn4iBRoI5j55dmlOhDv1Y7BoR3cU7e3WWhC6A=="
    "oz5.3.0 @openzeppelin/contracts@5.3.0 sha512-zj/KGoW7zxWUE8qOI++rUM18v+VeLTTzKs/DJFkSzHpQFPD/jKKF0TrMxBfGLl3kpdELCNccvB3zmofSzm4nlA=="
    "oz5.2.0 @openzeppelin/contracts@5.2.0 sha512-bxjNie5z89W1Ea0NZLZluFh8PrFNn9DH8DQlujEok2yjsOlraUPKID5p1Wk3qdNbf6XkQ1Os2RvfiHrrXLHWKA=="
    "oz5.1.0 @openzeppelin/contracts@5.1.0 sha512-p1ULhl7BXzjjbha5aqst+QMLY+4/LCWADXOCsmLHRM77AqiPjnd9vvUN9sosUfhL9JGKpZ0TjEGxgvnizmWGSA=="
    "oz5.0.2 @openzeppelin/contracts@5.0.2 sha512-ytPc6eLGcHHnapAZ9S+5qsdomhjo6QBHTDRRBFfTxXIpsicMhVPouPgmUPebZZZGX7vt9USA+Z+0M0dSVtSUEA=="
    "safe141 @safe-global/safe-contracts@1.4.1 sha512-fP1jewywSwsIniM04NsqPyVRFKPMAuirC3ftA/TA4X3Zc5EnwQp/UCJUU2PL/37/z/jMo8UUaJ+pnFNWmMU7dQ=="
    "safe150 @safe-global/safe-smart-account@1.5.0 sha512-VIMWxoeY/kNuZVsQVvAeOFKcQS3eojCXg0ecGnesBSLn5ypYshmBhVEEU5XiurJJGTs/MrcoLTbTxhs9W9GvdQ=="
    "thirdweb @thirdweb-dev/contracts@3.15.0 sha512-sIXPy6zNqW9K9h8xgCnsRQVrqmmMdxoDqut4eAZj1CJzMax5TyrNBoSYCfAX0et8KApvBeCVeJQhUHSWpBNIVw=="
    "zora @zoralabs/nft-drop-contracts@1.14.1 sha512-DZLya+QVJu2QQO77jzXGegWHMBSjOP17+/XiQeiLlN2ialUtkONd8NPtg+7BoeUC2pd8a2MQI3Zks5UQY7kVaw=="
    "manifold @manifoldxyz/creator-core-solidity@3.0.0 sha512-bVKxdOJ6sLF2u20mxe1ltwKBBf+aVxyFzZEnFobxuBI04cly1SQ88KxrSJB/DuFKzCeimAfA5qyCY7NZoNhUCQ=="
    "manifoldlib @manifoldxyz/libraries-solidity@1.0.4 sha512-ibU4TgJ6DBp27j/P4KHKb3Sd1kILp1Q7awhU3To3RlL7ytK3G59B8C5YCUIH4sVzUFghs94FWZYmHvWjzW6f5Q=="
    "erc721a erc721a@4.3.0 sha512-JneTLVEH5I/rJMArAwwJ26CX4HvL3ql9Q3egpQ4QB7sz7vIGZbMdMmqHLBIIKhBlfToZKewtC7OZtdr3qU6jsA=="
    "solady solady@0.1.26 sha512-dhGr/ptJFdea/1KE6xgqgwEdbMhUiSfRc6A+jLeltPe16zyt9qtED3PElIBVRnzEmUO5aZTjKVAr6SlqXBBcIw=="
    "chainlink @chainlink/contracts@1.5.0 sha512-1fGJwjvivqAxvVOTqZUEXGR54CATtg0vjcXgSIk4Cfoad2nUhSG/qaWHXjLg1CkNTeOoteoxGQcpP/HiA5HsUA=="
    "permit2 @uniswap/v4-periphery@1.0.3 sha512-JxLL0Djv9XcMvI2PatEnWrCrxuEaYNVhHxstndBOP+aJfh1XLg5ec8SDZ0xyoVfg2ElJTvuKpBgnu90bNValsg=="
    "aave @aave/core-v3@1.19.3 sha512-Xr7+VcoU5b4mPwM4IUCnskw3lciwrnL4Xloyad8GOddYeixnri2lZYobNmErm1LwE50vqjI0O+9QGNKY2TDkeQ=="
    "univ2 @uniswap/v2-core@1.0.1 sha512-MtybtkUPSyysqLY2U210NBDeCHX+ltHt3oADGdjqoThZaFRDKwM6k1Nb3F0A3hk5hwuQvytFWhrWHOEq6nVJ8Q=="
    "unigov @uniswap/governance@1.0.2 sha512-L7BzdI/asAINB2F6EvJuQcg5YhykNeEfZxJrn2RPIVvx+9A9u+opDuqnBK4SYnanrsr3UEX1NwWXwDHmyw2TjQ=="
    "solmate solmate@6.8.0 sha512-/oI8kgEvSxGG1mrFv3FmCEZd0F8Z9VzRmoYMIhzmmzt6mjtPwfdCm3oh8yOL7bMHJBSfXJuMpnMPrM0uyaKsKg=="
    "opensea operator-filter-registry@1.4.2 sha512-BwbzpYUtYePAotSV+TMT0r4TU/eGjlhYKohbhu9sf1g/T3KLRMIfUau6bJp8QyLSCBODr6ega34lj4RakbredQ=="
    "univ3 @uniswap/v3-core@1.0.1 sha512-7pVk4hEm00j9tc71Y9+ssYpO6ytkeI0y7WE9P6UcmNzhxPePwyAxImuhVsTqWK9YFvzgtvzJHi64pBl4jUzKMQ=="
)

die() { echo "gen-errors.sh: error: $*" >&2; exit 1; }

command -v npm >/dev/null || die "npm not found (Node.js is needed)"
if [[ ! -d "$ROOT/node_modules/solc" ]]; then
    "$ROOT/anvil-scripts/install.sh"
fi

specs=()
for line in "${PACKAGES[@]}"; do
    read -r id spec integrity <<<"$line"
    npm_pin_unpack "$spec" "$integrity" "$GEN_DIR/src/$id" "$GEN_DIR/tgz" \
        || die "cannot fetch $spec"
    specs+=("$id=$spec")
done

node "$ROOT/anvil-scripts/gen-errors.js" "$GEN_DIR/src" "$OUT_DIR" "${specs[@]}"
echo "gen-errors.sh: wrote $OUT_DIR/errors.json, strings.json, roles.json, functions.json and gates.txt" >&2
