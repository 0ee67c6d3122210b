use axum::routing::get;
use axum::Router;
use axum_jwt_login::{JwtManager, login_required};

#[derive(Clone)]
struct Person {
    email: String,
}

#[login_required]
async fn me(current_user: Person) -> String {
    current_user.email
}

fn main() {
    let _app: Router<JwtManager> = Router::new().route("/me", get(me));
}
