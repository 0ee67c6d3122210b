//! `#[auth(active)]` on a type alias of `bool`: the trait check sees through it.
use axum_jwt_login::AuthUser;

type Flag = bool;

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id)]
    email: String,
    #[auth(active)]
    active: Flag,
}

fn main() {
    let _ = Person { email: String::new(), active: true };
}
