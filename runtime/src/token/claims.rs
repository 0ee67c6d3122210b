//! What a verified token says: its claims and its header.

use std::sync::Arc;

use serde_json::{Map, Value};

/// A verified token: its header and claims, as Flask-JWT-Extended's `get_jwt_header()`
/// and `get_jwt()` give them.
///
/// ```
/// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions, TokenType};
///
/// let jwt = JwtManager::new(JwtConfig::builder().secret([1u8; 32]).build()?);
/// let token = jwt.create_access_token("alice@example.com", TokenOptions::new().fresh(true))?;
/// let decoded = jwt.decode_token(&token)?;
/// assert_eq!(decoded.claims.identity, "alice@example.com");
/// assert_eq!(decoded.claims.token_type, TokenType::Access);
/// assert_eq!(decoded.header["alg"], "HS256");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DecodedToken {
    /// The JOSE header (`alg`, `typ`, and any additional headers).
    ///
    /// Shared: every token with the usual header of an allowed algorithm points to
    /// one map, so reading it costs no allocation.
    pub header: Arc<Map<String, Value>>,
    /// The claims.
    pub claims: Claims,
}

/// The claims of a verified token. The claims Flask-JWT-Extended gives meaning to are
/// typed fields, with its defaults filled in when absent; every other claim (`iss`,
/// `aud`, additional claims) is in [`extra`](Self::extra).
///
/// ```
/// use axum_jwt_login_runtime::{Claims, Fresh};
///
/// fn describe(claims: &Claims) -> String {
///     format!("{} ({:?}, fresh: {})", claims.identity, claims.token_type, claims.fresh.is_fresh_at(0.0))
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Claims {
    /// The identity claim (`JWT_IDENTITY_CLAIM`, `sub` by default), as a string. An
    /// integer identity is its decimal string; see [`identity_as`](Self::identity_as).
    pub identity: String,
    /// `type`: `access` when absent, as Flask-JWT-Extended assumes.
    pub token_type: TokenType,
    /// `fresh`: `false` when absent.
    pub fresh: Fresh,
    /// `jti`: `None` when absent.
    pub jti: Option<String>,
    /// `iat`, in seconds since the epoch.
    pub iat: Option<i64>,
    /// `nbf`, in seconds since the epoch.
    pub nbf: Option<i64>,
    /// `exp`, in seconds since the epoch; `None` for a token that never expires.
    pub exp: Option<i64>,
    /// `csrf`: the double-submit value of a cookie token.
    pub csrf: Option<String>,
    /// Every other claim, by name.
    pub extra: Map<String, Value>,
}

/// The blocklist entry of tokens without a `jti`: Flask-JWT-Extended reads a missing
/// `jti` as `None`, so revoking one such token revokes them all.
pub(crate) const NO_JTI: &str = "\u{0}no-jti";

impl Claims {
    /// The blocklist key of this token: its `jti`, or the one entry shared by all
    /// tokens without one.
    pub(crate) fn revocation_key(&self) -> &str {
        self.jti.as_deref().unwrap_or(NO_JTI)
    }

    /// The identity parsed as the application's id type, e.g. an integer primary key
    /// written into the token as its decimal string.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([1u8; 32]).build()?);
    /// let token = jwt.create_access_token(42_u64, TokenOptions::new())?;
    /// let claims = jwt.decode_token(&token)?.claims;
    /// assert_eq!(claims.identity, "42");
    /// assert_eq!(claims.identity_as::<u64>().ok(), Some(42));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn identity_as<T: std::str::FromStr>(&self) -> Result<T, T::Err> {
        self.identity.parse()
    }

    /// Another claim by name, typed fields included, as JSON.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([1u8; 32]).build()?);
    /// let token = jwt.create_access_token("bob", TokenOptions::new().claim("role", "admin"))?;
    /// let claims = jwt.decode_token(&token)?.claims;
    /// assert_eq!(claims.get("role"), Some(serde_json::json!("admin")));
    /// assert_eq!(claims.get("type"), Some(serde_json::json!("access")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<Value> {
        match name {
            "type" => Some(Value::String(self.token_type.as_str().to_owned())),
            "fresh" => Some(self.fresh.to_json()),
            "jti" => Some(self.jti.clone().map_or(Value::Null, Value::String)),
            "iat" => self.iat.map(Value::from),
            "nbf" => self.nbf.map(Value::from),
            "exp" => self.exp.map(Value::from),
            "csrf" => self.csrf.clone().map(Value::String),
            _ => self.extra.get(name).cloned(),
        }
    }
}

/// The `type` claim.
///
/// ```
/// use axum_jwt_login_runtime::TokenType;
///
/// assert_eq!(TokenType::Refresh.as_str(), "refresh");
/// assert_eq!(TokenType::from_claim("access"), TokenType::Access);
/// assert_eq!(TokenType::from_claim("id"), TokenType::Other("id".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// `access`: for protected routes.
    Access,
    /// `refresh`: only for the refresh route.
    Refresh,
    /// Any other value; accepted where an access token is, as Flask-JWT-Extended does.
    Other(String),
}

impl TokenType {
    /// The claim value.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::TokenType;
    /// assert_eq!(TokenType::Access.as_str(), "access");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            TokenType::Access => "access",
            TokenType::Refresh => "refresh",
            TokenType::Other(other) => other,
        }
    }

    /// The type a claim value stands for.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::TokenType;
    /// assert_eq!(TokenType::from_claim("refresh"), TokenType::Refresh);
    /// ```
    pub fn from_claim(value: &str) -> Self {
        match value {
            "access" => TokenType::Access,
            "refresh" => TokenType::Refresh,
            other => TokenType::Other(other.to_owned()),
        }
    }
}

/// The `fresh` claim: a boolean, or a time until which the token counts as fresh
/// (Flask-JWT-Extended's `fresh=timedelta(...)`).
///
/// ```
/// use axum_jwt_login_runtime::Fresh;
///
/// assert!(Fresh::Yes.is_fresh_at(1_700_000_000.0));
/// assert!(!Fresh::No.is_fresh_at(1_700_000_000.0));
/// assert!(Fresh::Until(1_700_000_100.0).is_fresh_at(1_700_000_000.0));
/// assert!(!Fresh::Until(1_700_000_100.0).is_fresh_at(1_700_000_200.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fresh {
    /// `true`
    Yes,
    /// `false` (the default)
    No,
    /// Fresh until this time, in seconds since the epoch.
    Until(f64),
}

impl Fresh {
    /// Whether the token is fresh at `now` (seconds since the epoch).
    ///
    /// ```
    /// use axum_jwt_login_runtime::Fresh;
    ///
    /// let fresh = Fresh::Until(1_700_000_000.0);
    /// assert_eq!(fresh.is_fresh_at(1_700_000_000.0), true); // up to that time, included
    /// assert_eq!(fresh.is_fresh_at(1_700_000_000.5), false);
    /// assert_eq!(Fresh::from(true).is_fresh_at(f64::MAX), true);
    /// ```
    pub fn is_fresh_at(self, now: f64) -> bool {
        match self {
            Fresh::Yes => true,
            Fresh::No => false,
            Fresh::Until(until) => until >= now,
        }
    }

    /// The claim value as JSON.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::Fresh;
    /// assert_eq!(Fresh::Yes.to_json(), serde_json::json!(true));
    /// ```
    pub fn to_json(self) -> Value {
        match self {
            Fresh::Yes => Value::Bool(true),
            Fresh::No => Value::Bool(false),
            Fresh::Until(until) => {
                serde_json::Number::from_f64(until).map_or(Value::Null, Value::Number)
            }
        }
    }
}

impl From<bool> for Fresh {
    fn from(fresh: bool) -> Self {
        if fresh { Fresh::Yes } else { Fresh::No }
    }
}
