//! Ether amounts: printing wei in ether with units (parsing is
//! `input::parse_amount`).

use alloy::primitives::U256;
use alloy::primitives::utils::{ParseUnits, Unit};

/// `1500000000000000000` → `1.5 ETH`.
pub fn format_ether(wei: U256) -> String {
    let s = ParseUnits::U256(wei).format_units(Unit::ETHER);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s.as_str()
    };
    format!("{s} ETH")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_ether() {
        assert_eq!(
            format_ether(U256::from(1_500_000_000_000_000_000u64)),
            "1.5 ETH"
        );
        assert_eq!(format_ether(U256::ZERO), "0 ETH");
    }
}
