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

const { ROOT, NODE_MODULES, loadSolc, compileUnit, artifactOf } = require('./solc-lib');

const CONTRACTS_DIR = path.join(ROOT, 'fixtures', 'contracts');
const ARTIFACTS_DIR = path.join(ROOT, 'fixtures', 'artifacts');
const solc = loadSolc('compile.js');
const solcVersion = solc.version();

// Resolve an import path as solc asks for it: package paths (e.g. "@openzeppelin/...")
// from node_modules, anything else relative to the repo root.
function findImports(importPath) {
  const candidates = [path.join(NODE_MODULES, importPath), path.join(ROOT, importPath)];
  for (const p of candidates) {
    if (fs.existsSync(p)) return { contents: fs.readFileSync(p, 'utf8') };
  }
  return { error: `File not found: ${importPath} (looked in ${candidates.join(', ')})` };
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
  const contracts = compileUnit(
    solc,
    sourceName,
    fs.readFileSync(path.join(CONTRACTS_DIR, file), 'utf8'),
    findImports,
  );
  if (contracts === null) {
    console.error(`compile.js: compilation of ${sourceName} failed`);
    failed = true;
    continue;
  }
  const names = Object.keys(contracts).sort();
  if (names.length === 0) console.error(`compile.js: warning: ${sourceName} defines no contract`);
  for (const name of names) {
    const c = contracts[name];
    if (artifacts.has(name)) {
      console.error(`compile.js: contract ${name} defined in both ${artifacts.get(name).sourceName} and ${sourceName}`);
      failed = true;
      continue;
    }
    const artifact = artifactOf(name, sourceName, c);
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
