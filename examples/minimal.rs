//! The smallest server with this crate: users in memory, `GET /me` behind
//! `#[login_required]`.
//!
//! ```text
//! JWT_SECRET_KEY=... cargo run --release --example minimal
//! ```
//!
//! Users: `alice@example.com` and `user0@example.com` to `user999@example.com`.
//! Settings from the environment through the crate's `from_env`: `JWT_SECRET_KEY` (and
//! every other `JWT_*` setting), and `BIND` (default `127.0.0.1:3000`). It prints
//! `listening on http://ADDR` when ready. `benches/load.sh` measures it.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::FromRef;
use axum::routing::get;
use axum::{Json, Router};
use axum_jwt_login::{AuthUser, JwtManager, login_required};
use serde_json::{Value, json};

#[derive(Clone, AuthUser)]
#[auth(loader = find_user, state = Users)]
struct User {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Users(Arc<HashMap<String, User>>);

async fn find_user(users: &Users, email: &str) -> Result<Option<User>, Infallible> {
    Ok(users.0.get(email).cloned())
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    users: Users,
}

#[login_required]
async fn me(current_user: User) -> Json<Value> {
    Json(json!({ "email": current_user.email }))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let jwt = JwtManager::from_env()?;
    let emails = (0..1000).map(|n| format!("user{n}@example.com"));
    let users = emails
        .chain(["alice@example.com".to_owned()])
        .map(|email| (email.clone(), User { email }))
        .collect();
    let state = AppState {
        jwt: jwt.clone(),
        users: Users(Arc::new(users)),
    };
    let app = Router::new()
        .route("/me", get(me))
        .layer(jwt.layer())
        .with_state(state);
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
