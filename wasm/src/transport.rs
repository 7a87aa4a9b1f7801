//! Sends an `http::Request` with `fetch` (gloo-net) and reads the whole answer. Works in
//! browsers, web workers and Node 18+ (global `fetch`). Timeouts and caller aborts share one
//! AbortController; which one fired decides the error kind.

use evovoice::{Error, ReasonPhrase};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
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
        (Err(_), Some("timeout")) => Err(Error::Timeout { message: format!("no complete answer within {} ms", opts.timeout_ms as u64) }),
        (Err(_), Some(_)) => Err(Error::Aborted),
        (Err(message), None) => Err(Error::Transport { message }),
    }
}

async fn fetch(req: http::Request<Vec<u8>>, credentials: Option<RequestCredentials>, signal: &AbortSignal) -> Result<http::Response<Vec<u8>>, String> {
    let js_err = |e: JsValue| -> String {
        js_sys::Reflect::get(&e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "fetch failed".to_owned())
    };
    let init = web_sys::RequestInit::new();
    init.set_method(req.method().as_str());
    let headers = web_sys::Headers::new().map_err(js_err)?;
    for (name, value) in req.headers() {
        let value = value.to_str().map_err(|_| format!("header `{name}` is not text"))?;
        headers.append(name.as_str(), value).map_err(js_err)?;
    }
    init.set_headers(&headers);
    if !req.body().is_empty() {
        init.set_body(&Uint8Array::from(req.body().as_slice()));
    }
    if let Some(c) = credentials {
        init.set_credentials(c);
    }
    init.set_signal(Some(signal));
    // The URL goes to fetch exactly as the core built it.
    let raw = web_sys::Request::new_with_str_and_init(&req.uri().to_string(), &init).map_err(js_err)?;
    let response = gloo_net::http::Request::from(raw).send().await.map_err(|e| gloo_message(&e))?;
    let body = response.binary().await.map_err(|e| gloo_message(&e))?;
    let mut out = http::Response::builder().status(response.status()).body(body).map_err(|e| e.to_string())?;
    out.extensions_mut().insert(ReasonPhrase(response.status_text()));
    Ok(out)
}

fn gloo_message(e: &gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(j) => j.message.clone(),
        other => other.to_string(),
    }
}
