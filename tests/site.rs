//! `rpccheck site` through the real binary: offline, with entries of the shipped
//! eth-phishing-detect 1.2.0 lists (src/site/generated/phishing.json).

mod common;

use common::{Run, rpccheck};
use rpccheck::report::{Finding, FindingKind, Severity};
use serde::Deserialize;

/// CLI.md's `site` document; any other top-level field fails the test.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteDoc {
    site: String,
    host: String,
    findings: Vec<Finding>,
}

/// `rpccheck site --json ARGS...`: exit code and the parsed document.
fn site(args: &[&str]) -> (i32, SiteDoc) {
    let mut all = vec!["site", "--json"];
    all.extend_from_slice(args);
    let run = rpccheck(&all);
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not a site document ({e}): {run:?}"));
    assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    (run.code, doc)
}

fn kinds(doc: &SiteDoc) -> Vec<FindingKind> {
    doc.findings.iter().map(|f| f.kind).collect()
}

fn finding(doc: &SiteDoc, kind: FindingKind) -> &Finding {
    (doc.findings.iter().find(|f| f.kind == kind))
        .unwrap_or_else(|| panic!("no {kind:?} in {doc:?}"))
}

/// Exit 2 with one line on stderr, nothing on stdout.
fn bad_input(run: &Run, says: &str) {
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let line = run.stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.starts_with("rpccheck: invalid_input: "), "{line}");
    assert!(line.contains(says), "{line}");
}

#[test]
fn blocklisted_domain_and_its_subdomains() {
    let (code, doc) = site(&["https://elonpromo.online"]);
    assert_eq!(
        (code, kinds(&doc)),
        (1, vec![FindingKind::BlocklistedDomain])
    );
    let f = finding(&doc, FindingKind::BlocklistedDomain);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.extra["entry"], "elonpromo.online");
    // Upper case and a subdomain: the URL's host is lower-cased, and a subdomain of an
    // entry is blocked too.
    let (code, doc) = site(&["HTTPS://Login.ElonPromo.Online/claim?x=1"]);
    assert_eq!(
        (code, kinds(&doc)),
        (1, vec![FindingKind::BlocklistedDomain])
    );
    assert_eq!(doc.host, "login.elonpromo.online");
    assert_eq!(doc.site, "HTTPS://Login.ElonPromo.Online/claim?x=1");
}

#[test]
fn fuzzy_list_near_miss_is_a_lookalike_naming_the_entry() {
    // `ethersca` is one edit from the fuzzy-list entry etherscan.io.
    let (code, doc) = site(&["https://ethersca.io"]);
    assert_eq!((code, kinds(&doc)), (1, vec![FindingKind::LookalikeDomain]));
    let f = finding(&doc, FindingKind::LookalikeDomain);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.extra["imitates"], "etherscan.io");
    assert_eq!(f.extra["how"], "fuzzylist");
    assert_eq!(f.extra["distance"], 1);
    // The TLD is not compared and a leading www. is dropped: auctus.org's name elsewhere.
    let (code, doc) = site(&["https://www.auctus.xyz"]);
    assert_eq!((code, kinds(&doc)), (1, vec![FindingKind::LookalikeDomain]));
    assert_eq!(
        finding(&doc, FindingKind::LookalikeDomain).extra["imitates"],
        "auctus.org"
    );
}

#[test]
fn allowlisted_near_miss_is_info_and_no_error() {
    // auctic.net is two edits from the fuzzy-list entry auctus.org, and allowlisted.
    let (code, doc) = site(&["https://auctic.net"]);
    assert_eq!(
        (code, kinds(&doc)),
        (0, vec![FindingKind::AllowlistedDomain])
    );
    let f = finding(&doc, FindingKind::AllowlistedDomain);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.extra["entry"], "auctic.net");
    // metmask.com is on both lists (the allowlist wins) and one edit from the well-known
    // metamask.io: never a look-alike when allowlisted.
    let (code, doc) = site(&["https://metmask.com"]);
    assert_eq!(
        (code, kinds(&doc)),
        (0, vec![FindingKind::AllowlistedDomain])
    );
}

#[test]
fn punycode_shows_its_unicode_form() {
    // A blocklist entry in punycode; given in Unicode, the URL's host is its punycode.
    for url in ["https://xn--blockcain-g95d.com", "https://blockcḫain.com/"] {
        let (code, doc) = site(&[url]);
        assert_eq!(doc.host, "xn--blockcain-g95d.com", "{url}");
        assert_eq!(
            (code, kinds(&doc)),
            (
                1,
                vec![FindingKind::BlocklistedDomain, FindingKind::PunycodeDomain]
            ),
            "{url}"
        );
        let f = finding(&doc, FindingKind::PunycodeDomain);
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.extra["unicode"], "blockcḫain.com");
        assert!(f.message.contains("blockcḫain.com"), "{}", f.message);
    }
    // An IDN on no list: the warning alone, exit 0.
    let (code, doc) = site(&["https://münchen.de"]);
    assert_eq!((code, kinds(&doc)), (0, vec![FindingKind::PunycodeDomain]));
    assert_eq!(doc.host, "xn--mnchen-3ya.de");
}

#[test]
fn http_is_an_insecure_origin_except_on_localhost() {
    let (code, doc) = site(&["http://example.com/app"]);
    assert_eq!((code, kinds(&doc)), (1, vec![FindingKind::InsecureOrigin]));
    assert_eq!(
        finding(&doc, FindingKind::InsecureOrigin).severity,
        Severity::Error
    );
    for local in [
        "http://localhost:3000",
        "http://127.0.0.1:8545",
        "http://[::1]:5173/",
    ] {
        let (code, doc) = site(&[local]);
        assert_eq!((code, doc.findings.len()), (0, 0), "{local}: {doc:?}");
    }
    let (code, doc) = site(&["https://example.com"]);
    assert_eq!((code, doc.findings.len()), (0, 0), "{doc:?}");
}

#[test]
fn lookalikes_of_official_hosts() {
    let (code, doc) = site(&["https://etherscan.io.evil.com/login"]);
    assert_eq!((code, kinds(&doc)), (1, vec![FindingKind::LookalikeDomain]));
    let f = finding(&doc, FindingKind::LookalikeDomain);
    assert_eq!(f.extra["imitates"], "etherscan.io");
    assert_eq!(f.extra["how"], "subdomain_trick");
    let (code, doc) = site(&["https://etherscan.io"]);
    assert_eq!(
        (code, kinds(&doc)),
        (0, vec![FindingKind::AllowlistedDomain])
    );
}

#[test]
fn json_shape_and_table() {
    let run = rpccheck(&["--json", "site", "https://ethersca.io/tx/0x1"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v = run.json();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["findings", "host", "site"]);
    assert_eq!(v["site"], "https://ethersca.io/tx/0x1");
    assert_eq!(v["host"], "ethersca.io");
    let f = &v["findings"][0];
    for key in ["kind", "severity", "message", "imitates"] {
        assert!(f.get(key).is_some(), "{key}: {f}");
    }
    let table = rpccheck(&["site", "https://ethersca.io"]);
    assert_eq!(table.code, 1);
    assert!(
        table.stdout.contains("lookalike_domain"),
        "{}",
        table.stdout
    );
    assert!(
        table
            .stdout
            .contains("eth-phishing-detect@1.2.0 (built in)"),
        "{}",
        table.stdout
    );
    assert!(
        table
            .stdout
            .trim_end()
            .ends_with("FAIL: ethersca.io: 1 error"),
        "{}",
        table.stdout
    );
    let ok = rpccheck(&["site", "app.uniswap.org", "-q"]);
    assert_eq!((ok.code, ok.stdout.as_str()), (0, ""), "{ok:?}");
}

#[test]
fn needs_no_endpoint() {
    // An unreachable --rpc-url is never asked.
    let run = rpccheck(&["-r", "http://127.0.0.1:9", "site", "https://example.com"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn bad_urls_are_bad_input() {
    for (url, says) in [
        ("https://exa mple.com", "invalid site URL"),
        ("ftp://example.com", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("http://", "invalid site URL"),
        ("", "empty"),
    ] {
        bad_input(&rpccheck(&["site", url]), says);
    }
    let run = rpccheck(&["site", "ftp://example.com", "--json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["error"]["kind"], "invalid_input");
}

#[test]
fn phishing_config_replaces_the_built_in_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    // The package's own shape (legacy names), blocklisting a host the built-in lists pass.
    let config = r#"{"version": 2, "tolerance": 2, "fuzzylist": [], "whitelist": [], "blacklist": ["example.org"]}"#;
    std::fs::write(&path, config).unwrap();
    let file = path.to_str().unwrap();
    let (code, doc) = site(&["https://example.org"]);
    assert_eq!((code, doc.findings.len()), (0, 0), "{doc:?}");
    let (code, doc) = site(&["https://www.example.org", "--phishing-config", file]);
    assert_eq!(
        (code, kinds(&doc)),
        (1, vec![FindingKind::BlocklistedDomain])
    );
    // The current names work too, and the built-in lists are not used.
    let config =
        r#"{"tolerance": 2, "fuzzylist": [], "allowlist": ["example.org"], "blocklist": []}"#;
    std::fs::write(&path, config).unwrap();
    let (code, doc) = site(&["https://elonpromo.online", "--phishing-config", file]);
    assert_eq!((code, doc.findings.len()), (0, 0), "{doc:?}");
    let (code, doc) = site(&["https://example.org", "--phishing-config", file]);
    assert_eq!(
        (code, kinds(&doc)),
        (0, vec![FindingKind::AllowlistedDomain])
    );
    // Missing, not JSON, not a config, wrong types: exit 2, one line.
    let missing = dir.path().join("missing.json");
    let missing = missing.to_str().unwrap();
    let run = rpccheck(&["site", "https://a.io", "--phishing-config", missing]);
    bad_input(&run, "cannot read --phishing-config");
    for (text, says) in [
        ("{not json", "is not valid JSON"),
        (r#"{"chains": []}"#, "not an eth-phishing-detect config"),
        (
            r#"{"blocklist": "example.org"}"#,
            "blocklist must be an array",
        ),
        (
            r#"{"blocklist": [], "blacklist": []}"#,
            "both blocklist and blacklist",
        ),
    ] {
        std::fs::write(&path, text).unwrap();
        let run = rpccheck(&["site", "https://a.io", "--phishing-config", file]);
        bad_input(&run, says);
    }
}

#[test]
fn help_has_examples_and_completions_know_the_command() {
    let run = rpccheck(&["site", "--help"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("Examples:\n  rpccheck site "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("--phishing-config <FILE>"),
        "{}",
        run.stdout
    );
    let run = rpccheck(&["completions", "bash"]);
    assert!(
        run.stdout.contains("rpccheck__subcmd__site"),
        "{}",
        run.stdout
    );
}
