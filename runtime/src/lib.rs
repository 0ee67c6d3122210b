//! Implementation detail of the [`axum-jwt-login`](https://docs.rs/axum-jwt-login)
//! crate: depend on `axum-jwt-login` instead, which re-exports everything here.
//!
//! The token engine: configuration with Flask-JWT-Extended's settings
//! ([`JwtConfig`]), keys and the algorithm allow-list, minting and verifying tokens
//! ([`JwtManager`]), and the refusals with Flask-JWT-Extended's answers ([`AuthError`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod config;
mod error;
mod keys;
mod manager;
mod token;

pub use config::{
    ConfigError, CookieSettings, CsrfSettings, Expiry, JwtConfig, JwtConfigBuilder, JwtSettings,
    SameSite, TokenLocation,
};
pub use error::{AuthError, CsrfFailure, ErrorHook, InvalidToken, Segment, error_body};
pub use jsonwebtoken::Algorithm;
pub use keys::parse_algorithm;
pub use manager::JwtManager;
pub use token::{Claims, DecodeOptions, DecodedToken, Fresh, MintError, TokenOptions, TokenType};
