//! A small JSON value tree and its parser and writer (numbers kept as their text).
//!
//! [`parse`] reads as `serde_json::from_slice::<serde_json::Value>` does: the text is first
//! checked by the transcoder's reader ([`crate::json::transcode`], serde_json's rules and
//! words), then built into a tree by a builder that can trust it. One JSON reader in the crate.

/// A JSON value. Objects keep their members in order (duplicates included; [`Value::get`]
/// answers with the last, as `JSON.parse` and serde_json do). Numbers keep their text.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written (already checked to be a JSON number).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members, in order.
    Object(Vec<(String, Value)>),
}

/// Why a text is not JSON: what was wrong and where (a byte offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the fault.
    pub offset: usize,
    /// What is wrong.
    pub message: &'static str,
}

/// Parses one JSON text (surrounding whitespace allowed, nothing else after it), as
/// serde_json reads a `serde_json::Value`: its grammar, UTF-8 and escape rules, numbers within
/// an `f64`, at most 128 nested arrays and objects. An error has serde_json's position and
/// words (those of its reader skipping a value: `[1,]` is "expected value", where a
/// `serde_json::Value` would say "trailing comma").
pub fn parse(text: &[u8]) -> Result<Value, ParseError> {
    if let Err(e) = std::str::from_utf8(text) {
        return Err(ParseError { offset: e.valid_up_to(), message: "the text is not UTF-8" });
    }
    crate::json::transcode::check_value(text).map_err(|(offset, message)| ParseError { offset, message })?;
    Ok(Builder { s: text, i: 0 }.value())
}

impl Value {
    /// The member `key` of an object (the last one of that name); `None` otherwise.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value of an integer that fits an `i64` (no fraction, no exponent).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as JSON text (compact).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// Appends the value as JSON text (compact).
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Appends `s` as a JSON string literal, escaped as serde_json escapes it.
pub fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        // (`get`, not indexing: no panic path; `start` and `i` sit at ASCII bytes.)
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// Builds the tree of a text [`parse`] has checked: no error can occur here.
struct Builder<'a> {
    s: &'a [u8],
    i: usize,
}

impl Builder<'_> {
    /// The byte at `self.i`; 0 at the end (which ends every loop below).
    fn at(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    /// The next byte that is not whitespace.
    fn next(&mut self) -> u8 {
        while let b' ' | b'\t' | b'\n' | b'\r' = self.at() {
            self.i += 1;
        }
        self.at()
    }

    fn value(&mut self) -> Value {
        match self.next() {
            b'n' => self.word(4, Value::Null),
            b't' => self.word(4, Value::Bool(true)),
            b'f' => self.word(5, Value::Bool(false)),
            b'"' => Value::String(self.string()),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                while !matches!(self.next(), b']' | 0) {
                    items.push(self.value());
                    if self.next() == b',' {
                        self.i += 1;
                    }
                }
                self.i += 1;
                Value::Array(items)
            }
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                while self.next() == b'"' {
                    let key = self.string();
                    self.next();
                    self.i += 1; // the `:`
                    members.push((key, self.value()));
                    if self.next() == b',' {
                        self.i += 1;
                    }
                }
                self.i += 1;
                Value::Object(members)
            }
            _ => {
                let start = self.i;
                while let b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9' = self.at() {
                    self.i += 1;
                }
                Value::Number(self.text(start, self.i))
            }
        }
    }

    fn word(&mut self, len: usize, v: Value) -> Value {
        self.i += len;
        v
    }

    /// The string whose `"` is at `self.i`, unescaped.
    fn string(&mut self) -> String {
        let start = self.i + 1;
        let mut escaped = false;
        self.i = start;
        loop {
            match self.at() {
                b'"' | 0 => break,
                b'\\' => {
                    escaped = true;
                    self.i += 2;
                }
                _ => self.i += 1,
            }
        }
        self.i += 1;
        let raw = self.s.get(start..self.i - 1).unwrap_or_default();
        if escaped {
            crate::json::transcode::unescape(raw)
        } else {
            self.text(start, self.i - 1)
        }
    }

    /// `s[from..to]`, which the check found to be UTF-8.
    fn text(&self, from: usize, to: usize) -> String {
        self.s.get(from..to).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes() {
        let v = parse(br#" {"a":[1,-2.5e3,true,null],"b":"x\"\u00e9\ud83d\ude00\n","a":{}} "#).unwrap();
        assert_eq!(v.get("a"), Some(&Value::Object(vec![])), "the last duplicate wins");
        assert_eq!(v.get("b").and_then(Value::as_str), Some("x\"é😀\n"));
        assert_eq!(v.to_json(), r#"{"a":[1,-2.5e3,true,null],"b":"x\"é😀\n","a":{}}"#);
        let mut s = String::new();
        write_string(&mut s, "\u{1}\t");
        assert_eq!(s, r#""\u0001\t""#);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [&b""[..], b"{", b"[1,]", b"01", b"1.", b"-", b"\"\\ud800\"", b"\"a\x01\"", b"{} x", b"{'a':1}", b"\xff", b"nul"] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(parse(deep.as_bytes()).unwrap_err().message, "recursion limit exceeded");
        assert_eq!(parse(&b"[".repeat(100_000)).unwrap_err().message, "recursion limit exceeded");
        // serde_json's position and words (as when it skips a value).
        assert_eq!(parse(b"[1,]").unwrap_err(), ParseError { offset: 4, message: "expected value" });
        assert_eq!(parse(b"1e400").unwrap_err().message, "number out of range");
    }
}
