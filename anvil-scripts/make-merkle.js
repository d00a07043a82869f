#!/usr/bin/env node
// Build the Merkle allowlist fixture used with fixtures/contracts/MerkleAllowlist.sol.
//
// StandardMerkleTree.of(values, ["address"]) over Anvil's default accounts 0, 1, 2
// (account 3, 0x90F79bf6EB2c4f870365E785982E1f101E93b906, is deliberately NOT included).
// Leaf = keccak256(bytes.concat(keccak256(abi.encode(address)))), as MerkleAllowlist checks.
//
// Writes (deterministically; only rewritten when content changes):
//   fixtures/merkle/allowlist-tree.json    tree.dump() (format "standard-v1"), 2-space indent
//   fixtures/merkle/allowlist-root.txt     the root, 0x-prefixed, plus newline
//   fixtures/merkle/allowlist-proofs.json  { "<address>": [proof...] } for each member
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'fixtures', 'merkle');

let StandardMerkleTree;
try {
  ({ StandardMerkleTree } = require(path.join(ROOT, 'node_modules', '@openzeppelin', 'merkle-tree')));
} catch (e) {
  console.error(`make-merkle.js: cannot load @openzeppelin/merkle-tree (run anvil-scripts/install.sh): ${e.message}`);
  process.exit(1);
}

const MEMBERS = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', // anvil account 0
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', // anvil account 1
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', // anvil account 2
];

const tree = StandardMerkleTree.of(
  MEMBERS.map((a) => [a]),
  ['address'],
);

const proofs = {};
for (const [i, [address]] of tree.entries()) proofs[address] = tree.getProof(i);

function writeIfChanged(file, text) {
  const p = path.join(OUT_DIR, file);
  if (fs.existsSync(p) && fs.readFileSync(p, 'utf8') === text) return false;
  fs.writeFileSync(p, text);
  return true;
}

fs.mkdirSync(OUT_DIR, { recursive: true });
writeIfChanged('allowlist-tree.json', `${JSON.stringify(tree.dump(), null, 2)}\n`);
writeIfChanged('allowlist-root.txt', `${tree.root}\n`);
writeIfChanged('allowlist-proofs.json', `${JSON.stringify(proofs, null, 2)}\n`);

console.log(`merkle root ${tree.root} (${MEMBERS.length} members) -> fixtures/merkle/`);
