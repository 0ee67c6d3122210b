//! The macros over real HTTP: a user type with `#[derive(AuthUser)]` (loader, active
//! flag, roles claim), one handler per `#[login_required]` / `#[fresh_login_required]`
//! form, and a handler taking the derived extractor without any attribute, served on
//! a loopback port behind `JwtLayer`. Every answer is compared whole (status and
//! body), and no response may set a cookie (the token location is headers only).

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use axum_jwt_login::{
    AuthUser, JwtConfig, JwtLayer, JwtManager, TokenOptions, fresh_login_required, login_required,
};
use serde_json::{Value, json};
use support::SECRET;
use support::server::{Reply, Server, answer, msg};

const ALICE: &str = "alice@example.com";
const ADMIN: &str = "admin@example.com";
const INACTIVE: &str = "bob@example.com";
const BROKEN: &str = "broken@example.com";
const UNKNOWN: &str = "x@example.com";

const MISSING_HEADER: &str = "Missing Authorization Header";
const NOT_JSON: &str = "Invalid content-type. Must be application/json.";
const MISSING_JSON_KEY: &str = "Missing \"access_token\" key in json data.";
const MISSING_QUERY: &str = "Missing 'jwt' query paramater";
const ONLY_ACCESS: &str = "Only non-refresh tokens are allowed";
const ONLY_REFRESH: &str = "Only refresh tokens are allowed";

// ---------------------------------------------------------------------------
// The user type, its store and the router state.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
struct Person {
    #[auth(id)]
    email: String,
    #[auth(active)]
    active: bool,
    #[auth(claim, roles)]
    roles: Vec<String>,
}

impl Person {
    fn new(email: &str, active: bool, roles: &[&str]) -> Person {
        Person {
            email: email.to_owned(),
            active,
            roles: roles.iter().map(|role| (*role).to_owned()).collect(),
        }
    }
}

/// The user store: an in-memory map. `broken@example.com` makes the loader fail, as a
/// database outage would. Counts the loader's calls.
#[derive(Clone, Default)]
struct Db {
    users: Arc<Mutex<HashMap<String, Person>>>,
    loads: Arc<AtomicUsize>,
}

impl Db {
    fn insert(&self, person: Person) {
        self.users
            .lock()
            .expect("user map")
            .insert(person.email.clone(), person);
    }

    fn get(&self, email: &str) -> Option<Person> {
        self.users.lock().expect("user map").get(email).cloned()
    }

    fn loads(&self) -> usize {
        self.loads.load(Ordering::SeqCst)
    }
}

async fn find_person(db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    db.loads.fetch_add(1, Ordering::SeqCst);
    if email == BROKEN {
        return Err(std::io::Error::other("the user database is down"));
    }
    Ok(db.get(email))
}

#[derive(Clone, FromRef)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

// ---------------------------------------------------------------------------
// One handler per form.
// ---------------------------------------------------------------------------

/// `#[login_required]` with the user as a parameter.
#[login_required]
async fn me(current_user: Person) -> Json<Value> {
    Json(json!({"email": current_user.email, "roles": current_user.roles}))
}

/// `#[login_required(user = ...)]`: the guard only, no user parameter.
#[login_required(user = Person)]
async fn ping() -> &'static str {
    "pong"
}

/// `#[login_required(optional)]`: anonymous requests reach the handler.
#[login_required(optional)]
async fn maybe(current_user: Option<Person>) -> Json<Value> {
    Json(json!({"email": current_user.map(|user| user.email)}))
}

/// `#[login_required(fresh)]`.
#[login_required(fresh)]
async fn fresh(current_user: Person) -> Json<Value> {
    Json(json!({"fresh": current_user.email}))
}

/// `#[fresh_login_required]`, the alias of `#[login_required(fresh)]`.
#[fresh_login_required]
async fn fresh_alias(current_user: Person) -> Json<Value> {
    Json(json!({"fresh_alias": current_user.email}))
}

/// `#[login_required(refresh)]`: mints a new access token for the refresh token's user.
#[login_required(refresh)]
async fn refresh(State(jwt): State<JwtManager>, current_user: Person) -> Response {
    match jwt.refresh_access_token(&current_user) {
        Ok(issued) => {
            let body = json!({"access_token": issued.access_token, "email": current_user.email});
            (issued, Json(body)).into_response()
        }
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"msg": err.to_string()})),
        )
            .into_response(),
    }
}

/// `#[login_required(role = "admin")]`.
#[login_required(role = "admin")]
async fn admin(current_user: Person) -> Json<Value> {
    Json(json!({"admin": current_user.email}))
}

/// `#[login_required(locations(json))]`: the token is in the JSON body, which the
/// handler reads too.
#[login_required(locations(json))]
async fn json_only(current_user: Person, Json(body): Json<Value>) -> Json<Value> {
    Json(json!({"email": current_user.email, "body": body}))
}

/// `#[login_required(locations(query_string))]`.
#[login_required(locations(query_string))]
async fn query_only(current_user: Person) -> Json<Value> {
    Json(json!({"query": current_user.email}))
}

/// State, path and JSON body after `current_user`: the guard runs before all of them.
#[login_required]
async fn update(
    current_user: Person,
    State(state): State<AppState>,
    Path(id): Path<u32>,
    Json(body): Json<Value>,
) -> Json<Value> {
    let stored = state.db.get(&current_user.email).is_some();
    Json(json!({"email": current_user.email, "item": id, "body": body, "stored": stored}))
}

/// No attribute: the derived extractor alone requires an access token.
async fn plain(current_user: Person) -> Json<Value> {
    Json(json!({"plain": current_user.email}))
}

// ---------------------------------------------------------------------------
// The app and its requests.
// ---------------------------------------------------------------------------

fn routes(state: AppState) -> Router {
    Router::new()
        .route("/me", get(me).options(me))
        .route("/ping", get(ping).options(ping))
        .route("/maybe", get(maybe).options(maybe))
        .route("/fresh", post(fresh).options(fresh))
        .route("/fresh-alias", post(fresh_alias).options(fresh_alias))
        .route("/refresh", post(refresh).options(refresh))
        .route("/admin", get(admin).options(admin))
        .route("/json-only", post(json_only).options(json_only))
        .route("/query-only", get(query_only).options(query_only))
        .route("/items/{id}", put(update).options(update))
        .route("/plain", get(plain).options(plain))
        .with_state(state)
}

fn state() -> AppState {
    let config = JwtConfig::builder().secret(SECRET).build().expect("config");
    let db = Db::default();
    db.insert(Person::new(ALICE, true, &["reader"]));
    db.insert(Person::new(ADMIN, true, &["reader", "admin"]));
    db.insert(Person::new(INACTIVE, false, &["reader"]));
    AppState {
        jwt: JwtManager::new(config),
        db,
    }
}

struct Fixture {
    server: Server,
    state: AppState,
}

/// The app served behind `layer` (made from the app's manager).
async fn start_with(layer: impl FnOnce(&JwtManager) -> JwtLayer) -> Fixture {
    let state = state();
    let layer = layer(&state.jwt);
    let server = Server::start(routes(state.clone()).layer(layer)).await;
    Fixture { server, state }
}

/// The app behind `jwt.layer().buffer_json_bodies(true)`: the configured locations
/// are only headers, and the `locations(json)` route needs the JSON bodies read.
async fn start() -> Fixture {
    start_with(|jwt| jwt.layer().buffer_json_bodies(true)).await
}

/// Sends the request; no response here may set a cookie.
async fn send(request: reqwest::RequestBuilder) -> Reply {
    let reply = Server::send(request).await;
    assert!(reply.set_cookies.is_empty(), "no Set-Cookie: {reply:?}");
    reply
}

/// Where a route takes its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carrier {
    Header,
    Body,
    Query,
}

/// A guarded route, as the shared checks call it.
#[derive(Debug, Clone, Copy)]
struct Route {
    method: &'static str,
    path: &'static str,
    carrier: Carrier,
    /// The route takes a refresh token.
    refresh: bool,
    /// A JSON body the handler reads (the token is added to it for `Carrier::Body`).
    body: Option<&'static str>,
}

const fn route(method: &'static str, path: &'static str) -> Route {
    Route {
        method,
        path,
        carrier: Carrier::Header,
        refresh: false,
        body: None,
    }
}

const ME: Route = route("GET", "/me");
const PING: Route = route("GET", "/ping");
const MAYBE: Route = route("GET", "/maybe");
const FRESH: Route = route("POST", "/fresh");
const FRESH_ALIAS: Route = route("POST", "/fresh-alias");
const REFRESH: Route = Route {
    refresh: true,
    ..route("POST", "/refresh")
};
const ADMIN_ROUTE: Route = route("GET", "/admin");
const JSON_ONLY: Route = Route {
    carrier: Carrier::Body,
    body: Some(r#"{"note": "hello"}"#),
    ..route("POST", "/json-only")
};
const QUERY_ONLY: Route = Route {
    carrier: Carrier::Query,
    ..route("GET", "/query-only")
};
const UPDATE: Route = Route {
    body: Some(r#"{"name": "lamp"}"#),
    ..route("PUT", "/items/7")
};
const PLAIN: Route = route("GET", "/plain");

/// Every route that refuses a request without a token.
const REQUIRED: [Route; 10] = [
    ME,
    PING,
    FRESH,
    FRESH_ALIAS,
    REFRESH,
    ADMIN_ROUTE,
    JSON_ONLY,
    QUERY_ONLY,
    UPDATE,
    PLAIN,
];

/// Every guarded route, the optional one too.
const ALL: [Route; 11] = [
    ME,
    PING,
    MAYBE,
    FRESH,
    FRESH_ALIAS,
    REFRESH,
    ADMIN_ROUTE,
    JSON_ONLY,
    QUERY_ONLY,
    UPDATE,
    PLAIN,
];

impl Fixture {
    /// A fresh access token (`create_access_token(email, fresh)`), no roles claim.
    fn access(&self, email: &str) -> String {
        self.state
            .jwt
            .create_access_token(email, TokenOptions::new().fresh(true))
            .expect("access token")
    }

    /// A non-fresh access token.
    fn stale(&self, email: &str) -> String {
        self.state
            .jwt
            .create_access_token(email, TokenOptions::new())
            .expect("access token")
    }

    fn refresh_token(&self, email: &str) -> String {
        self.state
            .jwt
            .create_refresh_token(email, TokenOptions::new())
            .expect("refresh token")
    }

    /// The token a route takes for this user: a refresh token on the refresh route,
    /// else a fresh access token.
    fn token_for(&self, route: Route, email: &str) -> String {
        if route.refresh {
            self.refresh_token(email)
        } else {
            self.access(email)
        }
    }

    /// The route's request, with the token where the route looks for it.
    fn request(&self, route: Route, token: Option<&str>) -> reqwest::RequestBuilder {
        let path = match (route.carrier, token) {
            (Carrier::Query, Some(token)) => format!("{}?jwt={token}", route.path),
            _ => route.path.to_owned(),
        };
        let mut request = self.server.request(route.method, &path);
        if let (Carrier::Header, Some(token)) = (route.carrier, token) {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let mut body: Option<Value> = route
            .body
            .map(|text| serde_json::from_str(text).expect("route body"));
        if let (Carrier::Body, Some(token)) = (route.carrier, token) {
            body.get_or_insert_with(|| json!({}))["access_token"] = json!(token);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        request
    }

    async fn call(&self, route: Route, token: Option<&str>) -> Reply {
        send(self.request(route, token)).await
    }

    /// `(status, body)` of the route with this token.
    async fn answer(&self, route: Route, token: Option<&str>) -> (u16, Value) {
        answer(&self.call(route, token).await)
    }
}

/// The answer to a request without a token on a required route.
fn no_token(route: Route) -> (u16, Value) {
    match route.carrier {
        Carrier::Header => msg(401, MISSING_HEADER),
        // The request still has the route's JSON body, without the token key.
        Carrier::Body => msg(401, MISSING_JSON_KEY),
        Carrier::Query => msg(401, MISSING_QUERY),
    }
}

// ---------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_required_form_refuses_a_request_without_a_token() {
    let app = start().await;
    for route in REQUIRED {
        assert_eq!(app.answer(route, None).await, no_token(route), "{route:?}");
    }
}

#[tokio::test]
async fn every_form_serves_a_good_token() {
    let app = start().await;
    let alice = app.access(ALICE);
    let admin = app.access(ADMIN);
    let expected: [(Route, &str, (u16, Value)); 9] = [
        (
            ME,
            &alice,
            (200, json!({"email": ALICE, "roles": ["reader"]})),
        ),
        (PING, &alice, (200, json!("pong"))),
        (MAYBE, &alice, (200, json!({"email": ALICE}))),
        (FRESH, &alice, (200, json!({"fresh": ALICE}))),
        (FRESH_ALIAS, &alice, (200, json!({"fresh_alias": ALICE}))),
        (ADMIN_ROUTE, &admin, (200, json!({"admin": ADMIN}))),
        (
            JSON_ONLY,
            &alice,
            (
                200,
                json!({"email": ALICE, "body": {"note": "hello", "access_token": alice}}),
            ),
        ),
        (QUERY_ONLY, &alice, (200, json!({"query": ALICE}))),
        (PLAIN, &alice, (200, json!({"plain": ALICE}))),
    ];
    for (route, token, want) in expected {
        assert_eq!(app.answer(route, Some(token)).await, want, "{route:?}");
    }
    let update = app.answer(UPDATE, Some(&alice)).await;
    assert_eq!(
        update,
        (
            200,
            json!({"email": ALICE, "item": 7, "body": {"name": "lamp"}, "stored": true})
        )
    );
    let refreshed = app.call(REFRESH, Some(&app.refresh_token(ALICE))).await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    assert_eq!(refreshed.body["email"], ALICE);
}

#[tokio::test]
async fn login_required_with_a_current_user_parameter() {
    let app = start().await;
    assert_eq!(app.answer(ME, None).await, msg(401, MISSING_HEADER));
    assert_eq!(
        app.answer(ME, Some(&app.stale(ALICE))).await,
        (200, json!({"email": ALICE, "roles": ["reader"]})),
        "a non-fresh access token is enough"
    );
    assert_eq!(
        app.answer(ME, Some(&app.refresh_token(ALICE))).await,
        msg(422, ONLY_ACCESS)
    );
    assert_eq!(
        app.answer(ME, Some("abc")).await,
        msg(422, "Not enough segments")
    );
    let other = JwtManager::new(
        JwtConfig::builder()
            .secret("y".repeat(32))
            .build()
            .expect("config"),
    );
    let forged = other
        .create_access_token(ALICE, TokenOptions::new().fresh(true))
        .expect("token");
    assert_eq!(
        app.answer(ME, Some(&forged)).await,
        msg(422, "Signature verification failed")
    );
}

#[tokio::test]
async fn login_required_with_only_a_user_type() {
    let app = start().await;
    assert_eq!(app.answer(PING, None).await, msg(401, MISSING_HEADER));
    assert_eq!(
        app.answer(PING, Some(&app.stale(ALICE))).await,
        (200, json!("pong"))
    );
    assert_eq!(
        app.answer(PING, Some(&app.refresh_token(ALICE))).await,
        msg(422, ONLY_ACCESS)
    );
    // The guard loads the user even though the handler does not take it.
    assert_eq!(
        app.answer(PING, Some(&app.access(UNKNOWN))).await,
        msg(401, "Error loading the user x@example.com")
    );
}

#[tokio::test]
async fn optional_login() {
    let app = start().await;
    assert_eq!(
        app.answer(MAYBE, None).await,
        (200, json!({"email": null})),
        "no token: the handler runs anonymously"
    );
    assert_eq!(
        app.answer(MAYBE, Some(&app.stale(ALICE))).await,
        (200, json!({"email": ALICE}))
    );
    assert_eq!(
        app.answer(MAYBE, Some("a.b")).await,
        msg(422, "Not enough segments"),
        "a bad token is still refused"
    );
    let bad_header = send(
        app.server
            .request("GET", "/maybe")
            .header("Authorization", "Bearer a b"),
    )
    .await;
    assert_eq!(
        answer(&bad_header),
        msg(
            422,
            "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"
        )
    );
    let other_scheme = send(
        app.server
            .request("GET", "/maybe")
            .header("Authorization", "Basic abc"),
    )
    .await;
    assert_eq!(
        answer(&other_scheme),
        (200, json!({"email": null})),
        "no Bearer token is no token, as Flask-JWT-Extended's optional=True has it"
    );
    assert_eq!(
        app.answer(MAYBE, Some(&app.refresh_token(ALICE))).await,
        msg(422, ONLY_ACCESS)
    );
}

#[tokio::test]
async fn fresh_login_required_in_both_spellings() {
    let app = start().await;
    for (route, key) in [(FRESH, "fresh"), (FRESH_ALIAS, "fresh_alias")] {
        assert_eq!(
            app.answer(route, None).await,
            msg(401, MISSING_HEADER),
            "{route:?}"
        );
        assert_eq!(
            app.answer(route, Some(&app.access(ALICE))).await,
            (200, json!({ key: ALICE })),
            "{route:?}"
        );
        assert_eq!(
            app.answer(route, Some(&app.stale(ALICE))).await,
            msg(401, "Fresh token required"),
            "{route:?}"
        );
        assert_eq!(
            app.answer(route, Some(&app.refresh_token(ALICE))).await,
            msg(422, ONLY_ACCESS),
            "{route:?}"
        );
    }
}

#[tokio::test]
async fn refresh_route_mints_a_working_access_token() {
    let app = start().await;
    assert_eq!(app.answer(REFRESH, None).await, msg(401, MISSING_HEADER));
    assert_eq!(
        app.answer(REFRESH, Some(&app.access(ALICE))).await,
        msg(422, ONLY_REFRESH)
    );
    let issued = app
        .state
        .jwt
        .login_user(&app.state.db.get(ALICE).expect("alice"), true)
        .expect("login");
    let refresh = issued
        .refresh_token
        .expect("remember gives a refresh token");
    let refreshed = app.call(REFRESH, Some(&refresh)).await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    assert_eq!(refreshed.body["email"], ALICE);
    let new_access = refreshed.body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    let decoded = app.state.jwt.decode_token(&new_access).expect("decodes");
    assert_eq!(decoded.claims.identity, ALICE);
    assert_eq!(
        decoded.claims.extra["roles"],
        json!(["reader"]),
        "the derived additional claims"
    );
    assert_eq!(
        app.answer(ME, Some(&new_access)).await,
        (200, json!({"email": ALICE, "roles": ["reader"]}))
    );
    assert_eq!(
        app.answer(PLAIN, Some(&new_access)).await,
        (200, json!({"plain": ALICE}))
    );
    assert_eq!(
        app.answer(FRESH, Some(&new_access)).await,
        msg(401, "Fresh token required"),
        "a refreshed access token is not fresh"
    );
    assert_eq!(
        app.answer(REFRESH, Some(&new_access)).await,
        msg(422, ONLY_REFRESH)
    );
}

#[tokio::test]
async fn role_is_checked_on_the_loaded_user() {
    let app = start().await;
    assert_eq!(
        app.answer(ADMIN_ROUTE, None).await,
        msg(401, MISSING_HEADER)
    );
    let login = |email: &str| {
        let user = app.state.db.get(email).expect("user");
        app.state
            .jwt
            .login_user(&user, true)
            .expect("login")
            .access_token
    };
    let reader = login(ALICE);
    let admin = login(ADMIN);
    let claims = |token: &str| app.state.jwt.decode_token(token).expect("decodes").claims;
    assert_eq!(claims(&reader).extra["roles"], json!(["reader"]));
    assert_eq!(claims(&admin).extra["roles"], json!(["reader", "admin"]));
    assert_eq!(
        app.answer(ADMIN_ROUTE, Some(&reader)).await,
        (403, json!({"msg": "Missing role \"admin\""}))
    );
    assert_eq!(
        app.answer(ADMIN_ROUTE, Some(&admin)).await,
        (200, json!({"admin": ADMIN}))
    );
    // The role comes from the loaded user, not from the token's claims.
    assert_eq!(
        app.answer(ADMIN_ROUTE, Some(&app.stale(ADMIN))).await,
        (200, json!({"admin": ADMIN}))
    );
    assert_eq!(
        app.answer(ADMIN_ROUTE, Some(&app.refresh_token(ADMIN)))
            .await,
        msg(422, ONLY_ACCESS)
    );
    // The other routes do not care about roles.
    assert_eq!(
        app.answer(ME, Some(&reader)).await,
        (200, json!({"email": ALICE, "roles": ["reader"]}))
    );
}

#[tokio::test]
async fn json_location_of_a_route() {
    let app = start().await;
    let alice = app.access(ALICE);
    // A header token, no body: the json location's own message.
    let header_only = app
        .server
        .request("POST", "/json-only")
        .header("Authorization", format!("Bearer {alice}"));
    assert_eq!(answer(&send(header_only).await), msg(401, NOT_JSON));
    // A header token with a JSON body that has no token.
    let header_and_body = app
        .server
        .request("POST", "/json-only")
        .header("Authorization", format!("Bearer {alice}"))
        .header("content-type", "application/json")
        .body(r#"{"note": "hello"}"#);
    assert_eq!(
        answer(&send(header_and_body).await),
        msg(401, MISSING_JSON_KEY)
    );
    // The body token works, and the handler reads the same body.
    assert_eq!(
        app.answer(JSON_ONLY, Some(&alice)).await,
        (
            200,
            json!({"email": ALICE, "body": {"note": "hello", "access_token": alice}})
        )
    );
    let not_a_string = app
        .server
        .request("POST", "/json-only")
        .header("content-type", "application/json")
        .body(r#"{"access_token": 5}"#);
    assert_eq!(
        answer(&send(not_a_string).await),
        msg(422, "Invalid token type. Token must be a <class 'bytes'>")
    );
    assert_eq!(
        app.answer(JSON_ONLY, Some("abc")).await,
        msg(422, "Not enough segments")
    );
    // Other routes still look in the headers only.
    let body_token_elsewhere = app
        .server
        .request("PUT", "/items/7")
        .header("content-type", "application/json")
        .body(json!({"access_token": alice}).to_string());
    assert_eq!(
        answer(&send(body_token_elsewhere).await),
        msg(401, MISSING_HEADER)
    );
}

#[tokio::test]
async fn json_location_without_the_body_read_is_a_server_error() {
    // `jwt.layer()` alone reads no JSON body when `json` is not a configured location.
    let app = start_with(JwtManager::layer).await;
    let alice = app.access(ALICE);
    assert_eq!(
        app.answer(JSON_ONLY, Some(&alice)).await,
        msg(500, "Internal Server Error")
    );
    assert_eq!(
        app.answer(ME, Some(&alice)).await,
        (200, json!({"email": ALICE, "roles": ["reader"]}))
    );
}

#[tokio::test]
async fn query_string_location_of_a_route() {
    let app = start().await;
    let alice = app.access(ALICE);
    assert_eq!(app.answer(QUERY_ONLY, None).await, msg(401, MISSING_QUERY));
    let header_token = app.server.with_bearer("GET", "/query-only", &alice).await;
    assert!(header_token.set_cookies.is_empty());
    assert_eq!(answer(&header_token), msg(401, MISSING_QUERY));
    assert_eq!(
        app.answer(QUERY_ONLY, Some(&alice)).await,
        (200, json!({"query": ALICE}))
    );
    assert_eq!(
        app.answer(QUERY_ONLY, Some("abc")).await,
        msg(422, "Not enough segments")
    );
    // Other routes do not read the query string.
    let query_elsewhere = send(app.server.request("GET", &format!("/me?jwt={alice}"))).await;
    assert_eq!(answer(&query_elsewhere), msg(401, MISSING_HEADER));
}

#[tokio::test]
async fn guard_runs_before_state_path_and_json() {
    let app = start().await;
    let alice = app.access(ALICE);
    let malformed = |path: &str, token: Option<&str>| {
        let mut request = app
            .server
            .request("PUT", path)
            .header("content-type", "application/json")
            .body("{not json");
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        request
    };
    assert_eq!(
        answer(&send(malformed("/items/7", None)).await),
        msg(401, MISSING_HEADER),
        "the guard answers before Json's 400"
    );
    assert_eq!(
        answer(&send(malformed("/items/abc", None)).await),
        msg(401, MISSING_HEADER),
        "the guard answers before Path's 400"
    );
    let no_content_type = app.server.request("PUT", "/items/7").body("{}");
    assert_eq!(
        answer(&send(no_content_type).await),
        msg(401, MISSING_HEADER),
        "the guard answers before Json's 415"
    );
    // With a token, the handler's own extractors answer.
    let bad_json = send(malformed("/items/7", Some(&alice))).await;
    assert_eq!(bad_json.status, 400, "{bad_json:?}");
    assert!(
        bad_json
            .body
            .as_str()
            .is_some_and(|text| text.starts_with("Failed to parse the request body as JSON")),
        "axum's JSON rejection: {bad_json:?}"
    );
    let no_content_type = app
        .server
        .request("PUT", "/items/7")
        .header("Authorization", format!("Bearer {alice}"))
        .body("{}");
    assert_eq!(send(no_content_type).await.status, 415);
    let bad_path = app
        .server
        .request("PUT", "/items/abc")
        .header("Authorization", format!("Bearer {alice}"))
        .header("content-type", "application/json")
        .body("{}");
    assert_eq!(send(bad_path).await.status, 400);
    assert_eq!(
        app.answer(UPDATE, Some(&alice)).await,
        (
            200,
            json!({"email": ALICE, "item": 7, "body": {"name": "lamp"}, "stored": true})
        )
    );
}

#[tokio::test]
async fn the_derived_extractor_alone_requires_an_access_token() {
    let app = start().await;
    assert_eq!(app.answer(PLAIN, None).await, msg(401, MISSING_HEADER));
    assert_eq!(
        app.answer(PLAIN, Some(&app.stale(ALICE))).await,
        (200, json!({"plain": ALICE}))
    );
    assert_eq!(
        app.answer(PLAIN, Some(&app.refresh_token(ALICE))).await,
        msg(422, ONLY_ACCESS)
    );
    assert_eq!(
        app.answer(PLAIN, Some(&app.access(INACTIVE))).await,
        msg(403, "User account is inactive")
    );
}

#[tokio::test]
async fn user_lookup_failures_on_every_form() {
    let app = start().await;
    for route in ALL {
        assert_eq!(
            app.answer(route, Some(&app.token_for(route, INACTIVE)))
                .await,
            msg(403, "User account is inactive"),
            "{route:?}"
        );
        assert_eq!(
            app.answer(route, Some(&app.token_for(route, UNKNOWN)))
                .await,
            msg(401, "Error loading the user x@example.com"),
            "{route:?}"
        );
        assert_eq!(
            app.answer(route, Some(&app.token_for(route, BROKEN))).await,
            msg(500, "The user could not be loaded"),
            "{route:?}"
        );
    }
}

#[tokio::test]
async fn revoked_tokens_on_every_form() {
    let app = start().await;
    for route in ALL {
        let email = if route.path == ADMIN_ROUTE.path {
            ADMIN
        } else {
            ALICE
        };
        let token = app.token_for(route, email);
        let other = app.token_for(route, email);
        assert_eq!(
            app.call(route, Some(&token)).await.status,
            200,
            "{route:?} before the revocation"
        );
        let decoded = app.state.jwt.decode_token(&token).expect("decodes");
        app.state.jwt.revoke_token(&decoded).await.expect("revoke");
        assert_eq!(
            app.answer(route, Some(&token)).await,
            msg(401, "Token has been revoked"),
            "{route:?}"
        );
        assert_eq!(
            app.call(route, Some(&other)).await.status,
            200,
            "{route:?}: another token of the same user still works"
        );
    }
}

#[tokio::test]
async fn options_requests_are_not_checked() {
    let app = start().await;
    for route in REQUIRED {
        let reply = send(app.server.request("OPTIONS", route.path)).await;
        assert_eq!(answer(&reply), (204, Value::Null), "{route:?}");
    }
    // Even with a bad token: an OPTIONS request is never checked.
    let reply = send(
        app.server
            .request("OPTIONS", "/admin")
            .header("Authorization", "Bearer abc"),
    )
    .await;
    assert_eq!(answer(&reply), (204, Value::Null));
    // The optional route has no user to refuse: its handler runs anonymously.
    let reply = send(app.server.request("OPTIONS", "/maybe")).await;
    assert_eq!(answer(&reply), (200, json!({"email": null})));
}

#[tokio::test]
async fn the_guard_loads_the_user_once_per_request() {
    let app = start().await;
    for route in ALL {
        let token = app.token_for(route, ADMIN);
        let before = app.state.db.loads();
        let reply = app.call(route, Some(&token)).await;
        assert_eq!(reply.status, 200, "{route:?}: {reply:?}");
        assert_eq!(
            app.state.db.loads() - before,
            1,
            "{route:?}: current_user reuses the user the guard loaded"
        );
    }
    let before = app.state.db.loads();
    assert_eq!(app.answer(MAYBE, None).await, (200, json!({"email": null})));
    assert_eq!(app.state.db.loads(), before, "no token, no lookup");
    assert_eq!(app.answer(ME, None).await, msg(401, MISSING_HEADER));
    assert_eq!(
        app.answer(ME, Some(&app.refresh_token(ADMIN))).await,
        msg(422, ONLY_ACCESS)
    );
    assert_eq!(app.state.db.loads(), before, "a refused token, no lookup");
}
