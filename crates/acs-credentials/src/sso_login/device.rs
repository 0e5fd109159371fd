//! Device authorization: `POST /device-authorization` with the PKCE challenge, then
//! `POST /token` with the verifier every `Interval` seconds while the user has not approved.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_protocol::Secret;
use serde::Deserialize;

use super::{LoginError, Portal, pkce};
use crate::error::EndpointError;
use crate::transport::parse_json;

/// `GrantType` of `/token`, RFC 8628's.
pub const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The wait between polls when the portal gives no `Interval` (RFC 8628's default).
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// A started sign-in: what to show the user, and what to poll with.
#[non_exhaustive]
pub struct DeviceAuthorization {
    /// `UserCode`: the code the user checks or enters in the browser.
    pub user_code: String,
    /// `VerificationUri`: where to enter it.
    pub verification_uri: String,
    /// `VerificationUriComplete`: the same with the code filled in, to open in a browser.
    pub verification_uri_complete: String,
    /// `Interval`: the wait between polls.
    pub interval: Duration,
    /// `ExpiresIn`, when the portal sends it (the live one's is not published).
    pub expires_in: Option<Duration>,
    device_code: Secret,
    code_verifier: Secret,
}

impl std::fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("verification_uri_complete", &self.verification_uri_complete)
            .field("interval", &self.interval)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// The portal's access token.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AccessToken {
    /// `AccessToken`.
    pub token: Secret,
    /// `ExpiresIn`, in seconds.
    pub expires_in: u64,
    /// Unix seconds when it expires: the time of the answer + `ExpiresIn`
    /// (`cloud_sso_access_token_expire`).
    pub expires_at: i64,
}

impl AccessToken {
    /// A token that expires `expires_in` seconds from now.
    pub fn new(token: Secret, expires_in: u64) -> Self {
        Self {
            token,
            expires_in,
            expires_at: unix_now().saturating_add(i64::try_from(expires_in).unwrap_or(i64::MAX)),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AuthorizationAnswer {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    verification_uri_complete: String,
    #[serde(default)]
    interval: Option<u64>,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TokenAnswer {
    access_token: String,
    expires_in: u64,
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

impl Portal {
    /// `POST /device-authorization` with a fresh PKCE verifier's challenge.
    pub async fn start_device_authorization(&self) -> Result<DeviceAuthorization, LoginError> {
        let code_verifier = pkce::new_verifier().map_err(LoginError::Random)?;
        let body = serde_json::json!({
            "PortalUrl": self.sign_in_url,
            "CodeChallenge": pkce::code_challenge(code_verifier.expose()),
            "ClientId": self.client_id,
            "CodeChallengeMethod": "S256",
        });
        let response = self
            .call(
                http::Method::POST,
                "/device-authorization",
                Some(body),
                None,
            )
            .await?;
        let answer: AuthorizationAnswer =
            parse_json(&self.endpoint("/device-authorization"), response.body())?;
        Ok(DeviceAuthorization {
            verification_uri_complete: if answer.verification_uri_complete.is_empty() {
                answer.verification_uri.clone()
            } else {
                answer.verification_uri_complete
            },
            user_code: answer.user_code,
            verification_uri: answer.verification_uri,
            interval: answer
                .interval
                .filter(|s| *s > 0)
                .map_or(DEFAULT_INTERVAL, Duration::from_secs),
            expires_in: answer.expires_in.map(Duration::from_secs),
            device_code: Secret::new(answer.device_code),
            code_verifier,
        })
    }

    /// Polls `POST /token` until the user approves: waits `Interval` after each
    /// `AuthorizationPending`; stops on `InvalidDeviceCodeError` ([`LoginError::Expired`]), any
    /// other error code ([`LoginError::Token`]), or after the bounded number of polls or the
    /// code's `ExpiresIn` ([`LoginError::Timeout`]).
    pub async fn wait_for_access_token(
        &self,
        authorization: &DeviceAuthorization,
    ) -> Result<AccessToken, LoginError> {
        let body = serde_json::json!({
            "CodeVerifier": authorization.code_verifier.expose(),
            "ClientId": self.client_id,
            "DeviceCode": authorization.device_code.expose(),
            "GrantType": GRANT_TYPE,
        });
        let mut waited = Duration::ZERO;
        let mut polls = 0;
        while polls < self.max_polls {
            polls += 1;
            match self
                .call(http::Method::POST, "/token", Some(body.clone()), None)
                .await
            {
                Ok(response) => {
                    let answer: TokenAnswer =
                        parse_json(&self.endpoint("/token"), response.body())?;
                    return Ok(AccessToken::new(
                        Secret::new(answer.access_token),
                        answer.expires_in,
                    ));
                }
                Err(EndpointError::Status { code, .. })
                    if code.as_deref() == Some("AuthorizationPending") => {}
                Err(EndpointError::Status { code, message, .. })
                    if code.as_deref() == Some("InvalidDeviceCodeError") =>
                {
                    return Err(LoginError::Expired { message });
                }
                Err(EndpointError::Status {
                    code: Some(code),
                    message,
                    ..
                }) => return Err(LoginError::Token { code, message }),
                Err(other) => return Err(other.into()),
            }
            if polls >= self.max_polls
                || authorization
                    .expires_in
                    .is_some_and(|lifetime| waited + authorization.interval > lifetime)
            {
                break;
            }
            (self.sleep)(authorization.interval).await;
            waited += authorization.interval;
        }
        Err(LoginError::Timeout { polls })
    }
}
