//! Errors of signing and of building signing parameters.
//!
//! No message ever contains the access key secret or the security token: errors name the
//! field and what was expected, and carry only values that travel in the clear anyway
//! (header names, the access key ID, the action, a query component).

use acs_protocol::encoding::DecodeError;

use crate::time::TimeOutOfRange;

/// Why a request could not be signed. Signing is atomic: after an error the request is as it
/// was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// The request names no host: neither a `host` header nor an authority in its URI.
    #[error(
        "host is required: the request has no `host` header and its URI has no authority; \
         expected e.g. https://cloudsso.cn-shanghai.aliyuncs.com/"
    )]
    MissingHost,

    /// A header that is signed has a value that is not UTF-8 text.
    #[error("header `{name}` is not UTF-8 text; expected a value of visible ASCII or UTF-8")]
    HeaderNotUtf8 {
        /// The header's name.
        name: String,
    },

    /// A value the signer sends as a header cannot be one (control characters, line breaks).
    #[error(
        "{field} `{value}` cannot be sent as an HTTP header value; expected visible text without line breaks"
    )]
    InvalidHeaderValue {
        /// What the value is, e.g. `action` or `access key ID`.
        field: &'static str,
        /// The value (never a secret: secrets get [`SigningError::InvalidSecurityToken`]).
        value: String,
    },

    /// The security token cannot be sent as a header value. The token is not shown.
    #[error(
        "the security token cannot be sent as an HTTP header value; expected visible text without line breaks"
    )]
    InvalidSecurityToken,

    /// The query string is not percent-encoded UTF-8.
    #[error("the query string of the request URI is not valid")]
    InvalidQuery {
        /// The component that failed.
        #[source]
        source: DecodeError,
    },

    /// The `application/x-www-form-urlencoded` body is not percent-encoded UTF-8.
    #[error("the form body of the request is not valid")]
    InvalidFormBody {
        /// The component that failed.
        #[source]
        source: DecodeError,
    },

    /// The URI path is not percent-encoded UTF-8.
    #[error("the path of the request URI is not valid")]
    InvalidPath {
        /// The segment that failed.
        #[source]
        source: DecodeError,
    },

    /// V2 signing needs the form body's parameters, but the body was given only as a hash.
    #[error(
        "V2 signing reads the parameters of a form body, but the body was given as a \
         precomputed hash; expected SignableBody::Bytes"
    )]
    FormBodyRequired,

    /// A V2 common parameter that the signer sets is already in the form body.
    #[error(
        "parameter `{name}` is in the form body, but the V2 signer sets it in the query; \
         expected it absent from the body"
    )]
    ReservedParameterInBody {
        /// The parameter's name, e.g. `Timestamp`.
        name: String,
    },

    /// The signing time cannot be written as a timestamp.
    #[error("the signing time is not usable")]
    Time(#[from] TimeOutOfRange),

    /// The operating system's random generator failed while drawing a nonce.
    #[error("could not draw a random signature nonce from the operating system")]
    Nonce {
        /// The generator's error.
        #[source]
        source: getrandom::Error,
    },

    /// For `ACS3-RSA-SHA256`: the access key secret is not an RSA private key.
    #[error("the access key secret is not usable as an RSA private key for ACS3-RSA-SHA256")]
    InvalidPrivateKey {
        /// What is wrong with it (never the key itself).
        #[source]
        source: KeyError,
    },

    /// The RSA signature failed.
    #[error("the RSA PKCS#1 v1.5 signature failed")]
    Rsa {
        /// The RSA implementation's error.
        #[source]
        source: rsa::signature::Error,
    },

    /// The signature version of the algorithm is not one this signer knows.
    #[error("algorithm `{0}` belongs to a signature version this signer does not implement")]
    UnsupportedAlgorithm(String),

    /// The signed URI could not be put together.
    #[error("the signed request URI could not be built")]
    InvalidUri {
        /// The `http` crate's error.
        #[source]
        source: http::Error,
    },
}

/// A key that is not an RSA key in a form this crate reads. Never contains key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The PEM armor or its base64 body is broken.
    #[error("the key is not PEM (or base64 DER) text")]
    NotPem,
    /// The PEM decodes, but not to a key of the expected kind.
    #[error("the key is not an RSA {expected} key")]
    WrongKind {
        /// What was expected: `PKCS#8 private` or `public`.
        expected: &'static str,
    },
}

/// A required field of [`SigningParams`](crate::SigningParams) was not set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The named field is required.
    #[error("{0} is required")]
    MissingField(&'static str),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn messages_say_what_was_expected() {
        assert_eq!(
            BuildError::MissingField("credentials").to_string(),
            "credentials is required"
        );
        assert!(
            SigningError::MissingHost
                .to_string()
                .contains("host is required")
        );
        let error = SigningError::HeaderNotUtf8 {
            name: "x-acs-test".into(),
        };
        assert!(error.to_string().contains("`x-acs-test`"));
    }

    #[test]
    fn sources_are_chained() {
        let error = SigningError::InvalidPrivateKey {
            source: KeyError::NotPem,
        };
        assert_eq!(
            error.source().map(ToString::to_string),
            Some("the key is not PEM (or base64 DER) text".to_owned())
        );
    }
}
