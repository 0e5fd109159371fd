//! The errors of the providers. None of them ever holds a secret: response bodies are not
//! copied into messages unless they are error bodies, and then only their code and message.

use std::path::PathBuf;

use http::StatusCode;

/// A configuration value that cannot be used: which file and field, the value, what was
/// expected. Secret fields never show their value.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: field `{field}` {problem}")]
pub struct ConfigError {
    /// The file or variable the value came from.
    pub source_name: String,
    /// The field.
    pub field: String,
    /// What is wrong, with the value where it is not secret.
    pub problem: String,
}

impl ConfigError {
    /// A value that does not fit.
    pub fn new(
        source_name: impl Into<String>,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        Self {
            source_name: source_name.into(),
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// A file that exists but cannot be read or parsed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub problem: String,
    /// The underlying error.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// An HTTP exchange with a credentials endpoint (STS, metadata, URI, CloudSSO) that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// The request could not be built (a bad URL, header value…).
    #[error("{endpoint}: cannot build the request: {problem}")]
    Request {
        /// The endpoint's name and address.
        endpoint: String,
        /// What is wrong.
        problem: String,
    },
    /// No response: connection refused, timeout, TLS…
    #[error("{endpoint}: no response")]
    Transport {
        /// The endpoint's name and address.
        endpoint: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An error status, with the service's code and message when the body has them.
    #[error(
        "{endpoint}: HTTP {status}{}{}{}",
        code.as_deref().map(|c| format!(", code {c}")).unwrap_or_default(),
        message.as_deref().map(|m| format!(": {m}")).unwrap_or_default(),
        request_id.as_deref().map(|r| format!(" (request id {r})")).unwrap_or_default()
    )]
    Status {
        /// The endpoint's name and address.
        endpoint: String,
        /// The HTTP status.
        status: StatusCode,
        /// `Code` of the error body.
        code: Option<String>,
        /// `Message` of the error body.
        message: Option<String>,
        /// `RequestId` of the error body.
        request_id: Option<String>,
    },
    /// A 2xx response whose body is not what the protocol says.
    #[error("{endpoint}: unexpected response: {problem}")]
    Response {
        /// The endpoint's name and address.
        endpoint: String,
        /// What is missing or wrong (never a secret value).
        problem: String,
    },
}
