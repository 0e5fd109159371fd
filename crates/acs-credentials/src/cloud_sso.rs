//! CloudSSO: STS credentials for an account and access configuration from the CloudSSO user
//! portal, with the access token the aliyun CLI saved at sign-in (`aliyun configure --mode
//! CloudSSO`). `POST <scheme://host of the sign-in URL>/cloud-credentials` with
//! `Authorization: Bearer <token>`. The token is not refreshed: when it expires the user signs
//! in again, as with the official libraries. The STS credentials cached in the profile are not
//! used (Go and Python ignore them too) and nothing is written back.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_protocol::Secret;
use bytes::Bytes;
use serde::Deserialize;

use crate::cache::{CachingProvider, Fetch, FetchFuture};
use crate::error::{ConfigError, EndpointError};
use crate::runtime::{
    BoxError, CredentialsError, HttpClient, ProvideCredentials, ProvideCredentialsFuture, failed,
};
use crate::sts::{WireCredentials, user_agent};
use crate::transport::{exchange, parse_json, request_error};

/// The provider's name, as the official libraries send it in `x-acs-credentials-provider`.
pub const NAME: &str = "cloud_sso";

fn fail(source: impl Into<BoxError>) -> CredentialsError {
    failed(NAME, "the CloudSSO portal gave no credentials", source)
}

/// Read timeout of the portal call.
pub const PORTAL_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A CloudSSO profile's sign-in state.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct CloudSsoSettings {
    /// `cloud_sso_sign_in_url`: the portal URL; only its scheme, host and port are used.
    pub sign_in_url: String,
    /// `cloud_sso_account_id`.
    pub account_id: String,
    /// `cloud_sso_access_config`: the access configuration ID (`ac-…`).
    pub access_config: String,
    /// `access_token`: the portal token from sign-in.
    pub access_token: Option<Secret>,
    /// `cloud_sso_access_token_expire`: Unix seconds.
    pub access_token_expire: i64,
    /// The profile's name, for the "sign in again" message.
    pub profile_name: String,
}

impl std::fmt::Debug for CloudSsoSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudSsoSettings")
            .field("sign_in_url", &self.sign_in_url)
            .field("account_id", &self.account_id)
            .field("access_config", &self.access_config)
            .field("access_token", &self.access_token)
            .field("access_token_expire", &self.access_token_expire)
            .field("profile_name", &self.profile_name)
            .finish()
    }
}

/// The sign-in has expired or never happened.
#[derive(Debug, thiserror::Error)]
#[error(
    "CloudSSO access token of profile '{profile}' is empty or expired, please sign in again \
     with: aliyun configure --profile {profile}"
)]
pub struct SignInRequired {
    /// The profile.
    pub profile: String,
}

/// One `/cloud-credentials` call.
#[derive(Debug)]
pub struct CloudCredentials {
    settings: CloudSsoSettings,
    base_url: String,
    http: HttpClient,
}

impl CloudCredentials {
    fn check_token(&self) -> Result<&Secret, CredentialsError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or_default();
        match &self.settings.access_token {
            Some(token)
                if !token.expose().is_empty() && self.settings.access_token_expire > now =>
            {
                Ok(token)
            }
            _ => Err(fail(SignInRequired {
                profile: self.settings.profile_name.clone(),
            })),
        }
    }
}

impl Fetch for CloudCredentials {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move {
            let token = self.check_token()?;
            let name = format!("CloudSSO portal {}", self.base_url);
            let body = serde_json::json!({
                "AccountId": self.settings.account_id,
                "AccessConfigurationId": self.settings.access_config,
            });
            let request = http::Request::post(format!("{}/cloud-credentials", self.base_url))
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::CONTENT_TYPE, "application/json")
                .header(http::header::USER_AGENT, user_agent())
                .header(
                    http::header::AUTHORIZATION,
                    format!("Bearer {}", token.expose()),
                )
                .body(Bytes::from(body.to_string()))
                .map_err(|_| {
                    // The error would name the header, whose value is the token: say less.
                    fail(request_error(
                        &name,
                        "the access token is not a valid header value",
                    ))
                })?;
            let response = exchange(&self.http, &name, request, PORTAL_READ_TIMEOUT)
                .await
                .map_err(fail)?;
            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase")]
            struct Answer {
                cloud_credential: Option<WireCredentials>,
            }
            let answer: Answer = parse_json(&name, response.body()).map_err(fail)?;
            answer
                .cloud_credential
                .ok_or_else(|| EndpointError::Response {
                    endpoint: name.clone(),
                    problem: "`CloudCredential` is missing".to_owned(),
                })
                .and_then(|c| c.into_credentials(&name))
                .map(|credentials| credentials.with_provider_name(NAME))
                .map_err(fail)
        })
    }
}

/// Credentials of a CloudSSO access configuration, cached and refreshed before they expire
/// while the sign-in lasts.
#[derive(Debug)]
pub struct CloudSsoProvider(CachingProvider<CloudCredentials>);

impl CloudSsoProvider {
    /// The provider of a profile's sign-in state; refuses one whose URL, account or access
    /// configuration is empty (the token is checked at each fetch, so a provider built
    /// before sign-in expires reports it when it does).
    pub fn new(settings: CloudSsoSettings, http: HttpClient) -> Result<Self, ConfigError> {
        let source = format!("CloudSSO profile '{}'", settings.profile_name);
        let hint = || {
            format!(
                "is empty; sign in with: aliyun configure --profile {} --mode CloudSSO",
                settings.profile_name
            )
        };
        for (field, value) in [
            ("cloud_sso_sign_in_url", &settings.sign_in_url),
            ("cloud_sso_account_id", &settings.account_id),
            ("cloud_sso_access_config", &settings.access_config),
        ] {
            if value.is_empty() {
                return Err(ConfigError::new(&source, field, hint()));
            }
        }
        let base_url = portal_base_url(&settings.sign_in_url).ok_or_else(|| {
            ConfigError::new(
                &source,
                "cloud_sso_sign_in_url",
                format!(
                    "is {:?}; expected a URL with a scheme and a host",
                    settings.sign_in_url
                ),
            )
        })?;
        Ok(Self(CachingProvider::new(CloudCredentials {
            settings,
            base_url,
            http,
        })))
    }
}

/// `scheme://host[:port]` of the sign-in URL: the portal API is at fixed paths on that host.
pub(crate) fn portal_base_url(sign_in_url: &str) -> Option<String> {
    let uri: http::Uri = sign_in_url.parse().ok()?;
    let scheme = uri.scheme_str()?;
    let authority = uri.authority()?;
    Some(format!("{scheme}://{authority}"))
}

impl CloudSsoProvider {
    /// The same provider on another clock (tests).
    #[must_use]
    pub fn with_time_source(self, time: crate::TimeSource) -> Self {
        Self(self.0.with_time_source(time))
    }
}

impl ProvideCredentials for CloudSsoProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portal_is_the_scheme_and_host_of_the_sign_in_url() {
        assert_eq!(
            portal_base_url("https://signin-cn-shanghai.alibabacloudsso.com/start/login")
                .as_deref(),
            Some("https://signin-cn-shanghai.alibabacloudsso.com")
        );
        assert_eq!(
            portal_base_url("http://127.0.0.1:8080/d/login").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(portal_base_url("signin.example.com/login"), None);
    }
}
