//! The replay store: nonces seen within the time window, bounded in memory.

use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;

use crate::verify::error::VerificationError;

/// The nonces a verifier has accepted within the time window, per access key.
///
/// A nonce is remembered until the window after its request's own timestamp has passed:
/// after that, the timestamp check rejects a replay on its own. Memory is bounded by
/// `capacity` live entries; a store that is full of unexpired nonces refuses new requests
/// ([`VerificationError::ReplayStoreFull`]) rather than forgetting a live nonce, which would
/// open a replay. Shared between threads by reference (`&ReplayStore` is `Sync`).
///
/// It keeps a 128-bit keyed digest of each `(access key ID, nonce)`, not the strings: two
/// SipHash keys drawn at random per store, so that no client can aim for a collision, and
/// a chance collision among a million live entries is about 10^-27.
#[derive(Debug)]
pub struct ReplayStore {
    capacity: usize,
    keys: [RandomState; 2],
    inner: Mutex<Entries>,
}

/// The digest of `(access key ID, nonce)`.
type Key = u128;

#[derive(Debug, Default)]
struct Entries {
    live: HashSet<Key>,
    /// The same keys with the Unix second at which each expires, oldest expiry first
    /// (requests arrive roughly in time order; a late expiry only keeps an entry longer).
    by_expiry: VecDeque<(i64, Key)>,
}

impl Default for ReplayStore {
    fn default() -> Self {
        Self::new()
    }
}

impl ReplayStore {
    /// The default capacity: a million live nonces (about 1,100 requests a second sustained
    /// over a 15-minute window), some 50 MB at most.
    pub const DEFAULT_CAPACITY: usize = 1_000_000;

    /// A store with [`Self::DEFAULT_CAPACITY`].
    pub fn new() -> Self {
        Self::with_capacity(Self::DEFAULT_CAPACITY)
    }

    /// A store that holds at most `capacity` live nonces.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            capacity,
            keys: [RandomState::new(), RandomState::new()],
            inner: Mutex::new(Entries::default()),
        }
    }

    /// How many nonces are remembered now (expired ones included until the next insert).
    pub fn len(&self) -> usize {
        self.lock().live.len()
    }

    /// Whether no nonce is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records `nonce` for `access_key_id` until `expires_at` (Unix seconds), having first
    /// dropped the entries expired at `now`. Fails if the pair is live already, or if the
    /// store is full.
    pub(crate) fn insert(
        &self,
        access_key_id: &str,
        nonce: &str,
        now: i64,
        expires_at: i64,
        window_seconds: u64,
    ) -> Result<(), VerificationError> {
        let key = self.key(access_key_id, nonce);
        let mut entries = self.lock();
        while let Some((expiry, _)) = entries.by_expiry.front() {
            if *expiry > now {
                break;
            }
            if let Some((_, key)) = entries.by_expiry.pop_front() {
                entries.live.remove(&key);
            }
        }
        if entries.live.contains(&key) {
            return Err(VerificationError::NonceUsed {
                nonce: nonce.to_owned(),
                window_seconds,
            });
        }
        if entries.live.len() >= self.capacity {
            return Err(VerificationError::ReplayStoreFull {
                capacity: self.capacity,
            });
        }
        entries.live.insert(key);
        // Keep the queue ordered by expiry; entries almost always arrive in order.
        let at = entries
            .by_expiry
            .iter()
            .rposition(|(expiry, _)| *expiry <= expires_at)
            .map_or(0, |i| i + 1);
        entries.by_expiry.insert(at, (expires_at, key));
        Ok(())
    }

    fn key(&self, access_key_id: &str, nonce: &str) -> Key {
        let [a, b] = self
            .keys
            .each_ref()
            .map(|state| state.hash_one((access_key_id, nonce)));
        (u128::from(a) << 64) | u128::from(b)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock cannot leave the entries inconsistent in a way
        // that matters (at worst a key is in one collection only), so poisoning is ignored.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_refused_until_it_expires_and_then_forgotten() {
        let store = ReplayStore::new();
        store.insert("id", "n1", 100, 200, 900).unwrap();
        let error = store.insert("id", "n1", 150, 250, 900).unwrap_err();
        assert!(matches!(error, VerificationError::NonceUsed { .. }));
        // Another key may use the same nonce.
        store.insert("other", "n1", 150, 250, 900).unwrap();
        // At 200 the first entry expires.
        store.insert("id", "n1", 200, 300, 900).unwrap();
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn a_full_store_refuses_rather_than_forgets() {
        let store = ReplayStore::with_capacity(2);
        store.insert("id", "a", 0, 100, 900).unwrap();
        store.insert("id", "b", 0, 50, 900).unwrap();
        let error = store.insert("id", "c", 10, 110, 900).unwrap_err();
        assert_eq!(error, VerificationError::ReplayStoreFull { capacity: 2 });
        // Once `b` expires there is room again, and `a` is still remembered.
        store.insert("id", "c", 50, 150, 900).unwrap();
        assert!(store.insert("id", "a", 60, 160, 900).is_err());
    }
}
