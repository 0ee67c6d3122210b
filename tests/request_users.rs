//! The request side over real HTTP with the default settings (token in the
//! `Authorization` header): current user, optional, fresh, refresh, logout and
//! revocation, inactive and missing users, loader failures, hooks.

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_jwt_login::{
    AuthError, Blocklist, BlocklistError, DecodedToken, JwtConfig, JwtManager, TokenOptions,
};
use serde_json::json;
use support::server::*;
use support::*;

fn config() -> axum_jwt_login::JwtConfigBuilder {
    JwtConfig::builder().secret(SECRET)
}

#[tokio::test]
async fn login_then_me() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let login = server.login("alice@example.com", false).await;
    assert_eq!(login.body["msg"], "Logged in successfully!");
    assert!(
        login.body.get("refresh_token").is_none(),
        "no refresh token without remember"
    );
    assert!(
        login.set_cookies.is_empty(),
        "no cookie in headers mode: {:?}",
        login.set_cookies
    );
    let token = login.body["access_token"].as_str().unwrap();
    let me = server.with_bearer("GET", "/me", token).await;
    assert_eq!(answer(&me), (200, json!({"email": "alice@example.com"})));
    assert!(me.set_cookies.is_empty());
    let claims = server.with_bearer("GET", "/claims", token).await;
    assert_eq!(
        claims.body["claims"]["roles"],
        json!(["reader"]),
        "the user's additional claims are in the token"
    );
    assert_eq!(claims.body["header"]["alg"], "HS256");
}

#[tokio::test]
async fn refusals_without_a_good_token() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let send = |request| Server::send(request);
    assert_eq!(
        answer(&send(server.request("GET", "/me")).await),
        msg(401, "Missing Authorization Header")
    );
    assert_eq!(
        answer(
            &send(
                server
                    .request("GET", "/me")
                    .header("Authorization", "Basic abc")
            )
            .await
        ),
        msg(
            401,
            "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"
        )
    );
    assert_eq!(
        answer(
            &send(
                server
                    .request("GET", "/me")
                    .header("Authorization", "Bearer a b")
            )
            .await
        ),
        msg(
            422,
            "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"
        )
    );
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", "abc").await),
        msg(422, "Not enough segments")
    );
    let expired = hs256_token(
        HS256_HEADER,
        &format!(r#"{{"sub":"alice@example.com","exp":{}}}"#, now() - 5),
    );
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &expired).await),
        msg(401, "Token has expired")
    );
    let other = JwtManager::new(JwtConfig::builder().secret("x".repeat(32)).build().unwrap());
    let forged = other
        .create_access_token("alice@example.com", TokenOptions::new())
        .unwrap();
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &forged).await),
        msg(422, "Signature verification failed")
    );
}

#[tokio::test]
async fn missing_inactive_and_broken_users() {
    let (router, state) = app(config());
    let server = Server::start(router).await;
    let jwt = &state.jwt;
    let ghost = jwt
        .create_access_token("ghost@example.com", TokenOptions::new())
        .unwrap();
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &ghost).await),
        msg(401, "Error loading the user ghost@example.com")
    );
    let bob = jwt
        .create_access_token("bob@example.com", TokenOptions::new())
        .unwrap();
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &bob).await),
        msg(403, "User account is inactive")
    );
    let login = Server::send(
        server
            .request("POST", "/login")
            .header("content-type", "application/json")
            .body(r#"{"email":"bob@example.com"}"#),
    )
    .await;
    assert_eq!(
        answer(&login),
        msg(403, "User account is inactive"),
        "an inactive user cannot log in"
    );
    let broken = jwt
        .create_access_token("broken@example.com", TokenOptions::new())
        .unwrap();
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &broken).await),
        msg(500, "The user could not be loaded"),
        "an outage is a 500, not a 401"
    );
    // A deleted account: its tokens stop working.
    let alice = server.access_token("alice@example.com").await;
    state.users.remove("alice@example.com");
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &alice).await),
        msg(401, "Error loading the user alice@example.com")
    );
}

#[tokio::test]
async fn optional_routes() {
    let (router, state) = app(config());
    let server = Server::start(router).await;
    assert_eq!(
        answer(&Server::send(server.request("GET", "/optional")).await),
        (200, json!({"email": null}))
    );
    let token = server.access_token("alice@example.com").await;
    assert_eq!(
        answer(&server.with_bearer("GET", "/optional", &token).await),
        (200, json!({"email": "alice@example.com"}))
    );
    assert_eq!(
        answer(&server.with_bearer("GET", "/optional", "a.b").await),
        msg(422, "Not enough segments"),
        "a bad token is still refused"
    );
    let ghost = state
        .jwt
        .create_access_token("ghost@example.com", TokenOptions::new())
        .unwrap();
    assert_eq!(
        answer(&server.with_bearer("GET", "/optional", &ghost).await),
        msg(401, "Error loading the user ghost@example.com")
    );
}

#[tokio::test]
async fn fresh_refresh_and_token_types() {
    let (router, state) = app(config());
    let server = Server::start(router).await;
    let login = server.login("alice@example.com", true).await;
    let access = login.body["access_token"].as_str().unwrap().to_owned();
    let refresh = login.body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(
        answer(&server.with_bearer("POST", "/fresh", &access).await),
        (200, json!({"msg": "fresh"}))
    );
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &refresh).await),
        msg(422, "Only non-refresh tokens are allowed")
    );
    assert_eq!(
        answer(&server.with_bearer("POST", "/refresh", &access).await),
        msg(422, "Only refresh tokens are allowed")
    );
    let refreshed = server.with_bearer("POST", "/refresh", &refresh).await;
    assert_eq!(refreshed.status, 200);
    let new_access = refreshed.body["access_token"].as_str().unwrap();
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", new_access).await),
        (200, json!({"email": "alice@example.com"}))
    );
    assert_eq!(
        answer(&server.with_bearer("POST", "/fresh", new_access).await),
        msg(401, "Fresh token required")
    );
    let for_a_while = state
        .jwt
        .create_access_token(
            "alice@example.com",
            TokenOptions::new().fresh_for(Duration::from_secs(300)),
        )
        .unwrap();
    assert_eq!(
        server
            .with_bearer("POST", "/fresh", &for_a_while)
            .await
            .status,
        200
    );
    let stale = hs256_token(
        HS256_HEADER,
        &payload("alice@example.com", &format!(r#""fresh":{}"#, now() - 1)),
    );
    assert_eq!(
        answer(&server.with_bearer("POST", "/fresh", &stale).await),
        msg(401, "Fresh token required")
    );
}

#[tokio::test]
async fn logout_revokes_the_token() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let token = server.access_token("alice@example.com").await;
    let other = server.access_token("alice@example.com").await;
    assert_eq!(
        answer(&server.with_bearer("POST", "/logout", &token).await),
        (200, json!({"msg": "Logged out"}))
    );
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &token).await),
        msg(401, "Token has been revoked")
    );
    assert_eq!(
        answer(&server.with_bearer("POST", "/logout", &token).await),
        msg(401, "Token has been revoked")
    );
    assert_eq!(
        server.with_bearer("GET", "/me", &other).await.status,
        200,
        "another token of the same user still works"
    );
}

#[tokio::test]
async fn options_requests_are_not_checked() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let reply = Server::send(server.request("OPTIONS", "/me")).await;
    assert_eq!(
        (reply.status, reply.body.clone()),
        (204, serde_json::Value::Null)
    );
}

/// A blocklist that cannot answer: requests fail closed with 503.
struct Unreachable;

impl Blocklist for Unreachable {
    async fn revoke(&self, _jti: &str, _expires_at: Option<i64>) -> Result<(), BlocklistError> {
        Err(BlocklistError::new("connection refused"))
    }
    async fn is_revoked(&self, _jti: &str) -> Result<bool, BlocklistError> {
        Err(BlocklistError::new("connection refused"))
    }
}

#[tokio::test]
async fn an_unreachable_blocklist_fails_closed() {
    let jwt = JwtManager::with_blocklist(config().build().unwrap(), Unreachable);
    let users = Users::with(&[("alice@example.com", true)]);
    let state = AppState {
        jwt: jwt.clone(),
        users,
    };
    let server = Server::start(routes(state).layer(jwt.layer())).await;
    let token = jwt
        .create_access_token("alice@example.com", TokenOptions::new())
        .unwrap();
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &token).await),
        msg(503, "Token revocation status is unavailable")
    );
    assert_eq!(
        answer(&server.with_bearer("POST", "/logout", &token).await),
        msg(503, "Token revocation status is unavailable")
    );
}

#[tokio::test]
async fn hooks_claims_check_error_answers_and_loaded_signal() {
    let config = config()
        .verify_claims(Arc::new(|token: &DecodedToken| {
            token.claims.extra.get("banned").is_none()
        }))
        .error_message_key("error")
        .error_hook(Arc::new(|err: &AuthError| match err {
            AuthError::Revoked(_) => {
                Some((StatusCode::GONE, "revoked, log in again").into_response())
            }
            _ => None,
        }));
    let (router, state) = app(config);
    let server = Server::start(router).await;
    let banned = state
        .jwt
        .create_access_token(
            "alice@example.com",
            TokenOptions::new().claim("banned", true),
        )
        .unwrap();
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &banned).await),
        (400, json!({"error": "User claims verification failed"}))
    );
    let before = LOADED_FROM_REQUEST.load(Ordering::Relaxed);
    let token = server.access_token("alice@example.com").await;
    assert_eq!(server.with_bearer("GET", "/me", &token).await.status, 200);
    assert!(
        LOADED_FROM_REQUEST.load(Ordering::Relaxed) > before,
        "on_loaded_from_request was called"
    );
    assert_eq!(
        server.with_bearer("POST", "/logout", &token).await.status,
        200
    );
    let revoked = server.with_bearer("GET", "/me", &token).await;
    assert_eq!(
        (revoked.status, revoked.body.clone()),
        (410, json!("revoked, log in again"))
    );
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", "x").await),
        (422, json!({"error": "Not enough segments"}))
    );
}
