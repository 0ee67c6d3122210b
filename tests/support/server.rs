//! A small app served on a free loopback port, for the HTTP tests: the routes a
//! Flask-Login + Flask-JWT-Extended API has, written with this crate's extractors.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_jwt_login::{
    AuthRejection, AuthUser, CurrentUser, DecodedToken, FreshUser, Jwt, JwtConfigBuilder,
    JwtManager, LoginError, OptionalUser, RefreshUser, UserLoader,
};
use serde_json::{Map, Value, json};

/// The test user.
#[derive(Debug, Clone)]
pub struct Person {
    pub email: String,
    pub active: bool,
    pub roles: Vec<String>,
}

impl AuthUser for Person {
    type Id = String;
    fn identity(&self) -> &String {
        &self.email
    }
    fn is_active(&self) -> bool {
        self.active
    }
    fn additional_claims(&self) -> Map<String, Value> {
        Map::from_iter([("roles".to_owned(), json!(self.roles))])
    }
    fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
    fn on_loaded_from_request(&self, _token: &DecodedToken) {
        LOADED_FROM_REQUEST.fetch_add(1, Ordering::Relaxed);
    }
}

/// How many times a user was loaded from a request (Flask-Login's signal).
pub static LOADED_FROM_REQUEST: AtomicUsize = AtomicUsize::new(0);

/// The user store. `broken@example.com` makes the loader fail, as a database outage.
#[derive(Clone, Default)]
pub struct Users(Arc<Mutex<HashMap<String, Person>>>);

impl Users {
    pub fn with(people: &[(&str, bool)]) -> Self {
        let users = Users::default();
        for (email, active) in people {
            users.insert(Person {
                email: (*email).into(),
                active: *active,
                roles: vec!["reader".into()],
            });
        }
        users
    }
    pub fn insert(&self, person: Person) {
        self.0.lock().unwrap().insert(person.email.clone(), person);
    }
    pub fn remove(&self, email: &str) {
        self.0.lock().unwrap().remove(email);
    }
    fn get(&self, email: &str) -> Option<Person> {
        self.0.lock().unwrap().get(email).cloned()
    }
}

impl UserLoader for Person {
    type State = Users;
    type Error = String;
    async fn load_user(users: &Users, email: &String) -> Result<Option<Person>, String> {
        if email == "broken@example.com" {
            return Err("the user database is down".into());
        }
        Ok(users.get(email))
    }
}

#[derive(Clone)]
pub struct AppState {
    pub jwt: JwtManager,
    pub users: Users,
}

impl FromRef<AppState> for JwtManager {
    fn from_ref(state: &AppState) -> JwtManager {
        state.jwt.clone()
    }
}

impl FromRef<AppState> for Users {
    fn from_ref(state: &AppState) -> Users {
        state.users.clone()
    }
}

async fn login(State(state): State<AppState>, Json(body): Json<Value>) -> axum::response::Response {
    let email = body["email"].as_str().unwrap_or_default();
    let remember = body["remember"].as_bool().unwrap_or(false);
    let Some(user) = state.users.get(email) else {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"msg": "Bad email or password"})),
        )
            .into_response();
    };
    match state.jwt.login_user(&user, remember) {
        Ok(issued) => {
            let mut body =
                json!({"msg": "Logged in successfully!", "access_token": issued.access_token});
            if let Some(refresh) = &issued.refresh_token {
                body["refresh_token"] = json!(refresh);
            }
            (issued, Json(body)).into_response()
        }
        Err(LoginError::Inactive) => (
            StatusCode::FORBIDDEN,
            Json(json!({"msg": "User account is inactive"})),
        )
            .into_response(),
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"msg": err.to_string()})),
        )
            .into_response(),
    }
}

async fn me(CurrentUser(user): CurrentUser<Person>) -> Json<Value> {
    Json(json!({"email": user.email}))
}

async fn optional(OptionalUser(user): OptionalUser<Person>) -> Json<Value> {
    Json(json!({"email": user.map(|u| u.email)}))
}

async fn fresh(FreshUser(_user): FreshUser<Person>) -> Json<Value> {
    Json(json!({"msg": "fresh"}))
}

async fn refresh(
    State(jwt): State<JwtManager>,
    RefreshUser(user): RefreshUser<Person>,
) -> axum::response::Response {
    match jwt.refresh_access_token(&user) {
        Ok(issued) => {
            let body = json!({"access_token": issued.access_token});
            (issued, Json(body)).into_response()
        }
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"msg": err.to_string()})),
        )
            .into_response(),
    }
}

async fn logout(
    State(jwt): State<JwtManager>,
    token: Jwt,
) -> Result<impl IntoResponse, AuthRejection> {
    let cookies = jwt
        .logout_user(&token)
        .await
        .map_err(|err| AuthRejection::new(&jwt, err))?;
    Ok((cookies, Json(json!({"msg": "Logged out"}))))
}

async fn claims(token: Jwt) -> Json<Value> {
    let mut claims = token.claims.extra.clone();
    claims.insert("identity".into(), json!(token.claims.identity));
    claims.insert("type".into(), json!(token.claims.token_type.as_str()));
    Json(json!({"claims": claims, "header": token.header}))
}

/// The handler reads the same JSON body that may carry the token.
async fn echo(CurrentUser(user): CurrentUser<Person>, Json(body): Json<Value>) -> Json<Value> {
    Json(json!({"email": user.email, "body": body}))
}

/// A handler that writes to the cookie session, on a token-authenticated route.
async fn session_write(
    CurrentUser(user): CurrentUser<Person>,
    session: tower_sessions::Session,
) -> Json<Value> {
    session
        .insert("visited_by", user.email.clone())
        .await
        .expect("session write");
    Json(json!({"email": user.email}))
}

/// A browser route: no token, a session cookie is fine here.
async fn browser(session: tower_sessions::Session) -> Json<Value> {
    session
        .insert("visited", true)
        .await
        .expect("session write");
    Json(json!({"msg": "browser"}))
}

/// A handler that sets its own cookie on a token-authenticated route.
async fn own_cookie(CurrentUser(user): CurrentUser<Person>) -> impl IntoResponse {
    (
        [("set-cookie", "tracking=1; Path=/")],
        Json(json!({"email": user.email})),
    )
}

/// The routes, with the state, without layers.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/login", post(login))
        .route(
            "/me",
            get(me).post(me).put(me).patch(me).delete(me).options(me),
        )
        .route("/optional", get(optional).post(optional))
        .route("/fresh", post(fresh))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
        .route("/claims", get(claims).post(claims))
        .route("/echo", post(echo))
        .route("/own-cookie", get(own_cookie).post(own_cookie))
        .with_state(state)
}

/// The routes that use tower-sessions, with the state, without layers.
pub fn session_routes(state: AppState) -> Router {
    Router::new()
        .route("/session-write", get(session_write).post(session_write))
        .route("/browser", get(browser))
        .with_state(state)
}

/// The standard app: the routes behind `JwtLayer`, users alice (active), bob
/// (inactive) and broken (loader failure).
pub fn app(config: JwtConfigBuilder) -> (Router, AppState) {
    app_for(JwtManager::new(config.build().expect("config")))
}

/// The standard app around this manager (e.g. with another blocklist).
pub fn app_for(jwt: JwtManager) -> (Router, AppState) {
    let users = Users::with(&[
        ("alice@example.com", true),
        ("bob@example.com", false),
        ("broken@example.com", true),
    ]);
    let state = AppState {
        jwt: jwt.clone(),
        users,
    };
    (routes(state.clone()).layer(jwt.layer()), state)
}

/// A server on a free loopback port, stopped when dropped.
pub struct Server {
    pub base: String,
    client: reqwest::Client,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub set_cookies: Vec<String>,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// The value of a cookie this response sets.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies.iter().find_map(|line| {
            let (pair, _) = line.split_once(';').unwrap_or((line, ""));
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
    }
}

impl Server {
    pub async fn start(router: Router) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        Server {
            base,
            client: reqwest::Client::new(),
            task,
        }
    }

    pub fn request(&self, method: &str, path: &str) -> reqwest::RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        self.client.request(method, format!("{}{path}", self.base))
    }

    pub async fn send(request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let set_cookies = headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().expect("ASCII cookie").to_owned())
            .collect();
        let text = response.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            body,
            set_cookies,
            headers,
        }
    }

    /// `GET`/`POST`/... with `Authorization: Bearer <token>`.
    pub async fn with_bearer(&self, method: &str, path: &str, token: &str) -> Reply {
        Self::send(
            self.request(method, path)
                .header("Authorization", format!("Bearer {token}")),
        )
        .await
    }

    /// Logs in and returns the reply (tokens in the body, cookies in `set_cookies`).
    pub async fn login(&self, email: &str, remember: bool) -> Reply {
        let reply = Self::send(
            self.request("POST", "/login")
                .header("content-type", "application/json")
                .body(json!({"email": email, "remember": remember}).to_string()),
        )
        .await;
        assert_eq!(reply.status, 200, "login of {email}: {reply:?}");
        reply
    }

    /// The access token of a fresh login.
    pub async fn access_token(&self, email: &str) -> String {
        self.login(email, false).await.body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }
}

/// `(status, body)` for comparisons.
pub fn answer(reply: &Reply) -> (u16, Value) {
    (reply.status, reply.body.clone())
}

pub fn msg(status: u16, message: &str) -> (u16, Value) {
    (status, json!({ "msg": message }))
}
