//! A loader named `id` is not shadowed by the generated parameters.
use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(loader = id, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

async fn id(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned() }))
}

fn main() {}
