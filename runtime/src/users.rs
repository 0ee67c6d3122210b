//! Users: what the application's user type tells the crate ([`AuthUser`]) and how
//! it is found from a token's identity ([`UserLoader`]).

use std::future::Future;

use serde_json::{Map, Value};

use crate::token::DecodedToken;

/// The application's user, as Flask-Login's `UserMixin` and Flask-JWT-Extended's
/// identity and additional-claims loaders see it.
///
/// `#[derive(AuthUser)]` writes this impl; by hand it is a few lines:
///
/// ```
/// use axum_jwt_login_runtime::AuthUser;
/// use serde_json::{Map, Value, json};
///
/// #[derive(Clone)]
/// struct Person { id: u64, active: bool, roles: Vec<String> }
///
/// impl AuthUser for Person {
///     type Id = u64;
///     fn identity(&self) -> &u64 { &self.id }
///     fn is_active(&self) -> bool { self.active }
///     fn additional_claims(&self) -> Map<String, Value> {
///         Map::from_iter([("roles".to_owned(), json!(self.roles))])
///     }
///     fn has_role(&self, role: &str) -> bool { self.roles.iter().any(|r| r == role) }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a user type of axum-jwt-login",
    label = "this type does not implement `AuthUser`",
    note = "add `#[derive(AuthUser)]` to `{Self}` (with `#[auth(id)]` on its identity field), or implement `AuthUser` and `UserLoader` by hand"
)]
pub trait AuthUser: Clone + Send + Sync + 'static {
    /// The identity type: written into tokens with `Display` (an integer as its
    /// decimal string), read back with `FromStr`.
    type Id: std::fmt::Display + std::str::FromStr + Send + Sync + 'static;

    /// The identity that goes into the token's identity claim.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{AuthUser, JwtConfig, JwtManager};
    ///
    /// #[derive(Clone)]
    /// struct Person { id: u64 }
    /// impl AuthUser for Person {
    ///     type Id = u64;
    ///     fn identity(&self) -> &u64 { &self.id }
    /// }
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
    /// let issued = jwt.login_user(&Person { id: 42 }, false)?;
    /// assert_eq!(jwt.decode_token(&issued.access_token)?.claims.identity, "42");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn identity(&self) -> &Self::Id;

    /// Whether the account may be used; an inactive user is refused (403) and cannot
    /// log in. Default: always active.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{AuthUser, JwtConfig, JwtManager, LoginError};
    ///
    /// # #[derive(Clone)] struct Person { id: u64, banned: bool }
    /// impl AuthUser for Person {
    ///     type Id = u64;
    ///     fn identity(&self) -> &u64 { &self.id }
    ///     fn is_active(&self) -> bool { !self.banned }
    /// }
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
    /// let banned = Person { id: 7, banned: true };
    /// assert_eq!(jwt.login_user(&banned, false).unwrap_err(), LoginError::Inactive);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn is_active(&self) -> bool {
        true
    }

    /// Claims copied into every token minted for this user. Default: none.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{AuthUser, JwtConfig, JwtManager};
    /// use serde_json::{Map, Value, json};
    ///
    /// # #[derive(Clone)] struct Person { id: u64, tenant: String }
    /// impl AuthUser for Person {
    ///     type Id = u64;
    ///     fn identity(&self) -> &u64 { &self.id }
    ///     fn additional_claims(&self) -> Map<String, Value> {
    ///         Map::from_iter([("tenant".to_owned(), json!(self.tenant))])
    ///     }
    /// }
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
    /// let issued = jwt.login_user(&Person { id: 7, tenant: "acme".into() }, false)?;
    /// assert_eq!(jwt.decode_token(&issued.access_token)?.claims.extra["tenant"], "acme");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn additional_claims(&self) -> Map<String, Value> {
        Map::new()
    }

    /// Whether the user has this role (for `#[login_required(role = "...")]`).
    /// Default: no roles.
    ///
    /// ```
    /// use axum_jwt_login_runtime::AuthUser;
    ///
    /// # #[derive(Clone)] struct Person { id: u64, admin: bool }
    /// impl AuthUser for Person {
    ///     type Id = u64;
    ///     fn identity(&self) -> &u64 { &self.id }
    ///     fn has_role(&self, role: &str) -> bool { role == "admin" && self.admin }
    /// }
    /// assert_eq!(Person { id: 1, admin: true }.has_role("admin"), true);
    /// assert_eq!(Person { id: 2, admin: false }.has_role("admin"), false);
    /// ```
    fn has_role(&self, _role: &str) -> bool {
        false
    }

    /// Called when the user has been loaded from a request's token, as Flask-Login's
    /// `user_loaded_from_request` signal. Default: nothing.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use axum::{Router, body::Body, http::Request, routing::get};
    /// use axum_jwt_login_runtime::{AuthUser, CurrentUser, DecodedToken};
    /// # use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenOptions, UserLoader};
    /// # use tower_service::Service;
    ///
    /// static LOADS: AtomicUsize = AtomicUsize::new(0);
    /// # #[derive(Clone)] struct Person { id: u64 }
    /// impl AuthUser for Person {
    ///     type Id = u64;
    ///     fn identity(&self) -> &u64 { &self.id }
    ///     fn on_loaded_from_request(&self, _token: &DecodedToken) {
    ///         LOADS.fetch_add(1, Ordering::Relaxed);
    ///     }
    /// }
    /// # impl UserLoader for Person {
    /// #     type State = JwtManager;
    /// #     type Error = std::convert::Infallible;
    /// #     async fn load_user(_: &JwtManager, id: &u64) -> Result<Option<Self>, Self::Error> {
    /// #         Ok(Some(Person { id: *id }))
    /// #     }
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let jwt = JwtManager::new(JwtConfig::builder().secret([4u8; 32]).build()?);
    /// # let token = jwt.create_access_token(7, TokenOptions::new())?;
    /// // A request with a valid token for user 7, to a route that loads its user:
    /// let route = get(|_: CurrentUser<Person>| async {});
    /// let mut app: Router = Router::new().route("/", route).with_state(jwt.clone());
    /// let request = Request::get("/").header("authorization", format!("Bearer {token}"));
    /// app.call(request.body(Body::empty())?).await?;
    /// assert_eq!(LOADS.load(Ordering::Relaxed), 1);
    /// # Ok(())
    /// # }
    /// ```
    fn on_loaded_from_request(&self, _token: &DecodedToken) {}
}

/// The error of a derived user loader: the loader's own error, kept for the log.
///
/// ```
/// use axum_jwt_login_runtime::LoaderError;
///
/// let err = LoaderError::new("connection refused");
/// assert_eq!(err.to_string(), "connection refused");
/// ```
pub struct LoaderError(Box<dyn std::fmt::Display + Send + Sync>);

impl LoaderError {
    /// Wraps the loader's error.
    pub fn new(error: impl std::fmt::Display + Send + Sync + 'static) -> Self {
        LoaderError(Box::new(error))
    }
}

impl std::fmt::Display for LoaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Debug for LoaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LoaderError")
            .field(&format_args!("{}", self.0))
            .finish()
    }
}

/// How a user is found from a token's identity: Flask-JWT-Extended's
/// `user_lookup_loader` / Flask-Login's `user_loader`.
///
/// `State` is whatever the lookup needs (a database pool, the whole app state); the
/// extractors get it from the router's state through `FromRef`.
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Arc;
/// use axum_jwt_login_runtime::{AuthUser, UserLoader};
///
/// #[derive(Clone)]
/// struct Person { email: String }
///
/// impl AuthUser for Person {
///     type Id = String;
///     fn identity(&self) -> &String { &self.email }
/// }
///
/// #[derive(Clone)]
/// struct Users(Arc<HashMap<String, Person>>);
///
/// impl UserLoader for Person {
///     type State = Users;
///     type Error = std::convert::Infallible;
///     async fn load_user(users: &Users, email: &String) -> Result<Option<Person>, Self::Error> {
///         Ok(users.0.get(email).cloned())
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no user loader",
    note = "add `#[derive(AuthUser)]` with `#[auth(loader = path::to::async_fn, state = StateType)]` to `{Self}`, or implement `UserLoader` by hand"
)]
pub trait UserLoader: AuthUser {
    /// What the lookup needs, reached from the router's state with `FromRef`.
    type State: Send + Sync;
    /// The lookup's error: logged, and answered with 500 (never a 401 that would hide
    /// an outage).
    type Error: std::fmt::Display + Send;

    /// Finds the user with this identity: `Ok(None)` when there is none.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use axum_jwt_login_runtime::{AuthUser, UserLoader};
    ///
    /// # #[derive(Clone, Debug, PartialEq)] struct Person { email: String }
    /// # impl AuthUser for Person {
    /// #     type Id = String;
    /// #     fn identity(&self) -> &String { &self.email }
    /// # }
    /// impl UserLoader for Person {
    ///     type State = HashMap<String, Person>;
    ///     type Error = std::convert::Infallible;
    ///     async fn load_user(
    ///         users: &Self::State,
    ///         email: &String,
    ///     ) -> Result<Option<Self>, Self::Error> {
    ///         Ok(users.get(email).cloned())
    ///     }
    /// }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let alice = Person { email: "alice@example.com".into() };
    /// let users = HashMap::from([(alice.email.clone(), alice.clone())]);
    /// assert_eq!(Person::load_user(&users, &alice.email).await?, Some(alice));
    /// assert_eq!(Person::load_user(&users, &"bob@example.com".into()).await?, None);
    /// # Ok(())
    /// # }
    /// ```
    fn load_user(
        state: &Self::State,
        id: &Self::Id,
    ) -> impl Future<Output = Result<Option<Self>, Self::Error>> + Send;
}
