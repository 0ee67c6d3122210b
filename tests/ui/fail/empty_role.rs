use axum_jwt_login::{AuthUser, login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
}

#[login_required(role = "")]
async fn me(current_user: Person) -> String {
    current_user.email
}

fn main() {}
