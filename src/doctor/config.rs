//! `rpccheck.toml` → typed plans. Every value is parsed here, with the same
//! parsers as the command line (`crate::input`, the `-r` resolver), so a config
//! that loads runs; every error names the offending line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use alloy::primitives::{Address, U256};
use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;

use super::grade::{AllowlistExpectation, NetworkExpectation};
use crate::allowlist::calldata::CallSpec;
use crate::allowlist::merkle::StandardTree;
use crate::allowlist::report::{ReasonKind, Verdict};
use crate::error::{Error, Result};
use crate::explain::{Decoder, load_abi};
use crate::input::{parse_address, parse_amount, parse_chain_id, parse_origin};
use crate::network::check::EntryPlan;
use crate::rpc::endpoint::{self, Endpoint, expand_env};

/// `rpccheck.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Named endpoints (`${VAR}` expanded), usable as `rpc = "name"` and by `-r name`.
    #[serde(default)]
    pub rpc_endpoints: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub chain: Vec<ChainCheck>,
    #[serde(default)]
    pub network: Vec<NetworkCheck>,
    #[serde(default)]
    pub allowlist: Vec<AllowlistCheck>,
}

/// `[[chain]]`: the endpoint must answer with this chain ID (and no error finding).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainCheck {
    pub name: Option<String>,
    pub rpc: Option<Spanned<String>>,
    pub expect_chain_id: Spanned<toml::Value>,
}

/// `[[network]]`: an EIP-3085 entry, inline or in a file, must have no error finding
/// (or, with `expect = "invalid"`, must have one; `findings` lists kinds that must appear).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkCheck {
    pub name: Option<String>,
    pub file: Option<Spanned<String>>,
    pub entry: Option<Spanned<toml::Value>>,
    pub origin: Option<Spanned<String>>,
    pub expect: Option<Spanned<String>>,
    #[serde(default)]
    pub findings: Vec<String>,
}

/// `[[allowlist]]`: the verdict for an address (or several), and optionally the reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistCheck {
    pub name: Option<String>,
    pub rpc: Option<Spanned<String>>,
    pub contract: Spanned<String>,
    pub address: Option<Spanned<String>>,
    pub addresses: Option<Spanned<Vec<String>>>,
    /// `"mint(uint256) 1"` or `["mint(uint256)", "1"]`.
    pub call: Option<Spanned<toml::Value>>,
    pub value: Option<Spanned<String>>,
    pub abi: Option<Spanned<String>>,
    pub merkle_tree: Option<Spanned<String>>,
    pub real_balance: Option<bool>,
    pub expect: Spanned<String>,
    pub reason: Option<Spanned<String>>,
}

/// A config that was read, with its text for line numbers.
pub struct Loaded {
    pub path: String,
    pub text: String,
    pub config: Config,
}

impl Loaded {
    /// Reads and parses the file; errors name the line.
    pub fn read(path: &str) -> Result<Loaded> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::input_hint(
                format!("cannot read config {path}: {e}"),
                "write an rpccheck.toml (see the README) or pass --config FILE",
            )
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(0);
            let msg = e.message().replace('\n', " ");
            Error::input(format!("{path}:{line}: {msg}"))
        })?;
        Ok(Loaded {
            path: path.to_owned(),
            text,
            config,
        })
    }

    /// A config error at `span`.
    pub fn error_at(&self, span: std::ops::Range<usize>, msg: impl std::fmt::Display) -> Error {
        Error::input(format!(
            "{}:{}: {msg}",
            self.path,
            line_of(&self.text, span.start)
        ))
    }

    /// Resolves `rpc = ...` exactly as `-r` does (one resolver,
    /// [`endpoint::resolve_with`]): a URL, `host:port`, or a name from this
    /// file's `[rpc_endpoints]` (`${VAR}` expanded; an unset one names the
    /// `[rpc_endpoints]` line). Errors name the line.
    pub fn endpoint(&self, rpc: &Spanned<String>) -> Result<Endpoint> {
        let lookup = |name: &str| {
            let Some(url) = self.config.rpc_endpoints.get(name) else {
                return Ok(None);
            };
            let raw = expand_env(url.get_ref(), |k| std::env::var(k).ok())
                .map_err(|var| self.error_at(url.span(), format!("${{{var}}} is not set")))?;
            Ok(Some((raw, format!("{} [rpc_endpoints] {name}", self.path))))
        };
        endpoint::resolve_with(
            rpc.get_ref(),
            &self.path,
            &format!("[rpc_endpoints] of {}", self.path),
            lookup,
            |e| self.error_at(rpc.span(), e),
        )
    }
}

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// One check of the config, parsed and ready to run.
pub enum Plan {
    /// `[[chain]]`: the endpoint must be this chain, without an error finding.
    Chain {
        name: String,
        endpoint: Endpoint,
        expect: u64,
    },
    /// `[[network]]`: the entry, read (or why it could not be: an error row).
    Network {
        name: String,
        entry: Result<EntryPlan>,
        origin: Option<String>,
        expect: NetworkExpectation,
    },
    /// `[[allowlist]]`: the verdict (and reason) for each address.
    Allowlist(Box<AllowlistPlan>),
}

/// `[[allowlist]]`, parsed.
pub struct AllowlistPlan {
    pub name: String,
    pub endpoint: Endpoint,
    pub addresses: Vec<Address>,
    /// The allowlist command's own plan (its block is set when the check runs).
    pub check: crate::allowlist::AllowlistPlan,
    pub expect: AllowlistExpectation,
}

impl Plan {
    /// Secrets of the URLs this check talks to, to scrub from the output.
    pub fn secrets(&self) -> Vec<String> {
        match self {
            Self::Chain { endpoint, .. } => endpoint.secrets().to_vec(),
            Self::Allowlist(a) => a.endpoint.secrets().to_vec(),
            Self::Network { entry, .. } => entry
                .as_ref()
                .map(|e| e.secrets().flatten().cloned().collect())
                .unwrap_or_default(),
        }
    }
}

impl Loaded {
    /// Parses every check; the first problem is an error naming its line.
    /// `default` is the endpoint of a check without `rpc` (`-r`, or its default).
    pub fn plans(&self, default: impl Fn() -> Result<Endpoint>) -> Result<Vec<Plan>> {
        let base = Path::new(&self.path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let path = |p: &str| {
            if Path::new(p).is_absolute() {
                PathBuf::from(p)
            } else {
                base.join(p)
            }
        };
        let endpoint = |rpc: &Option<Spanned<String>>| match rpc {
            Some(r) => self.endpoint(r),
            None => default(),
        };
        let mut out = Vec::new();
        for (i, c) in self.config.chain.iter().enumerate() {
            let expect = self.chain_id(&c.expect_chain_id)?;
            out.push(Plan::Chain {
                name: c
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("chain #{} is {expect}", i + 1)),
                endpoint: endpoint(&c.rpc)?,
                expect,
            });
        }
        for (i, n) in self.config.network.iter().enumerate() {
            let name = n
                .name
                .clone()
                .unwrap_or_else(|| format!("network #{}", i + 1));
            let raw = self.network_entry(n, &name, &path)?;
            let origin = n
                .origin
                .as_ref()
                .map(|o| parse_origin(o.get_ref()).map_err(|e| self.error_at(o.span(), e)))
                .transpose()?;
            let valid = match n.expect.as_ref().map(|e| e.get_ref().as_str()) {
                None | Some("valid") => true,
                Some("invalid") => false,
                Some(other) => {
                    let span = n.expect.as_ref().map(|e| e.span()).unwrap_or(0..0);
                    return Err(self.error_at(
                        span,
                        format!("expect = {other:?}: use \"valid\" or \"invalid\""),
                    ));
                }
            };
            out.push(Plan::Network {
                entry: EntryPlan::read(raw, &name),
                name,
                origin,
                expect: NetworkExpectation {
                    valid,
                    findings: n.findings.clone(),
                },
            });
        }
        for (i, a) in self.config.allowlist.iter().enumerate() {
            out.push(Plan::Allowlist(Box::new(
                self.allowlist(a, i, &path, &endpoint)?,
            )));
        }
        Ok(out)
    }

    fn chain_id(&self, v: &Spanned<toml::Value>) -> Result<u64> {
        match v.get_ref() {
            toml::Value::Integer(n) if *n > 0 => Ok(*n as u64),
            toml::Value::String(s) => parse_chain_id(s).map_err(|e| self.error_at(v.span(), e)),
            _ => Err(self.error_at(
                v.span(),
                "expect_chain_id must be a positive integer or a 0x-hex string",
            )),
        }
    }

    fn network_entry(
        &self,
        n: &NetworkCheck,
        name: &str,
        path: &impl Fn(&str) -> PathBuf,
    ) -> Result<Value> {
        match (&n.file, &n.entry) {
            (Some(f), None) => {
                let p = path(f.get_ref());
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    self.error_at(f.span(), format!("cannot read {}: {e}", p.display()))
                })?;
                serde_json::from_str::<Value>(&text).map_err(|e| {
                    self.error_at(f.span(), format!("{} is not valid JSON: {e}", p.display()))
                })
            }
            (None, Some(e)) => {
                serde_json::to_value(e.get_ref()).map_err(|err| self.error_at(e.span(), err))
            }
            _ => {
                let span = n
                    .file
                    .as_ref()
                    .map(|f| f.span())
                    .or(n.entry.as_ref().map(|e| e.span()))
                    .unwrap_or(0..0);
                Err(self.error_at(
                    span,
                    format!("[[network]] {name}: give exactly one of file or entry"),
                ))
            }
        }
    }

    fn allowlist(
        &self,
        a: &AllowlistCheck,
        i: usize,
        path: &impl Fn(&str) -> PathBuf,
        endpoint: &impl Fn(&Option<Spanned<String>>) -> Result<Endpoint>,
    ) -> Result<AllowlistPlan> {
        let contract = parse_address(a.contract.get_ref(), "contract")
            .map_err(|e| self.error_at(a.contract.span(), e))?;
        let addresses = match (&a.address, &a.addresses) {
            (Some(x), None) => vec![
                parse_address(x.get_ref(), "address").map_err(|e| self.error_at(x.span(), e))?,
            ],
            (None, Some(xs)) => xs
                .get_ref()
                .iter()
                .map(|x| parse_address(x, "address").map_err(|e| self.error_at(xs.span(), e)))
                .collect::<Result<Vec<_>>>()?,
            _ => {
                return Err(self.error_at(
                    a.contract.span(),
                    "[[allowlist]]: give exactly one of address or addresses",
                ));
            }
        };
        let call = a.call.as_ref().map(|c| self.call(c)).transpose()?;
        let value = match &a.value {
            Some(v) => parse_amount(v.get_ref()).map_err(|e| self.error_at(v.span(), e))?,
            None => U256::ZERO,
        };
        let verdict = match a.expect.get_ref().as_str() {
            "allowed" => Verdict::Allowed,
            "denied" => Verdict::Denied,
            "inconclusive" => Verdict::Inconclusive,
            other => {
                return Err(self.error_at(
                    a.expect.span(),
                    format!("expect = {other:?}: use \"allowed\", \"denied\" or \"inconclusive\""),
                ));
            }
        };
        let reason = match &a.reason {
            Some(r) => Some(
                serde_json::from_value::<ReasonKind>(Value::String(r.get_ref().clone()))
                    .map_err(|_| self.error_at(r.span(), format!("reason = {:?} is not a reason kind (missing_role, not_owner, paused, not_allowlisted, merkle_proof_invalid, insufficient_funds, no_code, reverted, unknown)", r.get_ref())))?,
            ),
            None => None,
        };
        let mut decoder = Decoder::new();
        if let Some(p) = &a.abi {
            let abi = load_abi(&path(p.get_ref())).map_err(|e| self.error_at(p.span(), e))?;
            decoder = decoder.with_abi(&abi);
        }
        let merkle = a
            .merkle_tree
            .as_ref()
            .map(|p| StandardTree::load(&path(p.get_ref())).map_err(|e| self.error_at(p.span(), e)))
            .transpose()?;
        Ok(AllowlistPlan {
            name: a
                .name
                .clone()
                .unwrap_or_else(|| format!("allowlist #{}", i + 1)),
            endpoint: endpoint(&a.rpc)?,
            addresses,
            check: crate::allowlist::AllowlistPlan {
                contract,
                call,
                value,
                real_balance: a.real_balance.unwrap_or(false),
                merkle,
                decoder,
                block: alloy::eips::BlockId::latest(),
                engine: Default::default(),
            },
            expect: AllowlistExpectation { verdict, reason },
        })
    }

    fn call(&self, c: &Spanned<toml::Value>) -> Result<CallSpec> {
        let parts: Vec<String> = match c.get_ref() {
            toml::Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
            toml::Value::Array(items) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect(),
            _ => {
                return Err(self.error_at(c.span(), "call must be a string or an array of strings"));
            }
        };
        let (sig, args) = parts
            .split_first()
            .ok_or_else(|| self.error_at(c.span(), "call is empty"))?;
        CallSpec::parse(sig, args).map_err(|e| self.error_at(c.span(), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `text` as rpccheck.toml in a temp dir and reads it.
    fn load(text: &str) -> (tempfile::TempDir, Result<Loaded>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rpccheck.toml");
        std::fs::write(&p, text).unwrap();
        let l = Loaded::read(p.to_str().unwrap());
        (dir, l)
    }

    fn plans(text: &str) -> Result<Vec<Plan>> {
        let (_dir, l) = load(text);
        l?.plans(|| Endpoint::parse("http://127.0.0.1:8545"))
    }

    fn endpoint_of(p: &Plan) -> &Endpoint {
        match p {
            Plan::Chain { endpoint, .. } => endpoint,
            Plan::Allowlist(a) => &a.endpoint,
            Plan::Network { .. } => unreachable!(),
        }
    }

    #[test]
    fn config_errors_name_the_line() {
        let (_d, l) = load("[[chain]]\nexpect_chain_id = 1\nbogus = 2\n");
        let err = l.err().unwrap().to_string();
        assert!(err.contains(":3:") && err.contains("bogus"), "{err}");
        let (_d, l) = load("[[chain]\n");
        assert!(l.err().unwrap().to_string().contains(":1:"));
    }

    #[test]
    fn host_port_rpc_means_http_as_with_dash_r() {
        // Defect: `rpc = "127.0.0.1:8545"` passed the config and then failed.
        let p = plans("[[chain]]\nrpc = \"127.0.0.1:8545\"\nexpect_chain_id = 31337\n").unwrap();
        assert_eq!(endpoint_of(&p[0]).url().as_str(), "http://127.0.0.1:8545/");
        let dir = tempfile::tempdir().unwrap();
        let cli = endpoint::resolve(Some("127.0.0.1:8545"), dir.path()).unwrap();
        assert_eq!(endpoint_of(&p[0]).url(), cli.url());
    }

    #[test]
    fn rpc_names_resolve_through_the_one_resolver() {
        let p = plans(
            "[rpc_endpoints]\nlocal = \"http://127.0.0.1:7545\"\n[[chain]]\nrpc = \"local\"\nexpect_chain_id = 1\n",
        )
        .unwrap();
        assert_eq!(endpoint_of(&p[0]).url().as_str(), "http://127.0.0.1:7545/");
        assert!(endpoint_of(&p[0]).origin.contains("[rpc_endpoints] local"));
        let err = plans(
            "[rpc_endpoints]\nx = \"https://h/${RPCCHECK_SURELY_UNSET}\"\n[[chain]]\nrpc = \"x\"\nexpect_chain_id = 1\n",
        )
        .err()
        .unwrap()
        .to_string();
        assert!(
            err.contains(":2:") && err.contains("RPCCHECK_SURELY_UNSET"),
            "{err}"
        );
        let err = plans("[[chain]]\nexpect_chain_id = 1\nrpc = \"nowhere\"\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains(":3:") && err.contains("unknown RPC endpoint name"),
            "{err}"
        );
        let err = plans("[[chain]]\nexpect_chain_id = 1\nrpc = \"ws://h:1\"\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains(":3:"), "{err}");
    }

    #[test]
    fn abi_and_merkle_errors_name_their_own_line() {
        let base = "[[allowlist]]\ncontract = \"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\"\naddress = \"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\"\nexpect = \"allowed\"\n";
        let err = plans(&format!("{base}abi = \"missing.json\"\n"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains(":5:"), "{err}");
        let err = plans(&format!("{base}\nmerkle_tree = \"missing.json\"\n"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains(":6:"), "{err}");
    }

    #[test]
    fn values_are_parsed_with_the_command_line_parsers() {
        let err = plans("[[chain]]\nexpect_chain_id = \"0x\"\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains(":2:") && err.contains("invalid chain ID"),
            "{err}"
        );
        let err = plans("[[network]]\nentry = {}\norigin = \"ftp://x\"\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains(":3:") && err.contains("--origin"), "{err}");
        let p = plans("[[chain]]\nexpect_chain_id = \"0x7a69\"\n").unwrap();
        assert!(matches!(p[0], Plan::Chain { expect: 31337, .. }));
    }
}
