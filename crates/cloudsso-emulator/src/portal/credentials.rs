//! `POST /cloud-credentials` (portal.md §3): temporary credentials for an (account, access
//! configuration) pair the user was granted, acting for that member account, lasting the
//! access configuration's `SessionDuration`.
//!
//! Checked in this order, each with its code (the emulator's choice; the documentation
//! names none):
//!
//! | check | code | status |
//! | --- | --- | --- |
//! | `AccountId` is 16 digits | `InvalidParameter.AccountId.InvalidChars` (the live service's) | 400 |
//! | `AccessConfigurationId` given | `MissingParameter.AccessConfigurationId` | 400 |
//! | the access token | `InvalidAccessToken…` (see [`super::api`]) | 401 |
//! | the directory's `AllowUserToGetCredentials` (`SetLoginPreference`) is true | `Forbidden.AllowUserToGetCredentials` | 403 |
//! | an access assignment grants the pair to the user or one of its groups | `NoPermission.AccessAssignment` | 403 |
//!
//! `AllowUserToGetCredentials` gates this call: the documentation says it lets portal users
//! get programmatic credentials and is silent on `/cloud-credentials`, and a directory that
//! keeps the default (false) then gives users console access only.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::StatusCode;
use serde::Deserialize;

use super::api::{self, ApiError};
use crate::emulator::Emulator;

/// The shortest and longest credentials STS issues, in seconds.
const MIN_SESSION: u64 = crate::sts::credentials::MIN_DURATION.as_secs();
const MAX_SESSION: u64 = crate::sts::credentials::MAX_DURATION.as_secs();

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CredentialsRequest {
    account_id: Option<String>,
    access_configuration_id: Option<String>,
}

/// `POST /cloud-credentials`.
pub(crate) fn cloud_credentials(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    api::answer(cloud_credentials_inner(emulator, request, now))
}

/// What the credentials are for.
struct Granted {
    user_name: String,
    access_configuration_name: String,
    session_duration: Duration,
}

fn cloud_credentials_inner(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> Result<serde_json::Value, ApiError> {
    let body: CredentialsRequest = api::body(request)?;
    let account = api::account_id(body.account_id.as_deref())?.to_owned();
    let configuration = api::required(
        "AccessConfigurationId",
        body.access_configuration_id.as_deref(),
        64,
    )?
    .to_owned();
    let user = api::authenticate(emulator, request, now)?;
    let directory = &user.directory;
    let granted = emulator.inner().store.read(&directory.account, |state| {
        let row = state.directory.require(&directory.id).map_err(|_| {
            ApiError::new(
                "EntityNotExists.Directory",
                StatusCode::NOT_FOUND,
                format!("the directory `{}` no longer exists", directory.id),
            )
        })?;
        if !row.allow_user_to_get_credentials {
            return Err(ApiError::new(
                "Forbidden.AllowUserToGetCredentials",
                StatusCode::FORBIDDEN,
                format!(
                    "directory `{}` does not let users get programmatic credentials; an \
                     administrator enables it with SetLoginPreference \
                     AllowUserToGetCredentials=true",
                    directory.name
                ),
            ));
        }
        let pairs = super::listings::grants(state, &directory.id, &user.user_id);
        let no_permission = || {
            ApiError::new(
                "NoPermission.AccessAssignment",
                StatusCode::FORBIDDEN,
                format!(
                    "no access assignment grants access configuration `{configuration}` on \
                     account `{account}` to this user or to a group of the user"
                ),
            )
        };
        if !pairs
            .get(&account)
            .is_some_and(|acs| acs.contains(&configuration))
        {
            return Err(no_permission());
        }
        let ac = state
            .access
            .access_configurations
            .get(&crate::access::key(&directory.id, &configuration))
            .ok_or_else(no_permission)?;
        let user_name = state
            .identity
            .user(&directory.id, &user.user_id)
            .map(|u| u.user_name.clone())
            .unwrap_or_default();
        let seconds = u64::try_from(ac.session_duration)
            .unwrap_or(MIN_SESSION)
            .clamp(MIN_SESSION, MAX_SESSION);
        Ok(Granted {
            user_name,
            access_configuration_name: ac.access_configuration_name.clone(),
            session_duration: Duration::from_secs(seconds),
        })
    })?;
    let issued = issue(emulator, &account, &user, &configuration, granted, now)?;
    Ok(serde_json::json!({
        "CloudCredential": {
            "AccessKeyId": issued.access_key_id,
            "AccessKeySecret": issued.access_key_secret.expose(),
            "SecurityToken": issued.security_token.expose(),
            "Expiration": issued.expiration,
        },
        "RequestId": crate::ids::request_id(),
    }))
}

/// Issues the temporary credentials through the emulator's STS store (`sts::issue`): they
/// act for `account` as the portal user with the access configuration's role, and the
/// emulator's CloudSSO and STS sides accept them until they expire.
fn issue(
    emulator: &Emulator,
    account: &str,
    user: &super::UserRef,
    configuration: &str,
    granted: Granted,
    now: SystemTime,
) -> Result<crate::sts::Issued, ApiError> {
    let principal = crate::sts::Principal::PortalUser {
        directory_id: user.directory.id.clone(),
        user_id: user.user_id.clone(),
        user_name: granted.user_name,
        access_configuration_id: configuration.to_owned(),
        access_configuration_name: granted.access_configuration_name,
    };
    crate::sts::issue(
        &emulator.inner().store,
        account,
        principal,
        granted.session_duration,
        now,
    )
    .map_err(|failure| ApiError::new(failure.code, failure.status, failure.message))
}
