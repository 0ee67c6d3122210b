//! `pub` and `pub(crate)` handlers, in a module, with doc comments and other
//! attributes above and below `#[login_required]`: all kept.
#![deny(warnings)]

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use axum_jwt_login::{AuthUser, JwtManager};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
pub struct Person {
    #[auth(id)]
    email: String,
}

#[derive(Clone)]
pub struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned() }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

pub mod handlers {
    use axum_jwt_login::login_required;

    use super::Person;

    /// A public handler, documented.
    ///
    /// With a second paragraph.
    #[login_required]
    pub async fn me(current_user: Person) -> String {
        current_user.email
    }

    /// A crate-visible handler.
    #[allow(clippy::unused_async)]
    #[login_required(user = Person)]
    #[inline]
    pub(crate) async fn ping() -> &'static str {
        "pong"
    }

    #[doc = "A handler documented with `#[doc]`."]
    #[login_required]
    #[cfg_attr(all(), allow(unused_variables))]
    #[must_use]
    pub(super) async fn unused_argument(current_user: Person) -> &'static str {
        let unused = 1;
        "ok"
    }

    #[cfg(all())]
    #[login_required(user = Person)]
    pub(in crate::handlers) async fn private_in_module() {}

    pub(crate) fn router() -> axum::routing::MethodRouter<super::AppState> {
        axum::routing::get(private_in_module)
    }
}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/me", get(handlers::me))
        .route("/ping", get(handlers::ping))
        .route("/unused", get(handlers::unused_argument))
        .route("/private", handlers::router());
}
