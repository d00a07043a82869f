//! The JSON-RPC 2.0 envelope: reads a response body into alloy [`Response`]s,
//! checking each object's shape (`jsonrpc: "2.0"`, an id, exactly one of
//! `result` and `error`) before anything downstream trusts it.

use alloy::rpc::json_rpc::{ErrorPayload, Id, Response, ResponsePayload};
use serde_json::value::RawValue;

use crate::error::EndpointError;

/// What a body holds, before it is matched to what was sent.
#[derive(Debug)]
pub enum Answer {
    /// An array of response objects, each checked.
    Many(Vec<Response>),
    /// One object. For a batch this is a rejection whatever its shape, so the
    /// envelope check is kept as a result, beside the error object if one was there.
    One {
        /// The object as a checked response.
        response: Result<Response, EndpointError>,
        /// Its `error` member, when that is a well-formed JSON-RPC error object.
        error: Option<ErrorPayload>,
    },
}

/// Parses a body into an [`Answer`]. An `Err` means it is no JSON-RPC at all
/// (HTML, truncated, not JSON, an array with a malformed item).
pub fn parse_answer(body: &[u8]) -> Result<Answer, EndpointError> {
    let trimmed = body.trim_ascii_start();
    match trimmed.first() {
        None => return Err(invalid("empty body")),
        Some(b'<') => {
            return Err(invalid(format!(
                "an HTML page, not JSON-RPC ({})",
                body_excerpt(trimmed).unwrap_or_default()
            )));
        }
        _ => {}
    }
    let Ok(text) = std::str::from_utf8(trimmed) else {
        return Err(invalid("body is not valid UTF-8"));
    };
    // Responses are objects: an envelope must not be read from an array's
    // positional form, so every item is checked to be an object first.
    let is_object = |raw: &str| raw.trim_start().starts_with('{');
    if text.starts_with('[') {
        let items = serde_json::from_str::<Vec<&RawValue>>(text)
            .and_then(|items| {
                if let Some(bad) = items.iter().find(|i| !is_object(i.get())) {
                    return Err(serde::de::Error::custom(format!(
                        "batch item is not a response object: {}",
                        excerpt(bad.get())
                    )));
                }
                items
                    .iter()
                    .map(|i| serde_json::from_str::<Envelope<'_>>(i.get()))
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|e| json_error(&e, trimmed))?;
        let responses = items
            .into_iter()
            .map(Envelope::into_response)
            .collect::<Result<_, _>>()?;
        return Ok(Answer::Many(responses));
    }
    if !is_object(text) {
        let what = match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => "not a JSON-RPC response object",
            Err(_) => "not JSON",
        };
        return Err(invalid(format!(
            "{what}: {}",
            body_excerpt(trimmed).unwrap_or_default()
        )));
    }
    let one = serde_json::from_str::<Envelope<'_>>(text).map_err(|e| json_error(&e, trimmed))?;
    let error = one
        .error
        .and_then(|raw| serde_json::from_str::<ErrorPayload>(raw.get()).ok());
    Ok(Answer::One {
        response: one.into_response(),
        error,
    })
}

/// Parses a body into JSON-RPC responses: one for a single request, an array
/// for a batch (`expect_batch`). Anything else is an `invalid_response`.
pub fn parse_responses(body: &[u8], expect_batch: bool) -> Result<Vec<Response>, EndpointError> {
    match (parse_answer(body)?, expect_batch) {
        (Answer::Many(items), true) => Ok(items),
        (Answer::Many(_), false) => Err(invalid("a single request was answered with an array")),
        (Answer::One { response, .. }, false) => response.map(|r| vec![r]),
        (Answer::One { error, .. }, true) => {
            let why = error
                .map(|p| format!(" (error {}: {})", p.code, p.message))
                .unwrap_or_default();
            Err(invalid(format!(
                "a batch was answered with a single object{why}"
            )))
        }
    }
}

/// Whether `body` is a well-formed JSON-RPC answer (one response or an array).
pub fn is_json_rpc(body: &[u8]) -> bool {
    match parse_answer(body) {
        Ok(Answer::Many(_)) => true,
        Ok(Answer::One { response, .. }) => response.is_ok(),
        Err(_) => false,
    }
}

/// An `invalid_response` with `detail`.
pub(crate) fn invalid(detail: impl Into<String>) -> EndpointError {
    EndpointError::InvalidResponse {
        detail: detail.into(),
    }
}

fn json_error(e: &serde_json::Error, body: &[u8]) -> EndpointError {
    if e.is_eof() {
        invalid(format!("truncated JSON ({e})"))
    } else if e.is_syntax() {
        invalid(format!(
            "not JSON: {} ({e})",
            body_excerpt(body).unwrap_or_default()
        ))
    } else {
        invalid(format!("not a JSON-RPC response: {e}"))
    }
}

/// At most 40 characters of `s`, for messages.
fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// A short, printable excerpt of a body for error messages: at most 80
/// characters, whitespace collapsed, control characters dropped.
pub(crate) fn body_excerpt(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    (!text.is_empty()).then_some(text)
}

/// One response object, kept raw until its shape is checked.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(default, borrow)]
    jsonrpc: Option<&'a RawValue>,
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
    #[serde(default, borrow, deserialize_with = "present")]
    result: Option<&'a RawValue>,
    #[serde(default, borrow)]
    error: Option<&'a RawValue>,
}

/// Keeps `"result": null` as present (a null result is a valid answer).
fn present<'de, D>(d: D) -> Result<Option<&'de RawValue>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    <&'de RawValue as serde::Deserialize>::deserialize(d).map(Some)
}

impl Envelope<'_> {
    fn into_response(self) -> Result<Response, EndpointError> {
        match self.jsonrpc.map(RawValue::get) {
            Some("\"2.0\"") => {}
            Some(other) => {
                return Err(invalid(format!(
                    "jsonrpc version {}, expected \"2.0\"",
                    excerpt(other)
                )));
            }
            None => return Err(invalid("not JSON-RPC 2.0: no \"jsonrpc\" field")),
        }
        let id: Id = match self.id {
            Some(raw) => serde_json::from_str(raw.get())
                .map_err(|_| invalid(format!("invalid id {}", raw.get())))?,
            None => return Err(invalid("response has no id")),
        };
        let payload = match (self.result, self.error) {
            (Some(r), None) => ResponsePayload::Success(r.to_owned()),
            (None, Some(e)) => ResponsePayload::Failure(
                serde_json::from_str::<ErrorPayload>(e.get())
                    .map_err(|err| invalid(format!("malformed error object: {err}")))?,
            ),
            (Some(_), Some(_)) => return Err(invalid("response has both result and error")),
            (None, None) => return Err(invalid("response has neither result nor error")),
        };
        Ok(Response { id, payload })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_single_and_batch_envelopes() {
        let one = br#"{"jsonrpc":"2.0","id":1,"result":"0x7a69"}"#;
        let r = parse_responses(one, false).unwrap();
        assert_eq!(r[0].id, Id::Number(1));
        let null = br#"{"jsonrpc":"2.0","id":2,"result":null}"#;
        assert!(parse_responses(null, false).is_ok());
        let many = br#"[{"jsonrpc":"2.0","id":1,"result":"0x1"},{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"nope"}}]"#;
        let r = parse_responses(many, true).unwrap();
        assert_eq!(r.len(), 2);
        assert!(r[1].payload.is_error());
    }

    #[test]
    fn rejects_what_is_not_json_rpc() {
        let cases: &[(&[u8], &str)] = &[
            (b"<html><body>502</body></html>", "HTML"),
            (b"", "empty"),
            (br#"{"jsonrpc":"2.0","id":1,"res"#, "truncated"),
            (br#"{"jsonrpc":"1.0","id":1,"result":"0x1"}"#, "version"),
            (br#"{"id":1,"result":"0x1"}"#, "jsonrpc"),
            (br#"{"jsonrpc":"2.0","result":"0x1"}"#, "no id"),
            (br#"{"jsonrpc":"2.0","id":1}"#, "neither"),
            (b"\xff\xfe{}", "UTF-8"),
            (b"hello world", "not JSON"),
            (b"[1,2]", "not a response object"),
        ];
        for (body, want) in cases {
            let err = parse_responses(body, false).unwrap_err().to_string();
            assert!(err.contains(want), "{err} should mention {want}");
            assert!(!is_json_rpc(body));
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_responses(body.as_bytes(), true).is_err());
    }

    #[test]
    fn one_object_answering_a_batch_keeps_its_error_object_as_data() {
        let body = br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch requests are not supported"}}"#;
        let Answer::One { error, .. } = parse_answer(body).unwrap() else {
            panic!("one object");
        };
        let error = error.unwrap();
        assert_eq!(error.code, -32600);
        assert_eq!(error.message, "batch requests are not supported");
        assert!(parse_responses(body, true).is_err());
        // Malformed, but still one object: no error object to read.
        let Answer::One { error, response } = parse_answer(br#"{"id":1}"#).unwrap() else {
            panic!("one object");
        };
        assert!(error.is_none() && response.is_err());
    }

    #[test]
    fn single_and_batch_shapes_must_match_the_request() {
        let many = br#"[{"jsonrpc":"2.0","id":1,"result":"0x1"}]"#;
        assert!(parse_responses(many, false).is_err());
        assert!(is_json_rpc(many));
        let one = br#"{"jsonrpc":"2.0","id":1,"result":"0x1"}"#;
        assert!(parse_responses(one, true).is_err());
        assert!(is_json_rpc(one));
    }
}
