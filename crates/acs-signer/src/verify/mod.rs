//! Verification, the server side: is a received request signed by a known key, recently,
//! once?
//!
//! [`verify`] reads the version from the request itself (an `Authorization` header is V3, a
//! `Signature` parameter V2), recomputes the signature with the same steps the signer uses,
//! and checks, in the service's order: the algorithm, the access key, the timestamp (within
//! [`WINDOW`] either way), that every `host` and `x-acs-*` header is signed, the body hash,
//! the signature (in constant time), and last the nonce, so that a forged request cannot
//! use up a client's nonce. Each failure is a [`VerificationError`] with the service's error
//! code.
//!
//! It accepts requests as real clients send them: V2 parameters in the query or in an
//! `application/x-www-form-urlencoded` body, any percent-encoding that decodes to the same
//! values, V3 headers signed by the standard selection or by the Python SDK's all-headers
//! one, the SDKs' V3 canonical query, which leaves parameter names unencoded, and the Node.js
//! SDK's parameter order, by UTF-16 code unit (each tried only when the published form does
//! not match and the request has a name it can change).

mod error;
mod replay;
mod v2;
mod v3;

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use acs_protocol::{Secret, SignatureVersion, SigningAlgorithm};

pub use error::VerificationError;
pub use replay::ReplayStore;

use crate::request::SignableRequest;
use crate::time::SigningTime;

/// How far a request's timestamp may be from the server's clock, either way: 15 minutes.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Finds the secret of an access key ID: the HMAC secret, or for `ACS3-RSA-SHA256` the RSA
/// public key in PEM form (a private key is accepted too, and its public half used).
pub trait KeyLookup {
    /// The secret of `access_key_id`, or `None` when the key is not known.
    fn secret(&self, access_key_id: &str) -> Option<Secret>;

    /// The same, borrowed when the lookup holds it: what [`verify`] asks for, so that a
    /// map of keys is read without copying (and wiping) a secret per request. By default,
    /// [`secret`](Self::secret)'s answer.
    fn secret_ref(&self, access_key_id: &str) -> Option<Cow<'_, Secret>> {
        self.secret(access_key_id).map(Cow::Owned)
    }
}

impl<F> KeyLookup for F
where
    F: Fn(&str) -> Option<Secret>,
{
    fn secret(&self, access_key_id: &str) -> Option<Secret> {
        self(access_key_id)
    }
}

impl<S: std::hash::BuildHasher> KeyLookup for HashMap<String, Secret, S> {
    fn secret(&self, access_key_id: &str) -> Option<Secret> {
        self.get(access_key_id).cloned()
    }

    fn secret_ref(&self, access_key_id: &str) -> Option<Cow<'_, Secret>> {
        self.get(access_key_id).map(Cow::Borrowed)
    }
}

/// What a verified request was signed with, borrowed from the request where it can be.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified<'a> {
    /// The access key ID.
    pub access_key_id: Cow<'a, str>,
    /// The algorithm; `HMAC-SHA1` for V2.
    pub algorithm: SigningAlgorithm,
    /// The signing time the request carried.
    pub time: SigningTime,
    /// The nonce, now remembered by the replay store.
    pub nonce: Cow<'a, str>,
    /// The action the request names (`x-acs-action` or `Action`), if it names one.
    pub action: Option<Cow<'a, str>>,
    /// The API version the request names (`x-acs-version` or `Version`), if it names one.
    pub version: Option<Cow<'a, str>>,
    /// The STS security token it carried (`x-acs-security-token` or `SecurityToken`).
    pub security_token: Option<Secret>,
}

impl Verified<'_> {
    /// V3 or V2.
    pub fn signature_version(&self) -> SignatureVersion {
        self.algorithm.signature_version()
    }

    /// The same, owning its text, to outlive the request.
    pub fn into_owned(self) -> Verified<'static> {
        let owned = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        Verified {
            access_key_id: owned(self.access_key_id),
            algorithm: self.algorithm,
            time: self.time,
            nonce: owned(self.nonce),
            action: self.action.map(owned),
            version: self.version.map(owned),
            security_token: self.security_token,
        }
    }
}

/// Verifies the signature of a received request at time `now`, remembering its nonce in
/// `replay`.
///
/// ```
/// use std::collections::HashMap;
/// use std::time::{Duration, UNIX_EPOCH};
/// use acs_protocol::{Credentials, Secret};
/// use acs_signer::{ReplayStore, SignableRequest, SigningParams, VerificationError};
///
/// let credentials = Credentials::new("testid", "testsecret");
/// let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let params = SigningParams::builder()
///     .credentials(&credentials)
///     .action("GetMFAAuthenticationSettingInfo")
///     .version("2021-05-15")
///     .time(time)
///     .build()?;
/// let mut request = http::Request::post(
///     "https://cloudsso.cn-shanghai.aliyuncs.com/?DirectoryId=d-00fc2p61****",
/// )
/// .body(Vec::new())?;
/// acs_signer::sign(&mut request, &params)?;
///
/// let keys = HashMap::from([("testid".to_owned(), Secret::new("testsecret"))]);
/// let replay = ReplayStore::new();
/// let received = SignableRequest::from_request(&request);
/// let verified = acs_signer::verify(&received, &keys, time, &replay)?;
/// assert_eq!(verified.access_key_id, "testid");
/// // The same request again is a replay.
/// let error = acs_signer::verify(&received, &keys, time, &replay).unwrap_err();
/// assert_eq!(error.error_code().code, "SignatureNonceUsed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify<'a>(
    request: &SignableRequest<'a>,
    keys: &impl KeyLookup,
    now: SystemTime,
    replay: &ReplayStore,
) -> Result<Verified<'a>, VerificationError> {
    if request.headers().contains_key(http::header::AUTHORIZATION) {
        return v3::verify(request, keys, now, replay);
    }
    v2::verify(request, keys, now, replay)
}

/// Whether `request` verifies with a replay store of its own (for tests).
#[cfg(test)]
pub(crate) fn verify_once(
    request: &http::Request<Vec<u8>>,
    keys: &impl KeyLookup,
    now: SystemTime,
) -> Result<(), VerificationError> {
    let replay = ReplayStore::with_capacity(4);
    verify(&SignableRequest::from_request(request), keys, now, &replay).map(|_| ())
}

/// Parses a timestamp and checks it is within [`WINDOW`] of `now`.
fn check_time(
    field: &'static str,
    value: &str,
    now: SystemTime,
) -> Result<SigningTime, VerificationError> {
    let time = SigningTime::parse(value)
        .map_err(|source| VerificationError::TimestampFormat { field, source })?;
    let now = now_seconds(now);
    let skew = time.unix_seconds().saturating_sub(now);
    if skew.unsigned_abs() > WINDOW.as_secs() {
        return Err(VerificationError::TimestampExpired {
            field,
            value: value.to_owned(),
            skew_seconds: skew,
            window_seconds: WINDOW.as_secs(),
        });
    }
    Ok(time)
}

/// `now` in Unix seconds (0 before the epoch, which no signing time precedes).
fn now_seconds(now: SystemTime) -> i64 {
    now.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Remembers the nonce until its request's timestamp leaves the window.
fn remember_nonce(
    replay: &ReplayStore,
    access_key_id: &str,
    nonce: &str,
    time: SigningTime,
    now: SystemTime,
) -> Result<(), VerificationError> {
    let window = WINDOW.as_secs();
    let expires_at = time
        .unix_seconds()
        .saturating_add(i64::try_from(window).unwrap_or(i64::MAX))
        .saturating_add(1);
    replay.insert(access_key_id, nonce, now_seconds(now), expires_at, window)
}
