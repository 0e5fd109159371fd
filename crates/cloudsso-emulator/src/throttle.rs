//! Throttling as the service does it: a number of calls per second per access key per
//! operation, counted in one-second windows aligned to the clock.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The state of a caller's window after a call was counted or refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitStatus {
    /// Calls allowed per window.
    pub limit: u32,
    /// Calls left in the current window.
    pub remain: u32,
    /// Milliseconds until the window resets.
    pub time_left_ms: u64,
    /// The Unix time in milliseconds at which the window resets.
    pub reset_unix_ms: u64,
}

impl RateLimitStatus {
    /// The value of the `x-ratelimit-user-api` header:
    /// `Limit:100,Remain:0,TimeLeft:2000,Reset:1700000000000`.
    pub fn header_value(&self) -> String {
        format!(
            "Limit:{},Remain:{},TimeLeft:{},Reset:{}",
            self.limit, self.remain, self.time_left_ms, self.reset_unix_ms
        )
    }
}

/// Counts calls per `(access key ID, action)` in one-second windows.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: u32,
    /// `(key, action)` to `(window start in Unix seconds, calls counted in it)`.
    windows: Mutex<HashMap<(String, String), (u64, u32)>>,
}

/// At most this many callers are remembered; beyond it, stale windows are dropped.
const MAX_TRACKED: usize = 100_000;

impl RateLimiter {
    /// A limiter allowing `limit` calls per second; 0 turns throttling off.
    pub(crate) fn new(limit: u32) -> Self {
        Self {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a call at `now`; `Err` with the window's status when over the limit, `Ok` with
    /// it otherwise (`None` when throttling is off).
    pub(crate) fn check(
        &self,
        access_key_id: &str,
        action: &str,
        now: SystemTime,
    ) -> Result<Option<RateLimitStatus>, RateLimitStatus> {
        if self.limit == 0 {
            return Ok(None);
        }
        let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
        let second = since_epoch.as_secs();
        let now_ms = u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX);
        let reset_unix_ms = second.saturating_add(1).saturating_mul(1000);
        let mut windows = match self.windows.lock() {
            Ok(windows) => windows,
            Err(poisoned) => poisoned.into_inner(),
        };
        if windows.len() >= MAX_TRACKED {
            windows.retain(|_, (start, _)| *start >= second);
        }
        let entry = windows
            .entry((access_key_id.to_owned(), action.to_owned()))
            .or_insert((second, 0));
        if entry.0 != second {
            *entry = (second, 0);
        }
        let status = |count: u32| RateLimitStatus {
            limit: self.limit,
            remain: self.limit.saturating_sub(count),
            time_left_ms: reset_unix_ms.saturating_sub(now_ms),
            reset_unix_ms,
        };
        if entry.1 >= self.limit {
            return Err(status(entry.1));
        }
        entry.1 += 1;
        Ok(Some(status(entry.1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(ms)
    }

    #[test]
    fn counts_per_key_and_action_and_resets_each_second() {
        let limiter = RateLimiter::new(2);
        let t = 1_700_000_000_250;
        assert!(limiter.check("k", "A", at(t)).is_ok());
        assert!(limiter.check("k", "A", at(t)).is_ok());
        let refused = limiter.check("k", "A", at(t)).unwrap_err();
        assert_eq!(refused.remain, 0);
        assert_eq!(refused.time_left_ms, 750);
        assert_eq!(
            refused.header_value(),
            "Limit:2,Remain:0,TimeLeft:750,Reset:1700000001000"
        );
        // Another action and another key have their own windows.
        assert!(limiter.check("k", "B", at(t)).is_ok());
        assert!(limiter.check("other", "A", at(t)).is_ok());
        // The next second starts afresh.
        assert!(limiter.check("k", "A", at(t + 750)).is_ok());
    }

    #[test]
    fn zero_is_off() {
        let limiter = RateLimiter::new(0);
        for _ in 0..1000 {
            assert_eq!(limiter.check("k", "A", at(0)), Ok(None));
        }
    }
}
