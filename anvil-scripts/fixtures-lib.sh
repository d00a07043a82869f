#!/usr/bin/env bash
# shellcheck disable=SC2034 # the constants below are used by the scripts that source this file
# Shared helpers for deploy-fixtures.sh, smoke-fixtures.sh and demo.sh. Source it after
# env.sh, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
#   source "$(dirname "${BASH_SOURCE[0]}")/fixtures-lib.sh"
#
# Defines:
#   A0..A3 K0 POOR    Anvil default-mnemonic accounts 0-3, the key of account 0, and an
#                     address that is never funded
#   FX_ART            $ROOT/fixtures/artifacts
#   fx_ensure_artifacts        builds the fixtures (build-fixtures.sh) if any artifact is missing
#   fx_bytecode NAME           creation bytecode of fixtures/artifacts/NAME.json
#   fx_runtime NAME            runtime (deployed) bytecode of fixtures/artifacts/NAME.json
#   fx_pad HEX                 left-pads HEX (with or without 0x) to 32 bytes, no 0x
#   fx_eth_call URL FROM TO DATA [VALUE_HEX]
#                              eth_call at "latest" with curl; prints one line:
#                                ok:<result>        the call succeeded
#                                revert:<data>      it reverted ("0x" if there is no revert data)
#                                error:<code>:<msg> any other JSON-RPC error
#                              and fails only if the endpoint gives no JSON-RPC answer.
#   fx_deploy_code URL GAS WHAT CODE [CTOR_SIG ARGS...]
#                              deploys CODE from account 0 (cast), waits for the receipt and
#                              prints the checksummed address; WHAT names it in errors
#   fx_send_from URL KEY GAS TO [SIG ARGS...] [cast send options]
#                              sends a transaction and waits for a successful receipt
#   fx_call_address URL FROM TO DATA
#                              the checksummed address an eth_call returns
# The three fail with "<script>: error: ..." on stderr and exit 1.

# Anvil's default mnemonic ("test test ... junk") accounts 0-3 and the key of account 0.
A0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
A1=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
A2=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
A3=0x90F79bf6EB2c4f870365E785982E1f101E93b906
K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
# A plain address nobody funds (not a precompile, not a burn address): "no ether at all".
POOR=0x1111111111111111111111111111111111111111
FX_ART="$ROOT/fixtures/artifacts"

fx_ensure_artifacts() {
    local name
    for name in RoleGatedMint OwnableMint LegacyOwnableMint PausableMint MappingAllowlist \
        CustomErrorAllowlist GetterAllowlist MerkleAllowlist OpaqueTierGate ProxiedRoleMint \
        FixtureERC1967Proxy CloneFactory PricedMint Bounds; do
        if [[ ! -f "$FX_ART/$name.json" ]]; then
            bash "$ROOT/anvil-scripts/build-fixtures.sh" >&2
            break
        fi
    done
    if [[ ! -f "$ROOT/fixtures/merkle/allowlist-root.txt" || ! -f "$ROOT/fixtures/merkle/allowlist-proofs.json" ]]; then
        bash "$ROOT/anvil-scripts/build-fixtures.sh" >&2
    fi
}

fx_bytecode() {
    local json
    json="$(<"$FX_ART/$1.json")"
    if [[ "$json" =~ \"bytecode\"[[:space:]]*:[[:space:]]*\"(0x[0-9a-fA-F]+)\" ]]; then
        printf '%s\n' "${BASH_REMATCH[1]}"
    else
        echo "no bytecode in $FX_ART/$1.json" >&2
        return 1
    fi
}

fx_runtime() {
    local json
    json="$(<"$FX_ART/$1.json")"
    if [[ "$json" =~ \"deployedBytecode\"[[:space:]]*:[[:space:]]*\"(0x[0-9a-fA-F]+)\" ]]; then
        printf '%s\n' "${BASH_REMATCH[1]}"
    else
        echo "no deployedBytecode in $FX_ART/$1.json" >&2
        return 1
    fi
}

fx_pad() {
    local h="${1#0x}"
    printf '%064s' "${h,,}" | tr ' ' 0
}

fx_eth_call() {
    local url="$1" from="$2" to="$3" data="$4" value="${5:-}" tx resp
    tx="\"from\":\"$from\",\"to\":\"$to\",\"data\":\"$data\""
    [[ -n "$value" ]] && tx="$tx,\"value\":\"$value\""
    resp="$(curl -s -m 10 -H 'Content-Type: application/json' \
        --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{$tx},\"latest\"]}" \
        "$url")" || { echo "eth_call: no answer from $url" >&2; return 1; }
    if [[ "$resp" =~ \"result\"[[:space:]]*:[[:space:]]*\"(0x[0-9a-fA-F]*)\" ]]; then
        printf 'ok:%s\n' "${BASH_REMATCH[1]}"
    elif [[ "$resp" =~ \"error\"[[:space:]]*:.*\"data\"[[:space:]]*:[[:space:]]*\"(0x[0-9a-fA-F]*)\" ]]; then
        printf 'revert:%s\n' "${BASH_REMATCH[1]}"
    elif [[ "$resp" =~ \"error\"[[:space:]]*:.*\"code\"[[:space:]]*:[[:space:]]*(-?[0-9]+) ]]; then
        local code="${BASH_REMATCH[1]}" msg=""
        [[ "$resp" =~ \"message\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && msg="${BASH_REMATCH[1]}"
        if [[ "$code" == 3 || "$msg" == "execution reverted"* ]]; then
            printf 'revert:0x\n' # a revert without a data field
        else
            printf 'error:%s:%s\n' "$code" "$msg"
        fi
    else
        echo "eth_call: unexpected answer from $url: ${resp:0:300}" >&2
        return 1
    fi
}

fx_die() {
    echo "$(basename "$0"): error: $*" >&2
    exit 1
}

fx_deploy_code() {
    local url="$1" gas="$2" what="$3" code="$4" out
    shift 4
    out="$("$CAST_BIN" send --rpc-url "$url" --private-key "$K0" --gas-limit "$gas" --json \
        --create "$code" "$@")" || fx_die "deploying $what failed"
    [[ "$out" =~ \"status\":\"0x1\" && "$out" =~ \"contractAddress\":\"(0x[0-9a-fA-F]{40})\" ]] \
        || fx_die "deploying $what failed: ${out:0:400}"
    "$CAST_BIN" to-check-sum-address "${BASH_REMATCH[1]}"
}

fx_send_from() {
    local url="$1" key="$2" gas="$3" out
    shift 3
    out="$("$CAST_BIN" send --rpc-url "$url" --private-key "$key" --gas-limit "$gas" --json "$@")" \
        || fx_die "cast send $* failed"
    [[ "$out" =~ \"status\":\"0x1\" ]] || fx_die "cast send $* reverted: ${out:0:400}"
}

fx_call_address() {
    local url="$1" got
    shift
    got="$(fx_eth_call "$url" "$@")" || fx_die "eth_call to $2 failed"
    [[ "$got" =~ ^ok:0x0{24}([0-9a-fA-F]{40})$ ]] || fx_die "eth_call to $2 returned no address: $got"
    "$CAST_BIN" to-check-sum-address "0x${BASH_REMATCH[1]}"
}
