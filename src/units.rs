//! Ether amounts: parsing `--value` (`0.1ether`, `100gwei`, `5wei`, plain wei)
//! and printing wei in ether with units.

use alloy::primitives::U256;
use alloy::primitives::utils::{ParseUnits, Unit};

use crate::error::{Error, Result};

/// Parses an amount with an optional unit suffix; no suffix means wei.
pub fn parse_amount(s: &str) -> Result<U256> {
    let t = s.trim().to_ascii_lowercase().replace('_', "");
    if let Some(hex) = t.strip_prefix("0x") {
        return U256::from_str_radix(hex, 16)
            .map_err(|_| Error::input(format!("invalid amount {s:?}: not a hex number of wei")));
    }
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num = num.trim();
    let unit = unit.trim();
    let bad = || {
        Error::input_hint(
            format!("invalid amount {s:?}"),
            "use wei, or a number with a unit: 0.1ether, 100gwei, 5wei",
        )
    };
    if num.is_empty() {
        return Err(bad());
    }
    let unit = match unit {
        "" | "wei" => Unit::WEI,
        "gwei" => Unit::GWEI,
        "ether" | "eth" => Unit::ETHER,
        _ => return Err(bad()),
    };
    if unit == Unit::WEI {
        return U256::from_str_radix(num, 10).map_err(|_| bad());
    }
    let decimals = num.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
    if num.starts_with('-') || decimals > unit.get() as usize {
        return Err(bad());
    }
    match ParseUnits::parse_units(num, unit) {
        Ok(ParseUnits::U256(v)) => Ok(v),
        _ => Err(bad()),
    }
}

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
    fn parses_units() {
        assert_eq!(parse_amount("1").unwrap(), U256::from(1));
        assert_eq!(
            parse_amount("100gwei").unwrap(),
            U256::from(100_000_000_000u64)
        );
        assert_eq!(
            parse_amount("0.1ether").unwrap(),
            U256::from(100_000_000_000_000_000u64)
        );
        assert_eq!(
            parse_amount("0.05 ETH").unwrap(),
            U256::from(50_000_000_000_000_000u64)
        );
        assert_eq!(parse_amount("0x10").unwrap(), U256::from(16));
        for bad in ["", "ether", "1.5", "1.5wei", "abc", "1parsec", "-1"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_ether() {
        assert_eq!(
            format_ether(U256::from(1_500_000_000_000_000_000u64)),
            "1.5 ETH"
        );
        assert_eq!(format_ether(U256::ZERO), "0 ETH");
    }
}
