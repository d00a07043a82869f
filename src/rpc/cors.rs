//! The browser's view of an endpoint: a CORS preflight and a real request with
//! an `Origin`, to find the "connection refused" that only a dApp in a browser
//! sees. Sends only `OPTIONS` and an `eth_chainId` POST, through the same client
//! builder as the transport (so `--insecure`, `--follow-redirects` and
//! `--timeout` apply) and logged under `-v` like it. The judgement of what was
//! observed is `crate::network::cors`.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::classify::classify_reqwest;
use super::endpoint::Endpoint;
use super::http::{self, TransportConfig};

/// What the endpoint answered to a browser on `origin`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsObservation {
    pub rpc: String,
    pub origin: String,
    pub preflight_status: Option<u16>,
    pub preflight_allow_origin: Option<String>,
    pub preflight_allow_headers: Option<String>,
    pub response_status: Option<u16>,
    pub response_allow_origin: Option<String>,
    /// A transport failure of either request.
    pub error: Option<String>,
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Sends the preflight and the real request with `config`'s settings.
pub async fn observe_cors(ep: &Endpoint, origin: &str, config: TransportConfig) -> CorsObservation {
    let config = &config;
    let mut obs = CorsObservation {
        rpc: ep.shown().to_owned(),
        origin: origin.to_owned(),
        ..Default::default()
    };
    let client = match http::client(config, ep) {
        Ok(c) => c,
        Err(e) => {
            obs.error = Some(e.to_string());
            return obs;
        }
    };
    let secs = config.timeout.as_secs_f64();
    let log = |line: &str| http::log(config, ep, line);
    // A classified failure names the address, never the URL; scrubbed all the same.
    let failed = |what: &str, e: &reqwest::Error| {
        let why = classify_reqwest(e, ep, secs).to_string();
        format!(
            "{what} failed: {}",
            crate::redact::scrub(&why, ep.secrets())
        )
    };

    log(&format!(
        "→ CORS preflight (OPTIONS, Origin {origin}) {}",
        ep.shown()
    ));
    let started = Instant::now();
    let preflight = client
        .request(reqwest::Method::OPTIONS, ep.url().clone())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await;
    let ms = started.elapsed().as_millis();
    match preflight {
        Ok(r) => {
            log(&format!(
                "← CORS preflight: HTTP {} in {ms} ms",
                r.status().as_u16()
            ));
            obs.preflight_status = Some(r.status().as_u16());
            obs.preflight_allow_origin = header(&r, "access-control-allow-origin");
            obs.preflight_allow_headers = header(&r, "access-control-allow-headers");
        }
        Err(e) => {
            let why = failed("preflight", &e);
            log(&format!("← CORS preflight: {why} after {ms} ms"));
            obs.error = Some(why);
        }
    }

    log(&format!(
        "→ CORS request (eth_chainId, Origin {origin}) {}",
        ep.shown()
    ));
    let started = Instant::now();
    let actual = client
        .post(ep.url().clone())
        .header("Origin", origin)
        .header("Content-Type", "application/json")
        .body(r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#)
        .send()
        .await;
    let ms = started.elapsed().as_millis();
    match actual {
        Ok(r) => {
            log(&format!(
                "← CORS request: HTTP {} in {ms} ms",
                r.status().as_u16()
            ));
            obs.response_status = Some(r.status().as_u16());
            obs.response_allow_origin = header(&r, "access-control-allow-origin");
        }
        Err(e) => {
            let why = failed("request", &e);
            log(&format!("← CORS request: {why} after {ms} ms"));
            obs.error.get_or_insert(why);
        }
    }
    obs
}
