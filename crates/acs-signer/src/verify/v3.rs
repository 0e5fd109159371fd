//! Verifying V3: read the `Authorization` header, rebuild the canonical request from what
//! the client says it signed, and compare.

use std::borrow::Cow;
use std::time::SystemTime;

use http::HeaderMap;

use acs_protocol::{Secret, SignatureVersion, SigningAlgorithm};
use subtle::ConstantTimeEq as _;

use crate::crypto::{parse_rsa_private_key, parse_rsa_public_key, rsa_verify, v3_sign};
use crate::output::{part, span};
use crate::parameters::{
    Names, Order, Pair, QueryForm, names_need_encoding, orders_may_differ, query_pairs,
};
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
    // The canonical request and the string to sign, in one buffer; the string to sign is
    // its end.
    let mut text = String::new();
    let mut canonical_string_to_sign = |form, query: &mut [Pair<'a>]| {
        text.clear();
        let canonical = canonical_request::write(
            &mut text,
            request.method().as_str(),
            request.uri().path(),
            query,
            &mut canonical_headers,
            &payload,
            form,
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
    if let Err(string_to_sign) = canonical_string_to_sign(QueryForm::PUBLISHED, &mut query)? {
        // Whether the SDKs' forms of the canonical query can differ from the published one.
        let names_differ = names_need_encoding(&query);
        let orders_differ = orders_may_differ(&query);
        let mut accepted = false;
        for form in sdk_query_forms(names_differ, orders_differ) {
            if canonical_string_to_sign(form, &mut query)?.is_ok() {
                accepted = true;
                break;
            }
        }
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

/// The forms of the canonical query that the SDKs write where they differ from the
/// published one: names left unencoded (the V3 query of both the Python and the Node.js
/// SDK), in code point order (Python) or UTF-16 order (Node.js); and, for clients that encode
/// names, UTF-16 order. Each only where it can differ: no real API has such names.
fn sdk_query_forms(names_differ: bool, orders_differ: bool) -> impl Iterator<Item = QueryForm> {
    let form = |names, order| QueryForm { names, order };
    [
        (names_differ, form(Names::Raw, Order::CodePoint)),
        (
            names_differ && orders_differ,
            form(Names::Raw, Order::Utf16),
        ),
        (orders_differ, form(Names::Encoded, Order::Utf16)),
    ]
    .into_iter()
    .filter_map(|(applies, form)| applies.then_some(form))
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::time::{Duration, UNIX_EPOCH};

    use acs_protocol::Credentials;

    use super::*;
    use crate::crypto::to_hex;
    use crate::parameters::query_pairs;
    use crate::signing_params::{SignedHeaders, SigningParams};
    use crate::v3::canonical_request::collect_headers;
    use crate::verify::verify_once;

    /// The SDKs' forms of the canonical query (names unencoded; UTF-16 order) give other
    /// signatures when names need encoding and have a character past U+FFFF; each is
    /// accepted.
    #[test]
    fn the_sdks_query_forms_are_accepted() {
        let credentials = Credentials::new("id", "secret");
        let now = UNIX_EPOCH + Duration::from_secs(1_711_699_200);
        let params = SigningParams::builder()
            .credentials(&credentials)
            .action("GetMFAAuthenticationSettingInfo")
            .version("2021-05-15")
            .time(now)
            .nonce("n")
            .build()
            .unwrap();
        // `a` + U+10000 and `a` + U+E000: their order differs between UTF-8 and UTF-16.
        let uri = "https://example.com/?a%F0%90%80%80=1&a%EE%80%80=2";
        let mut signed = http::Request::post(uri).body(Vec::new()).unwrap();
        let output = crate::sign(&mut signed, &params).unwrap();
        let algorithm = SigningAlgorithm::Acs3HmacSha256;

        let signature_in = |form: QueryForm| {
            let mut headers =
                collect_headers(signed.headers(), SignedHeaders::Standard, |_| false).unwrap();
            let mut query = query_pairs(signed.uri()).unwrap();
            let payload = hashed_payload(algorithm, SignableBody::Bytes(&[]));
            let mut text = String::new();
            let canonical = canonical_request::write(
                &mut text,
                "POST",
                "/",
                &mut query,
                &mut headers,
                &payload,
                form,
            )
            .unwrap();
            let string_to_sign = span(&mut text, |text| {
                string_to_sign::write(text, algorithm, canonical.whole.clone());
            });
            let signature = v3_sign(
                algorithm,
                credentials.access_key_secret(),
                part(&text, string_to_sign),
            )
            .unwrap();
            to_hex(signature.as_ref())
        };
        assert_eq!(signature_in(QueryForm::PUBLISHED), output.signature());

        let keys = HashMap::from([("id".to_owned(), Secret::new("secret"))]);
        let authorization = output.authorization().unwrap();
        let verify_with = |signature: &str| {
            let mut request = signed.clone();
            let value = authorization.replace(output.signature(), signature);
            request
                .headers_mut()
                .insert(http::header::AUTHORIZATION, value.parse().unwrap());
            verify_once(&request, &keys, now)
        };
        verify_with(output.signature()).unwrap();
        let forms = sdk_query_forms(true, true).collect::<Vec<_>>();
        assert_eq!(forms.len(), 3);
        for form in forms {
            let signature = signature_in(form);
            assert_ne!(signature, output.signature(), "{form:?}");
            verify_with(&signature).unwrap_or_else(|e| panic!("{form:?}: {e}"));
        }
        let error = verify_with(&"0".repeat(64)).unwrap_err();
        assert_eq!(error.error_code().code, "SignatureDoesNotMatch");
    }
}
