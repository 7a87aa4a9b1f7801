//! The operations of the API, as data.
//!
//! Each operation is one entry of [`for_each_operation!`](crate::for_each_operation): its
//! request DTO, the kind of call it is, its method and route, what it returns, its method names
//! and its one-line documentation. Everything else is stamped from that list:
//! - here, its [`Operation`] implementation and its [`OperationInfo`] in [`OPERATIONS`];
//! - the native [`Client`](crate::Client)'s methods (`get_session(id)`, `new_session(&req)`,
//!   `iter_sessions(&filter)`, ...);
//! - in the npm package, the `EvoVoiceClient` methods, their TypeScript declarations and JSDoc;
//! - in the Python package, the `Client` and `AsyncClient` methods, their keyword arguments,
//!   `.pyi` signatures and docstrings; the sans-IO pair of both packages.
//!
//! Adding an operation is: its DTOs in `models/`, its entry in the list, a vector in
//! `tests/vectors` and its handler in the emulator.

use http::Method;
use serde::{de::DeserializeOwned, Serialize};

use crate::json::shape::Root;
use crate::models::*;
use crate::paging::PageRequest;
use crate::request::Target;
use crate::schema::{Described, TypeSchema};

/// A request of the API: its HTTP method, route and response type.
///
/// Route templates name path parameters by their wire name (`{sessionId}`); the value is taken
/// from the request's field of that name. Implemented by the request DTOs of
/// [`OPERATIONS`]; implement it for your own DTO to [`send`](crate::Client::send) an operation
/// this SDK does not wrap.
pub trait Operation: Serialize {
    /// What a successful call returns.
    type Response: DeserializeOwned;
    /// The operation's name (its DTO's name), used by ServiceStack's predefined routes.
    const NAME: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The route template, e.g. `/sessions/{sessionId}`.
    const ROUTE: &'static str;
    /// What a successful call returns, in schema terms: what
    /// [`transcode`](crate::json::transcode::transcode) checks a body against (the WebAssembly
    /// build decodes with it instead of `Response`'s serde code). Set it to describe
    /// `Response`: `Root::Object(&SessionInfo::SCHEMA)` for a [`SessionInfo`],
    /// `Root::List(&SessionInfo::SCHEMA)` for a `ListResponse<SessionInfo>`, or a
    /// hand-written schema for a type of your own (see [`Root`]). Left unset it is
    /// [`Root::Unchecked`]: any JSON body is handed over as it is, and only the typed decode
    /// of `Response` checks it.
    const RESPONSE_SHAPE: Root = Root::Unchecked;
}

/// An operation that answers one page of a list (`ListResponse<Item>`): the paging fields of
/// its request (ServiceStack's `ListRequest`), so that every page can be fetched in turn
/// (see [`crate::paging::next_page`]).
pub trait ListOperation: Operation<Response = ListResponse<Self::Item>> + Clone {
    /// The type of the list's items.
    type Item: DeserializeOwned;
    /// What the request asks about paging.
    fn page_request(&self) -> PageRequest;
    /// The same request for page `page`.
    fn with_page(&self, page: i32) -> Self;
}

/// What kind of call an operation is. It decides the shape of the operation's method in every
/// language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// Reads one object named by the route's parameters, given positionally:
    /// `client.get_session(id)`.
    Get,
    /// One page of a list, from a filter DTO; an iterator over every item of every page comes
    /// with it (`iter_sessions`).
    List,
    /// Creates an object from a request DTO.
    Create,
    /// Acts on an object: a request DTO whose route parameters name it (Python takes them
    /// positionally, then the other fields as keywords).
    Action,
}

/// The names of a list operation's iterator over every item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IterNames {
    /// Rust and Python (`iter_sessions`).
    pub rust: &'static str,
    /// JavaScript (`iterSessions`).
    pub js: &'static str,
}

/// A request field that fills a route parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Its Rust (and Python) name: `session_id`.
    pub name: &'static str,
    /// Its wire name, the one in the route template: `sessionId`.
    pub wire: &'static str,
}

/// One operation, as data (an entry of [`OPERATIONS`]).
#[derive(Clone, Debug)]
pub struct OperationInfo {
    /// Its name (its request DTO's name), method and route template.
    pub target: Target,
    /// What kind of call it is.
    pub kind: CallKind,
    /// The request fields that fill the route's parameters, in route order.
    pub params: &'static [Param],
    /// The other request fields the server's validation requires (Rust names: `channel`): a
    /// request without one is refused with a 400 (`NotEmpty`). The bindings' signatures and
    /// types make them required arguments.
    pub required: &'static [&'static str],
    /// The request DTO's schema.
    pub request: &'static TypeSchema,
    /// What a successful answer holds.
    pub response: Root,
    /// The method's name in Rust and Python (`get_session`).
    pub rust_name: &'static str,
    /// The method's name in JavaScript (`getSession`).
    pub js_name: &'static str,
    /// For a [`CallKind::List`]: its iterator's names.
    pub iter: Option<IterNames>,
    /// One line of documentation (empty in WebAssembly builds, which never read it).
    pub doc: &'static str,
}

impl OperationInfo {
    /// The operation's name (its request DTO's name).
    pub fn name(&self) -> &'static str {
        self.target.name
    }

    /// The name of the answer's type, a page written with the language's generic brackets:
    /// `SessionInfo`, or `ListResponse<SessionInfo>` for `("<", ">")`; `unknown` when the
    /// answer is not described.
    pub fn response_type_name(&self, open: &str, close: &str) -> String {
        let item = self.response_item().map_or("unknown", |t| t.name);
        match self.response {
            Root::List(_) => ["ListResponse", open, item, close].concat(),
            _ => item.to_owned(),
        }
    }

    /// The schema of the response's object: the item type of a list.
    pub fn response_item(&self) -> Option<&'static TypeSchema> {
        match self.response {
            Root::Object(s) | Root::List(s) => Some(s),
            Root::Unchecked => None,
        }
    }

    /// For a list, the type whose fields its request's `sort_field` names
    /// ([`paging::SORT_FIELD`](crate::paging::SORT_FIELD): the wire name of a field of the
    /// list's item, any case): the bindings type that argument as those names.
    pub fn sort_fields(&self) -> Option<&'static TypeSchema> {
        match self.response {
            Root::List(item) if self.request.fields.iter().any(|f| f.name == crate::paging::SORT_FIELD) => Some(item),
            _ => None,
        }
    }
}

/// The operation named `name` (its [`Operation::NAME`]).
pub fn find(name: &str) -> Option<&'static OperationInfo> {
    OPERATIONS.iter().find(|op| op.target.name == name)
}

/// An operation of [`OPERATIONS`]: where its entry is.
pub trait Listed: Operation {
    /// Its index in [`OPERATIONS`].
    const INDEX: usize;
}

/// The [`OperationInfo`] of `Op`.
pub fn info<Op: Listed>() -> &'static OperationInfo {
    &OPERATIONS[Op::INDEX]
}

/// The index of `name` in `names` (at compile time; `names.len()` if absent).
const fn index_of(names: &[&str], name: &str) -> usize {
    let mut i = 0;
    while i < names.len() {
        let (a, b) = (names[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    names.len()
}

/// `name`, except in WebAssembly builds, where the names of the other languages' methods are
/// never read (their generators run natively): there `""`.
const fn native_only(name: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        name
    }
}

/// Every operation of the API, with its kind, route, response and method names.
///
/// Calls `$callback! { [$($extra)*] $({ entry })* }`, one entry per operation, each exactly:
///
/// ```text
/// {
///     kind: get,                      // get | list | create | action (see CallKind)
///     op: GetSession,                 // the request DTO (a type of this crate's root)
///     method: GET,                    // an http::Method constant
///     route: "/sessions/{sessionId}",
///     params: [session_id = sessionId],           // the fields filling the route's parameters, in order
///     required: [],                   // the other fields the server's validation requires
///     item: SessionInfo,              // the answer: this, or ListResponse<this> for a list
///     rust: get_session,              // the method's name in Rust and Python
///     js: getSession,                 // ... and in JavaScript
///     iter: [],                       // a list's iterator: [iter_sessions, iterSessions]
///     doc: "One session by id (`GET /sessions/{sessionId}`).",
/// }
/// ```
///
/// This is how the npm and Python packages stamp their methods: the list is written here
/// once. (For the bindings of this SDK; not covered by semver.)
#[doc(hidden)]
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident $($extra:tt)*) => {
        $crate::__with_test_operation! { $callback [$($extra)*]
            {
                kind: create, op: NewSession, method: POST, route: "/sessions", params: [], required: [channel],
                item: SessionInfo, rust: new_session, js: newSession, iter: [],
                doc: "Creates a session (`POST /sessions`; requires role `User`)."
            }
            {
                kind: list, op: ListSessions, method: GET, route: "/sessions", params: [], required: [],
                item: SessionInfo, rust: list_sessions, js: listSessions, iter: [iter_sessions, iterSessions],
                doc: "One page of sessions (`GET /sessions`; pages are 0-based, of 25 sessions unless the request sets its count per page)."
            }
            {
                kind: get, op: GetSession, method: GET, route: "/sessions/{sessionId}", params: [session_id = sessionId], required: [],
                item: SessionInfo, rust: get_session, js: getSession, iter: [],
                doc: "One session by id (`GET /sessions/{sessionId}`)."
            }
            {
                kind: action, op: AddConferenceMember, method: POST, route: "/sessions/{sessionId}/conference/members", params: [session_id = sessionId], required: [destination],
                item: SessionInfo, rust: add_conference_member, js: addConferenceMember, iter: [],
                doc: "Turns the call into a conference and dials a member (`POST /sessions/{sessionId}/conference/members`)."
            }
            {
                kind: action, op: InviteChatMember, method: POST, route: "/sessions/{sessionId}/members", params: [session_id = sessionId], required: [member_to_add],
                item: SessionInfo, rust: invite_chat_member, js: inviteChatMember, iter: [],
                doc: "Adds a member to a chat session (`POST /sessions/{sessionId}/members`; requires role `User`)."
            }
        }
    };
}

/// Without the `test-operation` feature: the list as it is.
#[cfg(not(feature = "test-operation"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __with_test_operation {
    ($callback:ident [$($extra:tt)*] $($entries:tt)*) => {
        $callback! { [$($extra)*] $($entries)* }
    };
}

/// The [`Operation`] implementation of one entry, its [`ListOperation`] for a list.
macro_rules! impl_operation {
    (@shape list $item:ident) => { Root::List(&<$item as Described>::SCHEMA) };
    (@shape $kind:ident $item:ident) => { Root::Object(&<$item as Described>::SCHEMA) };
    (@response list $item:ident) => { ListResponse<$item> };
    (@response $kind:ident $item:ident) => { $item };
    (@list list $op:ident $item:ident) => {
        impl ListOperation for $op {
            type Item = $item;
            fn page_request(&self) -> PageRequest {
                PageRequest { page: self.page, count_per_page: self.count_per_page, all: self.all, simplified_paging: self.simplified_paging }
            }
            fn with_page(&self, page: i32) -> Self {
                Self { page: Some(page), ..self.clone() }
            }
        }
    };
    (@list $kind:ident $op:ident $item:ident) => {};
    (@kind get) => { CallKind::Get };
    (@kind list) => { CallKind::List };
    (@kind create) => { CallKind::Create };
    (@kind action) => { CallKind::Action };
    ([] $({
        kind: $kind:ident, op: $op:ident, method: $method:ident, route: $route:literal, params: [$($param:ident = $wire:ident),*], required: [$($req:ident),*],
        item: $item:ident, rust: $rust:ident, js: $js:ident, iter: [$($iter:ident, $iter_js:ident)?], doc: $doc:literal
    })*) => {
        const NAMES: &[&str] = &[$(stringify!($op)),*];
        $(
            impl Listed for $op {
                const INDEX: usize = index_of(NAMES, stringify!($op));
            }
            impl Operation for $op {
                type Response = impl_operation!(@response $kind $item);
                const NAME: &'static str = stringify!($op);
                const METHOD: Method = Method::$method;
                const ROUTE: &'static str = $route;
                const RESPONSE_SHAPE: Root = impl_operation!(@shape $kind $item);
            }
            impl_operation!(@list $kind $op $item);
        )*

        /// Every operation of the API (see [`for_each_operation!`](crate::for_each_operation)).
        pub static OPERATIONS: &[OperationInfo] = &[$(
            OperationInfo {
                target: Target { name: stringify!($op), method: Method::$method, route: $route },
                kind: impl_operation!(@kind $kind),
                params: &[$(Param { name: native_only(stringify!($param)), wire: stringify!($wire) }),*],
                required: &[$(stringify!($req)),*],
                request: &<$op as Described>::SCHEMA,
                response: impl_operation!(@shape $kind $item),
                rust_name: native_only(stringify!($rust)),
                js_name: native_only(stringify!($js)),
                iter: impl_operation!(@iter $($iter, $iter_js)?),
                doc: crate::schema::doc_for_target($doc),
            }
        ),*];
    };
    (@iter $iter:ident, $iter_js:ident) => { Some(IterNames { rust: native_only(stringify!($iter)), js: native_only(stringify!($iter_js)) }) };
    (@iter) => { None };
}

crate::for_each_operation!(impl_operation);

impl Operation for Authenticate {
    type Response = AuthenticateResponse;
    const NAME: &'static str = "Authenticate";
    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/auth/credentials";
    const RESPONSE_SHAPE: Root = Root::Object(&AuthenticateResponse::SCHEMA);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_consistent() {
        assert!(OPERATIONS.len() >= 5);
        for op in OPERATIONS {
            // Each required field is a field of the request, not a route parameter.
            for name in op.required {
                assert!(op.request.fields.iter().any(|f| f.name == *name), "{}: no field {name}", op.name());
                assert!(op.params.iter().all(|p| p.name != *name), "{}: {name} is a route parameter", op.name());
            }
            // The route's parameters are exactly `params`, by wire name, in order.
            let in_route: Vec<&str> = op.target.route.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(name, _)| name).collect();
            let wire: Vec<String> = op
                .params
                .iter()
                .map(|p| op.request.fields.iter().find(|f| f.name == p.name).unwrap_or_else(|| panic!("{}: no field {}", op.name(), p.name)).wire_name())
                .collect();
            assert_eq!(in_route, wire, "{}", op.name());
            assert_eq!(op.params.iter().map(|p| p.wire).collect::<Vec<_>>(), wire, "{}", op.name());
            assert_eq!(op.request.name, op.name());
            assert_eq!(op.kind == CallKind::List, matches!(op.response, Root::List(_)), "{}", op.name());
            assert_eq!(op.kind == CallKind::List, op.iter.is_some(), "{}", op.name());
            if op.kind == CallKind::Get {
                assert!(!op.params.is_empty() && op.target.method == Method::GET, "{}", op.name());
            }
            assert!(!op.doc.is_empty() && op.doc.ends_with('.'), "{}", op.name());
            assert!(std::ptr::eq(find(op.name()).unwrap(), op));
        }
        assert_eq!(info::<InviteChatMember>().name(), "InviteChatMember");
        assert!(find("Authenticate").is_none(), "login is not an operation of the table");
    }
}
