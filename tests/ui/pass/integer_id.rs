//! An integer identity: written into tokens as its decimal string, read back with `FromStr`.
#![deny(warnings)]

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager, login_required};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    id: u64,
    #[auth(claim)]
    name: String,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, id: &u64) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { id: *id, name: String::new() }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

#[login_required]
async fn me(current_user: Person) -> String {
    format!("{} {}", current_user.id, current_user.name)
}

fn main() {
    let _app: Router<AppState> = Router::new().route("/me", get(me));
}
