//! Words for reasons: roles, role bits, times to come, address keys.

use alloy::primitives::{Address, B256, U256};

/// Solady's role bits by their constants' names: `_ROLE_0`, `_ROLE_0 | _ROLE_3`.
pub(super) fn solady_roles(mask: U256) -> String {
    let bits: Vec<String> = (0..256)
        .filter(|b| mask.bit(*b))
        .map(|b| format!("_ROLE_{b}"))
        .collect();
    bits.join(" | ")
}

/// "in 30 days", "in 5 hours", "in 12 minutes", "in 40 seconds", to the
/// nearest unit (a sale set for 30 days ahead, a few blocks ago, is still
/// "in 30 days").
pub(super) fn in_time(secs: u64) -> String {
    let nearest = |unit: u64| (secs + unit / 2) / unit;
    let (n, unit) = match secs {
        s if s >= 2 * 86_400 => (nearest(86_400), "days"),
        s if s >= 2 * 3_600 => (nearest(3_600), "hours"),
        s if s >= 2 * 60 => (nearest(60), "minutes"),
        s => (s, "seconds"),
    };
    format!("in {n} {unit}")
}

/// A mapping key that is an address (nothing above its 20 bytes, and more
/// than a small number).
pub(super) fn address_key(k: B256) -> Option<Address> {
    (k[..12].iter().all(|b| *b == 0) && U256::from_be_bytes(k.0) >= U256::from(1u64 << 40))
        .then(|| Address::from_word(k))
}

/// Set bits of a roles mask: `0, 3`.
pub(super) fn bits(mask: U256) -> String {
    let set: Vec<String> = (0..256)
        .filter(|b| mask.bit(*b))
        .map(|b| b.to_string())
        .collect();
    set.join(", ")
}

pub(super) fn role_label(role: B256, name: Option<&str>) -> String {
    let id = U256::from_be_bytes(role.0);
    match name {
        Some(n) => n.to_owned(),
        // A role id that is a number (an access manager's uint64 roles).
        None if id.bit_len() <= 64 => format!("role {id}"),
        None => format!("role {role}"),
    }
}

/// The remedy for a price: "send exactly 0.01 ETH (10000000000000000 wei)".
pub(super) fn send_exactly(wei: U256) -> String {
    format!(
        "send exactly {} ({wei} wei)",
        crate::units::format_ether(wei)
    )
}
