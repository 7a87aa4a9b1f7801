//! Why a body was refused: where (a byte offset, as serde_json reports it), what, and the
//! path of the value at fault, built as the error travels out of the values it is in.
//! Everything here runs only for a refused body.

/// serde_json's syntax errors (its texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Code {
    EofWhileParsingList,
    EofWhileParsingObject,
    EofWhileParsingString,
    EofWhileParsingValue,
    ExpectedColon,
    ExpectedListCommaOrEnd,
    ExpectedObjectCommaOrEnd,
    ExpectedSomeIdent,
    ExpectedSomeValue,
    InvalidEscape,
    InvalidNumber,
    NumberOutOfRange,
    InvalidUnicodeCodePoint,
    ControlCharacterWhileParsingString,
    KeyMustBeAString,
    LoneLeadingSurrogateInHexEscape,
    TrailingComma,
    TrailingCharacters,
    UnexpectedEndOfHexEscape,
    RecursionLimitExceeded,
}

impl Code {
    fn text(self) -> &'static str {
        match self {
            Code::EofWhileParsingList => "EOF while parsing a list",
            Code::EofWhileParsingObject => "EOF while parsing an object",
            Code::EofWhileParsingString => "EOF while parsing a string",
            Code::EofWhileParsingValue => "EOF while parsing a value",
            Code::ExpectedColon => "expected `:`",
            Code::ExpectedListCommaOrEnd => "expected `,` or `]`",
            Code::ExpectedObjectCommaOrEnd => "expected `,` or `}`",
            Code::ExpectedSomeIdent => "expected ident",
            Code::ExpectedSomeValue => "expected value",
            Code::InvalidEscape => "invalid escape",
            Code::InvalidNumber => "invalid number",
            Code::NumberOutOfRange => "number out of range",
            Code::InvalidUnicodeCodePoint => "invalid unicode code point",
            Code::ControlCharacterWhileParsingString => "control character (\\u0000-\\u001F) found while parsing a string",
            Code::KeyMustBeAString => "key must be a string",
            Code::LoneLeadingSurrogateInHexEscape => "lone leading surrogate in hex escape",
            Code::TrailingComma => "trailing comma",
            Code::TrailingCharacters => "trailing characters",
            Code::UnexpectedEndOfHexEscape => "unexpected end of hex escape",
            Code::RecursionLimitExceeded => "recursion limit exceeded",
        }
    }
}

/// What is wrong: a syntax error, or a value of the wrong type or range (serde's words).
pub(super) enum Message {
    Code(Code),
    Text(String),
}

impl From<Code> for Message {
    fn from(code: Code) -> Self {
        Message::Code(code)
    }
}

/// One step of a path, innermost first while the error travels out.
enum Segment {
    Index(usize),
    /// A member, by the offset of its name's opening quote.
    Key(usize),
    /// Looking for the next member of an object (json_path's `?`).
    Unknown,
}

/// A refusal on its way out of the values it is in.
pub(super) struct Fail {
    /// serde_json's position of the error (the offset its line and column stand for).
    at: usize,
    message: Message,
    path: Vec<Segment>,
}

impl Fail {
    #[cold]
    #[inline(never)]
    pub(super) fn new(at: usize, message: Message) -> Box<Fail> {
        Box::new(Fail { at, message, path: Vec::new() })
    }

    /// Where the error is (serde_json's position) and its words (a syntax error's, or a
    /// generic word for a value of the wrong type, which a `serde_json::Value` never has).
    #[cold]
    pub(super) fn position_and_words(&self) -> (usize, &'static str) {
        match &self.message {
            Message::Code(code) => (self.at, code.text()),
            Message::Text(_) => (self.at, "invalid value"),
        }
    }

    /// The error is in the value of the member whose name starts at `key`.
    #[cold]
    pub(super) fn key(mut self: Box<Self>, key: usize) -> Box<Self> {
        self.path.push(Segment::Key(key));
        self
    }

    /// The error is in element `n`.
    #[cold]
    pub(super) fn index(mut self: Box<Self>, n: usize) -> Box<Self> {
        self.path.push(Segment::Index(n));
        self
    }

    /// The error is in looking for an object's next member (`?`).
    #[cold]
    pub(super) fn unknown(mut self: Box<Self>) -> Box<Self> {
        self.path.push(Segment::Unknown);
        self
    }

    /// The path (as json_path writes it: `items[3].members[0].muted`, `.` for the root, `""`
    /// for a path that would print as nothing) and the message (with serde_json's
    /// "at line L column C", but for a `request`: its caller never wrote that JSON).
    #[cold]
    pub(super) fn describe(&self, body: &[u8], request: bool) -> (String, String) {
        let mut path = String::new();
        for (n, segment) in self.path.iter().rev().enumerate() {
            match segment {
                Segment::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
                Segment::Key(start) => {
                    if n > 0 {
                        path.push('.');
                    }
                    path.push_str(&super::lex::key_at(body, *start));
                }
                Segment::Unknown => {
                    if n > 0 {
                        path.push('.');
                    }
                    path.push('?');
                }
            }
        }
        if self.path.is_empty() {
            path.push('.');
        } else if path.is_empty() {
            path.push_str("\"\"");
        }
        let text = match &self.message {
            Message::Code(code) => code.text().to_owned(),
            Message::Text(text) => text.clone(),
        };
        if request {
            return (path, text);
        }
        // serde_json's position: the line of `at`, and the column from that line's start.
        let at = self.at.min(body.len());
        let line_start = body[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line = 1 + body[..line_start].iter().filter(|&&b| b == b'\n').count();
        (path, format!("{text} at line {line} column {}", at - line_start))
    }
}

/// A message from parts (without `format!`'s machinery).
fn text(parts: &[&str]) -> Message {
    Message::Text(parts.concat())
}

/// serde's "duplicate field" error.
#[cold]
pub(super) fn duplicate(name: &str) -> Message {
    text(&["duplicate field `", name, "`"])
}

/// serde's "invalid type" error (`value`: its "invalid value" error, for an integer out of
/// the field's range): `unexpected` and `expected` in parts.
/// For a request (`request`), the SDK's sentence instead: "must be <expected>, not
/// <unexpected>" (the parser gives its words for both).
#[cold]
pub(super) fn invalid(value: bool, unexpected: [&str; 3], expected: [&str; 3], request: bool) -> Message {
    let [u0, u1, u2] = unexpected;
    let [e0, e1, e2] = expected;
    if request {
        return text(&["must be ", e0, e1, e2, ", not ", u0, u1, u2]);
    }
    text(&[if value { "invalid value: " } else { "invalid type: " }, u0, u1, u2, ", expected ", e0, e1, e2])
}

/// A member a request's type does not have (only requests refuse them).
#[cold]
pub(super) fn unknown_field() -> Message {
    text(&["is not a field of this request"])
}
