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

pub(crate) use decode::{decode, unverified_header};
pub(crate) use mint::{default_header, mint};
