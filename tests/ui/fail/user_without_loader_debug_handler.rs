use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager, login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

#[login_required]
#[axum::debug_handler(state = AppState)]
async fn me(current_user: Person) -> String {
    current_user.email
}

fn main() {
    let _app: Router<AppState> = Router::new().route("/me", get(me));
}
