#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Regenerate rpccheck's built-in error and revert-string tables
# (src/explain/generated/errors.json and strings.json) from the published sources and ABIs
# of widely deployed Solidity projects, pinned below by exact version and by the sha512
# integrity the npm registry records for each tarball.
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
# Permit2's repository as its lib/permit2, whose src/ is what is read.
PACKAGES=(
    "oz4 @openzeppelin/contracts@4.9.6 sha512-xSmezSupL+y9VkHZJGDoCBpmnB2ogM13ccaYDWqJTfS3dbuHkgjuwDFUmaFauBCboQMGB/S5UqUl2y54X99BmA=="
    "oz5 @openzeppelin/contracts@5.7.0 sha512-IL2AZpI+7THMzt1u6Cxmc1zLwVnudtUGvrqXQ/HnbLKfQ/8dIWMMQPDwPIjRQzNrlAo4cxZaCGRB/XvwPo9ILA=="
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
echo "gen-errors.sh: wrote $OUT_DIR/errors.json and $OUT_DIR/strings.json" >&2
