use std::rc::Rc;

use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    let local = Rc::new(email.to_owned());
    std::future::ready(()).await;
    Ok(Some(Person { email: local.to_string() }))
}

fn main() {}
