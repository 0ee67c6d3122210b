use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id = true)]
    email: String,
}

fn main() {}
