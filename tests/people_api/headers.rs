//! `JWT_TOKEN_LOCATION=headers` (the default): `Authorization: Bearer <token>`.

use crate::client::{Api, Carrier, answer, msg};
use crate::contract::{ALICE, PASSWORD, walk_every_route};
use crate::service::Service;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_with_the_token_in_the_authorization_header() {
    let service = Service::rust(&[]);
    let api = Api::new(&service, false);
    walk_every_route(
        &api,
        Carrier::Header,
        msg(401, "Missing Authorization Header"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_authorization_headers_get_flask_jwt_extendeds_messages() {
    let service = Service::rust(&[("JWT_TOKEN_LOCATION", "headers")]);
    let api = Api::new(&service, false);
    api.signup(ALICE, PASSWORD).await;
    let token = api.login(ALICE, PASSWORD, false).await.access;
    for (value, expected) in [
        (
            format!("Token {token}"),
            msg(
                401,
                "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'",
            ),
        ),
        (
            format!("Bearer {token} extra"),
            msg(
                422,
                "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'",
            ),
        ),
        (
            "Bearer".to_owned(),
            msg(
                422,
                "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'",
            ),
        ),
    ] {
        let reply = api
            .call("GET", "/me")
            .header("Authorization", value.clone())
            .send()
            .await;
        assert_eq!(answer(&reply), expected, "Authorization: {value}");
    }
    // Other locations are not read in this mode.
    let reply = api
        .call("GET", "/me")
        .query("jwt", &token)
        .cookie("access_token_cookie", &token)
        .send()
        .await;
    assert_eq!(answer(&reply), msg(401, "Missing Authorization Header"));
}
