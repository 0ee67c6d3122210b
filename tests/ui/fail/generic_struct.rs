use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person<T> {
    #[auth(id)]
    email: String,
    extra: T,
}

fn main() {}
