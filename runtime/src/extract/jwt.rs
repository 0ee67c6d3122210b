//! [`Jwt`]: the verified token itself (`get_jwt()`, `get_jwt_header()`).

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum::http::Method;
use axum::http::request::Parts;

use super::rejection::AuthRejection;
use super::verify::{Requirements, verify_request};
use crate::error::AuthError;
use crate::manager::JwtManager;
use crate::token::DecodedToken;

/// The request's verified access token, without loading a user: Flask-JWT-Extended's
/// `@jwt_required()` with `get_jwt()` and `get_jwt_header()`. `Option<Jwt>` is the
/// optional form. After a user extractor, it reuses the token already verified.
///
/// ```
/// use axum::{Router, routing::get};
/// use axum_jwt_login_runtime::{Jwt, JwtManager};
///
/// async fn whoami(jwt: Jwt) -> String {
///     format!("{} ({})", jwt.claims.identity, jwt.header["alg"])
/// }
///
/// fn app(jwt: JwtManager) -> Router {
///     Router::new().route("/whoami", get(whoami)).with_state(jwt)
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Jwt(pub Arc<DecodedToken>);

impl std::ops::Deref for Jwt {
    type Target = DecodedToken;
    fn deref(&self) -> &DecodedToken {
        &self.0
    }
}

impl<S> FromRequestParts<S> for Jwt
where
    JwtManager: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
        let jwt = JwtManager::from_ref(state);
        match verify_request(parts, &jwt, &Requirements::ACCESS).await {
            Ok(Some(token)) => Ok(Jwt(token)),
            Ok(None) if parts.method == Method::OPTIONS => Err(AuthRejection::preflight()),
            Ok(None) => Err(AuthRejection::new(
                &jwt,
                AuthError::Misconfigured("a required token was reported optional"),
            )),
            Err(err) => Err(AuthRejection::new(&jwt, err)),
        }
    }
}

impl<S> OptionalFromRequestParts<S> for Jwt
where
    JwtManager: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, AuthRejection> {
        let jwt = JwtManager::from_ref(state);
        match verify_request(parts, &jwt, &Requirements::ACCESS.optional()).await {
            Ok(token) => Ok(token.map(Jwt)),
            Err(err) => Err(AuthRejection::new(&jwt, err)),
        }
    }
}
