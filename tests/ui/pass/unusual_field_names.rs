//! Field names the generated code must not confuse with its own: raw identifiers,
//! fields called `claims`, `role`, `state` and `id`, and a fully qualified `bool`.
#![deny(warnings)]

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager, login_required};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    r#ref: String,
    #[auth(claim)]
    claims: Vec<String>,
    #[auth(claim, roles)]
    role: Vec<&'static str>,
    #[auth(claim)]
    r#match: u8,
    #[auth(claim = "st")]
    state: String,
    id: u64,
    #[auth(active)]
    r#loop: ::core::primitive::bool,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, id: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person {
        r#ref: id.to_owned(),
        claims: vec![],
        role: vec![],
        r#match: 0,
        state: String::new(),
        id: 0,
        r#loop: true,
    }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

#[login_required(role = "admin")]
async fn me(current_user: Person) -> String {
    format!(
        "{} {:?} {:?} {} {} {} {}",
        current_user.r#ref,
        current_user.claims,
        current_user.role,
        current_user.r#match,
        current_user.state,
        current_user.id,
        current_user.r#loop
    )
}

fn main() {
    let _app: Router<AppState> = Router::new().route("/me", get(me));
}
