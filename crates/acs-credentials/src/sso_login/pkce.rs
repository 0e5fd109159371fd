//! PKCE (RFC 7636, `S256`): a verifier from the operating system's CSPRNG (not the aliyun
//! CLI's md5 of the hostname and clock, which another process on the host can guess), and
//! its challenge `base64url(SHA-256(verifier))` without padding.

use acs_protocol::Secret;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The characters of a verifier: RFC 7636's unreserved set minus the punctuation, as the CLI.
const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Length of a verifier: 48 as the CLI's (RFC 7636 allows 43–128); 48 × log2(62) ≈ 285 bits.
pub const VERIFIER_LEN: usize = 48;

/// A fresh verifier.
pub fn new_verifier() -> Result<Secret, getrandom::Error> {
    let mut verifier = String::with_capacity(VERIFIER_LEN);
    while verifier.len() < VERIFIER_LEN {
        let mut bytes = [0_u8; 64];
        getrandom::fill(&mut bytes)?;
        // 248 = 4 × 62: rejecting bytes from 248 up keeps every character equally likely.
        verifier.extend(
            bytes
                .iter()
                .filter(|b| **b < 248)
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .take(VERIFIER_LEN - verifier.len()),
        );
    }
    Ok(Secret::new(verifier))
}

/// `CodeChallenge` of `verifier`: base64url(SHA-256(verifier)), no padding.
pub fn code_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_base64url_of_sha256_without_padding() {
        // Computed with Python's hashlib and base64.urlsafe_b64encode, '=' stripped.
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWXOEjXk"),
            "ixTXRNjcs2t268cvWnWX5VszIOQVHn11amyq8l3uFfA"
        );
    }

    #[test]
    fn verifiers_are_48_alphanumerics_and_differ() -> Result<(), getrandom::Error> {
        let a = new_verifier()?;
        let b = new_verifier()?;
        assert_eq!(a.expose().len(), VERIFIER_LEN);
        assert!(a.expose().bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a.expose(), b.expose());
        Ok(())
    }
}
