//! Enumerations of the API. Each travels as its name (a string) on the wire.
//!
//! A newer server may send a value this SDK does not know yet: it decodes into the
//! `Unknown(String)` variant, which keeps the original text and serializes back unchanged.
//! Every enum is `#[non_exhaustive]`: when a later release learns that value, it gets a variant
//! of its own without breaking a `match` (which needs a `_` arm).

/// Declares a string enum with a catch-all `Unknown(String)` variant.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        ///
        /// Non-exhaustive: a newer release may add values, so a `match` needs a `_` arm.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* #[doc = concat!("`", $wire, "` on the wire.")] $variant,)+
            /// A value this version of the SDK does not know; holds the text as sent.
            Unknown(String),
        }

        impl $name {
            /// Every value this SDK knows, in the order of the specification.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value's name as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(s) => s.as_str(),
                }
            }

            /// Parses a wire name (exact match first, then case-insensitive, as the server
            /// reads enums); anything else becomes `Unknown`.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($wire => Self::$variant,)+
                    _ => {
                        $(if s.eq_ignore_ascii_case($wire) { return Self::$variant; })+
                        Self::Unknown(s.to_owned())
                    }
                }
            }

            /// True when the value is one this SDK knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::from_wire(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " name as a string"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_wire(v))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

string_enum! {
    /// The dial state of a session.
    SessionDialState { None = "None", Active = "Active" }
}
string_enum! {
    /// The call state of a session.
    SessionCallState {
        Disconnected = "Disconnected", Ringing = "Ringing", Connected = "Connected",
        Hold = "Hold", Passive = "Passive",
    }
}
string_enum! {
    /// The queue state of a session.
    SessionQueueStates {
        None = "None", Queued = "Queued", Ringing = "Ringing", Connected = "Connected",
        Hold = "Hold", Disconnected = "Disconnected",
    }
}
string_enum! {
    /// The channel of a flow / session.
    FlowChannels { Voice = "Voice", Chat = "Chat", Fax = "Fax" }
}
string_enum! {
    /// Why a session is on hold.
    SessionHoldReasons { None = "None", Transferring = "Transferring" }
}
string_enum! {
    /// The call state of one member of a session.
    SessionMemberCallState { None = "None", Ringing = "Ringing", Connected = "Connected", Hold = "Hold" }
}
string_enum! {
    /// The role of one member of a session.
    SessionMemberRoles { None = "None", Caller = "Caller", Agent = "Agent", Transfer = "Transfer" }
}
string_enum! {
    /// Whether a session is incoming or outgoing.
    SessionDirections { Incoming = "Incoming", Outgoing = "Outgoing" }
}
string_enum! {
    /// Sort order of a list request.
    SortOrders { Ascend = "Ascend", Descend = "Descend" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_round_trip() {
        let v: FlowChannels = serde_json::from_str("\"Sms\"").unwrap();
        assert_eq!(v, FlowChannels::Unknown("Sms".into()));
        assert!(!v.is_known());
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"Sms\"");
    }

    #[test]
    fn known_values_case_insensitive() {
        assert_eq!(SortOrders::from_wire("descend"), SortOrders::Descend);
        assert_eq!(FlowChannels::from_wire("Chat").as_str(), "Chat");
        assert_eq!(SessionCallState::KNOWN.len(), 5);
    }

    #[test]
    fn wrong_type_is_an_error() {
        assert!(serde_json::from_str::<FlowChannels>("3").is_err());
    }
}
