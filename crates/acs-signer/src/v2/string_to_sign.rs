//! Step 2 of V2: `Method & enc("/") & enc(CanonicalizedQuery)`.

use acs_protocol::encoding::percent_encode_twice_into;

use crate::parameters::Pair;

/// Appends the string to sign of `pairs` (sorted: the canonicalized query's order) to `text`.
///
/// `enc(CanonicalizedQuery)` is written from the pairs themselves, each name and value
/// encoded twice and the separators once more (`=` as `%3D`, `&` as `%26`): the same text as
/// encoding the canonicalized query again, in one pass over the values.
pub(crate) fn write(text: &mut String, method: &str, pairs: &[Pair<'_>]) {
    text.push_str(method);
    text.push_str("&%2F&");
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            text.push_str("%26");
        }
        percent_encode_twice_into(text, name);
        text.push_str("%3D");
        percent_encode_twice_into(text, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_canonical_string_again() {
        let pairs: Vec<Pair<'_>> = vec![
            ("Timestamp".into(), "2016-02-23T12:46:24Z".into()),
            ("Version".into(), "1".into()),
        ];
        let mut text = String::new();
        write(&mut text, "GET", &pairs);
        assert_eq!(
            text,
            "GET&%2F&Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D1"
        );
    }
}
