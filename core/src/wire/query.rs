//! ServiceStack query strings.
//!
//! Scalars are written as text (booleans `true`/`false`, enums by name). Lists are written
//! comma-separated; an element containing `"` `:` `,` `{` `}` `[` `]` CR or LF (or empty, or starting or
//! ending with whitespace, which the server trims) is CSV-quoted with inner quotes doubled, so `["a","b,c"]` becomes
//! `ids=a,%22b%2Cc%22` and arrives as two elements. A scalar string that starts with `"` is
//! quoted the same way, because the server unquotes it.

use crate::json::Value;

use crate::Error;


/// True when a list element must be CSV-quoted to stay one element.
pub fn needs_quotes(s: &str) -> bool {
    s.is_empty()
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace)
        || s.bytes().any(|b| matches!(b, b'"' | b':' | b',' | b'{' | b'}' | b'[' | b']' | b'\r' | b'\n'))
}

/// CSV-quotes `s` (wrapping it in `"` and doubling inner quotes).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Query components escape everything but unreserved characters, as path segments do.
fn push_encoded(out: &mut String, s: &str) {
    super::push_percent_encoded(out, s);
}

fn scalar_text(name: &str, v: &Value) -> Result<Option<String>, Error> {
    Ok(match v {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_owned()),
        Value::Number(n) => Some(n.clone()),
        Value::String(s) => Some(s.clone()),
        _ => return Err(Error::invalid(format!("`{name}` cannot be sent in a query string"))),
    })
}

/// Appends `name=value` for one field (nothing for null).
pub fn push_pair(out: &mut String, name: &str, value: &Value) -> Result<(), Error> {
    let text = match value {
        Value::Array(items) => {
            let mut joined = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    joined.push(',');
                }
                let s = scalar_text(name, item)?.unwrap_or_default();
                if needs_quotes(&s) {
                    push_encoded(&mut joined, &quote(&s));
                } else {
                    push_encoded(&mut joined, &s);
                }
            }
            joined
        }
        other => match scalar_text(name, other)? {
            None => return Ok(()),
            Some(s) => {
                let mut encoded = String::new();
                push_encoded(&mut encoded, &if s.starts_with('"') { quote(&s) } else { s });
                encoded
            }
        },
    };
    if !out.is_empty() {
        out.push('&');
    }
    push_encoded(out, name);
    out.push('=');
    out.push_str(&text);
    Ok(())
}

/// Splits a decoded list value as the server does: commas outside CSV quotes separate
/// elements; an optional surrounding `[...]` is removed. The inverse of [`push_pair`] for lists.
pub fn split_list(value: &str) -> Vec<String> {
    let v = value.trim();
    let v = v.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or(v);
    if v.is_empty() {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut chars = v.chars().peekable();
    let mut in_quotes = false;
    let mut started = true; // at the start of an element
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cur.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                cur.push(c);
            }
        } else if c == '"' && started {
            in_quotes = true;
            started = false;
        } else if c == ',' {
            items.push(std::mem::take(&mut cur));
            started = true;
        } else {
            cur.push(c);
            started = false;
        }
    }
    items.push(cur);
    items
}

/// Unquotes a scalar the way the server does (`"a""b"` -> `a"b`); other values unchanged.
pub fn unquote_scalar(value: &str) -> String {
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        value[1..value.len() - 1].replace("\"\"", "\"")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(j: serde_json::Value) -> Value {
        crate::json::parse(j.to_string().as_bytes()).unwrap()
    }

    fn pair(name: &str, j: serde_json::Value) -> String {
        let v = v(j);
        let mut s = String::new();
        push_pair(&mut s, name, &v).unwrap();
        s
    }

    #[test]
    fn lists_quote_elements_that_would_split() {
        assert_eq!(pair("ids", json!(["a", "b,c"])), "ids=a,%22b%2Cc%22");
        assert_eq!(pair("ids", json!(["say \"hi\""])), "ids=%22say%20%22%22hi%22%22%22");
        assert_eq!(pair("ids", json!(["a", "b"])), "ids=a,b");
    }

    #[test]
    fn scalars() {
        assert_eq!(pair("all", json!(true)), "all=true");
        assert_eq!(pair("page", json!(3)), "page=3");
        assert_eq!(pair("from", json!("+1 555")), "from=%2B1%20555");
        assert_eq!(pair("x", serde_json::Value::Null), "");
        assert_eq!(pair("q", json!("\"quoted")), "q=%22%22%22quoted%22");
    }

    #[test]
    fn split_is_the_inverse() {
        for items in [vec!["a", "b,c"], vec!["x\"y", "[z]", "k:v"], vec![" lead", "{}"], vec!["plain"]] {
            let joined: Vec<String> = items
                .iter()
                .map(|s| if needs_quotes(s) { quote(s) } else { s.to_string() })
                .collect();
            assert_eq!(split_list(&joined.join(",")), items);
        }
        assert_eq!(split_list("[a,b]"), vec!["a", "b"]);
        assert_eq!(split_list(""), Vec::<String>::new());
        assert_eq!(unquote_scalar("\"a\"\"b\""), "a\"b");
    }
}
