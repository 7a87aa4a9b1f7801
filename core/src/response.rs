//! Sans-IO response parsing: an `http::Response` in, a typed value or an [`Error`] out.

use std::time::SystemTime;

use serde::de::DeserializeOwned;

use crate::meta::ResponseMeta;
use crate::models::{AuthenticateResponse, ErrorResponse, ResponseStatus};
use crate::operations::Operation;
use crate::Error;

/// A transport may attach the response's reason phrase (e.g. "Invalid Role") as an extension
/// of the `http::Response`; it becomes the message of an error whose body says nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonPhrase(pub String);

/// A transport may attach when the answer arrived as an extension of the `http::Response`: an
/// HTTP-date `Retry-After` is read relative to it. Without it, the answer's `Date` header is
/// the reference, and without that an HTTP-date `Retry-After` is not read (delta-seconds are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceivedAt(pub SystemTime);

/// The status and headers of `response`, its request id and `Retry-After` read (see
/// [`ReceivedAt`]). [`parse_response`] attaches it to the errors it returns.
pub fn response_meta<B>(response: &http::Response<B>) -> ResponseMeta {
    // Without `ReceivedAt`, `received` reads an HTTP-date Retry-After against the `Date` header.
    let received_at = response.extensions().get::<ReceivedAt>().map(|r| r.0);
    let pairs = response.headers().iter().map(|(n, v)| (n.as_str(), String::from_utf8_lossy(v.as_bytes())));
    ResponseMeta::received(response.status().as_u16(), pairs, received_at)
}

/// How many bytes of a body an error quotes.
const SNIPPET_CHARS: usize = 160;

/// Parses the answer to `Op`: a 2xx body decodes into `Op::Response`; any other status becomes
/// [`Error::Api`] with the server's `ResponseStatus` (or one synthesized from the status when the
/// body is empty or not JSON) and, when the answer has headers, its [`response_meta`]. A body that does not match the API is [`Error::Decode`] naming the
/// JSON path at fault.
///
/// ```
/// use evovoice::{build_request, parse_response, Config, GetSession};
///
/// let config = Config::new("https://evovoice.io")?.with_bearer_token("t0ken")?;
/// let request = build_request(&config, &GetSession::new("s-1"))?; // send it with any client
/// assert_eq!(request.method(), "GET");
/// let answer = http::Response::builder()
///     .status(200)
///     .header("content-type", "application/json")
///     .body(&br#"{"id":"s-1","displayName":"Support","newField":1}"#[..])
///     .unwrap();
/// let session = parse_response::<GetSession>(answer)?;
/// assert_eq!(session.display_name.as_deref(), Some("Support")); // unknown fields are ignored
///
/// let bad = http::Response::builder().status(200).body(&br#"{"id":7}"#[..]).unwrap();
/// let err = parse_response::<GetSession>(bad).unwrap_err();
/// assert_eq!(err.kind(), evovoice::ErrorKind::Decode);
/// # Ok::<(), evovoice::Error>(())
/// ```
pub fn parse_response<Op: Operation>(response: http::Response<&[u8]>) -> Result<Op::Response, Error> {
    decode_response(response)
}

/// [`parse_response`] for any JSON type.
pub fn decode_response<T: DeserializeOwned>(response: http::Response<&[u8]>) -> Result<T, Error> {
    let status = response.status();
    let body = strip_bom(response.body());
    if !status.is_success() {
        return Err(api_error(&response, body));
    }
    decode_json(status.as_u16(), body)
}

/// Decodes a JSON body, reporting the path of the first mismatch.
///
/// Decoding does not track paths; only for a body that fails is the path of the value at fault
/// worked out, from the error's position.
pub fn decode_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let decode_err = |path: String, message: String| decode_error(status, body, path, message);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_err(".".into(), "the body is empty; expected JSON".into()));
    }
    match fast_decode::<T>(body) {
        Ok(value) => Ok(value),
        // Where it went wrong is found from the error's position in the body: no second,
        // path-tracking decoder (see crate::json_path).
        Err(e) => {
            let probe = |b: &[u8]| {
                let e = serde_json::from_slice::<T>(b).err()?;
                Some((e.classify(), crate::json_path::error_offset(b, &e)?))
            };
            Err(decode_err(crate::json_path::error_path(body, &e, &probe), e.to_string()))
        }
    }
}

/// The decode of the success path. Natively, a body checked for UTF-8 once, as a whole, skips
/// serde_json's per-string checks (about a quarter of the decode time of a large page); in wasm,
/// where every decoder instantiation costs bundle size, one reader serves every path. Errors
/// are the same either way: the text reader fails where the byte reader would, with the same
/// message.
fn fast_decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(text) = std::str::from_utf8(body) {
        return serde_json::from_str(text);
    }
    serde_json::from_slice(body)
}

pub(crate) fn api_error(response: &http::Response<&[u8]>, body: &[u8]) -> Error {
    let reason = response.extensions().get::<ReasonPhrase>().map(|r| r.0.as_str());
    let error = error_from_answer(response.status().as_u16(), reason, body);
    // An answer without headers has no metadata beyond the error's status.
    if response.headers().is_empty() {
        error
    } else {
        error.with_meta(response_meta(response))
    }
}

/// The [`Error::Api`] for a non-2xx answer: the server's `ResponseStatus` when the body holds
/// one (camelCase or PascalCase), else one made from the status and the reason phrase.
pub fn error_from_answer(status: u16, reason: Option<&str>, body: &[u8]) -> Error {
    let body = strip_bom(body);
    let parsed = crate::json::parse(body).ok().and_then(|v| ErrorResponse::response_status_of(&v));
    let response_status = parsed.unwrap_or_else(|| {
        let reason = reason
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .or_else(|| http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).map(str::to_owned))
            .unwrap_or_else(|| ["HTTP ", &status.to_string()].concat());
        ResponseStatus { error_code: Some(status.to_string()), message: Some(reason), ..Default::default() }
    });
    Error::Api { status, response_status: Box::new(response_status), meta: None }
}

/// A response checked without serde (what the WebAssembly package uses): the JSON text to hand
/// to a JSON parser, or the error.
#[derive(Debug)]
pub struct CheckedBody {
    /// Where the JSON text starts in the body (after a byte order mark).
    pub start: usize,
    /// The result of the check: when `rewritten` is `None`, `body[start..]` is the text.
    pub checked: crate::json::transcode::Transcoded,
}

/// Parses the answer to an operation without serde: a 2xx body is checked against `root`
/// (the operation's [`Operation::RESPONSE_SHAPE`]) with the typed decoder's rules and errors
/// ([`crate::json::transcode`]); any other status becomes the same [`Error::Api`] as
/// [`parse_response`] gives.
pub fn check_response(root: crate::json::shape::Root, status: u16, reason: Option<&str>, body: &[u8]) -> Result<CheckedBody, Error> {
    check_response_into(root, status, reason, body, crate::json::transcode::NoSink)
}

/// [`check_response`], reporting every value of a 2xx body to `sink`
/// ([`transcode_into`](crate::json::transcode::transcode_into)): what the Python package
/// builds its objects with.
pub fn check_response_into<S: crate::json::transcode::Sink>(root: crate::json::shape::Root, status: u16, reason: Option<&str>, body: &[u8], sink: S) -> Result<CheckedBody, Error> {
    if !(200..300).contains(&status) {
        return Err(error_from_answer(status, reason, body));
    }
    let start = body.len() - strip_bom(body).len();
    let checked = crate::json::transcode::transcode_into(root, status, &body[start..], sink)?;
    Ok(CheckedBody { start, checked })
}

/// The answer to a credentials login ([`crate::build_login_request`]) read without serde:
/// the same value and errors as [`parse_response::<Authenticate>`](parse_response). The body is
/// checked by the transcoder against `AuthenticateResponse` (serde's rules, paths and words),
/// then its canonical text is read.
pub fn parse_login_answer(status: u16, reason: Option<&str>, body: &[u8]) -> Result<AuthenticateResponse, Error> {
    let checked = check_response(<crate::Authenticate as Operation>::RESPONSE_SHAPE, status, reason, body)?;
    let text = checked.checked.rewritten.as_deref().unwrap_or(&body[checked.start..]);
    let unreadable = || decode_error(status, body, ".".into(), "the answer is not an AuthenticateResponse".into());
    let value = crate::json::parse(text).map_err(|_| unreadable())?;
    AuthenticateResponse::from_json(&value).ok_or_else(unreadable)
}

fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// The [`Error::Decode`] for `body`: the path at fault, the message, and the body's start.
#[cold]
pub(crate) fn decode_error(status: u16, body: &[u8], path: String, message: String) -> Error {
    Error::Decode { status, path, message, snippet: snippet(body) }
}

/// The start of a body, for error messages (control characters blanked).
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_CHARS * 4)]);
    let mut out: String = text.chars().take(SNIPPET_CHARS).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::*;

    fn resp(status: u16, body: &'static str) -> http::Response<&'static [u8]> {
        http::Response::builder().status(status).body(body.as_bytes()).unwrap()
    }

    #[test]
    fn decode_error_names_the_path() {
        let e = parse_response::<ListSessions>(resp(200, r#"{"items":[{},{"members":[{"muted":"yes"}]}]}"#)).unwrap_err();
        match e {
            Error::Decode { path, .. } => assert_eq!(path, "items[1].members[0].muted"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_trailing_bodies() {
        assert!(matches!(parse_response::<GetSession>(resp(200, "")), Err(Error::Decode { .. })));
        assert!(matches!(parse_response::<GetSession>(resp(200, "{} x")), Err(Error::Decode { .. })));
        assert!(parse_response::<GetSession>(resp(200, "\u{feff}{}")).is_ok());
    }

    #[test]
    fn error_bodies_in_every_form() {
        let e = parse_response::<GetSession>(resp(404, r#"{"responseStatus":{"errorCode":"NotFound","message":"no"}}"#)).unwrap_err();
        assert_eq!((e.status(), e.error_code()), (Some(404), Some("NotFound")));
        let e = parse_response::<GetSession>(resp(400, r#"{"ResponseStatus":{"ErrorCode":"NotEmpty","Errors":[{"FieldName":"X"}]}}"#)).unwrap_err();
        assert_eq!(e.field_errors()[0].field_name.as_deref(), Some("X"));
        let e = parse_response::<GetSession>(resp(401, "")).unwrap_err();
        assert_eq!((e.error_code(), e.response_status().unwrap().message.as_deref()), (Some("401"), Some("Unauthorized")));
        let mut r = resp(403, "Forbidden\n\nRequest.HttpMethod: GET");
        r.extensions_mut().insert(ReasonPhrase("Invalid Role".into()));
        let e = parse_response::<GetSession>(r).unwrap_err();
        assert!(e.is_forbidden());
        assert_eq!(e.response_status().unwrap().message.as_deref(), Some("Invalid Role"));
    }
}
