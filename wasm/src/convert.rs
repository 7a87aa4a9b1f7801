//! Every conversion between JavaScript values and Rust values, in one place.
//!
//! DTOs cross the boundary as JSON text: `JSON.stringify` of a request goes to the core, which
//! checks it against the request type's schema; a response body the core has checked goes to
//! `JSON.parse` (as it came, or as the core rewrote it). No serde: the core's schema-driven
//! JSON code does the checking. Options objects are read field by field.

use std::time::{Duration, SystemTime};

use evovoice::request::WireRequest;
use evovoice::{Auth, Config, Error, RequestOptions, ResponseMeta, Secret};
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/js/evovoice.js")]
extern "C" {
    /// `JSON.parse` of UTF-8 bytes from `start` (checked by the core beforehand).
    #[wasm_bindgen(js_name = parseJson, catch)]
    pub fn parse_json(bytes: &Uint8Array, start: usize) -> Result<JsValue, JsValue>;

    /// `new EvoVoiceError(...)` (the class of wasm/js/evovoice.js).
    #[wasm_bindgen(js_name = EvoVoiceError)]
    type JsEvoVoiceError;

    #[wasm_bindgen(constructor, js_class = EvoVoiceError)]
    fn new(
        message: &str,
        kind: &str,
        status: Option<u16>,
        response_status: JsValue,
        path: Option<&str>,
        request_id: Option<&str>,
        retry_after: Option<f64>,
        flags: u8,
        headers: &JsValue,
        transport_kind: Option<&str>,
    ) -> JsEvoVoiceError;

    /// `headers` as a `Headers` (a plain object or pairs copied into one); undefined when it
    /// cannot be one (a name or value fetch refuses).
    #[wasm_bindgen(js_name = asHeaders)]
    pub fn as_headers(headers: &JsValue) -> JsValue;

    /// The entries of a `Headers` (anything with `entries()`) or a plain object, flat:
    /// `[name, value, name, value, ...]`.
    #[wasm_bindgen(js_name = headerPairs)]
    fn header_pairs(headers: &JsValue) -> Array;

    /// `headers.get(name)` of a `Headers`.
    #[wasm_bindgen(js_name = headerGet)]
    fn header_get(headers: &JsValue, name: &str) -> Option<String>;
}

/// The (name, value) pairs of [`header_pairs`]' array; `None` for a value that is not a string.
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
    ResponseMeta::looked_up(status, |name| if has { header_get(headers, name) } else { None }, received_at)
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

fn opt_millis(obj: &JsValue, key: &str) -> Result<Option<f64>, Error> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(ms) if ms.is_finite() && ms >= 0.0 => Ok(Some(ms)),
        _ => Err(invalid(["`", key, "` must be a non-negative number of milliseconds"].concat())),
    }
}

/// The largest response body accepted by default (the core's, as a JS number).
pub const DEFAULT_MAX_RESPONSE_BYTES: f64 = evovoice::DEFAULT_MAX_RESPONSE_BYTES as f64;

/// What the client keeps besides the core [`Config`].
pub struct ClientSettings {
    /// The core configuration (base URL, auth, timeout, retry policy, extra headers).
    pub config: Config,
    /// The fetch credentials mode, when set.
    pub credentials: Option<&'static str>,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: f64,
}

/// A whole number in `min..=max` (`range` says so in the error; no float formatting in the wasm).
fn opt_count(obj: &JsValue, key: &str, min: f64, max: f64, range: &str) -> Result<Option<f64>, Error> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(invalid(["`", key, "` must be a whole number ", range].concat())),
    }
}

/// Reads `options.headers`: a `Headers` or an object of header names to string values, as
/// (name, value) pairs (the core's `Config::add_header` checks them where they are used: it
/// refuses the SDK's own headers and values that cannot travel).
fn headers_from_js(options: &JsValue) -> Result<Vec<(String, String)>, Error> {
    let headers = get(options, "headers");
    let mut out = Vec::new();
    if headers.is_undefined() || headers.is_null() {
        return Ok(out);
    }
    if !headers.is_object() || Array::is_array(&headers) {
        return Err(invalid("`headers` must be a Headers or an object of header names to string values"));
    }
    for (name, value) in pairs(&header_pairs(&headers)) {
        let value = value.ok_or_else(|| invalid(["the value of header `", &name, "` must be a string"].concat()))?;
        out.push((name, value));
    }
    Ok(out)
}

/// Reads `{ baseUrl, bearerToken, userName, password, timeoutMs, credentials, headers,
/// maxRetries, maxResponseBytes, allowInsecureHttp }`.
pub fn settings_from_js(options: &JsValue) -> Result<ClientSettings, Error> {
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(invalid("the client options must be an object"));
    }
    let mut config = match opt_string(options, "baseUrl")? {
        Some(url) => Config::new(&url)?,
        None => Config::default(),
    };
    let token = opt_string(options, "bearerToken")?;
    let user = opt_string(options, "userName")?;
    let password = opt_string(options, "password")?;
    match (token, user, password) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(invalid("give either bearerToken or userName and password, not both"))
        }
        (Some(t), None, None) => config.set_auth(Auth::Bearer(Secret::new(t)))?,
        (None, Some(u), Some(p)) => config.set_auth(Auth::Basic { user_name: u, password: Secret::new(p) })?,
        (None, Some(_), None) | (None, None, Some(_)) => {
            return Err(invalid("userName and password go together"))
        }
        (None, None, None) => {}
    }
    let credentials = match opt_string(options, "credentials")? {
        None => None,
        Some(mode) => match ["omit", "same-origin", "include"].into_iter().find(|m| *m == mode) {
            Some(m) => Some(m),
            None => return Err(invalid("`credentials` must be 'omit', 'same-origin' or 'include'")),
        },
    };
    let max_response_bytes = opt_count(options, "maxResponseBytes", 1.0, 9_007_199_254_740_991.0, "of bytes, at least 1")?.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
    match get(options, "allowInsecureHttp") {
        v if v.is_undefined() || v.is_null() => {}
        v => config.set_allow_insecure_http(v.as_bool().ok_or_else(|| invalid("`allowInsecureHttp` must be a boolean"))?),
    }
    // `timeoutMs`, `maxRetries` and `headers` as a call's are (0 ms: no timeout).
    let config = request_options(options)?.apply(&config)?;
    Ok(ClientSettings { config, credentials, max_response_bytes })
}

/// `{ timeoutMs, headers, maxRetries }` of the client or of a call, for the core's
/// `RequestOptions::apply`.
fn request_options(options: &JsValue) -> Result<RequestOptions, Error> {
    let mut request = RequestOptions::new();
    request.timeout = opt_millis(options, "timeoutMs")?.map(|ms| Duration::from_micros((ms * 1000.0) as u64));
    request.headers = headers_from_js(options)?;
    request.max_retries = opt_count(options, "maxRetries", 0.0, 100.0, "from 0 to 100")?.map(|n| n as u32);
    Ok(request)
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

/// Reads `{ signal, timeoutMs, headers, maxRetries, raw }` (absent: defaults).
pub fn call_options_from_js(options: Option<Object>) -> Result<CallOptions, Error> {
    let Some(options) = options.map(JsValue::from) else { return Ok(CallOptions::default()) };
    let signal = get(&options, "signal");
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        // Duck-typed (`aborted` + `addEventListener`) so signals of other realms work too.
        let ok = get(&signal, "aborted").as_bool().is_some() && get(&signal, "addEventListener").is_function();
        if !ok {
            return Err(invalid("`signal` must be an AbortSignal"));
        }
        Some(signal.unchecked_into::<AbortSignal>())
    };
    let request = request_options(&options)?;
    let raw = match get(&options, "raw") {
        v if v.is_undefined() || v.is_null() => false,
        v => v.as_bool().ok_or_else(|| invalid("`raw` must be a boolean"))?,
    };
    Ok(CallOptions { signal, request, raw })
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
