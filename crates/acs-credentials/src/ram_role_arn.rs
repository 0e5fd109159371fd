//! `RamRoleArn`: temporary credentials of a RAM role from STS `AssumeRole`, signed with the
//! credentials of any source provider (an access key, another role, instance metadata…).

use acs_client::CallOptions;

use crate::cache::{CachingProvider, Fetch, FetchFuture};
use crate::error::ConfigError;
use crate::runtime::{
    BoxError, CredentialsError, Env, HttpClient, ProvideCredentials, ProvideCredentialsFuture,
    SharedCredentialsProvider, failed,
};
use crate::sts::{self, AssumeRoleParams, MIN_DURATION_SECONDS, StsClient, StsEndpoint};
use crate::time_source::TimeSource;

/// The provider's name, as the official libraries send it in `x-acs-credentials-provider`.
pub const NAME: &str = "ram_role_arn";

fn fail(source: impl Into<BoxError>) -> CredentialsError {
    failed(NAME, "STS AssumeRole gave no credentials", source)
}

/// `ALIBABA_CLOUD_ROLE_ARN`: the role when none is configured.
pub const ENV_ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";

/// What `AssumeRole` asks for, beside the source credentials.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RamRoleArnSettings {
    /// `RoleArn`; `None` reads `ALIBABA_CLOUD_ROLE_ARN`.
    pub role_arn: Option<String>,
    /// `RoleSessionName`; `None` reads `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
    /// `credentials-rust-<time>`.
    pub role_session_name: Option<String>,
    /// `DurationSeconds`; `None` is 3600. At least 900.
    pub duration_seconds: Option<u32>,
    /// `Policy`.
    pub policy: Option<String>,
    /// `ExternalId`.
    pub external_id: Option<String>,
    /// Where STS is.
    pub sts: StsEndpoint,
}

impl RamRoleArnSettings {
    /// Assume `role_arn`, everything else by default.
    pub fn new(role_arn: impl Into<String>) -> Self {
        Self {
            role_arn: Some(role_arn.into()),
            ..Self::default()
        }
    }
}

/// One `AssumeRole` call with the source provider's credentials.
#[derive(Debug)]
pub struct AssumeRole {
    source: SharedCredentialsProvider,
    params: AssumeRoleParams,
    sts: StsClient,
}

impl Fetch for AssumeRole {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move {
            let source = self.source.provide_credentials().await.map_err(|error| {
                fail(SourceError {
                    source: Box::new(error),
                })
            })?;
            let credentials = self
                .sts
                .assume_role(&source, &self.params, CallOptions::new())
                .await
                .map_err(fail)?;
            // `ram_role_arn/<source>`, as the official libraries name them.
            let source_name =
                source
                    .provider_name()
                    .unwrap_or(if source.security_token().is_some() {
                        "static_sts"
                    } else {
                        "static_ak"
                    });
            Ok(credentials.with_provider_name(format!("{NAME}/{source_name}")))
        })
    }
}

/// The source provider of a role could not give its credentials.
#[derive(Debug, thiserror::Error)]
#[error("the source credentials of the role are not available")]
pub struct SourceError {
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

/// Credentials of a RAM role, cached and refreshed before they expire.
#[derive(Debug)]
pub struct RamRoleArnProvider(CachingProvider<AssumeRole>);

impl RamRoleArnProvider {
    /// Assumes the role of `settings` with the credentials of `source`; values not set come
    /// from `env` as the official libraries read them.
    pub fn new(
        source: SharedCredentialsProvider,
        settings: RamRoleArnSettings,
        env: &Env,
        http: HttpClient,
    ) -> Result<Self, ConfigError> {
        let role_arn = settings
            .role_arn
            .filter(|v| !v.is_empty())
            .or_else(|| env.get(ENV_ROLE_ARN).filter(|v| !v.is_empty()))
            .ok_or_else(|| {
                ConfigError::new(
                    "RamRoleArn",
                    "role_arn",
                    format!("is empty and {ENV_ROLE_ARN} is not set"),
                )
            })?;
        let duration_seconds = check_duration("RamRoleArn", settings.duration_seconds)?;
        let role_session_name = settings
            .role_session_name
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| sts::default_session_name(env, std::time::SystemTime::now()));
        let params = AssumeRoleParams {
            role_arn,
            role_session_name,
            duration_seconds,
            policy: settings.policy,
            external_id: settings.external_id,
        };
        Ok(Self(CachingProvider::new(AssumeRole {
            source,
            params,
            sts: StsClient::new(settings.sts.base_url(env), http),
        })))
    }

    /// The same provider on another clock (tests).
    #[must_use]
    pub fn with_time_source(self, time: TimeSource) -> Self {
        Self(self.0.with_time_source(time))
    }
}

/// `DurationSeconds`: 3600 when unset, and at least 900 as STS requires.
pub(crate) fn check_duration(source_name: &str, value: Option<u32>) -> Result<u32, ConfigError> {
    let value = value.unwrap_or(sts::DEFAULT_DURATION_SECONDS);
    if value < MIN_DURATION_SECONDS {
        return Err(ConfigError::new(
            source_name,
            "duration_seconds",
            format!("is {value}; expected at least {MIN_DURATION_SECONDS} (seconds)"),
        ));
    }
    Ok(value)
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}
