//! The capability probe on alloy's mock transport: endpoints of every kind are
//! answered as they would answer, and the probe reads them back.

use alloy::rpc::json_rpc::ErrorPayload;
use alloy::transports::mock::Asserter;

use super::replay::{answer_probe, not_found};
use super::*;

const EVERYTHING: Capabilities = Capabilities {
    batch_max: Some(1000),
    debug_trace_call: true,
    state_overrides: true,
    create_access_list: true,
    get_proof: true,
    archive: Some(true),
};

const PUBLIC: Capabilities = Capabilities {
    batch_max: Some(10),
    debug_trace_call: false,
    state_overrides: false,
    create_access_list: true,
    get_proof: true,
    archive: Some(false),
};

#[tokio::test]
async fn every_kind_of_endpoint_is_read_back_from_its_answers() {
    let provider = Capabilities {
        batch_max: Some(100),
        debug_trace_call: false,
        ..EVERYTHING
    };
    let no_batch = Capabilities {
        batch_max: None,
        create_access_list: false,
        get_proof: false,
        ..PUBLIC
    };
    let tiny_batches = Capabilities {
        batch_max: Some(2),
        ..EVERYTHING
    };
    for (caps, head) in [
        (EVERYTHING, 20_000),
        (PUBLIC, 20_000),
        (provider, 500),
        (no_batch, 300),
        (tiny_batches, 129),
        (
            Capabilities {
                archive: None,
                ..EVERYTHING
            },
            0,
        ),
    ] {
        let a = Asserter::new();
        answer_probe(&a, &caps, head);
        let got = probe(&Rpc::mocked(a.clone())).await.unwrap();
        assert_eq!(got, caps, "head {head}");
        assert!(a.read_q().is_empty(), "{caps:?}: answers left over");
    }
}

#[tokio::test]
async fn refusals_in_every_client_s_words_mean_not_served() {
    for (code, message) in [
        (
            -32601,
            "the method debug_traceCall does not exist/is not available",
        ),
        (-32004, "method not supported"),
        (
            -32700,
            "The method debug_traceCall does not exist/is not available",
        ),
        (-32604, "Method not enabled"),
        (-32602, "too many arguments, want at most 2"),
        (-32000, "missing trie node"),
    ] {
        let a = Asserter::new();
        for _ in 0..1000 {
            a.push_success(&"0x10");
        }
        for _ in 0..4 {
            a.push_failure(ErrorPayload {
                code,
                message: message.into(),
                data: None,
            });
        }
        let got = probe(&Rpc::mocked(a)).await.unwrap();
        assert_eq!(
            got,
            Capabilities {
                batch_max: Some(1000),
                debug_trace_call: false,
                state_overrides: false,
                create_access_list: false,
                get_proof: false,
                archive: None,
            },
            "{code} {message}"
        );
    }
}

#[tokio::test]
async fn overrides_a_node_ignores_are_not_served() {
    let a = Asserter::new();
    for _ in 0..1000 {
        a.push_success(&"0x0");
    }
    a.push_success(&serde_json::json!({"structLogs": []}));
    // The third parameter was dropped: no code at the probe address.
    a.push_success(&"0x");
    a.push_success(&serde_json::json!({"accessList": []}));
    a.push_success(&serde_json::json!({}));
    let got = probe(&Rpc::mocked(a)).await.unwrap();
    assert!(!got.state_overrides);
    assert!(got.debug_trace_call && got.create_access_list && got.get_proof);
}

#[tokio::test]
async fn a_transport_failure_or_a_rate_limit_stays_an_error() {
    // The batch is answered, then nothing: the mock's transport error.
    let a = Asserter::new();
    for _ in 0..1000 {
        a.push_success(&"0x0");
    }
    let err = probe(&Rpc::mocked(a)).await.unwrap_err();
    assert!(matches!(err, crate::error::Error::Endpoint { .. }), "{err}");

    let a = Asserter::new();
    for _ in 0..1000 {
        a.push_success(&"0x0");
    }
    a.push_failure(ErrorPayload {
        code: -32005,
        message: "daily request count exceeded, request rate limited".into(),
        data: None,
    });
    for _ in 0..3 {
        a.push_failure(not_found());
    }
    let err = probe(&Rpc::mocked(a)).await.unwrap_err();
    assert!(matches!(err, crate::error::Error::Endpoint { .. }), "{err}");
    assert!(err.to_string().contains("-32005"), "{err}");
}

#[tokio::test]
async fn the_probe_runs_once_per_connection() {
    let a = Asserter::new();
    answer_probe(&a, &PUBLIC, 20_000);
    let rpc = Rpc::mocked(a.clone());
    assert_eq!(rpc.capabilities().await.unwrap(), PUBLIC);
    assert!(a.read_q().is_empty());
    // Nothing more is queued: a second probe would fail.
    assert_eq!(rpc.clone().capabilities().await.unwrap(), PUBLIC);
}

#[test]
fn archive_reads_far_back_on_long_chains_and_not_at_all_on_short_ones() {
    assert_eq!(archive_block(0), None);
    assert_eq!(archive_block(RECENT_STATE), None);
    assert_eq!(archive_block(RECENT_STATE + 1), Some(1));
    assert_eq!(archive_block(ARCHIVE_DEPTH), Some(1));
    assert_eq!(archive_block(25_000), Some(15_000));
}

#[test]
fn the_json_shape_is_cli_md_s() {
    let v = serde_json::to_value(Capabilities {
        batch_max: None,
        archive: None,
        ..PUBLIC
    })
    .unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "archive",
            "batch_max",
            "create_access_list",
            "debug_trace_call",
            "get_proof",
            "state_overrides"
        ]
    );
    assert!(v["batch_max"].is_null() && v["archive"].is_null());
}
