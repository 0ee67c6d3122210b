use axum_jwt_login::{AuthUser, login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
}

#[login_required(optional, optional)]
async fn me(current_user: Option<Person>) -> Option<String> {
    current_user.map(|p| p.email)
}

fn main() {}
