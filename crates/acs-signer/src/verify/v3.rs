//! Verifying V3: read the `Authorization` header, rebuild the canonical request from what
//! the client says it signed, and compare.

use std::borrow::Cow;
use std::time::SystemTime;

use http::HeaderMap;

use acs_protocol::{Secret, SignatureVersion, SigningAlgorithm};
use subtle::ConstantTimeEq as _;

use crate::crypto::{parse_rsa_private_key, parse_rsa_public_key, rsa_verify, v3_sign};
use crate::output::{part, span};
use crate::parameters::{Names, names_need_encoding, query_pairs};
use crate::request::{SignableBody, SignableRequest};
use crate::v3::authorization;
use crate::v3::canonical_request::{
    self, CanonicalHeader, canonical_value, must_be_signed, trim_value,
};
use crate::v3::sign::hashed_payload;
use crate::v3::string_to_sign;
use crate::v3::{
    X_ACS_ACTION, X_ACS_CONTENT_SHA256, X_ACS_DATE, X_ACS_SECURITY_TOKEN, X_ACS_SIGNATURE_NONCE,
    X_ACS_VERSION,
};
use crate::verify::{KeyLookup, VerificationError, Verified, check_time, remember_nonce};

const EXPECTED_ALGORITHMS: &str = "ACS3-HMAC-SHA256, ACS3-HMAC-SM3 or ACS3-RSA-SHA256";

pub(crate) fn verify<'a>(
    request: &SignableRequest<'a>,
    keys: &impl KeyLookup,
    now: SystemTime,
    replay: &crate::verify::ReplayStore,
) -> Result<Verified<'a>, VerificationError> {
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
    let secret =
        keys.secret_ref(access_key_id)
            .ok_or_else(|| VerificationError::UnknownAccessKey {
                access_key_id: access_key_id.to_owned(),
            })?;

    let header_text = |name: &http::HeaderName| -> Result<Option<&'a str>, VerificationError> {
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
    let mut canonical_headers: Vec<CanonicalHeader<'a>> = parsed
        .signed_headers
        .split(';')
        .map(str::trim_ascii)
        .filter(|n| !n.is_empty())
        .map(|name| CanonicalHeader {
            name,
            value: Cow::Borrowed(""),
        })
        .collect();
    canonical_headers.sort_unstable_by(|a, b| a.name.cmp(b.name));
    canonical_headers.dedup_by(|a, b| a.name == b.name);
    let signed = |name: &str| canonical_headers.binary_search_by(|h| h.name.cmp(name));
    if canonical_headers
        .iter()
        .any(|h| h.name.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(VerificationError::incomplete(format!(
            "SignedHeaders `{}` must name headers in lower case",
            parsed.signed_headers
        )));
    }
    for name in headers.keys() {
        let name = name.as_str();
        if must_be_signed(name) && signed(name).is_err() {
            return Err(VerificationError::incomplete(format!(
                "header `{name}` is sent but not in SignedHeaders `{}`",
                parsed.signed_headers
            )));
        }
    }
    if signed("host").is_err() {
        return Err(VerificationError::incomplete(format!(
            "SignedHeaders `{}` does not include `host`",
            parsed.signed_headers
        )));
    }
    fill_values(headers, &mut canonical_headers)?;

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
    // The canonical request and the string to sign, in one buffer; the string to sign is
    // its end.
    let mut text = String::new();
    let mut canonical_string_to_sign = |names| {
        text.clear();
        let canonical = canonical_request::write(
            &mut text,
            request.method().as_str(),
            request.uri().path(),
            &mut query,
            &mut canonical_headers,
            &payload,
            names,
        )
        .map_err(VerificationError::malformed)?;
        let string_to_sign = span(&mut text, |text| {
            string_to_sign::write(text, algorithm, canonical.whole.clone());
        });
        let matches = signature_matches(
            algorithm,
            &secret,
            part(&text, string_to_sign.clone()),
            parsed.signature,
        )?;
        // The string to sign goes into the error when it does not match.
        Ok::<_, VerificationError>(match matches {
            true => Ok(()),
            false => Err(part(&text, string_to_sign).to_owned()),
        })
    };
    if let Err(string_to_sign) = canonical_string_to_sign(Names::Encoded)? {
        // The Python SDK leaves names unencoded in its canonical query; for names that
        // need encoding (no real API has one) its signature is over that form.
        let accepted = names_differ && canonical_string_to_sign(Names::Raw)?.is_ok();
        if !accepted {
            return Err(VerificationError::SignatureMismatch { string_to_sign });
        }
    }

    remember_nonce(replay, access_key_id, nonce, time, now)?;
    let borrowed = |name| header_text(name).map(|v| v.map(Cow::Borrowed));
    Ok(Verified {
        access_key_id: Cow::Borrowed(access_key_id),
        algorithm,
        time,
        nonce: Cow::Borrowed(nonce),
        action: borrowed(&X_ACS_ACTION)?,
        version: borrowed(&X_ACS_VERSION)?,
        security_token: header_text(&X_ACS_SECURITY_TOKEN)?.map(Secret::new),
    })
}

/// Gives each of the signed headers (sorted, distinct) its canonical value, in one pass over
/// the map; a header sent several times (rare) has its values joined by [`canonical_value`],
/// and a signed header that was not sent keeps the empty value.
fn fill_values<'a>(
    headers: &'a HeaderMap,
    signed: &mut [CanonicalHeader<'a>],
) -> Result<(), VerificationError> {
    // The map yields the values of one name one after another.
    let mut previous = None;
    for (name, value) in headers {
        let Ok(i) = signed.binary_search_by(|h| h.name.cmp(name.as_str())) else {
            continue;
        };
        signed[i].value = if previous == Some(i) {
            canonical_value(headers, name.as_str()).map_err(VerificationError::malformed)?
        } else {
            let text = value.to_str().map_err(|_| {
                VerificationError::malformed(format!("header `{name}` is not text"))
            })?;
            Cow::Borrowed(trim_value(text))
        };
        previous = Some(i);
    }
    Ok(())
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
    Ok(bool::from(expected.as_ref().ct_eq(decoded.as_slice())))
}
