#!/usr/bin/env bash
# Benchmark: rpccheck allowlist --addresses against raw JSON-RPC batches and
# `cast call`, directly and through a `provider` profile proxy (bench.py), in one
# run on one machine (ratios of best-of-N times, not absolute times).
#
#   anvil-scripts/bench.sh   # BENCH_N=10000 BENCH_ALLOWLISTED=3000 BENCH_BIG=100000 BENCH_REPEAT=3
set -euo pipefail
# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
rpc_require_bins
cargo build --release --quiet
PORT="${BENCH_PORT:-18590}"
bash anvil-scripts/start.sh "$PORT" --gas-limit 1000000000 >/dev/null
trap 'bash "$ROOT/anvil-scripts/stop.sh" "$PORT" >/dev/null' EXIT
python3 anvil-scripts/bench.py "http://127.0.0.1:$PORT" "$CAST_BIN" "$ROOT/target/release/rpccheck"
