//! Path parameters: each value becomes exactly one path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::Error;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped, so `/`,
/// `?`, `#`, `%`, spaces and non-ASCII can never change the route. (The set that path segments
/// and query components are encoded with; see `push_segment`.)
pub const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Checks a path parameter value: present, non-empty, no control characters.
pub fn check_param(name: &str, value: Option<&str>) -> Result<(), Error> {
    match value {
        None => Err(Error::invalid(format!("`{name}` is required (it is part of the route)"))),
        Some("") => Err(Error::invalid(format!("`{name}` must not be empty"))),
        Some(v) if v.chars().any(char::is_control) => {
            Err(Error::invalid(format!("`{name}` must not contain control characters")))
        }
        Some(_) => Ok(()),
    }
}

/// True when a value would read as a dot-segment (`.` or `..`), which URL parsers (browsers'
/// fetch, the `url` crate) collapse even when percent-encoded. Such values travel in the query
/// of ServiceStack's predefined route instead.
pub fn is_dot_segment(value: &str) -> bool {
    value == "." || value == ".."
}

/// Appends one percent-encoded path segment to `out`.
pub fn push_segment(out: &mut String, value: &str) {
    super::push_percent_encoded(out, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(v: &str) -> String {
        let mut s = String::new();
        push_segment(&mut s, v);
        s
    }

    #[test]
    fn reserved_characters_are_escaped() {
        assert_eq!(seg("a/b"), "a%2Fb");
        assert_eq!(seg("a?b#c%d e"), "a%3Fb%23c%25d%20e");
        assert_eq!(seg("é"), "%C3%A9");
        assert_eq!(seg("abc-._~"), "abc-._~");
    }

    #[test]
    fn bad_values_are_rejected() {
        assert!(check_param("sessionId", None).is_err());
        assert!(check_param("sessionId", Some("")).is_err());
        assert!(check_param("sessionId", Some("a\nb")).is_err());
        assert!(check_param("sessionId", Some("a\u{7f}")).is_err());
        assert!(check_param("sessionId", Some("a b/é")).is_ok());
    }
}
