//! Helpers shared by the integration tests: keys, managers, hand-made tokens, and
//! (in `server`) an app served over real HTTP.
#![allow(dead_code)]

pub mod in_memory;
pub mod redis_server;
pub mod server;

use axum_jwt_login::{Algorithm, JwtConfig, JwtConfigBuilder, JwtManager};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A 32-byte HMAC secret.
pub const SECRET: &str = "test-secret-of-thirty-two-bytes!";

/// A PEM file of `tests/keys/`.
pub fn pem(name: &str) -> String {
    let path = format!("{}/tests/keys/{name}.pem", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The key files of an asymmetric algorithm: (private, public).
pub fn key_files(algorithm: Algorithm) -> (&'static str, &'static str) {
    match algorithm {
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => ("rsa_private", "rsa_public"),
        Algorithm::ES256 => ("ec256_private", "ec256_public"),
        Algorithm::ES384 => ("ec384_private", "ec384_public"),
        Algorithm::EdDSA => ("ed25519_private", "ed25519_public"),
        other => panic!("{other:?} has no key files"),
    }
}

/// A builder with the right keys for `algorithm`.
pub fn builder(algorithm: Algorithm) -> JwtConfigBuilder {
    let builder = JwtConfig::builder().algorithm(algorithm);
    match algorithm {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => builder.secret(SECRET),
        _ => {
            let (private, public) = key_files(algorithm);
            builder
                .private_key_pem(pem(private))
                .public_key_pem(pem(public))
        }
    }
}

/// An HS256 manager on [`SECRET`] with default settings.
pub fn hs256() -> JwtManager {
    JwtManager::new(builder(Algorithm::HS256).build().expect("HS256 config"))
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token made by hand: these JSON texts, signed with [`SECRET`] in HS256.
pub fn hs256_token(header_json: &str, payload_json: &str) -> String {
    let _ = hs256(); // installs the crypto backend
    let message = format!(
        "{}.{}",
        b64(header_json.as_bytes()),
        b64(payload_json.as_bytes())
    );
    let key = jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()).expect("key");
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), &key, Algorithm::HS256).expect("sign");
    format!("{message}.{signature}")
}

/// The JSON body of a response, read to the end.
pub fn json_body(response: axum::response::Response) -> serde_json::Value {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let bytes = runtime
        .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
        .expect("body");
    serde_json::from_slice(&bytes).expect("JSON body")
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// The payload of a valid access token for `sub`, with `extra` JSON members added
/// (e.g. `"\"fresh\":true"`), as Flask-JWT-Extended writes it.
pub fn payload(sub: &str, extra: &str) -> String {
    let now = now();
    let comma = if extra.is_empty() { "" } else { "," };
    format!(
        r#"{{"iat":{now},"jti":"8d3e2a4c-1111-4222-8333-944455556666","type":"access","sub":"{sub}","nbf":{now},"exp":{}{comma}{extra}}}"#,
        now + 900
    )
}

pub const HS256_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
