//! The small value types that settings are made of.

use std::time::Duration;

/// Where a token may be found in a request (`JWT_TOKEN_LOCATION`).
///
/// ```
/// use axum_jwt_login_runtime::TokenLocation;
///
/// assert_eq!("query_string".parse::<TokenLocation>(), Ok(TokenLocation::QueryString));
/// assert_eq!(TokenLocation::Headers.as_str(), "headers");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenLocation {
    /// A request header, `Authorization: Bearer <JWT>` by default.
    Headers,
    /// A cookie, with double-submit CSRF protection.
    Cookies,
    /// A query-string parameter, `?jwt=<JWT>` by default.
    QueryString,
    /// A key of a JSON object body, `{"access_token": "<JWT>"}` by default.
    Json,
}

impl TokenLocation {
    /// The name Flask-JWT-Extended uses for this location.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::TokenLocation;
    /// assert_eq!(TokenLocation::Cookies.as_str(), "cookies");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TokenLocation::Headers => "headers",
            TokenLocation::Cookies => "cookies",
            TokenLocation::QueryString => "query_string",
            TokenLocation::Json => "json",
        }
    }
}

impl std::fmt::Display for TokenLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TokenLocation {
    type Err = ();

    fn from_str(name: &str) -> Result<Self, ()> {
        match name {
            "headers" => Ok(TokenLocation::Headers),
            "cookies" => Ok(TokenLocation::Cookies),
            "query_string" => Ok(TokenLocation::QueryString),
            "json" => Ok(TokenLocation::Json),
            _ => Err(()),
        }
    }
}

/// How long a token lives (`JWT_ACCESS_TOKEN_EXPIRES`, `JWT_REFRESH_TOKEN_EXPIRES`).
///
/// `Never` is Flask-JWT-Extended's `False`: the token has no `exp` claim.
///
/// ```
/// use std::time::Duration;
/// use axum_jwt_login_runtime::Expiry;
///
/// let fifteen_minutes = Expiry::After(Duration::from_secs(900));
/// assert_eq!(fifteen_minutes.seconds(), Some(900));
/// assert_eq!(Expiry::Never.seconds(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// The token expires this long after it is minted.
    After(Duration),
    /// The token never expires (no `exp` claim).
    Never,
}

impl Expiry {
    /// The lifetime in whole seconds, `None` for [`Expiry::Never`].
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use axum_jwt_login_runtime::Expiry;
    /// assert_eq!(Expiry::After(Duration::from_millis(1500)).seconds(), Some(1));
    /// ```
    pub fn seconds(self) -> Option<u64> {
        match self {
            Expiry::After(duration) => Some(duration.as_secs()),
            Expiry::Never => None,
        }
    }
}

/// The `SameSite` attribute of the JWT and CSRF cookies (`JWT_COOKIE_SAMESITE`).
///
/// ```
/// use axum_jwt_login_runtime::SameSite;
///
/// assert_eq!(SameSite::Lax.as_str(), "Lax");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// `SameSite=Strict`
    Strict,
    /// `SameSite=Lax`
    Lax,
    /// `SameSite=None` (browsers then require `Secure`)
    None,
}

impl SameSite {
    /// The attribute value as written in `Set-Cookie`.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::SameSite;
    /// assert_eq!(SameSite::None.as_str(), "None");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}
