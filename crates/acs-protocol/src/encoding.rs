//! Percent-encoding as Alibaba Cloud's canonical forms use it, and form-urlencoded parsing.
//!
//! Both signature versions and the query strings the codec writes use RFC 3986 encoding over
//! UTF-8: `A-Z a-z 0-9 - _ . ~` stay, every other byte becomes `%XX` in upper-case hex. So a
//! space is `%20` (never `+`), `*` is `%2A` and `~` stays `~`.
//!
//! Servers receive what real clients send, which is looser: `+` for a space in form bodies,
//! lower-case hex, a raw `*`. [`parse_urlencoded`] accepts all of it and yields the decoded
//! pairs, so that comparing decoded values is the one way a server reads parameters.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::percent_decode;

/// Whether each byte is an RFC 3986 unreserved character, which stays as it is. A table,
/// because the test runs once per byte of every parameter.
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        byte += 1;
    }
    table
};

fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

/// `%XX` for every byte, upper-case hex.
static ESCAPES: [[u8; 3]; 256] = {
    const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
    let mut table = [[0; 3]; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = [b'%', HEX_UPPER[byte >> 4], HEX_UPPER[byte & 0x0f]];
        byte += 1;
    }
    table
};

/// The same escapes as `&str`, so that appending one is a plain copy.
static ESCAPE_STRS: [&str; 256] = as_strs(&ESCAPES);

/// A table of ASCII escapes as `&str`s (every entry is ASCII, so none is left empty).
const fn as_strs<const N: usize>(escapes: &'static [[u8; N]; 256]) -> [&'static str; 256] {
    let mut table = [""; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match std::str::from_utf8(&escapes[byte]) {
            Ok(text) => text,
            Err(_) => "",
        };
        byte += 1;
    }
    table
}

/// `%25XX` for every byte: its escape with the `%` encoded again.
static ESCAPES_TWICE: [[u8; 5]; 256] = {
    let mut table = [[0; 5]; 256];
    let mut byte = 0;
    while byte < 256 {
        let [_, high, low] = ESCAPES[byte];
        table[byte] = [b'%', b'2', b'5', high, low];
        byte += 1;
    }
    table
};

/// The same as `&str`.
static ESCAPE_TWICE_STRS: [&str; 256] = as_strs(&ESCAPES_TWICE);

/// Percent-encodes `value` in the canonical form; borrows when nothing needs encoding.
pub fn percent_encode(value: &str) -> Cow<'_, str> {
    if value.bytes().all(is_unreserved) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() * 3);
    percent_encode_into(&mut out, value);
    Cow::Owned(out)
}

/// Appends the canonical percent-encoding of `value` to `out`, without allocating a copy.
///
/// Written out rather than through `percent_encoding`'s iterator, which yields a string per
/// encoded byte: this runs over every parameter twice per V2 signature, and the byte loop
/// here made V2 signing markedly faster in the `acs-signer` benches.
pub fn percent_encode_into(out: &mut String, value: &str) {
    encode_with(out, value, &ESCAPE_STRS);
}

/// Appends the percent-encoding of the percent-encoding of `value`: `%25XX` for every byte
/// that is not unreserved. What V2's string to sign holds of each name and value, written in
/// one pass instead of encoding the canonical query a second time.
pub fn percent_encode_twice_into(out: &mut String, value: &str) {
    encode_with(out, value, &ESCAPE_TWICE_STRS);
}

/// Appends `value` with every byte that is not unreserved replaced by its entry in `escapes`.
fn encode_with(out: &mut String, value: &str, escapes: &[&str; 256]) {
    out.reserve(value.len());
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        // `start..i` holds only unreserved ASCII, so both ends are character boundaries.
        if let Some(run) = value.get(start..i) {
            out.push_str(run);
        }
        out.push_str(escapes[usize::from(byte)]);
        start = i + 1;
    }
    if let Some(run) = value.get(start..) {
        out.push_str(run);
    }
}

/// The canonical percent-encoding of `value`, as a [`fmt::Display`].
pub fn percent_encoded(value: &str) -> impl fmt::Display + '_ {
    struct Encoded<'a>(&'a str);
    impl fmt::Display for Encoded<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&percent_encode(self.0))
        }
    }
    Encoded(value)
}

/// A name or value that is not UTF-8 once percent-decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{raw}` is not UTF-8 once percent-decoded; expected percent-encoded UTF-8 text")]
pub struct DecodeError {
    /// The component as received, before decoding.
    pub raw: String,
}

/// Decodes one component of form-urlencoded text: `+` is a space, `%XX` is a byte.
///
/// A `%` not followed by two hex digits is kept as it is, as browsers and most servers do.
pub fn percent_decode_component(raw: &str) -> Result<Cow<'_, str>, DecodeError> {
    // Most components have nothing to decode: no scan by the decoder, no copy.
    if !raw.bytes().any(|b| b == b'%' || b == b'+') {
        return Ok(Cow::Borrowed(raw));
    }
    let error = || DecodeError {
        raw: raw.to_owned(),
    };
    if raw.contains('+') {
        let spaced = raw.replace('+', " ");
        let decoded = percent_decode(spaced.as_bytes()).collect::<Vec<u8>>();
        return String::from_utf8(decoded)
            .map(Cow::Owned)
            .map_err(|_| error());
    }
    match percent_decode(raw.as_bytes()).decode_utf8() {
        Ok(text) => Ok(text),
        Err(_) => Err(error()),
    }
}

/// Parses `application/x-www-form-urlencoded` text (a query string or a form body) into
/// decoded `(name, value)` pairs, in the order they appear.
///
/// Empty segments (`a=1&&b=2`) are skipped; a segment without `=` is a name with an empty
/// value, as in `Flag&Other=1`.
pub fn parse_urlencoded(
    text: &str,
) -> impl Iterator<Item = Result<(Cow<'_, str>, Cow<'_, str>), DecodeError>> + '_ {
    text.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let (name, value) = segment.split_once('=').unwrap_or((segment, ""));
            Ok((
                percent_decode_component(name)?,
                percent_decode_component(value)?,
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_as_the_helper_library_vector() {
        // darabonba-openapi-util: canonical query of {test: " ~/*-+"} is test=%20~%2F%2A-%2B.
        assert_eq!(percent_encode(" ~/*-+"), "%20~%2F%2A-%2B");
    }

    #[test]
    fn encoding_twice_in_one_pass_equals_encoding_the_encoding() {
        for value in [
            "",
            "abc",
            "a b*~/",
            "%2F=&",
            "中文 é",
            "x\u{10348}y",
            "12:46:24Z",
        ] {
            let mut twice = String::from("<");
            percent_encode_twice_into(&mut twice, value);
            assert_eq!(
                twice[1..],
                percent_encode(&percent_encode(value)),
                "{value:?}"
            );
        }
    }

    #[test]
    fn encodes_utf8_bytes_in_upper_case_hex() {
        assert_eq!(percent_encode("é中"), "%C3%A9%E4%B8%AD");
        assert_eq!(percent_encode("d-00fc2p61****"), "d-00fc2p61%2A%2A%2A%2A");
        assert!(matches!(percent_encode("plain-_.~"), Cow::Borrowed(_)));
    }

    #[test]
    fn decodes_what_real_clients_send() {
        let pairs: Vec<_> = parse_urlencoded("a=1+2&&b=%2a*&c&d=%zz&e=%C3%A9")
            .collect::<Result<_, _>>()
            .unwrap();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (&**n, &**v)).collect();
        assert_eq!(
            pairs,
            [
                ("a", "1 2"),
                ("b", "**"),
                ("c", ""),
                ("d", "%zz"),
                ("e", "é")
            ]
        );
    }

    #[test]
    fn rejects_invalid_utf8_naming_the_component() {
        let error = percent_decode_component("%FF%FE").unwrap_err();
        assert_eq!(error.raw, "%FF%FE");
        assert!(error.to_string().contains("%FF%FE"));
    }

    proptest! {
        #[test]
        fn decoding_inverts_encoding(name in "\\PC*", value in "\\PC*") {
            let text = format!("{}={}", percent_encode(&name), percent_encode(&value));
            let pairs: Vec<_> = parse_urlencoded(&text).collect::<Result<_, _>>().unwrap();
            if name.is_empty() && value.is_empty() {
                // "=" is one segment with an empty name and value.
                prop_assert_eq!(pairs.len(), 1);
            } else {
                prop_assert_eq!(pairs.len(), 1);
                prop_assert_eq!(&pairs[0].0, &name);
                prop_assert_eq!(&pairs[0].1, &value);
            }
        }

        #[test]
        fn encoding_agrees_with_the_percent_encoding_crate(value in any::<String>()) {
            const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'-').remove(b'_').remove(b'.').remove(b'~');
            let oracle = percent_encoding::utf8_percent_encode(&value, SET).to_string();
            prop_assert_eq!(percent_encode(&value), oracle.clone());
            prop_assert_eq!(percent_encoded(&value).to_string(), oracle);
        }

        #[test]
        fn encoding_leaves_only_unreserved_bytes(value in "\\PC*") {
            let encoded = percent_encode(&value);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC*") {
            let _ = parse_urlencoded(&text).count();
        }
    }
}
