//! Revoked tokens: the [`Blocklist`] trait, checked on every authenticated request,
//! and [`MemoryBlocklist`], the embedded default.

mod memory;
mod outage;
#[cfg(feature = "redis")]
mod redis;

#[cfg(feature = "redis")]
pub use self::redis::{RedisBlocklist, RedisBlocklistBuilder};
pub use memory::MemoryBlocklist;

use outage::OutageLog;

use std::future::Future;
use std::pin::Pin;

/// A store of revoked token ids (`jti`), as Flask-JWT-Extended's
/// `token_in_blocklist_loader` consults one.
///
/// Implementations must fail closed: when the store cannot answer, return an error
/// (the request then gets 503), never `Ok(false)`.
///
/// ```
/// use axum_jwt_login_runtime::{Blocklist, BlocklistError};
///
/// /// Revokes nothing, refuses nothing: for a service without logout.
/// struct NoRevocation;
///
/// impl Blocklist for NoRevocation {
///     async fn revoke(&self, _jti: &str, _expires_at: Option<i64>) -> Result<(), BlocklistError> {
///         Err(BlocklistError::new("this service does not revoke tokens"))
///     }
///     async fn is_revoked(&self, _jti: &str) -> Result<bool, BlocklistError> {
///         Ok(false)
///     }
/// }
/// ```
pub trait Blocklist: Send + Sync + 'static {
    /// Revokes `jti` until `expires_at` (seconds since the epoch; `None`: the token
    /// never expires, so neither does its revocation).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Blocklist, MemoryBlocklist};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let blocklist = MemoryBlocklist::new();
    /// blocklist.revoke("8d3e2a4c-1111-4222-8333-944455556666", None).await?;
    /// assert!(blocklist.is_revoked("8d3e2a4c-1111-4222-8333-944455556666").await?);
    /// // Never expires: a sweep keeps it.
    /// assert_eq!(blocklist.sweep(), 0);
    /// # Ok(())
    /// # }
    /// ```
    fn revoke(
        &self,
        jti: &str,
        expires_at: Option<i64>,
    ) -> impl Future<Output = Result<(), BlocklistError>> + Send;

    /// Whether `jti` has been revoked.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Blocklist, MemoryBlocklist};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let blocklist = MemoryBlocklist::new();
    /// assert_eq!(blocklist.is_revoked("a").await?, false);
    /// blocklist.revoke("a", Some(i64::MAX)).await?;
    /// assert_eq!(blocklist.is_revoked("a").await?, true);
    /// # Ok(())
    /// # }
    /// ```
    fn is_revoked(&self, jti: &str) -> impl Future<Output = Result<bool, BlocklistError>> + Send;
}

/// A blocklist that could not answer.
///
/// ```
/// use axum_jwt_login_runtime::BlocklistError;
///
/// let err = BlocklistError::new("redis: connection refused");
/// assert_eq!(err.to_string(), "blocklist unavailable: redis: connection refused");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("blocklist unavailable: {reason}")]
pub struct BlocklistError {
    reason: String,
}

impl BlocklistError {
    /// An error with this reason (logged, never sent to clients).
    ///
    /// ```
    /// use axum_jwt_login_runtime::BlocklistError;
    ///
    /// let err = BlocklistError::new(format!("timed out after {} ms", 50));
    /// assert_eq!(err.to_string(), "blocklist unavailable: timed out after 50 ms");
    /// ```
    pub fn new(reason: impl Into<String>) -> Self {
        BlocklistError {
            reason: reason.into(),
        }
    }
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The object-safe form of [`Blocklist`], for blocklists other than the memory one.
pub(crate) trait DynBlocklist: Send + Sync {
    fn revoke<'a>(
        &'a self,
        jti: &'a str,
        expires_at: Option<i64>,
    ) -> BoxFuture<'a, Result<(), BlocklistError>>;
    fn is_revoked<'a>(&'a self, jti: &'a str) -> BoxFuture<'a, Result<bool, BlocklistError>>;
}

impl<B: Blocklist> DynBlocklist for B {
    fn revoke<'a>(
        &'a self,
        jti: &'a str,
        expires_at: Option<i64>,
    ) -> BoxFuture<'a, Result<(), BlocklistError>> {
        Box::pin(Blocklist::revoke(self, jti, expires_at))
    }
    fn is_revoked<'a>(&'a self, jti: &'a str) -> BoxFuture<'a, Result<bool, BlocklistError>> {
        Box::pin(Blocklist::is_revoked(self, jti))
    }
}

/// The manager's blocklist: the memory one called directly (no allocation on the
/// request path), any other through [`DynBlocklist`]; outages logged once.
pub(crate) struct BlocklistHandle {
    store: Store,
    outage: OutageLog,
}

// One per manager, inside its `Arc`: the memory variant is kept inline, no indirection.
#[allow(clippy::large_enum_variant)]
enum Store {
    Memory(MemoryBlocklist),
    Other(Box<dyn DynBlocklist>),
}

impl BlocklistHandle {
    pub(crate) fn new<B: Blocklist>(blocklist: B) -> Self {
        // The memory blocklist is called directly; telling it apart needs `Any`.
        let mut slot = Some(blocklist);
        let memory = (&mut slot as &mut dyn std::any::Any)
            .downcast_mut::<Option<MemoryBlocklist>>()
            .and_then(Option::take);
        let store = match (memory, slot) {
            (Some(memory), _) => Store::Memory(memory),
            (None, Some(other)) => Store::Other(Box::new(other)),
            (None, None) => Store::Memory(MemoryBlocklist::new()),
        };
        BlocklistHandle {
            store,
            outage: OutageLog::default(),
        }
    }

    pub(crate) async fn revoke(
        &self,
        jti: &str,
        expires_at: Option<i64>,
    ) -> Result<(), BlocklistError> {
        let outcome = match &self.store {
            Store::Memory(memory) => Blocklist::revoke(memory, jti, expires_at).await,
            Store::Other(other) => other.revoke(jti, expires_at).await,
        };
        self.outage.record("revoke a token", outcome)
    }

    pub(crate) async fn is_revoked(&self, jti: &str) -> Result<bool, BlocklistError> {
        let outcome = match &self.store {
            Store::Memory(memory) => Blocklist::is_revoked(memory, jti).await,
            Store::Other(other) => other.is_revoked(jti).await,
        };
        self.outage.record("check a token's revocation", outcome)
    }
}

impl std::fmt::Debug for BlocklistHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.store {
            Store::Memory(memory) => f.debug_tuple("Memory").field(&memory.len()).finish(),
            Store::Other(_) => f.write_str("Other"),
        }
    }
}
