//! The real-world corpus: contracts that projects publish, from their pinned npm
//! packages' shipped artifacts, deployed on a real Anvil the way the projects
//! deploy them (`anvil-scripts/deploy-real.sh`), and what rpccheck names.

mod common;

use common::{Fixtures, fields};
use rpccheck::allowlist::report::{AllowlistReport, ReasonKind, Verdict};

fn check(f: &Fixtures, contract: &str, who: &str, call: &[&str]) -> AllowlistReport {
    let contract = f.get(contract);
    let who = f.get(who);
    let mut args = vec![contract.as_str(), who.as_str(), "--call"];
    args.extend_from_slice(call);
    let run = f.allowlist(&args);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not an allowlist report ({e}): {run:?}"))
}

fn kinds(r: &AllowlistReport) -> Vec<ReasonKind> {
    r.reasons.iter().map(|x| x.kind()).collect()
}

/// Whether a counterfactual succeeded and confirms `kind`.
fn confirms(r: &AllowlistReport, kind: &str) -> bool {
    let tail = format!("(confirms {kind})");
    r.evidence
        .iter()
        .any(|e| e.source == "counterfactual" && e.detail.ends_with(&tail))
}

#[test]
fn published_contracts_get_the_gate_their_project_built() {
    let f = Fixtures::real();
    let proxy_of = |r: &AllowlistReport| serde_json::to_value(&r.proxy).unwrap();

    // Safe 1.4.1 behind its SafeProxy: the singleton is found in slot 0.
    let safe_only = check(
        &f,
        "SAFE",
        "A2",
        &["addOwnerWithThreshold(address,uint256)", &f.get("A3"), "1"],
    );
    assert_eq!(
        proxy_of(&safe_only),
        serde_json::json!({"kind": "safe", "implementation": f.get("SAFE_SINGLETON")})
    );
    // GS031: only the Safe itself may change its owners.
    assert_eq!(kinds(&safe_only), vec![ReasonKind::NotAuthorized]);
    let r = &safe_only.reasons[0];
    assert_eq!(fields(&r)["authorized"], f.get("SAFE"));
    assert!(
        fields(&r)["remedy"]
            .as_str()
            .is_some_and(|m| m.contains("execTransaction")),
        "{r:?}"
    );
    // GS030: approveHash is for owners; the trace finds the owners entry.
    let hash = format!("0x{:064x}", 1);
    let stranger = check(&f, "SAFE", "A2", &["approveHash(bytes32)", &hash]);
    assert_eq!(stranger.verdict, Verdict::Denied);
    assert_eq!(kinds(&stranger), vec![ReasonKind::NotAllowlisted]);
    assert!(stranger.reasons[0].message.contains("GS030"));
    assert!(fields(&stranger.reasons[0]).get("slot").is_some());
    let owner = check(&f, "SAFE", "A0", &["approveHash(bytes32)", &hash]);
    assert_eq!(owner.verdict, Verdict::Allowed, "{:?}", owner.reasons);

    // OpenZeppelin 5.7.0 TransparentUpgradeableProxy: its admin is refused by the
    // proxy itself; everyone else reaches the implementation's own gate.
    let mint = ["mint(uint256)", "1"];
    let admin = check(&f, "TP", "TP_ADMIN", &mint);
    assert_eq!(
        proxy_of(&admin),
        serde_json::json!({"kind": "eip1967", "implementation": f.get("TP_LOGIC")})
    );
    assert_eq!(admin.reasons[0].kind(), ReasonKind::NotAuthorized);
    assert!(fields(&admin.reasons[0]).get("remedy").is_some());
    assert_eq!(check(&f, "TP", "A1", &mint).verdict, Verdict::Allowed);
    assert_eq!(
        kinds(&check(&f, "TP", "A2", &mint)),
        vec![ReasonKind::MissingRole]
    );

    // SolidState's EIP-2535 Diamond: the loupe names the facet serving mint(uint256);
    // the call runs in the diamond's storage, where the facet's allowlist is empty.
    let diamond = check(&f, "DIAMOND", "A1", &mint);
    assert_eq!(
        proxy_of(&diamond),
        serde_json::json!({"kind": "eip2535", "implementation": f.get("DIAMOND_FACET")})
    );
    assert_eq!(kinds(&diamond), vec![ReasonKind::NotAllowlisted]);

    // OpenZeppelin 4.9.6 presets: their own words name no gate the way 5.x
    // errors do; the trace and the counterfactual name it.
    let nft_mint = |who: &str| {
        let to = f.get(who);
        check(&f, "OZ4_NFT", who, &["mint(address)", to.as_str()])
    };
    assert_eq!(nft_mint("A1").verdict, Verdict::Allowed);
    let stranger = nft_mint("A2");
    assert_eq!(kinds(&stranger), vec![ReasonKind::MissingRole]);
    assert_eq!(fields(&stranger.reasons[0])["role_name"], "MINTER_ROLE");
    assert!(
        stranger.reasons[0]
            .message
            .contains("must have minter role to mint")
    );
    let transfer = check(
        &f,
        "OZ4_TOKEN",
        "A1",
        &["transfer(address,uint256)", &f.get("A3"), "1"],
    );
    assert_eq!(kinds(&transfer), vec![ReasonKind::Paused]);
    assert!(confirms(&transfer, "paused"), "{:?}", transfer.evidence);
    let live = check(
        &f,
        "OZ4_TOKEN_LIVE",
        "A1",
        &["transfer(address,uint256)", &f.get("A3"), "1"],
    );
    assert_eq!(live.verdict, Verdict::Allowed, "{:?}", live.reasons);
    // Who may grant the role, from the contract's role logs: the deployer holds
    // DEFAULT_ADMIN_ROLE, MINTER_ROLE's admin.
    let remedy = stranger.reasons[0].remedy.as_deref().unwrap();
    assert!(
        remedy.starts_with(&format!(
            "{}, holding DEFAULT_ADMIN_ROLE, can grant MINTER_ROLE: grantRole(",
            f.get("A0")
        )),
        "{remedy}"
    );

    // Chainlink's ConfirmedOwner (compiled from the package's sources): its words,
    // "Only callable by owner", name no gate; the owner slot that decided does.
    let transfer_ownership = |who: &str| {
        check(
            &f,
            "CL_OWNED",
            who,
            &["transferOwnership(address)", &f.get("A3")],
        )
    };
    assert_eq!(transfer_ownership("A0").verdict, Verdict::Allowed);
    let stranger = transfer_ownership("A2");
    assert_eq!(kinds(&stranger), vec![ReasonKind::NotOwner]);
    assert_eq!(fields(&stranger.reasons[0])["owner"], f.get("A0"));
    assert!(confirms(&stranger, "not_owner"), "{:?}", stranger.evidence);
}

#[test]
fn zora_drop_states_get_their_sale_gate_named() {
    let f = Fixtures::real();
    // Zora's ERC721Drop 1.14.1 (compiled from the package by build-real.js) behind its
    // ERC721DropProxy; its errors are named with the drop's ABI, as a user passing the
    // verified ABI would see them.
    let abi = common::root().join("fixtures/artifacts/real/ERC721Drop.json");
    let abi = abi.to_str().expect("a UTF-8 path");
    let price = f.get("ZORA_PRICE_WEI");
    assert_eq!(
        price, "10777000000000000",
        "0.01 ether plus Zora's 0.000777 ether mint fee"
    );
    let purchase = |drop: &str, who: &str, value: &str| -> AllowlistReport {
        let (drop, who) = (f.get(drop), f.get(who));
        let args = [
            drop.as_str(),
            who.as_str(),
            "--call",
            "purchase(uint256)",
            "1",
            "--value",
            value,
            "--abi",
            abi,
        ];
        let run = f.allowlist(&args);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("not an allowlist report ({e}): {run:?}"))
    };
    let exact = format!("{price}wei");
    // Denied, and the simulation names the drop's own error.
    let refused = |r: &AllowlistReport, error: &str| {
        assert_eq!(r.verdict, Verdict::Denied, "{error}: {:?}", r.reasons);
        let revert = r.simulation.as_ref().and_then(|s| s.revert.as_ref());
        assert_eq!(
            revert.and_then(|x| x.name.as_deref()),
            Some(error),
            "{:?}",
            r.simulation
        );
        assert!(
            r.evidence
                .iter()
                .any(|e| e.source == "simulation" && e.detail.contains(error)),
            "{error}: {:?}",
            r.evidence
        );
    };

    // The one reason, its kind, a field, and that its counterfactual confirmed it.
    let named = |r: &AllowlistReport, kind: ReasonKind, field: &str, want: serde_json::Value| {
        assert_eq!(kinds(r), vec![kind], "{:?}", r.reasons);
        assert_eq!(fields(&r.reasons[0])[field], want, "{:?}", r.reasons[0]);
        assert!(
            fields(&r.reasons[0]).get("remedy").is_some(),
            "{:?}",
            r.reasons[0]
        );
        assert!(
            confirms(r, kind.as_str()),
            "{kind:?} unconfirmed: {:?}",
            r.evidence
        );
    };

    // The public sale starts in 30 days: not_open, with when (confirmed by
    // running at that time).
    let soon = purchase("ZORA_SOON", "A2", &exact);
    refused(&soon, "Sale_Inactive");
    assert_eq!(kinds(&soon), vec![ReasonKind::NotOpen]);
    let opens_at = fields(&soon.reasons[0])["opens_at"].as_u64().unwrap();
    assert!(opens_at > 29 * 86_400 + soon_now(&f), "{:?}", soon.reasons);
    assert!(confirms(&soon, "not_open"), "{:?}", soon.evidence);
    assert!(
        fields(&soon.reasons[0])["remedy"]
            .as_str()
            .is_some_and(|m| m.contains("opens at") && m.contains("in 30 days")),
        "{:?}",
        soon.reasons[0]
    );
    // As a list, each address gets what it gets alone: the second address's revert has
    // the first's shape, so it takes the first's confirmed gate (and its opens_at).
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("wallets.txt");
    std::fs::write(&list, format!("{}\n{}\n", f.get("A2"), f.get("A3"))).unwrap();
    let soon_drop = f.get("ZORA_SOON");
    let run = f.allowlist(&[
        soon_drop.as_str(),
        "--addresses",
        list.to_str().unwrap(),
        "--call",
        "purchase(uint256)",
        "1",
        "--value",
        &exact,
    ]);
    let batch: rpccheck::allowlist::report::BatchReport =
        serde_json::from_str(&run.stdout).expect("a batch report");
    for r in &batch.results {
        assert_eq!(kinds(r), vec![ReasonKind::NotOpen], "{:?}", r.reasons);
        assert_eq!(
            fields(&r.reasons[0])["opens_at"],
            opens_at,
            "{:?}",
            r.reasons
        );
    }
    // A sale that closed 30 days ago: not_open with when it closed, confirmed by
    // running just before then.
    let ended = purchase("ZORA_ENDED", "A2", &exact);
    refused(&ended, "Sale_Inactive");
    assert_eq!(
        kinds(&ended),
        vec![ReasonKind::NotOpen],
        "{:?}",
        ended.reasons
    );
    let closes_at = fields(&ended.reasons[0])["closes_at"].as_u64().unwrap();
    assert!(
        closes_at + 29 * 86_400 < soon_now(&f),
        "{:?}",
        ended.reasons
    );
    assert!(confirms(&ended, "not_open"), "{:?}", ended.evidence);
    // Open sale, 2 per address: A1 has bought its 2 (its count, cleared, lets it
    // through; presale mints subtracted from it are no allowlist).
    let full = purchase("ZORA_OPEN", "A1", &exact);
    refused(&full, "Purchase_TooManyForAddress");
    named(&full, ReasonKind::LimitReached, "used", 2.into());
    assert_eq!(fields(&full.reasons[0])["limit"], 2);
    // Three at once from a wallet that bought none: asking for the limit passes.
    let (drop, a2) = (f.get("ZORA_OPEN"), f.get("A2"));
    let three_price = format!("{}wei", 3 * price.parse::<u128>().unwrap());
    let run = f.allowlist(&[
        drop.as_str(),
        a2.as_str(),
        "--call",
        "purchase(uint256)",
        "3",
        "--value",
        &three_price,
        "--abi",
        abi,
    ]);
    let three: AllowlistReport = serde_json::from_str(&run.stdout).expect("a report");
    named(&three, ReasonKind::LimitReached, "requested", 3.into());
    let buyer = purchase("ZORA_OPEN", "A2", &exact);
    assert_eq!(buyer.verdict, Verdict::Allowed, "{:?}", buyer.reasons);
    // The sale price without Zora's mint fee: wrong_payment, with the price asked.
    let short = purchase("ZORA_OPEN", "A2", "0.01ether");
    refused(&short, "Purchase_WrongPrice");
    let revert = short.simulation.as_ref().and_then(|s| s.revert.as_ref());
    assert_eq!(revert.map(|x| x.args.clone()), Some(vec![price.clone()]));
    named(
        &short,
        ReasonKind::WrongPayment,
        "expected",
        price.clone().into(),
    );
    // The presale's Merkle root sits inside the sales configuration (no getter): A2 is
    // not in the tree, and A1's proof with A2's leaf walks up to another root.
    let (presale, proof) = (f.get("ZORA_PRESALE"), f.get("ZORA_PRESALE_PROOF_A1"));
    let proof = format!("[{proof}]");
    let presale_buy = |who: &str| -> AllowlistReport {
        let who = f.get(who);
        let run = f.allowlist(&[
            presale.as_str(),
            who.as_str(),
            "--call",
            "purchasePresale(uint256,uint256,uint256,bytes32[])",
            "1",
            "2",
            "10000000000000000",
            proof.as_str(),
            "--value",
            &exact,
        ]);
        serde_json::from_str(&run.stdout).expect("a report")
    };
    assert_eq!(presale_buy("A1").verdict, Verdict::Allowed);
    let outsider = presale_buy("A2");
    named(
        &outsider,
        ReasonKind::MerkleProofInvalid,
        "root_onchain",
        f.get("ZORA_PRESALE_ROOT").into(),
    );
    // Edition of 2, both minted.
    let gone = purchase("ZORA_SOLDOUT", "A2", &exact);
    refused(&gone, "Mint_SoldOut");
    named(&gone, ReasonKind::SoldOut, "max_supply", 2.into());
}

#[test]
fn thirdweb_claim_conditions_get_their_gate_named() {
    let f = Fixtures::real();
    // thirdweb's ERC721Drop (3.15.0, compiled from the package by build-real.js):
    // claim(receiver, quantity, currency, pricePerToken, allowlistProof, data), paid
    // in the native token; each drop's one claim condition holds its start, limit,
    // supply, price and Merkle root in a struct (no root getter).
    let (price, native) = (f.get("TW_PRICE_WEI"), f.get("TW_NATIVE"));
    let sig = "claim(address,uint256,address,uint256,(bytes32[],uint256,uint256,address),bytes)";
    // A claim in `currency` (the native token: paid with the call) at `stated` a token.
    let claim_in =
        |drop: &str, who: &str, quantity: u64, currency: &str, stated: &str, proof: &str| {
            let (drop, who) = (f.get(drop), f.get(who));
            let paid = format!("{}wei", quantity as u128 * stated.parse::<u128>().unwrap());
            let quantity = quantity.to_string();
            let allowlist_proof = if proof.is_empty() && currency != native {
                format!("([],0,{stated},{currency})")
            } else {
                format!("([{proof}],2,{stated},{currency})")
            };
            let mut args = vec![
                drop.as_str(),
                who.as_str(),
                "--call",
                sig,
                who.as_str(),
                &quantity,
                currency,
                stated,
                &allowlist_proof,
                "0x",
            ];
            if currency == native {
                args.extend(["--value", &paid]);
            }
            let run = f.allowlist(&args);
            serde_json::from_str::<AllowlistReport>(&run.stdout)
                .unwrap_or_else(|e| panic!("not an allowlist report ({e}): {run:?}"))
        };
    let claim = |drop: &str, who: &str, quantity: u64, stated: &str, proof: &str| {
        claim_in(drop, who, quantity, &native, stated, proof)
    };
    let reason = |r: &AllowlistReport, kind: ReasonKind| {
        assert_eq!(kinds(r), vec![kind], "{:?}", r.reasons);
        assert!(
            confirms(r, kind.as_str()),
            "{kind:?} unconfirmed: {:?}",
            r.evidence
        );
        r.reasons[0].clone()
    };

    // The phase opens in 30 days: DropClaimNotStarted, and when.
    let r = reason(&claim("TW_SOON", "A2", 1, &price, ""), ReasonKind::NotOpen);
    let opens_at = fields(&r)["opens_at"].as_u64().unwrap();
    assert!(opens_at > soon_now(&f) + 29 * 86_400, "{r:?}");
    assert!(
        fields(&r)["remedy"]
            .as_str()
            .unwrap()
            .contains("in 30 days"),
        "{r:?}"
    );
    assert!(r.message.contains("DropClaimNotStarted"), "{r:?}");

    // 3 per wallet: A1 has claimed 2, so 2 more is over by 1 (DropClaimExceedLimit(3,
    // 4)); the counter sits in a mapping nested under the condition's id.
    let r = reason(
        &claim("TW_OPEN", "A1", 2, &price, ""),
        ReasonKind::LimitReached,
    );
    assert_eq!(
        (
            &fields(&r)["limit"],
            &fields(&r)["used"],
            &fields(&r)["requested"]
        ),
        (&3.into(), &2.into(), &2.into()),
        "{r:?}"
    );
    assert_eq!(fields(&r)["remedy"], "ask for at most 1 more");
    assert_eq!(
        claim("TW_OPEN", "A2", 1, &price, "").verdict,
        Verdict::Allowed
    );

    // The price stated in the call is not the phase's (DropClaimInvalidTokenPrice):
    // the project's own error names the gate and its numbers.
    let half = (price.parse::<u128>().unwrap() / 2).to_string();
    let r = claim("TW_OPEN", "A2", 1, &half, "");
    assert_eq!(kinds(&r), vec![ReasonKind::WrongPayment], "{:?}", r.reasons);
    let w = &r.reasons[0];
    assert_eq!(
        (&fields(&w)["expected"], &fields(&w)["sent"]),
        (&price.clone().into(), &half.clone().into())
    );
    assert!(
        fields(&w)["remedy"].as_str().unwrap().contains("0.01 ETH"),
        "{w:?}"
    );

    // 2 claimable in all, both claimed: DropClaimExceedMaxSupply(2, 3).
    let r = reason(
        &claim("TW_SOLDOUT", "A2", 1, &price, ""),
        ReasonKind::SoldOut,
    );
    assert_eq!(
        (&fields(&r)["max_supply"], &fields(&r)["supply"]),
        (&2.into(), &2.into())
    );

    // The allowlist phase: A1 with its proof claims; A2, not in the tree, gets the
    // quantity-limit error (0 per wallet without a proof), but what decided is the
    // root in the condition struct its proof did not reach.
    let proof = f.get("TW_PROOF_A1");
    assert_eq!(
        claim("TW_LISTED", "A1", 1, &price, &proof).verdict,
        Verdict::Allowed
    );
    let outsider = claim("TW_LISTED", "A2", 1, &price, &proof);
    let revert = outsider.simulation.as_ref().and_then(|s| s.revert.as_ref());
    assert_eq!(
        revert.and_then(|x| x.name.as_deref()),
        Some("DropClaimExceedLimit")
    );
    let r = reason(&outsider, ReasonKind::MerkleProofInvalid);
    assert_eq!(fields(&r)["root_onchain"], f.get("TW_ROOT"));

    // Paid in an ERC-20 (OpenZeppelin 4.9.6's preset): A1 approved 5 tokens, so 2
    // claims (10) are over its allowance; A2 approved 10 but holds none. The
    // token's comparison names the shortfall, confirmed by storing the amount.
    let (token, token_price) = (f.get("OZ4_TOKEN_LIVE"), f.get("TW_TOKEN_PRICE"));
    let token_claim =
        |who: &str, quantity: u64| claim_in("TW_TOKEN", who, quantity, &token, &token_price, "");
    assert_eq!(token_claim("A1", 1).verdict, Verdict::Allowed);
    // An allowance short of the payment is `not_approved`: the payer (A1) must
    // approve the drop, the spender; a balance short of it, `not_holder`.
    let r = reason(&token_claim("A1", 2), ReasonKind::NotApproved);
    assert_eq!(
        (
            &fields(&r)["allowance"],
            &fields(&r)["needed"],
            &fields(&r)["owner"],
            &fields(&r)["spender"]
        ),
        (
            &"5000000000000000000".into(),
            &"10000000000000000000".into(),
            &f.get("A1").into(),
            &f.get("TW_TOKEN").into()
        ),
        "{r:?}"
    );
    assert!(
        fields(&r)["remedy"].as_str().unwrap().contains(&format!(
            "approve({}, 10000000000000000000) on {token}",
            f.get("TW_TOKEN")
        )),
        "{r:?}"
    );
    // The token names itself: its symbol and decimals read, the amounts in its units.
    assert!(
        r.message
            .contains("spend 5 CTOKL, and the call moves 10 CTOKL"),
        "{r:?}"
    );
    let r = reason(&token_claim("A2", 1), ReasonKind::NotHolder);
    assert_eq!(
        (
            &fields(&r)["held"],
            &fields(&r)["required"],
            &fields(&r)["token"]
        ),
        (
            &"0".into(),
            &token_price.clone().into(),
            &token.clone().into()
        ),
        "{r:?}"
    );

    // Setting the claim conditions is the owner's (DropUnauthorized() names no gate;
    // the owner slot that decided does).
    let conditions = format!("(0,1000,0,1,0x{:064x},0,{native},x)", 0);
    let set = |who: &str| {
        check(
            &f,
            "TW_OPEN",
            who,
            &[
                "setClaimConditions((uint256,uint256,uint256,uint256,bytes32,uint256,address,string),bool)",
                &conditions,
                "false",
            ],
        )
    };
    assert_eq!(set("A0").verdict, Verdict::Allowed);
    let r = reason(&set("A2"), ReasonKind::NotOwner);
    assert_eq!(fields(&r)["owner"], f.get("A0"));
}

/// The block time the corpus was deployed at, from its chain.
fn soon_now(f: &Fixtures) -> u64 {
    let block = common::send(
        &f.url,
        "eth_getBlockByNumber",
        serde_json::json!(["latest", false]),
    );
    u64::from_str_radix(
        block["result"]["timestamp"]
            .as_str()
            .unwrap()
            .trim_start_matches("0x"),
        16,
    )
    .unwrap()
}

/// Every case of `fixtures/real-cases.json`: published projects outside the corpus the
/// analysis grew on (Uniswap, Aave, ENS, solmate, OpenSea's operator filter, OpenZeppelin
/// 5's AccessManager and beacon proxy, thirdweb's prebuilt DropERC1155 and its per-token
/// supply cap), each gate pattern with a denial and an allowed
/// twin. A denial gets its kind and every field the case names, a remedy (naming the
/// function that makes the change where the case says `remedy_calls`), and — where the
/// kind came from the trace — the counterfactual that confirmed it (fields listed under
/// `fields_gap` are not given yet, and say why). A case marked `gap`
/// (a pattern the model does not name yet) must still get no wrong kind: its own, or
/// `reverted`.
#[test]
fn new_projects_get_their_gate_named_without_a_rule_for_them() {
    let f = Fixtures::real();
    let cases: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("fixtures/real-cases.json")).unwrap(),
    )
    .unwrap();
    // "$KEY" (or "${KEY}") anywhere in a string: the deployed value.
    let fill = |s: &str| -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            let tail = rest[i + 1..].trim_start_matches('{');
            let end = tail
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(tail.len());
            out.push_str(&f.get(&tail[..end]));
            rest = tail[end..].trim_start_matches('}');
        }
        out.push_str(rest);
        out
    };
    let same = |want: &str, got: &serde_json::Value| -> bool {
        let got = match got {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let num = |s: &str| {
            if let Some(h) = s.strip_prefix("0x").filter(|h| h.len() <= 64) {
                alloy::primitives::U256::from_str_radix(h, 16).ok()
            } else {
                s.parse::<alloy::primitives::U256>().ok()
            }
        };
        want.eq_ignore_ascii_case(&got) || (num(want).is_some() && num(want) == num(&got))
    };
    let mut failures = Vec::new();
    for case in &cases {
        let s = |k: &str| case[k].as_str().unwrap_or_default().to_owned();
        let contract = f.get(&s("contract_key"));
        let who = f.get(&s("who"));
        let call: Vec<String> = case["call"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| fill(v.as_str().unwrap()))
            .collect();
        let mut args: Vec<&str> = vec![&contract, &who, "--call"];
        args.extend(call.iter().map(String::as_str));
        let value = case["value"].as_str().map(fill);
        if let Some(v) = &value {
            args.extend(["--value", v]);
        }
        let run = f.allowlist(&args);
        let r: AllowlistReport = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("not an allowlist report ({e}): {run:?}"));
        let name = format!("{} {} {}", s("contract_key"), s("who"), call[0]);
        if let Some(p) = case["expected_proxy"].as_str() {
            let got = serde_json::to_value(&r.proxy).unwrap()["kind"].clone();
            if got != p {
                failures.push(format!("{name}: proxy {got}, expected {p}"));
            }
        }
        if s("expect") == "allowed" {
            if r.verdict != Verdict::Allowed {
                failures.push(format!("{name}: {:?} {:?}", r.verdict, r.reasons));
            }
            continue;
        }
        let want = s("expected_kind");
        let got: Vec<&str> = r.reasons.iter().map(|x| x.kind().as_str()).collect();
        if r.verdict != Verdict::Denied {
            failures.push(format!("{name}: {:?}, expected a denial", r.verdict));
            continue;
        }
        if case.get("gap").is_some() {
            // Not named yet: never a wrong kind instead.
            if got.iter().any(|k| *k != want && *k != "reverted") {
                failures.push(format!("{name}: {got:?} for a {want} gap"));
            }
            continue;
        }
        let Some(reason) = r.reasons.iter().find(|x| x.kind().as_str() == want) else {
            failures.push(format!("{name}: {got:?}, expected {want}: {:?}", r.reasons));
            continue;
        };
        if got.len() != 1 {
            failures.push(format!("{name}: {got:?}, expected {want} alone"));
        }
        for (field, expected) in case["expected_fields"].as_object().into_iter().flatten() {
            let expected = fill(expected.as_str().unwrap_or_default());
            match fields(reason).get(field) {
                Some(v) if same(&expected, v) => {}
                other => failures.push(format!("{name}: {field} {other:?}, expected {expected}")),
            }
        }
        if reason.remedy.as_deref().is_none_or(str::is_empty) {
            failures.push(format!("{name}: no remedy: {reason:?}"));
        }
        // The function that makes the change, where the case names it.
        if let Some(call) = case["remedy_calls"].as_str().map(fill)
            && !reason.remedy.as_deref().unwrap_or_default().contains(&call)
        {
            failures.push(format!(
                "{name}: remedy without {call}: {:?}",
                reason.remedy
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
