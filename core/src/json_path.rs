//! Where in a JSON body a failed decode went wrong, as a path (`items[3].members[0].muted`).
//!
//! serde_json reports the line and column of an error. This module walks the body's structure
//! up to that position and names the value the decoder was working on, following serde_json's
//! own order of reading and `serde_path_to_error`'s way of attributing errors (the property
//! tests in core/tests/properties.rs compare the two on many broken bodies). It is not
//! generic: the wasm build carries one small copy of it instead of a second, path-tracking
//! instance of every DTO's decoder.
//!
//! Attribution, as serde_path_to_error does it:
//! - an error in a value names that value (an element `[i]`, a member by its key);
//! - an error while looking for the next member of an object (a bad or missing key, a comma,
//!   the end) names the object followed by `?`;
//! - an error at a colon, between array elements, or from the object as a whole (a duplicate
//!   field) names the container.

use serde_json::error::Category;

/// One step of a path.
enum Segment {
    Index(usize),
    /// A member: its key and where its value starts in the body.
    Key(String, usize),
    Unknown,
}

/// Decodes a body with the same decoder that failed; where it fails: (category, byte offset).
pub(crate) type Probe<'p> = &'p dyn Fn(&[u8]) -> Option<(Category, usize)>;

/// The path of the value at fault for `error`, which decoding `body` with serde_json gave.
/// `.` for the root (and when the error carries no position).
///
/// A member the decoded type does not know is skipped whole by serde_json, so an error inside
/// it names the member, not what is inside. Which members are known only the type's decoder
/// can say: `probe` runs it (the same instance that failed) on the body cut at the member's
/// value with a `0` or `true` put there; a known member (of any type but `bool`, or `bool`)
/// refuses one of them right there (a data error), a skipped one takes both. Probes run only for a syntax error, never on success.
pub(crate) fn error_path(body: &[u8], error: &serde_json::Error, probe: Probe<'_>) -> String {
    let Some(offset) = offset_of(body, error.line(), error.column()) else { return ".".into() };
    let category = error.classify();
    let mut walk = Walk { body, i: 0, offset, category, path: Vec::new(), depth: 0 };
    if walk.value().is_ok() {
        return ".".into(); // the value was fine: what failed comes after it
    }
    let mut path = walk.path;
    if category != Category::Data {
        let known = |start: usize| {
            [&b"0"[..], b"true"].iter().any(|v| {
                let probe_body = [&body[..start], v].concat();
                // Refused as soon as it is seen (or once read): a typed member.
                matches!(probe(&probe_body), Some((Category::Data, at)) if (start..=start + v.len()).contains(&at))
            })
        };
        if let Some(n) = path.iter().position(|s| matches!(s, Segment::Key(_, start) if !known(*start))) {
            path.truncate(n + 1);
        }
    }
    display(&path)
}

/// The byte offset of an error of decoding `body`.
pub(crate) fn error_offset(body: &[u8], error: &serde_json::Error) -> Option<usize> {
    offset_of(body, error.line(), error.column())
}

/// The byte offset of serde_json's (1-based line, 0-based column within the line) position.
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        body.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 2)?.0 + 1
    };
    Some((start + column).min(body.len()))
}

/// Formats a path as serde_path_to_error does: `.`-separated, indexes as `[i]`, `.` alone for
/// the root; a path that would print as nothing (one empty key) is shown as `""`.
fn display(path: &[Segment]) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let mut out = String::new();
    for (n, segment) in path.iter().enumerate() {
        match segment {
            Segment::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
            Segment::Key(k, _) => {
                if n > 0 {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Unknown => {
                if n > 0 {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    if out.is_empty() {
        out.push_str("\"\"");
    }
    out
}

/// The walk stopped: `Walk::path` names the place.
struct Stop;

/// Deeper than this and serde_json has given up long before (its limit is 128).
const MAX_DEPTH: usize = 160;

struct Walk<'a> {
    body: &'a [u8],
    i: usize,
    offset: usize,
    category: Category,
    path: Vec<Segment>,
    depth: usize,
}

impl Walk<'_> {
    fn peek(&self) -> Option<u8> {
        self.body.get(self.i).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.i += 1;
        }
    }

    /// Stops here, naming the current path, once the walk has reached the error's position.
    fn reached(&self) -> Result<(), Stop> {
        if self.i >= self.offset {
            Err(Stop)
        } else {
            Ok(())
        }
    }

    /// Between elements or members: has the walk reached the error? A data error found right
    /// here is about the element that starts here.
    fn between_reached(&self) -> bool {
        self.i > self.offset || (self.i == self.offset && self.category != Category::Data)
    }

    /// Did the error happen in the token just read (ending at `self.i`)? Inside it, or (for a data
    /// error, found once the token was read, or a syntax error about the token as a whole) at
    /// its end; an end-of-input error at its end belongs to what follows.
    fn in_token(&self) -> bool {
        self.offset < self.i || (self.offset == self.i && self.category != Category::Eof)
    }

    /// One value; `self.path` is its path.
    fn value(&mut self) -> Result<(), Stop> {
        self.skip_whitespace();
        self.reached()?;
        match self.peek() {
            Some(b'{') => self.container(true),
            Some(b'[') => self.container(false),
            Some(b'"') => {
                self.string()?;
                if self.in_token() {
                    return Err(Stop);
                }
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                if self.in_token() {
                    return Err(Stop);
                }
                Ok(())
            }
            Some(c @ (b't' | b'f' | b'n')) => {
                let word: &[u8] = match c {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                if !self.body[self.i..].starts_with(word) {
                    return Err(Stop);
                }
                self.i += word.len();
                if self.in_token() {
                    return Err(Stop);
                }
                Ok(())
            }
            _ => Err(Stop),
        }
    }

    /// Past a string starting at `self.i` (at its `"`); stops in it when it is unterminated.
    fn string(&mut self) -> Result<(), Stop> {
        self.i += 1;
        loop {
            match self.peek() {
                None => return Err(Stop),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                // serde_json reads the four characters of a `\u` escape whatever they are.
                Some(b'\\') if self.body.get(self.i + 1) == Some(&b'u') => self.i += 6,
                Some(b'\\') => self.i += 2,
                Some(_) => self.i += 1,
            }
        }
    }

    /// Past a number in JSON's grammar; stops in it when it is malformed.
    fn number(&mut self) -> Result<(), Stop> {
        let digits = |w: &mut Self| {
            let from = w.i;
            while matches!(w.peek(), Some(b'0'..=b'9')) {
                w.i += 1;
            }
            w.i > from
        };
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        if self.peek() == Some(b'0') {
            self.i += 1;
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(Stop);
            }
        } else if !digits(self) {
            return Err(Stop);
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(Stop);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(Stop);
            }
        }
        Ok(())
    }

    /// An object or an array starting at `self.i`; `self.path` is its path.
    fn container(&mut self, object: bool) -> Result<(), Stop> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Stop);
        }
        let close = if object { b'}' } else { b']' };
        self.i += 1;
        let mut index = 0;
        loop {
            // Looking for the next element or member, or the end.
            self.skip_whitespace();
            let looking_for_key = |w: &mut Self| {
                if object {
                    w.path.push(Segment::Unknown);
                }
                Err(Stop)
            };
            if self.between_reached() {
                return looking_for_key(self);
            }
            match self.peek() {
                Some(c) if c == close => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                Some(b',') if index > 0 => {
                    self.i += 1;
                    self.skip_whitespace();
                    if self.between_reached() || self.peek() == Some(close) {
                        return looking_for_key(self);
                    }
                }
                _ if index > 0 => return looking_for_key(self),
                _ => {}
            }
            if object {
                // The key.
                if self.peek() != Some(b'"') {
                    return looking_for_key(self);
                }
                let start = self.i;
                self.string().or_else(|_| looking_for_key(self))?;
                // In the key: not captured yet. Right after it: a data error (a duplicate
                // field) or the end of input is the object's; a syntax error is the key's.
                if self.offset < self.i || (self.offset == self.i && self.category == Category::Syntax) {
                    return looking_for_key(self);
                }
                let key = match serde_json::from_slice::<String>(&self.body[start..self.i]) {
                    Ok(key) => key,
                    Err(_) => return looking_for_key(self),
                };
                // A missing colon is the object's.
                self.skip_whitespace();
                if self.i >= self.offset || self.peek() != Some(b':') {
                    return Err(Stop);
                }
                self.i += 1;
                self.skip_whitespace();
                self.path.push(Segment::Key(key, self.i));
            } else {
                self.path.push(Segment::Index(index));
            }
            self.value()?;
            self.path.pop();
            index += 1;
        }
    }
}
