//! Role names by their keccak256 hash (computed at start, never typed in): the
//! well-known AccessControl names (also probed with `hasRole` where a contract's
//! logs cannot be read), and every role id the generated tables' projects declare.

use std::sync::OnceLock;

use alloy::primitives::{B256, keccak256};

/// Role names seen in OpenZeppelin presets and common contracts.
const ROLE_NAMES: &[&str] = &[
    "MINTER_ROLE",
    "PAUSER_ROLE",
    "BURNER_ROLE",
    "UPGRADER_ROLE",
    "ADMIN_ROLE",
    "OPERATOR_ROLE",
    "MANAGER_ROLE",
    "URI_SETTER_ROLE",
    "SNAPSHOT_ROLE",
    "GOVERNOR_ROLE",
    "KEEPER_ROLE",
    "EXECUTOR_ROLE",
    "PROPOSER_ROLE",
    "CANCELLER_ROLE",
    "TIMELOCK_ADMIN_ROLE",
    "DEPOSITOR_ROLE",
    "WITHDRAWER_ROLE",
    "ALLOWLIST_ROLE",
    "WHITELIST_ROLE",
    "ALLOWLISTED_ROLE",
    "WHITELISTED_ROLE",
    "GUARDIAN_ROLE",
    "RELAYER_ROLE",
    "ORACLE_ROLE",
    "TREASURER_ROLE",
    "SIGNER_ROLE",
    "CLAIMER_ROLE",
    "MODERATOR_ROLE",
];

/// `(hash, name)` of every well-known role, `DEFAULT_ADMIN_ROLE` (zero) first.
pub fn known_roles() -> &'static [(B256, &'static str)] {
    static TABLE: OnceLock<Vec<(B256, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v = vec![(B256::ZERO, "DEFAULT_ADMIN_ROLE")];
        v.extend(ROLE_NAMES.iter().map(|n| (keccak256(n.as_bytes()), *n)));
        v
    })
}

/// The name of a role hash: a well-known one, or one a project of the generated
/// tables declares (Aave's `POOL_ADMIN_ROLE = keccak256("POOL_ADMIN")`).
pub fn role_name(role: B256) -> Option<&'static str> {
    known_roles()
        .iter()
        .find(|(h, _)| *h == role)
        .map(|(_, n)| *n)
        .or_else(|| super::tables::role(role).map(|r| r.name.as_str()))
}

/// A role for people: its name where known, else `role 0x…`.
pub fn label(role: B256) -> String {
    role_name(role)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("role {role}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_known_roles() {
        assert_eq!(role_name(B256::ZERO), Some("DEFAULT_ADMIN_ROLE"));
        assert_eq!(role_name(keccak256("MINTER_ROLE")), Some("MINTER_ROLE"));
        assert_eq!(role_name(B256::repeat_byte(7)), None);
        // Declared by a project as a hash of another word: named from the tables.
        assert_eq!(role_name(keccak256("POOL_ADMIN")), Some("POOL_ADMIN_ROLE"));
        assert_eq!(role_name(keccak256("RISK_ADMIN")), Some("RISK_ADMIN_ROLE"));
    }
}
