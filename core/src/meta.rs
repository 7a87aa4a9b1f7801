//! What an answer carried besides its body: its status and headers, the request id the server
//! gave it, and its `Retry-After`. Results carry it ([`Response`]) and so do API errors
//! ([`crate::Error::meta`]).

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::retry::parse_retry_after;

/// The response headers that carry a request id, in the order they are looked up.
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id", "x-ms-request-id"];

/// Response headers whose values are credentials (session cookies): `Debug` shows their names
/// only. The values stay readable through [`ResponseMeta::headers`].
pub const SENSITIVE_HEADERS: &[&str] = &["set-cookie", "cookie", "authorization", "proxy-authorization", "x-ss-id", "x-ss-pid", "x-ss-opt"];

/// The status and headers of an answer, with its request id and `Retry-After` read.
///
/// Header names are kept lower case, values as sent (bytes that are not UTF-8 read as U+FFFD).
/// `Debug` shows the values of cookie and authentication headers as `***`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ResponseMeta {
    status: u16,
    headers: Vec<(String, String)>,
    retry_after: Option<Duration>,
    request_id: Option<String>,
}

impl ResponseMeta {
    /// The metadata of an answer with `status` and `headers`; an HTTP-date `Retry-After` is read
    /// relative to `now`.
    pub fn new<N: AsRef<str>, V: AsRef<str>>(status: u16, headers: impl IntoIterator<Item = (N, V)>, now: SystemTime) -> Self {
        Self::received(status, headers, Some(now))
    }

    /// The metadata of an answer as a transport or a sans-IO caller has it: an HTTP-date
    /// `Retry-After` is read against `received_at` (when the answer came) when that is known,
    /// else against the answer's own `Date` header, else not at all.
    pub fn received<N: AsRef<str>, V: AsRef<str>>(status: u16, headers: impl IntoIterator<Item = (N, V)>, received_at: Option<SystemTime>) -> Self {
        let headers: Vec<(String, String)> = headers.into_iter().map(|(n, v)| (n.as_ref().to_ascii_lowercase(), v.as_ref().to_owned())).collect();
        let read = Self::looked_up(status, |name| find(&headers, name).map(str::to_owned), received_at);
        Self { headers, ..read }
    }

    /// The metadata read through `get` (a header's value by its lower-case name), without copying
    /// the headers: only the request id and `Retry-After` are kept ([`ResponseMeta::headers`] is
    /// empty). For a transport that keeps the headers itself (the npm package's fetch `Headers`).
    /// `Retry-After` is read as [`ResponseMeta::received`] reads it.
    pub fn looked_up(status: u16, get: impl Fn(&str) -> Option<String>, received_at: Option<SystemTime>) -> Self {
        let request_id = REQUEST_ID_HEADERS.iter().find_map(|name| get(name).filter(|v| !v.is_empty()));
        let retry_after = get("retry-after").and_then(|v| {
            let now = received_at.or_else(|| crate::retry::parse_http_date(get("date")?.trim()));
            match now {
                Some(now) => parse_retry_after(&v, now),
                None => v.trim().parse().ok().map(Duration::from_secs),
            }
        });
        Self { status, headers: Vec::new(), retry_after, request_id }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header: (lower-case name, value), in the order received (a repeated header appears
    /// once per value).
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        find(&self.headers, &name.to_ascii_lowercase())
    }

    /// The request id the server gave the answer: the first present of `x-request-id` and the other request-id headers servers send.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The server's `Retry-After`, as a wait (delta-seconds, or an HTTP date less the time the
    /// answer came; a date in the past is zero).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

fn find<'a>(headers: &'a [(String, String)], lower_name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == lower_name).map(|(_, v)| v.as_str())
}

impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), if SENSITIVE_HEADERS.contains(&n.as_str()) { crate::REDACTED } else { v.as_str() }))
            .collect();
        f.debug_struct("ResponseMeta")
            .field("status", &self.status)
            .field("headers", &headers)
            .field("retry_after", &self.retry_after)
            .field("request_id", &self.request_id)
            .finish()
    }
}

/// A successful answer: the typed value and the answer's [`ResponseMeta`] (what
/// [`Client::send_with_response`](crate::Client::send_with_response) returns).
#[derive(Clone, Debug, PartialEq)]
pub struct Response<T> {
    meta: ResponseMeta,
    value: T,
}

impl<T> Response<T> {
    /// A value with the metadata of its answer.
    pub fn new(meta: ResponseMeta, value: T) -> Self {
        Self { meta, value }
    }
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.meta.status()
    }
    /// Every header: (lower-case name, value).
    pub fn headers(&self) -> &[(String, String)] {
        self.meta.headers()
    }
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.meta.header(name)
    }
    /// The request id the server gave the answer, if it sent one (see [`ResponseMeta::request_id`]).
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
    /// The status and headers.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }
    /// The typed value.
    pub fn value(&self) -> &T {
        &self.value
    }
    /// The typed value, without the metadata.
    pub fn into_value(self) -> T {
        self.value
    }
    /// The metadata and the value.
    pub fn into_parts(self) -> (ResponseMeta, T) {
        (self.meta, self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_request_id_and_retry_after() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        let m = ResponseMeta::new(429, [("Retry-After", "7"), ("X-Request-Id", "r-1"), ("Set-Cookie", "ss-id=secret")], now);
        assert_eq!((m.status(), m.retry_after(), m.request_id()), (429, Some(Duration::from_secs(7)), Some("r-1")));
        assert_eq!(m.header("set-COOKIE"), Some("ss-id=secret"));
        assert_eq!(m.headers()[0].0, "retry-after");
        let shown = format!("{m:?}");
        assert!(!shown.contains("secret") && shown.contains("set-cookie") && shown.contains("r-1"), "{shown}");
        let dated = ResponseMeta::new(503, [("retry-after", "Sun, 06 Nov 1994 08:49:47 GMT"), ("request-id", "")], now);
        assert_eq!((dated.retry_after(), dated.request_id()), (Some(Duration::from_secs(10)), None));
        assert_eq!(ResponseMeta::new(200, [("x-correlation-id", "c")], now).request_id(), Some("c"));
        // Without the time it came: an HTTP date against the answer's Date, seconds as they are.
        let date = [("Date", "Sun, 06 Nov 1994 08:49:37 GMT"), ("Retry-After", "Sun, 06 Nov 1994 08:51:37 GMT")];
        assert_eq!(ResponseMeta::received(503, date, None).retry_after(), Some(Duration::from_secs(120)));
        assert_eq!(ResponseMeta::received(503, date, Some(now + Duration::from_secs(20))).retry_after(), Some(Duration::from_secs(100)));
        assert_eq!(ResponseMeta::received(503, [("Retry-After", "Sun, 06 Nov 1994 08:51:37 GMT")], None).retry_after(), None);
        assert_eq!(ResponseMeta::received(429, [("retry-after", " 7 ")], None).retry_after(), Some(Duration::from_secs(7)));
        let r = Response::new(ResponseMeta::new(200, [("x-amzn-requestid", "a-1")], now), 5);
        assert_eq!((r.status(), r.request_id(), *r.value()), (200, Some("a-1"), 5));
    }
}
