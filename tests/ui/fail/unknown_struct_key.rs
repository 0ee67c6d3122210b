use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(laoder = find_person)]
struct Person {
    #[auth(id)]
    email: String,
}

fn main() {}
