//! Fifteen parameters: with the guard, sixteen extractors, axum's limit.
#![deny(warnings)]

use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, Method, Uri, Version};
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

#[login_required]
#[allow(clippy::too_many_arguments)]
async fn busy(
    _a1: Method,
    _a2: Uri,
    _a3: Version,
    _a4: HeaderMap,
    _a5: State<AppState>,
    _a6: State<Db>,
    _a7: State<JwtManager>,
    _a8: Uri,
    current_user: Person,
    _a10: Method,
    _a11: Uri,
    _a12: Version,
    _a13: HeaderMap,
    _a14: Method,
    body: String,
) -> String {
    format!("{} {body}", current_user.email)
}

fn main() {
    let _app: Router<AppState> = Router::new().route("/busy", post(busy));
}
