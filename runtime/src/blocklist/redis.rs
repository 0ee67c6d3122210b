//! [`RedisBlocklist`]: revoked tokens in Redis, shared by every process of a service.
//!
//! Built on the `redis` crate's [`ConnectionManager`]: one multiplexed connection per
//! process, so concurrent requests share it without a pool, and it reconnects by
//! itself after Redis restarts. (`fred` does as much with more machinery: pools,
//! cluster routing, its own reconnect policies; a blocklist needs two commands.)

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Blocklist, BlocklistError};

/// Revoked tokens in Redis: one key per revoked `jti` (`<prefix><jti>`), which
/// expires when the token would, so Redis never holds more than the live revoked
/// tokens. Revoking is one `SET ... EX`, checking one `EXISTS`, each a single round
/// trip on a shared multiplexed connection, bounded by a timeout.
///
/// It fails closed: when Redis is down, slower than the timeout, or answers an error,
/// the call fails and the request gets `503 {"msg": "Token revocation status is
/// unavailable"}`; a revoked token is never let through. The outage is logged once,
/// and the next call after Redis is back is served again, without a restart.
///
/// Revocations last as long as Redis keeps its data: run it with persistence (AOF)
/// if a Redis restart must not forget them.
///
/// Needs the `redis` feature, and a Tokio runtime with its time driver (as
/// `#[tokio::main]` starts it).
///
/// ```no_run
/// use axum_jwt_login_runtime::{JwtConfig, JwtManager, RedisBlocklist};
///
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let blocklist = RedisBlocklist::connect("redis://127.0.0.1:6379/").await?;
/// let jwt = JwtManager::with_blocklist(JwtConfig::from_env()?, blocklist);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisBlocklist {
    connection: ConnectionManager,
    key_prefix: String,
    timeout: Duration,
}

/// Settings of a [`RedisBlocklist`] before it connects.
///
/// ```no_run
/// use std::time::Duration;
/// use axum_jwt_login_runtime::RedisBlocklist;
///
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let blocklist = RedisBlocklist::builder("redis://127.0.0.1:6379/2")
///     .key_prefix("people-api:revoked:")
///     .timeout(Duration::from_millis(100))
///     .connect()
///     .await?;
/// assert_eq!(blocklist.key("0b5c"), "people-api:revoked:0b5c");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
#[must_use = "call .connect().await to get a RedisBlocklist"]
pub struct RedisBlocklistBuilder {
    url: String,
    key_prefix: String,
    timeout: Duration,
}

impl RedisBlocklist {
    /// The key prefix unless [`RedisBlocklistBuilder::key_prefix`] says otherwise.
    pub const DEFAULT_KEY_PREFIX: &'static str = "axum-jwt-login:revoked:";

    /// How long one Redis call may take unless [`RedisBlocklistBuilder::timeout`]
    /// says otherwise; past it the call fails, and the request gets 503.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);

    /// Settings for a blocklist at this Redis URL (`redis://[:password@]host:port/db`,
    /// `rediss://` needs a TLS feature of the `redis` crate).
    ///
    /// ```
    /// use std::time::Duration;
    /// use axum_jwt_login_runtime::RedisBlocklist;
    ///
    /// let builder = RedisBlocklist::builder("redis://127.0.0.1:6379/").timeout(Duration::from_millis(50));
    /// # let _ = builder;
    /// ```
    pub fn builder(url: impl Into<String>) -> RedisBlocklistBuilder {
        RedisBlocklistBuilder {
            url: url.into(),
            key_prefix: Self::DEFAULT_KEY_PREFIX.to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// Connects with the default key prefix and timeout.
    ///
    /// ```no_run
    /// # use axum_jwt_login_runtime::RedisBlocklist;
    /// # #[tokio::main]
    /// # async fn main() -> Result<(), axum_jwt_login_runtime::BlocklistError> {
    /// let blocklist = RedisBlocklist::connect("redis://127.0.0.1:6379/").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect(url: &str) -> Result<RedisBlocklist, BlocklistError> {
        RedisBlocklist::builder(url).connect().await
    }

    /// The Redis key of a revoked `jti`.
    ///
    /// With `key_prefix("")` the key is the `jti` itself, as in Flask-JWT-Extended's
    /// documented Redis blocklist (`redis.set(jti, "", ex=...)`), so a Flask service
    /// and this one can share revocations.
    ///
    /// ```no_run
    /// # use axum_jwt_login_runtime::RedisBlocklist;
    /// # #[tokio::main]
    /// # async fn main() -> Result<(), axum_jwt_login_runtime::BlocklistError> {
    /// let blocklist = RedisBlocklist::connect("redis://127.0.0.1:6379/").await?;
    /// assert_eq!(blocklist.key("0b5c"), "axum-jwt-login:revoked:0b5c");
    /// # Ok(())
    /// # }
    /// ```
    pub fn key(&self, jti: &str) -> String {
        let mut key = String::with_capacity(self.key_prefix.len() + jti.len());
        key.push_str(&self.key_prefix);
        key.push_str(jti);
        key
    }

    /// Runs one command within the timeout.
    async fn query<T: redis::FromRedisValue>(
        &self,
        command: &redis::Cmd,
    ) -> Result<T, BlocklistError> {
        let mut connection = self.connection.clone();
        match tokio::time::timeout(self.timeout, command.query_async::<T>(&mut connection)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(BlocklistError::new(format!("Redis: {err}"))),
            Err(_) => Err(BlocklistError::new(format!(
                "Redis did not answer within {} ms",
                self.timeout.as_millis()
            ))),
        }
    }
}

impl RedisBlocklistBuilder {
    /// The prefix of every key (default [`RedisBlocklist::DEFAULT_KEY_PREFIX`]), so that several
    /// services, or a service and its tests, can share one Redis database.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::RedisBlocklist;
    /// let builder = RedisBlocklist::builder("redis://127.0.0.1/").key_prefix("billing:revoked:");
    /// # let _ = builder;
    /// ```
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.key_prefix = prefix.into();
        self
    }

    /// How long one call (and one connection attempt) may take (default
    /// [`RedisBlocklist::DEFAULT_TIMEOUT`]).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use axum_jwt_login_runtime::RedisBlocklist;
    /// let builder = RedisBlocklist::builder("redis://127.0.0.1/").timeout(Duration::from_millis(20));
    /// # let _ = builder;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connects, failing when the URL is not a Redis URL or Redis does not answer
    /// (the error never repeats the URL, which may hold a password).
    ///
    /// ```no_run
    /// # use axum_jwt_login_runtime::RedisBlocklist;
    /// # #[tokio::main]
    /// # async fn main() {
    /// let err = RedisBlocklist::builder("http://127.0.0.1/").connect().await.unwrap_err();
    /// assert!(err.to_string().starts_with("blocklist unavailable: not a Redis URL"));
    /// # }
    /// ```
    pub async fn connect(self) -> Result<RedisBlocklist, BlocklistError> {
        let client = redis::Client::open(self.url.as_str())
            .map_err(|err| BlocklistError::new(format!("not a Redis URL: {err}")))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            // Ours (below) answers first; the client's own is a backstop.
            .set_response_timeout(Some(self.timeout * 2))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_secs(1));
        let connecting = ConnectionManager::new_with_config(client, config);
        // Retries included, a first connection gets a few timeouts' time.
        let connection = match tokio::time::timeout(self.timeout * 4, connecting).await {
            Ok(Ok(connection)) => connection,
            Ok(Err(err)) => {
                return Err(BlocklistError::new(format!(
                    "cannot connect to Redis: {err}"
                )));
            }
            Err(_) => {
                return Err(BlocklistError::new(format!(
                    "cannot connect to Redis: no answer within {} ms",
                    (self.timeout * 4).as_millis()
                )));
            }
        };
        let blocklist = RedisBlocklist {
            connection,
            key_prefix: self.key_prefix,
            timeout: self.timeout,
        };
        // A server that accepts connections but cannot answer is found now.
        blocklist
            .query::<String>(&redis::cmd("PING"))
            .await
            .map_err(|err| BlocklistError::new(format!("cannot connect to Redis: {err}")))?;
        Ok(blocklist)
    }
}

impl Blocklist for RedisBlocklist {
    async fn revoke(&self, jti: &str, expires_at: Option<i64>) -> Result<(), BlocklistError> {
        let mut command = redis::cmd("SET");
        command.arg(self.key(jti)).arg("");
        if let Some(expires_at) = expires_at {
            let remaining = expires_at.saturating_sub(crate::token::now_seconds());
            if remaining <= 0 {
                // Expired already: refused as expired, nothing to remember.
                return Ok(());
            }
            command.arg("EX").arg(remaining);
        }
        self.query::<()>(&command).await
    }

    async fn is_revoked(&self, jti: &str) -> Result<bool, BlocklistError> {
        let mut command = redis::cmd("EXISTS");
        command.arg(self.key(jti));
        self.query::<i64>(&command).await.map(|found| found > 0)
    }
}

/// Shows the settings, never the URL (it may hold a password).
impl std::fmt::Debug for RedisBlocklist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBlocklist")
            .field("key_prefix", &self.key_prefix)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Shows the settings, never the URL (it may hold a password).
impl std::fmt::Debug for RedisBlocklistBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBlocklistBuilder")
            .field("key_prefix", &self.key_prefix)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}
