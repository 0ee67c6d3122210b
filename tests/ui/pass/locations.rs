//! `locations(...)`: where the token is looked for, any non-empty subset in any order.
#![deny(warnings)]

use axum::extract::FromRef;
use axum::routing::{get, post};
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

#[login_required(locations(headers, json))]
async fn headers_or_json(current_user: Person) -> String {
    current_user.email
}

#[login_required(locations(query_string))]
async fn query(current_user: Person) -> String {
    current_user.email
}

#[login_required(locations(json, cookies, query_string, headers,))]
async fn everywhere(current_user: Person) -> String {
    current_user.email
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/a", post(headers_or_json))
        .route("/b", get(query))
        .route("/c", post(everywhere));
}
