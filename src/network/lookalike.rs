//! Lookalike (phishing) host detection, in the style of wallet phishing lists.
//!
//! Two kinds of reference: *brands* ([`OfficialHosts::new`], the well-known explorers,
//! providers and wallets, the busiest chains' hosts, and the hosts of the chain an entry
//! claims, [`OfficialHosts::check_claimed`]), which a host may not come close to; and
//! *official* hosts ([`OfficialHosts::with_registry`]: every host of every registry
//! chain; [`OfficialHosts::with_allowlist`]: the wallet phishing detector's allowlist),
//! which are never look-alikes themselves and are imitated only in ways no honest host
//! is (homoglyphs, the whole domain as a subdomain or glued with `-`). Two unrelated
//! short brand labels a letter or two apart (`apescan` and `abscan`) are not an error.
//! Checks run in this order; the first hit wins:
//!
//! 1. **Official** — the host equals an official or brand host, shares its registrable
//!    domain (public suffix list), or is an allowlisted domain or a subdomain of one:
//!    never reported. IP literals, `localhost` and hosts without a registrable domain
//!    (bare TLDs, single labels) are never reported either.
//! 2. [`LookalikeKind::SubdomainTrick`] — a brand or official host or registrable domain
//!    appears as whole labels left of the host's own registrable domain
//!    (`etherscan.io.evil.com`).
//! 3. [`LookalikeKind::SeparatorTrick`] — a registrable domain (label ≥ 4 chars for a
//!    brand, ≥ 6 for an official host) appears with its dots replaced by `-`, removed,
//!    or glued to a `-` (`etherscan-io.net`, `etherscanio.com`, `etherscan.io-login.com`).
//! 4. [`LookalikeKind::Combosquat`] — a brand's label (≥ 4 chars) is one of the
//!    `-`-separated words of the host's label (`etherscan-verify.io`,
//!    `www-etherscan.io`).
//! 5. Label comparison on the registrable-domain label without its suffix (`etherscan` of
//!    `etherscan.co`), after decoding punycode and mapping both sides to UTS #39 skeletons:
//!    * equal skeletons but different raw labels → [`LookalikeKind::Confusable`]
//!      (homoglyphs, e.g. a Cyrillic `е`, or ASCII `0`/`o`, `1`/`l`), for brands and
//!      official hosts alike;
//!    * the same label under another suffix (`etherscan.co`) → [`LookalikeKind::EditDistance`]
//!      (a "TLD swap"): brands with labels ≥ 4 chars, official hosts ≥ 6;
//!    * typos, against the claimed chain's own hosts (labels from 4 chars; 2 edits
//!      from 8) and the brands of [`OfficialHosts::new`] and the well-known list (labels
//!      from 8 chars; 2 edits from 10), not the busiest chains' or other official
//!      hosts: an edit distance (Levenshtein with adjacent transpositions, the minimum
//!      of raw and skeleton distance) within those limits → [`LookalikeKind::MixedScript`]
//!      when the label mixes scripts (Latin + Cyrillic…), else
//!      [`LookalikeKind::EditDistance`].
//!
//! Everything is case-insensitive, a trailing dot is ignored, and a `:port` (or a full URL)
//! is accepted and reduced to its host. The closest brand label wins ties in list order.

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
    /// A brand's label as one word of a hyphenated label (`etherscan-verify.io`).
    Combosquat,
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
            Self::Combosquat => "official name combined with other words",
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

/// The hosts to compare against: brands (e.g. `etherscan.io`, `mainnet.infura.io`,
/// `rpc.ankr.com`) and official hosts (every registry chain's, the allowlist).
#[derive(Debug, Clone, Default)]
pub struct OfficialHosts {
    /// Brands: hosts a look-alike may not come close to.
    entries: Vec<Parsed>,
    /// The busiest chains' hosts: brands for every check but the edit distance
    /// (their labels are a letter or two from many honest explorers').
    top: Vec<Parsed>,
    /// Every official host: never a look-alike; imitated only by homoglyphs, as
    /// a subdomain, glued, or under another suffix.
    official: Vec<Parsed>,
    /// Hosts and registrable domains of both lists, for the exemption.
    exempt: std::collections::HashSet<String>,
    /// Allowlisted domains: they and their subdomains are never look-alikes.
    allowed: std::collections::HashSet<String>,
}

/// The busiest public chains (by ID: Ethereum, BNB Smart Chain, Polygon, Arbitrum
/// One, OP Mainnet, Base, Avalanche C-Chain, Fantom, Gnosis, zkSync Era, Linea,
/// Scroll, Polygon zkEVM, Celo, Blast), whose hosts are brands for any entry.
pub const TOP_CHAINS: [u64; 15] = [
    1, 56, 137, 42161, 10, 8453, 43114, 250, 100, 324, 59144, 534352, 1101, 42220, 81457,
];

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

/// The hosts of `hosts` that parse, normalized.
fn parse_all<I: IntoIterator<Item = S>, S: AsRef<str>>(hosts: I) -> impl Iterator<Item = Parsed> {
    hosts
        .into_iter()
        .filter_map(|h| normalize(h.as_ref()).and_then(|h| parse(h, false)))
}

/// Whether `needle` appears as whole labels inside the dotted `haystack`.
fn has_labels(haystack: &str, needle: &str) -> bool {
    format!(".{haystack}.").contains(&format!(".{needle}."))
}

/// Edit distance (Levenshtein with adjacent transpositions: optimal string
/// alignment) if it is within `limit`, skipping hopeless long inputs.
fn close(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    (la.abs_diff(lb) <= limit)
        .then(|| strsim::osa_distance(a, b))
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
        for parsed in parse_all(hosts) {
            self.exempt.insert(parsed.host.clone());
            self.exempt.insert(parsed.domain.clone());
            if !self.entries.iter().any(|e| e.host == parsed.host) {
                self.entries.push(parsed);
            }
        }
    }

    /// The reference every command uses: the well-known hosts and the phishing
    /// detector's fuzzy list (well-known dApps) as brands, `registry`'s hosts, and
    /// the detector's allowlist (built in from eth-phishing-detect, see `site`).
    pub fn builtin(registry: &crate::registry::Registry) -> Self {
        let lists = crate::site::detector::PhishingConfig::builtin();
        Self::new(&lists.fuzzylist)
            .with_well_known()
            .with_registry(registry)
            .with_allowlist(&lists.allowlist)
    }

    /// Adds every official host of `registry`'s chains (never look-alikes; see the
    /// module's documentation for how they are compared), and the hosts of the
    /// busiest chains ([`TOP_CHAINS`]) as brands.
    pub fn with_registry(mut self, registry: &crate::registry::Registry) -> Self {
        let mut seen = std::collections::HashSet::new();
        for parsed in parse_all(registry.all_hosts()) {
            self.exempt.insert(parsed.host.clone());
            self.exempt.insert(parsed.domain.clone());
            if seen.insert(parsed.domain.clone()) {
                self.official.push(parsed);
            }
        }
        let top = registry
            .chains
            .iter()
            .filter(|c| TOP_CHAINS.contains(&c.chain_id) && !c.dev)
            .flat_map(|c| c.rpc_hosts.iter().chain(&c.explorer_hosts));
        for parsed in parse_all(top) {
            if !self.top.iter().any(|e| e.domain == parsed.domain) {
                self.top.push(parsed);
            }
        }
        self
    }

    /// Adds allowlisted domains (a wallet phishing detector's): they and their
    /// subdomains are never look-alikes.
    pub fn with_allowlist<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, domains: I) -> Self {
        self.allowed
            .extend(domains.into_iter().filter_map(|d| normalize(d.as_ref())));
        self
    }

    /// Whether `host` is never a look-alike here: an official or brand host, of
    /// the same registrable domain as one, or allowlisted.
    pub fn is_official(&self, host: &str) -> bool {
        normalize(host)
            .and_then(|h| parse(h, true))
            .is_some_and(|c| self.exempts(&c))
    }

    /// Whether a parsed host is exempt: an official or brand host, of the same
    /// registrable domain as one, or allowlisted.
    fn exempts(&self, c: &Parsed) -> bool {
        self.exempt.contains(&c.host)
            || self.exempt.contains(&c.domain)
            || self.allowlisted(&c.host)
    }

    /// Whether `host` (normalized) is an allowlisted domain or under one.
    fn allowlisted(&self, host: &str) -> bool {
        let mut rest = host;
        loop {
            if self.allowed.contains(rest) {
                return true;
            }
            match rest.split_once('.') {
                Some((_, tail)) => rest = tail,
                None => return false,
            }
        }
    }

    /// Adds the well-known explorers and RPC providers (etherscan.io, infura.io, ankr.com, …).
    pub fn with_well_known(mut self) -> Self {
        self.extend(WELL_KNOWN.split_whitespace());
        self
    }

    /// Why `host` imitates a brand or an official host, or `None` for an official
    /// host (exact, same registrable domain, allowlisted), `localhost`, IP literals,
    /// and unrelated hosts.
    pub fn check(&self, host: &str) -> Option<Lookalike> {
        self.check_with(host, &[])
    }

    /// [`Self::check`], with the hosts of the chain an entry claims to be as the
    /// first brands: typosquats of its own explorer and RPC hosts are caught
    /// down to 4-letter labels.
    pub fn check_claimed(
        &self,
        host: &str,
        claimed: &crate::registry::ChainInfo,
    ) -> Option<Lookalike> {
        let own: Vec<Parsed> =
            parse_all(claimed.rpc_hosts.iter().chain(&claimed.explorer_hosts)).collect();
        self.check_with(host, &own)
    }

    fn check_with(&self, host: &str, claimed: &[Parsed]) -> Option<Lookalike> {
        let cand = parse(normalize(host)?, true)?;
        if self.exempts(&cand)
            || claimed
                .iter()
                .any(|e| e.host == cand.host || e.domain == cand.domain)
        {
            return None;
        }
        let found = |imitates: &str, how| {
            Some(Lookalike {
                host: cand.host.clone(),
                imitates: imitates.to_owned(),
                how,
            })
        };
        // The claimed chain's hosts, then the brands, then the busiest chains'.
        let brands = || claimed.iter().chain(&self.entries).chain(&self.top);
        let everything = || brands().chain(&self.official);
        // Subdomain trick: brand or official labels left of the candidate's registrable
        // domain.
        let sub = cand.host.strip_suffix(&*cand.domain).unwrap_or_default();
        let sub = sub.trim_end_matches('.');
        let longest = everything()
            .flat_map(|e| [&e.host, &e.domain])
            .filter(|name| name.contains('.') && has_labels(sub, name))
            .max_by_key(|name| name.len());
        if let Some(name) = longest {
            return found(name, K::SubdomainTrick);
        }
        // Separator trick: dots replaced by '-', removed, or the domain glued to a '-'.
        // Short labels make generic forms: brands need 4 chars, official hosts 6.
        let glued = |e: &&Parsed, min: usize| {
            e.domain.contains('.') && e.label.chars().count() >= min && {
                let forms = [
                    e.domain.replace('.', "-"),
                    e.domain.replace('.', ""),
                    format!("{}-", e.domain),
                ];
                forms.iter().any(|f| cand.host.contains(f.as_str()))
            }
        };
        if let Some(e) = brands()
            .find(|e| glued(e, 4))
            .or_else(|| self.official.iter().find(|e| glued(e, 6)))
        {
            return found(&e.domain, K::SeparatorTrick);
        }
        // Combosquat: a brand's label as words of a hyphenated label (its own
        // hyphens kept: `cloudflare-eth-login`).
        if cand.label.contains('-') {
            let words = format!("-{}-", cand.label);
            if let Some(e) = brands().find(|e| {
                e.label.chars().count() >= 4
                    && cand.label != e.label
                    && words.contains(&format!("-{}-", e.label))
            }) {
                return found(&e.domain, K::Combosquat);
            }
        }
        // Label comparison: confusable skeletons, TLD swaps, then edit distance.
        if let Some(e) = everything().find(|e| cand.skeleton == e.skeleton && cand.label != e.label)
        {
            return found(&e.domain, K::Confusable);
        }
        let swapped = |e: &&Parsed, min: usize| {
            cand.label == e.label && cand.domain != e.domain && e.label.chars().count() >= min
        };
        if let Some(e) = brands()
            .find(|e| swapped(e, 4))
            .or_else(|| self.official.iter().find(|e| swapped(e, 6)))
        {
            return found(&e.domain, K::EditDistance);
        }
        let mixed = !cand.label.as_str().is_single_script();
        let near = if mixed {
            K::MixedScript
        } else {
            K::EditDistance
        };
        let cand_len = cand.label.chars().count();
        let mut best: Option<(usize, &Parsed)> = None;
        let own = claimed.len();
        // Typos: of the claimed chain's own hosts (labels from 4 letters; 2 edits
        // from 8), and of the brands (labels from 8 letters; 2 edits from 10:
        // `bkcscan` is not `bscscan`).
        for (i, e) in claimed.iter().chain(&self.entries).enumerate() {
            let n = e.label.chars().count();
            let (shortest, two_from) = if i < own { (4, 8) } else { (8, 10) };
            if n < shortest || cand_len + 1 < shortest {
                continue;
            }
            let limit = if n >= two_from { 2 } else { 1 };
            let raw = close(&cand.label, &e.label, limit);
            let skel = close(&cand.skeleton, &e.skeleton, limit);
            if let Some(d) = raw.into_iter().chain(skel).min()
                && best.is_none_or(|b| d < b.0)
            {
                best = Some((d, e));
            }
        }
        best.and_then(|(_, e)| found(&e.domain, near))
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
            Etherscan.co.>etherscan.io api.etherscsn.com:8443>etherscan.io ankr.net>ankr.com \
            infura.com>infura.io etherscna.io>etherscan.io";
        is(EditDistance, cases);
        // A short brand a letter off is no error (`bkcscan` is not `bscscan`);
        // distance 3 is too far.
        none("ankrr.com infurra.io bkcscan.com anrkk.com etherscxyz.io");
        let short = OfficialHosts::new(["abc.com"]); // official labels < 4 chars are ignored
        assert_eq!(short.check("abd.com"), None);
    }

    #[test]
    fn separator_trick() {
        let cases = "etherscan-io.net>etherscan.io etherscanio.com>etherscan.io \
            etherscan-io.com>etherscan.io etherscan.io-login.com>etherscan.io \
            mainnet-infura-io.xyz>infura.io";
        is(SeparatorTrick, cases);
    }

    #[test]
    fn combosquat() {
        let cases = "etherscan-verify.io>etherscan.io www-etherscan.io>etherscan.io \
            io-etherscan.net>etherscan.io secure-infura-login.com>infura.io";
        is(Combosquat, cases);
        none("etherscanner-tools.net ank-r.com");
    }

    /// With the registry and an allowlist: every official host is exempt, an
    /// unrelated short label near an official one is not reported, homoglyphs and
    /// glued domains of official hosts are; the claimed chain's hosts are brands
    /// down to 4 letters.
    #[test]
    fn official_hosts_are_exempt_and_only_imitated_unmistakably() {
        let registry = crate::registry::Registry::builtin();
        let refs = OfficialHosts::new(["etherscan.io"])
            .with_registry(registry)
            .with_allowlist(["allowed-example.org"]);
        for c in &registry.chains {
            for h in c.rpc_hosts.iter().chain(&c.explorer_hosts) {
                assert_eq!(refs.check(h), None, "{h} of chain {}", c.chain_id);
                assert_eq!(
                    refs.check_claimed(h, c),
                    None,
                    "{h} of chain {}",
                    c.chain_id
                );
            }
        }
        assert_eq!(refs.check("app.allowed-example.org"), None);
        // Unrelated and close to an official label of another chain: no error.
        assert_eq!(
            refs.check("apescan.xyz").map(|l| l.how),
            Some(EditDistance),
            "a TLD swap of apescan.io"
        );
        assert_eq!(refs.check("apescam.io"), None);
        let apechain = registry.by_chain_id(33139)[0];
        assert!(
            apechain.explorer_hosts.iter().any(|h| h == "apescan.io"),
            "{apechain:?}"
        );
        assert_eq!(
            refs.check_claimed("apescam.io", apechain)
                .map(|l| (l.imitates, l.how)),
            Some(("apescan.io".into(), EditDistance))
        );
        // Homoglyphs of any official host.
        let cyrillic = "\u{430}pescan.io"; // Cyrillic а
        assert_eq!(refs.check(cyrillic).map(|l| l.how), Some(Confusable));
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
