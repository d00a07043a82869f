//! `rpccheck site URL`: would a wallet refuse to connect to this dApp site, and why.
//! Offline and pure: the URL is parsed once ([`SiteUrl`]), then [`judge`] checks its host
//! with MetaMask's phishing detector ([`detector`]) and against the official hosts of the
//! chain registry and well-known dApps ([`reference`]), and its scheme.

pub mod detector;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::{Error, Result};
use crate::input::is_local_host;
use crate::network::lookalike::OfficialHosts;
use crate::registry::Registry;
use crate::report::{Finding, FindingKind};
use detector::{Detector, Verdict};

/// A dApp's URL, read once at the edge: the text as given and the parsed URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl {
    /// The URL as the user gave it.
    pub given: String,
    /// The parsed URL: scheme `http` or `https`, host lower-cased and IDNs in punycode
    /// (WHATWG URL parsing, as a browser gives MetaMask `new URL(...).hostname`).
    pub url: Url,
}

impl SiteUrl {
    /// Parses a site URL. A host without a scheme is read as `https://` + the value
    /// (`app.uniswap.org`, `localhost:3000`). Anything but http(s) is bad input.
    pub fn parse(s: &str) -> Result<SiteUrl> {
        let text = s.trim();
        if text.is_empty() {
            return Err(Error::input_hint(
                "the site URL is empty",
                "give the dApp's address, e.g. https://app.uniswap.org",
            ));
        }
        // `mailto:…`, `javascript:…`: a scheme, kept (and refused below); `host:port`
        // and `[::1]:port` are hosts.
        let has_scheme = text.contains("://")
            || (!text.starts_with('[')
                && text
                    .split_once(':')
                    .is_some_and(|(_, rest)| !rest.starts_with(|c: char| c.is_ascii_digit())));
        let text = if has_scheme {
            text.to_owned()
        } else {
            format!("https://{text}")
        };
        let url = Url::parse(&text).map_err(|e| {
            Error::input_hint(
                format!("invalid site URL {s:?}: {e}"),
                "give the dApp's address, e.g. https://app.uniswap.org",
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::input(format!(
                "site URL {s:?} is {}:, not a web page: give its http:// or https:// address",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::input(format!("site URL {s:?} has no host")));
        }
        Ok(SiteUrl {
            given: s.to_owned(),
            url,
        })
    }

    /// The normalized host (lower-case, punycode; IPv6 in brackets).
    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }
}

/// The official hosts a site's host is compared with: the built-in chain registry's,
/// the well-known explorers, providers and dApps (with the detector's fuzzy list), and
/// the detector's allowlist — the same reference as `network`'s.
pub fn reference() -> OfficialHosts {
    OfficialHosts::builtin(Registry::builtin())
}

/// The verdict on a site: CLI.md's `site`, `host` and `findings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteReport {
    /// The URL as given.
    pub site: String,
    /// The host checked (lower-case, punycode).
    pub host: String,
    pub findings: Vec<Finding>,
    /// The Unicode form of a punycode host, for the table.
    #[serde(skip)]
    pub unicode: Option<String>,
    /// Which phishing lists were used, for the table.
    #[serde(skip)]
    pub lists: String,
}

/// "1 edit", "2 edits".
fn edits(n: usize) -> String {
    format!("{n} edit{}", if n == 1 { "" } else { "s" })
}

/// " (as ENTRY)" when a list matched a parent domain of `host`.
fn as_entry(host: &str, entry: &str) -> String {
    if host.strip_suffix('.').unwrap_or(host) == entry {
        String::new()
    } else {
        format!(" (as {entry})")
    }
}

/// Judges a site: the detector's verdict on its host, look-alikes of official hosts
/// (never for an allowlisted host), punycode, and a plain-http origin. `lists` names the
/// detector's lists, for the table.
pub fn judge(
    site: &SiteUrl,
    detector: &Detector,
    lists: &str,
    official: &OfficialHosts,
) -> SiteReport {
    let host = site.host();
    let mut findings = Vec::new();
    let verdict = detector.check(host);
    match &verdict {
        Verdict::Blocklisted { entry } => findings.push(
            Finding::new(
                FindingKind::BlocklistedDomain,
                format!(
                    "{host} is on the phishing detector's blocklist{}: MetaMask shows its phishing warning instead of the site",
                    as_entry(host, entry)
                ),
            )
            .with("entry", entry),
        ),
        Verdict::Fuzzy { entry, distance } => {
            let how = if *distance == 0 {
                format!("has the name of {entry} under another top-level domain")
            } else {
                format!(
                    "is {} from {entry} (compared without the top-level domain)",
                    edits(*distance)
                )
            };
            // The wallet refuses it all the same; the registry's word is added.
            let official_too = if official.is_official(host) {
                " (the chain registry lists it as an official host: the detector's fuzzy match is wrong here, but the wallet still refuses it)"
            } else {
                ""
            };
            findings.push(
                Finding::new(
                    FindingKind::LookalikeDomain,
                    format!(
                        "{host} {how}, a name on the phishing detector's fuzzy list (tolerance {}): MetaMask blocks it as an imitation{official_too}",
                        detector.tolerance()
                    ),
                )
                .with("imitates", entry)
                .with("how", "fuzzylist")
                .with("distance", distance),
            );
        }
        Verdict::Allowlisted { entry } => findings.push(
            Finding::new(
                FindingKind::AllowlistedDomain,
                format!(
                    "{host} is on the phishing detector's allowlist{}: MetaMask connects without a phishing warning",
                    as_entry(host, entry)
                ),
            )
            .with("entry", entry),
        ),
        Verdict::Unlisted => {}
    }
    // CLI.md: an allowlisted host is never a look-alike.
    let allowlisted = matches!(verdict, Verdict::Allowlisted { .. });
    if let Some(l) = official.check(host).filter(|_| !allowlisted) {
        let same = matches!(&verdict, Verdict::Fuzzy { entry, .. } if *entry == l.imitates);
        if !same {
            findings.push(
                Finding::new(
                    FindingKind::LookalikeDomain,
                    format!("{host} imitates {} ({})", l.imitates, l.how.describe()),
                )
                .with("imitates", &l.imitates)
                .with("how", l.how),
            );
        }
    }
    let unicode = host
        .split('.')
        .any(|label| label.starts_with("xn--"))
        .then(|| idna::domain_to_unicode(host).0);
    if let Some(u) = &unicode {
        findings.push(
            Finding::new(
                FindingKind::PunycodeDomain,
                format!(
                    "{host} is punycode for {u}: a browser may show the Unicode form, whose letters can imitate another name"
                ),
            )
            .with("unicode", u),
        );
    }
    if site.url.scheme() == "http" && !is_local_host(host) {
        findings.push(Finding::new(
            FindingKind::InsecureOrigin,
            "the site is served over plain http://: anyone on the network path can change the page and what it asks the wallet to sign",
        ));
    }
    SiteReport {
        site: site.given.clone(),
        host: host.to_owned(),
        findings,
        unicode,
        lists: lists.to_owned(),
    }
}

#[cfg(test)]
mod tests;
