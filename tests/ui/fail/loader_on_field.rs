use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
struct Person {
    #[auth(id, loader = find_person)]
    email: String,
}

async fn find_person(_db: &(), email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned() }))
}

fn main() {}
