use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
    #[auth(claim = org)]
    org: String,
}

fn main() {}
