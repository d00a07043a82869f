#!/usr/bin/env node
// Compile fixtures/contracts/*.sol with solc-js (the exact version pinned in package.json)
// and write one Foundry/Hardhat-style artifact per contract defined in those files to
// fixtures/artifacts/<ContractName>.json.
//
// Each source file is compiled on its own (with its imports), so adding or editing one
// fixture does not change the artifacts (AST ids in storageLayout) of the others.
// Output is deterministic: fixed top-level key order, nested keys sorted, 2-space indent,
// trailing newline; files are only rewritten when their content changes.
//
// Usage: node anvil-scripts/compile.js   (run via anvil-scripts/build-fixtures.sh)
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CONTRACTS_DIR = path.join(ROOT, 'fixtures', 'contracts');
const ARTIFACTS_DIR = path.join(ROOT, 'fixtures', 'artifacts');
const NODE_MODULES = path.join(ROOT, 'node_modules');

let solc;
try {
  solc = require(path.join(NODE_MODULES, 'solc'));
} catch (e) {
  console.error(`compile.js: cannot load solc from ${NODE_MODULES} (run anvil-scripts/install.sh): ${e.message}`);
  process.exit(1);
}

const pinned = require(path.join(ROOT, 'package.json')).devDependencies.solc;
const solcVersion = solc.version();
if (!solcVersion.startsWith(`${pinned}+`)) {
  console.error(`compile.js: solc ${solcVersion} loaded but package.json pins ${pinned}; run anvil-scripts/install.sh`);
  process.exit(1);
}

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: {
    '*': {
      '*': [
        'abi',
        'evm.bytecode.object',
        'evm.deployedBytecode.object',
        'evm.methodIdentifiers',
        'storageLayout',
      ],
    },
  },
};

// Resolve an import path as solc asks for it: package paths (e.g. "@openzeppelin/...")
// from node_modules, anything else relative to the repo root.
function findImports(importPath) {
  const candidates = [path.join(NODE_MODULES, importPath), path.join(ROOT, importPath)];
  for (const p of candidates) {
    if (fs.existsSync(p)) return { contents: fs.readFileSync(p, 'utf8') };
  }
  return { error: `File not found: ${importPath} (looked in ${candidates.join(', ')})` };
}

// Recursively sort object keys (arrays keep their order) for stable JSON.
function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical(v[k]);
    return out;
  }
  return v;
}

function hex(s) {
  return s ? `0x${s}` : '0x';
}

const sourceFiles = fs
  .readdirSync(CONTRACTS_DIR)
  .filter((f) => f.endsWith('.sol'))
  .sort();
if (sourceFiles.length === 0) {
  console.error(`compile.js: no .sol files in ${CONTRACTS_DIR}`);
  process.exit(1);
}

fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });

const artifacts = new Map(); // contractName -> { sourceName, text }
let failed = false;

for (const file of sourceFiles) {
  const sourceName = `fixtures/contracts/${file}`; // repo-relative: stable metadata hash
  const input = {
    language: 'Solidity',
    sources: { [sourceName]: { content: fs.readFileSync(path.join(CONTRACTS_DIR, file), 'utf8') } },
    settings: SETTINGS,
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));

  let fileFailed = false;
  for (const err of output.errors || []) {
    const isError = err.severity === 'error';
    if (isError) fileFailed = true;
    console.error((err.formattedMessage || `${err.severity}: ${err.message}`).trimEnd());
  }
  if (fileFailed) {
    console.error(`compile.js: compilation of ${sourceName} failed`);
    failed = true;
    continue;
  }

  const contracts = (output.contracts || {})[sourceName] || {};
  const names = Object.keys(contracts).sort();
  if (names.length === 0) console.error(`compile.js: warning: ${sourceName} defines no contract`);
  for (const name of names) {
    const c = contracts[name];
    if (artifacts.has(name)) {
      console.error(`compile.js: contract ${name} defined in both ${artifacts.get(name).sourceName} and ${sourceName}`);
      failed = true;
      continue;
    }
    const artifact = {
      contractName: name,
      sourceName,
      abi: canonical(c.abi),
      bytecode: hex(c.evm.bytecode.object),
      deployedBytecode: hex(c.evm.deployedBytecode.object),
      methodIdentifiers: canonical(c.evm.methodIdentifiers || {}),
      storageLayout: canonical(c.storageLayout || { storage: [], types: null }),
    };
    artifacts.set(name, { sourceName, text: `${JSON.stringify(artifact, null, 2)}\n` });
  }
}

if (failed) {
  console.error('compile.js: FAILED; no artifacts written');
  process.exit(1);
}

let written = 0;
for (const [name, { text }] of artifacts) {
  const out = path.join(ARTIFACTS_DIR, `${name}.json`);
  if (fs.existsSync(out) && fs.readFileSync(out, 'utf8') === text) continue;
  fs.writeFileSync(out, text);
  written++;
}

// Remove artifacts of contracts that no longer exist in fixtures/contracts.
for (const f of fs.readdirSync(ARTIFACTS_DIR).sort()) {
  if (f.endsWith('.json') && !artifacts.has(f.slice(0, -'.json'.length))) {
    fs.unlinkSync(path.join(ARTIFACTS_DIR, f));
    console.error(`compile.js: removed stale artifact fixtures/artifacts/${f}`);
  }
}

console.log(
  `compiled ${sourceFiles.length} files with solc ${solcVersion}: ` +
    `${artifacts.size} artifacts in fixtures/artifacts (${written} updated)`,
);
