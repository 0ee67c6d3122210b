//! `JWT_TOKEN_LOCATION=headers,cookies,json,query_string`: every location at once.
//! Flask-JWT-Extended tries them in the configured order and uses the first one
//! where a token is present; only when none has one does it answer with every
//! location's own refusal.

use serde_json::json;

use crate::client::{Api, Carrier, answer, msg};
use crate::contract::{ALICE, PASSWORD, walk_every_route};
use crate::service::Service;

const LOCATIONS: &str = "headers,cookies,json,query_string";

/// The refusal of a request without a token: each location's message, in order.
/// `json` is the JSON location's own (the content type, or the missing key) and
/// `cookie` the cookie the route reads.
fn missing(cookie: &str, json: &str) -> (u16, serde_json::Value) {
    msg(
        401,
        &format!(
            "Missing JWT in headers, cookies, json or query_string (Missing Authorization \
             Header; Missing cookie \"{cookie}\"; {json}; Missing 'jwt' query paramater)"
        ),
    )
}

const NOT_JSON: &str = "Invalid content-type. Must be application/json.";

fn combined_service() -> Service {
    Service::rust(&[("JWT_TOKEN_LOCATION", LOCATIONS)])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_with_the_token_in_the_header_among_all_locations() {
    let service = combined_service();
    let api = Api::new(&service, true);
    walk_every_route(
        &api,
        Carrier::Header,
        missing("access_token_cookie", NOT_JSON),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_location_alone_is_enough_and_none_lists_every_refusal() {
    let service = combined_service();
    let api = Api::new(&service, true);
    api.signup(ALICE, PASSWORD).await;
    let login = api.login(ALICE, PASSWORD, true).await;
    let access = login.access;
    let refresh = login.refresh.expect("refresh token");
    assert_eq!(
        login.reply.set_cookies.len(),
        4,
        "cookies are a location: /login sets them"
    );
    let me = (200, json!({"email": ALICE}));

    for (method, carrier) in [
        ("GET", Carrier::Header),
        ("POST", Carrier::Header),
        ("GET", Carrier::Cookie),
        ("POST", Carrier::Cookie),
        ("POST", Carrier::Json),
        ("GET", Carrier::Query),
        ("POST", Carrier::Query),
    ] {
        let reply = api
            .call(method, "/me")
            .access(carrier, &access)
            .send()
            .await;
        assert_eq!(answer(&reply), me, "{method} /me, {carrier:?}");
    }
    for carrier in [
        Carrier::Header,
        Carrier::Cookie,
        Carrier::Json,
        Carrier::Query,
    ] {
        let reply = api
            .call("POST", "/refresh")
            .refresh(carrier, &refresh)
            .send()
            .await;
        assert_eq!(reply.status, 200, "/refresh, {carrier:?}: {reply:?}");
    }

    // No token anywhere.
    for method in ["GET", "POST", "DELETE"] {
        let reply = api.call(method, "/me").send().await;
        assert_eq!(
            answer(&reply),
            missing("access_token_cookie", NOT_JSON),
            "{method} /me"
        );
        let reply = api
            .call(method, "/me")
            .json(json!({"note": "hello"}))
            .send()
            .await;
        assert_eq!(
            answer(&reply),
            missing(
                "access_token_cookie",
                "Missing \"access_token\" key in json data."
            ),
            "{method} /me with a JSON body"
        );
    }
    let reply = api.call("POST", "/refresh").send().await;
    assert_eq!(answer(&reply), missing("refresh_token_cookie", NOT_JSON));
    let reply = api
        .call("POST", "/refresh")
        .json(json!({"access_token": refresh}))
        .send()
        .await;
    assert_eq!(
        answer(&reply),
        missing(
            "refresh_token_cookie",
            "Missing \"refresh_token\" key in json data."
        )
    );
    assert_eq!(
        answer(&api.call("POST", "/optional").send().await),
        (200, json!({"email": null}))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_location_with_a_token_is_the_one_used() {
    let service = combined_service();
    let api = Api::new(&service, true);
    api.signup(ALICE, PASSWORD).await;
    let access = api.login(ALICE, PASSWORD, false).await.access;
    let me = (200, json!({"email": ALICE}));
    let bearer = format!("Bearer {access}");

    // A good header wins over a bad cookie: cookies are not looked at, so no
    // CSRF header is needed either.
    for method in ["GET", "POST"] {
        let reply = api
            .call(method, "/me")
            .header("Authorization", bearer.clone())
            .cookie("access_token_cookie", "garbage")
            .send()
            .await;
        assert_eq!(answer(&reply), me, "{method} /me");
    }
    // A bad header is used even when a later location holds a good token.
    let reply = api
        .call("GET", "/me")
        .header("Authorization", "Bearer garbage")
        .cookie("access_token_cookie", &access)
        .send()
        .await;
    assert_eq!(answer(&reply), msg(422, "Not enough segments"));
    let reply = api
        .call("GET", "/me")
        .cookie("access_token_cookie", "garbage")
        .query("jwt", &access)
        .send()
        .await;
    assert_eq!(answer(&reply), msg(422, "Not enough segments"));
    // A cookie without its CSRF header is refused, not skipped.
    let reply = api
        .call("POST", "/me")
        .cookie("access_token_cookie", &access)
        .json(json!({"access_token": access}))
        .send()
        .await;
    assert_eq!(answer(&reply), msg(401, "Missing CSRF token"));
    // An Authorization header of another type counts as no header.
    let reply = api
        .call("GET", "/me")
        .header("Authorization", format!("Token {access}"))
        .query("jwt", &access)
        .send()
        .await;
    assert_eq!(answer(&reply), me);
}
