//! Step 2 of V3: the string to sign, `Algorithm \n hex(Hash(CanonicalRequest))`.

use acs_protocol::SigningAlgorithm;

use crate::crypto::{push_hex, v3_hash};

/// The string to sign of a canonical request.
pub(crate) fn string_to_sign(algorithm: SigningAlgorithm, canonical_request: &str) -> String {
    let name = algorithm.as_str();
    let mut out = String::with_capacity(name.len() + 1 + 64);
    out.push_str(name);
    out.push('\n');
    push_hex(&mut out, &v3_hash(algorithm, canonical_request.as_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
