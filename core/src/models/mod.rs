//! Data transfer objects of the API, one file per area.
//!
//! Every field is optional: the server omits null fields, and a field may be absent or null.
//! Unknown JSON fields are kept, as sent, in each DTO's `extra` ([`Extra`]) and written back
//! when it is serialized. Rust names are snake_case; wire names are the API's camelCase.
//! Every DTO is `#[non_exhaustive]`: requests are built with `new(..)` (route parameters and the
//! fields the server requires) and setters named after the other fields.

/// The wire (camelCase) name of a field, as a `&'static str` computed at compile time.
macro_rules! wire_name {
    ($field:ident) => {{
        const BYTES: &[u8; $crate::schema::wire_len(stringify!($field))] = &$crate::schema::wire_bytes(stringify!($field));
        match ::core::str::from_utf8(BYTES) {
            Ok(s) => s,
            Err(_) => panic!("a field name is ASCII"),
        }
    }};
}

/// Declares a DTO: every field `Option<T>`, camelCase on the wire, absent or null fields
/// `None`, `None` fields not serialized; the members it does not know kept in `extra` and
/// written back after the known ones. `#[non_exhaustive]`: built with `Default` (or a request's
/// `new(..)`, stamped from the operation list by [`request_constructors!`]) and chainable
/// setters named after the fields.
///
/// Serde code is written here rather than derived: a derived decoder with
/// `#[serde(flatten)] extra` would buffer every object before reading it. This one matches the
/// known keys as the derived one does (a field given twice is an error) and collects the rest.
macro_rules! dto {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)? }
    ) => {
        $(#[$meta])*
        ///
        /// Non-exhaustive (a newer release may add fields): build one with `Default` or `new(..)`
        /// and the chainable setters named after its fields.
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: Option<$ty>,
            )*
            /// The JSON members this version of the SDK does not know, as the server sent them;
            /// serialized back after the known fields, so that a value stored and read again
            /// keeps what a newer server sent.
            pub extra: $crate::models::Extra,
        }

        impl $name {
            $(
                $(#[$fmeta])*
                ///
                /// Sets this field (to `Some(value)`) and returns the value, for chaining.
                #[must_use]
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if let Some(value) = &self.$field {
                        map.serialize_entry(wire_name!($field), value)?;
                    }
                )*
                for (key, value) in self.extra.entries() {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::{Error as _, MapAccess, Visitor};

                #[allow(non_camel_case_types)]
                enum Key {
                    $($field,)*
                    /// A member this type does not know: its name is in the seed's slot.
                    __Extra,
                }

                impl Key {
                    /// The known field a wire name names (each name a constant of the same
                    /// name as its field, matched as serde's derived code matches).
                    #[inline]
                    #[allow(non_upper_case_globals)]
                    fn known(key: &str) -> Option<Self> {
                        $(const $field: &str = wire_name!($field);)*
                        match key {
                            $($field => Some(Key::$field),)*
                            _ => None,
                        }
                    }
                }

                /// Reads a member's name: a known one as its one-byte `Key` (as serde's derived
                /// code does), another into `self.0` (so that the key stays small).
                struct KeySeed<'a>(&'a mut String);

                impl<'de> ::serde::de::DeserializeSeed<'de> for KeySeed<'_> {
                    type Value = Key;
                    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
                        deserializer.deserialize_identifier(self)
                    }
                }

                impl<'de> Visitor<'de> for KeySeed<'_> {
                    type Value = Key;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, key: &str) -> Result<Key, E> {
                        Ok(Key::known(key).unwrap_or_else(|| {
                            key.clone_into(self.0);
                            Key::__Extra
                        }))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, key: String) -> Result<Key, E> {
                        Ok(Key::known(&key).unwrap_or_else(|| {
                            *self.0 = key;
                            Key::__Extra
                        }))
                    }
                }

                struct ValueVisitor;
                impl<'de> Visitor<'de> for ValueVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    /// An array of the fields' values in order, as serde's derived decoder
                    /// reads one (missing ones unset).
                    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<$name, A::Error> {
                        $(let $field = seq.next_element::<Option<$ty>>()?.flatten();)*
                        Ok($name { $($field,)* extra: $crate::models::Extra::new() })
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $(let mut $field: Option<Option<$ty>> = None;)*
                        let mut extra = $crate::models::Extra::new();
                        let mut name = String::new();
                        while let Some(key) = map.next_key_seed(KeySeed(&mut name))? {
                            match key {
                                $(
                                    Key::$field => {
                                        if $field.is_some() {
                                            return Err(A::Error::duplicate_field(wire_name!($field)));
                                        }
                                        $field = Some(map.next_value()?);
                                    }
                                )*
                                Key::__Extra => {
                                    let value: Box<::serde_json::value::RawValue> = map.next_value()?;
                                    extra.keep(::core::mem::take(&mut name), value);
                                }
                            }
                        }
                        extra.dedup();
                        Ok($name { $($field: $field.flatten(),)* extra })
                    }
                }

                const FIELDS: &[&str] = &[$(wire_name!($field)),*];
                deserializer.deserialize_struct(stringify!($name), FIELDS, ValueVisitor)
            }
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
                keeps_unknown: true,
            };
        }
    };
}

/// Stamps `new(..)` on the request DTO of each entry of
/// [`for_each_operation!`](crate::for_each_operation): its arguments are the fields that fill
/// the route's parameters, then the fields the server requires (the entry's `params` and
/// `required`), each typed as its field (found by name by `request_field_type!`, which
/// [`request_dtos!`] declares: a field name has one type across the request DTOs, or `new`
/// does not compile).
macro_rules! request_constructors {
    ([] $({
        kind: $kind:ident, op: $op:ident, method: $method:ident, route: $route:literal, params: [$($param:ident = $wire:ident),*], required: [$($req:ident),*],
        $($rest:tt)*
    })*) => {
        $(
            impl $op {
                #[doc = concat!(
                    "The request with its route parameters and the fields the server requires, in this order: ",
                    request_constructors!(@args [$($param)* $($req)*]),
                    ". The other fields are unset: set them with the setters named after them."
                )]
                pub fn new($($param: impl Into<request_field_type!($param)>,)* $($req: impl Into<request_field_type!($req)>),*) -> Self {
                    Self::default()$(.$param($param))*$(.$req($req))*
                }
            }
        )*
    };
    (@args []) => { "none" };
    (@args [$first:ident $($arg:ident)*]) => { concat!("`", stringify!($first), "`" $(, ", `", stringify!($arg), "`")*) };
}

/// Declares the request DTOs with [`dto!`], and `request_field_type!(field)`: the type of a
/// request field, by name (for [`request_constructors!`]).
macro_rules! request_dtos {
    ($( $(#[$meta:meta])* pub struct $name:ident { $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)? } )*) => {
        $(
            dto! {
                $(#[$meta])*
                pub struct $name { $( $(#[$fmeta])* pub $field: $ty, )* }
            }
        )*
        macro_rules! request_field_type {
            $($( ($field) => { $ty }; )*)*
        }
    };
}

/// The members of a JSON object that a DTO does not know (the `extra` field of each DTO), as
/// the server sent them: each member's name and its value's JSON text, kept verbatim (numbers,
/// spacing, escapes, nested objects) and written back unchanged.
///
/// Members are kept in the order they came (a name given twice: its last value, in its last
/// place). Decoding one costs little more than skipping it did: its text is copied, not
/// parsed into a tree; none costs nothing.
#[derive(Clone, Default)]
pub struct Extra(Vec<(String, Box<RawValue>)>);

impl Extra {
    /// No members.
    pub fn new() -> Self {
        Self::default()
    }

    /// The JSON text of member `name`, when the server sent one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.get())
    }

    /// Member `name`, parsed.
    pub fn value(&self, name: &str) -> Option<serde_json::Value> {
        self.get(name).and_then(|v| serde_json::from_str(v).ok())
    }

    /// Adds (or replaces) member `name` with `value`. Its name should not be one of the DTO's
    /// own fields (serialized, both would be written).
    pub fn insert(&mut self, name: impl Into<String>, value: &serde_json::Value) {
        let text = value.to_string();
        if let Ok(raw) = RawValue::from_string(text) {
            self.put(name.into(), raw);
        }
    }

    /// Removes member `name`; its JSON text, if it was there.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(String::from(Box::<str>::from(self.0.remove(i).1)))
    }

    /// The members, in order: (name, JSON text).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.get()))
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps a member read by a DTO's decoder (see [`Extra::dedup`] for repeated names).
    ///
    /// When serde_json skips a value it takes text it refuses to parse (a lone UTF-16 surrogate
    /// escape `"\uD800"`, a number out of range `1e999`): such a member is dropped, as every
    /// unknown member was before, so that what is kept always reads back (into a
    /// `serde_json::Value` too). Checking parses the member once more, without allocating.
    pub(crate) fn keep(&mut self, name: String, value: Box<RawValue>) {
        if serde_json::from_str::<Readable>(value.get()).is_ok() {
            self.0.push((name, value));
        }
    }

    /// Once an object is read: a name given more than once keeps its last value (as a map
    /// does), in linear time however many members a server sends.
    #[inline]
    pub(crate) fn dedup(&mut self) {
        if self.0.len() > 1 {
            self.dedup_names();
        }
    }

    #[cold]
    fn dedup_names(&mut self) {
        let mut seen = std::collections::HashSet::with_capacity(self.0.len());
        let keep: Vec<bool> = self.0.iter().rev().map(|(k, _)| seen.insert(k.clone())).collect();
        let mut keep = keep.into_iter().rev();
        self.0.retain(|_| keep.next().unwrap_or(true));
    }

    /// Sets member `name`: in place when it is there, else last.
    fn put(&mut self, name: String, value: Box<RawValue>) {
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some((_, v)) => *v = value,
            None => self.0.push((name, value)),
        }
    }

    /// The members as serde writes them (after a DTO's own fields).
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&String, &RawValue)> {
        self.0.iter().map(|(k, v)| (k, &**v))
    }
}

/// A JSON value serde_json parses (numbers in range, strings that are Unicode), read and
/// discarded.
struct Readable;

impl<'de> serde::Deserialize<'de> for Readable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Readable;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Readable, E> {
                Ok(Readable)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Readable, E> {
                Ok(Readable)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Readable, E> {
                Ok(Readable)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Readable, E> {
                Ok(Readable)
            }
            fn visit_str<E>(self, _: &str) -> Result<Readable, E> {
                Ok(Readable)
            }
            fn visit_unit<E>(self) -> Result<Readable, E> {
                Ok(Readable)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Readable, A::Error> {
                while seq.next_element::<Readable>()?.is_some() {}
                Ok(Readable)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Readable, A::Error> {
                while map.next_entry::<Readable, Readable>()?.is_some() {}
                Ok(Readable)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Members compare by name and JSON text, in order.
impl PartialEq for Extra {
    /// Equal as JSON objects: the same names with the same values, in any order, a value
    /// written with other spacing (or read back from a `serde_json::Value`, as Python's
    /// `from_dict` does) being the same value.
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &str, b: &str| a == b || serde_json::from_str::<serde_json::Value>(a).ok() == serde_json::from_str::<serde_json::Value>(b).ok();
        self.0.len() == other.0.len() && self.iter().all(|(name, a)| other.get(name).is_some_and(|b| same(a, b)))
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

use std::fmt;

use serde_json::value::RawValue;

mod account;
mod auth;
mod list;
#[macro_use]
mod requests;
mod session;
pub(crate) mod status;
#[cfg(feature = "test-operation")]
mod test_operation;

/// The request DTOs' `new(..)`; their field types name the enums.
mod constructors {
    use super::*;
    use crate::enums::*;
    crate::for_each_operation!(request_constructors);
}

pub use account::{AccountInfo, BillingItem, BillingSettings};
pub use auth::{Authenticate, AuthenticateResponse};
pub use list::ListResponse;
pub use requests::{AddConferenceMember, GetSession, InviteChatMember, ListSessions, NewSession};
pub use session::{CustomerBreadcrumb, EntityInfo, SessionInfo, SessionLogInfo, SessionMemberInfo};
pub use status::{ErrorResponse, ResponseError, ResponseStatus};
#[cfg(feature = "test-operation")]
pub use test_operation::{GetSessionLog, SessionLog};
