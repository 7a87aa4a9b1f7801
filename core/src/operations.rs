//! The [`Operation`] trait: what each request DTO sends and what it gets back.

use http::Method;
use serde::{de::DeserializeOwned, Serialize};

use crate::json::shape::Root;
use crate::models::*;
use crate::schema::Described;

/// A request of the API: its HTTP method, route and response type.
///
/// Route templates name path parameters by their wire name (`{sessionId}`); the value is taken
/// from the request's field of that name. Implemented by the five request DTOs; implement it
/// for your own DTO to [`send`](crate::Client::send) an operation this SDK does not wrap.
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

macro_rules! operation {
    ($ty:ty => $resp:ty, $shape:expr, $name:literal, $method:ident, $route:literal) => {
        impl Operation for $ty {
            type Response = $resp;
            const NAME: &'static str = $name;
            const METHOD: Method = Method::$method;
            const ROUTE: &'static str = $route;
            const RESPONSE_SHAPE: Root = $shape;
        }
    };
}

const SESSION: Root = Root::Object(&SessionInfo::SCHEMA);
const SESSIONS: Root = Root::List(&SessionInfo::SCHEMA);

operation!(NewSession => SessionInfo, SESSION, "NewSession", POST, "/sessions");
operation!(ListSessions => ListResponse<SessionInfo>, SESSIONS, "ListSessions", GET, "/sessions");
operation!(GetSession => SessionInfo, SESSION, "GetSession", GET, "/sessions/{sessionId}");
operation!(AddConferenceMember => SessionInfo, SESSION, "AddConferenceMember", POST, "/sessions/{sessionId}/conference/members");
operation!(InviteChatMember => SessionInfo, SESSION, "InviteChatMember", POST, "/sessions/{sessionId}/members");
operation!(Authenticate => AuthenticateResponse, Root::Object(&AuthenticateResponse::SCHEMA), "Authenticate", POST, "/auth/credentials");
