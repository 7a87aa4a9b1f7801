//! The public sans-IO pair: `buildRequest(operation, request, config)` and
//! `parseResponse(operation, { status, statusText, headers, body })`. Both only call the core.

use evovoice::Error;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use crate::client::check;
use crate::convert::{self, error_to_js, invalid};
use evovoice::OperationInfo;

fn op_named(operation: &JsValue) -> Result<&'static OperationInfo, Error> {
    let name = convert::string_arg(operation, "the operation name")?;
    evovoice::operations::find(&name).ok_or_else(|| invalid(["unknown operation `", &name, "`"].concat()))
}

/// Builds the HTTP request of an operation without sending it:
/// `{ method, url, headers, body }`. Throws an `EvoVoiceError` of kind `invalidRequest`.
#[wasm_bindgen(js_name = buildRequest, skip_typescript)]
pub fn build_request(operation: JsValue, request: JsValue, config: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        let op = op_named(&operation)?;
        let settings = convert::settings_from_js(&config)?;
        let text = convert::dto_json_from_js(&request, op.name())?;
        let req = evovoice::request::build_request_json(&settings.config, &op.target, op.request, &text)?;
        Ok(convert::request_to_js(&req))
    };
    run().map_err(|e| error_to_js(&e))
}

/// Decodes the answer to an operation into its value, or throws an `EvoVoiceError` (which
/// carries the answer's headers, and the core's reading of its request id and `Retry-After`;
/// an HTTP-date `Retry-After` is read against the answer's `Date`).
#[wasm_bindgen(js_name = parseResponse, skip_typescript)]
pub fn parse_response(operation: JsValue, response: JsValue) -> Result<JsValue, JsValue> {
    let op = op_named(&operation).map_err(|e| error_to_js(&e))?;
    let answer = convert::response_from_js(&response).map_err(|e| error_to_js(&e))?;
    let body = answer.body.unwrap_or_else(|| Uint8Array::from(answer.bytes.as_slice()));
    check(op, answer.status, answer.reason.as_deref(), body.into(), &answer.bytes).and_then(|c| c.to_js()).map_err(|e| {
        let headers = crate::snippet::as_headers(&answer.headers);
        let meta = convert::meta_from_js(answer.status, &headers, None);
        convert::error_with_headers(&e.with_meta(meta), &headers)
    })
}
