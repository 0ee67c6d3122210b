//! Implementation detail of the [`axum-jwt-login`](https://docs.rs/axum-jwt-login)
//! crate: `#[login_required]`, `#[fresh_login_required]` and `#[derive(AuthUser)]`.
//! Depend on `axum-jwt-login`, which re-exports them with their documentation.

mod auth_user;
mod errors;
mod login_required;
mod paths;

use proc_macro::TokenStream;

/// See `axum_jwt_login::login_required`.
#[proc_macro_attribute]
pub fn login_required(args: TokenStream, item: TokenStream) -> TokenStream {
    login_required::entry(args.into(), item.into(), false).into()
}

/// See `axum_jwt_login::fresh_login_required`.
#[proc_macro_attribute]
pub fn fresh_login_required(args: TokenStream, item: TokenStream) -> TokenStream {
    login_required::entry(args.into(), item.into(), true).into()
}

/// See `axum_jwt_login::AuthUser`.
#[proc_macro_derive(AuthUser, attributes(auth))]
pub fn derive_auth_user(input: TokenStream) -> TokenStream {
    auth_user::entry(input.into()).into()
}
