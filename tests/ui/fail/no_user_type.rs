use axum_jwt_login::{AuthUser, login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
}

#[login_required]
async fn ping() -> &'static str {
    "pong"
}

fn main() {}
