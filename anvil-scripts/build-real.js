#!/usr/bin/env node
// Compile published Solidity sources from their projects' npm packages (pinned by version
// AND tarball integrity) with the pinned solc-js, for the real-world corpus, where a
// project ships sources but no deployable artifact. Writes one artifact per listed contract
// to fixtures/artifacts/real/<Contract>.json (committed; tests never need the packages).
//
// Each tarball is fetched with `npm pack` (the registry only; no dependencies installed)
// into .real-src/ (ignored by git), checked against the pinned integrity, and unpacked.
//
// Usage: node anvil-scripts/build-real.js   (or anvil-scripts/build-real.sh)
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const { ROOT, NODE_MODULES, loadSolc, compileUnit, artifactOf } = require('./solc-lib');

// What is compiled: package, version, the tarball's integrity as the registry publishes
// it, and the contracts (file inside the package, contract name).
const PACKAGES = [
  {
    pkg: '@chainlink/contracts',
    version: '1.5.0',
    integrity:
      'sha512-1fGJwjvivqAxvVOTqZUEXGR54CATtg0vjcXgSIk4Cfoad2nUhSG/qaWHXjLg1CkNTeOoteoxGQcpP/HiA5HsUA==',
    contracts: [{ file: 'src/v0.8/shared/access/ConfirmedOwner.sol', name: 'ConfirmedOwner' }],
  },
];

const CACHE = path.join(ROOT, '.real-src');
const OUT_DIR = path.join(ROOT, 'fixtures', 'artifacts', 'real');
const solc = loadSolc('build-real.js');

// The unpacked package directory, fetched and checked on first use.
function unpacked({ pkg, version, integrity }) {
  const dir = path.join(CACHE, `${pkg.replace('/', '+')}@${version}`);
  if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  fs.mkdirSync(CACHE, { recursive: true });
  const info = JSON.parse(
    execFileSync('npm', ['pack', `${pkg}@${version}`, '--json', '--pack-destination', CACHE], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  )[0];
  const tgz = path.join(CACHE, info.filename);
  if (info.integrity !== integrity) {
    fs.unlinkSync(tgz);
    console.error(`build-real.js: ${pkg}@${version}: integrity ${info.integrity}, pinned ${integrity}`);
    process.exit(1);
  }
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', tgz, '-C', dir, '--strip-components=1']);
  fs.unlinkSync(tgz);
  return dir;
}

fs.mkdirSync(OUT_DIR, { recursive: true });
let failed = false;
let written = 0;
for (const p of PACKAGES) {
  const dir = unpacked(p);
  const prefix = `${p.pkg}@${p.version}/`;
  // Source unit names are `<pkg>@<version>/<file>`; relative imports resolve inside the
  // package, package imports from node_modules.
  const findImports = (importPath) => {
    const candidates = importPath.startsWith(prefix)
      ? [path.join(dir, importPath.slice(prefix.length))]
      : [path.join(NODE_MODULES, importPath)];
    for (const c of candidates) {
      if (fs.existsSync(c)) return { contents: fs.readFileSync(c, 'utf8') };
    }
    return { error: `File not found: ${importPath}` };
  };
  for (const { file, name } of p.contracts) {
    const sourceName = prefix + file;
    const contracts = compileUnit(solc, sourceName, fs.readFileSync(path.join(dir, file), 'utf8'), findImports);
    if (contracts === null || !contracts[name]) {
      console.error(`build-real.js: ${name} not compiled from ${sourceName}`);
      failed = true;
      continue;
    }
    const text = `${JSON.stringify(artifactOf(name, sourceName, contracts[name]), null, 2)}\n`;
    const out = path.join(OUT_DIR, `${name}.json`);
    if (fs.existsSync(out) && fs.readFileSync(out, 'utf8') === text) continue;
    fs.writeFileSync(out, text);
    written++;
  }
}
if (failed) process.exit(1);
console.log(`built ${PACKAGES.length} package(s) with solc ${solc.version()}: ${written} artifact(s) updated in fixtures/artifacts/real`);
