//! Step 1 of the flow: everything about the contract that does not depend on
//! the address, read at a block pinned once: chain, code, proxy and the
//! implementation it serves, the functions (evmole), owner/paused/root, and the
//! roles its logs name.

use std::collections::BTreeSet;

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, B256, Bytes, Selector, U64, U256};
use alloy::rpc::types::{Filter, Log};
use alloy::sol_types::{SolCall, SolEvent};
use alloy::transports::TransportError;

use super::observe::{FoundFunction, Note, RoleEvent, RoleLogs, TargetObservation};
use super::plan::AllowlistPlan;
use super::proxy::{self, ProxyInfo, ProxyKind, ProxyLead};
use super::reads::{self, word_address, word_bool};
use crate::error::{EndpointError, Error, Result};
use crate::explain::roles;
use crate::explain::signatures::CommonFunctions::{
    RoleAdminChanged, RoleGranted, RoleRevoked, facetAddressCall, hasRoleCall, implementationCall,
    merkleRootCall, ownerCall, pausedCall, rootCall,
};
use crate::rpc::Rpc;
use crate::rpc::block::{BlockSummary, add_block_request};
use crate::rpc::classify::classify_transport;

/// The block every later read and simulation is pinned to.
#[derive(Debug, Clone, PartialEq)]
pub struct PinnedBlock {
    pub number: u64,
    pub hash: B256,
    /// What later requests name: the hash when `--block` gave one, else the number.
    pub id: BlockId,
    /// The header as the node sent it.
    pub header: BlockSummary,
}

/// What is read of the contract before anything is decided.
#[derive(Debug, Clone)]
pub struct FirstReads {
    pub chain_id: u64,
    pub block: PinnedBlock,
    pub code: Bytes,
    /// The EIP-1967 implementation, beacon and EIP-1822 slots: the word, or why unread.
    pub proxy_slots: [std::result::Result<B256, String>; 3],
}

/// Reads chain ID, the block at `block`, the code and the proxy slots in one
/// batch, and pins the block (a block the node does not have is an error, never
/// block 0).
pub async fn first_reads(
    rpc: &Rpc,
    contract: Address,
    block: BlockId,
    slots: [B256; 3],
) -> Result<FirstReads> {
    let fail = |e| rpc.fail(&e, "batch");
    let mut b = rpc.client().new_batch();
    let chain_id = b.add_call::<_, U64>("eth_chainId", &()).map_err(fail)?;
    let head = add_block_request(&mut b, block).map_err(fail)?;
    let code = b
        .add_call::<_, Bytes>("eth_getCode", &(contract, block))
        .map_err(fail)?;
    let mut slot_waiters = Vec::with_capacity(3);
    for s in slots {
        slot_waiters.push(
            b.add_call::<_, U256>("eth_getStorageAt", &(contract, s, block))
                .map_err(fail)?,
        );
    }
    b.send().await.map_err(|e| rpc.fail(&e, "eth_getCode"))?;
    let chain_id: u64 = chain_id
        .await
        .map_err(|e| rpc.fail(&e, "eth_chainId"))?
        .to();
    let head = head
        .await
        .map_err(|e| rpc.fail(&e, "eth_getBlockByNumber"))?;
    let block = pin(block, head, rpc)?;
    let code = code.await.map_err(|e| rpc.fail(&e, "eth_getCode"))?;
    let mut words = Vec::with_capacity(3);
    for w in slot_waiters {
        words.push(
            w.await
                .map(|v| B256::from(v.to_be_bytes::<32>()))
                .map_err(|e| classify_transport(&e, "eth_getStorageAt").to_string()),
        );
    }
    let [a, b, c]: [_; 3] = words
        .try_into()
        .map_err(|_| Error::input("internal: three proxy slots expected"))?;
    Ok(FirstReads {
        chain_id,
        block,
        code,
        proxy_slots: [a, b, c],
    })
}

/// Pins the block the node answered for `asked`: its number and hash, named by
/// hash afterwards when the user gave a hash.
fn pin(asked: BlockId, head: Option<BlockSummary>, rpc: &Rpc) -> Result<PinnedBlock> {
    let Some(h) = head else {
        return Err(match asked {
            BlockId::Hash(h) => Error::input_hint(
                format!("block {} is not known to this endpoint", h.block_hash),
                "check the hash, and that the endpoint serves this chain",
            ),
            BlockId::Number(BlockNumberOrTag::Number(n)) => Error::input_hint(
                format!("block {n} is not known to this endpoint (not mined yet?)"),
                "check the number against `rpccheck chain`'s block_number",
            ),
            BlockId::Number(tag) => Error::Endpoint {
                rpc: rpc.endpoint().shown().to_owned(),
                source: EndpointError::InvalidResponse {
                    detail: format!("the node answered null for the {tag} block"),
                },
            },
        });
    };
    let number = h.number.to::<u64>();
    Ok(PinnedBlock {
        number,
        hash: h.hash,
        id: match asked {
            BlockId::Hash(_) => BlockId::Hash(h.hash.into()),
            _ => BlockId::Number(BlockNumberOrTag::Number(number)),
        },
        header: h,
    })
}

/// Everything about the contract that does not depend on the address, at a
/// block pinned once.
pub async fn observe_target(rpc: &Rpc, plan: &AllowlistPlan) -> Result<TargetObservation> {
    let s = proxy::slots();
    let first = first_reads(
        rpc,
        plan.contract,
        plan.block,
        [s.implementation, s.beacon, s.proxiable],
    )
    .await?;
    let block = first.block.id;
    let mut notes = Vec::new();
    let names = ["EIP-1967 implementation", "EIP-1967 beacon", "EIP-1822"];
    let words = first.proxy_slots.clone().map(Result::ok);
    for (r, what) in first.proxy_slots.iter().zip(names) {
        if let Err(why) = r {
            notes.push(Note::new("proxy", format!("{what} slot unreadable: {why}")));
        }
    }
    let mut t = TargetObservation {
        contract: plan.contract,
        chain_id: first.chain_id,
        block: first.block.number,
        block_hash: first.block.hash,
        block_id: block,
        header: first.block.header.clone(),
        code_size: first.code.len(),
        codes: vec![(plan.contract, first.code.clone())],
        proxy: None,
        functions: Vec::new(),
        owner: None,
        paused: None,
        merkle_root: None,
        roles: Vec::new(),
        role_logs: Default::default(),
        notes,
    };
    if first.code.is_empty() {
        return Ok(t);
    }

    // Proxies: the implementation's code is what gets analysed.
    let found = match proxy::lead(&first.code, words) {
        Some(ProxyLead::Found(kind, at)) => Some((kind, at)),
        Some(ProxyLead::Beacon(beacon)) => {
            let asked = reads::view_calls(
                rpc,
                &[(beacon, implementationCall {}.abi_encode().into())],
                block,
            )
            .await?;
            match asked
                .first()
                .and_then(Option::as_ref)
                .and_then(word_address)
            {
                Some(i) => Some((ProxyKind::Eip1967Beacon, i)),
                None => {
                    t.notes.push(Note::new(
                        "proxy",
                        format!("beacon {beacon} did not return an implementation"),
                    ));
                    None
                }
            }
        }
        None if proxy::safe_like(&first.code) => {
            let slot0 = reads::storage(rpc, &[(plan.contract, B256::ZERO)], block).await?;
            match slot0
                .first()
                .copied()
                .flatten()
                .and_then(proxy::slot_address)
            {
                Some(singleton) => Some((ProxyKind::Safe, singleton)),
                None => {
                    t.notes.push(Note::new(
                        "proxy",
                        "looks like Safe's proxy, but slot 0 holds no singleton address",
                    ));
                    None
                }
            }
        }
        // An EIP-2535 Diamond: the called function is not in the contract's own
        // code, and its loupe names the facet that serves it.
        None => match &plan.call {
            Some(spec) => {
                let selector = spec.selector();
                let own = FoundFunction::all_in(&first.code, &plan.decoder);
                if own.iter().any(|f| f.selector == selector) {
                    None
                } else {
                    let asked = reads::view_calls(
                        rpc,
                        &[(
                            plan.contract,
                            facetAddressCall {
                                functionSelector: selector.0.into(),
                            }
                            .abi_encode()
                            .into(),
                        )],
                        block,
                    )
                    .await?;
                    asked
                        .first()
                        .and_then(Option::as_ref)
                        .and_then(word_address)
                        .filter(|f| *f != plan.contract)
                        .map(|facet| (ProxyKind::Eip2535, facet))
                }
            }
            None => None,
        },
    };
    let mut analysed = first.code;
    if let Some((kind, implementation)) = found {
        t.proxy = Some(ProxyInfo {
            kind,
            implementation,
        });
        match reads::code_at(rpc, implementation, block).await {
            Ok(c) if !c.is_empty() => {
                t.codes.push((implementation, c.clone()));
                analysed = c;
            }
            Ok(_) => t.notes.push(Note::new(
                "proxy",
                format!("implementation {implementation} has no code"),
            )),
            Err(why) => t.notes.push(Note::new(
                "proxy",
                format!("implementation code unreadable: {why}"),
            )),
        }
    }
    t.functions = FoundFunction::all_in(&analysed, &plan.decoder);

    // Static probes, one batch: owner(), paused(), merkleRoot(), root().
    let probes: Vec<(Selector, Vec<u8>)> = [
        (ownerCall::SELECTOR, ownerCall {}.abi_encode()),
        (pausedCall::SELECTOR, pausedCall {}.abi_encode()),
        (merkleRootCall::SELECTOR, merkleRootCall {}.abi_encode()),
        (rootCall::SELECTOR, rootCall {}.abi_encode()),
    ]
    .into_iter()
    .map(|(s, d)| (Selector::from(s), d))
    .filter(|(s, _)| t.has(*s))
    .collect();
    let calls: Vec<(Address, Bytes)> = probes
        .iter()
        .map(|(_, d)| (plan.contract, d.clone().into()))
        .collect();
    let answers = reads::view_calls(rpc, &calls, block).await?;
    for ((sel, _), answer) in probes.iter().zip(answers) {
        let Some(answer) = answer else { continue };
        if *sel == Selector::from(ownerCall::SELECTOR) {
            t.owner = word_address(&answer);
        } else if *sel == Selector::from(pausedCall::SELECTOR) {
            t.paused = word_bool(&answer);
        } else if t.merkle_root.is_none() && answer.len() == 32 {
            let name = if *sel == Selector::from(merkleRootCall::SELECTOR) {
                "merkleRoot()"
            } else {
                "root()"
            };
            t.merkle_root = Some((name.to_owned(), B256::from_slice(&answer)));
        }
    }

    // Roles: every role the contract's logs granted (AccessControl emits
    // RoleGranted on every grant, so a role without one is held by nobody);
    // the well-known ones only where the logs cannot be read.
    if t.functions
        .iter()
        .any(|f| f.selector == Selector::from(hasRoleCall::SELECTOR))
    {
        let set: std::collections::BTreeSet<B256> =
            match role_logs(rpc, plan.contract, t.block).await {
                Ok((seen, logs)) => {
                    t.role_logs = logs;
                    t.notes.push(Note::new(
                        "probe",
                        format!("{} role(s) seen in RoleGranted logs", seen.len()),
                    ));
                    seen
                }
                Err(why) => {
                    t.notes.push(Note::new(
                    "probe",
                    format!(
                        "RoleGranted logs unavailable ({why}); the well-known roles checked instead"
                    ),
                ));
                    roles::known_roles().iter().map(|(h, _)| *h).collect()
                }
            };
        t.roles = set
            .into_iter()
            .map(|r| (r, roles::role_name(r).map(str::to_owned)))
            .collect();
    }
    Ok(t)
}

/// The roles named in the contract's `RoleGranted` logs up to `block`, with
/// who holds each and which role administers it (`RoleRevoked`,
/// `RoleAdminChanged`: the same request), or why the logs could not be read.
pub async fn role_logs(
    rpc: &Rpc,
    contract: Address,
    block: u64,
) -> std::result::Result<(BTreeSet<B256>, RoleLogs), String> {
    let filter = Filter::new()
        .address(contract)
        .event_signature(vec![
            RoleGranted::SIGNATURE_HASH,
            RoleRevoked::SIGNATURE_HASH,
            RoleAdminChanged::SIGNATURE_HASH,
        ])
        .from_block(0u64)
        .to_block(block);
    let logs: std::result::Result<Vec<Log>, TransportError> =
        rpc.client().request("eth_getLogs", (filter,)).await;
    match logs {
        Ok(logs) => Ok(read_role_logs(&logs)),
        Err(e) => Err(classify_transport(&e, "eth_getLogs").to_string()),
    }
}

/// The roles granted, and [`RoleLogs`], from role logs in chain order.
pub fn read_role_logs(logs: &[Log]) -> (BTreeSet<B256>, RoleLogs) {
    let mut granted = BTreeSet::new();
    let mut out = RoleLogs::default();
    let account = |w: &B256| Address::from_word(*w);
    for l in logs {
        let event = match l.topics() {
            [sig, role, who, ..] if *sig == RoleGranted::SIGNATURE_HASH => {
                granted.insert(*role);
                RoleEvent::Granted(*role, account(who))
            }
            [sig, role, who, ..] if *sig == RoleRevoked::SIGNATURE_HASH => {
                RoleEvent::Revoked(*role, account(who))
            }
            [sig, role, _, admin] if *sig == RoleAdminChanged::SIGNATURE_HASH => {
                RoleEvent::AdminChanged(*role, *admin)
            }
            _ => continue,
        };
        out.apply(event);
    }
    (granted, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::eips::BlockNumberOrTag;
    use alloy::transports::mock::Asserter;
    use serde_json::json;

    /// `eth_getBlockByNumber` of Anvil at block 12, as recorded.
    fn block_12() -> serde_json::Value {
        json!({"number": "0xc", "hash": "0x5b6c2b1a4f1e3c0f7a3b1f0e6a9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c",
               "timestamp": "0x674b1c00", "baseFeePerGas": "0x3b9aca00"})
    }

    #[tokio::test]
    async fn first_reads_pin_the_block_by_number_and_keep_a_hash() {
        let a = Asserter::new();
        a.push_success(&"0x7a69");
        a.push_success(&block_12());
        a.push_success(&"0x6080");
        for _ in 0..3 {
            a.push_success(&"0x0");
        }
        let rpc = Rpc::mocked(a);
        let r = first_reads(&rpc, Address::ZERO, BlockId::latest(), [B256::ZERO; 3])
            .await
            .unwrap();
        assert_eq!(r.chain_id, 31337);
        assert_eq!(r.block.number, 12);
        assert_eq!(
            r.block.id,
            BlockId::Number(BlockNumberOrTag::Number(12)),
            "later reads name the number, not `latest`"
        );
        assert_eq!(r.code.len(), 2);
        assert!(
            r.proxy_slots
                .iter()
                .all(|s| s.as_ref().is_ok_and(|w| w.is_zero()))
        );

        // --block HASH is kept as the hash.
        let a = Asserter::new();
        a.push_success(&"0x7a69");
        a.push_success(&block_12());
        a.push_success(&"0x");
        for _ in 0..3 {
            a.push_success(&"0x0");
        }
        let rpc = Rpc::mocked(a);
        let hash: B256 = block_12()["hash"].as_str().unwrap().parse().unwrap();
        let r = first_reads(&rpc, Address::ZERO, BlockId::from(hash), [B256::ZERO; 3])
            .await
            .unwrap();
        assert_eq!(r.block.id, BlockId::from(hash));
        assert_eq!(r.block.hash, hash);
    }

    #[tokio::test]
    async fn a_missing_block_is_an_error_not_block_zero() {
        for (asked, kind) in [
            (BlockId::number(99), "invalid_input"),
            (BlockId::latest(), "invalid_response"),
        ] {
            let a = Asserter::new();
            a.push_success(&"0x7a69");
            a.push_success(&serde_json::Value::Null);
            a.push_success(&"0x");
            for _ in 0..3 {
                a.push_success(&"0x0");
            }
            let rpc = Rpc::mocked(a);
            let err = first_reads(&rpc, Address::ZERO, asked, [B256::ZERO; 3])
                .await
                .unwrap_err();
            assert_eq!(err.to_object().kind, kind, "{err}");
        }
    }
}
