//! `POST /device-authorization` and `POST /token`: the device-authorization sign-in with
//! PKCE (portal.md §2).
//!
//! - `/device-authorization` takes `PortalUrl` (`…/<DirectoryName>/login`: the directory is
//!   found by name), `CodeChallenge` (base64url of a SHA-256: 43 characters),
//!   `CodeChallengeMethod` (`S256` only) and `ClientId` (any non-empty ID; `/token` must
//!   send the same). It answers a device code, a user code `XXXX-XXXX`, the verification
//!   page `http://<Host>/device/code` (and `…?user_code=…`), `Interval` and `ExpiresIn`
//!   ([`DEVICE_CODE_LIFETIME`](super::DEVICE_CODE_LIFETIME)).
//! - `/token` checks the grant type, the client ID and the PKCE verifier on every poll,
//!   then answers `AuthorizationPending` (400) until the user approves, `AccessDenied`
//!   (400) if the user denied, and once approved the access token (the device code is
//!   then spent). An unknown, expired or spent device code is `InvalidDeviceCodeError`
//!   (400).
//! - Polling too fast: a poll that comes sooner than `Interval` after the previous one of
//!   the same device code (less 250 ms for clock jitter) gets `SlowDown` (400, RFC 8628's
//!   `slow_down`) and is not otherwise answered. Neither official client handles that code
//!   (the aliyun CLI polls again, `cloudsso login` stops), and neither polls faster than
//!   `Interval`: only a misbehaving client sees it.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use bytes::Bytes;
use http::StatusCode;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::api::{self, ApiError};
use super::{ACCESS_TOKEN_LIFETIME, DEVICE_CODE_LIFETIME, DirectoryRef, UserRef, digest};
use crate::emulator::Emulator;

/// The only grant type `/token` takes.
pub(crate) const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// Slack for clocks when judging a poll too fast.
const POLL_JITTER: Duration = Duration::from_millis(250);
/// The letters of user codes: no vowels (no words), no look-alikes.
const USER_CODE_ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

/// A device authorization waiting for the user, or approved.
#[derive(Debug, Clone)]
pub(crate) struct DeviceGrant {
    pub(crate) directory: DirectoryRef,
    pub(crate) client_id: String,
    code_challenge: String,
    pub(crate) user_code: String,
    pub(crate) expires_at: SystemTime,
    interval: Duration,
    last_poll: Option<SystemTime>,
    pub(crate) decision: Decision,
}

/// What the user decided on the verification page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    Pending,
    Approved(String),
    Denied,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AuthorizationRequest {
    portal_url: Option<String>,
    code_challenge: Option<String>,
    client_id: Option<String>,
    code_challenge_method: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TokenRequest {
    code_verifier: Option<String>,
    client_id: Option<String>,
    device_code: Option<String>,
    grant_type: Option<String>,
}

/// The directory name of a sign-in URL: the first segment of `/<DirectoryName>/login`.
fn directory_name(portal_url: &str) -> Option<String> {
    let uri: http::Uri = portal_url.parse().ok()?;
    uri.scheme()?;
    uri.authority()?;
    let mut segments = uri.path().split('/').filter(|s| !s.is_empty());
    let name = segments.next()?;
    Some(
        percent_encoding::percent_decode_str(name)
            .decode_utf8()
            .ok()?
            .into_owned(),
    )
}

/// The portal's own address as the client reached it: `http://<Host>`, else the sign-in
/// URL's scheme and authority.
fn base_url(request: &http::Request<Bytes>, portal_url: &str) -> String {
    let host = request
        .headers()
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        });
    match host {
        Some(host) => format!("http://{host}"),
        None => portal_url
            .parse::<http::Uri>()
            .ok()
            .and_then(|u| Some(format!("{}://{}", u.scheme_str()?, u.authority()?)))
            .unwrap_or_default(),
    }
}

/// A fresh user code `XXXX-XXXX`.
fn user_code() -> String {
    let mut bytes = [0_u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        bytes.copy_from_slice(&crate::ids::random_16()[..8]);
    }
    let mut code = String::with_capacity(9);
    for (i, b) in bytes.iter().enumerate() {
        if i == 4 {
            code.push('-');
        }
        code.push(char::from(
            USER_CODE_ALPHABET[usize::from(*b) % USER_CODE_ALPHABET.len()],
        ));
    }
    code
}

/// A user code as typed: upper case, without spaces or dashes, then `XXXX-XXXX`.
pub(crate) fn normalize_user_code(typed: &str) -> String {
    let letters: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .take(16)
        .collect();
    if letters.len() == 8 {
        format!("{}-{}", &letters[..4], &letters[4..])
    } else {
        letters
    }
}

/// `POST /device-authorization`.
pub(crate) fn authorize(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    api::answer(authorize_inner(emulator, request, now))
}

fn authorize_inner(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> Result<serde_json::Value, ApiError> {
    let body: AuthorizationRequest = api::body(request)?;
    let portal_url = api::required("PortalUrl", body.portal_url.as_deref(), 2048)?;
    let challenge = api::required("CodeChallenge", body.code_challenge.as_deref(), 128)?;
    let client_id = api::required("ClientId", body.client_id.as_deref(), 128)?;
    let method = api::required(
        "CodeChallengeMethod",
        body.code_challenge_method.as_deref(),
        16,
    )?;
    if method != "S256" {
        return Err(ApiError::invalid("CodeChallengeMethod", method, "S256"));
    }
    let challenge_ok = challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !challenge_ok {
        return Err(ApiError::invalid(
            "CodeChallenge",
            challenge,
            "the base64url encoding (no padding, 43 characters) of the SHA-256 of the code \
             verifier",
        ));
    }
    let name = directory_name(portal_url).ok_or_else(|| {
        ApiError::invalid(
            "PortalUrl",
            portal_url,
            "the sign-in URL http(s)://<host>/<DirectoryName>/login",
        )
    })?;
    let directory = super::find_directory(&emulator.inner().store, &name).ok_or_else(|| {
        ApiError::new(
            "EntityNotExists.Directory",
            StatusCode::NOT_FOUND,
            format!("PortalUrl names directory `{name}`, which does not exist"),
        )
    })?;
    let interval = emulator
        .inner()
        .portal
        .config
        .poll_interval
        .max(Duration::from_secs(1));
    let device_code = super::random_token(43);
    let base = base_url(request, portal_url);
    let mut portal = emulator.inner().portal.lock();
    if !super::has_room(&portal.devices) {
        return Err(ApiError::new(
            "Throttling",
            StatusCode::TOO_MANY_REQUESTS,
            "too many sign-ins are waiting for approval; try again later",
        ));
    }
    let code = loop {
        let code = user_code();
        if !portal.user_codes.contains_key(&code) {
            break code;
        }
    };
    let key = digest(&device_code);
    portal.user_codes.insert(code.clone(), key.clone());
    portal.devices.insert(
        key,
        DeviceGrant {
            directory,
            client_id: client_id.to_owned(),
            code_challenge: challenge.to_owned(),
            user_code: code.clone(),
            expires_at: now + DEVICE_CODE_LIFETIME,
            interval,
            last_poll: None,
            decision: Decision::Pending,
        },
    );
    Ok(serde_json::json!({
        "DeviceCode": device_code,
        "UserCode": code,
        "VerificationUri": format!("{base}/device/code"),
        "VerificationUriComplete": format!("{base}/device/code?user_code={code}"),
        "Interval": interval.as_secs(),
        "ExpiresIn": DEVICE_CODE_LIFETIME.as_secs(),
    }))
}

/// `POST /token`.
pub(crate) fn token(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    api::answer(token_inner(emulator, request, now))
}

fn invalid_device_code(why: &str) -> ApiError {
    ApiError::new(
        "InvalidDeviceCodeError",
        StatusCode::BAD_REQUEST,
        format!("the device code {why}; start the sign-in again"),
    )
}

fn token_inner(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    now: SystemTime,
) -> Result<serde_json::Value, ApiError> {
    let body: TokenRequest = api::body(request)?;
    let grant_type = api::required("GrantType", body.grant_type.as_deref(), 128)?;
    if grant_type != GRANT_TYPE {
        return Err(ApiError::invalid("GrantType", grant_type, GRANT_TYPE));
    }
    let client_id = api::required("ClientId", body.client_id.as_deref(), 128)?;
    let device_code = api::required("DeviceCode", body.device_code.as_deref(), 128)?;
    let verifier = api::required("CodeVerifier", body.code_verifier.as_deref(), 128)?;
    let key = digest(device_code);
    let mut portal = emulator.inner().portal.lock();
    let Some(grant) = portal.devices.get_mut(&key) else {
        return Err(invalid_device_code("is unknown, expired or already used"));
    };
    if grant.expires_at <= now {
        return Err(invalid_device_code("has expired"));
    }
    if grant.client_id != client_id {
        return Err(ApiError::invalid(
            "ClientId",
            client_id,
            "the ClientId the device authorization was started with",
        ));
    }
    let challenge =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier));
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        challenge.as_bytes(),
        grant.code_challenge.as_bytes(),
    )) {
        return Err(ApiError::new(
            "InvalidParameter.CodeVerifier",
            StatusCode::BAD_REQUEST,
            "CodeVerifier does not match the CodeChallenge of the device authorization \
             (S256: base64url of its SHA-256)",
        ));
    }
    let too_fast = grant.last_poll.is_some_and(|last| {
        now.duration_since(last).unwrap_or_default() + POLL_JITTER < grant.interval
    });
    grant.last_poll = Some(now);
    if too_fast {
        return Err(ApiError::new(
            "SlowDown",
            StatusCode::BAD_REQUEST,
            format!(
                "polled sooner than Interval ({} s) after the previous poll; wait Interval \
                 seconds between polls",
                grant.interval.as_secs()
            ),
        ));
    }
    let user_id = match &grant.decision {
        Decision::Pending => {
            return Err(ApiError::new(
                "AuthorizationPending",
                StatusCode::BAD_REQUEST,
                "the user has not approved the sign-in yet",
            ));
        }
        Decision::Denied => {
            return Err(ApiError::new(
                "AccessDenied",
                StatusCode::BAD_REQUEST,
                "the user denied the sign-in",
            ));
        }
        Decision::Approved(user) => user.clone(),
    };
    let directory = grant.directory.clone();
    let user_code = grant.user_code.clone();
    portal.devices.remove(&key);
    portal.user_codes.remove(&user_code);
    drop(portal);
    let access_token = api::issue_token(
        emulator,
        &UserRef { directory, user_id },
        ACCESS_TOKEN_LIFETIME,
        now,
    )?;
    Ok(serde_json::json!({
        "AccessToken": access_token,
        "ExpiresIn": ACCESS_TOKEN_LIFETIME.as_secs(),
    }))
}

/// Why a user code cannot be approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApprovalError {
    /// Unknown or expired.
    Unknown,
    /// Already approved or denied.
    Decided,
    /// For another directory than the one signed in to.
    OtherDirectory,
}

/// The directory a pending user code signs in to, if the code is live and undecided.
pub(crate) fn pending_directory(
    emulator: &Emulator,
    user_code: &str,
    now: SystemTime,
) -> Result<DirectoryRef, ApprovalError> {
    let portal = emulator.inner().portal.lock();
    let grant = portal
        .user_codes
        .get(user_code)
        .and_then(|key| portal.devices.get(key))
        .filter(|g| g.expires_at > now)
        .ok_or(ApprovalError::Unknown)?;
    if grant.decision != Decision::Pending {
        return Err(ApprovalError::Decided);
    }
    Ok(grant.directory.clone())
}

/// Records the user's decision on `user_code`: approved by `user` or denied. A code is
/// decided once.
pub(crate) fn decide(
    emulator: &Emulator,
    user_code: &str,
    user: &UserRef,
    approve: bool,
    now: SystemTime,
) -> Result<(), ApprovalError> {
    let mut portal = emulator.inner().portal.lock();
    let key = portal
        .user_codes
        .get(user_code)
        .cloned()
        .ok_or(ApprovalError::Unknown)?;
    let grant = portal
        .devices
        .get_mut(&key)
        .filter(|g| g.expires_at > now)
        .ok_or(ApprovalError::Unknown)?;
    if grant.directory != user.directory {
        return Err(ApprovalError::OtherDirectory);
    }
    if grant.decision != Decision::Pending {
        return Err(ApprovalError::Decided);
    }
    grant.decision = if approve {
        Decision::Approved(user.user_id.clone())
    } else {
        Decision::Denied
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_is_the_first_segment_of_the_sign_in_url() {
        assert_eq!(
            directory_name("https://signin-cn-shanghai.alibabacloudsso.com/start/login").as_deref(),
            Some("start")
        );
        assert_eq!(
            directory_name("http://127.0.0.1:8080/my-dir/login").as_deref(),
            Some("my-dir")
        );
        assert_eq!(directory_name("no-scheme/login"), None);
        assert_eq!(directory_name("http://127.0.0.1:8080/"), None);
    }

    #[test]
    fn user_codes_are_two_groups_of_four_consonants() {
        for _ in 0..50 {
            let code = user_code();
            assert_eq!(code.len(), 9);
            assert_eq!(&code[4..5], "-");
            assert!(
                code.bytes()
                    .filter(|b| *b != b'-')
                    .all(|b| USER_CODE_ALPHABET.contains(&b))
            );
            assert_eq!(
                normalize_user_code(&code.to_lowercase().replace('-', " ")),
                code
            );
        }
    }
}
