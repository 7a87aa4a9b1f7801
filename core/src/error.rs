//! The one error type of the SDK.

use std::time::Duration;

use crate::meta::ResponseMeta;
use crate::models::{ResponseError, ResponseStatus};

/// What went wrong, as a kind a program can branch on. Non-exhaustive: a `match` needs a `_`
/// arm, so that a kind can be added without a breaking release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The server answered with an error status.
    Api,
    /// The server's answer could not be decoded.
    Decode,
    /// The request could not be sent or the answer not received.
    Transport,
    /// The request took longer than the timeout.
    Timeout,
    /// The caller cancelled the request.
    Aborted,
    /// The request was refused before any I/O (e.g. an empty session id).
    InvalidRequest,
}

impl ErrorKind {
    /// The kind's name as the JavaScript and Python surfaces spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Decode => "decode",
            Self::Transport => "transport",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
            Self::InvalidRequest => "invalidRequest",
        }
    }
}

/// An error of the SDK. Messages never contain tokens or passwords.
///
/// Branch on [`Error::kind`], or on the helpers that say what a program usually does about it:
///
/// ```
/// use evovoice::{parse_response, ErrorKind, GetSession};
///
/// let body = br#"{"responseStatus":{"errorCode":"NotFound","message":"Session 's-9' not found"}}"#;
/// let answer = http::Response::builder().status(404).body(&body[..]).unwrap();
/// let err = parse_response::<GetSession>(answer).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Api);
/// assert!(err.is_not_found());
/// assert!(!err.is_rate_limited() && !err.is_server_error() && !err.is_connection());
/// match err.kind() {
///     ErrorKind::Api if err.is_not_found() => println!("no such session: {err}"),
///     ErrorKind::Transport | ErrorKind::Timeout => println!("try again later: {err}"),
///     _ => println!("failed: {err}"),
/// }
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success status.
    #[error("{}", api_message(*status, response_status, meta.as_deref()))]
    Api {
        /// The HTTP status code.
        status: u16,
        /// The error the server sent (or one synthesized from the status when its body was
        /// empty or not JSON: errorCode = the status as text, message = the reason phrase).
        response_status: Box<ResponseStatus>,
        /// The answer's headers, request id and `Retry-After`, when the transport (or the
        /// sans-IO caller) gave them (see [`Error::with_meta`]).
        meta: Option<Box<ResponseMeta>>,
    },
    /// The answer was not what the API promises.
    #[error("could not decode the server's answer (HTTP {status}) at `{path}`: {message}; body starts with: {snippet}")]
    Decode {
        /// The HTTP status code.
        status: u16,
        /// Where in the JSON the problem is, e.g. `items[3].members[0].muted` (`.` for the root).
        path: String,
        /// What was wrong.
        message: String,
        /// The first bytes of the body, for a person to look at.
        snippet: String,
    },
    /// Connecting, sending or receiving failed.
    #[error("transport error: {message}")]
    Transport {
        /// What failed, for a person (it names the cause: DNS, refused, TLS, ...).
        message: String,
        /// What failed, for a program.
        kind: TransportErrorKind,
        /// The underlying error (natively, reqwest's and its own causes).
        #[source]
        source: Option<Cause>,
    },
    /// The request did not complete in time.
    #[error("the request timed out: {message}")]
    Timeout {
        /// Details.
        message: String,
    },
    /// The caller cancelled the request.
    #[error("the request was aborted")]
    Aborted,
    /// The request was refused before any I/O.
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What is wrong with it.
        message: String,
    },
}

/// What failed in an [`Error::Transport`], for a program to branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The host name could not be resolved.
    Dns,
    /// The server refused the connection (nothing listens on the port).
    ConnectionRefused,
    /// TLS failed: most often a certificate that is not trusted (see the CA options).
    Tls,
    /// The connection could not be made for another reason (unreachable network, or, in the
    /// browser, any failure before an answer: fetch does not say which).
    Connect,
    /// The connection was reset or closed before the answer came.
    ConnectionReset,
    /// The answer began but broke off (its body was cut short).
    BodyCutOff,
    /// The answer is larger than the size limit.
    TooLarge,
    /// Anything else (an invalid status line, an HTTP client that could not be built, ...).
    Other,
}

impl TransportErrorKind {
    /// The kind's name as the JavaScript and Python surfaces spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dns => "dns",
            Self::ConnectionRefused => "connectionRefused",
            Self::Tls => "tls",
            Self::Connect => "connect",
            Self::ConnectionReset => "connectionReset",
            Self::BodyCutOff => "bodyCutOff",
            Self::TooLarge => "tooLarge",
            Self::Other => "other",
        }
    }

    /// True when no answer came at all.
    pub fn is_connection(self) -> bool {
        matches!(self, Self::Dns | Self::ConnectionRefused | Self::Tls | Self::Connect | Self::ConnectionReset)
    }
}

/// The underlying error of an [`Error`] (shared: errors are `Clone`). Errors compare equal
/// whatever their causes.
#[derive(Clone)]
pub struct Cause(pub std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    /// Wraps an error.
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(std::sync::Arc::new(e))
    }
}

impl PartialEq for Cause {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.0, f)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

fn api_message(status: u16, rs: &ResponseStatus, meta: Option<&ResponseMeta>) -> String {
    let mut s = format!("HTTP {status}");
    if let Some(code) = rs.error_code.as_deref().filter(|c| !c.is_empty() && *c != status.to_string()) {
        s.push(' ');
        s.push_str(code);
    }
    let field_errors = rs.field_errors();
    let message = rs.message.as_deref().filter(|m| !m.is_empty());
    // ServiceStack repeats the first field error as the message: each is named once.
    let repeated = message.is_some_and(|m| field_errors.iter().any(|fe| fe.message.as_deref() == Some(m)));
    let mut sep = ": ";
    if let Some(msg) = message.filter(|_| !repeated) {
        s.push_str(sep);
        s.push_str(msg);
        sep = "; ";
    }
    for fe in field_errors {
        s.push_str(sep);
        s.push_str(fe.field_name.as_deref().unwrap_or("?"));
        s.push_str(": ");
        s.push_str(fe.message.as_deref().or(fe.error_code.as_deref()).unwrap_or("invalid"));
        sep = "; ";
    }
    match status {
        401 => s.push_str(" (not authenticated: check the bearer token or user name and password)"),
        403 => s.push_str(" (forbidden: the user lacks the role or permission this operation needs)"),
        429 => match meta.and_then(ResponseMeta::retry_after) {
            Some(wait) => s.push_str(&format!(" (rate limited: try again in {} s)", wait.as_secs() + u64::from(wait.subsec_nanos() > 0))),
            None => s.push_str(" (rate limited: try again later)"),
        },
        _ => {}
    }
    s
}

impl Error {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidRequest { message: message.into() }
    }

    /// An [`Error::Transport`] of `kind` without an underlying error.
    pub fn transport(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self::Transport { message: message.into(), kind, source: None }
    }

    /// What failed, for an [`Error::Transport`].
    pub fn transport_kind(&self) -> Option<TransportErrorKind> {
        match self {
            Self::Transport { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// This error with the metadata of the answer that caused it (status, headers, request id,
    /// `Retry-After`): kept by an [`Error::Api`], other errors are returned as they are.
    #[must_use]
    pub fn with_meta(self, meta: ResponseMeta) -> Self {
        match self {
            Self::Api { status, response_status, .. } => Self::Api { status, response_status, meta: Some(Box::new(meta)) },
            other => other,
        }
    }

    /// The transport error for a body over the size limit; `setting` names the option that
    /// raises it, in the caller's language (`max_response_bytes`, `maxResponseBytes`). For the
    /// bindings: hidden, not covered by semver.
    #[doc(hidden)]
    pub fn response_too_large(limit: u64, setting: &str) -> Self {
        Self::transport(TransportErrorKind::TooLarge, format!("the response is larger than the {limit}-byte limit (see {setting})"))
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Api { .. } => ErrorKind::Api,
            Self::Decode { .. } => ErrorKind::Decode,
            Self::Transport { .. } => ErrorKind::Transport,
            Self::Timeout { .. } => ErrorKind::Timeout,
            Self::Aborted => ErrorKind::Aborted,
            Self::InvalidRequest { .. } => ErrorKind::InvalidRequest,
        }
    }

    /// The HTTP status, for errors that got an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Where in the JSON a [`Error::Decode`] went wrong (e.g. `items[3].members[0].muted`).
    pub fn decode_path(&self) -> Option<&str> {
        match self {
            Self::Decode { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The server's error, for [`Error::Api`].
    pub fn response_status(&self) -> Option<&ResponseStatus> {
        match self {
            Self::Api { response_status, .. } => Some(&**response_status),
            _ => None,
        }
    }

    /// The server's error code (e.g. `NotFound`), for [`Error::Api`].
    pub fn error_code(&self) -> Option<&str> {
        self.response_status().and_then(|r| r.error_code.as_deref())
    }

    /// The per-field errors of a validation failure (empty otherwise).
    pub fn field_errors(&self) -> &[ResponseError] {
        self.response_status().map(ResponseStatus::field_errors).unwrap_or(&[])
    }

    /// The answer's status, headers, request id and `Retry-After`, for an [`Error::Api`] whose
    /// transport gave them.
    pub fn meta(&self) -> Option<&ResponseMeta> {
        match self {
            Self::Api { meta, .. } => meta.as_deref(),
            _ => None,
        }
    }

    /// The answer's headers, (lower-case name, value); empty when there was no answer.
    pub fn headers(&self) -> &[(String, String)] {
        self.meta().map(ResponseMeta::headers).unwrap_or(&[])
    }

    /// The request id the server gave the failed answer, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.meta().and_then(ResponseMeta::request_id)
    }

    /// The server's `Retry-After` (seconds or an HTTP date, as a wait), if it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.meta().and_then(ResponseMeta::retry_after)
    }

    fn is_status(&self, code: u16) -> bool {
        matches!(self, Self::Api { status, .. } if *status == code)
    }

    /// 400: the request was invalid (see [`Error::field_errors`]).
    pub fn is_validation(&self) -> bool {
        self.is_status(400)
    }
    /// 401: not authenticated.
    pub fn is_unauthorized(&self) -> bool {
        self.is_status(401)
    }
    /// 403: authenticated but not allowed.
    pub fn is_forbidden(&self) -> bool {
        self.is_status(403)
    }
    /// 404: no such session (or route).
    pub fn is_not_found(&self) -> bool {
        self.is_status(404)
    }
    /// 429: too many requests (see [`Error::retry_after`]).
    pub fn is_rate_limited(&self) -> bool {
        self.is_status(429)
    }
    /// 5xx: the server failed.
    pub fn is_server_error(&self) -> bool {
        matches!(self, Self::Api { status: 500..=599, .. })
    }
    /// A transport error in which no answer came (the connection could not be made, or was
    /// lost before the status line).
    pub fn is_connection(&self) -> bool {
        self.transport_kind().is_some_and(TransportErrorKind::is_connection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_messages_are_readable() {
        let e = Error::Api {
            status: 400,
            response_status: Box::new(ResponseStatus {
                error_code: Some("NotEmpty".into()),
                message: Some("'Display Name' must not be empty.".into()),
                errors: Some(vec![ResponseError {
                    error_code: Some("NotEmpty".into()),
                    field_name: Some("DisplayName".into()),
                    message: Some("'Display Name' must not be empty.".into()),
                    meta: None,
                }]),
                ..Default::default()
            }),
            meta: None,
        };
        let s = e.to_string();
        assert_eq!(s, "HTTP 400 NotEmpty: DisplayName: 'Display Name' must not be empty.", "each field error once");
        assert!(e.is_validation() && !e.is_not_found());
        assert_eq!(e.field_errors().len(), 1);
        assert_eq!(e.kind().as_str(), "api");
    }
}
