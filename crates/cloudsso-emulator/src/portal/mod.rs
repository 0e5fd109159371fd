//! The CloudSSO user portal, served on the emulator's listener beside the API: the
//! device-authorization sign-in the aliyun CLI and `cloudsso login` use, the listings and
//! `/cloud-credentials` they call with the portal's access token, and the server-rendered
//! pages a person signs in with (`/<DirectoryName>/login`, `/device/code`).
//!
//! One module per step:
//!
//! | module | what |
//! | --- | --- |
//! | [`api`] | the JSON side: bodies, bearer tokens, `{ErrorCode, ErrorMessage, RequestId}` |
//! | [`device`] | `POST /device-authorization`, `POST /token` (PKCE S256, polling, approval) |
//! | [`listings`] | what a user was granted: `GET /access-assignments/accounts`, `…/access-configurations` |
//! | [`credentials`] | `POST /cloud-credentials` |
//! | [`session`] | browser sessions in cookies, CSRF tokens |
//! | [`signin`] | the sign-in checks: network masks, lockout, password, forced change, MFA policy |
//! | [`totp`] | RFC 6238 codes: binding, checking, replays |
//! | [`pages`] | the HTML pages and their forms |
//! | [`html`] | escaping and the page layout |
//!
//! Access tokens are kept in the state (table `portal_access_tokens` of the directory's
//! account, by the token's SHA-256), so a sign-in survives a restart with a state file; so
//! are passwords changed and MFA devices bound at sign-in. What is short-lived (device
//! codes, browser sessions, failed attempts, the addresses users signed in from, the last
//! TOTP step used) is kept in memory: a restart forgets it.

mod api;
mod credentials;
mod device;
mod html;
mod listings;
mod pages;
mod session;
mod signin;
mod totp;

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::{Method, StatusCode};
use sha2::{Digest, Sha256};

use crate::emulator::Emulator;
use crate::state::{Store, Table, TableSet, TableVisitor};

pub(crate) use session::BrowserSession;

/// The default wait between polls of `/token` the portal asks for (`Interval`).
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How long a device code and its user code can be approved and redeemed (`ExpiresIn` of
/// `/device-authorization`).
pub const DEVICE_CODE_LIFETIME: Duration = Duration::from_secs(600);
/// How long a portal access token lasts (`ExpiresIn` of `/token`): the portal's documented
/// 8-hour session.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(8 * 3600);
/// How long a browser session lasts (the documented 8 hours).
pub const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 3600);

/// The most live entries of each kind the portal keeps (memory stays bounded).
const MAX_ENTRIES: usize = 10_000;

/// The portal's tables in an account's state.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    /// Access tokens issued by `/token`, by their SHA-256.
    pub(crate) access_tokens: Table<api::AccessTokenRow>,
}

impl TableSet for Tables {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        visitor.table(&mut self.access_tokens);
    }
}

/// The portal's configuration.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PortalConfig {
    /// `Interval` of `/device-authorization`.
    pub(crate) poll_interval: Duration,
}

impl Default for PortalConfig {
    fn default() -> Self {
        Self {
            poll_interval: DEFAULT_POLL_INTERVAL,
        }
    }
}

/// The portal: its configuration and what it remembers in memory.
#[derive(Debug, Default)]
pub(crate) struct Portal {
    pub(crate) config: PortalConfig,
    state: Mutex<PortalState>,
}

/// A directory found by its name: the account that holds it and its ID.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct DirectoryRef {
    pub(crate) account: String,
    pub(crate) id: String,
    pub(crate) name: String,
}

/// A user of a directory.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct UserRef {
    pub(crate) directory: DirectoryRef,
    pub(crate) user_id: String,
}

/// What the portal keeps in memory. Secrets (device codes, access tokens, session IDs) are
/// keyed by their SHA-256, never kept as they are.
#[derive(Debug, Default)]
pub(crate) struct PortalState {
    pub(crate) devices: HashMap<String, device::DeviceGrant>,
    /// User code to the device code's hash.
    pub(crate) user_codes: HashMap<String, String>,
    pub(crate) sessions: HashMap<String, BrowserSession>,
    /// Failed password attempts per user, for `MaxLoginAttempts`.
    pub(crate) failures: HashMap<UserRef, Vec<SystemTime>>,
    /// The addresses each user signed in from (for `OnlyRiskyLogin`).
    pub(crate) known_addresses: HashMap<UserRef, BTreeSet<IpAddr>>,
    /// The last TOTP time step accepted per device (state key), so a code is used once.
    pub(crate) used_steps: HashMap<String, u64>,
}

impl PortalState {
    /// Forgets what has expired at `now`.
    fn purge(&mut self, now: SystemTime) {
        self.devices.retain(|_, d| d.expires_at > now);
        let devices = &self.devices;
        self.user_codes.retain(|_, hash| devices.contains_key(hash));
        self.sessions.retain(|_, s| s.expires_at > now);
        self.failures.retain(|_, times| {
            times.retain(|t| now.duration_since(*t).unwrap_or_default() < signin::LOCKOUT_WINDOW);
            !times.is_empty()
        });
    }
}

impl Portal {
    pub(crate) fn new(config: PortalConfig) -> Self {
        Self {
            config,
            state: Mutex::new(PortalState::default()),
        }
    }

    /// The in-memory state, locked (never held across a state write).
    pub(crate) fn lock(&self) -> MutexGuard<'_, PortalState> {
        match self.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Forgets everything (the admin reset).
    pub(crate) fn clear(&self) {
        *self.lock() = PortalState::default();
    }
}

/// Whether `path` is the portal's: every path but `/` (the API) and the admin interface.
pub(crate) fn is_portal_path(path: &str) -> bool {
    path != "/" && !path.is_empty() && !path.starts_with(crate::admin::ADMIN_PATH)
}

/// The SHA-256 of a secret, in hex: how secrets are looked up without being kept.
pub(crate) fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A random token of `len` letters and digits.
pub(crate) fn random_token(len: usize) -> String {
    crate::ids::secret(len)
}

/// The directory named `name`, in the first account (in ID order) that has one.
pub(crate) fn find_directory(store: &Store, name: &str) -> Option<DirectoryRef> {
    if name.is_empty() {
        return None;
    }
    store.accounts().into_iter().find_map(|account| {
        let id = store.read(&account, |state| {
            state
                .directory
                .directories
                .iter()
                .find(|(_, row)| row.directory_name == name)
                .map(|(id, _)| id.to_owned())
        })?;
        Some(DirectoryRef {
            account,
            id,
            name: name.to_owned(),
        })
    })
}

impl Emulator {
    /// Answers a request of the user portal (any path but `/` and the admin interface) from
    /// client address `peer` at time `now`: the JSON API of `cloudsso login` and the
    /// aliyun CLI, and the sign-in pages. Never panics; an unknown path is a 404.
    pub fn handle_portal_at(
        &self,
        request: http::Request<Bytes>,
        peer: IpAddr,
        now: SystemTime,
    ) -> http::Response<Vec<u8>> {
        let started = Instant::now();
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let portal = &self.inner().portal;
        portal.lock().purge(now);
        let response = match (method.clone(), path.as_str()) {
            (Method::POST, "/device-authorization") => device::authorize(self, &request, now),
            (Method::POST, "/token") => device::token(self, &request, now),
            (Method::GET, "/access-assignments/accounts") => {
                listings::accounts(self, &request, now)
            }
            (Method::GET, "/access-assignments/access-configurations") => {
                listings::access_configurations(self, &request, now)
            }
            (Method::POST, "/cloud-credentials") => {
                credentials::cloud_credentials(self, &request, now)
            }
            (
                _,
                "/device-authorization"
                | "/token"
                | "/access-assignments/accounts"
                | "/access-assignments/access-configurations"
                | "/cloud-credentials",
            ) => api::error_response(&api::ApiError::new(
                "MethodNotAllowed",
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed on {path}"),
            )),
            _ => pages::route(self, &request, peer, now),
        };
        tracing::info!(
            method = %method,
            path = %path,
            status = response.status().as_u16(),
            latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
            "portal request"
        );
        response
    }

    /// [`handle_portal_at`](Self::handle_portal_at) at the system clock's time.
    pub fn handle_portal(
        &self,
        request: http::Request<Bytes>,
        peer: IpAddr,
    ) -> http::Response<Vec<u8>> {
        self.handle_portal_at(request, peer, SystemTime::now())
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn unix(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Keeps `map` under [`MAX_ENTRIES`]: `false` when it is full.
pub(crate) fn has_room<K, V>(map: &HashMap<K, V>) -> bool {
    map.len() < MAX_ENTRIES
}
