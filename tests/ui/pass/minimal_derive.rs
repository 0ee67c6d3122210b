//! A derive with only `#[auth(id)]` and the loader: no `active`, claims or roles,
//! and fields the derive does not look at.
#![deny(warnings)]

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager, login_required};

#[derive(Clone, Debug, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
    display_name: String,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned(), display_name: String::new() }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

#[login_required]
async fn me(current_user: Person) -> String {
    format!("{} {}", current_user.email, current_user.display_name)
}

fn main() {
    let _app: Router<AppState> = Router::new().route("/me", get(me));
}
