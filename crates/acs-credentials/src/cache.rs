//! Caching and refresh of temporary credentials, shared by every provider that fetches them.
//!
//! - **When to refresh.** The official Python and Node.js libraries treat credentials as stale
//!   15 minutes before their `Expiration` (Go: 180 s). We use the same 15 minutes, but never
//!   more than half the credentials' lifetime as fetched: credentials of the shortest STS
//!   duration (900 s) would otherwise be stale the moment they arrive and be fetched again on
//!   every call, as the Python library does.
//! - **Single flight.** One refresh is in flight however many tasks ask: the first caller to
//!   find the credentials stale takes an asynchronous lock and fetches; the others wait on the
//!   lock and then read what it stored.
//! - **Failures.** If a refresh fails while the cached credentials are still valid, they are
//!   served (with a warning) and the next refresh is tried no sooner than
//!   [`RETRY_AFTER_FAILURE`] later, so a broken endpoint is not hit on every call. Expired
//!   credentials are never served.
//! - Nothing runs in the background: a refresh happens only inside a caller's request.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use acs_protocol::Credentials;

use crate::runtime::{CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::time_source::TimeSource;

/// How long before `Expiration` credentials are refreshed (at most half their lifetime).
pub const REFRESH_MARGIN: Duration = Duration::from_secs(15 * 60);

/// After a failed refresh, how long the still-valid cached credentials are served before the
/// next attempt.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// The future a [`Fetch`] returns.
pub type FetchFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// One fetch of fresh credentials: what a refreshing provider does, without the caching.
pub trait Fetch: Send + Sync + fmt::Debug + 'static {
    /// Fetches credentials once (an STS call, a metadata request, a process run…), with
    /// their expiration if they have one.
    fn fetch(&self) -> FetchFuture<'_>;
}

#[derive(Clone)]
struct Cached {
    credentials: Credentials,
    stale_at: Option<SystemTime>,
    retry_not_before: Option<SystemTime>,
}

impl Cached {
    fn new(credentials: Credentials, now: SystemTime, margin: Duration) -> Self {
        let stale_at = credentials.expiration().map(|expiration| {
            let lifetime = expiration.duration_since(now).unwrap_or_default();
            expiration
                .checked_sub(margin.min(lifetime / 2))
                .unwrap_or(now)
        });
        Self {
            credentials,
            stale_at,
            retry_not_before: None,
        }
    }

    fn is_fresh(&self, now: SystemTime) -> bool {
        self.stale_at.is_none_or(|stale_at| now < stale_at)
    }

    fn is_valid(&self, now: SystemTime) -> bool {
        self.credentials
            .expiration()
            .is_none_or(|expiration| now < expiration)
    }
}

/// A provider that fetches with `F` and caches the result until it is due for refresh.
pub struct CachingProvider<F> {
    fetcher: F,
    cached: Mutex<Option<Cached>>,
    refresh: tokio::sync::Mutex<()>,
    time: TimeSource,
    margin: Duration,
}

impl<F: fmt::Debug> fmt::Debug for CachingProvider<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingProvider")
            .field("fetcher", &self.fetcher)
            .field("time", &self.time)
            .finish_non_exhaustive()
    }
}

impl<F: Fetch> CachingProvider<F> {
    /// Caches what `fetcher` fetches, on the system clock.
    pub fn new(fetcher: F) -> Self {
        Self {
            fetcher,
            cached: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
            time: TimeSource::system(),
            margin: REFRESH_MARGIN,
        }
    }

    /// Refresh when `margin` or less remains (at most half the lifetime) instead of
    /// [`REFRESH_MARGIN`].
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The same cache on another clock (tests).
    #[must_use]
    pub fn with_time_source(mut self, time: TimeSource) -> Self {
        self.time = time;
        self
    }

    /// The fetcher.
    pub fn fetcher(&self) -> &F {
        &self.fetcher
    }

    fn snapshot(&self) -> Option<Cached> {
        self.cached
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn store(&self, cached: Cached) {
        *self.cached.lock().unwrap_or_else(PoisonError::into_inner) = Some(cached);
    }

    /// The credentials, refreshed if they are due.
    pub async fn provide(&self) -> Result<Credentials, CredentialsError> {
        if let Some(cached) = self.snapshot().filter(|c| c.is_fresh(self.time.now())) {
            return Ok(cached.credentials);
        }
        // Single flight: whoever holds this lock refreshes; the others wait, then look again.
        let _refreshing = self.refresh.lock().await;
        let now = self.time.now();
        let previous = self.snapshot();
        if let Some(cached) = &previous {
            if cached.is_fresh(now) {
                return Ok(cached.credentials.clone());
            }
            if cached.is_valid(now) && cached.retry_not_before.is_some_and(|t| now < t) {
                return Ok(cached.credentials.clone());
            }
        }
        match self.fetcher.fetch().await {
            Ok(credentials) => {
                let now = self.time.now();
                if credentials
                    .expiration()
                    .is_some_and(|expiration| expiration <= now)
                {
                    return Err(CredentialsError::provider_failed_message(
                        credentials.provider_name().unwrap_or("cache").to_owned(),
                        "the credentials received have already expired",
                    ));
                }
                self.store(Cached::new(credentials.clone(), now, self.margin));
                Ok(credentials)
            }
            Err(error) => match previous.filter(|c| c.is_valid(now)) {
                Some(mut cached) => {
                    tracing::warn!(
                        error = %acs_client::DisplayErrorContext(&error),
                        "refreshing credentials failed; the cached ones are still valid and used"
                    );
                    cached.retry_not_before = now.checked_add(RETRY_AFTER_FAILURE);
                    self.store(cached.clone());
                    Ok(cached.credentials)
                }
                None => Err(error),
            },
        }
    }
}

impl<F: Fetch> ProvideCredentials for CachingProvider<F> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.provide())
    }
}
