//! Fault injection (only with `--faults` / `Options::faults`): a request asks the emulator to
//! misbehave with `X-Evovoice-Fault: <name>[; <param>][; times=N][; key=K]` or the query
//! parameter `__fault=<same>`. See the README for the list.

use std::collections::HashMap;
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::response::Response;
use http::{header, HeaderMap, HeaderValue, StatusCode};
use serde_json::Value;

use crate::errors::{json_response, status_body, ApiError};
use crate::state::lock;
use crate::util::parse_pairs;

/// The request header that selects a fault.
pub(crate) const HEADER: &str = "x-evovoice-fault";
/// The query parameter that selects a fault (for clients that cannot set headers).
pub(crate) const QUERY: &str = "__fault";

/// What to do wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// 500 with a ResponseStatus body (param: errorCode).
    Status500,
    /// 502 with an HTML page.
    Html502,
    /// 503 with Retry-After (param: seconds).
    Unavailable503,
    /// 504 with an HTML page.
    Timeout504,
    /// 429 with Retry-After (param: seconds) and a ResponseStatus body.
    TooMany429,
    /// 200 with the answer cut in half (param `full-length`: Content-Length of the whole body,
    /// then the connection closes).
    Truncated,
    /// 200 with a body that is not JSON.
    InvalidJson,
    /// 200 with a wrongly typed field (param: `ended` (default), `muted`, `members`).
    WrongTypes,
    /// 200 with unknown enum values and unknown fields everywhere.
    UnknownValues,
    /// 200 with a valid answer padded to param MiB (default 8), streamed.
    Huge,
    /// Waits param ms (default 1000), then answers normally.
    Delay,
    /// Sends the headers and part of the body, then drops the connection.
    Drop,
}

const NAMES: &[(&str, Kind)] = &[
    ("500", Kind::Status500),
    ("502-html", Kind::Html502),
    ("503", Kind::Unavailable503),
    ("504", Kind::Timeout504),
    ("429", Kind::TooMany429),
    ("truncated", Kind::Truncated),
    ("invalid-json", Kind::InvalidJson),
    ("wrong-types", Kind::WrongTypes),
    ("unknown-values", Kind::UnknownValues),
    ("huge", Kind::Huge),
    ("delay", Kind::Delay),
    ("drop", Kind::Drop),
];

/// A requested fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    pub kind: Kind,
    pub param: Option<String>,
    /// Apply to the first N requests with this key only.
    pub times: Option<u64>,
    /// What `times` counts: `key=` if given, else the whole spec.
    pub key: String,
}

/// Parses `name[; param][; times=N][; key=K]`.
pub(crate) fn parse(spec: &str) -> Result<Fault, ApiError> {
    let bad = |msg: String| ApiError::new(StatusCode::BAD_REQUEST, "InvalidFault", msg);
    let mut parts = spec.split(';').map(str::trim);
    let name = parts.next().unwrap_or_default().to_ascii_lowercase();
    let kind = NAMES.iter().find(|(n, _)| *n == name).map(|(_, k)| *k).ok_or_else(|| {
        let known: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
        bad(format!("Unknown fault '{name}'; known faults: {}", known.join(", ")))
    })?;
    let (mut param, mut times, mut key) = (None, None, None);
    for p in parts.filter(|p| !p.is_empty()) {
        if let Some(n) = p.strip_prefix("times=") {
            times = Some(n.trim().parse::<u64>().map_err(|_| bad(format!("times must be a number, not '{n}'")))?);
        } else if let Some(k) = p.strip_prefix("key=") {
            key = Some(k.trim().to_owned());
        } else if param.is_none() {
            param = Some(p.to_owned());
        } else {
            return Err(bad(format!("Unexpected fault parameter '{p}'")));
        }
    }
    let fault = Fault { kind, param, times, key: key.unwrap_or_else(|| spec.trim().to_owned()) };
    // Validate numeric parameters now, so a typo is a 400 and not a silent default.
    match kind {
        Kind::Unavailable503 | Kind::TooMany429 | Kind::Huge | Kind::Delay => {
            // Upper bounds keep a typo from wedging a test run: a day of Retry-After, 4 GiB, an hour.
            let max = match kind {
                Kind::Huge => 4096.0,
                Kind::Delay => 3_600_000.0,
                _ => 86_400.0,
            };
            if let Some(p) = &fault.param {
                p.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && (0.0..=max).contains(v))
                    .ok_or_else(|| bad(format!("'{p}' is not a number from 0 to {max} for fault '{name}'")))?;
            }
        }
        Kind::WrongTypes => {
            if let Some(p) = fault.param.as_deref().filter(|p| !["ended", "muted", "members"].contains(p)) {
                return Err(bad(format!("wrong-types takes ended, muted or members, not '{p}'")));
            }
        }
        Kind::Truncated => {
            if let Some(p) = fault.param.as_deref().filter(|p| *p != "full-length") {
                return Err(bad(format!("truncated takes full-length, not '{p}'")));
            }
        }
        _ => {}
    }
    Ok(fault)
}

/// The fault a request asks for (the header wins over the query), if any.
pub(crate) fn requested(headers: &HeaderMap, query: &str) -> Option<Result<Fault, ApiError>> {
    let spec = match headers.get(HEADER) {
        Some(v) => String::from_utf8_lossy(v.as_bytes()).into_owned(),
        None => parse_pairs(query).into_iter().find(|(k, _)| k == QUERY)?.1,
    };
    Some(parse(&spec))
}

/// Counts the request against the fault's `times`; true when the fault applies to it.
pub(crate) fn take(counters: &std::sync::Mutex<HashMap<String, u64>>, fault: &Fault) -> bool {
    let Some(times) = fault.times else { return true };
    let mut c = lock(counters);
    let n = c.entry(fault.key.clone()).or_insert(0);
    *n += 1;
    *n <= times
}

fn num(param: &Option<String>, default: f64) -> f64 {
    param.as_deref().and_then(|p| p.parse::<f64>().ok()).unwrap_or(default)
}

/// How long to wait before answering (the `delay` fault).
pub(crate) fn delay(fault: &Fault) -> Option<Duration> {
    (fault.kind == Kind::Delay).then(|| Duration::from_secs_f64(num(&fault.param, 1000.0) / 1000.0))
}

/// The answer for faults that replace the operation entirely (`None`: run it, then [`mangle`]).
pub(crate) fn replace(fault: &Fault) -> Option<Response> {
    let retry_after = |res: &mut Response| {
        let secs = num(&fault.param, 1.0).ceil() as u64;
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    };
    Some(match fault.kind {
        Kind::Status500 => {
            let code = fault.param.clone().unwrap_or_else(|| "NullReferenceException".into());
            json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                status_body(&code, "Object reference not set to an instance of an object.", Vec::new()),
            )
        }
        Kind::Html502 => html(StatusCode::BAD_GATEWAY, "502 Bad Gateway"),
        Kind::Timeout504 => html(StatusCode::GATEWAY_TIMEOUT, "504 Gateway Time-out"),
        Kind::Unavailable503 => {
            let mut res = html(StatusCode::SERVICE_UNAVAILABLE, "503 Service Temporarily Unavailable");
            retry_after(&mut res);
            res
        }
        Kind::TooMany429 => {
            let mut res = json_response(
                StatusCode::TOO_MANY_REQUESTS,
                status_body("TooManyRequests", "Too many requests, try again later", Vec::new()),
            );
            retry_after(&mut res);
            res
        }
        _ => return None,
    })
}

fn html(status: StatusCode, title: &str) -> Response {
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    let mut res = Response::new(Body::from(page));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    res
}

/// Applies a body fault to the operation's real answer. Error answers pass through unchanged
/// (the fault is about a successful answer gone wrong).
pub(crate) async fn mangle(fault: &Fault, res: Response, is_list: bool) -> Response {
    if !res.status().is_success() || matches!(fault.kind, Kind::Delay) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let json = |body: Vec<u8>| {
        let mut r = json_response(parts.status, body);
        for (k, v) in parts.headers.iter().filter(|(k, _)| *k != header::CONTENT_LENGTH && *k != header::CONTENT_TYPE) {
            r.headers_mut().append(k.clone(), v.clone());
        }
        r
    };
    let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    match fault.kind {
        Kind::Truncated => {
            let cut = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
            if fault.param.as_deref() == Some("full-length") {
                let mut r = json(Vec::new());
                *r.body_mut() = Body::from_stream(partial_then_abort(cut, Duration::ZERO));
                r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
                r
            } else {
                json(cut.to_vec())
            }
        }
        Kind::InvalidJson => {
            // Starts like the real answer, then stops making sense.
            let head = &bytes[..bytes.len().min(40)];
            let mut body = head.to_vec();
            body.extend_from_slice(b"\"<<not json>>,, ]");
            json(body)
        }
        Kind::WrongTypes => json(serde_json::to_vec(&wrong_types(value, is_list, fault.param.as_deref().unwrap_or("ended"))).unwrap_or_default()),
        Kind::UnknownValues => {
            let mut v = value;
            unknown_values(&mut v, &enum_fields());
            json(serde_json::to_vec(&v).unwrap_or_default())
        }
        Kind::Huge => {
            let size = (num(&fault.param, 8.0) * 1024.0 * 1024.0) as usize;
            let mut r = json(Vec::new());
            *r.body_mut() = Body::from_stream(padded(bytes, size));
            r
        }
        Kind::Drop => {
            let part = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
            let mut r = json(Vec::new());
            *r.body_mut() = Body::from_stream(partial_then_abort(part, Duration::from_millis(20)));
            r
        }
        _ => json(bytes.to_vec()),
    }
}

type Chunk = Result<Bytes, std::io::Error>;

/// Yields `part`, waits, then fails: hyper aborts the connection mid-body.
fn partial_then_abort(part: Bytes, wait: Duration) -> impl futures_util::Stream<Item = Chunk> + Send {
    futures_util::stream::unfold(0u8, move |step| {
        let part = part.clone();
        async move {
            match step {
                0 => Some((Ok(part), 1)),
                1 => {
                    tokio::time::sleep(wait).await;
                    Some((Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "fault: drop")), 2))
                }
                _ => None,
            }
        }
    })
}

/// The answer (a JSON object) with a `hugePadding` string field of `size` bytes, streamed in
/// 64 KiB chunks without holding it in memory.
fn padded(answer: Bytes, size: usize) -> impl futures_util::Stream<Item = Chunk> + Send {
    const CHUNK: usize = 64 * 1024;
    let mut head = answer.to_vec();
    let open = match head.iter().rposition(|b| *b == b'}') {
        Some(i) => {
            head.truncate(i);
            let empty = head.iter().rev().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
            head.extend_from_slice(if empty { b"\"hugePadding\":\"" } else { b",\"hugePadding\":\"" });
            head
        }
        None => b"{\"hugePadding\":\"".to_vec(),
    };
    let filler = Bytes::from(vec![b'x'; CHUNK]);
    futures_util::stream::unfold((0u8, 0usize), move |(stage, sent)| {
        let (open, filler) = (open.clone(), filler.clone());
        async move {
            match stage {
                0 => Some((Ok(Bytes::from(open)), (1, 0))),
                1 if sent < size => {
                    let n = CHUNK.min(size - sent);
                    Some((Ok(filler.slice(..n)), (1, sent + n)))
                }
                1 => Some((Ok(Bytes::from_static(b"\"}")), (2, sent))),
                _ => None,
            }
        }
    })
}

/// Puts one wrongly typed field in the answer (the first item of a list): `ended` -> `1`,
/// `members` -> `{}`, `muted` -> `members[0].muted = "yes"`.
fn wrong_types(value: Value, is_list: bool, which: &str) -> Value {
    let mut value = if value.is_object() { value } else { Value::Object(Default::default()) };
    let target = if is_list {
        let items = value.as_object_mut().unwrap().entry("items").or_insert_with(|| Value::Array(Vec::new()));
        if !items.is_array() {
            *items = Value::Array(Vec::new());
        }
        let items = items.as_array_mut().unwrap();
        if items.is_empty() {
            items.push(serde_json::json!({"id": "fault-item"}));
        }
        &mut items[0]
    } else {
        &mut value
    };
    let obj = target.as_object_mut().expect("an object");
    match which {
        "members" => {
            obj.insert("members".into(), serde_json::json!({}));
        }
        "muted" => {
            let members = obj.entry("members").or_insert_with(|| Value::Array(Vec::new()));
            if !members.is_array() || members.as_array().is_some_and(Vec::is_empty) {
                *members = serde_json::json!([{"identity": "fault-member"}]);
            }
            members[0]["muted"] = Value::from("yes");
        }
        _ => {
            obj.insert("ended".into(), Value::from(1));
        }
    }
    value
}

/// Wire names of the response DTOs' enum-typed fields, and of their string maps (whose values
/// must stay strings).
struct Shapes {
    enums: Vec<String>,
    maps: Vec<String>,
}

fn enum_fields() -> Shapes {
    use evovoice::schema::{response_types, ENUMS};
    let types = response_types();
    let fields = || types.iter().flat_map(|t| t.fields.iter());
    Shapes {
        enums: fields().filter(|f| ENUMS.iter().any(|e| e.name == f.ty())).map(|f| f.wire_name()).collect(),
        maps: fields().filter(|f| f.ty().starts_with("BTreeMap")).map(|f| f.wire_name()).collect(),
    }
}

/// Replaces every enum value with one no client knows and adds unknown fields to every object.
fn unknown_values(v: &mut Value, shapes: &Shapes) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if shapes.maps.iter().any(|m| m == k) {
                    continue;
                }
                if shapes.enums.iter().any(|e| e == k) && child.is_string() {
                    *child = Value::from(format!("FutureValue{}", child.as_str().unwrap_or_default()));
                } else {
                    unknown_values(child, shapes);
                }
            }
            map.insert("unknownField".into(), serde_json::json!({"nested": [1, "two", null, {"three": 3.5}], "flag": true}));
            map.insert("anotherUnknownField".into(), Value::from("surprise"));
        }
        Value::Array(items) => items.iter_mut().for_each(|i| unknown_values(i, shapes)),
        _ => {}
    }
}
