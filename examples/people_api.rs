//! The people API: sign up, log in, and reach your own account with access and
//! refresh tokens, on SQLite. The backend a Flask team using Flask-Login with
//! Flask-JWT-Extended would have written, rewritten with axum-jwt-login.
//!
//! ```text
//! cargo run --example people_api
//! ```
//!
//! Settings come from the environment: `BIND` (default `127.0.0.1:3000`),
//! `DATABASE_URL` (default `sqlite://people.db?mode=rwc`), `REDIS_URL` (unset: revoked
//! tokens are kept in this process's memory), `RUST_LOG`, and every
//! Flask-JWT-Extended `JWT_*` setting, read by the crate (`JWT_SECRET_KEY`,
//! `JWT_TOKEN_LOCATION`, `JWT_ACCESS_TOKEN_EXPIRES`, ...). Without `JWT_SECRET_KEY`
//! the server makes up a secret for this process and warns that tokens end with it.
//!
//! The HTTP contract, route by route, is in the README's quick start.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_jwt_login::{
    AuthRejection, AuthUser, Jwt, JwtConfigBuilder, JwtManager, LoginError, RedisBlocklist,
    fresh_login_required, login_required,
};
use serde_json::{Map, Value, json};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use tokio::net::TcpListener;

// ---------------------------------------------------------------------------------
// The user, and how a request's token finds it: Flask-Login's `UserMixin` and
// `user_loader`, in one derive.
// ---------------------------------------------------------------------------------

/// A person with an account. The token's identity claim holds the email.
#[derive(Debug, Clone, AuthUser)]
#[auth(loader = find_person, state = SqlitePool)]
struct Person {
    #[auth(id)]
    email: String,
}

/// The user loader: the person whose email a verified token names, if the account
/// still exists.
async fn find_person(db: &SqlitePool, email: &str) -> Result<Option<Person>, sqlx::Error> {
    sqlx::query_scalar::<_, String>("SELECT email FROM people WHERE email = ?")
        .bind(email)
        .fetch_optional(db)
        .await
        .map(|found| found.map(|email| Person { email }))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: SqlitePool,
}

// ---------------------------------------------------------------------------------
// Routes.
// ---------------------------------------------------------------------------------

fn app(state: AppState) -> Router {
    Router::new()
        .route("/signup", post(signup))
        .route("/login", post(login))
        .route("/me", get(me).post(me).delete(delete_me))
        .route("/optional", get(optional).post(optional))
        .route("/fresh", post(fresh))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Reads JSON bodies once (for the `json` token location; a body that has not
        // arrived after 30 s gets 408) and keeps every cookie but the JWT ones off
        // responses to token-authenticated requests.
        .layer(state.jwt.layer().body_timeout(Duration::from_secs(30)))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// `POST /signup {"email", "password"}`.
async fn signup(State(db): State<SqlitePool>, body: JsonObject) -> Result<Response, ApiError> {
    let email = body.text("email")?.to_owned();
    let password = body.text("password")?.to_owned();
    let password_hash = blocking(move || hash_password(&password)).await?;
    let inserted = sqlx::query("INSERT INTO people (email, password_hash) VALUES (?, ?)")
        .bind(&email)
        .bind(password_hash)
        .execute(&db)
        .await;
    match inserted {
        Ok(_) => {
            tracing::info!(%email, "signed up");
            Ok(message(StatusCode::CREATED, "Signed up successfully!"))
        }
        Err(err) if is_unique_violation(&err) => Err(ApiError::EmailTaken),
        Err(err) => Err(ApiError::internal("insert a person", err)),
    }
}

/// `POST /login {"email", "password", "remember"}`: a fresh access token, and a
/// refresh token when `remember` is true; as cookies too when cookies are a token
/// location.
async fn login(State(state): State<AppState>, body: JsonObject) -> Result<Response, ApiError> {
    let email = body.text("email")?.to_owned();
    let password = body.text("password")?.to_owned();
    let remember = body.flag("remember")?;
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM people WHERE email = ?")
            .bind(&email)
            .fetch_optional(&state.db)
            .await
            .map_err(|err| ApiError::internal("look up a person", err))?;
    // An unknown email costs one hash too, so timing does not tell which emails exist.
    let matches = blocking(move || password_matches(&password, stored.as_deref())).await?;
    if !matches {
        return Err(ApiError::BadCredentials);
    }
    let person = Person { email };
    let issued = state
        .jwt
        .login_user(&person, remember)
        .map_err(|err| match err {
            LoginError::Inactive => ApiError::BadCredentials,
            err => ApiError::internal("mint tokens", err),
        })?;
    let mut body = json!({"msg": "Logged in successfully!", "access_token": issued.access_token});
    if let Some(refresh_token) = &issued.refresh_token {
        body["refresh_token"] = json!(refresh_token);
    }
    tracing::info!(email = %person.email, remember, "logged in");
    Ok((issued, Json(body)).into_response())
}

/// `GET /me`, `POST /me`: who the token belongs to.
#[login_required]
async fn me(current_user: Person) -> Json<Value> {
    Json(json!({"email": current_user.email}))
}

/// `GET /optional`, `POST /optional`: the user when a token came, `null` otherwise.
#[login_required(optional)]
async fn optional(current_user: Option<Person>) -> Json<Value> {
    Json(json!({"email": current_user.map(|person| person.email)}))
}

/// `POST /fresh`: only with a fresh access token, straight from `/login`.
#[fresh_login_required]
async fn fresh(current_user: Person) -> Json<Value> {
    tracing::info!(email = %current_user.email, "fresh login checked");
    Json(json!({"msg": "fresh"}))
}

/// `POST /refresh`: a new, non-fresh access token for a refresh token.
#[login_required(refresh)]
async fn refresh(
    State(jwt): State<JwtManager>,
    current_user: Person,
) -> Result<Response, ApiError> {
    let issued = jwt
        .refresh_access_token(&current_user)
        .map_err(|err| ApiError::internal("mint an access token", err))?;
    let body = json!({"access_token": issued.access_token});
    Ok((issued, Json(body)).into_response())
}

/// `POST /logout`: revokes the token that came with the request, and unsets the
/// token cookies when cookies are a token location.
#[login_required]
async fn logout(
    State(jwt): State<JwtManager>,
    current_user: Person,
    token: Jwt,
) -> Result<Response, AuthRejection> {
    let cookies = jwt
        .logout_user(&token)
        .await
        .map_err(|err| AuthRejection::new(&jwt, err))?;
    tracing::info!(email = %current_user.email, "logged out");
    Ok((cookies, Json(json!({"msg": "Logged out"}))).into_response())
}

/// `DELETE /me`: deletes the account. Its tokens then fail the user lookup.
#[login_required]
async fn delete_me(
    State(db): State<SqlitePool>,
    current_user: Person,
) -> Result<Response, ApiError> {
    sqlx::query("DELETE FROM people WHERE email = ?")
        .bind(&current_user.email)
        .execute(&db)
        .await
        .map_err(|err| ApiError::internal("delete a person", err))?;
    tracing::info!(email = %current_user.email, "account deleted");
    Ok(message(StatusCode::OK, "Account deleted"))
}

async fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "Not found")
}

async fn method_not_allowed() -> Response {
    message(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
}

async fn log_request(request: Request, next: axum::middleware::Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

// ---------------------------------------------------------------------------------
// Request bodies and error answers: every body is JSON, every error `{"msg": ...}`.
// ---------------------------------------------------------------------------------

/// A request body that is a JSON object, sent as `application/json`.
struct JsonObject(Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
                    _ => ApiError::NotJsonObject,
                })?;
        if !is_json {
            return Err(ApiError::NotJsonObject);
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(object)) => Ok(JsonObject(object)),
            _ => Err(ApiError::NotJsonObject),
        }
    }
}

impl JsonObject {
    /// A field that must be a non-empty string.
    fn text(&self, field: &'static str) -> Result<&str, ApiError> {
        match self.0.get(field) {
            Some(Value::String(text)) if !text.is_empty() => Ok(text),
            _ => Err(ApiError::BadField {
                field,
                expected: "a non-empty string",
            }),
        }
    }

    /// An optional field that must be `true` or `false` when present.
    fn flag(&self, field: &'static str) -> Result<bool, ApiError> {
        match self.0.get(field) {
            None => Ok(false),
            Some(Value::Bool(flag)) => Ok(*flag),
            Some(_) => Err(ApiError::BadField {
                field,
                expected: "true or false",
            }),
        }
    }
}

/// The people API's own refusals (the token refusals are the crate's).
#[derive(Debug, thiserror::Error)]
enum ApiError {
    #[error("The request body must be a JSON object")]
    NotJsonObject,
    #[error("The request body is too large")]
    BodyTooLarge,
    #[error("\"{field}\" must be {expected}")]
    BadField {
        field: &'static str,
        expected: &'static str,
    },
    #[error("Email already registered")]
    EmailTaken,
    #[error("Bad email or password")]
    BadCredentials,
    /// Logged with its cause; the client only learns that it was not its fault.
    #[error("Internal server error")]
    Internal,
}

impl ApiError {
    fn internal(what: &str, err: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %err, "could not {what}");
        ApiError::Internal
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::NotJsonObject | ApiError::BadField { .. } => StatusCode::BAD_REQUEST,
            ApiError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::EmailTaken => StatusCode::CONFLICT,
            ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        message(self.status(), &self.to_string())
    }
}

fn message(status: StatusCode, msg: &str) -> Response {
    (status, Json(json!({ "msg": msg }))).into_response()
}

// ---------------------------------------------------------------------------------
// Passwords: Argon2id (OWASP's first choice), off the async threads.
// ---------------------------------------------------------------------------------

fn hash_password(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|err| ApiError::internal("hash a password", err))
}

/// Whether the password matches the stored hash; with no stored hash (unknown
/// email), the password is checked against a made-up one and never matches.
fn password_matches(password: &str, stored: Option<&str>) -> Result<bool, ApiError> {
    static DECOY: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
    let decoy = DECOY.get_or_init(|| {
        Argon2::default()
            .hash_password(b"no account has this password")
            .map(|hash| hash.to_string())
            .map_err(|err| err.to_string())
    });
    let (hash, known) = match (stored, decoy) {
        (Some(stored), _) => (stored, true),
        (None, Ok(decoy)) => (decoy.as_str(), false),
        (None, Err(err)) => return Err(ApiError::internal("hash a decoy password", err)),
    };
    let hash = PasswordHash::new(hash).map_err(|err| ApiError::internal("read a hash", err))?;
    let verified = Argon2::default().verify_password(password.as_bytes(), &hash);
    Ok(known && verified.is_ok())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| ApiError::internal("finish a blocking task", err))?
}

// ---------------------------------------------------------------------------------
// The database.
// ---------------------------------------------------------------------------------

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS people (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL DEFAULT (unixepoch())
)";

async fn open_database(url: &str) -> Result<SqlitePool, StartupError> {
    let options: SqliteConnectOptions = url.parse().map_err(|err| StartupError::Database {
        url: url.to_owned(),
        err,
    })?;
    let options = options
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .foreign_keys(true);
    let db = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|err| StartupError::Database {
            url: url.to_owned(),
            err,
        })?;
    sqlx::query(SCHEMA)
        .execute(&db)
        .await
        .map_err(|err| StartupError::Database {
            url: url.to_owned(),
            err,
        })?;
    Ok(db)
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|err| err.is_unique_violation())
}

// ---------------------------------------------------------------------------------
// Start-up and shutdown.
// ---------------------------------------------------------------------------------

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
enum StartupError {
    #[error(transparent)]
    Config(#[from] axum_jwt_login::ConfigError),
    #[error("BIND={0:?} is not valid: expected an address and port such as 127.0.0.1:3000")]
    Bind(String),
    #[error("cannot listen on {addr}: {err}")]
    Listen {
        addr: SocketAddr,
        err: std::io::Error,
    },
    #[error("DATABASE_URL={url:?}: {err}")]
    Database { url: String, err: sqlx::Error },
    #[error("REDIS_URL: {0}")]
    Redis(axum_jwt_login::BlocklistError),
    #[error("{0} is not valid UTF-8")]
    NotUnicode(&'static str),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

fn setting(name: &'static str, default: &str) -> Result<String, StartupError> {
    match std::env::var(name) {
        Ok(value) => Ok(value),
        Err(std::env::VarError::NotPresent) => Ok(default.to_owned()),
        Err(std::env::VarError::NotUnicode(_)) => Err(StartupError::NotUnicode(name)),
    }
}

async fn run() -> Result<(), StartupError> {
    let bind = setting("BIND", "127.0.0.1:3000")?;
    let addr: SocketAddr = bind.parse().map_err(|_| StartupError::Bind(bind.clone()))?;
    let database_url = setting("DATABASE_URL", "sqlite://people.db?mode=rwc")?;

    let mut config = JwtConfigBuilder::from_env()?;
    if config.lacks_secret() {
        tracing::warn!(
            "JWT_SECRET_KEY is not set: using a random secret for this process only. \
             Tokens stop working when it exits and other processes cannot verify them; \
             set JWT_SECRET_KEY (32 random bytes or more) outside development"
        );
        config = config.random_secret()?;
    }
    let config = config.build()?;
    // Revoked tokens: in Redis when REDIS_URL is set (shared by every process), else
    // in this process's memory.
    let (jwt, blocklist) = match std::env::var("REDIS_URL") {
        Ok(url) => {
            let redis = RedisBlocklist::connect(&url)
                .await
                .map_err(StartupError::Redis)?;
            (
                JwtManager::with_blocklist(config, redis),
                "Redis (REDIS_URL)",
            )
        }
        Err(std::env::VarError::NotPresent) => {
            (JwtManager::new(config), "in memory (this process only)")
        }
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(StartupError::NotUnicode("REDIS_URL"));
        }
    };
    let settings = jwt.config().settings();
    let locations: Vec<&str> = settings.token_location.iter().map(|l| l.as_str()).collect();
    tracing::info!(
        algorithm = ?settings.algorithm,
        locations = %locations.join(","),
        blocklist,
        "tokens configured"
    );

    let db = open_database(&database_url).await?;
    tracing::info!(database = %database_url, "database ready");

    let listener = TcpListener::bind(addr)
        .await
        .map_err(|err| StartupError::Listen { addr, err })?;
    let local = listener
        .local_addr()
        .map_err(|err| StartupError::Listen { addr, err })?;
    println!("listening on http://{local}");

    axum::serve(
        listener,
        app(AppState {
            jwt,
            db: db.clone(),
        }),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(StartupError::Serve)?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop taking connections, finish the requests in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
