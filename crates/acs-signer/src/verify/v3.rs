//! Verifying V3: read the `Authorization` header, rebuild the canonical request from what
//! the client says it signed, and compare.

use std::time::SystemTime;

use acs_protocol::{Secret, SignatureVersion, SigningAlgorithm};
use subtle::ConstantTimeEq as _;

use crate::crypto::{parse_rsa_private_key, parse_rsa_public_key, rsa_verify, v3_sign};
use crate::parameters::{Names, names_need_encoding, query_pairs};
use crate::request::{SignableBody, SignableRequest};
use crate::v3::authorization;
use crate::v3::canonical_request::{self, CanonicalHeader, canonical_value, must_be_signed};
use crate::v3::sign::hashed_payload;
use crate::v3::string_to_sign::string_to_sign;
use crate::v3::{
    X_ACS_ACTION, X_ACS_CONTENT_SHA256, X_ACS_DATE, X_ACS_SECURITY_TOKEN, X_ACS_SIGNATURE_NONCE,
    X_ACS_VERSION,
};
use crate::verify::{KeyLookup, VerificationError, Verified, check_time, remember_nonce};

const EXPECTED_ALGORITHMS: &str = "ACS3-HMAC-SHA256, ACS3-HMAC-SM3 or ACS3-RSA-SHA256";

pub(crate) fn verify(
    request: &SignableRequest<'_>,
    keys: &impl KeyLookup,
    now: SystemTime,
    replay: &crate::verify::ReplayStore,
) -> Result<Verified, VerificationError> {
    let headers = request.headers();
    let value = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| VerificationError::malformed("the Authorization header is not text"))?;
    let parsed = authorization::parse(value).map_err(|error| match error {
        authorization::AuthorizationError::Missing(part) => {
            VerificationError::incomplete(format!("the Authorization header has no {part}"))
        }
        authorization::AuthorizationError::Malformed => VerificationError::incomplete(
            "the Authorization header is not `<Algorithm> Credential=..,SignedHeaders=..,Signature=..`",
        ),
    })?;
    let algorithm = parsed
        .algorithm
        .parse::<SigningAlgorithm>()
        .ok()
        .filter(|a| a.signature_version() == SignatureVersion::V3)
        .ok_or_else(|| VerificationError::UnsupportedAlgorithm {
            field: "Authorization",
            value: parsed.algorithm.to_owned(),
            expected: EXPECTED_ALGORITHMS,
        })?;
    let access_key_id = parsed.credential;
    let secret = keys
        .secret(access_key_id)
        .ok_or_else(|| VerificationError::UnknownAccessKey {
            access_key_id: access_key_id.to_owned(),
        })?;

    let header_text = |name: &http::HeaderName| -> Result<Option<&str>, VerificationError> {
        match headers.get(name) {
            None => Ok(None),
            Some(value) => value
                .to_str()
                .map(Some)
                .map_err(|_| VerificationError::malformed(format!("header `{name}` is not text"))),
        }
    };
    let date = header_text(&X_ACS_DATE)?
        .ok_or_else(|| VerificationError::incomplete("header `x-acs-date` is missing"))?;
    let time = check_time("x-acs-date", date, now)?;
    let nonce = header_text(&X_ACS_SIGNATURE_NONCE)?.ok_or_else(|| {
        VerificationError::incomplete("header `x-acs-signature-nonce` is missing")
    })?;

    // The signed headers: lower-case names, each once; `host` and every `x-acs-*` header
    // the request carries must be among them.
    let mut signed: Vec<&str> = parsed
        .signed_headers
        .split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    signed.sort_unstable();
    signed.dedup();
    if signed
        .iter()
        .any(|n| n.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(VerificationError::incomplete(format!(
            "SignedHeaders `{}` must name headers in lower case",
            parsed.signed_headers
        )));
    }
    for name in headers.keys() {
        let name = name.as_str();
        if must_be_signed(name) && signed.binary_search(&name).is_err() {
            return Err(VerificationError::incomplete(format!(
                "header `{name}` is sent but not in SignedHeaders `{}`",
                parsed.signed_headers
            )));
        }
    }
    if signed.binary_search(&"host").is_err() {
        return Err(VerificationError::incomplete(format!(
            "SignedHeaders `{}` does not include `host`",
            parsed.signed_headers
        )));
    }
    let mut canonical_headers = Vec::with_capacity(signed.len());
    for name in &signed {
        let value = canonical_value(headers, name).map_err(VerificationError::malformed)?;
        canonical_headers.push(CanonicalHeader { name, value });
    }

    // The body must match its declared hash; the canonical request hashes the body itself.
    let payload = hashed_payload(algorithm, request.body());
    if let Some(declared) = header_text(&X_ACS_CONTENT_SHA256)?
        && let SignableBody::Bytes(_) = request.body()
        && !declared.trim().eq_ignore_ascii_case(&payload)
    {
        return Err(VerificationError::ContentHashMismatch {
            received: declared.to_owned(),
            hash: if algorithm == SigningAlgorithm::Acs3HmacSm3 {
                "SM3"
            } else {
                "SHA-256"
            },
        });
    }

    let mut query = query_pairs(request.uri())
        .map_err(|e| VerificationError::malformed(format!("the query string: {e}")))?;
    // Whether the SDK's form of the canonical query (below) differs from the published one.
    let names_differ = names_need_encoding(&query);
    let mut canonical_string_to_sign = |names| {
        canonical_request::build_with(
            request.method().as_str(),
            request.uri().path(),
            &mut query,
            &mut canonical_headers,
            &payload,
            names,
        )
        .map(|canonical| string_to_sign(algorithm, &canonical.text))
        .map_err(VerificationError::malformed)
    };
    let string_to_sign = canonical_string_to_sign(Names::Encoded)?;
    if !signature_matches(algorithm, &secret, &string_to_sign, parsed.signature)? {
        // The Python SDK leaves names unencoded in its canonical query; for names that
        // need encoding (no real API has one) its signature is over that form.
        let sdk_form = names_differ
            .then(|| canonical_string_to_sign(Names::Raw))
            .transpose()?;
        let accepted = match &sdk_form {
            Some(sdk_form) => signature_matches(algorithm, &secret, sdk_form, parsed.signature)?,
            None => false,
        };
        if !accepted {
            return Err(VerificationError::SignatureMismatch { string_to_sign });
        }
    }

    remember_nonce(replay, access_key_id, nonce, time, now)?;
    let owned = |name| header_text(name).map(|v| v.map(str::to_owned));
    Ok(Verified {
        access_key_id: access_key_id.to_owned(),
        algorithm,
        time,
        nonce: nonce.to_owned(),
        action: owned(&X_ACS_ACTION)?,
        version: owned(&X_ACS_VERSION)?,
        security_token: header_text(&X_ACS_SECURITY_TOKEN)?.map(Secret::new),
    })
}

/// Whether `received` (hex) is the signature of `string_to_sign`, compared in constant time.
fn signature_matches(
    algorithm: SigningAlgorithm,
    secret: &Secret,
    string_to_sign: &str,
    received: &str,
) -> Result<bool, VerificationError> {
    if algorithm == SigningAlgorithm::Acs3RsaSha256 {
        let Ok(received) = hex::decode(received) else {
            return Ok(false);
        };
        let text = secret.expose();
        let key = match parse_rsa_public_key(text) {
            Ok(key) => key,
            Err(_) => parse_rsa_private_key(text)
                .map(|key| key.to_public_key())
                .map_err(|_| {
                    VerificationError::malformed(
                        "the key registered for this access key ID is not an RSA key",
                    )
                })?,
        };
        return Ok(rsa_verify(&key, string_to_sign.as_bytes(), &received));
    }
    // HMAC-SHA256 and HMAC-SM3 both give 32 bytes: decoded on the stack.
    let mut decoded = [0_u8; 32];
    if hex::decode_to_slice(received, &mut decoded).is_err() {
        return Ok(false);
    }
    let expected =
        v3_sign(algorithm, secret, string_to_sign).map_err(VerificationError::malformed)?;
    Ok(bool::from(expected.as_slice().ct_eq(decoded.as_slice())))
}
