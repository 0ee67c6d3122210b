use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(id)]
struct Person {
    email: String,
}

fn main() {}
