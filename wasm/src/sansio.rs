//! The public sans-IO pair: `buildRequest(operation, request, config)` and
//! `parseResponse(operation, { status, statusText, headers, body })`. Both only call the core.

use evovoice::{AddConferenceMember, Error, GetSession, InviteChatMember, ListSessions, NewSession, Operation};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{self, error_to_js, invalid};

/// Calls `$f::<Op>($args)` for the operation named `$name` (names are the core's `Op::NAME`).
macro_rules! dispatch {
    ($name:expr, $f:ident ( $($arg:expr),* )) => {{
        let name: &str = $name;
        if name == NewSession::NAME { $f::<NewSession>($($arg),*) }
        else if name == ListSessions::NAME { $f::<ListSessions>($($arg),*) }
        else if name == GetSession::NAME { $f::<GetSession>($($arg),*) }
        else if name == AddConferenceMember::NAME { $f::<AddConferenceMember>($($arg),*) }
        else if name == InviteChatMember::NAME { $f::<InviteChatMember>($($arg),*) }
        else { Err(invalid(format!("unknown operation `{name}`"))) }
    }};
}

fn build<Op: Operation + DeserializeOwned>(request: &JsValue, config: &JsValue) -> Result<JsValue, Error> {
    let settings = convert::settings_from_js(config)?;
    let op: Op = convert::dto_from_js(request, Op::NAME)?;
    convert::request_to_js(&evovoice::build_request(&settings.config, &op)?)
}

fn parse<Op: Operation>(response: &JsValue) -> Result<JsValue, Error>
where
    Op::Response: Serialize,
{
    let res = convert::response_from_js(response)?;
    let (parts, body) = res.into_parts();
    let value = evovoice::parse_response::<Op>(http::Response::from_parts(parts, body.as_slice()))?;
    convert::to_js(&value)
}

/// Builds the HTTP request of an operation without sending it:
/// `{ method, url, headers, body }`. Throws an `EvoVoiceError` of kind `invalidRequest`.
#[wasm_bindgen(js_name = buildRequest, skip_typescript)]
pub fn build_request(operation: JsValue, request: JsValue, config: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        let name = convert::string_arg(&operation, "the operation name")?;
        dispatch!(&name, build(&request, &config))
    };
    run().map_err(|e| error_to_js(&e))
}

/// Decodes the answer to an operation into its value, or throws an `EvoVoiceError`.
#[wasm_bindgen(js_name = parseResponse, skip_typescript)]
pub fn parse_response(operation: JsValue, response: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        let name = convert::string_arg(&operation, "the operation name")?;
        dispatch!(&name, parse(&response))
    };
    run().map_err(|e| error_to_js(&e))
}
