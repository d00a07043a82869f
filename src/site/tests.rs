//! `site::judge` on the built-in lists and on hand-built ones.

use super::detector::{Detector, PhishingConfig};
use super::*;
use crate::report::{Severity, findings_exit_code};

fn judged(url: &str) -> SiteReport {
    let site = SiteUrl::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    let config = PhishingConfig::builtin();
    judge(&site, &Detector::new(config), &config.source, &reference())
}

/// The kinds of the findings, in order.
fn kinds(r: &SiteReport) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.kind.as_str()).collect()
}

fn extra<'a>(r: &'a SiteReport, kind: FindingKind, key: &str) -> &'a serde_json::Value {
    let f = r.findings.iter().find(|f| f.kind == kind);
    let f = f.unwrap_or_else(|| panic!("no {kind:?} in {r:?}"));
    &f.extra[key]
}

#[test]
fn urls_are_read_once_and_normalized() {
    let s = SiteUrl::parse("HTTPS://Login.ElonPromo.Online:8443/x?y#z").unwrap();
    assert_eq!(s.host(), "login.elonpromo.online");
    assert_eq!(s.given, "HTTPS://Login.ElonPromo.Online:8443/x?y#z");
    let bare = SiteUrl::parse("app.uniswap.org").unwrap();
    assert_eq!(
        (bare.url.scheme(), bare.host()),
        ("https", "app.uniswap.org")
    );
    let local = SiteUrl::parse("localhost:3000").unwrap();
    assert_eq!((local.url.scheme(), local.host()), ("https", "localhost"));
    let v6 = SiteUrl::parse("[::1]:5173").unwrap();
    assert_eq!(v6.host(), "[::1]");
    let idn = SiteUrl::parse("https://blockcḫain.com/").unwrap();
    assert_eq!(idn.host(), "xn--blockcain-g95d.com");
    for bad in [
        "",
        "  ",
        "ftp://example.com",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "https://exa mple.com",
        "https://[::1",
        "mailto:a@b.c",
        "data:text/html,hi",
        "about:blank",
    ] {
        let e = SiteUrl::parse(bad).expect_err(bad);
        assert_eq!(e.exit_code(), crate::report::ExitStatus::BadInput);
        assert_eq!(e.to_string().lines().count(), 1, "{e}");
    }
}

#[test]
fn blocklisted_host_and_its_subdomains() {
    let r = judged("https://login.elonpromo.online/claim");
    assert_eq!(kinds(&r), ["blocklisted_domain"]);
    assert_eq!(
        extra(&r, FindingKind::BlocklistedDomain, "entry"),
        "elonpromo.online"
    );
    assert!(r.findings[0].message.contains("(as elonpromo.online)"));
    assert_eq!(r.findings[0].severity, Severity::Error);
    assert_eq!(
        findings_exit_code(&r.findings),
        crate::report::ExitStatus::Failed
    );
}

#[test]
fn fuzzy_near_miss_is_a_lookalike_of_the_fuzzylist_name() {
    let r = judged("https://www.auctus.xyz");
    assert_eq!(kinds(&r), ["lookalike_domain"]);
    assert_eq!(
        extra(&r, FindingKind::LookalikeDomain, "imitates"),
        "auctus.org"
    );
    assert_eq!(extra(&r, FindingKind::LookalikeDomain, "how"), "fuzzylist");
    assert_eq!(extra(&r, FindingKind::LookalikeDomain, "distance"), 0);
    // The official-host check names the same domain: one finding, not two.
    let r = judged("https://ethersca.io");
    assert_eq!(kinds(&r), ["lookalike_domain"]);
    assert_eq!(
        extra(&r, FindingKind::LookalikeDomain, "imitates"),
        "etherscan.io"
    );
    assert_eq!(extra(&r, FindingKind::LookalikeDomain, "distance"), 1);
}

#[test]
fn allowlisted_near_miss_is_info_and_never_a_lookalike() {
    let r = judged("https://auctic.net");
    assert_eq!(kinds(&r), ["allowlisted_domain"]);
    assert_eq!(r.findings[0].severity, Severity::Info);
    assert!(findings_exit_code(&r.findings).is_success());
    // metmask.com is on both lists and a typo of the well-known metamask.io: the
    // allowlist wins, and no look-alike is reported.
    let r = judged("https://metmask.com");
    assert_eq!(kinds(&r), ["allowlisted_domain"]);
}

#[test]
fn official_hosts_lookalikes_beyond_the_detector() {
    let r = judged("https://etherscan.io.evil.com");
    assert_eq!(kinds(&r), ["lookalike_domain"]);
    assert_eq!(
        extra(&r, FindingKind::LookalikeDomain, "imitates"),
        "etherscan.io"
    );
    assert_eq!(
        extra(&r, FindingKind::LookalikeDomain, "how"),
        "subdomain_trick"
    );
    // A Cyrillic о: punycode, and a homoglyph of the registry's polygonscan.com.
    let r = judged("https://p\u{43e}lygonscan.com");
    assert_eq!(kinds(&r), ["lookalike_domain", "punycode_domain"]);
    assert_eq!(extra(&r, FindingKind::LookalikeDomain, "how"), "confusable");
    assert_eq!(
        extra(&r, FindingKind::PunycodeDomain, "unicode"),
        "p\u{43e}lygonscan.com"
    );
    let r = judged("https://etherscan.io");
    assert_eq!(kinds(&r), ["allowlisted_domain"]);
    assert!(judged("https://example.com").findings.is_empty());
}

#[test]
fn punycode_shows_its_unicode_form() {
    let r = judged("https://xn--blockcain-g95d.com");
    assert_eq!(kinds(&r), ["blocklisted_domain", "punycode_domain"]);
    let f = &r.findings[1];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.extra["unicode"], "blockcḫain.com");
    assert_eq!(r.unicode.as_deref(), Some("blockcḫain.com"));
    // An ordinary IDN is only the warning.
    let r = judged("https://xn--mnchen-3ya.de");
    assert_eq!(kinds(&r), ["punycode_domain"]);
    assert_eq!(r.findings[0].extra["unicode"], "münchen.de");
    assert!(findings_exit_code(&r.findings).is_success());
}

#[test]
fn plain_http_is_insecure_except_on_this_machine() {
    let r = judged("http://example.com");
    assert_eq!(kinds(&r), ["insecure_origin"]);
    assert_eq!(r.findings[0].severity, Severity::Error);
    for local in [
        "http://localhost:3000",
        "http://127.0.0.1:8080/app",
        "http://[::1]:5173",
        "http://LOCALHOST",
    ] {
        assert!(judged(local).findings.is_empty(), "{local}");
    }
    assert!(judged("https://example.com").findings.is_empty());
}

#[test]
fn a_config_of_ones_own_replaces_the_lists() {
    let text = r#"{"version":3,"tolerance":1,"fuzzylist":["mydapp.xyz"],"whitelist":[],"blacklist":["example.org"]}"#;
    let config = PhishingConfig::from_json(text, "mine.json").unwrap();
    let d = Detector::new(&config);
    let run = |u: &str| {
        judge(
            &SiteUrl::parse(u).unwrap(),
            &d,
            &config.source,
            &reference(),
        )
    };
    assert_eq!(
        kinds(&run("https://www.example.org")),
        ["blocklisted_domain"]
    );
    assert_eq!(kinds(&run("https://mydap.app")), ["lookalike_domain"]);
    // The built-in lists are not used: elonpromo.online passes.
    assert!(run("https://elonpromo.online").findings.is_empty());
    assert_eq!(run("https://x.io").lists, "mine.json (version 3)");
}

#[test]
fn json_has_site_host_findings_only() {
    let r = judged("https://ethersca.io/");
    let v = serde_json::to_value(&r).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["findings", "host", "site"]);
    assert_eq!(v["site"], "https://ethersca.io/");
    assert_eq!(v["host"], "ethersca.io");
}
