//! Generates, from the core crate (never by hand):
//! - `$OUT_DIR/types.d.ts`: the TypeScript declarations of every DTO and enum, the error types,
//!   the login answer, and the map from operation name to request and response types;
//! - `$OUT_DIR/vectors.json`: every shared test vector of tests/vectors, for the wasm tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use evovoice::operations::{CallKind, OperationInfo, OPERATIONS};
use evovoice::*;
use serde_json::Value;

fn main() {
    let out = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out).join("types.d.ts"), typescript()).unwrap();
    std::fs::write(Path::new(&out).join("vectors.json"), vectors()).unwrap();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../tests/vectors");
}

/// The type of what `op` answers (`SessionInfo`, `ListResponse<SessionInfo>`).
fn response_type(op: &OperationInfo) -> String {
    op.response_type_name("<", ">")
}

/// The declarations of a method that sends one call and resolves to `answer`, with its JSDoc:
/// three overloads, so that `raw: true` (`RawCallOptions`) types as `RawResponse<answer>`, no
/// `raw` or `false` (`CallOptions`) as `answer`, and a `raw` known only as a boolean
/// (`AnyCallOptions`) as either.
fn call_method(out: &mut String, doc: &str, name: &str, args: &str, answer: &str) {
    for (options, resolves) in [
        ("options: RawCallOptions", format!("RawResponse<{answer}>")),
        ("options?: CallOptions", answer.to_owned()),
        ("options?: AnyCallOptions", format!("{answer} | RawResponse<{answer}>")),
    ] {
        // Before a required `options`, an optional argument is one that may be undefined.
        let args = if options.starts_with("options:") { args.replace("?: ", ": undefined | ") } else { args.to_owned() };
        let _ = writeln!(out, "  /** {doc} */\n  {name}({args}{options}): Promise<{resolves}>;");
    }
}

/// The `EvoVoiceClient` methods of every operation (merged into the class wasm-bindgen
/// declares), with their JSDoc: a get operation takes its route parameters, the others their
/// request object; a list has its iterator too. Also `login`, which takes the same options.
fn client_methods() -> String {
    let mut out = String::from("/** The methods of the operations (see the class for the rest). */\nexport interface EvoVoiceClient {\n");
    for op in OPERATIONS {
        let args = if op.kind == CallKind::Get {
            // `string | undefined`: an id read from an answer (`session.id?: string`) goes in as
            // it is; a missing one is refused (invalidRequest) before any I/O.
            op.params.iter().map(|p| format!("{}: string | undefined, ", p.wire)).collect::<String>()
        } else if op.kind == CallKind::List {
            format!("filter?: {}, ", op.name())
        } else {
            format!("request: {}, ", op.name())
        };
        call_method(&mut out, op.doc, op.js_name, &args, &response_type(op));
        if let (Some(iter), Some(item)) = (op.iter, op.response_item()) {
            let _ = writeln!(
                out,
                "  /** Every item of every page of `{}` (what `{}` answers), starting at `filter.page` (default 0), fetched lazily page by page. */\n  {}(filter?: {}, options?: IterOptions): AsyncGenerator<{}, void, undefined>;",
                op.name(), op.js_name, iter.js, op.name(), item.name
            );
        }
    }
    call_method(
        &mut out,
        "Signs in with a user name and password (`POST /auth/credentials`); later calls use the session. Resolves to the user's details (without the session id or tokens).",
        "login",
        "userName: string, password: string, ",
        "AuthenticateResponse",
    );
    out.push_str("}\n\n");
    out
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
            // An answer's field: absent or there (nulls are left out).
            let _ = writeln!(out, "  {field}?: {};", ts_of(value, &samples[..i]));
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
    out.push_str(&client_methods());
    let mut names = Vec::new();
    let mut map = String::new();
    for op in OPERATIONS {
        let _ = writeln!(map, "  {}: {{ request: {}; response: {} }};", op.name(), op.name(), response_type(op));
        names.push(format!("\"{}\"", op.name()));
    }
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
