//! Sans-IO response parsing: an `http::Response` in, a typed value or an [`Error`] out.

use serde::de::DeserializeOwned;

use crate::models::{ErrorResponse, ResponseStatus};
use crate::operations::Operation;
use crate::Error;

/// A transport may attach the response's reason phrase (e.g. "Invalid Role") as an extension
/// of the `http::Response`; it becomes the message of an error whose body says nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonPhrase(pub String);

/// How many bytes of a body an error quotes.
const SNIPPET_CHARS: usize = 160;

/// Parses the answer to `Op`: a 2xx body decodes into `Op::Response`; any other status becomes
/// [`Error::Api`] with the server's `ResponseStatus` (or one synthesized from the status when the
/// body is empty or not JSON). A body that does not match the API is [`Error::Decode`] naming the
/// JSON path at fault.
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
    let decode_err = |path: String, message: String| Error::Decode { status, path, message, snippet: snippet(body) };
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

fn api_error(response: &http::Response<&[u8]>, body: &[u8]) -> Error {
    let status = response.status();
    let parsed = serde_json::from_slice::<ErrorResponse>(body).ok().and_then(|e| e.response_status);
    let response_status = parsed.unwrap_or_else(|| {
        let reason = response
            .extensions()
            .get::<ReasonPhrase>()
            .map(|r| r.0.clone())
            .filter(|r| !r.is_empty())
            .or_else(|| status.canonical_reason().map(str::to_owned))
            .unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
        ResponseStatus { error_code: Some(status.as_u16().to_string()), message: Some(reason), ..Default::default() }
    });
    Error::Api { status: status.as_u16(), response_status: Box::new(response_status) }
}

fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

fn snippet(body: &[u8]) -> String {
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
