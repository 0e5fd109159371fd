//! Passwords and other secrets the emulator must check later but never show: kept as a
//! salted PBKDF2-HMAC-SHA256 hash ([`SecretHash`]), never in plain text, never in `Debug`;
//! the password policy's checks; and random passwords that satisfy a policy.

use std::fmt;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::directory::{MAX_PASSWORD_LENGTH, PasswordPolicyRow};
use crate::ids;

/// PBKDF2 rounds of new hashes (kept in each hash, so it can change without breaking old
/// ones). An emulator's secrets guard nothing real: enough rounds that a hash is not a
/// plain digest, few enough that tests stay fast in debug builds.
const ROUNDS: u32 = 2048;
/// The most rounds a stored hash may ask for (a hand-edited state cannot stall a request).
const MAX_ROUNDS: u32 = 1_000_000;

/// A salted hash of a secret: what is stored instead of a password or a credential secret.
/// The default (no algorithm) verifies nothing: what a seed without the hash loads.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SecretHash {
    /// `pbkdf2-sha256`.
    algorithm: String,
    rounds: u32,
    /// Hex of 16 random bytes.
    salt: String,
    /// Hex of the 32-byte derived key.
    hash: String,
}

impl fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretHash(<redacted>)")
    }
}

impl SecretHash {
    /// The hash of `secret` with a fresh salt.
    pub(crate) fn new(secret: &str) -> Self {
        let salt = ids::random_16();
        Self {
            algorithm: "pbkdf2-sha256".to_owned(),
            rounds: ROUNDS,
            salt: hex::encode(salt),
            hash: hex::encode(pbkdf2(secret.as_bytes(), &salt, ROUNDS)),
        }
    }

    /// Whether `candidate` is the secret hashed (in constant time over the hash).
    pub(crate) fn verify(&self, candidate: &str) -> bool {
        if self.algorithm != "pbkdf2-sha256" || self.rounds == 0 || self.rounds > MAX_ROUNDS {
            return false;
        }
        let (Ok(salt), Ok(expected)) = (hex::decode(&self.salt), hex::decode(&self.hash)) else {
            return false;
        };
        let actual = pbkdf2(candidate.as_bytes(), &salt, self.rounds);
        actual.ct_eq(expected.as_slice()).into()
    }
}

/// PBKDF2-HMAC-SHA256 (RFC 8018) with one 32-byte block.
fn pbkdf2(secret: &[u8], salt: &[u8], rounds: u32) -> [u8; 32] {
    let Ok(prf) = Hmac::<Sha256>::new_from_slice(secret) else {
        return [0; 32];
    };
    let mut mac = prf.clone();
    mac.update(salt);
    mac.update(&1_u32.to_be_bytes());
    let mut u: [u8; 32] = mac.finalize().into_bytes().into();
    let mut out = u;
    for _ in 1..rounds {
        let mut mac = prf.clone();
        mac.update(&u);
        u = mac.finalize().into_bytes().into();
        for (o, b) in out.iter_mut().zip(u) {
            *o ^= b;
        }
    }
    out
}

/// The special characters a password may hold (printable ASCII that is neither a letter
/// nor a digit nor a space).
fn is_symbol(c: char) -> bool {
    c.is_ascii_graphic() && !c.is_ascii_alphanumeric()
}

/// Why `password` breaks `policy` for user `user_name`, or `None` when it satisfies it.
/// (The reuse rule needs the history: see [`reused`].)
pub(crate) fn policy_violation(
    password: &str,
    user_name: &str,
    policy: &PasswordPolicyRow,
) -> Option<String> {
    let length = i64::try_from(password.chars().count()).unwrap_or(i64::MAX);
    if length < policy.min_password_length || length > MAX_PASSWORD_LENGTH {
        return Some(format!(
            "the password must be {} to {MAX_PASSWORD_LENGTH} characters long (it has {length})",
            policy.min_password_length
        ));
    }
    if !password.chars().all(|c| c.is_ascii_graphic()) {
        return Some(
            "the password may hold only letters, digits and printable ASCII special characters"
                .to_owned(),
        );
    }
    let classes = [
        (
            password.chars().any(|c| c.is_ascii_uppercase()),
            "an upper-case letter",
        ),
        (
            password.chars().any(|c| c.is_ascii_lowercase()),
            "a lower-case letter",
        ),
        (password.chars().any(|c| c.is_ascii_digit()), "a digit"),
        (password.chars().any(is_symbol), "a special character"),
    ];
    if let Some((_, missing)) = classes.iter().find(|(present, _)| !present) {
        return Some(format!(
            "the password must contain upper-case and lower-case letters, digits and special \
             characters; it lacks {missing}"
        ));
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let distinct = i64::try_from(distinct.len()).unwrap_or(i64::MAX);
    if distinct < policy.min_password_different_chars {
        return Some(format!(
            "the password must contain at least {} different characters (it has {distinct})",
            policy.min_password_different_chars
        ));
    }
    if policy.password_not_contain_username
        && !user_name.is_empty()
        && password
            .to_ascii_lowercase()
            .contains(&user_name.to_ascii_lowercase())
    {
        return Some("the password must not contain the user name".to_owned());
    }
    None
}

/// Whether `password` is one of the last `keep` passwords of `history` (newest first).
pub(crate) fn reused(password: &str, history: &[SecretHash], keep: i64) -> bool {
    let keep = usize::try_from(keep).unwrap_or(0);
    history.iter().take(keep).any(|old| old.verify(password))
}

/// A random password that satisfies `policy` for user `user_name`: 16 characters (or the
/// policy's minimum if longer), with every required character class.
pub(crate) fn generate(user_name: &str, policy: &PasswordPolicyRow) -> String {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    const SYMBOL: &[u8] = b"!@#$%^&*()-_=+[]{}:;,.?";
    let length =
        usize::try_from(policy.min_password_length.clamp(16, MAX_PASSWORD_LENGTH)).unwrap_or(16);
    let mut last = String::new();
    for _ in 0..64 {
        let mut password = Vec::with_capacity(length);
        let mut pool = ids::random_16().to_vec();
        let mut next = || {
            if pool.is_empty() {
                pool = ids::random_16().to_vec();
            }
            usize::from(pool.pop().unwrap_or(0))
        };
        for (i, _) in (0..length).enumerate() {
            let set = match i {
                0 => UPPER,
                1 => LOWER,
                2 => DIGIT,
                3 => SYMBOL,
                _ => [UPPER, LOWER, DIGIT, SYMBOL][next() % 4],
            };
            password.push(set[next() % set.len()]);
        }
        // Shuffle so the classes are not always first (Fisher-Yates).
        for i in (1..password.len()).rev() {
            password.swap(i, next() % (i + 1));
        }
        last = String::from_utf8_lossy(&password).into_owned();
        if policy_violation(&last, user_name, policy).is_none() {
            return last;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_secret_and_never_show_it() {
        let hash = SecretHash::new("Correct-Horse-1");
        assert!(hash.verify("Correct-Horse-1"));
        assert!(!hash.verify("Correct-Horse-2"));
        assert_ne!(hash, SecretHash::new("Correct-Horse-1"), "salted");
        let debug = format!("{hash:?}");
        assert_eq!(debug, "SecretHash(<redacted>)");
        let stored = serde_json::to_string(&hash).unwrap();
        assert!(!stored.contains("Correct-Horse-1"));
    }

    #[test]
    fn pbkdf2_matches_the_rfc_7914_vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1.
        let out = pbkdf2(b"passwd", b"salt", 1);
        assert_eq!(
            hex::encode(out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }

    #[test]
    fn the_policy_is_checked_rule_by_rule() {
        let policy = PasswordPolicyRow::default();
        assert!(policy_violation("Abcdef1!x", "alice", &policy).is_none());
        assert!(
            policy_violation("Ab1!", "alice", &policy)
                .unwrap()
                .contains("8 to 32")
        );
        assert!(
            policy_violation("abcdefg1!", "alice", &policy)
                .unwrap()
                .contains("upper-case letter")
        );
        assert!(
            policy_violation("Abcdefgh1", "alice", &policy)
                .unwrap()
                .contains("special")
        );
        assert!(
            policy_violation("Aaaaaaa1!", "bob", &policy)
                .unwrap()
                .contains("different")
        );
        assert!(
            policy_violation("xALICEy1!Z", "alice", &policy)
                .unwrap()
                .contains("user name")
        );
        let lenient = PasswordPolicyRow {
            password_not_contain_username: false,
            ..PasswordPolicyRow::default()
        };
        assert!(policy_violation("xALICEy1!Z", "alice", &lenient).is_none());
    }

    #[test]
    fn generated_passwords_satisfy_the_policy() {
        let policy = PasswordPolicyRow {
            min_password_length: 20,
            min_password_different_chars: 12,
            ..PasswordPolicyRow::default()
        };
        for _ in 0..20 {
            let password = generate("a", &policy);
            assert_eq!(password.len(), 20);
            assert_eq!(
                policy_violation(&password, "a", &policy),
                None,
                "{password}"
            );
        }
    }

    #[test]
    fn reuse_looks_only_at_the_last_passwords() {
        let history = vec![SecretHash::new("New-Pass-2"), SecretHash::new("Old-Pass-1")];
        assert!(reused("New-Pass-2", &history, 1));
        assert!(!reused("Old-Pass-1", &history, 1));
        assert!(reused("Old-Pass-1", &history, 2));
        assert!(!reused("New-Pass-2", &history, 0));
    }
}
