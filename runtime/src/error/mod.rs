//! Every way a request can be refused, with Flask-JWT-Extended's status codes and messages.

mod invalid_token;
mod response;

pub use invalid_token::{InvalidToken, Segment};
pub use response::{ErrorHook, error_body};

use axum::http::StatusCode;

use crate::token::DecodedToken;

/// A refusal of a request or a token, one variant per failure that
/// Flask-JWT-Extended 4.7 tells apart.
///
/// Each variant has Flask-JWT-Extended's default status code
/// ([`AuthError::status`]) and message (its [`Display`](std::fmt::Display) text), and
/// answers `{"msg": "..."}` through [`IntoResponse`](axum::response::IntoResponse).
/// [`JwtManager::error_response`](crate::JwtManager::error_response) uses the configured
/// `JWT_ERROR_MESSAGE_KEY` and the application's own [`ErrorHook`] instead.
///
/// ```
/// use axum::http::StatusCode;
/// use axum_jwt_login_runtime::{AuthError, InvalidToken};
///
/// let err = AuthError::InvalidToken(InvalidToken::SignatureVerificationFailed);
/// assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
/// assert_eq!(err.to_string(), "Signature verification failed");
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// No token was found where the configuration says to look
    /// (Flask-JWT-Extended's `NoAuthorizationError`, 401).
    #[error("{0}")]
    NoToken(String),
    /// The header that should carry the token is malformed (`InvalidHeaderError`, 422).
    #[error("{0}")]
    InvalidHeader(String),
    /// The query-string parameter lacks its configured prefix (`InvalidQueryParamError`, 422).
    #[error("{0}")]
    InvalidQueryParam(String),
    /// The double-submit CSRF check failed (`CSRFError`, 401).
    #[error("{0}")]
    Csrf(CsrfFailure),
    /// The token is not a valid JWT for this service (PyJWT's errors and
    /// `JWTDecodeError`, `WrongTokenError`: 422).
    #[error("{0}")]
    InvalidToken(InvalidToken),
    /// The token is valid but past its `exp` (401). Carries the decoded token, as
    /// Flask-JWT-Extended's `expired_token_loader` receives it.
    #[error("Token has expired")]
    Expired(Box<DecodedToken>),
    /// The route needs a fresh token and this one is not fresh (401).
    #[error("Fresh token required")]
    FreshRequired(Box<DecodedToken>),
    /// The token's `jti` has been revoked (401).
    #[error("Token has been revoked")]
    Revoked(Box<DecodedToken>),
    /// The user loader found no user for the token's identity (401).
    #[error("Error loading the user {}", .0.claims.identity)]
    UserLookup(Box<DecodedToken>),
    /// The application's claims check refused the token (400).
    #[error("User claims verification failed")]
    ClaimsVerificationFailed(Box<DecodedToken>),
    /// The user exists but `is_active()` is false (403): the token is valid, the
    /// account may not be used.
    #[error("User account is inactive")]
    InactiveUser(Box<DecodedToken>),
    /// The user loader failed (500). The cause is logged, never sent: an outage of the
    /// user store must not look like a bad token.
    #[error("The user could not be loaded")]
    UserLoaderFailed,
    /// The blocklist could not answer (503). Fail closed: a token whose revocation
    /// cannot be checked is not accepted.
    #[error("Token revocation status is unavailable")]
    BlocklistUnavailable,
    /// The request body is over [`JwtLayer`](crate::JwtLayer)'s limit (413).
    #[error("Request body is too large")]
    BodyTooLarge,
    /// The request body did not arrive within [`JwtLayer`](crate::JwtLayer)'s time
    /// limit (408).
    #[error("Request body took too long to arrive")]
    BodyTimeout,
    /// The user lacks the role the route requires (403,
    /// `#[login_required(role = "...")]`).
    #[error("Missing role \"{0}\"")]
    MissingRole(String),
    /// The request body could not be read (400).
    #[error("Request body could not be read")]
    BodyUnreadable,
    /// The application is set up in a way that cannot work (500); the detail is
    /// logged, not sent.
    #[error("Internal Server Error")]
    Misconfigured(&'static str),
}

impl AuthError {
    /// Flask-JWT-Extended's default status code for this failure.
    ///
    /// ```
    /// use axum::http::StatusCode;
    /// use axum_jwt_login_runtime::AuthError;
    ///
    /// assert_eq!(AuthError::NoToken("Missing Authorization Header".into()).status(), StatusCode::UNAUTHORIZED);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            AuthError::NoToken(_)
            | AuthError::Csrf(_)
            | AuthError::Expired(_)
            | AuthError::FreshRequired(_)
            | AuthError::Revoked(_)
            | AuthError::UserLookup(_) => StatusCode::UNAUTHORIZED,
            AuthError::InvalidHeader(_)
            | AuthError::InvalidQueryParam(_)
            | AuthError::InvalidToken(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AuthError::ClaimsVerificationFailed(_) => StatusCode::BAD_REQUEST,
            AuthError::InactiveUser(_) | AuthError::MissingRole(_) => StatusCode::FORBIDDEN,
            AuthError::UserLoaderFailed | AuthError::Misconfigured(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            AuthError::BlocklistUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            AuthError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AuthError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            AuthError::BodyUnreadable => StatusCode::BAD_REQUEST,
        }
    }

    /// The decoded token behind the failure, where the token itself was valid
    /// (expired, not fresh, revoked, no such user, claims check failed).
    ///
    /// ```
    /// use axum_jwt_login_runtime::AuthError;
    ///
    /// assert!(AuthError::NoToken("Missing Authorization Header".into()).token().is_none());
    /// ```
    pub fn token(&self) -> Option<&DecodedToken> {
        match self {
            AuthError::Expired(token)
            | AuthError::FreshRequired(token)
            | AuthError::Revoked(token)
            | AuthError::UserLookup(token)
            | AuthError::ClaimsVerificationFailed(token)
            | AuthError::InactiveUser(token) => Some(token),
            _ => None,
        }
    }
}

impl From<InvalidToken> for AuthError {
    fn from(reason: InvalidToken) -> Self {
        AuthError::InvalidToken(reason)
    }
}

impl From<CsrfFailure> for AuthError {
    fn from(reason: CsrfFailure) -> Self {
        AuthError::Csrf(reason)
    }
}

/// Why the double-submit CSRF check refused a cookie token.
///
/// ```
/// use axum_jwt_login_runtime::CsrfFailure;
///
/// assert_eq!(CsrfFailure::Mismatch.to_string(), "CSRF double submit tokens do not match");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsrfFailure {
    /// The request carries no CSRF value (header or form field).
    #[error("Missing CSRF token")]
    Missing,
    /// The CSRF value does not match the token's `csrf` claim.
    #[error("CSRF double submit tokens do not match")]
    Mismatch,
}
