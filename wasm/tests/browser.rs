//! The exported JS API in headless Chromium against the emulator: every operation, every shared
//! vector, paging, errors, a timeout and an abort.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use evovoice_wasm::{build_request, parse_response, EvoVoiceClient};
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn c() -> EvoVoiceClient {
    client(emulator(), TOKEN)
}

#[wasm_bindgen_test]
async fn every_operation() {
    let c = c();
    let s = ok(c.new_session(js(r#"{"displayName":"Browser","channel":"Chat"}"#), None)).await;
    let id = get_str(&s, "id").unwrap();
    assert_eq!(get_str(&s, "channel").as_deref(), Some("Chat"));
    let same = ok(c.get_session(JsValue::from_str(&id), None)).await;
    assert_eq!(get_str(&same, "id"), Some(id.clone()));
    let invite = serde_json::json!({"sessionId": id, "memberToAdd": "+15555550123", "callerId": "+15555550100"}).to_string();
    let after = ok(c.invite_chat_member(js(&invite), None)).await;
    assert!(to_json(&after)["members"].as_array().unwrap().iter().any(|m| m["identity"] == "+15555550123"));

    let voice = ok(c.new_session(js(r#"{"displayName":"Call","channel":"Voice","toAddress":"+15555550111"}"#), None)).await;
    let add = serde_json::json!({"sessionId": get_str(&voice, "id"), "destination": "+15555550112", "fromNumber": "+15555550100"}).to_string();
    let conf = ok(c.add_conference_member(js(&add), None)).await;
    assert!(get_str(&conf, "conferenceSid").is_some());

    let page = ok(c.list_sessions(js(r#"{"countPerPage":1}"#), None)).await;
    assert_eq!(Array::from(&get(&page, "items")).length(), 1);
}

#[wasm_bindgen_test]
async fn iter_sessions_walks_every_page() {
    let c = c();
    for i in 0..5 {
        ok(c.new_session(js(&format!(r#"{{"displayName":"walk {i}","channel":"Chat"}}"#)), None)).await;
    }
    let total = get(&ok(c.list_sessions(JsValue::UNDEFINED, None)).await, "totalCount").as_f64().unwrap() as usize;
    let it = c.iter_sessions(js(r#"{"countPerPage":2}"#), None).unwrap();
    let next: Function = get(&it, "next").unchecked_into();
    let mut ids = std::collections::BTreeSet::new();
    let mut n = 0;
    loop {
        let step = JsFuture::from(next.call0(&it).unwrap().unchecked_into::<js_sys::Promise>()).await.unwrap();
        if get(&step, "done").as_bool() == Some(true) {
            break;
        }
        ids.insert(get_str(&get(&step, "value"), "id").unwrap());
        n += 1;
    }
    assert!(total >= 5);
    assert_eq!(n, total);
    assert_eq!(ids.len(), total);
    // The iterator is async-iterable.
    let sym = js_sys::Symbol::async_iterator();
    assert!(Reflect::get(&it, &sym).unwrap().is_function());
}

#[wasm_bindgen_test]
async fn status_errors_map_to_evovoice_error() {
    let e = err(client(emulator(), "wrong").list_sessions(JsValue::UNDEFINED, None)).await;
    assert_eq!((get_str(&e, "kind").as_deref(), get(&e, "status").as_f64()), (Some("api"), Some(401.0)));

    let viewer = client(emulator(), "evovoice-viewer-token");
    let e = err(viewer.new_session(js(r#"{"displayName":"x","channel":"Chat"}"#), None)).await;
    assert_eq!((get_str(&e, "kind").as_deref(), get(&e, "status").as_f64()), (Some("api"), Some(403.0)));

    let e = err(c().get_session(JsValue::from_str("no-such-session"), None)).await;
    assert_eq!(get(&e, "status").as_f64(), Some(404.0));
    assert_eq!(get_str(&e, "errorCode").as_deref(), Some("NotFound"));
    assert_eq!(get_str(&get(&e, "responseStatus"), "errorCode").as_deref(), Some("NotFound"));

    let e = err(c().new_session(js(r#"{"displayName":"no channel"}"#), None)).await;
    assert_eq!(get(&e, "status").as_f64(), Some(400.0));
    let fields = to_json(&get(&e, "fieldErrors"));
    assert_eq!(fields[0]["fieldName"], "Channel");
    assert_eq!(fields[0]["errorCode"], "NotEmpty");

    let e = err(c().get_session(JsValue::from_str(""), None)).await;
    assert_eq!(get_str(&e, "kind").as_deref(), Some("invalidRequest"));
}

#[wasm_bindgen_test]
async fn timeout() {
    let c = client(slow(), TOKEN);
    let e = err(c.get_session(JsValue::from_str("x"), Some(obj(r#"{"timeoutMs":150}"#)))).await;
    assert_eq!(get_str(&e, "kind").as_deref(), Some("timeout"));
}

#[wasm_bindgen_test]
async fn abort() {
    let c = client(slow(), TOKEN);
    let ctl = web_sys::AbortController::new().unwrap();
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"signal".into(), &ctl.signal()).unwrap();
    let p = c.get_session(JsValue::from_str("x"), Some(opts));
    ctl.abort();
    let e = err(p).await;
    assert_eq!(get_str(&e, "kind").as_deref(), Some("aborted"));
}

#[wasm_bindgen_test]
async fn cookie_login_with_credentials_include() {
    let options = serde_json::json!({ "baseUrl": emulator(), "credentials": "include" }).to_string();
    let c = EvoVoiceClient::new(Some(obj(&options))).unwrap();
    let who = ok(c.login(JsValue::from_str("dev@evovoice.local"), JsValue::from_str("dev"), None)).await;
    assert_eq!(get_str(&who, "userName").as_deref(), Some("dev@evovoice.local"));
    assert!(get(&who, "sessionId").is_undefined());
    ok(c.list_sessions(JsValue::UNDEFINED, None)).await;
    assert_eq!(c.auth_scheme().as_string().unwrap(), "session");
    assert!(!format!("{:?}", c.base_url().as_string()).contains("dev\""));
}

#[wasm_bindgen_test]
fn every_shared_vector() {
    let all: Vec<serde_json::Value> = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/vectors.json"))).unwrap();
    assert!(all.len() >= 20);
    for v in &all {
        let name = v["name"].as_str().unwrap();
        let op = JsValue::from_str(v["operation"].as_str().unwrap());
        let c = &v["config"];
        let mut config = serde_json::json!({ "baseUrl": c["baseUrl"], "bearerToken": c["bearerToken"] });
        if let Some(b) = c.get("basicAuth") {
            config["userName"] = b["userName"].clone();
            config["password"] = b["password"].clone();
        }
        let built = build_request(op.clone(), js(&v["request"].to_string()), js(&config.to_string()));
        let Some(expect) = v.get("expect") else {
            check_error(name, &built.expect_err(name), &v["error"]);
            continue;
        };
        let req = to_json(&built.unwrap_or_else(|e| panic!("{name}: {}", get_str(&e, "message").unwrap_or_default())));
        assert_eq!(req["method"], expect["method"], "{name}");
        assert_eq!(req["url"], expect["url"], "{name}");
        for (h, want) in expect["headers"].as_object().unwrap() {
            assert_eq!(&req["headers"][h], want, "{name}: header {h}");
        }
        for h in expect.get("absentHeaders").and_then(|a| a.as_array()).into_iter().flatten() {
            assert!(req["headers"].get(h.as_str().unwrap()).is_none(), "{name}: {h} must be absent");
        }
        assert_eq!(req["body"], expect["body"], "{name}: body");
        let r = &v["response"];
        let response = serde_json::json!({"status": r["status"], "statusText": r["reason"], "headers": r["headers"], "body": r["body"]});
        match (parse_response(op, js(&response.to_string())), v.get("decoded")) {
            (Ok(value), Some(want)) => assert_eq!(&to_json(&value), want, "{name}: decoded"),
            (Err(e), None) => check_error(name, &e, &v["error"]),
            (Ok(value), None) => panic!("{name}: expected an error, got {}", to_json(&value)),
            (Err(e), Some(_)) => panic!("{name}: expected a value, got {}", get_str(&e, "message").unwrap_or_default()),
        }
    }
}

fn check_error(name: &str, e: &JsValue, want: &serde_json::Value) {
    assert!(e.is_instance_of::<js_sys::Error>(), "{name}: not an Error");
    assert_eq!(get_str(e, "kind").as_deref(), want["kind"].as_str(), "{name}: kind");
    if let Some(s) = want.get("status") {
        assert_eq!(get(e, "status").as_f64(), s.as_f64(), "{name}: status");
    }
    if let Some(code) = want.get("errorCode") {
        assert_eq!(get_str(e, "errorCode").as_deref(), code.as_str(), "{name}: errorCode");
    }
    if let Some(m) = want.get("message") {
        let rs = get(e, "responseStatus");
        let got = if rs.is_undefined() { None } else { get_str(&rs, "message") };
        assert_eq!(got.as_deref(), m.as_str(), "{name}: message");
    }
    if let Some(fields) = want.get("fieldErrors") {
        let got: Vec<serde_json::Value> = to_json(&get(e, "fieldErrors"))
            .as_array()
            .unwrap()
            .iter()
            .map(|f| serde_json::json!({"fieldName": f["fieldName"], "errorCode": f["errorCode"], "message": f["message"]}))
            .collect();
        assert_eq!(&serde_json::Value::from(got), fields, "{name}: fieldErrors");
    }
    if let Some(p) = want.get("path").and_then(|p| p.as_str()) {
        assert_eq!(get_str(e, "path").as_deref(), Some(p), "{name}: path");
    }
}
