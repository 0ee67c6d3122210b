//! `crate = path` on both macros, for a dependency renamed (here with `extern crate`).
#![deny(warnings)]

extern crate axum_jwt_login as auth;

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;

#[derive(Clone, auth::AuthUser)]
#[auth(crate = auth, loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
    #[auth(roles)]
    roles: Vec<String>,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned(), roles: vec![] }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: auth::JwtManager,
    db: Db,
}

#[auth::login_required(crate = auth)]
async fn me(current_user: Person) -> String {
    current_user.email
}

#[auth::fresh_login_required(crate = auth, role = "admin")]
async fn admin(current_user: Person) -> String {
    current_user.email
}

#[auth::login_required(crate = "auth", user = Person, optional)]
async fn ping() {}

mod nested {
    use crate::auth::login_required;

    #[login_required(crate = crate::auth)]
    pub(crate) async fn nested(current_user: crate::Person) -> String {
        current_user.email
    }
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/me", get(me))
        .route("/admin", get(admin))
        .route("/ping", get(ping))
        .route("/nested", get(nested::nested));
}
