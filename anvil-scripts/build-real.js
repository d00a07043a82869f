#!/usr/bin/env node
// Compile published Solidity sources from their projects' npm packages (pinned by version
// AND tarball integrity) with the pinned solc-js, for the real-world corpus, where a
// project ships sources but no deployable artifact. Writes one artifact per listed contract
// to fixtures/artifacts/real/<Contract>.json (committed; tests never need the packages).
//
// Each tarball is fetched with `npm pack` (the registry only; no dependencies installed)
// into .real-src/ (ignored by git), checked against the pinned integrity, and unpacked.
// A package whose sources import other packages lists them in `deps`: import prefix ->
// pinned package (and the folder inside it the prefix stands for, as the project's
// remappings say), fetched the same way; any other non-relative import is then an error.
// A package built by its project with another compiler or settings records them: `solc`
// (a solc npm release, fetched the same way, whose soljson the pinned solc-js wraps) and
// `settings` (over solc-lib.js's SETTINGS; only the listed contract is compiled to code).
//
// Usage: node anvil-scripts/build-real.js   (or anvil-scripts/build-real.sh)
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const {
  ROOT,
  NODE_MODULES,
  SETTINGS,
  loadSolc,
  loadSoljson,
  compileUnit,
  artifactOf,
} = require('./solc-lib');

// EIP-170: the largest runtime code a default chain (and Anvil) accepts.
const CODE_SIZE_LIMIT = 24576;

// solc 0.8.17 (Zora's and its protocol rewards' `pragma solidity 0.8.17` and foundry.toml
// `solc_version`): the solc npm release, for its soljson.js.
const SOLC_0_8_17 = {
  pkg: 'solc',
  version: '0.8.17',
  integrity:
    'sha512-Dtidk2XtTTmkB3IKdyeg6wLYopJnBVxdoykN8oP8VY3PQjN16BScYoUJTXFm2OP7P0hXNAqWiJNmmfuELtLf8g==',
};

// What Zora's sources import, as its remappings.txt maps them (git submodules at the
// commit the package was published from; pinned here to the npm releases those submodule
// commits sit on: ERC721A-Upgradeable facee11 is v3.2.0 + 5 commits, before v3.3.0;
// openzeppelin-contracts(-upgradeable) c239e1a / a52107f are 2022-03-04 master between
// 4.5 and 4.6, identical to 4.5.0 / 4.5.2 in every file these contracts use), and
// protocol rewards from package.json (^1.0.2: 1.1.0, the first release the registry
// serves, is the only one that ships the `dist/contracts` these imports name).
const PROTOCOL_REWARDS = {
  pkg: '@zoralabs/protocol-rewards',
  version: '1.1.0',
  integrity:
    'sha512-TTulEeXJVB2jfMcP9kfdTtykVc5rYH0jsgZtRJjnWZc55WymEx9Z+mPuMHSZ22eWN95fKxLsToBqE5/upaqSjQ==',
};
const ZORA_DEPS = {
  'erc721a-upgradeable/': {
    pkg: 'erc721a-upgradeable',
    version: '3.3.0',
    integrity:
      'sha512-ILE0SjKuvhx+PABG0A/41QUp0MFiYmzrgo71htQ0Ov6JfDOmgUzGxDW8gZuYfKrdlYjNwSAqMpUFWBbyW3sWBA==',
    dir: 'contracts',
  },
  '@openzeppelin/contracts-upgradeable/': {
    pkg: '@openzeppelin/contracts-upgradeable',
    version: '4.5.2',
    integrity:
      'sha512-xgWZYaPlrEOQo3cBj97Ufiuv79SPd8Brh4GcFYhPgb6WvAq4ppz8dWKL6h+jLAK01rUqMRp/TS9AdXgAeNvCLA==',
  },
  '@openzeppelin/contracts/': {
    pkg: '@openzeppelin/contracts',
    version: '4.5.0',
    integrity:
      'sha512-fdkzKPYMjrRiPK6K4y64e6GzULR7R7RwxSigHS8DDp7aWDeoReqsQI+cxHV1UuhAqX69L1lAaWDxenfP+xiqzA==',
  },
  '@zoralabs/protocol-rewards/': PROTOCOL_REWARDS,
};

// What is compiled: package, version, the tarball's integrity as the registry publishes
// it, and the contracts (file inside the package, contract name, and `out`, the artifact's
// file name where two packages' contracts share a name); optionally the
// packages its imports come from (`deps`), its compiler (`solc`) and `settings`.
const PACKAGES = [
  {
    pkg: '@chainlink/contracts',
    version: '1.5.0',
    integrity:
      'sha512-1fGJwjvivqAxvVOTqZUEXGR54CATtg0vjcXgSIk4Cfoad2nUhSG/qaWHXjLg1CkNTeOoteoxGQcpP/HiA5HsUA==',
    contracts: [{ file: 'src/v0.8/shared/access/ConfirmedOwner.sol', name: 'ConfirmedOwner' }],
  },
  {
    // SolidState's EIP-2535 reference Diamond (no imports outside the package).
    pkg: '@solidstate/contracts',
    version: '0.0.59',
    integrity:
      'sha512-xD8X1oDZ8UOnEM0JcHfBegL6TcacxQCKwsKOQeBrLs+8Q2iyQXhEviVNMNpHs4qzoNHe0l6ByS+rpq/qsvanKA==',
    contracts: [{ file: 'proxy/diamond/SolidStateDiamond.sol', name: 'SolidStateDiamond', abstract: true }],
  },
  {
    // Zora's ProtocolRewards, which the drop pays rewards into. 1.1.0's dist/contracts
    // cannot be compiled as shipped (it imports ../_imagine/Enjoy.sol, left out of the
    // tarball); 1.1.1 ships the same sources (identical files, under src/) with it. The
    // settings are those 1.1.0's shipped artifacts record in their metadata (foundry, solc
    // 0.8.17, viaIR, 500,000 runs, london).
    pkg: '@zoralabs/protocol-rewards',
    version: '1.1.1',
    integrity:
      'sha512-lD5Jf/qWDQMG6rhnq1y2BHVEYIewDSUeAJwQD/1YIyXw1ANksLTmZZbrq8jXfFK2GbJeCzDqXKbFXSWidtyodw==',
    solc: SOLC_0_8_17,
    settings: { optimizer: { enabled: true, runs: 500000 }, viaIR: true, evmVersion: 'london' },
    contracts: [{ file: 'src/ProtocolRewards.sol', name: 'ProtocolRewards' }],
  },
  {
    // thirdweb's ERC721Drop base contract (claim conditions of DropSinglePhase: start
    // time, per-wallet limit, price, supply, a Merkle root in the condition struct). No
    // imports outside the package. thirdweb's foundry.toml (as the repository's stored
    // history shows it): optimizer 800 runs, london; its pragmas (^0.8.x) take the pinned
    // solc-js. Written as ThirdwebERC721Drop.json: Zora's drop has the same name.
    pkg: '@thirdweb-dev/contracts',
    version: '3.15.0',
    integrity:
      'sha512-sIXPy6zNqW9K9h8xgCnsRQVrqmmMdxoDqut4eAZj1CJzMax5TyrNBoSYCfAX0et8KApvBeCVeJQhUHSWpBNIVw==',
    settings: { optimizer: { enabled: true, runs: 800 }, evmVersion: 'london' },
    contracts: [{ file: 'base/ERC721Drop.sol', name: 'ERC721Drop', out: 'ThirdwebERC721Drop' }],
  },
  {
    // Zora's foundry.toml at the commit the package was published from (the tarball
    // ships none): solc 0.8.17, optimizer 300 runs, via_ir; no evm_version, so solc
    // 0.8.17's default, london.
    pkg: '@zoralabs/nft-drop-contracts',
    version: '1.14.1',
    integrity:
      'sha512-DZLya+QVJu2QQO77jzXGegWHMBSjOP17+/XiQeiLlN2ialUtkONd8NPtg+7BoeUC2pd8a2MQI3Zks5UQY7kVaw==',
    deps: ZORA_DEPS,
    solc: SOLC_0_8_17,
    settings: { optimizer: { enabled: true, runs: 300 }, viaIR: true, evmVersion: 'london' },
    contracts: [
      { file: 'src/ERC721Drop.sol', name: 'ERC721Drop' },
      { file: 'src/ERC721DropProxy.sol', name: 'ERC721DropProxy' },
      { file: 'src/FactoryUpgradeGate.sol', name: 'FactoryUpgradeGate' },
      { file: 'src/metadata/DropMetadataRenderer.sol', name: 'DropMetadataRenderer' },
    ],
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

// The compiler of package `p`: the pinned solc-js, or the solc release it records.
const compilers = new Map();
function compilerOf(p) {
  if (!p.solc) return solc;
  const key = p.solc.version;
  if (!compilers.has(key)) {
    compilers.set(key, loadSoljson(path.join(unpacked(p.solc), 'soljson.js'), key, 'build-real.js'));
  }
  return compilers.get(key);
}

// `rest` inside `base`, or null if it would leave it.
function inside(base, rest) {
  const full = path.resolve(base, rest);
  return full.startsWith(base + path.sep) ? full : null;
}

fs.mkdirSync(OUT_DIR, { recursive: true });
let failed = false;
let written = 0;
const versions = new Set();
for (const p of PACKAGES) {
  const dir = unpacked(p);
  const prefix = `${p.pkg}@${p.version}/`;
  // Import prefix -> the folder it stands for, longest prefix first.
  const deps = Object.entries(p.deps || {})
    .map(([from, d]) => [from, path.join(unpacked(d), d.dir || '')])
    .sort((a, b) => b[0].length - a[0].length);
  // Source unit names are `<pkg>@<version>/<file>`; relative imports resolve inside the
  // package, package imports from the pinned `deps` where the package has them, else from
  // node_modules.
  const locate = (importPath) => {
    if (importPath.startsWith(prefix)) return inside(dir, importPath.slice(prefix.length));
    if (!p.deps) return path.join(NODE_MODULES, importPath);
    const dep = deps.find(([from]) => importPath.startsWith(from));
    return dep ? inside(dep[1], importPath.slice(dep[0].length)) : null;
  };
  const findImports = (importPath) => {
    const c = locate(importPath);
    if (c && fs.existsSync(c)) return { contents: fs.readFileSync(c, 'utf8') };
    return { error: `File not found: ${importPath}${c ? '' : ' (no pinned package for it)'}` };
  };
  const compiler = compilerOf(p);
  versions.add(compiler.version());
  for (const entry of p.contracts) {
    // A contract the package ships abstract, to be inherited (SolidStateDiamond), is
    // deployed as is through an empty concrete subclass, `<Name>Deployable`.
    const name = entry.abstract ? `${entry.name}Deployable` : entry.name;
    const file = entry.abstract ? path.posix.join(path.posix.dirname(entry.file), `${name}.sol`) : entry.file;
    const content = entry.abstract
      ? [
          '// SPDX-License-Identifier: MIT',
          'pragma solidity >=0.8.0;',
          `import { ${entry.name} } from './${path.posix.basename(entry.file)}';`,
          '',
          `// ${entry.name} is abstract in ${p.pkg}@${p.version}, to be inherited; deployed as is.`,
          `contract ${name} is ${entry.name} {}`,
          '',
        ].join('\n')
      : fs.readFileSync(path.join(dir, file), 'utf8');
    const sourceName = prefix + file;
    // A package's own settings compile only the listed contract to code (viaIR would
    // otherwise optimize every contract it imports too).
    const settings = p.settings
      ? { ...SETTINGS, ...p.settings, outputSelection: { [sourceName]: { [name]: SETTINGS.outputSelection['*']['*'] } } }
      : SETTINGS;
    const started = Date.now();
    const contracts = compileUnit(compiler, sourceName, content, findImports, settings);
    if (contracts === null || !contracts[name]) {
      console.error(`build-real.js: ${name} not compiled from ${sourceName}`);
      failed = true;
      continue;
    }
    const artifact = artifactOf(name, sourceName, contracts[name]);
    const size = (artifact.deployedBytecode.length - 2) / 2;
    console.error(`build-real.js: ${name}: ${size} bytes of runtime code (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (size > CODE_SIZE_LIMIT) {
      console.error(`build-real.js: ${name} exceeds the ${CODE_SIZE_LIMIT}-byte code size limit`);
      failed = true;
      continue;
    }
    const text = `${JSON.stringify(artifact, null, 2)}\n`;
    const out = path.join(OUT_DIR, `${entry.out || name}.json`);
    if (fs.existsSync(out) && fs.readFileSync(out, 'utf8') === text) continue;
    fs.writeFileSync(out, text);
    written++;
  }
}
if (failed) process.exit(1);
console.log(
  `built ${PACKAGES.length} package(s) with solc ${[...versions].join(', ')}: ${written} artifact(s) updated in fixtures/artifacts/real`,
);
