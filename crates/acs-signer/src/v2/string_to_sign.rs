//! Step 2 of V2: `Method & enc("/") & enc(CanonicalizedQuery)`.

use std::ops::Range;

use acs_protocol::encoding::percent_encode_within;

/// Appends the string to sign of the canonicalized query at `canonicalized_query` in `text`.
pub(crate) fn write(text: &mut String, method: &str, canonicalized_query: Range<usize>) {
    text.push_str(method);
    text.push_str("&%2F&");
    percent_encode_within(text, canonicalized_query);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_canonical_string_again() {
        let mut text = String::from("Timestamp=2016-02-23T12%3A46%3A24Z&Version=1");
        let len = text.len();
        write(&mut text, "GET", 0..len);
        assert_eq!(
            &text[len..],
            "GET&%2F&Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D1"
        );
    }
}
