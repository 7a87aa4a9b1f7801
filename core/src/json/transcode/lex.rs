//! serde_json's reading rules, without serde: whitespace, literals, strings (a word at a time),
//! numbers (its integer and float algorithm, so the same numbers are refused) and the values
//! it skips (members a type does not know).

use super::fail::{self, Code, Fail, Message};
use super::{Parser, Res};
use crate::json::shape::Shape;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

impl<S: super::Sink> Parser<'_, S> {
    #[inline(always)]
    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips whitespace; the byte after it.
    #[inline(always)]
    pub(super) fn peek_ws(&mut self) -> Option<u8> {
        loop {
            match self.b.get(self.i) {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.i += 1,
                other => return other.copied(),
            }
        }
    }

    /// An error at serde_json's position `at` (after what it consumed).
    #[cold]
    #[inline(never)]
    pub(super) fn fail_at(&self, at: usize, message: impl Into<Message>) -> Box<Fail> {
        Fail::new(at, message.into())
    }

    /// An error about the byte at `self.i`, not consumed (serde_json's `peek_error`).
    #[cold]
    #[inline(never)]
    pub(super) fn peek_fail(&self, code: Code) -> Box<Fail> {
        Fail::new((self.i + 1).min(self.b.len()), code.into())
    }

    /// `null`, `true` or `false`, whose first byte is at `self.i`.
    #[inline]
    pub(super) fn ident(&mut self, word: &[u8]) -> Res<()> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            return Ok(());
        }
        self.i += 1;
        for &expected in &word[1..] {
            let Some(&c) = self.b.get(self.i) else {
                return Err(self.fail_at(self.i, Code::EofWhileParsingValue));
            };
            self.i += 1;
            if c != expected {
                return Err(self.fail_at(self.i, Code::ExpectedSomeIdent));
            }
        }
        Ok(())
    }

    /// A string at `self.i` (its `"`); true when it holds escapes. `validate`: read as a
    /// string value or key (UTF-8 and `\u` surrogates checked) rather than skipped.
    #[inline(always)]
    pub(super) fn string(&mut self, validate: bool) -> Res<bool> {
        let start = self.i + 1;
        let mut high = 0u64;
        let i = plain(self.b, start, &mut high);
        // Most strings: ASCII, no escape. Others are checked as they are read (no check of the
        // whole body first: bodies are mostly ASCII, and measured, that check cost more than it
        // saved).
        if self.b.get(i) == Some(&b'"') && high & HIGHS == 0 {
            self.i = i + 1;
            return Ok(false);
        }
        self.string_rest(start, i, high, validate)
    }

    /// The rest of a string from `i` (after the plain bytes from `start`).
    #[inline(never)]
    fn string_rest(&mut self, start: usize, mut i: usize, mut high: u64, validate: bool) -> Res<bool> {
        let b = self.b;
        let mut escaped = false;
        loop {
            i = plain(b, i, &mut high);
            match b.get(i) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.i = i + 1;
                    self.escape(validate)?;
                    i = self.i;
                }
                Some(_) => {
                    self.i = i;
                    let at = if validate { i + 1 } else { i };
                    return Err(self.fail_at(at, Code::ControlCharacterWhileParsingString));
                }
                None => {
                    self.i = i;
                    return Err(self.fail_at(i, Code::EofWhileParsingString));
                }
            }
        }
        if validate && high & HIGHS != 0 {
            // Escapes are ASCII: the raw text is UTF-8 exactly when the string it stands
            // for is.
            if std::str::from_utf8(&b[start..i]).is_err() {
                self.i = i + 1;
                // serde_json's position: back from after the string by the length of what
                // follows the fault in the text the string stands for (not before the line).
                let text = unescape_bytes(&b[start..i]);
                let after = text.len() - std::str::from_utf8(&text).map_or_else(|e| e.valid_up_to(), |_| 0);
                let line_start = b[..i].iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
                return Err(self.fail_at((i + 1).saturating_sub(after).max(line_start), Code::InvalidUnicodeCodePoint));
            }
        }
        self.i = i + 1;
        Ok(escaped)
    }

    /// An escape, `self.i` after its `\`.
    fn escape(&mut self, validate: bool) -> Res<()> {
        let b = self.b;
        let Some(&c) = b.get(self.i) else {
            return Err(self.fail_at(self.i, Code::EofWhileParsingString));
        };
        self.i += 1;
        match c {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => {
                let n = self.hex4()?;
                if !validate || !(0xD800..=0xDFFF).contains(&n) {
                    return Ok(());
                }
                if n >= 0xDC00 {
                    return Err(self.fail_at(self.i, Code::LoneLeadingSurrogateInHexEscape));
                }
                // A leading surrogate: a trailing one must follow, as `\uDC00`..`\uDFFF`.
                for expected in [b'\\', b'u'] {
                    match b.get(self.i) {
                        None => return Err(self.fail_at(self.i, Code::EofWhileParsingString)),
                        Some(&c) => {
                            self.i += 1;
                            if c != expected {
                                return Err(self.fail_at(self.i, Code::UnexpectedEndOfHexEscape));
                            }
                        }
                    }
                }
                let n = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&n) {
                    return Err(self.fail_at(self.i, Code::LoneLeadingSurrogateInHexEscape));
                }
                Ok(())
            }
            _ => Err(self.fail_at(self.i, Code::InvalidEscape)),
        }
    }

    /// The four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Res<u16> {
        let Some(digits) = self.b.get(self.i..self.i + 4) else {
            self.i = self.b.len();
            return Err(self.fail_at(self.i, Code::EofWhileParsingString));
        };
        self.i += 4;
        let mut n = 0u16;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.fail_at(self.i, Code::InvalidEscape)),
            };
            n = n << 4 | u16::from(v);
        }
        Ok(n)
    }

    /// An integer in `min..=max` at `self.i` (a `-` or a digit): no fraction, no exponent,
    /// not `-0` (serde_json reads those as floats).
    #[inline]
    pub(super) fn integer(&mut self, min: i64, max: i64, expected: &'static str) -> Res<()> {
        let b = self.b;
        let start = self.i;
        let negative = b[start] == b'-';
        let mut i = start + usize::from(negative);
        let mut n: u64 = 0;
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(&c @ b'1'..=b'9') => {
                n = u64::from(c - b'0');
                i += 1;
                while let Some(&c @ b'0'..=b'9') = b.get(i) {
                    match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(c - b'0'))) {
                        Some(next) => n = next,
                        None => return Err(self.number_fail(expected, min, max)),
                    }
                    i += 1;
                }
            }
            _ => return Err(self.number_fail(expected, min, max)),
        }
        let fits = if negative { n != 0 && n <= min.unsigned_abs() } else { n <= max as u64 };
        if !fits || matches!(b.get(i), Some(b'0'..=b'9' | b'.' | b'e' | b'E')) {
            return Err(self.number_fail(expected, min, max));
        }
        self.i = i;
        Ok(())
    }

    /// Why the number at `self.i` is not an integer of the field's type.
    #[cold]
    #[inline(never)]
    fn number_fail(&mut self, expected: &'static str, min: i64, max: i64) -> Box<Fail> {
        let start = self.i;
        match number(self.b, start) {
            Err((code, at)) => self.fail_at(at, code),
            Ok((n, end)) => {
                let raw = std::str::from_utf8(&self.b[start..end]).unwrap_or_default();
                let r = self.request;
                let expected = if r { "a whole number" } else { expected };
                let message = match n {
                    Num::Float => fail::invalid(false, ["floating point `", raw, "`"], [expected, "", ""], r),
                    Num::Int(v) => {
                        let out_of_range = v < i128::from(min) || v > i128::from(max);
                        let expected = if r && out_of_range { "a whole number in range" } else { expected };
                        fail::invalid(out_of_range, ["integer `", raw, "`"], [expected, "", ""], r)
                    }
                };
                self.fail_at(end, message)
            }
        }
    }

    /// Any number at `self.i`, as a float field or a `serde_json::Value` reads it.
    pub(super) fn float(&mut self) -> Res<()> {
        match number(self.b, self.i) {
            Ok((_, end)) => {
                self.i = end;
                Ok(())
            }
            Err((code, at)) => Err(self.fail_at(at, code)),
        }
    }

    /// A value skipped as serde skips a member its type does not know (serde_json's
    /// `ignore_value`): JSON's grammar, strings not checked for UTF-8 or surrogates, numbers
    /// not for range, no recursion limit (nor recursion: a stack of open containers).
    ///
    /// `strict`: any value as `serde_json::Value` reads it instead: strings checked, numbers
    /// must be finite, containers count towards the recursion limit.
    pub(super) fn skip(&mut self, strict: bool) -> Res<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            let opened = match self.peek_ws() {
                None => return Err(self.peek_fail(Code::EofWhileParsingValue)),
                Some(b'n') => self.ident(b"null").map(|_| None)?,
                Some(b't') => self.ident(b"true").map(|_| None)?,
                Some(b'f') => self.ident(b"false").map(|_| None)?,
                Some(b'-' | b'0'..=b'9') if strict => self.float().map(|_| None)?,
                Some(b'-') => {
                    self.i += 1;
                    self.skip_number().map(|_| None)?
                }
                Some(b'0'..=b'9') => self.skip_number().map(|_| None)?,
                Some(b'"') => self.string(strict).map(|_| None)?,
                Some(c @ (b'[' | b'{')) => {
                    if strict && self.depth as usize + open.len() + 1 >= super::MAX_DEPTH as usize {
                        return Err(self.peek_fail(Code::RecursionLimitExceeded));
                    }
                    self.i += 1;
                    Some(c)
                }
                Some(_) => return Err(self.peek_fail(Code::ExpectedSomeValue)),
            };
            let (mut accept_comma, mut frame) = match opened {
                Some(frame) => (false, frame),
                None => match open.pop() {
                    Some(frame) => (true, frame),
                    None => return Ok(()),
                },
            };
            loop {
                match self.peek_ws() {
                    Some(b',') if accept_comma => {
                        self.i += 1;
                        break;
                    }
                    Some(b']') if frame == b'[' => {}
                    Some(b'}') if frame == b'{' => {}
                    Some(_) if accept_comma => {
                        let code = if frame == b'[' { Code::ExpectedListCommaOrEnd } else { Code::ExpectedObjectCommaOrEnd };
                        return Err(self.peek_fail(code));
                    }
                    Some(_) => break,
                    None => {
                        let code = if frame == b'[' { Code::EofWhileParsingList } else { Code::EofWhileParsingObject };
                        return Err(self.peek_fail(code));
                    }
                }
                self.i += 1;
                frame = match open.pop() {
                    Some(frame) => frame,
                    None => return Ok(()),
                };
                accept_comma = true;
            }
            if frame == b'{' {
                match self.peek_ws() {
                    Some(b'"') => {}
                    Some(_) => return Err(self.peek_fail(Code::KeyMustBeAString)),
                    None => return Err(self.peek_fail(Code::EofWhileParsingObject)),
                }
                self.string(strict)?;
                match self.peek_ws() {
                    Some(b':') => self.i += 1,
                    Some(_) => return Err(self.peek_fail(Code::ExpectedColon)),
                    None => return Err(self.peek_fail(Code::EofWhileParsingObject)),
                }
            }
            open.push(frame);
        }
    }

    /// A skipped number, `self.i` after its `-` if any (serde_json's `ignore_integer`).
    fn skip_number(&mut self) -> Res<()> {
        let b = self.b;
        let digits = |p: &mut Self| {
            while let Some(b'0'..=b'9') = p.b.get(p.i) {
                p.i += 1;
            }
        };
        match b.get(self.i) {
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = b.get(self.i) {
                    return Err(self.peek_fail(Code::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => digits(self),
            Some(_) => {
                self.i += 1;
                return Err(self.fail_at(self.i, Code::InvalidNumber));
            }
            None => return Err(self.fail_at(self.i, Code::InvalidNumber)),
        }
        if b.get(self.i) == Some(&b'.') {
            self.i += 1;
            let from = self.i;
            digits(self);
            if self.i == from {
                return Err(self.peek_fail(Code::InvalidNumber));
            }
        }
        if let Some(b'e' | b'E') = b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = b.get(self.i) {
                self.i += 1;
            }
            match b.get(self.i) {
                Some(b'0'..=b'9') => self.i += 1,
                Some(_) => {
                    self.i += 1;
                    return Err(self.fail_at(self.i, Code::InvalidNumber));
                }
                None => return Err(self.fail_at(self.i, Code::InvalidNumber)),
            }
            digits(self);
        }
        Ok(())
    }

    /// The value at `self.i` is not of `shape`: serde's "invalid type" (or the syntax error
    /// found reading it, as serde_json reads it to say what it is).
    #[cold]
    #[inline(never)]
    pub(super) fn invalid_type(&mut self, shape: &Shape) -> Box<Fail> {
        // serde's words, or the SDK's for a request.
        let (serde, sdk) = match shape {
            Shape::Str => ("a string", "a string"),
            Shape::Bool => ("a boolean", "true or false"),
            Shape::I32 => ("i32", "a whole number"),
            Shape::I64 => ("i64", "a whole number"),
            Shape::F64 => ("f64", "a number"),
            Shape::Enum(_) => ("a ", "one of the "),
            Shape::Map => ("a map", "an object of strings"),
            Shape::List(_) => ("a sequence", "an array"),
            Shape::Object(_) => ("struct ", "an object ("),
            Shape::Any => ("any value", "any value"),
        };
        let r = self.request;
        let name = match shape {
            Shape::Enum(e) => e.name,
            Shape::Object(t) => self.types[*t].name,
            _ => "",
        };
        let tail = match shape {
            Shape::Enum(_) if r => " values (a string)",
            Shape::Enum(_) => " name as a string",
            Shape::Object(_) if r => ")",
            _ => "",
        };
        let expected = [if r { sdk } else { serde }, name, tail];
        let start = self.i;
        let quoted;
        let unexpected = match self.peek() {
            Some(c @ (b'n' | b't' | b'f')) => {
                let (word, shown): (&[u8], &str) = match c {
                    b'n' => (b"null", "null"),
                    b't' => (b"true", "boolean `true`"),
                    _ => (b"false", "boolean `false`"),
                };
                if let Err(e) = self.ident(word) {
                    return e;
                }
                [shown, "", ""]
            }
            Some(b'-' | b'0'..=b'9') => match number(self.b, start) {
                Ok((n, end)) => {
                    self.i = end;
                    let raw = std::str::from_utf8(&self.b[start..end]).unwrap_or_default();
                    [if matches!(n, Num::Float) { "floating point `" } else { "integer `" }, raw, "`"]
                }
                Err((code, at)) => return self.fail_at(at, code),
            },
            Some(b'"') => match self.string(true) {
                Ok(_) => {
                    quoted = debug_string(&unescape(&self.b[start + 1..self.i - 1]));
                    ["string ", quoted.as_str(), ""]
                }
                Err(e) => return e,
            },
            Some(b'[') => [if r { "an array" } else { "sequence" }, "", ""],
            Some(b'{') => [if r { "an object" } else { "map" }, "", ""],
            _ => return self.peek_fail(Code::ExpectedSomeValue),
        };
        self.fail_at(self.i, fail::invalid(false, unexpected, expected, r))
    }
}

/// Past the bytes of a string that need no attention: up to the first `"`, `\` or control
/// character at or after `i`, 8 bytes at a time. ORs the bytes passed into `high` (their top
/// bits say whether any was not ASCII).
#[inline(always)]
fn plain(b: &[u8], mut i: usize, high: &mut u64) -> usize {
    while let Some(word) = b.get(i..i + 8) {
        let v = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        let quote = v ^ (ONES * u64::from(b'"'));
        let backslash = v ^ (ONES * u64::from(b'\\'));
        // A lane is flagged when its byte is zero (`x - 1` borrows) or below 0x20; lanes past
        // the first flagged one may be flagged wrongly, the first never is.
        let found =
            (quote.wrapping_sub(ONES) & !quote | backslash.wrapping_sub(ONES) & !backslash | v.wrapping_sub(ONES * 0x20) & !v) & HIGHS;
        if found != 0 {
            let lanes = found.trailing_zeros() as usize / 8;
            *high |= v & ((1u64 << (8 * lanes)) - 1);
            return i + lanes;
        }
        *high |= v;
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            break;
        }
        *high |= u64::from(c);
        i += 1;
    }
    i
}

/// Is `w` at `at` in `b`? (Names are short: compared a word at a time, inline, rather than
/// by a call to `memcmp`.)
#[inline(always)]
pub(super) fn bytes_at(b: &[u8], at: usize, w: &[u8]) -> bool {
    let n = w.len();
    let Some(s) = b.get(at..at + n) else { return false };
    same_bytes(s, w)
}

/// `a == b` for slices of the same length, inline.
#[inline(always)]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    #[inline(always)]
    fn load8(x: &[u8], i: usize) -> u64 {
        u64::from_le_bytes(x[i..i + 8].try_into().unwrap_or([0; 8]))
    }
    #[inline(always)]
    fn load4(x: &[u8], i: usize) -> u32 {
        u32::from_le_bytes(x[i..i + 4].try_into().unwrap_or([0; 4]))
    }
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if load8(a, i) != load8(b, i) {
                return false;
            }
            i += 8;
        }
        // The last 8 bytes, overlapping the previous word when `n` is not a multiple of 8.
        load8(a, n - 8) == load8(b, n - 8)
    } else if n >= 4 {
        load4(a, 0) == load4(b, 0) && load4(a, n - 4) == load4(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// The text a string's raw contents (between its quotes, already checked) stand for; lone
/// surrogates and bytes that are not UTF-8 become U+FFFD.
#[cold]
pub fn unescape(raw: &[u8]) -> String {
    String::from_utf8_lossy(&unescape_bytes(raw)).into_owned()
}

/// The bytes a string's raw contents stand for (bytes that are not UTF-8 kept as they are).
#[cold]
fn unescape_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    let hex = |i: usize| raw.get(i..i + 4).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u32::from_str_radix(h, 16).ok());
    while i < raw.len() {
        if raw[i] != b'\\' {
            out.push(raw[i]);
            i += 1;
            continue;
        }
        let c = raw.get(i + 1).copied().unwrap_or(b'\\');
        i += 2;
        let ch = match c {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let n = hex(i).unwrap_or(0xFFFD);
                i += 4;
                let pair = (0xD800..0xDC00).contains(&n) && raw.get(i..i + 2) == Some(b"\\u");
                match hex(i + 2) {
                    Some(lo) if pair && (0xDC00..0xE000).contains(&lo) => {
                        i += 6;
                        char::from_u32(0x10000 + ((n - 0xD800) << 10) + (lo - 0xDC00)).unwrap_or('\u{FFFD}')
                    }
                    _ => char::from_u32(n).unwrap_or('\u{FFFD}'),
                }
            }
            other => char::from(other),
        };
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
    out
}

/// `"text"` as serde shows a string (`{:?}`), without the tables of Unicode properties that
/// `{:?}` brings: control characters other than ASCII ones are shown as they are.
#[cold]
fn debug_string(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    out.push(b'"');
    for &c in text.as_bytes() {
        let escape: &[u8] = match c {
            0 => b"\\0",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            b'\n' => b"\\n",
            b'\\' => b"\\\\",
            b'"' => b"\\\"",
            0x01..=0x1f | 0x7f => {
                let hex = b"0123456789abcdef";
                out.extend_from_slice(b"\\u{");
                if c >= 16 {
                    out.push(hex[usize::from(c >> 4)]);
                }
                out.extend_from_slice(&[hex[usize::from(c & 15)], b'}']);
                continue;
            }
            _ => {
                out.push(c);
                continue;
            }
        };
        out.extend_from_slice(escape);
    }
    out.push(b'"');
    String::from_utf8(out).unwrap_or_default()
}

/// The name of the member whose opening quote is at `start`, unescaped.
#[cold]
pub(super) fn key_at(body: &[u8], start: usize) -> String {
    let mut i = start + 1;
    while let Some(&c) = body.get(i) {
        match c {
            b'"' => break,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    unescape(&body[(start + 1).min(body.len())..i.min(body.len())])
}

/// An integer already checked to fit an `i64`.
pub(super) fn parse_i64(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut n: i64 = 0;
    for &d in digits {
        let d = i64::from(d - b'0');
        n = n.checked_mul(10)?;
        n = if negative { n.checked_sub(d)? } else { n.checked_add(d)? };
    }
    Some(n)
}

/// What serde_json made of a number.
pub(super) enum Num {
    /// An integer (`u64` or `i64`).
    Int(i128),
    /// A float (a fraction, an exponent, `-0`, or too large an integer).
    Float,
}

/// The number at `start` (a `-` or a digit) read as serde_json reads it (without its
/// `float_roundtrip` feature): what it is and where it ends, or its error and serde_json's
/// position of it. A float that overflows is refused (`number out of range`) exactly when
/// serde_json refuses it, its arithmetic being the same.
pub(super) fn number(b: &[u8], start: usize) -> Result<(Num, usize), (Code, usize)> {
    let mut r = Numbers { b, i: start };
    let positive = b[start] != b'-';
    if !positive {
        r.i += 1;
    }
    let n = r.integer(positive)?;
    Ok((n, r.i))
}

struct Numbers<'a> {
    b: &'a [u8],
    i: usize,
}

type NumRes<T> = Result<T, (Code, usize)>;

impl Numbers<'_> {
    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    fn error(&self, code: Code) -> (Code, usize) {
        (code, self.i)
    }

    fn peek_error(&self, code: Code) -> (Code, usize) {
        (code, (self.i + 1).min(self.b.len()))
    }

    fn integer(&mut self, positive: bool) -> NumRes<Num> {
        let Some(&first) = self.b.get(self.i) else {
            return Err(self.error(Code::EofWhileParsingValue));
        };
        self.i += 1;
        let significand = match first {
            b'0' => {
                if self.peek().is_ascii_digit() {
                    return Err(self.peek_error(Code::InvalidNumber));
                }
                0
            }
            b'1'..=b'9' => {
                let mut s = u64::from(first - b'0');
                loop {
                    let c = self.peek();
                    if !c.is_ascii_digit() {
                        break;
                    }
                    let d = u64::from(c - b'0');
                    if overflows(s, d, u64::MAX) {
                        self.long_integer(positive, s)?;
                        return Ok(Num::Float);
                    }
                    self.i += 1;
                    s = s * 10 + d;
                }
                s
            }
            _ => return Err(self.error(Code::InvalidNumber)),
        };
        match self.peek() {
            b'.' => self.decimal(positive, significand, 0).map(|_| Num::Float),
            b'e' | b'E' => self.exponent(positive, significand, 0).map(|_| Num::Float),
            _ if positive => Ok(Num::Int(i128::from(significand))),
            // `-0` and below `i64::MIN` are floats.
            _ if significand == 0 || significand > 1 << 63 => Ok(Num::Float),
            _ => Ok(Num::Int(-i128::from(significand))),
        }
    }

    fn long_integer(&mut self, positive: bool, significand: u64) -> NumRes<f64> {
        let mut exponent = 0;
        loop {
            match self.peek() {
                b'0'..=b'9' => {
                    self.i += 1;
                    exponent += 1;
                }
                b'.' => return self.decimal(positive, significand, exponent),
                b'e' | b'E' => return self.exponent(positive, significand, exponent),
                _ => return self.float_of(positive, significand, exponent),
            }
        }
    }

    fn decimal(&mut self, positive: bool, mut significand: u64, exponent_before: i32) -> NumRes<f64> {
        self.i += 1;
        let mut exponent_after = 0;
        while self.peek().is_ascii_digit() {
            let d = u64::from(self.peek() - b'0');
            if overflows(significand, d, u64::MAX) {
                // Further digits are ignored.
                while self.peek().is_ascii_digit() {
                    self.i += 1;
                }
                let exponent = exponent_before + exponent_after;
                return match self.peek() {
                    b'e' | b'E' => self.exponent(positive, significand, exponent),
                    _ => self.float_of(positive, significand, exponent),
                };
            }
            self.i += 1;
            significand = significand * 10 + d;
            exponent_after -= 1;
        }
        if exponent_after == 0 {
            return Err(match self.b.get(self.i) {
                Some(_) => self.peek_error(Code::InvalidNumber),
                None => self.peek_error(Code::EofWhileParsingValue),
            });
        }
        let exponent = exponent_before + exponent_after;
        match self.peek() {
            b'e' | b'E' => self.exponent(positive, significand, exponent),
            _ => self.float_of(positive, significand, exponent),
        }
    }

    fn exponent(&mut self, positive: bool, significand: u64, starting: i32) -> NumRes<f64> {
        self.i += 1;
        let positive_exponent = match self.peek() {
            b'+' => {
                self.i += 1;
                true
            }
            b'-' => {
                self.i += 1;
                false
            }
            _ => true,
        };
        let Some(&first) = self.b.get(self.i) else {
            return Err(self.error(Code::EofWhileParsingValue));
        };
        self.i += 1;
        if !first.is_ascii_digit() {
            return Err(self.error(Code::InvalidNumber));
        }
        let mut exponent = i32::from(first - b'0');
        while self.peek().is_ascii_digit() {
            self.i += 1;
            let d = i32::from(self.b[self.i - 1] - b'0');
            if exponent >= i32::MAX / 10 && (exponent > i32::MAX / 10 || d > i32::MAX % 10) {
                // Out of i32: zero or infinity.
                if significand != 0 && positive_exponent {
                    return Err(self.error(Code::NumberOutOfRange));
                }
                while self.peek().is_ascii_digit() {
                    self.i += 1;
                }
                return Ok(0.0);
            }
            exponent = exponent * 10 + d;
        }
        let exponent = if positive_exponent { starting.saturating_add(exponent) } else { starting.saturating_sub(exponent) };
        self.float_of(positive, significand, exponent)
    }

    fn float_of(&mut self, positive: bool, significand: u64, mut exponent: i32) -> NumRes<f64> {
        let mut f = significand as f64;
        loop {
            match Some(exponent.wrapping_abs() as usize).filter(|&e| e <= 308).map(pow10) {
                Some(pow) => {
                    if exponent >= 0 {
                        f *= pow;
                        if f.is_infinite() {
                            return Err(self.error(Code::NumberOutOfRange));
                        }
                    } else {
                        f /= pow;
                    }
                    break;
                }
                None => {
                    if f == 0.0 {
                        break;
                    }
                    if exponent >= 0 {
                        return Err(self.error(Code::NumberOutOfRange));
                    }
                    f /= 1e308;
                    exponent += 308;
                }
            }
        }
        Ok(if positive { f } else { -f })
    }
}

/// Would `a * 10 + b` exceed `max`? (serde_json's test.)
fn overflows(a: u64, b: u64, max: u64) -> bool {
    a >= max / 10 && (a > max / 10 || b > max % 10)
}

/// `10^e` rounded to the nearest `f64` (ties to even), as the literal `1e{e}` of serde_json's
/// table is, for `e` in `0..=308`: computed (exactly, from `5^e` as a big integer) rather than
/// tabulated, to keep 2.5 KB of table out of the WebAssembly build. Only numbers with a
/// fraction or an exponent come here.
fn pow10(e: usize) -> f64 {
    if e <= 22 {
        // Exact: 10^22 < 2^53 * 2^22, and every product on the way is exact too.
        return (0..e).fold(1.0, |f, _| f * 10.0);
    }
    // 5^e in 32-bit limbs, least significant first (5^308 < 2^716).
    let mut limbs = [0u32; 24];
    limbs[0] = 1;
    let mut len = 1;
    for _ in 0..e {
        let mut carry = 0u64;
        for limb in &mut limbs[..len] {
            let v = u64::from(*limb) * 5 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            limbs[len] = carry as u32;
            len += 1;
        }
    }
    let bits = 32 * len - limbs[len - 1].leading_zeros() as usize;
    // The top 64 bits, and whether any bit below them is set.
    let bit = |i: usize| limbs[i / 32] >> (i % 32) & 1 == 1;
    let (mut top, mut sticky) = (0u64, false);
    for i in (0..bits).rev() {
        if i + 64 >= bits {
            top = top << 1 | u64::from(bit(i));
        } else if bit(i) {
            sticky = true;
            break;
        }
    }
    if bits < 64 {
        top <<= 64 - bits;
    }
    // Round the top 64 bits to 53, ties to even.
    let (mut mantissa, rest) = (top >> 11, top & 0x7FF);
    if rest > 0x400 || (rest == 0x400 && (sticky || mantissa & 1 == 1)) {
        mantissa += 1;
    }
    // 10^e = 5^e * 2^e = mantissa * 2^(bits - 53) * 2^e.
    let mut exponent = bits - 53 + e;
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        exponent += 1;
    }
    mantissa as f64 * f64::from_bits(((exponent + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    #[test]
    fn powers_of_ten_are_the_literals() {
        for e in 0..=308 {
            let literal: f64 = format!("1e{e}").parse().unwrap();
            assert_eq!(super::pow10(e).to_bits(), literal.to_bits(), "1e{e}");
        }
    }
}
