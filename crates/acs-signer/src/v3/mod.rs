//! V3: `ACS3-HMAC-SHA256`, `ACS3-HMAC-SM3` and `ACS3-RSA-SHA256`, one module per step.
//!
//! 1. `canonical_request.rs`: method, canonical URI, canonical query, canonical headers,
//!    signed headers, hashed payload.
//! 2. `string_to_sign.rs`: the algorithm and the hex hash of the canonical request.
//! 3. `sign.rs`: HMAC or RSA over the string to sign, lower-case hex.
//! 4. `authorization.rs`: the `Authorization` header.
//!
//! [`crate::sign`] runs them all and adds the headers the SDKs send; [`sign_prepared`] signs
//! a request exactly as it is, as the helper library's `getAuthorization` does.

pub(crate) mod authorization;
pub(crate) mod canonical_request;
pub(crate) mod sign;
pub(crate) mod string_to_sign;

use acs_protocol::{Credentials, SigningAlgorithm};
use http::HeaderName;

use crate::error::SigningError;
use crate::output::part;
use crate::request::SignableRequest;
use crate::signing_params::SignedHeaders;

/// `x-acs-action`: the API action.
pub const X_ACS_ACTION: HeaderName = HeaderName::from_static("x-acs-action");
/// `x-acs-version`: the API version.
pub const X_ACS_VERSION: HeaderName = HeaderName::from_static("x-acs-version");
/// `x-acs-date`: the signing time, `YYYY-MM-DDTHH:MM:SSZ`.
pub const X_ACS_DATE: HeaderName = HeaderName::from_static("x-acs-date");
/// `x-acs-signature-nonce`: the nonce.
pub const X_ACS_SIGNATURE_NONCE: HeaderName = HeaderName::from_static("x-acs-signature-nonce");
/// `x-acs-content-sha256`: the hex hash of the body (SM3 for `ACS3-HMAC-SM3`).
pub const X_ACS_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-acs-content-sha256");
/// `x-acs-security-token`: the STS token.
pub const X_ACS_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-acs-security-token");
/// `x-acs-accesskey-id`: the access key ID, sent beside an STS token.
pub const X_ACS_ACCESSKEY_ID: HeaderName = HeaderName::from_static("x-acs-accesskey-id");

/// A V3 signature and the steps that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V3Signature {
    pub(crate) text: String,
    pub(crate) steps: sign::Steps,
}

impl V3Signature {
    /// The canonical request.
    pub fn canonical_request(&self) -> &str {
        part(&self.text, self.steps.canonical_request.clone())
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> &str {
        part(&self.text, self.steps.string_to_sign.clone())
    }

    /// The signature in lower-case hex.
    pub fn signature(&self) -> &str {
        part(&self.text, self.steps.signature.clone())
    }

    /// The `Authorization` header's value.
    pub fn authorization(&self) -> &str {
        part(&self.text, self.steps.authorization.clone())
    }
}

/// Signs `request` exactly as it is, adding nothing: its headers as `selection` picks them,
/// its query, and its body's hash (or the precomputed one) as the hashed payload.
///
/// For requests that already carry their `x-acs-*` headers, and for checking the helper
/// library's vectors. `algorithm` must be a V3 algorithm.
pub fn sign_prepared(
    request: &SignableRequest<'_>,
    algorithm: SigningAlgorithm,
    credentials: &Credentials,
    selection: SignedHeaders,
) -> Result<V3Signature, SigningError> {
    sign::sign_prepared(request, algorithm, credentials, selection)
}
