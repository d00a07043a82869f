//! Bounded whatever it is given (CLI.md): each hostile execution is diagnosed
//! within 10 s and under 256 MiB resident, with an exit code of CLI.md and one
//! JSON document on stdout. Every rpccheck here runs through
//! `anvil-scripts/peak-rss.sh`, which measures its peak RSS and wall time and
//! kills a runaway (after `BOUNDS_HARD_TIMEOUT` seconds, default 20, or over
//! 1 GiB resident), so that a regression fails instead of hanging CI.
//!
//! One Anvil for the whole file (the `Bounds` fixture and the others, deployed
//! once), cases in sequence so that one run's time and memory are its own.
//! Every case runs and is printed before the test fails with the list of what
//! went wrong. `BOUNDS_ONLY=spin,g-` runs only the cases whose name contains
//! one of those words.
//!
//! The cases:
//! - `allowlist` of `Bounds` calls that never end (`spin()`), grow memory
//!   without end (`grow()`), recurse 1,024 times (`recurse(1024)`: at 30M
//!   gas the 63/64 rule stops it about 410 frames deep), revert
//!   with 1 MB (`bigRevert(1000000)`) or hash 1 MB (`hashBig(1000000)`):
//!   denied (exit 1); the first two with a reason `unknown` and evidence that
//!   says "out of gas". Straight to Anvil and through a public endpoint (no
//!   `debug_*`, no overrides: the local EVM runs them).
//! - `tx` of mined transactions that failed: `spinTx()` (never ends) sent
//!   with 100,000, 1,000,000 and 30,000,000 gas: `out_of_gas` without
//!   `needed`; `needs(10)` with 100,000 gas: `out_of_gas` with a `needed` above
//!   100,000. Straight and public.
//! - a hostile node answering `debug_traceCall` (everything else is Anvil's)
//!   with a trace whose depth is 10^12, with 1,000,000 struct logs, or with
//!   malformed fields: the absurd and the malformed are `invalid_response`
//!   (exit 3); the huge one any of exit 1, 3 or 4.
//!
//! Anvil's own memory is watched too: rpccheck's requests can make the node
//! build gigabytes (a struct-log trace with memory of a call that writes 1 MB
//! a word at a time: every step carries the memory so far). Over `BOUNDS_ANVIL_KILL_MIB` (default 3072) it is killed, and the
//! case fails saying so, before it takes the machine down.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use alloy::primitives::{U256, keccak256};
use common::{FaultServer, Fixtures, Node, Profile, Reply, Run, profile_proxy, send};
use serde_json::{Value, json};

/// The issue's budget, per run.
const WALL_LIMIT: Duration = Duration::from_secs(10);
const RSS_LIMIT_KIB: u64 = 256 * 1024;
/// peak-rss.sh kills a run resident over this (a runaway must not sink CI).
const KILL_MIB: u64 = 1024;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn selected(name: &str) -> bool {
    match std::env::var("BOUNDS_ONLY") {
        Ok(only) if !only.trim().is_empty() => only
            .split(',')
            .map(str::trim)
            .any(|w| !w.is_empty() && name.contains(w)),
        _ => true,
    }
}

fn calldata(sig: &str, words: &[U256]) -> String {
    let mut d = keccak256(sig)[..4].to_vec();
    for w in words {
        d.extend(w.to_be_bytes::<32>());
    }
    format!("0x{}", hex::encode(d))
}

fn hex_u64(v: &Value) -> u64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("not a hex quantity: {v}"));
    u64::from_str_radix(s.trim_start_matches("0x"), 16)
        .unwrap_or_else(|e| panic!("not a hex quantity: {v}: {e}"))
}

/// Sends a transaction from an unlocked Anvil account with a fixed gas limit,
/// waits for it to be mined, and checks that it failed having used all of that
/// gas (out of gas): the transaction `rpccheck tx` must then explain.
fn mined_out_of_gas(url: &str, from: &str, to: &str, data: &str, gas: u64) -> String {
    let sent = send(
        url,
        "eth_sendTransaction",
        json!([{"from": from, "to": to, "data": data, "gas": format!("{gas:#x}")}]),
    );
    let hash = sent["result"]
        .as_str()
        .unwrap_or_else(|| panic!("not sent with gas {gas}: {sent}"))
        .to_owned();
    let receipt = (0..250)
        .find_map(|_| {
            let r = send(url, "eth_getTransactionReceipt", json!([hash]))["result"].clone();
            if r.is_null() {
                thread::sleep(Duration::from_millis(20));
                None
            } else {
                Some(r)
            }
        })
        .unwrap_or_else(|| panic!("{hash} was not mined"));
    let tx = send(url, "eth_getTransactionByHash", json!([hash]))["result"].clone();
    assert_eq!(receipt["status"], "0x0", "{hash} did not fail: {receipt}");
    assert_eq!(hex_u64(&tx["gas"]), gas, "{hash}: gas limit {tx}");
    assert_eq!(
        hex_u64(&receipt["gasUsed"]),
        gas,
        "{hash} did not use all its gas (so not out of gas): {receipt}"
    );
    hash
}

/// Watches Anvil's resident memory: per-case peaks (VmHWM, reset before each
/// case), and a kill over a cap so a node that rpccheck's requests blow up
/// never takes the machine with it.
struct AnvilWatch {
    pid: u32,
    killed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

fn status_kib(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(key))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

impl AnvilWatch {
    fn start(pid: u32, cap_mib: u64) -> Self {
        let killed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (k, s) = (killed.clone(), stop.clone());
        thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                if let Some(rss) = status_kib(pid, "VmRSS:")
                    && rss > cap_mib * 1024
                {
                    // SAFETY: a plain kill(2) of the Anvil this test started.
                    unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
                    k.store(true, Ordering::Relaxed);
                    eprintln!(
                        "bounds: Anvil went over {cap_mib} MiB resident ({rss} KiB); killed it"
                    );
                    return;
                }
                thread::sleep(Duration::from_millis(50));
            }
        });
        Self { pid, killed, stop }
    }

    /// Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM).
    fn reset_peak(&self) {
        let _ = std::fs::write(format!("/proc/{}/clear_refs", self.pid), "5");
    }

    fn peak_kib(&self) -> Option<u64> {
        status_kib(self.pid, "VmHWM:")
    }

    fn killed(&self) -> bool {
        self.killed.load(Ordering::Relaxed)
    }
}

impl Drop for AnvilWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A node that is Anvil for everything but `debug_traceCall`, which it answers
/// (alone or inside a batch) with `trace` as the result; counts those answers.
fn hostile_node(upstream: String, trace: Arc<String>, served: Arc<AtomicUsize>) -> FaultServer {
    common::proxy(upstream.clone(), move |req| {
        let parsed: Value = serde_json::from_str(&req.body).ok()?;
        let is_trace = |item: &Value| item["method"] == "debug_traceCall";
        let answer = |item: &Value| {
            served.fetch_add(1, Ordering::Relaxed);
            format!(
                r#"{{"jsonrpc":"2.0","id":{},"result":{}}}"#,
                item["id"], trace
            )
        };
        match &parsed {
            Value::Array(items) if items.iter().any(is_trace) => {
                let others: Vec<&Value> = items.iter().filter(|i| !is_trace(i)).collect();
                let mut answered: Vec<Value> = if others.is_empty() {
                    Vec::new()
                } else {
                    let body = serde_json::to_string(&others).expect("encode");
                    serde_json::from_str(&common::forward(&upstream, &body))
                        .expect("Anvil answers a batch with an array")
                };
                let parts: Vec<String> = items
                    .iter()
                    .map(|item| {
                        if is_trace(item) {
                            answer(item)
                        } else {
                            let at = answered
                                .iter()
                                .position(|a| a["id"] == item["id"])
                                .expect("Anvil answered every id");
                            answered.swap_remove(at).to_string()
                        }
                    })
                    .collect();
                Some(Reply::json(format!("[{}]", parts.join(","))))
            }
            one if is_trace(one) => Some(Reply::json(answer(one))),
            _ => None,
        }
    })
}

/// POSTs `body` to a [`FaultServer`] and returns the body of its answer, read to its
/// Content-Length (the fault server keeps connections open, so reading to the end
/// would wait for its idle timeout).
fn post(url: &str, body: &str) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut r = BufReader::new(s);
    let mut len = 0;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).expect("read a header");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().expect("Content-Length");
        }
    }
    let mut out = vec![0; len];
    r.read_exact(&mut out).expect("read the body");
    String::from_utf8(out).expect("UTF-8")
}

/// A struct-log trace (as `debug_traceCall` returns it) of a failed call.
fn trace_of(logs: &[&str]) -> String {
    format!(
        r#"{{"failed":true,"gas":50000,"returnValue":"","structLogs":[{}]}}"#,
        logs.join(",")
    )
}

/// 1,000,000 struct logs (about 70 MB of JSON), built in one buffer.
fn million_logs() -> String {
    const N: usize = 1_000_000;
    let log = r#"{"pc":0,"op":"JUMPDEST","gas":1,"gasCost":1,"depth":1,"stack":[]}"#;
    let head = r#"{"failed":true,"gas":1,"returnValue":"","structLogs":["#;
    let mut s = String::with_capacity(head.len() + N * (log.len() + 1) + 2);
    s.push_str(head);
    for i in 0..N {
        if i > 0 {
            s.push(',');
        }
        s.push_str(log);
    }
    s.push_str("]}");
    s
}

/// What a case must end with, beyond the budget and the one JSON document.
enum Expect {
    /// `denied` (exit 1); with `out_of_gas_unknown`, also a reason `unknown`
    /// and evidence that says "out of gas".
    Denied { out_of_gas_unknown: bool },
    /// `tx`: exit 1, `reasons[0].kind == "out_of_gas"`; `needed` absent
    /// (`None`), or present and above this gas limit.
    TxOutOfGas { needed_above: Option<u64> },
    /// exit 3 with `{"error": {"kind": "invalid_response", …}}`.
    InvalidResponse,
    /// Any of these exit codes (the JSON document still required).
    AnyOf(&'static [i32]),
}

/// Exactly one JSON document on stdout (whitespace around it allowed).
fn one_json(stdout: &str) -> Result<Value, String> {
    let mut docs = serde_json::Deserializer::from_str(stdout).into_iter::<Value>();
    let first = match docs.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => return Err(format!("stdout is not JSON: {e}")),
        None => return Err("stdout is empty".into()),
    };
    match docs.next() {
        None => Ok(first),
        Some(Ok(_)) => Err("stdout holds more than one JSON document".into()),
        Some(Err(e)) => Err(format!("stdout has more after its JSON document: {e}")),
    }
}

fn kinds(doc: &Value) -> Vec<String> {
    doc["reasons"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| r["kind"].as_str().unwrap_or("?").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// `needed` as a number, whether JSON has it as a number or a decimal string.
fn as_u64(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| v.as_str()?.parse().ok())
}

/// What went wrong with one run ([] when nothing did).
fn judge(run: &Run, expect: &Expect) -> Vec<String> {
    let mut bad = Vec::new();
    if run.elapsed >= WALL_LIMIT {
        bad.push(format!(
            "wall {:.2} s, not under {} s",
            run.elapsed.as_secs_f64(),
            WALL_LIMIT.as_secs()
        ));
    }
    if run.peak_rss_kib >= RSS_LIMIT_KIB {
        bad.push(format!(
            "peak RSS {} KiB ({} MiB), not under {} KiB",
            run.peak_rss_kib,
            run.peak_rss_kib / 1024,
            RSS_LIMIT_KIB
        ));
    }
    let doc = match one_json(&run.stdout) {
        Ok(doc) => Some(doc),
        Err(e) => {
            bad.push(e);
            None
        }
    };
    let want_code = match expect {
        Expect::Denied { .. } | Expect::TxOutOfGas { .. } => vec![1],
        Expect::InvalidResponse => vec![3],
        Expect::AnyOf(codes) => codes.to_vec(),
    };
    if !want_code.contains(&run.code) {
        bad.push(format!("exit {}, want {want_code:?}", run.code));
    }
    let Some(doc) = doc else { return bad };
    match expect {
        Expect::Denied { out_of_gas_unknown } => {
            if doc["verdict"] != "denied" {
                bad.push(format!("verdict {}, want \"denied\"", doc["verdict"]));
            }
            if *out_of_gas_unknown {
                if !kinds(&doc).iter().any(|k| k == "unknown") {
                    bad.push(format!("no reason \"unknown\" (kinds {:?})", kinds(&doc)));
                }
                let says_oog = doc["evidence"].as_array().is_some_and(|es| {
                    es.iter().any(|e| {
                        e["detail"]
                            .as_str()
                            .is_some_and(|d| d.to_ascii_lowercase().contains("out of gas"))
                    })
                });
                if !says_oog {
                    bad.push("no evidence detail says \"out of gas\"".into());
                }
            }
        }
        Expect::TxOutOfGas { needed_above } => {
            let first = &doc["reasons"][0];
            if first["kind"] != "out_of_gas" {
                bad.push(format!(
                    "reasons[0].kind {}, want \"out_of_gas\" (kinds {:?})",
                    first["kind"],
                    kinds(&doc)
                ));
            } else {
                match (needed_above, first.get("needed")) {
                    (None, Some(n)) => bad.push(format!(
                        "out_of_gas has needed {n}: a call that never ends needs no amount"
                    )),
                    (Some(limit), n) => match n.and_then(as_u64) {
                        Some(n) if n > *limit => {}
                        _ => bad.push(format!(
                            "out_of_gas needed {}, want a number above the gas limit {limit}",
                            n.map_or("absent".into(), Value::to_string)
                        )),
                    },
                    _ => {}
                }
            }
        }
        Expect::InvalidResponse => {
            if doc["error"]["kind"] != "invalid_response" {
                bad.push(format!(
                    "error.kind {}, want \"invalid_response\"",
                    doc["error"]["kind"]
                ));
            }
        }
        Expect::AnyOf(_) => {}
    }
    bad
}

/// One line about a run: what it ended with and what it cost.
fn summary(run: &Run) -> String {
    let gist = match one_json(&run.stdout) {
        Ok(doc) if doc.get("error").is_some() => format!("error {}", doc["error"]["kind"]),
        Ok(doc) => {
            let needed = match doc["reasons"][0].get("needed") {
                Some(n) => format!(" needed {n}"),
                None => String::new(),
            };
            format!("verdict {} kinds {:?}{needed}", doc["verdict"], kinds(&doc))
        }
        Err(e) => e,
    };
    format!(
        "exit {} | {:.2} s | {} KiB | {gist}",
        run.code,
        run.elapsed.as_secs_f64(),
        run.peak_rss_kib
    )
}

#[test]
fn hostile_executions_end_in_time_and_memory() {
    let hard_timeout = env_u64("BOUNDS_HARD_TIMEOUT", 20);
    let f = Fixtures::deploy();
    let Node::Anvil(anvil) = &f.node else {
        unreachable!("Fixtures::deploy starts Anvil")
    };
    let watch = AnvilWatch::start(anvil.child().id(), env_u64("BOUNDS_ANVIL_KILL_MIB", 3072));
    let public = profile_proxy(f.url.clone(), Profile::Public);
    let (bounds, a2, a3) = (f.get("BOUNDS"), f.get("A2"), f.get("A3"));

    // Failing transactions, mined: spinTx() never ends, needs(10) writes ten
    // fresh slots (about 270,000 gas) and gets 100,000.
    let spin_tx = calldata("spinTx()", &[]);
    let spins: Vec<(u64, String)> = [100_000, 1_000_000, 30_000_000]
        .into_iter()
        .map(|gas| (gas, mined_out_of_gas(&f.url, &a3, &bounds, &spin_tx, gas)))
        .collect();
    let needs10 = calldata("needs(uint256)", &[U256::from(10)]);
    let estimate = send(
        &f.url,
        "eth_estimateGas",
        json!([{"from": a3, "to": bounds, "data": needs10}]),
    );
    let needs_gas = hex_u64(&estimate["result"]);
    assert!(
        (100_001..1_000_000).contains(&needs_gas),
        "needs(10) should need more than 100,000 gas: {estimate}"
    );
    let needs_tx = mined_out_of_gas(&f.url, &a3, &bounds, &needs10, 100_000);
    eprintln!(
        "bounds: spinTx() failed with {:?}; needs(10) (Anvil estimates {needs_gas} gas) failed with 100000: {needs_tx}",
        spins
    );

    // Hostile nodes, each checked to answer as described before rpccheck meets it.
    let deep = [
        r#"{"pc":0,"op":"PUSH1","gas":50000,"gasCost":3,"depth":1,"stack":[]}"#,
        r#"{"pc":2,"op":"CALLER","gas":49997,"gasCost":2,"depth":1000000000000,"stack":["0x0"]}"#,
        r#"{"pc":3,"op":"SLOAD","gas":49995,"gasCost":2100,"depth":1000000000000,"stack":["0x0","0x1"]}"#,
        r#"{"pc":4,"op":"REVERT","gas":47895,"gasCost":0,"depth":1000000000000,"stack":["0x0","0x0"]}"#,
    ];
    let jumpdest = r#"{"pc":0,"op":"JUMPDEST","gas":50000,"gasCost":1,"depth":1,"stack":[]}"#;
    let revert =
        r#"{"pc":1,"op":"REVERT","gas":49999,"gasCost":0,"depth":1,"stack":["0x0","0x0"]}"#;
    let op_42 = r#"{"pc":1,"op":42,"gas":49999,"gasCost":0,"depth":1,"stack":["0x0","0x0"]}"#;
    let stack_zz = r#"{"pc":1,"op":"REVERT","gas":49999,"gasCost":0,"depth":1,"stack":["zz"]}"#;
    let pc_neg =
        r#"{"pc":-1,"op":"REVERT","gas":49999,"gasCost":0,"depth":1,"stack":["0x0","0x0"]}"#;
    let hostile: Vec<(&str, String)> = vec![
        ("g-i depth 10^12", trace_of(&deep)),
        ("g-ii 1,000,000 struct logs", million_logs()),
        ("g-iii op 42", trace_of(&[jumpdest, op_42, revert])),
        ("g-iii stack [\"zz\"]", trace_of(&[jumpdest, stack_zz])),
        ("g-iii pc -1", trace_of(&[jumpdest, pc_neg])),
    ];
    let mut hostile_nodes = Vec::new();
    for (name, trace) in hostile {
        let served = Arc::new(AtomicUsize::new(0));
        let len = trace.len();
        let node = hostile_node(f.url.clone(), Arc::new(trace), served.clone());
        // The node is Anvil for the rest, and answers debug_traceCall as built.
        let chain = post(
            &node.url(),
            r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#,
        );
        assert!(chain.contains(r#""result":"0x7a69""#), "{name}: {chain}");
        let probe = json!({"jsonrpc": "2.0", "id": 7, "method": "debug_traceCall",
            "params": [{"to": bounds, "data": "0x"}, "latest", {}]});
        let answer = post(&node.url(), &probe.to_string());
        assert!(
            answer.starts_with(r#"{"jsonrpc":"2.0","id":7,"result":{"failed":true"#)
                && answer.len() == len + r#"{"jsonrpc":"2.0","id":7,"result":}"#.len(),
            "{name}: the hostile node answered {} bytes: {}",
            answer.len(),
            &answer[..answer.len().min(300)]
        );
        if len < 10_000 {
            let v: Value = serde_json::from_str(&answer).expect("the hostile trace is JSON");
            assert!(v["result"]["structLogs"].as_array().is_some(), "{name}");
        } else {
            assert_eq!(
                answer.matches(r#"{"pc":0,"op":"JUMPDEST""#).count(),
                1_000_000
            );
        }
        served.store(0, Ordering::Relaxed);
        hostile_nodes.push((name, node, served));
    }

    // The cases, in this order: the hostile nodes, the transactions, the calls through the
    // public endpoint (which serves no trace), and last the calls straight to Anvil, whose
    // struct-log trace (with memory, as rpccheck asks for it today) can make Anvil itself
    // huge: bigRevert(1000000)'s is quadratic (each of ~31,000 steps carries the memory
    // written so far), so it goes very last. A node killed by the watch fails what follows.
    struct Case {
        name: String,
        args: Vec<String>,
        expect: Expect,
        /// For the hostile nodes: how many debug_traceCall answers it served.
        served: Option<Arc<AtomicUsize>>,
    }
    let endpoints = [("direct", f.url.clone()), ("public", public.url())];
    let mut cases = Vec::new();
    for (name, node, served) in &hostile_nodes {
        let expect = if name.starts_with("g-ii ") {
            Expect::AnyOf(&[1, 3, 4])
        } else {
            Expect::InvalidResponse
        };
        cases.push(Case {
            name: format!("{name} (ROLE_GATED A2 --engine node)"),
            args: [
                "-r",
                &node.url(),
                "--engine",
                "node",
                "allowlist",
                &f.get("ROLE_GATED"),
                &a2,
                "--call",
                "mint(uint256)",
                "1",
                "--json",
            ]
            .map(String::from)
            .to_vec(),
            expect,
            served: Some(served.clone()),
        });
    }
    for (label, url) in &endpoints {
        for (gas, hash) in &spins {
            cases.push(Case {
                name: format!("f tx spinTx() gas {gas} {label}"),
                args: ["-r", url, "tx", hash, "--json"].map(String::from).to_vec(),
                expect: Expect::TxOutOfGas { needed_above: None },
                served: None,
            });
        }
        cases.push(Case {
            name: format!("f tx needs(10) gas 100000 {label}"),
            args: ["-r", url, "tx", &needs_tx, "--json"]
                .map(String::from)
                .to_vec(),
            expect: Expect::TxOutOfGas {
                needed_above: Some(100_000),
            },
            served: None,
        });
    }
    let calls: [(&str, &[&str], bool); 5] = [
        ("a", &["spin()"], true),
        ("b", &["grow()"], true),
        ("c", &["recurse(uint256)", "1024"], false),
        ("e", &["hashBig(uint256)", "1000000"], false),
        ("d", &["bigRevert(uint256)", "1000000"], false),
    ];
    for (label, url) in endpoints.iter().rev() {
        for (letter, call, oog) in calls {
            let mut args = ["-r", url, "allowlist", &bounds, &a2, "--call"]
                .map(String::from)
                .to_vec();
            args.extend(call.iter().map(|s| s.to_string()));
            args.push("--json".into());
            cases.push(Case {
                name: format!("{letter} allowlist {} {label}", call.join(" ")),
                args,
                expect: Expect::Denied {
                    out_of_gas_unknown: oog,
                },
                served: None,
            });
        }
    }

    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases.iter().filter(|c| selected(&c.name)) {
        ran += 1;
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        watch.reset_peak();
        let run = common::rpccheck_peak_rss(&args, hard_timeout, KILL_MIB);
        let mut bad = judge(&run, &case.expect);
        if let Some(served) = &case.served {
            let n = served.swap(0, Ordering::Relaxed);
            if n == 0 {
                bad.push("rpccheck never asked the hostile node for debug_traceCall: this case tested nothing".into());
            }
        }
        let anvil_peak = watch
            .peak_kib()
            .map_or("gone".to_owned(), |k| format!("{k} KiB"));
        if watch.killed() {
            bad.push(format!(
                "Anvil was killed over BOUNDS_ANVIL_KILL_MIB (by this case, or an earlier one: anvil peak {anvil_peak})"
            ));
        }
        eprintln!(
            "bounds: {:<48} {} | anvil peak {anvil_peak}{}",
            case.name,
            summary(&run),
            if bad.is_empty() { " | ok" } else { " | FAILED" }
        );
        if !bad.is_empty() {
            let stderr: String = run.stderr.chars().take(600).collect();
            failures.push(format!(
                "{}: {}\n    rpccheck {}\n    stderr: {}",
                case.name,
                bad.join("; "),
                case.args.join(" "),
                stderr.trim()
            ));
        }
    }
    assert!(ran > 0, "BOUNDS_ONLY selected no case");
    assert!(
        failures.is_empty(),
        "{} of {ran} bounded-execution cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
