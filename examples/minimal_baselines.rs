//! The two baselines of `benches/load.sh`, beside `examples/minimal.rs`: the same
//! `GET /me` with the same user map and the same answer, but
//!
//! - `MODE=unprotected`: no authentication at all (always alice);
//! - `MODE=handwritten`: a hand-written extractor on raw `jsonwebtoken` 12, as a team
//!   would write it without this crate: `Authorization: Bearer`, HS256 decode into a
//!   typed struct (`exp` checked), user looked up in the map, 401/422 otherwise.
//!
//! Settings: `JWT_SECRET_KEY`, `BIND` (default `127.0.0.1:3000`). Prints
//! `listening on http://ADDR` when ready.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::get;
use axum::{Json, Router};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Clone)]
struct User {
    email: String,
}

#[derive(Clone)]
struct Keys {
    decoding: Arc<DecodingKey>,
    validation: Arc<Validation>,
}

#[derive(Clone, FromRef)]
struct AppState {
    keys: Keys,
    users: Arc<HashMap<String, User>>,
}

/// The claims the extractor needs.
#[derive(Deserialize)]
struct Claims {
    sub: String,
    #[serde(rename = "type")]
    token_type: String,
}

/// The hand-written extractor.
struct CurrentUser(User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = (StatusCode, Json<Value>);

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let refuse = |status: StatusCode, msg: &str| (status, Json(json!({ "msg": msg })));
        let header = parts
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| refuse(StatusCode::UNAUTHORIZED, "Missing Authorization Header"))?;
        let token = header
            .strip_prefix("Bearer ")
            .ok_or_else(|| refuse(StatusCode::UNPROCESSABLE_ENTITY, "Bad Authorization header"))?;
        let data =
            jsonwebtoken::decode::<Claims>(token, &state.keys.decoding, &state.keys.validation)
                .map_err(|err| refuse(StatusCode::UNPROCESSABLE_ENTITY, &err.to_string()))?;
        if data.claims.token_type != "access" {
            return Err(refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Only non-refresh tokens are allowed",
            ));
        }
        let user = state
            .users
            .get(&data.claims.sub)
            .cloned()
            .ok_or_else(|| refuse(StatusCode::UNAUTHORIZED, "Error loading the user"))?;
        Ok(CurrentUser(user))
    }
}

async fn me_handwritten(CurrentUser(user): CurrentUser) -> Json<Value> {
    Json(json!({ "email": user.email }))
}

async fn me_unprotected(State(users): State<Arc<HashMap<String, User>>>) -> Json<Value> {
    let user = users.get("alice@example.com").cloned();
    Json(json!({ "email": user.map(|user| user.email) }))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mode = std::env::var("MODE").unwrap_or_default();
    let secret = std::env::var("JWT_SECRET_KEY").map_err(|_| "JWT_SECRET_KEY must be set")?;
    // jsonwebtoken 12 needs a crypto backend installed: the same one as the crate's.
    #[cfg(feature = "aws-lc-rs")]
    let _ = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
    #[cfg(all(feature = "rust-crypto", not(feature = "aws-lc-rs")))]
    let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.validate_nbf = true;
    let keys = Keys {
        decoding: Arc::new(DecodingKey::from_secret(secret.as_bytes())?),
        validation: Arc::new(validation),
    };
    let emails = (0..1000).map(|n| format!("user{n}@example.com"));
    let users = emails
        .chain(["alice@example.com".to_owned()])
        .map(|email| (email.clone(), User { email }))
        .collect();
    let state = AppState {
        keys,
        users: Arc::new(users),
    };
    let app = match mode.as_str() {
        "unprotected" => Router::new().route("/me", get(me_unprotected)),
        "handwritten" => Router::new().route("/me", get(me_handwritten)),
        _ => return Err("MODE must be `unprotected` or `handwritten`".into()),
    };
    let app = app.with_state(state);
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
