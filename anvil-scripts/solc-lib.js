// Shared by compile.js (our fixtures) and build-real.js (published sources): the pinned
// solc-js, the compiler settings, and stable JSON for artifacts. A published package that
// pins another compiler (e.g. `pragma solidity 0.8.17`) is compiled by that release's
// soljson, wrapped by the pinned solc-js (loadSoljson), with its project's own settings
// over SETTINGS.
'use strict';

const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');

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

// The solc-js of package.json, or exit with a one-line error naming `who`.
function loadSolc(who) {
  let solc;
  try {
    solc = require(path.join(NODE_MODULES, 'solc'));
  } catch (e) {
    console.error(`${who}: cannot load solc from ${NODE_MODULES} (run anvil-scripts/install.sh): ${e.message}`);
    process.exit(1);
  }
  const pinned = require(path.join(ROOT, 'package.json')).devDependencies.solc;
  if (!solc.version().startsWith(`${pinned}+`)) {
    console.error(`${who}: solc ${solc.version()} loaded but package.json pins ${pinned}; run anvil-scripts/install.sh`);
    process.exit(1);
  }
  return solc;
}

// The compiler in `soljsonPath` (a solc npm release's soljson.js), wrapped by the pinned
// solc-js; exits with a one-line error naming `who` unless it is release `version`.
function loadSoljson(soljsonPath, version, who) {
  const wrapper = require(path.join(NODE_MODULES, 'solc', 'wrapper'));
  let solc;
  try {
    solc = wrapper(require(soljsonPath));
  } catch (e) {
    console.error(`${who}: cannot load ${soljsonPath}: ${e.message}`);
    process.exit(1);
  }
  if (!solc.version().startsWith(`${version}+`)) {
    console.error(`${who}: ${soljsonPath} is solc ${solc.version()}, pinned ${version}`);
    process.exit(1);
  }
  return solc;
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

// Compiles one source unit with `settings` (SETTINGS unless given); returns solc's
// `contracts[sourceName]`, or null after printing its errors.
function compileUnit(solc, sourceName, content, findImports, settings = SETTINGS) {
  const input = { language: 'Solidity', sources: { [sourceName]: { content } }, settings };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  let failed = false;
  for (const err of output.errors || []) {
    if (err.severity === 'error') failed = true;
    console.error((err.formattedMessage || `${err.severity}: ${err.message}`).trimEnd());
  }
  if (failed) return null;
  return (output.contracts || {})[sourceName] || {};
}

// The artifact of contract `name` from solc's output `c`.
function artifactOf(name, sourceName, c) {
  return {
    contractName: name,
    sourceName,
    abi: canonical(c.abi),
    bytecode: hex(c.evm.bytecode.object),
    deployedBytecode: hex(c.evm.deployedBytecode.object),
    methodIdentifiers: canonical(c.evm.methodIdentifiers || {}),
    storageLayout: canonical(c.storageLayout || { storage: [], types: null }),
  };
}

module.exports = {
  ROOT,
  NODE_MODULES,
  SETTINGS,
  loadSolc,
  loadSoljson,
  compileUnit,
  artifactOf,
  canonical,
};
