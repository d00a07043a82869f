//! Tests of the generated tables as tables.rs exposes them: the releases each item is found
//! in, rendered as version ranges; the projects added; the gate hints.

use super::*;

fn ids(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| (*s).to_owned()).collect()
}

fn row(signature: &str) -> &'static ErrorRow {
    errors()
        .iter()
        .find(|r| r.signature == signature)
        .unwrap_or_else(|| panic!("{signature} not in the table"))
}

fn declared_in(row: &ErrorRow) -> Vec<String> {
    row.declared
        .iter()
        .flat_map(|d| d.packages.iter().cloned())
        .collect()
}

#[test]
fn openzeppelin_is_read_at_each_minor_release() {
    let (_, oz) = releases(&packages().iter().map(|p| p.id.clone()).collect::<Vec<_>>())
        .into_iter()
        .find(|(name, _)| *name == "@openzeppelin/contracts")
        .expect("OpenZeppelin read");
    for v in [
        "4.4.2", "4.5.0", "4.6.0", "4.7.3", "4.8.3", "4.9.6", "5.0.2", "5.1.0", "5.2.0", "5.3.0",
        "5.4.0", "5.5.0", "5.6.1", "5.7.0",
    ] {
        assert!(oz.contains(&v), "{v} not read: {oz:?}");
    }
    // Oldest first, whatever the generator's order.
    assert!(oz.windows(2).all(|w| version_key(w[0]) < version_key(w[1])));
}

#[test]
fn a_decoded_error_names_the_releases_that_have_it() {
    // In every OpenZeppelin 5 release read.
    let all = specs(&declared_in(row("OwnableUnauthorizedAccount(address)")));
    assert_eq!(all, vec!["@openzeppelin/contracts 5.0.2–5.7.0"]);
    // 5.0's name for a failed call, renamed FailedCall in 5.1.
    assert_eq!(
        specs(&declared_in(row("FailedInnerCall()"))),
        vec!["@openzeppelin/contracts@5.0.2"]
    );
    assert_eq!(
        specs(&declared_in(row("FailedCall()"))),
        vec!["@openzeppelin/contracts 5.1.0–5.7.0"]
    );
    // A project read at one release keeps its name@version.
    assert_eq!(
        specs(&declared_in(row("MintZeroQuantity()"))),
        vec!["@thirdweb-dev/contracts@3.15.0", "erc721a@4.3.0"]
    );
}

#[test]
fn version_ranges_split_where_a_release_lacks_the_item() {
    let out = specs(&ids(&[
        "oz5.0.2", "oz5.1.0", "oz5.3.0", "oz5.4.0", "safe141",
    ]));
    assert_eq!(
        out,
        vec![
            "@openzeppelin/contracts 5.0.2–5.1.0 and 5.3.0–5.4.0",
            "@safe-global/safe-contracts@1.4.1"
        ]
    );
    // Unknown ids are left out; duplicates count once.
    assert_eq!(
        specs(&ids(&["nope", "oz4.9.6", "oz4.9.6"])),
        vec!["@openzeppelin/contracts@4.9.6"]
    );
    assert_eq!(version_key("5.10.0-rc.1"), vec![5, 10, 0]);
    assert!(version_key("5.10.0") > version_key("5.9.3"));
    assert_eq!(
        projects(&ids(&["oz4.4.2", "oz4.9.6", "oz5.0.2"])),
        vec!["OpenZeppelin v4", "OpenZeppelin v5"]
    );
}

#[test]
fn an_openzeppelin_4_string_names_its_releases() {
    let sites = revert_string("Ownable: caller is not the owner").expect("in the table");
    let ids: Vec<String> = sites.iter().flat_map(|s| s.packages.clone()).collect();
    assert_eq!(specs(&ids), vec!["@openzeppelin/contracts 4.4.2–4.9.6"]);
}

fn site_in<'a>(sites: &'a [StringSite], package: &str) -> &'a StringSite {
    sites
        .iter()
        .find(|s| s.packages.iter().any(|p| p == package))
        .unwrap_or_else(|| panic!("no {package} site"))
}

#[test]
fn aave_codes_decode_to_their_constant_and_its_comment() {
    let sites = revert_string("1").expect("Aave's code 1");
    let s = site_in(sites, "aave");
    assert!(
        s.meaning.starts_with(
            "Errors.CALLER_NOT_POOL_ADMIN: The caller of the function is not a pool admin"
        ),
        "{}",
        s.meaning
    );
    assert!(
        s.condition
            .as_deref()
            .is_some_and(|c| c.contains("isPoolAdmin(msg.sender)")),
        "{s:?}"
    );
    // Every code of Errors.sol is in the table, raised somewhere or not.
    for n in 1..=91 {
        if n == 48 {
            continue; // Errors.sol skips 48
        }
        let sites = revert_string(&n.to_string()).unwrap_or_else(|| panic!("code {n}"));
        assert!(
            sites.iter().any(|s| s.meaning.starts_with("Errors.")),
            "code {n}: {sites:?}"
        );
    }
    assert_eq!(specs(&s.packages), vec!["@aave/core-v3@1.19.3"]);
}

#[test]
fn uniswap_solmate_and_opensea_are_in_the_tables() {
    let s = site_in(revert_string("UniswapV2: FORBIDDEN").unwrap(), "univ2");
    assert_eq!(s.condition.as_deref(), Some("msg.sender == feeToSetter"));
    // Governance is read from its AST: the condition is printed from it.
    let s = site_in(
        revert_string("Timelock::executeTransaction: Transaction hasn't surpassed time lock.")
            .unwrap(),
        "unigov",
    );
    assert_eq!(s.condition.as_deref(), Some("getBlockTimestamp() >= eta"));
    assert_eq!(
        place(&s.contract, &s.function),
        "Timelock.executeTransaction"
    );
    assert!(revert_string("Uni::permit: signature expired").is_some());
    assert!(
        revert_string("UNAUTHORIZED")
            .unwrap()
            .iter()
            .any(|s| s.contract == "Owned")
    );
    let r = row("OperatorNotAllowed(address)");
    assert!(declared_in(r).iter().any(|p| p == "opensea"));
    assert!(revert_string("TF").is_some());
    let projects: Vec<&str> = packages().iter().map(|p| p.project.as_str()).collect();
    for want in [
        "Aave v3",
        "Uniswap v2",
        "Uniswap governance",
        "Solmate",
        "OpenSea operator filter",
        "Uniswap v3",
    ] {
        assert!(projects.contains(&want), "{want} missing");
    }
}

fn gate(kind: &str, fields: &[(&str, &str)]) -> GateHint {
    GateHint {
        kind: kind.to_owned(),
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

fn error_hint(signature: &str) -> Option<GateHint> {
    assert!(
        errors().iter().any(|r| r.signature == signature),
        "{signature} not in the table"
    );
    error_gate(signature).cloned()
}

#[test]
fn errors_get_the_gate_their_names_say() {
    for (sig, want) in [
        (
            "ERC2612ExpiredSignature(uint256)",
            gate("expired", &[("expired_at", "deadline")]),
        ),
        (
            "ERC2612InvalidSigner(address,address)",
            gate(
                "signature_invalid",
                &[("signer", "signer"), ("expected_signer", "owner")],
            ),
        ),
        (
            "InvalidAccountNonce(address,uint256)",
            gate("signature_invalid", &[("nonce", "currentNonce")]),
        ),
        (
            "ERC20ExceededCap(uint256,uint256)",
            gate("sold_out", &[("max_supply", "cap")]),
        ),
        (
            "ERC4626ExceededMaxDeposit(address,uint256,uint256)",
            gate(
                "limit_reached",
                &[("limit", "max"), ("requested", "assets")],
            ),
        ),
        (
            "GovernorInsufficientProposerVotes(address,uint256,uint256)",
            gate(
                "not_holder",
                &[("held", "votes"), ("required", "threshold")],
            ),
        ),
        ("UUPSUnauthorizedCallContext()", gate("not_authorized", &[])),
        (
            "TimelockUnauthorizedCaller(address)",
            gate("not_authorized", &[]),
        ),
        (
            "AccessControlEnforcedDefaultAdminDelay(uint48)",
            gate("not_open", &[("opens_at", "schedule")]),
        ),
        (
            "ERC20InsufficientAllowance(address,uint256,uint256)",
            gate(
                "not_approved",
                &[
                    ("spender", "spender"),
                    ("allowance", "allowance"),
                    ("needed", "needed"),
                ],
            ),
        ),
        (
            "AccessManagerUnauthorizedAccount(address,uint64)",
            gate("missing_role", &[("role", "roleId")]),
        ),
        (
            "AccessControlUnauthorizedAccount(address,bytes32)",
            gate("missing_role", &[("role", "neededRole")]),
        ),
        // Permit2's.
        (
            "AllowanceExpired(uint256)",
            gate("expired", &[("expired_at", "deadline")]),
        ),
        ("InsufficientAllowance(uint256)", gate("not_approved", &[])),
        // OpenSea's operator filter (also declared by thirdweb and Zora).
        (
            "OperatorNotAllowed(address)",
            gate("blocklisted", &[("subject", "operator")]),
        ),
        (
            "OwnableUnauthorizedAccount(address)",
            gate("not_owner", &[]),
        ),
        ("EnforcedPause()", gate("paused", &[])),
        ("DropNoActiveCondition()", gate("not_open", &[])),
        // thirdweb raises it as `(_currency, _pricePerToken, claimCurrency,
        // claimPrice)`: the first price is the call's own, whatever its
        // parameter's name says, so its sites decide which amount was sent.
        (
            "DropClaimInvalidTokenPrice(address,uint256,address,uint256)",
            gate(
                "wrong_payment",
                &[
                    ("expected", "actualExpectedPricePerToken"),
                    ("sent", "expectedPricePerToken"),
                ],
            ),
        ),
        (
            "Purchase_WrongPrice(uint256)",
            gate("wrong_payment", &[("expected", "correctPrice")]),
        ),
        (
            "Presale_MerkleNotApproved()",
            gate("merkle_proof_invalid", &[]),
        ),
        ("Mint_SoldOut()", gate("sold_out", &[])),
        // Zora's "only admin" is a role: every site checks DEFAULT_ADMIN_ROLE.
        ("Access_OnlyAdmin()", gate("missing_role", &[])),
    ] {
        let got = error_hint(sig).unwrap_or_else(|| panic!("{sig}: no gate"));
        assert_eq!(got, want, "{sig}");
    }
}

#[test]
fn errors_that_name_no_gate_get_none() {
    for sig in [
        "ERC20InvalidReceiver(address)",
        "ERC20InvalidSender(address)",
        "OwnableInvalidOwner(address)",
        "ExpectedPause()",
        // Solady raises a bare Unauthorized() for its owner and its roles alike.
        "Unauthorized()",
        // The contract's own ether, not what the caller holds.
        "InsufficientBalance(uint256,uint256)",
        "ReentrancyGuardReentrantCall()",
        "InvalidInitialization()",
        "ERC721NonexistentToken(uint256)",
        "ProxyDeniedAdminAccess()",
        // Limits on settings, not on what the caller asks.
        "PlatformFeeExceededMaxFeeBps(uint256,uint256)",
        "TimelockInsufficientDelay(uint256,uint256)",
        // "Either expired or not ready": two kinds, so none.
        "SignatureMintInvalidTime(uint256,uint256,uint256)",
        // An ERC-7913 signer being added is a key, not a signature.
        "MultiSignerERC7913InvalidSigner(bytes)",
    ] {
        assert_eq!(error_hint(sig), None, "{sig}");
    }
}

#[test]
fn strings_get_the_gate_their_condition_names() {
    for (s, want) in [
        (
            "Ownable: caller is not the owner",
            gate("not_owner", &[("owner", "owner()")]),
        ),
        ("Pausable: paused", gate("paused", &[])),
        (
            "ERC20Permit: expired deadline",
            gate("expired", &[("expired_at", "deadline")]),
        ),
        (
            "ERC721PresetMinterPauserAutoId: must have minter role to mint",
            gate(
                "missing_role",
                &[("role", "MINTER_ROLE"), ("role_name", "MINTER_ROLE")],
            ),
        ),
        (
            "ERC20Capped: cap exceeded",
            gate(
                "sold_out",
                &[("max_supply", "cap()"), ("supply", "ERC20.totalSupply()")],
            ),
        ),
        (
            "GS031",
            gate("not_authorized", &[("authorized", "address(this)")]),
        ),
        (
            "Timelock::executeTransaction: Transaction hasn't surpassed time lock.",
            gate("not_open", &[("opens_at", "eta")]),
        ),
        (
            "Uni::mint: minting not allowed yet",
            gate("not_open", &[("opens_at", "mintingAllowedAfter")]),
        ),
        (
            "Timelock::queueTransaction: Call must come from admin.",
            gate("not_authorized", &[("authorized", "admin")]),
        ),
        (
            "UniswapV2: EXPIRED",
            gate("expired", &[("expired_at", "deadline")]),
        ),
        // Aave's code 1, Errors.CALLER_NOT_POOL_ADMIN: its ACL manager's role.
        ("1", gate("missing_role", &[])),
        // Solmate's ERC721: the owner, or one it approved.
        ("NOT_AUTHORIZED", gate("not_approved", &[])),
    ] {
        assert_eq!(string_gate(s), Some(&want), "{s}");
    }
    let g = string_gate("UniswapV2: FORBIDDEN").expect("a gate");
    assert_eq!(g.kind, "not_authorized");
    let g = string_gate("GovernorAlpha::propose: proposer votes below proposal threshold")
        .expect("a gate");
    assert_eq!(g.kind, "not_holder");
    assert_eq!(g.fields["required"], "proposalThreshold()");
}

#[test]
fn a_string_whose_sites_disagree_has_no_agreed_gate() {
    // Solmate's Owned checks the owner; its Auth asks an authority: two gates.
    assert_eq!(string_gate("UNAUTHORIZED"), None);
    let owned = revert_string("UNAUTHORIZED")
        .unwrap()
        .iter()
        .find(|s| s.contract == "Owned")
        .unwrap();
    assert_eq!(
        owned.gate.as_ref().map(|g| g.kind.as_str()),
        Some("not_owner")
    );
    // Conditions that are no gate: the caller's own argument, the contract's own ether,
    // the opposite of a pause, a setting's bound.
    for s in [
        "AccessControl: can only renounce roles for self",
        "Address: insufficient balance",
        "Pausable: not paused",
        "ERC20: decreased allowance below zero",
        "SafeCast: value doesn't fit in 128 bits",
        "Exceeds max bps",
        "Registry paused or caller not authorized",
    ] {
        assert_eq!(string_gate(s), None, "{s}");
    }
}

/// CLI.md's fields of each gate kind.
fn cli_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "not_allowlisted" => &["slot"],
        "missing_role" => &["role", "role_name", "authority"],
        "not_owner" => &["owner"],
        "paused" => &[],
        "merkle_proof_invalid" => &["root_onchain", "root_file"],
        "not_authorized" => &["authorized"],
        "not_holder" => &["token", "required", "held"],
        "not_approved" => &["owner", "spender", "allowance", "needed"],
        "signature_invalid" => &["signer", "expected_signer", "nonce"],
        "expired" => &["expired_at"],
        "blocklisted" => &["list", "subject"],
        "not_open" => &["opens_at", "closes_at", "opens_at_block", "closes_at_block"],
        "limit_reached" => &["limit", "used", "requested"],
        "wrong_payment" => &["expected", "sent"],
        "sold_out" => &["max_supply", "supply"],
        other => panic!("{other} is not a gate kind"),
    }
}

/// A kind of CLI.md's vocabulary that names a gate.
fn names_a_gate(kind: &str) -> bool {
    kind.parse::<crate::allowlist::report::ReasonKind>()
        .is_ok_and(|k| k.names_a_gate())
}

#[test]
fn every_hint_names_a_cli_kind_and_its_fields() {
    let mut errors_gated = 0;
    for row in errors() {
        let Some(g) = &row.gate else { continue };
        errors_gated += 1;
        assert!(names_a_gate(&g.kind), "{}", row.signature);
        for (field, param) in &g.fields {
            assert!(
                cli_fields(&g.kind).contains(&field.as_str()),
                "{}: {field}",
                row.signature
            );
            // An error's field names one of its parameters.
            assert!(
                row.params.contains(param)
                    || param.parse::<usize>().is_ok_and(|i| i < row.params.len()),
                "{}: {field} = {param}",
                row.signature
            );
        }
    }
    assert!(
        errors_gated >= 100,
        "only {errors_gated} errors have a gate"
    );
    let mut strings_gated = 0;
    for s in ["Ownable: caller is not the owner", "GS030", "UNAUTHORIZED"] {
        assert!(revert_string(s).is_some(), "{s}");
    }
    for (s, sites) in &tables().strings {
        for site in sites {
            let Some(g) = &site.gate else { continue };
            assert!(names_a_gate(&g.kind), "{s:?}");
            for field in g.fields.keys() {
                assert!(
                    cli_fields(&g.kind).contains(&field.as_str()),
                    "{s:?}: {field}"
                );
            }
        }
        if string_gate(s).is_some() {
            strings_gated += 1;
        }
    }
    assert!(
        strings_gated >= 150,
        "only {strings_gated} strings have a gate"
    );
}

#[test]
fn a_hint_finds_its_argument() {
    let row = row("ERC20InsufficientAllowance(address,uint256,uint256)");
    let g = row.gate.as_ref().unwrap();
    let args = ["0xspender", "5", "10"];
    assert_eq!(g.arg("allowance", &row.params, &args), Some(&"5"));
    assert_eq!(g.arg("needed", &row.params, &args), Some(&"10"));
    assert_eq!(g.arg("owner", &row.params, &args), None);
    // By index, where the parameter is unnamed.
    let by_index = gate("blocklisted", &[("subject", "0")]);
    assert_eq!(
        by_index.arg("subject", &[String::new()], &["0xabc"]),
        Some(&"0xabc")
    );
}

#[test]
fn the_review_file_lists_every_error_hint() {
    let review = include_str!("generated/gates.txt");
    for row in errors() {
        if row.gate.is_some() {
            assert!(
                review.contains(&format!("\n{} -> ", row.signature)),
                "{} missing from gates.txt: regenerate",
                row.signature
            );
        }
    }
}
