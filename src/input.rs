//! Parsers for everything a user types: on the command line (as clap
//! `value_parser`s, so the clap structs hold typed values) and in
//! `rpccheck.toml` (doctor), so both read a value the same way. "Parse once, at
//! the edge": nothing past this module re-parses a string.
//!
//! Every parser returns the library's `invalid_input` error (exit 2). As a clap
//! `value_parser`, clap keeps that error as the source of its own, and
//! `cli::parse` prints it unchanged (one line, message and hint).

use std::time::Duration;

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::utils::{ParseUnits, Unit};
use alloy::primitives::{Address, U256};

use crate::error::{Error, Result};

/// Parses an address: `0x` and 40 hex digits; a mixed-case address must match
/// its EIP-55 checksum. `what` names it in the error ("contract address").
pub fn parse_address(s: &str, what: &str) -> Result<Address> {
    let t = s.trim();
    let hex_part = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    if hex_part.len() != 40 || !hex_part.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::input(format!(
            "invalid {what} {t:?}: expected 0x followed by 40 hex digits"
        )));
    }
    let addr: Address = format!("0x{hex_part}")
        .parse()
        .map_err(|e| Error::input(format!("invalid {what} {t:?}: {e}")))?;
    let has_upper = hex_part.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = hex_part.chars().any(|c| c.is_ascii_lowercase());
    if has_upper && has_lower && addr.to_checksum(None)[2..] != *hex_part {
        return Err(Error::input_hint(
            format!("invalid {what} {t}: wrong EIP-55 checksum"),
            "a mixed-case address must match its checksum exactly; check for a typo (or pass it all lower-case)",
        ));
    }
    Ok(addr)
}

/// Parses `--block`: a tag, a number (decimal or 0x), or a block hash.
pub fn parse_block(tag: &str) -> Result<BlockId> {
    let t = tag.trim();
    if let Ok(n) = t.parse::<u64>() {
        return Ok(BlockId::Number(BlockNumberOrTag::Number(n)));
    }
    t.parse::<BlockId>().map_err(|_| {
        Error::input_hint(
            format!("invalid --block {t:?}"),
            "use latest, safe, finalized, earliest, pending, a block number, or a 32-byte block hash",
        )
    })
}

/// Parses a chain ID given as decimal or `0x` hex; zero is not a chain ID.
pub fn parse_chain_id(s: &str) -> Result<u64> {
    let t = s.trim();
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => t.parse().ok(),
    };
    parsed.filter(|n| *n > 0).ok_or_else(|| {
        Error::input(format!(
            "invalid chain ID {t:?}: expected a positive decimal or 0x-hex number"
        ))
    })
}

/// Parses an amount with an optional unit suffix (`0.1ether`, `100gwei`,
/// `5wei`, `0x10`); no suffix means wei.
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

/// Parses `--timeout`: seconds (fractions allowed), more than 0 and at most an hour.
pub fn parse_timeout(s: &str) -> Result<Duration> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| Error::input(format!("invalid --timeout {s:?}: not a number of seconds")))?;
    if !(secs.is_finite() && secs > 0.0 && secs <= 3600.0) {
        return Err(Error::input(format!(
            "invalid --timeout {s:?}: out of range (0 < SECS <= 3600)"
        )));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Parses `--origin` (a browser origin, http or https) into the form CORS
/// compares: without a trailing `/`.
pub fn parse_origin(s: &str) -> Result<String> {
    let u = url::Url::parse(s).map_err(|e| Error::input(format!("invalid --origin {s:?}: {e}")))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(Error::input(format!(
            "--origin {s:?} must be an http(s) origin"
        )));
    }
    Ok(s.trim_end_matches('/').to_owned())
}

/// Whether `host` (a URL host, with or without `[…]` around IPv6, or a
/// `host:port`) is this machine: `localhost`, the IPv4 loopback range
/// (127.0.0.0/8), `::1`, and `0.0.0.0` / `::` (the unspecified address, which
/// every OS connects to as this machine; a node started with `--host 0.0.0.0`
/// is reached there). The one loopback test of the crate.
pub fn is_local_host(host: &str) -> bool {
    let h = host.trim();
    let h = match h.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(rest),
        // A bare IPv6 address has several colons; `host:port` has one.
        None if h.matches(':').count() == 1 => h.split(':').next().unwrap_or(h),
        None => h,
    };
    let h = h.trim_end_matches('.');
    // `localhost` and its subdomains (RFC 6761: they all resolve to loopback).
    let lower = h.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return true;
    }
    match h.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip.is_unspecified(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_checksums() {
        let lower = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
        let good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assert_eq!(
            parse_address(lower, "address").unwrap(),
            parse_address(good, "address").unwrap()
        );
        assert!(parse_address(&good.to_uppercase().replacen("0X", "0x", 1), "a").is_ok());
        let bad = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
        let e = parse_address(bad, "contract address").unwrap_err();
        assert!(e.to_string().contains("wrong EIP-55 checksum"), "{e}");
        assert!(e.to_string().contains("contract address"), "{e}");
        for short in ["0x1234", "", "0xzz5aeb6053f3e94c9b9a09f33669435e7ef1beaed"] {
            let e = parse_address(short, "address").unwrap_err();
            assert_eq!(e.exit_code(), crate::report::ExitStatus::BadInput);
        }
    }

    #[test]
    fn blocks() {
        assert_eq!(
            parse_block("latest").unwrap(),
            BlockId::Number(BlockNumberOrTag::Latest)
        );
        assert_eq!(
            parse_block("17").unwrap(),
            BlockId::Number(BlockNumberOrTag::Number(17))
        );
        assert_eq!(
            parse_block("0x11").unwrap(),
            BlockId::Number(BlockNumberOrTag::Number(17))
        );
        assert!(matches!(
            parse_block(&format!("0x{}", "ab".repeat(32))).unwrap(),
            BlockId::Hash(_)
        ));
        let e = parse_block("yesterday").unwrap_err();
        assert!(e.to_string().contains("invalid --block"), "{e}");
    }

    #[test]
    fn chain_ids() {
        assert_eq!(parse_chain_id("31337").unwrap(), 31337);
        assert_eq!(parse_chain_id("0x7a69").unwrap(), 31337);
        assert_eq!(parse_chain_id(" 0X1 ").unwrap(), 1);
        for bad in ["0", "0x0", "-1", "abc", "", "0x"] {
            let e = parse_chain_id(bad).unwrap_err();
            assert!(e.to_string().contains("invalid chain ID"), "{bad}: {e}");
        }
    }

    #[test]
    fn amounts() {
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
    fn timeouts() {
        assert_eq!(parse_timeout("10").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_timeout("0.5").unwrap(), Duration::from_millis(500));
        for bad in ["0", "-1", "3601", "NaN", "inf", "ten"] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn origins() {
        assert_eq!(
            parse_origin("https://app.example/").unwrap(),
            "https://app.example"
        );
        assert!(parse_origin("ftp://app.example").is_err());
        assert!(parse_origin("app.example").is_err());
    }

    #[test]
    fn local_hosts() {
        for local in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
            "[::1]:8545",
            "0.0.0.0",
            "0.0.0.0:8545",
            "127.0.0.1:8545",
            "localhost:8545",
            "[::]",
            "app.localhost",
            "rpc.LOCALHOST:8545",
        ] {
            assert!(is_local_host(local), "{local}");
        }
        for remote in [
            "example.com",
            "10.0.0.1",
            "192.168.1.2:8545",
            "localhost.example.com",
            "[2001:db8::1]:8545",
            "",
        ] {
            assert!(!is_local_host(remote), "{remote}");
        }
    }
}
