//! What `#[login_required]` expands to: a [`LoginRequired`] extractor first in the
//! handler's arguments, and the user type as an extractor of its own.

use std::future::Future;
use std::marker::PhantomData;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::Method;
use axum::http::request::Parts;

use super::current_user::{LoadedUser, keep_current_user};
use super::rejection::AuthRejection;
use super::verify::Requirements;
use crate::error::AuthError;
use crate::manager::JwtManager;
use crate::users::{AuthUser, UserLoader};

/// One `#[login_required(...)]`: the user type and what the route requires. The
/// macro writes one per handler.
pub trait Guard: Send + Sync + 'static {
    /// The user type of the route, with its loader.
    type User: UserLoader;
    /// `optional`, `fresh`, `refresh`, `locations(...)`.
    const REQUIREMENTS: Requirements;
    /// `role = "..."`.
    const ROLE: Option<&'static str>;
}

/// The extractor `#[login_required]` puts first: it runs every check before the
/// handler's other extractors, and leaves the loaded user for `current_user`.
pub struct LoginRequired<G>(PhantomData<G>);

impl<G, S> FromRequestParts<S> for LoginRequired<G>
where
    G: Guard,
    G::User: LoadableFrom<S>,
    S: Send + Sync,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
        <G::User as LoadableFrom<S>>::guard(parts, state, G::REQUIREMENTS, G::ROLE).await?;
        Ok(LoginRequired(PhantomData))
    }
}

/// A user type that can be loaded with this router state: it has a [`UserLoader`]
/// whose state, and the [`JwtManager`], the router state gives through `FromRef`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be loaded as the current user with the router state `{S}`",
    note = "the user type needs a `UserLoader` (`#[auth(loader = ..., state = ...)]` on its `#[derive(AuthUser)]`), and `{S}` must give both the loader's state and the `JwtManager` through `FromRef`"
)]
pub trait LoadableFrom<S>: AuthUser + Sized {
    /// Checks the request with these requirements and this role, and keeps the user.
    fn guard(
        parts: &mut Parts,
        state: &S,
        requirements: Requirements,
        role: Option<&'static str>,
    ) -> impl Future<Output = Result<(), AuthRejection>> + Send;

    /// The current user: the one the guard loaded, or loaded now with an access token.
    fn current(
        parts: &mut Parts,
        state: &S,
    ) -> impl Future<Output = Result<Self, AuthRejection>> + Send;

    /// The current user if the request has a token (a bad token is still refused).
    fn optional(
        parts: &mut Parts,
        state: &S,
    ) -> impl Future<Output = Result<Option<Self>, AuthRejection>> + Send;
}

impl<U, S> LoadableFrom<S> for U
where
    U: UserLoader,
    U::State: FromRef<S>,
    JwtManager: FromRef<S>,
    S: Send + Sync,
{
    async fn guard(
        parts: &mut Parts,
        state: &S,
        requirements: Requirements,
        role: Option<&'static str>,
    ) -> Result<(), AuthRejection> {
        let jwt = JwtManager::from_ref(state);
        match keep_current_user::<U, S>(parts, state, &jwt, &requirements, role).await {
            Ok(Some(true)) => Ok(()),
            Ok(Some(false)) => Err(AuthRejection::new(
                &jwt,
                AuthError::MissingRole(role.unwrap_or_default().to_owned()),
            )),
            Ok(None) if requirements.optional => Ok(()),
            Ok(None) if parts.method == Method::OPTIONS => Err(AuthRejection::preflight()),
            Ok(None) => Err(AuthRejection::new(
                &jwt,
                AuthError::Misconfigured("a required token was reported optional"),
            )),
            Err(err) => Err(AuthRejection::new(&jwt, err)),
        }
    }

    async fn current(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
        if let Some(LoadedUser(user)) = parts.extensions.get::<LoadedUser<U>>() {
            return Ok(user.clone());
        }
        Self::guard(parts, state, Requirements::ACCESS, None).await?;
        match parts.extensions.get::<LoadedUser<U>>() {
            Some(LoadedUser(user)) => Ok(user.clone()),
            None => Err(AuthRejection::preflight()),
        }
    }

    async fn optional(parts: &mut Parts, state: &S) -> Result<Option<Self>, AuthRejection> {
        if let Some(LoadedUser(user)) = parts.extensions.get::<LoadedUser<U>>() {
            return Ok(Some(user.clone()));
        }
        Self::guard(parts, state, Requirements::ACCESS.optional(), None).await?;
        Ok(parts
            .extensions
            .get::<LoadedUser<U>>()
            .map(|LoadedUser(user)| user.clone()))
    }
}
