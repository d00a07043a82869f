//! Lookalike (phishing) host detection, in the style of wallet phishing lists.
//!
//! [`OfficialHosts::check`] compares a host against a list of official hosts and reports
//! why it imitates one of them. Checks run in this order; the first hit wins:
//!
//! 1. **Official** — the host equals an official host or shares its registrable domain
//!    (public suffix list): never reported. IP literals, `localhost` and hosts without a
//!    registrable domain (bare TLDs, single labels) are never reported either.
//! 2. [`LookalikeKind::SubdomainTrick`] — an official host or registrable domain appears as
//!    whole labels left of the host's own registrable domain (`etherscan.io.evil.com`).
//! 3. [`LookalikeKind::SeparatorTrick`] — an official registrable domain (label ≥ 4 chars)
//!    appears with its dots replaced by `-`, removed, or glued to a `-` (`etherscan-io.net`,
//!    `etherscanio.com`, `etherscan.io-login.com`).
//! 4. Label comparison on the registrable-domain label without its suffix (`etherscan` of
//!    `etherscan.co`), after decoding punycode and mapping both sides to UTS #39 skeletons:
//!    * equal skeletons but different raw labels → [`LookalikeKind::Confusable`]
//!      (homoglyphs, e.g. a Cyrillic `е`, or ASCII `0`/`o`, `1`/`l`);
//!    * Levenshtein distance (minimum of raw and skeleton distance) ≤ 2, or ≤ 1 when the
//!      official label has fewer than 6 chars → [`LookalikeKind::MixedScript`] when the label
//!      mixes scripts (Latin + Cyrillic…), else [`LookalikeKind::EditDistance`]. Official
//!      labels and candidate labels shorter than 4 chars are skipped for this test. The same
//!      label under another TLD (`etherscan.co`) is a distance of 0 and is reported as
//!      `EditDistance` (a "TLD swap").
//!
//! Everything is case-insensitive, a trailing dot is ignored, and a `:port` (or a full URL)
//! is accepted and reduced to its host. The closest official label wins ties in list order.

use LookalikeKind as K;
use std::net::IpAddr;
use unicode_security::MixedScript as _;

/// Why a host imitates an official one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Lookalike {
    /// The checked host, normalized (lower-case, ASCII/punycode, no port, no trailing dot).
    pub host: String,
    /// The official host or registrable domain it imitates.
    pub imitates: String,
    /// The technique used.
    pub how: LookalikeKind,
}

/// The imitation technique detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LookalikeKind {
    /// A typo (edit distance ≤ 2) of an official label, or the same label under another TLD.
    EditDistance,
    /// The official domain with its dots replaced by `-` or removed.
    SeparatorTrick,
    /// The official domain used as subdomain labels of another registrable domain.
    SubdomainTrick,
    /// Homoglyphs: same UTS #39 skeleton as an official label.
    Confusable,
    /// A label mixing scripts (e.g. Latin and Cyrillic) close to an official label.
    MixedScript,
}

impl LookalikeKind {
    /// A short human phrase describing the technique.
    pub fn describe(self) -> &'static str {
        match self {
            Self::EditDistance => "misspelled official domain or other TLD",
            Self::SeparatorTrick => "official domain with dots replaced or removed",
            Self::SubdomainTrick => "official domain used as a subdomain of another domain",
            Self::Confusable => "look-alike (homoglyph) characters",
            Self::MixedScript => "mixed-script label resembling an official domain",
        }
    }
}

/// Well-known explorers, RPC providers and wallet sites added by [`OfficialHosts::with_well_known`].
const WELL_KNOWN: &str = "etherscan.io optimistic.etherscan.io bscscan.com polygonscan.com \
    arbiscan.io basescan.org snowtrace.io ftmscan.com blockscout.com lineascan.build celoscan.io \
    gnosisscan.io scrollscan.com infura.io alchemy.com quicknode.com quiknode.pro ankr.com \
    llamarpc.com publicnode.com drpc.org chainstack.com blastapi.io getblock.io nodereal.io \
    1rpc.io blockpi.network cloudflare-eth.com tenderly.co metamask.io chainlist.org ethereum.org";

/// A host split into the parts the checks compare.
#[derive(Debug, Clone)]
struct Parsed {
    /// Full host, ASCII (punycode) lower-case.
    host: String,
    /// Registrable domain (or the host itself when it has none, for official entries).
    domain: String,
    /// Registrable-domain label without the public suffix, decoded to Unicode.
    label: String,
    /// UTS #39 skeleton of `label`, lower-cased.
    skeleton: String,
}

/// Official hosts to compare against (e.g. `etherscan.io`, `mainnet.infura.io`, `rpc.ankr.com`).
#[derive(Debug, Clone, Default)]
pub struct OfficialHosts {
    entries: Vec<Parsed>,
}

/// Reduces an input (host, `host:port` or URL) to a lower-case host; `None` for IPs/localhost.
fn normalize(input: &str) -> Option<String> {
    let s = input.trim();
    let host = if s.contains("://") {
        url::Url::parse(s).ok()?.host_str()?.to_owned()
    } else {
        s.to_owned()
    };
    if host.starts_with('[') || host.parse::<IpAddr>().is_ok() {
        return None;
    }
    let host = host.split(':').next().unwrap_or_default();
    let host = host.trim_end_matches('.').to_lowercase();
    let local = host == "localhost" || host.ends_with(".localhost");
    if host.is_empty() || local || host.parse::<IpAddr>().is_ok() {
        return None;
    }
    let ascii = idna::domain_to_ascii(&host).unwrap_or(host);
    (!ascii.split('.').any(str::is_empty)).then_some(ascii)
}

/// Splits a normalized host; `strict` refuses hosts without a registrable domain.
fn parse(host: String, strict: bool) -> Option<Parsed> {
    let domain = match psl::domain_str(&host) {
        Some(d) => d.to_owned(),
        None if strict => return None,
        None => host.clone(),
    };
    let label = psl::suffix_str(&domain)
        .and_then(|suffix| domain.strip_suffix(suffix)?.strip_suffix('.'))
        .unwrap_or(&domain);
    let label = idna::domain_to_unicode(label).0;
    // Lower-cased after mapping: prototypes may be upper-case (`0` → `O`).
    let skeleton = unicode_security::skeleton(&label)
        .collect::<String>()
        .to_lowercase();
    Some(Parsed {
        host,
        domain,
        label,
        skeleton,
    })
}

/// Whether `needle` appears as whole labels inside the dotted `haystack`.
fn has_labels(haystack: &str, needle: &str) -> bool {
    format!(".{haystack}.").contains(&format!(".{needle}."))
}

/// Levenshtein distance if it is within `limit`, skipping hopeless long inputs.
fn close(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    (la.abs_diff(lb) <= limit)
        .then(|| strsim::levenshtein(a, b))
        .filter(|d| *d <= limit)
}

impl OfficialHosts {
    /// Builds the list: lower-cases, drops ports/trailing dots/IPs, dedups, precomputes parts.
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(hosts: I) -> Self {
        let mut me = Self::default();
        me.extend(hosts);
        me
    }

    fn extend<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, hosts: I) {
        for host in hosts {
            let Some(parsed) = normalize(host.as_ref()).and_then(|h| parse(h, false)) else {
                continue;
            };
            if !self.entries.iter().any(|e| e.host == parsed.host) {
                self.entries.push(parsed);
            }
        }
    }

    /// Adds the well-known explorers and RPC providers (etherscan.io, infura.io, ankr.com, …).
    pub fn with_well_known(mut self) -> Self {
        self.extend(WELL_KNOWN.split_whitespace());
        self
    }

    /// Why `host` imitates an official host, or `None` for an official host (exact or same
    /// registrable domain), `localhost`, IP literals, and unrelated hosts.
    pub fn check(&self, host: &str) -> Option<Lookalike> {
        let cand = parse(normalize(host)?, true)?;
        let official = |e: &Parsed| e.host == cand.host || e.domain == cand.domain;
        if self.entries.iter().any(official) {
            return None;
        }
        let found = |imitates: &str, how| {
            Some(Lookalike {
                host: cand.host.clone(),
                imitates: imitates.to_owned(),
                how,
            })
        };
        // Subdomain trick: official labels left of the candidate's registrable domain.
        let sub = cand.host.strip_suffix(&*cand.domain).unwrap_or_default();
        let sub = sub.trim_end_matches('.');
        let longest = (self.entries.iter())
            .flat_map(|e| [&e.host, &e.domain])
            .filter(|name| has_labels(sub, name))
            .max_by_key(|name| name.len());
        if let Some(name) = longest {
            return found(name, K::SubdomainTrick);
        }
        // Separator trick: dots replaced by '-', removed, or the domain glued to a '-'.
        // Entries with labels under 4 chars or no dot are skipped: their forms are too generic.
        let entries = self.entries.iter().filter(|e| e.domain.contains('.'));
        for e in entries.filter(|e| e.label.chars().count() >= 4) {
            let forms = [
                e.domain.replace('.', "-"),
                e.domain.replace('.', ""),
                format!("{}-", e.domain),
            ];
            if forms.iter().any(|f| cand.host.contains(f.as_str())) {
                return found(&e.domain, K::SeparatorTrick);
            }
        }
        // Label comparison: confusable skeletons, then edit distance.
        let mixed = !cand.label.as_str().is_single_script();
        let near = if mixed {
            K::MixedScript
        } else {
            K::EditDistance
        };
        let cand_len = cand.label.chars().count();
        let mut best: Option<(usize, &Parsed, LookalikeKind)> = None;
        for e in &self.entries {
            let n = e.label.chars().count();
            let limit = if n < 6 { 1 } else { 2 };
            let hit = if cand.skeleton == e.skeleton && cand.label != e.label {
                Some((0, K::Confusable))
            } else {
                let raw = close(&cand.label, &e.label, limit);
                let skel = close(&cand.skeleton, &e.skeleton, limit);
                let d = raw.into_iter().chain(skel).min();
                d.filter(|_| n >= 4 && cand_len >= 4).map(|d| (d, near))
            };
            if let Some((d, kind)) = hit.filter(|(d, _)| best.is_none_or(|b| *d < b.0)) {
                best = Some((d, e, kind));
            }
        }
        best.and_then(|(_, e, kind)| found(&e.domain, kind))
    }
}

#[cfg(test)]
mod tests {
    use super::LookalikeKind::*;
    use super::*;

    fn list() -> OfficialHosts {
        OfficialHosts::new(["mainnet.infura.io", "RPC.Ankr.com."]).with_well_known()
    }

    fn kind(host: &str) -> Option<(String, LookalikeKind)> {
        list().check(host).map(|l| (l.imitates, l.how))
    }

    /// `cases`: whitespace-separated `host>imitates` pairs that must be reported as `how`.
    fn is(how: LookalikeKind, cases: &str) {
        for case in cases.split_whitespace() {
            let (host, imitates) = case.split_once('>').unwrap_or((case, ""));
            assert_eq!(kind(host), Some((imitates.to_owned(), how)), "{host}");
        }
    }

    fn none(hosts: &str) {
        hosts
            .split_whitespace()
            .for_each(|h| assert_eq!(kind(h), None, "{h}"));
    }

    #[test]
    fn official_and_same_registrable_domain_never_match() {
        none(
            "etherscan.io api.etherscan.io ETHERSCAN.IO. etherscan.io:443 mainnet.infura.io \
            eth-mainnet.g.alchemy.com rpc.ankr.com bscscan.com ftmscan.com basescan.org \
            optimistic.etherscan.io https://etherscan.io/tx/1 1rpc.io drpc.org",
        );
        let custom = OfficialHosts::new(["rpc.example.org"]);
        assert_eq!(custom.check("other.example.org"), None);
        assert!(custom.check("rpc.example.org.evil.net").is_some());
    }

    #[test]
    fn ips_localhost_and_unrelated_never_match() {
        none(
            "localhost LOCALHOST:8545 a.localhost 127.0.0.1 127.0.0.1:8545 ::1 [::1]:8545 \
            http://[::1]:8545 example.com google.com rpc.com cloudflare.com uniswap.org io etherscan",
        );
    }

    #[test]
    fn edit_distance_and_tld_swap() {
        let cases = "etherscam.io>etherscan.io ethersccan.io>etherscan.io \
            Etherscan.co.>etherscan.io api.etherscsn.com:8443>etherscan.io ankrr.com>ankr.com \
            infura.com>infura.io";
        is(EditDistance, cases);
        none("anrkk.com etherscxyz.io"); // short label allows 1; distance 3 is too far
        let short = OfficialHosts::new(["abc.com"]); // official labels < 4 chars are ignored
        assert_eq!(short.check("abd.com"), None);
    }

    #[test]
    fn separator_trick() {
        let cases = "etherscan-io.net>etherscan.io etherscanio.com>etherscan.io \
            etherscan-io.com>etherscan.io etherscan.io-login.com>etherscan.io \
            mainnet-infura-io.xyz>infura.io";
        is(SeparatorTrick, cases);
        none("etherscan-tools.net io-etherscan.net");
    }

    #[test]
    fn subdomain_trick() {
        let cases = "etherscan.io.evil.com>etherscan.io \
            mainnet.infura.io.rpc-node.xyz>mainnet.infura.io \
            login.alchemy.com.example.net>alchemy.com";
        is(SubdomainTrick, cases);
        none("etherscan.evil.com myetherscan.io.evil.com"); // label alone / not label-aligned
    }

    #[test]
    fn confusable_unicode_and_punycode() {
        let unicode = "\u{435}therscan.io"; // Cyrillic small ie
        let puny = idna::domain_to_ascii(unicode).expect("valid IDN");
        assert!(puny.starts_with("xn--"), "{puny}");
        let url = format!("https://{}/", unicode.to_uppercase());
        let cases = format!("{unicode}>etherscan.io {puny}>etherscan.io {url}>etherscan.io");
        is(Confusable, &cases);
        let cases = "p0lygonscan.com>polygonscan.com b1astapi.io>blastapi.io";
        is(Confusable, cases);
        none("\u{435}\u{442}\u{445}.com xn--e1aybc.com"); // Cyrillic but unrelated
    }

    #[test]
    fn mixed_script_close_to_official() {
        let unicode = "\u{435}therscam.io"; // Cyrillic е + typo
        let puny = idna::domain_to_ascii(unicode).expect("valid IDN");
        let cases = format!("{unicode}>etherscan.io {puny}>etherscan.io");
        is(MixedScript, &cases);
        none("\u{435}xample.com"); // mixed script but unrelated
    }

    #[test]
    fn kinds_describe_and_serialize() {
        let json = serde_json::to_value(SeparatorTrick).ok();
        assert_eq!(json, Some("separator_trick".into()));
        let all = [
            EditDistance,
            SeparatorTrick,
            SubdomainTrick,
            Confusable,
            MixedScript,
        ];
        assert!(all.iter().all(|k| !k.describe().is_empty()));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let long = "a".repeat(5000);
        let odd = "  . .. ... : [ :// http:// xn-- xn--.io xn--zz-zzzzzzzz.io xn--ẞ.com 😀.com 😀 \
            a..b.com -.- etherscan..io \u{0} \u{200d}etherscan.io é:é:é http://%zz/ [:::]";
        let longs = [
            long.clone(),
            format!("{long}.io"),
            format!("{long}.etherscan.io.x.com"),
        ];
        let all = odd.split(' ').chain(longs.iter().map(String::as_str));
        all.for_each(|h| _ = list().check(h));
        let officials = OfficialHosts::new(["", "..", "😀", "xn--", long.as_str()]);
        assert_eq!(officials.check("😀.com"), None);
    }
}
