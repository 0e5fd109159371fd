//! The error of a call, in the AWS SDK's shape: which of construction, timeout, dispatch,
//! response or service error happened, each with its cause.
//!
//! Each variant's `Display` says what happened and its direct cause, and `source()` goes on
//! from the cause's own source, so that [`DisplayErrorContext`] prints the whole chain with
//! nothing twice. No secret is in any of them: credentials errors name the provider, and
//! requests are never printed.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use acs_codec::ErrorKind;
use acs_protocol::ErrorCode;
use http::StatusCode;

use crate::credentials::CredentialsError;
use crate::endpoint::EndpointError;
use crate::http::HttpError;

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError {
    /// The request could not be made: no endpoint, no credentials, a request that does not
    /// encode or sign. Never retried.
    ConstructionFailure(ConstructionFailure),
    /// A timeout ran out: the operation's, an attempt's, connecting or reading.
    TimeoutError(TimeoutError),
    /// The request could not be sent or its answer not read: connection, TLS, proxy.
    DispatchFailure(DispatchFailure),
    /// The service answered success with a body that is not the operation's response.
    ResponseError(ResponseError),
    /// The service answered with an error.
    ServiceError(ServiceError),
    /// A paginated call stopped: the service repeated a `NextToken` (following it would
    /// loop forever), or there were more pages than allowed.
    PaginationError(acs_codec::PaginationError),
}

impl SdkError {
    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&ServiceError> {
        match self {
            Self::ServiceError(error) => Some(error),
            _ => None,
        }
    }

    /// The service error, if the service answered with one; the error back otherwise.
    pub fn into_service_error(self) -> Result<ServiceError, Self> {
        match self {
            Self::ServiceError(error) => Ok(error),
            other => Err(other),
        }
    }

    /// The service's error code, if the service answered with one.
    pub fn code(&self) -> Option<&str> {
        self.as_service_error().map(ServiceError::code)
    }

    /// The service's message, if the service answered with an error.
    pub fn message(&self) -> Option<&str> {
        self.as_service_error().map(ServiceError::message)
    }

    /// The request ID of the service's answer, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::ServiceError(error) => error.request_id(),
            _ => None,
        }
    }

    /// Whether a timeout ran out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::TimeoutError(_))
    }

    /// Whether the service refused the call for flow control (after any retries).
    pub fn is_throttling(&self) -> bool {
        self.as_service_error()
            .is_some_and(ServiceError::is_throttling)
    }
}

impl fmt::Display for SdkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(error) => error.fmt(f),
            Self::TimeoutError(error) => error.fmt(f),
            Self::DispatchFailure(error) => error.fmt(f),
            Self::ResponseError(error) => error.fmt(f),
            Self::ServiceError(error) => error.fmt(f),
            Self::PaginationError(error) => write!(f, "pagination stopped: {error}"),
        }
    }
}

impl StdError for SdkError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::ConstructionFailure(error) => error.source(),
            Self::TimeoutError(error) => error.source(),
            Self::DispatchFailure(error) => error.source(),
            Self::ResponseError(error) => error.source(),
            Self::ServiceError(error) => error.source(),
            Self::PaginationError(error) => error.source(),
        }
    }
}

/// What could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConstructionFailure {
    /// No usable endpoint.
    Endpoint(EndpointError),
    /// No credentials.
    Credentials(CredentialsError),
    /// The request does not encode.
    Encode(acs_codec::EncodeError),
    /// The request does not sign (e.g. an RSA secret that is no PEM key).
    Signing(acs_signer::SigningError),
    /// The request builder refused: a required field missing or a value invalid.
    Build(acs_model::BuildError),
    /// Something else: an operation of another product, a header that is not valid.
    Other(String),
}

/// A request builder's refusal (a fluent builder's `send()`) is a construction failure.
impl From<acs_model::BuildError> for SdkError {
    fn from(error: acs_model::BuildError) -> Self {
        Self::ConstructionFailure(ConstructionFailure::Build(error))
    }
}

impl ConstructionFailure {
    fn cause(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Endpoint(e) => Some(e),
            Self::Credentials(e) => Some(e),
            Self::Encode(e) => Some(e),
            Self::Signing(e) => Some(e),
            Self::Build(e) => Some(e),
            Self::Other(_) => None,
        }
    }

    /// The credentials error, if the provider gave none.
    pub fn as_credentials_error(&self) -> Option<&CredentialsError> {
        match self {
            Self::Credentials(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for ConstructionFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot make the request: ")?;
        match self {
            Self::Endpoint(e) => e.fmt(f),
            Self::Credentials(e) => write!(f, "no credentials: {e}"),
            Self::Encode(e) => e.fmt(f),
            Self::Signing(e) => write!(f, "signing failed: {e}"),
            Self::Build(e) => write!(f, "invalid request: {e}"),
            Self::Other(text) => f.write_str(text),
        }
    }
}

impl StdError for ConstructionFailure {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.cause().and_then(StdError::source)
    }
}

/// Which timeout ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// The whole call's.
    Operation,
    /// One attempt's.
    OperationAttempt,
    /// Making a connection.
    Connect,
    /// Reading the answer.
    Read,
}

/// A timeout that ran out.
#[derive(Debug)]
pub struct TimeoutError {
    kind: TimeoutKind,
    duration: Duration,
    attempts: u32,
    http: Option<HttpError>,
}

impl TimeoutError {
    pub(crate) fn new(kind: TimeoutKind, duration: Duration, attempts: u32) -> Self {
        Self {
            kind,
            duration,
            attempts,
            http: None,
        }
    }

    pub(crate) fn from_http(error: HttpError, duration: Duration, attempts: u32) -> Self {
        let kind = match error.kind() {
            crate::http::HttpErrorKind::ConnectTimeout => TimeoutKind::Connect,
            _ => TimeoutKind::Read,
        };
        Self {
            kind,
            duration,
            attempts,
            http: Some(error),
        }
    }

    /// Which timeout.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// Its length.
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// Attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Operation => "operation",
            TimeoutKind::OperationAttempt => "attempt",
            TimeoutKind::Connect => "connect",
            TimeoutKind::Read => "read",
        };
        write!(
            f,
            "timed out: {what} timeout of {:?} ran out (after {} attempt{})",
            self.duration,
            self.attempts,
            if self.attempts == 1 { "" } else { "s" }
        )?;
        if let Some(http) = &self.http {
            write!(f, ": {http}")?;
        }
        Ok(())
    }
}

impl StdError for TimeoutError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.http.as_ref().and_then(StdError::source)
    }
}

/// A request that could not be sent, or whose answer could not be read.
#[derive(Debug)]
pub struct DispatchFailure {
    http: HttpError,
    attempts: u32,
}

impl DispatchFailure {
    pub(crate) fn new(http: HttpError, attempts: u32) -> Self {
        Self { http, attempts }
    }

    /// The transport's error.
    pub fn as_http_error(&self) -> &HttpError {
        &self.http
    }

    /// Attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for DispatchFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dispatch failure: {}", self.http)?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl StdError for DispatchFailure {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.http.source()
    }
}

/// A success answer whose body is not the operation's response.
#[derive(Debug)]
pub struct ResponseError {
    status: StatusCode,
    request_id: Option<String>,
    error: acs_codec::ResponseError,
}

impl ResponseError {
    pub(crate) fn new(
        status: StatusCode,
        request_id: Option<String>,
        error: acs_codec::ResponseError,
    ) -> Self {
        Self {
            status,
            request_id,
            error,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The request ID from `x-acs-request-id`, if sent.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The codec's error.
    pub fn as_codec_error(&self) -> &acs_codec::ResponseError {
        &self.error
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "undecodable answer (HTTP {}): {}",
            self.status.as_u16(),
            self.error
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id: {id})")?;
        }
        Ok(())
    }
}

impl StdError for ResponseError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.error.source()
    }
}

/// `AccessDeniedDetail` of a refusal: which action was denied to whom, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccessDeniedDetail {
    /// `AuthAction`, e.g. `cloudsso:ListUsers`.
    pub auth_action: Option<String>,
    /// `AuthPrincipalDisplayName`.
    pub auth_principal_display_name: Option<String>,
    /// `AuthPrincipalOwnerId`.
    pub auth_principal_owner_id: Option<String>,
    /// `AuthPrincipalType`, e.g. `SubUser`.
    pub auth_principal_type: Option<String>,
    /// `EncodedDiagnosticMessage`.
    pub encoded_diagnostic_message: Option<String>,
    /// `NoPermissionType`, e.g. `ImplicitDeny`.
    pub no_permission_type: Option<String>,
    /// `PolicyType`, e.g. `AccountLevelIdentityBasedPolicy`.
    pub policy_type: Option<String>,
}

impl AccessDeniedDetail {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        // Sent as an object, or as an object's JSON text.
        let owned;
        let object = match value {
            serde_json::Value::Object(map) => map,
            serde_json::Value::String(text) => {
                owned = serde_json::from_str::<serde_json::Value>(text).ok()?;
                owned.as_object()?
            }
            _ => return None,
        };
        let text = |name: &str| {
            object.get(name).and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        Some(Self {
            auth_action: text("AuthAction"),
            auth_principal_display_name: text("AuthPrincipalDisplayName"),
            auth_principal_owner_id: text("AuthPrincipalOwnerId"),
            auth_principal_type: text("AuthPrincipalType"),
            encoded_diagnostic_message: text("EncodedDiagnosticMessage"),
            no_permission_type: text("NoPermissionType"),
            policy_type: text("PolicyType"),
        })
    }
}

/// The header in which the Python runtime's gateway asks for a wait, in milliseconds.
pub const RETRY_AFTER_HEADER: &str = "x-acs-retry-after";

/// An error the service answered with: HTTP status, code, message, request ID,
/// `AccessDeniedDetail`, and what it means for a retry.
#[derive(Clone, Debug)]
pub struct ServiceError {
    inner: Box<ServiceErrorInner>,
}

#[derive(Clone, Debug)]
struct ServiceErrorInner {
    error: acs_codec::ServiceError,
    access_denied_detail: Option<AccessDeniedDetail>,
    retry_after: Option<Duration>,
    attempts: u32,
}

impl ServiceError {
    /// Reads an error answer (any status but 2xx).
    pub fn from_response(response: &http::Response<bytes::Bytes>) -> Self {
        let error = acs_codec::ServiceError::from_response(response, &acs_codec::Limits::DEFAULT);
        let access_denied_detail = serde_json::from_slice::<serde_json::Value>(response.body())
            .ok()
            .and_then(|body| {
                body.get("AccessDeniedDetail")
                    .and_then(AccessDeniedDetail::from_json)
            });
        let asked = response
            .headers()
            .get(RETRY_AFTER_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_millis);
        let retry_after = match (asked, error.retry_after()) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        Self {
            inner: Box::new(ServiceErrorInner {
                error,
                access_denied_detail,
                retry_after,
                attempts: 1,
            }),
        }
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.inner.error.status()
    }

    /// `Code`, e.g. `EntityNotExists.Directory`; empty when the body had none.
    pub fn code(&self) -> &str {
        self.inner.error.code()
    }

    /// `Message`.
    pub fn message(&self) -> &str {
        self.inner.error.message()
    }

    /// `RequestId`, to quote to support.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.error.request_id()
    }

    /// `HostId`.
    pub fn host_id(&self) -> Option<&str> {
        self.inner.error.host_id()
    }

    /// `Recommend`: a troubleshooting URL.
    pub fn recommend(&self) -> Option<&str> {
        self.inner.error.recommend()
    }

    /// `AccessDeniedDetail`, sent with authorization refusals.
    pub fn access_denied_detail(&self) -> Option<&AccessDeniedDetail> {
        self.inner.access_denied_detail.as_ref()
    }

    /// The documented gateway code this is, if it is one (`SignatureDoesNotMatch`,
    /// `Throttling.User`, ...); product codes are the product crate's.
    pub fn error_code(&self) -> Option<ErrorCode> {
        ErrorCode::find(self.code())
    }

    /// Throttling, client or server, by code then status.
    pub fn kind(&self) -> ErrorKind {
        self.inner.error.kind()
    }

    /// Whether this is flow control: a `Throttling*` code, HTTP 429, or an
    /// `x-acs-retry-after` header.
    pub fn is_throttling(&self) -> bool {
        self.kind() == ErrorKind::Throttling || self.inner.retry_after.is_some()
    }

    /// Whether sending again may succeed: throttling and server errors.
    pub fn is_retryable(&self) -> bool {
        self.inner.error.is_retryable() || self.inner.retry_after.is_some()
    }

    /// The wait the service asked for (`x-acs-retry-after`, or `TimeLeft` of the rate-limit
    /// headers), the longer of them.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// Attempts made before giving up.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The codec's view of the error.
    pub fn as_codec_error(&self) -> &acs_codec::ServiceError {
        &self.inner.error
    }
}

impl fmt::Display for ServiceError {
    /// `EntityNotExists.Directory: The specified directory does not exist. (request id:
    /// 0A1B..., HTTP 404)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = if self.code().is_empty() {
            "(no code)"
        } else {
            self.code()
        };
        write!(f, "{code}: {}", self.message())?;
        match self.request_id() {
            Some(id) => write!(f, " (request id: {id}, HTTP {})", self.status().as_u16())?,
            None => write!(f, " (HTTP {})", self.status().as_u16())?,
        }
        if self.inner.attempts > 1 {
            write!(f, " after {} attempts", self.inner.attempts)?;
        }
        Ok(())
    }
}

impl StdError for ServiceError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .error
            .body_error()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// Displays an error and every `source()` after it, separated by `: `, as
/// `DisplayErrorContext` in the AWS SDK.
///
/// ```
/// use acs_client::DisplayErrorContext;
///
/// let error = std::io::Error::other("inner");
/// assert_eq!(DisplayErrorContext(&error).to_string(), "inner");
/// ```
#[derive(Debug)]
pub struct DisplayErrorContext<E>(pub E);

impl<E: StdError> fmt::Display for DisplayErrorContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(error) = next {
            write!(f, ": {error}")?;
            next = error.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<bytes::Bytes> {
        let mut builder = http::Response::builder()
            .status(status)
            .header("content-type", "application/json;charset=utf-8");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(bytes::Bytes::from(body.to_owned())).unwrap()
    }

    #[test]
    fn service_error_shows_code_message_and_request_id() {
        let error = ServiceError::from_response(&response(
            404,
            &[],
            r#"{"RequestId":"R-1","Code":"EntityNotExists.Directory","Message":"The directory does not exist."}"#,
        ));
        assert_eq!(
            error.to_string(),
            "EntityNotExists.Directory: The directory does not exist. (request id: R-1, HTTP 404)"
        );
        assert!(!error.is_retryable());
        assert_eq!(error.error_code(), None);
        let sdk = SdkError::ServiceError(error);
        assert_eq!(sdk.code(), Some("EntityNotExists.Directory"));
        assert_eq!(sdk.request_id(), Some("R-1"));
        assert!(sdk.into_service_error().is_ok());
    }

    #[test]
    fn retry_after_header_makes_any_error_throttling() {
        let error = ServiceError::from_response(&response(
            400,
            &[("x-acs-retry-after", "1500")],
            r#"{"Code":"Whatever","Message":"m"}"#,
        ));
        assert!(error.is_throttling() && error.is_retryable());
        assert_eq!(error.retry_after(), Some(Duration::from_millis(1500)));
        let limited = ServiceError::from_response(&response(
            400,
            &[("x-ratelimit-user-api", "Limit:1,Remain:0,TimeLeft:250")],
            r#"{"Code":"Throttling.User","Message":"m"}"#,
        ));
        assert_eq!(limited.retry_after(), Some(Duration::from_millis(250)));
        assert_eq!(limited.error_code(), Some(ErrorCode::THROTTLING_USER));
    }

    #[test]
    fn access_denied_detail_is_read() {
        let error = ServiceError::from_response(&response(
            403,
            &[],
            r#"{"Code":"NoPermission","Message":"m","AccessDeniedDetail":{"AuthAction":"cloudsso:ListUsers","PolicyType":"AccountLevelIdentityBasedPolicy","NoPermissionType":"ImplicitDeny","AuthPrincipalOwnerId":123}}"#,
        ));
        let detail = error.access_denied_detail().unwrap();
        assert_eq!(detail.auth_action.as_deref(), Some("cloudsso:ListUsers"));
        assert_eq!(detail.no_permission_type.as_deref(), Some("ImplicitDeny"));
        assert_eq!(detail.auth_principal_owner_id.as_deref(), Some("123"));
    }

    #[test]
    fn error_context_shows_the_chain_once() {
        let http = HttpError::other(
            crate::http::HttpErrorKind::Connect,
            "127.0.0.1:1",
            std::io::Error::other("refused"),
        );
        let error = SdkError::DispatchFailure(DispatchFailure::new(http, 1));
        assert_eq!(
            DisplayErrorContext(&error).to_string(),
            "dispatch failure: cannot connect to 127.0.0.1:1: refused"
        );
    }
}
