//! The verdict on hand-built observations.

use alloy::primitives::{Address, B256, Bytes, U256};

use super::*;
use crate::allowlist::observe::{
    Change, Counterfactual, FoundFunction, Gate, MerkleCheck, Simulated, TraceStep,
};
use crate::allowlist::report::Reason;
use crate::allowlist::trace::KeyedRead;

/// A reason as its JSON: the fields CLI.md names, as the output carries them.
fn fields(r: &Reason) -> serde_json::Value {
    serde_json::to_value(r).unwrap()
}

fn target() -> TargetObservation {
    TargetObservation {
        contract: Address::repeat_byte(0xcc),
        chain_id: 31337,
        block: 7,
        block_hash: B256::ZERO,
        block_id: alloy::eips::BlockId::number(7),
        header: crate::rpc::block::BlockSummary::default(),
        code_size: 100,
        codes: Vec::new(),
        proxy: None,
        functions: vec![],
        owner: None,
        paused: None,
        merkle_root: None,
        roles: vec![],
        role_logs: Default::default(),
        notes: vec![],
    }
}

fn sim(outcome: SimOutcome) -> Option<Simulated> {
    Some(Simulated {
        call: "mint(uint256)".into(),
        value: U256::ZERO,
        funded: true,
        outcome,
        gas: Some(50_000),
    })
}

fn who() -> AddressObservation {
    AddressObservation::new(Address::repeat_byte(0x11))
}

#[test]
fn no_code_is_denied_with_the_chain() {
    let mut t = target();
    t.code_size = 0;
    let r = judge(&t, &who(), &Decoder::new());
    assert_eq!(r.verdict, Verdict::Denied);
    assert_eq!(r.reasons[0].kind(), ReasonKind::NoCode);
    assert_eq!(fields(&r.reasons[0])["chain_id"], 31337);
}

#[test]
fn a_passing_gate_without_funds_is_only_insufficient_funds() {
    let mut a = who();
    a.simulation = sim(SimOutcome::Success);
    a.balance = Some(U256::ZERO);
    a.gas_price = Some(U256::from(2));
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(r.verdict, Verdict::Denied);
    assert_eq!(r.reasons.len(), 1);
    assert_eq!(r.reasons[0].kind(), ReasonKind::InsufficientFunds);
    assert_eq!(fields(&r.reasons[0])["needed"], "100000");
    a.balance = Some(U256::from(100_000));
    assert_eq!(
        judge(&target(), &a, &Decoder::new()).verdict,
        Verdict::Allowed
    );
}

/// A contract as the address (a timelock calling itself) sends no
/// transaction: it pays no gas, so only a value it cannot pay is short.
#[test]
fn a_contract_as_the_address_pays_no_gas() {
    let mut a = who();
    a.simulation = sim(SimOutcome::Success);
    a.balance = Some(U256::ZERO);
    a.gas_price = Some(U256::from(2));
    a.sends = Some(false);
    assert_eq!(
        judge(&target(), &a, &Decoder::new()).verdict,
        Verdict::Allowed
    );
    a.simulation.as_mut().unwrap().value = U256::from(5);
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(r.reasons[0].kind(), ReasonKind::InsufficientFunds);
    assert_eq!(fields(&r.reasons[0])["needed"], "5");
}

#[test]
fn the_merkle_tree_explains_an_undecoded_revert() {
    let mut a = who();
    a.simulation = sim(SimOutcome::Reverted(Bytes::from(vec![
        0xde, 0xad, 0xbe, 0xef,
    ])));
    a.merkle = Some(MerkleCheck {
        root_file: B256::repeat_byte(1),
        in_tree: false,
        proof_valid: false,
        leaves: 3,
    });
    let r = judge(&target(), &a, &Decoder::new());
    let kinds: Vec<ReasonKind> = r.reasons.iter().map(|x| x.kind()).collect();
    assert_eq!(kinds, vec![ReasonKind::MerkleProofInvalid]);
    assert_eq!(
        r.simulation.unwrap().revert.unwrap().selector.as_deref(),
        Some("0xdeadbeef")
    );
}

/// The address's entry of the mapping at slot 2, read as zero.
fn zero_entry() -> KeyedRead {
    KeyedRead {
        account: Address::repeat_byte(0xcc),
        slot: B256::repeat_byte(9),
        value: B256::ZERO,
        base_slot: B256::from(U256::from(2)),
        outer_keys: vec![],
        packed: false,
        ..Default::default()
    }
}

#[test]
fn a_bare_revert_without_trace_is_unknown_and_with_a_zero_keyed_read_is_not_allowlisted() {
    let mut a = who();
    a.simulation = sim(SimOutcome::Reverted(Bytes::new()));
    a.trace = TraceStep::Unavailable("-32601".into());
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(r.reasons[0].kind(), ReasonKind::Unknown);
    assert!(
        r.evidence
            .iter()
            .any(|e| e.source == "trace" && e.detail.contains("unavailable"))
    );
    let read = zero_entry();
    a.trace = TraceStep::Derived {
        from: Address::repeat_byte(0x22),
        read: read.clone(),
    };
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(r.reasons[0].kind(), ReasonKind::NotAllowlisted);
    assert_eq!(
        fields(&r.reasons[0])["slot"],
        B256::repeat_byte(9).to_string()
    );
    // A derived entry that reads non-zero is not the culprit.
    let mut set = read;
    set.value = B256::from(U256::from(1));
    a.trace = TraceStep::Derived {
        from: Address::repeat_byte(0x22),
        read: set,
    };
    assert_eq!(
        judge(&target(), &a, &Decoder::new()).reasons[0].kind(),
        ReasonKind::Unknown
    );
}

/// Out of gas is said as such (`unknown`, never a gate, with the gas it had);
/// another halt (a pre-0.8 `assert`, an invalid opcode) is judged as a bare
/// revert: the same zero keyed read names the allowlist; a bound is inconclusive.
#[test]
fn halts_are_said_as_they_are_and_a_bound_is_inconclusive() {
    use crate::engine::{Bound, Halt};
    let mut a = who();
    a.simulation = sim(SimOutcome::Halted {
        halt: Halt::OutOfGas,
        gas: Some(30_000_000),
    });
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!((r.verdict, r.reasons.len()), (Verdict::Denied, 1));
    assert_eq!(r.reasons[0].kind(), ReasonKind::Unknown);
    assert!(
        r.reasons[0]
            .message
            .contains("ran out of gas (it does not finish within 30000000 gas)"),
        "{:?}",
        r.reasons
    );
    a.simulation = sim(SimOutcome::Halted {
        halt: Halt::InvalidOpcode,
        gas: Some(30_000_000),
    });
    a.trace = TraceStep::Derived {
        from: Address::repeat_byte(0x22),
        read: zero_entry(),
    };
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(r.reasons[0].kind(), ReasonKind::NotAllowlisted);
    assert!(
        r.evidence
            .iter()
            .any(|e| e.detail.contains("hit an invalid opcode"))
    );
    a.simulation = sim(SimOutcome::Bounded(Bound::Steps(20_000_000)));
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(r.verdict, Verdict::Inconclusive);
    assert!(
        r.evidence
            .iter()
            .any(|e| e.source == "bound" && e.detail.contains("20000000 EVM steps"))
    );
}

#[test]
fn without_a_call_the_hint_names_gated_functions_not_admin_ones() {
    let mut t = target();
    let f = |sig: &str, view| FoundFunction {
        selector: alloy::json_abi::Function::parse(sig).unwrap().selector(),
        signature: Some(sig.into()),
        view: Some(view),
    };
    t.functions = vec![
        // Named, but not an access function: never offered as the gated call.
        f("approve(address,uint256)", false),
        f("grantRole(bytes32,address)", false),
        f("mint(uint256)", false),
        f("hasRole(bytes32,address)", true),
    ];
    let r = judge(&t, &who(), &Decoder::new());
    assert_eq!(r.verdict, Verdict::Inconclusive);
    let hint = r.evidence.iter().find(|e| e.source == "hint").unwrap();
    assert!(
        hint.detail.contains("mint(uint256)")
            && !hint.detail.contains("grantRole")
            && !hint.detail.contains("approve"),
        "{}",
        hint.detail
    );
    // A getter that says no decides it.
    let mut a = who();
    a.getters.push(("isAllowlisted(address)".into(), false));
    assert_eq!(judge(&t, &a, &Decoder::new()).verdict, Verdict::Denied);
    t.paused = Some(true);
    let mut a = who();
    a.getters.push(("isAllowlisted(address)".into(), true));
    let r = judge(&t, &a, &Decoder::new());
    assert_eq!(r.reasons[0].kind(), ReasonKind::Paused);
}

fn reverted_with(data: Vec<u8>) -> AddressObservation {
    let mut a = who();
    a.simulation = sim(SimOutcome::Reverted(Bytes::from(data)));
    a.balance = Some(U256::MAX);
    a
}

#[test]
fn a_role_revert_is_missing_role_with_the_role() {
    use crate::explain::signatures::OzAccessV5::AccessControlUnauthorizedAccount;
    use alloy::sol_types::SolError;
    let role = alloy::primitives::keccak256("MINTER_ROLE");
    let data = AccessControlUnauthorizedAccount {
        account: Address::repeat_byte(0x11),
        neededRole: role,
    }
    .abi_encode();
    let r = judge(&target(), &reverted_with(data), &Decoder::new());
    assert_eq!(r.verdict, Verdict::Denied);
    assert_eq!(r.reasons.len(), 1, "{:?}", r.reasons);
    assert_eq!(r.reasons[0].kind(), ReasonKind::MissingRole);
    assert_eq!(fields(&r.reasons[0])["role"], role.to_string());
    assert_eq!(fields(&r.reasons[0])["role_name"], "MINTER_ROLE");
}

#[test]
fn an_owner_revert_is_not_owner_naming_the_owner() {
    use crate::explain::signatures::OzAccessV5::OwnableUnauthorizedAccount;
    use alloy::sol_types::SolError;
    let mut t = target();
    let owner = Address::repeat_byte(0xaa);
    t.owner = Some(owner);
    let data = OwnableUnauthorizedAccount {
        account: Address::repeat_byte(0x11),
    }
    .abi_encode();
    let r = judge(&t, &reverted_with(data), &Decoder::new());
    assert_eq!(r.reasons.len(), 1, "{:?}", r.reasons);
    assert_eq!(r.reasons[0].kind(), ReasonKind::NotOwner);
    assert_eq!(fields(&r.reasons[0])["owner"], owner.to_checksum(None));
}

#[test]
fn another_decoded_revert_is_reverted_with_its_message() {
    use alloy::sol_types::{Revert, SolError};
    let data = Revert::from("Wrong price").abi_encode();
    let r = judge(&target(), &reverted_with(data), &Decoder::new());
    assert_eq!(r.reasons.len(), 1, "{:?}", r.reasons);
    assert_eq!(r.reasons[0].kind(), ReasonKind::Reverted);
    assert!(
        r.reasons[0].message.contains("Wrong price"),
        "{:?}",
        r.reasons
    );
}

#[test]
fn the_nodes_funds_refusal_is_insufficient_funds() {
    let mut a = who();
    a.simulation = sim(SimOutcome::Unfunded(
        "error -32000: insufficient balance".into(),
    ));
    a.balance = Some(U256::ZERO);
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(r.verdict, Verdict::Denied);
    assert_eq!(r.reasons.len(), 1, "{:?}", r.reasons);
    assert_eq!(r.reasons[0].kind(), ReasonKind::InsufficientFunds);
}

#[test]
fn unknown_gas_is_at_least_the_intrinsic_gas_never_zero() {
    let mut a = who();
    a.simulation = sim(SimOutcome::Success);
    if let Some(s) = a.simulation.as_mut() {
        s.gas = None;
    }
    a.gas_price = Some(U256::from(1));
    a.balance = Some(U256::from(20_999));
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(r.reasons[0].kind(), ReasonKind::InsufficientFunds);
    assert_eq!(fields(&r.reasons[0])["needed"], "21000");
    a.balance = Some(U256::from(21_000));
    assert_eq!(
        judge(&target(), &a, &Decoder::new()).verdict,
        Verdict::Allowed
    );
}

#[test]
fn a_merkle_file_alone_allows_nothing_and_a_failed_call_is_never_allowed() {
    let mut a = who();
    a.merkle = Some(MerkleCheck {
        root_file: B256::repeat_byte(7),
        in_tree: true,
        proof_valid: true,
        leaves: 4,
    });
    // No call, the contract's root unread: the file's word is not the chain's.
    assert_eq!(
        judge(&target(), &a, &Decoder::new()).verdict,
        Verdict::Inconclusive
    );
    // The contract's root read and equal: allowed.
    let mut t = target();
    t.merkle_root = Some(("merkleRoot()".into(), B256::repeat_byte(7)));
    assert_eq!(judge(&t, &a, &Decoder::new()).verdict, Verdict::Allowed);
    // ... but not when the call itself could not be simulated.
    a.simulation = sim(SimOutcome::Failed("error -32603: internal error".into()));
    assert_eq!(
        judge(&t, &a, &Decoder::new()).verdict,
        Verdict::Inconclusive
    );
}

mod evidence;

/// The functions a contract grants a role with, from its selectors' names: the
/// standard `grantRole` and the project's own for that role first; without
/// them, one that grants a role or sets a user's; never one that grants
/// another role or administers roles.
#[test]
fn granting_functions_are_read_from_the_names_of_a_contracts_selectors() {
    let found = |sigs: &[&str]| -> Vec<FoundFunction> {
        sigs.iter()
            .map(|s| FoundFunction {
                selector: alloy::json_abi::Function::parse(s).unwrap().selector(),
                signature: Some((*s).to_owned()),
                view: Some(false),
            })
            .collect()
    };
    // An ACL manager (Aave's): AccessControl plus a function per role.
    let acl = found(&[
        "addEmergencyAdmin(address)",
        "setRoleAdmin(bytes32,bytes32)",
        "addPoolAdmin(address)",
        "grantRole(bytes32,address)",
        "hasRole(bytes32,address)",
    ]);
    assert_eq!(
        super::remedy::granting(&acl, Some("POOL_ADMIN_ROLE")),
        vec!["grantRole(bytes32,address)", "addPoolAdmin(address)"]
    );
    // A role authority (solmate's): the user's roles set, not a role's capability.
    let authority = found(&[
        "setRoleCapability(uint8,address,bytes4,bool)",
        "setUserRole(address,uint8,bool)",
        "setPublicCapability(address,bytes4,bool)",
    ]);
    assert_eq!(
        super::remedy::granting(&authority, None),
        vec!["setUserRole(address,uint8,bool)"]
    );
    // An access manager: its own grantRole.
    let manager = found(&[
        "grantRole(uint64,address,uint32)",
        "labelRole(uint64,string)",
    ]);
    assert_eq!(
        super::remedy::granting(&manager, Some("role 5")),
        vec!["grantRole(uint64,address,uint32)"]
    );
    assert!(super::remedy::granting(&found(&["owner()"]), None).is_empty());
}
