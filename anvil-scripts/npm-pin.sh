#!/usr/bin/env bash
# Fetching a pinned npm release for the generators (gen-errors.sh, gen-registry.sh). Source
# it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/npm-pin.sh"
#
# Functions:
#   npm_pin_unpack SPEC INTEGRITY DEST TGZ_DIR
#       the tarball of SPEC (`name@version`) from the registry, by `npm pack` into TGZ_DIR,
#       checked against INTEGRITY (its sha512, as the registry publishes it) and unpacked
#       into DEST; skipped when DEST already holds that integrity. Prints progress on
#       stderr; on failure prints one line and returns 1.

npm_pin_unpack() {
    local spec="$1" integrity="$2" dest="$3" tgz="$4" got got_integrity filename
    local stamp="$dest/.rpccheck-integrity"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$integrity" ]]; then
        return 0
    fi
    echo "fetching $spec" >&2
    mkdir -p "$tgz"
    # shellcheck disable=SC2016 # the backticks are JavaScript's
    got="$(npm pack --json --pack-destination "$tgz" "$spec" 2>/dev/null \
        | node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8"))[0]; console.log(`${p.integrity} ${p.filename}`)')" \
        || { echo "npm pack $spec failed" >&2; return 1; }
    read -r got_integrity filename <<<"$got"
    if [[ "$got_integrity" != "$integrity" ]]; then
        echo "$spec: the registry's tarball has integrity $got_integrity, pinned $integrity" >&2
        return 1
    fi
    rm -rf "$dest"
    mkdir -p "$dest"
    tar -xzf "$tgz/$filename" -C "$dest" --strip-components=1 --no-same-owner
    printf '%s\n' "$integrity" >"$stamp"
}
