//! The browser's view of an endpoint: a CORS preflight and a real request with
//! an `Origin`, to find the "connection refused" that only a dApp in a browser
//! sees. Sends only `OPTIONS` and an `eth_chainId` POST.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::endpoint::Endpoint;

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

/// Sends the preflight and the real request.
pub async fn observe_cors(ep: &Endpoint, origin: &str, timeout: Duration) -> CorsObservation {
    let mut obs = CorsObservation {
        rpc: ep.shown().to_owned(),
        origin: origin.to_owned(),
        ..Default::default()
    };
    let client = match reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            obs.error = Some(e.without_url().to_string());
            return obs;
        }
    };
    let preflight = client
        .request(reqwest::Method::OPTIONS, ep.url().clone())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await;
    match preflight {
        Ok(r) => {
            obs.preflight_status = Some(r.status().as_u16());
            obs.preflight_allow_origin = header(&r, "access-control-allow-origin");
            obs.preflight_allow_headers = header(&r, "access-control-allow-headers");
        }
        Err(e) => obs.error = Some(format!("preflight failed: {}", e.without_url())),
    }
    let actual = client
        .post(ep.url().clone())
        .header("Origin", origin)
        .header("Content-Type", "application/json")
        .body(r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#)
        .send()
        .await;
    match actual {
        Ok(r) => {
            obs.response_status = Some(r.status().as_u16());
            obs.response_allow_origin = header(&r, "access-control-allow-origin");
        }
        Err(e) => {
            obs.error
                .get_or_insert_with(|| format!("request failed: {}", e.without_url()));
        }
    }
    obs
}

/// Why a browser on `origin` would be refused, or `None` when it would not (pure).
pub fn cors_denial(o: &CorsObservation) -> Option<String> {
    if let Some(e) = &o.error {
        return Some(e.clone());
    }
    let origin_ok = |v: &Option<String>| {
        v.as_deref()
            .is_some_and(|a| a.trim() == "*" || a.trim() == o.origin)
    };
    match o.preflight_status {
        Some(s) if (200..300).contains(&s) => {}
        Some(s) => {
            return Some(format!(
                "the preflight (OPTIONS) was answered with HTTP {s}"
            ));
        }
        None => return Some("the preflight got no answer".into()),
    }
    if !origin_ok(&o.preflight_allow_origin) {
        return Some(match &o.preflight_allow_origin {
            None => "the preflight has no Access-Control-Allow-Origin".into(),
            Some(v) => format!("the preflight allows origin {v:?}, not {}", o.origin),
        });
    }
    let headers_ok = o.preflight_allow_headers.as_deref().is_some_and(|h| {
        h.split(',')
            .map(|x| x.trim().to_ascii_lowercase())
            .any(|x| x == "*" || x == "content-type")
    });
    if !headers_ok {
        return Some(
            "the preflight does not allow the Content-Type header that JSON-RPC requests carry"
                .into(),
        );
    }
    if !origin_ok(&o.response_allow_origin) {
        return Some(match &o.response_allow_origin {
            None => "the response has no Access-Control-Allow-Origin".into(),
            Some(v) => format!("the response allows origin {v:?}, not {}", o.origin),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> CorsObservation {
        CorsObservation {
            rpc: "https://rpc.example.org".into(),
            origin: "https://app.example".into(),
            preflight_status: Some(204),
            preflight_allow_origin: Some("*".into()),
            preflight_allow_headers: Some("Content-Type, Authorization".into()),
            response_status: Some(200),
            response_allow_origin: Some("https://app.example".into()),
            error: None,
        }
    }

    #[test]
    fn judges_preflight_and_response() {
        assert_eq!(cors_denial(&allowed()), None);
        let mut o = allowed();
        o.preflight_status = Some(405);
        assert!(cors_denial(&o).unwrap().contains("405"));
        let mut o = allowed();
        o.preflight_allow_origin = Some("https://other.example".into());
        assert!(cors_denial(&o).unwrap().contains("other.example"));
        let mut o = allowed();
        o.preflight_allow_headers = None;
        assert!(cors_denial(&o).unwrap().contains("Content-Type"));
        let mut o = allowed();
        o.response_allow_origin = None;
        assert!(cors_denial(&o).unwrap().contains("response"));
    }
}
