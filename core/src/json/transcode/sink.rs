//! What a pass of the transcoder reports of the values it reads, for a binding that builds
//! its own objects from them ([`transcode_into`](super::transcode_into)): the Python package
//! builds its result objects this way, in the same pass that checks the body, so that no Rust
//! value stands between the bytes and the Python objects.
//!
//! The events come in document order. A value is reported only once it has been checked, and a
//! value the typed decode would refuse fails the pass before anything after it is reported;
//! after a failure the sink's state is of no use (drop it). Nulls of known fields are not
//! reported (a field absent or null reads as absent), nor are members a type drops.

use crate::schema::EnumSchema;

/// Receives the values of one [`transcode_into`](super::transcode_into) pass. Every method
/// does nothing by default.
pub trait Sink {
    /// Whether the parser reports anything at all (false: [`NoSink`], the plain check).
    const ACTIVE: bool = true;

    /// An object of the type at `t` of the pass's [`Shapes::types`](crate::json::shape::Shapes)
    /// begins (written as an object or, field by field, as an array).
    fn begin_object(&mut self, _t: usize) {}
    /// The next value reported is field `f` (declaration order) of the innermost object.
    fn field(&mut self, _f: usize) {}
    /// The innermost object ends.
    fn end_object(&mut self) {}
    /// A member the innermost object's type does not know, kept (see `TypeSchema::keeps_unknown`):
    /// its name as written between the quotes (`escaped`: it holds escapes) and its value's JSON text.
    fn unknown(&mut self, _name: &[u8], _escaped: bool, _value: &[u8]) {}
    /// A list begins.
    fn begin_list(&mut self) {}
    /// The innermost list ends.
    fn end_list(&mut self) {}
    /// An object of strings (a map) begins; its members come as pairs of [`Sink::string`]s.
    fn begin_map(&mut self) {}
    /// The innermost map ends.
    fn end_map(&mut self) {}
    /// A string, as written between its quotes (checked: UTF-8, escapes valid; `escaped`: it
    /// holds escapes, which [`unescape`](super::unescape) resolves).
    fn string(&mut self, _raw: &[u8], _escaped: bool) {}
    /// An enum's value: the index of the known value it is (in any case), or else its text as
    /// [`Sink::string`] gives it.
    fn enum_value(&mut self, _schema: &'static EnumSchema, _known: Option<usize>, _raw: &[u8], _escaped: bool) {}
    /// `true` or `false`.
    fn boolean(&mut self, _value: bool) {}
    /// An integer, checked to fit its field's type.
    fn integer(&mut self, _value: i64) {}
    /// A number of a float field, as written (serde_json reads it: it is in range).
    fn float(&mut self, _text: &[u8]) {}
    /// A value of a field of no described type, as its JSON text.
    fn any(&mut self, _text: &[u8]) {}
}

/// A sink lent to a pass.
impl<T: Sink> Sink for &mut T {
    const ACTIVE: bool = T::ACTIVE;
    fn begin_object(&mut self, t: usize) {
        (**self).begin_object(t)
    }
    fn field(&mut self, f: usize) {
        (**self).field(f)
    }
    fn end_object(&mut self) {
        (**self).end_object()
    }
    fn unknown(&mut self, name: &[u8], escaped: bool, value: &[u8]) {
        (**self).unknown(name, escaped, value)
    }
    fn begin_list(&mut self) {
        (**self).begin_list()
    }
    fn end_list(&mut self) {
        (**self).end_list()
    }
    fn begin_map(&mut self) {
        (**self).begin_map()
    }
    fn end_map(&mut self) {
        (**self).end_map()
    }
    fn string(&mut self, raw: &[u8], escaped: bool) {
        (**self).string(raw, escaped)
    }
    fn enum_value(&mut self, schema: &'static EnumSchema, known: Option<usize>, raw: &[u8], escaped: bool) {
        (**self).enum_value(schema, known, raw, escaped)
    }
    fn boolean(&mut self, value: bool) {
        (**self).boolean(value)
    }
    fn integer(&mut self, value: i64) {
        (**self).integer(value)
    }
    fn float(&mut self, text: &[u8]) {
        (**self).float(text)
    }
    fn any(&mut self, text: &[u8]) {
        (**self).any(text)
    }
}

/// The sink of the plain check: reports nothing, costs nothing.
pub struct NoSink;

impl Sink for NoSink {
    const ACTIVE: bool = false;
}
