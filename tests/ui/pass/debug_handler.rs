//! `#[login_required]` written above `#[axum::debug_handler]`: the guard is added
//! first, and `debug_handler` checks the handler with it.
#![deny(warnings)]

use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_jwt_login::{AuthUser, JwtManager, fresh_login_required, login_required};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned() }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

#[login_required]
#[axum::debug_handler(state = AppState)]
async fn me(current_user: Person) -> String {
    current_user.email
}

#[login_required(optional)]
#[axum::debug_handler]
async fn with_state(State(_state): State<AppState>, current_user: Option<Person>) -> String {
    current_user.map(|p| p.email).unwrap_or_default()
}

#[fresh_login_required(user = Person)]
#[axum::debug_handler(state = AppState)]
async fn with_body(Json(body): Json<serde_json::Value>) -> String {
    body.to_string()
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/me", get(me))
        .route("/state", get(with_state))
        .route("/body", post(with_body));
}
