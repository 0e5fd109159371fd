//! When to send a request again and how long to wait first: the AWS SDK's standard mode
//! (exponential backoff with full jitter, a cap, a token bucket), honouring the wait the
//! service asks for.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The retry mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryMode {
    /// Retries with backoff and a token bucket.
    Standard,
}

/// How a client retries.
///
/// [`RetryConfig::standard`] (the default) is the AWS SDK's standard mode:
/// - at most **3 attempts** in all;
/// - before retry *n* (from 1), a wait drawn uniformly from
///   `[0, min(max_backoff, initial_backoff × 2ⁿ⁻¹)]` (exponential backoff with full jitter),
///   `initial_backoff` **1 s** and `max_backoff` **20 s**;
/// - when the service says how long to wait (`x-acs-retry-after` in milliseconds, or
///   `TimeLeft` in `x-ratelimit-user-api` / `x-ratelimit-user`), that wait instead, plus up
///   to 10% (at least 10 ms) of jitter so that throttled callers do not return at the same
///   instant; a wait longer than `max_backoff` is not waited: the error is returned;
/// - retried: throttling (`Throttling*`, HTTP 429, any error with `x-acs-retry-after`),
///   server errors (5xx, `InternalError`, `ServiceUnavailable`), connection failures and
///   timeouts; **never** another 4xx, an undecodable answer, or a refused certificate;
/// - a token bucket of **500** shared by the client's calls: a retry takes **5** tokens
///   (**10** after a timeout), a retry that succeeds gives its tokens back, and a call that
///   succeeds first time adds 1; with the bucket empty, errors are returned without retry,
///   so that a failing service is not hammered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    token_bucket: Option<TokenBucketConfig>,
}

/// The token bucket's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TokenBucketConfig {
    /// Tokens in a full bucket (500).
    pub capacity: u32,
    /// Tokens a retry takes (5).
    pub retry_cost: u32,
    /// Tokens a retry after a timeout takes (10).
    pub timeout_retry_cost: u32,
}

impl Default for TokenBucketConfig {
    fn default() -> Self {
        Self {
            capacity: 500,
            retry_cost: 5,
            timeout_retry_cost: 10,
        }
    }
}

impl TokenBucketConfig {
    /// A bucket of `capacity` tokens, costs as the default.
    pub fn with_capacity(capacity: u32) -> Self {
        Self {
            capacity,
            ..Self::default()
        }
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// The default: standard mode, 3 attempts, 1 s initial backoff, 20 s cap, token bucket.
    pub fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            token_bucket: Some(TokenBucketConfig::default()),
        }
    }

    /// No retry: one attempt.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// The same with at most `attempts` attempts in all (0 counts as 1).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The same with the first retry's backoff bound.
    #[must_use]
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The same with the longest wait between attempts (also the longest server-asked wait
    /// honoured).
    #[must_use]
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The same with another token bucket, or none (`None`: retries are never refused for
    /// want of tokens).
    #[must_use]
    pub fn with_token_bucket(mut self, bucket: Option<TokenBucketConfig>) -> Self {
        self.token_bucket = bucket;
        self
    }

    /// The mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// Attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The first retry's backoff bound.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The token bucket's numbers, if there is one.
    pub fn token_bucket(&self) -> Option<TokenBucketConfig> {
        self.token_bucket
    }

    /// The wait before retry number `retry` (1 for the first retry), given the service's
    /// asked-for wait if any, and `unit`, a number in `[0, 1)` (random in use). `None`: the
    /// service asks for more than `max_backoff`, so do not retry.
    pub fn backoff(
        &self,
        retry: u32,
        server_wait: Option<Duration>,
        unit: f64,
    ) -> Option<Duration> {
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if let Some(wait) = server_wait {
            if wait > self.max_backoff {
                return None;
            }
            let spread = (wait / 10).max(Duration::from_millis(10));
            return Some(wait + spread.mul_f64(unit));
        }
        let exponent = retry.saturating_sub(1).min(31);
        let bound = self
            .initial_backoff
            .checked_mul(1u32 << exponent)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff);
        Some(bound.mul_f64(unit))
    }
}

/// The bucket itself, shared by the calls of a client.
#[derive(Clone, Debug)]
pub(crate) struct TokenBucket {
    tokens: Arc<AtomicU32>,
    config: TokenBucketConfig,
}

impl TokenBucket {
    pub(crate) fn new(config: TokenBucketConfig) -> Self {
        Self {
            tokens: Arc::new(AtomicU32::new(config.capacity)),
            config,
        }
    }

    pub(crate) fn config(&self) -> TokenBucketConfig {
        self.config
    }

    /// Takes the cost of a retry (after a timeout or not); `None` when the bucket holds too
    /// few tokens.
    pub(crate) fn acquire(&self, after_timeout: bool) -> Option<u32> {
        let cost = if after_timeout {
            self.config.timeout_retry_cost
        } else {
            self.config.retry_cost
        };
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// Gives tokens back (a retry that succeeded, or 1 for a first-time success), never
    /// past capacity.
    pub(crate) fn release(&self, tokens: u32) {
        let capacity = self.config.capacity;
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| {
                Some(now.saturating_add(tokens).min(capacity))
            });
    }

    /// Tokens left.
    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn standard_numbers() {
        let config = RetryConfig::standard();
        assert_eq!(config.max_attempts(), 3);
        assert_eq!(config.initial_backoff(), Duration::from_secs(1));
        assert_eq!(config.max_backoff(), Duration::from_secs(20));
        assert_eq!(config.token_bucket(), Some(TokenBucketConfig::default()));
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        // Bounds double: 1 s, 2 s, 4 s, ... up to 20 s.
        let almost = 0.999_999;
        let bound = |retry| config.backoff(retry, None, almost).unwrap().as_secs_f64();
        assert!((bound(1) - 1.0).abs() < 1e-3 && (bound(3) - 4.0).abs() < 1e-3);
        assert!((bound(10) - 20.0).abs() < 1e-3 && (bound(u32::MAX) - 20.0).abs() < 1e-3);
        assert_eq!(config.backoff(1, Some(Duration::from_secs(21)), 0.5), None);
    }

    #[test]
    fn token_bucket_drains_and_refills_within_capacity() {
        let bucket = TokenBucket::new(TokenBucketConfig::with_capacity(12));
        assert_eq!(bucket.acquire(false), Some(5));
        assert_eq!(bucket.acquire(false), Some(5));
        assert_eq!(bucket.acquire(false), None);
        assert_eq!(bucket.available(), 2);
        assert_eq!(bucket.acquire(true), None);
        bucket.release(100);
        assert_eq!(bucket.available(), 12);
        assert_eq!(bucket.acquire(true), Some(10));
    }

    proptest! {
        #[test]
        fn backoff_is_within_zero_and_the_cap(
            retry in 0u32..100,
            unit in any::<f64>(),
            initial_ms in 0u64..100_000,
            cap_ms in 0u64..100_000,
        ) {
            let config = RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(initial_ms))
                .with_max_backoff(Duration::from_millis(cap_ms));
            let wait = config.backoff(retry, None, unit).unwrap();
            prop_assert!(wait <= Duration::from_millis(cap_ms));
        }

        #[test]
        fn server_wait_is_respected(server_ms in 0u64..30_000, unit in 0.0f64..1.0) {
            let config = RetryConfig::standard();
            let server = Duration::from_millis(server_ms);
            match config.backoff(1, Some(server), unit) {
                Some(wait) => {
                    prop_assert!(wait >= server);
                    prop_assert!(wait <= server + (server / 10).max(Duration::from_millis(10)));
                }
                None => prop_assert!(server > config.max_backoff()),
            }
        }
    }
}
