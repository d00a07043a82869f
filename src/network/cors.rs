//! The CORS judgement: whether a browser on an origin would be refused by an
//! endpoint, from what `crate::rpc::cors` observed (pure).

use crate::rpc::cors::CorsObservation;

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
