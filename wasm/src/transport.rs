//! Sends an `http::Request` with `fetch` and reads the whole answer. Works in browsers, web
//! workers and Node 18+ (global `fetch`). Timeouts and caller aborts share one AbortController;
//! which one fired decides the error kind. The fetch call itself is a few lines of the package's
//! JS snippet (`fetchBytes`): the request goes to it exactly as the core built it.

use evovoice::{Error, ReasonPhrase};
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
    ) -> Promise;
    #[wasm_bindgen(js_name = errorMessage)]
    fn error_message(e: &JsValue) -> String;

    type Answer;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Answer) -> u16;
    #[wasm_bindgen(method, getter, js_name = statusText)]
    fn status_text(this: &Answer) -> String;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Answer) -> Uint8Array;
}

/// How to send.
pub struct SendOptions {
    /// The fetch credentials mode.
    pub credentials: Option<RequestCredentials>,
    /// The caller's abort signal.
    pub signal: Option<AbortSignal>,
    /// Milliseconds before giving up (0: never).
    pub timeout_ms: f64,
}

/// Sends `req`; the answer carries its reason phrase as a [`ReasonPhrase`] extension.
pub async fn send(req: http::Request<Vec<u8>>, opts: SendOptions) -> Result<http::Response<Vec<u8>>, Error> {
    let link = link_signal(opts.signal, opts.timeout_ms);
    let result = fetch(req, opts.credentials, &link.signal()).await;
    let why = link.why();
    link.done();
    match (result, why.as_deref()) {
        (Ok(res), _) => Ok(res),
        (Err(_), Some("timeout")) => {
            let mut message = String::from("no complete answer within ");
            message.push_str(&(opts.timeout_ms as u64).to_string());
            message.push_str(" ms");
            Err(Error::Timeout { message })
        }
        (Err(_), Some(_)) => Err(Error::Aborted),
        (Err(message), None) => Err(Error::Transport { message }),
    }
}

async fn fetch(req: http::Request<Vec<u8>>, credentials: Option<RequestCredentials>, signal: &AbortSignal) -> Result<http::Response<Vec<u8>>, String> {
    let headers = Array::new();
    for (name, value) in req.headers() {
        let value = value.to_str().map_err(|_| ["header `", name.as_str(), "` is not text"].concat())?;
        headers.push(&Array::of2(&JsValue::from_str(name.as_str()), &JsValue::from_str(value)));
    }
    let body = (!req.body().is_empty()).then(|| Uint8Array::from(req.body().as_slice()));
    let credentials = credentials.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    // The URL goes to fetch exactly as the core built it.
    let url = req.uri().to_string();
    let promise = fetch_bytes(req.method().as_str(), &url, headers, body, credentials, signal);
    let answer: Answer = JsFuture::from(promise).await.map_err(|e| error_message(&e))?.unchecked_into();
    let mut out = http::Response::new(answer.body().to_vec());
    *out.status_mut() = http::StatusCode::from_u16(answer.status()).map_err(|_| String::from("the server answered with an invalid status"))?;
    out.extensions_mut().insert(ReasonPhrase(answer.status_text()));
    Ok(out)
}
