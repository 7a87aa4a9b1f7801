// Naming rules of the Python surface, shared by build.rs (code and stub generation) and the
// extension (keyword-argument lookup). Python spelling only: every API name comes from
// `evovoice::schema`.

/// Python's reserved words: a field with one of these names takes a trailing `_` (`from_`).
pub const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// The Python name of a (snake_case) Rust field: itself, or with a trailing `_` when it is a
/// Python keyword.
pub fn py_name(rust_name: &str) -> String {
    let name = rust_name.trim_start_matches("r#");
    if PY_KEYWORDS.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// The class constant naming an enum value: `Chat` -> `CHAT`, `SomeValue` -> `SOME_VALUE`.
pub fn const_name(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len() + 4);
    let mut prev_lower = false;
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push('_');
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_uppercase());
        } else {
            out.push('_');
            prev_lower = false;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// camelCase -> snake_case (`totalCount` -> `total_count`).
#[allow(dead_code)]
pub fn snake(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len() + 4);
    for c in wire.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
