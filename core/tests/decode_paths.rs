//! Decode errors name the JSON path at fault. Core finds it from the error's position
//! (core/src/json_path.rs) instead of decoding a second time with serde_path_to_error; here
//! serde_path_to_error is the oracle: on many broken bodies both must name the same path.

use evovoice::{decode_json, Error, ListResponse, SessionInfo};
use proptest::prelude::*;
use serde::de::DeserializeOwned;

/// The path serde_path_to_error names (as core has always shown it: `""` for an empty key).
fn oracle<T: DeserializeOwned>(body: &[u8]) -> Option<String> {
    if serde_json::from_slice::<T>(body).is_ok() {
        return None;
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    Some(match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => match e.path().to_string() {
            p if p.is_empty() => "\"\"".to_owned(),
            p => p,
        },
        Ok(_) => ".".to_owned(), // trailing characters after a good value
    })
}

fn check<T: DeserializeOwned + std::fmt::Debug>(body: &[u8]) -> Result<(), TestCaseError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(()); // "the body is empty", before any decoding
    }
    let want = oracle::<T>(body);
    match (decode_json::<T>(200, body), want) {
        (Ok(_), None) => Ok(()),
        (Err(Error::Decode { path, message, .. }), Some(want)) => {
            let fast = serde_json::from_slice::<T>(body).err().map(|e| e.to_string()).unwrap_or_default();
            prop_assert_eq!(&message, &fast, "message");
            prop_assert_eq!(path, want, "body: {}", String::from_utf8_lossy(body));
            Ok(())
        }
        (got, want) => Err(TestCaseError::fail(format!("{got:?} vs {want:?}"))),
    }
}

/// Realistic bodies: the response bodies of the shared vectors, pretty-printed or not.
fn bodies() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let vectors: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for v in vectors.as_array().unwrap() {
            if let Some(body) = v["response"]["body"].as_str() {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(body) {
                    if value.is_object() {
                        out.push(body.as_bytes().to_vec());
                        out.push(serde_json::to_vec_pretty(&value).unwrap());
                    }
                }
            }
        }
    }
    assert!(out.len() >= 10);
    out
}

/// One edit that tends to break a body: a byte replaced, inserted or removed, or the body cut.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let byte = prop::sample::select(b"\"{}[],: 0123456789-.eE+tfnulx\\\n\x01".to_vec());
    let snippet = prop::sample::select(vec![
        &b"1"[..], b"\"x\"", b"true", b"null", b"{}", b"[]", b"[1]", b"{\"a\":1}", b"1.5", b"-", b"1e999", b"01",
        b"\"\\u12\"", b"\"\\q\"", b"\"\\ud800\"", b"\"\":", b",", b"\"items\":1,", b"\"ended\":", b"\"muted\":\"yes\",",
    ]);
    prop_oneof![
        (any::<prop::sample::Index>(), byte).prop_map(|(i, b)| Edit::Replace(i.index(usize::MAX), b)),
        (any::<prop::sample::Index>(), snippet).prop_map(|(i, s)| Edit::Insert(i.index(usize::MAX), s.to_vec())),
        (any::<prop::sample::Index>(), 1..12usize).prop_map(|(i, n)| Edit::Remove(i.index(usize::MAX), n)),
        any::<prop::sample::Index>().prop_map(|i| Edit::Truncate(i.index(usize::MAX))),
    ]
}

fn apply(body: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = body.to_vec();
    for e in edits {
        let len = b.len().max(1);
        match e {
            Edit::Replace(i, c) => {
                let i = i % len;
                if i < b.len() {
                    b[i] = *c;
                }
            }
            Edit::Insert(i, s) => {
                let i = i % (b.len() + 1);
                b.splice(i..i, s.iter().copied());
            }
            Edit::Remove(i, n) => {
                let i = i % len;
                let end = (i + n).min(b.len());
                if i < end {
                    b.drain(i..end);
                }
            }
            Edit::Truncate(i) => b.truncate(i % len),
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn paths_match_serde_path_to_error(pick in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..3)) {
        let all = bodies();
        let body = apply(&all[pick.index(all.len())], &edits);
        check::<SessionInfo>(&body)?;
        check::<ListResponse<SessionInfo>>(&body)?;
    }
}

#[test]
fn known_cases() {
    let cases: &[&[u8]] = &[
        br#"{"items":[{},{"members":[{"muted":"yes"}]}]}"#,
        br#"{"items":[{"ended":1}]}"#,
        br#"{"items":[{"members":{}}]}"#,
        br#"{"items":[{"id":"a","log":[{"da"#,
        br#"{"items":[{"id":"ab"#,
        br#"{"items":[{"id":"ab""#,
        br#"{"items":[1,2,"#,
        br#"{"items":[{}],"totalCount":1.5}"#,
        br#"{"items":[{}],"totalCount":99999999999999999999}"#,
        br#"{"items":[],"totalCount":0,"totalPages":0,"":,"totalCount":se}"#,
        br#"{"items":[{"id":"a","id":"b"}]}"#,
        br#"{"items":[{"members":[{"applicationData":{"k":1}}]}]}"#,
        br#"{"items":[{"extra":{"deep":[1,2,x]}}]}"#,
        br#"{"items" 1}"#,
        br#"{"items":[1 2]}"#,
        br#"{"items":[{}]} x"#,
        br#"[]"#,
        br#"{"items":[{"id":"\q"}]}"#,
        br#"{"items":[{"id":01}]}"#,
        br#"{"items":[{"ended":true,}]}"#,
        b"{\n  \"items\": [\n    {\"ended\": \"no\"}\n  ]\n}",
    ];
    for body in cases {
        check::<ListResponse<SessionInfo>>(body).unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(body)));
    }
}

