//! The people API's own log, at `RUST_LOG=trace` (every crate, sqlx and hyper
//! included), after a session with successes and refusals: no secret, no password, no
//! token and no CSRF value in it.

use serde_json::json;

use crate::client::{Api, Carrier, claims};
use crate::contract::{ALICE, PASSWORD};
use crate::service::{SECRET, Service};
use crate::tokens::forged_access;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_secret_reaches_the_log_even_at_trace() {
    let service = Service::rust(&[
        ("RUST_LOG", "trace"),
        ("JWT_TOKEN_LOCATION", "headers,cookies,json"),
    ]);
    let api = Api::new(&service, true);
    api.signup(ALICE, PASSWORD).await;
    let login = api.login(ALICE, PASSWORD, true).await;
    let refresh = login.refresh.clone().expect("refresh token");
    let mut secrets = vec![login.access.clone(), refresh.clone()];
    for token in [&login.access, &refresh] {
        let csrf = claims(token).expect("claims")["csrf"]
            .as_str()
            .expect("csrf")
            .to_owned();
        secrets.push(csrf);
    }

    for carrier in [Carrier::Header, Carrier::Cookie, Carrier::Json] {
        api.call("POST", "/me")
            .access(carrier, &login.access)
            .send()
            .await;
        api.call("POST", "/fresh")
            .access(carrier, &login.access)
            .send()
            .await;
        let renewed = api
            .call("POST", "/refresh")
            .refresh(carrier, &refresh)
            .send()
            .await;
        if let Some(token) = renewed.body["access_token"].as_str() {
            secrets.push(token.to_owned());
        }
        api.call("POST", "/me")
            .access(carrier, &refresh)
            .send()
            .await;
        api.call("POST", "/me")
            .access(carrier, &forged_access(ALICE))
            .send()
            .await;
    }
    api.post_json(
        "/login",
        json!({"email": ALICE, "password": "a wrong password"}),
    )
    .await;
    api.call("POST", "/me")
        .cookie("access_token_cookie", &login.access)
        .header("X-CSRF-TOKEN", "not-the-csrf-value")
        .send()
        .await;
    api.call("POST", "/logout")
        .access(Carrier::Header, &login.access)
        .send()
        .await;
    api.call("GET", "/me")
        .access(Carrier::Header, &login.access)
        .send()
        .await;
    api.call("DELETE", "/me")
        .access(Carrier::Header, &refresh)
        .send()
        .await;

    let log = service.stderr();
    // Nothing logs at TRACE here; DEBUG lines (sqlx's statements) show the filter open.
    assert!(log.contains("DEBUG"), "the log is open below INFO:\n{log}");
    assert!(!log.contains(SECRET), "the secret is in the log");
    assert!(!log.contains(PASSWORD), "the password is in the log");
    assert!(
        !log.contains("a wrong password"),
        "a tried password is in the log"
    );
    for value in &secrets {
        for piece in value.split('.').filter(|piece| piece.len() >= 16) {
            assert!(!log.contains(piece), "a token or CSRF piece is in the log");
        }
    }
}
