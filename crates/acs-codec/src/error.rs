//! The codec's errors. Each names the field or element at fault, what was found there and
//! what was expected, so that the message alone says what to fix.

use std::borrow::Cow;

use acs_protocol::{ErrorCode, Format};
use http::StatusCode;

use crate::limits::LimitError;
use crate::service_error::{ServiceError, ServiceErrorBody};

/// A body that does not decode into the type expected of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// The body went past a limit.
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// The body is not UTF-8.
    #[error("body is not UTF-8 (invalid byte at offset {offset}); expected UTF-8 {format}")]
    NotUtf8 {
        /// The format the body was read as.
        format: Format,
        /// The offset of the first invalid byte.
        offset: usize,
    },
    /// Neither the `content-type` nor the body's first byte says JSON or XML.
    #[error(
        "body format unknown: content-type `{content_type}`, body starting `{starts_with}`; expected JSON or XML"
    )]
    UnknownFormat {
        /// The `content-type`, empty when absent.
        content_type: String,
        /// The first bytes of the body, lossily as text.
        starts_with: String,
    },
    /// The body is not well-formed JSON or XML.
    #[error("{format} body is not well-formed: {message}")]
    Syntax {
        /// The format.
        format: Format,
        /// The parser's message with its position.
        message: String,
    },
    /// An XML element is not what the operation's description says.
    #[error("element <{element}>: found {found}, expected {expected}")]
    Element {
        /// The element's name (its path from the root's child, `A/B`).
        element: String,
        /// What was there.
        found: String,
        /// What the description says belongs there.
        expected: String,
    },
    /// A field's value does not fit the field's type.
    #[error("field `{field}`: {message}")]
    Field {
        /// The field's path, `A.B[0]`; empty for the body as a whole.
        field: String,
        /// What was found and what was expected.
        message: String,
    },
}

impl From<crate::tracked::PathError> for BodyError {
    fn from(error: crate::tracked::PathError) -> Self {
        Self::Field {
            field: error.path_text(),
            message: error.message,
        }
    }
}

/// Why a response could not be decoded into the operation's success response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The service answered with an error (any status but 2xx).
    #[error(transparent)]
    Service(Box<ServiceError>),
    /// The service answered 2xx with a body that is not the operation's response.
    #[error("{action} response: {source}")]
    Body {
        /// The operation's action.
        action: &'static str,
        /// What is wrong with the body.
        source: BodyError,
    },
}

impl ResponseError {
    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(error) => Some(error),
            Self::Body { .. } => None,
        }
    }
}

/// Why a request or a response could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The endpoint is not a scheme and host (with an optional port) and the root path.
    #[error(
        "endpoint `{endpoint}`: {reason}; expected a host such as `cloudsso.cn-shanghai.aliyuncs.com` or `https://host[:port]`"
    )]
    Endpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The value's serde form is not an object of wire names (a model type's bug).
    #[error("{action}: {what} serializes as {found}; expected an object of wire names")]
    NotAnObject {
        /// The operation's action.
        action: &'static str,
        /// `request` or `response`.
        what: &'static str,
        /// What it serialized as, or serde's message.
        found: String,
    },
    /// The `http` crate rejected a part of the message.
    #[error("{action}: cannot build the HTTP message: {message}")]
    Http {
        /// The operation's action.
        action: &'static str,
        /// The `http` crate's message.
        message: String,
    },
}

/// Why a server cannot turn an HTTP request into a typed operation request.
///
/// Each variant maps to the code, status and message the service answers with
/// ([`RequestError::code`], [`RequestError::status`], [`RequestError::to_error_body`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The method is neither `GET` nor `POST` (`UnsupportedHTTPMethod`, 400).
    #[error("HTTP method `{method}` is not supported; expected GET or POST")]
    UnsupportedMethod {
        /// The method received.
        method: String,
    },
    /// Neither an `Action` parameter nor an `x-acs-action` header (`MissingAction`, 400).
    #[error(
        "the request names no action; expected an `Action` parameter or an `x-acs-action` header"
    )]
    MissingAction,
    /// The action is not an operation of the model (`InvalidAction.NotFound`, 404).
    #[error(
        "action `{action}` is not an operation of this API version; expected an action such as SetMFAAuthenticationStatus"
    )]
    UnknownAction {
        /// The action received.
        action: String,
    },
    /// A required parameter is absent (`Missing{Name}`, 400).
    #[error("parameter {name} is missing; {action} requires it")]
    MissingParameter {
        /// The operation's action.
        action: &'static str,
        /// The parameter's wire name.
        name: &'static str,
    },
    /// A parameter's value is outside its type or its documented values (`Invalid{Name}`, 400).
    #[error("parameter {key} is `{value}`; expected {expected}")]
    InvalidParameter {
        /// The parameter's wire name (of the top-level parameter, for `Name.1.Key`).
        name: &'static str,
        /// The name as sent, e.g. `Tags.1.Key`.
        key: String,
        /// The value received, percent-decoded.
        value: String,
        /// What is allowed.
        expected: String,
    },
    /// The typed request refused the parameter values (`Invalid{Name}`, 400).
    #[error("parameter {name}: {message}")]
    Rejected {
        /// The parameter's wire name.
        name: &'static str,
        /// Why: what was found and what was expected.
        message: String,
    },
    /// A name or value is not UTF-8 once percent-decoded (`InvalidParameter`, 400).
    #[error(transparent)]
    Undecodable(#[from] acs_protocol::encoding::DecodeError),
    /// The form body is not UTF-8 (`InvalidParameter`, 400).
    #[error(
        "form body is not UTF-8 (invalid byte at offset {offset}); expected application/x-www-form-urlencoded ASCII"
    )]
    FormNotUtf8 {
        /// The offset of the first invalid byte.
        offset: usize,
    },
    /// The request went past a limit (`InvalidParameter`, 400).
    #[error(transparent)]
    Limit(#[from] LimitError),
}

impl RequestError {
    /// The `Code` the service answers with: `Missing{Name}`, `Invalid{Name}`,
    /// `InvalidAction.NotFound`, `UnsupportedHTTPMethod`, ...
    pub fn code(&self) -> Cow<'static, str> {
        match self {
            Self::UnsupportedMethod { .. } => ErrorCode::UNSUPPORTED_HTTP_METHOD.code.into(),
            Self::MissingAction => ErrorCode::MISSING_ACTION.code.into(),
            Self::UnknownAction { .. } => ErrorCode::INVALID_ACTION_NOT_FOUND.code.into(),
            Self::MissingParameter { name, .. } => format!("Missing{name}").into(),
            Self::InvalidParameter { name, .. } | Self::Rejected { name, .. } => {
                format!("Invalid{name}").into()
            }
            Self::Undecodable(_) | Self::FormNotUtf8 { .. } | Self::Limit(_) => {
                ErrorCode::INVALID_PARAMETER.code.into()
            }
        }
    }

    /// The HTTP status the service answers with.
    pub fn status(&self) -> StatusCode {
        let status = match self {
            Self::UnsupportedMethod { .. } => ErrorCode::UNSUPPORTED_HTTP_METHOD.http_status,
            Self::UnknownAction { .. } => ErrorCode::INVALID_ACTION_NOT_FOUND.http_status,
            Self::MissingAction => ErrorCode::MISSING_ACTION.http_status,
            Self::MissingParameter { .. } => ErrorCode::MISSING_PARAMETER.http_status,
            Self::InvalidParameter { .. }
            | Self::Rejected { .. }
            | Self::Undecodable(_)
            | Self::FormNotUtf8 { .. }
            | Self::Limit(_) => ErrorCode::INVALID_PARAMETER.http_status,
        };
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// The error envelope for this error: its code and, as the message, this error's
    /// `Display`. The caller adds the request ID and host ID.
    pub fn to_error_body(&self) -> ServiceErrorBody {
        ServiceErrorBody::new(self.code(), self.to_string())
    }
}

/// What a value that should serialize as a JSON object (of wire names) did instead.
#[derive(Debug)]
pub(crate) enum NotAnObject {
    /// It serialized as another JSON value.
    Other(serde_json::Value),
    /// Serializing failed.
    Failed(serde_json::Error),
}

impl std::fmt::Display for NotAnObject {
    /// The other value, or serde's message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Other(value) => write!(f, "{value}"),
            Self::Failed(error) => write!(f, "{error}"),
        }
    }
}

/// `value`'s serde form as a JSON object, or what it was instead.
pub(crate) fn to_object<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<serde_json::Map<String, serde_json::Value>, NotAnObject> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(members)) => Ok(members),
        Ok(other) => Err(NotAnObject::Other(other)),
        Err(error) => Err(NotAnObject::Failed(error)),
    }
}
