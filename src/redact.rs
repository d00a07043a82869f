//! Keeps secrets out of every printed URL: user-info, query strings, fragments
//! and path segments that look like API keys become `***`.

use url::Url;

/// Placeholder printed in place of a secret.
pub const MASK: &str = "***";

/// Returns `url` with its secrets replaced by `***`. Input that does not parse
/// as a URL is masked entirely except for what looks like a scheme and host.
pub fn redact_url(raw: &str) -> String {
    let Ok(mut url) = Url::parse(raw) else {
        return redact_unparsed(raw);
    };
    if !url.username().is_empty() || url.password().is_some() {
        // `set_username` fails only for cannot-be-a-base URLs, which have no user-info.
        let _ = url.set_password(None);
        let _ = url.set_username(MASK);
    }
    if url.query().is_some() {
        url.set_query(Some(MASK));
    }
    if url.fragment().is_some() {
        url.set_fragment(Some(MASK));
    }
    if !url.cannot_be_a_base() {
        let segments: Vec<String> = url
            .path_segments()
            .map(|s| s.map(str::to_owned).collect())
            .unwrap_or_default();
        let mut masked = Vec::with_capacity(segments.len());
        let mut prev: Option<&str> = None;
        for seg in &segments {
            if is_key_like(seg, prev) {
                masked.push(MASK.to_owned());
            } else {
                masked.push(seg.clone());
            }
            prev = Some(seg);
        }
        if masked != segments {
            url.set_path(&masked.join("/"));
        }
    }
    let shown = url.to_string();
    // `http://host:8545/` reads better as people type it.
    match shown.strip_suffix('/') {
        Some(bare) if url.path() == "/" && url.query().is_none() && url.fragment().is_none() => {
            bare.to_owned()
        }
        _ => shown,
    }
}

/// The secret substrings of `raw` (user-info, query, key-like segments), longest
/// first, so that any text that quotes them can be scrubbed too.
pub fn secrets_of(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(url) = Url::parse(raw) {
        // Short parts are kept with their delimiters so that scrubbing them
        // cannot mangle unrelated text.
        if !url.username().is_empty() {
            out.push(url.username().to_owned());
            out.push(format!("{}@", url.username()));
        }
        if let Some(p) = url.password() {
            out.push(p.to_owned());
            out.push(format!(":{p}@"));
        }
        if let Some(q) = url.query() {
            out.push(q.to_owned());
            out.push(format!("?{q}"));
        }
        if let Some(f) = url.fragment() {
            out.push(f.to_owned());
            out.push(format!("#{f}"));
        }
        let mut prev: Option<String> = None;
        for seg in url.path_segments().into_iter().flatten() {
            if is_key_like(seg, prev.as_deref()) {
                out.push(seg.to_owned());
            }
            prev = Some(seg.to_owned());
        }
    }
    out.retain(|s| s.len() >= 4);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// Replaces every secret in `text` with `***`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    // Only secrets longer than the mask: every replacement then shrinks the text, so the
    // loop ends. It runs until no secret is left because masking one secret can rebuild
    // another from the asterisks around it (both cases found by fuzzing).
    let secrets: Vec<&str> = secrets
        .iter()
        .map(String::as_str)
        .filter(|s| s.len() > MASK.len())
        .collect();
    let mut out = text.to_owned();
    while let Some(s) = secrets.iter().find(|s| out.contains(**s)) {
        out = out.replace(s, MASK);
    }
    out
}

/// Path segments after these name the key that follows them.
const KEY_MARKERS: &[&str] = &[
    "v1", "v2", "v3", "key", "keys", "apikey", "api-key", "api_key", "token", "auth",
];

/// Whether a path segment looks like an API key or token.
///
/// Keys seen in the wild: Infura `/v3/<32 hex>`, Alchemy `/v2/<32 base62>`,
/// QuickNode `/<40 hex>/`, Ankr `/eth/<64 hex>`, dRPC `?dkey=`, Chainstack
/// `/<32 hex>`, Blast `/<uuid>`. Plain words (`rpc`, `mainnet`, `ext`, `bc`)
/// stay readable.
pub fn is_key_like(seg: &str, prev: Option<&str>) -> bool {
    if seg.is_empty() || seg == MASK {
        return false;
    }
    let token_chars = seg.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || c == '-'
            || c == '_'
            || c == '.'
            || c == '~'
            || c == '%'
            || c == '='
            || c == '+'
    });
    if !token_chars {
        // Anything odd and long is more likely a secret than a route name.
        return seg.len() >= 24;
    }
    let digits = seg.chars().filter(|c| c.is_ascii_digit()).count();
    let letters = seg.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let upper = seg.chars().filter(|c| c.is_ascii_uppercase()).count();
    let lower = seg.chars().filter(|c| c.is_ascii_lowercase()).count();
    let after_marker = prev.is_some_and(|p| KEY_MARKERS.contains(&p.to_ascii_lowercase().as_str()));
    if after_marker && seg.len() >= 8 {
        return true;
    }
    if seg.len() >= 16 && seg.chars().all(|c| c.is_ascii_hexdigit() || c == '-') && digits > 0 {
        return true;
    }
    if seg.len() >= 20 && digits > 0 && letters > 0 {
        return true;
    }
    if seg.len() >= 20 && upper > 0 && lower > 0 {
        return true;
    }
    seg.len() >= 32
}

/// Masks a string that is not a URL: keep up to the first `/` after `://`.
fn redact_unparsed(raw: &str) -> String {
    match raw.find("://") {
        Some(i) => {
            let rest = &raw[i + 3..];
            let host_end = rest.find(['/', '?', '#', '@']).unwrap_or(rest.len());
            if rest[..host_end].is_empty() || rest.contains('@') {
                format!("{}{MASK}", &raw[..i + 3])
            } else if host_end == rest.len() {
                raw.to_owned()
            } else {
                format!("{}{}/{MASK}", &raw[..i + 3], &rest[..host_end])
            }
        }
        None if raw.len() <= 40 && !raw.contains(['/', '?', '@']) => raw.to_owned(),
        None => MASK.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_known_provider_keys() {
        let cases = [
            (
                "https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef",
                "https://mainnet.infura.io/v3/***",
            ),
            (
                "https://eth-mainnet.g.alchemy.com/v2/AbCdEfGhIjKlMnOpQrStUvWxYz012345",
                "https://eth-mainnet.g.alchemy.com/v2/***",
            ),
            (
                "https://rpc.ankr.com/eth/0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "https://rpc.ankr.com/eth/***",
            ),
            (
                "https://user:pass@node.example.com:8545/rpc?key=secret#frag",
                "https://***@node.example.com:8545/rpc?***#***",
            ),
            ("http://127.0.0.1:8545", "http://127.0.0.1:8545"),
            ("https://sepolia.base.org", "https://sepolia.base.org"),
            ("https://polygon-rpc.com/", "https://polygon-rpc.com"),
            (
                "https://rpc.mevblocker.io/fast",
                "https://rpc.mevblocker.io/fast",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(redact_url(raw), want, "{raw}");
        }
    }

    #[test]
    fn secrets_are_scrubbed_from_free_text() {
        let url = "https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef?x=1";
        let secrets = secrets_of(url);
        let text = format!("error sending request for url ({url})");
        let out = scrub(&text, &secrets);
        assert!(!out.contains("0123456789abcdef0123456789abcdef"), "{out}");
        assert!(!out.contains("x=1"), "{out}");
    }

    #[test]
    fn a_secret_next_to_asterisks_cannot_reappear() {
        // Found by the redact_and_parse fuzz target.
        let url = "main3netAom:854***************4/rpc?****#h";
        let secrets = secrets_of(url);
        let out = scrub(url, &secrets);
        for s in secrets.iter().filter(|s| s.len() > MASK.len()) {
            assert!(!out.contains(s.as_str()), "{s} in {out}");
        }
        assert_eq!(scrub("a****b", &["****".into()]), "a***b");
    }

    #[test]
    fn masking_one_secret_cannot_rebuild_another() {
        // Found by the redact_and_parse fuzz target: masking the fragment `#ln.` next to
        // the already-masked query made `****` again.
        let url = "her:ac?****#ln.";
        let secrets = secrets_of(url);
        let out = scrub(url, &secrets);
        for s in secrets.iter().filter(|s| s.len() > MASK.len()) {
            assert!(!out.contains(s.as_str()), "{s} in {out}");
        }
    }

    #[test]
    fn unparsable_urls_keep_no_path() {
        assert_eq!(redact_unparsed("https://host/abc def"), "https://host/***");
        assert_eq!(redact_unparsed("https://u:p@host"), "https://***");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9a-f]{32}",
            "[A-Za-z0-9_-]{32}",
            "[0-9a-f]{64}",
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// A key in any position a provider puts it never survives redaction.
        #[test]
        fn keys_never_survive(
            key in key(),
            host in "[a-z]{1,10}(\\.[a-z]{2,6}){1,2}",
            prefix in prop::collection::vec("[a-z]{1,8}", 0..3),
            suffix in prop::collection::vec("[a-z]{1,8}", 0..2),
            shape in 0..5usize,
        ) {
            let path = |k: &str| {
                let mut segs = prefix.clone();
                segs.push(k.to_owned());
                segs.extend(suffix.clone());
                segs.join("/")
            };
            let url = match shape {
                0 => format!("https://{host}/{}", path(&key)),
                1 => format!("https://{host}/v3/{key}"),
                2 => format!("https://{host}/rpc?apikey={key}"),
                3 => format!("https://user:{key}@{host}/"),
                _ => format!("https://{host}/{}#{key}", path("x")),
            };
            let shown = redact_url(&url);
            prop_assert!(!shown.contains(&key), "{url} -> {shown}");
            let text = format!("error sending request for url ({url}): boom");
            prop_assert!(!scrub(&text, &secrets_of(&url)).contains(&key));
        }

        /// Redaction never panics, whatever the input.
        #[test]
        fn never_panics(s in ".{0,200}") {
            let _ = redact_url(&s);
            let _ = scrub(&s, &secrets_of(&s));
        }
    }
}
