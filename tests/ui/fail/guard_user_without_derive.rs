use axum::routing::get;
use axum::Router;
use axum_jwt_login::{JwtManager, login_required};

#[derive(Clone)]
struct Person;

#[login_required(user = Person)]
async fn ping() {}

fn main() {
    let _app: Router<JwtManager> = Router::new().route("/ping", get(ping));
}
