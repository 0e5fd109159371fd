//! Waiting for something the service does in the background (a task): poll until it
//! succeeds, with exponential backoff and jitter, bounded in time.

use std::future::Future;
use std::time::Duration;

use crate::error::SdkError;

/// How long to wait and how often to poll.
///
/// The delay before poll `n + 1` is `initial_delay * 2^(n-1)`, capped at `max_delay`, with
/// jitter: a uniform draw between half of it and all of it (so that many waiters do not poll
/// in step). The whole wait, polls included, is bounded by `max_wait`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaiterConfig {
    /// The delay before the second poll (the first is at once).
    pub initial_delay: Duration,
    /// The longest delay between polls.
    pub max_delay: Duration,
    /// The longest wait in all.
    pub max_wait: Duration,
}

impl Default for WaiterConfig {
    /// Polls after 1 s, 2 s, 4 s, then every 10 s at most, for up to 5 minutes.
    fn default() -> Self {
        Self {
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(10),
            max_wait: Duration::from_secs(300),
        }
    }
}

impl WaiterConfig {
    /// The defaults, waiting at most `max_wait` in all.
    pub fn new(max_wait: Duration) -> Self {
        Self {
            max_wait,
            ..Self::default()
        }
    }

    /// The same with another first delay.
    #[must_use]
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The same with another longest delay.
    #[must_use]
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The delay before poll `polls + 1`, for a uniform draw `unit` in `[0, 1)`.
    fn delay(&self, polls: u32, unit: f64) -> Duration {
        let exponent = polls.saturating_sub(1).min(20);
        let full = self
            .initial_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        full.mul_f64(0.5 + unit.clamp(0.0, 1.0) / 2.0)
    }
}

/// What one poll found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollOutcome<T> {
    /// Done: stop waiting with this value.
    Success(T),
    /// Not yet: poll again.
    Pending,
    /// Done and failed, with the service's reason if it gave one.
    Failure(Option<String>),
}

/// Why waiting ended without success.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaitError {
    /// What was waited for failed.
    #[error("{what} failed: {}", .reason.as_deref().unwrap_or("the service gave no reason"))]
    Failed {
        /// What was waited for, e.g. `task t-1 of directory d-1`.
        what: String,
        /// The service's reason (`FailureReason`), if any.
        reason: Option<String>,
    },
    /// It did not finish within [`WaiterConfig::max_wait`].
    #[error("{what} did not finish within {} ms ({polls} polls)", .max_wait.as_millis())]
    Timeout {
        /// What was waited for.
        what: String,
        /// The limit.
        max_wait: Duration,
        /// How many polls were answered.
        polls: u32,
    },
    /// A call failed: the operation that starts the work, or a poll.
    #[error(transparent)]
    Sdk(#[from] SdkError),
}

/// Polls with `poll` until it reports success, failure or an error, or `config.max_wait`
/// runs out; `what` names what is waited for in errors.
pub async fn wait_until<T, F, Fut>(
    what: &str,
    config: &WaiterConfig,
    mut poll: F,
) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<PollOutcome<T>, SdkError>>,
{
    let mut polls = 0u32;
    let waiting = async {
        loop {
            let outcome = poll().await?;
            polls += 1;
            match outcome {
                PollOutcome::Success(value) => return Ok(value),
                PollOutcome::Failure(reason) => {
                    return Err(WaitError::Failed {
                        what: what.to_owned(),
                        reason,
                    });
                }
                PollOutcome::Pending => {
                    tokio::time::sleep(config.delay(polls, fastrand::f64())).await;
                }
            }
        }
    };
    match tokio::time::timeout(config.max_wait, waiting).await {
        Ok(result) => result,
        Err(_) => Err(WaitError::Timeout {
            what: what.to_owned(),
            max_wait: config.max_wait,
            polls,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap_with_bounded_jitter() {
        let config = WaiterConfig::default();
        assert_eq!(config.delay(1, 0.999_999).as_millis(), 999);
        assert_eq!(config.delay(1, 0.0), Duration::from_millis(500));
        assert_eq!(config.delay(3, 0.0), Duration::from_secs(2));
        assert_eq!(config.delay(30, 0.0), Duration::from_secs(5));
        assert!(config.delay(30, 0.999) <= config.max_delay);
    }
}
