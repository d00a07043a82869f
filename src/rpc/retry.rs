//! Bounded retries of one POST where trying again can help: 429 (honouring
//! `Retry-After` up to [`MAX_RETRY_AFTER`]), 502/503/504 and timeouts. Every
//! method rpccheck sends is a read, so every request is idempotent.

use std::future::Future;
use std::time::{Duration, Instant};

use super::http::HttpReply;
use crate::error::EndpointError;

/// Tries per request for transient failures (429, 502/503/504, timeouts).
pub const MAX_TRIES: u32 = 3;

/// First backoff between tries; doubled each time.
const RETRY_BACKOFF: Duration = Duration::from_millis(250);

/// Longest `Retry-After` honoured; a longer one ends the tries.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// How long to wait before try `tries + 1` after `err`, or `None` to stop.
pub fn backoff(err: &EndpointError, tries: u32) -> Option<Duration> {
    if !err.is_transient() || tries >= MAX_TRIES {
        return None;
    }
    match err {
        EndpointError::RateLimited {
            retry_after: Some(s),
        } => Some(Duration::from_secs(*s)).filter(|d| *d <= MAX_RETRY_AFTER),
        _ => Some(RETRY_BACKOFF * 2u32.pow(tries.saturating_sub(1))),
    }
}

/// Sends with `send` until an answer that needs no retry, logging each try
/// (`what`, to `to`) through `log`. A complete HTTP answer is returned whatever its status (the
/// caller reads it); after more than one try, the last failure is an
/// [`EndpointError::Retried`].
pub async fn with_retries<F, Fut>(
    what: &str,
    to: &str,
    log: impl Fn(&str),
    mut send: F,
) -> Result<HttpReply, EndpointError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<HttpReply, EndpointError>>,
{
    let mut tries = 0u32;
    loop {
        tries += 1;
        let started = Instant::now();
        log(&format!("→ {what} {to}"));
        let result = send().await;
        let ms = started.elapsed().as_millis();
        let (err, reply) = match result {
            Ok(reply) => match reply.status_error() {
                None => {
                    log(&format!("← {what}: {} bytes in {ms} ms", reply.body.len()));
                    return Ok(reply);
                }
                Some(err) => (err, Some(reply)),
            },
            Err(err) => (err, None),
        };
        log(&format!("← {what}: {} after {ms} ms", err.kind()));
        let Some(wait) = backoff(&err, tries) else {
            return match reply {
                _ if tries > 1 => Err(EndpointError::Retried {
                    tries,
                    last: Box::new(err),
                }),
                Some(reply) => Ok(reply),
                None => Err(err),
            };
        };
        log(&format!(
            "retrying {what} in {} ms (try {} of {MAX_TRIES})",
            wait.as_millis(),
            tries + 1
        ));
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(s: Option<u64>) -> EndpointError {
        EndpointError::RateLimited { retry_after: s }
    }

    #[test]
    fn transient_failures_back_off_then_stop() {
        let gateway = EndpointError::HttpStatus {
            status: 503,
            detail: String::new(),
        };
        assert_eq!(backoff(&gateway, 1), Some(Duration::from_millis(250)));
        assert_eq!(backoff(&gateway, 2), Some(Duration::from_millis(500)));
        assert_eq!(backoff(&gateway, MAX_TRIES), None);
        assert_eq!(backoff(&limited(Some(3)), 1), Some(Duration::from_secs(3)));
        assert_eq!(backoff(&limited(Some(60)), 1), None, "too long to wait");
        assert_eq!(backoff(&limited(None), 1), Some(Duration::from_millis(250)));
        let not_found = EndpointError::HttpStatus {
            status: 404,
            detail: String::new(),
        };
        assert_eq!(backoff(&not_found, 1), None);
    }

    fn reply(status: u16) -> HttpReply {
        HttpReply {
            status,
            headers: reqwest::header::HeaderMap::new(),
            body: Vec::new(),
        }
    }

    #[tokio::test]
    async fn an_error_status_is_returned_as_an_answer_unless_retried() {
        let mut sent = 0;
        let r = with_retries(
            "x",
            "h",
            |_| {},
            || {
                sent += 1;
                async { Ok(reply(404)) }
            },
        )
        .await;
        assert_eq!(r.map(|r| r.status).ok(), Some(404));
        assert_eq!(sent, 1);
        let mut sent = 0;
        let r = with_retries(
            "x",
            "h",
            |_| {},
            || {
                sent += 1;
                let status = if sent == 1 { 503 } else { 200 };
                async move { Ok(reply(status)) }
            },
        )
        .await;
        assert_eq!(r.map(|r| r.status).ok(), Some(200));
        assert_eq!(sent, 2);
    }

    #[tokio::test]
    async fn the_last_failure_says_how_often_it_was_tried() {
        let r = with_retries("x", "h", |_| {}, || async { Ok(reply(502)) }).await;
        match r {
            Err(EndpointError::Retried { tries, last }) => {
                assert_eq!(tries, MAX_TRIES);
                assert_eq!(last.status(), Some(502));
            }
            other => panic!("{other:?}"),
        }
    }
}
