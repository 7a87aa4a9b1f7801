//! Sends a core `WireRequest` with `fetch` and reads the whole answer. Works in browsers, web
//! workers and Node 18+ (global `fetch`). Timeouts and caller aborts share one AbortController;
//! which one fired decides the error kind. The fetch call itself is a few lines of the package's
//! JS snippet (`fetchBytes`): the request goes to it exactly as the core built it.
//!
//! One call is one attempt: [`send`] reports, besides the error, the core's retry
//! [`Outcome`] of the attempt; the retry loop (client.rs) asks the core's `RetryPolicy`.

use std::time::{Duration, UNIX_EPOCH};

use evovoice::request::WireRequest;
use evovoice::retry::parse_retry_after;
use evovoice::{Error, Outcome};
use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCredentials};

#[wasm_bindgen(module = "/js/evovoice.js")]
extern "C" {
    type Link;
    #[wasm_bindgen(js_name = linkSignal)]
    fn link_signal(caller: Option<AbortSignal>, timeout_ms: f64) -> Link;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &Link) -> AbortSignal;
    #[wasm_bindgen(method)]
    fn why(this: &Link) -> Option<String>;
    #[wasm_bindgen(method)]
    fn done(this: &Link);

    #[wasm_bindgen(js_name = fetchBytes)]
    fn fetch_bytes(
        method: &str,
        url: &str,
        headers: Array,
        body: Option<Uint8Array>,
        credentials: JsValue,
        signal: &AbortSignal,
        max_bytes: f64,
    ) -> Promise;

    #[wasm_bindgen(js_name = sleep)]
    fn sleep_js(ms: f64, signal: Option<AbortSignal>) -> Promise;

    type Answer;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Answer) -> u16;
    #[wasm_bindgen(method, getter, js_name = statusText)]
    fn status_text(this: &Answer) -> String;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Answer) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = tooLarge)]
    fn too_large(this: &Answer) -> Option<bool>;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Answer) -> Uint8Array;

    type Failure;
    #[wasm_bindgen(method, getter)]
    fn stage(this: &Failure) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn message(this: &Failure) -> Option<String>;
}

/// How to send.
pub struct SendOptions {
    /// The fetch credentials mode.
    pub credentials: Option<RequestCredentials>,
    /// The caller's abort signal.
    pub signal: Option<AbortSignal>,
    /// Milliseconds before giving up on this attempt (0: never).
    pub timeout_ms: f64,
    /// Largest response body accepted.
    pub max_response_bytes: f64,
}

/// A failed attempt: the error, and what it means for a retry.
pub type Failed = (Outcome, Error);

/// A complete answer.
pub struct Answered {
    /// The status code.
    pub status: u16,
    /// The reason phrase.
    pub reason: String,
    /// `Retry-After`, parsed by the core.
    pub retry_after: Option<Duration>,
    /// The body as fetch gave it (what `JSON.parse` reads when the core finds it canonical).
    pub body: Uint8Array,
    /// The body's bytes, copied into wasm memory for the core.
    pub bytes: Vec<u8>,
}

/// Sends `req` once.
///
/// A fetch that rejects before any answer is [`Outcome::ConnectFailed`] for GET and HEAD (fetch
/// cannot tell "connection refused" from "reset after the request went out", nor from a CORS
/// refusal, and only these methods are safe to send twice) and [`Outcome::Other`] for every other
/// method, so a POST is never sent again once a byte may have reached the server. A body that
/// breaks off, a timeout, an abort and a body over the size limit are [`Outcome::Other`].
pub async fn send(req: &WireRequest, opts: &SendOptions) -> Result<Answered, Failed> {
    let idempotent = matches!(req.method, http::Method::GET | http::Method::HEAD);
    let link = link_signal(opts.signal.clone(), opts.timeout_ms);
    let result = fetch(req, opts, &link.signal()).await;
    let why = link.why();
    link.done();
    match (result, why.as_deref()) {
        (Ok(Ok(res)), _) => Ok(res),
        (Ok(Err(e)), _) => Err((Outcome::Other, e)),
        (Err(_), Some("timeout")) => {
            let mut message = String::from("no complete answer within ");
            message.push_str(&(opts.timeout_ms as u64).to_string());
            message.push_str(" ms");
            Err((Outcome::Other, Error::Timeout { message }))
        }
        (Err(_), Some(_)) => Err((Outcome::Other, Error::Aborted)),
        (Err((sent, message)), None) => {
            let outcome = if idempotent && !sent { Outcome::ConnectFailed } else { Outcome::Other };
            Err((outcome, Error::Transport { message }))
        }
    }
}

/// Waits out a retry's backoff; `false` when the caller's signal aborted first.
pub async fn sleep(wait: Duration, signal: Option<AbortSignal>) -> bool {
    JsFuture::from(sleep_js(wait.as_secs_f64() * 1000.0, signal)).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

type Fetched = Result<Answered, Error>;

/// `Err((answered, message))` when fetch rejected; `Ok(Err(_))` for an answer refused here.
async fn fetch(req: &WireRequest, opts: &SendOptions, signal: &AbortSignal) -> Result<Fetched, (bool, String)> {
    let headers = Array::new();
    for h in &req.headers {
        headers.push(&Array::of2(&JsValue::from_str(&h.name), &JsValue::from_str(&h.value)));
    }
    let body = (!req.body.is_empty()).then(|| Uint8Array::from(req.body.as_slice()));
    let credentials = opts.credentials.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    // The URL goes to fetch exactly as the core built it.
    let promise = fetch_bytes(req.method.as_str(), &req.url, headers, body, credentials, signal, opts.max_response_bytes);
    let answer: Answer = match JsFuture::from(promise).await {
        Ok(a) => a.unchecked_into(),
        Err(e) => {
            let failure: &Failure = e.unchecked_ref();
            // Only a failure before any answer ("send") may be a connection that never opened.
            let answered = failure.stage().as_deref() != Some("send");
            return Err((answered, failure.message().unwrap_or_else(|| String::from("fetch failed"))));
        }
    };
    if answer.too_large() == Some(true) {
        return Ok(Err(too_large(opts.max_response_bytes)));
    }
    let status = answer.status();
    if !(100..=999).contains(&status) {
        return Ok(Err(Error::Transport { message: String::from("the server answered with an invalid status") }));
    }
    let retry_after = answer.retry_after().and_then(|v| parse_retry_after(&v, now()));
    let body = answer.body();
    let bytes = body.to_vec();
    Ok(Ok(Answered { status, reason: answer.status_text(), retry_after, body, bytes }))
}

/// The wall clock from JS (`SystemTime::now()` panics on wasm32-unknown-unknown).
fn now() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_millis(js_sys::Date::now() as u64)
}

fn too_large(limit: f64) -> Error {
    Error::response_too_large(limit as u64, "maxResponseBytes")
}
