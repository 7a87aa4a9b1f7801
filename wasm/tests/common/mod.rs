//! Helpers of the browser tests: they drive the exported JS API exactly as JS code would.
#![allow(dead_code)]

use evovoice_wasm::EvoVoiceClient;
use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The emulator started by the harness (wasm/scripts/with-emulator.mjs), at compile time.
pub fn emulator() -> &'static str {
    option_env!("EVOVOICE_EMULATOR_URL").expect("build these tests with EVOVOICE_EMULATOR_URL set (make test-wasm does)")
}

/// A server that accepts connections and never answers.
pub fn slow() -> &'static str {
    option_env!("EVOVOICE_SLOW_URL").expect("build these tests with EVOVOICE_SLOW_URL set (make test-wasm does)")
}

pub const TOKEN: &str = "evovoice-dev-token";

/// True when the harness started the emulator with `--faults`.
pub fn faults_on() -> bool {
    option_env!("EVOVOICE_EMULATOR_FAULTS").is_some()
}

/// A key of its own for the emulator's `times=N` counting.
pub fn key() -> String {
    format!("browser-{}", (js_sys::Math::random() * 1e15) as u64)
}

/// A JS value from JSON text.
pub fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

pub fn obj(json: &str) -> Object {
    js(json).unchecked_into()
}

pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

pub fn get_str(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

/// A JS value as serde_json, for comparisons.
pub fn to_json(v: &JsValue) -> serde_json::Value {
    if v.is_undefined() {
        return serde_json::Value::Null;
    }
    serde_json::from_str(&JSON::stringify(v).unwrap().as_string().unwrap()).unwrap()
}

pub fn client(base_url: &str, token: &str) -> EvoVoiceClient {
    let options = serde_json::json!({ "baseUrl": base_url, "bearerToken": token }).to_string();
    EvoVoiceClient::new(Some(obj(&options))).unwrap()
}

pub async fn ok(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!("rejected: {}", String::from(JSON::stringify(&e).unwrap_or_default()) + " " + &get_str(&e, "message").unwrap_or_default()),
    }
}

/// The rejection, checked to be an `EvoVoiceError` (a real `Error`).
pub async fn err(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected a rejection, got {}", to_json(&v)),
        Err(e) => {
            assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
            assert_eq!(get_str(&e, "name").as_deref(), Some("EvoVoiceError"));
            assert!(!get_str(&e, "message").unwrap_or_default().is_empty());
            e
        }
    }
}
