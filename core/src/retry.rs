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
#[non_exhaustive]
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
///
/// Non-exhaustive (a setting may be added): start from [`RetryPolicy::default()`] or
/// [`RetryPolicy::NONE`] and set its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
    /// This policy with `max_retries` retries after the first attempt.
    #[must_use]
    pub const fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// This policy with `base_delay` as the base of the exponential backoff.
    #[must_use]
    pub const fn base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// This policy with `max_delay` as the upper bound of one computed backoff.
    #[must_use]
    pub const fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// This policy with `max_retry_after` as the longest `Retry-After` waited for.
    #[must_use]
    pub const fn max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

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
        // `exp.mul_f64(jitter)`, whose panic (never reached: 0 <= jitter <= 1) would bring its
        // message formatting into the WebAssembly.
        let backoff = Duration::try_from_secs_f64(jitter * exp.as_secs_f64()).unwrap_or(exp);
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
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// What ended an attempt of a fetch-like transport before a whole answer came (the npm
/// package's `fetch`): its own timeout, or the caller's abort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupted {
    /// The attempt's timeout (`timeout_ms`) fired.
    Timeout,
    /// The caller aborted.
    Aborted,
}

/// An attempt that was answered: its status and `Retry-After` (as the answer's
/// [`ResponseMeta`](crate::ResponseMeta) read it), or - for an answer over `max_bytes`
/// (`setting` names the option) or a status outside 100-999 - the error, with
/// [`Outcome::Other`] (never retried).
pub fn answered_attempt(
    status: u16,
    retry_after: Option<Duration>,
    too_large: Option<(u64, &str)>,
) -> Result<Outcome, (Outcome, crate::Error)> {
    if let Some((max_bytes, setting)) = too_large {
        return Err((Outcome::Other, crate::Error::response_too_large(max_bytes, setting)));
    }
    if !(100..=999).contains(&status) {
        return Err((Outcome::Other, crate::Error::transport(crate::error::TransportErrorKind::Other, "the server answered with an invalid status")));
    }
    Ok(Outcome::Status { status, retry_after })
}

/// Where a fetch-like transport's attempt failed (see [`failed_attempt`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Before any answer: the request may or may not have reached the server.
    Send,
    /// The answer broke off after its status.
    Receive,
    /// A browser met a redirect, which is not followed (fetch's `redirect: "manual"` gives an
    /// opaque answer).
    Redirect,
}

/// An attempt of a fetch-like transport that failed before a whole answer came: its
/// [`Outcome`] and error. A failure before any answer ([`Stage::Send`]) is
/// [`Outcome::ConnectFailed`] for GET and HEAD (fetch cannot tell "connection refused" from
/// "reset after the request went out", nor from a CORS refusal, and only these methods are
/// safe to send twice) and [`Outcome::Other`] for every other method, so a POST is never sent
/// again once a byte may have reached the server. A body that breaks off, a redirect, a
/// timeout and an abort are [`Outcome::Other`]. `message` is the platform's, when it gave one.
pub fn failed_attempt(
    method: &Method,
    stage: Stage,
    interrupted: Option<Interrupted>,
    message: Option<String>,
    timeout_ms: u64,
) -> (Outcome, crate::Error) {
    use crate::error::TransportErrorKind;
    match (interrupted, stage) {
        (Some(Interrupted::Timeout), _) => {
            let mut message = String::from("no complete answer within ");
            message.push_str(&timeout_ms.to_string());
            message.push_str(" ms");
            (Outcome::Other, crate::Error::Timeout { message })
        }
        (Some(Interrupted::Aborted), _) => (Outcome::Other, crate::Error::Aborted),
        (None, Stage::Redirect) => (
            Outcome::Other,
            crate::Error::transport(
                TransportErrorKind::Other,
                "the server answered with a redirect, which evovoice does not follow (credentials must not reach another origin)",
            ),
        ),
        (None, Stage::Send) => {
            let outcome = if matches!(*method, Method::GET | Method::HEAD) { Outcome::ConnectFailed } else { Outcome::Other };
            // fetch does not say why it failed: before an answer it is "could not connect", and
            // the message says what that may be (a browser's CORS refusal looks the same).
            let mut text = message.unwrap_or_else(|| String::from("fetch failed"));
            text.push_str(
                " (no answer came: the server could not be reached, or a browser blocked the request, e.g. by CORS; \
                 fetch reports both alike, the browser's console tells them apart)",
            );
            (outcome, crate::Error::transport(TransportErrorKind::Connect, text))
        }
        (None, Stage::Receive) => {
            (Outcome::Other, crate::Error::transport(TransportErrorKind::BodyCutOff, message.unwrap_or_else(|| String::from("fetch failed"))))
        }
    }
}

/// The weekdays, Monday first (RFC 850 dates spell them out; the other forms use three letters).
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// An HTTP date (RFC 9110 5.6.7) with no white space around it, read as the `httpdate` crate
/// reads it (written out here: in the WebAssembly this costs 1.2 KB gzipped, the crate 3.8 KB
/// with its date formatting and panic messages): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT` (years 70-99 are 19xx, 00-69 20xx) or asctime
/// `Sun Nov  6 08:49:37 1994`; years 1970 to 9999; the weekday must be the date's.
pub(crate) fn parse_http_date(text: &str) -> Option<SystemTime> {
    // Up to 4 digits; `None` if any byte is not one.
    let num = |digits: &[u8]| -> Option<u64> {
        digits.iter().try_fold(0, |n, b| b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0')))
    };
    let month = |name: &[u8]| -> Option<u64> {
        let months: &[u8] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
        months.chunks(3).position(|m| m == name).map(|i| i as u64 + 1)
    };
    let weekday = |name: &[u8]| WEEKDAYS.iter().position(|d| &d.as_bytes()[..3] == name);
    let s = text.as_bytes();
    if !text.is_ascii() {
        return None;
    }
    // (weekday from 0 = Monday, day, month, year, `hh:mm:ss`)
    let (wday, day, mon, year, time) = match s.len() {
        29 if &s[3..5] == b", " && s[7] == b' ' && s[11] == b' ' && s[16] == b' ' && &s[25..] == b" GMT" => {
            (weekday(&s[..3])?, num(&s[5..7])?, month(&s[8..11])?, num(&s[12..16])?, &s[17..25])
        }
        24 if s[3] == b' ' && s[7] == b' ' && s[10] == b' ' && s[19] == b' ' => {
            let day = if s[8] == b' ' { num(&s[9..10])? } else { num(&s[8..10])? };
            (weekday(&s[..3])?, day, month(&s[4..7])?, num(&s[20..24])?, &s[11..19])
        }
        _ => {
            let wday = WEEKDAYS.iter().position(|d| s.starts_with(d.as_bytes()) && s[d.len()..].starts_with(b", "))?;
            let r = &s[WEEKDAYS[wday].len() + 2..];
            // (r[9], between the year and the time, is not looked at, as in `httpdate`.)
            if r.len() != 22 || r[2] != b'-' || r[6] != b'-' || &r[18..] != b" GMT" {
                return None;
            }
            let yy = num(&r[7..9])?;
            (wday, num(&r[..2])?, month(&r[3..6])?, if yy < 70 { 2000 + yy } else { 1900 + yy }, &r[10..18])
        }
    };
    if time[2] != b':' || time[5] != b':' {
        return None;
    }
    let (hour, min, sec) = (num(&time[..2])?, num(&time[3..5])?, num(&time[6..])?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let valid_day = month_days.get(mon as usize - 1).is_some_and(|&last| (1..=last).contains(&day));
    if hour > 23 || min > 59 || sec > 59 || !valid_day || !(1970..=9999).contains(&year) {
        return None;
    }
    let y = year - 1;
    let days = (year - 1970) * 365 + (y / 4 - y / 100 + y / 400 - 477) + month_days.iter().take(mon as usize - 1).sum::<u64>() + day - 1;
    // 1970-01-01 was a Thursday.
    if (days + 3) % 7 != wday as u64 {
        return None;
    }
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(days * 86_400 + hour * 3600 + min * 60 + sec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_attempts_map_to_outcomes_and_errors() {
        use crate::{Error, ErrorKind};
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let meta = crate::ResponseMeta::looked_up(503, |n| (n == "retry-after").then(|| "2".to_owned()), Some(now));
        assert_eq!(answered_attempt(503, meta.retry_after(), None), Ok(Outcome::Status { status: 503, retry_after: Some(Duration::from_secs(2)) }));
        let (o, e) = answered_attempt(200, None, Some((10, "maxResponseBytes"))).unwrap_err();
        assert_eq!((o, e.kind()), (Outcome::Other, ErrorKind::Transport));
        assert!(e.to_string().contains("10-byte limit (see maxResponseBytes)"), "{e}");
        assert_eq!(answered_attempt(1000, None, None).unwrap_err().0, Outcome::Other);
        for (method, before, outcome) in [(Method::GET, true, Outcome::ConnectFailed), (Method::HEAD, true, Outcome::ConnectFailed), (Method::GET, false, Outcome::Other), (Method::POST, true, Outcome::Other)] {
            let stage = if before { Stage::Send } else { Stage::Receive };
            let (o, e) = failed_attempt(&method, stage, None, Some("refused".into()), 0);
            assert_eq!(o, outcome, "{method} {before}");
            assert_eq!(e.transport_kind(), Some(if before { crate::error::TransportErrorKind::Connect } else { crate::error::TransportErrorKind::BodyCutOff }));
            // Before any answer, the message says that a browser's refusal (CORS) looks the same.
            let text = e.to_string();
            assert!(text.contains("refused") && text.contains("CORS") == before, "{text}");
        }
        let (o, e) = failed_attempt(&Method::GET, Stage::Send, Some(Interrupted::Timeout), None, 400);
        assert_eq!((o, e), (Outcome::Other, Error::Timeout { message: "no complete answer within 400 ms".into() }));
        assert_eq!(failed_attempt(&Method::GET, Stage::Send, Some(Interrupted::Aborted), None, 400), (Outcome::Other, Error::Aborted));
        assert!(failed_attempt(&Method::GET, Stage::Send, None, None, 0).1.to_string().contains("fetch failed (no answer came"));
        // A browser's opaque redirect: not retried (even a GET), not a connection failure.
        let (o, e) = failed_attempt(&Method::GET, Stage::Redirect, None, None, 0);
        assert_eq!((o, e.transport_kind(), e.is_connection()), (Outcome::Other, Some(crate::error::TransportErrorKind::Other), false));
        assert!(e.to_string().contains("redirect, which evovoice does not follow"), "{e}");
    }

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
        for (retry, jitter) in (0..12).flat_map(|r| [0.0, 1e-9, 0.123_456_789, 0.5, 0.999_999_999, 1.0].map(|j| (r, j))) {
            let exp = (P.base_delay * (1 << retry)).min(P.max_delay);
            assert_eq!(big.delay(&Method::GET, retry, Outcome::ConnectFailed, jitter), Some(exp.mul_f64(jitter)), "{retry} {jitter}");
        }
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
