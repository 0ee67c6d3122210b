//! One request's token: found, decoded, and checked in Flask-JWT-Extended's order.

use std::sync::Arc;

use axum::http::Method;
use axum::http::request::Parts;

use crate::config::TokenLocation;
use crate::error::{AuthError, InvalidToken};
use crate::layer::RequestScope;
use crate::locations::{self, Lookup};
use crate::manager::JwtManager;
use crate::token::{DecodeOptions, DecodedToken, TokenType};

/// What a route requires of a request's token: `jwt_required`'s arguments.
///
/// ```
/// use axum_jwt_login_runtime::{Requirements, TokenLocation};
///
/// const FRESH_FROM_HEADERS: Requirements = Requirements::ACCESS.fresh().locations(&[TokenLocation::Headers]);
/// assert!(FRESH_FROM_HEADERS.fresh);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Requirements {
    /// No token is not an error (a bad token still is).
    pub optional: bool,
    /// The token must be fresh.
    pub fresh: bool,
    /// A refresh token, not an access token.
    pub refresh: bool,
    /// Where to look, instead of `JWT_TOKEN_LOCATION`.
    pub locations: Option<&'static [TokenLocation]>,
}

impl Requirements {
    /// An access token, in the configured locations: `@jwt_required()`.
    ///
    /// ```
    /// use axum_jwt_login_runtime::Requirements;
    ///
    /// let access = Requirements::ACCESS;
    /// assert_eq!((access.optional, access.fresh, access.refresh), (false, false, false));
    /// assert_eq!(access.locations, None);
    /// ```
    pub const ACCESS: Requirements = Requirements {
        optional: false,
        fresh: false,
        refresh: false,
        locations: None,
    };

    /// `@jwt_required(optional=True)`.
    ///
    /// ```
    /// use axum_jwt_login_runtime::Requirements;
    ///
    /// const MAYBE_SIGNED_IN: Requirements = Requirements::ACCESS.optional();
    /// assert!(MAYBE_SIGNED_IN.optional);
    /// assert_ne!(MAYBE_SIGNED_IN, Requirements::ACCESS);
    /// ```
    pub const fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    /// `@jwt_required(fresh=True)`.
    ///
    /// ```
    /// use axum_jwt_login_runtime::Requirements;
    ///
    /// const CHANGE_PASSWORD: Requirements = Requirements::ACCESS.fresh();
    /// assert_eq!((CHANGE_PASSWORD.fresh, CHANGE_PASSWORD.refresh), (true, false));
    /// ```
    pub const fn fresh(mut self) -> Self {
        self.fresh = true;
        self
    }

    /// `@jwt_required(refresh=True)`.
    ///
    /// ```
    /// use axum_jwt_login_runtime::Requirements;
    ///
    /// const REFRESH_ROUTE: Requirements = Requirements::ACCESS.refresh();
    /// assert_eq!((REFRESH_ROUTE.refresh, REFRESH_ROUTE.fresh), (true, false));
    /// ```
    pub const fn refresh(mut self) -> Self {
        self.refresh = true;
        self
    }

    /// `@jwt_required(locations=[...])`.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{Requirements, TokenLocation};
    ///
    /// const COOKIES: &[TokenLocation] = &[TokenLocation::Cookies];
    /// const FROM_COOKIES: Requirements = Requirements::ACCESS.locations(COOKIES);
    /// assert_eq!(FROM_COOKIES.locations, Some(COOKIES));
    /// ```
    pub const fn locations(mut self, locations: &'static [TokenLocation]) -> Self {
        self.locations = Some(locations);
        self
    }
}

/// The verified token of this request, kept so that a second extractor does not
/// decode it again.
#[derive(Clone)]
struct Verified(Arc<DecodedToken>);

/// Finds, decodes and checks the request's token. `Ok(None)`: no token and the
/// requirements allow that (or an `OPTIONS` request, which is never checked).
pub(crate) async fn verify_request(
    parts: &mut Parts,
    jwt: &JwtManager,
    requirements: &Requirements,
) -> Result<Option<Arc<DecodedToken>>, AuthError> {
    if parts.method == Method::OPTIONS {
        return Ok(None);
    }
    if let Some(Verified(token)) = parts.extensions.get::<Verified>() {
        let token = token.clone();
        check_type_and_freshness(&token, requirements)?;
        return Ok(Some(token));
    }
    let settings = jwt.config().settings();
    let locations = requirements.locations.unwrap_or(&settings.token_location);
    let mut missing = Vec::new();
    let mut found = None;
    for &location in locations {
        // A location that answers with an error (a malformed header, a cookie token
        // without its CSRF value) was carrying a token too.
        let lookup = locations::look(location, parts, settings, requirements.refresh)
            .inspect_err(|_| mark_token_authenticated(parts))?;
        match lookup {
            Lookup::Found(token) => {
                found = Some(token);
                break;
            }
            Lookup::Missing(reason) => missing.push(reason),
        }
    }
    let Some(found) = found else {
        return if requirements.optional {
            Ok(None)
        } else {
            Err(AuthError::NoToken(locations::missing_message(
                locations, &missing,
            )))
        };
    };
    mark_token_authenticated(parts);
    let options = DecodeOptions {
        csrf_value: found.csrf_value.as_deref(),
        ..DecodeOptions::default()
    };
    let decoded = jwt.decode_token_with(&found.token, &options)?;
    check_type_and_freshness(&decoded, requirements)?;
    // A token without `jti` is checked too: against the entry they share.
    match jwt
        .blocklist()
        .is_revoked(decoded.claims.revocation_key())
        .await
    {
        Ok(false) => {}
        Ok(true) => return Err(AuthError::Revoked(Box::new(decoded))),
        // Logged once per outage by the blocklist handle.
        Err(_) => return Err(AuthError::BlocklistUnavailable),
    }
    if let Some(check) = jwt.config().claims_check()
        && !check(&decoded)
    {
        return Err(AuthError::ClaimsVerificationFailed(Box::new(decoded)));
    }
    let token = Arc::new(decoded);
    parts.extensions.insert(Verified(token.clone()));
    Ok(Some(token))
}

/// Tells `JwtLayer` that this request carried a token, so its response sets no
/// cookie session.
fn mark_token_authenticated(parts: &Parts) {
    if let Some(scope) = parts.extensions.get::<Arc<RequestScope>>() {
        scope.mark_token_authenticated();
    }
}

fn check_type_and_freshness(
    token: &DecodedToken,
    requirements: &Requirements,
) -> Result<(), AuthError> {
    let is_refresh = token.claims.token_type == TokenType::Refresh;
    if requirements.refresh && !is_refresh {
        return Err(InvalidToken::RefreshRequired.into());
    }
    if !requirements.refresh && is_refresh {
        return Err(InvalidToken::AccessRequired.into());
    }
    if requirements.fresh && !token.claims.fresh.is_fresh_at(crate::token::now()) {
        return Err(AuthError::FreshRequired(Box::new(token.clone())));
    }
    Ok(())
}
