//! `gather_chain` on alloy's mock transport: the answers of recorded
//! observations (`fixtures/rpc/`) are fed back in request order.

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::transports::mock::Asserter;
use serde_json::Value;

use super::*;
use crate::report::ExitStatus;

use super::replay::{answer_like, fixture};
use crate::rpc::capabilities::replay::answer_probe;

#[tokio::test]
async fn gathers_a_recorded_endpoint_back_into_its_observation() {
    for name in [
        "etc-net-version.json",
        "anvil-31337.json",
        "geth-syncing.json",
    ] {
        let want = fixture(name);
        let rpc = Rpc::mocked(answer_like(&want));
        let got = gather_chain(&rpc, BlockId::Number(BlockNumberOrTag::Latest))
            .await
            .unwrap();
        assert_eq!(got.chain_id, want.chain_id, "{name}");
        assert_eq!(got.net_version, want.net_version, "{name}");
        assert_eq!(got.client_version, want.client_version, "{name}");
        assert_eq!(got.syncing, want.syncing, "{name}");
        assert_eq!(got.head, want.head, "{name}");
        assert_eq!(got.genesis_hash, want.genesis_hash, "{name}");
        assert!(got.unavailable.is_empty(), "{name}: {:?}", got.unavailable);
        assert!(got.batched);
        let caps = want
            .capabilities
            .unwrap_or(super::replay::RECORDED_BEFORE_PROBING);
        assert_eq!(got.capabilities, Some(caps), "{name}");
    }
}

#[tokio::test]
async fn a_method_that_fails_is_noted_and_the_probe_goes_on() {
    let obs = fixture("anvil-31337.json");
    let a = Asserter::new();
    a.push_success(&"0x7a69");
    a.push_failure_msg("the method net_version does not exist");
    a.push_success(&obs.client_version);
    a.push_success(&false);
    a.push_success(&obs.head);
    a.push_success(&Value::Null);
    answer_probe(&a, &super::replay::RECORDED_BEFORE_PROBING, 0);
    let got = gather_chain(&Rpc::mocked(a), BlockId::Number(BlockNumberOrTag::Latest))
        .await
        .unwrap();
    assert_eq!(got.chain_id, 31337);
    assert_eq!(got.net_version, None);
    assert_eq!(got.genesis_hash, None);
    let methods: Vec<&str> = got.unavailable.iter().map(|u| u.method.as_str()).collect();
    assert_eq!(methods, ["net_version"]);
}

#[tokio::test]
async fn no_chain_id_is_an_endpoint_failure() {
    let a = Asserter::new();
    a.push_failure_msg("internal error");
    for _ in 0..5 {
        a.push_success(&Value::Null);
    }
    let err = gather_chain(&Rpc::mocked(a), BlockId::Number(BlockNumberOrTag::Latest))
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), ExitStatus::EndpointFailed);
}
