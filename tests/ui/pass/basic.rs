//! The common forms, in one small app.
#![deny(warnings)]

use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_jwt_login::{AuthUser, JwtManager, fresh_login_required, login_required};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
pub struct Person {
    #[auth(id)]
    email: String,
    #[auth(active)]
    active: bool,
    #[auth(claim, roles)]
    roles: Vec<String>,
    #[auth(claim = "org")]
    organization: u64,
}

#[derive(Clone)]
pub struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned(), active: true, roles: vec![], organization: 1 }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

/// A doc comment is kept.
#[login_required]
pub async fn me(current_user: Person) -> String {
    current_user.email
}

#[login_required(user = Person)]
async fn ping() -> &'static str {
    "pong"
}

#[login_required(optional)]
async fn maybe(current_user: Option<Person>) -> String {
    current_user.map(|p| p.email).unwrap_or_default()
}

#[fresh_login_required]
async fn change(State(_state): State<AppState>, current_user: Person, Json(body): Json<serde_json::Value>) -> String {
    format!("{} {body}", current_user.email)
}

#[login_required(refresh)]
async fn refresh(State(jwt): State<JwtManager>, current_user: Person) -> Result<String, String> {
    jwt.refresh_access_token(&current_user).map(|t| t.access_token).map_err(|e| e.to_string())
}

#[login_required(role = "admin", locations(headers, json))]
async fn admin(current_user: Person) -> String {
    format!("{} {}", current_user.email, current_user.organization)
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/me", get(me))
        .route("/ping", get(ping))
        .route("/maybe", get(maybe))
        .route("/change", post(change))
        .route("/refresh", post(refresh))
        .route("/admin", post(admin));
}
