use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

#[derive(Clone)]
struct Pool;

async fn find_person(_pool: &Pool, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned() }))
}

fn main() {}
