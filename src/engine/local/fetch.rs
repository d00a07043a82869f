//! Reading state for the local EVM: what a run missed, in one batch — the
//! standard methods (`eth_getBalance`, `eth_getTransactionCount`, `eth_getCode`,
//! `eth_getStorageAt`, block headers) or EIP-1186's `eth_getProof` for an
//! account and its slots in one request where the endpoint serves it — and,
//! for the first run of a call, the node's access list (`eth_createAccessList`)
//! so that what it names is read in the next batch.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use alloy::eips::BlockId;
use alloy::primitives::{Address, B256, Bytes, U64, U256};
use alloy::rpc::client::{BatchRequest, Waiter};
use alloy::rpc::types::{AccessListResult, EIP1186AccountProofResponse};
use revm::bytecode::Bytecode;
use revm::state::AccountInfo;

use super::super::Call;
use crate::error::Result;
use crate::rpc::Rpc;
use crate::rpc::block::BlockSummary;

/// State read from the node.
#[derive(Debug, Default, Clone)]
pub struct Fetched {
    pub accounts: HashMap<Address, AccountInfo>,
    pub storage: HashMap<(Address, U256), U256>,
    pub block_hashes: HashMap<u64, B256>,
}

impl Fetched {
    pub fn extend(&mut self, other: Fetched) {
        self.accounts.extend(other.accounts);
        self.storage.extend(other.storage);
        self.block_hashes.extend(other.block_hashes);
    }
}

/// What one run touched that was not read yet.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Misses {
    pub accounts: BTreeSet<Address>,
    pub slots: BTreeSet<(Address, U256)>,
    pub block_hashes: BTreeSet<u64>,
}

impl Misses {
    /// Adds `other`'s entries that `fetched` does not hold yet.
    pub fn merge(&mut self, other: Misses, fetched: &Fetched) {
        self.accounts.extend(
            other
                .accounts
                .into_iter()
                .filter(|a| !fetched.accounts.contains_key(a)),
        );
        self.slots.extend(
            other
                .slots
                .into_iter()
                .filter(|s| !fetched.storage.contains_key(s)),
        );
        self.block_hashes.extend(
            other
                .block_hashes
                .into_iter()
                .filter(|n| !fetched.block_hashes.contains_key(n)),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.slots.is_empty() && self.block_hashes.is_empty()
    }
}

/// Reads state at one pinned block.
#[derive(Debug)]
pub struct Reader<'a> {
    pub rpc: &'a Rpc,
    pub block: BlockId,
    /// Code known before the run, at the pinned block.
    pub codes: HashMap<Address, Bytes>,
}

impl Reader<'_> {
    /// Reads `m` in one batch (with `list`'s access list when asked). Where
    /// `proofs` is set an account's balance, nonce and every missed slot of it
    /// come in one proof; a proof refused part-way sends the batch again the
    /// standard way and clears `proofs`. Returns what was read and what the
    /// access list named.
    pub async fn read(
        &self,
        m: &Misses,
        list: Option<&Call>,
        proofs: &mut bool,
    ) -> Result<(Fetched, Misses)> {
        let fail = |e| self.rpc.fail(&e, "batch");
        let mut b = self.rpc.client().new_batch();
        let list = match list {
            Some(call) => {
                let tx = serde_json::json!({
                    "from": call.from.unwrap_or_default(),
                    "to": call.to,
                    "data": call.data,
                });
                Some(
                    b.add_call::<_, AccessListResult>("eth_createAccessList", &(tx, self.block))
                        .map_err(fail)?,
                )
            }
            None => None,
        };
        let reads = if *proofs {
            Reads::Proofs(self.add_proofs(&mut b, m)?)
        } else {
            Reads::Standard(self.add_standard(&mut b, m)?)
        };
        let hashes = self.add_block_hashes(&mut b, m)?;
        b.send()
            .await
            .map_err(|e| self.rpc.fail(&e, "eth_getStorageAt"))?;
        let mut read = match reads {
            Reads::Standard(w) => self.take_standard(w).await?,
            Reads::Proofs(w) => match self.take_proofs(w).await {
                Some(read) => read,
                None => {
                    *proofs = false;
                    self.rpc.log(
                        "eth_getProof refused part-way: state is read with the standard methods from now on",
                    );
                    let mut b = self.rpc.client().new_batch();
                    let w = self.add_standard(&mut b, m)?;
                    b.send()
                        .await
                        .map_err(|e| self.rpc.fail(&e, "eth_getStorageAt"))?;
                    self.take_standard(w).await?
                }
            },
        };
        for (n, h) in hashes {
            let h = h
                .await
                .map_err(|e| self.rpc.fail(&e, "eth_getBlockByNumber"))?;
            read.block_hashes
                .insert(n, h.map(|h| h.hash).unwrap_or_default());
        }
        let mut named = Misses::default();
        if let Some(w) = list
            && let Ok(listed) = w.await
        {
            for item in listed.access_list.0 {
                named.accounts.insert(item.address);
                for k in item.storage_keys {
                    named.slots.insert((item.address, U256::from_be_bytes(k.0)));
                }
            }
        }
        Ok((read, named))
    }

    /// One balance, nonce and code read per missed account, one storage read
    /// per missed slot.
    fn add_standard(&self, b: &mut BatchRequest<'_>, m: &Misses) -> Result<StandardReads> {
        let fail = |e| self.rpc.fail(&e, "batch");
        let block = self.block;
        let mut w = StandardReads::default();
        for a in &m.accounts {
            let balance = b
                .add_call::<_, U256>("eth_getBalance", &(*a, block))
                .map_err(fail)?;
            let nonce = b
                .add_call::<_, U64>("eth_getTransactionCount", &(*a, block))
                .map_err(fail)?;
            let code = self.add_code(b, *a)?;
            w.accounts.push((*a, balance, nonce, code));
        }
        for (a, s) in &m.slots {
            let key = B256::from(s.to_be_bytes::<32>());
            let v = b
                .add_call::<_, U256>("eth_getStorageAt", &(*a, key, block))
                .map_err(fail)?;
            w.slots.push((*a, *s, v));
        }
        Ok(w)
    }

    /// The account's code: known already (read before the run, at the same
    /// block), or one `eth_getCode`.
    fn add_code(&self, b: &mut BatchRequest<'_>, a: Address) -> Result<CodeRead> {
        Ok(match self.codes.get(&a) {
            Some(code) => CodeRead::Known(code.clone()),
            None => CodeRead::Asked(
                b.add_call::<_, Bytes>("eth_getCode", &(a, self.block))
                    .map_err(|e| self.rpc.fail(&e, "batch"))?,
            ),
        })
    }

    async fn take_standard(&self, w: StandardReads) -> Result<Fetched> {
        let mut read = Fetched::default();
        for (a, balance, nonce, code) in w.accounts {
            let balance = balance
                .await
                .map_err(|e| self.rpc.fail(&e, "eth_getBalance"))?;
            let nonce = nonce
                .await
                .map_err(|e| self.rpc.fail(&e, "eth_getTransactionCount"))?;
            let code = self.take_code(code).await?;
            read.accounts.insert(a, account(balance, nonce.to(), code));
        }
        for (a, s, v) in w.slots {
            let v = v.await.map_err(|e| self.rpc.fail(&e, "eth_getStorageAt"))?;
            read.storage.insert((a, s), v);
        }
        Ok(read)
    }

    async fn take_code(&self, code: CodeRead) -> Result<Bytes> {
        match code {
            CodeRead::Known(c) => Ok(c),
            CodeRead::Asked(w) => w.await.map_err(|e| self.rpc.fail(&e, "eth_getCode")),
        }
    }

    /// One `eth_getProof` per account touched (with every missed slot of it),
    /// and the code of each missed account not known already.
    fn add_proofs(&self, b: &mut BatchRequest<'_>, m: &Misses) -> Result<ProofReads> {
        let mut keys: BTreeMap<Address, Vec<B256>> =
            m.accounts.iter().map(|a| (*a, Vec::new())).collect();
        for (a, s) in &m.slots {
            keys.entry(*a)
                .or_default()
                .push(B256::from(s.to_be_bytes::<32>()));
        }
        let mut w = ProofReads::default();
        for (a, keys) in keys {
            let proof = b
                .add_call::<_, EIP1186AccountProofResponse>("eth_getProof", &(a, keys, self.block))
                .map_err(|e| self.rpc.fail(&e, "batch"))?;
            let code = if m.accounts.contains(&a) {
                Some(self.add_code(b, a)?)
            } else {
                None
            };
            w.push((a, proof, code));
        }
        Ok(w)
    }

    /// The proofs' accounts and slots; `None` when any proof was refused.
    async fn take_proofs(&self, w: ProofReads) -> Option<Fetched> {
        let mut read = Fetched::default();
        for (a, proof, code) in w {
            let proof = proof.await.ok()?;
            if let Some(code) = code {
                let code = self.take_code(code).await.ok()?;
                read.accounts
                    .insert(a, account(proof.balance, proof.nonce, code));
            }
            for s in proof.storage_proof {
                read.storage
                    .insert((a, U256::from_be_bytes(s.key.as_b256().0)), s.value);
            }
        }
        Some(read)
    }

    fn add_block_hashes(&self, b: &mut BatchRequest<'_>, m: &Misses) -> Result<HashReads> {
        let mut hashes = Vec::with_capacity(m.block_hashes.len());
        for n in &m.block_hashes {
            let h = b
                .add_call::<_, Option<BlockSummary>>(
                    "eth_getBlockByNumber",
                    &(U64::from(*n), false),
                )
                .map_err(|e| self.rpc.fail(&e, "batch"))?;
            hashes.push((*n, h));
        }
        Ok(hashes)
    }
}

/// An account as the EVM sees it.
pub fn account(balance: U256, nonce: u64, code: Bytes) -> AccountInfo {
    AccountInfo {
        balance,
        nonce,
        ..Default::default()
    }
    .with_code(Bytecode::new_raw(code))
}

/// An account's code in a fetch batch: known before, or asked for.
enum CodeRead {
    Known(Bytes),
    Asked(Waiter<Bytes>),
}

/// The standard reads of one fetch batch.
#[derive(Default)]
struct StandardReads {
    accounts: Vec<(Address, Waiter<U256>, Waiter<U64>, CodeRead)>,
    slots: Vec<(Address, U256, Waiter<U256>)>,
}

/// The proofs of one fetch batch: each account's, and its code where missed.
type ProofReads = Vec<(
    Address,
    Waiter<EIP1186AccountProofResponse>,
    Option<CodeRead>,
)>;

type HashReads = Vec<(u64, Waiter<Option<BlockSummary>>)>;

/// How one fetch batch reads accounts and slots.
enum Reads {
    Standard(StandardReads),
    Proofs(ProofReads),
}
