//! Endpoint failures, each through the real binary against a fault-injecting
//! server written here: the CLI.md error kind, exit 3, one stderr line, and an
//! end within the timeout. Secrets in the URL never reach output.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{FaultServer, Reply, anvil, dead_port, proxy, rpccheck};

/// Peak memory any run may reach, whatever the endpoint sends: the 64 MiB response limit
/// plus the process itself. A 300 MiB answer read whole would break it.
const MEMORY_BOUND_KIB: u64 = 160 * 1024;

fn assert_memory_bounded(run: &common::Run, what: &str) {
    assert!(
        run.peak_rss_kib > 0 && run.peak_rss_kib < MEMORY_BOUND_KIB,
        "{what}: peak memory {} KiB",
        run.peak_rss_kib
    );
}

/// Runs `chain --json` against `url` and checks the error object.
fn expect_error(url: &str, kind: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["chain", "--json", "--timeout", "2", "-r", url];
    args.extend_from_slice(extra);
    let run = rpccheck(&args);
    assert_eq!(run.code, 3, "{kind}: {run:?}");
    assert_memory_bounded(&run, kind);
    let v = run.json();
    assert_eq!(v["error"]["kind"], kind, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    assert!(v["error"]["hint"].as_str().is_some_and(|h| !h.is_empty()));
    // Without --json: exactly one line on stderr, nothing on stdout.
    let mut args = vec!["chain", "--timeout", "2", "-r", url];
    args.extend_from_slice(extra);
    let run = rpccheck(&args);
    assert_eq!(run.code, 3);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(kind), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    v
}

fn status(code: u16, headers: &[(&str, &str)], body: &str) -> FaultServer {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let body = body.to_owned();
    FaultServer::start(move |_| Reply::Http(code, headers.clone(), body.clone().into_bytes()))
}

#[test]
fn connection_refused_names_the_address_and_anvil() {
    let url = format!("http://127.0.0.1:{}", dead_port());
    let v = expect_error(&url, "connection_refused", &[]);
    let hint = v["error"]["hint"].as_str().unwrap();
    assert!(
        hint.contains(&url["http://".len()..]) && hint.contains("start one with `anvil`"),
        "{hint}"
    );
}

#[test]
fn unauthorized_forbidden_rate_limited_and_server_errors() {
    let s = status(401, &[], "invalid api key");
    let v = expect_error(&s.url(), "unauthorized", &[]);
    assert_eq!(v["error"]["status"], 401);
    let s = status(403, &[], "origin not allowed");
    let v = expect_error(&s.url(), "unauthorized", &[]);
    assert_eq!(v["error"]["status"], 403);
    let s = status(429, &[("Retry-After", "1")], "slow down");
    let v = expect_error(&s.url(), "rate_limited", &[]);
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("Retry-After: 1s") && msg.contains("after 3 tries"),
        "{v}"
    );
    // A Retry-After longer than rpccheck waits ends the tries at once.
    let s = status(429, &[("Retry-After", "3600")], "come back tomorrow");
    let v = expect_error(&s.url(), "rate_limited", &[]);
    assert!(
        !v["error"]["message"].as_str().unwrap().contains("tries"),
        "{v}"
    );
    let s = status(500, &[], "boom");
    let v = expect_error(&s.url(), "http_status", &[]);
    assert_eq!(v["error"]["status"], 500);
    let s = status(301, &[("Location", "https://elsewhere.example/rpc")], "");
    let v = expect_error(&s.url(), "http_status", &[]);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not followed"),
        "{v}"
    );
}

#[test]
fn answers_that_are_not_json_rpc() {
    let cases: Vec<(&str, Reply)> = vec![
        (
            "HTML",
            Reply::Http(
                200,
                vec![],
                b"<!doctype html><html><body>Welcome to nginx!</body></html>".to_vec(),
            ),
        ),
        (
            "truncated",
            Reply::json(r#"{"jsonrpc":"2.0","id":0,"result":"0x7a"#),
        ),
        ("not JSON", Reply::json("hello")),
        (
            "UTF-8",
            Reply::Http(200, vec![], b"\xff\xfe{\"jsonrpc\":\"2.0\"}".to_vec()),
        ),
        (
            "not a response object",
            Reply::json(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))),
        ),
        (
            "jsonrpc version",
            Reply::json(r#"[{"jsonrpc":"1.0","id":0,"result":"0x1"}]"#),
        ),
    ];
    for (needle, reply) in cases {
        let reply = Arc::new(Mutex::new(Some(reply)));
        let s = FaultServer::start(move |_| reply.lock().unwrap().take().unwrap_or(Reply::Close));
        let run = rpccheck(&["chain", "--json", "--timeout", "2", "-r", &s.url()]);
        assert_eq!(run.code, 3, "{needle}: {run:?}");
        assert_memory_bounded(&run, needle);
        let v = run.json();
        assert_eq!(v["error"]["kind"], "invalid_response", "{needle}: {v}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(needle),
            "{needle}: {v}"
        );
    }
}

#[test]
fn wrong_ids_are_invalid_responses() {
    // Batch answered with ids that were never sent.
    let s = FaultServer::start(|req| {
        let n = req.body.matches("\"method\"").count();
        let items: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"jsonrpc":"2.0","id":{},"result":"0x1"}}"#, 1000 + i))
            .collect();
        Reply::json(format!("[{}]", items.join(",")))
    });
    let v = expect_error(&s.url(), "invalid_response", &[]);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("never sent"),
        "{v}"
    );

    // Single requests (batch refused) answered with the wrong id.
    let s = FaultServer::start(|req| {
        if req.body.trim_start().starts_with('[') {
            Reply::Http(400, vec![], b"batch not supported".to_vec())
        } else {
            Reply::json(r#"{"jsonrpc":"2.0","id":424242,"result":"0x7a69"}"#)
        }
    });
    let v = expect_error(&s.url(), "invalid_response", &[]);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("wrong id"),
        "{v}"
    );
}

#[test]
fn oversized_answers_are_cut_off() {
    let s = FaultServer::start(|_| Reply::Endless { total: 300 << 20 });
    let v = expect_error(&s.url(), "invalid_response", &["--timeout", "20"]);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("limit"),
        "{v}"
    );
}

#[test]
fn slow_endpoint_times_out_within_the_timeout() {
    let s =
        FaultServer::start(|_| Reply::After(Duration::from_secs(20), Box::new(Reply::json("{}"))));
    let run = rpccheck(&["chain", "--json", "--timeout", "1", "-r", &s.url()]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(run.json()["error"]["kind"], "timeout");
    assert!(
        run.elapsed < Duration::from_secs(8),
        "took {:?}",
        run.elapsed
    );
}

#[test]
fn tls_and_dns_failures() {
    // https:// to a port that speaks plain HTTP fails in the handshake.
    let s = status(200, &[], "{}");
    expect_error(&format!("https://127.0.0.1:{}", s.port), "tls", &[]);
    expect_error("http://no-such-host.invalid:8545", "dns", &[]);
}

#[test]
fn batch_rejection_falls_back_to_single_requests() {
    let a = anvil(&[]);
    let batches = Arc::new(Mutex::new(0));
    let seen = batches.clone();
    let p = proxy(a.endpoint(), move |req| {
        if req.body.trim_start().starts_with('[') {
            *seen.lock().unwrap() += 1;
            Some(Reply::json(
                r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch requests are not supported"}}"#,
            ))
        } else {
            None
        }
    });
    let run = rpccheck(&["chain", "--json", "-v", "-r", &p.url()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["chain_id"], 31337);
    // The chain probe's batch once, then singles; then the capability probe
    // tries each of its batch sizes as is (and, refused, goes on singly).
    assert_eq!(
        *batches.lock().unwrap(),
        1 + rpccheck::rpc::capabilities::BATCH_SIZES.len(),
        "one batch tried, then singles"
    );
    assert_eq!(
        run.json()["capabilities"]["batch_max"],
        serde_json::Value::Null
    );
    assert!(run.stderr.contains("batch rejected"), "{}", run.stderr);
}

#[test]
fn api_keys_never_reach_output() {
    let key = "0123456789abcdef0123456789abcdef";
    // The server quotes the request path back, as some gateways do.
    let s = FaultServer::start(|req| {
        Reply::Http(
            500,
            vec![],
            format!("no route for {}", req.path).into_bytes(),
        )
    });
    for url in [
        format!("{}/v3/{key}", s.url()),
        format!("{}/rpc?apikey={key}", s.url()),
        format!("http://user:{key}@127.0.0.1:{}/", s.port),
    ] {
        for extra in [vec!["--json"], vec!["-v"], vec![]] {
            let mut args = vec!["chain", "-r", url.as_str()];
            args.extend(extra.iter().copied());
            let run = rpccheck(&args);
            assert_eq!(run.code, 3, "{run:?}");
            assert!(
                !run.stdout.contains(key),
                "stdout leaks the key: {}",
                run.stdout
            );
            assert!(
                !run.stderr.contains(key),
                "stderr leaks the key: {}",
                run.stderr
            );
        }
    }
    // Refused endpoints too, and the printed URL keeps its shape.
    let url = format!("http://127.0.0.1:{}/v3/{key}", dead_port());
    let run = rpccheck(&["chain", "--json", "-v", "-r", &url]);
    assert!(
        !run.stdout.contains(key) && !run.stderr.contains(key),
        "{run:?}"
    );
    assert!(run.stdout.contains("/v3/***"), "{}", run.stdout);
}

#[test]
fn json_rpc_errors_carry_their_code_and_meaning() {
    let s = FaultServer::start(|req| {
        let body = r#"{"code":-32601,"message":"the method does not exist/is not available"}"#;
        if req.body.trim_start().starts_with('[') {
            let n = req.body.matches("\"method\"").count();
            let ids: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"jsonrpc":"2.0","id":{i},"error":{body}}}"#))
                .collect();
            Reply::json(format!("[{}]", ids.join(",")))
        } else {
            Reply::json(format!(r#"{{"jsonrpc":"2.0","id":0,"error":{body}}}"#))
        }
    });
    let v = expect_error(&s.url(), "rpc_error", &[]);
    assert_eq!(v["error"]["code"], -32601, "{v}");
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("Method not found"),
        "{v}"
    );
}

#[test]
fn batches_too_large_step_down_not_abandoned() {
    let a = anvil(&[]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sizes = seen.clone();
    let p = proxy(a.endpoint(), move |req| {
        if req.body.trim_start().starts_with('[') {
            let n = req.body.matches("\"method\"").count();
            sizes.lock().unwrap().push(n);
            if n > 3 {
                return Some(Reply::Http(
                    413,
                    vec![],
                    b"request entity too large".to_vec(),
                ));
            }
        }
        None
    });
    let run = rpccheck(&["chain", "--json", "-v", "-r", &p.url()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["chain_id"], 31337);
    assert!(run.stderr.contains("trying batches of 3"), "{}", run.stderr);
    let sizes = seen.lock().unwrap().clone();
    assert_eq!(
        sizes,
        vec![6, 5, 3, 2, 1000, 100, 10, 2],
        "a rejected batch of 6, then one of 5 (the next usual limit), then 3 alone, accepted, \
         before the other 2; then the capability probe's sizes down to one accepted"
    );
    assert_eq!(run.json()["capabilities"]["batch_max"], 2);
}

#[test]
fn transient_failures_are_retried_then_succeed() {
    let a = anvil(&[]);
    let failures = Arc::new(Mutex::new(0));
    let count = failures.clone();
    let p = proxy(a.endpoint(), move |_| {
        let mut n = count.lock().unwrap();
        if *n < 2 {
            *n += 1;
            return Some(Reply::Http(503, vec![], b"upstream busy".to_vec()));
        }
        None
    });
    let run = rpccheck(&["chain", "--json", "-v", "-r", &p.url()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(*failures.lock().unwrap(), 2);
    assert!(run.stderr.contains("try 3 of 3"), "{}", run.stderr);
    // A 503 that does not go away is reported with the number of tries.
    let s = status(503, &[], "down");
    let v = expect_error(&s.url(), "http_status", &[]);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("after 3 tries"),
        "{v}"
    );
}

#[test]
fn a_body_that_drips_forever_ends_at_the_timeout() {
    let s = FaultServer::start(|_| Reply::Drip {
        every: Duration::from_millis(100),
        bytes: 100_000,
    });
    let run = rpccheck(&["chain", "--json", "--timeout", "1", "-r", &s.url()]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(run.json()["error"]["kind"], "timeout");
    assert_memory_bounded(&run, "drip");
    // Three tries of one second each, plus backoff.
    assert!(
        run.elapsed < Duration::from_secs(8),
        "took {:?}",
        run.elapsed
    );
}

#[test]
fn gzip_compressed_answers_are_read() {
    use std::io::Write;
    let a = anvil(&[]);
    let upstream = a.endpoint();
    let s = FaultServer::start(move |req| {
        let body = common::forward(&upstream, &req.body);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(body.as_bytes()).unwrap();
        Reply::Http(
            200,
            vec![
                ("Content-Type".into(), "application/json".into()),
                ("Content-Encoding".into(), "gzip".into()),
            ],
            gz.finish().unwrap(),
        )
    });
    let run = rpccheck(&["chain", "--json", "-r", &s.url()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["chain_id"], 31337);
}

#[test]
fn redirects_are_reported_unless_followed() {
    let a = anvil(&[]);
    let target = a.endpoint();
    let s = FaultServer::start(move |_| {
        Reply::Http(307, vec![("Location".into(), target.clone())], Vec::new())
    });
    let v = expect_error(&s.url(), "http_status", &[]);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not followed"),
        "{v}"
    );
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("--follow-redirects"),
        "{v}"
    );
    let run = rpccheck(&["chain", "--json", "--follow-redirects", "-r", &s.url()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["chain_id"], 31337);
}

#[test]
fn batches_answered_with_fewer_reordered_or_extra_items() {
    let a = anvil(&[]);
    let rewrite = |upstream: String, how: &'static str| {
        proxy(upstream.clone(), move |req| {
            if !req.body.trim_start().starts_with('[') {
                return None;
            }
            let answer: serde_json::Value =
                serde_json::from_str(&common::forward(&upstream, &req.body)).unwrap();
            let mut items = answer.as_array().unwrap().clone();
            match how {
                "fewer" => {
                    items.truncate(items.len() / 2);
                }
                "reordered" => items.reverse(),
                _ => items
                    .push(serde_json::json!({"jsonrpc": "2.0", "id": 999_999, "result": "0x1"})),
            }
            Some(Reply::json(serde_json::Value::Array(items).to_string()))
        })
    };
    for how in ["fewer", "reordered"] {
        let p = rewrite(a.endpoint(), how);
        let run = rpccheck(&["chain", "--json", "-v", "-r", &p.url()]);
        assert_eq!(run.code, 0, "{how}: {run:?}");
        assert_eq!(run.json()["chain_id"], 31337, "{how}");
        assert_eq!(run.json()["net_version"], "31337", "{how}");
        if how == "fewer" {
            assert!(
                run.stderr.contains("asking the rest one by one"),
                "{}",
                run.stderr
            );
        }
    }
    let p = rewrite(a.endpoint(), "more");
    let v = expect_error(&p.url(), "invalid_response", &[]);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("never sent"),
        "{v}"
    );
}

/// `openssl s_server` with a fresh self-signed certificate, killed on drop.
struct SelfSigned {
    child: std::process::Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for SelfSigned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn self_signed_server() -> Option<SelfSigned> {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !made.success() {
        return None;
    }
    let port = dead_port();
    let child = Command::new("openssl")
        .args(["s_server", "-quiet", "-www", "-accept", &port.to_string()])
        .arg("-cert")
        .arg(&cert)
        .arg("-key")
        .arg(&key)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let server = SelfSigned {
        child,
        port,
        _dir: dir,
    };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn self_signed_tls_is_refused_unless_insecure() {
    let Some(server) = self_signed_server() else {
        panic!("openssl is needed for this test (it is on the project's machines)");
    };
    let url = format!("https://127.0.0.1:{}", server.port);
    let v = expect_error(&url, "tls", &[]);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("TLS"),
        "{v}"
    );
    // With --insecure the handshake passes; openssl's status page is not JSON-RPC.
    let run = rpccheck(&[
        "chain",
        "--json",
        "--insecure",
        "--timeout",
        "3",
        "-r",
        &url,
    ]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_ne!(run.json()["error"]["kind"], "tls", "{}", run.stdout);
}

/// A server that accepts, reads the request's first bytes, and resets the
/// connection (SO_LINGER 0, so the close is an RST, not a FIN).
fn resetting_server() -> u16 {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut head = [0u8; 16];
            let _ = conn.read(&mut head);
            let linger = libc::linger {
                l_onoff: 1,
                l_linger: 0,
            };
            // SAFETY: a valid socket fd and a correctly sized `linger` value.
            unsafe {
                libc::setsockopt(
                    conn.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_LINGER,
                    (&raw const linger).cast(),
                    std::mem::size_of::<libc::linger>() as libc::socklen_t,
                );
            }
            drop(conn);
        }
    });
    port
}

#[test]
fn a_reset_connection_is_classified_the_same_whatever_the_url_says() {
    let port = resetting_server();
    let kind_at = |path: &str| {
        let url = format!("http://127.0.0.1:{port}/{path}");
        let run = rpccheck(&["chain", "--json", "--timeout", "2", "-r", &url]);
        assert_eq!(run.code, 3, "{path}: {run:?}");
        run.json()["error"]["kind"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let plain = kind_at("x");
    assert_eq!(plain, "invalid_response");
    for path in ["ssl", "tls", "certificate", "handshake", "v1/dns%20error"] {
        assert_eq!(kind_at(path), plain, "a reset at /{path}");
    }
}

/// Runs `network --origin https://app.example --timeout SECS` on one RPC URL.
fn network_with_origin(rpc: &str, secs: &str, extra: &[&str]) -> common::Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entry.json");
    let entry = serde_json::json!({
        "chainId": "0x7a69",
        "chainName": "Anvil",
        "nativeCurrency": {"name": "ETH", "symbol": "ETH", "decimals": 18},
        "rpcUrls": [rpc],
    });
    std::fs::write(&path, entry.to_string()).unwrap();
    let mut args = vec![
        "network",
        path.to_str().unwrap(),
        "--json",
        "--timeout",
        secs,
        "--origin",
        "https://app.example",
    ];
    args.extend_from_slice(extra);
    rpccheck(&args)
}

fn cors_message(run: &common::Run) -> String {
    let v = run.json();
    v["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["kind"] == "cors_denied"))
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_cors_check_honours_insecure() {
    let Some(server) = self_signed_server() else {
        panic!("openssl is needed for this test (it is on the project's machines)");
    };
    let url = format!("https://127.0.0.1:{}", server.port);
    let run = network_with_origin(&url, "3", &[]);
    let denied = cors_message(&run);
    assert!(denied.contains("TLS"), "{denied}\n{run:?}");
    // With --insecure the handshake passes. (openssl's `-www` server does not
    // answer OPTIONS or POST, so the preflight then times out: not a TLS failure.)
    let run = network_with_origin(&url, "1", &["--insecure"]);
    let denied = cors_message(&run);
    assert!(
        !denied.is_empty() && !denied.contains("TLS"),
        "{denied}\n{run:?}"
    );
}

#[test]
fn the_cors_check_logs_its_requests_under_verbose_with_the_url_redacted() {
    let key = "0123456789abcdef0123456789abcdef";
    let s = FaultServer::start(|req| {
        if req.method == "OPTIONS" {
            let headers = vec![
                ("Access-Control-Allow-Origin".to_owned(), "*".to_owned()),
                ("Access-Control-Allow-Headers".into(), "content-type".into()),
            ];
            return Reply::Http(204, headers, Vec::new());
        }
        Reply::Http(500, vec![], b"no node here".to_vec())
    });
    let url = format!("{}/v3/{key}", s.url());
    let run = network_with_origin(&url, "3", &["-v"]);
    assert!(run.stderr.contains("OPTIONS"), "{}", run.stderr);
    assert!(!run.stderr.contains(key), "{}", run.stderr);
    assert!(!run.stdout.contains(key), "{}", run.stdout);
}

/// A node that answers every request, each a little slowly, never timing one
/// out: the whole command still stops at rpccheck's limit for a command
/// (set low here), as `timeout`, exit 3, with the limit named.
#[test]
fn a_whole_command_stops_at_its_limit_though_no_request_times_out() {
    let node = anvil(&[]);
    let upstream = format!("http://127.0.0.1:{}", node.port());
    let slow = FaultServer::start(move |req| {
        Reply::After(
            Duration::from_millis(400),
            Box::new(Reply::json(common::forward(&upstream, &req.body))),
        )
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::rpccheck_in(
        &["chain", "--json", "--timeout", "5", "-r", &slow.url()],
        dir.path(),
        &[("RPCCHECK_COMMAND_LIMIT_SECS", "1")],
    );
    assert_eq!(run.code, 3, "{run:?}");
    let v = run.json();
    assert_eq!(v["error"]["kind"], "timeout", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("limit for a whole command")),
        "{v}"
    );
    assert!(run.elapsed < Duration::from_secs(4), "{:?}", run.elapsed);
    // The same command within the default limit (30 × --timeout) finishes.
    let run = common::rpccheck_in(
        &["chain", "--json", "--timeout", "5", "-r", &slow.url()],
        dir.path(),
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
}
