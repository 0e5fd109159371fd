//! Why a received request was rejected, and the error code the service answers with.

use acs_protocol::ErrorCode;

use crate::time::ParseTimeError;

/// Why a received request's signature was not accepted.
///
/// Each variant maps to the gateway's error code with [`VerificationError::error_code`]. No
/// message contains a secret, a security token or the expected signature: only what the
/// client sent in the clear and what was expected of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerificationError {
    /// The request carries neither an `Authorization` header (V3) nor a `Signature`
    /// parameter (V2).
    #[error(
        "the request is not signed: expected an `Authorization` header (V3) or a `Signature` \
         parameter (V2)"
    )]
    NotSigned,

    /// A part of the signature is absent: an `Authorization` part, a required header or
    /// common parameter, or a header that must be signed is not.
    #[error("incomplete signature: {what}")]
    Incomplete {
        /// What is missing, in words, e.g. "header `x-acs-date` is not signed".
        what: String,
    },

    /// The algorithm, `SignatureMethod` or `SignatureVersion` names no scheme this verifier
    /// knows.
    #[error("{field} `{value}` is not supported; expected {expected}")]
    UnsupportedAlgorithm {
        /// Where it was read: `Authorization`, `SignatureMethod` or `SignatureVersion`.
        field: &'static str,
        /// The value received.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },

    /// No secret is known for the access key ID.
    #[error("access key ID `{access_key_id}` is not known")]
    UnknownAccessKey {
        /// The access key ID received.
        access_key_id: String,
    },

    /// The timestamp is not `YYYY-MM-DDTHH:MM:SSZ`.
    #[error("{field} is malformed")]
    TimestampFormat {
        /// `x-acs-date` or `Timestamp`.
        field: &'static str,
        /// What is wrong with it.
        #[source]
        source: ParseTimeError,
    },

    /// The timestamp is more than the window away from the verifier's clock.
    #[error(
        "{field} `{value}` is {skew_seconds} s from the server time; expected within \
         {window_seconds} s either way"
    )]
    TimestampExpired {
        /// `x-acs-date` or `Timestamp`.
        field: &'static str,
        /// The value received.
        value: String,
        /// How far it is from the server's clock, in seconds (negative: in the past).
        skew_seconds: i64,
        /// The accepted distance, in seconds.
        window_seconds: u64,
    },

    /// The nonce was already used by this access key within the window.
    #[error("signature nonce `{nonce}` was used already within the last {window_seconds} s")]
    NonceUsed {
        /// The nonce received.
        nonce: String,
        /// The window in which a nonce must be unique, in seconds.
        window_seconds: u64,
    },

    /// The body does not hash to the `x-acs-content-sha256` it came with.
    #[error(
        "x-acs-content-sha256 `{received}` does not match the body; expected the lower-case \
         hex {hash} of the body"
    )]
    ContentHashMismatch {
        /// The header's value.
        received: String,
        /// `SHA-256` or `SM3`.
        hash: &'static str,
    },

    /// The request's query, form body or path cannot be read as percent-encoded UTF-8, or a
    /// signed header is not text.
    #[error("the request cannot be canonicalized: {reason}")]
    Malformed {
        /// What could not be read.
        reason: String,
    },

    /// The signature does not match: the client's canonical request differs from the
    /// server's, or the secret differs.
    #[error(
        "the signature does not match; the string to sign the server computed is {string_to_sign:?}"
    )]
    SignatureMismatch {
        /// The string to sign the server computed, so a client can compare it with its own.
        /// It holds hashes and public values only.
        string_to_sign: String,
    },

    /// The replay store is full of live nonces and cannot remember another one.
    #[error("the replay store holds {capacity} live nonces, its limit; try again later")]
    ReplayStoreFull {
        /// The store's capacity.
        capacity: usize,
    },
}

impl VerificationError {
    /// The error code, HTTP status and message the service answers with.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Self::NotSigned | Self::Incomplete { .. } => ErrorCode::INCOMPLETE_SIGNATURE,
            Self::UnsupportedAlgorithm { .. } => ErrorCode::INVALID_SIGNATURE_METHOD,
            Self::UnknownAccessKey { .. } => ErrorCode::INVALID_ACCESS_KEY_ID_NOT_FOUND,
            Self::TimestampFormat { .. } => ErrorCode::INVALID_TIMESTAMP_FORMAT,
            Self::TimestampExpired { .. } => ErrorCode::INVALID_TIMESTAMP_EXPIRED,
            Self::NonceUsed { .. } => ErrorCode::SIGNATURE_NONCE_USED,
            Self::ContentHashMismatch { .. } | Self::SignatureMismatch { .. } => {
                ErrorCode::SIGNATURE_DOES_NOT_MATCH
            }
            Self::Malformed { .. } => ErrorCode::INVALID_PARAMETER,
            Self::ReplayStoreFull { .. } => ErrorCode::SERVICE_UNAVAILABLE,
        }
    }

    pub(crate) fn incomplete(what: impl Into<String>) -> Self {
        Self::Incomplete { what: what.into() }
    }

    pub(crate) fn malformed(reason: impl std::fmt::Display) -> Self {
        Self::Malformed {
            reason: reason.to_string(),
        }
    }
}
