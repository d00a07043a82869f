//! `rpccheck explain` through the real binary: a table of inputs and outputs.

mod common;

use alloy::primitives::{U256, address, keccak256};
use alloy::sol_types::{Panic, Revert, SolError};
use common::rpccheck;
use rpccheck::explain::{ExplainKind, Explanation};

fn explain(args: &[&str]) -> (i32, Explanation) {
    let mut all = vec!["explain", "--json"];
    all.extend_from_slice(args);
    let run = rpccheck(&all);
    let e: Explanation = serde_json::from_str(&run.stdout).unwrap_or_else(|err| {
        panic!(
            "{args:?}: not an explanation ({err}): {}\n{}",
            run.stdout, run.stderr
        )
    });
    (run.code, e)
}

fn hex(data: &[u8]) -> String {
    format!("0x{}", hex::encode(data))
}

#[test]
fn known_inputs_and_expected_outputs() {
    let alice = address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    let minter = keccak256("MINTER_ROLE");
    let mut unauthorized =
        keccak256("AccessControlUnauthorizedAccount(address,bytes32)")[..4].to_vec();
    unauthorized.extend([0u8; 12]);
    unauthorized.extend(alice.as_slice());
    unauthorized.extend(minter.as_slice());
    let v4_role = format!(
        "AccessControl: account {} is missing role {minter}",
        alice.to_string().to_lowercase()
    );

    let cases: Vec<(String, ExplainKind, Option<&str>, &str, i32)> = vec![
        (
            hex(&Revert::from("Not whitelisted").abi_encode()),
            ExplainKind::RevertString,
            Some("Error"),
            "Not whitelisted",
            0,
        ),
        (
            hex(&Revert::from("Ownable: caller is not the owner").abi_encode()),
            ExplainKind::RevertString,
            Some("Error"),
            "OpenZeppelin v4 Ownable",
            0,
        ),
        (
            hex(&Revert::from(v4_role).abi_encode()),
            ExplainKind::RevertString,
            Some("Error"),
            "MINTER_ROLE",
            0,
        ),
        (
            hex(&Panic {
                code: U256::from(0x11),
            }
            .abi_encode()),
            ExplainKind::Panic,
            Some("Panic"),
            "overflow",
            0,
        ),
        (
            hex(&Panic {
                code: U256::from(0x32),
            }
            .abi_encode()),
            ExplainKind::Panic,
            Some("Panic"),
            "out of bounds",
            0,
        ),
        (
            hex(&unauthorized),
            ExplainKind::CustomError,
            Some("AccessControlUnauthorizedAccount"),
            "lacks MINTER_ROLE",
            0,
        ),
        (
            "0xe2517d3f".into(),
            ExplainKind::Selector,
            Some("AccessControlUnauthorizedAccount"),
            "AccessControl",
            0,
        ),
        (
            "0x118cdaa7".into(),
            ExplainKind::Selector,
            Some("OwnableUnauthorizedAccount"),
            "owner",
            0,
        ),
        (
            "0x91d14854".into(),
            ExplainKind::Selector,
            Some("hasRole"),
            "hasRole(bytes32,address)",
            0,
        ),
        (
            hex(&Revert::from("GS030").abi_encode()),
            ExplainKind::RevertString,
            Some("Error"),
            "Safe.approveHash: the caller must be one of the owners",
            0,
        ),
        (
            hex(&keccak256("MintZeroQuantity()")[..4]),
            ExplainKind::Selector,
            Some("MintZeroQuantity"),
            "ERC721A",
            0,
        ),
        (
            "-32601".into(),
            ExplainKind::RpcErrorCode,
            Some("Method not found"),
            "-32601",
            0,
        ),
        (
            "-32005".into(),
            ExplainKind::RpcErrorCode,
            Some("Limit exceeded"),
            "limit",
            0,
        ),
        (
            "4001".into(),
            ExplainKind::ProviderErrorCode,
            Some("User Rejected Request"),
            "rejected",
            0,
        ),
        (
            "4902".into(),
            ExplainKind::ProviderErrorCode,
            Some("Unrecognized chain"),
            "wallet_addEthereumChain",
            0,
        ),
        (
            "0xdeadbeef0000000000000000000000000000000000000000000000000000000000000001".into(),
            ExplainKind::Unknown,
            None,
            "0xdeadbeef",
            4,
        ),
        (
            "0x".into(),
            ExplainKind::Unknown,
            None,
            "empty revert data",
            4,
        ),
        (
            "-31999".into(),
            ExplainKind::Unknown,
            None,
            "unknown error code",
            4,
        ),
    ];
    for (input, kind, name, needle, code) in cases {
        let (got_code, e) = explain(&[&input]);
        assert_eq!(e.kind, kind, "{input}: {e:?}");
        assert_eq!(e.name.as_deref(), name, "{input}");
        assert!(
            e.message.contains(needle),
            "{input}: {:?} lacks {needle:?}",
            e.message
        );
        assert_eq!(got_code, code, "{input}");
    }
}

#[test]
fn negative_codes_work_with_and_without_double_dash_and_options_anywhere() {
    for args in [
        vec!["explain", "-32601"],
        vec!["explain", "--", "-32601"],
        vec!["--json", "explain", "-32601"],
        vec!["explain", "-32601", "--json"],
    ] {
        let run = rpccheck(&args);
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
        assert!(
            run.stdout.contains("Method not found"),
            "{args:?}: {}",
            run.stdout
        );
    }
}

#[test]
fn abi_file_adds_errors_and_bad_files_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let artifact = dir.path().join("Gate.json");
    std::fs::write(
        &artifact,
        r#"{"contractName":"Gate","abi":[{"type":"error","name":"TierClosed","inputs":[{"name":"account","type":"address"}]}],"bytecode":"0x"}"#,
    )
    .unwrap();
    let mut data = keccak256("TierClosed(address)")[..4].to_vec();
    data.extend([0u8; 31]);
    data.push(0x42);
    let input = hex(&data);
    let (code, e) = explain(&[&input, "--abi", artifact.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(e.kind, ExplainKind::CustomError);
    assert_eq!(e.name.as_deref(), Some("TierClosed"));
    assert_eq!(e.args, vec!["0x0000000000000000000000000000000000000042"]);
    // Without the ABI it is unknown, with the raw words shown.
    let (code, e) = explain(&[&input]);
    assert_eq!(code, 4);
    assert!(e.message.contains(&input[..10]));

    let missing = rpccheck(&["explain", "0x00", "--abi", "/nonexistent/abi.json"]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert_eq!(missing.stderr.trim().lines().count(), 1);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let run = rpccheck(&["explain", "--json", "0x00", "--abi", bad.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.json()["error"]["kind"], "invalid_input");
    let run = rpccheck(&["explain", "not-hex"]);
    assert_eq!(run.code, 2, "{run:?}");
}
