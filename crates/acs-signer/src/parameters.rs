//! Reading what a request carries the way both signatures see it: decoded parameters from the
//! query string and a form body, and the canonical URI path.
//!
//! Every value is decoded with [`acs_protocol::encoding`] and re-encoded canonically, so a
//! request signs and verifies the same however its client percent-encoded it (`*` raw or
//! `%2A`, `+` or `%20` for a space, lower-case hex).

use std::borrow::Cow;

use acs_protocol::encoding::{
    DecodeError, parse_urlencoded, percent_decode_component, percent_encode, percent_encode_into,
};
use http::Uri;

/// A decoded parameter: name and value.
pub(crate) type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The decoded parameters of the URI's query string, in order.
pub(crate) fn query_pairs(uri: &Uri) -> Result<Vec<Pair<'_>>, DecodeError> {
    match uri.query() {
        Some(query) => parse_urlencoded(query).collect(),
        None => Ok(Vec::new()),
    }
}

/// The decoded parameters of an `application/x-www-form-urlencoded` body, in order.
pub(crate) fn form_pairs(body: &[u8]) -> Result<Vec<Pair<'_>>, DecodeError> {
    let text = std::str::from_utf8(body).map_err(|_| DecodeError {
        raw: String::from_utf8_lossy(&body[..body.len().min(64)]).into_owned(),
    })?;
    parse_urlencoded(text).collect()
}

/// The order parameters are signed in: by name, then by value, both decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// By code point (the UTF-8 bytes), as the published algorithm, the Python SDK and this
    /// signer sort.
    CodePoint,
    /// By UTF-16 code unit, as JavaScript's `sort()` and so the Node.js SDK sort. It differs
    /// from code point order only between a character above U+FFFF (a surrogate pair) and
    /// one from U+E000 to U+FFFF, in no real name; the verifier accepts it.
    Utf16,
}

/// Sorts parameters in `order`.
pub(crate) fn sort_pairs(pairs: &mut [Pair<'_>], order: Order) {
    match order {
        Order::CodePoint => pairs.sort_unstable_by(|a, b| {
            a.0.as_bytes()
                .cmp(b.0.as_bytes())
                .then_with(|| a.1.as_bytes().cmp(b.1.as_bytes()))
        }),
        Order::Utf16 => pairs.sort_unstable_by(|a, b| {
            a.0.encode_utf16()
                .cmp(b.0.encode_utf16())
                .then_with(|| a.1.encode_utf16().cmp(b.1.encode_utf16()))
        }),
    }
}

/// Whether [`Order::Utf16`] may sort some of the names otherwise than [`Order::CodePoint`]:
/// only when a name has a character above U+FFFF.
pub(crate) fn orders_may_differ(pairs: &[Pair<'_>]) -> bool {
    pairs
        .iter()
        .any(|(name, _)| name.chars().any(|c| c > '\u{FFFF}'))
}

/// How parameter names enter a canonical query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Names {
    /// Percent-encoded like the values, as the published algorithm has it.
    Encoded,
    /// As they are: the V3 canonical query of both the Python and the Node.js SDK encodes
    /// only the values. It differs only for names that need encoding, which no real API has;
    /// the verifier accepts it.
    Raw,
}

/// How a canonical query string is written: the published form, or one an SDK computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct QueryForm {
    pub(crate) names: Names,
    pub(crate) order: Order,
}

impl QueryForm {
    /// The published algorithm's form, the one the signer writes.
    pub(crate) const PUBLISHED: Self = Self {
        names: Names::Encoded,
        order: Order::CodePoint,
    };
}

/// Appends `name=value&...` with both canonically encoded; the pairs must be sorted.
pub(crate) fn push_canonical_pairs(out: &mut String, pairs: &[Pair<'_>]) {
    push_canonical_pairs_with(out, pairs, Names::Encoded);
}

/// Appends `name=value&...`, the values canonically encoded and the names as `names` says.
pub(crate) fn push_canonical_pairs_with(out: &mut String, pairs: &[Pair<'_>], names: Names) {
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        match names {
            Names::Encoded => percent_encode_into(out, name),
            Names::Raw => out.push_str(name),
        }
        out.push('=');
        percent_encode_into(out, value);
    }
}

/// Whether some name would be written differently under [`Names::Raw`].
pub(crate) fn names_need_encoding(pairs: &[Pair<'_>]) -> bool {
    pairs
        .iter()
        .any(|(name, _)| percent_encode(name).len() != name.len())
}

/// Appends the canonical form of a URI path: `/` when empty; otherwise each segment decoded
/// and encoded again (`/path/%20test` stays, `/a b` is not a valid URI anyway, `*` becomes
/// `%2A`). A `+` in a path is a plus sign, as RFC 3986 has it.
pub(crate) fn push_canonical_uri(out: &mut String, path: &str) -> Result<(), DecodeError> {
    if path.is_empty() || path == "/" {
        out.push('/');
        return Ok(());
    }
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if segment.contains('+') {
            let literal = segment.replace('+', "%2B");
            percent_encode_into(out, &percent_decode_component(&literal)?);
        } else {
            percent_encode_into(out, &percent_decode_component(segment)?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical_uri(path: &str) -> String {
        let mut out = String::new();
        push_canonical_uri(&mut out, path).unwrap();
        out
    }

    #[test]
    fn paths_are_encoded_per_segment() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/path/%20test"), "/path/%20test");
        assert_eq!(canonical_uri("/a*b/c%2fd/e+f/~g"), "/a%2Ab/c%2Fd/e%2Bf/~g");
        assert_eq!(canonical_uri("/%e4%b8%ad/"), "/%E4%B8%AD/");
    }

    #[test]
    fn pairs_sort_by_name_then_value_in_byte_order() {
        let mut pairs: Vec<Pair<'_>> = vec![
            ("b".into(), "1".into()),
            ("a".into(), "2".into()),
            ("{".into(), "".into()),
            ("z".into(), "".into()),
            ("a".into(), "1".into()),
            ("é".into(), "".into()),
        ];
        sort_pairs(&mut pairs, Order::CodePoint);
        let mut out = String::new();
        push_canonical_pairs(&mut out, &pairs);
        assert_eq!(out, "a=1&a=2&b=1&z=&%7B=&%C3%A9=");
        assert!(!orders_may_differ(&pairs));
    }

    #[test]
    fn utf16_order_differs_only_past_u_ffff() {
        // U+10000 is 0xD800 0xDC00 in UTF-16, below U+E000; in UTF-8 it is above.
        let mut pairs: Vec<Pair<'_>> = vec![
            ("a\u{10000}".into(), "".into()),
            ("a\u{e000}".into(), "".into()),
            ("a\u{ffff}".into(), "".into()),
            ("b".into(), "".into()),
        ];
        assert!(orders_may_differ(&pairs));
        let order = |pairs: &[Pair<'_>]| pairs.iter().map(|p| p.0.to_string()).collect::<Vec<_>>();
        sort_pairs(&mut pairs, Order::CodePoint);
        assert_eq!(order(&pairs), ["a\u{e000}", "a\u{ffff}", "a\u{10000}", "b"]);
        sort_pairs(&mut pairs, Order::Utf16);
        assert_eq!(order(&pairs), ["a\u{10000}", "a\u{e000}", "a\u{ffff}", "b"]);
    }

    #[test]
    fn form_bodies_must_be_text() {
        assert!(form_pairs(&[0xff, b'=', b'1']).is_err());
        let pairs = form_pairs(b"a=1+2&b=%2A").unwrap();
        assert_eq!(pairs[0].1, "1 2");
        assert_eq!(pairs[1].1, "*");
    }
}
