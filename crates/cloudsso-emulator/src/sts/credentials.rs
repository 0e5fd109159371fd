//! Temporary credentials: the table of those issued, issuing them, and what the verifier
//! asks of them (the secret of an `STS.` key ID, then its security token and expiry).
//!
//! An issued key ID is `STS.N` and 22 letters and digits that encode the account it acts
//! for and 64 random bits, so that the verifier finds its row in that account's table
//! without an index that a seed, a reset or a restart could leave stale. The security
//! token (`CAIS…`, Base64, as the service's tokens look) names its key ID and carries 256
//! random bits; the table keeps only its SHA-256, and the secret, which the verifier needs
//! to check signatures (redacted in the admin dump).

use std::time::{Duration, SystemTime};

use acs_protocol::Secret;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::Failure;
use crate::settings::is_account_id;
use crate::state::{AccountState, Row, Store, timestamp};

/// The prefix of every issued access key ID.
pub(crate) const KEY_ID_PREFIX: &str = "STS.";
/// What follows [`KEY_ID_PREFIX`] first (the service's key IDs start `STS.N`).
const KEY_ID_MARK: &str = "N";
/// The length of the encoded part of a key ID: a `u128` in base 62.
const KEY_ID_DIGITS: usize = 22;
/// The prefix of every issued security token (the service's start so).
const TOKEN_PREFIX: &str = "CAIS";
/// The version byte of the token's layout.
const TOKEN_VERSION: u8 = 1;
/// The random part of a token, in bytes.
const TOKEN_RANDOM: usize = 32;
/// The length of an issued secret (the service's are 44 letters and digits).
const SECRET_LEN: usize = 44;
/// The shortest validity [`issue`] grants (the service's minimum `DurationSeconds`).
pub(crate) const MIN_DURATION: Duration = Duration::from_secs(900);
/// The longest validity [`issue`] grants (the service's maximum `DurationSeconds`).
pub(crate) const MAX_DURATION: Duration = Duration::from_secs(43_200);
/// How long an expired row is kept (to answer `InvalidSecurityToken.Expired` rather than
/// `InvalidAccessKeyId.NotFound`) before an issue in the same account removes it.
const KEEP_EXPIRED: Duration = Duration::from_secs(24 * 60 * 60);

/// The base-62 digits of key IDs.
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Who temporary credentials act as, within the account they act for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "Type")]
#[non_exhaustive]
pub(crate) enum Principal {
    /// A RAM role, assumed with `AssumeRole` or `AssumeRoleWithOIDC`.
    AssumedRole {
        /// `acs:ram::<account>:role/<name>`.
        #[serde(rename = "RoleArn")]
        role_arn: String,
        /// The role's ID (digits), as `AssumedRoleId` starts.
        #[serde(rename = "RoleId")]
        role_id: String,
        /// `RoleSessionName`.
        #[serde(rename = "RoleSessionName")]
        session_name: String,
    },
    /// A CloudSSO user signed in to the user portal, with an access configuration's
    /// permissions in the account (the service provisions a RAM role for it).
    PortalUser {
        /// The user's directory.
        #[serde(rename = "DirectoryId")]
        directory_id: String,
        /// The user's `u-` ID.
        #[serde(rename = "UserId")]
        user_id: String,
        /// The user's name (the session name of the provisioned role).
        #[serde(rename = "UserName")]
        user_name: String,
        /// The access configuration whose role the user acts as.
        #[serde(rename = "AccessConfigurationId")]
        access_configuration_id: String,
        /// Its name: the provisioned role is `AliyunReservedSSO-<name>`.
        #[serde(rename = "AccessConfigurationName")]
        access_configuration_name: String,
    },
}

impl Principal {
    /// The role this principal acts as: its ARN in `account` and its name.
    pub(crate) fn role(&self, account: &str) -> (String, String) {
        match self {
            Self::AssumedRole { role_arn, .. } => {
                let name = role_arn
                    .rsplit_once(":role/")
                    .map_or(role_arn.as_str(), |(_, name)| name);
                (role_arn.clone(), name.to_owned())
            }
            Self::PortalUser {
                access_configuration_name,
                ..
            } => {
                let name = format!("AliyunReservedSSO-{access_configuration_name}");
                (format!("acs:ram::{account}:role/{name}"), name)
            }
        }
    }

    /// The session name: `RoleSessionName`, or the portal user's name.
    pub(crate) fn session_name(&self) -> &str {
        match self {
            Self::AssumedRole { session_name, .. } => session_name,
            Self::PortalUser { user_name, .. } => user_name,
        }
    }

    /// The role's ID (digits): given for an assumed role, derived from the role's ARN for
    /// a portal user's provisioned role.
    pub(crate) fn role_id(&self, account: &str) -> String {
        match self {
            Self::AssumedRole { role_id, .. } => role_id.clone(),
            Self::PortalUser { .. } => role_id_of(&self.role(account).0),
        }
    }
}

/// A role ID for `role_arn` when none is configured: 19 digits starting with 3, as the
/// service's, the same for the same ARN.
pub(crate) fn role_id_of(role_arn: &str) -> String {
    let digest = Sha256::digest(role_arn.as_bytes());
    let mut bytes = [0_u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    let n = u64::from_be_bytes(bytes) % 1_000_000_000_000_000_000;
    format!("3{n:018}")
}

/// One issued set of temporary credentials, by access key ID, in the table of the account
/// it acts for.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct IssuedRow {
    /// The secret (the verifier checks signatures with it): redacted in the admin dump; a
    /// seed row whose secret was redacted has none, and its key is not found.
    #[serde(
        rename = "AccessKeySecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) secret: Option<Secret>,
    /// The SHA-256 of the security token, hex.
    #[serde(rename = "SecurityTokenSha256")]
    pub(crate) token_sha256: String,
    /// When it was issued, `YYYY-MM-DDTHH:MM:SSZ`.
    #[serde(rename = "IssuedAt")]
    pub(crate) issued_at: String,
    /// When it expires (the service's `Expiration`), `YYYY-MM-DDTHH:MM:SSZ`.
    #[serde(rename = "Expiration")]
    pub(crate) expiration: String,
    /// Who it acts as.
    #[serde(rename = "Principal")]
    pub(crate) principal: Principal,
}

impl std::fmt::Debug for IssuedRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedRow")
            .field("expiration", &self.expiration)
            .field("principal", &self.principal)
            .finish_non_exhaustive()
    }
}

impl Row for IssuedRow {
    const TABLE: &'static str = "sts_credentials";

    const SECRETS: &'static [&'static str] = &["/AccessKeySecret"];
}

impl IssuedRow {
    /// The expiry in Unix seconds; a row whose time cannot be read counts as expired.
    fn expires_at(&self) -> i64 {
        acs_signer::SigningTime::parse(&self.expiration).map_or(i64::MIN, |t| t.unix_seconds())
    }

    /// Whether it has expired at `now` (valid up to, not including, `Expiration`).
    pub(crate) fn is_expired(&self, now: SystemTime) -> bool {
        unix_seconds(now) >= self.expires_at()
    }
}

/// Temporary credentials just issued: the only time the secret and the token are seen.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub(crate) struct Issued {
    /// `STS.N…`.
    pub(crate) access_key_id: String,
    /// The secret (redacted in `Debug`).
    pub(crate) access_key_secret: Secret,
    /// The security token (redacted in `Debug`).
    pub(crate) security_token: Secret,
    /// `YYYY-MM-DDTHH:MM:SSZ`, the service's `Expiration` form.
    pub(crate) expiration: String,
    /// The account they act for.
    pub(crate) account: String,
    /// Who they act as.
    pub(crate) principal: Principal,
}

/// Issues temporary credentials that act for `account` as `principal`, valid for
/// `duration` from `now`, in one transaction of `store` (committed, with a state file,
/// before this returns). `duration` must be within 900 s..=43200 s (callers check their
/// own parameter first and answer with their own code).
///
/// Used by STS's `AssumeRole` and `AssumeRoleWithOIDC`, and by the user portal. Do not call
/// it inside [`Store::write`] of the same account (the account's lock is not reentrant):
/// there, use [`issue_in`].
pub(crate) fn issue(
    store: &Store,
    account: &str,
    principal: Principal,
    duration: Duration,
    now: SystemTime,
) -> Result<Issued, Failure> {
    check(account, duration)?;
    store.write(account, |state| {
        Ok(issue_in(state, account, principal, duration, now))
    })
}

/// [`issue`] inside a transaction already open on `account`'s `state` (the caller checked
/// `account` and `duration`).
pub(crate) fn issue_in(
    state: &mut AccountState,
    account: &str,
    principal: Principal,
    duration: Duration,
    now: SystemTime,
) -> Issued {
    purge_expired(state, now);
    let access_key_id = loop {
        let id = key_id(account);
        if !state.sts.credentials.contains_key(&id) {
            break id;
        }
    };
    let token = security_token(&access_key_id);
    let secret = crate::ids::secret(SECRET_LEN);
    let expiration = timestamp(now + duration);
    state.sts.credentials.insert(
        access_key_id.clone(),
        IssuedRow {
            secret: Some(Secret::new(secret.clone())),
            token_sha256: sha256_hex(&token),
            issued_at: timestamp(now),
            expiration: expiration.clone(),
            principal: principal.clone(),
        },
    );
    Issued {
        access_key_id,
        access_key_secret: Secret::new(secret),
        security_token: Secret::new(token),
        expiration,
        account: account.to_owned(),
        principal,
    }
}

/// `account` is 16 digits and `duration` within [`MIN_DURATION`]..=[`MAX_DURATION`].
fn check(account: &str, duration: Duration) -> Result<(), Failure> {
    if !is_account_id(account) {
        return Err(Failure::new(
            "InvalidParameter.AccountId",
            StatusCode::BAD_REQUEST,
            format!(
                "account `{}` is invalid; expected 16 digits",
                crate::params::quoted(account)
            ),
        ));
    }
    if !(MIN_DURATION..=MAX_DURATION).contains(&duration) {
        return Err(Failure::new(
            "InvalidParameter.DurationSeconds",
            StatusCode::BAD_REQUEST,
            format!(
                "The Min/Max value of DurationSeconds is 15min/12hr: {} seconds asked; \
                 expected 900 to 43200",
                duration.as_secs()
            ),
        ));
    }
    Ok(())
}

/// How often (in the request's time) an issue looks for rows to purge, so that issuing
/// stays cheap however many rows an account holds.
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Removes rows that expired more than [`KEEP_EXPIRED`] before `now`, at most once per
/// [`PURGE_EVERY`].
fn purge_expired(state: &mut AccountState, now: SystemTime) {
    let now = unix_seconds(now);
    let every = i64::try_from(PURGE_EVERY.as_secs()).unwrap_or(i64::MAX);
    if state
        .sts
        .purged_at
        .is_some_and(|last| now >= last && now.saturating_sub(last) < every)
    {
        return;
    }
    state.sts.purged_at = Some(now);
    let horizon = now.saturating_sub(i64::try_from(KEEP_EXPIRED.as_secs()).unwrap_or(0));
    let stale: Vec<String> = state
        .sts
        .credentials
        .iter()
        .filter(|(_, row)| row.expires_at() < horizon)
        .map(|(key, _)| key.to_owned())
        .collect();
    for key in stale {
        state.sts.credentials.remove(&key);
    }
}

/// A fresh key ID for `account`: `STS.N` and the account and 64 random bits in base 62.
fn key_id(account: &str) -> String {
    let account_number: u64 = account.parse().unwrap_or(0);
    let mut random = [0_u8; 8];
    random.copy_from_slice(&crate::ids::random_16()[..8]);
    let mut n = (u128::from(account_number) << 64) | u128::from(u64::from_be_bytes(random));
    let mut digits = [b'0'; KEY_ID_DIGITS];
    for digit in digits.iter_mut().rev() {
        *digit = BASE62[usize::try_from(n % 62).unwrap_or(0)];
        n /= 62;
    }
    let mut id = String::with_capacity(KEY_ID_PREFIX.len() + 1 + KEY_ID_DIGITS);
    id.push_str(KEY_ID_PREFIX);
    id.push_str(KEY_ID_MARK);
    id.extend(digits.iter().map(|&b| char::from(b)));
    id
}

/// The account an issued key ID acts for, if `id` has the form [`key_id`] makes.
pub(crate) fn account_of(id: &str) -> Option<String> {
    let digits = id.strip_prefix(KEY_ID_PREFIX)?.strip_prefix(KEY_ID_MARK)?;
    if digits.len() != KEY_ID_DIGITS {
        return None;
    }
    let mut n: u128 = 0;
    for byte in digits.bytes() {
        let digit = BASE62.iter().position(|&b| b == byte)?;
        n = n
            .checked_mul(62)?
            .checked_add(u128::try_from(digit).ok()?)?;
    }
    let account = u64::try_from(n >> 64).ok()?;
    let account = format!("{account:016}");
    is_account_id(&account).then_some(account)
}

/// A fresh security token for `key_id`: `CAIS` and the Base64 of a version byte, the key
/// ID's length and bytes, and 256 random bits.
fn security_token(key_id: &str) -> String {
    let mut bytes = Vec::with_capacity(2 + key_id.len() + TOKEN_RANDOM);
    bytes.push(TOKEN_VERSION);
    bytes.push(u8::try_from(key_id.len()).unwrap_or(u8::MAX));
    bytes.extend_from_slice(key_id.as_bytes());
    bytes.extend_from_slice(&crate::ids::random_16());
    bytes.extend_from_slice(&crate::ids::random_16());
    let mut token = String::from(TOKEN_PREFIX);
    STANDARD.encode_string(&bytes, &mut token);
    token
}

/// The key ID a security token names, if it has the form [`security_token`] makes.
fn token_key_id(token: &str) -> Option<String> {
    let bytes = STANDARD.decode(token.strip_prefix(TOKEN_PREFIX)?).ok()?;
    let (&version, rest) = bytes.split_first()?;
    let (&len, rest) = rest.split_first()?;
    let len = usize::from(len);
    if version != TOKEN_VERSION || rest.len() != len + TOKEN_RANDOM {
        return None;
    }
    String::from_utf8(rest[..len].to_vec()).ok()
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn unix_seconds(now: SystemTime) -> i64 {
    now.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The secret of issued key `id`, for the signature's check, if the key is known (expired
/// or not: expiry is checked after the signature, by [`authenticate`]).
pub(crate) fn secret_of(store: &Store, id: &str) -> Option<Secret> {
    let account = account_of(id)?;
    store.read(&account, |state| {
        state
            .sts
            .credentials
            .get(id)
            .and_then(|row| row.secret.clone())
    })
}

/// What a request signed with issued credentials acts as, once its token is checked.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    /// The account the credentials act for.
    pub(crate) account: String,
    /// Who they act as.
    pub(crate) principal: Principal,
}

/// Checks the security token a request signed with issued key `id` carried, at `now`:
/// `MissingSecurityToken` without one, `InvalidSecurityToken.Malformed` for one that is
/// not a token, `InvalidSecurityToken.MismatchWithAccessKey` for a token of another key (or
/// not the one issued with this key), `InvalidSecurityToken.Expired` after `Expiration`,
/// `InvalidAccessKeyId.NotFound` for a key no longer held. All 400 but the last (404).
pub(crate) fn authenticate(
    store: &Store,
    id: &str,
    token: Option<&Secret>,
    now: SystemTime,
) -> Result<Caller, Failure> {
    let Some(token) = token else {
        return Err(Failure::new(
            "MissingSecurityToken",
            StatusCode::BAD_REQUEST,
            format!(
                "SecurityToken is mandatory for this action: access key `{id}` is temporary; \
                 expected the security token issued with it (x-acs-security-token or \
                 SecurityToken)"
            ),
        ));
    };
    let Some(named) = token_key_id(token.expose()) else {
        return Err(Failure::new(
            "InvalidSecurityToken.Malformed",
            StatusCode::BAD_REQUEST,
            format!(
                "The security token you provided is malformed: the token sent with access key \
                 `{id}` is not a security token this service issued"
            ),
        ));
    };
    let mismatch = || {
        Failure::new(
            "InvalidSecurityToken.MismatchWithAccessKey",
            StatusCode::BAD_REQUEST,
            format!(
                "The security token you provided does not match the access key id: the token \
                 sent was not issued with access key `{id}`"
            ),
        )
    };
    if named != id {
        return Err(mismatch());
    }
    let Some(account) = account_of(id) else {
        return Err(not_found(id));
    };
    let row = store.read(&account, |state| state.sts.credentials.get(id).cloned());
    let Some(row) = row else {
        return Err(not_found(id));
    };
    let presented = sha256_hex(token.expose());
    if !bool::from(presented.as_bytes().ct_eq(row.token_sha256.as_bytes())) {
        return Err(mismatch());
    }
    if row.is_expired(now) {
        return Err(Failure::new(
            "InvalidSecurityToken.Expired",
            StatusCode::BAD_REQUEST,
            format!(
                "Specified SecurityToken is expired: the credentials of access key `{id}` \
                 expired at {}; expected unexpired temporary credentials (assume the role \
                 again)",
                row.expiration
            ),
        ));
    }
    Ok(Caller {
        account,
        principal: row.principal,
    })
}

/// `InvalidAccessKeyId.NotFound` (404) for an issued key the emulator no longer holds.
fn not_found(id: &str) -> Failure {
    Failure::with_message(
        acs_protocol::ErrorCode::INVALID_ACCESS_KEY_ID_NOT_FOUND,
        format!("Specified access key is not found: `{id}`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role() -> Principal {
        Principal::AssumedRole {
            role_arn: "acs:ram::1234567890123456:role/admin".to_owned(),
            role_id: role_id_of("acs:ram::1234567890123456:role/admin"),
            session_name: "alice".to_owned(),
        }
    }

    #[test]
    fn key_ids_name_their_account_and_differ() {
        for account in ["1234567890123456", "0000000000000001", "9999999999999999"] {
            let a = key_id(account);
            let b = key_id(account);
            assert_ne!(a, b);
            assert_eq!(a.len(), 27, "{a}");
            assert!(a.starts_with("STS.N"), "{a}");
            assert_eq!(account_of(&a).as_deref(), Some(account));
        }
        assert_eq!(account_of("STS.Nshort"), None);
        assert_eq!(account_of("testid"), None);
        assert_eq!(account_of("STS.N!!!!!!!!!!!!!!!!!!!!!!"), None);
        // 22 base-62 digits hold more than 128 bits: an overflow is refused, not wrapped.
        assert_eq!(account_of("STS.Nzzzzzzzzzzzzzzzzzzzzzz"), None);
    }

    #[test]
    fn tokens_name_their_key_id() {
        let id = key_id("1234567890123456");
        let token = security_token(&id);
        assert!(token.starts_with("CAIS"), "{token}");
        assert_eq!(token_key_id(&token).as_deref(), Some(id.as_str()));
        assert_ne!(token, security_token(&id));
        assert_eq!(token_key_id("CAIS"), None);
        assert_eq!(token_key_id("not a token"), None);
        assert_eq!(token_key_id(&token[..token.len() - 4]), None);
    }

    #[test]
    fn issued_credentials_authenticate_only_with_their_token_until_expiry() {
        let store = Store::in_memory();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let account = "1234567890123456";
        let issued = issue(&store, account, role(), Duration::from_secs(900), now).unwrap();
        assert_eq!(issued.expiration, timestamp(now + Duration::from_secs(900)));
        assert_eq!(issued.account, account);
        assert_eq!(issued.principal, role());
        assert_eq!(
            secret_of(&store, &issued.access_key_id).map(|s| s.expose().to_owned()),
            Some(issued.access_key_secret.expose().to_owned())
        );
        let caller = authenticate(
            &store,
            &issued.access_key_id,
            Some(&issued.security_token),
            now,
        )
        .unwrap();
        assert_eq!(caller.account, account);
        assert_eq!(caller.principal, role());

        let code = |token: Option<&Secret>, at: SystemTime| {
            authenticate(&store, &issued.access_key_id, token, at)
                .unwrap_err()
                .code
                .into_owned()
        };
        assert_eq!(code(None, now), "MissingSecurityToken");
        assert_eq!(
            code(Some(&Secret::new("garbage")), now),
            "InvalidSecurityToken.Malformed"
        );
        let other = issue(&store, account, role(), Duration::from_secs(900), now).unwrap();
        assert_eq!(
            code(Some(&other.security_token), now),
            "InvalidSecurityToken.MismatchWithAccessKey"
        );
        // A token naming this key but not the one issued with it.
        let forged = Secret::new(security_token(&issued.access_key_id));
        assert_eq!(
            code(Some(&forged), now),
            "InvalidSecurityToken.MismatchWithAccessKey"
        );
        let token = Some(&issued.security_token);
        assert!(
            authenticate(
                &store,
                &issued.access_key_id,
                token,
                now + Duration::from_secs(899)
            )
            .is_ok()
        );
        assert_eq!(
            code(token, now + Duration::from_secs(900)),
            "InvalidSecurityToken.Expired"
        );
        // Another account's table does not hold it.
        let elsewhere = key_id("6543210987654321");
        let failure = authenticate(
            &store,
            &elsewhere,
            Some(&Secret::new(security_token(&elsewhere))),
            now,
        )
        .unwrap_err();
        assert_eq!(failure.code, "InvalidAccessKeyId.NotFound");
        assert_eq!(failure.status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn issue_refuses_bad_durations_and_accounts_and_purges_old_rows() {
        let store = Store::in_memory();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        for seconds in [0, 899, 43_201] {
            let failure = issue(
                &store,
                "1234567890123456",
                role(),
                Duration::from_secs(seconds),
                now,
            )
            .unwrap_err();
            assert_eq!(failure.code, "InvalidParameter.DurationSeconds");
            assert!(failure.message.contains(&seconds.to_string()));
        }
        let failure = issue(&store, "12", role(), MIN_DURATION, now).unwrap_err();
        assert_eq!(failure.code, "InvalidParameter.AccountId");
        let old = issue(&store, "1234567890123456", role(), MIN_DURATION, now).unwrap();
        let later = now + MIN_DURATION + KEEP_EXPIRED + Duration::from_secs(1);
        let new = issue(&store, "1234567890123456", role(), MIN_DURATION, later).unwrap();
        assert!(secret_of(&store, &old.access_key_id).is_none());
        assert!(secret_of(&store, &new.access_key_id).is_some());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let store = Store::in_memory();
        let issued = issue(
            &store,
            "1234567890123456",
            role(),
            MIN_DURATION,
            SystemTime::now(),
        )
        .unwrap();
        let shown = format!("{issued:?}");
        assert!(!shown.contains(issued.access_key_secret.expose()));
        assert!(!shown.contains(issued.security_token.expose()));
        let row = store.read("1234567890123456", |s| {
            s.sts.credentials.get(&issued.access_key_id).cloned()
        });
        let shown = format!("{row:?}");
        assert!(
            !shown.contains(issued.access_key_secret.expose()),
            "{shown}"
        );
    }

    #[test]
    fn portal_users_act_as_the_provisioned_role() {
        let principal = Principal::PortalUser {
            directory_id: "d-1".to_owned(),
            user_id: "u-1".to_owned(),
            user_name: "alice".to_owned(),
            access_configuration_id: "ac-1".to_owned(),
            access_configuration_name: "Admin".to_owned(),
        };
        let (arn, name) = principal.role("1234567890123456");
        assert_eq!(
            arn,
            "acs:ram::1234567890123456:role/AliyunReservedSSO-Admin"
        );
        assert_eq!(name, "AliyunReservedSSO-Admin");
        assert_eq!(principal.session_name(), "alice");
        assert_eq!(principal.role_id("1234567890123456"), role_id_of(&arn));
        assert_eq!(role_id_of(&arn).len(), 19);
    }
}
