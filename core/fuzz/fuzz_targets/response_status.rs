//! ResponseStatus / error body parsing: whatever a failing server sends (JSON in camelCase or
//! PascalCase, HTML, text, nothing), the client gets `Error::Api` with a code and a message a
//! person can read, and the error's accessors and messages never panic.
#![no_main]

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use evovoice::*;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct FieldError {
    error_code: Option<String>,
    field_name: Option<String>,
    message: Option<String>,
    meta: Option<BTreeMap<String, String>>,
}

#[derive(Arbitrary, Debug)]
enum Body {
    /// Raw bytes, as received.
    Raw(Vec<u8>),
    /// A well-formed ServiceStack error with arbitrary contents.
    Status {
        pascal: bool,
        error_code: Option<String>,
        message: Option<String>,
        stack_trace: Option<String>,
        errors: Option<Vec<FieldError>>,
        meta: Option<BTreeMap<String, String>>,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    status: u16,
    reason: Option<String>,
    body: Body,
}

fn key(pascal: bool, camel: &str) -> String {
    if pascal {
        let mut c = camel.chars();
        c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
    } else {
        camel.to_owned()
    }
}

fuzz_target!(|input: Input| {
    let status = 400 + input.status % 200;
    let (bytes, expected) = match &input.body {
        Body::Raw(b) => (b.clone(), None),
        Body::Status { pascal, error_code, message, stack_trace, errors, meta } => {
            let p = *pascal;
            let mut rs = serde_json::Map::new();
            let mut put = |k: &str, v: serde_json::Value| {
                rs.insert(key(p, k), v);
            };
            put("errorCode", serde_json::json!(error_code));
            put("message", serde_json::json!(message));
            put("stackTrace", serde_json::json!(stack_trace));
            put("meta", serde_json::json!(meta));
            let errors = errors.as_ref().map(|list| {
                list.iter()
                    .map(|f| {
                        serde_json::json!({
                            key(p, "errorCode"): f.error_code, key(p, "fieldName"): f.field_name,
                            key(p, "message"): f.message, key(p, "meta"): f.meta,
                        })
                    })
                    .collect::<Vec<_>>()
            });
            put("errors", serde_json::json!(errors));
            let body = serde_json::json!({ key(p, "responseStatus"): rs });
            (serde_json::to_vec(&body).unwrap(), Some((error_code.clone(), message.clone(), errors.map(|e| e.len()))))
        }
    };
    let mut response = http::Response::new(bytes.as_slice());
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
    if let Some(r) = &input.reason {
        response.extensions_mut().insert(ReasonPhrase(r.clone()));
    }
    let e = parse_response::<GetSession>(response).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    assert_eq!(e.status(), Some(status));
    let rs = e.response_status().expect("an Api error carries a ResponseStatus");
    let text = e.to_string();
    let _ = format!("{e:?}");
    assert!(text.starts_with(&format!("HTTP {status}")), "{text}");
    let _ = (e.is_validation(), e.is_unauthorized(), e.is_forbidden(), e.is_not_found(), e.field_errors().len());
    match expected {
        // A well-formed body is read as sent, in either casing.
        Some((code, message, errors)) => {
            assert_eq!(rs.error_code, code);
            assert_eq!(rs.message, message);
            assert_eq!(rs.errors.as_ref().map(Vec::len), errors);
        }
        // Otherwise something is always there for a person and a program.
        None => {
            let parsed = serde_json::from_slice::<ErrorResponse>(&bytes).ok().and_then(|b| b.response_status);
            if parsed.is_none() {
                assert_eq!(rs.error_code.as_deref(), Some(status.to_string().as_str()));
                assert!(rs.message.as_deref().is_some_and(|m| !m.is_empty()));
            }
        }
    }
});
