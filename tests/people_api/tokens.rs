//! Tokens the servers did not mint: expired, signed with another secret, for
//! another user, in Flask-JWT-Extended's claim layout.

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

use crate::service::SECRET;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

/// Flask-JWT-Extended's claims for `identity`, valid from `iat` for `lifetime`
/// seconds (negative: already expired).
pub fn claims_for(identity: &str, kind: &str, fresh: bool, lifetime: i64) -> Value {
    let iat = now() - 60;
    json!({
        "fresh": fresh,
        "iat": iat,
        "jti": uuid::Uuid::new_v4().to_string(),
        "type": kind,
        "sub": identity,
        "nbf": iat,
        "csrf": uuid::Uuid::new_v4().to_string(),
        "exp": now() + lifetime,
    })
}

/// The claims signed with this secret (HS256).
pub fn sign(claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()).expect("HMAC key"),
    )
    .expect("sign")
}

/// An access token of `identity` that expired a minute ago, on the shared secret.
pub fn expired_access(identity: &str) -> String {
    sign(&claims_for(identity, "access", true, -60), SECRET)
}

/// A valid-looking access token signed with another secret.
pub fn forged_access(identity: &str) -> String {
    sign(
        &claims_for(identity, "access", true, 600),
        "another-secret-of-thirty-two-b!!",
    )
}
