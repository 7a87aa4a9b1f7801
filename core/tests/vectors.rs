//! Runs every shared vector in tests/vectors/*.json through the sans-IO pair.

use std::path::PathBuf;

use evovoice::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The vector files: tests/vectors, then those of the directories in `EVOVOICE_EXTRA_VECTORS`
/// (`:`-separated, relative to the repository; e.g. the test-only operation's).
fn vector_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let extra = std::env::var("EVOVOICE_EXTRA_VECTORS").unwrap_or_default();
    let mut all = Vec::new();
    for dir in std::iter::once("tests/vectors").chain(extra.split(':').filter(|d| !d.is_empty())) {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        all.extend(files);
    }
    all
}

fn config_of(v: &Value) -> Config {
    let c = &v["config"];
    let mut config = Config::new(c["baseUrl"].as_str().unwrap_or(DEFAULT_BASE_URL)).unwrap();
    if let Some(t) = c["bearerToken"].as_str() {
        config = config.with_bearer_token(t).unwrap();
    }
    if let Some(b) = c.get("basicAuth") {
        config = config.with_basic_auth(b["userName"].as_str().unwrap(), b["password"].as_str().unwrap()).unwrap();
    }
    config
}

fn check_error(name: &str, err: &Error, want: &Value) {
    assert_eq!(err.kind().as_str(), want["kind"], "{name}: kind of {err:?}");
    if let Some(status) = want.get("status") {
        assert_eq!(Value::from(err.status()), *status, "{name}: status");
    }
    if let Some(code) = want.get("errorCode") {
        assert_eq!(err.error_code(), code.as_str(), "{name}: errorCode");
    }
    if let Some(msg) = want.get("message") {
        assert_eq!(err.response_status().and_then(|r| r.message.as_deref()), msg.as_str(), "{name}: message");
    }
    if let Some(fields) = want.get("fieldErrors") {
        let got: Vec<Value> = err
            .field_errors()
            .iter()
            .map(|f| serde_json::json!({"fieldName": f.field_name, "errorCode": f.error_code, "message": f.message}))
            .collect();
        assert_eq!(Value::from(got), *fields, "{name}: fieldErrors");
    }
    if let Some(path) = want.get("path") {
        match err {
            Error::Decode { path: got, .. } => assert_eq!(got, path.as_str().unwrap(), "{name}: path"),
            other => panic!("{name}: expected a decode error, got {other:?}"),
        }
    }
    // The answer's metadata (null: absent).
    if let Some(id) = want.get("requestId") {
        assert_eq!(err.request_id(), id.as_str(), "{name}: requestId");
    }
    if let Some(wait) = want.get("retryAfter") {
        assert_eq!(err.retry_after().map(|d| d.as_secs()), wait.as_u64(), "{name}: retryAfter");
    }
    assert!(!err.to_string().is_empty());
}

/// The metadata of a successful answer (`meta`).
fn check_meta(name: &str, meta: &ResponseMeta, want: &Value) {
    assert_eq!(Value::from(meta.status()), want["status"], "{name}: meta.status");
    assert_eq!(meta.request_id(), want["requestId"].as_str(), "{name}: meta.requestId");
    assert_eq!(meta.header("Content-Type"), want["contentType"].as_str(), "{name}: meta.contentType");
}

fn run<Op: Operation + DeserializeOwned>(v: &Value)
where
    Op::Response: serde::Serialize,
{
    let name = v["name"].as_str().unwrap();
    let op: Op = serde_json::from_value(v["request"].clone()).unwrap_or_else(|e| panic!("{name}: request: {e}"));
    let built = build_request(&config_of(v), &op);
    let Some(expect) = v.get("expect") else {
        let err = built.expect_err(name);
        check_error(name, &err, &v["error"]);
        return;
    };
    let req = built.unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(req.method().as_str(), expect["method"], "{name}: method");
    assert_eq!(req.uri().to_string(), expect["url"].as_str().unwrap(), "{name}: url");
    for (h, want) in expect["headers"].as_object().unwrap() {
        assert_eq!(req.headers().get(h).map(|v| v.to_str().unwrap()), want.as_str(), "{name}: header {h}");
    }
    for h in expect.get("absentHeaders").and_then(Value::as_array).into_iter().flatten() {
        assert!(req.headers().get(h.as_str().unwrap()).is_none(), "{name}: header {h} must be absent");
    }
    assert_eq!(std::str::from_utf8(req.body()).unwrap(), expect["body"].as_str().unwrap(), "{name}: body");

    let r = &v["response"];
    let mut builder = http::Response::builder().status(r["status"].as_u64().unwrap() as u16);
    for (h, val) in r["headers"].as_object().unwrap() {
        builder = builder.header(h, val.as_str().unwrap());
    }
    let mut response = builder.body(r["body"].as_str().unwrap().as_bytes()).unwrap();
    if let Some(reason) = r.get("reason").and_then(Value::as_str) {
        response.extensions_mut().insert(ReasonPhrase(reason.to_owned()));
    }
    if let Some(want) = v.get("meta") {
        check_meta(name, &response_meta(&response), want);
    }
    match (parse_response::<Op>(response), v.get("decoded")) {
        (Ok(value), Some(want)) => assert_eq!(serde_json::to_value(&value).unwrap(), *want, "{name}: decoded"),
        (Err(err), None) => check_error(name, &err, &v["error"]),
        (Ok(value), None) => panic!("{name}: expected an error, decoded {value:?}", value = serde_json::to_value(&value)),
        (Err(err), Some(_)) => panic!("{name}: expected a value, got {err}"),
    }
}

/// Runs vector `$v` as the operation it names (every operation of the list).
macro_rules! run_by_name {
    ([$v:ident] $({ kind: $kind:ident, op: $op:ident, $($rest:tt)* })*) => {
        match $v["operation"].as_str().unwrap() {
            $(stringify!($op) => run::<$op>($v),)*
            other => panic!("unknown operation {other}"),
        }
    };
}

#[test]
fn every_shared_vector() {
    let mut count = 0;
    for file in vector_files() {
        let vectors: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for v in &vectors {
            evovoice::for_each_operation!(run_by_name v);
            count += 1;
        }
    }
    assert!(count >= 20, "only {count} vectors found");
}
