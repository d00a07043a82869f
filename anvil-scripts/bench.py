#!/usr/bin/env python3
"""rpccheck allowlist --addresses, measured against its peers in one run.

Deploys MappingAllowlist to a fresh Anvil, allowlists a few thousand of N
generated addresses, then checks all N with `mint(uint256) 1`:
  rpccheck   allowlist --addresses FILE --call "mint(uint256)" 1 --json
  raw        the same eth_calls (same funding override) as raw JSON-RPC batches
  cast       `cast call --from ADDR` per address, on a sample
each directly and (rpccheck and raw) through a `provider` proxy: a hosted
provider's free tier as tests/common/mod.rs `Profile::Provider` plays it (no
debug_* -> -32601, overrides served, a batch over 100 -> one -32600 object),
loopback only, bodies bounded. rpccheck and raw alternate BENCH_REPEAT times
and the best time of each counts (the same Anvil, the same machine, the same
minute: the ratio, not the absolute time, is the figure). Then rpccheck once
more on a larger list for peak memory (GNU time's %M). Standard library only.
"""
import http.client
import http.server
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
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


PROVIDER_BATCH = 100
MAX_BODY = 64 << 20  # bytes: the largest request or answer the proxy carries


def provider_refusal(req):
    """The error object the provider profile answers `req` with, or None."""
    method = req.get("method", "") if isinstance(req, dict) else ""
    if method.startswith("debug_"):
        return {"jsonrpc": "2.0", "id": req.get("id"),
                "error": {"code": -32601, "message": f"the method {method} does not exist/is not available"}}
    return None


def start_provider(upstream):
    """A `provider` profile proxy on 127.0.0.1 in front of `upstream`: returns (url, server)."""
    up = urllib.parse.urlparse(upstream)
    local = threading.local()

    def forward(body):
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(up.hostname, up.port, timeout=600)
        conn.request("POST", up.path or "/", body, {"Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read(MAX_BODY + 1)
        if len(data) > MAX_BODY:
            raise ValueError("upstream answer too large")
        return data

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes: without TCP_NODELAY, Nagle and
        # the client's delayed ACK hold every keep-alive answer ~40 ms.
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def reply(self, data):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            if n > MAX_BODY:
                self.send_error(413)
                return
            body = self.rfile.read(n)
            try:
                req = json.loads(body)
            except ValueError:
                self.reply(forward(body))
                return
            if isinstance(req, dict):
                refused = provider_refusal(req)
                self.reply(json.dumps(refused).encode() if refused else forward(body))
                return
            if len(req) > PROVIDER_BATCH:
                self.reply(b'{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}')
                return
            refused = [provider_refusal(r) for r in req]
            passed = [r for r, x in zip(req, refused) if x is None]
            answered = {}
            if passed:
                for a in json.loads(forward(json.dumps(passed).encode())):
                    answered[json.dumps(a.get("id"))] = a
            out = [x if x is not None else answered[json.dumps(r.get("id"))] for r, x in zip(req, refused)]
            self.reply(json.dumps(out).encode())

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def best_of(repeat, runs):
    """Runs each of `runs` (name -> argv) `repeat` times, alternating: best (secs, rss) of each."""
    best = {}
    for _ in range(repeat):
        for name, cmd in runs.items():
            secs, rss, code, err = run(cmd)
            if code not in (0, 1):
                print(f"{name}: exit {code}\n{err}", file=sys.stderr)
                sys.exit(1)
            if name not in best or secs < best[name][0]:
                best[name] = (secs, rss)
    return best


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

    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    provider_url, provider = start_provider(url)

    def check(rpc, path):
        return [rpccheck, "-r", rpc, "allowlist", contract, "--addresses", path,
                "--call", "mint(uint256)", "1", "--json"]

    def raw(rpc, size):
        return [sys.executable, __file__, "raw", rpc, contract, small, str(size)]

    # The verdicts first (and a warm-up): every address judged, none inconclusive.
    with open(os.path.join(tmp, "rpccheck.json"), "w") as f:
        _, _, code, err = run(check(url, small), stdout=f)
    summary = json.load(open(os.path.join(tmp, "rpccheck.json")))["summary"]
    print(f"rpccheck: exit {code}, summary {summary}", file=sys.stderr)
    if code not in (0, 1) or summary.get("inconclusive"):
        print(err, file=sys.stderr)
        sys.exit(1)

    best = best_of(repeat, {
        "rpccheck": check(url, small),
        "raw": raw(url, batch),
        "rpccheck provider": check(provider_url, small),
        "raw provider": raw(provider_url, PROVIDER_BATCH),
    })
    provider.shutdown()

    rows = [
        ("rpccheck allowlist --addresses", n) + best["rpccheck"],
        (f"raw JSON-RPC batches of {batch}", n) + best["raw"],
        ("rpccheck through the provider profile", n) + best["rpccheck provider"],
        (f"raw batches of {PROVIDER_BATCH} through the provider profile", n) + best["raw provider"],
    ]

    t0 = time.perf_counter()
    peak = 0
    for a in addrs[:sample]:
        s, r, _, _ = run([cast, "call", "-r", url, "--from", a, contract, "mint(uint256)", "1"])
        peak = max(peak, r)
    rows.append((f"cast call per address (sample)", sample, time.perf_counter() - t0, peak))

    secs, rss, code, err = run(check(url, large))
    rows.append(("rpccheck, large list (memory)", big, secs, rss))

    base = rows[0][2] / rows[0][1]
    print()
    print(f"| tool | addresses | wall (s), best of {repeat} | per address (ms) | peak RSS (MiB) | per-address cost vs rpccheck |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, count, secs, rss in rows:
        per = secs / count
        print(f"| {name} | {count} | {secs:.2f} | {per * 1000:.3f} | {rss:.1f} | {per / base:.2f}x |")
    per = {name: secs / count for name, count, secs, _ in rows}
    direct = per[rows[0][0]] / per[rows[1][0]]
    through = per[rows[2][0]] / per[rows[3][0]]
    cast_per = rows[4][2] / rows[4][1]
    print()
    print(f"rpccheck / raw batches, plain Anvil: {direct:.2f}x the time per address (target: within 1.25x)")
    print(f"rpccheck / raw batches, provider profile: {through:.2f}x (target: within 2x)")
    print(f"cast call / rpccheck: {cast_per / base:.0f}x slower per address (target: at least 100x)")
    print(f"peak memory for {big} addresses: {rows[5][3]:.1f} MiB (target: under 64 MiB)")
    shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
