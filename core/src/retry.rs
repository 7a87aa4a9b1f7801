//! When to try a request again: a pure policy shared by every transport.
//!
//! Only failures that are safe and likely to pass are retried:
//! - any operation, when the connection could not be established (no byte reached the server);
//! - GET (and HEAD) operations on 429, 502, 503 and 504.
//!
//! POST operations (NewSession, AddConferenceMember, InviteChatMember place calls and send
//! messages) are never retried once a byte may have reached the server. Delays grow
//! exponentially with full jitter and honour `Retry-After` (seconds or an HTTP date).

use std::time::{Duration, SystemTime};

use http::Method;

/// What happened to one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The connection could not be established: nothing was sent.
    ConnectFailed,
    /// The server answered with this status; `retry_after` is its `Retry-After`, parsed.
    Status {
        /// The HTTP status.
        status: u16,
        /// The server's `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// Anything else (timeout, connection dropped mid-request, ...): not retried.
    Other,
}

/// How many times, and how patiently, to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2; 0 disables retries).
    pub max_retries: u32,
    /// Base of the exponential backoff (default 250 ms): retry n waits up to `base * 2^n`.
    pub base_delay: Duration,
    /// Upper bound of one computed backoff (default 8 s).
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the error is returned instead
    /// (default 30 s).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        base_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
        max_retry_after: Duration::ZERO,
    };

    /// The delay before retry number `retry` (0 for the first retry) after `outcome` of a
    /// `method` request, or `None` when it must not be retried. `jitter` is a random number in
    /// `[0, 1)` supplied by the caller (the core does no I/O and holds no random source).
    pub fn delay(&self, method: &Method, retry: u32, outcome: Outcome, jitter: f64) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        let idempotent = matches!(*method, Method::GET | Method::HEAD);
        let retry_after = match outcome {
            Outcome::ConnectFailed => None,
            Outcome::Status { status: 429 | 502 | 503 | 504, retry_after } if idempotent => retry_after,
            _ => return None,
        };
        let exp = self.base_delay.saturating_mul(1u32.checked_shl(retry).unwrap_or(u32::MAX)).min(self.max_delay);
        // NaN (from a careless caller) counts as 0: no panic in `mul_f64`.
        let jitter = if jitter.is_nan() { 0.0 } else { jitter.clamp(0.0, 1.0) };
        let backoff = exp.mul_f64(jitter);
        match retry_after {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// Parses a `Retry-After` value: delta-seconds or an HTTP date (relative to `now`).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy {
        max_retries: 2,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(1),
        max_retry_after: Duration::from_secs(5),
    };

    fn status(status: u16, retry_after: Option<u64>) -> Outcome {
        Outcome::Status { status, retry_after: retry_after.map(Duration::from_secs) }
    }

    #[test]
    fn gets_retry_on_transient_statuses() {
        for s in [429, 502, 503, 504] {
            assert!(P.delay(&Method::GET, 0, status(s, None), 0.5).is_some(), "{s}");
        }
        for s in [400, 401, 403, 404, 500, 501] {
            assert!(P.delay(&Method::GET, 0, status(s, None), 0.5).is_none(), "{s}");
        }
        assert!(P.delay(&Method::GET, 0, Outcome::Other, 0.5).is_none());
    }

    #[test]
    fn posts_retry_only_when_nothing_was_sent() {
        assert!(P.delay(&Method::POST, 0, Outcome::ConnectFailed, 0.5).is_some());
        for s in [429, 502, 503, 504] {
            assert!(P.delay(&Method::POST, 0, status(s, None), 0.5).is_none());
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_stops() {
        assert_eq!(P.delay(&Method::GET, 0, Outcome::ConnectFailed, 0.999_999), Some(Duration::from_nanos(99_999_900)));
        assert_eq!(P.delay(&Method::GET, 1, Outcome::ConnectFailed, 0.5), Some(Duration::from_millis(100)));
        assert_eq!(P.delay(&Method::GET, 1, Outcome::ConnectFailed, 0.0), Some(Duration::ZERO));
        assert_eq!(P.delay(&Method::GET, 2, Outcome::ConnectFailed, 0.5), None);
        assert_eq!(RetryPolicy::NONE.delay(&Method::GET, 0, Outcome::ConnectFailed, 0.5), None);
        let big = RetryPolicy { max_retries: 100, ..P };
        assert_eq!(big.delay(&Method::GET, 60, Outcome::ConnectFailed, 1.0), Some(Duration::from_secs(1)));
    }

    #[test]
    fn retry_after_is_honoured_within_bounds() {
        assert_eq!(P.delay(&Method::GET, 0, status(503, Some(2)), 0.1), Some(Duration::from_secs(2)));
        assert_eq!(P.delay(&Method::GET, 0, status(429, Some(60)), 0.1), None);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(3));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
