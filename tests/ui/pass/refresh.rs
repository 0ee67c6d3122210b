//! `#[login_required(refresh)]`: the route takes a refresh token.
#![deny(warnings)]

use axum::extract::{FromRef, State};
use axum::routing::post;
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

#[login_required(refresh)]
async fn refresh(State(jwt): State<JwtManager>, current_user: Person) -> Result<String, String> {
    jwt.refresh_access_token(&current_user)
        .map(|t| t.access_token)
        .map_err(|e| e.to_string())
}

#[login_required(refresh, locations(cookies))]
async fn refresh_cookie(current_user: Person) -> String {
    current_user.email
}

#[login_required(refresh, user = Person)]
async fn check_refresh() {}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/refresh", post(refresh))
        .route("/refresh-cookie", post(refresh_cookie))
        .route("/check", post(check_refresh));
}
