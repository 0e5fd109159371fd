//! Step 3 of V3 and the whole: sign the string to sign, and the signer that adds the
//! `x-acs-*` headers and `Authorization`.

use std::borrow::Cow;
use std::ops::Range;

use bytes::Bytes;

use acs_protocol::{Credentials, SigningAlgorithm};
use http::{HeaderName, HeaderValue};

use crate::crypto::{push_hex, to_hex, v3_hash, v3_sign};
use crate::error::SigningError;
use crate::output::{SigningInstructions, SigningOutput, part, span};
use crate::parameters::{QueryForm, query_pairs};
use crate::request::{SignableBody, SignableRequest};
use crate::signing_params::{SignedHeaders, SigningParams};
use crate::time::SigningTime;
use crate::v3::canonical_request::{self, CanonicalHeader, collect_headers, trim_value};
use crate::v3::{
    V3Signature, X_ACS_ACCESSKEY_ID, X_ACS_ACTION, X_ACS_CONTENT_SHA256, X_ACS_DATE,
    X_ACS_SECURITY_TOKEN, X_ACS_SIGNATURE_NONCE, X_ACS_VERSION,
};
use crate::v3::{authorization, string_to_sign};

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

/// Where each step is in the text a V3 signature was written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Steps {
    pub(crate) canonical_request: Range<usize>,
    pub(crate) string_to_sign: Range<usize>,
    pub(crate) signature: Range<usize>,
    pub(crate) authorization: Range<usize>,
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
    signature(request, algorithm, credentials, &mut headers, &payload)
}

/// The shared core: the canonical request, the string to sign, the signature and the
/// `Authorization` value, written one after another into one text.
fn signature(
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
    let mut text = String::new();
    let canonical = canonical_request::write(
        &mut text,
        request.method().as_str(),
        request.uri().path(),
        &mut query,
        headers,
        payload,
        QueryForm::PUBLISHED,
    )?;
    let string_to_sign = span(&mut text, |text| {
        string_to_sign::write(text, algorithm, canonical.whole.clone());
    });
    let signature_bytes = v3_sign(
        algorithm,
        credentials.access_key_secret(),
        part(&text, string_to_sign.clone()),
    )?;
    let signature = span(&mut text, |text| push_hex(text, signature_bytes.as_ref()));
    let authorization = span(&mut text, |text| {
        authorization::write(
            text,
            algorithm.as_str(),
            credentials.access_key_id(),
            headers,
            signature.clone(),
        );
    });
    let steps = Steps {
        canonical_request: canonical.whole,
        string_to_sign,
        signature,
        authorization,
    };
    Ok(V3Signature { text, steps })
}

/// Whether `http` takes `value` as a header value: visible ASCII, spaces, tabs and
/// non-ASCII bytes (`HeaderValue::from_bytes`'s rule).
fn is_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// A header the signer adds: its name, what its value is (for errors), and where the value
/// is in the shared buffer.
struct Added {
    name: HeaderName,
    field: &'static str,
    range: Range<usize>,
    /// The security token: marked sensitive, and never in an error.
    secret: bool,
}

/// The values of the headers the signer adds, written one after another into one buffer that
/// every `HeaderValue` then shares: one allocation for all of them, and cloning them into the
/// request costs a reference count.
struct AddedHeaders {
    values: String,
    added: Vec<Added>,
}

impl AddedHeaders {
    fn with_capacity(headers: usize, text: usize) -> Self {
        Self {
            values: String::with_capacity(text),
            added: Vec::with_capacity(headers),
        }
    }

    /// Adds header `name` with the value `write` writes; `field` names it in errors.
    fn add_with(&mut self, name: HeaderName, field: &'static str, write: impl FnOnce(&mut String)) {
        let range = span(&mut self.values, write);
        self.added.push(Added {
            name,
            field,
            range,
            secret: false,
        });
    }

    fn add(&mut self, name: HeaderName, field: &'static str, value: &str) {
        self.add_with(name, field, |out| out.push_str(value));
    }

    fn add_secret(&mut self, name: HeaderName, field: &'static str, value: &str) {
        self.add(name, field, value);
        if let Some(added) = self.added.last_mut() {
            added.secret = true;
        }
    }

    fn value(&self, header: &Added) -> &str {
        part(&self.values, header.range.clone())
    }

    /// Whether the signer sets header `name`.
    fn sets(&self, name: &str) -> bool {
        self.added.iter().any(|header| header.name.as_str() == name)
    }

    /// The headers as they enter the canonical request.
    fn canonical(&self) -> impl Iterator<Item = CanonicalHeader<'_>> {
        self.added.iter().map(|header| CanonicalHeader {
            name: header.name.as_str(),
            value: Cow::Borrowed(trim_value(self.value(header))),
        })
    }

    /// The header values, sharing one buffer; the security token's is marked sensitive.
    /// `http` checks each value here, and the first it refuses is the error.
    fn into_instructions(self) -> Result<Vec<(HeaderName, HeaderValue)>, SigningError> {
        let shared = Bytes::from(self.values);
        let mut instructions = Vec::with_capacity(self.added.len());
        for header in self.added {
            let range = header.range;
            let mut value =
                HeaderValue::from_maybe_shared(shared.slice(range.clone())).map_err(|_| {
                    match header.secret {
                        true => SigningError::InvalidSecurityToken,
                        false => SigningError::InvalidHeaderValue {
                            field: header.field,
                            value: String::from_utf8_lossy(&shared[range]).into_owned(),
                        },
                    }
                })?;
            value.set_sensitive(header.secret);
            instructions.push((header.name, value));
        }
        Ok(instructions)
    }
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
    let payload = hashed_payload(algorithm, request.body());
    let host = match request.headers().contains_key(http::header::HOST) {
        true => None,
        false => Some(request.host().ok_or(SigningError::MissingHost)?),
    };

    let id = credentials.access_key_id();
    let token = credentials.security_token().map(|token| token.expose());
    // Room for the values and the `Authorization` that follows them.
    const AUTHORIZATION: usize = 256;
    let mut added = AddedHeaders::with_capacity(
        9,
        params.action.len()
            + params.version.len()
            + 20
            + nonce.len()
            + payload.len()
            + host.map_or(0, str::len)
            + token.map_or(0, |token| id.len() + token.len())
            + AUTHORIZATION,
    );
    added.add(X_ACS_ACTION, "action", params.action);
    added.add(X_ACS_VERSION, "version", params.version);
    added.add_with(X_ACS_DATE, "date", |out| time.write_to(out));
    added.add(X_ACS_SIGNATURE_NONCE, "signature nonce", nonce);
    added.add(X_ACS_CONTENT_SHA256, "content hash", &payload);
    if let Some(token) = token {
        added.add(X_ACS_ACCESSKEY_ID, "access key ID", id);
        added.add_secret(X_ACS_SECURITY_TOKEN, "security token", token);
    }
    if let Some(host) = host {
        added.add(http::header::HOST, "host", host);
    }
    // The values are checked as they become `HeaderValue`s, at the end; the access key ID
    // here, as it goes into `Authorization` and would not be named there.
    if !is_header_value(id) {
        return Err(SigningError::InvalidHeaderValue {
            field: "access key ID",
            value: id.to_owned(),
        });
    }

    let selection = params.settings.signed_headers;
    let mut headers = collect_headers(request.headers(), selection, |name| added.sets(name))?;
    headers.extend(added.canonical());

    let V3Signature { mut text, steps } =
        signature(request, algorithm, credentials, &mut headers, &payload)?;
    drop(headers);
    let nonce = span(&mut text, |text| text.push_str(nonce));
    added.add(
        http::header::AUTHORIZATION,
        "authorization",
        part(&text, steps.authorization.clone()),
    );
    Ok(SigningOutput {
        algorithm,
        time,
        has_security_token: token.is_some(),
        text,
        nonce,
        canonical_request: steps.canonical_request,
        string_to_sign: steps.string_to_sign,
        signature: steps.signature,
        authorization: Some(steps.authorization),
        instructions: SigningInstructions::with_headers(added.into_instructions()?),
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

    #[test]
    fn a_value_http_refuses_is_named_and_a_token_is_not_shown() {
        let sign_with = |credentials: &Credentials, action: &str| {
            let params = SigningParams::builder()
                .credentials(credentials)
                .action(action)
                .version("2021-05-15")
                .nonce("n")
                .build()
                .unwrap();
            let request = http::Request::post("https://example.com/")
                .body(Vec::new())
                .unwrap();
            crate::signing_output(&SignableRequest::from_request(&request), &params)
        };
        let plain = Credentials::new("id", "secret");
        let error = sign_with(&plain, "Bad\nAction").unwrap_err();
        assert!(
            matches!(
                &error,
                SigningError::InvalidHeaderValue { field: "action", value } if value == "Bad\nAction"
            ),
            "{error:?}"
        );
        let sts = Credentials::new("id", "secret").with_security_token("s3cr3t\nt0ken");
        let error = sign_with(&sts, "GetMFAAuthenticationSettingInfo").unwrap_err();
        assert!(
            matches!(error, SigningError::InvalidSecurityToken),
            "{error:?}"
        );
        assert!(!error.to_string().contains("s3cr3t") && !format!("{error:?}").contains("s3cr3t"));
    }
}
