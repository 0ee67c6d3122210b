//! [`JwtConfigBuilder`]: settings and keys in code.

use std::time::Duration;

use jsonwebtoken::Algorithm;

use super::{ConfigError, Expiry, JwtConfig, JwtSettings, TokenLocation};
use crate::error::ErrorHook;
use crate::keys::{KeyMaterial, KeySet};

/// Builds a [`JwtConfig`] in code. Every value is checked by [`build`](Self::build).
///
/// The common settings have their own methods; every other one (header, cookie,
/// CSRF, query-string and JSON names) is a field of [`JwtSettings`], reached through
/// [`settings`](Self::settings).
///
/// ```
/// use std::time::Duration;
/// use axum_jwt_login_runtime::{Expiry, JwtConfig, TokenLocation};
/// use jsonwebtoken::Algorithm;
///
/// let config = JwtConfig::builder()
///     .algorithm(Algorithm::HS512)
///     .secret("an HMAC secret that is long enough for HS512 use, really")
///     .access_expires(Expiry::After(Duration::from_secs(300)))
///     .identity_claim("identity")
///     .token_location([TokenLocation::Json])
///     .settings(|s| s.json_key = "token".into())
///     .build()?;
/// assert_eq!(config.settings().json_key, "token");
/// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
/// ```
#[derive(Default)]
#[must_use = "call .build() to get a JwtConfig"]
pub struct JwtConfigBuilder {
    settings: JwtSettings,
    keys: KeyMaterial,
    error_hook: Option<ErrorHook>,
    claims_check: Option<super::ClaimsCheck>,
}
impl JwtConfigBuilder {
    /// Flask-JWT-Extended's defaults and no key; same as [`JwtConfig::builder`].
    ///
    /// ```
    /// use axum_jwt_login_runtime::JwtConfigBuilder;
    ///
    /// let config = JwtConfigBuilder::new().secret([9u8; 32]).build()?;
    /// assert_eq!(config.settings().identity_claim, "sub");
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from these settings (keys still to be given).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfigBuilder, JwtSettings};
    ///
    /// let mut settings = JwtSettings::default();
    /// settings.header_type = "JWT".into();
    /// let config = JwtConfigBuilder::from_settings(settings).secret([9u8; 32]).build()?;
    /// assert_eq!(config.settings().header_type, "JWT");
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn from_settings(settings: JwtSettings) -> Self {
        JwtConfigBuilder {
            settings,
            ..Self::default()
        }
    }

    /// `JWT_SECRET_KEY`: the HMAC secret, at least 32 bytes (see
    /// [`allow_weak_secret`](Self::allow_weak_secret)).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{ConfigError, JwtConfig};
    ///
    /// let err = JwtConfig::builder().secret("flask-dev-key").build().unwrap_err();
    /// assert_eq!(
    ///     err,
    ///     ConfigError::WeakSecret {
    ///         var: "JWT_SECRET_KEY",
    ///         length: 13,
    ///         algorithm: "HS256".into(),
    ///     }
    /// );
    /// ```
    pub fn secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.keys.secret = Some(secret.as_ref().to_vec());
        self
    }

    /// `JWT_PRIVATE_KEY`: the PEM private key of an RS*, PS*, ES* or EdDSA algorithm.
    /// Without it the configuration verifies tokens but cannot mint them.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Algorithm, JwtConfig, JwtManager, TokenOptions};
    ///
    /// # let private_pem = concat!(
    /// #     "-----BEGIN PRIVATE KEY-----\n",
    /// #     "MC4CAQAwBQYDK2VwBCIEIBYfjqDPHa5olFSiTJAfHMzDMmhIIRuHU6l3uTmgooXV\n",
    /// #     "-----END PRIVATE KEY-----\n",
    /// # );
    /// # let public_pem = concat!(
    /// #     "-----BEGIN PUBLIC KEY-----\n",
    /// #     "MCowBQYDK2VwAyEA76cZuLU77TYT76psmlbiWMUTYAfn+AmNI3H8xDt/xq4=\n",
    /// #     "-----END PUBLIC KEY-----\n",
    /// # );
    /// let config = JwtConfig::builder()
    ///     .algorithm(Algorithm::EdDSA)
    ///     .private_key_pem(private_pem)
    ///     .public_key_pem(public_pem)
    ///     .build()?;
    /// let jwt = JwtManager::new(config);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.decode_token(&token)?.header["alg"], "EdDSA");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn private_key_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.keys.private_pem = Some(pem.as_ref().to_vec());
        self
    }

    /// `JWT_PUBLIC_KEY`: the PEM public key of an RS*, PS*, ES* or EdDSA algorithm.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Algorithm, JwtConfig, JwtManager, MintError, TokenOptions};
    ///
    /// # let public_pem = concat!(
    /// #     "-----BEGIN PUBLIC KEY-----\n",
    /// #     "MCowBQYDK2VwAyEA76cZuLU77TYT76psmlbiWMUTYAfn+AmNI3H8xDt/xq4=\n",
    /// #     "-----END PUBLIC KEY-----\n",
    /// # );
    /// // A public key only: this service verifies tokens but cannot mint them.
    /// let config = JwtConfig::builder().algorithm(Algorithm::EdDSA).public_key_pem(public_pem);
    /// let jwt = JwtManager::new(config.build()?);
    /// let err = jwt.create_access_token("alice", TokenOptions::new()).unwrap_err();
    /// assert_eq!(err, MintError::NoSigningKey);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn public_key_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.keys.public_pem = Some(pem.as_ref().to_vec());
        self
    }

    /// `JWT_ALGORITHM`: the signing algorithm (`HS256`).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Algorithm, JwtConfig, JwtManager, TokenOptions};
    ///
    /// let config = JwtConfig::builder().algorithm(Algorithm::HS384).secret([9u8; 32]).build()?;
    /// let jwt = JwtManager::new(config);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.unverified_header(&token)?["alg"], "HS384");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.settings.algorithm = algorithm;
        self
    }

    /// `JWT_DECODE_ALGORITHMS`: more algorithms accepted on decode, of the same family.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Algorithm, JwtConfig, JwtManager, TokenOptions};
    ///
    /// let builder = || JwtConfig::builder().secret([9u8; 32]);
    /// let old = JwtManager::new(builder().algorithm(Algorithm::HS512).build()?);
    /// let token = old.create_access_token("alice", TokenOptions::new())?;
    ///
    /// let new = JwtManager::new(builder().decode_algorithms([Algorithm::HS512]).build()?);
    /// assert_eq!(new.decode_token(&token)?.claims.identity, "alice");
    /// let strict = JwtManager::new(builder().build()?);
    /// let err = strict.decode_token(&token).unwrap_err();
    /// assert_eq!(err.to_string(), "The specified alg value is not allowed");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode_algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.settings.decode_algorithms = algorithms.into_iter().collect();
        self
    }

    /// `JWT_IDENTITY_CLAIM`: the claim that carries the identity (`sub`).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let config = JwtConfig::builder().secret([9u8; 32]).identity_claim("identity").build()?;
    /// let jwt = JwtManager::new(config);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// let claims = jwt.decode_token(&token)?.claims;
    /// assert_eq!(claims.identity, "alice");
    /// assert_eq!(claims.get("sub"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn identity_claim(mut self, claim: impl Into<String>) -> Self {
        self.settings.identity_claim = claim.into();
        self
    }

    /// `JWT_ACCESS_TOKEN_EXPIRES` (15 minutes).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Expiry, JwtConfig, JwtManager, TokenOptions};
    ///
    /// let config = JwtConfig::builder().secret([9u8; 32]).access_expires(Expiry::Never).build()?;
    /// let jwt = JwtManager::new(config);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.exp, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn access_expires(mut self, expiry: Expiry) -> Self {
        self.settings.access_expires = expiry;
        self
    }

    /// `JWT_REFRESH_TOKEN_EXPIRES` (30 days).
    ///
    /// ```
    /// use std::time::Duration;
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let week = Duration::from_secs(7 * 24 * 3600);
    /// let config = JwtConfig::builder().secret([9u8; 32]).refresh_expires(week.into()).build()?;
    /// let jwt = JwtManager::new(config);
    /// let token = jwt.create_refresh_token("alice", TokenOptions::new())?;
    /// let claims = jwt.decode_token(&token)?.claims;
    /// assert_eq!(claims.exp, claims.iat.map(|iat| iat + 7 * 24 * 3600));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refresh_expires(mut self, expiry: Expiry) -> Self {
        self.settings.refresh_expires = expiry;
        self
    }

    /// `JWT_TOKEN_LOCATION`: where to look for tokens, in order (`headers`).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, TokenLocation};
    ///
    /// let builder = || JwtConfig::builder().secret([9u8; 32]);
    /// let config = builder().token_location([TokenLocation::Cookies, TokenLocation::Headers]);
    /// assert_eq!(config.build()?.settings().token_location[0], TokenLocation::Cookies);
    /// let twice = builder().token_location([TokenLocation::Headers, TokenLocation::Headers]);
    /// let err = twice.build().unwrap_err();
    /// assert_eq!(err.to_string(), "JWT_TOKEN_LOCATION names \"headers\" twice");
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn token_location(mut self, locations: impl IntoIterator<Item = TokenLocation>) -> Self {
        self.settings.token_location = locations.into_iter().collect();
        self
    }

    /// `JWT_DECODE_LEEWAY`: allowed clock skew (0).
    ///
    /// ```
    /// use std::time::{Duration, SystemTime, UNIX_EPOCH};
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let builder = || JwtConfig::builder().secret([9u8; 32]);
    /// let strict = JwtManager::new(builder().build()?);
    /// let lenient = JwtManager::new(builder().leeway(Duration::from_secs(60)).build()?);
    /// // A token that expired ten seconds ago:
    /// let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    /// let expired = TokenOptions::new().claim("exp", now - 10);
    /// let token = strict.create_access_token("alice", expired)?;
    /// assert_eq!(strict.decode_token(&token).unwrap_err().to_string(), "Token has expired");
    /// assert_eq!(lenient.decode_token(&token)?.claims.identity, "alice");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.settings.leeway = leeway;
        self
    }

    /// `JWT_ENCODE_ISSUER` and `JWT_DECODE_ISSUER` together.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let config = JwtConfig::builder().secret([9u8; 32]).issuer("https://auth.example.com");
    /// let jwt = JwtManager::new(config.build()?);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.extra["iss"], "https://auth.example.com");
    /// let elsewhere = TokenOptions::new().claim("iss", "https://other.example.com");
    /// let foreign = jwt.create_access_token("alice", elsewhere)?;
    /// assert_eq!(jwt.decode_token(&foreign).unwrap_err().to_string(), "Invalid issuer");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        let issuer = issuer.into();
        self.settings.encode_issuer = Some(issuer.clone());
        self.settings.decode_issuer = Some(issuer);
        self
    }

    /// `JWT_ENCODE_AUDIENCE` and `JWT_DECODE_AUDIENCE` together.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let config = JwtConfig::builder().secret([9u8; 32]).audience(["api"]);
    /// let jwt = JwtManager::new(config.build()?);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.extra["aud"], "api");
    /// let billing = TokenOptions::new().claim("aud", "billing");
    /// let other = jwt.create_access_token("alice", billing)?;
    /// assert_eq!(jwt.decode_token(&other).unwrap_err().to_string(), "Audience doesn't match");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn audience<S: Into<String>>(mut self, audience: impl IntoIterator<Item = S>) -> Self {
        let audience: Vec<String> = audience.into_iter().map(Into::into).collect();
        self.settings.encode_audience = audience.clone();
        self.settings.decode_audience = audience;
        self
    }

    /// `JWT_ERROR_MESSAGE_KEY`: the key of error bodies (`msg`).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{AuthError, JwtConfig, JwtManager};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let config = JwtConfig::builder().secret([9u8; 32]).error_message_key("error");
    /// let jwt = JwtManager::new(config.build()?);
    /// let missing = AuthError::NoToken("Missing Authorization Header".into());
    /// let response = jwt.error_response(&missing);
    /// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    /// assert_eq!(body, r#"{"error":"Missing Authorization Header"}"#);
    /// # Ok(())
    /// # }
    /// ```
    pub fn error_message_key(mut self, key: impl Into<String>) -> Self {
        self.settings.error_message_key = key.into();
        self
    }

    /// `JWT_ALLOW_WEAK_SECRET`: accept an HMAC secret shorter than 32 bytes. Only for a
    /// migration from a Flask service whose tokens must keep working.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// // The 13-byte secret of the Flask service being replaced:
    /// assert!(JwtConfig::builder().secret("flask-dev-key").build().is_err());
    /// let config = JwtConfig::builder().secret("flask-dev-key").allow_weak_secret(true).build()?;
    /// let jwt = JwtManager::new(config);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.identity, "alice");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allow_weak_secret(mut self, allow: bool) -> Self {
        self.settings.allow_weak_secret = allow;
        self
    }

    /// `JWT_STRICT_CLAIMS`: refuse tokens without `exp`, `type` or `jti` instead of
    /// filling in Flask-JWT-Extended's defaults.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let builder = || JwtConfig::builder().secret([9u8; 32]);
    /// let lenient = JwtManager::new(builder().build()?);
    /// let strict = JwtManager::new(builder().strict_claims(true).build()?);
    /// let token = lenient.create_access_token("alice", TokenOptions::new().never_expires())?;
    /// assert_eq!(lenient.decode_token(&token)?.claims.exp, None);
    /// let err = strict.decode_token(&token).unwrap_err();
    /// assert_eq!(err.to_string(), "Token is missing the \"exp\" claim");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn strict_claims(mut self, strict: bool) -> Self {
        self.settings.strict_claims = strict;
        self
    }

    pub(super) fn set_keys(&mut self, keys: KeyMaterial) {
        self.keys = keys;
    }

    /// Changes any other setting.
    ///
    /// ```
    /// use axum_jwt_login_runtime::JwtConfig;
    ///
    /// let builder = || JwtConfig::builder().secret([9u8; 32]);
    /// let config = builder().settings(|s| s.cookies.access_cookie_name = "jwt".into()).build()?;
    /// assert_eq!(config.settings().cookies.access_cookie_name, "jwt");
    /// // The values set here are checked by `build` too.
    /// let err = builder().settings(|s| s.header_name = "bad header".into()).build().unwrap_err();
    /// let expected = "JWT_HEADER_NAME `bad header` is not a valid HTTP header name";
    /// assert_eq!(err.to_string(), expected);
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn settings(mut self, change: impl FnOnce(&mut JwtSettings)) -> Self {
        change(&mut self.settings);
        self
    }

    /// Replaces the answers to some refusals (see [`ErrorHook`]).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use axum::{http::StatusCode, response::IntoResponse};
    /// use axum_jwt_login_runtime::{AuthError, JwtConfig, JwtManager};
    ///
    /// let config = JwtConfig::builder().secret([9u8; 32]).error_hook(Arc::new(|err: &AuthError| {
    ///     matches!(err, AuthError::NoToken(_)).then(|| StatusCode::FORBIDDEN.into_response())
    /// }));
    /// let jwt = JwtManager::new(config.build()?);
    /// let missing = AuthError::NoToken("Missing Authorization Header".into());
    /// assert_eq!(jwt.error_response(&missing).status(), StatusCode::FORBIDDEN);
    /// assert_eq!(jwt.error_response(&AuthError::BodyTooLarge).status(), 413); // the default
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn error_hook(mut self, hook: ErrorHook) -> Self {
        self.error_hook = Some(hook);
        self
    }

    /// Adds a check of every verified token (see [`ClaimsCheck`](super::ClaimsCheck)).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use axum::{Router, body::Body, http::Request, routing::get};
    /// use axum_jwt_login_runtime::{DecodedToken, Jwt, JwtConfig, JwtManager, TokenOptions};
    /// # use tower_service::Service;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let staff_only = Arc::new(|token: &DecodedToken| token.claims.extra.contains_key("staff"));
    /// let config = JwtConfig::builder().secret([9u8; 32]).verify_claims(staff_only);
    /// let jwt = JwtManager::new(config.build()?);
    /// let route = get(|_: Jwt| async {});
    /// let mut app: Router = Router::new().route("/", route).with_state(jwt.clone());
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// let request = Request::get("/").header("authorization", format!("Bearer {token}"));
    /// let response = app.call(request.body(Body::empty())?).await?;
    /// assert_eq!(response.status(), 400); // User claims verification failed
    /// # Ok(())
    /// # }
    /// ```
    pub fn verify_claims(mut self, check: super::ClaimsCheck) -> Self {
        self.claims_check = Some(check);
        self
    }

    /// Whether the configured algorithm is an HMAC one (`HS256`, `HS384`, `HS512`) and
    /// no secret has been given, neither `JWT_SECRET_KEY` nor Flask's `SECRET_KEY`:
    /// [`build`](Self::build) would refuse with [`ConfigError::MissingSecret`]. A
    /// development server can then choose [`random_secret`](Self::random_secret).
    ///
    /// ```
    /// use axum_jwt_login_runtime::JwtConfigBuilder;
    ///
    /// assert!(JwtConfigBuilder::from_vars([("JWT_ALGORITHM", "HS512")])?.lacks_secret());
    /// assert!(!JwtConfigBuilder::new().secret([9u8; 32]).lacks_secret());
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn lacks_secret(&self) -> bool {
        crate::keys::is_hmac(self.settings.algorithm) && self.keys.secret.is_none()
    }

    /// A random 64-byte HMAC secret from the operating system, for a server started
    /// without `JWT_SECRET_KEY`: its tokens stop working when the process ends, and
    /// several processes cannot share them. Say so where the operator sees it.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfigBuilder, JwtManager, TokenOptions};
    ///
    /// let mut builder = JwtConfigBuilder::from_vars([("JWT_TOKEN_LOCATION", "headers")])?;
    /// if builder.lacks_secret() {
    ///     eprintln!("warning: JWT_SECRET_KEY is not set; using a random secret");
    ///     builder = builder.random_secret()?;
    /// }
    /// let jwt = JwtManager::new(builder.build()?);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.identity, "alice");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn random_secret(self) -> Result<Self, ConfigError> {
        let mut secret = [0u8; 64];
        getrandom::fill(&mut secret).map_err(|err| ConfigError::NoRandomness(err.to_string()))?;
        Ok(self.secret(secret))
    }

    /// Checks every setting and key, installs the crypto backend, and returns the
    /// configuration, or the first problem found.
    ///
    /// ```
    /// use axum_jwt_login_runtime::JwtConfig;
    ///
    /// let builder = JwtConfig::builder().secret([9u8; 32]).identity_claim("jti");
    /// let err = builder.build().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "JWT_IDENTITY_CLAIM cannot be `jti`: the token engine writes that claim itself"
    /// );
    /// ```
    pub fn build(self) -> Result<JwtConfig, ConfigError> {
        super::check::check_settings(&self.settings)?;
        let keys = KeySet::new(&self.settings, &self.keys)?;
        Ok(JwtConfig {
            settings: self.settings,
            keys,
            error_hook: self.error_hook,
            claims_check: self.claims_check,
        })
    }
}

impl std::fmt::Debug for JwtConfigBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtConfigBuilder")
            .field("settings", &self.settings)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

/// Lets [`Expiry`] be built from a bare `Duration`.
impl From<Duration> for Expiry {
    fn from(duration: Duration) -> Self {
        Expiry::After(duration)
    }
}
