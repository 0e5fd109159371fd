//! TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, with `totp-rs`), as Alibaba
//! Cloud's virtual MFA devices use it. A code is accepted for the current step and one
//! step either side (clock skew), and only for a step later than the last one accepted
//! for the same device: a code is never accepted twice, nor an older one after it.

use std::time::SystemTime;

use totp_rs::{Algorithm, TOTP};

/// Digits of a code.
pub(crate) const DIGITS: usize = 6;
/// Seconds of a step.
pub(crate) const PERIOD: u64 = 30;
/// Steps accepted either side of the current one.
const SKEW: u64 = 1;
/// Bytes of a new secret (160 bits, RFC 4226's recommendation).
const SECRET_BYTES: usize = 20;

fn totp(secret: &[u8]) -> Option<TOTP> {
    TOTP::new(Algorithm::SHA1, DIGITS, 0, PERIOD, secret.to_vec()).ok()
}

/// A fresh random secret.
pub(crate) fn new_secret() -> Vec<u8> {
    let mut secret = vec![0_u8; SECRET_BYTES];
    if getrandom::fill(&mut secret).is_err() {
        let a = crate::ids::random_16();
        let b = crate::ids::random_16();
        secret = a
            .iter()
            .chain(b.iter())
            .take(SECRET_BYTES)
            .copied()
            .collect();
    }
    secret
}

/// The secret in base32 (RFC 4648, no padding), as authenticator apps take it.
pub(crate) fn base32(secret: &[u8]) -> String {
    totp(secret)
        .map(|t| t.get_secret_base32())
        .unwrap_or_default()
}

/// The secret of its base32 form.
pub(crate) fn decode_base32(text: &str) -> Option<Vec<u8>> {
    totp_rs::Secret::Encoded(text.to_owned()).to_bytes().ok()
}

/// The `otpauth://totp/…` URI authenticator apps scan.
pub(crate) fn otpauth_uri(secret: &[u8], account: &str, issuer: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let issuer = utf8_percent_encode(issuer, NON_ALPHANUMERIC).to_string();
    let account = utf8_percent_encode(account, NON_ALPHANUMERIC).to_string();
    format!(
        "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={PERIOD}",
        base32(secret)
    )
}

/// The code of `secret` at `time` (tests play the authenticator with it).
#[cfg(test)]
pub(crate) fn code_at(secret: &[u8], time: SystemTime) -> String {
    totp(secret)
        .map(|t| t.generate(super::unix(time)))
        .unwrap_or_default()
}

/// The step `code` belongs to at `now` (within the skew), if it is a code of `secret` and
/// its step is later than `after`.
pub(crate) fn accepted_step(
    secret: &[u8],
    code: &str,
    now: SystemTime,
    after: Option<u64>,
) -> Option<u64> {
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret)?;
    let current = super::unix(now) / PERIOD;
    (current.saturating_sub(SKEW)..=current + SKEW)
        .filter(|step| after.is_none_or(|last| *step > last))
        .find(|step| {
            let expected = totp.generate(step * PERIOD);
            bool::from(subtle::ConstantTimeEq::ct_eq(
                expected.as_bytes(),
                code.as_bytes(),
            ))
        })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn an_empty_seed_accepts_no_code() {
        // What a device seeded from a redacted dump holds.
        let seed = decode_base32("").unwrap_or_default();
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        for code in ["000000", &code_at(&seed, now), "123456"] {
            assert_eq!(accepted_step(&seed, code, now, None), None, "{code}");
        }
    }

    #[test]
    fn rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B, SHA-1 seed, the last 6 of the 8 digits.
        let seed = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(seed, UNIX_EPOCH + Duration::from_secs(time)), code);
        }
    }

    #[test]
    fn a_code_is_accepted_once_and_only_near_its_step() {
        let secret = new_secret();
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_015);
        let code = code_at(&secret, now);
        let step = accepted_step(&secret, &code, now, None).unwrap();
        assert_eq!(step, 1_700_000_015 / PERIOD);
        // The same code again, after it was used: refused.
        assert_eq!(accepted_step(&secret, &code, now, Some(step)), None);
        // A step later it is still within the skew; two steps later it is not.
        assert!(accepted_step(&secret, &code, now + Duration::from_secs(30), None).is_some());
        assert!(accepted_step(&secret, &code, now + Duration::from_secs(61), None).is_none());
        // Wrong codes and junk.
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert_eq!(accepted_step(&secret, wrong, now, None), None);
        assert_eq!(accepted_step(&secret, "12345", now, None), None);
        assert_eq!(accepted_step(&secret, "abcdef", now, None), None);
    }

    #[test]
    fn the_secret_round_trips_through_base32_and_the_uri() {
        let secret = new_secret();
        let text = base32(&secret);
        assert_eq!(decode_base32(&text).unwrap(), secret);
        let uri = otpauth_uri(&secret, "alice@example", "CloudSSO");
        assert!(uri.starts_with("otpauth://totp/CloudSSO:alice%40example?secret="));
        assert!(uri.contains(&text));
        assert!(uri.ends_with("&digits=6&period=30"));
    }
}
