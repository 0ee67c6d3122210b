// KNOWN MACRO BUG: this should compile. The generated `load_user` names its parameters
// `state` and `id` with call-site hygiene, so a loader function called `id` (or `state`)
// is shadowed by them.
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
