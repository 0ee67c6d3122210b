//! `#[login_required(fresh)]` and its alias `#[fresh_login_required]`, with and
//! without other arguments.
#![deny(warnings)]

use axum::extract::FromRef;
use axum::routing::post;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager, fresh_login_required, login_required};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
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
    jwt: JwtManager,
    db: Db,
}

#[login_required(fresh)]
async fn change_password(current_user: Person) -> String {
    current_user.email
}

#[fresh_login_required]
async fn change_email(current_user: Person) -> String {
    current_user.email
}

#[fresh_login_required(role = "admin", locations(headers))]
async fn delete_account(current_user: Person) -> String {
    current_user.email
}

#[fresh_login_required(user = Person)]
async fn confirm() {}

#[login_required(fresh, optional)]
async fn maybe_fresh(current_user: Option<Person>) -> String {
    current_user.map(|p| p.email).unwrap_or_default()
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/password", post(change_password))
        .route("/email", post(change_email))
        .route("/delete", post(delete_account))
        .route("/confirm", post(confirm))
        .route("/maybe", post(maybe_fresh));
}
