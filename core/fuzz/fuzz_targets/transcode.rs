//! `json::transcode` against the typed decode it stands in for (the wasm build's decode): on
//! any body, both accept or both refuse; when both accept, the text handed over (the body, or
//! the rewritten text) reads as what the typed value serializes to, is itself canonical, and
//! a page's facts are the envelope's; when both refuse, the paths agree (json_path's, or
//! serde_path_to_error's where json_path strays: see core/tests/transcode.rs).
//!
//! Input: 1 byte choosing the root (which operation's answer, or another described type),
//! then the body.
#![no_main]

use evovoice::json::shape::Root;
use evovoice::json::transcode::{transcode, Transcoded};
use evovoice::schema::Described;
use evovoice::*;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Numbers by value (floats within a few ULPs), objects regardless of member order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                return x == y;
            }
            if let (Some(x), Some(y)) = (x.as_u64(), y.as_u64()) {
                return x == y;
            }
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= x.abs().max(y.abs()) * 4.0 * f64::EPSILON
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        (x, y) => x == y,
    }
}

fn oracle_path<T: DeserializeOwned>(body: &[u8]) -> String {
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => match e.path().to_string() {
            p if p.is_empty() => "\"\"".to_owned(),
            p => p,
        },
        Ok(_) => ".".to_owned(),
    }
}

fn check<T: DeserializeOwned + Serialize>(root: Root, body: &[u8]) {
    match (decode_json::<T>(200, body), transcode(root, 200, body)) {
        (Ok(typed), Ok(Transcoded { rewritten, page })) => {
            let text = rewritten.as_deref().unwrap_or(body);
            let got: Value = serde_json::from_slice(text).expect("handed over text is JSON");
            let want = serde_json::to_value(&typed).unwrap();
            assert!(same(&got, &want), "got {got}\nwant {want}");
            for canonical in [text.to_vec(), serde_json::to_vec(&typed).unwrap()] {
                let again = transcode(root, 200, &canonical).expect("canonical text accepted");
                assert!(again.rewritten.is_none(), "canonical text rewritten");
            }
            if let Root::List(_) = root {
                let page = page.expect("page facts of a list");
                assert_eq!(page.items, want.get("items").and_then(Value::as_array).map_or(0, Vec::len));
                assert_eq!(page.total_count, want.get("totalCount").and_then(Value::as_i64));
                assert_eq!(page.total_pages, want.get("totalPages").and_then(Value::as_i64));
                assert_eq!(page.has_more_pages, want.get("hasMorePages").and_then(Value::as_bool));
            } else {
                assert!(page.is_none());
            }
        }
        (Err(Error::Decode { path: want, .. }), Err(Error::Decode { path, snippet, .. })) => {
            assert!(path == want || path == oracle_path::<T>(body), "path {path:?}, typed {want:?}");
            assert!(snippet.chars().count() <= 161 && !snippet.chars().any(char::is_control));
        }
        (typed, got) => panic!("typed {:?} but transcode {:?}", typed.map(|_| ()), got.map(|_| ())),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else { return };
    match which % 7 {
        0 => check::<SessionInfo>(Root::Object(&SessionInfo::SCHEMA), body),
        1 => check::<ListResponse<SessionInfo>>(Root::List(&SessionInfo::SCHEMA), body),
        2 => check::<AuthenticateResponse>(Root::Object(&AuthenticateResponse::SCHEMA), body),
        3 => check::<AccountInfo>(Root::Object(&AccountInfo::SCHEMA), body),
        4 => check::<ErrorResponse>(Root::Object(&ErrorResponse::SCHEMA), body),
        5 => check::<ListResponse<AccountInfo>>(Root::List(&AccountInfo::SCHEMA), body),
        _ => {
            // Not described: read as serde_json::Value reads it, handed over as it is.
            let typed = decode_json::<Value>(200, body);
            let got = transcode(Root::Unchecked, 200, body);
            assert_eq!(typed.is_ok(), got.is_ok(), "{typed:?} {got:?}");
            if let Ok(t) = got {
                assert!(t.rewritten.is_none() && t.page.is_none());
            }
        }
    }
});
