//! The portal's JSON side: request bodies, the bearer access token, answers and the
//! `{ErrorCode, ErrorMessage, RequestId}` error envelope (portal.md §2, §3).
//!
//! Error codes where the documentation is silent (the emulator's choice):
//!
//! | code | status | when |
//! | --- | --- | --- |
//! | `MissingParameter.<Name>` | 400 | a required field is absent or empty |
//! | `InvalidParameter.<Name>` | 400 | a field has a value outside what is expected (the message names it and the expectation) |
//! | `InvalidParameter.AccountId.InvalidChars` | 400 | `AccountId` is not 16 digits (the live service's code; checked before the token) |
//! | `InvalidAccessToken` | 401 | no `Authorization: Bearer`, or a token the portal never issued |
//! | `InvalidAccessToken.Expired` | 401 | the token's `ExpiresIn` has passed |
//! | `InvalidAccessToken.UserDisabled` | 401 | the user was disabled (or deleted) since signing in |
//! | `EntityNotExists.Directory` | 404 | `PortalUrl` names no directory |

use std::time::SystemTime;

use bytes::Bytes;
use http::StatusCode;
use serde::de::DeserializeOwned;

use serde::{Deserialize, Serialize};

use super::{DirectoryRef, UserRef};
use crate::emulator::Emulator;
use crate::state::{Row, timestamp};

/// A refusal of the JSON API.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) code: String,
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(
        code: impl Into<String>,
        status: StatusCode,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            status,
            message: message.into(),
        }
    }

    /// `MissingParameter.<name>`.
    pub(crate) fn missing(name: &str) -> Self {
        Self::new(
            format!("MissingParameter.{name}"),
            StatusCode::BAD_REQUEST,
            format!("the request has no {name}; it is required"),
        )
    }

    /// `InvalidParameter.<name>`, naming the value (cut to 64 characters) and what was
    /// expected.
    pub(crate) fn invalid(name: &str, value: &str, expected: &str) -> Self {
        let shown: String = value.chars().take(64).collect();
        Self::new(
            format!("InvalidParameter.{name}"),
            StatusCode::BAD_REQUEST,
            format!("{name} `{shown}` is invalid; expected {expected}"),
        )
    }
}

/// An access token issued by `/token` (kept by the SHA-256 of the token, which starts with
/// the 16-digit account of its directory and a `.`, so that it is found without an index).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AccessTokenRow {
    pub(crate) directory_id: String,
    pub(crate) user_id: String,
    pub(crate) issued_at: String,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub(crate) expires_at: String,
}

impl Row for AccessTokenRow {
    const TABLE: &'static str = "portal_access_tokens";
}

fn expired(row: &AccessTokenRow, now: SystemTime) -> bool {
    acs_signer::SigningTime::parse(&row.expires_at).map_or(true, |t| t.to_system_time() <= now)
}

/// Issues an access token for `user`, valid for `lifetime` from `now`, committed to the
/// state before it is answered (expired tokens of the account are dropped meanwhile).
pub(crate) fn issue_token(
    emulator: &Emulator,
    user: &UserRef,
    lifetime: std::time::Duration,
    now: SystemTime,
) -> Result<String, ApiError> {
    let account = &user.directory.account;
    let token = format!("{account}.{}", super::random_token(64));
    let key = super::digest(&token);
    let row = AccessTokenRow {
        directory_id: user.directory.id.clone(),
        user_id: user.user_id.clone(),
        issued_at: timestamp(now),
        expires_at: timestamp(now + lifetime),
    };
    emulator
        .inner()
        .store
        .write(account, |state| {
            let stale: Vec<String> = state
                .portal
                .access_tokens
                .iter()
                .filter(|(_, r)| expired(r, now))
                .map(|(k, _)| k.to_owned())
                .collect();
            for k in stale {
                state.portal.access_tokens.remove(&k);
            }
            state.portal.access_tokens.insert(key, row);
            Ok(())
        })
        .map_err(|failure| ApiError::new(failure.code, failure.status, failure.message))?;
    Ok(token)
}

/// A JSON answer with `status`.
pub(crate) fn json_response(
    status: StatusCode,
    body: &serde_json::Value,
) -> http::Response<Vec<u8>> {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = http::Response::new(bytes);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json;charset=utf-8"),
    );
    headers.insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-store"),
    );
    response
}

/// The error envelope, with a fresh request ID.
pub(crate) fn error_response(error: &ApiError) -> http::Response<Vec<u8>> {
    json_response(
        error.status,
        &serde_json::json!({
            "ErrorCode": error.code,
            "ErrorMessage": error.message,
            "RequestId": crate::ids::request_id(),
        }),
    )
}

/// The answer of a handler: its JSON, or the error envelope.
pub(crate) fn answer(result: Result<serde_json::Value, ApiError>) -> http::Response<Vec<u8>> {
    match result {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(error) => error_response(&error),
    }
}

/// The JSON body as `T` (unknown fields ignored).
pub(crate) fn body<T: DeserializeOwned>(request: &http::Request<Bytes>) -> Result<T, ApiError> {
    serde_json::from_slice(request.body()).map_err(|error| {
        ApiError::new(
            "InvalidParameter.Body",
            StatusCode::BAD_REQUEST,
            format!("the request body is not the JSON object expected: {error}"),
        )
    })
}

/// A required text field: present and non-empty, at most `max` bytes.
pub(crate) fn required<'a>(
    name: &str,
    value: Option<&'a str>,
    max: usize,
) -> Result<&'a str, ApiError> {
    let value = value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing(name))?;
    if value.len() > max {
        return Err(ApiError::invalid(
            name,
            value,
            &format!("at most {max} characters"),
        ));
    }
    Ok(value)
}

/// The query parameters, decoded.
pub(crate) fn query(request: &http::Request<Bytes>) -> Vec<(String, String)> {
    request
        .uri()
        .query()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Checks an `AccountId`: 16 digits (`InvalidParameter.AccountId.InvalidChars` else).
pub(crate) fn account_id(value: Option<&str>) -> Result<&str, ApiError> {
    let value = value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing("AccountId"))?;
    if value.len() != 16 || !value.bytes().all(|b| b.is_ascii_digit()) {
        let shown: String = value.chars().take(64).collect();
        return Err(ApiError::new(
            "InvalidParameter.AccountId.InvalidChars",
            StatusCode::BAD_REQUEST,
            format!("AccountId `{shown}` is invalid; expected the 16-digit ID of an account"),
        ));
    }
    Ok(value)
}

/// The user the request's `Authorization: Bearer` token signs in, checked now: issued,
/// unexpired, and the user still exists and is enabled (a disabled user's token stops
/// working at once).
pub(crate) fn authenticate(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> Result<UserRef, ApiError> {
    let token = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                "InvalidAccessToken",
                StatusCode::UNAUTHORIZED,
                "the request has no `Authorization: Bearer <AccessToken>` header; sign in \
                 with `cloudsso login` first",
            )
        })?;
    let unknown = || {
        ApiError::new(
            "InvalidAccessToken",
            StatusCode::UNAUTHORIZED,
            "the access token is not one the portal issued; sign in again with `cloudsso login`",
        )
    };
    let account = token
        .split_once('.')
        .map(|(account, _)| account)
        .filter(|a| a.len() == 16 && a.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(unknown)?;
    let key = super::digest(token);
    let found = emulator.inner().store.read(account, |state| {
        let row = state.portal.access_tokens.get(&key)?.clone();
        let name = state
            .directory
            .directories
            .get(&row.directory_id)
            .map(|d| d.directory_name.clone());
        let enabled = state
            .identity
            .user(&row.directory_id, &row.user_id)
            .is_some_and(|u| u.status == cloudsso_model::CreateUserStatus::Enabled);
        Some((row, name, enabled))
    });
    let Some((row, name, enabled)) = found else {
        return Err(unknown());
    };
    if expired(&row, now) {
        return Err(ApiError::new(
            "InvalidAccessToken.Expired",
            StatusCode::UNAUTHORIZED,
            "the access token has expired; sign in again with `cloudsso login`",
        ));
    }
    let Some(name) = name else {
        return Err(unknown());
    };
    if !enabled {
        return Err(ApiError::new(
            "InvalidAccessToken.UserDisabled",
            StatusCode::UNAUTHORIZED,
            format!(
                "the user `{}` of this access token is disabled or deleted",
                row.user_id
            ),
        ));
    }
    Ok(UserRef {
        directory: DirectoryRef {
            account: account.to_owned(),
            id: row.directory_id,
            name,
        },
        user_id: row.user_id,
    })
}
