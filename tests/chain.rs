//! `rpccheck chain` against a real Anvil.

mod common;

use common::{anvil, rpccheck, rpccheck_in};
use rpccheck::chain::ChainReport;
use rpccheck::report::{FindingKind, Severity};

fn report(run: &common::Run) -> ChainReport {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "not a chain report ({e}): {}\nstderr: {}",
            run.stdout, run.stderr
        )
    })
}

#[test]
fn default_anvil_chain_passes_with_every_field() {
    let a = anvil(&[]);
    let run = rpccheck(&["-r", &a.endpoint(), "chain", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let r = report(&run);
    assert_eq!(r.chain_id, 31337);
    assert_eq!(r.net_version.as_deref(), Some("31337"));
    assert!(r.client_version.as_deref().unwrap().starts_with("anvil/"));
    assert_eq!(r.block_number, Some(0));
    assert_eq!(r.syncing, Some(false));
    assert_eq!(r.eip1559, Some(true));
    assert!(r.genesis_hash.is_some());
    assert!(r.network.is_some());
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.rpc, a.endpoint());
    // Every CLI.md field is present, even when null.
    let v = run.json();
    for key in [
        "rpc",
        "chain_id",
        "net_version",
        "client_version",
        "block_number",
        "block_age_secs",
        "syncing",
        "eip1559",
        "genesis_hash",
        "network",
        "latency_ms",
        "capabilities",
        "findings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    // Probed, not assumed: plain Anvil serves everything; a fresh chain is too
    // short to tell an archive node.
    let caps = r.capabilities.expect("capabilities");
    assert_eq!(caps.batch_max, Some(1000));
    assert!(caps.debug_trace_call && caps.state_overrides);
    assert!(caps.create_access_list && caps.get_proof);
    assert_eq!(caps.archive, None);
    assert!(v["capabilities"]["archive"].is_null());
}

#[test]
fn anvil_posing_as_mainnet_is_flagged_but_passes() {
    let a = anvil(&["--chain-id", "1"]);
    let run = rpccheck(&["chain", "--json", "-r", &a.endpoint()]);
    assert_eq!(run.code, 0, "{run:?}");
    let r = report(&run);
    assert_eq!(r.chain_id, 1);
    assert_eq!(r.network.as_deref(), Some("Ethereum Mainnet"));
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::DevNodePublicChainId)
        .expect("dev_node_public_chain_id");
    assert_eq!(f.severity, Severity::Warning);
    // Any chain of the whole registry is named, not only the busiest ones: an
    // Anvil posing as Zora Network (7777777) or as Taiko (167000).
    for (id, name) in [("7777777", "Zora"), ("167000", "Taiko")] {
        let a = anvil(&["--chain-id", id]);
        let r = report(&rpccheck(&["chain", "--json", "-r", &a.endpoint()]));
        assert_eq!(r.network.as_deref(), Some(name), "{id}");
    }
}

#[test]
fn expect_chain_id_pass_and_fail() {
    let a = anvil(&[]);
    let ok = rpccheck(&[
        "--json",
        "chain",
        "--expect-chain-id",
        "31337",
        "-r",
        &a.endpoint(),
    ]);
    assert_eq!(ok.code, 0, "{ok:?}");
    let ok_hex = rpccheck(&["chain", "--expect-chain-id", "0x7a69", "-r", &a.endpoint()]);
    assert_eq!(ok_hex.code, 0, "{ok_hex:?}");
    assert!(
        ok_hex.stdout.contains("ok: chain 31337"),
        "{}",
        ok_hex.stdout
    );

    let bad = rpccheck(&[
        "chain",
        "--expect-chain-id",
        "1",
        "--json",
        "-r",
        &a.endpoint(),
    ]);
    assert_eq!(bad.code, 1, "{bad:?}");
    let r = report(&bad);
    let f = &r.findings[0];
    assert_eq!(f.kind, FindingKind::ChainIdMismatch);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.extra["expected"], 1);

    let table = rpccheck(&["chain", "--expect-chain-id", "1", "-r", &a.endpoint()]);
    assert_eq!(table.code, 1);
    assert!(
        table.stdout.contains("chain_id_mismatch"),
        "{}",
        table.stdout
    );
}

#[test]
fn endpoint_from_env_and_from_foundry_toml_names() {
    let a = anvil(&[]);
    let dir = tempfile::tempdir().unwrap();
    let run = rpccheck_in(
        &["chain", "--json"],
        dir.path(),
        &[("ETH_RPC_URL", &a.endpoint())],
    );
    assert_eq!(run.code, 0, "{run:?}");

    std::fs::write(
        dir.path().join("foundry.toml"),
        "[profile.default]\nsrc = \"src\"\n\n[rpc_endpoints]\nlocal = \"http://127.0.0.1:${ANVIL_PORT}\"\n",
    )
    .unwrap();
    let port = a.port().to_string();
    let run = rpccheck_in(
        &["-r", "local", "chain", "--json"],
        dir.path(),
        &[("ANVIL_PORT", &port)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(report(&run).rpc, format!("http://127.0.0.1:{port}"));

    // A name whose variable is unset is bad input, named in one line.
    let run = rpccheck_in(&["-r", "local", "chain"], dir.path(), &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("ANVIL_PORT"), "{}", run.stderr);
    assert_eq!(run.stderr.trim().lines().count(), 1);

    // rpccheck.toml is the second place names are looked up.
    std::fs::write(
        dir.path().join("rpccheck.toml"),
        format!("[rpc_endpoints]\nmine = \"{}\"\n", a.endpoint()),
    )
    .unwrap();
    let run = rpccheck_in(&["chain", "-r", "mine", "--json"], dir.path(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn block_option_quiet_and_bad_input() {
    let a = anvil(&[]);
    let run = rpccheck(&["chain", "--block", "0", "--json", "-r", &a.endpoint()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(report(&run).block_number, Some(0));

    let quiet = rpccheck(&["chain", "-q", "-r", &a.endpoint()]);
    assert_eq!(quiet.code, 0);
    assert!(quiet.stdout.is_empty(), "{}", quiet.stdout);

    let bad = rpccheck(&["chain", "--block", "yesterday", "-r", &a.endpoint()]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert_eq!(bad.stderr.trim().lines().count(), 1, "{}", bad.stderr);

    let bad = rpccheck(&[
        "chain",
        "--json",
        "--expect-chain-id",
        "abc",
        "-r",
        &a.endpoint(),
    ]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert_eq!(bad.json()["error"]["kind"], "invalid_input");

    let bad = rpccheck(&["chain", "--json", "-r", "ftp://example.com"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert_eq!(bad.json()["error"]["kind"], "invalid_input");

    let bad = rpccheck(&["chain", "--timeout", "-5"]);
    assert_eq!(bad.code, 2, "{bad:?}");

    let bad = rpccheck(&["--json", "nosuchcommand"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert_eq!(bad.json()["error"]["kind"], "invalid_input");
}
