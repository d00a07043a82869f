#!/usr/bin/env node
// Compile published Solidity sources from their projects' npm packages (pinned by version
// AND tarball integrity) with the pinned solc-js, for the real-world corpus, where a
// project ships sources but no deployable artifact; and copy the artifacts a project does
// ship in its package (SHIPPED: built by its own toolchain; preferred over compiling) where
// the package is not in package.json. Writes one artifact per listed contract to
// fixtures/artifacts/real/<Contract>.json (committed; tests never need the packages).
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
// A contract a package ships abstract, to be inherited, is compiled through a generated
// concrete subclass: empty (`<Name>Deployable`), or the one the project's own tests deploy
// (`deployable` and its `body`, quoted from the test file it names).
//
// Usage: node anvil-scripts/build-real.js [PKG...]   (or anvil-scripts/build-real.sh)
//   PKG: only these packages (npm names), e.g. `solmate`; default all
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
  canonical,
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

// solc 0.8.15: solmate's foundry.toml `solc_version`.
const SOLC_0_8_15 = {
  pkg: 'solc',
  version: '0.8.15',
  integrity:
    'sha512-Riv0GNHNk/SddN/JyEuFKwbcWcEeho15iyupTSHw5Np6WuXA5D8kEHbyzDHi6sqmvLzu2l+8b1YmL8Ytple+8w==',
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

// The newest OpenZeppelin 4.x, which the ^4.x ranges below resolve to.
const OZ_4_9_6 = {
  pkg: '@openzeppelin/contracts',
  version: '4.9.6',
  integrity:
    'sha512-xSmezSupL+y9VkHZJGDoCBpmnB2ogM13ccaYDWqJTfS3dbuHkgjuwDFUmaFauBCboQMGB/S5UqUl2y54X99BmA==',
};

// What thirdweb's prebuilts import: `@openzeppelin/contracts(-upgradeable)` ^4.9.3 (its
// package.json dependencies), pinned to the newest 4.x, 4.9.6.
const THIRDWEB_DEPS = {
  '@openzeppelin/contracts-upgradeable/': {
    pkg: '@openzeppelin/contracts-upgradeable',
    version: '4.9.6',
    integrity:
      'sha512-m4iHazOsOCv1DgM7eD7GupTJ+NFVujRZt1wzddDPSVGpWdKq1SKkla5htKG7+IS4d2XOCtzkUNwRZ7Vq5aEUMA==',
  },
  '@openzeppelin/contracts/': OZ_4_9_6,
};

// What OpenSea's operator-filter-registry imports: `@openzeppelin/contracts` ^4.7.3 (its
// package.json dependencies), pinned to the newest 4.x, 4.9.6, the release npm installs for
// that range (and the one package.json's `@openzeppelin/contracts-v4` alias pins).
const OFR_DEPS = {
  '@openzeppelin/contracts/': OZ_4_9_6,
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
    // time, per-wallet limit, price, supply, a Merkle root in the condition struct; no
    // imports outside the package), and its prebuilt DropERC1155 (an upgradeable drop,
    // deployed behind a proxy and initialized; a per-token total-supply cap,
    // maxTotalSupply, checked in _beforeClaim), whose imports of OpenZeppelin are
    // package.json's ^4.9.3 (THIRDWEB_DEPS). thirdweb's foundry.toml (as the repository's
    // stored history shows it): optimizer 800 runs, london; its pragmas (^0.8.x) take the
    // pinned solc-js. Written as Thirdweb*.json: Zora's drop has the same name.
    pkg: '@thirdweb-dev/contracts',
    version: '3.15.0',
    integrity:
      'sha512-sIXPy6zNqW9K9h8xgCnsRQVrqmmMdxoDqut4eAZj1CJzMax5TyrNBoSYCfAX0et8KApvBeCVeJQhUHSWpBNIVw==',
    deps: THIRDWEB_DEPS,
    settings: { optimizer: { enabled: true, runs: 800 }, evmVersion: 'london' },
    contracts: [
      { file: 'base/ERC721Drop.sol', name: 'ERC721Drop', out: 'ThirdwebERC721Drop' },
      { file: 'prebuilts/drop/DropERC1155.sol', name: 'DropERC1155', out: 'ThirdwebDropERC1155' },
    ],
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
  {
    // solmate's RolesAuthority (user roles as a bitmask, capabilities per target and
    // function), which answers canCall() for any contract whose `requiresAuth` asks it
    // (solmate's Auth, RolesAuthority itself included). No imports outside the package.
    // solmate's foundry.toml: solc 0.8.15, optimizer 1,000,000 runs (enabled: Foundry's
    // default then), bytecode_hash none; no evm_version, so 0.8.15's default, london.
    pkg: 'solmate',
    version: '6.8.0',
    integrity:
      'sha512-/oI8kgEvSxGG1mrFv3FmCEZd0F8Z9VzRmoYMIhzmmzt6mjtPwfdCm3oh8yOL7bMHJBSfXJuMpnMPrM0uyaKsKg==',
    solc: SOLC_0_8_15,
    settings: {
      optimizer: { enabled: true, runs: 1000000 },
      evmVersion: 'london',
      metadata: { bytecodeHash: 'none' },
    },
    contracts: [{ file: 'src/auth/authorities/RolesAuthority.sol', name: 'RolesAuthority' }],
  },
  {
    // OpenSea's operator filter: the OperatorFilterRegistry (deployed by OpenSea at
    // 0x000000000000AAeB6D7670E522A718067333cd4E, which DefaultOperatorFilterer hardcodes)
    // and the package's ExampleERC721 (DefaultOperatorFilterer: subscribed to OpenSea's
    // curated list at construction). The example is abstract; its tests deploy it as
    // TestableExampleERC721 (test/example/ExampleERC721.t.sol), which adds an open mint.
    // The repository's foundry.toml: solc 0.8.17, optimizer 1,000,000 runs (enabled:
    // Foundry's default then); no evm_version, so london.
    pkg: 'operator-filter-registry',
    version: '1.4.2',
    integrity:
      'sha512-BwbzpYUtYePAotSV+TMT0r4TU/eGjlhYKohbhu9sf1g/T3KLRMIfUau6bJp8QyLSCBODr6ega34lj4RakbredQ==',
    deps: OFR_DEPS,
    solc: SOLC_0_8_17,
    settings: { optimizer: { enabled: true, runs: 1000000 }, evmVersion: 'london' },
    contracts: [
      { file: 'src/OperatorFilterRegistry.sol', name: 'OperatorFilterRegistry' },
      {
        file: 'src/example/ExampleERC721.sol',
        name: 'ExampleERC721',
        abstract: true,
        deployable: 'TestableExampleERC721',
        test: 'test/example/ExampleERC721.t.sol',
        body: ['    function mint(address to, uint256 tokenId) external {', '        _mint(to, tokenId);', '    }'],
      },
    ],
  },
];

// What is copied as shipped: package, version, integrity, and the artifacts (file inside
// the package, the contract's name, `out` where names would clash). Waffle's build/*.json
// (Uniswap), Hardhat's artifacts/ (Aave, Uniswap v3) and Truffle's build/contracts (ENS)
// are each reduced to one shape: contractName, sourceName, package, artifact (the file it
// came from), compiler (where the package records it), abi, bytecode, deployedBytecode.
const SHIPPED = [
  {
    // UniswapV2Factory: feeToSetter, a stored privileged address with no owner().
    pkg: '@uniswap/v2-core',
    version: '1.0.1',
    integrity:
      'sha512-MtybtkUPSyysqLY2U210NBDeCHX+ltHt3oADGdjqoThZaFRDKwM6k1Nb3F0A3hk5hwuQvytFWhrWHOEq6nVJ8Q==',
    artifacts: [{ file: 'build/UniswapV2Factory.json', name: 'UniswapV2Factory' }],
  },
  {
    // UniswapV2Router02 (its pairFor's init code hash is that of v2-core 1.0.1's pair) and
    // the WETH9 it wraps ether with: every liquidity and swap function takes a deadline.
    pkg: '@uniswap/v2-periphery',
    version: '1.1.0-beta.0',
    integrity:
      'sha512-6dkwAMKza8nzqYiXEr2D86dgW3TTavUvCR0w2Tu33bAbM8Ah43LKAzH7oKKPRT5VJQaMi1jtkGs1E8JPor1n5g==',
    artifacts: [
      { file: 'build/UniswapV2Router02.json', name: 'UniswapV2Router02' },
      { file: 'build/WETH9.json', name: 'WETH9' },
    ],
  },
  {
    // UniswapV3Factory: owner() and bare `require(msg.sender == owner)`.
    pkg: '@uniswap/v3-core',
    version: '1.0.1',
    integrity:
      'sha512-7pVk4hEm00j9tc71Y9+ssYpO6ytkeI0y7WE9P6UcmNzhxPePwyAxImuhVsTqWK9YFvzgtvzJHi64pBl4jUzKMQ==',
    artifacts: [{ file: 'artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json', name: 'UniswapV3Factory' }],
  },
  {
    // UNI (minter, mint time gate and cap, EIP-2612-style permit, votes), GovernorAlpha
    // (proposal threshold in delegated votes) and the Compound-style Timelock (admin,
    // delay, eta).
    pkg: '@uniswap/governance',
    version: '1.0.2',
    integrity:
      'sha512-L7BzdI/asAINB2F6EvJuQcg5YhykNeEfZxJrn2RPIVvx+9A9u+opDuqnBK4SYnanrsr3UEX1NwWXwDHmyw2TjQ==',
    artifacts: [
      { file: 'build/Uni.json', name: 'Uni' },
      { file: 'build/GovernorAlpha.json', name: 'GovernorAlpha' },
      { file: 'build/Timelock.json', name: 'Timelock' },
    ],
  },
  {
    // Aave V3's roles live in the ACLManager, found through the PoolAddressesProvider; a
    // contract as light as the PriceOracleSentinel asks it (numeric error strings). The
    // SequencerOracle is the package's own mock of an L2 sequencer feed.
    pkg: '@aave/core-v3',
    version: '1.19.3',
    integrity:
      'sha512-Xr7+VcoU5b4mPwM4IUCnskw3lciwrnL4Xloyad8GOddYeixnri2lZYobNmErm1LwE50vqjI0O+9QGNKY2TDkeQ==',
    artifacts: [
      { file: 'artifacts/contracts/protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json', name: 'PoolAddressesProvider' },
      { file: 'artifacts/contracts/protocol/configuration/ACLManager.sol/ACLManager.json', name: 'ACLManager' },
      { file: 'artifacts/contracts/protocol/configuration/PriceOracleSentinel.sol/PriceOracleSentinel.json', name: 'PriceOracleSentinel' },
      { file: 'artifacts/contracts/mocks/oracle/SequencerOracle.sol/SequencerOracle.json', name: 'SequencerOracle' },
    ],
  },
  {
    // The ENS registry (node owners and their operators), and the registry with fallback to
    // an old one, the contract at ENS's mainnet registry address.
    pkg: '@ensdomains/ens',
    version: '0.6.2',
    integrity:
      'sha512-F3ALgp60HZq3rKqNig7H/rAlBB0zuz4C9q2weCoiPjSW91uvjetXhCGBU2YJCD1tyuKnO/KqTDzUN5Dc8HLlaQ==',
    artifacts: [
      { file: 'build/contracts/ENSRegistry.json', name: 'ENSRegistry' },
      { file: 'build/contracts/ENSRegistryWithFallback.json', name: 'ENSRegistryWithFallback' },
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

// Writes `artifact` to fixtures/artifacts/real/<out>.json unless it is already there as is.
function writeArtifact(out, artifact) {
  const text = `${JSON.stringify(artifact, null, 2)}\n`;
  const file = path.join(OUT_DIR, `${out}.json`);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.writeFileSync(file, text);
  written++;
}

// `0x`-prefixed code from a shipped artifact's field (Waffle writes it without the prefix);
// null if it is missing, empty or still has library placeholders to link.
function shippedCode(v) {
  const hexCode = typeof v === 'string' ? v : v && typeof v.object === 'string' ? v.object : null;
  if (hexCode === null) return null;
  const code = hexCode.startsWith('0x') ? hexCode : `0x${hexCode}`;
  return /^0x([0-9a-fA-F]{2})+$/.test(code) ? code.toLowerCase() : null;
}

// The compiler a shipped artifact records: Waffle's and Truffle's metadata, or Hardhat's
// build info (through the .dbg.json beside the artifact); null where none is shipped.
function shippedCompiler(dir, file, a) {
  try {
    if (a.compiler && a.compiler.version) return a.compiler.version;
    if (typeof a.metadata === 'string') return JSON.parse(a.metadata).compiler.version;
    const dbg = path.join(dir, file.replace(/\.json$/, '.dbg.json'));
    if (fs.existsSync(dbg)) {
      const info = path.resolve(path.dirname(dbg), JSON.parse(fs.readFileSync(dbg, 'utf8')).buildInfo);
      // The build info is large (Aave's is 32 MB); its version sits near the start.
      const fd = fs.openSync(info, 'r');
      const buf = Buffer.alloc(4096);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      fs.closeSync(fd);
      const head = buf.toString('utf8', 0, n);
      const m = head.match(/"solcLongVersion"\s*:\s*"([^"]+)"/) || head.match(/"solcVersion"\s*:\s*"([^"]+)"/);
      if (m) return m[1];
    }
  } catch (e) {
    // no compiler recorded
  }
  return null;
}

// The source file a shipped artifact was compiled from, relative to its project (Truffle
// and Waffle record it in the metadata, Truffle as an absolute path on the builder's disk).
function shippedSource(a) {
  let src = a.sourceName || null;
  try {
    if (!src && typeof a.metadata === 'string') src = Object.keys(JSON.parse(a.metadata).settings.compilationTarget)[0];
  } catch (e) {
    src = null;
  }
  if (src && src.startsWith('/')) {
    const at = src.lastIndexOf('/contracts/');
    src = at >= 0 ? src.slice(at + 1) : path.posix.basename(src);
  }
  return src;
}

// Only the packages named on the command line, if any.
const only = process.argv.slice(2);
const known = new Set([...PACKAGES, ...SHIPPED].map((p) => p.pkg));
for (const name of only) {
  if (!known.has(name)) {
    console.error(`build-real.js: no package ${name} in PACKAGES or SHIPPED`);
    process.exit(2);
  }
}
const wanted = (p) => only.length === 0 || only.includes(p.pkg);

fs.mkdirSync(OUT_DIR, { recursive: true });
let failed = false;
let written = 0;
const versions = new Set();
for (const p of PACKAGES.filter(wanted)) {
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
    // deployed as is through an empty concrete subclass, `<Name>Deployable`, or through the
    // subclass its project's tests deploy (ExampleERC721).
    const name = entry.abstract ? entry.deployable || `${entry.name}Deployable` : entry.name;
    const file = entry.abstract ? path.posix.join(path.posix.dirname(entry.file), `${name}.sol`) : entry.file;
    const content = entry.abstract
      ? [
          '// SPDX-License-Identifier: MIT',
          'pragma solidity >=0.8.0;',
          `import { ${entry.name} } from './${path.posix.basename(entry.file)}';`,
          '',
          ...(entry.body
            ? [
                `// ${entry.name} is abstract in ${p.pkg}@${p.version}, to be inherited; deployed as the`,
                `// project's tests deploy it (${entry.test}).`,
                `contract ${name} is ${entry.name} {`,
                ...entry.body,
                '}',
              ]
            : [
                `// ${entry.name} is abstract in ${p.pkg}@${p.version}, to be inherited; deployed as is.`,
                `contract ${name} is ${entry.name} {}`,
              ]),
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
    writeArtifact(entry.out || name, artifact);
  }
}
let copied = 0;
for (const p of SHIPPED.filter(wanted)) {
  const dir = unpacked(p);
  for (const entry of p.artifacts) {
    const file = inside(dir, entry.file);
    if (!file || !fs.existsSync(file)) {
      console.error(`build-real.js: ${p.pkg}@${p.version} ships no ${entry.file}`);
      failed = true;
      continue;
    }
    const a = JSON.parse(fs.readFileSync(file, 'utf8'));
    const bytecode = shippedCode(a.bytecode) || shippedCode(a.evm && a.evm.bytecode);
    const deployedBytecode = shippedCode(a.deployedBytecode) || shippedCode(a.evm && a.evm.deployedBytecode);
    if (!Array.isArray(a.abi) || !bytecode || !deployedBytecode) {
      console.error(`build-real.js: ${entry.file} of ${p.pkg}@${p.version}: no ABI or no linked code`);
      failed = true;
      continue;
    }
    const compiler = shippedCompiler(dir, entry.file, a);
    writeArtifact(entry.out || entry.name, {
      contractName: entry.name,
      sourceName: shippedSource(a),
      package: `${p.pkg}@${p.version}`,
      artifact: entry.file,
      compiler,
      abi: canonical(a.abi),
      bytecode,
      deployedBytecode,
    });
    copied++;
    console.error(
      `build-real.js: ${entry.name}: shipped by ${p.pkg}@${p.version}, ${(deployedBytecode.length - 2) / 2} bytes of runtime code${compiler ? ` (solc ${compiler})` : ''}`,
    );
  }
}
if (failed) process.exit(1);
const built = PACKAGES.filter(wanted).length;
console.log(
  `built ${built} package(s)${built ? ` with solc ${[...versions].join(', ')}` : ''}, copied ${copied} shipped artifact(s): ${written} artifact(s) updated in fixtures/artifacts/real`,
);
