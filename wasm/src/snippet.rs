//! The imports of the package's JavaScript half (wasm/js/evovoice.js), in one block: one
//! module import in the glue (each `extern` block of the same module costs the glue a copy).

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::transport::Exchange;

#[wasm_bindgen(module = "/js/evovoice.js")]
extern "C" {
    /// `JSON.parse` of UTF-8 bytes from `start`, or the value of a fetched body (its chunks; see
    /// `fetchBytes`), checked by the core beforehand.
    #[wasm_bindgen(js_name = parseJson, catch)]
    pub(crate) fn parse_json(bytes: &JsValue, start: usize) -> Result<JsValue, JsValue>;

    /// `new EvoVoiceError(...)` (the class of wasm/js/evovoice.js).
    #[wasm_bindgen(js_name = EvoVoiceError)]
    pub(crate) type JsEvoVoiceError;

    #[wasm_bindgen(constructor, js_class = EvoVoiceError)]
    pub(crate) fn new(
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
    pub(crate) fn as_headers(headers: &JsValue) -> JsValue;

    /// See `convert::read_options`.
    #[wasm_bindgen(js_name = readOptions)]
    pub(crate) fn read_options_js(options: &JsValue, which: u8) -> JsValue;

    /// `headers.get(name)` of a `Headers`.
    #[wasm_bindgen(js_name = headerGet)]
    pub(crate) fn header_get(headers: &JsValue, name: &str) -> JsValue;

    /// Runs the attempts of `x` (see the `transport` module); resolves to what
    /// [`Exchange::finish`] gives.
    #[wasm_bindgen(js_name = run)]
    pub(crate) fn run_js(
        x: Exchange,
        method: &str,
        url: &str,
        headers: js_sys::Object,
        body: Option<Uint8Array>,
        credentials: &JsValue,
        signal: Option<AbortSignal>,
        timeout_ms: f64,
        max_bytes: f64,
        raw: bool,
        on_event: &JsValue,
        operation: &str,
        route: &str,
    ) -> Promise;

    /// The async generator of an `iter*` call over `pager`'s pages.
    pub(crate) fn iterate(pager: JsValue) -> JsValue;
}
