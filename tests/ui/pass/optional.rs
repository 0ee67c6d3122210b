//! `optional` with `current_user: Option<User>`: a request without a token gets `None`.
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

#[login_required(optional)]
async fn maybe(current_user: Option<Person>) -> String {
    current_user.map(|p| p.email).unwrap_or_default()
}

#[login_required(optional)]
async fn maybe_qualified(current_user: ::core::option::Option<Person>) -> String {
    current_user.map(|p| p.email).unwrap_or_default()
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/maybe", get(maybe))
        .route("/maybe-qualified", get(maybe_qualified));
}
