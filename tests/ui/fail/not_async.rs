use axum_jwt_login::login_required;

#[login_required(user = Person)]
fn me() -> &'static str {
    "x"
}

fn main() {}
