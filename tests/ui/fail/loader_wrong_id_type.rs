use axum_jwt_login::AuthUser;

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    id: u64,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, id: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(id.parse().ok().map(|id| Person { id }))
}

fn main() {}
