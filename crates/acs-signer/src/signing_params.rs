//! What a signature is made with: credentials, algorithm, action, version, time, nonce and
//! settings.

use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};

use crate::error::BuildError;

/// Which request headers a V3 signature covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignedHeaders {
    /// `host`, `content-type` and every `x-acs-*` header, as the published algorithm lists
    /// them and the Node.js SDK (`@alicloud/openapi-util`) signs them. The default.
    #[default]
    Standard,
    /// Every header of the request but `authorization`, as the Python SDK
    /// (`alibabacloud-tea-openapi`) signs them: its requests also sign `user-agent`, `accept`
    /// and `x-acs-credentials-provider`.
    AllPresent,
}

/// Whether the V2 signer sends a `Format` parameter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FormatParameter {
    /// `Format=JSON`, the documented spelling. The default. (The Python SDK sends
    /// `Format=json`; the service reads either; to reproduce that byte for byte, put
    /// `Format=json` in the query and use [`FormatParameter::Unset`].)
    #[default]
    Json,
    /// `Format=XML`, the service's own default.
    Xml,
    /// No `Format` from the signer: a `Format` already in the request is signed as it is.
    Unset,
}

impl FormatParameter {
    /// The format the parameter asks for, if any.
    pub const fn format(self) -> Option<Format> {
        match self {
            Self::Json => Some(Format::Json),
            Self::Xml => Some(Format::Xml),
            Self::Unset => None,
        }
    }
}

/// The `Format` parameter asking for `format`: `Json` for JSON, `Xml` for XML. A format a
/// later `acs-protocol` adds maps to [`FormatParameter::Json`], the default, until this
/// crate learns its spelling.
impl From<Format> for FormatParameter {
    fn from(format: Format) -> Self {
        match format {
            Format::Json => Self::Json,
            Format::Xml => Self::Xml,
            // `Format` is non-exhaustive: a format not known here asks for the default.
            _ => Self::Json,
        }
    }
}

/// Choices that change what is signed, each with the official SDKs' behaviour as default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SigningSettings {
    /// V3: which headers are signed.
    pub signed_headers: SignedHeaders,
    /// V2: the `Format` parameter.
    pub format_parameter: FormatParameter,
}

impl SigningSettings {
    /// The same settings with `signed_headers`.
    #[must_use]
    pub const fn with_signed_headers(mut self, signed_headers: SignedHeaders) -> Self {
        self.signed_headers = signed_headers;
        self
    }

    /// The same settings with `format_parameter`.
    #[must_use]
    pub const fn with_format_parameter(mut self, format_parameter: FormatParameter) -> Self {
        self.format_parameter = format_parameter;
        self
    }
}

/// Everything a signature is made with, but the request.
///
/// Built with [`SigningParams::builder`]. When no time or nonce is set, each signature takes
/// the system clock and a fresh random 128-bit nonce from the operating system, so one
/// `SigningParams` can sign many requests.
#[derive(Clone, Debug)]
pub struct SigningParams<'a> {
    pub(crate) credentials: &'a Credentials,
    pub(crate) algorithm: SigningAlgorithm,
    pub(crate) action: &'a str,
    pub(crate) version: &'a str,
    pub(crate) time: Option<SystemTime>,
    pub(crate) nonce: Option<&'a str>,
    pub(crate) settings: SigningSettings,
}

impl<'a> SigningParams<'a> {
    /// A builder; `credentials`, `action` and `version` are required.
    pub fn builder() -> SigningParamsBuilder<'a> {
        SigningParamsBuilder::default()
    }

    /// The credentials.
    pub fn credentials(&self) -> &'a Credentials {
        self.credentials
    }

    /// The algorithm, which also chooses the signature version.
    pub fn algorithm(&self) -> SigningAlgorithm {
        self.algorithm
    }

    /// The API action, e.g. `SetMFAAuthenticationStatus`.
    pub fn action(&self) -> &'a str {
        self.action
    }

    /// The API version, e.g. `2021-05-15`.
    pub fn version(&self) -> &'a str {
        self.version
    }

    /// The fixed signing time, if one was set.
    pub fn time(&self) -> Option<SystemTime> {
        self.time
    }

    /// The fixed nonce, if one was set.
    pub fn nonce(&self) -> Option<&'a str> {
        self.nonce
    }

    /// The settings.
    pub fn settings(&self) -> &SigningSettings {
        &self.settings
    }
}

/// Builds [`SigningParams`]; [`build`](Self::build) says which required field is missing.
#[derive(Clone, Debug, Default)]
pub struct SigningParamsBuilder<'a> {
    credentials: Option<&'a Credentials>,
    algorithm: SigningAlgorithm,
    action: Option<&'a str>,
    version: Option<&'a str>,
    time: Option<SystemTime>,
    nonce: Option<&'a str>,
    settings: SigningSettings,
}

impl<'a> SigningParamsBuilder<'a> {
    /// The credentials to sign with (required). For `ACS3-RSA-SHA256` the secret is the
    /// PKCS#8 private key in PEM form.
    #[must_use]
    pub fn credentials(mut self, credentials: &'a Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The algorithm; `ACS3-HMAC-SHA256` when not set. `HMAC-SHA1` signs V2.
    #[must_use]
    pub fn algorithm(mut self, algorithm: SigningAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The API action (required), sent as `x-acs-action` (V3) or `Action` (V2).
    #[must_use]
    pub fn action(mut self, action: &'a str) -> Self {
        self.action = Some(action);
        self
    }

    /// The API version (required), sent as `x-acs-version` (V3) or `Version` (V2).
    #[must_use]
    pub fn version(mut self, version: &'a str) -> Self {
        self.version = Some(version);
        self
    }

    /// A fixed signing time; the system clock at each signature when not set.
    #[must_use]
    pub fn time(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }

    /// A fixed nonce; a fresh random one at each signature when not set. A nonce must never
    /// be used twice within 15 minutes.
    #[must_use]
    pub fn nonce(mut self, nonce: &'a str) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// The settings; [`SigningSettings::default`] when not set.
    #[must_use]
    pub fn settings(mut self, settings: SigningSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The parameters, or which required field is missing.
    pub fn build(self) -> Result<SigningParams<'a>, BuildError> {
        Ok(SigningParams {
            credentials: self
                .credentials
                .ok_or(BuildError::MissingField("credentials"))?,
            algorithm: self.algorithm,
            action: self.action.ok_or(BuildError::MissingField("action"))?,
            version: self.version.ok_or(BuildError::MissingField("version"))?,
            time: self.time,
            nonce: self.nonce,
            settings: self.settings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_parameter_from_format() {
        assert_eq!(FormatParameter::from(Format::Json), FormatParameter::Json);
        assert_eq!(FormatParameter::from(Format::Xml), FormatParameter::Xml);
        for format in [Format::Json, Format::Xml] {
            assert_eq!(FormatParameter::from(format).format(), Some(format));
        }
    }

    #[test]
    fn build_names_the_missing_field() {
        let credentials = Credentials::new("id", "secret");
        let error = SigningParams::builder()
            .action("A")
            .version("V")
            .build()
            .unwrap_err();
        assert_eq!(error.to_string(), "credentials is required");
        let error = SigningParams::builder()
            .credentials(&credentials)
            .version("V")
            .build()
            .unwrap_err();
        assert_eq!(error.to_string(), "action is required");
        let error = SigningParams::builder()
            .credentials(&credentials)
            .action("A")
            .build()
            .unwrap_err();
        assert_eq!(error.to_string(), "version is required");
    }

    #[test]
    fn defaults_are_the_sdk_defaults() {
        let credentials = Credentials::new("id", "s3cr3t");
        let params = SigningParams::builder()
            .credentials(&credentials)
            .action("A")
            .version("V")
            .build()
            .unwrap();
        assert_eq!(params.algorithm(), SigningAlgorithm::Acs3HmacSha256);
        assert_eq!(params.settings().signed_headers, SignedHeaders::Standard);
        assert_eq!(
            params.settings().format_parameter.format(),
            Some(Format::Json)
        );
        assert_eq!(params.time(), None);
        assert_eq!(params.nonce(), None);
        assert!(!format!("{params:?}").contains("s3cr3t"));
    }
}
