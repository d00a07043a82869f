//! Storage evidence over the revert's words: a confirmed counterfactual names
//! the gate, with its fields and remedy; a project's own error names its gate.

use alloy::primitives::{Address, B256, Bytes, U256};

use super::*;

/// `Error(string)` revert data of `msg`.
fn revert_string(msg: &str) -> Bytes {
    use alloy::sol_types::SolError;
    alloy::sol_types::Revert::from(msg).abi_encode().into()
}

fn confirmed(gate: Gate) -> Counterfactual {
    Counterfactual {
        what: "a change".into(),
        meaning: "access would be granted".into(),
        change: Change::Slot {
            account: Address::repeat_byte(0xcc),
            slot: B256::repeat_byte(5),
            value: B256::ZERO,
        },
        success: true,
        gate,
    }
}

fn kinds(r: &AllowlistReport) -> Vec<ReasonKind> {
    r.reasons.iter().map(|x| x.kind()).collect()
}

fn confirms(r: &AllowlistReport) -> String {
    r.evidence
        .iter()
        .find(|e| e.source == "counterfactual")
        .map(|e| e.detail.clone())
        .unwrap_or_default()
}

#[test]
fn the_owner_slot_that_decided_names_not_owner_whatever_the_revert_says() {
    let mut t = target();
    t.owner = Some(Address::repeat_byte(0xaa));
    let mut a = who();
    // Chainlink's ConfirmedOwner words.
    a.simulation = sim(SimOutcome::Reverted(revert_string(
        "Only callable by owner",
    )));
    // Without a counterfactual, the project's own words name the gate where
    // the generated tables give them one (Chainlink's: `msg.sender == s_owner`).
    let r = judge(&t, &a, &Decoder::new());
    assert_eq!(kinds(&r), vec![ReasonKind::NotOwner]);
    // Words no project's tables give a gate name none.
    a.simulation = sim(SimOutcome::Reverted(revert_string("no such luck")));
    assert_eq!(
        kinds(&judge(&t, &a, &Decoder::new())),
        vec![ReasonKind::Reverted]
    );
    a.simulation = sim(SimOutcome::Reverted(revert_string(
        "Only callable by owner",
    )));
    a.counterfactuals = vec![confirmed(Gate::Owner)];
    a.confirmed = Some(Gate::Owner);
    let r = judge(&t, &a, &Decoder::new());
    assert_eq!(kinds(&r), vec![ReasonKind::NotOwner]);
    assert_eq!(
        fields(&r.reasons[0])["owner"],
        Address::repeat_byte(0xaa).to_checksum(None)
    );
    assert!(r.reasons[0].message.contains("Only callable by owner"));
    assert!(
        confirms(&r).ends_with("(confirms not_owner)"),
        "{}",
        confirms(&r)
    );
}

#[test]
fn a_role_membership_entry_that_decided_names_missing_role() {
    let minter = alloy::primitives::keccak256("MINTER_ROLE");
    let mut t = target();
    t.roles = vec![(minter, Some("MINTER_ROLE".into()))];
    let mut a = who();
    // An OpenZeppelin 4.x preset's words.
    a.simulation = sim(SimOutcome::Reverted(revert_string(
        "ERC721PresetMinterPauserAutoId: must have minter role to mint",
    )));
    let entry = |outer: B256| {
        let mut an = crate::allowlist::trace::TraceAnalysis::default();
        an.keyed_reads.push(KeyedRead {
            account: Address::repeat_byte(0xcc),
            slot: B256::repeat_byte(9),
            value: B256::ZERO,
            base_slot: B256::ZERO,
            outer_keys: vec![outer],
            packed: false,
            ..Default::default()
        });
        TraceStep::Done(an)
    };
    a.trace = entry(minter);
    a.counterfactuals = vec![confirmed(Gate::Entry)];
    a.confirmed = Some(Gate::Entry);
    let r = judge(&t, &a, &Decoder::new());
    assert_eq!(kinds(&r), vec![ReasonKind::MissingRole], "{:?}", r.reasons);
    assert_eq!(fields(&r.reasons[0])["role_name"], "MINTER_ROLE");
    assert_eq!(fields(&r.reasons[0])["role"], minter.to_string());
    // Nested under a key that is no role of the contract: an allowlist entry.
    a.trace = entry(B256::from(U256::from(2)));
    let r = judge(&t, &a, &Decoder::new());
    assert_eq!(kinds(&r), vec![ReasonKind::NotAllowlisted]);
    assert_eq!(
        fields(&r.reasons[0])["slot"],
        B256::repeat_byte(9).to_string()
    );
}

#[test]
fn the_paused_flag_that_decided_names_paused() {
    let mut t = target();
    t.paused = Some(true);
    let mut a = who();
    a.simulation = sim(SimOutcome::Reverted(revert_string(
        "ERC20Pausable: token transfer while paused",
    )));
    a.counterfactuals = vec![confirmed(Gate::Paused)];
    a.confirmed = Some(Gate::Paused);
    let r = judge(&t, &a, &Decoder::new());
    assert_eq!(kinds(&r), vec![ReasonKind::Paused]);
    assert!(!confirms(&r).contains("reverted"), "{}", confirms(&r));
}

#[test]
fn a_shape_confirmed_elsewhere_decides_only_where_this_address_entry_is_unset() {
    let mut a = who();
    a.simulation = sim(SimOutcome::Reverted(revert_string("not yet")));
    a.confirmed = Some(Gate::Entry);
    let read = KeyedRead {
        account: Address::repeat_byte(0xcc),
        slot: B256::repeat_byte(9),
        value: B256::from(U256::from(1)),
        base_slot: B256::from(U256::from(4)),
        outer_keys: vec![],
        packed: false,
        ..Default::default()
    };
    // Its own entry is set: that entry is not what keeps it out.
    a.trace = TraceStep::Derived {
        from: Address::repeat_byte(0x22),
        read: read.clone(),
    };
    assert_eq!(
        kinds(&judge(&target(), &a, &Decoder::new())),
        vec![ReasonKind::Reverted]
    );
    let mut unset = read;
    unset.value = B256::ZERO;
    a.trace = TraceStep::Derived {
        from: Address::repeat_byte(0x22),
        read: unset,
    };
    assert_eq!(
        kinds(&judge(&target(), &a, &Decoder::new())),
        vec![ReasonKind::NotAllowlisted]
    );
}

#[test]
fn every_reason_carries_a_remedy() {
    let mut t = target();
    t.owner = Some(Address::repeat_byte(0xaa));
    let mut cases = Vec::new();
    let mut none = t.clone();
    none.code_size = 0;
    cases.push(judge(&none, &who(), &Decoder::new()));
    let mut a = who();
    a.simulation = sim(SimOutcome::Reverted(Bytes::new()));
    a.trace = TraceStep::Unavailable("-32601".into());
    cases.push(judge(&t, &a, &Decoder::new()));
    // Words no project's tables give a gate: `reverted`, with its remedy.
    a.simulation = sim(SimOutcome::Reverted(revert_string("no such luck")));
    cases.push(judge(&t, &a, &Decoder::new()));
    a.simulation = sim(SimOutcome::Reverted(revert_string(
        "Only callable by owner",
    )));
    a.counterfactuals = vec![confirmed(Gate::Owner)];
    a.confirmed = Some(Gate::Owner);
    cases.push(judge(&t, &a, &Decoder::new()));
    let mut poor = who();
    poor.simulation = sim(SimOutcome::Success);
    poor.balance = Some(U256::ZERO);
    poor.gas_price = Some(U256::from(2));
    cases.push(judge(&t, &poor, &Decoder::new()));
    let mut seen = Vec::new();
    for r in &cases {
        for reason in &r.reasons {
            let remedy = reason.remedy.as_deref();
            assert!(
                remedy.is_some_and(|m| !m.is_empty()),
                "{:?} without a remedy",
                reason
            );
            seen.push(reason.kind());
        }
    }
    for kind in [
        ReasonKind::NoCode,
        ReasonKind::Unknown,
        ReasonKind::Reverted,
        ReasonKind::NotOwner,
        ReasonKind::InsufficientFunds,
    ] {
        assert!(seen.contains(&kind), "{kind:?} not covered: {seen:?}");
    }
    // The numbers are in it: what the wallet lacks.
    let funds = cases[4].reasons[0].remedy.as_deref().unwrap();
    assert!(funds.contains("at least"), "{funds}");
}

/// The caller against a stored address, confirmed: `not_owner` where that
/// address is the one `owner()` returns, else `not_authorized` naming it —
/// and the remedy offers ownership's transfer only where the contract has it.
#[test]
fn a_stored_privileged_address_is_the_owner_only_where_owner_returns_it() {
    let setter = Address::repeat_byte(0x70);
    let gate = Gate::Authorized {
        account: Address::repeat_byte(0xcc),
        slot: B256::from(U256::from(1)),
        stored: setter,
    };
    let mut a = who();
    a.simulation = sim(SimOutcome::Reverted(revert_string("UniswapV2: FORBIDDEN")));
    a.counterfactuals = vec![confirmed(gate.clone())];
    a.confirmed = Some(gate);
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(
        kinds(&r),
        vec![ReasonKind::NotAuthorized],
        "{:?}",
        r.reasons
    );
    assert_eq!(
        fields(&r.reasons[0])["authorized"],
        setter.to_checksum(None)
    );
    assert!(
        fields(&r.reasons[0])["remedy"]
            .as_str()
            .unwrap()
            .contains(&format!("send it from {setter}")),
        "{:?}",
        r.reasons[0]
    );
    let mut t = target();
    t.owner = Some(setter);
    let r = judge(&t, &a, &Decoder::new());
    assert_eq!(kinds(&r), vec![ReasonKind::NotOwner]);
    assert_eq!(
        fields(&r.reasons[0])["remedy"],
        format!("send it from the owner {setter}")
    );
}

/// A set entry keyed by an address the call passes, whose clearing lets the
/// call through: `blocklisted`, naming the list and the subject.
#[test]
fn a_set_entry_that_keeps_an_operator_out_is_a_deny_list() {
    let (list, operator) = (Address::repeat_byte(0x0f), Address::repeat_byte(0x33));
    let gate = Gate::Blocklisted {
        list,
        subject: operator,
        slot: B256::repeat_byte(9),
    };
    let mut a = who();
    a.simulation = sim(SimOutcome::Reverted(Bytes::new()));
    a.counterfactuals = vec![confirmed(gate.clone())];
    a.confirmed = Some(gate);
    let r = judge(&target(), &a, &Decoder::new());
    assert_eq!(kinds(&r), vec![ReasonKind::Blocklisted], "{:?}", r.reasons);
    assert_eq!(fields(&r.reasons[0])["list"], list.to_checksum(None));
    assert_eq!(fields(&r.reasons[0])["subject"], operator.to_checksum(None));
    assert!(r.reasons[0].message.contains("an address the call passes"));
}

/// OpenZeppelin 5's own errors name their gate through the generated tables,
/// with the numbers their arguments carry, typed as CLI.md has them: times
/// and counts as numbers, amounts as decimal strings, accounts checksummed.
#[test]
fn a_projects_own_error_names_its_gate_with_its_numbers() {
    use alloy::sol_types::SolValue;
    let data = |sig: &str, args: Vec<u8>| -> Bytes {
        let mut d = alloy::primitives::keccak256(sig.as_bytes())[..4].to_vec();
        d.extend(args);
        d.into()
    };
    let judged = |d: Bytes| {
        let mut a = who();
        a.simulation = sim(SimOutcome::Reverted(d));
        judge(&target(), &a, &Decoder::new()).reasons.remove(0)
    };
    let r = judged(data(
        "ERC2612ExpiredSignature(uint256)",
        U256::from(1_700_000_000u64).abi_encode(),
    ));
    assert_eq!(r.kind(), ReasonKind::Expired);
    assert_eq!(fields(&r)["expired_at"], 1_700_000_000u64);
    let receiver = Address::repeat_byte(0x44);
    let r = judged(data(
        "ERC4626ExceededMaxDeposit(address,uint256,uint256)",
        (receiver, U256::from(500), U256::from(100)).abi_encode_params(),
    ));
    assert_eq!(r.kind(), ReasonKind::LimitReached);
    assert_eq!(
        (&fields(&r)["limit"], &fields(&r)["requested"]),
        (&100.into(), &500.into())
    );
    let proposer = Address::repeat_byte(0x55);
    let r = judged(data(
        "GovernorInsufficientProposerVotes(address,uint256,uint256)",
        (proposer, U256::from(3), U256::from(10)).abi_encode_params(),
    ));
    assert_eq!(r.kind(), ReasonKind::NotHolder);
    assert_eq!(
        (&fields(&r)["held"], &fields(&r)["required"]),
        (&"3".into(), &"10".into())
    );
    let r = judged(data("UUPSUnauthorizedCallContext()", Vec::new()));
    assert_eq!(r.kind(), ReasonKind::NotAuthorized);
    assert!(fields(&r)["remedy"].as_str().is_some_and(|m| !m.is_empty()));
    let r = judged(data(
        "AccessControlEnforcedDefaultAdminDelay(uint48)",
        U256::from(1_800_000_000u64).abi_encode(),
    ));
    assert_eq!(r.kind(), ReasonKind::NotOpen);
    assert_eq!(fields(&r)["opens_at"], 1_800_000_000u64);
    assert!(
        fields(&r)["remedy"]
            .as_str()
            .unwrap()
            .starts_with("it opens at 2027-01-15T08:00:00Z"),
        "{r:?}"
    );
}
