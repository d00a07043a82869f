//! The built-in signature table: errors and functions of OpenZeppelin v4/v5,
//! Solady and common allowlist contracts, declared through `sol!` so every
//! selector is computed by the compiler, never typed in.

#![allow(missing_docs)]

use std::collections::HashMap;
use std::sync::OnceLock;

use alloy::json_abi::{Error as AbiError, Function};
use alloy::primitives::Selector;
use alloy::sol;

sol! {
    #[sol(abi)]
    interface OzAccessV5 {
        error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
        error AccessControlBadConfirmation();
        error AccessControlEnforcedDefaultAdminDelay(uint48 schedule);
        error AccessControlEnforcedDefaultAdminRules();
        error AccessControlInvalidDefaultAdmin(address defaultAdmin);
        error OwnableUnauthorizedAccount(address account);
        error OwnableInvalidOwner(address owner);
        error AccessManagedUnauthorized(address caller);
        error AccessManagedRequiredDelay(address caller, uint32 delay);
        error AccessManagedInvalidAuthority(address authority);
        error AccessManagerUnauthorizedAccount(address msgsender, uint64 roleId);
        error AccessManagerUnauthorizedCall(address caller, address target, bytes4 selector);
        error AccessManagerNotScheduled(bytes32 operationId);
        error AccessManagerNotReady(bytes32 operationId);
    }

    #[sol(abi)]
    interface OzSecurityV5 {
        error EnforcedPause();
        error ExpectedPause();
        error InvalidInitialization();
        error NotInitializing();
        error ReentrancyGuardReentrantCall();
        error MerkleProofInvalidMultiproof();
        error ECDSAInvalidSignature();
        error ECDSAInvalidSignatureLength(uint256 length);
        error ECDSAInvalidSignatureS(bytes32 s);
        error InvalidAccountNonce(address account, uint256 currentNonce);
        error ERC2612ExpiredSignature(uint256 deadline);
        error ERC2612InvalidSigner(address signer, address owner);
        error SafeERC20FailedOperation(address token);
        error SafeERC20FailedDecreaseAllowance(address spender, uint256 currentAllowance, uint256 requestedDecrease);
        error AddressEmptyCode(address target);
        error AddressInsufficientBalance(address account);
        error FailedInnerCall();
        error FailedCall();
        error InsufficientBalance(uint256 balance, uint256 needed);
        error FailedDeployment();
        error MissingPrecompile(address);
    }

    #[sol(abi)]
    interface OzTokensV5 {
        error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
        error ERC20InvalidSender(address sender);
        error ERC20InvalidReceiver(address receiver);
        error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
        error ERC20InvalidApprover(address approver);
        error ERC20InvalidSpender(address spender);
        error ERC20ExceededCap(uint256 increasedSupply, uint256 cap);
        error ERC20InvalidCap(uint256 cap);
        error ERC721InvalidOwner(address owner);
        error ERC721NonexistentToken(uint256 tokenId);
        error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner);
        error ERC721InvalidSender(address sender);
        error ERC721InvalidReceiver(address receiver);
        error ERC721InsufficientApproval(address operator, uint256 tokenId);
        error ERC721InvalidApprover(address approver);
        error ERC721InvalidOperator(address operator);
        error ERC721OutOfBoundsIndex(address owner, uint256 index);
        error ERC1155InsufficientBalance(address sender, uint256 balance, uint256 needed, uint256 tokenId);
        error ERC1155InvalidSender(address sender);
        error ERC1155InvalidReceiver(address receiver);
        error ERC1155MissingApprovalForAll(address operator, address owner);
        error ERC1155InvalidApprover(address approver);
        error ERC1155InvalidOperator(address operator);
        error ERC1155InvalidArrayLength(uint256 idsLength, uint256 valuesLength);
    }

    #[sol(abi)]
    interface OzProxyV5 {
        error ERC1967InvalidImplementation(address implementation);
        error ERC1967InvalidAdmin(address admin);
        error ERC1967InvalidBeacon(address beacon);
        error ERC1967NonPayable();
        error UUPSUnauthorizedCallContext();
        error UUPSUnsupportedProxiableUUID(bytes32 slot);
        error ProxyDeniedAdminAccess();
        error BeaconInvalidImplementation(address implementation);
    }

    #[sol(abi)]
    interface Solady {
        error Unauthorized();
        error NewOwnerIsZeroAddress();
        error NoHandoverRequest();
        error AlreadyInitialized();
        error Reentrancy();
        error TotalSupplyOverflow();
        error AllowanceOverflow();
        error AllowanceUnderflow();
        error InsufficientBalance();
        error InsufficientAllowance();
        error InvalidPermit();
        error PermitExpired();
        error NotOwnerNorApproved();
        error TokenDoesNotExist();
        error TokenAlreadyExists();
        error BalanceQueryForZeroAddress();
        error TransferToZeroAddress();
        error TransferFromIncorrectOwner();
        error AccountBalanceOverflow();
        error TransferToNonERC721ReceiverImplementer();
        error ArrayLengthsMismatch();
        error TransferToNonERC1155ReceiverImplementer();
        error ETHTransferFailed();
        error TransferFromFailed();
        error TransferFailed();
        error ApproveFailed();
        error DeploymentFailed();
        error InvalidSignature();
        error UnauthorizedCallContext();
        error UpgradeFailed();
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
        function initialize() external;
        function multicall(bytes[] data) external returns (bytes[] results);
        function supportsInterface(bytes4 interfaceId) external view returns (bool);
        event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    }
}

/// A built-in error with where it comes from and what it means.
#[derive(Debug, Clone)]
pub struct KnownError {
    pub error: AbiError,
    /// Library and module, e.g. "OpenZeppelin v5 AccessControl".
    pub origin: &'static str,
    /// One sentence a person understands.
    pub meaning: &'static str,
}

/// Plain-language meaning of the built-in errors, by name (first match wins
/// for the table's origin group; names shared by two libraries are listed in
/// both groups with their own meaning).
const MEANINGS: &[(&str, &str, &str)] = &[
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
    (
        "AccessControlUnauthorizedAccount",
        "OpenZeppelin v5 AccessControl",
        "the account lacks the role the function requires",
    ),
    (
        "AccessControlBadConfirmation",
        "OpenZeppelin v5 AccessControl",
        "renounceRole must be called by the account itself",
    ),
    (
        "AccessControlEnforcedDefaultAdminDelay",
        "OpenZeppelin v5 AccessControlDefaultAdminRules",
        "the default-admin transfer delay has not passed",
    ),
    (
        "AccessControlEnforcedDefaultAdminRules",
        "OpenZeppelin v5 AccessControlDefaultAdminRules",
        "the default admin role cannot be granted or revoked directly",
    ),
    (
        "AccessControlInvalidDefaultAdmin",
        "OpenZeppelin v5 AccessControlDefaultAdminRules",
        "this address cannot be the default admin",
    ),
    (
        "OwnableUnauthorizedAccount",
        "OpenZeppelin v5 Ownable",
        "the caller is not the owner",
    ),
    (
        "OwnableInvalidOwner",
        "OpenZeppelin v5 Ownable",
        "the new owner is not a valid owner (zero address)",
    ),
    (
        "AccessManagedUnauthorized",
        "OpenZeppelin v5 AccessManaged",
        "the AccessManager does not allow this caller",
    ),
    (
        "AccessManagedRequiredDelay",
        "OpenZeppelin v5 AccessManaged",
        "the call must be scheduled through the AccessManager first",
    ),
    (
        "AccessManagedInvalidAuthority",
        "OpenZeppelin v5 AccessManaged",
        "the authority is not a valid AccessManager",
    ),
    (
        "AccessManagerUnauthorizedAccount",
        "OpenZeppelin v5 AccessManager",
        "the account lacks the AccessManager role",
    ),
    (
        "AccessManagerUnauthorizedCall",
        "OpenZeppelin v5 AccessManager",
        "the caller may not call this function on the target",
    ),
    (
        "AccessManagerNotScheduled",
        "OpenZeppelin v5 AccessManager",
        "the operation was not scheduled",
    ),
    (
        "AccessManagerNotReady",
        "OpenZeppelin v5 AccessManager",
        "the scheduled operation's delay has not passed",
    ),
    (
        "EnforcedPause",
        "OpenZeppelin v5 Pausable",
        "the contract is paused",
    ),
    (
        "ExpectedPause",
        "OpenZeppelin v5 Pausable",
        "the contract is not paused (the function needs it paused)",
    ),
    (
        "InvalidInitialization",
        "OpenZeppelin v5 Initializable",
        "already initialized (or initializer called outside construction)",
    ),
    (
        "NotInitializing",
        "OpenZeppelin v5 Initializable",
        "an onlyInitializing function was called outside initialization",
    ),
    (
        "ReentrancyGuardReentrantCall",
        "OpenZeppelin v5 ReentrancyGuard",
        "reentrant call blocked by nonReentrant",
    ),
    (
        "MerkleProofInvalidMultiproof",
        "OpenZeppelin v5 MerkleProof",
        "the Merkle multiproof is malformed",
    ),
    (
        "ECDSAInvalidSignature",
        "OpenZeppelin v5 ECDSA",
        "the signature does not recover to a valid signer",
    ),
    (
        "ECDSAInvalidSignatureLength",
        "OpenZeppelin v5 ECDSA",
        "the signature has the wrong length",
    ),
    (
        "ECDSAInvalidSignatureS",
        "OpenZeppelin v5 ECDSA",
        "the signature's s value is in the upper half order (malleable)",
    ),
    (
        "InvalidAccountNonce",
        "OpenZeppelin v5 Nonces",
        "the nonce used is not the account's current nonce",
    ),
    (
        "ERC2612ExpiredSignature",
        "OpenZeppelin v5 ERC20Permit",
        "the permit's deadline has passed",
    ),
    (
        "ERC2612InvalidSigner",
        "OpenZeppelin v5 ERC20Permit",
        "the permit was not signed by the owner",
    ),
    (
        "SafeERC20FailedOperation",
        "OpenZeppelin v5 SafeERC20",
        "the token's transfer or approve failed",
    ),
    (
        "SafeERC20FailedDecreaseAllowance",
        "OpenZeppelin v5 SafeERC20",
        "the allowance is lower than the decrease asked",
    ),
    (
        "AddressEmptyCode",
        "OpenZeppelin v5 Address",
        "the target has no code",
    ),
    (
        "AddressInsufficientBalance",
        "OpenZeppelin v5.0 Address",
        "the contract has too little ether for the call",
    ),
    (
        "FailedInnerCall",
        "OpenZeppelin v5.0 Address",
        "a low-level call reverted without a reason",
    ),
    (
        "FailedCall",
        "OpenZeppelin v5.1 Errors",
        "a low-level call reverted without a reason",
    ),
    (
        "InsufficientBalance",
        "OpenZeppelin v5.1 Errors",
        "the contract's ether balance is too low for the operation",
    ),
    (
        "FailedDeployment",
        "OpenZeppelin v5.1 Errors",
        "a contract deployment (create/create2/clone) failed",
    ),
    (
        "MissingPrecompile",
        "OpenZeppelin v5.1 Errors",
        "a required precompile is missing on this chain",
    ),
    (
        "ERC20InsufficientBalance",
        "OpenZeppelin v5 ERC20",
        "the sender's token balance is too low",
    ),
    (
        "ERC20InvalidSender",
        "OpenZeppelin v5 ERC20",
        "tokens cannot be sent from this address (zero address)",
    ),
    (
        "ERC20InvalidReceiver",
        "OpenZeppelin v5 ERC20",
        "tokens cannot be sent to this address (zero address)",
    ),
    (
        "ERC20InsufficientAllowance",
        "OpenZeppelin v5 ERC20",
        "the spender's allowance is too low",
    ),
    (
        "ERC20InvalidApprover",
        "OpenZeppelin v5 ERC20",
        "invalid approver (zero address)",
    ),
    (
        "ERC20InvalidSpender",
        "OpenZeppelin v5 ERC20",
        "invalid spender (zero address)",
    ),
    (
        "ERC20ExceededCap",
        "OpenZeppelin v5 ERC20Capped",
        "minting would exceed the supply cap",
    ),
    (
        "ERC20InvalidCap",
        "OpenZeppelin v5 ERC20Capped",
        "the cap is invalid (zero)",
    ),
    (
        "ERC721InvalidOwner",
        "OpenZeppelin v5 ERC721",
        "invalid owner (zero address)",
    ),
    (
        "ERC721NonexistentToken",
        "OpenZeppelin v5 ERC721",
        "the token does not exist",
    ),
    (
        "ERC721IncorrectOwner",
        "OpenZeppelin v5 ERC721",
        "the sender does not own the token",
    ),
    (
        "ERC721InvalidSender",
        "OpenZeppelin v5 ERC721",
        "invalid sender",
    ),
    (
        "ERC721InvalidReceiver",
        "OpenZeppelin v5 ERC721",
        "the receiver cannot accept ERC-721 tokens",
    ),
    (
        "ERC721InsufficientApproval",
        "OpenZeppelin v5 ERC721",
        "the operator is not approved for the token",
    ),
    (
        "ERC721InvalidApprover",
        "OpenZeppelin v5 ERC721",
        "invalid approver",
    ),
    (
        "ERC721InvalidOperator",
        "OpenZeppelin v5 ERC721",
        "invalid operator",
    ),
    (
        "ERC721OutOfBoundsIndex",
        "OpenZeppelin v5 ERC721Enumerable",
        "the index is past the owner's token count",
    ),
    (
        "ERC1155InsufficientBalance",
        "OpenZeppelin v5 ERC1155",
        "the sender's balance of the token id is too low",
    ),
    (
        "ERC1155InvalidSender",
        "OpenZeppelin v5 ERC1155",
        "invalid sender",
    ),
    (
        "ERC1155InvalidReceiver",
        "OpenZeppelin v5 ERC1155",
        "the receiver cannot accept ERC-1155 tokens",
    ),
    (
        "ERC1155MissingApprovalForAll",
        "OpenZeppelin v5 ERC1155",
        "the operator is not approved for all of the owner's tokens",
    ),
    (
        "ERC1155InvalidApprover",
        "OpenZeppelin v5 ERC1155",
        "invalid approver",
    ),
    (
        "ERC1155InvalidOperator",
        "OpenZeppelin v5 ERC1155",
        "invalid operator",
    ),
    (
        "ERC1155InvalidArrayLength",
        "OpenZeppelin v5 ERC1155",
        "ids and values arrays differ in length",
    ),
    (
        "ERC1967InvalidImplementation",
        "OpenZeppelin v5 ERC1967Utils",
        "the new implementation has no code",
    ),
    (
        "ERC1967InvalidAdmin",
        "OpenZeppelin v5 ERC1967Utils",
        "invalid proxy admin (zero address)",
    ),
    (
        "ERC1967InvalidBeacon",
        "OpenZeppelin v5 ERC1967Utils",
        "the beacon has no code",
    ),
    (
        "ERC1967NonPayable",
        "OpenZeppelin v5 ERC1967Utils",
        "ether sent to a proxy upgrade that does not take it",
    ),
    (
        "UUPSUnauthorizedCallContext",
        "OpenZeppelin v5 UUPSUpgradeable",
        "the upgrade function must be called through the proxy",
    ),
    (
        "UUPSUnsupportedProxiableUUID",
        "OpenZeppelin v5 UUPSUpgradeable",
        "the new implementation is not UUPS-compatible",
    ),
    (
        "ProxyDeniedAdminAccess",
        "OpenZeppelin v5 TransparentUpgradeableProxy",
        "the proxy admin cannot call the implementation",
    ),
    (
        "BeaconInvalidImplementation",
        "OpenZeppelin v5 UpgradeableBeacon",
        "the beacon's implementation has no code",
    ),
    (
        "Unauthorized",
        "Solady Ownable/OwnableRoles",
        "the caller is not the owner or lacks the role",
    ),
    (
        "NewOwnerIsZeroAddress",
        "Solady Ownable",
        "the new owner is the zero address",
    ),
    (
        "NoHandoverRequest",
        "Solady Ownable",
        "there is no pending ownership handover",
    ),
    (
        "AlreadyInitialized",
        "Solady Ownable/Initializable",
        "already initialized",
    ),
    (
        "Reentrancy",
        "Solady ReentrancyGuard",
        "reentrant call blocked",
    ),
    (
        "TotalSupplyOverflow",
        "Solady ERC20",
        "minting would overflow the total supply",
    ),
    (
        "AllowanceOverflow",
        "Solady ERC20",
        "the allowance would overflow",
    ),
    (
        "AllowanceUnderflow",
        "Solady ERC20",
        "the allowance would underflow",
    ),
    (
        "InsufficientBalance()",
        "Solady ERC20/ERC1155",
        "the balance is too low",
    ),
    (
        "InsufficientAllowance",
        "Solady ERC20",
        "the allowance is too low",
    ),
    (
        "InvalidPermit",
        "Solady ERC20",
        "the permit signature is invalid",
    ),
    ("PermitExpired", "Solady ERC20", "the permit has expired"),
    (
        "NotOwnerNorApproved",
        "Solady ERC721/ERC1155",
        "the caller is neither the owner nor approved",
    ),
    (
        "TokenDoesNotExist",
        "Solady ERC721",
        "the token does not exist",
    ),
    (
        "TokenAlreadyExists",
        "Solady ERC721",
        "the token already exists",
    ),
    (
        "BalanceQueryForZeroAddress",
        "Solady ERC721",
        "balance asked for the zero address",
    ),
    (
        "TransferToZeroAddress",
        "Solady ERC721/ERC1155",
        "transfer to the zero address",
    ),
    (
        "TransferFromIncorrectOwner",
        "Solady ERC721",
        "the from address does not own the token",
    ),
    (
        "AccountBalanceOverflow",
        "Solady ERC721",
        "the account's balance would overflow",
    ),
    (
        "TransferToNonERC721ReceiverImplementer",
        "Solady ERC721",
        "the receiver cannot accept ERC-721 tokens",
    ),
    (
        "ArrayLengthsMismatch",
        "Solady ERC1155",
        "array arguments differ in length",
    ),
    (
        "TransferToNonERC1155ReceiverImplementer",
        "Solady ERC1155",
        "the receiver cannot accept ERC-1155 tokens",
    ),
    (
        "ETHTransferFailed",
        "Solady SafeTransferLib",
        "sending ether failed",
    ),
    (
        "TransferFromFailed",
        "Solady SafeTransferLib",
        "the token's transferFrom failed",
    ),
    (
        "TransferFailed",
        "Solady SafeTransferLib",
        "the token's transfer failed",
    ),
    (
        "ApproveFailed",
        "Solady SafeTransferLib",
        "the token's approve failed",
    ),
    (
        "DeploymentFailed",
        "Solady LibClone/CREATE3",
        "a contract deployment failed",
    ),
    (
        "InvalidSignature",
        "Solady ECDSA/SignatureCheckerLib",
        "the signature is invalid",
    ),
    (
        "UnauthorizedCallContext",
        "Solady UUPSUpgradeable",
        "the function must be called through the proxy",
    ),
    (
        "UpgradeFailed",
        "Solady UUPSUpgradeable",
        "the upgrade failed",
    ),
];

/// All built-in errors, keyed by selector.
pub fn errors() -> &'static HashMap<Selector, Vec<KnownError>> {
    static TABLE: OnceLock<HashMap<Selector, Vec<KnownError>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let groups = [
            OzAccessV5::abi::errors(),
            OzSecurityV5::abi::errors(),
            OzTokensV5::abi::errors(),
            OzProxyV5::abi::errors(),
            Solady::abi::errors(),
            CommonAccess::abi::errors(),
        ];
        let mut map: HashMap<Selector, Vec<KnownError>> = HashMap::new();
        for group in groups {
            for (name, overloads) in group {
                for error in overloads {
                    let key = if error.inputs.is_empty() && name == "InsufficientBalance" {
                        "InsufficientBalance()".to_owned()
                    } else {
                        name.clone()
                    };
                    let (origin, meaning) = MEANINGS
                        .iter()
                        .find(|(n, _, _)| *n == key)
                        .map(|(_, o, m)| (*o, *m))
                        .unwrap_or(("built-in", ""));
                    let entry = map.entry(error.selector()).or_default();
                    if !entry
                        .iter()
                        .any(|k| k.error.signature() == error.signature())
                    {
                        entry.push(KnownError {
                            error,
                            origin,
                            meaning,
                        });
                    }
                }
            }
        }
        map
    })
}

/// All built-in functions, keyed by selector.
pub fn functions() -> &'static HashMap<Selector, Vec<Function>> {
    static TABLE: OnceLock<HashMap<Selector, Vec<Function>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<Selector, Vec<Function>> = HashMap::new();
        for (_, overloads) in CommonFunctions::abi::functions() {
            for f in overloads {
                map.entry(f.selector()).or_default().push(f);
            }
        }
        map
    })
}
