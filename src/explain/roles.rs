//! Well-known AccessControl role names, by their keccak256 hash (computed at
//! start, never typed in).

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

/// The name of a role hash, when it is a well-known one.
pub fn role_name(role: B256) -> Option<&'static str> {
    known_roles()
        .iter()
        .find(|(h, _)| *h == role)
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_known_roles() {
        assert_eq!(role_name(B256::ZERO), Some("DEFAULT_ADMIN_ROLE"));
        assert_eq!(role_name(keccak256("MINTER_ROLE")), Some("MINTER_ROLE"));
        assert_eq!(role_name(B256::repeat_byte(7)), None);
    }
}
