//! The built-in signature table. Errors: the generated table of the projects' own errors
//! ([`super::tables`], from their pinned npm packages), plus a few common allowlist errors
//! that no one project declares. Functions: the common access, token and proxy functions,
//! declared through `sol!`. Every selector is computed (by the compiler, or by alloy from
//! the canonical signature), never typed in.

#![allow(missing_docs)]

use std::collections::HashMap;
use std::sync::OnceLock;

use alloy::json_abi::{Error as AbiError, Function};
use alloy::primitives::Selector;
use alloy::sol;

use super::tables::{self, ErrorRow};

sol! {
    /// Typed encoders of the OpenZeppelin 5 errors the access logic names, for code that
    /// builds revert data (tests, fixtures). Decoding does not use them: the generated
    /// table declares both, and a test checks that their selectors are found there.
    #[sol(abi)]
    interface OzAccessV5 {
        error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
        error OwnableUnauthorizedAccount(address account);
    }

    #[sol(abi)]
    interface CommonAccess {
        error NotAllowlisted();
        error NotAllowlisted(address account);
        error NotWhitelisted();
        error NotWhitelisted(address account);
        error NotOnAllowlist();
        error AddressNotAllowlisted(address account);
        error InvalidProof();
        error InvalidMerkleProof();
        error NotOwner();
        error OnlyOwner();
        error CallerIsNotOwner();
        error ContractPaused();
        error SaleNotActive();
        error MintNotActive();
    }

    #[sol(abi)]
    interface CommonFunctions {
        function hasRole(bytes32 role, address account) external view returns (bool);
        function getRoleAdmin(bytes32 role) external view returns (bytes32);
        function grantRole(bytes32 role, address account) external;
        function revokeRole(bytes32 role, address account) external;
        function renounceRole(bytes32 role, address callerConfirmation) external;
        function owner() external view returns (address);
        function pendingOwner() external view returns (address);
        function transferOwnership(address newOwner) external;
        function renounceOwnership() external;
        function paused() external view returns (bool);
        function pause() external;
        function unpause() external;
        function isAllowlisted(address account) external view returns (bool);
        function isWhitelisted(address account) external view returns (bool);
        function allowlist(address account) external view returns (bool);
        function whitelist(address account) external view returns (bool);
        function whitelisted(address account) external view returns (bool);
        function allowlisted(address account) external view returns (bool);
        function isAllowed(address account) external view returns (bool);
        function merkleRoot() external view returns (bytes32);
        function root() external view returns (bytes32);
        function mint(uint256 amount) external payable;
        function mint(address to, uint256 amount) external;
        function safeMint(address to) external;
        function claim() external;
        function totalSupply() external view returns (uint256);
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        function approve(address spender, uint256 value) external returns (bool);
        function allowance(address owner, address spender) external view returns (uint256);
        function ownerOf(uint256 tokenId) external view returns (address);
        function safeTransferFrom(address from, address to, uint256 tokenId) external;
        function setApprovalForAll(address operator, bool approved) external;
        function isApprovedForAll(address owner, address operator) external view returns (bool);
        function upgradeToAndCall(address newImplementation, bytes data) external payable;
        function proxiableUUID() external view returns (bytes32);
        function implementation() external view returns (address);
        function facetAddress(bytes4 functionSelector) external view returns (address facetAddress_);
        function initialize() external;
        function multicall(bytes[] data) external returns (bytes[] results);
        function supportsInterface(bytes4 interfaceId) external view returns (bool);
        event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
        event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
        event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);
    }
}

/// A built-in error with where it comes from and what it means.
#[derive(Debug, Clone)]
pub struct KnownError {
    pub error: AbiError,
    /// Projects and contracts that declare it, and the packages read, e.g.
    /// "OpenZeppelin v5 IAccessControl; @openzeppelin/contracts 5.0.2–5.7.0".
    pub origin: String,
    /// What it means, from the declaring source (natspec, and where it is raised).
    pub meaning: String,
}

/// Plain-language meaning of the common allowlist errors (`CommonAccess`), which are
/// conventions rather than any one project's declarations.
const COMMON_MEANINGS: &[(&str, &str, &str)] = &[
    (
        "NotAllowlisted",
        "common allowlist error",
        "the address is not on the allowlist",
    ),
    (
        "NotWhitelisted",
        "common allowlist error",
        "the address is not on the whitelist",
    ),
    (
        "NotOnAllowlist",
        "common allowlist error",
        "the address is not on the allowlist",
    ),
    (
        "AddressNotAllowlisted",
        "common allowlist error",
        "the address is not on the allowlist",
    ),
    (
        "InvalidProof",
        "common Merkle allowlist error",
        "the Merkle proof does not prove the address is in the tree",
    ),
    (
        "InvalidMerkleProof",
        "common Merkle allowlist error",
        "the Merkle proof does not prove the address is in the tree",
    ),
    (
        "NotOwner",
        "common ownership error",
        "the caller is not the owner",
    ),
    (
        "OnlyOwner",
        "common ownership error",
        "only the owner may call this",
    ),
    (
        "CallerIsNotOwner",
        "common ownership error",
        "the caller is not the owner",
    ),
    (
        "ContractPaused",
        "common pause error",
        "the contract is paused",
    ),
    (
        "SaleNotActive",
        "common sale error",
        "the sale is not active",
    ),
    (
        "MintNotActive",
        "common sale error",
        "minting is not active",
    ),
];

/// Contracts named per declaration group before "+N more".
const CONTRACTS_SHOWN: usize = 3;
/// Sites named in an error's meaning.
const SITES_SHOWN: usize = 2;

/// "OpenZeppelin v5 IAccessControl; @openzeppelin/contracts 5.0.2–5.7.0".
fn origin(row: &ErrorRow) -> String {
    let mut who: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for d in &row.declared {
        let mut contracts = d.contracts[..d.contracts.len().min(CONTRACTS_SHOWN)].join(", ");
        if d.contracts.len() > CONTRACTS_SHOWN {
            contracts.push_str(&format!(" +{} more", d.contracts.len() - CONTRACTS_SHOWN));
        }
        for project in tables::projects(&d.packages) {
            let label = format!("{project} {contracts}");
            if !who.contains(&label) {
                who.push(label);
            }
        }
        ids.extend(d.packages.iter().cloned());
    }
    format!("{}; {}", who.join("; "), tables::specs(&ids).join(", "))
}

/// The first declaration's meaning, and where the projects raise the error.
fn meaning(row: &ErrorRow) -> String {
    let mut out = row
        .declared
        .first()
        .map(|d| d.meaning.trim_end_matches('.').to_owned())
        .unwrap_or_default();
    let sites: Vec<String> = row
        .sites
        .iter()
        .take(SITES_SHOWN)
        .map(|s| {
            let at = tables::place(&s.contract, &s.function);
            match &s.when {
                Some(w) => format!("{at} when `{w}`"),
                None => at,
            }
        })
        .collect();
    if !sites.is_empty() {
        out.push_str(&format!("; raised by {}", sites.join(", or by ")));
        if row.sites.len() > SITES_SHOWN {
            out.push_str(", …");
        }
    }
    out
}

/// All built-in errors, keyed by selector. Where two signatures share a selector (a
/// collision), both are kept, sorted by signature.
pub fn errors() -> &'static HashMap<Selector, Vec<KnownError>> {
    static TABLE: OnceLock<HashMap<Selector, Vec<KnownError>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<Selector, Vec<KnownError>> = HashMap::new();
        for row in tables::errors() {
            // Unparsable rows are found by a test, not here.
            let Some(error) = row.abi_error() else {
                continue;
            };
            map.entry(error.selector()).or_default().push(KnownError {
                error,
                origin: origin(row),
                meaning: meaning(row),
            });
        }
        for (name, overloads) in CommonAccess::abi::errors() {
            for error in overloads {
                let entry = map.entry(error.selector()).or_default();
                if entry
                    .iter()
                    .any(|k| k.error.signature() == error.signature())
                {
                    continue; // a project declares it: its own words are better
                }
                let (origin, meaning) = COMMON_MEANINGS
                    .iter()
                    .find(|(n, _, _)| *n == name)
                    .map(|(_, o, m)| (*o, *m))
                    .unwrap_or(("built-in", ""));
                entry.push(KnownError {
                    error,
                    origin: origin.to_owned(),
                    meaning: meaning.to_owned(),
                });
            }
        }
        for list in map.values_mut() {
            list.sort_by_key(|k| k.error.signature());
        }
        map
    })
}

/// The built-in errors with this name, in signature order.
pub fn errors_named(name: &str) -> Vec<&'static KnownError> {
    let mut out: Vec<&'static KnownError> = errors()
        .values()
        .flatten()
        .filter(|k| k.error.name == name)
        .collect();
    out.sort_by_key(|k| k.error.signature());
    out
}

/// Whether `selector` is one of the common access functions above (owner, roles,
/// allowlists, pausing, Merkle roots, proxies): what evidence calls access-related.
pub fn is_access_function(selector: Selector) -> bool {
    static COMMON: OnceLock<std::collections::HashSet<Selector>> = OnceLock::new();
    COMMON
        .get_or_init(|| {
            CommonFunctions::abi::functions()
                .into_values()
                .flatten()
                .map(|f| f.selector())
                .collect()
        })
        .contains(&selector)
}

/// All built-in functions, keyed by selector: the common ones above, then every
/// function the generated tables' projects declare.
pub fn functions() -> &'static HashMap<Selector, Vec<Function>> {
    static TABLE: OnceLock<HashMap<Selector, Vec<Function>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<Selector, Vec<Function>> = HashMap::new();
        for (_, overloads) in CommonFunctions::abi::functions() {
            for f in overloads {
                map.entry(f.selector()).or_default().push(f);
            }
        }
        for sig in super::tables::function_signatures() {
            let Ok(f) = Function::parse(sig) else {
                continue;
            };
            let same = map.entry(f.selector()).or_default();
            if !same.iter().any(|g| g.signature() == f.signature()) {
                same.push(f);
            }
        }
        map
    })
}
