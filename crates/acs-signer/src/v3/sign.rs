//! Step 3 of V3 and the whole: sign the string to sign, and the signer that adds the
//! `x-acs-*` headers and `Authorization`.

use std::borrow::Cow;

use acs_protocol::{Credentials, SigningAlgorithm};
use http::{HeaderName, HeaderValue};

use crate::crypto::{push_hex, to_hex, v3_hash, v3_sign};
use crate::error::SigningError;
use crate::output::{SigningInstructions, SigningOutput};
use crate::parameters::query_pairs;
use crate::params::{SignedHeaders, SigningParams};
use crate::request::{SignableBody, SignableRequest};
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
    let mut signature = String::with_capacity(signature_bytes.len() * 2);
    push_hex(&mut signature, &signature_bytes);
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

fn header_value(field: &'static str, value: &str) -> Result<HeaderValue, SigningError> {
    HeaderValue::from_str(value).map_err(|_| SigningError::InvalidHeaderValue {
        field,
        value: value.to_owned(),
    })
}

/// Signs `request` the way the official SDKs send a V3 request: sets `host` (when absent),
/// `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
/// `x-acs-content-sha256`, with STS credentials `x-acs-accesskey-id` and
/// `x-acs-security-token`, and `Authorization`.
pub(crate) fn sign(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    time: SigningTime,
    nonce: &str,
) -> Result<SigningOutput, SigningError> {
    let algorithm = params.algorithm;
    let credentials = params.credentials;
    let mut date = String::with_capacity(20);
    time.write_to(&mut date);
    let payload = hashed_payload(algorithm, request.body());

    // Every value is checked as a header value before anything is computed.
    let mut added: Vec<(HeaderName, &str, HeaderValue)> = Vec::with_capacity(8);
    added.push((
        X_ACS_ACTION,
        params.action,
        header_value("action", params.action)?,
    ));
    added.push((
        X_ACS_VERSION,
        params.version,
        header_value("version", params.version)?,
    ));
    added.push((X_ACS_DATE, &date, header_value("date", &date)?));
    added.push((
        X_ACS_SIGNATURE_NONCE,
        nonce,
        header_value("signature nonce", nonce)?,
    ));
    added.push((
        X_ACS_CONTENT_SHA256,
        &payload,
        header_value("content hash", &payload)?,
    ));
    if let Some(token) = credentials.security_token() {
        added.push((
            X_ACS_ACCESSKEY_ID,
            credentials.access_key_id(),
            header_value("access key ID", credentials.access_key_id())?,
        ));
        let mut value = HeaderValue::from_str(token.expose())
            .map_err(|_| SigningError::InvalidSecurityToken)?;
        value.set_sensitive(true);
        added.push((X_ACS_SECURITY_TOKEN, token.expose(), value));
    }
    let has_host_header = request.headers().contains_key(http::header::HOST);
    if !has_host_header {
        let host = request.host().ok_or(SigningError::MissingHost)?;
        added.push((http::header::HOST, host, header_value("host", host)?));
    }
    // The access key ID goes into `Authorization`; check it can.
    if HeaderValue::from_str(credentials.access_key_id()).is_err() {
        return Err(SigningError::InvalidHeaderValue {
            field: "access key ID",
            value: credentials.access_key_id().to_owned(),
        });
    }

    let selection = params.settings.signed_headers;
    let mut headers = collect_headers(request.headers(), selection, |name| {
        added.iter().any(|(added, _, _)| added.as_str() == name)
    })?;
    headers.extend(added.iter().map(|(name, value, _)| CanonicalHeader {
        name: name.as_str(),
        value: Cow::Borrowed(trim_value(value)),
    }));

    let signed = sign_headers(request, algorithm, credentials, &mut headers, &payload)?;
    let authorization = HeaderValue::try_from(signed.authorization.clone()).map_err(|_| {
        SigningError::InvalidHeaderValue {
            field: "authorization",
            value: signed.authorization.clone(),
        }
    })?;

    let mut instructions: Vec<(HeaderName, HeaderValue)> = added
        .into_iter()
        .map(|(name, _, value)| (name, value))
        .collect();
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
