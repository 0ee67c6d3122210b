//! Implementation detail of the [`axum-jwt-login`](https://docs.rs/axum-jwt-login)
//! crate: depend on `axum-jwt-login` instead, which re-exports everything here.
//!
//! The token engine: configuration with Flask-JWT-Extended's settings
//! ([`JwtConfig`]), keys and the algorithm allow-list, minting and verifying tokens
//! ([`JwtManager`]), and the refusals with Flask-JWT-Extended's answers ([`AuthError`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod blocklist;
mod config;
mod error;
mod extract;
mod keys;
mod layer;
mod locations;
mod login;
mod manager;
mod private;
mod python_json;
mod token;
mod users;

/// Not public API: what the macros' generated code calls. It may change in any release.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing;

#[doc(hidden)]
pub mod __private {
    pub use crate::private::*;
}

pub use blocklist::{Blocklist, BlocklistError, MemoryBlocklist};
#[cfg(feature = "redis")]
pub use blocklist::{RedisBlocklist, RedisBlocklistBuilder};
pub use extract::{
    AuthRejection, CurrentUser, FreshUser, Jwt, OptionalUser, RefreshUser, Requirements,
};
pub use layer::{JwtFuture, JwtLayer, JwtService};
pub use login::{IssuedTokens, LoginError, LogoutCookies};
pub use users::{AuthUser, LoaderError, UserLoader};

pub use config::{
    ClaimsCheck, ConfigError, CookieSettings, CsrfSettings, Expiry, JwtConfig, JwtConfigBuilder,
    JwtSettings, SameSite, TokenLocation,
};
pub use error::{AuthError, CsrfFailure, ErrorHook, InvalidToken, Segment, error_body};
pub use jsonwebtoken::Algorithm;
pub use keys::parse_algorithm;
pub use manager::JwtManager;
pub use token::{Claims, DecodeOptions, DecodedToken, Fresh, MintError, TokenOptions, TokenType};
