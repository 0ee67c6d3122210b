//! `JWT_TOKEN_LOCATION=json`: `{"access_token": ...}` or `{"refresh_token": ...}` in
//! an `application/json` body. No answer sets a cookie (the `Api` checks it).

use serde_json::json;

use crate::client::{Api, Carrier, answer, msg};
use crate::contract::{ALICE, PASSWORD, walk_every_route};
use crate::service::Service;

const CONTENT_TYPE: &str = "Invalid content-type. Must be application/json.";
const MISSING_ACCESS: &str = "Missing \"access_token\" key in json data.";
const MISSING_REFRESH: &str = "Missing \"refresh_token\" key in json data.";

fn json_service() -> Service {
    Service::rust(&[("JWT_TOKEN_LOCATION", "json")])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_with_the_token_in_the_json_body() {
    let service = json_service();
    let api = Api::new(&service, false);
    // A request without a body has no JSON content type at all.
    walk_every_route(&api, Carrier::Json, msg(401, CONTENT_TYPE)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_one_key_of_the_body_and_each_kind_has_its_own_key() {
    let service = json_service();
    let api = Api::new(&service, false);
    api.signup(ALICE, PASSWORD).await;
    let login = api.login(ALICE, PASSWORD, true).await;
    let access = login.access;
    let refresh = login.refresh.expect("refresh token");
    let me = (200, json!({"email": ALICE}));

    // Beside other fields, in any order.
    let reply = api
        .call("POST", "/me")
        .json(json!({"note": "hello", "access_token": access, "items": [1, 2]}))
        .send()
        .await;
    assert_eq!(answer(&reply), me);

    // An object without the key, or with an empty one.
    for body in [
        json!({}),
        json!({"note": "hello"}),
        json!({"token": access}),
        json!({"Access_Token": access}),
        json!({"access_token": null}),
        json!({"access_token": ""}),
        json!({"refresh_token": access}),
    ] {
        let reply = api.call("POST", "/me").json(body.clone()).send().await;
        assert_eq!(answer(&reply), msg(401, MISSING_ACCESS), "{body}");
    }
    // A key that is there but not a string reaches PyJWT.
    let reply = api
        .call("POST", "/me")
        .json(json!({"access_token": 5}))
        .send()
        .await;
    assert_eq!(
        answer(&reply),
        msg(422, "Invalid token type. Token must be a <class 'bytes'>")
    );

    // The refresh route reads `refresh_token`, never `access_token`.
    let reply = api
        .call("POST", "/refresh")
        .json(json!({"access_token": refresh}))
        .send()
        .await;
    assert_eq!(answer(&reply), msg(401, MISSING_REFRESH));
    // With both keys, each route takes its own.
    let both = json!({"access_token": access, "refresh_token": refresh});
    let reply = api.call("POST", "/me").json(both.clone()).send().await;
    assert_eq!(answer(&reply), me);
    let reply = api.call("POST", "/refresh").json(both).send().await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(reply.body["access_token"].is_string(), "{reply:?}");

    // An optional route without the key: no user, no error.
    let reply = api
        .call("POST", "/optional")
        .json(json!({"note": "hello"}))
        .send()
        .await;
    assert_eq!(answer(&reply), (200, json!({"email": null})));

    // Other locations are not read in this mode.
    let reply = api
        .call("GET", "/me")
        .header("Authorization", format!("Bearer {access}"))
        .query("jwt", &access)
        .cookie("access_token_cookie", &access)
        .send()
        .await;
    assert_eq!(answer(&reply), msg(401, CONTENT_TYPE));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_body_must_be_json_by_its_content_type_and_an_object() {
    let service = json_service();
    let api = Api::new(&service, false);
    api.signup(ALICE, PASSWORD).await;
    let access = api.login(ALICE, PASSWORD, false).await.access;
    let token_body = json!({"access_token": access}).to_string();

    // Flask's `request.is_json`: application/json, with parameters, or any
    // application/*+json.
    for content_type in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.api+json",
    ] {
        let reply = api
            .call("POST", "/me")
            .body(content_type, token_body.clone())
            .send()
            .await;
        assert_eq!(
            answer(&reply),
            (200, json!({"email": ALICE})),
            "{content_type}"
        );
    }

    // Any other content type: the JSON text inside is not read.
    for (content_type, body) in [
        ("text/plain", token_body.clone()),
        ("text/json", token_body.clone()),
        (
            "application/x-www-form-urlencoded",
            format!("access_token={access}"),
        ),
    ] {
        let reply = api
            .call("POST", "/me")
            .body(content_type, body)
            .send()
            .await;
        assert_eq!(answer(&reply), msg(401, CONTENT_TYPE), "{content_type}");
    }

    // JSON, but no object with the key: empty, malformed, or another JSON value.
    // Flask-JWT-Extended answers a non-empty list, a string, a number or `true`
    // with a 500 (`.get` on a non-dict); the crate answers as for a missing key
    // (the README's table of deliberate differences).
    for body in [
        "",
        "{\"access_token\": ",
        "null",
        "[]",
        "[1, 2]",
        "\"abc\"",
        "7",
        "true",
    ] {
        for (path, expected) in [
            ("/me", msg(401, MISSING_ACCESS)),
            ("/optional", (200, json!({"email": null}))),
        ] {
            let reply = api
                .call("POST", path)
                .body("application/json", body)
                .send()
                .await;
            assert_eq!(answer(&reply), expected, "POST {path} {body:?}");
        }
    }
    // The same for the refresh key.
    let reply = api
        .call("POST", "/refresh")
        .body("application/json", "[1, 2]")
        .send()
        .await;
    assert_eq!(answer(&reply), msg(401, MISSING_REFRESH));
}
