//! The generated tables: every custom error and revert string declared by the pinned
//! releases of widely deployed projects (OpenZeppelin 4.x and 5.x, Safe, thirdweb, Zora
//! drops, Manifold, ERC721A, Solady, Chainlink's ownership contracts, Permit2, Aave v3's
//! numeric codes, Uniswap v2 and v3 core, Uniswap governance, Solmate, OpenSea's operator
//! filter), with where
//! and why each is raised, and in which of the releases read each is found (OpenZeppelin at
//! the last patch of each minor: [`specs`] renders "@openzeppelin/contracts 5.1.0–5.7.0"). `anvil-scripts/gen-errors.sh` writes them from the projects'
//! npm packages into `src/explain/generated/`; they are embedded here and parsed once.
//!
//! Each error and each revert-string site may carry a [`GateHint`]: the CLI.md reason kind its
//! name or its condition names, and where that kind's fields are ([`error_gate`],
//! [`string_gate`]).
//!
//! Nothing in them is typed by hand, and nothing here adds to them: selectors are not in
//! the files at all but computed by alloy from the canonical signatures
//! ([`ErrorRow::abi_error`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use alloy::json_abi::Error as AbiError;
use alloy::primitives::{B256, keccak256};
use serde::Deserialize;

const ERRORS_JSON: &str = include_str!("generated/errors.json");
const STRINGS_JSON: &str = include_str!("generated/strings.json");
const ROLES_JSON: &str = include_str!("generated/roles.json");
const FUNCTIONS_JSON: &str = include_str!("generated/functions.json");

/// One npm package the tables were generated from.
#[derive(Debug, Clone, Deserialize)]
pub struct Package {
    /// Short id the rows refer to (`oz4`, `safe150`, …).
    pub id: String,
    /// The project, as people name it ("OpenZeppelin v4", "Safe").
    pub project: String,
    /// npm package name.
    pub package: String,
    /// Exact version read.
    pub version: String,
}

impl Package {
    /// `name@version`.
    pub fn spec(&self) -> String {
        format!("{}@{}", self.package, self.version)
    }
}

/// The gate an error or a revert-string site names, as the generator read it from the
/// error's name, natspec and parameter names, or from the site's condition and words (one
/// vocabulary: `anvil-scripts/gen-errors.js`, "gates: the one vocabulary"; every hint is
/// listed in `generated/gates.txt`). A hint, not a verdict: the allowlist engine's evidence
/// decides.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GateHint {
    /// One of CLI.md's reason kinds that name a gate
    /// ([`crate::allowlist::report::ReasonKind::names_a_gate`]).
    pub kind: String,
    /// CLI.md field name of that kind -> where its value is: for an error, the parameter
    /// that carries it (its name, or its index where unnamed: "0"); for a string site, the
    /// Solidity expression in the site's function that holds it (`deadline`,
    /// `currentClaimPhase.maxClaimableSupply`, `owner()`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl GateHint {
    /// The value of a field of an error's hint, given the decoded arguments in parameter
    /// order: the argument of the parameter the field names (by name, or by index).
    pub fn arg<'a, T>(&self, field: &str, params: &[String], args: &'a [T]) -> Option<&'a T> {
        let p = self.fields.get(field)?;
        let i = params
            .iter()
            .position(|n| n == p)
            .or_else(|| p.parse().ok())?;
        args.get(i)
    }
}

/// A custom error, one canonical signature.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorRow {
    /// Canonical signature, e.g. `AccessControlUnauthorizedAccount(address,bytes32)`.
    pub signature: String,
    pub name: String,
    /// Parameter names as declared (empty where the source leaves one unnamed).
    pub params: Vec<String>,
    /// The gate the error names, where its name, natspec or parameters say it.
    #[serde(default)]
    pub gate: Option<GateHint>,
    /// Who declares it, grouped by meaning.
    pub declared: Vec<Declaration>,
    /// Where the projects raise it (a few per package).
    #[serde(default)]
    pub sites: Vec<ErrorSite>,
}

/// Declarations of one error that share a meaning.
#[derive(Debug, Clone, Deserialize)]
pub struct Declaration {
    /// Package ids.
    pub packages: Vec<String>,
    /// Contracts (or interfaces, libraries) that declare it.
    pub contracts: Vec<String>,
    /// The declaration's natspec, or the name's words where it has none.
    pub meaning: String,
}

/// A place a project reverts with an error.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorSite {
    pub packages: Vec<String>,
    pub contract: String,
    pub function: String,
    /// The condition under which it reverts, where one guards the revert.
    pub when: Option<String>,
}

/// A place a project reverts with a string.
#[derive(Debug, Clone, Deserialize)]
pub struct StringSite {
    pub packages: Vec<String>,
    pub contract: String,
    pub function: String,
    /// The requirement that failed (for `if (c) revert(…)`, its negation), where one guards it.
    pub condition: Option<String>,
    /// Generated from the code: the requirement in words where it has a common shape, and
    /// the comment above the statement or the function's natspec. May be empty.
    pub meaning: String,
    /// The gate the site's condition (or, where that says nothing, its words) names.
    #[serde(default)]
    pub gate: Option<GateHint>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorsFile {
    packages: Vec<Package>,
    errors: Vec<ErrorRow>,
}

#[derive(Debug, Deserialize)]
struct StringRow {
    string: String,
    sites: Vec<StringSite>,
}

#[derive(Debug, Default, Deserialize)]
struct StringsFile {
    packages: Vec<Package>,
    strings: Vec<StringRow>,
}

/// A role id a project declares as `keccak256("…")`: its constant's name and the preimage.
#[derive(Debug, Clone, Deserialize)]
pub struct RoleRow {
    pub name: String,
    pub preimage: String,
    pub packages: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RolesFile {
    roles: Vec<RoleRow>,
}

#[derive(Debug, Default, Deserialize)]
struct FunctionsFile {
    functions: Vec<String>,
}

/// Every public or external function (and public getter) the projects declare, by
/// canonical signature.
pub fn function_signatures() -> &'static [String] {
    static FUNCTIONS: OnceLock<Vec<String>> = OnceLock::new();
    FUNCTIONS.get_or_init(|| {
        serde_json::from_str::<FunctionsFile>(FUNCTIONS_JSON)
            .map(|f| f.functions)
            .unwrap_or_default()
    })
}

struct Tables {
    packages: Vec<Package>,
    /// Each generated role by its id (the preimage's keccak256, computed here).
    roles: HashMap<B256, RoleRow>,
    errors: Vec<ErrorRow>,
    strings: HashMap<String, Vec<StringSite>>,
    /// The gate of each string whose sites all name one kind.
    string_gates: HashMap<String, GateHint>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        // Both files are embedded at build time and checked by the tests; a broken one
        // leaves its table empty rather than stopping every command.
        let errors: ErrorsFile = serde_json::from_str(ERRORS_JSON).unwrap_or_default();
        let strings: StringsFile = serde_json::from_str(STRINGS_JSON).unwrap_or_default();
        let mut packages = errors.packages;
        for p in strings.packages {
            if !packages.iter().any(|q| q.id == p.id) {
                packages.push(p);
            }
        }
        let strings: HashMap<String, Vec<StringSite>> = strings
            .strings
            .into_iter()
            .map(|r| (r.string, r.sites))
            .collect();
        let string_gates = strings
            .iter()
            .filter_map(|(s, sites)| Some((s.clone(), agreed_gate(sites)?)))
            .collect();
        let roles: RolesFile = serde_json::from_str(ROLES_JSON).unwrap_or_default();
        let roles = roles
            .roles
            .into_iter()
            .map(|r| (keccak256(r.preimage.as_bytes()), r))
            .collect();
        Tables {
            packages,
            roles,
            errors: errors.errors,
            strings,
            string_gates,
        }
    })
}

/// The role a project declares with this id (`POOL_ADMIN_ROLE = keccak256("POOL_ADMIN")`),
/// where one does.
pub fn role(id: B256) -> Option<&'static RoleRow> {
    tables().roles.get(&id)
}

/// The packages the tables come from, in the generator's order.
pub fn packages() -> &'static [Package] {
    &tables().packages
}

/// The package with this id.
pub fn package(id: &str) -> Option<&'static Package> {
    packages().iter().find(|p| p.id == id)
}

/// Every generated error, sorted by signature.
pub fn errors() -> &'static [ErrorRow] {
    &tables().errors
}

/// The sites that revert with exactly this string, if any project does.
pub fn revert_string(s: &str) -> Option<&'static [StringSite]> {
    tables().strings.get(s).map(Vec::as_slice)
}

/// The gate hint of a generated error, by canonical signature.
pub fn error_gate(signature: &str) -> Option<&'static GateHint> {
    let rows = errors();
    let i = rows
        .binary_search_by(|r| r.signature.as_str().cmp(signature))
        .ok()?;
    rows[i].gate.as_ref()
}

/// The gate hint of a revert string where every site that raises it names the same kind
/// (with the fields all of them give alike); `None` where a site names none or another.
pub fn string_gate(s: &str) -> Option<&'static GateHint> {
    tables().string_gates.get(s)
}

fn agreed_gate(sites: &[StringSite]) -> Option<GateHint> {
    let first = sites.first()?.gate.as_ref()?;
    let mut fields = first.fields.clone();
    for site in sites {
        let g = site.gate.as_ref()?;
        if g.kind != first.kind {
            return None;
        }
        fields.retain(|k, v| g.fields.get(k) == Some(v));
    }
    Some(GateHint {
        kind: first.kind.clone(),
        fields,
    })
}

/// Number of distinct revert strings in the table.
pub fn revert_string_count() -> usize {
    tables().strings.len()
}

impl ErrorRow {
    /// The error as alloy's ABI item, parsed from the canonical signature (so its selector
    /// is keccak256 of that signature), with the declared parameter names; `None` if the
    /// signature does not parse or does not read back the same.
    pub fn abi_error(&self) -> Option<AbiError> {
        let mut error = AbiError::parse(&self.signature).ok()?;
        if error.signature() != self.signature || error.inputs.len() != self.params.len() {
            return None;
        }
        for (input, name) in error.inputs.iter_mut().zip(&self.params) {
            input.name = name.clone();
        }
        Some(error)
    }
}

/// "Safe.approveHash", "Ownable modifier onlyOwner", "Safe constructor".
pub fn place(contract: &str, function: &str) -> String {
    match (contract, function) {
        ("", f) => f.to_owned(),
        (c, f) if f.starts_with("modifier ") || f == "constructor" => format!("{c} {f}"),
        (c, f) => format!("{c}.{f}"),
    }
}

/// The npm packages among these ids, in the order they first appear, each with the versions
/// of it among the ids, oldest first (deduplicated).
pub fn releases(ids: &[String]) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for p in ids.iter().filter_map(|id| package(id)) {
        let i = match out.iter().position(|(name, _)| *name == p.package) {
            Some(i) => i,
            None => {
                out.push((&p.package, Vec::new()));
                out.len() - 1
            }
        };
        if !out[i].1.contains(&p.version.as_str()) {
            out[i].1.push(&p.version);
        }
    }
    for (_, versions) in &mut out {
        versions.sort_by_key(|v| version_key(v));
    }
    out
}

/// Each npm package among these ids with the versions that have the item, in the order the
/// packages first appear: `name@version` where one version has it ("erc721a@4.3.0",
/// "@openzeppelin/contracts@5.7.0"), else the runs of consecutive releases read that have it
/// ("@openzeppelin/contracts 5.1.0–5.7.0", "@openzeppelin/contracts 4.4.2–4.6.0 and
/// 4.8.3–4.9.6"). A range spans the releases the tables were generated from (each minor's
/// last patch, see `anvil-scripts/gen-errors.sh`): from the first that has the item to the
/// last, with no release read in between that lacks it.
pub fn specs(ids: &[String]) -> Vec<String> {
    releases(ids)
        .into_iter()
        .map(|(name, have)| {
            let mut read: Vec<&str> = packages()
                .iter()
                .filter(|p| p.package == name)
                .map(|p| p.version.as_str())
                .collect();
            read.sort_by_key(|v| version_key(v));
            read.dedup();
            if let [only] = have.as_slice() {
                return format!("{name}@{only}");
            }
            let mut runs: Vec<(&str, &str)> = Vec::new();
            let mut open: Option<(&str, &str)> = None;
            for v in &read {
                if have.contains(v) {
                    open = Some(open.map_or((v, v), |(first, _)| (first, v)));
                } else if let Some(run) = open.take() {
                    runs.push(run);
                }
            }
            runs.extend(open);
            let runs: Vec<String> = runs
                .into_iter()
                .map(|(a, b)| {
                    if a == b {
                        a.to_owned()
                    } else {
                        format!("{a}–{b}")
                    }
                })
                .collect();
            format!("{name} {}", runs.join(" and "))
        })
        .collect()
}

/// "5.10.0" → [5, 10, 0] (a pre-release or build suffix is left out), to order versions.
fn version_key(v: &str) -> Vec<u64> {
    v.split(['-', '+'])
        .next()
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse().unwrap_or(0))
        .collect()
}

/// The project names of package ids ("Safe", "OpenZeppelin v4"), deduplicated.
pub fn projects(ids: &[String]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in ids.iter().filter_map(|id| package(id)) {
        if !out.contains(&p.project.as_str()) {
            out.push(&p.project);
        }
    }
    out
}

#[cfg(test)]
#[path = "tables_tests.rs"]
mod tests;
