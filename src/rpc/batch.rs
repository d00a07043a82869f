//! Batches: splitting into chunks the endpoint accepts, stepping down to a
//! usual smaller limit when it says a batch is too large, falling back to
//! single requests when it rejects batches altogether (remembered for the rest of the run), and matching answers to the
//! ids that were sent. Whether a rejection is "too large" or "unsupported" is
//! decided from what the endpoint answered (its HTTP status, its error object,
//! its body), carried as a [`Rejection`], never from rpccheck's own messages.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;

use alloy::rpc::json_rpc::{Id, Response, SerializedRequest};
use futures::StreamExt;
use futures::future::BoxFuture;

use super::envelope::{Answer, body_excerpt, invalid, parse_answer};
use super::http::HttpReply;
use super::transport::GuardedHttp;
use crate::error::EndpointError;

/// Largest batch sent at once until the endpoint says less.
pub const DEFAULT_MAX_BATCH: usize = 1000;

/// How many batches of a split request are in flight at once.
const BATCH_CONCURRENCY: usize = 2;

/// How many single requests are in flight at once when a batch is split.
const FALLBACK_CONCURRENCY: usize = 8;

/// The batch limits endpoints commonly set, largest first: after a "too
/// large", the next size tried is the largest of these under the one refused.
const USUAL_LIMITS: [usize; 8] = [500, 100, 50, 20, 10, 5, 3, 2];

/// The batch size to try after one of `refused` was too large.
pub fn smaller_batch(refused: usize) -> usize {
    USUAL_LIMITS.into_iter().find(|n| *n < refused).unwrap_or(1)
}

/// How a batch is named in the `-v` log: its size and what is in it, e.g.
/// `batch of 4 [eth_getBalance ×2, eth_getCode, eth_call]` (first-seen order).
pub fn batch_label(reqs: &[SerializedRequest]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in reqs {
        match counts.iter_mut().find(|(m, _)| *m == r.method()) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.method(), 1)),
        }
    }
    let parts: Vec<String> = counts
        .into_iter()
        .map(|(m, n)| {
            if n == 1 {
                m.to_owned()
            } else {
                format!("{m} ×{n}")
            }
        })
        .collect();
    format!("batch of {} [{}]", reqs.len(), parts.join(", "))
}

/// EIP-1474's "limit exceeded".
const LIMIT_EXCEEDED: i64 = -32005;

/// How an endpoint refused a batch, as it said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// An HTTP error status, with a body that is not JSON-RPC.
    Status {
        /// The HTTP status.
        status: u16,
        /// A short excerpt of the body, if there was one.
        body: Option<String>,
    },
    /// One JSON-RPC object answered the whole batch.
    OneObject {
        /// The HTTP status it came with.
        status: u16,
        /// Its error object's code and message, if it had one.
        error: Option<(i64, String)>,
    },
}

/// What to do after a [`Rejection`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// The batch was too large: try a smaller size ([`smaller_batch`]).
    Smaller,
    /// Batches are not supported: send every request singly from now on.
    Singles,
}

impl Rejection {
    /// What to do with a rejected batch of `len` requests.
    pub fn next(&self, len: usize) -> Next {
        if len <= 2 {
            return Next::Singles;
        }
        if self.too_large() {
            return Next::Smaller;
        }
        match self {
            // One object for a batch: the endpoint does not speak batches.
            Self::OneObject { .. } => Next::Singles,
            Self::Status { body, .. } if mentions(body.as_deref(), &["batch"]) => Next::Singles,
            // A bare error status: a smaller batch may pass.
            Self::Status { .. } => Next::Smaller,
        }
    }

    /// Whether the endpoint said the batch was too large: HTTP 413, EIP-1474's
    /// "limit exceeded", or its own words about size or limits.
    fn too_large(&self) -> bool {
        let (status, text, code) = match self {
            Self::Status { status, body } => (*status, body.as_deref(), None),
            Self::OneObject { status, error } => (
                *status,
                error.as_ref().map(|(_, m)| m.as_str()),
                error.as_ref().map(|(c, _)| *c),
            ),
        };
        status == 413
            || code == Some(LIMIT_EXCEEDED)
            || mentions(
                text,
                &[
                    "too large",
                    "too many",
                    "too big",
                    "limit",
                    "exceed",
                    "size",
                    "413",
                ],
            )
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Status { status, body } => {
                write!(f, "HTTP {status}")?;
                if let Some(b) = body {
                    write!(f, ": {b}")?;
                }
                Ok(())
            }
            Self::OneObject { error, .. } => {
                write!(f, "answered with a single object")?;
                if let Some((code, message)) = error {
                    write!(f, " (error {code}: {message})")?;
                }
                Ok(())
            }
        }
    }
}

/// Whether the endpoint's own `text` contains any of `words` (case-insensitive).
fn mentions(text: Option<&str>, words: &[&str]) -> bool {
    text.is_some_and(|t| {
        let lower = t.to_ascii_lowercase();
        words.iter().any(|w| lower.contains(w))
    })
}

/// What came back for a batch.
#[derive(Debug)]
pub enum BatchAnswer {
    /// An array of responses (not yet matched to the ids sent).
    Answered(Vec<Response>),
    /// The endpoint refused the batch; single requests may still work.
    Rejected(Rejection),
}

/// Reads the answer to a batch. An `Err` is a failure after which single
/// requests would fail too (401, 429, redirects, malformed arrays, ...).
pub fn read_batch(reply: &HttpReply) -> Result<BatchAnswer, EndpointError> {
    if let Some(err) = reply.status_error() {
        return match err {
            EndpointError::HttpStatus { status, .. }
                if (400..500).contains(&status) || status == 500 =>
            {
                Ok(BatchAnswer::Rejected(Rejection::Status {
                    status,
                    body: body_excerpt(&reply.body),
                }))
            }
            other => Err(other),
        };
    }
    match parse_answer(&reply.body)? {
        Answer::Many(items) => Ok(BatchAnswer::Answered(items)),
        Answer::One { error, .. } => Ok(BatchAnswer::Rejected(Rejection::OneObject {
            status: reply.status,
            error: error.map(|p| (p.code, p.message.to_string())),
        })),
    }
}

/// Matches a batch's answers to the requests sent: every id must be one that
/// was sent; requests left unanswered are returned to be asked again singly.
pub fn match_ids(
    sent: &[SerializedRequest],
    answers: Vec<Response>,
) -> Result<(HashMap<Id, Response>, Vec<SerializedRequest>), EndpointError> {
    let ids: HashSet<&Id> = sent.iter().map(SerializedRequest::id).collect();
    let mut by_id = HashMap::with_capacity(answers.len());
    for r in answers {
        if !ids.contains(&r.id) {
            return Err(invalid(format!(
                "batch answer has an id that was never sent: {}",
                r.id
            )));
        }
        by_id.insert(r.id.clone(), r);
    }
    let missing = sent
        .iter()
        .filter(|q| !by_id.contains_key(q.id()))
        .cloned()
        .collect();
    Ok((by_id, missing))
}

/// How one batch sent as is fared (for the capability probe).
#[derive(Debug)]
pub enum BatchTry {
    /// Every request was answered with a result; the answers, in the order sent.
    Accepted(Vec<Response>),
    /// The endpoint refused the batch, or answered part of it or with errors:
    /// what it said.
    Refused(String),
}

/// Reads the answers to a batch sent as is: accepted only when every request
/// sent was answered with a result.
pub fn judge_batch_try(
    sent: &[SerializedRequest],
    answer: BatchAnswer,
) -> Result<BatchTry, EndpointError> {
    let answers = match answer {
        BatchAnswer::Answered(answers) => answers,
        BatchAnswer::Rejected(why) => return Ok(BatchTry::Refused(why.to_string())),
    };
    let (mut by_id, missing) = match_ids(sent, answers)?;
    if !missing.is_empty() {
        return Ok(BatchTry::Refused(format!(
            "answered {} of {} requests",
            sent.len() - missing.len(),
            sent.len()
        )));
    }
    let in_order: Vec<Response> = sent.iter().filter_map(|q| by_id.remove(q.id())).collect();
    if let Some(e) = in_order.iter().find_map(|r| r.payload.as_error()) {
        return Ok(BatchTry::Refused(format!(
            "answered with error {}: {}",
            e.code, e.message
        )));
    }
    Ok(BatchTry::Accepted(in_order))
}

impl GuardedHttp {
    /// Sends `reqs` as ONE batch, as is: no split, no halving, no falling back
    /// to single requests, nothing remembered. For the capability probe, which
    /// must see what the endpoint does with a batch of exactly this size.
    pub(super) async fn batch_as_is(
        &self,
        reqs: Vec<SerializedRequest>,
    ) -> Result<BatchTry, EndpointError> {
        let body =
            serde_json::to_vec(&reqs).map_err(|e| invalid(format!("cannot encode batch: {e}")))?;
        let reply = self
            .post(body, &format!("{} (probe)", batch_label(&reqs)), reqs.len())
            .await?;
        judge_batch_try(&reqs, read_batch(&reply)?)
    }

    /// Remembers the largest batch the endpoint accepts (`None`: none). The
    /// probe's answer replaces what earlier rejections suggested: it tried
    /// each size as is.
    pub(super) fn learn_batch_max(&self, max: Option<usize>) {
        match max {
            Some(n) => {
                self.inner.max_batch.store(n.max(1), Ordering::Relaxed);
                self.inner.accepted.fetch_max(n, Ordering::Relaxed);
                self.inner.batch_ok.store(true, Ordering::Relaxed);
            }
            None => self.inner.batch_ok.store(false, Ordering::Relaxed),
        }
    }

    /// Sends a batch, split into chunks the endpoint accepts. When the
    /// endpoint rejects a batch for its size, a smaller size is tried (and
    /// remembered); when it rejects batches altogether, requests go singly.
    /// Until a batch of the size tried has been answered, the first chunk goes
    /// alone, so that what it teaches sizes the rest before they are sent (no
    /// chunks refused side by side); after, chunks go a few at a time.
    pub(super) fn batch(
        &self,
        reqs: Vec<SerializedRequest>,
    ) -> BoxFuture<'_, Result<Vec<Response>, EndpointError>> {
        Box::pin(async move {
            if reqs.is_empty() {
                return Ok(Vec::new());
            }
            let max = self.inner.max_batch.load(Ordering::Relaxed);
            if !self.batches_supported() || reqs.len() == 1 || max <= 1 {
                return self.singles(&reqs).await;
            }
            if reqs.len() <= max {
                return self.batch_once(reqs).await;
            }
            let mut out = Vec::with_capacity(reqs.len());
            let mut rest = reqs;
            if self.inner.accepted.load(Ordering::Relaxed) < max {
                let tail = rest.split_off(max);
                out = self.batch_once(rest).await?;
                rest = tail;
            }
            let max = self.inner.max_batch.load(Ordering::Relaxed);
            if !self.batches_supported() || max <= 1 {
                out.extend(self.singles(&rest).await?);
                return Ok(out);
            }
            let chunks: Vec<Vec<SerializedRequest>> = rest.chunks(max).map(<[_]>::to_vec).collect();
            let parts: Vec<Result<Vec<Response>, EndpointError>> =
                futures::stream::iter(chunks.into_iter().map(|c| self.batch(c)))
                    .buffered(BATCH_CONCURRENCY)
                    .collect()
                    .await;
            for p in parts {
                out.extend(p?);
            }
            Ok(out)
        })
    }

    async fn batch_once(
        &self,
        reqs: Vec<SerializedRequest>,
    ) -> Result<Vec<Response>, EndpointError> {
        let body =
            serde_json::to_vec(&reqs).map_err(|e| invalid(format!("cannot encode batch: {e}")))?;
        let reply = self.post(body, &batch_label(&reqs), reqs.len()).await?;
        let answers = match read_batch(&reply)? {
            BatchAnswer::Answered(answers) => answers,
            BatchAnswer::Rejected(why) => match why.next(reqs.len()) {
                Next::Singles => {
                    self.log(&format!(
                        "batch rejected ({why}); sending requests one by one"
                    ));
                    self.inner.batch_ok.store(false, Ordering::Relaxed);
                    return self.singles(&reqs).await;
                }
                Next::Smaller => {
                    let smaller = smaller_batch(reqs.len());
                    self.log(&format!(
                        "batch of {} rejected ({why}); trying batches of {smaller}",
                        reqs.len()
                    ));
                    self.inner.max_batch.fetch_min(smaller, Ordering::Relaxed);
                    return self.batch(reqs).await;
                }
            },
        };
        self.inner.accepted.fetch_max(reqs.len(), Ordering::Relaxed);
        let (mut by_id, missing) = match_ids(&reqs, answers)?;
        if !missing.is_empty() {
            self.log(&format!(
                "batch answered {} of {} requests; asking the rest one by one",
                reqs.len() - missing.len(),
                reqs.len()
            ));
            for r in self.singles(&missing).await? {
                by_id.insert(r.id.clone(), r);
            }
        }
        Ok(reqs.iter().filter_map(|q| by_id.remove(q.id())).collect())
    }

    /// Sends `reqs` one by one (a few at a time), in order.
    pub(super) async fn singles(
        &self,
        reqs: &[SerializedRequest],
    ) -> Result<Vec<Response>, EndpointError> {
        futures::stream::iter(reqs.iter().cloned().map(|r| self.single(r)))
            .buffered(FALLBACK_CONCURRENCY)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::rpc::json_rpc::Request;

    fn reply(status: u16, body: &str) -> HttpReply {
        HttpReply {
            status,
            headers: reqwest::header::HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn rejection(status: u16, body: &str) -> Rejection {
        match read_batch(&reply(status, body)) {
            Ok(BatchAnswer::Rejected(r)) => r,
            other => panic!("{status} {body}: {other:?}"),
        }
    }

    #[test]
    fn too_large_steps_down_and_unsupported_goes_single() {
        // The node's own words and codes decide.
        let one = |code: i64, msg: &str| {
            format!(r#"{{"jsonrpc":"2.0","id":null,"error":{{"code":{code},"message":"{msg}"}}}}"#)
        };
        let cases = [
            (rejection(413, "request entity too large"), Next::Smaller),
            (rejection(413, ""), Next::Smaller),
            (rejection(400, "batch size limit exceeded"), Next::Smaller),
            (
                rejection(400, "batch requests are not supported"),
                Next::Singles,
            ),
            (rejection(400, "bad request"), Next::Smaller),
            (rejection(500, "internal error"), Next::Smaller),
            (
                rejection(200, &one(-32600, "batch requests are not supported")),
                Next::Singles,
            ),
            (
                rejection(200, &one(-32600, "batch too large")),
                Next::Smaller,
            ),
            (rejection(200, &one(-32005, "nope")), Next::Smaller),
            (
                rejection(200, &one(-32600, "invalid request")),
                Next::Singles,
            ),
            (
                rejection(200, r#"{"jsonrpc":"2.0","id":1,"result":"0x1"}"#),
                Next::Singles,
            ),
            // A JSON-RPC error object sent with 413.
            (
                rejection(413, &one(-32600, "invalid request")),
                Next::Smaller,
            ),
        ];
        for (r, want) in cases {
            assert_eq!(r.next(10), want, "{r}");
        }
        assert_eq!(
            rejection(413, "").next(2),
            Next::Singles,
            "nothing smaller to try"
        );
    }

    #[test]
    fn a_batch_is_named_by_what_is_in_it() {
        let reqs: Vec<SerializedRequest> = ["eth_getBalance", "eth_getCode", "eth_getBalance"]
            .iter()
            .enumerate()
            .map(|(i, m)| {
                Request::new(*m, Id::Number(i as u64), ())
                    .serialize()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            batch_label(&reqs),
            "batch of 3 [eth_getBalance ×2, eth_getCode]"
        );
    }

    #[test]
    fn a_refused_size_steps_down_to_the_usual_limits() {
        let steps: Vec<usize> =
            std::iter::successors(Some(1000), |n| (*n > 1).then(|| smaller_batch(*n))).collect();
        assert_eq!(steps, [1000, 500, 100, 50, 20, 10, 5, 3, 2, 1]);
        assert_eq!(smaller_batch(29), 20);
        assert_eq!(smaller_batch(11), 10);
        assert_eq!(smaller_batch(3), 2);
    }

    #[test]
    fn failures_that_singles_would_share_are_not_rejections() {
        for status in [401, 403, 429, 301] {
            assert!(read_batch(&reply(status, "")).is_err(), "{status}");
        }
        assert!(read_batch(&reply(200, "[1]")).is_err());
        assert!(read_batch(&reply(200, "<html>")).is_err());
    }

    fn req(id: u64) -> SerializedRequest {
        Request::new("eth_chainId", Id::Number(id), ())
            .serialize()
            .unwrap()
    }

    fn answer(id: u64) -> Response {
        let body = format!(r#"[{{"jsonrpc":"2.0","id":{id},"result":"0x1"}}]"#);
        match read_batch(&reply(200, &body)) {
            Ok(BatchAnswer::Answered(mut v)) => v.remove(0),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ids_are_matched_missing_ones_returned_and_strangers_refused() {
        let sent = [req(1), req(2), req(3)];
        let (by_id, missing) = match_ids(&sent, vec![answer(3), answer(1)]).unwrap();
        assert_eq!(by_id.len(), 2);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].id(), &Id::Number(2));
        let err = match_ids(&sent, vec![answer(9)]).unwrap_err();
        assert!(err.to_string().contains("never sent"), "{err}");
    }

    #[test]
    fn a_batch_sent_as_is_is_accepted_only_when_every_request_has_a_result() {
        let sent = [req(1), req(2)];
        let answered = |body: &str| read_batch(&reply(200, body)).unwrap();
        let all =
            r#"[{"jsonrpc":"2.0","id":2,"result":"0x1"},{"jsonrpc":"2.0","id":1,"result":"0x1"}]"#;
        match judge_batch_try(&sent, answered(all)).unwrap() {
            BatchTry::Accepted(v) => assert_eq!(v[0].id, Id::Number(1)),
            other => panic!("{other:?}"),
        }
        let part = r#"[{"jsonrpc":"2.0","id":1,"result":"0x1"}]"#;
        let errs = r#"[{"jsonrpc":"2.0","id":1,"result":"0x1"},{"jsonrpc":"2.0","id":2,"error":{"code":-32005,"message":"batch limit"}}]"#;
        let one =
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}"#;
        for body in [part, errs, one] {
            assert!(
                matches!(
                    judge_batch_try(&sent, answered(body)).unwrap(),
                    BatchTry::Refused(_)
                ),
                "{body}"
            );
        }
        let http = read_batch(&reply(400, "batch requests are not supported")).unwrap();
        assert!(matches!(
            judge_batch_try(&sent, http).unwrap(),
            BatchTry::Refused(_)
        ));
    }
}
