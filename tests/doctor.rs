//! `rpccheck doctor`: the README's example config and workflow against real
//! Anvil with the fixtures, a failing run, the JUnit file, every config error,
//! and shell completions.

mod common;

use common::{Fixtures, root, rpccheck, rpccheck_in};
use rpccheck::doctor::{DoctorReport, Status};

/// The fenced block after `<!-- marker -->` in the README.
fn readme_block(marker: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let at = readme
        .find(&format!("<!-- {marker} -->"))
        .unwrap_or_else(|| panic!("no {marker} in README"));
    let rest = &readme[at..];
    let start = rest.find("```").unwrap();
    let body = &rest[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_owned()
}

/// A working directory holding `config` as rpccheck.toml, with the fixtures beside it.
fn workdir(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rpccheck.toml"), config).unwrap();
    std::os::unix::fs::symlink(root().join("fixtures"), dir.path().join("fixtures")).unwrap();
    dir
}

#[test]
fn the_readme_config_and_workflow_pass_against_the_fixtures() {
    let f = Fixtures::deploy();
    let dir = workdir(&readme_block("rpccheck.toml"));
    let env = [("RPCCHECK_RPC", f.url.as_str())];
    // The workflow's rpccheck steps, exactly as written.
    let workflow = readme_block("workflow");
    let steps: Vec<&str> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: rpccheck "))
        .collect();
    assert_eq!(
        steps,
        vec!["doctor --config rpccheck.toml --junit rpccheck-junit.xml"]
    );
    let args: Vec<&str> = steps[0].split_whitespace().collect();
    let run = rpccheck_in(&args, dir.path(), &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("6 passed, 0 failed, 0 errors"),
        "{}",
        run.stdout
    );
    let xml = std::fs::read_to_string(dir.path().join("rpccheck-junit.xml")).unwrap();
    assert!(
        xml.contains(
            r#"<testsuite name="rpccheck doctor" tests="6" skipped="0" errors="0" failures="0""#
        ),
        "{xml}"
    );
    assert!(xml.contains("minter can mint"), "{xml}");

    let run = rpccheck_in(&["doctor", "--json"], dir.path(), &env);
    assert_eq!(run.code, 0, "{run:?}");
    let report: DoctorReport = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report.checks.len(), 6);
    assert!(
        report.checks.iter().all(|c| c.status == Status::Pass),
        "{report:?}"
    );
}

#[test]
fn a_failing_expectation_fails_the_run_and_the_junit_file() {
    let f = Fixtures::deploy();
    let config = format!(
        r#"[[allowlist]]
name = "A2 may mint (wrong)"
rpc = "{url}"
contract = "{c}"
address = "{a2}"
call = "mint(uint256) 1"
expect = "allowed"

[[allowlist]]
name = "A2 refused for the owner (wrong reason)"
rpc = "{url}"
contract = "{c}"
address = "{a2}"
call = "mint(uint256) 1"
expect = "denied"
reason = "not_owner"

[[chain]]
name = "chain ok"
rpc = "{url}"
expect_chain_id = "0x7a69"

[[network]]
name = "inline entry"
entry = {{ chainId = "0x7a69", chainName = "Anvil", nativeCurrency = {{ name = "Ether", symbol = "ETH", decimals = 18 }}, rpcUrls = ["{url}"] }}
"#,
        url = f.url,
        c = f.get("ROLE_GATED"),
        a2 = f.get("A2")
    );
    let dir = workdir(&config);
    let run = rpccheck_in(
        &["doctor", "--junit", "out.xml"],
        dir.path(),
        &[("COLUMNS", "250")],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("FAIL") && run.stdout.contains("denied (missing_role)"),
        "{}",
        run.stdout
    );
    let xml = std::fs::read_to_string(dir.path().join("out.xml")).unwrap();
    assert!(xml.contains(r#"failures="2""#), "{xml}");
    assert!(
        xml.contains(r#"<testcase name="inline entry" classname="rpccheck.network""#),
        "{xml}"
    );
    let run = rpccheck_in(&["doctor", "--json"], dir.path(), &[]);
    let report: DoctorReport = serde_json::from_str(&run.stdout).unwrap();
    let inline = report
        .checks
        .iter()
        .find(|c| c.name == "inline entry")
        .unwrap();
    assert_eq!(inline.status, Status::Pass, "{inline:?}");
    assert!(
        xml.contains("expected allowed, found denied (missing_role)"),
        "{xml}"
    );

    // An endpoint that fails makes the check an error and the exit code 3.
    let dead = format!(
        "[[chain]]\nrpc = \"http://127.0.0.1:{}\"\nexpect_chain_id = 1\n",
        common::dead_port()
    );
    let dir = workdir(&dead);
    let run = rpccheck_in(&["doctor", "--json"], dir.path(), &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(run.json()["checks"][0]["status"], "error");
}

#[test]
fn every_config_error_names_its_line() {
    let ok_contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    let ok_addr = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    let allow = |extra: &str| {
        format!("[[allowlist]]\ncontract = \"{ok_contract}\"\naddress = \"{ok_addr}\"\n{extra}")
    };
    let cases: Vec<(String, &str)> = vec![
        ("[[chain]\n".into(), ":1:"),
        ("[[chain]]\nexpect_chain_id = 1\ncolour = \"red\"\n".into(), ":3:"),
        ("[[chain]]\nrpc = \"local\"\n".into(), "expect_chain_id"),
        ("[[chain]]\nexpect_chain_id = \"sepolia\"\n".into(), ":2:"),
        ("[rpc_endpoints]\nx = \"https://h/${RPCCHECK_SURELY_UNSET}\"\n[[chain]]\nrpc = \"x\"\nexpect_chain_id = 1\n".into(), ":2:"),
        ("[[chain]]\nrpc = \"nowhere\"\nexpect_chain_id = 1\n".into(), ":2:"),
        (allow("expect = \"maybe\"\n"), ":4:"),
        (allow("expect = \"denied\"\nreason = \"too_poor\"\n"), ":5:"),
        (allow("call = \"mint(uint256\"\nexpect = \"denied\"\n"), ":4:"),
        (allow("value = \"lots\"\nexpect = \"denied\"\n"), ":4:"),
        ("[[allowlist]]\ncontract = \"0x1234\"\naddress = \"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"\nexpect = \"denied\"\n".into(), ":2:"),
        (format!("[[allowlist]]\ncontract = \"{ok_contract}\"\naddress = \"0x70997970c51812dc3a010c7d01b50e0d17dc79C8\"\nexpect = \"denied\"\n"), ":3:"),
        ("[[network]]\nfile = \"missing.json\"\n".into(), ":2:"),
        ("[[network]]\nname = \"none\"\n".into(), "exactly one"),
        ("# nothing\n".into(), "no [[chain]]"),
    ];
    for (config, want) in cases {
        let dir = workdir(&config);
        let run = rpccheck_in(&["doctor"], dir.path(), &[]);
        assert_eq!(run.code, 2, "{config}\n{run:?}");
        assert!(
            run.stderr.contains(want),
            "{config}\nwant {want} in: {}",
            run.stderr
        );
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    }
    let dir = tempfile::tempdir().unwrap();
    let run = rpccheck_in(&["doctor", "--json"], dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["error"]["kind"], "invalid_input");
}

#[test]
fn completions_for_each_shell() {
    for (shell, needle) in [
        ("bash", "_rpccheck()"),
        ("zsh", "#compdef rpccheck"),
        ("fish", "complete -c rpccheck"),
    ] {
        let run = rpccheck(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        assert!(run.stdout.contains(needle), "{shell}");
        for sub in ["chain", "network", "allowlist", "explain", "doctor"] {
            assert!(run.stdout.contains(sub), "{shell} lacks {sub}");
        }
    }
    assert_eq!(rpccheck(&["completions", "tcsh"]).code, 2);
}

#[test]
fn every_help_has_an_example_and_version_names_the_commit() {
    for cmd in ["chain", "network", "allowlist", "explain", "doctor"] {
        let run = rpccheck(&[cmd, "--help"]);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout.contains("Examples:") && run.stdout.contains(&format!("rpccheck {cmd}")),
            "{cmd}: {}",
            run.stdout
        );
    }
    let run = rpccheck(&["--version"]);
    assert!(run.stdout.starts_with("rpccheck 0.1.0 ("), "{}", run.stdout);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let esc = '\u{1b}';
    let plain = rpccheck(&["explain", "-32601"]);
    assert!(!plain.stdout.contains(esc), "a pipe gets no colour");
    let forced = rpccheck(&[
        "--color",
        "always",
        "chain",
        "-r",
        &format!("http://127.0.0.1:{}", common::dead_port()),
    ]);
    assert_eq!(forced.code, 3);
    let run = rpccheck(&["--color", "always", "allowlist", "--help"]);
    assert_eq!(run.code, 0);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rpccheck.toml"),
        "[[chain]]\nexpect_chain_id = 1\nrpc = \"http://127.0.0.1:9\"\n",
    )
    .unwrap();
    let run = rpccheck_in(&["--color", "always", "doctor"], dir.path(), &[]);
    assert!(
        run.stdout.contains(esc),
        "--color always colours: {}",
        run.stdout
    );
    let run = rpccheck_in(&["--color", "never", "doctor"], dir.path(), &[]);
    assert!(!run.stdout.contains(esc));
}

#[test]
fn host_port_rpc_runs_as_with_dash_r() {
    // `rpc = "127.0.0.1:PORT"` is resolved as `-r 127.0.0.1:PORT` (http://), at
    // config time; it used to pass the config checks and then fail.
    let a = common::anvil(&[]);
    let host_port = a.endpoint().trim_start_matches("http://").to_owned();
    let dir = workdir(&format!(
        "[[chain]]\nrpc = \"{host_port}\"\nexpect_chain_id = 31337\n"
    ));
    let run = rpccheck_in(&["doctor", "--json"], dir.path(), &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["checks"][0]["status"], "pass");
}
