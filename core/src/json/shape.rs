//! The DTO schema ([`crate::schema`]) compiled into tables a program walks: for each type, its
//! fields' wire names and how each value is read ([`Shape`]). [`transcode`](super::transcode)
//! is driven by them, so one copy of its code serves every type.
//!
//! Tables are compiled once per [`Root`] (on first use, then cached for the life of the
//! process) from the registry of this crate's types ([`TYPES`]); the root's own schema may be
//! one written by hand for a type of yours (see [`Root`]).


use crate::models::*;
use crate::schema::{doc_for_target, Described, EnumSchema, FieldSchema, TypeSchema, ENUMS};

/// What a successful answer of an operation is, in schema terms
/// ([`Operation::RESPONSE_SHAPE`](crate::Operation::RESPONSE_SHAPE)).
///
/// For a DTO of your own, describe it with a hand-written [`TypeSchema`] (fields in
/// declaration order, Rust names, types as written inside `Option<..>`):
///
/// ```
/// # #[cfg(feature = "bindings")] { // this module is public with the `bindings` feature only
/// use evovoice::json::shape::Root;
/// use evovoice::schema::{FieldSchema, TypeSchema};
///
/// static NOTE: TypeSchema = TypeSchema {
///     name: "Note",
///     doc: "",
///     fields: &[
///         FieldSchema { name: "text", ty: "String", doc: "" },
///         FieldSchema { name: "session", ty: "SessionInfo", doc: "" },
///     ],
///     keeps_unknown: false, // a serde-derived type drops them
/// };
/// const RESPONSE_SHAPE: Root = Root::Object(&NOTE);
/// # }
/// ```
///
/// Field types may be `String`, `bool`, `i32`, `i64`, `f64`, `Vec<..>`,
/// `BTreeMap<String, String>`, an enum of [`ENUMS`], a type of [`TYPES`] or the root type
/// itself. A field of any other type is read as any JSON value and kept as it is: for it,
/// `transcode` cannot promise to refuse what your type's decoder refuses.
#[derive(Clone, Copy, Debug)]
pub enum Root {
    /// One object of this type.
    Object(&'static TypeSchema),
    /// One page of a list of this type: `ListResponse<T>`.
    List(&'static TypeSchema),
    /// Not described: any JSON value (as `serde_json::Value` reads it), handed over as it is.
    Unchecked,
}

/// How one value is read and checked.
#[derive(Clone, Debug)]
pub enum Shape {
    /// A string.
    Str,
    /// `true` or `false`.
    Bool,
    /// An integer that fits an `i32`.
    I32,
    /// An integer that fits an `i64`.
    I64,
    /// Any number (finite once read).
    F64,
    /// A string enum: its known values (others are kept as sent).
    Enum(&'static EnumSchema),
    /// An object of strings (`BTreeMap<String, String>`).
    Map,
    /// An array of this.
    List(Box<Shape>),
    /// An object of the type at this index of [`Shapes::types`].
    Object(usize),
    /// Any JSON value, kept as it is.
    Any,
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Shape::Enum(a), Shape::Enum(b)) => a.name == b.name && a.values == b.values,
            (Shape::List(a), Shape::List(b)) => a == b,
            (Shape::Object(a), Shape::Object(b)) => a == b,
            (a, b) => {
                !matches!(a, Shape::Enum(_) | Shape::List(_) | Shape::Object(_)) && std::mem::discriminant(a) == std::mem::discriminant(b)
            }
        }
    }
}

/// One field of a compiled type.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldShape {
    /// Its name on the wire (camelCase), the one written out.
    pub wire: String,
    /// Another name read as this field (the PascalCase name of error types).
    pub alias: Option<String>,
    /// How its value is read.
    pub shape: Shape,
}

/// One compiled type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeShape {
    /// The type's name (`ListResponse` for the envelope of a page).
    pub name: &'static str,
    /// Its fields, in declaration order.
    pub fields: Vec<FieldShape>,
    /// Members it does not know are kept (see `TypeSchema::keeps_unknown`).
    pub keeps_unknown: bool,
}

/// The compiled tables of one [`Root`]: every type it reaches, and how its answer is read.
#[derive(Clone, Debug, PartialEq)]
pub struct Shapes {
    /// The types; [`Shape::Object`] indexes this.
    pub types: Vec<TypeShape>,
    /// How the whole body is read.
    pub root: Shape,
}

/// The registry: the types every build knows, then `$extra`. Only types a field can hold are
/// listed: request DTOs are no field's type (an operation's request schema is its
/// [`OperationInfo::request`](crate::OperationInfo)), so a new operation adds nothing here
/// unless its answer holds new types.
macro_rules! registry {
    ($($extra:ident),*) => {
        &[
            CustomerBreadcrumb::SCHEMA,
            SessionLogInfo::SCHEMA,
            SessionMemberInfo::SCHEMA,
            SessionInfo::SCHEMA,
            EntityInfo::SCHEMA,
            AuthenticateResponse::SCHEMA,
            ResponseStatus::SCHEMA,
            ResponseError::SCHEMA,
            ErrorResponse::SCHEMA,
            $($extra::SCHEMA,)*
        ]
    };
}

/// Every type of this crate that a [`Root`]'s field may name, by name.
///
/// In WebAssembly builds the account types ([`AccountInfo`], [`BillingSettings`],
/// [`BillingItem`]), which no operation sends or returns, are left out: there a field of theirs
/// reads as any JSON value, as a field of any type not listed does (see [`Root`]). Their
/// tables would only add to the npm package's bundle.
#[cfg(not(target_family = "wasm"))]
pub const TYPES: &[TypeSchema] = registry!(BillingItem, BillingSettings, AccountInfo);

/// Every type of this crate that a [`Root`]'s field may name, by name (in WebAssembly, all but
/// the account types, which no operation sends or returns).
#[cfg(target_family = "wasm")]
pub const TYPES: &[TypeSchema] = registry!();

/// Types whose fields are also read under their PascalCase name (`ErrorCode` for
/// `errorCode`; ServiceStack servers differ in their JSON configuration).
pub const PASCAL_ALIASED: &[&str] = &["ResponseStatus", "ResponseError", "ErrorResponse"];

/// The compiled tables of `root`, compiled on its first use.
pub fn shapes(root: Root) -> &'static Shapes {
    let (kind, schema) = match root {
        Root::Object(s) => (0, Some(s)),
        Root::List(s) => (1, Some(s)),
        Root::Unchecked => (2, None),
    };
    let key = (kind, schema.map_or(0, |s| s as *const TypeSchema as usize));
    cache::find_or_insert(key, || Box::leak(Box::new(compile(root))))
}

/// The cache of compiled tables: a `Mutex` where threads may share it; in WebAssembly without
/// threads, a thread-local (no lock, no poisoning code in the bundle).
mod cache {
    use super::Shapes;

    type Cache = Vec<((u8, usize), &'static Shapes)>;

    fn lookup(cache: &mut Cache, key: (u8, usize), make: impl FnOnce() -> &'static Shapes) -> &'static Shapes {
        if let Some((_, shapes)) = cache.iter().find(|(k, _)| *k == key) {
            return shapes;
        }
        let shapes = make();
        cache.push((key, shapes));
        shapes
    }

    #[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
    pub(super) fn find_or_insert(key: (u8, usize), make: impl FnOnce() -> &'static Shapes) -> &'static Shapes {
        static CACHE: std::sync::Mutex<Cache> = std::sync::Mutex::new(Vec::new());
        lookup(&mut CACHE.lock().unwrap_or_else(|e| e.into_inner()), key, make)
    }

    #[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
    pub(super) fn find_or_insert(key: (u8, usize), make: impl FnOnce() -> &'static Shapes) -> &'static Shapes {
        thread_local! {
            static CACHE: std::cell::RefCell<Cache> = const { std::cell::RefCell::new(Vec::new()) };
        }
        CACHE.with(|c| lookup(&mut c.borrow_mut(), key, make))
    }
}

/// Compiles `root` (uncached; see [`shapes`]).
pub fn compile(root: Root) -> Shapes {
    let mut c = Compiler { types: Vec::new(), own: None };
    let root = match root {
        Root::Object(s) => {
            c.own = Some(s);
            Shape::Object(c.type_index(s))
        }
        Root::List(s) => {
            c.own = Some(s);
            let item = c.type_index(s);
            let fields = ListResponse::<()>::FIELDS
                .iter()
                .map(|f| FieldShape {
                    wire: f.wire_name(),
                    alias: None,
                    shape: if f.ty == "Vec<T>" { Shape::List(Box::new(Shape::Object(item))) } else { c.shape_of(&f.ty()) },
                })
                .collect();
            c.types.push(TypeShape { name: "ListResponse", fields, keeps_unknown: false });
            Shape::Object(c.types.len() - 1)
        }
        Root::Unchecked => Shape::Any,
    };
    Shapes { types: c.types, root }
}

struct Compiler {
    types: Vec<TypeShape>,
    /// The root's own schema (found by name before the registry).
    own: Option<&'static TypeSchema>,
}

impl Compiler {
    fn type_index(&mut self, schema: &'static TypeSchema) -> usize {
        if let Some(i) = self.types.iter().position(|t| t.name == schema.name) {
            return i;
        }
        let index = self.types.len();
        self.types.push(TypeShape { name: schema.name, fields: Vec::new(), keeps_unknown: schema.keeps_unknown });
        let pascal = PASCAL_ALIASED.contains(&schema.name);
        let fields = schema
            .fields
            .iter()
            .map(|f| {
                let wire = f.wire_name();
                let alias = pascal.then(|| pascal_case(&wire)).filter(|a| *a != wire);
                FieldShape { wire, alias, shape: self.shape_of(&f.ty()) }
            })
            .collect();
        self.types[index].fields = fields;
        index
    }

    /// The shape of a field type (whitespace removed).
    fn shape_of(&mut self, ty: &str) -> Shape {
        if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
            return Shape::List(Box::new(self.shape_of(inner)));
        }
        match ty {
            "String" => return Shape::Str,
            "bool" => return Shape::Bool,
            "i32" => return Shape::I32,
            "i64" => return Shape::I64,
            "f64" => return Shape::F64,
            _ => {}
        }
        let is_map = |m: &str| ty.strip_suffix(m).is_some_and(|path| path.is_empty() || path.ends_with("::"));
        if is_map("BTreeMap<String,String>") || is_map("HashMap<String,String>") {
            return Shape::Map;
        }
        if let Some(e) = ENUMS.iter().find(|e| e.name == ty) {
            return Shape::Enum(e);
        }
        let schema = self.own.filter(|s| s.name == ty).or_else(|| TYPES.iter().find(|t| t.name == ty));
        match schema {
            Some(s) => Shape::Object(self.type_index(s)),
            None => Shape::Any,
        }
    }
}

fn pascal_case(camel: &str) -> String {
    let mut chars = camel.chars();
    chars.next().map(|c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect()).unwrap_or_default()
}

/// Field schemas with docs in the form [`crate::schema::first_doc`] gives (`doc = " text"`,
/// read by `schema::doc_text`; left out of WebAssembly builds).
macro_rules! fields {
    ($($name:literal : $ty:literal, $doc:literal;)*) => {
        &[$(FieldSchema { name: $name, ty: $ty, doc: doc_for_target(concat!("doc = \" ", $doc, "\"")) }),*]
    };
}

// The hand-written serde types, described as the `dto!` macro describes the others. The tests
// (core/tests/transcode.rs) check these lists against what the types serialize.

impl Described for Authenticate {
    const SCHEMA: TypeSchema = TypeSchema {
        name: "Authenticate",
        doc: doc_for_target("doc = \" The body of a credentials login.\""),
        fields: fields! {
            "user_name": "String", "The user name (an email address in Evo Voice).";
            "password": "String", "The password.";
            "remember_me": "bool", "Ask for a permanent session (`ss-pid`).";
        },
        keeps_unknown: false,
    };
}

impl Described for AuthenticateResponse {
    const SCHEMA: TypeSchema = TypeSchema {
        name: "AuthenticateResponse",
        doc: doc_for_target("doc = \" The answer to a successful login.\""),
        fields: fields! {
            "user_id": "String", "The user's ID.";
            "session_id": "String", "The session ID.";
            "user_name": "String", "The user name.";
            "display_name": "String", "The display name.";
            "referrer_url": "String", "Where to go after login.";
            "bearer_token": "String", "A JWT, when the server issues them.";
            "refresh_token": "String", "A JWT refresh token, when the server issues them.";
            "profile_url": "String", "The user's profile image.";
            "roles": "Vec<String>", "The user's roles.";
            "permissions": "Vec<String>", "The user's permissions.";
            "response_status": "ResponseStatus", "Error, if any.";
            "meta": "BTreeMap<String, String>", "Extra data.";
        },
        keeps_unknown: false,
    };
}

impl Described for ResponseStatus {
    const SCHEMA: TypeSchema = TypeSchema {
        name: "ResponseStatus",
        doc: doc_for_target("doc = \" A ServiceStack error: a code, a message and per-field errors.\""),
        fields: fields! {
            "error_code": "String", "Machine-readable code.";
            "message": "String", "Human-readable message.";
            "stack_trace": "String", "Server stack trace (debug builds of the server only).";
            "errors": "Vec<ResponseError>", "Per-field errors (validation).";
            "meta": "BTreeMap<String, String>", "Extra data.";
        },
        keeps_unknown: false,
    };
}

impl Described for ResponseError {
    const SCHEMA: TypeSchema = TypeSchema {
        name: "ResponseError",
        doc: doc_for_target("doc = \" An error about one field of the request.\""),
        fields: fields! {
            "error_code": "String", "Machine-readable code, e.g. `NotEmpty`.";
            "field_name": "String", "The request field at fault.";
            "message": "String", "Human-readable message.";
            "meta": "BTreeMap<String, String>", "Extra data.";
        },
        keeps_unknown: false,
    };
}

impl Described for ErrorResponse {
    const SCHEMA: TypeSchema = TypeSchema {
        name: "ErrorResponse",
        doc: doc_for_target("doc = \" The body of a failed request.\""),
        fields: fields! {
            "response_status": "ResponseStatus", "The error, when the server sent one.";
        },
        keeps_unknown: false,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_the_operations_roots() {
        let list = compile(Root::List(&SessionInfo::SCHEMA));
        let Shape::Object(envelope) = list.root else { panic!() };
        let envelope = &list.types[envelope];
        assert_eq!(envelope.name, "ListResponse");
        let names: Vec<&str> = envelope.fields.iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(names, ["items", "totalCount", "totalPages", "hasMorePages"]);
        let Shape::List(item) = &envelope.fields[0].shape else { panic!() };
        let Shape::Object(session) = **item else { panic!() };
        let session = &list.types[session];
        assert_eq!(session.fields.len(), 41);
        let members = session.fields.iter().find(|f| f.wire == "members").unwrap();
        let Shape::List(member) = &members.shape else { panic!() };
        let Shape::Object(member) = **member else { panic!() };
        let member = &list.types[member];
        assert_eq!(member.fields.iter().find(|f| f.wire == "applicationData").unwrap().shape, Shape::Map);
        assert!(matches!(member.fields.iter().find(|f| f.wire == "role").unwrap().shape, Shape::Enum(e) if e.name == "SessionMemberRoles"));

        let auth = compile(Root::Object(&AuthenticateResponse::SCHEMA));
        let status = auth.types.iter().find(|t| t.name == "ResponseStatus").unwrap();
        assert_eq!(status.fields[0].alias.as_deref(), Some("ErrorCode"));
        assert!(auth.types[0].fields.iter().all(|f| f.alias.is_none()));
        assert_eq!(auth.types[0].fields[11].shape, Shape::Map);

        let account = compile(Root::Object(&AccountInfo::SCHEMA));
        assert!(account.types[0].fields.iter().any(|f| f.wire == "isBYOA"));
        assert!(account.types.iter().any(|t| t.name == "BillingItem" && t.fields[0].shape == Shape::F64));
        assert_eq!(compile(Root::Unchecked).root, Shape::Any);
    }

    #[test]
    fn own_types_and_the_cache() {
        static NODE: TypeSchema = TypeSchema {
            name: "Node",
            doc: "",
            fields: &[
                FieldSchema { name: "children", ty: "Vec<Node>", doc: "" },
                FieldSchema { name: "blob", ty: "serde_json::Value", doc: "" },
            ],
            keeps_unknown: false,
        };
        let s = shapes(Root::Object(&NODE));
        assert_eq!(s.types[0].fields[0].shape, Shape::List(Box::new(Shape::Object(0))));
        assert_eq!(s.types[0].fields[1].shape, Shape::Any);
        assert!(std::ptr::eq(s, shapes(Root::Object(&NODE))));
    }
}
