use alloy::primitives::{Address, U256, address, keccak256};
use alloy::sol_types::{Panic, Revert, SolError};

use super::signatures::OzAccessV5;
use super::*;

fn decoder() -> Decoder {
    Decoder::new()
}

/// Revert data of an argument-less error: its selector, computed from the signature.
fn bare_error(signature: &str) -> Vec<u8> {
    keccak256(signature)[..4].to_vec()
}

/// `Error(string)` revert data.
fn revert_data(reason: &str) -> Vec<u8> {
    Revert::from(reason).abi_encode()
}

/// The kind of the gate the generated tables name, if any.
fn gate_kind(e: &Explanation) -> Option<&str> {
    e.gate.as_ref().map(|g| g.kind.as_str())
}

/// A `missing_role` gate naming `account` and `role`.
fn assert_role(e: &Explanation, account: Address, role: B256) {
    let g = e.gate.as_ref().expect("a gate");
    assert_eq!(g.kind, "missing_role");
    assert_eq!(g.account, Some(account));
    assert_eq!(g.field("role"), Some(role.to_string().as_str()));
}

const ALICE: Address = address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

#[test]
fn decodes_revert_strings_and_v4_access_strings() {
    let data = Revert::from("Ownable: caller is not the owner").abi_encode();
    let e = decoder().decode_revert(&data);
    assert_eq!(e.kind, ExplainKind::RevertString);
    assert_eq!(e.args, vec!["Ownable: caller is not the owner"]);
    assert_eq!(gate_kind(&e), Some("not_owner"));

    let role = keccak256("MINTER_ROLE");
    let s = format!(
        "AccessControl: account {} is missing role {role}",
        ALICE.to_string().to_lowercase()
    );
    let e = decoder().decode_revert(&Revert::from(s).abi_encode());
    assert_role(&e, ALICE, role);
    assert!(e.message.contains("MINTER_ROLE"), "{}", e.message);

    let e = decoder().decode_revert(&Revert::from("Pausable: paused").abi_encode());
    assert_eq!(gate_kind(&e), Some("paused"));

    let e = decoder().decode_revert(&Revert::from("Not whitelisted").abi_encode());
    assert_eq!(e.kind, ExplainKind::RevertString);
    assert_eq!(gate_kind(&e), None, "a string no table holds names no gate");
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
    assert_role(&e, ALICE, role);
    assert!(e.message.contains("lacks MINTER_ROLE"), "{}", e.message);

    let data = OzAccessV5::OwnableUnauthorizedAccount { account: ALICE }.abi_encode();
    let e = decoder().decode_revert(&data);
    assert_eq!(gate_kind(&e), Some("not_owner"));
    assert_eq!(e.gate.as_ref().and_then(|g| g.account), Some(ALICE));
    assert!(e.message.contains("is not the owner"), "{}", e.message);

    let e = decoder().decode_revert(&bare_error("EnforcedPause()"));
    assert_eq!(gate_kind(&e), Some("paused"));

    let e = decoder().decode_revert(&bare_error("Unauthorized()"));
    assert_eq!(e.name.as_deref(), Some("Unauthorized"));
    assert!(e.message.contains("Solady"), "{}", e.message);
    assert!(
        e.message.contains("The caller is not authorized"),
        "{}",
        e.message
    );
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

#[test]
fn every_generated_error_parses_and_reads_back_its_signature() {
    let rows = tables::errors();
    assert!(rows.len() > 400, "only {} generated errors", rows.len());
    for row in rows {
        let e = row
            .abi_error()
            .unwrap_or_else(|| panic!("{} does not parse", row.signature));
        assert_eq!(e.signature(), row.signature);
        assert_eq!(
            e.selector(),
            Selector::from_slice(&keccak256(&row.signature)[..4])
        );
        assert!(
            !row.declared.is_empty(),
            "{} has no declaration",
            row.signature
        );
        for d in &row.declared {
            for id in &d.packages {
                assert!(
                    tables::package(id).is_some(),
                    "{id} is not a listed package"
                );
            }
        }
    }
    // Sorted by signature: the table and every collision list are deterministic.
    assert!(rows.windows(2).all(|w| w[0].signature < w[1].signature));
    for list in signatures::errors().values() {
        assert!(
            list.windows(2)
                .all(|w| w[0].error.signature() <= w[1].error.signature())
        );
    }
    assert!(tables::revert_string_count() > 500);
    let projects: Vec<&str> = tables::packages()
        .iter()
        .map(|p| p.project.as_str())
        .collect();
    for want in [
        "OpenZeppelin v4",
        "OpenZeppelin v5",
        "Safe",
        "thirdweb",
        "Zora drops",
        "Manifold",
        "ERC721A",
        "Solady",
        "Chainlink",
        "Permit2",
    ] {
        assert!(projects.contains(&want), "{want} missing from {projects:?}");
    }
}

#[test]
fn the_typed_access_errors_are_the_generated_ones() {
    for (sel, sig) in [
        (
            OzAccessV5::AccessControlUnauthorizedAccount::SELECTOR,
            "AccessControlUnauthorizedAccount(address,bytes32)",
        ),
        (
            OzAccessV5::OwnableUnauthorizedAccount::SELECTOR,
            "OwnableUnauthorizedAccount(address)",
        ),
    ] {
        let known = signatures::errors()
            .get(&Selector::from(sel))
            .unwrap_or_else(|| panic!("{sig} not in the generated table"));
        assert!(known.iter().any(|k| k.error.signature() == sig));
    }
    // The standard access errors are in the table by name, with their package.
    for name in [
        "AccessControlUnauthorizedAccount",
        "OwnableUnauthorizedAccount",
        "EnforcedPause",
    ] {
        let found = signatures::errors_named(name);
        assert!(
            found.iter().any(|k| k.origin.contains("OpenZeppelin v5")),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn erc721a_errors_decode_with_their_natspec_and_where_they_are_raised() {
    let e = decoder().decode_revert(&bare_error("MintZeroQuantity()"));
    assert_eq!(e.kind, ExplainKind::CustomError);
    assert_eq!(e.name.as_deref(), Some("MintZeroQuantity"));
    assert!(e.message.contains("ERC721A"), "{}", e.message);
    assert!(
        e.message.contains("must be more than zero"),
        "{}",
        e.message
    );
    assert!(e.message.contains("`quantity == 0`"), "{}", e.message);
    assert!(e.message.contains("erc721a@4.3.0"), "{}", e.message);

    // ERC721A's real name (…NorApproved), as its package declares it.
    let e = decoder().decode_revert(&bare_error("TransferCallerNotOwnerNorApproved()"));
    assert_eq!(
        e.name.as_deref(),
        Some("TransferCallerNotOwnerNorApproved"),
        "{}",
        e.message
    );
    assert!(e.message.contains("ERC721A"), "{}", e.message);
}

#[test]
fn project_errors_of_thirdweb_zora_and_permit2_decode() {
    let e = decoder().decode_revert(&bare_error("DropNoActiveCondition()"));
    assert_eq!(e.name.as_deref(), Some("DropNoActiveCondition"));
    assert!(e.message.contains("thirdweb"), "{}", e.message);
    assert!(
        e.message.contains("No active claim condition"),
        "{}",
        e.message
    );

    let e = decoder().decode_revert(&bare_error("Sale_Inactive()"));
    assert_eq!(e.name.as_deref(), Some("Sale_Inactive"));
    assert!(e.message.contains("Zora drops"), "{}", e.message);

    let mut data = bare_error("AllowanceExpired(uint256)");
    data.extend(U256::from(1_700_000_000u64).to_be_bytes::<32>());
    let e = decoder().decode_revert(&data);
    assert_eq!(e.name.as_deref(), Some("AllowanceExpired"));
    assert_eq!(e.args, vec!["1700000000"]);
    assert!(e.message.contains("Permit2"), "{}", e.message);
    assert!(e.message.contains("expired"), "{}", e.message);
}

#[test]
fn openzeppelin_4_preset_and_pausable_strings_are_named_from_the_source() {
    let e = decoder().decode_revert(&revert_data(
        "ERC721PresetMinterPauserAutoId: must have minter role to mint",
    ));
    assert_eq!(e.kind, ExplainKind::RevertString);
    for want in [
        "OpenZeppelin v4 ERC721PresetMinterPauserAutoId.mint",
        "the caller must have MINTER_ROLE",
        "condition `hasRole(MINTER_ROLE, _msgSender())` failed",
        "@openzeppelin/contracts 4.4.2–4.9.6",
    ] {
        assert!(e.message.contains(want), "{want:?} not in {}", e.message);
    }
    // The generated table's hint, from the condition and the words.
    assert_eq!(gate_kind(&e), Some("missing_role"));

    let e = decoder().decode_revert(&revert_data("ERC20Pausable: token transfer while paused"));
    assert!(
        e.message
            .contains("ERC20Pausable._beforeTokenTransfer: the contract must not be paused"),
        "{}",
        e.message
    );
    assert_eq!(gate_kind(&e), Some("paused"));

    // OpenZeppelin 4's own Ownable and Pausable strings state their gate.
    let e = decoder().decode_revert(&revert_data("Pausable: paused"));
    assert_eq!(gate_kind(&e), Some("paused"));
    assert!(
        e.message.contains("OpenZeppelin v4 Pausable"),
        "{}",
        e.message
    );
}

#[test]
fn chainlink_and_manifold_owner_strings_are_named() {
    let e = decoder().decode_revert(&revert_data("Only callable by owner"));
    assert!(
        e.message.contains(
            "Chainlink ConfirmedOwnerWithProposal._validateOwnership: the caller must be the owner"
        ),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("`msg.sender == s_owner`"),
        "{}",
        e.message
    );
    assert_eq!(gate_kind(&e), Some("not_owner"));

    let e = decoder().decode_revert(&revert_data("AdminControl: Must be owner or admin"));
    assert!(
        e.message
            .contains("Manifold AdminControl modifier adminRequired"),
        "{}",
        e.message
    );
    assert!(e.message.contains("one of the admins"), "{}", e.message);
}

#[test]
fn safe_codes_carry_their_generated_meaning() {
    let e = decoder()
        .explain_input(&format!("0x{}", hex::encode(revert_data("GS030"))))
        .unwrap();
    assert_eq!(e.kind, ExplainKind::RevertString);
    assert_eq!(e.args, vec!["GS030"]);
    for want in [
        "Safe Safe.approveHash",
        "the caller must be one of the owners",
        "`owners[msg.sender] != address(0)`",
        "@safe-global/safe-contracts@1.4.1",
        "@safe-global/safe-smart-account@1.5.0",
    ] {
        assert!(e.message.contains(want), "{want:?} not in {}", e.message);
    }
    // Every GSxxx code the Safe sources use is in the table, each with a condition or a
    // meaning from the code.
    let mut codes = 0;
    for n in 0..=999 {
        let code = format!("GS{n:03}");
        if let Some(sites) = tables::revert_string(&code) {
            codes += 1;
            assert!(
                sites
                    .iter()
                    .all(|s| s.packages.iter().any(|p| p.starts_with("safe"))),
                "{code}"
            );
            assert!(
                sites
                    .iter()
                    .any(|s| s.condition.is_some() || !s.meaning.is_empty()),
                "{code}"
            );
        }
    }
    assert!(codes >= 30, "only {codes} GS codes");
}

#[test]
fn a_selector_collision_is_shown_not_dropped() {
    // Two signatures with one selector (a well-known pair): both are kept and named.
    let a = "transferFrom(address,address,uint256)";
    let b = "gasprice_bit_ether(int128)";
    assert_eq!(keccak256(a)[..4], keccak256(b)[..4]);
    let abi_json = r#"[
        {"type":"error","name":"transferFrom","inputs":[{"name":"from","type":"address"},{"name":"to","type":"address"},{"name":"value","type":"uint256"}]},
        {"type":"error","name":"gasprice_bit_ether","inputs":[{"name":"x","type":"int128"}]}
    ]"#;
    let d = Decoder::new().with_abi(&parse_abi(abi_json).unwrap());
    let sel = Selector::from_slice(&keccak256(a)[..4]);
    let e = d.explain_selector(sel);
    assert!(e.args.iter().any(|x| x.contains(a)), "{:?}", e.args);
    assert!(e.args.iter().any(|x| x.contains(b)), "{:?}", e.args);

    let mut data = sel.to_vec();
    data.extend([0u8; 12]);
    data.extend(ALICE.as_slice());
    data.extend([0u8; 12]);
    data.extend(ALICE.as_slice());
    data.extend(U256::from(5).to_be_bytes::<32>());
    let e = d.decode_revert(&data);
    assert_eq!(e.kind, ExplainKind::CustomError);
    assert!(e.message.contains("collision"), "{}", e.message);
    let other = if e.name.as_deref() == Some("transferFrom") {
        b
    } else {
        a
    };
    assert!(e.message.contains(other), "{}", e.message);
}
