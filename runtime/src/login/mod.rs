//! `login_user`, `logout_user` and refreshing: the tokens, the cookies when cookies
//! are a token location, and revocation.

mod cookies;

use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponseParts, ResponseParts};

use cookies::{CookieKind, set_token_cookies, unset_token_cookies};

use crate::config::TokenLocation;
use crate::error::AuthError;
use crate::manager::JwtManager;
use crate::token::{DecodedToken, MintError, TokenOptions, TokenType};
use crate::users::AuthUser;

/// Tokens just minted for a user, and the cookies that carry them when cookies are a
/// token location. Return it as part of the response (`(issued, Json(body))`) to set
/// the cookies.
///
/// ```
/// use axum_jwt_login_runtime::{AuthUser, JwtConfig, JwtManager};
///
/// #[derive(Clone)]
/// struct Person { email: String }
/// impl AuthUser for Person {
///     type Id = String;
///     fn identity(&self) -> &String { &self.email }
/// }
///
/// let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
/// let issued = jwt.login_user(&Person { email: "a@example.com".into() }, true)?;
/// assert!(issued.refresh_token.is_some());
/// assert!(issued.cookies().is_empty(), "headers only: no cookie");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "send the tokens (and their cookies) in the response"]
pub struct IssuedTokens {
    /// The access token.
    pub access_token: String,
    /// The refresh token, when one was asked for (`remember`).
    pub refresh_token: Option<String>,
    cookies: Vec<HeaderValue>,
}

impl IssuedTokens {
    /// The `Set-Cookie` values this sets (none unless cookies are a token location).
    ///
    /// ```
    /// use axum_jwt_login_runtime::{AuthUser, JwtConfig, JwtManager, TokenLocation};
    /// # #[derive(Clone)] struct Person { email: String }
    /// # impl AuthUser for Person {
    /// #     type Id = String;
    /// #     fn identity(&self) -> &String { &self.email }
    /// # }
    ///
    /// let cookies = [TokenLocation::Cookies];
    /// let config = JwtConfig::builder().secret([4u8; 32]).token_location(cookies);
    /// let jwt = JwtManager::new(config.build()?);
    /// let issued = jwt.login_user(&Person { email: "a@example.com".into() }, false)?;
    /// // The access token's cookie (HttpOnly) and its CSRF cookie.
    /// assert_eq!(issued.cookies().len(), 2);
    /// let cookie = issued.cookies()[0].to_str()?;
    /// assert!(cookie.starts_with(&format!("access_token_cookie={};", issued.access_token)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cookies(&self) -> &[HeaderValue] {
        &self.cookies
    }
}

impl IntoResponseParts for IssuedTokens {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, parts: ResponseParts) -> Result<ResponseParts, Self::Error> {
        Ok(append_set_cookies(parts, self.cookies))
    }
}

/// The cookies that end a cookie login (`unset_jwt_cookies`); empty unless cookies are
/// a token location. Return it as part of the logout response.
///
/// ```
/// # use axum_jwt_login_runtime::LogoutCookies;
/// fn is_nothing_to_unset(cookies: &LogoutCookies) -> bool {
///     cookies.cookies().is_empty()
/// }
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "send the cookies in the response"]
pub struct LogoutCookies {
    cookies: Vec<HeaderValue>,
}

impl LogoutCookies {
    /// The `Set-Cookie` values this sets.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenLocation, TokenOptions};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let cookies = [TokenLocation::Cookies];
    /// let config = JwtConfig::builder().secret([4u8; 32]).token_location(cookies);
    /// let jwt = JwtManager::new(config.build()?);
    /// let token = jwt.decode_token(&jwt.create_access_token("a", TokenOptions::new())?)?;
    /// let logout = jwt.logout_user(&token).await?;
    /// // The access, access CSRF, refresh and refresh CSRF cookies, all expired.
    /// assert_eq!(logout.cookies().len(), 4);
    /// assert_eq!(
    ///     logout.cookies()[0],
    ///     "access_token_cookie=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Path=/"
    /// );
    /// # Ok(())
    /// # }
    /// ```
    pub fn cookies(&self) -> &[HeaderValue] {
        &self.cookies
    }
}

impl IntoResponseParts for LogoutCookies {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, parts: ResponseParts) -> Result<ResponseParts, Self::Error> {
        Ok(append_set_cookies(parts, self.cookies))
    }
}

/// Why [`JwtManager::login_user`] refused.
///
/// ```
/// use axum_jwt_login_runtime::LoginError;
///
/// assert_eq!(LoginError::Inactive.to_string(), "User account is inactive");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoginError {
    /// The user is not active (Flask-Login's `login_user` returns `False`).
    #[error("User account is inactive")]
    Inactive,
    /// A token could not be minted.
    #[error(transparent)]
    Mint(#[from] MintError),
}

fn append_set_cookies(mut parts: ResponseParts, cookies: Vec<HeaderValue>) -> ResponseParts {
    for cookie in cookies {
        parts.headers_mut().append(SET_COOKIE, cookie);
    }
    parts
}

impl JwtManager {
    /// Logs a user in: a fresh access token and, when `remember`, a refresh token, with
    /// the user's additional claims; also as cookies (with their CSRF cookies) when
    /// cookies are a token location. Flask: `login_user(user, remember)` with
    /// `create_access_token(identity, fresh=True)`.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::{AuthUser, JwtConfig, JwtManager, LoginError};
    /// # #[derive(Clone)] struct Person { email: String, active: bool }
    /// # impl AuthUser for Person { type Id = String; fn identity(&self) -> &String { &self.email }
    /// #     fn is_active(&self) -> bool { self.active } }
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
    /// let disabled = Person { email: "old@example.com".into(), active: false };
    /// assert_eq!(jwt.login_user(&disabled, false).unwrap_err(), LoginError::Inactive);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn login_user<U: AuthUser>(
        &self,
        user: &U,
        remember: bool,
    ) -> Result<IssuedTokens, LoginError> {
        if !user.is_active() {
            return Err(LoginError::Inactive);
        }
        let claims = user.additional_claims();
        let settings = self.config().settings();
        let with_cookies = settings.token_location.contains(&TokenLocation::Cookies);
        let mut cookies = Vec::new();
        let access = self.mint(
            user.identity(),
            TokenType::Access,
            &TokenOptions::new().fresh(true).claims(claims.clone()),
        )?;
        if with_cookies {
            set_token_cookies(
                settings,
                CookieKind::Access,
                &access.token,
                access.csrf.as_deref(),
                &mut cookies,
            );
        }
        let refresh_token = if remember {
            let refresh = self.mint(
                user.identity(),
                TokenType::Refresh,
                &TokenOptions::new().claims(claims),
            )?;
            if with_cookies {
                set_token_cookies(
                    settings,
                    CookieKind::Refresh,
                    &refresh.token,
                    refresh.csrf.as_deref(),
                    &mut cookies,
                );
            }
            Some(refresh.token)
        } else {
            None
        };
        Ok(IssuedTokens {
            access_token: access.token,
            refresh_token,
            cookies,
        })
    }

    /// A new, non-fresh access token for the user of a refresh token (the refresh
    /// route), as a cookie too when cookies are a token location.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::{AuthUser, JwtConfig, JwtManager};
    /// # #[derive(Clone)] struct Person { email: String }
    /// # impl AuthUser for Person { type Id = String; fn identity(&self) -> &String { &self.email } }
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
    /// let issued = jwt.refresh_access_token(&Person { email: "a@example.com".into() })?;
    /// assert!(!jwt.decode_token(&issued.access_token)?.claims.fresh.is_fresh_at(0.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refresh_access_token<U: AuthUser>(&self, user: &U) -> Result<IssuedTokens, MintError> {
        let settings = self.config().settings();
        let access = self.mint(
            user.identity(),
            TokenType::Access,
            &TokenOptions::new().claims(user.additional_claims()),
        )?;
        let mut cookies = Vec::new();
        if settings.token_location.contains(&TokenLocation::Cookies) {
            set_token_cookies(
                settings,
                CookieKind::Access,
                &access.token,
                access.csrf.as_deref(),
                &mut cookies,
            );
        }
        Ok(IssuedTokens {
            access_token: access.token,
            refresh_token: None,
            cookies,
        })
    }

    /// Revokes a token's `jti` until the token would expire anyway: its `exp` plus the
    /// decode leeway (`JWT_DECODE_LEEWAY`), during which it would still be accepted. As
    /// with Flask-JWT-Extended (which reads a missing `jti` as `None`), revoking a token
    /// without a `jti` revokes every token without one, for good.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
    /// let token = jwt.decode_token(&jwt.create_access_token("a", TokenOptions::new())?)?;
    /// jwt.revoke_token(&token).await?;
    /// assert!(jwt.is_revoked(&token).await?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn revoke_token(&self, token: &DecodedToken) -> Result<(), AuthError> {
        let key = token.claims.revocation_key();
        // Kept while the token could still pass: until `exp` plus the decode leeway.
        // The entry shared by tokens without `jti` is kept for good, as
        // Flask-JWT-Extended's `None` stays in a blocklist set.
        let leeway = self.config().settings().leeway;
        let leeway = i64::try_from(leeway.as_secs() + u64::from(leeway.subsec_nanos() > 0))
            .unwrap_or(i64::MAX);
        let until = match token.claims.jti {
            Some(_) => token.claims.exp.map(|exp| exp.saturating_add(leeway)),
            None => None,
        };
        // Failures are logged once per outage by the blocklist handle.
        self.blocklist()
            .revoke(key, until)
            .await
            .map_err(|_| AuthError::BlocklistUnavailable)
    }

    /// Whether a token's `jti` has been revoked.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
    /// let token = jwt.decode_token(&jwt.create_access_token("a", TokenOptions::new())?)?;
    /// assert!(!jwt.is_revoked(&token).await?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn is_revoked(&self, token: &DecodedToken) -> Result<bool, AuthError> {
        self.blocklist()
            .is_revoked(token.claims.revocation_key())
            .await
            .map_err(|_| AuthError::BlocklistUnavailable)
    }

    /// Logs out: revokes the presented token and, when cookies are a token location,
    /// returns the cookies that unset the JWT and CSRF cookies (`unset_jwt_cookies`).
    ///
    /// ```
    /// use axum::Json;
    /// use axum_jwt_login_runtime::{AuthRejection, Jwt, JwtManager, LogoutCookies};
    /// use axum::extract::State;
    ///
    /// async fn logout(State(jwt): State<JwtManager>, token: Jwt) -> Result<(LogoutCookies, Json<serde_json::Value>), AuthRejection> {
    ///     let cookies = jwt.logout_user(&token).await.map_err(|err| AuthRejection::new(&jwt, err))?;
    ///     Ok((cookies, Json(serde_json::json!({"msg": "Logged out"}))))
    /// }
    /// ```
    pub async fn logout_user(&self, token: &DecodedToken) -> Result<LogoutCookies, AuthError> {
        self.revoke_token(token).await?;
        let settings = self.config().settings();
        let mut cookies = Vec::new();
        if settings.token_location.contains(&TokenLocation::Cookies) {
            unset_token_cookies(settings, CookieKind::Access, &mut cookies);
            unset_token_cookies(settings, CookieKind::Refresh, &mut cookies);
        }
        Ok(LogoutCookies { cookies })
    }
}
