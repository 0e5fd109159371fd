//! The emulator: configuration, and the request path from HTTP request to HTTP response.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime};

use acs_codec::Parameters;
use acs_protocol::{ErrorCode, Format, Secret};
use acs_signer::{KeyLookup, ReplayStore, SignableRequest, Verified};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method, StatusCode};

use crate::admin::Dump;
use crate::directory::DirectoryState;
use crate::error::{BuildError, Failure};
use crate::service::{Context, IMPLEMENTED};
use crate::settings::{Settings, TaskTransition, is_account_id};
use crate::state::{AccountState, InitError, Store};
use crate::sts::config::{OidcProvider, RamRole};
use crate::throttle::RateLimiter;
use crate::{ids, service, wire};

/// The documented example directory, served when no directory is configured.
pub const DEFAULT_DIRECTORY: &str = "d-00fc2p61****";
/// The account of access keys given without one.
pub const DEFAULT_ACCOUNT: &str = "1234567890123456";
/// The default limit: 100 calls per second per account per operation, as the service.
pub const DEFAULT_RATE_LIMIT: u32 = 100;
/// The default limit across all accounts: 100 calls per second per operation, as the
/// service.
pub const DEFAULT_GLOBAL_RATE_LIMIT: u32 = 100;
/// The default largest request body: 64 KiB (the two operations take a few dozen bytes).
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;
/// The region reported for directories, unless [`EmulatorBuilder::region`] sets another.
pub const DEFAULT_REGION: &str = "cn-shanghai";
/// The most directories `CreateDirectory` lets an account hold by default: one, as the
/// service allows per management account ([`EmulatorBuilder::directory_quota`]).
pub const DEFAULT_DIRECTORY_QUOTA: u64 = 1;
/// The default `HostId` of error envelopes.
pub const DEFAULT_HOST_ID: &str = "cloudsso.emulator.localhost";
/// The header that names each response's request ID.
pub const REQUEST_ID_HEADER: &str = "x-acs-request-id";
/// The throttling hint header.
pub const RATE_LIMIT_HEADER: &str = "x-ratelimit-user-api";

/// A local CloudSSO: verifies each request's signature, decodes it, applies it to its state
/// and answers as the service does. Cheap to clone; clones share the state.
///
/// ```
/// use cloudsso_emulator::Emulator;
///
/// let emulator = Emulator::builder()
///     .access_key("testid", "testsecret")
///     .directory("d-00fc2p61****")
///     .rate_limit(100)
///     .build()?;
/// // An unsigned request is refused in the format it asks for.
/// let request = http::Request::post("http://localhost/?Format=JSON")
///     .body(bytes::Bytes::new())?;
/// let response = emulator.handle(request);
/// assert_eq!(response.status(), 400);
/// let body: serde_json::Value = serde_json::from_slice(response.body())?;
/// assert_eq!(body["Code"], "IncompleteSignature");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Emulator {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    keys: HashMap<String, Secret>,
    /// The account of each access key ID.
    key_accounts: HashMap<String, String>,
    pub(crate) store: Store,
    replay: ReplayStore,
    limiter: RateLimiter,
    global_limiter: RateLimiter,
    host_id: String,
    region: String,
    max_body_bytes: usize,
    pub(crate) settings: RwLock<Arc<Settings>>,
    /// The user portal's configuration and what it keeps in memory.
    pub(crate) portal: crate::portal::Portal,
    /// STS's roles and OIDC providers.
    sts: crate::sts::config::Config,
    /// What start and reset give every account of a key.
    initial: Initial,
}

/// The initial state: configured directories (or the fallback) per account, then the seed.
struct Initial {
    accounts: Vec<String>,
    directories: Vec<String>,
    region: String,
    seed: Option<Dump>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("access_key_ids", &self.keys.keys().collect::<Vec<_>>())
            .field("accounts", &self.initial.accounts)
            .field("store", &self.store)
            .field("limiter", &self.limiter)
            .field("global_limiter", &self.global_limiter)
            .field("host_id", &self.host_id)
            .field("region", &self.region)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

/// Configures an [`Emulator`]; at least one access key is required.
#[derive(Debug, Default)]
pub struct EmulatorBuilder {
    keys: Vec<(String, Secret, Option<String>)>,
    directories: Vec<String>,
    member_accounts: Option<Vec<String>>,
    state_file: Option<PathBuf>,
    seed: Option<serde_json::Value>,
    rate_limit: Option<u32>,
    global_rate_limit: Option<u32>,
    task_transition: Option<TaskTransition>,
    host_id: Option<String>,
    region: Option<String>,
    max_body_bytes: Option<usize>,
    replay_capacity: Option<usize>,
    user_quota: Option<u64>,
    group_quota: Option<u64>,
    portal_poll_interval: Option<std::time::Duration>,
    roles: Vec<RamRole>,
    oidc_providers: Vec<OidcProvider>,
    access_configuration_quota: Option<u64>,
    system_policy_quota: Option<u64>,
    inline_policy_quota: Option<u64>,
    directory_quota: Option<u64>,
}

impl EmulatorBuilder {
    /// Adds an access key of account [`DEFAULT_ACCOUNT`] that requests may be signed with
    /// (repeatable).
    #[must_use]
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<Secret>) -> Self {
        self.keys.push((id.into(), secret.into(), None));
        self
    }

    /// Adds an access key of `account` (16 digits): its requests see and change that
    /// account's state only.
    #[must_use]
    pub fn account_access_key(
        mut self,
        id: impl Into<String>,
        secret: impl Into<Secret>,
        account: impl Into<String>,
    ) -> Self {
        self.keys
            .push((id.into(), secret.into(), Some(account.into())));
        self
    }

    /// Adds a directory (repeatable), created in every account of an access key. With none,
    /// [`DEFAULT_DIRECTORY`] is created in an account that holds no state yet.
    #[must_use]
    pub fn directory(mut self, id: impl Into<String>) -> Self {
        self.directories.push(id.into());
        self
    }

    /// Adds an account (16 digits) to the resource directory's members (repeatable). With
    /// none, every 16-digit account ID is a member.
    #[must_use]
    pub fn member_account(mut self, id: impl Into<String>) -> Self {
        self.member_accounts
            .get_or_insert_with(Vec::new)
            .push(id.into());
        self
    }

    /// Keeps the state in the SQLite database `path` (created if missing; a JSON state file
    /// of earlier versions is imported once into `path.sqlite3` and left as it is), each
    /// change committed before it is acknowledged; a file that is not ours is refused.
    #[must_use]
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// A seed document (the format [`Emulator::dump`] writes), loaded at build into a state
    /// that holds nothing yet, and again by each [`Emulator::reset`].
    #[must_use]
    pub fn seed(mut self, document: serde_json::Value) -> Self {
        self.seed = Some(document);
        self
    }

    /// Calls per second per account per operation; 0 turns this limit off. Default
    /// [`DEFAULT_RATE_LIMIT`].
    #[must_use]
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Calls per second per operation across all accounts; 0 turns this limit off. Default
    /// [`DEFAULT_GLOBAL_RATE_LIMIT`].
    #[must_use]
    pub fn global_rate_limit(mut self, per_second: u32) -> Self {
        self.global_rate_limit = Some(per_second);
        self
    }

    /// The most users of a directory (`UserQuota` of `GetDirectoryStatistics`, enforced by
    /// `CreateUser`); default the documented 1000.
    #[must_use]
    pub fn user_quota(mut self, quota: u64) -> Self {
        self.user_quota = Some(quota);
        self
    }

    /// The most groups of a directory (`GroupQuota`, enforced by `CreateGroup`); default
    /// the documented 500.
    #[must_use]
    pub fn group_quota(mut self, quota: u64) -> Self {
        self.group_quota = Some(quota);
        self
    }

    /// The most access configurations of a directory (`AccessConfigurationQuota`, enforced
    /// by `CreateAccessConfiguration`); default the documented 1000.
    #[must_use]
    pub fn access_configuration_quota(mut self, quota: u64) -> Self {
        self.access_configuration_quota = Some(quota);
        self
    }

    /// The most System policies of an access configuration
    /// (`SystemPolicyPerAccessConfigurationQuota`, enforced by
    /// `AddPermissionPolicyToAccessConfiguration`); default the documented 20.
    #[must_use]
    pub fn system_policy_quota(mut self, quota: u64) -> Self {
        self.system_policy_quota = Some(quota);
        self
    }

    /// The most Inline policies of an access configuration
    /// (`InlinePolicyPerAccessConfigurationQuota`); default the documented 1.
    #[must_use]
    pub fn inline_policy_quota(mut self, quota: u64) -> Self {
        self.inline_policy_quota = Some(quota);
        self
    }

    /// The most directories `CreateDirectory` lets an account hold; default
    /// [`DEFAULT_DIRECTORY_QUOTA`] (1: the service allows one directory per management
    /// account; a second is `QuotaExceeded.Directory`). At most 1000. Configured and seeded
    /// directories are not counted against it when they are created, but they fill it.
    #[must_use]
    pub fn directory_quota(mut self, quota: u64) -> Self {
        self.directory_quota = Some(quota);
        self
    }

    /// When tasks of the asynchronous operations finish; default
    /// [`TaskTransition::default`] (one status read in progress).
    #[must_use]
    pub fn task_transition(mut self, transition: TaskTransition) -> Self {
        self.task_transition = Some(transition);
        self
    }

    /// The `HostId` of error envelopes; default [`DEFAULT_HOST_ID`].
    #[must_use]
    pub fn host_id(mut self, host_id: impl Into<String>) -> Self {
        self.host_id = Some(host_id.into());
        self
    }

    /// The region reported for directories (`Region`), those configured and those
    /// `CreateDirectory` makes; default [`DEFAULT_REGION`].
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The largest request body accepted; default [`DEFAULT_MAX_BODY_BYTES`].
    #[must_use]
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = Some(max);
        self
    }

    /// How many live nonces the replay store remembers; default
    /// [`ReplayStore::DEFAULT_CAPACITY`].
    #[must_use]
    pub fn replay_capacity(mut self, capacity: usize) -> Self {
        self.replay_capacity = Some(capacity);
        self
    }

    /// The wait between polls of the user portal's `/token` that `/device-authorization`
    /// asks for (`Interval`, whole seconds, at least 1); default
    /// [`DEFAULT_POLL_INTERVAL`](crate::portal::DEFAULT_POLL_INTERVAL).
    #[must_use]
    pub fn portal_poll_interval(mut self, interval: std::time::Duration) -> Self {
        self.portal_poll_interval = Some(interval);
        self
    }

    /// Adds a RAM role STS's `AssumeRole` and `AssumeRoleWithOIDC` may assume
    /// (repeatable). With none, every role of the caller's own account may be assumed; once
    /// one is configured, only configured roles exist (`EntityNotExist.Role`).
    #[must_use]
    pub fn role(mut self, role: RamRole) -> Self {
        self.roles.push(role);
        self
    }

    /// Adds an OIDC provider whose ID tokens `AssumeRoleWithOIDC` accepts (repeatable); it
    /// needs an issuer, a client ID and a key ([`BuildError::Sts`] otherwise).
    #[must_use]
    pub fn oidc_provider(mut self, provider: OidcProvider) -> Self {
        self.oidc_providers.push(provider);
        self
    }

    /// The emulator, or what is wrong with the configuration or the state file.
    pub fn build(self) -> Result<Emulator, BuildError> {
        if self.keys.is_empty() {
            return Err(BuildError::NoAccessKey);
        }
        let mut keys = HashMap::new();
        let mut key_accounts = HashMap::new();
        let mut accounts = Vec::new();
        for (id, secret, account) in self.keys {
            let valid = !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b',' && b != b':');
            if !valid {
                return Err(BuildError::InvalidAccessKeyId { id });
            }
            let account = account.unwrap_or_else(|| DEFAULT_ACCOUNT.to_owned());
            if !is_account_id(&account) {
                return Err(BuildError::InvalidAccountId { id: account });
            }
            if !accounts.contains(&account) {
                accounts.push(account.clone());
            }
            key_accounts.insert(id.clone(), account);
            keys.insert(id, secret);
        }
        if let Some(id) = self.directories.iter().find(|id| id.is_empty()) {
            return Err(BuildError::InvalidDirectoryId { id: id.clone() });
        }
        let member_accounts = match self.member_accounts {
            Some(members) => {
                if let Some(bad) = members.iter().find(|id| !is_account_id(id)) {
                    return Err(BuildError::InvalidAccountId { id: bad.clone() });
                }
                Some(members.into_iter().collect::<BTreeSet<_>>())
            }
            None => None,
        };
        let seed = match self.seed {
            Some(document) => {
                Some(Dump::from_json(document).map_err(|reason| BuildError::Seed { reason })?)
            }
            None => None,
        };
        // A configured role's account is an account of the emulator too: temporary
        // credentials act for it, so it starts as a key's account does.
        for role in &self.roles {
            if !accounts.contains(&role.arn.account) {
                accounts.push(role.arn.account.clone());
            }
        }
        let sts = crate::sts::config::Config::new(self.roles, self.oidc_providers)?;
        let region = self.region.unwrap_or_else(|| DEFAULT_REGION.to_owned());
        let store = match &self.state_file {
            Some(path) => Store::open(path, DEFAULT_ACCOUNT, &region)?,
            None => Store::in_memory(),
        };
        let settings = Settings {
            member_accounts,
            task_transition: self.task_transition.unwrap_or_default(),
            configured_directories: self.directories.iter().cloned().collect(),
            quotas: {
                let mut quotas = crate::directory::Quotas::default();
                if let Some(n) = self.user_quota {
                    quotas.users = n;
                }
                if let Some(n) = self.group_quota {
                    quotas.groups = n;
                }
                if let Some(n) = self.access_configuration_quota {
                    quotas.access_configurations = n;
                }
                if let Some(n) = self.system_policy_quota {
                    quotas.system_policies_per_access_configuration = n;
                }
                if let Some(n) = self.inline_policy_quota {
                    quotas.inline_policies_per_access_configuration = n;
                }
                quotas
            },
            directory_quota: self
                .directory_quota
                .unwrap_or(DEFAULT_DIRECTORY_QUOTA)
                .min(u64::try_from(crate::directory::MAX_DIRECTORIES).unwrap_or(u64::MAX)),
        };
        let emulator = Emulator {
            inner: Arc::new(Inner {
                keys,
                key_accounts,
                store,
                replay: ReplayStore::with_capacity(
                    self.replay_capacity
                        .unwrap_or(ReplayStore::DEFAULT_CAPACITY),
                ),
                limiter: RateLimiter::new(self.rate_limit.unwrap_or(DEFAULT_RATE_LIMIT)),
                global_limiter: RateLimiter::new(
                    self.global_rate_limit.unwrap_or(DEFAULT_GLOBAL_RATE_LIMIT),
                ),
                host_id: self.host_id.unwrap_or_else(|| DEFAULT_HOST_ID.to_owned()),
                region: region.clone(),
                max_body_bytes: self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
                settings: RwLock::new(Arc::new(settings)),
                portal: crate::portal::Portal::new(crate::portal::PortalConfig {
                    poll_interval: self
                        .portal_poll_interval
                        .unwrap_or(crate::portal::DEFAULT_POLL_INTERVAL),
                }),
                sts,
                initial: Initial {
                    accounts,
                    directories: self.directories,
                    region,
                    seed,
                },
            }),
        };
        let empty = emulator.inner.store.accounts().is_empty();
        emulator.initialize(false, empty).map_err(|e| match e {
            InitError::Invalid(reason) => BuildError::Seed { reason },
            InitError::State(error) => BuildError::State(error),
        })?;
        Ok(emulator)
    }
}

/// Gives `state` (of an account of a key) the configured directories it lacks, unless
/// `DeleteDirectory` deleted them; with none configured, an account that held nothing gets
/// [`DEFAULT_DIRECTORY`].
fn initial_directories(
    state: &mut AccountState,
    configured: &[String],
    region: &str,
    fresh: bool,
    now: SystemTime,
) {
    let fallback = [DEFAULT_DIRECTORY.to_owned()];
    let wanted: &[String] = if configured.is_empty() && fresh {
        &fallback
    } else {
        configured
    };
    for id in wanted {
        if state.directory.directories.contains_key(id) {
            continue;
        }
        if state.directory.deleted_directories.contains_key(id) {
            tracing::warn!(directory = %id, "configured directory was deleted by DeleteDirectory (state file); not created again");
            continue;
        }
        if let Err(failure) = crate::directory::create_directory(state, Some(id), None, region, now)
        {
            tracing::warn!(directory = %id, reason = %failure.message, "configured directory not created");
        }
    }
}

/// The keys requests may be signed with: the configured long-term keys, then the
/// temporary credentials issued and still held (expired or not: expiry is checked after
/// the signature, with the security token).
struct Keys<'a> {
    configured: &'a HashMap<String, Secret>,
    store: &'a Store,
}

impl KeyLookup for Keys<'_> {
    fn secret(&self, access_key_id: &str) -> Option<Secret> {
        self.secret_ref(access_key_id).map(Cow::into_owned)
    }

    fn secret_ref(&self, access_key_id: &str) -> Option<Cow<'_, Secret>> {
        if let Some(secret) = self.configured.get(access_key_id) {
            return Some(Cow::Borrowed(secret));
        }
        crate::sts::credentials::secret_of(self.store, access_key_id).map(Cow::Owned)
    }
}

/// Who signed a request.
#[derive(Debug, Clone)]
pub(crate) enum Caller {
    /// A configured long-term access key of `account`.
    Key {
        /// Its account.
        account: String,
    },
    /// Temporary credentials issued by STS (or the portal).
    Temporary(crate::sts::credentials::Caller),
}

impl Caller {
    /// The account the request acts for (its state, its throttling).
    pub(crate) fn account(&self) -> &str {
        match self {
            Self::Key { account } => account,
            Self::Temporary(issued) => &issued.account,
        }
    }
}

/// What is known of a request by the time it is answered, for the log line.
#[derive(Default)]
struct Seen {
    action: Option<String>,
    access_key_id: Option<String>,
}

impl Emulator {
    /// Starts the configuration.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// Answers `request` as the service would, at the system clock's time.
    pub fn handle(&self, request: http::Request<Bytes>) -> http::Response<Vec<u8>> {
        self.handle_at(request, SystemTime::now())
    }

    /// Answers `request` as the service would at time `now` (for the signature's time window
    /// and for throttling). Never panics; every failure is a service error envelope in the
    /// format the request asks for, with a fresh request ID. A path of the user portal (any
    /// but `/` and the admin interface) is answered by
    /// [`handle_portal_at`](Self::handle_portal_at) as from a loopback client.
    pub fn handle_at(
        &self,
        request: http::Request<Bytes>,
        now: SystemTime,
    ) -> http::Response<Vec<u8>> {
        if request.uri().path().starts_with(crate::admin::ADMIN_PATH) {
            return self.handle_admin(&request, true);
        }
        if crate::portal::is_portal_path(request.uri().path()) {
            return self.handle_portal_at(
                request,
                std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
                now,
            );
        }
        let started = Instant::now();
        let parameters = wire::parameters(&request, self.inner.max_body_bytes);
        let format = wire::format_of(&request, parameters.as_ref());
        let request_id = ids::request_id();
        let mut seen = Seen::default();
        let result = self.process(&request, parameters, now, format, &request_id, &mut seen);
        let response = match result {
            Ok(response) => with_headers(response, &request_id, &[]),
            Err(failure) => self.failure_response(&failure, format, &request_id),
        };
        let code = response
            .headers()
            .get("x-acs-error-code")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("OK");
        tracing::info!(
            action = seen.action.as_deref().unwrap_or("-"),
            access_key_id = seen.access_key_id.as_deref().unwrap_or("-"),
            status = response.status().as_u16(),
            outcome = code,
            request_id = %request_id,
            latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
            "request"
        );
        response
    }

    /// The error envelope for `failure`, in `format`, with a fresh request ID.
    pub(crate) fn failure_response(
        &self,
        failure: &Failure,
        format: Format,
        request_id: &str,
    ) -> http::Response<Vec<u8>> {
        let response = wire::encode_error(failure, request_id, &self.inner.host_id, format);
        let mut headers = failure.headers.clone();
        if let Ok(code) = HeaderValue::from_str(&failure.code) {
            headers.push((HeaderName::from_static("x-acs-error-code"), code));
        }
        with_headers(response, request_id, &headers)
    }

    /// An error answer built outside the request path (e.g. a body over the limit).
    pub(crate) fn reject(&self, failure: &Failure, format: Format) -> http::Response<Vec<u8>> {
        let request_id = ids::request_id();
        tracing::info!(status = failure.status.as_u16(), outcome = %failure.code, request_id = %request_id, "request refused before reading");
        self.failure_response(failure, format, &request_id)
    }

    fn process(
        &self,
        request: &http::Request<Bytes>,
        parameters: Result<Parameters, Failure>,
        now: SystemTime,
        format: Format,
        request_id: &str,
        seen: &mut Seen,
    ) -> Result<http::Response<Vec<u8>>, Failure> {
        let inner = &self.inner;
        if request.method() != Method::GET && request.method() != Method::POST {
            return Err(Failure::with_message(
                ErrorCode::UNSUPPORTED_HTTP_METHOD,
                format!(
                    "HTTP method `{}` is not supported; expected GET or POST",
                    request.method()
                ),
            ));
        }
        if request.body().len() > inner.max_body_bytes {
            return Err(body_too_large(request.body().len(), inner.max_body_bytes));
        }
        if let Some(answer) =
            self.anonymous_sts(request, &parameters, now, format, request_id, seen)
        {
            return answer;
        }
        let keys = Keys {
            configured: &inner.keys,
            store: &inner.store,
        };
        let verified = acs_signer::verify(
            &SignableRequest::from_request(request),
            &keys,
            now,
            &inner.replay,
        )
        .map_err(|error| Failure::with_message(error.error_code(), error.to_string()))?;
        seen.access_key_id = Some(verified.access_key_id.clone().into_owned());
        let caller = self.caller(&verified, now)?;

        let parameters = parameters?;
        let action = match &verified.action {
            Some(action) => action.clone().into_owned(),
            None => acs_codec::request_action(request, &parameters).map_err(Failure::from)?,
        };
        seen.action = Some(action.clone());
        let version = verified
            .version
            .as_deref()
            .or_else(|| parameters.get("Version"));
        match version {
            Some(cloudsso_model::API_VERSION) => {}
            Some(sts_model::API_VERSION) => {
                throttle_account(inner, caller.account(), &action, now)?;
                let context = crate::sts::service::Context {
                    caller: Some(&caller),
                    access_key_id: Some(verified.access_key_id.as_ref()),
                    store: &inner.store,
                    config: &inner.sts,
                    request_id,
                    now,
                };
                return crate::sts::service::serve(&context, &action, &parameters, format);
            }
            None => {
                return Err(Failure::new(
                    "MissingVersion",
                    StatusCode::BAD_REQUEST,
                    "the request names no API version; expected a `Version` parameter or an \
                     `x-acs-version` header of 2021-05-15 (CloudSSO) or 2015-04-01 (STS)",
                ));
            }
            Some(other) => {
                return Err(Failure::new(
                    "InvalidVersion",
                    StatusCode::BAD_REQUEST,
                    format!(
                        "Specified parameter Version `{}` is not valid; expected 2021-05-15 \
                         (CloudSSO) or 2015-04-01 (STS)",
                        crate::params::quoted(other)
                    ),
                ));
            }
        }
        if cloudsso_model::description(&action).is_none() {
            return Err(Failure::with_message(
                ErrorCode::INVALID_ACTION_NOT_FOUND,
                format!(
                    "Specified api is not found, please check your url and method: action \
                     `{action}` is not an operation of CloudSSO 2021-05-15; the emulator \
                     implements {}",
                    implemented_list()
                ),
            ));
        }
        let Some(handler) = service::handler_of(&action) else {
            return Err(Failure::with_message(
                ErrorCode::INVALID_ACTION_NOT_FOUND,
                format!(
                    "the CloudSSO emulator does not implement {action}: it is an operation of \
                     CloudSSO 2021-05-15, but the emulator implements only {}",
                    implemented_list()
                ),
            ));
        };
        let account = caller.account();
        throttle_account(inner, account, &action, now)?;

        let settings = self.settings();
        let context = Context {
            account,
            store: &inner.store,
            request_id,
            now,
            region: &inner.region,
            settings: &settings,
        };
        handler(&context, &parameters, format)
    }

    /// STS's `AssumeRoleWithOIDC` sent anonymously (no `Authorization` header, no
    /// `Signature` parameter, version 2015-04-01), as the official credential providers
    /// send it: served without a signature to verify, throttled as the OIDC provider's
    /// account. `None` for every other request.
    fn anonymous_sts(
        &self,
        request: &http::Request<Bytes>,
        parameters: &Result<Parameters, Failure>,
        now: SystemTime,
        format: Format,
        request_id: &str,
        seen: &mut Seen,
    ) -> Option<Result<http::Response<Vec<u8>>, Failure>> {
        let Ok(parameters) = parameters else {
            return None;
        };
        if request.headers().contains_key(http::header::AUTHORIZATION)
            || parameters.get("Signature").is_some()
        {
            return None;
        }
        let action = acs_codec::request_action(request, parameters).ok()?;
        let version = request
            .headers()
            .get("x-acs-version")
            .and_then(|v| v.to_str().ok())
            .or_else(|| parameters.get("Version"));
        if action != crate::sts::service::ASSUME_ROLE_WITH_OIDC
            || version != Some(sts_model::API_VERSION)
        {
            return None;
        }
        seen.action = Some(action.clone());
        let inner = &self.inner;
        let provider_account = parameters
            .get("OIDCProviderArn")
            .and_then(|arn| crate::sts::config::parse_arn(arn, "oidc-provider"))
            .map(|(account, _)| account)
            .unwrap_or_default();
        if let Err(failure) = throttle_account(inner, &provider_account, &action, now) {
            return Some(Err(failure));
        }
        let context = crate::sts::service::Context {
            caller: None,
            access_key_id: None,
            store: &inner.store,
            config: &inner.sts,
            request_id,
            now,
        };
        Some(crate::sts::service::serve(
            &context, &action, parameters, format,
        ))
    }

    /// Who signed a verified request: a configured key's account, or for issued temporary
    /// credentials (an `STS.` key the configured keys do not hold), the account and
    /// principal they act for once their security token checks out.
    fn caller(&self, verified: &Verified<'_>, now: SystemTime) -> Result<Caller, Failure> {
        let id = verified.access_key_id.as_ref();
        if self.inner.keys.contains_key(id) {
            let account = self
                .inner
                .key_accounts
                .get(id)
                .map_or_else(|| DEFAULT_ACCOUNT.to_owned(), Clone::clone);
            return Ok(Caller::Key { account });
        }
        let issued = crate::sts::credentials::authenticate(
            &self.inner.store,
            id,
            verified.security_token.as_ref(),
            now,
        )?;
        Ok(Caller::Temporary(issued))
    }

    /// The actions the emulator implements, in the order of the API's reference; every other
    /// operation of the model answers `InvalidAction.NotFound` (404) saying so.
    pub fn implemented_actions() -> impl Iterator<Item = &'static str> {
        IMPLEMENTED.iter().map(|(action, _)| *action)
    }

    /// The region reported for directories.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// The state of directory `id` of account [`DEFAULT_ACCOUNT`] (attributes, MFA
    /// setting), if the emulator holds it.
    pub fn directory(&self, id: &str) -> Option<DirectoryState> {
        self.account_directories(DEFAULT_ACCOUNT).remove(id)
    }

    /// Every directory of account [`DEFAULT_ACCOUNT`] and its state.
    pub fn directories(&self) -> BTreeMap<String, DirectoryState> {
        self.account_directories(DEFAULT_ACCOUNT)
    }

    /// Every directory of `account` and its state.
    pub fn account_directories(&self, account: &str) -> BTreeMap<String, DirectoryState> {
        self.inner.store.read(account, |state| {
            state
                .directory
                .directories
                .iter()
                .map(|(id, d)| (id.to_owned(), DirectoryState::from(d)))
                .collect()
        })
    }

    /// The largest request body accepted.
    pub fn max_body_bytes(&self) -> usize {
        self.inner.max_body_bytes
    }

    /// Whether changes are written to a state database (and so block on disk).
    pub fn has_state_file(&self) -> bool {
        self.inner.store.path().is_some()
    }

    /// The state database's file, when the state is kept in one (for a JSON state file
    /// given as the path: the database it was imported into).
    pub fn state_path(&self) -> Option<&std::path::Path> {
        self.inner.store.path()
    }

    /// The settings requests are served with now.
    pub(crate) fn settings(&self) -> Arc<Settings> {
        match self.inner.settings.read() {
            Ok(settings) => settings.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The accounts of the access keys, then of configured STS roles, in the order
    /// configured.
    pub fn accounts(&self) -> &[String] {
        &self.inner.initial.accounts
    }

    /// Brings the state to its initial form: with `reset`, everything is removed first;
    /// each account of a key gets the configured directories, then the seed (with `seed`).
    pub(crate) fn initialize(&self, reset: bool, seed: bool) -> Result<(), InitError> {
        let initial = &self.inner.initial;
        let now = SystemTime::now();
        self.inner
            .store
            .initialize(&initial.accounts, reset, &|_, state, fresh| {
                initial_directories(state, &initial.directories, &initial.region, fresh, now);
                Ok(())
            })?;
        if seed && let Some(dump) = &initial.seed {
            self.inner.store.load(&dump.accounts)?;
        }
        Ok(())
    }
}

/// Counts a call of `action` for `account` against the per-account limit, then against
/// the global one.
fn throttle_account(
    inner: &Inner,
    account: &str,
    action: &str,
    now: SystemTime,
) -> Result<(), Failure> {
    throttle(
        &inner.limiter,
        account,
        action,
        now,
        ErrorCode::THROTTLING_USER,
    )?;
    throttle(
        &inner.global_limiter,
        "",
        action,
        now,
        ErrorCode::THROTTLING_API,
    )
}

/// Counts a call of `action` by `caller` against `limiter`; over the limit, `code` with the
/// window's status in the throttling header.
fn throttle(
    limiter: &RateLimiter,
    caller: &str,
    action: &str,
    now: SystemTime,
    code: ErrorCode,
) -> Result<(), Failure> {
    match limiter.check(caller, action, now) {
        Ok(_) => Ok(()),
        Err(status) => {
            let mut failure = Failure::documented(code);
            if let Ok(value) = HeaderValue::from_str(&status.header_value()) {
                failure = failure.header(HeaderName::from_static(RATE_LIMIT_HEADER), value);
            }
            Err(failure)
        }
    }
}

/// The implemented actions, for messages: `A, B and C`.
fn implemented_list() -> String {
    let actions: Vec<&str> = Emulator::implemented_actions().collect();
    match actions.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}

/// `InvalidParameter` for a body past the limit.
pub(crate) fn body_too_large(found: usize, max: usize) -> Failure {
    Failure::with_message(
        ErrorCode::INVALID_PARAMETER,
        format!("the request body has {found} bytes or more, more than the limit of {max} bytes"),
    )
}

/// Adds the request ID and `extra` to a response the codec encoded (status, body and
/// `content-type` set).
fn with_headers(
    mut response: http::Response<Vec<u8>>,
    request_id: &str,
    extra: &[(HeaderName, HeaderValue)],
) -> http::Response<Vec<u8>> {
    let headers = response.headers_mut();
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), id);
    }
    for (name, value) in extra {
        headers.insert(name.clone(), value.clone());
    }
    response
}
