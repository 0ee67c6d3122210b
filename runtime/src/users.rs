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
    type Id: std::fmt::Display + std::str::FromStr + Send + Sync;

    /// The identity that goes into the token's identity claim.
    fn identity(&self) -> &Self::Id;

    /// Whether the account may be used; an inactive user is refused (403) and cannot
    /// log in. Default: always active.
    fn is_active(&self) -> bool {
        true
    }

    /// Claims copied into every token minted for this user. Default: none.
    fn additional_claims(&self) -> Map<String, Value> {
        Map::new()
    }

    /// Whether the user has this role (for `#[login_required(role = "...")]`).
    /// Default: no roles.
    fn has_role(&self, _role: &str) -> bool {
        false
    }

    /// Called when the user has been loaded from a request's token, as Flask-Login's
    /// `user_loaded_from_request` signal. Default: nothing.
    fn on_loaded_from_request(&self, _token: &DecodedToken) {}
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
    note = "add `#[auth(loader = path::to::async_fn)]` to the `#[derive(AuthUser)]` of `{Self}`, or implement `UserLoader` by hand"
)]
pub trait UserLoader: AuthUser {
    /// What the lookup needs, reached from the router's state with `FromRef`.
    type State: Send + Sync;
    /// The lookup's error: logged, and answered with 500 (never a 401 that would hide
    /// an outage).
    type Error: std::fmt::Display + Send;

    /// Finds the user with this identity: `Ok(None)` when there is none.
    fn load_user(
        state: &Self::State,
        id: &Self::Id,
    ) -> impl Future<Output = Result<Option<Self>, Self::Error>> + Send;
}
