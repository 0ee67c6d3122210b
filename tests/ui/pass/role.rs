//! `role = "admin"`, with a `#[auth(roles)]` field to answer it.
#![deny(warnings)]

use std::collections::HashSet;

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager, login_required};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
    #[auth(roles)]
    roles: HashSet<String>,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned(), roles: HashSet::new() }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

#[login_required(role = "admin")]
async fn admin(current_user: Person) -> String {
    current_user.email
}

#[login_required(role = "auditor", user = Person)]
async fn audit() {}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/admin", get(admin))
        .route("/audit", get(audit));
}
