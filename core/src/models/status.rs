//! ServiceStack's error body: `{"responseStatus": {...}}`.
//!
//! Read in camelCase or PascalCase (servers differ in their JSON configuration).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::json::{write_string, Value};

/// The body of a failed request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ErrorResponse {
    /// The error, when the server sent one.
    #[serde(alias = "ResponseStatus", skip_serializing_if = "Option::is_none")]
    pub response_status: Option<ResponseStatus>,
}

/// A ServiceStack error: a code, a message and per-field errors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ResponseStatus {
    /// Machine-readable code, e.g. `NotFound`, `NotEmpty`, `Unauthorized`, or an exception name.
    #[serde(alias = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Human-readable message.
    #[serde(alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Server stack trace (debug builds of the server only).
    #[serde(alias = "StackTrace", skip_serializing_if = "Option::is_none")]
    pub stack_trace: Option<String>,
    /// Per-field errors (validation).
    #[serde(alias = "Errors", skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ResponseError>>,
    /// Extra data.
    #[serde(alias = "Meta", skip_serializing_if = "Option::is_none")]
    pub meta: Option<BTreeMap<String, String>>,
}

/// An error about one field of the request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ResponseError {
    /// Machine-readable code, e.g. `NotEmpty`.
    #[serde(alias = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The request field at fault (the API's spelling, e.g. `DisplayName`).
    #[serde(alias = "FieldName", skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    /// Human-readable message.
    #[serde(alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Extra data.
    #[serde(alias = "Meta", skip_serializing_if = "Option::is_none")]
    pub meta: Option<BTreeMap<String, String>>,
}

impl ResponseStatus {
    /// The per-field errors (empty when there are none).
    pub fn field_errors(&self) -> &[ResponseError] {
        self.errors.as_deref().unwrap_or(&[])
    }
}

/// Reads ServiceStack's error bodies without serde (for every build, the WebAssembly one
/// included), with the rules of the derived decoders above: each member under its camelCase or
/// PascalCase name, unknown members ignored, a member given twice or of the wrong type makes
/// the whole body unreadable (`None`).
impl ErrorResponse {
    /// The `ResponseStatus` of an error body, when it has a readable one.
    pub fn response_status_of(body: &Value) -> Option<ResponseStatus> {
        let [status] = members(body, ["responseStatus"], true)?;
        match status {
            None | Some(Value::Null) => None,
            Some(v) => ResponseStatus::from_json(v),
        }
    }
}

impl ResponseStatus {
    /// Reads a `ResponseStatus` object.
    pub fn from_json(v: &Value) -> Option<Self> {
        let [error_code, message, stack_trace, errors, meta] = members(v, ["errorCode", "message", "stackTrace", "errors", "meta"], true)?;
        let errors = match errors {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(items.iter().map(ResponseError::from_json).collect::<Option<Vec<_>>>()?),
            Some(_) => return None,
        };
        Some(Self { error_code: text(error_code)?, message: text(message)?, stack_trace: text(stack_trace)?, errors, meta: map(meta)? })
    }

    /// The value as JSON (camelCase, absent fields left out).
    pub fn to_json(&self) -> String {
        let mut w = ObjectWriter::default();
        w.text("errorCode", &self.error_code);
        w.text("message", &self.message);
        w.text("stackTrace", &self.stack_trace);
        if let Some(errors) = &self.errors {
            let items: Vec<String> = errors.iter().map(ResponseError::to_json).collect();
            w.raw("errors", &["[", &items.join(","), "]"].concat());
        }
        w.map("meta", &self.meta);
        w.finish()
    }
}

impl ResponseError {
    /// Reads one per-field error.
    pub fn from_json(v: &Value) -> Option<Self> {
        let [error_code, field_name, message, meta] = members(v, ["errorCode", "fieldName", "message", "meta"], true)?;
        Some(Self { error_code: text(error_code)?, field_name: text(field_name)?, message: text(message)?, meta: map(meta)? })
    }

    /// The value as JSON (camelCase, absent fields left out).
    pub fn to_json(&self) -> String {
        let mut w = ObjectWriter::default();
        w.text("errorCode", &self.error_code);
        w.text("fieldName", &self.field_name);
        w.text("message", &self.message);
        w.map("meta", &self.meta);
        w.finish()
    }
}

/// The members of object `v` named `names` (camelCase; with `pascal`, PascalCase accepted too),
/// each at most once; `None` when `v` is not an object or a member repeats.
pub(super) fn members<'v, const N: usize>(v: &'v Value, names: [&str; N], pascal: bool) -> Option<[Option<&'v Value>; N]> {
    let Value::Object(pairs) = v else { return None };
    let mut found = [None; N];
    for (key, value) in pairs {
        let Some(i) = names.iter().position(|n| key == n || (pascal && is_alias(key, n))) else { continue };
        if found[i].replace(value).is_some() {
            return None;
        }
    }
    Some(found)
}

/// `key` is `camel` or `camel` with its first letter upper case.
fn is_alias(key: &str, camel: &str) -> bool {
    key == camel
        || (key.len() == camel.len()
            && key.as_bytes()[0] == camel.as_bytes()[0].to_ascii_uppercase()
            && key.as_bytes()[1..] == camel.as_bytes()[1..])
}

/// An optional string member: `Some(None)` for absent/null, `None` for another type.
pub(super) fn text(v: Option<&Value>) -> Option<Option<String>> {
    match v {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    }
}

/// An optional map of strings (the last of repeated keys wins, as in a `BTreeMap`).
pub(super) fn map(v: Option<&Value>) -> Option<Option<BTreeMap<String, String>>> {
    match v {
        None | Some(Value::Null) => Some(None),
        Some(Value::Object(pairs)) => {
            let mut out = BTreeMap::new();
            for (k, v) in pairs {
                out.insert(k.clone(), v.as_str()?.to_owned());
            }
            Some(Some(out))
        }
        Some(_) => None,
    }
}

/// Writes a JSON object member by member.
#[derive(Default)]
pub(super) struct ObjectWriter(String);

impl ObjectWriter {
    pub(super) fn raw(&mut self, name: &str, json: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        write_string(&mut self.0, name);
        self.0.push(':');
        self.0.push_str(json);
    }

    pub(super) fn text(&mut self, name: &str, value: &Option<String>) {
        if let Some(v) = value {
            let mut s = String::new();
            write_string(&mut s, v);
            self.raw(name, &s);
        }
    }

    pub(super) fn map(&mut self, name: &str, value: &Option<BTreeMap<String, String>>) {
        if let Some(m) = value {
            let mut inner = ObjectWriter::default();
            for (k, v) in m {
                inner.text(k, &Some(v.clone()));
            }
            self.raw(name, &inner.finish());
        }
    }

    pub(super) fn finish(mut self) -> String {
        if self.0.is_empty() {
            self.0.push('{');
        }
        self.0.push('}');
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn reads_both_spellings_and_round_trips() {
        let camel = br#"{"responseStatus":{"errorCode":"NotEmpty","message":"m","errors":[{"fieldName":"X","meta":{"b":"2","a":"1"}}],"x":1}}"#;
        let pascal = br#"{"ResponseStatus":{"ErrorCode":"NotEmpty","Message":"m","Errors":[{"FieldName":"X","Meta":{"b":"2","a":"1"}}]}}"#;
        for body in [&camel[..], &pascal[..]] {
            let typed: ErrorResponse = serde_json::from_slice(body).unwrap();
            let ours = ErrorResponse::response_status_of(&parse(body).unwrap());
            assert_eq!(ours, typed.response_status);
            let rs = ours.unwrap();
            assert_eq!(serde_json::from_str::<serde_json::Value>(&rs.to_json()).unwrap(), serde_json::to_value(&rs).unwrap());
        }
    }

    #[test]
    fn unreadable_bodies() {
        for body in [&br#"{"responseStatus":{"errorCode":1}}"#[..], br#"{"responseStatus":{"errorCode":"a","ErrorCode":"b"}}"#, br#"[]"#, br#"{"responseStatus":{"errors":[{"meta":{"a":null}}]}}"#] {
            assert!(serde_json::from_slice::<ErrorResponse>(body).map(|e| e.response_status).unwrap_or(None).is_none());
            assert_eq!(ErrorResponse::response_status_of(&parse(body).unwrap()), None);
        }
        assert_eq!(ErrorResponse::response_status_of(&parse(b"{}").unwrap()), None);
        assert_eq!(ResponseStatus::default().to_json(), "{}");
    }
}
