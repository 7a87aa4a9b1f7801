//! The operations the package offers, as the core describes them (name, method, route, request
//! schema, response shape): the client and the sans-IO pair look them up here by name.

use evovoice::json::shape::Root;
use evovoice::request::Target;
use evovoice::schema::{Described, TypeSchema};
use evovoice::{AddConferenceMember, GetSession, InviteChatMember, ListSessions, NewSession, Operation};

/// One operation, as data (no per-operation code in the package).
#[derive(Clone)]
pub struct Op {
    /// Where it goes.
    pub target: Target,
    /// The request DTO's schema.
    pub schema: &'static TypeSchema,
    /// What a successful answer holds.
    pub root: Root,
}

macro_rules! op {
    ($ty:ty) => {
        Op { target: Target::of::<$ty>(), schema: &<$ty as Described>::SCHEMA, root: <$ty as Operation>::RESPONSE_SHAPE }
    };
}

/// `NewSession`
pub fn new_session() -> Op {
    op!(NewSession)
}
/// `ListSessions`
pub fn list_sessions() -> Op {
    op!(ListSessions)
}
/// `GetSession`
pub fn get_session() -> Op {
    op!(GetSession)
}
/// `AddConferenceMember`
pub fn add_conference_member() -> Op {
    op!(AddConferenceMember)
}
/// `InviteChatMember`
pub fn invite_chat_member() -> Op {
    op!(InviteChatMember)
}

/// The operation named `name` (the core's `Operation::NAME`).
pub fn by_name(name: &str) -> Option<Op> {
    [new_session, list_sessions, get_session, add_conference_member, invite_chat_member].into_iter().map(|f| f()).find(|op| op.target.name == name)
}
