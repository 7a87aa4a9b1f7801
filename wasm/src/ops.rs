//! The operations the package offers, as the core describes them (name, method, route, request
//! schema, response shape): the client and the sans-IO pair look them up here by name.

use evovoice::json::shape::Root;
use evovoice::request::Target;
use evovoice::schema::{Described, TypeSchema};
use evovoice::{AddConferenceMember, GetSession, InviteChatMember, ListSessions, NewSession, Operation};

/// One operation, as data (no per-operation code in the package).
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
pub static NEW_SESSION: Op = op!(NewSession);
/// `ListSessions`
pub static LIST_SESSIONS: Op = op!(ListSessions);
/// `GetSession`
pub static GET_SESSION: Op = op!(GetSession);
/// `AddConferenceMember`
pub static ADD_CONFERENCE_MEMBER: Op = op!(AddConferenceMember);
/// `InviteChatMember`
pub static INVITE_CHAT_MEMBER: Op = op!(InviteChatMember);

/// The operation named `name` (the core's `Operation::NAME`).
pub fn by_name(name: &str) -> Option<&'static Op> {
    [&NEW_SESSION, &LIST_SESSIONS, &GET_SESSION, &ADD_CONFERENCE_MEMBER, &INVITE_CHAT_MEMBER].into_iter().find(|op| op.target.name == name)
}
