use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

struct NotFound;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, NotFound> {
    Ok(Some(Person { email: email.to_owned() }))
}

fn main() {}
