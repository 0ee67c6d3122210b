use axum_jwt_login::{AuthUser, login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
}

#[login_required]
async fn maybe(current_user: Option<Person>) -> String {
    current_user.map(|p| p.email).unwrap_or_default()
}

fn main() {}
