//! Where to send requests: resolves `-r/--rpc-url` (a URL, a `host:port`, or a
//! bare name from `[rpc_endpoints]` of `./foundry.toml`, then `./rpccheck.toml`)
//! into an [`Endpoint`] that knows how to print itself without secrets.

use std::path::Path;

use url::Url;

use crate::error::{Error, Result};
use crate::redact;

/// Anvil's default endpoint.
pub const DEFAULT_RPC_URL: &str = "http://127.0.0.1:8545";

/// A resolved JSON-RPC endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    url: Url,
    shown: String,
    secrets: Vec<String>,
    /// Where the URL came from (`--rpc-url`, `foundry.toml [rpc_endpoints] sepolia`, ...).
    pub origin: String,
}

impl Endpoint {
    /// Parses a full URL (http or https).
    pub fn parse(raw: &str) -> Result<Self> {
        Self::parse_from(raw, "--rpc-url")
    }

    fn parse_from(raw: &str, origin: &str) -> Result<Self> {
        let shown = redact::redact_url(raw);
        let url = Url::parse(raw)
            .map_err(|e| Error::input(format!("invalid RPC URL {shown} (from {origin}): {e}")))?;
        match url.scheme() {
            "http" | "https" => {}
            "ws" | "wss" | "ipc" | "file" => {
                return Err(Error::input_hint(
                    format!("unsupported RPC URL scheme {}:// in {shown}", url.scheme()),
                    "rpccheck speaks JSON-RPC over HTTP(S); use the node's http:// or https:// URL",
                ));
            }
            other => {
                return Err(Error::input(format!(
                    "unsupported RPC URL scheme {other}: in {shown} (expected http:// or https://)"
                )));
            }
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::input(format!("RPC URL {shown} has no host")));
        }
        Ok(Self {
            secrets: redact::secrets_of(raw),
            shown: redact::redact_url(url.as_str()),
            url,
            origin: origin.to_owned(),
        })
    }

    /// The real URL, secrets included: only for the transport.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The URL as it may be printed.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Secret substrings to scrub from any text that might quote the URL.
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }

    /// `host:port` for messages.
    pub fn host_port(&self) -> String {
        let host = self.url.host_str().unwrap_or("?");
        match self.url.port_or_known_default() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        }
    }

    /// Whether the host is this machine.
    pub fn is_local(&self) -> bool {
        self.url.host_str().is_some_and(crate::input::is_local_host)
    }
}

/// Resolves the `--rpc-url` value (already merged with `ETH_RPC_URL` by clap),
/// looking up bare names in the config files of `dir`.
pub fn resolve(value: Option<&str>, dir: &Path) -> Result<Endpoint> {
    let Some(raw) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Endpoint::parse_from(DEFAULT_RPC_URL, "default");
    };
    let lookup = |name: &str| {
        for file in ["foundry.toml", "rpccheck.toml"] {
            if let Some(url) = lookup_name(&dir.join(file), name)? {
                return Ok(Some((url, format!("{file} [rpc_endpoints] {name}"))));
            }
        }
        Ok(None)
    };
    resolve_with(
        raw,
        "--rpc-url",
        "[rpc_endpoints] of ./foundry.toml or ./rpccheck.toml",
        lookup,
        |e| e,
    )
}

/// The one resolver of an `rpc` value, for `-r` and for `rpccheck.toml`'s
/// `rpc = ...` alike: a URL; a bare name, looked up by `lookup` (which returns
/// the URL, `${VAR}` expanded, and where it came from); or `host:port[/path]`,
/// which means `http://host:port[/path]` as in cast. `from` names the value in
/// messages, `names_in` where names are looked up; `at` adds context (a config
/// line) to this function's own errors, not to `lookup`'s.
pub fn resolve_with(
    raw: &str,
    from: &str,
    names_in: &str,
    lookup: impl FnOnce(&str) -> Result<Option<(String, String)>>,
    at: impl Fn(Error) -> Error,
) -> Result<Endpoint> {
    let raw = raw.trim();
    if raw.contains("://") {
        return Endpoint::parse_from(raw, from).map_err(at);
    }
    if is_bare_name(raw) {
        if let Some((url, origin)) = lookup(raw)? {
            return Endpoint::parse_from(&url, &origin).map_err(at);
        }
        if raw == "localhost" {
            return Endpoint::parse_from("http://localhost:8545", from).map_err(at);
        }
        return Err(at(Error::input_hint(
            format!("unknown RPC endpoint name '{raw}': not a URL, and not in {names_in}"),
            "pass a full URL such as https://host/path, or add the name under [rpc_endpoints]",
        )));
    }
    // `host:port` or `host:port/path`, as cast accepts.
    Endpoint::parse_from(&format!("http://{raw}"), from).map_err(at)
}

fn is_bare_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Reads `[rpc_endpoints] name` from a TOML file (a string, or a table with
/// `endpoint` or `url`), expanding `${VAR}`. `Ok(None)` when the file or name is absent.
pub fn lookup_name(path: &Path, name: &str) -> Result<Option<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::input(format!("cannot read {}: {e}", path.display()))),
    };
    let doc: toml::Table = toml::from_str(&text).map_err(|e| {
        Error::input(format!(
            "{} is not valid TOML: {}",
            path.display(),
            e.message()
        ))
    })?;
    let Some(entry) = doc
        .get("rpc_endpoints")
        .and_then(|t| t.as_table())
        .and_then(|t| t.get(name))
    else {
        return Ok(None);
    };
    let raw = match entry {
        toml::Value::String(s) => s.clone(),
        toml::Value::Table(t) => match t.get("endpoint").or_else(|| t.get("url")) {
            Some(toml::Value::String(s)) => s.clone(),
            _ => {
                return Err(Error::input(format!(
                    "{} [rpc_endpoints] {name}: expected a URL string or a table with `endpoint`",
                    path.display()
                )));
            }
        },
        _ => {
            return Err(Error::input(format!(
                "{} [rpc_endpoints] {name}: expected a URL string",
                path.display()
            )));
        }
    };
    expand_env(&raw, |k| std::env::var(k).ok())
        .map(Some)
        .map_err(|var| {
            Error::input_hint(
                format!(
                    "{} [rpc_endpoints] {name} uses ${{{var}}}, which is not set",
                    path.display()
                ),
                format!("export {var}=... before running rpccheck"),
            )
        })
}

/// Expands `${VAR}` as Foundry does. Returns the name of the first unset variable.
pub fn expand_env(raw: &str, get: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let var = &after[..end];
        match get(var) {
            Some(v) => out.push_str(&v),
            None => return Err(var.to_owned()),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_variables() {
        let get = |k: &str| (k == "KEY").then(|| "abc".to_owned());
        assert_eq!(
            expand_env("https://x/v2/${KEY}", get).unwrap(),
            "https://x/v2/abc"
        );
        assert_eq!(expand_env("https://x/${NOPE}", get).unwrap_err(), "NOPE");
        assert_eq!(expand_env("plain", get).unwrap(), "plain");
    }

    #[test]
    fn resolves_names_from_foundry_then_rpccheck_toml() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("foundry.toml"),
            "[rpc_endpoints]\nlocal = \"http://127.0.0.1:9999\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("rpccheck.toml"),
            "[rpc_endpoints]\nlocal = \"http://127.0.0.1:1111\"\nother = { endpoint = \"http://127.0.0.1:2222\" }\n",
        )
        .unwrap();
        let e = resolve(Some("local"), dir.path()).unwrap();
        assert_eq!(e.url().as_str(), "http://127.0.0.1:9999/");
        let e = resolve(Some("other"), dir.path()).unwrap();
        assert_eq!(e.url().as_str(), "http://127.0.0.1:2222/");
        assert!(resolve(Some("missing"), dir.path()).is_err());
        assert_eq!(
            resolve(None, dir.path()).unwrap().url().as_str(),
            "http://127.0.0.1:8545/"
        );
        assert_eq!(
            resolve(Some("127.0.0.1:7545"), dir.path())
                .unwrap()
                .url()
                .as_str(),
            "http://127.0.0.1:7545/"
        );
        assert!(resolve(Some("wss://x.io"), dir.path()).is_err());
    }
}
