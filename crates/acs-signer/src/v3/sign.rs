//! Step 3 of V3 and the whole: sign the string to sign, and the signer that adds the
//! `x-acs-*` headers and `Authorization`.

use std::borrow::Cow;
use std::ops::Range;

use bytes::Bytes;

use acs_protocol::{Credentials, SigningAlgorithm};
use http::{HeaderName, HeaderValue};

use crate::crypto::{to_hex, v3_hash, v3_sign};
use crate::error::SigningError;
use crate::output::{SigningInstructions, SigningOutput};
use crate::parameters::query_pairs;
use crate::request::{SignableBody, SignableRequest};
use crate::signing_params::{SignedHeaders, SigningParams};
use crate::time::SigningTime;
use crate::v3::authorization::authorization;
use crate::v3::canonical_request::{self, CanonicalHeader, collect_headers, trim_value};
use crate::v3::string_to_sign::string_to_sign;
use crate::v3::{
    V3Signature, X_ACS_ACCESSKEY_ID, X_ACS_ACTION, X_ACS_CONTENT_SHA256, X_ACS_DATE,
    X_ACS_SECURITY_TOKEN, X_ACS_SIGNATURE_NONCE, X_ACS_VERSION,
};

/// SHA-256 of no bytes: the hashed payload of every RPC request the SDKs send.
pub(crate) const EMPTY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// SM3 of no bytes.
pub(crate) const EMPTY_SM3: &str =
    "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b";

/// The hashed payload: hex of the body's hash, or the precomputed value.
pub(crate) fn hashed_payload<'a>(
    algorithm: SigningAlgorithm,
    body: SignableBody<'a>,
) -> Cow<'a, str> {
    match body {
        // The common case, an empty body, needs no hashing.
        SignableBody::Bytes([]) if algorithm == SigningAlgorithm::Acs3HmacSm3 => {
            Cow::Borrowed(EMPTY_SM3)
        }
        SignableBody::Bytes([]) => Cow::Borrowed(EMPTY_SHA256),
        SignableBody::Bytes(bytes) => Cow::Owned(to_hex(&v3_hash(algorithm, bytes))),
        SignableBody::Precomputed(hash) => Cow::Borrowed(hash),
    }
}

/// Signs `request` exactly as it is: its own headers (per `selection`), its query, and the
/// body's hash. What the helper library's `getAuthorization` does.
pub(crate) fn sign_prepared(
    request: &SignableRequest<'_>,
    algorithm: SigningAlgorithm,
    credentials: &Credentials,
    selection: SignedHeaders,
) -> Result<V3Signature, SigningError> {
    let payload = hashed_payload(algorithm, request.body());
    let mut headers = collect_headers(request.headers(), selection, |_| false)?;
    sign_headers(request, algorithm, credentials, &mut headers, &payload)
}

/// The shared core: canonical request, string to sign, signature and `Authorization`.
fn sign_headers(
    request: &SignableRequest<'_>,
    algorithm: SigningAlgorithm,
    credentials: &Credentials,
    headers: &mut [CanonicalHeader<'_>],
    payload: &str,
) -> Result<V3Signature, SigningError> {
    if algorithm.signature_version() != acs_protocol::SignatureVersion::V3 {
        return Err(SigningError::UnsupportedAlgorithm(
            algorithm.as_str().to_owned(),
        ));
    }
    let mut query =
        query_pairs(request.uri()).map_err(|source| SigningError::InvalidQuery { source })?;
    let canonical = canonical_request::build(
        request.method().as_str(),
        request.uri().path(),
        &mut query,
        headers,
        payload,
    )?;
    let string_to_sign = string_to_sign(algorithm, &canonical.text);
    let signature_bytes = v3_sign(algorithm, credentials.access_key_secret(), &string_to_sign)?;
    let signature = to_hex(&signature_bytes);
    let authorization = authorization(
        algorithm.as_str(),
        credentials.access_key_id(),
        canonical.signed_headers(),
        &signature,
    );
    Ok(V3Signature {
        canonical_request: canonical.text,
        string_to_sign,
        signature,
        authorization,
    })
}

/// A header the signer adds: its name, what its value is (for errors), and where the value
/// is in the shared buffer.
struct Added {
    name: HeaderName,
    field: &'static str,
    range: Range<usize>,
}

/// Appends `value` to `buffer` as the value of header `name`.
fn add(
    buffer: &mut String,
    added: &mut Vec<Added>,
    name: HeaderName,
    field: &'static str,
    value: &str,
) {
    let start = buffer.len();
    buffer.push_str(value);
    added.push(Added {
        name,
        field,
        range: start..buffer.len(),
    });
}

/// Signs `request` the way the official SDKs send a V3 request: sets `host` (when absent),
/// `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
/// `x-acs-content-sha256`, with STS credentials `x-acs-accesskey-id` and
/// `x-acs-security-token`, and `Authorization`.
///
/// The added values are written into one buffer that every header value shares: one
/// allocation instead of one per header, and cloning them into the request costs a
/// reference count.
pub(crate) fn sign(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    time: SigningTime,
    nonce: &str,
) -> Result<SigningOutput, SigningError> {
    let algorithm = params.algorithm;
    let credentials = params.credentials;
    let payload = hashed_payload(algorithm, request.body());
    let host = match request.headers().contains_key(http::header::HOST) {
        true => None,
        false => Some(request.host().ok_or(SigningError::MissingHost)?),
    };

    let mut buffer = String::with_capacity(
        params.action.len()
            + params.version.len()
            + 20
            + nonce.len()
            + payload.len()
            + host.map_or(0, str::len)
            + credentials.security_token().map_or(0, |token| {
                credentials.access_key_id().len() + token.expose().len()
            }),
    );
    let mut added = Vec::with_capacity(8);
    add(
        &mut buffer,
        &mut added,
        X_ACS_ACTION,
        "action",
        params.action,
    );
    add(
        &mut buffer,
        &mut added,
        X_ACS_VERSION,
        "version",
        params.version,
    );
    let start = buffer.len();
    time.write_to(&mut buffer);
    added.push(Added {
        name: X_ACS_DATE,
        field: "date",
        range: start..buffer.len(),
    });
    add(
        &mut buffer,
        &mut added,
        X_ACS_SIGNATURE_NONCE,
        "signature nonce",
        nonce,
    );
    add(
        &mut buffer,
        &mut added,
        X_ACS_CONTENT_SHA256,
        "content hash",
        &payload,
    );
    if let Some(token) = credentials.security_token() {
        let id = credentials.access_key_id();
        add(
            &mut buffer,
            &mut added,
            X_ACS_ACCESSKEY_ID,
            "access key ID",
            id,
        );
        add(
            &mut buffer,
            &mut added,
            X_ACS_SECURITY_TOKEN,
            "security token",
            token.expose(),
        );
    }
    if let Some(host) = host {
        add(&mut buffer, &mut added, http::header::HOST, "host", host);
    }
    // The access key ID goes into `Authorization`; check it can.
    if HeaderValue::from_str(credentials.access_key_id()).is_err() {
        return Err(SigningError::InvalidHeaderValue {
            field: "access key ID",
            value: credentials.access_key_id().to_owned(),
        });
    }

    // Every value is checked as a header value before anything is computed.
    let shared = Bytes::from(buffer);
    let text = std::str::from_utf8(&shared).unwrap_or_default();
    let mut instructions: Vec<(HeaderName, HeaderValue)> = Vec::with_capacity(added.len() + 1);
    for header in &added {
        let mut value = HeaderValue::from_maybe_shared(shared.slice(header.range.clone()))
            .map_err(|_| {
                if header.name == X_ACS_SECURITY_TOKEN {
                    SigningError::InvalidSecurityToken
                } else {
                    SigningError::InvalidHeaderValue {
                        field: header.field,
                        value: text
                            .get(header.range.clone())
                            .unwrap_or_default()
                            .to_owned(),
                    }
                }
            })?;
        if header.name == X_ACS_SECURITY_TOKEN {
            value.set_sensitive(true);
        }
        instructions.push((header.name.clone(), value));
    }

    let selection = params.settings.signed_headers;
    let mut headers = collect_headers(request.headers(), selection, |name| {
        added.iter().any(|header| header.name.as_str() == name)
    })?;
    headers.extend(added.iter().map(|header| CanonicalHeader {
        name: header.name.as_str(),
        value: Cow::Borrowed(trim_value(
            text.get(header.range.clone()).unwrap_or_default(),
        )),
    }));

    let signed = sign_headers(request, algorithm, credentials, &mut headers, &payload)?;
    let authorization = HeaderValue::from_str(&signed.authorization).map_err(|_| {
        SigningError::InvalidHeaderValue {
            field: "authorization",
            value: signed.authorization.clone(),
        }
    })?;
    instructions.push((http::header::AUTHORIZATION, authorization));
    Ok(SigningOutput {
        algorithm,
        time,
        nonce: nonce.to_owned(),
        canonical_request: signed.canonical_request,
        string_to_sign: signed.string_to_sign,
        signature: signed.signature,
        authorization: Some(signed.authorization),
        has_security_token: credentials.security_token().is_some(),
        instructions: SigningInstructions::new(instructions, Vec::new()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_body_constants_are_the_hashes_of_no_bytes() {
        for algorithm in [
            SigningAlgorithm::Acs3HmacSha256,
            SigningAlgorithm::Acs3HmacSm3,
        ] {
            assert_eq!(
                hashed_payload(algorithm, SignableBody::Bytes(&[])),
                to_hex(&v3_hash(algorithm, &[]))
            );
        }
    }
}
