//! Funds, judged apart from gating: can the address pay the value (and gas,
//! where it sends the transaction)?

use alloy::primitives::U256;

use super::Judgement;
use super::draft::Draft;
use crate::allowlist::observe::AddressObservation;
use crate::allowlist::report::{Amount, Evidence, ReasonFields, ReasonKind};
use crate::units::format_ether;

impl Judgement {
    /// Adds `insufficient_funds` when the real balance cannot pay value plus gas.
    pub(super) fn funds_short(
        &mut self,
        a: &AddressObservation,
        value: U256,
        gas: Option<u64>,
    ) -> bool {
        let Some(balance) = a.balance else {
            return false;
        };
        // What the address must pay, and in words what that is: a contract as
        // the address sends no transaction, so it pays no gas, only the value;
        // otherwise value plus gas, unknown gas never 0 (every transaction pays
        // at least 21,000).
        let (needed, why, what) = if a.sends == Some(false) {
            (
                value,
                format!("value {} (a contract: it pays no gas)", format_ether(value)),
                "the call sends",
            )
        } else {
            let (units, known) = match gas {
                Some(g) => (g, true),
                None => (MIN_TX_GAS, false),
            };
            let gas_cost = a
                .gas_price
                .unwrap_or_default()
                .saturating_mul(U256::from(units));
            let gas_words = if known {
                format!("gas {}", format_ether(gas_cost))
            } else {
                format!(
                    "gas unknown, at least {} for {MIN_TX_GAS} gas",
                    format_ether(gas_cost)
                )
            };
            let needed = value.saturating_add(gas_cost);
            (
                needed,
                format!(
                    "{} needed (value {} + {gas_words})",
                    format_ether(needed),
                    format_ether(value)
                ),
                "needs",
            )
        };
        if balance >= needed || self.has(ReasonKind::InsufficientFunds) {
            return false;
        }
        self.evidence.push(Evidence::new(
            "funds",
            format!("balance {} < {why}", format_ether(balance)),
        ));
        let plus_gas = if a.sends == Some(false) {
            ""
        } else {
            " (value plus gas)"
        };
        self.reasons.push(Draft::of(
            ReasonFields::InsufficientFunds {
                balance: Some(Amount(balance)),
                needed: Some(Amount(needed)),
                currency: None,
            },
            format!(
                "{} has {} but {what} {}{plus_gas}",
                a.address,
                format_ether(balance),
                format_ether(needed)
            ),
        ));
        true
    }
}

/// The intrinsic gas of any transaction: the least a call can cost.
const MIN_TX_GAS: u64 = 21_000;
