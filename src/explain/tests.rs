use alloy::primitives::{Address, U256, address, keccak256};
use alloy::sol_types::{Panic, Revert, SolError};

use super::signatures::{OzAccessV5, OzSecurityV5, Solady};
use super::*;

fn decoder() -> Decoder {
    Decoder::new()
}

const ALICE: Address = address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

#[test]
fn decodes_revert_strings_and_v4_access_strings() {
    let data = Revert::from("Ownable: caller is not the owner").abi_encode();
    let e = decoder().decode_revert(&data);
    assert_eq!(e.kind, ExplainKind::RevertString);
    assert_eq!(e.args, vec!["Ownable: caller is not the owner"]);
    assert_eq!(e.access, Some(AccessDenial::NotOwner { account: None }));

    let role = keccak256("MINTER_ROLE");
    let s = format!(
        "AccessControl: account {} is missing role {role}",
        ALICE.to_string().to_lowercase()
    );
    let e = decoder().decode_revert(&Revert::from(s).abi_encode());
    assert_eq!(
        e.access,
        Some(AccessDenial::MissingRole {
            account: Some(ALICE),
            role
        })
    );
    assert!(e.message.contains("MINTER_ROLE"), "{}", e.message);

    let e = decoder().decode_revert(&Revert::from("Pausable: paused").abi_encode());
    assert_eq!(e.access, Some(AccessDenial::Paused));

    let e = decoder().decode_revert(&Revert::from("Not whitelisted").abi_encode());
    assert_eq!(e.kind, ExplainKind::RevertString);
    assert_eq!(e.access, None);
}

#[test]
fn decodes_every_panic_code() {
    for code in [
        0x00u64, 0x01, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32, 0x41, 0x51,
    ] {
        let data = Panic {
            code: U256::from(code),
        }
        .abi_encode();
        let e = decoder().decode_revert(&data);
        assert_eq!(e.kind, ExplainKind::Panic);
        assert!(!e.message.contains("unknown"), "{code:#x}: {}", e.message);
    }
    let e = decoder().decode_revert(
        &Panic {
            code: U256::from(0x99),
        }
        .abi_encode(),
    );
    assert!(e.message.contains("unknown panic code"));
}

#[test]
fn decodes_builtin_custom_errors_with_access_meaning() {
    let role = keccak256("MINTER_ROLE");
    let data = OzAccessV5::AccessControlUnauthorizedAccount {
        account: ALICE,
        neededRole: role,
    }
    .abi_encode();
    let e = decoder().decode_revert(&data);
    assert_eq!(e.kind, ExplainKind::CustomError);
    assert_eq!(e.name.as_deref(), Some("AccessControlUnauthorizedAccount"));
    assert_eq!(e.args, vec![ALICE.to_checksum(None), role.to_string()]);
    assert_eq!(
        e.access,
        Some(AccessDenial::MissingRole {
            account: Some(ALICE),
            role
        })
    );

    let data = OzAccessV5::OwnableUnauthorizedAccount { account: ALICE }.abi_encode();
    assert_eq!(
        decoder().decode_revert(&data).access,
        Some(AccessDenial::NotOwner {
            account: Some(ALICE)
        })
    );

    let data = OzSecurityV5::EnforcedPause {}.abi_encode();
    assert_eq!(
        decoder().decode_revert(&data).access,
        Some(AccessDenial::Paused)
    );

    let data = Solady::Unauthorized {}.abi_encode();
    let e = decoder().decode_revert(&data);
    assert_eq!(e.name.as_deref(), Some("Unauthorized"));
    assert!(e.message.contains("Solady"), "{}", e.message);
}

#[test]
fn builtin_table_covers_the_families() {
    let names: Vec<String> = signatures::errors()
        .values()
        .flatten()
        .map(|k| k.error.name.clone())
        .collect();
    for want in [
        "AccessControlUnauthorizedAccount",
        "OwnableUnauthorizedAccount",
        "EnforcedPause",
        "InvalidInitialization",
        "ReentrancyGuardReentrantCall",
        "ERC20InsufficientBalance",
        "ERC721NonexistentToken",
        "ERC1155MissingApprovalForAll",
        "ERC1967InvalidImplementation",
        "UUPSUnauthorizedCallContext",
        "Unauthorized",
        "Reentrancy",
        "NotOwnerNorApproved",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} missing");
    }
    // Every built-in error has an explanation.
    for k in signatures::errors().values().flatten() {
        assert!(
            !k.meaning.is_empty(),
            "{} has no meaning",
            k.error.signature()
        );
    }
}

#[test]
fn names_selectors_of_errors_and_functions() {
    let e = decoder().explain_input("0xe2517d3f").unwrap();
    assert_eq!(e.kind, ExplainKind::Selector);
    assert_eq!(e.name.as_deref(), Some("AccessControlUnauthorizedAccount"));
    let has_role = alloy::primitives::keccak256("hasRole(bytes32,address)");
    let e = decoder()
        .explain_input(&format!("0x{}", hex::encode(&has_role[..4])))
        .unwrap();
    assert_eq!(e.name.as_deref(), Some("hasRole"));
    let e = decoder().explain_input("0x12345678").unwrap();
    assert_eq!(e.kind, ExplainKind::Unknown);
    assert_eq!(e.exit_code(), crate::report::ExitStatus::Inconclusive);
}

#[test]
fn unknown_data_shows_selector_and_words() {
    let mut data = vec![0xde, 0xad, 0xbe, 0xef];
    data.extend([0u8; 31]);
    data.push(7);
    let e = decoder().decode_revert(&data);
    assert_eq!(e.kind, ExplainKind::Unknown);
    assert!(e.message.contains("0xdeadbeef"));
    assert_eq!(e.args.len(), 1);
    assert!(
        decoder()
            .decode_revert(&[])
            .message
            .contains("empty revert data")
    );
}

#[test]
fn codes_and_bad_input() {
    for (input, kind) in [
        ("-32601", ExplainKind::RpcErrorCode),
        ("-32005", ExplainKind::RpcErrorCode),
        ("4001", ExplainKind::ProviderErrorCode),
        ("4902", ExplainKind::ProviderErrorCode),
        ("12345", ExplainKind::Unknown),
    ] {
        assert_eq!(
            decoder().explain_input(input).unwrap().kind,
            kind,
            "{input}"
        );
    }
    assert!(decoder().explain_input("nonsense").is_err());
    assert!(decoder().explain_input("0xzz").is_err());
}

#[test]
fn user_abi_adds_errors_and_accepts_artifacts() {
    let abi_json = r#"[{"type":"error","name":"NotAllowlisted","inputs":[{"name":"account","type":"address"}]}]"#;
    let artifact = format!(r#"{{"contractName":"X","abi":{abi_json},"bytecode":"0x"}}"#);
    for text in [abi_json.to_owned(), artifact] {
        let abi = parse_abi(&text).unwrap();
        let d = Decoder::new().with_abi(&abi);
        let sel = &keccak256("NotAllowlisted(address)")[..4];
        let mut data = sel.to_vec();
        data.extend([0u8; 12]);
        data.extend(ALICE.as_slice());
        let e = d.decode_revert(&data);
        assert_eq!(e.kind, ExplainKind::CustomError);
        assert_eq!(e.args, vec![ALICE.to_checksum(None)]);
    }
    assert!(parse_abi("{}").is_err());
    assert!(parse_abi("not json").is_err());
    assert!(parse_abi(r#"{"abi": 5}"#).is_err());
}
