//! Step 2 of V2: `Method & enc("/") & enc(CanonicalizedQuery)`.

use acs_protocol::encoding::percent_encode_into;

/// The string to sign: the canonicalized query is percent-encoded a second time.
pub(crate) fn string_to_sign(method: &str, canonicalized_query: &str) -> String {
    let mut out = String::with_capacity(method.len() + 5 + canonicalized_query.len() * 5 / 4);
    out.push_str(method);
    out.push_str("&%2F&");
    percent_encode_into(&mut out, canonicalized_query);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_canonical_string_again() {
        assert_eq!(
            string_to_sign("GET", "Timestamp=2016-02-23T12%3A46%3A24Z&Version=1"),
            "GET&%2F&Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D1"
        );
    }
}
