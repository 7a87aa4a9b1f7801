//! Every conversion between JavaScript values and Rust values, in one place.
//!
//! DTOs cross the boundary as JSON text: `JSON.stringify` of a request goes to the core, which
//! checks it against the request type's schema; a response body the core has checked goes to
//! `JSON.parse` (as it came, or as the core rewrote it). No serde: the core's schema-driven
//! JSON code does the checking. Options objects are read field by field.

use std::time::Duration;

use evovoice::request::WireRequest;
use evovoice::{Auth, Config, Error, Secret};
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/js/evovoice.js")]
extern "C" {
    /// `JSON.parse` of UTF-8 bytes from `start` (checked by the core beforehand).
    #[wasm_bindgen(js_name = parseJson, catch)]
    pub fn parse_json(bytes: &Uint8Array, start: usize) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = makeError)]
    fn make_error(
        message: &str,
        kind: &str,
        status: Option<u16>,
        error_code: Option<String>,
        field_errors: JsValue,
        response_status: JsValue,
        path: Option<String>,
    ) -> JsValue;
}

/// An input error, before any I/O.
pub fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidRequest { message: message.into() }
}

/// A core [`Error`] as an `EvoVoiceError` (a real JS `Error` subclass).
pub fn error_to_js(e: &Error) -> JsValue {
    let errors: Vec<String> = e.field_errors().iter().map(|f| f.to_json()).collect();
    let field_errors = json_to_js(&["[", &errors.join(","), "]"].concat()).unwrap_or_else(|_| Array::new().into());
    let response_status = match e.response_status() {
        Some(rs) => json_to_js(&rs.to_json()).unwrap_or(JsValue::UNDEFINED),
        None => JsValue::UNDEFINED,
    };
    make_error(
        &e.to_string(),
        e.kind().as_str(),
        e.status(),
        e.error_code().map(str::to_owned),
        field_errors,
        response_status,
        e.decode_path().map(str::to_owned),
    )
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
    value.as_string().ok_or_else(|| invalid(format!("{what} must be a string")))
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
    v.as_string().map(Some).ok_or_else(|| invalid(format!("`{key}` must be a string")))
}

fn opt_millis(obj: &JsValue, key: &str) -> Result<Option<f64>, Error> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(ms) if ms.is_finite() && ms >= 0.0 => Ok(Some(ms)),
        _ => Err(invalid(format!("`{key}` must be a non-negative number of milliseconds"))),
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
        _ => Err(invalid(format!("`{key}` must be a whole number {range}"))),
    }
}

/// Reads `headers`: an object of header names to string values, each added with the core's
/// `Config::add_header` (which refuses the SDK's own headers and values that cannot travel).
fn add_headers(config: &mut Config, options: &JsValue) -> Result<(), Error> {
    let headers = get(options, "headers");
    if headers.is_undefined() || headers.is_null() {
        return Ok(());
    }
    if !headers.is_object() || Array::is_array(&headers) {
        return Err(invalid("`headers` must be an object of header names to string values"));
    }
    let entries = Object::entries(headers.unchecked_ref());
    for entry in entries.iter() {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let value = entry.get(1).as_string().ok_or_else(|| invalid(format!("the value of header `{name}` must be a string")))?;
        config.add_header(&name, &value)?;
    }
    Ok(())
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
    config.set_timeout(opt_millis(options, "timeoutMs")?.filter(|ms| *ms > 0.0).map(|ms| Duration::from_micros((ms * 1000.0) as u64)));
    let credentials = match opt_string(options, "credentials")? {
        None => None,
        Some(mode) => match ["omit", "same-origin", "include"].into_iter().find(|m| *m == mode) {
            Some(m) => Some(m),
            None => return Err(invalid("`credentials` must be 'omit', 'same-origin' or 'include'")),
        },
    };
    if let Some(n) = opt_count(options, "maxRetries", 0.0, 100.0, "from 0 to 100")? {
        let mut policy = config.retry_policy();
        policy.max_retries = n as u32;
        config.set_retry_policy(policy);
    }
    let max_response_bytes = opt_count(options, "maxResponseBytes", 1.0, 9_007_199_254_740_991.0, "of bytes, at least 1")?.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
    match get(options, "allowInsecureHttp") {
        v if v.is_undefined() || v.is_null() => {}
        v => config.set_allow_insecure_http(v.as_bool().ok_or_else(|| invalid("`allowInsecureHttp` must be a boolean"))?),
    }
    add_headers(&mut config, options)?;
    Ok(ClientSettings { config, credentials, max_response_bytes })
}

/// The options of one call: `{ signal, timeoutMs }`.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// The caller's abort signal.
    pub signal: Option<AbortSignal>,
    /// A timeout overriding the client's.
    pub timeout_ms: Option<f64>,
}

/// Reads `{ signal, timeoutMs }` (absent: defaults).
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
    Ok(CallOptions { signal, timeout_ms: opt_millis(&options, "timeoutMs")? })
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
}

/// Reads `{ status, statusText, headers, body }`. The core's parsing reads the status, the body
/// and the reason phrase; `headers` are accepted (they are part of the response shape) but
/// nothing in them changes the result.
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
    Ok(JsAnswer { status: status as u16, reason: opt_string(response, "statusText")?, body: body.dyn_into::<Uint8Array>().ok(), bytes })
}
