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
