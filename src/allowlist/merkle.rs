//! `@openzeppelin/merkle-tree` StandardMerkleTree dumps (`standard-v1`):
//! loading, leaf hashing, proofs and verification, exactly as the JS library
//! and OpenZeppelin's `MerkleProof` do (double-hashed leaves, sorted pairs).

use std::path::Path;

use alloy::dyn_abi::{DynSolType, DynSolValue};
use alloy::primitives::{Address, B256, keccak256};
use serde::Deserialize;

use super::observe::MerkleCheck;
use crate::error::{Error, Result};

/// A loaded tree.
#[derive(Debug, Clone)]
pub struct StandardTree {
    pub root: B256,
    tree: Vec<B256>,
    leaf_types: Vec<DynSolType>,
    /// `(values, tree index)` of every leaf.
    values: Vec<(Vec<DynSolValue>, usize)>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Dump {
    format: String,
    leaf_encoding: Vec<String>,
    tree: Vec<B256>,
    values: Vec<DumpValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DumpValue {
    value: Vec<serde_json::Value>,
    tree_index: usize,
}

impl StandardTree {
    /// Reads a dump file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::input(format!("cannot read --merkle-tree {}: {e}", path.display()))
        })?;
        Self::parse(&text)
            .map_err(|why| Error::input(format!("--merkle-tree {}: {why}", path.display())))
    }

    /// Parses dump JSON.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let dump: Dump =
            serde_json::from_str(text).map_err(|e| format!("not a standard-v1 dump ({e})"))?;
        if dump.format != "standard-v1" {
            return Err(format!("format {:?} is not \"standard-v1\"", dump.format));
        }
        if dump.tree.is_empty() {
            return Err("the tree is empty".into());
        }
        let leaf_types: Vec<DynSolType> = dump
            .leaf_encoding
            .iter()
            .map(|t| DynSolType::parse(t).map_err(|e| format!("leaf type {t:?}: {e}")))
            .collect::<std::result::Result<_, _>>()?;
        let mut values = Vec::with_capacity(dump.values.len());
        for (i, v) in dump.values.iter().enumerate() {
            if v.value.len() != leaf_types.len() {
                return Err(format!(
                    "value {i} has {} fields, leafEncoding has {}",
                    v.value.len(),
                    leaf_types.len()
                ));
            }
            if v.tree_index >= dump.tree.len() {
                return Err(format!(
                    "value {i} points past the tree (index {})",
                    v.tree_index
                ));
            }
            let parsed = leaf_types
                .iter()
                .zip(&v.value)
                .map(|(ty, raw)| {
                    let text = match raw {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    ty.coerce_str(&text)
                        .map_err(|e| format!("value {i}: {text:?} is not a {ty}: {e}"))
                })
                .collect::<std::result::Result<Vec<_>, _>>()?;
            values.push((parsed, v.tree_index));
        }
        let tree = StandardTree {
            root: dump.tree[0],
            tree: dump.tree,
            leaf_types,
            values,
        };
        // The dump's hashes must be what its values hash to.
        for (vals, idx) in &tree.values {
            if tree.leaf_hash(vals) != tree.tree[*idx] {
                return Err(format!(
                    "leaf at tree index {idx} does not hash to its value: the dump is corrupt"
                ));
            }
        }
        Ok(tree)
    }

    /// `keccak256(keccak256(abi.encode(values)))`.
    pub fn leaf_hash(&self, values: &[DynSolValue]) -> B256 {
        leaf_hash(values)
    }

    /// The leaf whose first address-typed field is `who`.
    pub fn find_address(&self, who: Address) -> Option<(&[DynSolValue], usize)> {
        let col = self
            .leaf_types
            .iter()
            .position(|t| *t == DynSolType::Address)?;
        self.values
            .iter()
            .find(|(vals, _)| vals.get(col) == Some(&DynSolValue::Address(who)))
            .map(|(v, i)| (v.as_slice(), *i))
    }

    /// Whether the leaves have an address field.
    pub fn has_address_column(&self) -> bool {
        self.leaf_types.contains(&DynSolType::Address)
    }

    /// Sibling hashes from the leaf at `index` up to the root.
    pub fn proof(&self, mut index: usize) -> Vec<B256> {
        let mut proof = Vec::new();
        while index > 0 {
            let sibling = if index % 2 == 1 { index + 1 } else { index - 1 };
            if let Some(h) = self.tree.get(sibling) {
                proof.push(*h);
            }
            index = (index - 1) / 2;
        }
        proof
    }

    /// Number of leaves.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the tree has no leaves.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The address's leaf and proof in the tree, checked against the tree's own
/// root (pure): the check, and the proof to put in `@proof` (empty when the
/// address is not in the tree).
pub fn check_address(tree: &StandardTree, who: Address) -> (MerkleCheck, Vec<B256>) {
    let (in_tree, proof_valid, proof) = match tree.find_address(who) {
        Some((vals, idx)) => {
            let proof = tree.proof(idx);
            let valid = process_proof(tree.leaf_hash(vals), &proof) == tree.root;
            (true, valid, proof)
        }
        None => (false, false, Vec::new()),
    };
    let check = MerkleCheck {
        root_file: tree.root,
        in_tree,
        proof_valid,
        leaves: tree.len(),
    };
    (check, proof)
}

/// Builds the `standard-v1` dump of an address allowlist exactly as
/// `StandardMerkleTree.of(addresses.map(a => [a]), ["address"]).dump()` does:
/// leaves sorted by hash, laid out as a heap from the end of the array.
pub fn standard_dump(addresses: &[Address]) -> serde_json::Value {
    let mut leaves: Vec<(B256, usize)> = addresses
        .iter()
        .enumerate()
        .map(|(i, a)| (leaf_hash(&[DynSolValue::Address(*a)]), i))
        .collect();
    leaves.sort();
    let n = leaves.len();
    if n == 0 {
        return serde_json::json!({"format": "standard-v1", "leafEncoding": ["address"], "tree": [], "values": []});
    }
    let mut tree = vec![B256::ZERO; 2 * n - 1];
    let mut index_of = vec![0; n];
    for (k, (h, orig)) in leaves.iter().enumerate() {
        tree[2 * n - 2 - k] = *h;
        index_of[*orig] = 2 * n - 2 - k;
    }
    for i in (0..n - 1).rev() {
        tree[i] = process_proof(tree[2 * i + 1], &[tree[2 * i + 2]]);
    }
    serde_json::json!({
        "format": "standard-v1",
        "leafEncoding": ["address"],
        "tree": tree.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
        "values": addresses
            .iter()
            .zip(&index_of)
            .map(|(a, i)| serde_json::json!({"value": [a.to_checksum(None)], "treeIndex": i}))
            .collect::<Vec<_>>(),
    })
}

/// `keccak256(keccak256(abi.encode(values)))`, the StandardMerkleTree leaf.
pub fn leaf_hash(values: &[DynSolValue]) -> B256 {
    let encoded = DynSolValue::Tuple(values.to_vec()).abi_encode_params();
    keccak256(keccak256(encoded))
}

/// OpenZeppelin `MerkleProof.processProof`: hash pairs in sorted order.
pub fn process_proof(leaf: B256, proof: &[B256]) -> B256 {
    proof.iter().fold(leaf, |acc, sib| {
        let (a, b) = if acc <= *sib {
            (acc, *sib)
        } else {
            (*sib, acc)
        };
        let mut buf = [0u8; 64];
        buf[..32].copy_from_slice(a.as_slice());
        buf[32..].copy_from_slice(b.as_slice());
        keccak256(buf)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::address;

    #[test]
    fn proofs_verify_against_the_root() {
        let addrs = [
            address!("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
            address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            address!("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
        ];
        let tree = StandardTree::parse(&standard_dump(&addrs).to_string()).unwrap();
        for a in addrs {
            let (vals, idx) = tree.find_address(a).unwrap();
            let leaf = tree.leaf_hash(vals);
            assert_eq!(process_proof(leaf, &tree.proof(idx)), tree.root);
        }
        assert!(
            tree.find_address(address!("0x90F79bf6EB2c4f870365E785982E1f101E93b906"))
                .is_none()
        );
    }

    #[test]
    fn matches_the_committed_dump_of_the_js_library() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/merkle/allowlist-tree.json"
        );
        let committed = StandardTree::load(std::path::Path::new(path)).unwrap();
        let addrs = [
            address!("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
            address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            address!("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
        ];
        let ours = StandardTree::parse(&standard_dump(&addrs).to_string()).unwrap();
        assert_eq!(ours.root, committed.root);
    }

    #[test]
    fn rejects_bad_dumps() {
        assert!(StandardTree::parse("{}").is_err());
        assert!(
            StandardTree::parse(
                r#"{"format":"simple-v1","leafEncoding":[],"tree":[],"values":[]}"#
            )
            .is_err()
        );
        let good = standard_dump(&[Address::ZERO, Address::repeat_byte(1)]).to_string();
        let corrupt = good.replacen(
            "0x0000000000000000000000000000000000000000",
            "0x0000000000000000000000000000000000000002",
            1,
        );
        assert!(StandardTree::parse(&corrupt).is_err());
    }
}
