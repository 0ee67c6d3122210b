use axum_jwt_login::{AuthUser, login_required};

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
}

struct Api;

impl Api {
    #[login_required]
    async fn me(&self, current_user: Person) -> String {
        current_user.email
    }
}

fn main() {}
