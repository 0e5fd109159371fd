//! The emulator's errors: building it, its state file, and the service errors it answers
//! with.

use std::borrow::Cow;
use std::io;
use std::path::PathBuf;

use acs_protocol::ErrorCode;
use http::{HeaderName, HeaderValue, StatusCode};

/// Why an [`Emulator`](crate::Emulator) could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No access key was configured, so no request could ever verify.
    #[error("access_key is required: configure at least one access key ID and secret")]
    NoAccessKey,
    /// An access key ID is empty or not a visible ASCII token.
    #[error("access key ID `{id}` is invalid; expected non-empty visible ASCII without `,` or `:`")]
    InvalidAccessKeyId {
        /// The ID given.
        id: String,
    },
    /// A directory ID is empty.
    #[error("directory ID `{id}` is invalid; expected a non-empty ID such as d-00fc2p61****")]
    InvalidDirectoryId {
        /// The ID given.
        id: String,
    },
    /// An account ID is not 16 digits.
    #[error("account ID `{id}` is invalid; expected 16 digits such as 1234567890123456")]
    InvalidAccountId {
        /// The ID given.
        id: String,
    },
    /// The seed document or the initial directories do not fit the emulator's tables.
    #[error("the initial state cannot be applied: {reason}")]
    Seed {
        /// Why.
        reason: String,
    },
    /// The state file could not be read or written.
    #[error(transparent)]
    State(#[from] StateError),
    /// A role or OIDC provider of STS cannot be used.
    #[error(transparent)]
    Sts(#[from] crate::StsConfigError),
}

/// A state file that cannot be read, is not ours, or cannot be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// The file exists but could not be read.
    #[error("cannot read state file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The file is not a state file this version reads; it is left as it is.
    #[error(
        "state file {} is refused: {reason}; expected a SQLite state database or a JSON \
         state file written by cloudsso serve (it was left untouched: move it away to start \
         afresh)",
        path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The file was written by a newer emulator (a schema this version does not know).
    #[error(
        "state file {} has schema version {version}, newer than this emulator's \
         {supported}; use a newer cloudsso (the file was left untouched)",
        path.display()
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        version: u32,
        /// The newest this build reads.
        supported: u32,
    },
    /// SQLite failed to open, read or write the database.
    #[error("state database {}: {source}", path.display())]
    Database {
        /// The file.
        path: PathBuf,
        /// SQLite's error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A JSON state file could not be imported.
    #[error("cannot import state file {}: {reason}", path.display())]
    Import {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A row could not be serialized.
    #[error("a row could not be serialized: {reason}")]
    Encode {
        /// Why.
        reason: String,
    },
    /// The tables the families declare do not make a valid schema (a bug of the emulator).
    #[error("the emulator's tables are invalid: {reason}")]
    Schema {
        /// Why.
        reason: String,
    },
}

/// A service error on its way to the client: code, status, message and extra headers.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) code: Cow<'static, str>,
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
}

impl Failure {
    pub(crate) fn new(
        code: impl Into<Cow<'static, str>>,
        status: StatusCode,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            status,
            message: message.into(),
            headers: Vec::new(),
        }
    }

    /// A documented gateway error with its own message.
    pub(crate) fn documented(code: ErrorCode) -> Self {
        Self::with_message(code, code.message)
    }

    /// A documented gateway error with a more specific message.
    pub(crate) fn with_message(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(
            code.code,
            StatusCode::from_u16(code.http_status).unwrap_or(StatusCode::BAD_REQUEST),
            message,
        )
    }

    pub(crate) fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }
}
