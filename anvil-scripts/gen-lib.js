// Helpers shared by the generators that gen-registry.sh runs (gen-registry.js,
// gen-phishing.js, gen-networks.js): their command line, the pinned packages they read,
// hosts of URLs, and deterministic JSON output.
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

// A `die` that prefixes one-line errors with the script's name.
function dier(who) {
  return (msg) => {
    console.error(`${who}: error: ${msg}`);
    process.exit(1);
  };
}

// Command line: MODULES_DIR NAME@VERSION=INTEGRITY... (what gen-registry.sh unpacked).
// Returns { modules, pins: Map(name -> { name, version, integrity, spec, dir }) } after
// checking that each unpacked package.json names the pinned version.
function readArgs(argv, die) {
  const [modules, ...specs] = argv;
  if (!modules || !specs.length) die('usage: MODULES_DIR NAME@VERSION=INTEGRITY...');
  const pins = new Map();
  for (const arg of specs) {
    const m = arg.match(/^(@?[^@=]+)@([^@=]+)=(sha512-\S+)$/);
    if (!m) die(`not NAME@VERSION=INTEGRITY: ${arg}`);
    const [, name, version, integrity] = m;
    const dir = path.join(modules, name);
    let meta;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch (e) {
      die(`${name}: cannot read ${dir}/package.json (${e.message})`);
    }
    if (meta.name !== name || meta.version !== version) {
      die(`${dir} holds ${meta.name}@${meta.version}, pinned ${name}@${version}`);
    }
    pins.set(name, { name, version, integrity, spec: `${name}@${version}`, dir });
  }
  return { modules, pins };
}

// The pin of one package, or die.
function pinOf(pins, name, die) {
  const p = pins.get(name);
  if (!p) die(`${name} is not among the pinned packages`);
  return p;
}

// Lowercase hostname of a URL as a chain list writes it: WHATWG URL parsing (so IDN hosts
// come out in punycode and the port is dropped); a value without "://" is read as a bare
// host ("luxeports.com"). Null for what does not parse, for hosts that still hold a
// template (`${KEY}.node.io`, `{key}`) and for IPv6 literals (no ':' in a stored host).
function urlHost(url) {
  if (typeof url !== 'string' || !url.trim()) return null;
  const text = url.includes('://') ? url.trim() : `https://${url.trim()}`;
  let host;
  try {
    host = new URL(text).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (!host || /[${}%:[\]]/.test(host)) return null;
  return host.replace(/\.$/, '');
}

// Hosts of a list of URLs, first occurrence kept, in list order.
function hostsOf(urls) {
  const out = [];
  for (const u of urls) {
    const h = urlHost(u);
    if (h && !out.includes(h)) out.push(h);
  }
  return out;
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// JSON with one table entry a line (an array of objects: one object a line; an array of
// strings: one string a line): small, and a regeneration's diff reads entry by entry.
// The file is only rewritten when its text changes.
function write(file, value) {
  const lines = ['{'];
  const keys = Object.keys(value);
  keys.forEach((k, i) => {
    const v = value[k];
    const comma = i + 1 < keys.length ? ',' : '';
    const table = Array.isArray(v) && v.length &&
      (v.every((x) => x !== null && typeof x === 'object') || v.every((x) => typeof x === 'string'));
    if (table) {
      lines.push(`${JSON.stringify(k)}: [`);
      v.forEach((x, j) => lines.push(JSON.stringify(x) + (j + 1 < v.length ? ',' : '')));
      lines.push(`]${comma}`);
    } else {
      lines.push(`${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`);
    }
  });
  lines.push('}');
  const text = `${lines.join('\n')}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  return text.length;
}

module.exports = { ROOT, dier, readArgs, pinOf, urlHost, hostsOf, cmp, write };
