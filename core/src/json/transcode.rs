//! One schema-driven pass over a response body: checks it against what the operation returns
//! exactly as the typed decode (`serde_json` into the DTOs) would, and says whether the body
//! is already in canonical form (hand it to `JSON.parse` as it is) or gives the canonical text.
//!
//! Canonical is what the typed value serializes to: `null` members of known fields are dropped,
//! members the type does not know are kept as they came (a newer server's fields: the DTOs
//! keep them too, as any JSON value, nulls included), an enum value written in another case gets the known spelling, an
//! error type's PascalCase member names become camelCase, and a DTO written as an array
//! (serde reads a struct from its fields in declaration order) becomes an object. Everything
//! else is kept byte for byte: strings as written (escapes included), numbers as written,
//! whitespace. A body that needs none of this is not copied.
//!
//! A body the typed decode refuses is refused, as [`Error::Decode`] with the path
//! serde_path_to_error gives for it (the conventions of the typed decode's path finder,
//! `json_path`: `items[3].members[0].muted`, `.` for the root, `?` while looking for a
//! member), and serde_json's message. The checks follow serde_json's reader: its grammar,
//! string and escape rules (UTF-8 and surrogates checked only in strings it reads, not in
//! members it skips), integer and float rules, recursion limit and the order it reads in.
//!
//! `json_path` names the same path but in three cases, where it strays from
//! serde_path_to_error (core/tests/transcode.rs shows each): an error after a skipped member
//! holding a member name serde_json would not read as a string (a lone surrogate escape,
//! bytes not UTF-8) or nesting more than 160 deep, and a DTO written as an array with an
//! element too many (json_path names the element, `[41]`, serde_path_to_error the array).
//!
//! - `lex`: whitespace, strings, numbers and skipped values, as serde_json reads them;
//! - `fail`: errors (built out of line) and their paths and messages;
//! - `sink`: what [`transcode_into`] reports of the values it reads, for a binding that builds
//!   its own objects.

mod fail;
mod lex;
mod sink;

pub use sink::{NoSink, Sink};

use crate::json::shape::{self, Root, Shape, TypeShape};
use crate::Error;
use fail::{Code, Fail};

/// What [`transcode`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transcoded {
    /// `None`: the body is canonical, hand it over as it is. `Some`: the canonical text to
    /// hand over instead.
    pub rewritten: Option<Vec<u8>>,
    /// For a [`Root::List`]: the page's item count and the envelope's scalars.
    pub page: Option<PageFacts>,
}

/// The envelope of a page ([`Root::List`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageFacts {
    /// How many items the page holds (0 when `items` is absent or null).
    pub items: usize,
    /// `totalCount` (`None` when absent or null).
    pub total_count: Option<i64>,
    /// `totalPages` (`None` when absent or null).
    pub total_pages: Option<i64>,
    /// `hasMorePages` (`None` when absent or null).
    pub has_more_pages: Option<bool>,
}

/// Checks a response body (after the BOM strip) against `root` and tells whether it is
/// canonical (see the module documentation).
///
/// Ok exactly when `decode_json::<T>(status, body)` is Ok for the `T` that `root` describes
/// (`serde_json::Value` for [`Root::Unchecked`]), and then the JSON text handed over (the
/// body, or `rewritten`) reads as what the typed value serializes to. Otherwise
/// [`Error::Decode`] with the typed decode's path (see the module documentation for where
/// that path finder strays).
pub fn transcode(root: Root, status: u16, body: &[u8]) -> Result<Transcoded, Error> {
    transcode_into(root, status, body, NoSink)
}

/// [`transcode`], reporting every value it reads to `sink` (see [`Sink`]): on `Ok`, the sink
/// has heard the whole body.
pub fn transcode_into<S: Sink>(root: Root, status: u16, body: &[u8], sink: S) -> Result<Transcoded, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_error(status, body, ".".into(), "the body is empty; expected JSON".into()));
    }
    run(root, body, false, sink).map_err(|fail| {
        let (path, message) = fail.describe(body, false);
        decode_error(status, body, path, message)
    })
}

/// Checks a caller's request (JSON text of `schema`'s DTO) as [`transcode`] checks an answer,
/// but a member the type does not have is refused; `Err((path, words))`: the field at fault
/// (`.` for the whole request) and what is wrong with it, in the SDK's words.
pub fn check_request(schema: &'static crate::schema::TypeSchema, body: &[u8]) -> Result<Transcoded, (String, String)> {
    run(Root::Object(schema), body, true, NoSink).map_err(|fail| fail.describe(body, true))
}

/// One pass of the parser over `body`.
fn run<S: Sink>(root: Root, body: &[u8], request: bool, sink: S) -> Result<Transcoded, Box<Fail>> {
    let shapes = shape::shapes(root);
    let mut p = Parser::new(body, &shapes.types, sink);
    p.request = request;
    let page = matches!(root, Root::List(_));
    p.document(&shapes.root, page)?;
    let rewritten = p.edited.then(|| {
        let mut out = std::mem::take(&mut p.out);
        out.extend_from_slice(&body[p.mark..]);
        out
    });
    Ok(Transcoded { rewritten, page: page.then_some(p.page) })
}

pub(crate) use crate::response::decode_error;
pub use lex::unescape;

/// Checks that `text` is one JSON value as serde_json reads a `serde_json::Value` (grammar,
/// strings, numbers within an `f64`, nesting); `Err` with serde_json's position and words.
pub(crate) fn check_value(text: &[u8]) -> Result<(), (usize, &'static str)> {
    let mut p = Parser::new(text, &[], NoSink);
    p.document(&Shape::Any, false).map_err(|fail| fail.position_and_words())
}

type Res<T> = Result<T, Box<Fail>>;

/// serde_json's recursion limit: the 128th nested array or object (of a typed value) fails.
const MAX_DEPTH: u32 = 128;

struct Parser<'a, S: Sink> {
    b: &'a [u8],
    /// Hears every value read (see [`Sink`]; [`NoSink`] takes no room).
    sink: S,
    i: usize,
    types: &'a [TypeShape],
    depth: u32,
    /// The canonical text up to `mark` (once `edited`).
    out: Vec<u8>,
    edited: bool,
    mark: usize,
    page: PageFacts,
    /// Checking a caller's request: a member its type does not have is refused (an answer's
    /// is kept).
    request: bool,
}

impl<'a, S: Sink> Parser<'a, S> {
    fn new(b: &'a [u8], types: &'a [TypeShape], sink: S) -> Self {
        // Not `from_utf8(b)` of the whole body first: a body is mostly ASCII, which the string
        // reader sees for itself; a string with other bytes is checked as it is read (measured:
        // the whole-body check cost more than it saved).
        Parser { b, sink, i: 0, types, depth: 0, out: Vec::new(), edited: false, mark: 0, page: PageFacts::default(), request: false }
    }

    /// The whole body: one value, then only whitespace.
    fn document(&mut self, root: &Shape, page: bool) -> Res<()> {
        self.peek_ws();
        match (root, self.peek()) {
            (Shape::Object(t), Some(b'{')) => self.object(*t, page)?,
            (Shape::Object(t), Some(b'[')) => self.positional(*t, page)?,
            _ => {
                self.value(root)?;
            }
        }
        if self.peek_ws().is_some() {
            return Err(self.peek_fail(Code::TrailingCharacters));
        }
        Ok(())
    }

    /// Replaces `body[from..to]` with `parts` in the canonical text (edits come in order).
    #[inline(never)]
    fn edit(&mut self, from: usize, to: usize, parts: &[&[u8]]) {
        if !self.edited {
            self.edited = true;
            self.out.reserve(self.b.len() + 64);
        }
        self.out.extend_from_slice(&self.b[self.mark..from]);
        for part in parts {
            self.out.extend_from_slice(part);
        }
        self.mark = to;
    }

    /// One value of `shape` at `self.i` (whitespace skipped). For a list, its length.
    #[inline]
    fn value(&mut self, shape: &Shape) -> Res<usize> {
        match (shape, self.peek()) {
            (Shape::Str, Some(b'"')) => self.string_value().map(|_| 0),
            (Shape::Enum(e), Some(b'"')) => self.enum_value(e).map(|_| 0),
            (Shape::Bool, Some(b't')) => self.ident(b"true").map(|_| self.sink.boolean(true)).map(|_| 0),
            (Shape::Bool, Some(b'f')) => self.ident(b"false").map(|_| self.sink.boolean(false)).map(|_| 0),
            (Shape::I32, Some(b'-' | b'0'..=b'9')) => self.integer_value(i32::MIN.into(), i32::MAX.into(), "i32").map(|_| 0),
            (Shape::I64, Some(b'-' | b'0'..=b'9')) => self.integer_value(i64::MIN, i64::MAX, "i64").map(|_| 0),
            (Shape::F64, Some(b'-' | b'0'..=b'9')) => {
                let start = self.i;
                self.float()?;
                if S::ACTIVE {
                    self.sink.float(&self.b[start..self.i]);
                }
                Ok(0)
            }
            (Shape::Object(t), Some(b'{')) => self.object(*t, false).map(|_| 0),
            (Shape::Object(t), Some(b'[')) => self.positional(*t, false).map(|_| 0),
            (Shape::List(item), Some(b'[')) => self.list(item),
            (Shape::Map, Some(b'{')) => self.map().map(|_| 0),
            (Shape::Any, _) => {
                let start = self.i;
                self.skip(true)?;
                if S::ACTIVE {
                    self.sink.any(&self.b[start..self.i]);
                }
                Ok(0)
            }
            (_, None) => Err(self.peek_fail(Code::EofWhileParsingValue)),
            (shape, Some(_)) => Err(self.invalid_type(shape)),
        }
    }

    /// A string value at `self.i` (its `"`), reported.
    #[inline(always)]
    fn string_value(&mut self) -> Res<()> {
        let start = self.i + 1;
        let escaped = self.string(true)?;
        if S::ACTIVE {
            self.sink.string(&self.b[start..self.i - 1], escaped);
        }
        Ok(())
    }

    /// An integer value at `self.i` that must fit `min..=max`, reported.
    #[inline(always)]
    fn integer_value(&mut self, min: i64, max: i64, expected: &'static str) -> Res<()> {
        let start = self.i;
        self.integer(min, max, expected)?;
        if S::ACTIVE {
            if let Some(n) = lex::parse_i64(&self.b[start..self.i]) {
                self.sink.integer(n);
            }
        }
        Ok(())
    }

    /// Enters an array or object of a typed value (serde_json's recursion limit).
    fn enter(&mut self, object: bool) -> Res<()> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            let fail = self.peek_fail(Code::RecursionLimitExceeded);
            return Err(if object { fail.unknown() } else { fail });
        }
        Ok(())
    }

    /// A DTO written as an object, at its `{`.
    fn object(&mut self, t: usize, page: bool) -> Res<()> {
        self.enter(true)?;
        let types = self.types;
        let fields = &types[t].fields[..];
        let keeps_unknown = types[t].keeps_unknown;
        self.i += 1;
        self.sink.begin_object(t);
        let mut seen = Seen::new(fields.len());
        let (mut members, mut kept, mut guess) = (0usize, 0usize, 0usize);
        let mut prev_end = self.i;
        loop {
            self.next_member(members)?;
            if self.peek() == Some(b'}') {
                break;
            }
            let key_start = self.i;
            let field = self.field(fields, guess)?;
            let key_end = self.i;
            if let Some((f, _)) = field {
                if seen.insert(f) {
                    self.peek_ws();
                    return Err(self.fail_at(self.i, fail::duplicate(&fields[f].wire)));
                }
                guess = if f + 1 < fields.len() { f + 1 } else { 0 };
            }
            self.colon()?;
            let value_start = self.i;
            let keep = match field {
                Some((f, aliased)) if self.peek() != Some(b'n') => {
                    if kept == 0 && members > 0 {
                        self.edit(prev_end, key_start, &[]);
                    }
                    if aliased {
                        self.edit(key_start, key_end, &[b"\"", fields[f].wire.as_bytes(), b"\""]);
                    }
                    let shape = &fields[f].shape;
                    self.sink.field(f);
                    if matches!(shape, Shape::Str) && self.peek() == Some(b'"') {
                        // The most common member, inline.
                        self.string_value().map_err(|e| e.key(key_start))?;
                    } else {
                        let n = self.value(shape).map_err(|e| e.key(key_start))?;
                        if page {
                            self.page_fact(f, value_start, n);
                        }
                    }
                    true
                }
                Some(_) => {
                    self.ident(b"null").map_err(|e| e.key(key_start))?;
                    false
                }
                // A member the type does not know: a request's is refused; an answer's is
                // kept as it came, read as the DTOs read it into their `extra` (serde_json's
                // raw value: skipped as serde skips, then refused if its bytes are not UTF-8).
                None if self.request => {
                    self.peek_ws();
                    return Err(Fail::new(key_start, fail::unknown_field()).key(key_start));
                }
                // A type that drops them (serde's derive: the page envelope, the error and
                // login types) skips them unread, as serde does; a `dto!` DTO keeps them (see
                // `keep_unknown`).
                None => {
                    let start = self.i;
                    self.skip(false).map_err(|e| e.key(key_start))?;
                    let keep = keeps_unknown && self.keep_unknown(start).map_err(|e| e.key(key_start))?;
                    if keep && kept == 0 && members > 0 {
                        self.edit(prev_end, key_start, &[]);
                    }
                    if keep && S::ACTIVE {
                        let name = &self.b[key_start + 1..key_end - 1];
                        self.sink.unknown(name, name.contains(&b'\\'), &self.b[start..self.i]);
                    }
                    keep
                }
            };
            if keep {
                kept += 1;
            } else {
                self.edit(if members == 0 { key_start } else { prev_end }, self.i, &[]);
            }
            prev_end = self.i;
            members += 1;
        }
        self.i += 1;
        self.depth -= 1;
        self.sink.end_object();
        Ok(())
    }

    /// Whether the unknown member value that ends here and began at `start` is kept, as a
    /// DTO's `extra` keeps it (serde_json's raw value): its bytes must be UTF-8 (else the
    /// answer is refused, as serde refuses it), and one serde_json::Value can read back (else
    /// it is dropped, as `Extra::keep` drops a lone surrogate escape or `1e999`).
    #[inline(never)]
    fn keep_unknown(&mut self, start: usize) -> Res<bool> {
        let raw = &self.b[start..self.i];
        if std::str::from_utf8(raw).is_err() {
            return Err(self.fail_at(self.i, Code::InvalidUnicodeCodePoint));
        }
        Ok(check_value(raw).is_ok())
    }

    /// Before a member of an object (`members` read so far): at its name, or at the `}`.
    #[inline(always)]
    fn next_member(&mut self, members: usize) -> Res<()> {
        match self.peek_ws() {
            Some(b'}') => Ok(()),
            Some(b'"') if members == 0 => Ok(()),
            Some(b',') if members > 0 => {
                self.i += 1;
                match self.peek_ws() {
                    Some(b'"') => Ok(()),
                    Some(b'}') => Err(self.peek_fail(Code::TrailingComma).unknown()),
                    None => Err(self.peek_fail(Code::EofWhileParsingValue).unknown()),
                    Some(_) => Err(self.peek_fail(Code::KeyMustBeAString).unknown()),
                }
            }
            None => Err(self.peek_fail(Code::EofWhileParsingObject).unknown()),
            Some(_) if members == 0 => Err(self.peek_fail(Code::KeyMustBeAString).unknown()),
            Some(_) => Err(self.peek_fail(Code::ExpectedObjectCommaOrEnd).unknown()),
        }
    }

    /// The member name at `self.i` (a `"`): the field it names (and whether by its alias), or
    /// `None` for a member the type does not know. The field after the previous one
    /// (`guess`) is tried first: servers send fields in declaration order.
    fn field(&mut self, fields: &[shape::FieldShape], guess: usize) -> Res<Option<(usize, bool)>> {
        let start = self.i + 1;
        if let Some(f) = fields.get(guess) {
            let w = f.wire.as_bytes();
            let end = start + w.len();
            if lex::bytes_at(self.b, start, w) && self.b.get(end) == Some(&b'"') {
                self.i = end + 1;
                return Ok(Some((guess, false)));
            }
        }
        let escaped = self.string(true).map_err(Fail::unknown)?;
        let raw = &self.b[start..self.i - 1];
        if escaped {
            return Ok(find_field(fields, lex::unescape(raw).as_bytes(), guess));
        }
        Ok(find_field(fields, raw, guess))
    }

    /// After a member name: the `:` (and the whitespace after it).
    #[inline(always)]
    fn colon(&mut self) -> Res<()> {
        match self.peek_ws() {
            Some(b':') => {
                self.i += 1;
                self.peek_ws();
                Ok(())
            }
            Some(_) => Err(self.peek_fail(Code::ExpectedColon)),
            None => Err(self.peek_fail(Code::EofWhileParsingObject)),
        }
    }

    /// A scalar of the envelope of a page, once checked.
    fn page_fact(&mut self, field: usize, start: usize, items: usize) {
        let text = &self.b[start..self.i];
        match field {
            0 => self.page.items = items,
            1 => self.page.total_count = lex::parse_i64(text),
            2 => self.page.total_pages = lex::parse_i64(text),
            3 => self.page.has_more_pages = Some(text[0] == b't'),
            _ => {}
        }
    }

    /// A DTO written as an array, at its `[`: its fields in declaration order (fewer is fine,
    /// more is not). Rewritten as an object.
    fn positional(&mut self, t: usize, page: bool) -> Res<()> {
        self.enter(false)?;
        let types = self.types;
        let fields = &types[t].fields[..];
        self.edit(self.i, self.i + 1, &[b"{"]);
        self.i += 1;
        self.sink.begin_object(t);
        let (mut kept, mut prev_end) = (0usize, self.i);
        for (f, field) in fields.iter().enumerate() {
            if !self.next_element(f)? {
                break;
            }
            let start = self.i;
            if self.peek() == Some(b'n') {
                self.ident(b"null").map_err(|e| e.index(f))?;
                self.edit(if f == 0 { start } else { prev_end }, self.i, &[]);
            } else {
                let from = if kept == 0 && f > 0 { prev_end } else { start };
                self.edit(from, start, &[b"\"", field.wire.as_bytes(), b"\":"]);
                self.sink.field(f);
                let n = self.value(&field.shape).map_err(|e| e.index(f))?;
                if page {
                    self.page_fact(f, start, n);
                }
                kept += 1;
            }
            prev_end = self.i;
        }
        match self.peek_ws() {
            Some(b']') => {}
            Some(b',') => {
                self.i += 1;
                let code = if self.peek_ws() == Some(b']') { Code::TrailingComma } else { Code::TrailingCharacters };
                return Err(self.peek_fail(code));
            }
            Some(_) => return Err(self.peek_fail(Code::TrailingCharacters)),
            None => return Err(self.peek_fail(Code::EofWhileParsingList)),
        }
        self.edit(self.i, self.i + 1, &[b"}"]);
        self.i += 1;
        self.depth -= 1;
        self.sink.end_object();
        Ok(())
    }

    /// Before element `n` of an array: true at the element, false at the `]`.
    fn next_element(&mut self, n: usize) -> Res<bool> {
        match self.peek_ws() {
            Some(b']') => Ok(false),
            Some(_) if n == 0 => Ok(true),
            Some(b',') => {
                self.i += 1;
                match self.peek_ws() {
                    Some(b']') => Err(self.peek_fail(Code::TrailingComma)),
                    Some(_) => Ok(true),
                    None => Err(self.peek_fail(Code::EofWhileParsingValue)),
                }
            }
            Some(_) => Err(self.peek_fail(Code::ExpectedListCommaOrEnd)),
            None => Err(self.peek_fail(Code::EofWhileParsingList)),
        }
    }

    /// An array of `item`, at its `[`; its length.
    fn list(&mut self, item: &Shape) -> Res<usize> {
        self.enter(false)?;
        self.i += 1;
        self.sink.begin_list();
        let mut n = 0;
        while self.next_element(n)? {
            self.value(item).map_err(|e| e.index(n))?;
            n += 1;
        }
        self.i += 1;
        self.depth -= 1;
        self.sink.end_list();
        Ok(n)
    }

    /// An object of strings, at its `{` (kept as it is; a repeated key is fine).
    fn map(&mut self) -> Res<()> {
        self.enter(true)?;
        self.i += 1;
        self.sink.begin_map();
        let mut members = 0;
        loop {
            self.next_member(members)?;
            if self.peek() == Some(b'}') {
                break;
            }
            let key_start = self.i;
            self.string_value().map_err(Fail::unknown)?;
            self.colon()?;
            self.value(&Shape::Str).map_err(|e| e.key(key_start))?;
            members += 1;
        }
        self.i += 1;
        self.depth -= 1;
        self.sink.end_map();
        Ok(())
    }

    /// An enum's string: a known value in another case is rewritten to the known spelling.
    fn enum_value(&mut self, schema: &'static crate::schema::EnumSchema) -> Res<()> {
        let known = schema.values;
        let start = self.i;
        let escaped = self.string(true)?;
        let raw = &self.b[start + 1..self.i - 1];
        let unescaped;
        let text = if escaped {
            unescaped = lex::unescape(raw);
            unescaped.as_bytes()
        } else {
            raw
        };
        if known.iter().any(|k| lex::same_bytes(k.as_bytes(), text)) {
            if S::ACTIVE {
                let k = known.iter().position(|k| lex::same_bytes(k.as_bytes(), text));
                self.sink.enum_value(schema, k, raw, escaped);
            }
            return Ok(());
        }
        if let Some(k) = known.iter().find(|k| k.as_bytes().eq_ignore_ascii_case(text)) {
            self.edit(start, self.i, &[b"\"", k.as_bytes(), b"\""]);
        }
        if S::ACTIVE {
            let k = known.iter().position(|k| k.as_bytes().eq_ignore_ascii_case(text));
            self.sink.enum_value(schema, k, raw, escaped);
        }
        Ok(())
    }
}

/// The field named `name` (or aliased so), searched from `from` on.
fn find_field(fields: &[shape::FieldShape], name: &[u8], from: usize) -> Option<(usize, bool)> {
    let from = from.min(fields.len());
    let order = (from..fields.len()).chain(0..from);
    for f in order {
        let field = &fields[f];
        if lex::same_bytes(field.wire.as_bytes(), name) {
            return Some((f, false));
        }
        if field.alias.as_ref().is_some_and(|a| lex::same_bytes(a.as_bytes(), name)) {
            return Some((f, true));
        }
    }
    None
}

/// The fields of an object seen so far (a field twice is an error, as serde's derive says).
/// Two words rather than a `u128`: wasm32 has no 128-bit shifts (they would be calls).
struct Seen {
    bits: [u64; 2],
    more: Vec<bool>,
}

impl Seen {
    fn new(fields: usize) -> Self {
        Seen { bits: [0; 2], more: if fields > 128 { vec![false; fields - 128] } else { Vec::new() } }
    }

    /// Marks `f` seen; true when it already was.
    #[inline]
    fn insert(&mut self, f: usize) -> bool {
        if f < 128 {
            let (word, bit) = (&mut self.bits[f >> 6], 1u64 << (f & 63));
            let was = *word & bit != 0;
            *word |= bit;
            was
        } else {
            std::mem::replace(&mut self.more[f - 128], true)
        }
    }
}
