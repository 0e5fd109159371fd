use std::fmt;

/// A documented error code with the HTTP status and message the gateway answers it with.
///
/// The code is what clients key on (the published tables disagree on some statuses); the
/// constants here are the one place the project spells each code, for the verifier, the
/// emulator and the codec's classification alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorCode {
    /// The `Code` of the error body, e.g. `SignatureDoesNotMatch`.
    pub code: &'static str,
    /// The HTTP status the service answers with.
    pub http_status: u16,
    /// The service's message for it.
    pub message: &'static str,
}

impl ErrorCode {
    const fn new(code: &'static str, http_status: u16, message: &'static str) -> Self {
        Self {
            code,
            http_status,
            message,
        }
    }

    /// A required parameter is absent (the specific form is `Missing{Name}`).
    pub const MISSING_PARAMETER: Self = Self::new(
        "MissingParameter",
        400,
        "The input parameter that is mandatory for processing this request is not supplied.",
    );
    /// The request names no action (neither `x-acs-action` nor `Action`).
    pub const MISSING_ACTION: Self = Self::new(
        "MissingAction",
        400,
        "The input parameter Action that is mandatory for processing this request is not supplied.",
    );
    /// A parameter has a value outside its domain (the specific form is `Invalid{Name}`).
    pub const INVALID_PARAMETER: Self = Self::new(
        "InvalidParameter",
        400,
        "The specified parameter is not valid.",
    );
    /// The action is not an operation of the API version.
    pub const INVALID_ACTION_NOT_FOUND: Self = Self::new(
        "InvalidAction.NotFound",
        404,
        "Specified api is not found, please check your url and method.",
    );
    /// The access key ID is not known.
    pub const INVALID_ACCESS_KEY_ID_NOT_FOUND: Self = Self::new(
        "InvalidAccessKeyId.NotFound",
        404,
        "Specified access key is not found.",
    );
    /// The access key is disabled.
    pub const INVALID_ACCESS_KEY_ID_INACTIVE: Self = Self::new(
        "InvalidAccessKeyId.Inactive",
        400,
        "Specified access key is disabled.",
    );
    /// The timestamp or date is not `YYYY-MM-DDTHH:MM:SSZ`.
    pub const INVALID_TIMESTAMP_FORMAT: Self = Self::new(
        "InvalidTimeStamp.Format",
        400,
        "Specified time stamp or date value is not well formatted.",
    );
    /// The timestamp or date is more than 15 minutes from the server's clock.
    pub const INVALID_TIMESTAMP_EXPIRED: Self = Self::new(
        "InvalidTimeStamp.Expired",
        400,
        "Specified time stamp or date value is expired.",
    );
    /// The nonce was used within the time window.
    pub const SIGNATURE_NONCE_USED: Self = Self::new(
        "SignatureNonceUsed",
        400,
        "Specified signature nonce was used already.",
    );
    /// The signature differs from the server's.
    pub const SIGNATURE_DOES_NOT_MATCH: Self = Self::new(
        "SignatureDoesNotMatch",
        400,
        "Specified signature is not matched with our calculation.",
    );
    /// A part of the signature is missing, or a header that must be signed is not.
    pub const INCOMPLETE_SIGNATURE: Self = Self::new(
        "IncompleteSignature",
        400,
        "The request signature does not conform to Aliyun standards.",
    );
    /// The HTTP method is not one the API takes.
    pub const UNSUPPORTED_HTTP_METHOD: Self = Self::new(
        "UnsupportedHTTPMethod",
        400,
        "Specified http method is not supported.",
    );
    /// The signature algorithm, method or version is not one the service knows.
    pub const INVALID_SIGNATURE_METHOD: Self = Self::new(
        "InvalidSignatureMethod",
        400,
        "Specified signature method is not valid.",
    );
    /// Too many calls from this user.
    pub const THROTTLING_USER: Self = Self::new(
        "Throttling.User",
        400,
        "Request was denied due to user flow control.",
    );
    /// Too many calls to this API across all users.
    pub const THROTTLING_API: Self = Self::new(
        "Throttling.Api",
        400,
        "Request was denied due to api flow control.",
    );
    /// The service failed.
    pub const INTERNAL_ERROR: Self = Self::new(
        "InternalError",
        500,
        "The request processing has failed due to some unknown error, exception or failure.",
    );
    /// The service is unavailable for now.
    pub const SERVICE_UNAVAILABLE: Self = Self::new(
        "ServiceUnavailable",
        503,
        "The request has failed due to a temporary failure of the server.",
    );

    /// Every documented code above.
    pub const ALL: &'static [Self] = &[
        Self::MISSING_PARAMETER,
        Self::MISSING_ACTION,
        Self::INVALID_PARAMETER,
        Self::INVALID_ACTION_NOT_FOUND,
        Self::INVALID_ACCESS_KEY_ID_NOT_FOUND,
        Self::INVALID_ACCESS_KEY_ID_INACTIVE,
        Self::INVALID_TIMESTAMP_FORMAT,
        Self::INVALID_TIMESTAMP_EXPIRED,
        Self::SIGNATURE_NONCE_USED,
        Self::SIGNATURE_DOES_NOT_MATCH,
        Self::INCOMPLETE_SIGNATURE,
        Self::UNSUPPORTED_HTTP_METHOD,
        Self::INVALID_SIGNATURE_METHOD,
        Self::THROTTLING_USER,
        Self::THROTTLING_API,
        Self::INTERNAL_ERROR,
        Self::SERVICE_UNAVAILABLE,
    ];

    /// The documented code spelled `code`, if any.
    pub fn find(code: &str) -> Option<Self> {
        Self::ALL.iter().find(|known| known.code == code).copied()
    }

    /// Whether this is a flow-control code: `Throttling` or `Throttling.*` (the gateway
    /// answers them with 400, so the status alone does not tell).
    pub const fn is_throttling(&self) -> bool {
        is_throttling_code(self.code)
    }
}

/// Whether `code` is `Throttling` or `Throttling.*`.
const fn is_throttling_code(code: &str) -> bool {
    let code = code.as_bytes();
    let prefix = b"Throttling";
    if code.len() < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if code[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    code.len() == prefix.len() || code[prefix.len()] == b'.'
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}
