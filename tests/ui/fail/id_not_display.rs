use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    key: Vec<u8>,
}

fn main() {}
