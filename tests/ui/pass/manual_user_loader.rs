//! `#[derive(AuthUser)]` without `loader =`, and `UserLoader` written by hand.
#![deny(warnings)]

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager, UserLoader, login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    id: u32,
    #[auth(active)]
    active: bool,
}

#[derive(Clone)]
struct Users(Arc<HashMap<u32, Person>>);

impl UserLoader for Person {
    type State = Users;
    type Error = std::convert::Infallible;

    async fn load_user(users: &Users, id: &u32) -> Result<Option<Person>, Self::Error> {
        Ok(users.0.get(id).cloned())
    }
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    users: Users,
}

#[login_required]
async fn me(current_user: Person) -> String {
    format!("{} {}", current_user.id, current_user.active)
}

#[login_required(optional)]
async fn maybe(current_user: Option<Person>) -> String {
    current_user.map(|p| p.id.to_string()).unwrap_or_default()
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/me", get(me))
        .route("/maybe", get(maybe));
}
