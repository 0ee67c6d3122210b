use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(state = Db)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

fn main() {}
