//! The primitives of both signature versions, behind the algorithm that names them.
//!
//! RustCrypto throughout, one `digest` generation (0.10): `sha2`, `sm3` and `sha1` for the
//! hashes, `hmac` over each, `rsa` for PKCS#1 v1.5 with SHA-256. `sha2` picks the CPU's SHA
//! extensions at run time, so the hashes are as fast as the machine allows without `unsafe`
//! here.

use acs_protocol::{Secret, SigningAlgorithm};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};
use rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Verifier as _};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use sm3::Sm3;
use zeroize::{Zeroize as _, Zeroizing};

use crate::error::{KeyError, SigningError};

/// The output of SHA-256 and of SM3.
pub(crate) type Digest32 = [u8; 32];

/// The V3 hash of `data`: SM3 for `ACS3-HMAC-SM3`, SHA-256 otherwise.
pub(crate) fn v3_hash(algorithm: SigningAlgorithm, data: &[u8]) -> Digest32 {
    match algorithm {
        SigningAlgorithm::Acs3HmacSm3 => Sm3::digest(data).into(),
        _ => Sha256::digest(data).into(),
    }
}

/// The bytes of a V3 signature: 32 for the HMACs, the key's size for RSA.
pub(crate) enum V3SignatureBytes {
    /// HMAC-SHA256 or HMAC-SM3, on the stack.
    Mac(Digest32),
    /// RSA PKCS#1 v1.5.
    Rsa(Vec<u8>),
}

impl AsRef<[u8]> for V3SignatureBytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Self::Mac(digest) => digest,
            Self::Rsa(bytes) => bytes,
        }
    }
}

/// The V3 signature of `string_to_sign` with `secret`: HMAC-SHA256, HMAC-SM3, or RSA
/// PKCS#1 v1.5 over SHA-256 with the secret read as a PKCS#8 private key.
pub(crate) fn v3_sign(
    algorithm: SigningAlgorithm,
    secret: &Secret,
    string_to_sign: &str,
) -> Result<V3SignatureBytes, SigningError> {
    let key = secret.expose().as_bytes();
    match algorithm {
        SigningAlgorithm::Acs3HmacSm3 => Ok(V3SignatureBytes::Mac(hmac_sm3(
            key,
            string_to_sign.as_bytes(),
        ))),
        SigningAlgorithm::Acs3RsaSha256 => {
            let private_key = parse_rsa_private_key(secret.expose())
                .map_err(|source| SigningError::InvalidPrivateKey { source })?;
            let signing_key = rsa::pkcs1v15::SigningKey::<Sha256>::new(private_key);
            // The randomness blinds the private-key operation; PKCS#1 v1.5 signatures are
            // deterministic all the same.
            let signature = signing_key
                .try_sign_with_rng(&mut rsa::rand_core::OsRng, string_to_sign.as_bytes())
                .map_err(|source| SigningError::Rsa { source })?;
            Ok(V3SignatureBytes::Rsa(signature.to_vec()))
        }
        _ => Ok(V3SignatureBytes::Mac(hmac_sha256(
            key,
            string_to_sign.as_bytes(),
        ))),
    }
}

/// HMAC-SHA256.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Digest32 {
    // HMAC takes keys of any length, so `new_from_slice` cannot fail; the fallback is only
    // there to avoid an `expect`.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().into()
        }
        Err(_) => [0; 32],
    }
}

/// HMAC-SM3.
pub(crate) fn hmac_sm3(key: &[u8], data: &[u8]) -> Digest32 {
    match Hmac::<Sm3>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().into()
        }
        Err(_) => [0; 32],
    }
}

/// The V2 signature's bytes: HMAC-SHA1 keyed with `secret + "&"` (sent base64-encoded).
pub(crate) fn v2_sign(secret: &Secret, string_to_sign: &str) -> [u8; 20] {
    const BLOCK: usize = 64;
    let secret = secret.expose().as_bytes();
    // The key `secret&`, on the stack when it fits a SHA-1 block (as every real secret
    // does): HMAC hashes longer keys first anyway. The copy is wiped after use.
    let mut block = [0_u8; BLOCK];
    let mut long = Zeroizing::new(Vec::new());
    let used = secret.len() + 1;
    let key: &mut [u8] = match block.get_mut(..used) {
        Some(key) => key,
        None => {
            long.resize(used, 0);
            &mut long
        }
    };
    key[..secret.len()].copy_from_slice(secret);
    key[secret.len()] = b'&';
    let digest = match Hmac::<Sha1>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(string_to_sign.as_bytes());
            mac.finalize().into_bytes().into()
        }
        Err(_) => [0; 20],
    };
    key.zeroize();
    digest
}

/// Appends the standard base64 of a digest to `out`, through a stack buffer (`encode_string`
/// zeroes a kilobyte of scratch space per call).
pub(crate) fn push_base64(out: &mut String, digest: &[u8; 20]) {
    let mut buffer = [0_u8; 28];
    if let Ok(len) = base64::engine::general_purpose::STANDARD.encode_slice(digest, &mut buffer) {
        out.push_str(std::str::from_utf8(&buffer[..len]).unwrap_or_default());
    }
}

/// Checks an `ACS3-RSA-SHA256` signature with a public key.
pub(crate) fn rsa_verify(key: &RsaPublicKey, message: &[u8], signature: &[u8]) -> bool {
    let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
        return false;
    };
    rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.clone())
        .verify(message, &signature)
        .is_ok()
}

const PKCS8_LABEL: &str = "PRIVATE KEY";
const PKCS1_LABEL: &str = "RSA PRIVATE KEY";

/// Reads an RSA private key as the official SDKs accept it: PKCS#8 PEM; PKCS#1 PEM (or a
/// PKCS#8 body mislabelled `RSA PRIVATE KEY`, which the Python SDK relabels); or the bare
/// base64 body of a PKCS#8 key without its armor.
pub(crate) fn parse_rsa_private_key(text: &str) -> Result<RsaPrivateKey, KeyError> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        if let Ok(key) = RsaPrivateKey::from_pkcs8_pem(text) {
            return Ok(key);
        }
        if text.contains(PKCS1_LABEL) {
            if let Ok(key) = RsaPrivateKey::from_pkcs1_pem(text) {
                return Ok(key);
            }
            let relabelled = Zeroizing::new(text.replace(PKCS1_LABEL, PKCS8_LABEL));
            if let Ok(key) = RsaPrivateKey::from_pkcs8_pem(&relabelled) {
                return Ok(key);
            }
        }
        return Err(if text.contains(PKCS8_LABEL) {
            KeyError::WrongKind {
                expected: "PKCS#8 private",
            }
        } else {
            KeyError::NotPem
        });
    }
    let der = Zeroizing::new(decode_base64_body(text)?);
    RsaPrivateKey::from_pkcs8_der(&der).map_err(|_| KeyError::WrongKind {
        expected: "PKCS#8 private",
    })
}

/// Reads an RSA public key: SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`) PEM.
pub(crate) fn parse_rsa_public_key(text: &str) -> Result<RsaPublicKey, KeyError> {
    let text = text.trim();
    if !text.starts_with("-----BEGIN") {
        return Err(KeyError::NotPem);
    }
    RsaPublicKey::from_public_key_pem(text)
        .or_else(|_| RsaPublicKey::from_pkcs1_pem(text))
        .map_err(|_| KeyError::WrongKind { expected: "public" })
}

fn decode_base64_body(text: &str) -> Result<Vec<u8>, KeyError> {
    let compact: Zeroizing<String> =
        Zeroizing::new(text.chars().filter(|c| !c.is_ascii_whitespace()).collect());
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| KeyError::NotPem)
}

/// The two lower-case hex digits of every byte: a lookup per byte, the digest's hex on the hot
/// path of every V3 signature (twice: the string to sign and the signature).
static HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0; 2]; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = [DIGITS[byte >> 4], DIGITS[byte & 0x0f]];
        byte += 1;
    }
    table
};

/// Appends the lower-case hex of `bytes` to `out`.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    // Through a stack buffer, a chunk at a time: a digest is one chunk.
    const CHUNK: usize = 64;
    out.reserve(bytes.len() * 2);
    let mut buffer = [[0_u8; 2]; CHUNK];
    for chunk in bytes.chunks(CHUNK) {
        for (pair, &byte) in buffer.iter_mut().zip(chunk) {
            *pair = HEX_PAIRS[usize::from(byte)];
        }
        let hex = buffer[..chunk.len()].as_flattened();
        out.push_str(std::str::from_utf8(hex).unwrap_or_default());
    }
}

/// The lower-case hex of `bytes`.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The helper library's published primitive vectors (protocol.md).
    #[test]
    fn published_primitive_vectors() {
        assert_eq!(
            to_hex(&v3_hash(SigningAlgorithm::Acs3HmacSha256, b"test")),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        );
        assert_eq!(
            to_hex(&v3_hash(SigningAlgorithm::Acs3HmacSm3, b"test")),
            "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23"
        );
        assert_eq!(
            to_hex(&hmac_sm3(b"secret", b"source")),
            "b9ff646822f41ef647c1416fa2b8408923828abc0464af6706e18db3e8553da8"
        );
        assert_eq!(
            to_hex(&hmac_sha256(b"secret", b"source")),
            "1d93c62698a1c26427265668e79fac099aa26c1df873669599a2fb2f272e64c9"
        );
        assert_eq!(
            to_hex(&v3_hash(SigningAlgorithm::Acs3HmacSha256, b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn v2_keys_of_any_length_are_the_secret_and_an_ampersand() {
        // Short keys go through the stack block, keys past it through the heap; HMAC hashes
        // keys longer than its 64-byte block first either way.
        for len in [0, 1, 62, 63, 64, 65, 200] {
            let secret = "k".repeat(len);
            let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
            mac.update(b"GET&%2F&a%3D1");
            let expected: [u8; 20] = mac.finalize().into_bytes().into();
            assert_eq!(
                v2_sign(&Secret::new(secret), "GET&%2F&a%3D1"),
                expected,
                "{len}"
            );
        }
    }

    #[test]
    fn hex_matches_the_hex_crate() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(to_hex(&bytes), hex::encode(&bytes));
    }

    #[test]
    fn key_errors_never_show_the_key() {
        let not_a_key =
            "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LW1hdGVyaWFs\n-----END PRIVATE KEY-----";
        let error = parse_rsa_private_key(not_a_key).unwrap_err();
        assert!(!error.to_string().contains("c2VjcmV0LW1hdGVyaWFs"));
        assert_eq!(parse_rsa_private_key("%%%"), Err(KeyError::NotPem));
        assert_eq!(parse_rsa_public_key("abc"), Err(KeyError::NotPem));
    }
}
