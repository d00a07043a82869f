//! The local engine and `--engine auto` on a real Anvil: state read in
//! batched rounds, misses past the round cap read one at a time (never as
//! zero), every bound reached and answered, the record of a live run, and the
//! referee.

use std::path::PathBuf;
use std::time::Duration;

use alloy::eips::BlockId;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::primitives::{Address, B256, Bytes, U256, keccak256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::rpc::types::state::StateOverride;
use alloy::sol;
use alloy::sol_types::{SolCall, SolValue};

use super::{BlockEnv, LocalExecutor};
use crate::engine::record::{Bound, Limits};
use crate::engine::{AutoExecutor, Call, Engine, Executor, NodeExecutor, SimOutcome};
use crate::rpc::block::BlockSummary;
use crate::rpc::endpoint::Endpoint;
use crate::rpc::{Rpc, TransportConfig};

sol! {
    function mint(uint256 amount);
}

/// Finds Anvil as the integration tests do: `ANVIL_BIN`, the project's npm
/// install, then `PATH`.
fn anvil() -> AnvilInstance {
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    let bin = std::env::var_os("ANVIL_BIN")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| local.is_file().then_some(local))
        .unwrap_or_else(|| PathBuf::from("anvil"));
    Anvil::at(bin).try_spawn().expect("anvil starts")
}

/// A chain with the MappingAllowlist fixture, `allowed` on its list.
struct Chain {
    _anvil: AnvilInstance,
    rpc: Rpc,
    contract: Address,
    allowed: Address,
    other: Address,
    block: BlockId,
    env: BlockEnv,
}

async fn chain() -> Chain {
    let anvil = anvil();
    let url = anvil.endpoint();
    let (allowed, other) = (anvil.addresses()[0], anvil.addresses()[1]);
    let artifact: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/artifacts/MappingAllowlist.json"),
        )
        .expect("artifact"),
    )
    .expect("artifact JSON");
    let code: Bytes = artifact["bytecode"]
        .as_str()
        .expect("bytecode")
        .parse()
        .expect("hex");
    let mut init = code.to_vec();
    init.extend(vec![allowed].abi_encode_params());
    let provider = ProviderBuilder::new().connect_http(url.parse().expect("url"));
    let receipt = provider
        .send_transaction(
            TransactionRequest::default()
                .from(allowed)
                .input(Bytes::from(init).into()),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("mined");
    let contract = receipt.contract_address.expect("deployed");
    let rpc = Rpc::connect(
        Endpoint::parse(&url).expect("url"),
        TransportConfig::default(),
    )
    .expect("rpc");
    let header: BlockSummary = rpc
        .client()
        .request("eth_getBlockByNumber", ("latest", false))
        .await
        .expect("header");
    let block = BlockId::number(header.number.to());
    Chain {
        env: BlockEnv::of(31337, &header),
        _anvil: anvil,
        rpc,
        contract,
        allowed,
        other,
        block,
    }
}

impl Chain {
    fn local(&self, limits: Limits) -> LocalExecutor<'_> {
        LocalExecutor::new(&self.rpc, self.block, self.env).with_limits(limits)
    }

    fn mint(&self, from: Address) -> Call {
        Call {
            from: Some(from),
            to: self.contract,
            data: mintCall {
                amount: U256::from(1),
            }
            .abi_encode()
            .into(),
            value: U256::ZERO,
            time: None,
            number: None,
            gas: None,
        }
    }
}

async fn one(exec: &impl Executor, call: Call) -> SimOutcome {
    exec.simulate(&[(call, StateOverride::default())])
        .await
        .expect("simulated")
        .remove(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_is_read_in_batched_rounds_and_kept_for_the_next_call() {
    let c = chain().await;
    let local = c.local(Limits::default());
    assert_eq!(one(&local, c.mint(c.allowed)).await, SimOutcome::Success);
    let (batches, singles) = local.reads();
    assert!((1..=4).contains(&batches), "{batches} batches");
    assert_eq!(singles, 0);
    // Another address: only its own entry (and account) is new.
    let denied = one(&local, c.mint(c.other)).await;
    assert!(matches!(denied, SimOutcome::Reverted(_)), "{denied:?}");
    assert_eq!(local.reads().0, batches + 1);
    // The same call again reads nothing.
    one(&local, c.mint(c.other)).await;
    assert_eq!(local.reads().0, batches + 1);
}

/// Past the round cap the run reads what it misses as it goes: the
/// allowlisted address is still allowed (a miss read as zero would deny it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_round_cap_misses_are_read_one_by_one_never_as_zero() {
    let c = chain().await;
    let local = c.local(Limits {
        rounds: 0,
        ..Limits::default()
    });
    assert_eq!(one(&local, c.mint(c.allowed)).await, SimOutcome::Success);
    let (batches, singles) = local.reads();
    assert_eq!(batches, 0);
    assert!(singles >= 2, "{singles} single reads");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_reads_are_bounded_too() {
    let c = chain().await;
    let local = c.local(Limits {
        rounds: 0,
        single_reads: 1,
        ..Limits::default()
    });
    assert_eq!(
        one(&local, c.mint(c.allowed)).await,
        SimOutcome::Bounded(Bound::StateReads(1))
    );
}

/// Steps, wall time, memory and recorded events: each reached, each an answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bound_is_reached_and_answered() {
    let c = chain().await;
    let steps = c.local(Limits {
        steps: 50,
        ..Limits::default()
    });
    assert_eq!(
        one(&steps, c.mint(c.allowed)).await,
        SimOutcome::Bounded(Bound::Steps(50))
    );
    let record = steps
        .trace(&c.mint(c.allowed), &StateOverride::default())
        .await
        .expect("no endpoint failure")
        .expect("a record, cut");
    assert_eq!(record.cut, Some(Bound::Steps(50)));

    let wall = c.local(Limits {
        wall: Duration::ZERO,
        ..Limits::default()
    });
    assert_eq!(
        one(&wall, c.mint(c.allowed)).await,
        SimOutcome::Bounded(Bound::Wall(0))
    );

    // The free memory pointer alone writes past 64 bytes.
    let memory = c.local(Limits {
        memory: 64,
        ..Limits::default()
    });
    assert_eq!(
        one(&memory, c.mint(c.allowed)).await,
        SimOutcome::Bounded(Bound::Memory(64))
    );

    let events = c.local(Limits {
        events: 1,
        ..Limits::default()
    });
    // The allowed mint reads its entry and the total: two reads.
    let record = events
        .trace(&c.mint(c.allowed), &StateOverride::default())
        .await
        .expect("no endpoint failure")
        .expect("a record");
    assert_eq!(record.cut, Some(Bound::Events(1)));
    assert!(record.reads.len() <= 1 && record.hashes.len() <= 1);
}

/// The record of a live run: the address's entry of the mapping at slot 2,
/// hashed from it and read as zero, and the revert of the outermost frame.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_record_holds_the_keyed_read_and_the_revert() {
    let c = chain().await;
    let local = c.local(Limits::default());
    let record = local
        .trace(&c.mint(c.other), &StateOverride::default())
        .await
        .expect("no endpoint failure")
        .expect("a record");
    let entry = keccak256((c.other, U256::from(2)).abi_encode());
    assert!(
        record.hashes.iter().any(|h| h.hash == entry),
        "{:?}",
        record.hashes
    );
    let read = record
        .reads
        .iter()
        .find(|r| r.slot == entry)
        .expect("the entry is read");
    assert_eq!(
        (read.account, read.value, read.depth),
        (c.contract, B256::ZERO, 1)
    );
    assert!(record.failed && record.halt.is_none() && record.cut.is_none());
    assert_eq!(record.frames.len(), 1);
    assert_eq!(
        record.frames[0].end,
        crate::engine::record::FrameEnd::Revert
    );
    // "Not whitelisted" as Error(string).
    assert_eq!(&record.frames[0].output[..4], &[0x08, 0xc3, 0x79, 0xa0]);
}

/// The referee: the local EVM answers only for a contract where it agrees
/// with the node on the plain call; where its state is wrong (here, code it
/// was told is empty), the node's answer stands and nothing local is used.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_referees_the_local_evm() {
    let c = chain().await;
    let agree = AutoExecutor::new(
        NodeExecutor::new(&c.rpc, c.block),
        c.local(Limits::default()),
        true,
    );
    let record = agree
        .trace(&c.mint(c.other), &StateOverride::default())
        .await
        .expect("no endpoint failure");
    assert!(record.is_ok(), "{record:?}");
    assert_eq!(agree.engine(), Engine::Local);

    let wrong = LocalExecutor::new(&c.rpc, c.block, c.env).with_codes([(c.contract, Bytes::new())]);
    let disagree = AutoExecutor::new(NodeExecutor::new(&c.rpc, c.block), wrong, true);
    let traced = disagree
        .trace(&c.mint(c.other), &StateOverride::default())
        .await
        .expect("no endpoint failure");
    assert!(traced.is_err(), "{traced:?}");
    assert!(
        disagree
            .notes()
            .iter()
            .any(|n| n.contains("disagreed with the node")),
        "{:?}",
        disagree.notes()
    );
    // The node still answers the call itself.
    assert!(matches!(
        one(&disagree, c.mint(c.other)).await,
        SimOutcome::Reverted(_)
    ));
}
