//! OIDC / RRSA: `AssumeRoleWithOIDC` with the token in a file (on Kubernetes, the projected
//! service account token), re-read at each refresh because the kubelet rotates it.

use std::path::PathBuf;

use acs_client::CallOptions;
use acs_protocol::Secret;

use crate::cache::{CachingProvider, Fetch, FetchFuture};
use crate::error::{ConfigError, FileError};
use crate::ram_role_arn::{ENV_ROLE_ARN, check_duration};
use crate::runtime::{
    BoxError, CredentialsError, Env, HttpClient, ProvideCredentials, ProvideCredentialsFuture,
    failed,
};
use crate::sts::{self, AssumeRoleWithOidcParams, StsClient, StsEndpoint};

/// The provider's name, as the official libraries send it in `x-acs-credentials-provider`.
pub const NAME: &str = "oidc_role_arn";

fn fail(source: impl Into<BoxError>) -> CredentialsError {
    failed(NAME, "STS AssumeRoleWithOIDC gave no credentials", source)
}

/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`.
pub const ENV_OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.
pub const ENV_OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";

/// What `AssumeRoleWithOIDC` asks for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct OidcSettings {
    /// `RoleArn`; `None` reads `ALIBABA_CLOUD_ROLE_ARN`.
    pub role_arn: Option<String>,
    /// `OIDCProviderArn`; `None` reads `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`.
    pub oidc_provider_arn: Option<String>,
    /// The token file; `None` reads `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.
    pub oidc_token_file: Option<PathBuf>,
    /// `RoleSessionName`; `None` reads `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
    /// `credentials-rust-<time>`.
    pub role_session_name: Option<String>,
    /// `DurationSeconds`; `None` is 3600.
    pub duration_seconds: Option<u32>,
    /// `Policy`.
    pub policy: Option<String>,
    /// Where STS is.
    pub sts: StsEndpoint,
}

impl OidcSettings {
    /// The same settings with STS at `sts`.
    #[must_use]
    pub fn with_sts(mut self, sts: StsEndpoint) -> Self {
        self.sts = sts;
        self
    }

    /// Whether the three variables that switch OIDC on in the default chain are all set.
    pub fn configured_in(env: &Env) -> bool {
        [ENV_ROLE_ARN, ENV_OIDC_PROVIDER_ARN, ENV_OIDC_TOKEN_FILE]
            .iter()
            .all(|name| env.get(name).is_some_and(|v| !v.is_empty()))
    }
}

/// One `AssumeRoleWithOIDC` call with the token file's current content.
#[derive(Debug)]
pub struct AssumeRoleWithOidc {
    role_arn: String,
    oidc_provider_arn: String,
    token_file: PathBuf,
    role_session_name: String,
    duration_seconds: u32,
    policy: Option<String>,
    sts: StsClient,
}

impl Fetch for AssumeRoleWithOidc {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move {
            let token = tokio::fs::read_to_string(&self.token_file)
                .await
                .map_err(|error| {
                    fail(FileError {
                        path: self.token_file.clone(),
                        problem: "cannot read the OIDC token file".to_owned(),
                        source: Some(Box::new(error)),
                    })
                })?;
            let params = AssumeRoleWithOidcParams {
                role_arn: self.role_arn.clone(),
                oidc_provider_arn: self.oidc_provider_arn.clone(),
                oidc_token: Secret::new(token.trim_end()),
                role_session_name: self.role_session_name.clone(),
                duration_seconds: self.duration_seconds,
                policy: self.policy.clone(),
            };
            self.sts
                .assume_role_with_oidc(&params, CallOptions::new())
                .await
                .map(|credentials| credentials.with_provider_name(NAME))
                .map_err(fail)
        })
    }
}

/// Credentials of a RAM role for an OIDC token, cached and refreshed before they expire.
#[derive(Debug)]
pub struct OidcRoleArnProvider(CachingProvider<AssumeRoleWithOidc>);

impl OidcRoleArnProvider {
    /// The provider of `settings`; values not set come from `env`.
    pub fn new(settings: OidcSettings, env: &Env, http: HttpClient) -> Result<Self, ConfigError> {
        let required = |value: Option<String>, field: &str, variable: &str| {
            value
                .filter(|v| !v.is_empty())
                .or_else(|| env.get(variable).filter(|v| !v.is_empty()))
                .ok_or_else(|| {
                    ConfigError::new("OIDC", field, format!("is empty and {variable} is not set"))
                })
        };
        let role_arn = required(settings.role_arn, "role_arn", ENV_ROLE_ARN)?;
        let oidc_provider_arn = required(
            settings.oidc_provider_arn,
            "oidc_provider_arn",
            ENV_OIDC_PROVIDER_ARN,
        )?;
        let token_file = required(
            settings
                .oidc_token_file
                .map(|p| p.to_string_lossy().into_owned()),
            "oidc_token_file",
            ENV_OIDC_TOKEN_FILE,
        )?;
        let duration_seconds = check_duration("OIDC", settings.duration_seconds)?;
        let role_session_name = settings
            .role_session_name
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| sts::default_session_name(env, std::time::SystemTime::now()));
        Ok(Self(CachingProvider::new(AssumeRoleWithOidc {
            role_arn,
            oidc_provider_arn,
            token_file: PathBuf::from(token_file),
            role_session_name,
            duration_seconds,
            policy: settings.policy,
            sts: StsClient::new(settings.sts.base_url(env), http),
        })))
    }
}

impl OidcRoleArnProvider {
    /// The same provider on another clock (tests).
    #[must_use]
    pub fn with_time_source(self, time: crate::TimeSource) -> Self {
        Self(self.0.with_time_source(time))
    }
}

impl ProvideCredentials for OidcRoleArnProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}
