//! Configuration: Flask-JWT-Extended's settings, from a builder or the environment.

mod builder;
mod check;
mod env;
mod error;
mod settings;
mod types;

pub use builder::JwtConfigBuilder;
pub use error::ConfigError;
pub use settings::{CookieSettings, CsrfSettings, JwtSettings};
pub use types::{Expiry, SameSite, TokenLocation};

use crate::error::ErrorHook;
use crate::keys::KeySet;

/// A checked configuration: settings, keys and the application's error hook.
///
/// Build it with [`JwtConfig::builder`] or read it with [`JwtConfig::from_env`], then
/// hand it to [`JwtManager::new`](crate::JwtManager::new). Its `Debug` output never
/// shows a secret or a key.
///
/// ```
/// use axum_jwt_login_runtime::{JwtConfig, TokenLocation};
///
/// let config = JwtConfig::builder()
///     .secret("a long random secret of at least 32 bytes")
///     .token_location([TokenLocation::Headers, TokenLocation::Cookies])
///     .build()?;
/// assert_eq!(config.settings().token_location.len(), 2);
/// assert!(!format!("{config:?}").contains("a long random secret"));
/// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
/// ```
pub struct JwtConfig {
    settings: JwtSettings,
    keys: KeySet,
    error_hook: Option<ErrorHook>,
    claims_check: Option<ClaimsCheck>,
}

/// The application's own check of a verified token, Flask-JWT-Extended's
/// `token_verification_loader`: `false` refuses the request with
/// `400 User claims verification failed`.
///
/// ```
/// use std::sync::Arc;
/// use axum_jwt_login_runtime::{ClaimsCheck, DecodedToken};
///
/// let only_staff: ClaimsCheck = Arc::new(|token: &DecodedToken| token.claims.extra.get("staff") == Some(&true.into()));
/// ```
pub type ClaimsCheck = std::sync::Arc<dyn Fn(&crate::token::DecodedToken) -> bool + Send + Sync>;

impl JwtConfig {
    /// A builder with Flask-JWT-Extended's defaults and no key.
    ///
    /// ```
    /// use axum_jwt_login_runtime::JwtConfig;
    ///
    /// let err = JwtConfig::builder().build().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "JWT_SECRET_KEY (or SECRET_KEY) must be set when using symmetric algorithm \"HS256\""
    /// );
    /// ```
    pub fn builder() -> JwtConfigBuilder {
        JwtConfigBuilder::new()
    }

    /// The settings, as checked.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::JwtConfig;
    /// let config = JwtConfig::builder().secret([7u8; 32]).build()?;
    /// assert_eq!(config.settings().error_message_key, "msg");
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn settings(&self) -> &JwtSettings {
        &self.settings
    }

    pub(crate) fn keys(&self) -> &KeySet {
        &self.keys
    }

    pub(crate) fn error_hook(&self) -> Option<&ErrorHook> {
        self.error_hook.as_ref()
    }

    pub(crate) fn claims_check(&self) -> Option<&ClaimsCheck> {
        self.claims_check.as_ref()
    }
}

impl std::fmt::Debug for JwtConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtConfig")
            .field("settings", &self.settings)
            .field("keys", &self.keys)
            .field(
                "error_hook",
                &self.error_hook.as_ref().map(|_| "Fn(&AuthError)"),
            )
            .field(
                "claims_check",
                &self.claims_check.as_ref().map(|_| "Fn(&DecodedToken)"),
            )
            .finish()
    }
}
