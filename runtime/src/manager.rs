//! [`JwtManager`]: the shared handle that mints and verifies tokens.

use std::sync::Arc;

use axum::response::Response;
use serde_json::{Map, Value};

use crate::blocklist::{Blocklist, BlocklistHandle, MemoryBlocklist};
use crate::config::{ConfigError, JwtConfig};
use crate::error::{AuthError, error_body};
use crate::token::{
    self, DecodeOptions, DecodedToken, MintError, MintedToken, TokenOptions, TokenType,
};

/// Mints and verifies tokens with one checked configuration. Cheap to clone (one
/// `Arc`); put it in the axum state.
///
/// ```
/// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions, TokenType, DecodeOptions};
///
/// let jwt = JwtManager::new(JwtConfig::builder().secret("a secret of at least thirty-two bytes").build()?);
/// let access = jwt.create_access_token("alice@example.com", TokenOptions::new().fresh(true))?;
/// let refresh = jwt.create_refresh_token("alice@example.com", TokenOptions::new())?;
///
/// let claims = jwt.decode_token(&access)?.claims;
/// assert_eq!(claims.identity, "alice@example.com");
/// assert!(claims.fresh.is_fresh_at(0.0));
///
/// let refused = jwt.decode_token_with(&refresh, &DecodeOptions::new().expect_type(TokenType::Access));
/// assert_eq!(refused.unwrap_err().to_string(), "Only non-refresh tokens are allowed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct JwtManager {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: JwtConfig,
    blocklist: BlocklistHandle,
    /// `base64url({"typ":"JWT","alg":...})`, shared by every token without extra headers.
    header: String,
}

impl JwtManager {
    /// A manager for this configuration.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn new(config: JwtConfig) -> Self {
        Self::with_blocklist(config, MemoryBlocklist::new())
    }

    /// A manager that keeps revoked tokens in this [`Blocklist`] instead of the
    /// default [`MemoryBlocklist`] (e.g. a shared store for several processes).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, MemoryBlocklist};
    ///
    /// let config = JwtConfig::builder().secret([9u8; 32]).build()?;
    /// let jwt = JwtManager::with_blocklist(config, MemoryBlocklist::with_capacity(10_000));
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn with_blocklist(config: JwtConfig, blocklist: impl Blocklist) -> Self {
        let header = token::default_header(config.keys().algorithm());
        let blocklist = BlocklistHandle::new(blocklist);
        JwtManager {
            inner: Arc::new(Inner {
                config,
                blocklist,
                header,
            }),
        }
    }

    pub(crate) fn blocklist(&self) -> &BlocklistHandle {
        &self.inner.blocklist
    }

    /// A manager configured from the environment ([`JwtConfig::from_env`]).
    ///
    /// ```no_run
    /// use axum_jwt_login_runtime::JwtManager;
    ///
    /// let jwt = JwtManager::from_env()?;
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<Self, ConfigError> {
        JwtConfig::from_env().map(Self::new)
    }

    /// The configuration.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::{JwtConfig, JwtManager};
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// assert_eq!(jwt.config().settings().identity_claim, "sub");
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn config(&self) -> &JwtConfig {
        &self.inner.config
    }

    /// Mints an access token for `identity` (`create_access_token`). The identity is
    /// written as a string: an integer id as its decimal digits.
    ///
    /// ```
    /// use std::time::Duration;
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let token = jwt.create_access_token(7, TokenOptions::new().expires_in(Duration::from_secs(60)))?;
    /// let claims = jwt.decode_token(&token)?.claims;
    /// assert_eq!(claims.exp, claims.iat.map(|iat| iat + 60));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_access_token(
        &self,
        identity: impl std::fmt::Display,
        options: TokenOptions,
    ) -> Result<String, MintError> {
        self.mint(identity, TokenType::Access, &options)
            .map(|minted| minted.token)
    }

    /// Mints a refresh token for `identity` (`create_refresh_token`).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions, TokenType};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let token = jwt.create_refresh_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.token_type, TokenType::Refresh);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_refresh_token(
        &self,
        identity: impl std::fmt::Display,
        options: TokenOptions,
    ) -> Result<String, MintError> {
        self.mint(identity, TokenType::Refresh, &options)
            .map(|minted| minted.token)
    }

    pub(crate) fn mint(
        &self,
        identity: impl std::fmt::Display,
        token_type: TokenType,
        options: &TokenOptions,
    ) -> Result<MintedToken, MintError> {
        let mut text = String::new();
        let identity = display_str(&identity, &mut text);
        token::mint(
            &self.inner.config,
            &self.inner.header,
            identity,
            token_type,
            options,
        )
    }

    /// Decodes and fully verifies a token (`decode_token`): signature against the
    /// allow-list, `iat`/`nbf`/`exp` with leeway, `iss` and `aud` when configured,
    /// claim types and the identity claim. Any token type is accepted.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// assert_eq!(jwt.decode_token("abc").unwrap_err().to_string(), "Not enough segments");
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn decode_token(&self, token: &str) -> Result<DecodedToken, AuthError> {
        token::decode(&self.inner.config, token, &DecodeOptions::default())
    }

    /// [`decode_token`](Self::decode_token) with a CSRF value, an expected token type,
    /// or expired tokens allowed.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{DecodeOptions, JwtConfig, JwtManager, TokenOptions, TokenType};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let access = jwt.create_access_token("alice", TokenOptions::new())?;
    /// let err = jwt.decode_token_with(&access, &DecodeOptions::new().expect_type(TokenType::Refresh)).unwrap_err();
    /// assert_eq!(err.to_string(), "Only refresh tokens are allowed");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode_token_with(
        &self,
        token: &str,
        options: &DecodeOptions<'_>,
    ) -> Result<DecodedToken, AuthError> {
        token::decode(&self.inner.config, token, options)
    }

    /// The header of a token without verifying anything else
    /// (`get_unverified_jwt_headers`). Never trust it before verification.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let token = jwt.create_access_token("alice", TokenOptions::new().header("kid", "k1"))?;
    /// assert_eq!(jwt.unverified_header(&token)?["kid"], "k1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unverified_header(&self, token: &str) -> Result<Map<String, Value>, AuthError> {
        token::unverified_header(token)
    }

    /// The answer to a refusal: the application's [`ErrorHook`](crate::ErrorHook) if
    /// it gives one, else Flask-JWT-Extended's status and `{"<JWT_ERROR_MESSAGE_KEY>": ...}`.
    ///
    /// ```
    /// use axum::http::StatusCode;
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).error_message_key("error").build()?);
    /// let err = jwt.decode_token("a.b").unwrap_err();
    /// let response = jwt.error_response(&err);
    /// assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn error_response(&self, error: &AuthError) -> Response {
        let config = &self.inner.config;
        if let Some(response) = config.error_hook().and_then(|hook| hook(error)) {
            return response;
        }
        error_body(
            error.status(),
            &config.settings().error_message_key,
            &error.to_string(),
        )
    }
}

/// The identity written as text into `buffer` (an integer as its decimal digits).
fn display_str<'a>(identity: &'a impl std::fmt::Display, buffer: &'a mut String) -> &'a str {
    use std::fmt::Write as _;
    let _ = write!(buffer, "{identity}");
    buffer
}
