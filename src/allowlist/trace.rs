//! Root cause by trace: reads an execution record (the local EVM's, or a
//! node's struct logs converted into one) and finds the storage slots derived
//! from the checked address — KECCAK256 inputs that contain it, followed to the
//! SLOADs of the results — so that even a bare `revert()` is explained as
//! "mapping at slot 3 keyed by this address (nested under key 2) reads 0".
//! Pure: no I/O.

use std::collections::HashMap;

use alloy::primitives::{Address, B256, U256};
use serde::{Deserialize, Serialize};

pub use crate::engine::record::short_word;
use crate::engine::record::{Bound, Comparison, ExecRecord};

/// One storage read whose slot was derived from an address: the checked one,
/// or one the call passes as an argument (an operator, a recipient).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyedRead {
    /// Account whose storage was read (the proxy, for delegatecalls).
    pub account: Address,
    /// The slot read.
    pub slot: B256,
    /// What it held.
    pub value: B256,
    /// The mapping's declared slot (the innermost non-hash base).
    pub base_slot: B256,
    /// Outer mapping keys, outermost first (e.g. a role or a tier).
    pub outer_keys: Vec<B256>,
    /// A slot hashed from the address's 20 bytes packed with a 12-byte seed
    /// (`keccak256(address . seed)`, Solady's layout) rather than a mapping's
    /// `keccak256(word(address) . slot)`; `base_slot` holds the seed.
    #[serde(default)]
    pub packed: bool,
    /// The address the entry is keyed by.
    #[serde(default)]
    pub key: Address,
    /// Its place among the trace's storage reads ([`TraceAnalysis::reads`]).
    #[serde(default)]
    pub at: usize,
}

/// The seed of Solady's `OwnableRoles` role slots (`_ROLE_SLOT_SEED`): a
/// packed slot with it holds the address's roles, one bit each.
pub const SOLADY_ROLE_SEED: u64 = 0x8b78c6d8;

impl KeyedRead {
    /// "mapping at slot 3": the mapping this entry belongs to.
    pub fn mapping(&self) -> String {
        if self.is_solady_roles() {
            return "Solady roles word".to_owned();
        }
        if self.packed {
            return format!(
                "word hashed from the address and seed {}",
                short_word(self.base_slot)
            );
        }
        format!("mapping at slot {}", short_word(self.base_slot))
    }

    /// Whether this is Solady's `OwnableRoles` roles word of the address.
    pub fn is_solady_roles(&self) -> bool {
        self.packed && self.base_slot == B256::from(U256::from(SOLADY_ROLE_SEED))
    }

    /// "mapping at slot 3 keyed by this address (nested under key 2)".
    pub fn describe(&self) -> String {
        let mut s = format!("{} keyed by this address", self.mapping());
        if !self.outer_keys.is_empty() {
            let keys: Vec<String> = self
                .outer_keys
                .iter()
                .map(|k| match crate::explain::roles::role_name(*k) {
                    Some(name) if !k.is_zero() => name.to_owned(),
                    _ => short_word(*k),
                })
                .collect();
            s.push_str(&format!(" (nested under key {})", keys.join(", ")));
        }
        s.push_str(&format!(" reads {}", short_word(self.value)));
        s
    }
}

impl KeyedRead {
    /// The same mapping entry for another address: `keccak(who . base)`,
    /// nested under the same outer keys. The value is assumed, not read.
    pub fn for_address(&self, who: Address, value: B256) -> KeyedRead {
        let slot = if self.packed {
            let mut buf = [0u8; 32];
            buf[..20].copy_from_slice(who.as_slice());
            buf[20..].copy_from_slice(&self.base_slot[20..]);
            alloy::primitives::keccak256(buf)
        } else {
            let mut base = self.base_slot;
            for k in &self.outer_keys {
                base = hash_pair(k.0, base.0);
            }
            hash_pair(address_word(who), base.0)
        };
        KeyedRead {
            account: self.account,
            slot,
            value,
            base_slot: self.base_slot,
            outer_keys: self.outer_keys.clone(),
            packed: self.packed,
            key: who,
            at: self.at,
        }
    }
}

fn hash_pair(a: [u8; 32], b: [u8; 32]) -> B256 {
    let mut buf = [0u8; 64];
    buf[..32].copy_from_slice(&a);
    buf[32..].copy_from_slice(&b);
    alloy::primitives::keccak256(buf)
}

/// Every storage read of a trace, in order, with the account it read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Read {
    pub account: Address,
    pub slot: B256,
    pub value: B256,
}

/// What a trace says about the checked address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceAnalysis {
    /// Reads of slots derived from the address, in execution order.
    pub keyed_reads: Vec<KeyedRead>,
    /// Reads of slots derived from an address the call passes as an argument
    /// (not the checked one), in execution order.
    #[serde(default)]
    pub arg_keyed: Vec<KeyedRead>,
    /// All storage reads, in order.
    pub reads: Vec<Read>,
    /// Whether the trace ended in a revert.
    pub reverted: bool,
    /// What the call compared, with the sources of both sides.
    #[serde(default)]
    pub comparisons: Vec<Comparison>,
    /// A bound that cut the execution's record short: what is here is true,
    /// what is not may be missing.
    #[serde(default)]
    pub cut: Option<Bound>,
    /// The last conditional jump before the revert whose condition came from
    /// somewhere (storage, the caller, the clock, a call's return): the branch
    /// that decided, in whichever frame.
    #[serde(default)]
    pub deciding: Option<crate::engine::record::Branch>,
}

impl TraceAnalysis {
    /// The address-keyed read most likely to have said no: the last one that
    /// read zero before the revert.
    pub fn culprit(&self) -> Option<&KeyedRead> {
        self.keyed_reads.iter().rev().find(|r| r.value.is_zero())
    }
}

/// Analyses the record of a call made from `who`; `args` are the addresses
/// the call passes as arguments, whose entries are found the same way.
pub fn analyse(record: &ExecRecord, who: Address, args: &[Address]) -> TraceAnalysis {
    let preimages: HashMap<B256, &[u8]> = record
        .hashes
        .iter()
        .map(|h| (h.hash, h.input.as_ref()))
        .collect();
    let reads: Vec<Read> = record
        .reads
        .iter()
        .map(|r| Read {
            account: r.account,
            slot: r.slot,
            value: r.value,
        })
        .collect();
    let keyed = |key: Address| -> Vec<KeyedRead> {
        reads
            .iter()
            .enumerate()
            .filter_map(|(at, r)| keyed_read(&preimages, r, key, at))
            .collect()
    };
    let keyed_reads = keyed(who);
    let mut arg_keyed: Vec<KeyedRead> = Vec::new();
    for a in args.iter().filter(|a| **a != who && !a.is_zero()) {
        if !arg_keyed.iter().any(|k| k.key == *a) {
            arg_keyed.extend(keyed(*a));
        }
    }
    arg_keyed.sort_by_key(|k| k.at);
    TraceAnalysis {
        keyed_reads,
        arg_keyed,
        reads,
        reverted: record.failed,
        comparisons: record.comparisons.clone(),
        cut: record.cut,
        deciding: record
            .failed
            .then(|| {
                record
                    .branches
                    .iter()
                    .rev()
                    .find(|b| !b.condition.sources.is_empty())
                    .cloned()
            })
            .flatten(),
    }
}

/// The read `r` (the `at`-th) as an entry keyed by `key`, where its slot was
/// hashed from it.
fn keyed_read(
    preimages: &HashMap<B256, &[u8]>,
    r: &Read,
    key: Address,
    at: usize,
) -> Option<KeyedRead> {
    let word = address_word(key);
    let pre = preimages.get(&r.slot)?;
    // The address's 20 bytes packed with a 12-byte seed (Solady).
    if pre.len() == 32 && pre[..20] == word[12..] {
        let mut seed = [0u8; 32];
        seed[20..].copy_from_slice(&pre[20..]);
        return Some(KeyedRead {
            account: r.account,
            slot: r.slot,
            value: r.value,
            base_slot: B256::from(seed),
            outer_keys: Vec::new(),
            packed: true,
            key,
            at,
        });
    }
    if pre.len() != 64 || pre[..32] != word[..] {
        return None;
    }
    let mut base = B256::from_slice(&pre[32..]);
    let mut outer = Vec::new();
    // Follow nested mappings: base = keccak(outerKey . outerBase). The
    // optimizer folds keccaks of constants (a constant tier or role),
    // so a base that is not in the trace is searched among small keys.
    loop {
        if let Some(p) = preimages.get(&base).filter(|p| p.len() == 64) {
            outer.insert(0, B256::from_slice(&p[..32]));
            base = B256::from_slice(&p[32..]);
        } else if let Some((k, s)) = unfold_constant(base) {
            outer.insert(0, k);
            base = s;
        } else {
            break;
        }
    }
    Some(KeyedRead {
        account: r.account,
        slot: r.slot,
        value: r.value,
        base_slot: base,
        outer_keys: outer,
        packed: false,
        key,
        at,
    })
}

/// The addresses a call's arguments hold: every 32-byte word after the
/// selector that reads as a non-zero address with nothing above it and is not
/// a small number (an amount, an offset, a length).
pub fn address_args(calldata: &[u8]) -> Vec<Address> {
    let mut out = Vec::new();
    for word in calldata.get(4..).unwrap_or_default().chunks_exact(32) {
        if word[..12].iter().any(|b| *b != 0) || U256::from_be_slice(word) < U256::from(1u64 << 40)
        {
            continue;
        }
        let a = Address::from_slice(&word[12..]);
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out.truncate(16);
    out
}

/// The innermost call of a failed trace whose revert the call bubbled up: how
/// deep, whose code ran (the callee; for a delegatecall, the code's address),
/// the selector it was called with and the data it reverted with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailingFrame {
    pub depth: u64,
    pub address: Address,
    pub selector: Option<[u8; 4]>,
    pub data: Vec<u8>,
}

/// The frame the failure started in (see [`ExecRecord::failing_frame`]).
pub fn failing_frame(record: &ExecRecord) -> Option<FailingFrame> {
    record.failing_frame().map(|f| FailingFrame {
        depth: f.depth,
        address: f.code,
        selector: f.selector,
        data: f.output.to_vec(),
    })
}

/// Finds `(key, slot)` with small values such that `keccak(key . slot) == base`:
/// the compile-time-folded location of a mapping entry under a constant key.
pub fn unfold_constant(base: B256) -> Option<(B256, B256)> {
    if base[..24].iter().all(|b| *b == 0) {
        return None; // a small number is a declared slot, not a hash
    }
    let mut buf = [0u8; 64];
    for slot in 0u16..64 {
        buf[62..64].copy_from_slice(&slot.to_be_bytes());
        for key in 0u16..1024 {
            buf[30..32].copy_from_slice(&key.to_be_bytes());
            if alloy::primitives::keccak256(buf) == base {
                return Some((B256::from(U256::from(key)), B256::from(U256::from(slot))));
            }
        }
    }
    None
}

/// The 32-byte constants a contract's code pushes (PUSH32 immediates, in
/// code order, deduplicated): where a role id or a key is a constant, the
/// optimizer folds its mapping's location into one word, and these are the
/// keys it may have folded.
pub fn push32_constants(code: &[u8]) -> Vec<B256> {
    let mut out = Vec::new();
    let mut pc = 0usize;
    while pc < code.len() {
        let op = code[pc];
        if (0x60..=0x7f).contains(&op) {
            let n = usize::from(op - 0x5f);
            if op == 0x7f
                && let Some(imm) = code.get(pc + 1..pc + 33)
            {
                let w = B256::from_slice(imm);
                if !out.contains(&w) && out.len() < MAX_CONSTANTS {
                    out.push(w);
                }
            }
            pc += n;
        }
        pc += 1;
    }
    out
}

/// How many code constants are tried as folded keys.
const MAX_CONSTANTS: usize = 512;

impl TraceAnalysis {
    /// Entries whose mapping base is a hash the trace never computed (a
    /// location folded at compile time under a constant key, such as a role
    /// id) are nested under that key where `keccak(constant . slot)` is the
    /// base, for a constant of `code` (the code of the account read) and a
    /// declared slot below 64.
    pub fn unfold_with_constants(&mut self, account: Address, code: &[u8]) {
        let folded = |k: &KeyedRead| {
            k.account == account && !k.packed && k.outer_keys.is_empty() && !small(k.base_slot)
        };
        if !self.keyed_reads.iter().chain(&self.arg_keyed).any(folded) {
            return;
        }
        let constants = push32_constants(code);
        let mut found: HashMap<B256, (B256, B256)> = HashMap::new();
        for k in self.keyed_reads.iter_mut().chain(self.arg_keyed.iter_mut()) {
            if !folded(k) {
                continue;
            }
            let unfolded = match found.get(&k.base_slot) {
                Some(u) => Some(*u),
                None => constants.iter().find_map(|c| {
                    (0u64..64).find_map(|slot| {
                        let s = B256::from(U256::from(slot));
                        (hash_pair(c.0, s.0) == k.base_slot).then_some((*c, s))
                    })
                }),
            };
            if let Some((key, slot)) = unfolded {
                found.insert(k.base_slot, (key, slot));
                k.outer_keys = vec![key];
                k.base_slot = slot;
            }
        }
    }

    /// Accounts whose entries have a folded base ([`Self::unfold_with_constants`]).
    pub fn folded_accounts(&self) -> Vec<Address> {
        let mut out: Vec<Address> = Vec::new();
        for k in self.keyed_reads.iter().chain(&self.arg_keyed) {
            if !k.packed
                && k.outer_keys.is_empty()
                && !small(k.base_slot)
                && !out.contains(&k.account)
            {
                out.push(k.account);
            }
        }
        out
    }
}

/// A declared slot (a small number), not a hash.
fn small(w: B256) -> bool {
    w[..24].iter().all(|b| *b == 0)
}

/// The address as a left-padded 32-byte word.
pub fn address_word(a: Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_slice());
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::keccak256;

    fn log(
        op: &str,
        depth: u64,
        stack: Vec<U256>,
        memory: Option<Vec<String>>,
    ) -> serde_json::Value {
        serde_json::json!({
            "pc": 0, "op": op, "gas": 0, "gasCost": 0, "depth": depth,
            "stack": stack, "memory": memory,
        })
    }

    /// The record of struct logs, as a node's trace is read.
    fn record(logs: Vec<serde_json::Value>, to: Address) -> ExecRecord {
        let raw =
            serde_json::json!({"failed": true, "gas": 0, "returnValue": "", "structLogs": logs});
        crate::engine::record::structlog::convert(
            &raw.to_string(),
            to,
            crate::engine::record::Limits::default(),
        )
        .expect("a valid trace")
    }

    fn word(b: &[u8]) -> String {
        let mut w = [0u8; 32];
        w[32 - b.len()..].copy_from_slice(b);
        hex::encode(w)
    }

    #[test]
    fn derives_the_entry_of_another_address() {
        let who = Address::repeat_byte(0x22);
        let read = KeyedRead {
            account: Address::ZERO,
            slot: B256::ZERO,
            value: B256::ZERO,
            base_slot: B256::from(U256::from(3)),
            outer_keys: vec![B256::from(U256::from(2))],
            packed: false,
            ..Default::default()
        };
        let mut inner = [0u8; 64];
        inner[31] = 2;
        inner[63] = 3;
        let mut outer = [0u8; 64];
        outer[..32].copy_from_slice(&address_word(who));
        outer[32..].copy_from_slice(keccak256(inner).as_slice());
        assert_eq!(read.for_address(who, B256::ZERO).slot, keccak256(outer));
    }

    #[test]
    fn unfolds_constant_keys() {
        let mut pre = [0u8; 64];
        pre[31] = 2;
        pre[63] = 3;
        let base = keccak256(pre);
        assert_eq!(
            unfold_constant(base),
            Some((B256::from(U256::from(2)), B256::from(U256::from(3))))
        );
        assert_eq!(unfold_constant(B256::from(U256::from(5))), None);
    }

    #[test]
    fn follows_a_nested_mapping_to_its_slot() {
        let contract = Address::repeat_byte(0xcc);
        let who = Address::repeat_byte(0x11);
        // inner = keccak(2 . 3): tier 2 of mapping at slot 3; slot = keccak(who . inner)
        let mut pre_inner = [0u8; 64];
        pre_inner[31] = 2;
        pre_inner[63] = 3;
        let inner = keccak256(pre_inner);
        let mut pre_slot = [0u8; 64];
        pre_slot[..32].copy_from_slice(&address_word(who));
        pre_slot[32..].copy_from_slice(inner.as_slice());
        let slot = keccak256(pre_slot);
        let u = |b: B256| U256::from_be_bytes(b.0);
        let logs = vec![
            log(
                "KECCAK256",
                1,
                vec![U256::from(64), U256::ZERO],
                Some(vec![word(&[2]), word(&[3])]),
            ),
            log("PUSH1", 1, vec![u(inner)], None),
            log(
                "KECCAK256",
                1,
                vec![U256::from(64), U256::ZERO],
                Some(vec![hex::encode(address_word(who)), hex::encode(inner)]),
            ),
            log("SLOAD", 1, vec![u(slot)], None),
            log("ISZERO", 1, vec![U256::ZERO], None),
            log("REVERT", 1, vec![U256::ZERO, U256::ZERO], None),
        ];
        // The SLOAD's slot comes from the stack; the hash result is on the next step.
        let mut logs = logs;
        logs[3]["stack"] = serde_json::json!([u(slot)]);
        logs.insert(3, log("SWAP1", 1, vec![u(slot)], None));
        let a = analyse(&record(logs, contract), who, &[]);
        let culprit = a.culprit().expect("a keyed read");
        assert_eq!(culprit.slot, slot);
        assert_eq!(culprit.base_slot, B256::from(U256::from(3)));
        assert_eq!(culprit.outer_keys, vec![B256::from(U256::from(2))]);
        assert_eq!(culprit.account, contract);
        assert_eq!(
            culprit.describe(),
            "mapping at slot 3 keyed by this address (nested under key 2) reads 0"
        );
    }

    /// Solady's roles slot: `keccak256(address . seed)` over 32 bytes (the
    /// address's 20 bytes, then the seed's low 12): found, described, and
    /// derived for another address the same way.
    #[test]
    fn a_slot_of_the_address_packed_with_a_seed_is_keyed() {
        let contract = Address::repeat_byte(0xcc);
        let who = Address::repeat_byte(0x11);
        let mut pre = [0u8; 32];
        pre[..20].copy_from_slice(who.as_slice());
        pre[28..].copy_from_slice(&(SOLADY_ROLE_SEED as u32).to_be_bytes());
        let slot = keccak256(pre);
        let u = |b: B256| U256::from_be_bytes(b.0);
        let logs = vec![
            log(
                "KECCAK256",
                1,
                vec![U256::from(32), U256::ZERO],
                Some(vec![hex::encode(pre)]),
            ),
            log("SLOAD", 1, vec![u(slot)], None),
            log("PUSH1", 1, vec![U256::ZERO], None),
            log("REVERT", 1, vec![U256::ZERO, U256::ZERO], None),
        ];
        let a = analyse(&record(logs, contract), who, &[]);
        let c = a.culprit().expect("a keyed read");
        assert!(c.packed && c.is_solady_roles(), "{c:?}");
        assert_eq!(
            c.describe(),
            "Solady roles word keyed by this address reads 0"
        );
        let other = Address::repeat_byte(0x22);
        let mut pre_other = pre;
        pre_other[..20].copy_from_slice(other.as_slice());
        assert_eq!(c.for_address(other, B256::ZERO).slot, keccak256(pre_other));
    }
}
