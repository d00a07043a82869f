//! `rpccheck chain --json` capabilities, probed on a real Anvil directly and
//! through proxies that behave like the endpoints people have (public RPC,
//! hosted provider, no batches), and the `-v` request count.

mod common;

use common::{Profile, Run, anvil, profile_proxy, rpccheck, send};
use rpccheck::chain::ChainReport;
use rpccheck::rpc::Capabilities;

fn capabilities(url: &str) -> Capabilities {
    let run = rpccheck(&["-r", url, "chain", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let r: ChainReport = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not a chain report ({e}): {}", run.stdout));
    r.capabilities.expect("capabilities")
}

const ANVIL: Capabilities = Capabilities {
    batch_max: Some(1000),
    debug_trace_call: true,
    state_overrides: true,
    create_access_list: true,
    get_proof: true,
    archive: None,
};

#[test]
fn capabilities_directly_and_through_every_profile() {
    let a = anvil(&[]);
    let url = a.endpoint();
    let public = profile_proxy(url.clone(), Profile::Public);
    let provider = profile_proxy(url.clone(), Profile::Provider);
    let nobatch = profile_proxy(url.clone(), Profile::NoBatch);
    let want_public = Capabilities {
        batch_max: Some(10),
        debug_trace_call: false,
        state_overrides: false,
        ..ANVIL
    };
    let want_provider = Capabilities {
        batch_max: Some(100),
        debug_trace_call: false,
        ..ANVIL
    };
    let want_nobatch = Capabilities {
        batch_max: None,
        ..ANVIL
    };
    // A fresh chain is too short to tell an archive node.
    let cases = [
        ("anvil", url.clone(), ANVIL),
        ("public", public.url(), want_public),
        ("provider", provider.url(), want_provider),
        ("nobatch", nobatch.url(), want_nobatch),
    ];
    for (name, u, want) in &cases {
        assert_eq!(capabilities(u), *want, "{name}");
    }
    // Past the window of recent state, old state is probed, and Anvil keeps it.
    let mined = send(&url, "anvil_mine", serde_json::json!(["0xc8"]));
    assert!(mined.get("error").is_none(), "{mined}");
    for (name, u, want) in &cases {
        let want = Capabilities {
            archive: Some(true),
            ..*want
        };
        assert_eq!(capabilities(u), want, "{name} at block 200");
    }
}

#[test]
fn a_node_that_prunes_old_state_is_not_archive() {
    let a = anvil(&["--prune-history", "10"]);
    let url = a.endpoint();
    let mined = send(&url, "anvil_mine", serde_json::json!(["0xc8"]));
    assert!(mined.get("error").is_none(), "{mined}");
    assert_eq!(capabilities(&url).archive, Some(false));
}

/// The `-v` summary line's two numbers.
fn wire_count(run: &Run) -> (u64, u64) {
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("rpc: "))
        .unwrap_or_else(|| panic!("no request count on stderr:\n{}", run.stderr));
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [
            "rpc:",
            n,
            "requests" | "request",
            "in",
            m,
            "round",
            "trip" | "trips",
        ] => (n.parse().unwrap(), m.parse().unwrap()),
        _ => panic!("unexpected summary line: {line}"),
    }
}

/// What the `-v` log says went out: (requests, round trips), from its `→` lines.
fn logged(run: &Run) -> (u64, u64) {
    let sends: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("rpc → "))
        .collect();
    let requests = sends
        .iter()
        .map(|l| {
            let what = l.trim_start_matches("rpc → ");
            match what.strip_prefix("batch of ") {
                Some(rest) => rest.split_whitespace().next().unwrap().parse().unwrap(),
                None => 1,
            }
        })
        .sum();
    (requests, sends.len() as u64)
}

#[test]
fn verbose_ends_every_command_with_the_request_count() {
    let a = anvil(&[]);
    let url = a.endpoint();
    let public = profile_proxy(url.clone(), Profile::Public);
    for u in [url.clone(), public.url()] {
        let run = rpccheck(&["-r", &u, "chain", "-v"]);
        assert_eq!(run.code, 0, "{run:?}");
        let (requests, trips) = wire_count(&run);
        assert_eq!((requests, trips), logged(&run), "{}", run.stderr);
        assert!(trips >= 2, "{}", run.stderr);
        // The count is the last thing said.
        assert!(
            run.stderr.trim_end().ends_with("round trips"),
            "{}",
            run.stderr
        );
    }
    // Directly: the chain batch, one probe batch of 1000, the feature batch.
    let run = rpccheck(&["-r", &url, "chain", "--json", "-v"]);
    assert_eq!(wire_count(&run), (6 + 1000 + 4, 3), "{}", run.stderr);
    // A failing command counts too, and an offline one says it sent nothing.
    let dead = format!("http://127.0.0.1:{}", common::dead_port());
    let run = rpccheck(&["-r", &dead, "chain", "-v"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(wire_count(&run), (6, 1));
    let run = rpccheck(&["explain", "-32601", "-v"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(wire_count(&run), (0, 0));
}
