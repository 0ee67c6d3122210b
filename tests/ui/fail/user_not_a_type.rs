use axum_jwt_login::{AuthUser, login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
}

#[login_required(user = "Person")]
async fn ping() {}

fn main() {}
