//! Every route of the people API contract, driven with the token in one location:
//! the same walk for every token-location mode, with exact statuses and bodies.

use serde_json::json;

use crate::client::{Api, Carrier, answer, claims, msg};
use crate::tokens::{expired_access, forged_access};

pub const ALICE: &str = "alice@example.com";
pub const PASSWORD: &str = "correct horse battery staple";

/// Signs up, logs in (with and without `remember`), reaches every guarded route with
/// good and bad tokens, refreshes, logs out and deletes the account. `missing` is
/// the refusal of a request that carries no token at all.
pub async fn walk_every_route(api: &Api, carrier: Carrier, missing: (u16, serde_json::Value)) {
    signup_and_login_refusals(api).await;

    let short = api.login(ALICE, PASSWORD, false).await;
    let long = api.login(ALICE, PASSWORD, true).await;
    let refresh = long
        .refresh
        .clone()
        .expect("remember gives a refresh token");
    let login_claims = claims(&short.access).expect("claims");
    assert_eq!(login_claims["fresh"], true, "/login mints a fresh token");
    assert_eq!(login_claims["type"], "access");
    assert_eq!(login_claims["sub"], ALICE);
    assert_eq!(claims(&refresh).expect("claims")["type"], "refresh");

    for method in ["GET", "POST"] {
        let me = |token: &str| api.call(method, "/me").access(carrier, token);
        assert_eq!(
            answer(&me(&short.access).send().await),
            (200, json!({"email": ALICE})),
            "{method} /me"
        );
        assert_eq!(answer(&api.call(method, "/me").send().await), missing);
        assert_eq!(
            answer(&me(&refresh).send().await),
            msg(422, "Only non-refresh tokens are allowed")
        );
        assert_eq!(
            answer(&me("not-a-token").send().await),
            msg(422, "Not enough segments")
        );
        assert_eq!(
            answer(&me(&forged_access(ALICE)).send().await),
            msg(422, "Signature verification failed")
        );
        assert_eq!(
            answer(&me(&expired_access(ALICE)).send().await),
            msg(401, "Token has expired")
        );

        let optional = |token: &str| api.call(method, "/optional").access(carrier, token);
        assert_eq!(
            answer(&api.call(method, "/optional").send().await),
            (200, json!({"email": null})),
            "{method} /optional without a token"
        );
        assert_eq!(
            answer(&optional(&short.access).send().await),
            (200, json!({"email": ALICE}))
        );
        assert_eq!(
            answer(&optional(&forged_access(ALICE)).send().await),
            msg(422, "Signature verification failed"),
            "a bad token is an error on an optional route too"
        );
    }

    let fresh = |token: &str| api.call("POST", "/fresh").access(carrier, token);
    assert_eq!(
        answer(&fresh(&short.access).send().await),
        msg(200, "fresh")
    );

    let refreshed = api
        .call("POST", "/refresh")
        .refresh(carrier, &refresh)
        .send()
        .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    let renewed = refreshed.body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    assert_eq!(
        refreshed.body.as_object().map(|body| body.len()),
        Some(1),
        "/refresh answers only the access token: {:?}",
        refreshed.body
    );
    let renewed_claims = claims(&renewed).expect("claims");
    assert_eq!(
        renewed_claims["fresh"], false,
        "a refreshed token is not fresh"
    );
    assert_eq!(renewed_claims["type"], "access");
    assert_eq!(renewed_claims["sub"], ALICE);
    assert_eq!(
        answer(&fresh(&renewed).send().await),
        msg(401, "Fresh token required")
    );
    assert_eq!(
        answer(
            &api.call("POST", "/refresh")
                .refresh(carrier, &short.access)
                .send()
                .await
        ),
        msg(422, "Only refresh tokens are allowed")
    );
    assert_eq!(
        answer(&api.call("POST", "/refresh").send().await).0,
        missing.0
    );

    // Logout revokes the token it came with, and only that one.
    let logout = |token: &str| api.call("POST", "/logout").access(carrier, token);
    assert_eq!(
        answer(&logout(&short.access).send().await),
        msg(200, "Logged out")
    );
    let me = |token: &str| api.call("GET", "/me").access(carrier, token);
    assert_eq!(
        answer(&me(&short.access).send().await),
        msg(401, "Token has been revoked")
    );
    assert_eq!(
        answer(&logout(&short.access).send().await),
        msg(401, "Token has been revoked")
    );
    assert_eq!(
        answer(&me(&long.access).send().await),
        (200, json!({"email": ALICE}))
    );

    // Deleting the account: its other tokens then fail the user lookup.
    assert_eq!(
        answer(
            &api.call("DELETE", "/me")
                .access(carrier, &long.access)
                .send()
                .await
        ),
        msg(200, "Account deleted")
    );
    let lookup_error = msg(401, &format!("Error loading the user {ALICE}"));
    assert_eq!(answer(&me(&renewed).send().await), lookup_error);
    assert_eq!(
        answer(
            &api.call("POST", "/refresh")
                .refresh(carrier, &refresh)
                .send()
                .await
        ),
        lookup_error
    );
    assert_eq!(
        answer(
            &api.post_json("/login", json!({"email": ALICE, "password": PASSWORD}))
                .await
        ),
        msg(401, "Bad email or password")
    );
    // The email is free again.
    api.signup(ALICE, PASSWORD).await;
}

/// `/signup` and `/login` refusals, with exact bodies.
async fn signup_and_login_refusals(api: &Api) {
    api.signup(ALICE, PASSWORD).await;
    assert_eq!(
        answer(
            &api.post_json(
                "/signup",
                json!({"email": ALICE, "password": "another one"})
            )
            .await
        ),
        msg(409, "Email already registered")
    );
    let email_error = msg(400, "\"email\" must be a non-empty string");
    let password_error = msg(400, "\"password\" must be a non-empty string");
    for path in ["/signup", "/login"] {
        for (body, expected) in [
            (json!({"password": PASSWORD}), &email_error),
            (json!({"email": "", "password": PASSWORD}), &email_error),
            (json!({"email": 7, "password": PASSWORD}), &email_error),
            (json!({"email": null, "password": PASSWORD}), &email_error),
            (json!({"email": ALICE}), &password_error),
            (json!({"email": ALICE, "password": ["x"]}), &password_error),
        ] {
            assert_eq!(
                &answer(&api.post_json(path, body.clone()).await),
                expected,
                "{path} {body}"
            );
        }
        let not_object = msg(400, "The request body must be a JSON object");
        for (content_type, body) in [
            ("application/json", "[1, 2]"),
            ("application/json", "\"alice\""),
            ("application/json", "{\"email\": "),
            ("application/json", ""),
            ("application/x-www-form-urlencoded", "email=a&password=b"),
            (
                "text/plain",
                "{\"email\": \"a@example.com\", \"password\": \"b\"}",
            ),
        ] {
            assert_eq!(
                answer(&api.call("POST", path).body(content_type, body).send().await),
                not_object,
                "{path} {content_type} {body:?}"
            );
        }
    }
    for (body, expected) in [
        (
            json!({"email": ALICE, "password": "wrong"}),
            msg(401, "Bad email or password"),
        ),
        (
            json!({"email": "nobody@example.com", "password": PASSWORD}),
            msg(401, "Bad email or password"),
        ),
        (
            json!({"email": ALICE, "password": PASSWORD, "remember": "yes"}),
            msg(400, "\"remember\" must be true or false"),
        ),
        (
            json!({"email": ALICE, "password": PASSWORD, "remember": null}),
            msg(400, "\"remember\" must be true or false"),
        ),
    ] {
        assert_eq!(
            answer(&api.post_json("/login", body.clone()).await),
            expected,
            "/login {body}"
        );
    }
}
