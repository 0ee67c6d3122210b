use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
    #[auth(roles)]
    roles: u32,
}

fn main() {}
