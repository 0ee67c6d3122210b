//! `user = Type`: a guard without a `current_user` parameter.
#![deny(warnings)]

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
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

#[login_required(user = Person)]
async fn ping() -> &'static str {
    "pong"
}

#[login_required(user = crate::Person)]
async fn ping_path() -> &'static str {
    "pong"
}

#[login_required(user = Person, optional)]
async fn ping_optional() -> &'static str {
    "pong"
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/ping", get(ping))
        .route("/ping-path", get(ping_path))
        .route("/ping-optional", get(ping_optional));
}
