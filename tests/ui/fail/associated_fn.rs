// A limitation: the guard type is an item written next to the handler, and items are not
// allowed inside an `impl` block. `#[login_required]` handlers are free functions.
use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager, login_required};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned() }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

struct Api;

impl Api {
    #[login_required]
    async fn me(current_user: Person) -> String {
        current_user.email
    }
}

fn main() {
    let _app: Router<AppState> = Router::new().route("/me", get(Api::me));
}
