//! Generates, from the core crate (never by hand):
//! - `$OUT_DIR/types.d.ts`: the TypeScript declarations of every DTO and enum, the error types,
//!   the login answer, and the map from operation name to request and response types;
//! - `$OUT_DIR/vectors.json`: every shared test vector of tests/vectors, for the wasm tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use evovoice::*;
use serde_json::Value;

fn main() {
    let out = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out).join("types.d.ts"), typescript()).unwrap();
    std::fs::write(Path::new(&out).join("vectors.json"), vectors()).unwrap();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../tests/vectors");
}

/// The short name of a Rust type: `evovoice::models::list::ListResponse<evovoice::..::SessionInfo>`
/// -> `ListResponse<SessionInfo>`.
fn short_type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::new();
    let mut word = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(""));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or(""));
    out
}

fn operation_entry<Op: Operation>(names: &mut Vec<String>, map: &mut String) {
    let _ = writeln!(
        map,
        "  {}: {{ request: {}; response: {} }};",
        Op::NAME,
        short_type_name::<Op>(),
        short_type_name::<Op::Response>()
    );
    names.push(format!("\"{}\"", Op::NAME));
}

/// Interfaces for the types core's schema does not describe, inferred from fully populated
/// samples serialized by core's own serde definitions (so wire names come from core).
fn sampled_interfaces() -> String {
    let meta = || Some(BTreeMap::new());
    let s = || Some(String::new());
    let error = ResponseError { error_code: s(), field_name: s(), message: s(), meta: meta() };
    let status = ResponseStatus { error_code: s(), message: s(), stack_trace: s(), errors: Some(vec![error.clone()]), meta: meta() };
    let login = AuthenticateResponse {
        user_id: s(),
        session_id: s(),
        user_name: s(),
        display_name: s(),
        referrer_url: s(),
        bearer_token: s(),
        refresh_token: s(),
        profile_url: s(),
        roles: Some(vec![String::new()]),
        permissions: Some(vec![String::new()]),
        response_status: Some(status.clone()),
        meta: meta(),
    };
    let samples: Vec<(&str, &str, Value)> = vec![
        ("ResponseError", "An error about one field of the request.", serde_json::to_value(&error).unwrap()),
        ("ResponseStatus", "A ServiceStack error: a code, a message and per-field errors.", serde_json::to_value(&status).unwrap()),
        ("AuthenticateResponse", "The answer to a successful credentials login.", serde_json::to_value(&login).unwrap()),
    ];
    let mut out = String::new();
    for (i, (name, doc, sample)) in samples.iter().enumerate() {
        let _ = writeln!(out, "/** {doc} */\nexport interface {name} {{");
        for (field, value) in sample.as_object().unwrap() {
            let _ = writeln!(out, "  {field}?: {} | null;", ts_of(value, &samples[..i]));
        }
        out.push_str("}\n\n");
    }
    out
}

fn ts_of(v: &Value, known: &[(&str, &str, Value)]) -> String {
    if let Some((name, _, _)) = known.iter().find(|(_, _, s)| s == v) {
        return (*name).to_owned();
    }
    match v {
        Value::String(_) => "string".into(),
        Value::Bool(_) => "boolean".into(),
        Value::Number(_) => "number".into(),
        Value::Array(a) => format!("{}[]", a.first().map(|e| ts_of(e, known)).unwrap_or_else(|| "unknown".into())),
        Value::Object(m) if m.is_empty() => "Record<string, string>".into(),
        _ => "unknown".into(),
    }
}

fn typescript() -> String {
    let mut out = evovoice::schema::typescript();
    out.push('\n');
    out.push_str(&sampled_interfaces());
    let mut names = Vec::new();
    let mut map = String::new();
    operation_entry::<NewSession>(&mut names, &mut map);
    operation_entry::<ListSessions>(&mut names, &mut map);
    operation_entry::<GetSession>(&mut names, &mut map);
    operation_entry::<AddConferenceMember>(&mut names, &mut map);
    operation_entry::<InviteChatMember>(&mut names, &mut map);
    let _ = write!(
        out,
        "/** Each operation's request and response types. */\nexport interface Operations {{\n{map}}}\n\n\
         /** The name of an operation. */\nexport type OperationName = {};\n",
        names.join(" | ")
    );
    out
}

fn vectors() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "json")).collect())
        .unwrap_or_default();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        all.extend(v.as_array().cloned().unwrap_or_default());
    }
    serde_json::to_string(&all).unwrap()
}
