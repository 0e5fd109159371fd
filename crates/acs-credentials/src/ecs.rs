//! ECS RAM role: credentials from the instance metadata service, IMDSv2 first (a session
//! token from `PUT /latest/api/token`), IMDSv1 when the token cannot be had unless
//! `ALIBABA_CLOUD_IMDSV1_DISABLED=true`.
//!
//! A metadata service that cannot be reached at all means "not on ECS": the provider then
//! declines (the chain moves on) instead of failing.

use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;

use crate::cache::{CachingProvider, Fetch, FetchFuture};
use crate::error::EndpointError;
use crate::runtime::{
    BoxError, CredentialsError, Env, HttpClient, ProvideCredentials, ProvideCredentialsFuture,
    declined, failed,
};
use crate::sts::{WireCredentials, user_agent};
use crate::transport::{exchange, parse_json, request_error};

/// The provider's name, as the official libraries send it in `x-acs-credentials-provider`.
pub const NAME: &str = "ecs_ram_role";

fn fail(source: impl Into<BoxError>) -> CredentialsError {
    failed(
        NAME,
        "the instance metadata service gave no credentials",
        source,
    )
}

/// The metadata service of every ECS instance.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";
/// `ALIBABA_CLOUD_ECS_METADATA`: the role name, else it is discovered.
pub const ENV_ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT`: the metadata service's base URL instead of
/// `http://100.100.100.200`. Not read by the official libraries: our addition (like AWS's
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`) so that a stand-in can serve every path that reaches
/// this provider, profiles included.
pub const ENV_ECS_METADATA_ENDPOINT: &str = "ALIBABA_CLOUD_ECS_METADATA_ENDPOINT";
/// `ALIBABA_CLOUD_IMDSV1_DISABLED=true`: no fallback to IMDSv1.
pub const ENV_IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// The lifetime asked for the IMDSv2 token, in seconds.
pub const METADATA_TOKEN_TTL_SECONDS: u32 = 21_600;
/// Timeout of each metadata request, as the official libraries set it.
pub const METADATA_TIMEOUT: Duration = Duration::from_secs(1);

const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_TTL_HEADER: &str = "x-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";

/// How to reach the metadata service.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct EcsRamRoleSettings {
    /// The role; `None` reads `ALIBABA_CLOUD_ECS_METADATA`, else asks the service.
    pub role_name: Option<String>,
    /// The service's base URL; `None` reads `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT`, else
    /// `http://100.100.100.200`.
    pub endpoint: Option<String>,
    /// Refuse IMDSv1; `None` reads `ALIBABA_CLOUD_IMDSV1_DISABLED`.
    pub imds_v1_disabled: Option<bool>,
}

impl EcsRamRoleSettings {
    /// The metadata service at `url` (a loopback stand-in in tests).
    #[must_use]
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }
}

/// One round with the metadata service: token, role name if needed, credentials.
#[derive(Debug)]
pub struct InstanceMetadata {
    role_name: Option<String>,
    endpoint: String,
    imds_v1_disabled: bool,
    http: HttpClient,
}

/// Why the metadata service gave no token, when IMDSv1 is refused.
#[derive(Debug, thiserror::Error)]
#[error("no IMDSv2 token and {ENV_IMDSV1_DISABLED}=true forbids IMDSv1")]
pub struct TokenRequired {
    #[source]
    source: EndpointError,
}

impl InstanceMetadata {
    fn name(&self) -> String {
        format!("ECS metadata at {}", self.endpoint)
    }

    async fn token(&self) -> Result<Option<String>, CredentialsError> {
        let request = http::Request::put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header(TOKEN_TTL_HEADER, METADATA_TOKEN_TTL_SECONDS.to_string())
            .header(http::header::USER_AGENT, user_agent())
            .body(Bytes::new())
            .map_err(|e| fail(request_error(&self.name(), e)))?;
        match exchange(&self.http, &self.name(), request, METADATA_TIMEOUT).await {
            Ok(response) => Ok(Some(String::from_utf8_lossy(response.body()).into_owned())),
            // No service at all: not on ECS (IMDSv1 would fail the same way).
            Err(error @ EndpointError::Transport { .. }) => Err(declined(
                NAME,
                acs_client::DisplayErrorContext(&error).to_string(),
            )),
            Err(error) if self.imds_v1_disabled => Err(fail(TokenRequired { source: error })),
            Err(error) => {
                tracing::debug!(error = %error, "no IMDSv2 token; falling back to IMDSv1");
                Ok(None)
            }
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Result<Bytes, CredentialsError> {
        let mut request = http::Request::get(format!("{}{path}", self.endpoint))
            .header(http::header::USER_AGENT, user_agent());
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token);
        }
        let request = request
            .body(Bytes::new())
            .map_err(|e| fail(request_error(&self.name(), e)))?;
        match exchange(&self.http, &self.name(), request, METADATA_TIMEOUT).await {
            Ok(response) => Ok(response.into_body()),
            Err(error @ EndpointError::Transport { .. }) => Err(declined(
                NAME,
                acs_client::DisplayErrorContext(&error).to_string(),
            )),
            Err(error) => Err(fail(error)),
        }
    }
}

impl Fetch for InstanceMetadata {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move {
            let token = self.token().await?;
            let role_name = match &self.role_name {
                Some(role) => role.clone(),
                None => {
                    let body = self.get(CREDENTIALS_PATH, token.as_deref()).await?;
                    let role = String::from_utf8_lossy(&body).trim().to_owned();
                    if role.is_empty() {
                        return Err(declined(
                            NAME,
                            format!("{}: the instance has no RAM role attached", self.name()),
                        ));
                    }
                    role
                }
            };
            let body = self
                .get(&format!("{CREDENTIALS_PATH}{role_name}"), token.as_deref())
                .await?;
            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase")]
            struct Answer {
                code: Option<String>,
                #[serde(flatten)]
                credentials: WireCredentials,
            }
            let name = self.name();
            let answer: Answer = parse_json(&name, &body).map_err(fail)?;
            if answer.code.as_deref() != Some("Success") {
                return Err(fail(EndpointError::Response {
                    endpoint: name,
                    problem: format!(
                        "`Code` is {:?}, expected \"Success\"",
                        answer.code.unwrap_or_default()
                    ),
                }));
            }
            answer
                .credentials
                .into_credentials(&name)
                .map(|credentials| credentials.with_provider_name(NAME))
                .map_err(fail)
        })
    }
}

/// Credentials of the instance's RAM role, cached and refreshed before they expire.
#[derive(Debug)]
pub struct EcsRamRoleProvider(CachingProvider<InstanceMetadata>);

impl EcsRamRoleProvider {
    /// The provider of `settings`; values not set come from `env`.
    pub fn new(settings: EcsRamRoleSettings, env: &Env, http: HttpClient) -> Self {
        let role_name = settings
            .role_name
            .filter(|v| !v.is_empty())
            .or_else(|| env.get(ENV_ECS_METADATA).filter(|v| !v.is_empty()));
        let imds_v1_disabled = settings.imds_v1_disabled.unwrap_or_else(|| {
            env.get(ENV_IMDSV1_DISABLED)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        });
        let endpoint = settings
            .endpoint
            .or_else(|| env.get(ENV_ECS_METADATA_ENDPOINT).filter(|v| !v.is_empty()))
            .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned())
            .trim_end_matches('/')
            .to_owned();
        Self(CachingProvider::new(InstanceMetadata {
            role_name,
            endpoint,
            imds_v1_disabled,
            http,
        }))
    }
}

impl EcsRamRoleProvider {
    /// The same provider on another clock (tests).
    #[must_use]
    pub fn with_time_source(self, time: crate::TimeSource) -> Self {
        Self(self.0.with_time_source(time))
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}
