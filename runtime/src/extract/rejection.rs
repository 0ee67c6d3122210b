//! [`AuthRejection`]: what an extractor answers when it refuses a request.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::AuthError;
use crate::manager::JwtManager;

/// The refusal of an extractor: the [`AuthError`], answered with the configured
/// message key and the application's [`ErrorHook`](crate::ErrorHook).
///
/// ```
/// use axum::response::IntoResponse;
/// use axum_jwt_login_runtime::{AuthError, AuthRejection, JwtConfig, JwtManager};
///
/// let jwt = JwtManager::new(JwtConfig::builder().secret([3u8; 32]).build()?);
/// let rejection = AuthRejection::new(&jwt, AuthError::NoToken("Missing Authorization Header".into()));
/// assert_eq!(rejection.error().map(ToString::to_string).as_deref(), Some("Missing Authorization Header"));
/// assert_eq!(rejection.into_response().status(), 401);
/// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
/// ```
pub struct AuthRejection {
    error: Option<AuthError>,
    response: Response,
}

impl AuthRejection {
    /// The answer to `error`, as `jwt` is configured to give it.
    ///
    /// ```
    /// use axum::response::IntoResponse;
    /// use axum_jwt_login_runtime::{AuthError, AuthRejection, JwtConfig, JwtManager};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([3u8; 32]).build()?);
    /// let rejection = AuthRejection::new(&jwt, AuthError::BlocklistUnavailable);
    /// assert_eq!(rejection.into_response().status(), 503);
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn new(jwt: &JwtManager, error: AuthError) -> Self {
        if let AuthError::Misconfigured(detail) = &error {
            tracing::error!("axum-jwt-login is misconfigured: {detail}");
        }
        let response = jwt.error_response(&error);
        AuthRejection {
            error: Some(error),
            response,
        }
    }

    /// An `OPTIONS` request to a guarded route: not checked (CORS preflight), and
    /// answered `204 No Content` since there is no user to hand the handler.
    pub(crate) fn preflight() -> Self {
        AuthRejection {
            error: None,
            response: StatusCode::NO_CONTENT.into_response(),
        }
    }

    /// Why the request was refused (`None` for an unchecked `OPTIONS` request).
    ///
    /// ```
    /// use axum::http::StatusCode;
    /// use axum_jwt_login_runtime::{AuthError, AuthRejection, JwtConfig, JwtManager};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([3u8; 32]).build()?);
    /// let rejection = AuthRejection::new(&jwt, AuthError::BodyTooLarge);
    /// assert_eq!(rejection.error().map(AuthError::status), Some(StatusCode::PAYLOAD_TOO_LARGE));
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn error(&self) -> Option<&AuthError> {
        self.error.as_ref()
    }
}

impl std::fmt::Debug for AuthRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthRejection")
            .field("error", &self.error)
            .field("status", &self.response.status())
            .finish()
    }
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        self.response
    }
}
