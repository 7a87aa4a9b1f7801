//! Data transfer objects of the API, one file per area.
//!
//! Every field is optional: the server omits null fields, and a field may be absent or null.
//! Unknown JSON fields are ignored. Rust names are snake_case; wire names are the API's
//! camelCase (`serde(rename_all = "camelCase")`).

/// Declares a DTO: every field `Option<T>`, camelCase on the wire, absent fields default to
/// `None`, `None` fields are not serialized.
macro_rules! dto {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        impl $crate::schema::Described for $name {
            const SCHEMA: $crate::schema::TypeSchema = $crate::schema::TypeSchema {
                name: stringify!($name),
                doc: $crate::schema::doc_for_target($crate::schema::first_doc(&[$(stringify!($meta)),*])),
                fields: &[$($crate::schema::FieldSchema {
                    name: stringify!($field),
                    ty: stringify!($ty),
                    doc: $crate::schema::doc_for_target($crate::schema::first_doc(&[$(stringify!($fmeta)),*])),
                }),*],
            };
        }
    };
}

mod account;
mod auth;
mod list;
mod requests;
mod session;
pub(crate) mod status;
#[cfg(feature = "test-operation")]
mod test_operation;

pub use account::{AccountInfo, BillingItem, BillingSettings};
pub use auth::{Authenticate, AuthenticateResponse};
pub use list::ListResponse;
pub use requests::{AddConferenceMember, GetSession, InviteChatMember, ListSessions, NewSession};
pub use session::{CustomerBreadcrumb, EntityInfo, SessionInfo, SessionLogInfo, SessionMemberInfo};
pub use status::{ErrorResponse, ResponseError, ResponseStatus};
#[cfg(feature = "test-operation")]
pub use test_operation::{GetSessionLog, SessionLog};
