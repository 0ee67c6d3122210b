use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person(#[auth(id)] String);

fn main() {}
