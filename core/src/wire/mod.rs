//! Encoding rules of the wire: path segments and ServiceStack query strings.

pub mod path;
pub mod query;

/// Appends `s` percent-encoded as path segments and query components are: every byte but
/// RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` (upper-case hex) -
/// what `utf8_percent_encode(s, path::SEGMENT)` writes (a test holds the two together), without
/// the crate's 768-byte table and iterator in the WebAssembly.
pub(crate) fn push_percent_encoded(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use percent_encoding::utf8_percent_encode;
    use proptest::prelude::*;

    fn ours(s: &str) -> String {
        let mut out = String::new();
        super::push_percent_encoded(&mut out, s);
        out
    }

    #[test]
    fn every_byte_as_the_crate_encodes_it() {
        let all: String = (0..=0x7f_u8).map(char::from).chain(['é', '日', '🎧', '\u{80}', '\u{10FFFF}']).collect();
        assert_eq!(ours(&all), utf8_percent_encode(&all, super::path::SEGMENT).to_string());
    }

    proptest! {
        #[test]
        fn any_text_as_the_crate_encodes_it(s in any::<String>()) {
            prop_assert_eq!(ours(&s), utf8_percent_encode(&s, super::path::SEGMENT).to_string());
        }
    }
}
