#!/usr/bin/env bash
# Run rpccheck on every case of fixtures/real-cases.json against a node where
# deploy-real.sh has already run, and print one line per case: project, pattern, the case
# (contract, sender, function), what a correct tool says (expected verdict and kind), what
# rpccheck said (verdict and reason kinds) and whether they match. Starts nothing itself.
#
#   anvil-scripts/probe-real.sh URL ENV_FILE [CASES_FILE]
#     URL        the node deploy-real.sh deployed to
#     ENV_FILE   deploy-real.sh's KEY=VALUE output
#     CASES_FILE default fixtures/real-cases.json
#   RPCCHECK     the binary (default target/debug/rpccheck)
#   SHOW_REASONS=1  also print each denial's reasons (kind, message, remedy) under the table
#
# A case matches when the verdict is the expected one and, for a denial, one reason has the
# expected kind and every `expected_fields` entry (addresses and hex compared without
# case, numbers by value: decimal, hex or a JSON number); `expected_proxy`, where a case
# has it, must be the report's proxy kind. "$KEY" and "${KEY}" in a case's strings are
# replaced by ENV_FILE's values (contract_key and who may also be bare keys).
# Exit 0 if every case matches, 1 if any does not, 2 on a usage error or unreadable input.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/.." && pwd -P)"
if [[ $# -lt 2 || $# -gt 3 ]]; then
    echo "usage: $0 URL ENV_FILE [CASES_FILE]" >&2
    exit 2
fi
URL="$1"
ENV_FILE="$2"
CASES="${3:-$ROOT/fixtures/real-cases.json}"
RPCCHECK="${RPCCHECK:-$ROOT/target/debug/rpccheck}"
for f in "$ENV_FILE" "$CASES"; do
    [[ -r "$f" ]] || { echo "probe-real.sh: cannot read $f" >&2; exit 2; }
done
[[ -x "$RPCCHECK" ]] || { echo "probe-real.sh: no rpccheck binary at $RPCCHECK (set RPCCHECK)" >&2; exit 2; }
command -v node >/dev/null 2>&1 || { echo "probe-real.sh: node is required" >&2; exit 2; }

exec node - "$URL" "$ENV_FILE" "$CASES" "$RPCCHECK" <<'JS'
'use strict';
const fs = require('fs');
const { spawnSync } = require('child_process');
const [url, envFile, casesFile, rpccheck] = process.argv.slice(2);

const env = {};
for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
  if (line.startsWith('#')) continue;
  const at = line.indexOf('=');
  if (at > 0) env[line.slice(0, at).trim()] = line.slice(at + 1).trim();
}
const missing = new Set();
// "$KEY" or "${KEY}" anywhere in a string (also inside "[$A,$B]") -> its value
const expand = (s) =>
  String(s).replace(/\$\{([A-Z][A-Z0-9_]*)\}|\$([A-Z][A-Z0-9_]*)/g, (m, braced, bare) => {
    const k = braced || bare;
    if (k in env) return env[k];
    missing.add(k);
    return m;
  });
const key = (k) => (k in env ? env[k] : expand(k));

// Numbers by value (decimal, 0x hex, JSON numbers), other strings without case.
function norm(v) {
  if (typeof v === 'number' || typeof v === 'bigint') return `n:${BigInt(v)}`;
  if (typeof v === 'boolean' || v === null || v === undefined) return `v:${v}`;
  if (typeof v !== 'string') return `j:${JSON.stringify(v)}`;
  const s = v.trim();
  if (/^[0-9]+$/.test(s)) return `n:${BigInt(s)}`;
  // a 20-byte address stays an address; other hex (roles, words) compares by value
  if (/^0x[0-9a-fA-F]{40}$/.test(s)) return `a:${s.toLowerCase()}`;
  if (/^0x[0-9a-fA-F]+$/.test(s)) return `n:${BigInt(s)}`;
  return `s:${s.toLowerCase()}`;
}
const same = (a, b) => norm(a) === norm(b);

let cases;
try {
  cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
} catch (e) {
  console.error(`probe-real.sh: ${casesFile}: ${e.message}`);
  process.exit(2);
}

// Every case's command line first, so that a key the env file lacks stops the probe before
// anything runs.
const commands = cases.map((c) => {
  const args = ['-r', url, 'allowlist', key(c.contract_key), key(c.who), '--call', ...c.call.map(expand)];
  if (c.value !== undefined) args.push('--value', expand(c.value));
  for (const v of Object.values(c.expected_fields || {})) expand(v);
  return [...args, '--json'];
});
if (missing.size) {
  console.error(`probe-real.sh: keys not in ${envFile}: ${[...missing].join(' ')}`);
  process.exit(2);
}

const rows = [];
const shown = [];
let mismatches = 0;
for (const [i, c] of cases.entries()) {
  const args = commands[i];
  const run = spawnSync(rpccheck, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  let got = '';
  let ok = false;
  const notes = [];
  let report = null;
  try {
    report = JSON.parse(run.stdout);
  } catch (e) {
    got = `no report (exit ${run.status}): ${(run.stderr || run.stdout || '').trim().split('\n')[0].slice(0, 120)}`;
  }
  if (report) {
    const reasons = Array.isArray(report.reasons) ? report.reasons : [];
    for (const r of reasons) shown.push(`${i + 1} ${r.kind}: ${r.message}\n    remedy: ${r.remedy}`);
    const kinds = reasons.map((r) => r.kind);
    got = `${report.verdict || report.error?.kind || '?'} [${kinds.join(',')}]`;
    if (report.proxy && report.proxy.kind) got += ` proxy=${report.proxy.kind}`;
    ok = report.verdict === c.expect;
    if (!ok) notes.push(`verdict ${report.verdict}`);
    if (c.expect === 'denied') {
      const hits = reasons.filter((r) => r.kind === c.expected_kind);
      if (hits.length === 0) {
        ok = false;
        notes.push(`no ${c.expected_kind}`);
      } else {
        const fields = Object.entries(c.expected_fields || {});
        const fieldOk = (r, [k, v]) => k in r && same(r[k], expand(v));
        if (!hits.some((r) => fields.every((f) => fieldOk(r, f)))) {
          ok = false;
          const r = hits[0];
          for (const f of fields) {
            if (!fieldOk(r, f)) notes.push(`${f[0]}=${f[0] in r ? JSON.stringify(r[f[0]]) : 'missing'} want ${expand(f[1])}`);
          }
        }
      }
    }
    if (c.expected_proxy && !(report.proxy && report.proxy.kind === c.expected_proxy)) {
      ok = false;
      notes.push(`proxy ${report.proxy ? report.proxy.kind : 'null'} want ${c.expected_proxy}`);
    }
  }
  if (!ok) mismatches++;
  const fn = c.call[0].replace(/\(.*$/, '');
  rows.push([
    String(i + 1),
    c.project,
    c.pattern,
    `${c.contract_key} ${c.who} ${fn}`,
    c.expect === 'denied' ? `denied ${c.expected_kind}` : 'allowed',
    got,
    ok ? 'yes' : `no${notes.length ? ` (${notes.join('; ')})` : ''}`,
  ]);
}
const head = ['#', 'project', 'pattern', 'case', 'expected', 'got', 'match'];
const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
const fmt = (r) => r.map((x, j) => (j === r.length - 1 ? x : x.padEnd(widths[j]))).join(' | ');
console.log(fmt(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(fmt(r));
console.log(`${rows.length - mismatches} match, ${mismatches} mismatch (of ${rows.length} cases)`);
if (process.env.SHOW_REASONS === '1') for (const s of shown) console.log(s);
process.exit(mismatches ? 1 : 0);
JS
