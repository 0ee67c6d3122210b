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
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from these settings (keys still to be given).
    pub fn from_settings(settings: JwtSettings) -> Self {
        JwtConfigBuilder {
            settings,
            ..Self::default()
        }
    }

    /// `JWT_SECRET_KEY`: the HMAC secret, at least 32 bytes (see
    /// [`allow_weak_secret`](Self::allow_weak_secret)).
    pub fn secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.keys.secret = Some(secret.as_ref().to_vec());
        self
    }

    /// `JWT_PRIVATE_KEY`: the PEM private key of an RS*, PS*, ES* or EdDSA algorithm.
    /// Without it the configuration verifies tokens but cannot mint them.
    pub fn private_key_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.keys.private_pem = Some(pem.as_ref().to_vec());
        self
    }

    /// `JWT_PUBLIC_KEY`: the PEM public key of an RS*, PS*, ES* or EdDSA algorithm.
    pub fn public_key_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.keys.public_pem = Some(pem.as_ref().to_vec());
        self
    }

    /// `JWT_ALGORITHM`: the signing algorithm (`HS256`).
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.settings.algorithm = algorithm;
        self
    }

    /// `JWT_DECODE_ALGORITHMS`: more algorithms accepted on decode, of the same family.
    pub fn decode_algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.settings.decode_algorithms = algorithms.into_iter().collect();
        self
    }

    /// `JWT_IDENTITY_CLAIM`: the claim that carries the identity (`sub`).
    pub fn identity_claim(mut self, claim: impl Into<String>) -> Self {
        self.settings.identity_claim = claim.into();
        self
    }

    /// `JWT_ACCESS_TOKEN_EXPIRES` (15 minutes).
    pub fn access_expires(mut self, expiry: Expiry) -> Self {
        self.settings.access_expires = expiry;
        self
    }

    /// `JWT_REFRESH_TOKEN_EXPIRES` (30 days).
    pub fn refresh_expires(mut self, expiry: Expiry) -> Self {
        self.settings.refresh_expires = expiry;
        self
    }

    /// `JWT_TOKEN_LOCATION`: where to look for tokens, in order (`headers`).
    pub fn token_location(mut self, locations: impl IntoIterator<Item = TokenLocation>) -> Self {
        self.settings.token_location = locations.into_iter().collect();
        self
    }

    /// `JWT_DECODE_LEEWAY`: allowed clock skew (0).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.settings.leeway = leeway;
        self
    }

    /// `JWT_ENCODE_ISSUER` and `JWT_DECODE_ISSUER` together.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        let issuer = issuer.into();
        self.settings.encode_issuer = Some(issuer.clone());
        self.settings.decode_issuer = Some(issuer);
        self
    }

    /// `JWT_ENCODE_AUDIENCE` and `JWT_DECODE_AUDIENCE` together.
    pub fn audience<S: Into<String>>(mut self, audience: impl IntoIterator<Item = S>) -> Self {
        let audience: Vec<String> = audience.into_iter().map(Into::into).collect();
        self.settings.encode_audience = audience.clone();
        self.settings.decode_audience = audience;
        self
    }

    /// `JWT_ERROR_MESSAGE_KEY`: the key of error bodies (`msg`).
    pub fn error_message_key(mut self, key: impl Into<String>) -> Self {
        self.settings.error_message_key = key.into();
        self
    }

    /// `JWT_ALLOW_WEAK_SECRET`: accept an HMAC secret shorter than 32 bytes. Only for a
    /// migration from a Flask service whose tokens must keep working.
    pub fn allow_weak_secret(mut self, allow: bool) -> Self {
        self.settings.allow_weak_secret = allow;
        self
    }

    /// `JWT_STRICT_CLAIMS`: refuse tokens without `exp`, `type` or `jti` instead of
    /// filling in Flask-JWT-Extended's defaults.
    pub fn strict_claims(mut self, strict: bool) -> Self {
        self.settings.strict_claims = strict;
        self
    }

    pub(super) fn set_keys(&mut self, keys: KeyMaterial) {
        self.keys = keys;
    }

    /// Changes any other setting.
    pub fn settings(mut self, change: impl FnOnce(&mut JwtSettings)) -> Self {
        change(&mut self.settings);
        self
    }

    /// Replaces the answers to some refusals (see [`ErrorHook`]).
    pub fn error_hook(mut self, hook: ErrorHook) -> Self {
        self.error_hook = Some(hook);
        self
    }

    /// Adds a check of every verified token (see [`ClaimsCheck`](super::ClaimsCheck)).
    pub fn verify_claims(mut self, check: super::ClaimsCheck) -> Self {
        self.claims_check = Some(check);
        self
    }

    /// Checks every setting and key, installs the crypto backend, and returns the
    /// configuration, or the first problem found.
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
