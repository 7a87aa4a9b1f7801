//! Request binding as ServiceStack does it: a request DTO is filled from the JSON or form body,
//! then path variables, then the query string, each overriding the previous. Property names are
//! case-insensitive. Values that cannot be converted are reported per field as
//! `SerializationException`s.

use std::sync::Mutex;

use evovoice::schema::{TypeSchema, ENUMS};
use evovoice::wire::query::{split_list, unquote_scalar};
use evovoice::ResponseError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::errors::{field_error, ApiError};

/// The type of a DTO property, as far as binding is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    /// A string.
    Str,
    /// A 32-bit integer.
    Int,
    /// A boolean (`true`/`false` any case, `1`/`0`).
    Bool,
    /// A list of strings.
    List,
    /// A string enum: one of these names, any case.
    Enum(&'static [&'static str]),
}

/// One property: its wire (camelCase) name and kind.
pub(crate) type Field = (&'static str, Kind);

/// The properties of a request DTO, from the core's schema (wire names; each field's kind from
/// its type), built once per type.
pub(crate) fn fields_of(schema: &'static TypeSchema) -> &'static [Field] {
    static CACHE: Mutex<Vec<(&'static str, &'static [Field])>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, fields)) = cache.iter().find(|(name, _)| *name == schema.name) {
        return fields;
    }
    let fields: Vec<Field> = schema
        .fields
        .iter()
        .map(|f| {
            let kind = match f.ty().as_str() {
                "String" => Kind::Str,
                "i32" => Kind::Int,
                "bool" => Kind::Bool,
                "Vec<String>" => Kind::List,
                other => match ENUMS.iter().find(|e| e.name == other) {
                    Some(e) => Kind::Enum(e.values),
                    None => panic!("the emulator cannot bind {}.{} of type {other}", schema.name, f.name),
                },
            };
            (&*Box::leak(f.wire_name().into_boxed_str()), kind)
        })
        .collect();
    let fields: &'static [Field] = Box::leak(fields.into_boxed_slice());
    cache.push((schema.name, fields));
    fields
}

/// Authenticate's properties.
pub(crate) const AUTHENTICATE: &[Field] = &[
    ("provider", Kind::Str),
    ("userName", Kind::Str),
    ("password", Kind::Str),
    ("rememberMe", Kind::Bool),
];

/// Where values come from.
#[derive(Debug)]
pub(crate) enum Source {
    /// Decoded text pairs (query string, form body, path variables); repeated keys allowed.
    Pairs(Vec<(String, String)>),
    /// A parsed JSON object body.
    Json(Map<String, Value>),
}

/// Accumulates sources, later ones overriding earlier ones, and binds them into a DTO.
pub(crate) struct Binder {
    op: &'static str,
    fields: &'static [Field],
    values: Map<String, Value>,
    errors: Vec<ResponseError>,
}

impl Binder {
    /// A binder for operation `op` with these properties.
    pub(crate) fn new(op: &'static str, fields: &'static [Field]) -> Self {
        Binder { op, fields, values: Map::new(), errors: Vec::new() }
    }

    fn field(&self, key: &str) -> Option<Field> {
        self.fields.iter().copied().find(|(name, _)| name.eq_ignore_ascii_case(key))
    }

    /// Applies one source on top of what is bound so far.
    pub(crate) fn apply(&mut self, source: Source) {
        let mut layer = Map::new();
        match source {
            Source::Pairs(pairs) => {
                for (key, text) in pairs {
                    let Some((name, kind)) = self.field(&key) else { continue };
                    match text_value(kind, &text) {
                        Ok(None) => {}
                        Ok(Some(Value::Array(items))) => {
                            // Repeated list keys append (`ids=a&ids=b`).
                            match layer.get_mut(name) {
                                Some(Value::Array(existing)) => existing.extend(items),
                                _ => {
                                    layer.insert(name.into(), Value::Array(items));
                                }
                            }
                        }
                        Ok(Some(Value::String(s))) => {
                            // Repeated scalar keys join with a comma (ASP.NET's reading).
                            match layer.get_mut(name) {
                                Some(Value::String(existing)) => {
                                    existing.push(',');
                                    existing.push_str(&s);
                                }
                                _ => {
                                    layer.insert(name.into(), Value::String(s));
                                }
                            }
                        }
                        Ok(Some(v)) => {
                            layer.insert(name.into(), v);
                        }
                        Err(()) => self.errors.push(invalid(&key, &text)),
                    }
                }
            }
            Source::Json(map) => {
                for (key, value) in map {
                    let Some((name, kind)) = self.field(&key) else { continue };
                    match json_value(kind, &value) {
                        Ok(None) => {}
                        Ok(Some(v)) => {
                            layer.insert(name.into(), v);
                        }
                        Err(()) => {
                            let shown = match &value {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            self.errors.push(invalid(&key, &shown));
                        }
                    }
                }
            }
        }
        for (k, v) in layer {
            self.values.insert(k, v);
        }
    }

    /// The bound DTO, or the bind errors as a 400.
    pub(crate) fn finish<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        if !self.errors.is_empty() {
            return Err(ApiError::bind(self.op, self.errors));
        }
        serde_json::from_value(Value::Object(self.values)).map_err(|e| {
            ApiError::bind(self.op, vec![field_error("SerializationException", "", e.to_string())])
        })
    }
}

fn invalid(key: &str, text: &str) -> ResponseError {
    field_error("SerializationException", key, format!("'{text}' is an Invalid value for '{key}'"))
}

fn parse_bool(s: &str) -> Result<bool, ()> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("true") || s == "1" {
        Ok(true)
    } else if s.eq_ignore_ascii_case("false") || s == "0" {
        Ok(false)
    } else {
        Err(())
    }
}

fn parse_int(s: &str) -> Result<i32, ()> {
    s.trim().parse::<i32>().map_err(|_| ())
}

fn parse_enum(names: &[&str], s: &str) -> Result<Value, ()> {
    let s = s.trim();
    names.iter().find(|n| n.eq_ignore_ascii_case(s)).map(|n| Value::String((*n).to_owned())).ok_or(())
}

/// Converts decoded text to a value of `kind`. `Ok(None)`: treat as absent (empty non-string).
fn text_value(kind: Kind, text: &str) -> Result<Option<Value>, ()> {
    if text.trim().is_empty() && !matches!(kind, Kind::Str) {
        return Ok(None);
    }
    Ok(Some(match kind {
        Kind::Str => Value::String(unquote_scalar(text)),
        Kind::Int => Value::Number(Number::from(parse_int(&unquote_scalar(text))?)),
        Kind::Bool => Value::Bool(parse_bool(&unquote_scalar(text))?),
        Kind::Enum(names) => parse_enum(names, &unquote_scalar(text))?,
        Kind::List => Value::Array(split_list(text).into_iter().map(Value::String).collect()),
    }))
}

/// Converts a JSON body value to `kind` (leniently, as ServiceStack's serializer does).
fn json_value(kind: Kind, value: &Value) -> Result<Option<Value>, ()> {
    if value.is_null() {
        return Ok(None);
    }
    let scalar_text = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    Ok(Some(match kind {
        Kind::Str => Value::String(scalar_text(value).ok_or(())?),
        Kind::Int => match value {
            Value::Number(n) => {
                let i = n.as_i64().ok_or(())?;
                Value::Number(Number::from(i32::try_from(i).map_err(|_| ())?))
            }
            Value::String(s) if s.trim().is_empty() => return Ok(None),
            Value::String(s) => Value::Number(Number::from(parse_int(s)?)),
            _ => return Err(()),
        },
        Kind::Bool => match value {
            Value::Bool(b) => Value::Bool(*b),
            Value::Number(n) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => Value::Bool(n.as_i64() == Some(1)),
            Value::String(s) if s.trim().is_empty() => return Ok(None),
            Value::String(s) => Value::Bool(parse_bool(s)?),
            _ => return Err(()),
        },
        Kind::Enum(names) => match value {
            Value::String(s) => parse_enum(names, s)?,
            _ => return Err(()),
        },
        Kind::List => match value {
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| scalar_text(v).map(Value::String).ok_or(())).collect::<Result<_, _>>()?)
            }
            Value::String(s) => Value::Array(split_list(s).into_iter().map(Value::String).collect()),
            _ => return Err(()),
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use evovoice::schema::Described;
    use evovoice::{FlowChannels, ListSessions, NewSession, SessionCallState, SessionDirections, SortOrders};

    fn list_sessions() -> &'static [Field] {
        fields_of(&ListSessions::SCHEMA)
    }

    #[test]
    fn fields_come_from_the_schema() {
        let kinds = |fields: &[Field]| fields.iter().map(|(name, kind)| format!("{name}:{kind:?}")).collect::<Vec<_>>().join(" ");
        let new_session = fields_of(&NewSession::SCHEMA);
        assert_eq!(new_session.len(), 14);
        assert_eq!(new_session[0].0, "displayName");
        assert!(matches!(new_session[1], ("channel", Kind::Enum(v)) if v == FlowChannels::KNOWN));
        assert!(matches!(new_session[2], ("direction", Kind::Enum(v)) if v == SessionDirections::KNOWN));
        assert!(matches!(new_session[3], ("callState", Kind::Enum(v)) if v == SessionCallState::KNOWN));
        assert!(matches!(new_session[12], ("memberEmailAddresses", Kind::List)));
        assert!(matches!(new_session[13], ("startSession", Kind::Bool)));
        assert!(kinds(list_sessions()).starts_with("page:Int all:Bool countPerPage:Int specificIds:List sortField:Str sortOrder:Enum"), "{}", kinds(list_sessions()));
        assert!(std::ptr::eq(list_sessions(), fields_of(&ListSessions::SCHEMA)), "built once");
    }

    fn pairs(p: &[(&str, &str)]) -> Source {
        Source::Pairs(p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn query_forms_bind() {
        let mut b = Binder::new("ListSessions", list_sessions());
        b.apply(pairs(&[("ACCOUNTIDS", "a,\"b,c\""), ("accountIds", "[d]"), ("all", "1"), ("sortorder", "ascend")]));
        let l: ListSessions = b.finish().unwrap();
        assert_eq!(l.account_ids.unwrap(), vec!["a", "b,c", "d"]);
        assert_eq!(l.all, Some(true));
        assert_eq!(l.sort_order, Some(SortOrders::Ascend));
    }

    #[test]
    fn bad_values_are_bind_errors() {
        let mut b = Binder::new("ListSessions", list_sessions());
        b.apply(pairs(&[("page", "abc"), ("sortOrder", "sideways")]));
        match b.finish::<ListSessions>() {
            Err(ApiError::Status { errors, message, .. }) => {
                assert_eq!(message, "Unable to bind to request 'ListSessions'");
                assert_eq!(errors.len(), 2);
                assert_eq!(errors[0].message.as_deref(), Some("'abc' is an Invalid value for 'page'"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn later_sources_override() {
        let mut b = Binder::new("ListSessions", list_sessions());
        let mut m = Map::new();
        m.insert("Page".into(), Value::from(3));
        m.insert("from".into(), Value::from("x"));
        b.apply(Source::Json(m));
        b.apply(pairs(&[("page", "4")]));
        let l: ListSessions = b.finish().unwrap();
        assert_eq!((l.page, l.from.as_deref()), (Some(4), Some("x")));
    }
}
