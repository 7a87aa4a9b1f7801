//! The [`Operation`] trait: what each request DTO sends and what it gets back.

use http::Method;
use serde::{de::DeserializeOwned, Serialize};

use crate::models::*;

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
}

macro_rules! operation {
    ($ty:ty => $resp:ty, $name:literal, $method:ident, $route:literal) => {
        impl Operation for $ty {
            type Response = $resp;
            const NAME: &'static str = $name;
            const METHOD: Method = Method::$method;
            const ROUTE: &'static str = $route;
        }
    };
}

operation!(NewSession => SessionInfo, "NewSession", POST, "/sessions");
operation!(ListSessions => ListResponse<SessionInfo>, "ListSessions", GET, "/sessions");
operation!(GetSession => SessionInfo, "GetSession", GET, "/sessions/{sessionId}");
operation!(AddConferenceMember => SessionInfo, "AddConferenceMember", POST, "/sessions/{sessionId}/conference/members");
operation!(InviteChatMember => SessionInfo, "InviteChatMember", POST, "/sessions/{sessionId}/members");
operation!(Authenticate => AuthenticateResponse, "Authenticate", POST, "/auth/credentials");
