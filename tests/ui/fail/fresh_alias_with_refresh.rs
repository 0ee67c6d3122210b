use axum_jwt_login::{AuthUser, fresh_login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
}

#[fresh_login_required(refresh)]
async fn me(current_user: Person) -> String {
    current_user.email
}

fn main() {}
