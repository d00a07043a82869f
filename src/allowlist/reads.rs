//! Reads for `rpccheck allowlist`, beneath every step of the flow: batched
//! view calls, storage (by proofs where that is fewer round trips), code, the
//! chunk reader's balances and getters, and what the endpoint serves. Each
//! function asks and returns what it was told as plain data; none decides
//! anything.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use alloy::eips::BlockId;
use alloy::primitives::{Address, B256, Bytes, U256, address};
use alloy::rpc::json_rpc::{RpcRecv, RpcSend};
use alloy::rpc::types::state::{AccountOverride, StateOverride};
use alloy::rpc::types::{EIP1186AccountProofResponse, TransactionInput, TransactionRequest};
use alloy::sol;
use alloy::sol_types::SolCall;

use super::proxy;
use crate::error::Result;
use crate::rpc::Rpc;
use crate::rpc::capabilities::Capabilities;
use crate::rpc::classify::classify_transport;

/// A plain read-only call object (calldata in `data`, which every client reads).
pub fn view_call(to: Address, data: Bytes) -> TransactionRequest {
    TransactionRequest::default()
        .to(to)
        .input(TransactionInput {
            input: None,
            data: Some(data),
        })
}

/// Code at `account`, or why it could not be read.
pub async fn code_at(
    rpc: &Rpc,
    account: Address,
    block: BlockId,
) -> std::result::Result<Bytes, String> {
    rpc.client()
        .request::<_, Bytes>("eth_getCode", (account, block))
        .await
        .map_err(|e| classify_transport(&e, "eth_getCode").to_string())
}

/// The code of each account, in one batch (`None` where it was not answered).
pub async fn codes_at(
    rpc: &Rpc,
    accounts: &[Address],
    block: BlockId,
) -> Result<Vec<Option<Bytes>>> {
    let params: Vec<_> = accounts.iter().map(|a| (*a, block)).collect();
    each(rpc, "eth_getCode", &params).await
}

/// Runs read-only calls (`eth_call` without `from`) in one batch: each answer,
/// or `None` where the call failed or reverted.
pub async fn view_calls(
    rpc: &Rpc,
    calls: &[(Address, Bytes)],
    block: BlockId,
) -> Result<Vec<Option<Bytes>>> {
    let params: Vec<_> = calls
        .iter()
        .map(|(to, data)| (view_call(*to, data.clone()), block))
        .collect();
    each(rpc, "eth_call", &params).await
}

/// One batch of `method`, one request per entry of `params`: each answer, or
/// `None` where that request failed (only the endpoint failing is an `Err`).
async fn each<P: RpcSend, R: RpcRecv>(
    rpc: &Rpc,
    method: &'static str,
    params: &[P],
) -> Result<Vec<Option<R>>> {
    if params.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = rpc.client().new_batch();
    let mut waiters = Vec::with_capacity(params.len());
    for p in params {
        waiters.push(
            b.add_call::<_, R>(method, p)
                .map_err(|e| rpc.fail(&e, "batch"))?,
        );
    }
    b.send().await.map_err(|e| rpc.fail(&e, method))?;
    let mut out = Vec::with_capacity(waiters.len());
    for w in waiters {
        out.push(w.await.ok());
    }
    Ok(out)
}

/// Where the chunk reader's code is placed by the override: an address nobody
/// uses (its last twelve bytes spell "rpccheck.bal").
pub const CHUNK_READER: Address = address!("0x0000000000000000727063636865636b2e62616c");

/// The artifact the fixture build compiles from `fixtures/contracts/ChunkReader.sol`.
const CHUNK_READER_ARTIFACT: &str = include_str!("../../fixtures/artifacts/ChunkReader.json");

sol! {
    /// `ChunkReader.balances`: the balance of each address, in order.
    function balances(address[] who) external view returns (uint256[] out);
    /// `ChunkReader.probe`: each call sent to `target` as a static call.
    function probe(address target, bytes[] calls) external view returns (bool[] ok, bytes[] out);
}

/// Static calls per `ChunkReader.probe` call: a bound on its gas (a getter
/// costs a few thousand), far under the usual `eth_call` gas caps.
pub const PROBES_PER_CALL: usize = 500;

/// The runtime code of the chunk reader, from its compiled artifact (`None`
/// if the artifact does not parse: then everything is read one request each).
pub fn chunk_reader_code() -> Option<Bytes> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Artifact {
        deployed_bytecode: Bytes,
    }
    static CODE: OnceLock<Option<Bytes>> = OnceLock::new();
    CODE.get_or_init(|| {
        serde_json::from_str::<Artifact>(CHUNK_READER_ARTIFACT)
            .ok()
            .map(|a| a.deployed_bytecode)
            .filter(|c| !c.is_empty())
    })
    .clone()
}

/// How the balances and getters of a chunk are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalanceRead {
    /// `eth_call`s of the chunk reader, placed by a `code` override: one for
    /// all the balances, one per [`PROBES_PER_CALL`] getter calls.
    Reader,
    /// One `eth_getBalance` / `eth_call` per address, in one batch.
    PerAddress,
}

/// The override that places the chunk reader.
fn reader_override(code: Bytes) -> StateOverride {
    let mut overrides = StateOverride::default();
    overrides.insert(
        CHUNK_READER,
        AccountOverride {
            code: Some(code),
            ..Default::default()
        },
    );
    overrides
}

/// Read-only calls of `target`, like [`view_calls`], answered by the chunk
/// reader: one `eth_call` per [`PROBES_PER_CALL`], all in one batch. Each
/// answer, or `None` where the call reverted; `Ok(None)` where the reader's own
/// call failed or answered oddly (then ask [`view_calls`]).
pub async fn reader_calls(
    rpc: &Rpc,
    target: Address,
    calls: &[Bytes],
    block: BlockId,
) -> Result<Option<Vec<Option<Bytes>>>> {
    let Some(code) = chunk_reader_code() else {
        return Ok(None);
    };
    if calls.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let overrides = reader_override(code);
    let fail = |e| rpc.fail(&e, "batch");
    let mut b = rpc.client().new_batch();
    let mut waiters = Vec::new();
    for group in calls.chunks(PROBES_PER_CALL) {
        let data = probeCall {
            target,
            calls: group.to_vec(),
        }
        .abi_encode();
        waiters.push((
            group.len(),
            b.add_call::<_, Bytes>(
                "eth_call",
                &(view_call(CHUNK_READER, data.into()), block, &overrides),
            )
            .map_err(fail)?,
        ));
    }
    b.send().await.map_err(|e| rpc.fail(&e, "eth_call"))?;
    let mut out = Vec::with_capacity(calls.len());
    for (n, w) in waiters {
        let Some(r) = w
            .await
            .ok()
            .and_then(|a| probeCall::abi_decode_returns(&a).ok())
            .filter(|r| r.ok.len() == n && r.out.len() == n)
        else {
            return Ok(None);
        };
        out.extend(r.ok.into_iter().zip(r.out).map(|(ok, a)| ok.then_some(a)));
    }
    Ok(Some(out))
}

/// What [`balances`] read: each balance (`None` where unread), the gas price
/// when asked for, and how the balances were read (the reader falls back to
/// [`BalanceRead::PerAddress`] when its call fails or answers oddly).
#[derive(Debug, Clone, PartialEq)]
pub struct Balances {
    pub balances: Vec<Option<U256>>,
    pub gas_price: Option<U256>,
    pub read: BalanceRead,
}

/// Balances of `addrs` (and the gas price when `with_price`) in one round
/// trip: with [`BalanceRead::Reader`], one `eth_call` of the chunk reader for
/// the whole list; else, or when that call fails, one `eth_getBalance` each.
pub async fn balances(
    rpc: &Rpc,
    addrs: &[Address],
    block: BlockId,
    with_price: bool,
    how: BalanceRead,
) -> Result<Balances> {
    let code = match how {
        BalanceRead::Reader => chunk_reader_code(),
        BalanceRead::PerAddress => None,
    };
    if let Some(code) = code
        && !addrs.is_empty()
    {
        let fail = |e| rpc.fail(&e, "batch");
        let mut b = rpc.client().new_batch();
        let price = if with_price {
            Some(b.add_call::<_, U256>("eth_gasPrice", &()).map_err(fail)?)
        } else {
            None
        };
        let data = balancesCall {
            who: addrs.to_vec(),
        }
        .abi_encode();
        let overrides = reader_override(code);
        let read = b
            .add_call::<_, Bytes>(
                "eth_call",
                &(view_call(CHUNK_READER, data.into()), block, overrides),
            )
            .map_err(fail)?;
        b.send().await.map_err(|e| rpc.fail(&e, "eth_call"))?;
        let gas_price = match price {
            Some(p) => p.await.ok(),
            None => None,
        };
        let decoded = read
            .await
            .ok()
            .and_then(|out| balancesCall::abi_decode_returns(&out).ok())
            .filter(|v| v.len() == addrs.len());
        if let Some(v) = decoded {
            return Ok(Balances {
                balances: v.into_iter().map(Some).collect(),
                gas_price,
                read: BalanceRead::Reader,
            });
        }
        let mut per = per_address(rpc, addrs, block, false).await?;
        per.gas_price = gas_price;
        return Ok(per);
    }
    per_address(rpc, addrs, block, with_price).await
}

/// Balances of `addrs` (and the gas price when `with_price`), one
/// `eth_getBalance` each, in one batch.
async fn per_address(
    rpc: &Rpc,
    addrs: &[Address],
    block: BlockId,
    with_price: bool,
) -> Result<Balances> {
    let fail = |e| rpc.fail(&e, "batch");
    let mut b = rpc.client().new_batch();
    let price = if with_price {
        Some(b.add_call::<_, U256>("eth_gasPrice", &()).map_err(fail)?)
    } else {
        None
    };
    let mut waiters = Vec::with_capacity(addrs.len());
    for who in addrs {
        waiters.push(
            b.add_call::<_, U256>("eth_getBalance", &(*who, block))
                .map_err(fail)?,
        );
    }
    if waiters.is_empty() && price.is_none() {
        return Ok(Balances {
            balances: Vec::new(),
            gas_price: None,
            read: BalanceRead::PerAddress,
        });
    }
    b.send().await.map_err(|e| rpc.fail(&e, "eth_getBalance"))?;
    let gas_price = match price {
        Some(p) => p.await.ok(),
        None => None,
    };
    let mut out = Vec::with_capacity(waiters.len());
    for w in waiters {
        out.push(w.await.ok());
    }
    Ok(Balances {
        balances: out,
        gas_price,
        read: BalanceRead::PerAddress,
    })
}

/// Storage keys asked in one `eth_getProof`.
const PROOF_KEYS: usize = 1000;

/// Round trips of `eth_getStorageAt` batches above which slots are read by
/// proofs instead, on an endpoint taking fewer than [`PROOF_ROOM`] requests a
/// round trip.
const STORAGE_TRIPS: usize = 4;

/// The batch size under which proofs pay: a proof carries a few KB per slot
/// against ~100 bytes of `eth_getStorageAt`, so only where batches are small
/// (public RPCs take 10) or refused do the round trips saved outweigh the bytes.
const PROOF_ROOM: usize = 50;

/// Reads storage slots at `block` in one batch: `(account, slot)`, one
/// `eth_getStorageAt` each — or, on an endpoint with small batches or none
/// ([`PROOF_ROOM`]) where that would take more than [`STORAGE_TRIPS`] round
/// trips and `eth_getProof` is served (probed), one proof per account carrying
/// all of its slots (up to [`PROOF_KEYS`] a request). A refused proof falls
/// back to `eth_getStorageAt`.
pub async fn storage(
    rpc: &Rpc,
    slots: &[(Address, B256)],
    block: BlockId,
) -> Result<Vec<Option<B256>>> {
    let room = rpc.batch_room();
    if room < PROOF_ROOM
        && slots.len().div_ceil(room) > STORAGE_TRIPS
        && rpc.features().await.is_ok_and(|c| c.get_proof)
        && let Some(values) = storage_by_proofs(rpc, slots, block).await?
    {
        return Ok(values);
    }
    let params: Vec<_> = slots
        .iter()
        .map(|(account, slot)| (*account, *slot, block))
        .collect();
    let words: Vec<Option<U256>> = each(rpc, "eth_getStorageAt", &params).await?;
    Ok(words
        .into_iter()
        .map(|v| v.map(|v| B256::from(v.to_be_bytes::<32>())))
        .collect())
}

/// [`storage`] by proofs: `None` when any proof was refused or left a slot out.
async fn storage_by_proofs(
    rpc: &Rpc,
    slots: &[(Address, B256)],
    block: BlockId,
) -> Result<Option<Vec<Option<B256>>>> {
    let mut keys: BTreeMap<Address, BTreeSet<B256>> = BTreeMap::new();
    for (a, s) in slots {
        keys.entry(*a).or_default().insert(*s);
    }
    let params: Vec<(Address, Vec<B256>, BlockId)> = keys
        .iter()
        .flat_map(|(a, ks)| {
            let ks: Vec<B256> = ks.iter().copied().collect();
            ks.chunks(PROOF_KEYS)
                .map(|c| (*a, c.to_vec(), block))
                .collect::<Vec<_>>()
        })
        .collect();
    let proofs: Vec<Option<EIP1186AccountProofResponse>> =
        each(rpc, "eth_getProof", &params).await?;
    let mut values: HashMap<(Address, B256), B256> = HashMap::new();
    for ((a, _, _), proof) in params.iter().zip(proofs) {
        let Some(proof) = proof else { return Ok(None) };
        for s in proof.storage_proof {
            values.insert(
                (*a, s.key.as_b256()),
                B256::from(s.value.to_be_bytes::<32>()),
            );
        }
    }
    Ok(slots
        .iter()
        .map(|k| values.get(k).copied())
        .collect::<Option<Vec<B256>>>()
        .map(|v| v.into_iter().map(Some).collect()))
}

/// A returned word as an address (its top twelve bytes zero).
pub fn word_address(b: &Bytes) -> Option<Address> {
    (b.len() == 32)
        .then(|| proxy::slot_address(B256::from_slice(b)))
        .flatten()
}

/// A returned word as a bool.
pub fn word_bool(b: &Bytes) -> Option<bool> {
    (b.len() == 32).then(|| b[31] == 1)
}

/// A chunk at least this long is worth the full capability probe first: it
/// learns the endpoint's batch size, so that the chunk's batches are sized right
/// the first time instead of stepped down from a refused 1,000 (a few cheap
/// round trips, once per run; a single check never pays them).
const LEARN_BATCH_SIZE_FROM: usize = 100;

/// What the endpoint serves, probed once per run: fully (its batch size too)
/// before a list of [`LEARN_BATCH_SIZE_FROM`] or more, else the cheap features.
pub async fn probe(rpc: &Rpc, addresses: usize) -> Result<Capabilities> {
    if addresses >= LEARN_BATCH_SIZE_FROM {
        match rpc.capabilities().await {
            Ok(c) => return Ok(c),
            Err(_) => return rpc.features().await,
        }
    }
    rpc.features().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::transports::mock::Asserter;
    use serde_json::json;

    #[tokio::test]
    async fn balances_and_storage_are_one_batch_each() {
        let a = Asserter::new();
        a.push_success(&"0x3b9aca00");
        a.push_success(&"0x0");
        a.push_failure_msg("header not found");
        let rpc = Rpc::mocked(a);
        let who = [Address::repeat_byte(1), Address::repeat_byte(2)];
        let read = balances(
            &rpc,
            &who,
            BlockId::number(1),
            true,
            BalanceRead::PerAddress,
        )
        .await
        .unwrap();
        assert_eq!(read.gas_price, Some(U256::from(1_000_000_000u64)));
        assert_eq!(read.balances, vec![Some(U256::ZERO), None]);
        assert_eq!(read.read, BalanceRead::PerAddress);

        let a = Asserter::new();
        a.push_success(&"0x1");
        let rpc = Rpc::mocked(a);
        let v = storage(&rpc, &[(Address::ZERO, B256::ZERO)], BlockId::number(1))
            .await
            .unwrap();
        assert_eq!(v[0].map(|w| w[31]), Some(1));
    }

    #[test]
    fn the_reader_code_and_its_function_come_from_the_compiled_artifact() {
        let code = chunk_reader_code().expect("the embedded artifact parses");
        assert!(code.len() > 100, "runtime code, not a stub: {code}");
        let art: serde_json::Value = serde_json::from_str(CHUNK_READER_ARTIFACT).unwrap();
        for (sig, selector) in [
            ("balances(address[])", balancesCall::SELECTOR),
            ("probe(address,bytes[])", probeCall::SELECTOR),
        ] {
            assert_eq!(
                art["methodIdentifiers"][sig],
                json!(alloy::hex::encode(selector)),
                "the sol! declaration of {sig} matches the compiled contract"
            );
        }
    }

    #[tokio::test]
    async fn getters_go_through_the_reader_in_one_call_per_group() {
        let calls: Vec<Bytes> = (0..PROBES_PER_CALL + 1)
            .map(|i| Bytes::from(vec![i as u8]))
            .collect();
        let answer = |n: usize| {
            let ok: Vec<bool> = (0..n).map(|i| i % 2 == 0).collect();
            let out: Vec<Bytes> = ok
                .iter()
                .map(|ok| {
                    if *ok {
                        Bytes::from(vec![1u8])
                    } else {
                        Bytes::new()
                    }
                })
                .collect();
            Bytes::from(probeCall::abi_encode_returns(&probeReturn { ok, out }))
        };
        // Two groups, two eth_calls, one batch.
        let a = Asserter::new();
        a.push_success(&answer(PROBES_PER_CALL));
        a.push_success(&answer(1));
        let rpc = Rpc::mocked(a.clone());
        let got = reader_calls(&rpc, Address::ZERO, &calls, BlockId::number(1))
            .await
            .unwrap()
            .expect("answered by the reader");
        assert_eq!(got.len(), calls.len());
        assert_eq!(got[0], Some(Bytes::from(vec![1u8])));
        assert_eq!(
            got[1], None,
            "a reverted getter is None, as with view_calls"
        );
        assert_eq!(got[PROBES_PER_CALL], Some(Bytes::from(vec![1u8])));
        assert!(a.read_q().is_empty());

        // The reader refused (or ignored): the caller asks one eth_call each.
        let a = Asserter::new();
        a.push_failure_msg("state overrides are not supported");
        let rpc = Rpc::mocked(a);
        let got = reader_calls(&rpc, Address::ZERO, &calls[..1], BlockId::number(1))
            .await
            .unwrap();
        assert_eq!(got, None);
    }

    #[tokio::test]
    async fn the_reader_reads_a_whole_list_in_one_call_and_falls_back_when_refused() {
        let who = [Address::repeat_byte(1), Address::repeat_byte(2)];
        let answer = balancesCall::abi_encode_returns(&vec![U256::from(7u64), U256::ZERO]);
        // One batch: the gas price and ONE eth_call.
        let a = Asserter::new();
        a.push_success(&"0x3b9aca00");
        a.push_success(&Bytes::from(answer));
        let rpc = Rpc::mocked(a.clone());
        let read = balances(&rpc, &who, BlockId::number(1), true, BalanceRead::Reader)
            .await
            .unwrap();
        assert_eq!(read.read, BalanceRead::Reader);
        assert_eq!(
            read.balances,
            vec![Some(U256::from(7u64)), Some(U256::ZERO)]
        );
        assert_eq!(read.gas_price, Some(U256::from(1_000_000_000u64)));
        assert!(a.read_q().is_empty());

        // The override refused: one eth_getBalance each, the price kept.
        let a = Asserter::new();
        a.push_success(&"0x3b9aca00");
        a.push_failure_msg("state overrides are not supported");
        a.push_success(&"0x5");
        a.push_success(&"0x0");
        let rpc = Rpc::mocked(a);
        let read = balances(&rpc, &who, BlockId::number(1), true, BalanceRead::Reader)
            .await
            .unwrap();
        assert_eq!(read.read, BalanceRead::PerAddress);
        assert_eq!(
            read.balances,
            vec![Some(U256::from(5u64)), Some(U256::ZERO)]
        );
        assert_eq!(read.gas_price, Some(U256::from(1_000_000_000u64)));

        // An endpoint that ignores the override answers "0x": not balances.
        let a = Asserter::new();
        a.push_success(&"0x");
        a.push_success(&"0x5");
        a.push_success(&"0x0");
        let rpc = Rpc::mocked(a);
        let read = balances(&rpc, &who, BlockId::number(1), false, BalanceRead::Reader)
            .await
            .unwrap();
        assert_eq!(read.read, BalanceRead::PerAddress);
        assert_eq!(
            read.balances,
            vec![Some(U256::from(5u64)), Some(U256::ZERO)]
        );
        assert_eq!(read.gas_price, None);
    }
}
