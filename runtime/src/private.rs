//! Not public API: the items the macros' generated code names, through
//! `axum_jwt_login::__private`. They may change in any release.

use std::fmt::Display;
use std::str::FromStr;

pub use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
pub use axum::http::request::Parts;
pub use serde_json::{Map, Value};

pub use crate::config::TokenLocation;
pub use crate::extract::guard::{Guard, LoadableFrom, LoginRequired};
pub use crate::extract::{AuthRejection, Requirements};
pub use crate::manager::JwtManager;
pub use crate::users::{AuthUser, LoaderError, UserLoader};

/// `current_user: User` of a derived user type.
pub fn current_user<U: LoadableFrom<S>, S>(
    parts: &mut Parts,
    state: &S,
) -> impl std::future::Future<Output = Result<U, AuthRejection>> + Send {
    U::current(parts, state)
}

/// `current_user: Option<User>` of a derived user type.
pub fn optional_current_user<U: LoadableFrom<S>, S>(
    parts: &mut Parts,
    state: &S,
) -> impl std::future::Future<Output = Result<Option<U>, AuthRejection>> + Send {
    U::optional(parts, state)
}

/// The result of a `#[auth(loader = ...)]` function, with its error kept for the log.
pub fn loader_result<U, E: LoaderErrorType>(
    result: Result<Option<U>, E>,
) -> Result<Option<U>, LoaderError> {
    result.map_err(LoaderError::new)
}

/// The error type of a loader function.
#[diagnostic::on_unimplemented(
    message = "the loader's error type `{Self}` cannot be logged",
    label = "the loader returns `Result<Option<User>, {Self}>`",
    note = "a loader's error type must implement `Display + Send + Sync + 'static` (e.g. `std::io::Error`, `sqlx::Error`, `String`)"
)]
pub trait LoaderErrorType: Display + Send + Sync + 'static {}
impl<E: Display + Send + Sync + 'static> LoaderErrorType for E {}

/// Writes one `#[auth(claim)]` field into the claims.
pub fn insert_claim<T: ClaimValue + ?Sized>(
    claims: &mut Map<String, Value>,
    name: &str,
    value: &T,
) {
    match serde_json::to_value(value) {
        Ok(value) => {
            claims.insert(name.to_owned(), value);
        }
        Err(err) => {
            tracing::error!(claim = name, error = %err, "a claim field could not be written as JSON")
        }
    }
}

/// Whether the `#[auth(roles)]` field names `role`.
pub fn has_role<R: RoleList + ?Sized>(roles: &R, role: &str) -> bool {
    roles.contains_role(role)
}

/// A field type that can be an identity.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a token identity",
    label = "the `#[auth(id)]` field",
    note = "identity fields must implement `Display` and `FromStr` (a `String`, an integer, a `Uuid`, ...)"
)]
pub trait Identity {}
impl<T: Display + FromStr + Send + Sync> Identity for T {}

/// A field type that can be written into a claim.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written into a token claim",
    label = "this `#[auth(claim)]` field",
    note = "claim fields must implement `serde::Serialize`"
)]
pub trait ClaimValue: serde::Serialize {}
impl<T: serde::Serialize + ?Sized> ClaimValue for T {}

/// A field type that lists role names.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of role names",
    label = "this `#[auth(roles)]` field",
    note = "a roles field is a collection of strings, e.g. `Vec<String>`, `HashSet<String>` or `Vec<&'static str>`"
)]
pub trait RoleList {
    /// Whether `role` is in the list.
    fn contains_role(&self, role: &str) -> bool;
}

impl<R: ?Sized> RoleList for R
where
    for<'a> &'a R: IntoIterator,
    for<'a> <&'a R as IntoIterator>::Item: AsRef<str>,
{
    fn contains_role(&self, role: &str) -> bool {
        self.into_iter().any(|name| name.as_ref() == role)
    }
}

/// An `#[auth(active)]` field type.
#[diagnostic::on_unimplemented(
    message = "`#[auth(active)]` must be on a `bool` field, not `{Self}`",
    label = "not a `bool`"
)]
pub trait ActiveFlag {
    /// The flag's value.
    fn is_set(&self) -> bool;
}

impl ActiveFlag for bool {
    fn is_set(&self) -> bool {
        *self
    }
}

/// The value of an `#[auth(active)]` field.
pub fn active_flag<T: ActiveFlag + ?Sized>(flag: &T) -> bool {
    flag.is_set()
}

/// Asserts, at the field's span, that its type can be an identity.
pub fn assert_identity<T: Identity + ?Sized>() {}
/// Asserts, at the field's span, that its type can be a claim.
pub fn assert_claim<T: ClaimValue + ?Sized>() {}
/// Asserts, at the field's span, that its type lists roles.
pub fn assert_roles<T: RoleList + ?Sized>() {}
