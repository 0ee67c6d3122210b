//! Tokens: minting, decoding and verifying, with Flask-JWT-Extended 4.7's claims.

mod claims;
mod compact;
mod decode;
mod mint;
mod raw_claims;
mod validate;

pub use claims::{Claims, DecodedToken, Fresh, TokenType};
pub use decode::DecodeOptions;
pub use mint::{MintError, TokenOptions};

pub(crate) use decode::{decode, now, parse_header_into, unverified_header};
pub(crate) use mint::{MintedToken, default_header, mint};

/// Whole seconds since the epoch.
pub(crate) fn now_seconds() -> i64 {
    decode::now() as i64
}
