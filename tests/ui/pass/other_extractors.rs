//! Other extractors before and after `current_user`; a body extractor stays last.
#![deny(warnings)]

use std::collections::HashMap;

use axum::extract::{FromRef, Path, Query, State};
use axum::http::{HeaderMap, Method};
use axum::routing::post;
use axum::{Json, Router};
use axum_jwt_login::{AuthUser, JwtManager, login_required};

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
async fn before(
    State(_state): State<AppState>,
    Path(id): Path<u32>,
    current_user: Person,
) -> String {
    format!("{id} {}", current_user.email)
}

#[login_required]
async fn after(
    current_user: Person,
    State(_db): State<Db>,
    Path(id): Path<u32>,
    Json(body): Json<serde_json::Value>,
) -> String {
    format!("{id} {} {body}", current_user.email)
}

#[login_required]
async fn around(
    method: Method,
    Path(id): Path<u32>,
    current_user: Person,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> String {
    format!("{method} {id} {} {} {} {body}", current_user.email, query.len(), headers.len())
}

#[login_required(user = Person)]
async fn guard_with_body(State(_state): State<AppState>, Json(body): Json<serde_json::Value>) -> String {
    body.to_string()
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/before/{id}", post(before))
        .route("/after/{id}", post(after))
        .route("/around/{id}", post(around))
        .route("/body", post(guard_with_body));
}
