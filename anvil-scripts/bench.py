#!/usr/bin/env python3
"""rpccheck allowlist --addresses, measured against its peers in one run.

Deploys MappingAllowlist to a fresh Anvil, allowlists a few thousand of N
generated addresses, then checks all N with `mint(uint256) 1`:
  rpccheck   allowlist --addresses FILE --call "mint(uint256)" 1 --json
  raw        the same eth_calls (same funding override) as raw JSON-RPC batches
  cast       `cast call --from ADDR` per address, on a sample
and rpccheck once more on a larger list for peak memory. Prints wall time,
per-address cost, peak RSS (wait4) and the ratios. Standard library only.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MINT_1 = "0xa0712d68" + "0" * 63 + "1"  # mint(uint256) 1
FUNDED = hex(10**24)


GNU_TIME = "/usr/bin/time"


def run(cmd, stdout=subprocess.DEVNULL, stdin=None):
    """Runs cmd; returns (seconds, peak RSS MiB, exit code, stderr).

    Peak RSS comes from GNU time, which forks the command from its own small
    process: Linux keeps the high-water mark across exec, so a child forked
    straight from this (larger) Python process would report Python's RSS.
    """
    rss_file = tempfile.NamedTemporaryFile(delete=False)
    rss_file.close()
    wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file.name] + cmd if os.path.exists(GNU_TIME) else cmd
    t0 = time.perf_counter()
    p = subprocess.run(wrapped, stdout=stdout, stderr=subprocess.PIPE, stdin=stdin)
    secs = time.perf_counter() - t0
    try:
        rss = int(open(rss_file.name).read().split()[-1]) / 1024
    except (ValueError, IndexError):
        rss = float("nan")
    os.unlink(rss_file.name)
    return secs, rss, p.returncode, p.stderr.decode(errors="replace")


def rpc(url, payload):
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())


def raw_peer(url, contract, path, batch):
    """The peer: the same eth_calls as raw JSON-RPC batches of `batch`."""
    addrs = [l.strip() for l in open(path) if l.strip()]
    ok = reverted = 0
    for i in range(0, len(addrs), batch):
        chunk = addrs[i : i + batch]
        payload = [
            {"jsonrpc": "2.0", "id": k, "method": "eth_call",
             "params": [{"from": a, "to": contract, "input": MINT_1}, "latest", {a: {"balance": FUNDED}}]}
            for k, a in enumerate(chunk)
        ]
        for r in rpc(url, payload):
            if "error" in r:
                reverted += 1
            else:
                ok += 1
    print(f"raw: {ok} ok, {reverted} reverted", file=sys.stderr)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "raw":
        raw_peer(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    n = int(os.environ.get("BENCH_N", "10000"))
    listed = int(os.environ.get("BENCH_ALLOWLISTED", "3000"))
    sample = int(os.environ.get("BENCH_CAST_SAMPLE", "100"))
    big = int(os.environ.get("BENCH_BIG", "100000"))
    batch = int(os.environ.get("BENCH_BATCH", "1000"))
    url, cast, rpccheck = sys.argv[1], sys.argv[2], sys.argv[3]

    rng = random.Random(42)
    addrs = ["0x%040x" % rng.getrandbits(160) for _ in range(max(n, big))]
    tmp = tempfile.mkdtemp(prefix="rpccheck-bench-")
    small, large = os.path.join(tmp, "addrs.txt"), os.path.join(tmp, "big.txt")
    open(small, "w").write("\n".join(addrs[:n]) + "\n")
    open(large, "w").write("\n".join(addrs[:big]) + "\n")

    key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    art = json.load(open(os.path.join(ROOT, "fixtures/artifacts/MappingAllowlist.json")))
    out = subprocess.check_output([cast, "send", "-r", url, "--private-key", key, "--json", "--create",
                                   art["bytecode"], "constructor(address[])", "[]"])
    contract = json.loads(out)["contractAddress"]
    for i in range(0, listed, 1000):
        chunk = addrs[i : min(i + 1000, listed)]
        subprocess.check_output([cast, "send", "-r", url, "--private-key", key, contract,
                                 "setWhitelisted(address[],bool)", "[" + ",".join(chunk) + "]", "true"])
    print(f"MappingAllowlist at {contract}: {listed} of {n} addresses allowlisted", file=sys.stderr)

    rows = []
    cmd = [rpccheck, "-r", url, "allowlist", contract, "--addresses", small, "--call", "mint(uint256)", "1", "--json"]
    with open(os.path.join(tmp, "rpccheck.json"), "w") as f:
        secs, rss, code, err = run(cmd, stdout=f)
    summary = json.load(open(os.path.join(tmp, "rpccheck.json")))["summary"]
    print(f"rpccheck: exit {code}, summary {summary}", file=sys.stderr)
    if code not in (0, 1):
        print(err, file=sys.stderr)
        sys.exit(1)
    rows.append(("rpccheck allowlist --addresses", n, secs, rss))

    secs, rss, code, err = run([sys.executable, __file__, "raw", url, contract, small, str(batch)])
    print(err.strip(), file=sys.stderr)
    rows.append((f"raw JSON-RPC batches of {batch}", n, secs, rss))

    t0 = time.perf_counter()
    peak = 0
    for a in addrs[:sample]:
        s, r, _, _ = run([cast, "call", "-r", url, "--from", a, contract, "mint(uint256)", "1"])
        peak = max(peak, r)
    rows.append((f"cast call per address (sample)", sample, time.perf_counter() - t0, peak))

    cmd = [rpccheck, "-r", url, "allowlist", contract, "--addresses", large, "--call", "mint(uint256)", "1", "--json"]
    secs, rss, code, err = run(cmd)
    rows.append(("rpccheck, large list (memory)", big, secs, rss))

    base = rows[0][2] / rows[0][1]
    print()
    print("| tool | addresses | wall (s) | per address (ms) | peak RSS (MiB) | per-address cost vs rpccheck |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, count, secs, rss in rows:
        per = secs / count
        print(f"| {name} | {count} | {secs:.2f} | {per * 1000:.3f} | {rss:.1f} | {per / base:.2f}x |")
    raw_per = rows[1][2] / rows[1][1]
    cast_per = rows[2][2] / rows[2][1]
    print()
    print(f"rpccheck / raw batches: {base / raw_per:.2f}x the time per address (target: within 2x)")
    print(f"cast call / rpccheck: {cast_per / base:.0f}x slower per address (target: at least 100x)")
    print(f"peak memory for {big} addresses: {rows[3][3]:.1f} MiB (target: under 64 MiB)")


if __name__ == "__main__":
    main()
