//! `loader = "path"` is accepted, as `crate = "path"` is.
use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(loader = "find_person", state = Db)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned() }))
}

fn main() {}
