//! Tests of the generated tables as tables.rs exposes them: the releases each item is found
//! in, rendered as version ranges.

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
