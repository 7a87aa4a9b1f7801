//! Every conversion between JavaScript values and Rust values, in one place.
//!
//! DTOs cross the boundary as JSON text: `JSON.stringify` of a request goes to the core, which
//! checks it against the request type's schema; a response body the core has checked goes to
//! `JSON.parse` (as it came, or as the core rewrote it). No serde: the core's schema-driven
//! JSON code does the checking. Options objects are read field by field.

use std::time::{Duration, SystemTime};

use evovoice::request::WireRequest;
use evovoice::{Auth, Config, Error, RequestOptions, ResponseMeta};
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::snippet::{header_get, read_options_js, JsEvoVoiceError};


/// The (name, value) pairs of a flat `[name, value, ...]` array; `None` for a value that is not a string.
fn pairs(flat: &Array) -> impl Iterator<Item = (String, Option<String>)> + '_ {
    (0..flat.length()).step_by(2).map(|i| (flat.get(i).as_string().unwrap_or_default(), flat.get(i + 1).as_string()))
}

/// An input error, before any I/O.
pub fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidRequest { message: message.into() }
}

/// A core [`Error`] as an `EvoVoiceError` (a real JS `Error` subclass).
pub fn error_to_js(e: &Error) -> JsValue {
    error_with_headers(e, &JsValue::UNDEFINED)
}

/// [`error_to_js`] for an error that came with an answer whose headers are `headers` (the
/// `Headers` of a fetch `Response`, or what a sans-IO caller gave): its request id and
/// `Retry-After` are the core's reading of them ([`Error::with_meta`], see [`meta_from_js`]).
#[inline(never)]
pub fn error_with_headers(e: &Error, headers: &JsValue) -> JsValue {
    let response_status = match e.response_status() {
        Some(rs) => json_to_js(&rs.to_json()).unwrap_or(JsValue::UNDEFINED),
        None => JsValue::UNDEFINED,
    };
    JsEvoVoiceError::new(
        &e.to_string(),
        e.kind().as_str(),
        e.status(),
        response_status,
        e.decode_path(),
        e.request_id(),
        e.retry_after().map(|d| d.as_secs_f64()),
        u8::from(e.is_rate_limited()) | u8::from(e.is_server_error()) << 1 | u8::from(e.is_connection()) << 2,
        headers,
        e.transport_kind().map(evovoice::TransportErrorKind::as_str),
    )
    .into()
}

/// The core's [`ResponseMeta`] of an answer with `status` and `headers` (a `Headers`, a plain
/// object, or undefined; values that are not strings are left out), received at `received_at`
/// when known (else an HTTP-date `Retry-After` is read against the answer's `Date`). Only the
/// error path reads it: a success never converts its headers.
pub fn meta_from_js(status: u16, headers: &JsValue, received_at: Option<SystemTime>) -> ResponseMeta {
    // The core looks up the few headers it reads; the rest stay in the `Headers` the error carries.
    let has = headers.is_object();
    ResponseMeta::looked_up(status, |name| if has { header_get(headers, name).as_string() } else { None }, received_at)
}

/// JSON text written by the core as a plain JS value.
pub fn json_to_js(text: &str) -> Result<JsValue, Error> {
    JSON::parse(text).map_err(|_| invalid("could not convert a value to JavaScript"))
}

/// A JS object in the API's wire shape as JSON text for the core (`JSON.stringify`).
/// `undefined`/`null` read as `{}`.
pub fn dto_json_from_js(value: &JsValue, what: &str) -> Result<Vec<u8>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(b"{}".to_vec());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(invalid([what, " must be an object"].concat()));
    }
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .map(String::into_bytes)
        .ok_or_else(|| invalid([what, " cannot be converted to JSON"].concat()))
}

/// A string argument (e.g. a session id).
pub fn string_arg(value: &JsValue, what: &str) -> Result<String, Error> {
    value.as_string().ok_or_else(|| invalid([what, " must be a string"].concat()))
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, Error> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| invalid(["`", key, "` must be a string"].concat()))
}

/// The largest response body accepted by default (the core's, as a JS number).
pub const DEFAULT_MAX_RESPONSE_BYTES: f64 = evovoice::DEFAULT_MAX_RESPONSE_BYTES as f64;

/// Which options object [`read_options`] reads (the package's `readOptions` has their tables).
#[derive(Clone, Copy)]
#[repr(u8)]
enum Options {
    /// `{ timeoutMs, headers, maxRetries, baseUrl, bearerToken, userName, password,
    /// credentials, maxResponseBytes, allowInsecureHttp, onEvent }`.
    Client = 0,
    /// `{ timeoutMs, headers, maxRetries, signal, raw }`.
    Call = 1,
}

/// An options object read and type-checked by the package's `readOptions`: its values by
/// position (undefined when absent or null; headers as flat string pairs). An unknown option
/// or a value of the wrong type is an `invalidRequest` error with its message.
fn read_options(options: &JsValue, which: Options) -> Result<Array, Error> {
    let read = read_options_js(options, which as u8);
    match read.as_string() {
        Some(message) => Err(invalid(message)),
        None => Ok(read.unchecked_into()),
    }
}

/// What the client keeps besides the core [`Config`].
pub struct ClientSettings {
    /// The core configuration (base URL, auth, timeout, retry policy, extra headers).
    pub config: Config,
    /// The fetch credentials mode (undefined: fetch's default).
    pub credentials: JsValue,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: f64,
    /// The `onEvent` hook (undefined when none).
    pub on_event: JsValue,
}

/// Reads the client options (see [`Options::Client`]): the core builds the config from them
/// (`Config::new`, `Auth::from_options`, `RequestOptions::apply`).
pub fn settings_from_js(options: &JsValue) -> Result<ClientSettings, Error> {
    let o = read_options(options, Options::Client)?;
    let mut config = match o.get(3).as_string() {
        Some(url) => Config::new(&url)?,
        None => Config::default(),
    };
    let auth = Auth::from_options(o.get(4).as_string(), o.get(5).as_string(), o.get(6).as_string(), ["bearerToken", "userName", "password"])?;
    config.set_auth(auth)?;
    if let Some(allow) = o.get(9).as_bool() {
        config.set_allow_insecure_http(allow);
    }
    // `timeoutMs`, `maxRetries` and `headers` as a call's are (0 ms: no timeout).
    let config = request_options(&o).apply(&config)?;
    let max_response_bytes = o.get(8).as_f64().unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
    Ok(ClientSettings { config, credentials: o.get(7), max_response_bytes, on_event: o.get(10) })
}

/// `{ timeoutMs, headers, maxRetries }` of the client or of a call (read options' first three),
/// for the core's `RequestOptions::apply`.
fn request_options(o: &Array) -> RequestOptions {
    let mut request = RequestOptions::new();
    request.timeout = o.get(0).as_f64().map(|ms| Duration::from_micros((ms * 1000.0) as u64));
    let headers = o.get(1);
    if let Some(flat) = headers.dyn_ref::<Array>() {
        request.headers = pairs(flat).map(|(name, value)| (name, value.unwrap_or_default())).collect();
    }
    request.max_retries = o.get(2).as_f64().map(|n| n as u32);
    request
}

/// The options of one call: `{ signal, timeoutMs, headers, maxRetries, raw }`.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// The caller's abort signal.
    pub signal: Option<AbortSignal>,
    /// The timeout, headers and retry count of the call, applied over the client's config by
    /// the core (`RequestOptions::apply`: the client header rules hold).
    pub request: RequestOptions,
    /// Resolve to `{ data, status, headers }` instead of the value.
    pub raw: bool,
}

/// Reads the call options (see [`Options::Call`]; absent: defaults).
pub fn call_options_from_js(options: Option<Object>) -> Result<CallOptions, Error> {
    let Some(options) = options.map(JsValue::from) else { return Ok(CallOptions::default()) };
    let o = read_options(&options, Options::Call)?;
    let signal = o.get(3);
    let signal = (!signal.is_undefined()).then(|| signal.unchecked_into::<AbortSignal>());
    Ok(CallOptions { signal, request: request_options(&o), raw: o.get(4).as_bool() == Some(true) })
}

/// A core request as `{ method, url, headers, body }` (body as text).
pub fn request_to_js(req: &WireRequest) -> JsValue {
    let obj = Object::new();
    let headers = Object::new();
    for h in &req.headers {
        set(&headers, &h.name, &JsValue::from_str(&h.value));
    }
    set(&obj, "method", &JsValue::from_str(req.method.as_str()));
    set(&obj, "url", &JsValue::from_str(&req.url));
    set(&obj, "headers", &headers);
    set(&obj, "body", &JsValue::from_str(&String::from_utf8_lossy(&req.body)));
    obj.into()
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Body bytes from a string, `Uint8Array`, `ArrayBuffer`, or nothing.
pub fn body_from_js(body: &JsValue) -> Result<Vec<u8>, Error> {
    if body.is_undefined() || body.is_null() {
        Ok(Vec::new())
    } else if let Some(s) = body.as_string() {
        Ok(s.into_bytes())
    } else if let Some(a) = body.dyn_ref::<Uint8Array>() {
        Ok(a.to_vec())
    } else if body.is_instance_of::<js_sys::ArrayBuffer>() {
        Ok(Uint8Array::new(body).to_vec())
    } else {
        Err(invalid("`body` must be a string, a Uint8Array or an ArrayBuffer"))
    }
}

/// An answer given to the sans-IO `parseResponse`.
pub struct JsAnswer {
    /// The status code.
    pub status: u16,
    /// The reason phrase, when given.
    pub reason: Option<String>,
    /// The body as given, when it was bytes (what `JSON.parse` reads if the core accepts it).
    pub body: Option<Uint8Array>,
    /// The body's bytes.
    pub bytes: Vec<u8>,
    /// The headers as given (a `Headers`, an object, or undefined): an error carries them and
    /// the core's reading of them ([`meta_from_js`]).
    pub headers: JsValue,
}

/// Reads `{ status, statusText, headers, body }`. The core's parsing reads the status, the body
/// and the reason phrase; an error also carries the headers, its request id and `Retry-After`.
pub fn response_from_js(response: &JsValue) -> Result<JsAnswer, Error> {
    if !response.is_object() {
        return Err(invalid("the response must be an object { status, statusText, headers, body }"));
    }
    let status = get(response, "status")
        .as_f64()
        .filter(|s| s.fract() == 0.0 && (100.0..=999.0).contains(s))
        .ok_or_else(|| invalid("`status` must be an HTTP status code"))?;
    let body = get(response, "body");
    let bytes = body_from_js(&body)?;
    let headers = get(response, "headers");
    Ok(JsAnswer { status: status as u16, reason: opt_string(response, "statusText")?, body: body.dyn_into::<Uint8Array>().ok(), bytes, headers })
}
