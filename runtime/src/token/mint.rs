//! Minting access and refresh tokens with exactly the claims Flask-JWT-Extended 4.7
//! writes.

use std::fmt::Write as _;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::claims::{Fresh, TokenType};
use crate::config::{Expiry, JwtConfig};

/// The optional parts of a new token, as the keyword arguments of
/// Flask-JWT-Extended's `create_access_token`.
///
/// ```
/// use std::time::Duration;
/// use axum_jwt_login_runtime::TokenOptions;
///
/// let options = TokenOptions::new()
///     .fresh(true)
///     .expires_in(Duration::from_secs(60))
///     .claim("roles", ["admin"])
///     .header("kid", "2026-12");
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct TokenOptions {
    fresh: Option<Fresh>,
    expires: Option<Expiry>,
    claims: Map<String, Value>,
    headers: Map<String, Value>,
    not_json: Option<MintError>,
}

impl TokenOptions {
    /// Not fresh, the configured lifetime, no additional claims or headers.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Fresh, JwtConfig, JwtManager, TokenOptions};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// let claims = jwt.decode_token(&token)?.claims;
    /// assert_eq!(claims.fresh, Fresh::No);
    /// assert_eq!(claims.exp, claims.iat.map(|iat| iat + 15 * 60)); // JWT_ACCESS_TOKEN_EXPIRES
    /// assert!(claims.extra.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks the token fresh (`fresh: true`), as after a password login.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Fresh, JwtConfig, JwtManager, TokenOptions};
    ///
    /// # let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let token = jwt.create_access_token("alice", TokenOptions::new().fresh(true))?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.fresh, Fresh::Yes);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fresh(mut self, fresh: bool) -> Self {
        self.fresh = Some(Fresh::from(fresh));
        self
    }

    /// Marks the token fresh for this long (`fresh: <timestamp>`), as
    /// `fresh=timedelta(...)` does.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime, UNIX_EPOCH};
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// # let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let options = TokenOptions::new().fresh_for(Duration::from_secs(600));
    /// let fresh = jwt.decode_token(&jwt.create_access_token("alice", options)?)?.claims.fresh;
    /// let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs_f64();
    /// assert!(fresh.is_fresh_at(now));
    /// assert!(!fresh.is_fresh_at(now + 601.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fresh_for(mut self, duration: Duration) -> Self {
        self.fresh = Some(Fresh::Until(super::decode::now() + duration.as_secs_f64()));
        self
    }

    /// Overrides the configured lifetime (`expires_delta`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// # let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// // A refresh token for an hour instead of JWT_REFRESH_TOKEN_EXPIRES (30 days).
    /// let options = TokenOptions::new().expires_in(Duration::from_secs(3600));
    /// let claims = jwt.decode_token(&jwt.create_refresh_token("alice", options)?)?.claims;
    /// assert_eq!(claims.exp, claims.iat.map(|iat| iat + 3600));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expires_in(mut self, duration: Duration) -> Self {
        self.expires = Some(Expiry::After(duration));
        self
    }

    /// A token without `exp` (`expires_delta=False`).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// # let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let token = jwt.create_access_token("robot", TokenOptions::new().never_expires())?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.exp, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn never_expires(mut self) -> Self {
        self.expires = Some(Expiry::Never);
        self
    }

    /// One additional claim (`additional_claims`). A value that cannot be JSON is
    /// reported by the mint call.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// # let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let roles = TokenOptions::new().claim("roles", ["admin"]);
    /// let token = jwt.create_access_token("alice", roles)?;
    /// assert_eq!(jwt.decode_token(&token)?.claims.extra["roles"], serde_json::json!(["admin"]));
    ///
    /// let not_json = TokenOptions::new().claim("grid", HashMap::from([((0, 0), 1)]));
    /// let err = jwt.create_access_token("alice", not_json).unwrap_err();
    /// assert_eq!(err.to_string(), "`grid` cannot be written as JSON: key must be a string");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn claim(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        let name = name.into();
        match serde_json::to_value(value) {
            Ok(value) => {
                self.claims.insert(name, value);
            }
            Err(err) => self.remember_not_json(name, err),
        }
        self
    }

    /// Additional claims, added to (and overriding) the engine's own.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions, TokenType};
    /// use serde_json::{Map, json};
    ///
    /// # let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let claims = Map::from_iter([
    ///     ("tenant".to_owned(), json!("acme")),
    ///     ("type".to_owned(), json!("id")),
    /// ]);
    /// let token = jwt.create_access_token("alice", TokenOptions::new().claims(claims))?;
    /// let decoded = jwt.decode_token(&token)?.claims;
    /// assert_eq!(decoded.extra["tenant"], "acme");
    /// assert_eq!(decoded.token_type, TokenType::Other("id".into())); // overrides `access`
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn claims(mut self, claims: Map<String, Value>) -> Self {
        self.claims.extend(claims);
        self
    }

    /// One additional JOSE header (`additional_headers`), e.g. `kid`.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// # let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let kid = TokenOptions::new().header("kid", "2026-12");
    /// let token = jwt.create_access_token("alice", kid)?;
    /// assert_eq!(jwt.decode_token(&token)?.header["kid"], "2026-12");
    /// let err = jwt.create_access_token("alice", TokenOptions::new().header("alg", "none"));
    /// assert_eq!(
    ///     err.unwrap_err().to_string(),
    ///     "header `alg` cannot be set: the token engine writes it from the configuration"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        let name = name.into();
        match serde_json::to_value(value) {
            Ok(value) => {
                self.headers.insert(name, value);
            }
            Err(err) => self.remember_not_json(name, err),
        }
        self
    }

    fn remember_not_json(&mut self, name: String, err: serde_json::Error) {
        if self.not_json.is_none() {
            self.not_json = Some(MintError::NotJson {
                name,
                reason: err.to_string(),
            });
        }
    }

    /// The additional claims.
    ///
    /// ```
    /// use axum_jwt_login_runtime::TokenOptions;
    ///
    /// let options = TokenOptions::new().claim("role", "admin").claim("role", "owner");
    /// assert_eq!(options.additional_claims().len(), 1);
    /// assert_eq!(options.additional_claims()["role"], "owner");
    /// ```
    pub fn additional_claims(&self) -> &Map<String, Value> {
        &self.claims
    }
}

/// Why a token could not be minted. These are mistakes in the calling code, found
/// when the token is minted rather than when it is refused later.
///
/// ```
/// use axum_jwt_login_runtime::{JwtConfig, JwtManager, MintError, TokenOptions};
///
/// let jwt = JwtManager::new(JwtConfig::builder().secret([1u8; 32]).build()?);
/// let err = jwt.create_access_token("alice", TokenOptions::new().claim("sub", 5)).unwrap_err();
/// assert_eq!(err.to_string(), "claim `sub` must be a string (RFC 7519; a token with this value could never be decoded)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MintError {
    /// The configuration has a public key only.
    #[error("cannot mint tokens: JWT_PRIVATE_KEY is not set, this configuration only verifies")]
    NoSigningKey,
    /// An additional claim overrides one of the engine's own with a value that
    /// decoding would refuse.
    #[error(
        "claim `{claim}` must be {expected} (RFC 7519; a token with this value could never be decoded)"
    )]
    ClaimType {
        /// The claim.
        claim: String,
        /// What it must be.
        expected: &'static str,
    },
    /// An additional claim or header value cannot be serialized to JSON.
    #[error("`{name}` cannot be written as JSON: {reason}")]
    NotJson {
        /// The claim or header.
        name: String,
        /// What serde said.
        reason: String,
    },
    /// An additional header that the engine must control.
    #[error("header `{0}` cannot be set: the token engine writes it from the configuration")]
    ReservedHeader(String),
    /// The crypto backend failed to sign.
    #[error("signing failed: {0}")]
    Signing(String),
}

pub(crate) fn mint(
    config: &JwtConfig,
    cached_header: &str,
    identity: &str,
    token_type: TokenType,
    options: &TokenOptions,
) -> Result<MintedToken, MintError> {
    let keys = config.keys();
    if keys.encoding().is_none() {
        return Err(MintError::NoSigningKey);
    }
    if let Some(err) = &options.not_json {
        return Err(err.clone());
    }
    let settings = config.settings();
    check_additional_claims(
        &options.claims,
        settings.identity_claim.as_str(),
        settings.verify_sub,
    )?;

    let mut token = String::with_capacity(512);
    if options.headers.is_empty() {
        token.push_str(cached_header);
    } else {
        let header = header_json(keys.algorithm(), &options.headers)?;
        URL_SAFE_NO_PAD.encode_string(header, &mut token);
    }
    token.push('.');

    let now = super::decode::now() as i64;
    let expires = options.expires.unwrap_or(match token_type {
        TokenType::Refresh => settings.refresh_expires,
        _ => settings.access_expires,
    });
    let mut jti = uuid::Uuid::encode_buffer();
    let mut csrf = uuid::Uuid::encode_buffer();
    let claims = MintedClaims {
        fresh: options.fresh.unwrap_or(Fresh::No),
        iat: now,
        jti: uuid::Uuid::new_v4().hyphenated().encode_lower(&mut jti),
        token_type: token_type.as_str(),
        identity_claim: &settings.identity_claim,
        identity,
        nbf: settings.encode_nbf.then_some(now),
        csrf: settings
            .csrf
            .protect
            .then(|| &*uuid::Uuid::new_v4().hyphenated().encode_lower(&mut csrf)),
        audience: &settings.encode_audience,
        issuer: settings.encode_issuer.as_deref(),
        exp: expires
            .seconds()
            .map(|seconds| now.saturating_add(i64::try_from(seconds).unwrap_or(i64::MAX))),
        additional: &options.claims,
    };
    let payload = serde_json::to_vec(&claims).map_err(|err| MintError::NotJson {
        name: "claims".into(),
        reason: err.to_string(),
    })?;
    URL_SAFE_NO_PAD.encode_string(payload, &mut token);

    let signature = match keys.sign(token.as_bytes()) {
        Some(Ok(signature)) => signature,
        Some(Err(err)) => return Err(MintError::Signing(err.to_string())),
        None => return Err(MintError::NoSigningKey),
    };
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, &mut token);
    let csrf = match options.claims.get("csrf") {
        Some(serde_json::Value::String(csrf)) => Some(csrf.clone()),
        _ => claims.csrf.map(str::to_owned),
    };
    Ok(MintedToken { token, csrf })
}

/// A new token, with its `csrf` claim for the CSRF cookie.
pub(crate) struct MintedToken {
    pub token: String,
    pub csrf: Option<String>,
}

/// The base64url header `{"typ":"JWT","alg":...}` that tokens without additional
/// headers share; computed once per configuration.
pub(crate) fn default_header(algorithm: jsonwebtoken::Algorithm) -> String {
    let json = header_json(algorithm, &Map::new()).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

fn header_json(
    algorithm: jsonwebtoken::Algorithm,
    extra: &Map<String, Value>,
) -> Result<Vec<u8>, MintError> {
    let mut header = Map::with_capacity(2 + extra.len());
    header.insert("typ".into(), Value::from("JWT"));
    for (name, value) in extra {
        match name.as_str() {
            "alg" | "crit" | "b64" => return Err(MintError::ReservedHeader(name.clone())),
            "kid" if !value.is_string() => {
                return Err(MintError::ClaimType {
                    claim: "kid".into(),
                    expected: "a string",
                });
            }
            _ => {}
        }
        header.insert(name.clone(), value.clone());
    }
    let mut alg = String::new();
    let _ = write!(alg, "{algorithm:?}");
    header.insert("alg".into(), Value::String(alg));
    serde_json::to_vec(&header).map_err(|err| MintError::NotJson {
        name: "header".into(),
        reason: err.to_string(),
    })
}

/// Refuses, at mint time, the additional claims that decoding would refuse.
fn check_additional_claims(
    claims: &Map<String, Value>,
    identity_claim: &str,
    verify_sub: bool,
) -> Result<(), MintError> {
    for (name, value) in claims {
        let expected = match name.as_str() {
            claim if claim == identity_claim => (!value.is_string()).then_some("a string"),
            "sub" if verify_sub => (!value.is_string()).then_some("a string"),
            "iat" | "nbf" | "exp" => (!(value.is_i64() || value.is_u64()))
                .then_some("an integer (seconds since the epoch)"),
            "jti" | "type" | "csrf" | "iss" => (!value.is_string()).then_some("a string"),
            "fresh" => {
                (!(value.is_boolean() || value.is_number())).then_some("a boolean or a timestamp")
            }
            "aud" => {
                let valid = value.is_string()
                    || value
                        .as_array()
                        .is_some_and(|items| items.iter().all(Value::is_string));
                (!valid).then_some("a string or a list of strings")
            }
            _ => None,
        };
        if let Some(expected) = expected {
            return Err(MintError::ClaimType {
                claim: name.clone(),
                expected,
            });
        }
    }
    Ok(())
}

/// The claims in Flask-JWT-Extended's order; additional claims override.
struct MintedClaims<'a> {
    fresh: Fresh,
    iat: i64,
    jti: &'a str,
    token_type: &'a str,
    identity_claim: &'a str,
    identity: &'a str,
    nbf: Option<i64>,
    csrf: Option<&'a str>,
    audience: &'a [String],
    issuer: Option<&'a str>,
    exp: Option<i64>,
    additional: &'a Map<String, Value>,
}

impl Serialize for MintedClaims<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let overridden = |name: &str| self.additional.contains_key(name);
        if !overridden("fresh") {
            match self.fresh {
                Fresh::Until(until) => map.serialize_entry("fresh", &until)?,
                fresh => map.serialize_entry("fresh", &(fresh == Fresh::Yes))?,
            }
        }
        if !overridden("iat") {
            map.serialize_entry("iat", &self.iat)?;
        }
        if !overridden("jti") {
            map.serialize_entry("jti", self.jti)?;
        }
        if !overridden("type") {
            map.serialize_entry("type", self.token_type)?;
        }
        if !overridden(self.identity_claim) {
            map.serialize_entry(self.identity_claim, self.identity)?;
        }
        if let Some(nbf) = self.nbf.filter(|_| !overridden("nbf")) {
            map.serialize_entry("nbf", &nbf)?;
        }
        if let Some(csrf) = self.csrf.filter(|_| !overridden("csrf")) {
            map.serialize_entry("csrf", csrf)?;
        }
        if !overridden("aud") {
            match self.audience {
                [] => {}
                [one] => map.serialize_entry("aud", one)?,
                many => map.serialize_entry("aud", many)?,
            }
        }
        if let Some(issuer) = self.issuer.filter(|_| !overridden("iss")) {
            map.serialize_entry("iss", issuer)?;
        }
        if let Some(exp) = self.exp.filter(|_| !overridden("exp")) {
            map.serialize_entry("exp", &exp)?;
        }
        for (name, value) in self.additional {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}
