//! Smoke test: the client inside a dedicated Web Worker (no `window`).
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn client_works_in_a_worker() {
    assert!(js_sys::global().is_instance_of::<web_sys::WorkerGlobalScope>());
    let c = client(emulator(), TOKEN);
    let s = ok(c.new_session(js(r#"{"displayName":"Worker","channel":"Chat"}"#), None)).await;
    let id = get_str(&s, "id").unwrap();
    assert_eq!(get_str(&ok(c.get_session(JsValue::from_str(&id), None)).await, "id"), Some(id));
    let e = err(c.get_session(JsValue::from_str("no-such-session"), None)).await;
    assert_eq!(get(&e, "status").as_f64(), Some(404.0));
    let e = err(client(slow(), TOKEN).get_session(JsValue::from_str("x"), Some(obj(r#"{"timeoutMs":100}"#)))).await;
    assert_eq!(get_str(&e, "kind").as_deref(), Some("timeout"));
}
