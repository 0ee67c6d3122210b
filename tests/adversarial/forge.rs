//! Tokens made by hand: any header and payload text, signed with any HMAC key, or
//! taken apart and put back together with one thing changed.

use std::sync::Once;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::Value;

use crate::minted::claims_for;
use crate::service::SECRET;

/// The account every people API under test has.
pub const ALICE: &str = "alice@example.com";
pub const PASSWORD: &str = "correct horse battery staple";

/// The header Flask-JWT-Extended writes for HS256, as text.
pub const HS256_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// Seconds since the epoch.
pub fn now() -> i64 {
    crate::support::now()
}

pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// jsonwebtoken signs only once a crypto provider is installed; building a
/// configuration of the crate installs the one its features chose.
fn provider() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let _ = crate::support::hs256();
    });
}

/// Header and payload texts, as they are, signed with HMAC and this key.
pub fn hmac(header: &str, payload: &str, algorithm: Algorithm, key: &[u8]) -> String {
    provider();
    let signing_input = format!("{}.{}", b64(header), b64(payload));
    let key = EncodingKey::from_secret(key).expect("HMAC key");
    let signature = jsonwebtoken::crypto::sign(signing_input.as_bytes(), &key, algorithm)
        .expect("HMAC signature");
    format!("{signing_input}.{signature}")
}

/// A signing input (`header.payload`, as written) signed in HS256 with the servers'
/// secret.
pub fn sign_input(signing_input: &str) -> String {
    provider();
    let key = EncodingKey::from_secret(SECRET.as_bytes()).expect("HMAC key");
    let signature = jsonwebtoken::crypto::sign(signing_input.as_bytes(), &key, Algorithm::HS256)
        .expect("HMAC signature");
    format!("{signing_input}.{signature}")
}

/// These claims in HS256 with the servers' secret: a token both servers accept.
pub fn signed(claims: &Value) -> String {
    signed_text(&claims.to_string())
}

/// This payload text in HS256 with the servers' secret.
pub fn signed_text(payload: &str) -> String {
    hmac(HS256_HEADER, payload, Algorithm::HS256, SECRET.as_bytes())
}

/// This header text over these claims, signed in HS256 with the servers' secret.
pub fn signed_with_header(header: &str, claims: &Value) -> String {
    hmac(
        header,
        &claims.to_string(),
        Algorithm::HS256,
        SECRET.as_bytes(),
    )
}

/// Header and payload texts encoded, with this signature segment as it is.
pub fn unsigned(header: &str, payload: &str, signature: &str) -> String {
    format!("{}.{}.{signature}", b64(header), b64(payload))
}

/// Alice's claims as Flask-JWT-Extended writes them: a fresh access token with ten
/// minutes to live.
pub fn access() -> Value {
    claims_for(ALICE, "access", true, 600)
}

/// Alice's claims for a refresh token with ten minutes to live.
pub fn refresh() -> Value {
    claims_for(ALICE, "refresh", false, 600)
}

/// The claims with one claim set.
pub fn with(mut claims: Value, name: &str, value: Value) -> Value {
    claims[name] = value;
    claims
}

/// The claims without these claims.
pub fn without(mut claims: Value, names: &[&str]) -> Value {
    let object = claims.as_object_mut().expect("claims object");
    for name in names {
        object.remove(*name);
    }
    claims
}

/// The three segments of a token.
pub fn segments(token: &str) -> [String; 3] {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a compact token: {token}");
    [parts[0].into(), parts[1].into(), parts[2].into()]
}

pub fn join(header: &str, payload: &str, signature: &str) -> String {
    format!("{header}.{payload}.{signature}")
}

/// The token with its payload replaced by these claims, header and signature kept.
pub fn with_payload(token: &str, claims: &Value) -> String {
    let [header, _, signature] = segments(token);
    join(&header, &b64(claims.to_string()), &signature)
}

/// The token with its header replaced by this text, payload and signature kept.
pub fn with_header(token: &str, header: &str) -> String {
    let [_, payload, signature] = segments(token);
    join(&b64(header), &payload, &signature)
}

/// The token with one character of its signature changed to another that still
/// decodes (the last one keeps its zero padding bits): same length, other bytes.
pub fn flip_signature_char(token: &str, index: usize) -> String {
    let [header, payload, signature] = segments(token);
    let mut chars: Vec<char> = signature.chars().collect();
    let index = index.min(chars.len() - 1);
    // 'A' and 'E' both end with two zero bits, so either is canonical in last place.
    chars[index] = if chars[index] == 'A' { 'E' } else { 'A' };
    join(&header, &payload, &chars.into_iter().collect::<String>())
}

/// `depth` nested arrays: `[[[...]]]`.
pub fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// The claims as JSON text with one more member first, written as given (for values
/// `serde_json::Value` cannot hold, such as 10 000 nested arrays).
pub fn with_raw_member_first(claims: &Value, name: &str, raw_json: &str) -> String {
    let text = claims.to_string();
    let rest = text.strip_prefix('{').expect("an object");
    format!("{{\"{name}\":{raw_json},{rest}")
}
