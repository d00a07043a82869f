#!/usr/bin/env node
// Generate rpccheck's built-in chain registry, src/registry/generated/chains.json, from the
// pinned npm copy of ethereum-lists/chains (chainid.network's export, in
// @revoke.cash/chains; gen-registry.sh says why that package) merged with the hand-curated
// src/registry/chains.json.
//
// Usage: node anvil-scripts/gen-registry.js MODULES_DIR NAME@VERSION=INTEGRITY...
//   (gen-registry.sh runs it with what it unpacked)
//
// One entry per chain of the list, in the shape of src/registry/mod.rs's ChainInfo, plus
// info_host, parent_chain_id, parent_type and origin:
//   chain_id, name, short_name             chainId, name, shortName
//   symbol, currency_name, decimals        nativeCurrency.{symbol,name,decimals}
//   rpc_hosts, explorer_hosts, info_host   the lowercase hostnames of rpc[] (http, https,
//                                          ws and wss alike), explorers[].url and infoURL,
//                                          first occurrence kept, in list order; a URL whose
//                                          path holds a `${API_KEY}` template gives its host
//                                          (mainnet.infura.io); a host that is itself a
//                                          template is skipped (gen-lib.js urlHost)
//   status                                 "deprecated" or "incubating" when the list says
//                                          so, else "active"; also "deprecated" when the
//                                          curated entry says so (the list leaves shut-down
//                                          Ropsten, Rinkeby, Goerli and Mumbai "active")
//   red_flags                              redFlags (e.g. "reusedChainId"), else []
//   parent_chain_id, parent_type           parent {type: "L2" | "shard", chain: "eip155-N"}
//                                          as N and the type, else null
//   testnet                                the list has no such flag. True when the name,
//                                          the title or the currency's name holds one of the
//                                          words of TESTNET_WORDS (whole words, any case), or
//                                          the parent chain is a testnet (an L2 of Sepolia);
//                                          also true when the curated entry says so (names
//                                          like "Moonbase Alpha" carry no such word)
//   dev                                    every RPC URL is on a loopback host (Geth's 1337,
//                                          Ganache's 5777, Cannon's 13370)
//   genesis_hash                           from the curated entry (the list has none)
//   origin                                 "ethereum-lists"
// Curated entries are matched to the list's by chain ID (among curated entries that share
// an ID, by name). A matched one gives its genesis hash, its hosts the list lacks (added
// after the list's), its testnet flag and its "deprecated" (above); the list wins for
// everything else, and each difference is printed. Curated entries that match none are
// carried over unchanged, with origin "curated": the local dev chains (Anvil/Hardhat
// 31337, Geth/Ganache 1337), which ethereum-lists does not have, and chains whose ID the
// list now gives another chain (Kovan under 42, Optimism on Gnosis under 300).
//
// Output is deterministic: sorted by chain ID (the list's entry first, then carried-over
// ones in the curated file's order), one chain a line, trailing newline.
'use strict';

const fs = require('fs');
const path = require('path');
const { ROOT, dier, readArgs, pinOf, urlHost, hostsOf, write } = require('./gen-lib');

const die = dier('gen-registry.js');

const CHAINS_PACKAGE = '@revoke.cash/chains';
const CHAINS_FILE = 'dist/src/chains.js'; // `exports.chains = { [chainId]: chain }`, data only
const CURATED = path.join(ROOT, 'src/registry/chains.json');
const OUT = path.join(ROOT, 'src/registry/generated/chains.json');

// Words that make a chain a testnet (see the header). "alpha"/"beta" are not among them:
// "Gravity Alpha Mainnet" and "SatoshiVM Alpha Mainnet" are mainnets.
const TESTNET_WORDS =
  /\b(test|testnet|testing|devnet|sepolia|goerli|holesky|hoodi|ropsten|rinkeby|kovan|previewnet|alphanet|betanet|staging|sandbox)\b/i;
const LOOPBACK = new Set(['localhost', '127.0.0.1']);
const FLAGGED_STATUSES = new Set(['deprecated', 'incubating']);

function loadList(pin) {
  let chains;
  try {
    ({ chains } = require(path.join(pin.dir, CHAINS_FILE)));
  } catch (e) {
    die(`${pin.spec}: cannot load ${CHAINS_FILE} (${e.message})`);
  }
  if (!chains || typeof chains !== 'object') die(`${pin.spec}: ${CHAINS_FILE} exports no chains`);
  const list = Object.entries(chains).map(([key, c]) => {
    const where = `${pin.spec} chain ${key}`;
    if (!c || String(c.chainId) !== key) die(`${where}: chainId ${c && c.chainId} differs from its key`);
    if (!Number.isSafeInteger(c.chainId) || c.chainId <= 0) die(`${where}: chainId is not a positive safe integer`);
    if (typeof c.name !== 'string' || !c.name) die(`${where}: no name`);
    const cur = c.nativeCurrency;
    if (!cur || typeof cur.symbol !== 'string' || !cur.symbol) die(`${where}: no nativeCurrency.symbol`);
    if (!Number.isInteger(cur.decimals) || cur.decimals < 0 || cur.decimals > 255) {
      die(`${where}: nativeCurrency.decimals ${cur.decimals} is not a u8`);
    }
    if (!Array.isArray(c.rpc)) die(`${where}: rpc is not an array`);
    if (c.parent && !/^eip155-\d+$/.test(c.parent.chain)) die(`${where}: parent chain ${c.parent.chain}`);
    return c;
  });
  return list.sort((a, b) => a.chainId - b.chainId);
}

function loadCurated() {
  let reg;
  try {
    reg = JSON.parse(fs.readFileSync(CURATED, 'utf8'));
  } catch (e) {
    die(`cannot read ${CURATED} (${e.message})`);
  }
  if (!Array.isArray(reg.chains)) die(`${CURATED}: no "chains" array`);
  return reg.chains.map((c, index) => ({ ...c, index }));
}

// Testnet per the words of the chain or, failing that, of its parent chain (memoized; a
// parent cycle stops the walk).
function testnetRule(byId) {
  const memo = new Map();
  const own = (c) => [c.name, c.title, c.nativeCurrency.name].some((s) => typeof s === 'string' && TESTNET_WORDS.test(s));
  const isTest = (c, seen = new Set()) => {
    if (memo.has(c.chainId)) return memo.get(c.chainId);
    let t = own(c);
    if (!t && c.parent && !seen.has(c.chainId)) {
      seen.add(c.chainId);
      const p = byId.get(Number(c.parent.chain.slice('eip155-'.length)));
      if (p) t = isTest(p, seen);
    }
    memo.set(c.chainId, t);
    return t;
  };
  return isTest;
}

// The generated entry's keys, in order.
const KEYS = [
  'chain_id', 'name', 'short_name', 'symbol', 'currency_name', 'decimals', 'testnet', 'dev',
  'rpc_hosts', 'explorer_hosts', 'info_host', 'genesis_hash', 'status', 'red_flags',
  'parent_chain_id', 'parent_type', 'origin',
];
const LISTS = new Set(['rpc_hosts', 'explorer_hosts', 'red_flags']);

// One list chain in the generated shape (KEYS' order).
function fromList(c, isTest) {
  const rpcHosts = hostsOf(c.rpc);
  return {
    chain_id: c.chainId,
    name: c.name,
    short_name: c.shortName || '',
    symbol: c.nativeCurrency.symbol,
    currency_name: c.nativeCurrency.name || '',
    decimals: c.nativeCurrency.decimals,
    testnet: isTest(c),
    dev: rpcHosts.length > 0 && rpcHosts.every((h) => LOOPBACK.has(h)),
    rpc_hosts: rpcHosts,
    explorer_hosts: hostsOf((c.explorers || []).map((e) => e && e.url)),
    info_host: urlHost(c.infoURL),
    genesis_hash: null,
    status: FLAGGED_STATUSES.has(c.status) ? c.status : 'active',
    red_flags: Array.isArray(c.redFlags) ? c.redFlags : [],
    parent_chain_id: c.parent ? Number(c.parent.chain.slice('eip155-'.length)) : null,
    parent_type: c.parent ? c.parent.type || null : null,
    origin: 'ethereum-lists',
  };
}

// A curated entry carried over as it is, in the generated shape (the fields it lacks null).
function carried(c) {
  const e = Object.fromEntries(KEYS.map((k) => [k, c[k] ?? (LISTS.has(k) ? [] : null)]));
  e.origin = 'curated';
  return e;
}

// The curated entry (not a dev chain) that stands for list chain `c`: the one entry with
// its ID, or among several the one with its name; null when none does.
function curatedMatch(c, curatedById) {
  const same = (curatedById.get(c.chainId) || []).filter((k) => !k.dev);
  if (same.length === 0) return null;
  const byName = same.filter((k) => k.name.toLowerCase() === c.name.toLowerCase());
  if (byName.length === 1) return byName[0];
  if (same.length === 1) return same[0];
  return null;
}

const FIELDS_COMPARED = ['name', 'short_name', 'symbol', 'currency_name', 'decimals', 'status', 'red_flags', 'testnet'];

function main() {
  const { pins } = readArgs(process.argv.slice(2), die);
  const pin = pinOf(pins, CHAINS_PACKAGE, die);
  const list = loadList(pin);
  const curated = loadCurated();

  const byId = new Map(list.map((c) => [c.chainId, c]));
  const isTest = testnetRule(byId);
  const curatedById = new Map();
  for (const k of curated) {
    if (!curatedById.has(k.chain_id)) curatedById.set(k.chain_id, []);
    curatedById.get(k.chain_id).push(k);
  }

  const used = new Set();
  const conflicts = [];
  let genesisMerged = 0;
  let hostsAdded = 0;
  let testnetFromCurated = 0;
  let deprecatedFromCurated = 0;
  const out = list.map((c) => {
    const e = fromList(c, isTest);
    const k = curatedMatch(c, curatedById);
    if (!k) return e;
    used.add(k.index);
    for (const f of FIELDS_COMPARED) {
      if (JSON.stringify(k[f]) !== JSON.stringify(e[f])) {
        conflicts.push(`${c.chainId} ${f}: curated ${JSON.stringify(k[f])}, list ${JSON.stringify(e[f])}`);
      }
    }
    if (k.genesis_hash) {
      e.genesis_hash = k.genesis_hash;
      genesisMerged++;
    }
    for (const f of ['rpc_hosts', 'explorer_hosts']) {
      for (const h of k[f] || []) {
        if (!e[f].includes(h)) {
          e[f].push(h);
          hostsAdded++;
        }
      }
    }
    if (k.testnet && !e.testnet) {
      e.testnet = true;
      testnetFromCurated++;
    }
    if (k.status === 'deprecated' && e.status === 'active') {
      e.status = 'deprecated';
      deprecatedFromCurated++;
    }
    return e;
  });
  const carriedOver = curated.filter((k) => !used.has(k.index));
  const originRank = { 'ethereum-lists': 0, curated: 1 };
  const chains = [...out, ...carriedOver.map(carried)].sort(
    (a, b) => a.chain_id - b.chain_id || originRank[a.origin] - originRank[b.origin],
  ); // stable: carried-over entries keep the curated file's order

  for (const c of chains) {
    if (Object.keys(c).join() !== KEYS.join()) die(`chain ${c.chain_id} (${c.name}) has keys ${Object.keys(c)}`);
  }
  // Every genesis hash the curated file knows is in the output, on the same chain.
  for (const k of curated) {
    if (k.genesis_hash && !chains.some((c) => c.chain_id === k.chain_id && c.genesis_hash === k.genesis_hash)) {
      die(`the genesis hash of curated chain ${k.chain_id} (${k.name}) was lost`);
    }
  }

  const matched = curated.length - carriedOver.length;
  const source =
    `${pin.spec} (${pin.integrity}), ${CHAINS_FILE}: chainid.network's export of ethereum-lists/chains, ` +
    `${list.length} chains; merged with the hand-curated src/registry/chains.json (${curated.length} entries, ` +
    `${matched} matched by chain ID): the genesis hashes of ${genesisMerged} chains, ${hostsAdded} RPC and explorer ` +
    `hosts the list lacks, the testnet flag of ${testnetFromCurated} chains whose names do not say it, the ` +
    `"deprecated" of ${deprecatedFromCurated} chains the list leaves active, and ` +
    `${carriedOver.length} entries carried over unchanged (origin "curated": local dev chains, and chains whose ID ` +
    `the list now gives another chain). Generated by anvil-scripts/gen-registry.sh.`;
  const bytes = write(OUT, { source, chains });

  const count = (f) => chains.filter(f).length;
  console.error(
    `gen-registry.js: ${chains.length} chains (${list.length} from the list, ${carriedOver.length} carried over: ` +
      `${carriedOver.map((k) => `${k.chain_id} ${k.name}`).join('; ')}); ` +
      `${count((c) => !c.testnet)} mainnets, ${count((c) => c.testnet)} testnets, ${count((c) => c.dev)} dev, ` +
      `${count((c) => c.status === 'deprecated')} deprecated, ${count((c) => c.status === 'incubating')} incubating, ` +
      `${count((c) => c.red_flags.length > 0)} with red flags, ${count((c) => c.parent_chain_id !== null)} with a parent; ` +
      `curated: ${matched} of ${curated.length} matched, ${genesisMerged} genesis hashes, ${hostsAdded} hosts added, ` +
      `${testnetFromCurated} testnet flags, ${deprecatedFromCurated} deprecated; ${bytes} bytes`,
  );
  for (const line of conflicts) console.error(`gen-registry.js: curated differs: ${line}`);
  console.error(`gen-registry.js: wrote ${path.relative(ROOT, OUT)}`);
}

main();
