//! A description of every DTO and enum, recorded by the macros that declare them, so that the
//! TypeScript declarations of the npm package and the Python stubs are generated from the same
//! definitions as the Rust types (no field list is written twice).

use crate::enums::*;
use crate::models::*;
use crate::operations::OPERATIONS;

/// One field of a DTO.
#[derive(Clone, Copy, Debug)]
pub struct FieldSchema {
    /// The Rust (snake_case) name.
    pub name: &'static str,
    /// The Rust type inside `Option<..>`, as written (e.g. `Vec<SessionLogInfo>`).
    pub ty: &'static str,
    /// The first line of the field's documentation.
    pub doc: &'static str,
}

impl FieldSchema {
    /// The name on the wire (camelCase), e.g. `count_per_page` -> `countPerPage`.
    pub fn wire_name(&self) -> String {
        let mut out = String::with_capacity(self.name.len());
        let mut upper = false;
        for c in self.name.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The type with whitespace removed (`Vec<String>`).
    pub fn ty(&self) -> String {
        self.ty.chars().filter(|c| !c.is_whitespace()).collect()
    }
}

/// One DTO.
#[derive(Clone, Copy, Debug)]
pub struct TypeSchema {
    /// The type's name, as in the API.
    pub name: &'static str,
    /// The first line of its documentation.
    pub doc: &'static str,
    /// Its fields, in declaration order.
    pub fields: &'static [FieldSchema],
}

/// Implemented by every DTO declared with the crate's `dto!` macro.
pub trait Described {
    /// The type's description.
    const SCHEMA: TypeSchema;
}

/// One enum: its name and the values this SDK knows.
#[derive(Clone, Copy, Debug)]
pub struct EnumSchema {
    /// The enum's name, as in the API.
    pub name: &'static str,
    /// Its known wire values.
    pub values: &'static [&'static str],
}

/// Every enum of the API.
pub const ENUMS: &[EnumSchema] = &[
    EnumSchema { name: "SessionDialState", values: SessionDialState::KNOWN },
    EnumSchema { name: "SessionCallState", values: SessionCallState::KNOWN },
    EnumSchema { name: "SessionQueueStates", values: SessionQueueStates::KNOWN },
    EnumSchema { name: "FlowChannels", values: FlowChannels::KNOWN },
    EnumSchema { name: "SessionHoldReasons", values: SessionHoldReasons::KNOWN },
    EnumSchema { name: "SessionMemberCallState", values: SessionMemberCallState::KNOWN },
    EnumSchema { name: "SessionMemberRoles", values: SessionMemberRoles::KNOWN },
    EnumSchema { name: "SessionDirections", values: SessionDirections::KNOWN },
    EnumSchema { name: "SortOrders", values: SortOrders::KNOWN },
];

/// Every response-side DTO (what the operations of [`OPERATIONS`] return, and the types their
/// fields hold), dependencies first, then [`EntityInfo`] (the base the API documents, whose
/// fields sit flat in [`SessionInfo`]).
pub fn response_types() -> Vec<&'static TypeSchema> {
    fn visit(t: &'static TypeSchema, out: &mut Vec<&'static TypeSchema>) {
        if out.iter().any(|o| o.name == t.name) {
            return;
        }
        for f in t.fields {
            let ty = f.ty();
            let inner = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')).unwrap_or(&ty);
            if let Some(dep) = crate::json::shape::TYPES.iter().find(|d| d.name == inner && d.name != t.name) {
                visit(dep, out);
            }
        }
        out.push(t);
    }
    let mut out = Vec::new();
    for op in OPERATIONS {
        if let Some(item) = op.response_item() {
            visit(item, &mut out);
        }
    }
    visit(&EntityInfo::SCHEMA, &mut out);
    out
}

/// Every request DTO, one per operation of [`OPERATIONS`], in its order.
pub fn request_types() -> Vec<&'static TypeSchema> {
    OPERATIONS.iter().map(|op| op.request).collect()
}

/// The first `doc = "..."` line among stringified attributes (used by the `dto!` macro).
pub const fn first_doc(metas: &[&'static str]) -> &'static str {
    let mut i = 0;
    while i < metas.len() {
        let m = metas[i].as_bytes();
        // stringify!(doc = "text") gives `doc = " text"`.
        if m.len() > 8 && m[0] == b'd' && m[1] == b'o' && m[2] == b'c' {
            return metas[i];
        }
        i += 1;
    }
    ""
}

/// `doc`, except in WebAssembly builds, which read the schema but never its documentation
/// (the generators that do run natively): there it is `""`, so the text is not in the binary.
pub const fn doc_for_target(doc: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        doc
    }
}

/// The text of a doc attribute string produced by [`first_doc`] (quotes and escapes removed).
pub fn doc_text(meta: &str) -> String {
    let Some(start) = meta.find('"') else { return String::new() };
    let inner = meta[start + 1..].trim_end().trim_end_matches('"');
    inner.replace("\\\"", "\"").replace("\\'", "'").trim().to_owned()
}

/// TypeScript declarations of every enum and DTO (camelCase wire shapes; enums are
/// string-literal unions that still admit unknown strings). Answer types have every field
/// optional (`?: T`: a decoded answer never holds `null`, absent and null members are left
/// out), a page's `items` always present; request types have the fields the server's
/// validation requires ([`OperationInfo::required`](crate::OperationInfo)) required, their
/// route parameters required but possibly `undefined` (an id read from an answer goes in as it
/// is; a missing one is refused before any I/O), the others optional (`null`: not given).
pub fn typescript() -> String {
    let mut out = String::from("// Generated from the evovoice crate's DTOs. Do not edit.\n\n");
    for e in ENUMS {
        let values: Vec<String> = e.values.iter().map(|v| format!("\"{v}\"")).collect();
        out.push_str(&format!(
            "/** Values of `{0}`; a newer server may send one this SDK does not know. */\nexport type {0} = {1} | (string & {{}});\n\n",
            e.name,
            values.join(" | ")
        ));
    }
    let interface = |out: &mut String, t: &TypeSchema, field: &dyn Fn(&FieldSchema) -> String| {
        out.push_str(&format!("/** {} */\nexport interface {} {{\n", doc_text(t.doc), t.name));
        for f in t.fields {
            out.push_str(&format!("  /** {} */\n  {};\n", doc_text(f.doc), field(f)));
        }
        out.push_str("}\n\n");
    };
    for t in response_types() {
        interface(&mut out, t, &|f| format!("{}?: {}", f.wire_name(), ts_type(&f.ty())));
    }
    for op in OPERATIONS {
        // A route parameter must be given, but may be `undefined`: an id read from an answer
        // (`session.id?: string`) goes in as it is, and a missing one is refused before any I/O.
        // A list's sort field names a field of its item: those names complete, others pass.
        let ty = |f: &FieldSchema| match op.sort_fields() {
            Some(item) if f.name == crate::paging::SORT_FIELD => format!("keyof {} | (string & {{}})", item.name),
            _ => ts_type(&f.ty()),
        };
        interface(&mut out, op.request, &|f| match (op.params.iter().any(|p| p.name == f.name), op.required.contains(&f.name)) {
            (true, _) => format!("{}: {} | undefined", f.wire_name(), ty(f)),
            (false, true) => format!("{}: {}", f.wire_name(), ty(f)),
            (false, false) => format!("{}?: {} | null", f.wire_name(), ty(f)),
        });
    }
    out.push_str(
        "/** One page of a list. */\nexport interface ListResponse<T> {\n  /** The page's items (empty when the server sent none). */\n  items: T[];\n  \
         totalCount?: number;\n  totalPages?: number;\n  hasMorePages?: boolean;\n}\n",
    );
    out
}

fn ts_type(ty: &str) -> String {
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        return format!("{}[]", ts_type(inner));
    }
    match ty {
        "String" => "string".into(),
        "bool" => "boolean".into(),
        "i32" | "i64" | "f64" => "number".into(),
        "BTreeMap<String,String>" => "Record<string, string>".into(),
        other => other.into(),
    }
}

/// The Python type of a field, for stubs (`list[SessionLogInfo]`, `str`, ...). Enum fields are
/// `str` subclasses named after the enum.
pub fn python_type(ty: &str) -> String {
    let ty: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        return format!("list[{}]", python_type(inner));
    }
    match ty.as_str() {
        "String" => "str".into(),
        "bool" => "bool".into(),
        "i32" | "i64" => "int".into(),
        "f64" => "float".into(),
        "BTreeMap<String,String>" => "dict[str, str]".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_matches_the_wire() {
        // Every key of the seed sample is a described field of SessionInfo, and vice versa.
        let sample: serde_json::Value = serde_json::to_value(SessionInfo {
            id: Some(String::new()),
            ..Default::default()
        })
        .unwrap();
        assert!(sample.get("id").is_some());
        let names: Vec<String> = SessionInfo::SCHEMA.fields.iter().map(|f| f.wire_name()).collect();
        assert_eq!(names.len(), 41);
        assert!(names.contains(&"mostRecentParticipantCallSid".to_string()));
        assert_eq!(doc_text(SessionInfo::SCHEMA.fields[0].doc), "The state of the session");
        let ts = typescript();
        assert!(ts.contains("export type FlowChannels = \"Voice\" | \"Chat\" | \"Fax\" | (string & {});"), "{ts}");
        assert!(ts.contains("  members?: SessionMemberInfo[];"), "{ts}");
        assert!(ts.contains("  from?: string | null;"), "{ts}");
        // Route parameters and the fields the server requires are required in requests.
        assert!(ts.contains("  channel: FlowChannels;"), "{ts}");
        assert!(ts.contains("  sessionId: string | undefined;"), "{ts}");
        assert!(ts.contains("  memberToAdd: string;"), "{ts}");
        assert!(ts.contains("  displayName?: string | null;"), "{ts}");
        assert!(ts.contains("  items: T[];"), "{ts}");
        assert!(ts.contains("  sortField?: keyof SessionInfo | (string & {}) | null;"), "{ts}");
        assert_eq!(python_type("Vec < SessionLogInfo >"), "list[SessionLogInfo]");
    }
}
