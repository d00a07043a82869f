//! The gates named from what the call compared last before it reverted: a sale
//! window (TIMESTAMP against a stored bound), a price (CALLVALUE against
//! what the contract asks), a per-wallet limit (an address-keyed counter plus
//! the quantity asked against a limit) and a supply cap (a global counter plus
//! the quantity against a maximum). Each is only a suspicion until its
//! counterfactual (a later time, the right value, a cleared counter) lets the
//! call through; the judge names a gate only then. Pure.

use alloy::primitives::{Address, B256, U256};

use super::observe::{Change, Gate};
use super::trace::TraceAnalysis;
use crate::engine::record::{Comparison, Operand, Source};

/// What the last comparison suggests, with the change that would test it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    /// The gate, with its numbers.
    pub gate: Gate,
    /// The counterfactual that confirms it.
    pub test: Change,
}

/// The suspicions the trace's comparisons raise, at most one of each kind (a
/// window, a price, a counter). First the comparisons that fed the deciding
/// branch (the last conditional jump before the revert: every source of theirs
/// is among its condition's), then the others, each group latest first: the
/// deciding branch names what decided, and the others stand behind it where
/// the condition was computed past what the record follows. Each is tested by
/// its counterfactual; the first that lets the call through names the gate.
/// `calldata` is the call's, to read the quantity asked.
pub fn suspects(
    an: &TraceAnalysis,
    calldata: &[u8],
    contract: Address,
    who: Address,
    now: u64,
) -> Vec<Suspect> {
    let mut out: Vec<Suspect> = Vec::new();
    if !an.reverted {
        return out;
    }
    let fed = |c: &Comparison| {
        an.deciding.as_ref().is_some_and(|b| {
            let mut sources = c.a.sources.iter().chain(&c.b.sources).peekable();
            sources.peek().is_some() && sources.all(|s| b.condition.sources.contains(s))
        })
    };
    let (deciding, others): (Vec<&Comparison>, Vec<&Comparison>) =
        an.comparisons.iter().rev().partition(|c| fed(c));
    for c in deciding.into_iter().chain(others) {
        let found = caller_match(an, c, who)
            .or_else(|| time(an, c, now))
            .or_else(|| payment(c))
            .or_else(|| merkle_root(c))
            .or_else(|| token_amount(an, c, contract, who))
            .or_else(|| counter(an, c, calldata));
        if let Some(s) = found
            && !out
                .iter()
                .any(|o| std::mem::discriminant(&o.gate) == std::mem::discriminant(&s.gate))
        {
            out.push(s);
        }
    }
    out
}

/// The time the call ran at, as the execution saw it: TIMESTAMP's value where
/// a comparison took it alone, else `fallback` (the block's header).
pub fn execution_time(an: &TraceAnalysis, fallback: u64) -> u64 {
    an.comparisons
        .iter()
        .flat_map(|c| [&c.a, &c.b])
        .find(|o| o.sources == [Source::Timestamp].into())
        .and_then(|o| u64::try_from(o.value).ok())
        .unwrap_or(fallback)
}

/// The caller (or origin) found unequal to an address stored in one slot:
/// only the stored account may call. Tested by writing the caller where the
/// stored address sits in that slot's word (an owner, a fee setter, an
/// admin, a diamond's owner in its storage struct, in this contract or
/// another).
fn caller_match(an: &TraceAnalysis, c: &Comparison, who: Address) -> Option<Suspect> {
    if c.op != "EQ" || c.result {
        return None;
    }
    let caller = |o: &Operand| {
        (o.sources == [Source::Caller].into() || o.sources == [Source::Origin].into())
            && o.value == U256::from_be_slice(who.as_slice())
    };
    let (_, stored) = sides(c, caller)?;
    let [Source::Storage { account, slot }] = stored.sources.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if stored.value.is_zero() || stored.value.bit_len() > 160 {
        return None;
    }
    let address = Address::from_word(B256::from(stored.value.to_be_bytes::<32>()));
    // The word as read, with the caller in the stored address's place.
    let word = an
        .reads
        .iter()
        .rev()
        .find(|r| r.account == *account && r.slot == *slot)?
        .value;
    let at = word.0.windows(20).rposition(|w| w == address.as_slice())?;
    let mut changed = word.0;
    changed[at..at + 20].copy_from_slice(who.as_slice());
    Some(Suspect {
        gate: Gate::Authorized {
            account: *account,
            slot: *slot,
            stored: address,
        },
        test: Change::Slot {
            account: *account,
            slot: *slot,
            value: B256::from(changed),
        },
    })
}

/// Whether `slot` of `account` took part in arithmetic with the calldata in a
/// comparison (a count against a quantity), rather than being a flag.
pub fn counted(an: &TraceAnalysis, account: Address, slot: B256) -> bool {
    let this = Source::Storage { account, slot };
    an.comparisons.iter().any(|c| {
        [&c.a, &c.b].iter().any(|o| {
            o.sources.contains(&this)
                && o.sources
                    .iter()
                    .any(|s| matches!(s, Source::Calldata { .. }))
        })
    })
}

/// The mask a bit test compared `slot` of `account` with (a roles word
/// against the roles asked), if the trace made one.
pub fn bit_mask(an: &TraceAnalysis, account: Address, slot: B256) -> Option<U256> {
    let this = Source::Storage { account, slot };
    bit_test(an, &this).or_else(|| masked_zero_test(an, &this))
}

/// The word, ANDed with one other stored word (the roles a capability
/// needs), compared with zero: `bytes32(0) != userRoles & rolesWithCapability`.
/// The mask is what that other word read.
fn masked_zero_test(an: &TraceAnalysis, this: &Source) -> Option<U256> {
    an.comparisons.iter().rev().find_map(|c| {
        if c.op != "EQ" {
            return None;
        }
        let (tested, zero) = sides(c, |o| o.sources.contains(this))?;
        if !zero.sources.is_empty() || !zero.value.is_zero() || !tested.value.is_zero() {
            return None;
        }
        let others: Vec<&Source> = tested.sources.iter().filter(|s| *s != this).collect();
        let [Source::Storage { account, slot }] = others[..] else {
            return None;
        };
        let read = an
            .reads
            .iter()
            .rev()
            .find(|r| r.account == *account && r.slot == *slot)?;
        let mask = U256::from_be_bytes(read.value.0);
        (!mask.is_zero()).then_some(mask)
    })
}

/// A bit test of the word against a mask the trace made with AND.
fn bit_test(an: &TraceAnalysis, this: &Source) -> Option<U256> {
    an.comparisons.iter().rev().find_map(|c| {
        if c.op != "AND" {
            return None;
        }
        let (_, mask) = sides(c, |o| o.sources.contains(this))?;
        // A constant mask (the roles asked), or one read from storage (the
        // roles a capability needs, kept by an authority).
        (!mask.sources.contains(this)
            && mask
                .sources
                .iter()
                .all(|s| matches!(s, Source::Storage { .. })))
        .then_some(mask.value)
    })
}

/// The clock against a bound: TIMESTAMP (alone, or less a stored time: a
/// cooldown's `now - queuedAt`) on one side, a stored or constant bound on
/// the other (a start, an end, a stored time plus a delay); or NUMBER alone
/// against a stored block. The comparison's own operator and result say
/// which way and how far the clock must move for it to come out the other
/// way — a strict bound one second further than a non-strict one — and the
/// call is tested at that time.
fn time(an: &TraceAnalysis, c: &Comparison, now: u64) -> Option<Suspect> {
    if let Some((clock, bound)) = sides(c, |o| o.sources == [Source::Number].into()) {
        return blocks(clock, bound);
    }
    let clocked = |o: &Operand| {
        o.sources.contains(&Source::Timestamp)
            && o.sources
                .iter()
                .all(|s| matches!(s, Source::Timestamp | Source::Storage { .. }))
    };
    let (clock, bound) = sides(c, clocked)?;
    // A bound the call carries (a deadline, an operation's time) is one
    // argument alone, and so is one a grant to an address stores (an
    // allowance's expiration, in an entry keyed by it); a window's, stored
    // words and constants.
    let granted = |account: &Address, slot: &B256| {
        an.keyed_reads
            .iter()
            .chain(&an.arg_keyed)
            .any(|k| k.account == *account && k.slot == *slot)
    };
    let carried = match bound.sources.iter().collect::<Vec<_>>()[..] {
        [Source::Calldata { .. }] => true,
        [Source::Storage { account, slot }] if granted(account, slot) => true,
        _ if bound
            .sources
            .iter()
            .all(|s| matches!(s, Source::Storage { .. })) =>
        {
            false
        }
        _ => return None,
    };
    let clock_first = c.a == *clock;
    let shift = clock_shift(&c.op, clock_first, c.result, clock.value, bound.value)?;
    let then = i128::from(now) + shift;
    // A bound past any date ("no end": type(uint64).max) is no window.
    if then < 0 || then > i128::from(LAST_DATE) {
        return None;
    }
    let then = then as u64;
    let gate = if shift < 0 && carried {
        // A deadline the call carries has passed: it passed until `then`.
        Gate::Expired { expired_at: then }
    } else if shift > 0 {
        Gate::NotOpen {
            opens_at: Some(then),
            closes_at: None,
        }
    } else {
        Gate::NotOpen {
            opens_at: None,
            closes_at: Some(then.saturating_add(1)),
        }
    };
    Some(Suspect {
        gate,
        test: Change::Time(then),
    })
}

/// How many seconds the clock side of `op` must move for the comparison to
/// give the other result: `clock OP bound` when `clock_first`, else
/// `bound OP clock`. `None` for an operator that is no order or a distance
/// past 2^64 seconds.
fn clock_shift(
    op: &str,
    clock_first: bool,
    result: bool,
    clock: U256,
    bound: U256,
) -> Option<i128> {
    let clock = i128::try_from(u128::try_from(clock).ok()?).ok()?;
    let bound = i128::try_from(u128::try_from(bound).ok()?).ok()?;
    // Is the comparison "clock < bound" (less) or "clock > bound" (greater)?
    let less = match (op, clock_first) {
        ("LT" | "SLT", true) | ("GT" | "SGT", false) => true,
        ("GT" | "SGT", true) | ("LT" | "SLT", false) => false,
        _ => return None,
    };
    let shift = match (less, result) {
        // clock < bound held: move to clock >= bound.
        (true, true) => bound - clock,
        // clock < bound failed: move to clock < bound, one below.
        (true, false) => bound - clock - 1,
        // clock > bound held: move to clock <= bound.
        (false, true) => bound - clock,
        // clock > bound failed: move to one past it.
        (false, false) => bound - clock + 1,
    };
    (shift.unsigned_abs() <= u128::from(u64::MAX) && shift != 0).then_some(shift)
}

/// The block's number against a stored (or constant) first or last block, tested by running
/// at that block (or the one before it closed).
fn blocks(clock: &Operand, bound: &Operand) -> Option<Suspect> {
    if bound
        .sources
        .iter()
        .any(|s| !matches!(s, Source::Storage { .. }))
    {
        return None;
    }
    let now: u64 = clock.value.try_into().ok()?;
    // A bound no chain will reach in a century of 1-second blocks is no window.
    let at: u64 = bound
        .value
        .try_into()
        .ok()
        .filter(|a| *a < now.saturating_add(LAST_BLOCK_AHEAD))?;
    let (opens_at_block, closes_at_block) = if now < at {
        (Some(at), None)
    } else {
        (None, Some(at))
    };
    Some(Suspect {
        gate: Gate::BlockWindow {
            opens_at_block,
            closes_at_block,
        },
        test: Change::Block(opens_at_block.unwrap_or_else(|| at.saturating_sub(1))),
    })
}

/// How far ahead a stored block number is still a window's bound.
const LAST_BLOCK_AHEAD: u64 = 100 * 365 * 86_400;

/// A stored word against a computed hash (no source: KECCAK256's output), both
/// hash-like: a Merkle proof walked up to a root that is not the stored one,
/// whatever getter the contract has or lacks (a root inside a struct). Tested
/// by storing the computed root.
fn merkle_root(c: &Comparison) -> Option<Suspect> {
    if c.op != "EQ" || c.result {
        return None;
    }
    let (stored, computed) = sides(c, |o| {
        o.sources.len() == 1
            && o.sources
                .iter()
                .all(|s| matches!(s, Source::Storage { .. }))
    })?;
    let Some(Source::Storage { account, slot }) = stored.sources.iter().next().cloned() else {
        return None;
    };
    // A hash spreads over all 256 bits; a constant, a count or an address does not.
    let hash_like = |v: U256| v.bit_len() > 200;
    if !computed.sources.is_empty() || !hash_like(stored.value) || !hash_like(computed.value) {
        return None;
    }
    let computed = B256::from(computed.value.to_be_bytes::<32>());
    Some(Suspect {
        gate: Gate::MerkleRoot {
            root_onchain: B256::from(stored.value.to_be_bytes::<32>()),
            computed,
        },
        test: Change::Slot {
            account,
            slot,
            value: computed,
        },
    })
}

/// CALLVALUE alone on one side: what was sent against what is asked.
fn payment(c: &Comparison) -> Option<Suspect> {
    let (sent, asked) = sides(c, |o| o.sources == [Source::CallValue].into())?;
    if asked.sources.contains(&Source::CallValue) || asked.value == sent.value {
        return None;
    }
    Some(Suspect {
        gate: Gate::WrongPayment {
            expected: asked.value,
            sent: sent.value,
        },
        test: Change::Pay(asked.value),
    })
}

/// A stored amount alone against an amount passed in calldata, short of it:
/// an allowance or a balance too small for what the call moves. In a
/// contract the call reached (a token charging the address), an allowance is
/// the address's to give the contract, a balance the address's own; in the
/// contract called itself, only an entry keyed by the caller counts: its
/// balance, or an allowance another address (the entry's outer key) gave it.
/// Tested by storing the amount needed.
fn token_amount(
    an: &TraceAnalysis,
    c: &Comparison,
    contract: Address,
    who: Address,
) -> Option<Suspect> {
    if !matches!(c.op.as_str(), "LT" | "GT" | "SLT" | "SGT") {
        return None;
    }
    let single = |o: &Operand| (o.sources.len() == 1).then(|| o.sources.iter().next().cloned())?;
    let (stored, asked) = sides(c, |o| matches!(single(o), Some(Source::Storage { .. })))?;
    let (Some(Source::Storage { account, slot }), Some(Source::Calldata { .. })) =
        (single(stored), single(asked))
    else {
        return None;
    };
    if stored.value >= asked.value {
        return None;
    }
    let entry = an
        .keyed_reads
        .iter()
        .find(|k| k.account == account && k.slot == slot);
    let (allowance, owner) = if c.depth >= 2 && account != contract {
        // A balance is the address's own entry; an allowance is nested under it.
        let balance = entry.is_some_and(|k| k.outer_keys.is_empty());
        (!balance, (!balance).then_some(who))
    } else {
        match entry.map(|k| k.outer_keys.as_slice()) {
            Some([]) => (false, None),
            Some([outer]) if outer[..12].iter().all(|b| *b == 0) && !outer.is_zero() => {
                (true, Some(Address::from_word(*outer)))
            }
            _ => return None,
        }
    };
    Some(Suspect {
        gate: Gate::TokenShortfall {
            token: account,
            have: stored.value,
            need: asked.value,
            allowance,
            owner,
        },
        test: Change::Slot {
            account,
            slot,
            value: B256::from(asked.value.to_be_bytes::<32>()),
        },
    })
}

/// A stored counter plus the quantity asked (calldata) against a limit with
/// no calldata in it: per wallet when the counter is keyed by the address,
/// else the supply.
fn counter(an: &TraceAnalysis, c: &Comparison, calldata: &[u8]) -> Option<Suspect> {
    if let Some(s) = cap(c, calldata) {
        return Some(s);
    }
    let (sum, limit) = sides(c, |o| {
        o.sources
            .iter()
            .any(|s| matches!(s, Source::Calldata { .. }))
            && o.sources
                .iter()
                .any(|s| matches!(s, Source::Storage { .. }))
    })?;
    // A limit is stored or constant: never the calldata, a clock or an account.
    if limit
        .sources
        .iter()
        .any(|s| !matches!(s, Source::Storage { .. }))
    {
        return None;
    }
    let stored: Vec<(Address, B256)> = sum
        .sources
        .iter()
        .filter_map(|s| match s {
            Source::Storage { account, slot } => Some((*account, *slot)),
            _ => None,
        })
        .collect();
    let offsets: Vec<u64> = sum
        .sources
        .iter()
        .filter_map(|s| match s {
            Source::Calldata { offset } => Some(*offset),
            _ => None,
        })
        .collect();
    let [offset] = offsets.as_slice() else {
        return None;
    };
    // The counter: the one slot of the sum keyed by the address that holds a
    // count (others keyed by it may be subtracted, e.g. presale mints), else
    // the one slot of the sum, for the supply.
    let value_of = |(account, slot): &(Address, B256)| {
        an.reads
            .iter()
            .rev()
            .find(|r| r.account == *account && r.slot == *slot)
            .map(|r| r.value)
    };
    let keyed = |(account, slot): &(Address, B256)| {
        an.keyed_reads
            .iter()
            .any(|k| k.account == *account && k.slot == *slot)
    };
    let counting: Vec<&(Address, B256)> = stored
        .iter()
        .filter(|s| keyed(s) && value_of(s).is_some_and(|v| !v.is_zero()))
        .collect();
    let requested = word_at(calldata, *offset)?;
    let (per_wallet, (account, slot)) = match (counting.as_slice(), stored.as_slice()) {
        ([one], _) => (true, **one),
        ([], [one]) if !keyed(one) => (false, *one),
        // Counted by the address but nothing counted yet: the quantity asked
        // alone is over the limit; asking for the limit tests it.
        ([], _)
            if stored.iter().any(keyed) && requested > limit.value && !limit.value.is_zero() =>
        {
            return Some(Suspect {
                gate: Gate::LimitReached {
                    limit: limit.value,
                    used: sum.value.checked_sub(requested),
                    requested,
                },
                test: Change::Quantity {
                    offset: *offset,
                    value: limit.value,
                },
            });
        }
        _ => return None,
    };
    let used = sum.value.checked_sub(requested)?;
    let current = value_of(&(account, slot))?;
    if per_wallet {
        return Some(Suspect {
            gate: Gate::LimitReached {
                limit: limit.value,
                used: Some(used),
                requested,
            },
            test: Change::Slot {
                account,
                slot,
                value: B256::ZERO,
            },
        });
    }
    // The supply: the counter lowered just enough for the quantity to fit.
    let excess = sum.value.checked_sub(limit.value)? + U256::from(1);
    let lowered = U256::from_be_bytes(current.0).checked_sub(excess)?;
    Some(Suspect {
        gate: Gate::SoldOut {
            max_supply: limit.value,
            supply: used,
            requested,
        },
        test: Change::Slot {
            account,
            slot,
            value: B256::from(lowered.to_be_bytes::<32>()),
        },
    })
}

/// The quantity asked (one calldata word alone) over a limit computed from
/// storage alone (a cap per call, such as a share of the supply): tested by
/// asking for the limit.
fn cap(c: &Comparison, calldata: &[u8]) -> Option<Suspect> {
    if !matches!(c.op.as_str(), "LT" | "GT") {
        return None;
    }
    let (asked, limit) = sides(c, |o| {
        matches!(
            o.sources.iter().collect::<Vec<_>>()[..],
            [Source::Calldata { .. }]
        )
    })?;
    let Some(Source::Calldata { offset }) = asked.sources.iter().next().cloned() else {
        return None;
    };
    if limit.sources.is_empty()
        || !limit
            .sources
            .iter()
            .all(|s| matches!(s, Source::Storage { .. }))
        || asked.value <= limit.value
        || word_at(calldata, offset)? != asked.value
    {
        return None;
    }
    Some(Suspect {
        gate: Gate::LimitReached {
            limit: limit.value,
            used: None,
            requested: asked.value,
        },
        test: Change::Quantity {
            offset,
            value: limit.value,
        },
    })
}

/// The last second RFC 3339 can write (9999-12-31T23:59:59Z).
const LAST_DATE: u64 = 253_402_300_799;

/// Unix seconds as RFC 3339 (UTC), e.g. `2026-12-30T12:00:00Z`; past year
/// 9999, the number itself.
pub fn rfc3339(unix: u64) -> String {
    if unix > LAST_DATE {
        return format!("unix time {unix}");
    }
    match std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(unix)) {
        Some(t) => humantime::format_rfc3339_seconds(t).to_string(),
        None => format!("unix time {unix}"),
    }
}

/// `(the side that matches, the other side)`, when exactly one side matches.
fn sides(c: &Comparison, matches: impl Fn(&Operand) -> bool) -> Option<(&Operand, &Operand)> {
    match (matches(&c.a), matches(&c.b)) {
        (true, false) => Some((&c.a, &c.b)),
        (false, true) => Some((&c.b, &c.a)),
        _ => None,
    }
}

/// The 32-byte word of `calldata` at `offset` (zero-padded past the end).
fn word_at(calldata: &[u8], offset: u64) -> Option<U256> {
    let start = usize::try_from(offset).ok()?;
    if start >= calldata.len() {
        return None;
    }
    let mut w = [0u8; 32];
    let end = (start + 32).min(calldata.len());
    w[..end - start].copy_from_slice(&calldata[start..end]);
    Some(U256::from_be_bytes(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allowlist::trace::{KeyedRead, Read};

    fn op(value: u64, sources: &[Source]) -> Operand {
        Operand {
            value: U256::from(value),
            sources: sources.iter().cloned().collect(),
        }
    }

    fn stored(slot: u8) -> Source {
        Source::Storage {
            account: Address::repeat_byte(0xcc),
            slot: B256::repeat_byte(slot),
        }
    }

    fn analysis(c: Comparison, reads: Vec<(u8, u64)>, keyed: &[u8]) -> TraceAnalysis {
        TraceAnalysis {
            cut: None,
            deciding: None,
            arg_keyed: vec![],
            keyed_reads: keyed
                .iter()
                .map(|s| KeyedRead {
                    account: Address::repeat_byte(0xcc),
                    slot: B256::repeat_byte(*s),
                    value: B256::ZERO,
                    base_slot: B256::ZERO,
                    outer_keys: vec![],
                    packed: false,
                    ..Default::default()
                })
                .collect(),
            reads: reads
                .into_iter()
                .map(|(s, v)| Read {
                    account: Address::repeat_byte(0xcc),
                    slot: B256::repeat_byte(s),
                    value: B256::from(U256::from(v)),
                })
                .collect(),
            reverted: true,
            comparisons: vec![c],
        }
    }

    fn cmp(op_name: &str, a: Operand, b: Operand, result: bool) -> Comparison {
        Comparison {
            op: op_name.into(),
            a,
            b,
            result,
            depth: 1,
        }
    }

    fn first(an: &TraceAnalysis, calldata: &[u8]) -> Option<Suspect> {
        suspects(
            an,
            calldata,
            Address::repeat_byte(0xcc),
            Address::repeat_byte(0x11),
            execution_time(an, 0),
        )
        .into_iter()
        .next()
    }

    /// `mint(uint256 quantity)` calldata.
    fn mint(q: u64) -> Vec<u8> {
        let mut d = vec![0xa0, 0x71, 0x2d, 0x68];
        d.extend(U256::from(q).to_be_bytes::<32>());
        d
    }

    #[test]
    fn the_comparison_that_fed_the_deciding_branch_comes_first() {
        // The window is compared first, then the price; the branch before the
        // revert was on the window's condition: the window is the suspect tried
        // first, where latest-first alone would try the price.
        let window = cmp(
            "LT",
            op(1_000, &[Source::Timestamp]),
            op(5_000, &[stored(1)]),
            true,
        );
        let price = cmp(
            "EQ",
            op(0, &[Source::CallValue]),
            op(50, &[stored(2)]),
            false,
        );
        let mut an = analysis(window, vec![(1, 5_000), (2, 50)], &[]);
        an.comparisons.push(price);
        let kinds = |an: &TraceAnalysis| {
            suspects(an, &mint(1), Address::ZERO, Address::ZERO, 1_000)
                .into_iter()
                .map(|s| std::mem::discriminant(&s.gate))
                .collect::<Vec<_>>()
        };
        let not_open = std::mem::discriminant(&Gate::NotOpen {
            opens_at: None,
            closes_at: None,
        });
        assert_ne!(kinds(&an)[0], not_open, "latest first without a branch");
        an.deciding = Some(crate::engine::record::Branch {
            depth: 1,
            pc: 0,
            condition: op(1, &[Source::Timestamp, stored(1)]),
            taken: false,
        });
        assert_eq!(kinds(&an)[0], not_open);
        assert_eq!(kinds(&an).len(), 2, "the price stays behind it");
    }

    #[test]
    fn a_sale_that_starts_later_is_tested_at_its_start() {
        let c = cmp(
            "LT",
            op(1_000, &[Source::Timestamp]),
            op(5_000, &[stored(1)]),
            true,
        );
        let s = first(&analysis(c, vec![(1, 5_000)], &[]), &mint(1)).unwrap();
        assert_eq!(
            s.gate,
            Gate::NotOpen {
                opens_at: Some(5_000),
                closes_at: None,
            }
        );
        assert_eq!(s.test, Change::Time(5_000));
    }

    /// The comparison's operator and result say how far the clock moves: a
    /// strict bound one second past a non-strict one, a cooldown
    /// (`now - queuedAt < delay`) to the queue time plus the delay, and a
    /// window that has closed to its last open second.
    #[test]
    fn the_clock_moves_as_far_as_the_comparison_says() {
        let at = |c: Comparison| {
            let an = analysis(c, vec![(1, 5_000)], &[]);
            suspects(
                &an,
                &mint(1),
                Address::ZERO,
                Address::repeat_byte(0x11),
                1_000,
            )
            .into_iter()
            .next()
            .map(|s| (s.gate, s.test))
        };
        let now = || op(1_000, &[Source::Timestamp]);
        // require(schedule < block.timestamp): LT(schedule, now) false.
        assert_eq!(
            at(cmp("LT", op(5_000, &[stored(1)]), now(), false)),
            Some((
                Gate::NotOpen {
                    opens_at: Some(5_001),
                    closes_at: None
                },
                Change::Time(5_001)
            ))
        );
        // require(block.timestamp >= start): LT(now, start) true.
        assert_eq!(
            at(cmp("LT", now(), op(5_000, &[stored(1)]), true)).map(|g| g.1),
            Some(Change::Time(5_000))
        );
        // A cooldown: block.timestamp - queuedAt (400) < 3600: ready at +3200.
        let since = op(400, &[Source::Timestamp, stored(2)]);
        assert_eq!(
            at(cmp("LT", since, op(3_600, &[]), true)),
            Some((
                Gate::NotOpen {
                    opens_at: Some(4_200),
                    closes_at: None
                },
                Change::Time(4_200)
            ))
        );
        // require(block.timestamp <= end) with end 900: GT(now, end) true; it
        // passed at 900, and closed at 901.
        assert_eq!(
            at(cmp("GT", now(), op(900, &[stored(1)]), true)),
            Some((
                Gate::NotOpen {
                    opens_at: None,
                    closes_at: Some(901)
                },
                Change::Time(900)
            ))
        );
        // A bound past any date is no window; a clock against the calldata neither.
        assert_eq!(at(cmp("LT", now(), op(u64::MAX, &[stored(1)]), true)), None);
        // An operation's time the call carries, not reached: not open until
        // then; a deadline it carries, past: expired, and it passed until then.
        assert_eq!(
            at(cmp(
                "LT",
                now(),
                op(5_000, &[Source::Calldata { offset: 4 }]),
                true
            ))
            .map(|g| g.0),
            Some(Gate::NotOpen {
                opens_at: Some(5_000),
                closes_at: None
            })
        );
        assert_eq!(
            at(cmp(
                "GT",
                now(),
                op(900, &[Source::Calldata { offset: 4 }]),
                true
            )),
            Some((Gate::Expired { expired_at: 900 }, Change::Time(900)))
        );
        // A clock against a sum with the calldata in it is no bound.
        assert_eq!(
            at(cmp(
                "LT",
                now(),
                op(5_000, &[Source::Calldata { offset: 4 }, stored(1)]),
                true
            )),
            None
        );
    }

    /// The caller unequal to an address stored in a slot (packed beside a
    /// flag): tested by writing the caller in its place, the rest kept.
    #[test]
    fn the_caller_against_a_stored_address_puts_the_caller_there() {
        let who = Address::repeat_byte(0x11);
        let setter = Address::repeat_byte(0x70);
        let mut word = [0u8; 32];
        word[11] = 1; // a flag packed above the address
        word[12..].copy_from_slice(setter.as_slice());
        let c = cmp(
            "EQ",
            Operand {
                value: U256::from_be_slice(who.as_slice()),
                sources: [Source::Caller].into(),
            },
            Operand {
                value: U256::from_be_slice(setter.as_slice()),
                sources: [stored(1)].into(),
            },
            false,
        );
        let mut an = analysis(c, vec![], &[]);
        an.reads.push(Read {
            account: Address::repeat_byte(0xcc),
            slot: B256::repeat_byte(1),
            value: B256::from(word),
        });
        let s = suspects(&an, &mint(1), Address::repeat_byte(0xcc), who, 0).remove(0);
        assert_eq!(
            s.gate,
            Gate::Authorized {
                account: Address::repeat_byte(0xcc),
                slot: B256::repeat_byte(1),
                stored: setter
            }
        );
        let mut want = word;
        want[12..].copy_from_slice(who.as_slice());
        assert_eq!(
            s.test,
            Change::Slot {
                account: Address::repeat_byte(0xcc),
                slot: B256::repeat_byte(1),
                value: B256::from(want)
            }
        );
        // Another caller's comparison raises nothing.
        assert!(suspects(&an, &mint(1), Address::repeat_byte(0xcc), setter, 0).is_empty());
    }

    #[test]
    fn a_price_is_what_callvalue_was_compared_with() {
        let c = cmp(
            "EQ",
            op(0, &[Source::CallValue]),
            op(30, &[Source::Calldata { offset: 4 }]),
            false,
        );
        let s = first(&analysis(c, vec![], &[]), &mint(3)).unwrap();
        assert_eq!(
            s.gate,
            Gate::WrongPayment {
                expected: U256::from(30),
                sent: U256::ZERO
            }
        );
        assert_eq!(s.test, Change::Pay(U256::from(30)));
    }

    #[test]
    fn a_keyed_counter_is_a_wallet_limit_and_a_plain_one_the_supply() {
        // minted[msg.sender] (2) + quantity (1) > 2
        let over = |slot| {
            cmp(
                "GT",
                op(3, &[stored(slot), Source::Calldata { offset: 4 }]),
                op(2, &[]),
                true,
            )
        };
        let s = first(&analysis(over(7), vec![(7, 2)], &[7]), &mint(1)).unwrap();
        assert_eq!(
            s.gate,
            Gate::LimitReached {
                limit: U256::from(2),
                used: Some(U256::from(2)),
                requested: U256::from(1)
            }
        );
        assert!(matches!(s.test, Change::Slot { value, .. } if value == B256::ZERO));
        // totalMinted (2) + quantity (1) > 2, the counter not keyed by the address.
        let s = first(&analysis(over(8), vec![(8, 2)], &[]), &mint(1)).unwrap();
        assert_eq!(
            s.gate,
            Gate::SoldOut {
                max_supply: U256::from(2),
                supply: U256::from(2),
                requested: U256::from(1)
            }
        );
        // Lowered enough for one more to fit: 2 - (3 - 2 + 1) = 0.
        assert!(matches!(s.test, Change::Slot { value, .. } if value == B256::ZERO));
    }

    #[test]
    fn a_bound_past_any_date_is_no_window_and_far_times_still_print() {
        let c = cmp(
            "LT",
            op(1_000, &[Source::Timestamp]),
            Operand {
                value: U256::from(u64::MAX),
                sources: [stored(1)].into(),
            },
            true,
        );
        assert_eq!(first(&analysis(c, vec![], &[]), &mint(1)), None);
        assert_eq!(rfc3339(u64::MAX), format!("unix time {}", u64::MAX));
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn a_computed_hash_against_a_stored_root_is_a_merkle_root() {
        let root = U256::from_be_bytes(alloy::primitives::keccak256("root").0);
        let walked = U256::from_be_bytes(alloy::primitives::keccak256("leaf").0);
        let c = cmp(
            "EQ",
            Operand {
                value: walked,
                sources: Default::default(),
            },
            Operand {
                value: root,
                sources: [stored(9)].into(),
            },
            false,
        );
        let s = first(&analysis(c, vec![], &[]), &mint(1)).unwrap();
        assert_eq!(
            s.gate,
            Gate::MerkleRoot {
                root_onchain: B256::from(root.to_be_bytes::<32>()),
                computed: B256::from(walked.to_be_bytes::<32>()),
            }
        );
        // A small stored number against a constant is no root.
        let c = cmp("EQ", op(3, &[]), op(5, &[stored(9)]), false);
        assert_eq!(first(&analysis(c, vec![], &[]), &mint(1)), None);
    }

    #[test]
    fn other_comparisons_raise_no_suspicion() {
        // CALLER against a stored owner: not one of these gates.
        let c = cmp("EQ", op(1, &[Source::Caller]), op(2, &[stored(0)]), false);
        assert_eq!(first(&analysis(c, vec![], &[]), &mint(1)), None);
        // A call that did not revert raises nothing.
        let c = cmp(
            "LT",
            op(1_000, &[Source::Timestamp]),
            op(5_000, &[stored(1)]),
            true,
        );
        let mut an = analysis(c, vec![], &[]);
        an.reverted = false;
        assert_eq!(first(&an, &mint(1)), None);
    }

    /// A token's stored amount against the amount its caller passed, in the
    /// token's frame: an allowance (not the address's own entry) or a balance
    /// (its own entry), tested by storing the amount; the contract's own
    /// storage, or an amount that suffices, raises nothing.
    #[test]
    fn a_token_amount_short_of_the_payment_is_an_allowance_or_a_balance() {
        let token = Address::repeat_byte(0x70);
        let stored = |slot: u8| Source::Storage {
            account: token,
            slot: B256::repeat_byte(slot),
        };
        let short = |slot: u8, have: u64| {
            let mut c = cmp(
                "LT",
                op(have, &[stored(slot)]),
                op(10, &[Source::Calldata { offset: 68 }]),
                true,
            );
            c.depth = 2;
            c
        };
        let mut an = analysis(short(4, 5), vec![], &[]);
        an.keyed_reads.push(KeyedRead {
            account: token,
            slot: B256::repeat_byte(9),
            value: B256::ZERO,
            base_slot: B256::ZERO,
            outer_keys: vec![],
            packed: false,
            ..Default::default()
        });
        let s = suspects(&an, &mint(1), Address::ZERO, Address::repeat_byte(0x11), 0).remove(0);
        assert_eq!(
            s.gate,
            Gate::TokenShortfall {
                token,
                have: U256::from(5),
                need: U256::from(10),
                allowance: true,
                owner: Some(Address::repeat_byte(0x11)),
            }
        );
        assert_eq!(
            s.test,
            Change::Slot {
                account: token,
                slot: B256::repeat_byte(4),
                value: B256::from(U256::from(10))
            }
        );
        an.comparisons = vec![short(9, 0)];
        assert!(matches!(
            suspects(&an, &mint(1), Address::ZERO, Address::repeat_byte(0x11), 0)[0].gate,
            Gate::TokenShortfall {
                allowance: false,
                ..
            }
        ));
        // In the contract called itself, only an entry keyed by the caller
        // is an amount it must hold or be allowed: its balance here.
        assert!(matches!(
            suspects(&an, &mint(1), token, Address::repeat_byte(0x11), 0)[0].gate,
            Gate::TokenShortfall {
                allowance: false,
                owner: None,
                ..
            }
        ));
        an.comparisons = vec![short(4, 5)];
        assert!(suspects(&an, &mint(1), token, Address::repeat_byte(0x11), 0).is_empty());
        an.comparisons = vec![short(4, 10)];
        assert!(suspects(&an, &mint(1), Address::ZERO, Address::repeat_byte(0x11), 0).is_empty());
    }
}
