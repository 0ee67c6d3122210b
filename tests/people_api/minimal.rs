//! `examples/minimal.rs`, the server of the load benchmark, answers as it should.

use serde_json::json;

use crate::client::{Api, Carrier, answer, msg};
use crate::service::{Kind, SECRET, Service};
use crate::tokens::{claims_for, expired_access, sign};

async fn me(api: &Api, token: &str) -> (u16, serde_json::Value) {
    answer(
        &api.call("GET", "/me")
            .access(Carrier::Header, token)
            .send()
            .await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minimal_serves_its_users_and_refuses_the_rest() {
    let service = Service::start(Kind::Minimal, &[]);
    let api = Api::new(&service, false);
    for email in [
        "alice@example.com",
        "user0@example.com",
        "user999@example.com",
    ] {
        let token = sign(&claims_for(email, "access", false, 600), SECRET);
        assert_eq!(me(&api, &token).await, (200, json!({ "email": email })));
    }
    let stranger = sign(
        &claims_for("user1000@example.com", "access", false, 600),
        SECRET,
    );
    assert_eq!(
        me(&api, &stranger).await,
        msg(401, "Error loading the user user1000@example.com")
    );
    assert_eq!(
        me(&api, &expired_access("alice@example.com")).await,
        msg(401, "Token has expired")
    );
    let refresh = sign(
        &claims_for("alice@example.com", "refresh", false, 600),
        SECRET,
    );
    assert_eq!(
        me(&api, &refresh).await,
        msg(422, "Only non-refresh tokens are allowed")
    );
    assert_eq!(
        answer(&api.call("GET", "/me").send().await),
        msg(401, "Missing Authorization Header")
    );
}
