//! [`MemoryBlocklist`]: revoked `jti`s in this process's memory.

use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Blocklist, BlocklistError};

const SHARDS: usize = 16;

/// The embedded blocklist: revoked `jti`s in memory, for one server process.
///
/// Concurrent (sharded locks), and bounded: an entry is dropped once its token would
/// have expired anyway, and when `capacity` live revocations are held, a further
/// revocation fails (so the logout answers 503) rather than forgetting one that is
/// still live. For several processes use a shared store.
///
/// ```
/// use axum_jwt_login_runtime::{Blocklist, MemoryBlocklist};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), axum_jwt_login_runtime::BlocklistError> {
/// let blocklist = MemoryBlocklist::with_capacity(10_000);
/// blocklist.revoke("8d3e2a4c-1111-4222-8333-944455556666", Some(i64::MAX)).await?;
/// assert!(blocklist.is_revoked("8d3e2a4c-1111-4222-8333-944455556666").await?);
/// assert!(!blocklist.is_revoked("another").await?);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct MemoryBlocklist {
    shards: [RwLock<Shard>; SHARDS],
    len: AtomicUsize,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Shard {
    /// `jti` → expiry (seconds since the epoch; `None`: never).
    entries: HashMap<Box<str>, Option<i64>>,
    /// The size at which this shard next sweeps out expired entries.
    sweep_at: usize,
}

impl Default for MemoryBlocklist {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryBlocklist {
    /// Room for a million live revocations.
    ///
    /// ```
    /// use axum_jwt_login_runtime::MemoryBlocklist;
    ///
    /// let blocklist = MemoryBlocklist::new();
    /// assert_eq!(blocklist.len(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_capacity(1_000_000)
    }

    /// Room for `capacity` live revocations.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Blocklist, MemoryBlocklist};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let blocklist = MemoryBlocklist::with_capacity(1);
    /// blocklist.revoke("first", None).await?;
    /// let full = blocklist.revoke("second", None).await.unwrap_err();
    /// assert_eq!(
    ///     full.to_string(),
    ///     "blocklist unavailable: the memory blocklist holds 1 live revocations, its capacity"
    /// );
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_capacity(capacity: usize) -> Self {
        MemoryBlocklist {
            shards: std::array::from_fn(|_| {
                RwLock::new(Shard {
                    entries: HashMap::new(),
                    sweep_at: 64,
                })
            }),
            len: AtomicUsize::new(0),
            capacity,
        }
    }

    /// How many revocations are held (expired ones included until swept).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Blocklist, MemoryBlocklist};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let blocklist = MemoryBlocklist::new();
    /// blocklist.revoke("a", Some(i64::MAX)).await?;
    /// blocklist.revoke("a", None).await?; // the same `jti` again: updated, not added
    /// blocklist.revoke("b", Some(0)).await?; // already expired: nothing to remember
    /// assert_eq!(blocklist.len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    /// Whether no revocation is held.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Blocklist, MemoryBlocklist};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let blocklist = MemoryBlocklist::new();
    /// assert!(blocklist.is_empty());
    /// blocklist.revoke("a", None).await?;
    /// assert!(!blocklist.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops every entry whose token has expired; returns how many were dropped.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Blocklist, MemoryBlocklist};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let blocklist = MemoryBlocklist::new();
    /// blocklist.revoke("live", Some(i64::MAX)).await?;
    /// blocklist.revoke("forever", None).await?;
    /// // Neither token has expired, so both revocations stay.
    /// assert_eq!(blocklist.sweep(), 0);
    /// assert_eq!(blocklist.len(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn sweep(&self) -> usize {
        let now = crate::token::now_seconds();
        self.shards
            .iter()
            .map(|shard| self.sweep_shard(&mut write(shard), now))
            .sum()
    }

    fn sweep_shard(&self, shard: &mut Shard, now: i64) -> usize {
        let before = shard.entries.len();
        shard
            .entries
            .retain(|_, expires| expires.is_none_or(|at| at > now));
        let dropped = before - shard.entries.len();
        self.len.fetch_sub(dropped, Ordering::Relaxed);
        shard.sweep_at = (shard.entries.len() * 2).max(64);
        dropped
    }

    fn shard(&self, jti: &str) -> &RwLock<Shard> {
        // FNV-1a: cheap, and `jti`s are random UUIDs, so no flooding concern.
        let hash = jti.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        &self.shards[(hash as usize) % SHARDS]
    }
}

fn write(lock: &RwLock<Shard>) -> std::sync::RwLockWriteGuard<'_, Shard> {
    // A panic while holding the lock cannot leave a shard half-written (each change is
    // one map operation), so a poisoned lock is safe to keep using.
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Blocklist for MemoryBlocklist {
    async fn revoke(&self, jti: &str, expires_at: Option<i64>) -> Result<(), BlocklistError> {
        let now = crate::token::now_seconds();
        if expires_at.is_some_and(|at| at <= now) {
            return Ok(()); // already expired: refused anyway, nothing to remember
        }
        let mut shard = write(self.shard(jti));
        if shard.entries.len() >= shard.sweep_at || self.len() >= self.capacity {
            self.sweep_shard(&mut shard, now);
        }
        if let Some(existing) = shard.entries.get_mut(jti) {
            *existing = match (*existing, expires_at) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
            return Ok(());
        }
        if self.len() >= self.capacity {
            drop(shard);
            self.sweep();
            if self.len() >= self.capacity {
                return Err(BlocklistError::new(format!(
                    "the memory blocklist holds {} live revocations, its capacity",
                    self.capacity
                )));
            }
            shard = write(self.shard(jti));
        }
        shard.entries.insert(jti.into(), expires_at);
        self.len.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    async fn is_revoked(&self, jti: &str) -> Result<bool, BlocklistError> {
        let shard = self
            .shard(jti)
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // An expired entry still answers true: the token it names is refused as
        // expired first, and the answer stays safe until it is swept.
        Ok(shard.entries.contains_key(jti))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut cx) {
                return value;
            }
        }
    }

    #[test]
    fn revoked_until_expiry_then_swept() {
        let blocklist = MemoryBlocklist::new();
        let now = crate::token::now_seconds();
        block_on(blocklist.revoke("live", Some(now + 100))).unwrap();
        block_on(blocklist.revoke("forever", None)).unwrap();
        block_on(blocklist.revoke("past", Some(now - 1))).unwrap();
        assert!(block_on(blocklist.is_revoked("live")).unwrap());
        assert!(block_on(blocklist.is_revoked("forever")).unwrap());
        assert!(
            !block_on(blocklist.is_revoked("past")).unwrap(),
            "already expired: not stored"
        );
        assert_eq!(blocklist.len(), 2);
        assert_eq!(blocklist.sweep(), 0);
    }

    #[test]
    fn expired_entries_are_swept_and_capacity_is_a_hard_bound() {
        let blocklist = MemoryBlocklist::with_capacity(3);
        let now = crate::token::now_seconds();
        {
            // Entries that expire "now" are kept by revoke (they were live), swept later.
            let mut shard = write(blocklist.shard("old"));
            shard.entries.insert("old".into(), Some(now - 5));
            blocklist.len.fetch_add(1, Ordering::Relaxed);
        }
        block_on(blocklist.revoke("a", Some(now + 100))).unwrap();
        block_on(blocklist.revoke("b", Some(now + 100))).unwrap();
        assert_eq!(blocklist.len(), 3);
        block_on(blocklist.revoke("c", None)).unwrap();
        assert!(
            !block_on(blocklist.is_revoked("old")).unwrap(),
            "swept to make room"
        );
        let err = block_on(blocklist.revoke("d", None)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "blocklist unavailable: the memory blocklist holds 3 live revocations, its capacity"
        );
        for jti in ["a", "b", "c"] {
            assert!(
                block_on(blocklist.is_revoked(jti)).unwrap(),
                "{jti} is never forgotten while live"
            );
        }
        block_on(blocklist.revoke("a", None)).unwrap();
        assert_eq!(blocklist.len(), 3, "revoking again updates, does not add");
    }
}
