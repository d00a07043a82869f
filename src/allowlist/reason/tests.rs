//! Reasons as JSON: the encodings CLI.md gives, read back as written, and
//! every field the generated tables name set where JSON shows it.

use alloy::primitives::{Address, B256, U256};
use serde_json::json;

use super::*;

fn round_trip(r: &Reason) -> serde_json::Value {
    let v = serde_json::to_value(r).unwrap();
    let back: Reason = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(&back, r, "{v}");
    v
}

#[test]
fn fields_are_written_as_cli_md_says_and_read_back() {
    let owner = Address::repeat_byte(0xab);
    let r = Reason::of(
        ReasonFields::NotApproved {
            owner: Some(owner),
            spender: None,
            allowance: Some(Amount(U256::from(5))),
            needed: Some(Amount(U256::MAX)),
            slot: Some(B256::repeat_byte(9)),
        },
        "short",
    )
    .remedy("approve it");
    assert_eq!(
        round_trip(&r),
        json!({
            "kind": "not_approved",
            "message": "short",
            "remedy": "approve it",
            "owner": owner.to_checksum(None),
            "allowance": "5",
            "needed": U256::MAX.to_string(),
            "slot": B256::repeat_byte(9).to_string(),
        })
    );
    // Counts are numbers where they fit 64 bits, decimal strings beyond.
    let r = Reason::of(
        ReasonFields::NotOpen {
            opens_at: Some(Count::from(1_800_000_000)),
            closes_at: Some(Count(U256::MAX)),
            opens_at_block: None,
            closes_at_block: None,
        },
        "not yet",
    );
    let v = round_trip(&r);
    assert_eq!(v["opens_at"], 1_800_000_000u64);
    assert_eq!(v["closes_at"], U256::MAX.to_string());
    assert!(v.get("opens_at_block").is_none() && v.get("remedy").is_none());
    // The contract's root: `null` where it could not be read, absent where
    // not judged.
    let unread = Reason::of(
        ReasonFields::MerkleProofInvalid {
            root_onchain: Some(None),
            root_file: Some(B256::repeat_byte(1)),
        },
        "not in the tree",
    );
    assert_eq!(round_trip(&unread)["root_onchain"], serde_json::Value::Null);
    let bare = Reason::new(ReasonKind::MerkleProofInvalid, "rejected");
    assert_eq!(
        round_trip(&bare),
        json!({"kind": "merkle_proof_invalid", "message": "rejected"})
    );
}

#[test]
fn every_kind_has_its_bare_variant_and_its_name() {
    for kind in ReasonKind::all() {
        let r = Reason::new(kind, "why");
        assert_eq!(r.kind(), kind);
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["kind"], kind.as_str());
        assert_eq!(kind.as_str().parse::<ReasonKind>().unwrap(), kind);
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
}

/// Every field an error's hint names can be set on its kind, and shows in
/// JSON under that name.
#[test]
fn every_table_field_sets_its_typed_field() {
    let account = "0x00000000000000000000000000000000000000aa";
    let word = B256::repeat_byte(7).to_string();
    let mut seen = 0;
    for row in crate::explain::tables::errors() {
        let Some(g) = &row.gate else { continue };
        let kind: ReasonKind = g.kind.parse().unwrap();
        for field in g.fields.keys() {
            let mut fields = ReasonFields::bare(kind);
            assert!(
                fields.set(field, account) || fields.set(field, &word),
                "{}: {field} on {kind:?}",
                row.signature
            );
            let v = serde_json::to_value(Reason::of(fields, "")).unwrap();
            assert!(v.get(field).is_some(), "{}: {field}: {v}", row.signature);
            seen += 1;
        }
    }
    assert!(seen > 10, "{seen}");
}

#[test]
fn a_known_field_stays_and_newer_evidence_overlays() {
    let mut f = ReasonFields::LimitReached {
        limit: Some(Count::from(2)),
        used: None,
        requested: None,
    };
    assert!(!f.set("limit", "9"));
    assert!(f.set("used", "1"));
    assert!(!f.set("nonce", "1"), "not a field of limit_reached");
    f.overlay(ReasonFields::LimitReached {
        limit: Some(Count::from(3)),
        used: None,
        requested: Some(Count::from(4)),
    });
    assert_eq!(
        f,
        ReasonFields::LimitReached {
            limit: Some(Count::from(3)),
            used: Some(Count::from(1)),
            requested: Some(Count::from(4)),
        }
    );
}
