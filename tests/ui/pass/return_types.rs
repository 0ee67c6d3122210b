//! Any return type axum accepts: `impl IntoResponse`, `Result<_, E>`, `Response`.
#![deny(warnings)]

use axum::extract::FromRef;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
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

struct AppError;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}

#[login_required]
async fn impl_into_response(current_user: Person) -> impl IntoResponse {
    (StatusCode::OK, current_user.email)
}

#[login_required]
async fn result(current_user: Person) -> Result<Json<String>, AppError> {
    if current_user.email.is_empty() {
        return Err(AppError);
    }
    Ok(Json(current_user.email))
}

#[login_required(user = Person)]
async fn result_status() -> Result<&'static str, StatusCode> {
    Err(StatusCode::IM_A_TEAPOT)
}

#[login_required(user = Person)]
async fn response() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

#[login_required(user = Person)]
async fn unit() {}

fn main() {
    let _app: Router<AppState> = Router::new()
        .route("/a", get(impl_into_response))
        .route("/b", get(result))
        .route("/c", get(result_status))
        .route("/d", get(response))
        .route("/e", get(unit));
}
