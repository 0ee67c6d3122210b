use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
enum Person {
    Admin { #[auth(id)] email: String },
    Guest,
}

fn main() {}
