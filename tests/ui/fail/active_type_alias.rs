// KNOWN MACRO BUG: this should compile. `type Flag = bool;` is a `bool`, but the derive
// checks `#[auth(active)]` by the text of the type (valid.rs `is_bool`) before the
// `assert_bool` trait check can see through the alias.
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
