//! Per-call options and response metadata (issue 13) in headless Chromium: the exported
//! `EvoVoiceClient` against the emulator started with `--faults` (wasm.mk). A call asks for a
//! fault with a per-call header (`X-Evovoice-Fault`, which the emulator's CORS preflight allows);
//! attempts are counted with the emulator's `times=N` under a key of the test's own, as
//! tests/faults.rs counts them.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use evovoice_wasm::EvoVoiceClient;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn plain() -> EvoVoiceClient {
    client(emulator(), TOKEN)
}

/// Call options `{ ...extra, headers: { "X-Evovoice-Fault": fault } }`.
fn fault(text: &str, extra: serde_json::Value) -> Object {
    let mut o = extra;
    o.as_object_mut().unwrap().insert("headers".into(), serde_json::json!({ "X-Evovoice-Fault": text }));
    obj(&o.to_string())
}

fn list(c: &EvoVoiceClient, options: Object) -> Promise {
    c.list_sessions(JsValue::UNDEFINED, Some(options))
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn flag(e: &JsValue, name: &str) -> bool {
    get(e, name).as_bool().unwrap_or_else(|| panic!("{name} is not a boolean"))
}

fn is_headers(v: &JsValue) -> bool {
    let ctor = Reflect::get(&js_sys::global(), &"Headers".into()).unwrap();
    v.is_instance_of::<Object>() && v.unchecked_ref::<Object>().constructor() == ctor.unchecked_into::<js_sys::Function>()
}

fn header(headers: &JsValue, name: &str) -> Option<String> {
    let get: js_sys::Function = Reflect::get(headers, &"get".into()).unwrap().unchecked_into();
    get.call1(headers, &name.into()).unwrap().as_string()
}

/// As tests/faults.rs `attempts`, with the fault and `extra` as per-call options.
async fn attempts(text: &str, extra: serde_json::Value) -> i32 {
    let c = plain();
    for times in 1..=5 {
        let f = format!("{text}; times={times}; key={}", key());
        if JsFuture::from(list(&c, fault(&f, extra.clone()))).await.is_ok() {
            continue;
        }
        return if JsFuture::from(list(&c, fault(&f, serde_json::json!({ "maxRetries": 0 })))).await.is_ok() { times } else { -times };
    }
    i32::MAX
}

async fn a_session() -> String {
    let s = ok(plain().new_session(js(r#"{"displayName":"browser options","channel":"Chat"}"#), None)).await;
    get_str(&s, "id").unwrap()
}

#[wasm_bindgen_test]
async fn a_per_call_timeout_shorter_than_the_clients_ends_the_call_then() {
    if !faults_on() {
        return;
    }
    let c = EvoVoiceClient::new(Some(obj(&serde_json::json!({ "baseUrl": emulator(), "bearerToken": TOKEN, "timeoutMs": 10000 }).to_string()))).unwrap();
    let t0 = now();
    let e = err(list(&c, fault("delay; 2000", serde_json::json!({ "timeoutMs": 300 })))).await;
    let took = now() - t0;
    assert_eq!(get_str(&e, "kind").as_deref(), Some("timeout"));
    assert!(!flag(&e, "isConnectionError"));
    assert!((299.0..450.0).contains(&took), "took {took} ms");
}

#[wasm_bindgen_test]
async fn per_call_max_retries_zero_stops_a_gets_retries() {
    if !faults_on() {
        return;
    }
    assert_eq!(attempts("503; 0", serde_json::json!({})).await, 3, "the client's default: 2 retries");
    assert_eq!(attempts("503; 0", serde_json::json!({ "maxRetries": 0 })).await, 1);
    assert_eq!(attempts("503; 0", serde_json::json!({ "maxRetries": 1 })).await, 2);
}

#[wasm_bindgen_test]
async fn per_call_headers_reach_the_server_and_follow_the_client_header_rules() {
    if !faults_on() {
        return;
    }
    let id = a_session().await;
    let c = plain();
    let e = err(c.get_session(JsValue::from_str(&id), Some(fault("500", serde_json::json!({}))))).await;
    assert_eq!(get(&e, "status").as_f64(), Some(500.0), "the per-call fault header reached the emulator");
    assert_eq!(get_str(&ok(c.get_session(JsValue::from_str(&id), None)).await, "id"), Some(id.clone()));
    // A per-call header replaces the client's of the same name.
    let faulty = EvoVoiceClient::new(Some(obj(
        &serde_json::json!({ "baseUrl": emulator(), "bearerToken": TOKEN, "headers": { "X-Evovoice-Fault": "500" } }).to_string(),
    )))
    .unwrap();
    err(faulty.get_session(JsValue::from_str(&id), None)).await;
    ok(faulty.get_session(JsValue::from_str(&id), Some(obj(r#"{"headers":{"x-evovoice-fault":"delay; 1"}}"#)))).await;
    for name in ["Authorization", "Content-Type", "X-ss-id"] {
        let options = obj(&serde_json::json!({ "headers": { name: "Bearer hdr-secret" } }).to_string());
        let e = err(c.get_session(JsValue::from_str(&id), Some(options))).await;
        assert_eq!(get_str(&e, "kind").as_deref(), Some("invalidRequest"), "{name}");
        assert!(!get_str(&e, "message").unwrap().contains("hdr-secret"));
    }
}

#[wasm_bindgen_test]
async fn raw_gives_the_status_the_headers_and_the_data() {
    let id = a_session().await;
    let r = ok(plain().get_session(JsValue::from_str(&id), Some(obj(r#"{"raw":true}"#)))).await;
    assert_eq!(get(&r, "status").as_f64(), Some(200.0));
    let headers = get(&r, "headers");
    assert!(is_headers(&headers), "a Headers");
    assert!(header(&headers, "content-type").unwrap().starts_with("application/json"));
    assert_eq!(get_str(&get(&r, "data"), "id"), Some(id));
    let page = ok(plain().list_sessions(JsValue::UNDEFINED, Some(obj(r#"{"raw":true}"#)))).await;
    assert!(get(&get(&page, "data"), "totalCount").as_f64().is_some());
}

#[wasm_bindgen_test]
async fn errors_say_rate_limited_server_error_or_connection_error() {
    if !faults_on() {
        return;
    }
    let c = plain();
    let e = err(list(&c, fault("429; 7", serde_json::json!({ "maxRetries": 0 })))).await;
    assert_eq!(get(&e, "status").as_f64(), Some(429.0));
    assert!(flag(&e, "isRateLimited") && !flag(&e, "isServerError") && !flag(&e, "isConnectionError"));
    assert_eq!(get(&e, "retryAfter").as_f64(), Some(7.0), "Retry-After is exposed by the emulator's CORS");
    assert!(get_str(&e, "message").unwrap().contains("try again in 7 s"), "{:?}", get_str(&e, "message"));
    assert!(is_headers(&get(&e, "headers")));
    assert!(get(&e, "requestId").is_undefined());

    let e = err(list(&c, fault("503; 0", serde_json::json!({ "maxRetries": 0 })))).await;
    assert_eq!(get(&e, "status").as_f64(), Some(503.0));
    assert!(flag(&e, "isServerError") && !flag(&e, "isRateLimited") && !flag(&e, "isConnectionError"));

    // A port the harness bound and closed (port 9 would be refused by fetch itself, unconnected).
    let closed = option_env!("EVOVOICE_CLOSED_URL").expect("run through wasm/scripts/with-emulator.mjs");
    let nowhere = EvoVoiceClient::new(Some(obj(&serde_json::json!({ "baseUrl": closed, "bearerToken": TOKEN, "maxRetries": 0 }).to_string()))).unwrap();
    let e = err(nowhere.list_sessions(JsValue::UNDEFINED, None)).await;
    assert_eq!(get_str(&e, "kind").as_deref(), Some("transport"));
    assert!(flag(&e, "isConnectionError") && !flag(&e, "isServerError") && !flag(&e, "isRateLimited"));
    assert!(get(&e, "headers").is_undefined() && get(&e, "status").is_undefined());
    // The core's sub-kind, and the browser's own error kept as the cause.
    assert_eq!(get_str(&e, "transportKind").as_deref(), Some("connect"));
    assert!(get(&e, "cause").is_instance_of::<js_sys::Error>(), "{:?}", get(&e, "cause"));
}

#[wasm_bindgen_test]
async fn set_bearer_token_replaces_the_credentials_of_a_live_client() {
    let id = a_session().await;
    let c = client(emulator(), "wrong-token");
    let e = err(c.get_session(JsValue::from_str(&id), None)).await;
    assert_eq!(get(&e, "status").as_f64(), Some(401.0));
    c.set_bearer_token(JsValue::from_str(TOKEN)).unwrap();
    assert_eq!(get_str(&ok(c.get_session(JsValue::from_str(&id), None)).await, "id"), Some(id.clone()));
    let e = c.set_bearer_token(JsValue::from_str("")).unwrap_err();
    assert_eq!(get_str(&e, "kind").as_deref(), Some("invalidRequest"));
    ok(c.get_session(JsValue::from_str(&id), None)).await;
}
