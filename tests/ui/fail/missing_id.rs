use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person {
    email: String,
    #[auth(active)]
    active: bool,
}

fn main() {}
