//! Signing a request with the signer crate, as `call`, `sign` and `demo` do.

use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use acs_signer::{FormatParameter, SigningOutput, SigningParams, SigningSettings};

use crate::error::CliError;

/// How to sign.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SignOptions {
    /// The algorithm: V3 `ACS3-*` or V2 `HMAC-SHA1`.
    pub algorithm: SigningAlgorithm,
    /// The response format asked for (V2 sends it as `Format`).
    pub format: Format,
    /// A fixed signing time; the clock when `None`.
    pub time: Option<SystemTime>,
    /// A fixed nonce; a random one when `None`.
    pub nonce: Option<String>,
}

impl SignOptions {
    /// Signing with `algorithm`, asking for `format`, at the clock's time with a random nonce.
    pub fn new(algorithm: SigningAlgorithm, format: Format) -> Self {
        Self {
            algorithm,
            format,
            time: None,
            nonce: None,
        }
    }
}

/// Signs `request` in place for `action` of API `version`; returns the signer's steps.
pub fn sign(
    request: &mut http::Request<Vec<u8>>,
    credentials: &Credentials,
    action: &str,
    version: &str,
    options: &SignOptions,
) -> Result<SigningOutput, CliError> {
    let mut settings = SigningSettings::default();
    settings.format_parameter = FormatParameter::from(options.format);
    let mut builder = SigningParams::builder()
        .credentials(credentials)
        .algorithm(options.algorithm)
        .action(action)
        .version(version)
        .settings(settings);
    if let Some(time) = options.time {
        builder = builder.time(time);
    }
    if let Some(nonce) = &options.nonce {
        builder = builder.nonce(nonce);
    }
    let params = builder
        .build()
        .map_err(|e| CliError::Input(format!("signing parameters: {e}")))?;
    acs_signer::sign(request, &params).map_err(|e| CliError::Input(format!("signing failed: {e}")))
}
