//! The CLI's errors and the exit code each one gives.

use std::process::ExitCode;

/// Why a command failed; each kind has its exit code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// A flag or argument is missing or has a bad value (exit 2). The message names it.
    #[error("{flag}: {message}")]
    Usage {
        /// The flag or argument at fault, e.g. `--format` or `ACTION`.
        flag: String,
        /// What is wrong and what is expected.
        message: String,
    },
    /// Input that cannot be used: a body that does not decode, an unreadable file (exit 2).
    #[error("{0}")]
    Input(String),
    /// The service answered with an error (exit 1); printed as code, message, request ID.
    #[error("{0}")]
    Service(Box<acs_codec::ServiceError>),
    /// The call could not be made or its answer not read (exit 1).
    #[error("{0}")]
    Transport(String),
    /// `demo` ran and some checks failed (exit 1).
    #[error("{failed} of {total} demo checks failed")]
    DemoFailed {
        /// Checks that failed.
        failed: usize,
        /// Checks run.
        total: usize,
    },
}

impl CliError {
    /// A usage error naming `flag`.
    pub fn usage(flag: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Usage {
            flag: flag.into(),
            message: message.into(),
        }
    }

    /// The client's error as the CLI's: a service error (exit 1) keeps its code, message and
    /// request ID; a request that cannot be made or an answer that cannot be read is input
    /// (exit 2); no answer is a transport error (exit 1), shown with its whole chain of
    /// causes.
    pub fn from_sdk(error: acs_client::SdkError) -> Self {
        use acs_client::{DisplayErrorContext, SdkError};
        match error {
            SdkError::ServiceError(service) => {
                Self::Service(Box::new(service.as_codec_error().clone()))
            }
            SdkError::ConstructionFailure(failure) => {
                Self::Input(DisplayErrorContext(&failure).to_string())
            }
            SdkError::ResponseError(failure) => {
                Self::Input(DisplayErrorContext(&failure).to_string())
            }
            SdkError::TimeoutError(timeout) => {
                Self::Transport(format!("{} (see --timeout)", DisplayErrorContext(&timeout)))
            }
            SdkError::DispatchFailure(failure) => {
                let unknown_issuer = failure.as_http_error().certificate_error()
                    == Some(&rustls::CertificateError::UnknownIssuer);
                let hint = if unknown_issuer {
                    " (no trusted root issued it: --ca-bundle FILE trusts the CA certificates \
                     of FILE instead of Mozilla's roots)"
                } else {
                    ""
                };
                Self::Transport(format!("{}{hint}", DisplayErrorContext(&failure)))
            }
            other => Self::Transport(DisplayErrorContext(&other).to_string()),
        }
    }

    /// The process exit code: 1 for a service or call failure, 2 for usage and input.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Usage { .. } | Self::Input(_) => ExitCode::from(2),
            Self::Service(_) | Self::Transport(_) | Self::DemoFailed { .. } => ExitCode::from(1),
        }
    }
}
