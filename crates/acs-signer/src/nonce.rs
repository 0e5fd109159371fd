//! The default signature nonce: 128 random bits from the operating system, as 32 hex digits.

use crate::crypto::push_hex;
use crate::error::SigningError;

/// A fresh nonce: 16 bytes from the OS generator in lower-case hex.
pub(crate) fn random_nonce() -> Result<String, SigningError> {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|source| SigningError::Nonce { source })?;
    let mut nonce = String::with_capacity(32);
    push_hex(&mut nonce, &bytes);
    Ok(nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_32_hex_digits_and_differ() {
        let a = random_nonce().unwrap();
        let b = random_nonce().unwrap();
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }
}
