//! # axum-jwt-login
//!
//! Flask-Login and Flask-JWT-Extended for axum: access and refresh tokens, fresh
//! tokens, Flask-JWT-Extended 4.7's claims, settings and error answers, wire-compatible
//! with a Flask service on the same secret.
//!
//! ```
//! use axum_jwt_login::{JwtConfig, JwtManager, TokenOptions};
//!
//! let jwt = JwtManager::new(JwtConfig::builder().secret("a secret of at least thirty-two bytes").build()?);
//! let token = jwt.create_access_token("alice@example.com", TokenOptions::new().fresh(true))?;
//! assert_eq!(jwt.decode_token(&token)?.claims.identity, "alice@example.com");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Crypto backend
//!
//! Tokens are signed and verified by [jsonwebtoken](https://docs.rs/jsonwebtoken) 12 with one of two backends,
//! chosen with this crate's features: `aws-lc-rs` (the default) or `rust-crypto`.
//! Exactly one must be on: none is a compile error, both is a [`ConfigError`] when the
//! configuration is built (never a panic on the first request).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate self as axum_jwt_login;

pub use axum_jwt_login_macros::{AuthUser, fresh_login_required, login_required};
pub use axum_jwt_login_runtime::*;

/// Not public API: the only path the macros' generated code uses. It may change in
/// any release.
#[doc(hidden)]
pub mod __private {
    pub use axum_jwt_login_runtime::__private::*;
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
