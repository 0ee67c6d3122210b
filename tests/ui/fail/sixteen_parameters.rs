use axum::extract::FromRef;
use axum::routing::get;
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
async fn busy(
    _a1: axum::http::Method,
    _a2: axum::http::Method,
    _a3: axum::http::Method,
    _a4: axum::http::Method,
    _a5: axum::http::Method,
    _a6: axum::http::Method,
    _a7: axum::http::Method,
    _a8: axum::http::Method,
    current_user: Person,
    _a10: axum::http::Method,
    _a11: axum::http::Method,
    _a12: axum::http::Method,
    _a13: axum::http::Method,
    _a14: axum::http::Method,
    _a15: axum::http::Method,
    body: String,
) -> String {
    format!("{} {body}", current_user.email)
}

fn main() {
    let _app: Router<AppState> = Router::new().route("/busy", get(busy));
}
