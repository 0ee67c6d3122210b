//! No cookie session, ever, for a token-authenticated request, with tower-sessions'
//! `SessionManagerLayer` really installed for the browser routes of the same app:
//! the problem Flask-Login users solve by hand with a custom session interface.

mod support;

use axum::Router;
use axum_jwt_login::{JwtConfig, JwtManager, TokenLocation};
use serde_json::json;
use support::server::*;
use support::*;
use tower_sessions::{MemoryStore, SessionManagerLayer};

/// The app's routes plus session routes, the session layer inside `JwtLayer`.
fn app_with_sessions(
    config: axum_jwt_login::JwtConfigBuilder,
    jwt_layer: bool,
) -> (Router, AppState) {
    let jwt = JwtManager::new(config.build().unwrap());
    let users = Users::with(&[("alice@example.com", true)]);
    let state = AppState {
        jwt: jwt.clone(),
        users,
    };
    let sessions = SessionManagerLayer::new(MemoryStore::default()).with_secure(false);
    let router = routes(state.clone())
        .merge(session_routes(state.clone()))
        .layer(sessions);
    let router = if jwt_layer {
        router.layer(jwt.layer())
    } else {
        router
    };
    (router, state)
}

fn headers_mode() -> axum_jwt_login::JwtConfigBuilder {
    JwtConfig::builder().secret(SECRET)
}

#[tokio::test]
async fn browser_routes_still_get_their_session_cookie() {
    let (router, _) = app_with_sessions(headers_mode(), true);
    let server = Server::start(router).await;
    let reply = Server::send(server.request("GET", "/browser")).await;
    assert_eq!(answer(&reply), (200, json!({"msg": "browser"})));
    assert_eq!(reply.set_cookies.len(), 1, "{:?}", reply.set_cookies);
    assert!(
        reply.set_cookies[0].starts_with("id="),
        "tower-sessions is really installed: {:?}",
        reply.set_cookies
    );
}

#[tokio::test]
async fn a_handler_writing_the_session_sets_no_cookie_for_a_token_request() {
    let (router, _) = app_with_sessions(headers_mode(), true);
    let server = Server::start(router).await;
    let token = server.access_token("alice@example.com").await;
    for method in ["GET", "POST"] {
        let reply = server.with_bearer(method, "/session-write", &token).await;
        assert_eq!(answer(&reply), (200, json!({"email": "alice@example.com"})));
        assert!(
            reply.set_cookies.is_empty(),
            "{method}: {:?}",
            reply.set_cookies
        );
    }
}

#[tokio::test]
async fn error_answers_to_token_requests_set_no_cookie() {
    let (router, state) = app_with_sessions(headers_mode(), true);
    let server = Server::start(router).await;
    let bad = server
        .with_bearer("GET", "/session-write", "not.a.token")
        .await;
    assert_eq!(answer(&bad), msg(422, "Invalid header padding"));
    assert!(bad.set_cookies.is_empty(), "{:?}", bad.set_cookies);
    let ghost = state
        .jwt
        .create_access_token("ghost@example.com", axum_jwt_login::TokenOptions::new())
        .unwrap();
    let reply = server.with_bearer("GET", "/session-write", &ghost).await;
    assert_eq!(
        answer(&reply),
        msg(401, "Error loading the user ghost@example.com")
    );
    assert!(reply.set_cookies.is_empty());
}

#[tokio::test]
async fn a_handlers_own_cookie_is_dropped_on_token_requests() {
    let (router, _) = app_with_sessions(headers_mode(), true);
    let server = Server::start(router).await;
    let token = server.access_token("alice@example.com").await;
    let reply = server.with_bearer("GET", "/own-cookie", &token).await;
    assert_eq!(answer(&reply), (200, json!({"email": "alice@example.com"})));
    assert!(reply.set_cookies.is_empty(), "{:?}", reply.set_cookies);
}

/// The negative control: without `JwtLayer`, tower-sessions does set its cookie on a
/// token-authenticated request, which is why the layer exists.
#[tokio::test]
async fn without_the_layer_the_session_cookie_leaks() {
    let (router, _) = app_with_sessions(headers_mode(), false);
    let server = Server::start(router).await;
    let token = server.access_token("alice@example.com").await;
    let reply = server.with_bearer("GET", "/session-write", &token).await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.set_cookies.iter().any(|c| c.starts_with("id=")),
        "{:?}",
        reply.set_cookies
    );
}

#[tokio::test]
async fn with_cookie_tokens_only_the_jwt_and_csrf_cookies_are_set() {
    let config = headers_mode().token_location([TokenLocation::Cookies]);
    let (router, _) = app_with_sessions(config, true);
    let server = Server::start(router).await;
    let login = server.login("alice@example.com", false).await;
    let token = login.cookie("access_token_cookie").expect("access cookie");
    let csrf = login.cookie("csrf_access_token").expect("csrf cookie");
    let reply = Server::send(
        server
            .request("POST", "/session-write")
            .header("cookie", format!("access_token_cookie={token}"))
            .header("X-CSRF-TOKEN", &csrf),
    )
    .await;
    assert_eq!(answer(&reply), (200, json!({"email": "alice@example.com"})));
    assert!(
        reply.set_cookies.is_empty(),
        "no session cookie: {:?}",
        reply.set_cookies
    );
    let logout = Server::send(
        server
            .request("POST", "/logout")
            .header("cookie", format!("access_token_cookie={token}"))
            .header("X-CSRF-TOKEN", &csrf),
    )
    .await;
    assert_eq!(answer(&logout), (200, json!({"msg": "Logged out"})));
    let names: Vec<&str> = logout
        .set_cookies
        .iter()
        .map(|c| c.split('=').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "access_token_cookie",
            "csrf_access_token",
            "refresh_token_cookie",
            "csrf_refresh_token"
        ]
    );
}

#[tokio::test]
async fn no_response_in_headers_mode_sets_a_cookie() {
    let (router, state) = app_with_sessions(headers_mode(), true);
    let server = Server::start(router).await;
    let login = server.login("alice@example.com", true).await;
    let access = login.body["access_token"].as_str().unwrap().to_owned();
    let refresh = login.body["refresh_token"].as_str().unwrap().to_owned();
    let expired = hs256_token(
        HS256_HEADER,
        &format!(r#"{{"sub":"alice@example.com","exp":{}}}"#, now() - 1),
    );
    let stale = state
        .jwt
        .create_access_token("alice@example.com", axum_jwt_login::TokenOptions::new())
        .unwrap();
    let replies = [
        login,
        server.with_bearer("GET", "/me", &access).await,
        server.with_bearer("POST", "/fresh", &stale).await,
        server.with_bearer("POST", "/refresh", &refresh).await,
        server.with_bearer("GET", "/me", &expired).await,
        server.with_bearer("GET", "/optional", &access).await,
        Server::send(server.request("GET", "/me")).await,
        server.with_bearer("POST", "/logout", &access).await,
        server.with_bearer("GET", "/me", &access).await,
    ];
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 401, 200, 401, 200, 401, 200, 401]);
    for reply in &replies {
        assert!(reply.set_cookies.is_empty(), "{reply:?}");
    }
}
