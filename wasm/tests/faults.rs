//! The fault matrix (issue 6) in headless Chromium: the exported `EvoVoiceClient` against the
//! emulator started with `--faults` (wasm.mk). A client selects a fault with its `headers`
//! option (`X-Evovoice-Fault`, allowed by the emulator's CORS preflight; `Retry-After` is
//! exposed to scripts). Attempts are counted with the emulator's `times=N` under a key of the
//! test's own (see [`attempts`]). Every rejection is checked to be an `EvoVoiceError` (`err`),
//! never a panic, an `unreachable` or a thrown string.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use evovoice_wasm::EvoVoiceClient;
use js_sys::{Array, Function, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A client whose every request carries `fault`; `extra` is more options as JSON members.
fn faulty(fault: &str, extra: &str) -> EvoVoiceClient {
    let mut options = serde_json::json!({ "baseUrl": emulator(), "bearerToken": TOKEN, "headers": { "X-Evovoice-Fault": fault } });
    if !extra.is_empty() {
        let more: serde_json::Value = serde_json::from_str(extra).unwrap();
        options.as_object_mut().unwrap().extend(more.as_object().unwrap().clone());
    }
    EvoVoiceClient::new(Some(obj(&options.to_string()))).unwrap()
}

fn plain() -> EvoVoiceClient {
    client(emulator(), TOKEN)
}

fn list(c: &EvoVoiceClient) -> Promise {
    c.list_sessions(JsValue::UNDEFINED, None)
}

fn kind(e: &JsValue) -> String {
    get_str(e, "kind").unwrap_or_default()
}

fn status(e: &JsValue) -> Option<f64> {
    get(e, "status").as_f64()
}

fn message(e: &JsValue) -> String {
    get_str(e, "message").unwrap_or_default()
}

/// The rejection, checked: an EvoVoiceError whose message is not a panic.
async fn fails(p: Promise) -> JsValue {
    let e = err(p).await;
    let m = message(&e);
    assert!(!m.contains("unreachable") && !m.contains("panicked"), "{m}");
    e
}

/// Resolves after `ms` (the global setTimeout, in a window or a worker).
async fn sleep(ms: f64) {
    let p = Promise::new(&mut |resolve, _| {
        let set: Function = Reflect::get(&js_sys::global(), &"setTimeout".into()).unwrap().unchecked_into();
        set.call2(&JsValue::NULL, &resolve, &ms.into()).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// How many times `fetch` was called in this page (a counting wrapper, installed once).
fn fetch_calls() -> f64 {
    let install = Function::new_no_args(
        "const g = globalThis; if (g.__evovoiceFetches === undefined) { const f = g.fetch; g.__evovoiceFetches = 0; \
         g.fetch = function (...a) { g.__evovoiceFetches++; return f.apply(this, a); }; } return g.__evovoiceFetches;",
    );
    install.call0(&JsValue::NULL).unwrap().as_f64().unwrap()
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// A few sessions so that pages have items (the harness's emulator has no seed).
async fn seed() -> EvoVoiceClient {
    let c = plain();
    let total = get(&ok(list(&c)).await, "totalCount").as_f64().unwrap_or(0.0) as usize;
    for i in total..3 {
        ok(c.new_session(js(&format!(r#"{{"displayName":"faults {i}","channel":"Voice","toAddress":"+15555550111"}}"#)), None)).await;
    }
    c
}

/// How many requests one failing listSessions call with `fault` made: under a fresh key the
/// fault hits the first `times` requests; a failing call made exactly `times` attempts when a
/// following single-attempt call is served.
async fn attempts(fault: &str, extra: &str) -> i32 {
    for times in 1..=5 {
        let text = format!("{fault}; times={times}; key={}", key());
        if JsFuture::from(list(&faulty(&text, extra))).await.is_ok() {
            continue;
        }
        return if JsFuture::from(list(&faulty(&text, r#"{"maxRetries":0}"#))).await.is_ok() { times } else { -times };
    }
    i32::MAX
}

#[wasm_bindgen_test]
async fn status_500_and_502_html_are_api_errors() {
    if !faults_on() {
        return;
    }
    let e = fails(list(&faulty("500", ""))).await;
    assert_eq!((kind(&e).as_str(), status(&e)), ("api", Some(500.0)));
    assert_eq!(get_str(&e, "errorCode").as_deref(), Some("NullReferenceException"));
    assert!(message(&e).contains("HTTP 500 NullReferenceException: Object reference not set"), "{}", message(&e));
    assert_eq!(attempts("500", "").await, 1, "a 500 is not retried");

    let e = fails(list(&faulty("502-html", r#"{"maxRetries":0}"#))).await;
    assert_eq!((kind(&e).as_str(), status(&e)), ("api", Some(502.0)));
    assert_eq!(get_str(&e, "errorCode").as_deref(), Some("502"));
    assert_eq!(get_str(&get(&e, "responseStatus"), "message").as_deref(), Some("Bad Gateway"));
    assert_eq!(attempts("502-html", "").await, 3, "a GET is tried 1 + 2 times");
}

#[wasm_bindgen_test]
async fn gets_retry_503_429_504_within_the_limit() {
    if !faults_on() {
        return;
    }
    seed().await;
    let page = ok(list(&faulty(&format!("503; 0; times=2; key={}", key()), ""))).await;
    assert!(Array::from(&get(&page, "items")).length() > 0);
    ok(list(&faulty(&format!("429; 0; times=2; key={}", key()), ""))).await;
    ok(list(&faulty(&format!("504; times=2; key={}", key()), ""))).await;
    let e = fails(list(&faulty(&format!("503; 0; times=3; key={}", key()), ""))).await;
    assert_eq!(status(&e), Some(503.0));
    let e = fails(list(&faulty(&format!("503; 0; times=2; key={}", key()), r#"{"maxRetries":1}"#))).await;
    assert_eq!(status(&e), Some(503.0));
    for fault in ["503; 0", "429; 0", "504"] {
        assert_eq!(attempts(fault, "").await, 3, "{fault}");
    }
    assert_eq!(attempts("503; 0", r#"{"maxRetries":0}"#).await, 1);
    // getSession retries too.
    let id = get_str(&Array::from(&get(&page, "items")).get(0), "id").unwrap();
    let s = ok(faulty(&format!("503; 0; times=2; key={}", key()), "").get_session(JsValue::from_str(&id), None)).await;
    assert_eq!(get_str(&s, "id"), Some(id));
}

#[wasm_bindgen_test]
async fn retry_after_is_read_from_the_response_and_honoured() {
    if !faults_on() {
        return;
    }
    let t0 = now();
    ok(list(&faulty(&format!("503; 1; times=1; key={}", key()), ""))).await;
    let took = now() - t0;
    assert!((990.0..1800.0).contains(&took), "waited {took} ms");
    // Longer than 30 s: not waited for.
    let t0 = now();
    let e = fails(list(&faulty(&format!("429; 60; key={}", key()), ""))).await;
    assert_eq!(status(&e), Some(429.0));
    assert!(now() - t0 < 1000.0);
}

#[wasm_bindgen_test]
async fn posts_are_never_retried() {
    if !faults_on() {
        return;
    }
    let chat = js(r#"{"displayName":"never twice","channel":"Chat"}"#);
    for fault in ["503; 0", "429; 0", "502-html", "504"] {
        let c = faulty(&format!("{fault}; times=2; key={}", key()), "");
        for _ in 0..2 {
            let e = fails(c.new_session(chat.clone(), None)).await;
            assert_eq!(kind(&e), "api", "{fault}");
        }
        ok(c.new_session(chat.clone(), None)).await;
    }
    // A timed-out POST is not sent again.
    let slow = faulty(&format!("delay; 600; times=1; key={}", key()), r#"{"timeoutMs":200}"#);
    assert_eq!(kind(&fails(slow.new_session(chat.clone(), None)).await), "timeout");
    let t0 = now();
    ok(slow.new_session(chat, None)).await;
    assert!(now() - t0 < 200.0, "the delay was used up by the one attempt");
}

#[wasm_bindgen_test]
async fn truncated_invalid_and_wrong_typed_bodies_are_decode_errors_with_a_path() {
    if !faults_on() {
        return;
    }
    let c = seed().await;
    let e = fails(list(&faulty("truncated", ""))).await;
    assert_eq!((kind(&e).as_str(), status(&e)), ("decode", Some(200.0)));
    assert!(get_str(&e, "path").unwrap().starts_with("items"));
    assert!(message(&e).contains("could not decode"), "{}", message(&e));
    let e = fails(list(&faulty("invalid-json", ""))).await;
    assert_eq!((kind(&e).as_str(), status(&e)), ("decode", Some(200.0)));
    assert!(message(&e).contains("not json"), "{}", message(&e));
    assert_eq!(attempts("truncated", "").await, 1, "decode errors are not retried");
    for (fault, path) in [
        ("wrong-types", "items[0].ended"),
        ("wrong-types; muted", "items[0].members[0].muted"),
        ("wrong-types; members", "items[0].members"),
    ] {
        let e = fails(list(&faulty(fault, ""))).await;
        assert_eq!(kind(&e), "decode", "{fault}");
        assert_eq!(get_str(&e, "path").as_deref(), Some(path), "{fault}");
        assert!(message(&e).contains("invalid type") && message(&e).contains(path), "{}", message(&e));
    }
    let id = get_str(&Array::from(&get(&ok(list(&c)).await, "items")).get(0), "id").unwrap();
    let e = fails(faulty("wrong-types", "").get_session(JsValue::from_str(&id), None)).await;
    assert_eq!(get_str(&e, "path").as_deref(), Some("ended"));
}

#[wasm_bindgen_test]
async fn a_body_cut_short_or_dropped_is_a_transport_error() {
    if !faults_on() {
        return;
    }
    seed().await;
    for fault in ["truncated; full-length", "drop"] {
        // Counted at fetch, not at the emulator: Chromium itself may resend a GET whose
        // connection died mid-answer, which the emulator would count as a second attempt.
        let before = fetch_calls();
        let e = fails(list(&faulty(fault, ""))).await;
        assert_eq!(fetch_calls() - before, 1.0, "{fault}: not retried by the client");
        assert_eq!(kind(&e), "transport", "{fault}: {}", message(&e));
        assert!(message(&e).starts_with("transport error: "), "{}", message(&e));
        assert!(get(&e, "status").is_undefined());
    }
    ok(list(&plain())).await;
}

#[wasm_bindgen_test]
async fn unknown_values_and_fields_are_kept_not_errors() {
    if !faults_on() {
        return;
    }
    let c = seed().await;
    let before = to_json(&ok(list(&c)).await);
    let odd = to_json(&ok(list(&faulty("unknown-values", ""))).await);
    let (a, b) = (odd["items"].as_array().unwrap(), before["items"].as_array().unwrap());
    assert_eq!(a.len(), b.len());
    assert!(!a.is_empty());
    for (s, t) in a.iter().zip(b) {
        assert_eq!(s["id"], t["id"]);
        assert_eq!(s["channel"].as_str().unwrap(), format!("FutureValue{}", t["channel"].as_str().unwrap()));
        for (m, n) in s["members"].as_array().into_iter().flatten().zip(t["members"].as_array().into_iter().flatten()) {
            assert_eq!(m["role"].as_str().unwrap(), format!("FutureValue{}", n["role"].as_str().unwrap()));
            assert_eq!(m["applicationData"], n["applicationData"]);
        }
    }
}

#[wasm_bindgen_test]
async fn huge_bodies_hit_max_response_bytes() {
    if !faults_on() {
        return;
    }
    seed().await;
    let t0 = now();
    let e = fails(list(&faulty("huge; 4", r#"{"maxResponseBytes":1048576}"#))).await;
    assert_eq!(kind(&e), "transport");
    assert!(message(&e).contains("larger than the 1048576-byte limit"), "{}", message(&e));
    assert!(now() - t0 < 5000.0);
    // Not retried. Counted at fetch, not at the emulator: after a cancelled download Chromium
    // may itself send a GET again on a fresh connection (its transparent resend of a request
    // whose reused connection closed), which the emulator would count.
    let before = fetch_calls();
    let e = fails(list(&faulty("huge; 2", r#"{"maxResponseBytes":1048576}"#))).await;
    assert_eq!(kind(&e), "transport");
    assert_eq!(fetch_calls() - before, 1.0, "one attempt");
    let before = fetch_calls();
    fails(list(&faulty("503; 0", ""))).await;
    assert_eq!(fetch_calls() - before, 3.0, "the counter sees retries");
    let e = fails(list(&client_with(r#"{"maxResponseBytes":10}"#))).await;
    assert!(message(&e).contains("larger than the 10-byte limit"), "{}", message(&e));
    // Under the default 64 MiB: a value (the unknown field on the page's envelope dropped, as
    // the Rust ListResponse drops it).
    let page = ok(list(&faulty("huge; 4", ""))).await;
    assert!(get(&page, "hugePadding").is_undefined());
}

fn client_with(extra: &str) -> EvoVoiceClient {
    let mut options = serde_json::json!({ "baseUrl": emulator(), "bearerToken": TOKEN });
    let more: serde_json::Value = serde_json::from_str(extra).unwrap();
    options.as_object_mut().unwrap().extend(more.as_object().unwrap().clone());
    EvoVoiceClient::new(Some(obj(&options.to_string()))).unwrap()
}

#[wasm_bindgen_test]
async fn a_delay_longer_than_the_timeout_is_a_timeout_within_a_small_margin() {
    if !faults_on() {
        return;
    }
    let timeout = 400.0;
    let c = faulty("delay; 3000", r#"{"timeoutMs":400}"#);
    let t0 = now();
    let e = fails(list(&c)).await;
    let took = now() - t0;
    assert_eq!(kind(&e), "timeout");
    assert!(message(&e).contains("timed out"));
    console_log!("browser: timeout {timeout} ms -> error after {took} ms (margin {} ms)", took - timeout);
    assert!(took >= timeout - 1.0 && took < timeout + 150.0, "took {took} ms");
    let k = key();
    let e = fails(list(&faulty(&format!("delay; 600; times=1; key={k}"), r#"{"timeoutMs":150}"#))).await;
    assert_eq!(kind(&e), "timeout");
    ok(list(&faulty(&format!("delay; 600; times=1; key={k}"), r#"{"timeoutMs":150}"#))).await;
}

#[wasm_bindgen_test]
async fn abort_stops_a_call_and_a_retry_wait_and_the_client_stays_usable() {
    if !faults_on() {
        return;
    }
    for fault in ["delay; 5000".to_owned(), format!("503; 10; key={}", key())] {
        let c = faulty(&fault, "");
        let ctl = web_sys::AbortController::new().unwrap();
        let opts = js_sys::Object::new();
        Reflect::set(&opts, &"signal".into(), &ctl.signal()).unwrap();
        let t0 = now();
        let p = c.list_sessions(JsValue::UNDEFINED, Some(opts));
        sleep(150.0).await;
        ctl.abort();
        let e = fails(p).await;
        assert_eq!(kind(&e), "aborted", "{fault}");
        assert!(now() - t0 < 600.0, "{fault}: stopped after {} ms", now() - t0);
    }
    ok(list(&plain())).await;
    ok(list(&faulty("delay; 10", ""))).await;
}

#[wasm_bindgen_test]
async fn no_error_or_client_text_carries_a_secret() {
    if !faults_on() {
        return;
    }
    let basic = "ZGV2QGV2b3ZvaWNlLmxvY2FsOmRldg"; // base64("dev@evovoice.local:dev")
    for fault in ["500", "502-html", "503", "504", "429", "truncated", "truncated; full-length", "invalid-json", "wrong-types", "delay; 1000", "drop"] {
        for extra in [
            r#"{"timeoutMs":300,"maxRetries":0}"#,
            r#"{"timeoutMs":300,"maxRetries":0,"bearerToken":null,"userName":"dev@evovoice.local","password":"dev"}"#,
        ] {
            let c = faulty(fault, extra);
            // What toString/toJSON show (the npm entry builds them from these two getters).
            let text = format!("{:?} {:?}", c.base_url().as_string(), c.auth_scheme().as_string());
            assert!(!text.contains(TOKEN) && !text.contains("\"dev\""), "{text}");
            let e = fails(list(&c)).await;
            let shown = format!("{} {} {}", message(&e), JSON::stringify(&e).unwrap().as_string().unwrap(), String::from(e.unchecked_ref::<js_sys::Error>().to_string()));
            assert!(!shown.contains(TOKEN) && !shown.contains(basic), "{fault}: {shown}");
        }
    }
}

const HOSTILE: &[&str] = &[
    "a/b", "a/../b", "../../auth/logout", "./x", ".", "..", "?", "#", "a?b=c&d#e", "%", "%2F", "%zz", " ", "a+b", "é", "日本", "🎧",
    "back\\slash", "quote\"'<>",
];

#[wasm_bindgen_test]
async fn hostile_ids_come_back_exactly_in_the_404() {
    let c = plain();
    for id in HOSTILE {
        let calls = [
            c.get_session(JsValue::from_str(id), None),
            c.invite_chat_member(js(&serde_json::json!({"sessionId": id, "memberToAdd": "+15550100"}).to_string()), None),
            c.add_conference_member(js(&serde_json::json!({"sessionId": id, "destination": "+15550100"}).to_string()), None),
        ];
        for p in calls {
            let e = fails(p).await;
            assert_eq!(status(&e), Some(404.0), "{id:?}");
            assert_eq!(get_str(&get(&e, "responseStatus"), "message"), Some(format!("Session '{id}' was not found")));
        }
    }
    // Control characters and empty ids: refused before any I/O (nothing listens on port 9).
    let nowhere = client("http://127.0.0.1:9", TOKEN);
    for id in ["", "\0", "a\nb", "\t", "x\u{1b}[0m", "del\u{7f}", "c1\u{85}"] {
        let e = fails(nowhere.get_session(JsValue::from_str(id), None)).await;
        assert_eq!(kind(&e), "invalidRequest", "{id:?}");
        let e = fails(nowhere.invite_chat_member(js(&serde_json::json!({"sessionId": id, "memberToAdd": "x"}).to_string()), None)).await;
        assert_eq!(kind(&e), "invalidRequest", "{id:?}");
    }
}

#[wasm_bindgen_test]
fn credentials_never_go_in_clear_text_and_headers_cannot_replace_authorization() {
    for options in [
        r#"{"baseUrl":"http://evovoice.io","bearerToken":"t-secret"}"#,
        r#"{"baseUrl":"http://evovoice.io","userName":"me","password":"p-secret"}"#,
    ] {
        let e = match EvoVoiceClient::new(Some(obj(options))) {
            Err(e) => e,
            Ok(_) => panic!("{options}: accepted"),
        };
        assert!(e.is_instance_of::<js_sys::Error>());
        assert_eq!(kind(&e), "invalidRequest");
        assert!(!message(&e).contains("secret"));
    }
    assert!(EvoVoiceClient::new(Some(obj(r#"{"baseUrl":"http://evovoice.io","bearerToken":"t","allowInsecureHttp":true}"#))).is_ok());
    for name in ["Authorization", "X-ss-id", "Accept"] {
        let options = serde_json::json!({ "baseUrl": emulator(), "bearerToken": TOKEN, "headers": { name: "Bearer evil" } }).to_string();
        let e = EvoVoiceClient::new(Some(obj(&options))).err().unwrap_or_else(|| panic!("{name}: accepted"));
        assert_eq!(kind(&e), "invalidRequest", "{name}");
    }
}
