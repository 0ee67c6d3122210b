use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person;

fn main() {}
