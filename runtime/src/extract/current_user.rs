//! `current_user`: the user of the request's token, loaded with its [`UserLoader`].

use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum::http::Method;
use axum::http::request::Parts;

use super::rejection::AuthRejection;
use super::verify::{Requirements, verify_request};
use crate::error::AuthError;
use crate::manager::JwtManager;
use crate::users::UserLoader;

/// The user loaded for this request, kept for further extractors of the same request.
#[derive(Clone)]
pub(crate) struct LoadedUser<U>(pub(crate) U);

/// What finding the request's user gave.
enum Fetched<U> {
    /// No token, and the route allows that.
    NoUser,
    /// Loaded earlier in this request, kept in its extensions.
    Kept,
    /// Loaded now, not kept yet.
    Loaded(U),
}

/// Verifies the request's token and loads its user, unless an earlier extractor
/// of this request did.
async fn fetch_user<U, S>(
    parts: &mut Parts,
    state: &S,
    jwt: &JwtManager,
    requirements: &Requirements,
) -> Result<Fetched<U>, AuthError>
where
    U: UserLoader,
    U::State: FromRef<S>,
    S: Send + Sync,
{
    let Some(token) = verify_request(parts, jwt, requirements).await? else {
        return Ok(Fetched::NoUser);
    };
    if parts.extensions.get::<LoadedUser<U>>().is_some() {
        return Ok(Fetched::Kept);
    }
    let not_found = || AuthError::UserLookup(Box::new((*token).clone()));
    // A `String` identity is the claim itself; any other type is parsed from it.
    let parsed;
    let id = match (&token.claims.identity as &dyn std::any::Any).downcast_ref::<U::Id>() {
        Some(id) => id,
        None => match token.claims.identity.parse::<U::Id>() {
            Ok(id) => {
                parsed = id;
                &parsed
            }
            Err(_) => return Err(not_found()),
        },
    };
    let user_state = U::State::from_ref(state);
    let user = match U::load_user(&user_state, id).await {
        Ok(Some(user)) => user,
        Ok(None) => return Err(not_found()),
        Err(err) => {
            tracing::error!(error = %err, identity = %token.claims.identity, "the user loader failed");
            return Err(AuthError::UserLoaderFailed);
        }
    };
    if !user.is_active() {
        return Err(AuthError::InactiveUser(Box::new((*token).clone())));
    }
    user.on_loaded_from_request(&token);
    Ok(Fetched::Loaded(user))
}

/// The request's user (verified, loaded, active), kept in the request for the
/// extractors that follow; `None` when there is no token and the route allows that.
pub(crate) async fn load_current_user<U, S>(
    parts: &mut Parts,
    state: &S,
    jwt: &JwtManager,
    requirements: &Requirements,
) -> Result<Option<U>, AuthError>
where
    U: UserLoader,
    U::State: FromRef<S>,
    S: Send + Sync,
{
    Ok(
        match fetch_user::<U, S>(parts, state, jwt, requirements).await? {
            Fetched::NoUser => None,
            Fetched::Kept => parts
                .extensions
                .get::<LoadedUser<U>>()
                .map(|LoadedUser(user)| user.clone()),
            Fetched::Loaded(user) => {
                parts.extensions.insert(LoadedUser(user.clone()));
                Some(user)
            }
        },
    )
}

/// The guard's way: loads and keeps the request's user without cloning it, and says
/// whether it has `role`. `None`: no token, and the route allows that.
pub(crate) async fn keep_current_user<U, S>(
    parts: &mut Parts,
    state: &S,
    jwt: &JwtManager,
    requirements: &Requirements,
    role: Option<&str>,
) -> Result<Option<bool>, AuthError>
where
    U: UserLoader,
    U::State: FromRef<S>,
    S: Send + Sync,
{
    let has_role = |user: &U| role.is_none_or(|role| user.has_role(role));
    Ok(
        match fetch_user::<U, S>(parts, state, jwt, requirements).await? {
            Fetched::NoUser => None,
            Fetched::Kept => parts
                .extensions
                .get::<LoadedUser<U>>()
                .map(|LoadedUser(user)| has_role(user)),
            Fetched::Loaded(user) => {
                let allowed = has_role(&user);
                parts.extensions.insert(LoadedUser(user));
                Some(allowed)
            }
        },
    )
}

async fn required<U, S>(
    parts: &mut Parts,
    state: &S,
    requirements: Requirements,
) -> Result<U, AuthRejection>
where
    U: UserLoader,
    U::State: FromRef<S>,
    JwtManager: FromRef<S>,
    S: Send + Sync,
{
    let jwt = JwtManager::from_ref(state);
    match load_current_user::<U, S>(parts, state, &jwt, &requirements).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) if parts.method == Method::OPTIONS => Err(AuthRejection::preflight()),
        Ok(None) => Err(AuthRejection::new(
            &jwt,
            AuthError::Misconfigured("a required token was reported optional"),
        )),
        Err(err) => Err(AuthRejection::new(&jwt, err)),
    }
}

macro_rules! user_extractor {
    ($(#[$doc:meta])* $name:ident, $requirements:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name<U>(pub U);

        impl<U> std::ops::Deref for $name<U> {
            type Target = U;
            fn deref(&self) -> &U {
                &self.0
            }
        }

        impl<U, S> FromRequestParts<S> for $name<U>
        where
            U: UserLoader,
            U::State: FromRef<S>,
            JwtManager: FromRef<S>,
            S: Send + Sync,
        {
            type Rejection = AuthRejection;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
                required::<U, S>(parts, state, $requirements).await.map($name)
            }
        }
    };
}

user_extractor!(
    /// The user of the request's access token (`@jwt_required()` + `current_user`).
    ///
    /// Refuses the request with Flask-JWT-Extended's answers: no token (401), a bad one
    /// (422), expired or revoked (401), no such user (401), an inactive one (403), a
    /// loader failure (500), an unreachable blocklist (503).
    ///
    /// ```
    /// use axum::{Json, Router, routing::get};
    /// use axum_jwt_login_runtime::{AuthUser, CurrentUser, JwtManager, UserLoader};
    ///
    /// #[derive(Clone)]
    /// struct Person { email: String }
    /// impl AuthUser for Person {
    ///     type Id = String;
    ///     fn identity(&self) -> &String { &self.email }
    /// }
    /// impl UserLoader for Person {
    ///     type State = JwtManager;
    ///     type Error = std::convert::Infallible;
    ///     async fn load_user(_: &JwtManager, email: &String) -> Result<Option<Person>, Self::Error> {
    ///         Ok(Some(Person { email: email.clone() }))
    ///     }
    /// }
    ///
    /// async fn me(CurrentUser(user): CurrentUser<Person>) -> String {
    ///     user.email
    /// }
    ///
    /// fn app(jwt: JwtManager) -> Router {
    ///     Router::new().route("/me", get(me)).with_state(jwt)
    /// }
    /// ```
    CurrentUser,
    Requirements::ACCESS
);

user_extractor!(
    /// The user of a *fresh* access token (`@jwt_required(fresh=True)`,
    /// `@fresh_login_required`): a non-fresh token gets `401 Fresh token required`.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::{AuthUser, FreshUser, UserLoader, JwtManager};
    /// # #[derive(Clone)] struct Person { email: String }
    /// # impl AuthUser for Person { type Id = String; fn identity(&self) -> &String { &self.email } }
    /// # impl UserLoader for Person { type State = JwtManager; type Error = std::convert::Infallible;
    /// #   async fn load_user(_: &JwtManager, e: &String) -> Result<Option<Person>, Self::Error> { Ok(Some(Person { email: e.clone() })) } }
    /// async fn change_password(FreshUser(user): FreshUser<Person>) -> String {
    ///     format!("{} may change the password", user.email)
    /// }
    /// ```
    FreshUser,
    Requirements::ACCESS.fresh()
);

user_extractor!(
    /// The user of a *refresh* token (`@jwt_required(refresh=True)`), for the refresh
    /// route: an access token gets `422 Only refresh tokens are allowed`.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::{AuthUser, RefreshUser, UserLoader, JwtManager};
    /// # #[derive(Clone)] struct Person { email: String }
    /// # impl AuthUser for Person { type Id = String; fn identity(&self) -> &String { &self.email } }
    /// # impl UserLoader for Person { type State = JwtManager; type Error = std::convert::Infallible;
    /// #   async fn load_user(_: &JwtManager, e: &String) -> Result<Option<Person>, Self::Error> { Ok(Some(Person { email: e.clone() })) } }
    /// use axum::extract::State;
    ///
    /// async fn refresh(State(jwt): State<JwtManager>, RefreshUser(user): RefreshUser<Person>) -> String {
    ///     jwt.refresh_access_token(&user).map(|issued| issued.access_token).unwrap_or_default()
    /// }
    /// ```
    RefreshUser,
    Requirements::ACCESS.refresh()
);

/// The user of the request's access token, or `None` when the request has no token
/// (`@jwt_required(optional=True)`). A token that is present but bad is still refused.
///
/// ```
/// # use axum_jwt_login_runtime::{AuthUser, OptionalUser, UserLoader, JwtManager};
/// # #[derive(Clone)] struct Person { email: String }
/// # impl AuthUser for Person { type Id = String; fn identity(&self) -> &String { &self.email } }
/// # impl UserLoader for Person { type State = JwtManager; type Error = std::convert::Infallible;
/// #   async fn load_user(_: &JwtManager, e: &String) -> Result<Option<Person>, Self::Error> { Ok(Some(Person { email: e.clone() })) } }
/// async fn greeting(OptionalUser(user): OptionalUser<Person>) -> String {
///     match user {
///         Some(user) => format!("hello {}", user.email),
///         None => "hello stranger".into(),
///     }
/// }
/// ```
#[derive(Debug, Clone)]
pub struct OptionalUser<U>(pub Option<U>);

impl<U, S> FromRequestParts<S> for OptionalUser<U>
where
    U: UserLoader,
    U::State: FromRef<S>,
    JwtManager: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
        let jwt = JwtManager::from_ref(state);
        load_current_user::<U, S>(parts, state, &jwt, &Requirements::ACCESS.optional())
            .await
            .map(OptionalUser)
            .map_err(|err| AuthRejection::new(&jwt, err))
    }
}

impl<U, S> OptionalFromRequestParts<S> for CurrentUser<U>
where
    U: UserLoader,
    U::State: FromRef<S>,
    JwtManager: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AuthRejection;

    /// `Option<CurrentUser<U>>` is [`OptionalUser<U>`].
    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, AuthRejection> {
        let OptionalUser(user) =
            <OptionalUser<U> as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        Ok(user.map(CurrentUser))
    }
}
