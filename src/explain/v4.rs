//! Revert strings, with OpenZeppelin v4's access-control strings parsed into
//! their parts (`AccessControl: account 0x… is missing role 0x…`, `Ownable:
//! caller is not the owner`, `Pausable: paused`) and other v4 strings named.

use alloy::primitives::{Address, B256};

use super::{AccessDenial, ExplainKind, Explanation, roles};

/// OpenZeppelin v4 revert strings and what they mean.
const V4_STRINGS: &[(&str, &str)] = &[
    (
        "Ownable: caller is not the owner",
        "OpenZeppelin v4 Ownable: the caller is not the owner",
    ),
    (
        "Ownable: new owner is the zero address",
        "OpenZeppelin v4 Ownable: the new owner is the zero address",
    ),
    (
        "Pausable: paused",
        "OpenZeppelin v4 Pausable: the contract is paused",
    ),
    (
        "Pausable: not paused",
        "OpenZeppelin v4 Pausable: the function needs the contract paused",
    ),
    (
        "AccessControl: can only renounce roles for self",
        "OpenZeppelin v4 AccessControl: renounceRole must be called by the account itself",
    ),
    (
        "Initializable: contract is already initialized",
        "OpenZeppelin v4 Initializable: already initialized",
    ),
    (
        "Initializable: contract is not initializing",
        "OpenZeppelin v4 Initializable: called outside initialization",
    ),
    (
        "ReentrancyGuard: reentrant call",
        "OpenZeppelin v4 ReentrancyGuard: reentrant call blocked",
    ),
    (
        "ERC20: transfer amount exceeds balance",
        "OpenZeppelin v4 ERC20: the sender's balance is too low",
    ),
    (
        "ERC20: insufficient allowance",
        "OpenZeppelin v4 ERC20: the spender's allowance is too low",
    ),
    (
        "ERC20: transfer to the zero address",
        "OpenZeppelin v4 ERC20: transfer to the zero address",
    ),
    (
        "ERC20: mint to the zero address",
        "OpenZeppelin v4 ERC20: mint to the zero address",
    ),
    (
        "ERC20Capped: cap exceeded",
        "OpenZeppelin v4 ERC20Capped: minting would exceed the cap",
    ),
    (
        "ERC721: invalid token ID",
        "OpenZeppelin v4 ERC721: the token does not exist",
    ),
    (
        "ERC721: caller is not token owner or approved",
        "OpenZeppelin v4 ERC721: the caller is neither owner nor approved",
    ),
    (
        "ERC721: transfer to non ERC721Receiver implementer",
        "OpenZeppelin v4 ERC721: the receiver cannot accept ERC-721 tokens",
    ),
    (
        "ERC721: token already minted",
        "OpenZeppelin v4 ERC721: the token already exists",
    ),
    (
        "ERC1155: insufficient balance for transfer",
        "OpenZeppelin v4 ERC1155: the sender's balance is too low",
    ),
    (
        "ERC1155: caller is not token owner or approved",
        "OpenZeppelin v4 ERC1155: the caller is neither owner nor approved",
    ),
    (
        "ERC1967: new implementation is not a contract",
        "OpenZeppelin v4 ERC1967Upgrade: the implementation has no code",
    ),
    (
        "Address: insufficient balance",
        "OpenZeppelin v4 Address: the contract has too little ether",
    ),
    (
        "ECDSA: invalid signature",
        "OpenZeppelin v4 ECDSA: the signature is invalid",
    ),
    (
        "MerkleProof: invalid multiproof",
        "OpenZeppelin v4 MerkleProof: the multiproof is malformed",
    ),
];

/// Explains a decoded `Error(string)` reason.
pub fn explain_string(reason: &str) -> Explanation {
    let mut out = Explanation::new(
        ExplainKind::RevertString,
        Some("Error".into()),
        vec![reason.to_owned()],
        format!("reverted with reason {reason:?}"),
    );
    if let Some((account, role)) = parse_missing_role(reason) {
        let label = roles::role_name(role)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("role {role}"));
        out.message = format!(
            "OpenZeppelin v4 AccessControl: {} is missing {label} ({role})",
            account.to_checksum(None)
        );
        out.access = Some(AccessDenial::MissingRole {
            account: Some(account),
            role,
        });
        return out;
    }
    if let Some((_, meaning)) = V4_STRINGS.iter().find(|(s, _)| *s == reason) {
        out.message = format!("{reason:?}: {meaning}");
        out.access = match reason {
            "Ownable: caller is not the owner" => Some(AccessDenial::NotOwner { account: None }),
            "Pausable: paused" => Some(AccessDenial::Paused),
            _ => None,
        };
    }
    out
}

/// Parses `AccessControl: account 0x… is missing role 0x…`.
pub fn parse_missing_role(reason: &str) -> Option<(Address, B256)> {
    let rest = reason.strip_prefix("AccessControl: account ")?;
    let (account, role) = rest.split_once(" is missing role ")?;
    Some((account.trim().parse().ok()?, role.trim().parse().ok()?))
}
