//! Step 2 of V3: the string to sign, `Algorithm \n hex(Hash(CanonicalRequest))`.

use std::ops::Range;

use acs_protocol::SigningAlgorithm;

use crate::crypto::{push_hex, v3_hash};

/// Appends the string to sign of the canonical request at `canonical_request` in `text`.
pub(crate) fn write(
    text: &mut String,
    algorithm: SigningAlgorithm,
    canonical_request: Range<usize>,
) {
    let hash = v3_hash(
        algorithm,
        text.as_bytes().get(canonical_request).unwrap_or_default(),
    );
    text.push_str(algorithm.as_str());
    text.push('\n');
    push_hex(text, &hash);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_to_sign(algorithm: SigningAlgorithm, canonical_request: &str) -> String {
        let mut text = canonical_request.to_owned();
        write(&mut text, algorithm, 0..canonical_request.len());
        text.split_off(canonical_request.len())
    }

    #[test]
    fn names_the_algorithm_and_hashes_with_its_hash() {
        assert_eq!(
            string_to_sign(SigningAlgorithm::Acs3HmacSm3, "test"),
            "ACS3-HMAC-SM3\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23"
        );
        assert_eq!(
            string_to_sign(SigningAlgorithm::Acs3RsaSha256, "test"),
            "ACS3-RSA-SHA256\n9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        );
    }
}
