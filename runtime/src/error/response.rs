//! Turning an [`AuthError`] into the JSON answer a client gets.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AuthError;

/// The application's own answer to some refusals, as Flask-JWT-Extended's
/// `expired_token_loader`, `invalid_token_loader`, `unauthorized_loader`, ... are.
///
/// Return `Some(response)` to replace the default answer, `None` to keep it.
/// Install it with [`JwtConfigBuilder::error_hook`](crate::JwtConfigBuilder::error_hook).
///
/// ```
/// use std::sync::Arc;
/// use axum::response::IntoResponse;
/// use axum::http::StatusCode;
/// use axum_jwt_login_runtime::{AuthError, ErrorHook};
///
/// let hook: ErrorHook = Arc::new(|err: &AuthError| match err {
///     AuthError::Expired(_) => Some((StatusCode::UNAUTHORIZED, "please log in again").into_response()),
///     _ => None,
/// });
/// ```
pub type ErrorHook = Arc<dyn Fn(&AuthError) -> Option<Response> + Send + Sync>;

/// A JSON error answer `{"<key>": "<message>"}` with the given status, as
/// Flask-JWT-Extended's default callbacks write it.
///
/// ```
/// use axum::http::StatusCode;
/// use axum_jwt_login_runtime::error_body;
///
/// let response = error_body(StatusCode::UNAUTHORIZED, "msg", "Token has expired");
/// assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
pub fn error_body(status: StatusCode, key: &str, message: &str) -> Response {
    let mut body = serde_json::Map::with_capacity(1);
    body.insert(
        key.to_owned(),
        serde_json::Value::String(message.to_owned()),
    );
    let bytes = serde_json::Value::Object(body).to_string();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

impl IntoResponse for AuthError {
    /// The default answer, with the default message key `msg`.
    fn into_response(self) -> Response {
        error_body(self.status(), "msg", &self.to_string())
    }
}
