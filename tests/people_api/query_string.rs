//! `JWT_TOKEN_LOCATION=query_string`: `?jwt=<token>`, for access and refresh
//! tokens alike. No answer sets a cookie (the `Api` checks it).

use serde_json::json;

use crate::client::{Api, Carrier, answer, msg};
use crate::contract::{ALICE, PASSWORD, walk_every_route};
use crate::service::Service;

/// Flask-JWT-Extended's message, spelling included.
const MISSING: &str = "Missing 'jwt' query paramater";

fn query_service() -> Service {
    Service::rust(&[("JWT_TOKEN_LOCATION", "query_string")])
}

/// Every byte as `%XX`, even those that need no escaping.
fn percent_encode_all(text: &str) -> String {
    text.bytes().map(|byte| format!("%{byte:02X}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_with_the_token_in_the_query_string() {
    let service = query_service();
    let api = Api::new(&service, false);
    walk_every_route(&api, Carrier::Query, msg(401, MISSING)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_jwt_parameter_is_read_and_it_is_percent_decoded() {
    let service = query_service();
    let api = Api::new(&service, false);
    api.signup(ALICE, PASSWORD).await;
    let access = api.login(ALICE, PASSWORD, false).await.access;
    let me = (200, json!({"email": ALICE}));
    let get = |path_and_query: String| api.call("GET", &path_and_query).send();

    assert_eq!(answer(&get(format!("/me?jwt={access}")).await), me);
    assert_eq!(
        answer(&get(format!("/me?jwt={}", percent_encode_all(&access))).await),
        me,
        "a percent-encoded token"
    );
    assert_eq!(
        answer(&get(format!("/me?page=2&jwt={access}&sort=name")).await),
        me,
        "among other parameters"
    );
    // The first `jwt` parameter is the one read.
    assert_eq!(
        answer(&get(format!("/me?jwt={access}&jwt=not-a-token")).await),
        me
    );
    assert_eq!(
        answer(&get(format!("/me?jwt=not-a-token&jwt={access}")).await),
        msg(422, "Not enough segments")
    );

    // Another name, another case, or an empty value: no token.
    for query in [
        format!("token={access}"),
        format!("access_token={access}"),
        format!("JWT={access}"),
        "jwt=".to_owned(),
        "jwt".to_owned(),
    ] {
        assert_eq!(
            answer(&get(format!("/me?{query}")).await),
            msg(401, MISSING),
            "?{query}"
        );
    }
    assert_eq!(
        answer(&get("/optional?token=x".to_owned()).await),
        (200, json!({"email": null}))
    );

    // Other locations are not read in this mode.
    let reply = api
        .call("POST", "/me")
        .header("Authorization", format!("Bearer {access}"))
        .cookie("access_token_cookie", &access)
        .json(json!({"access_token": access}))
        .send()
        .await;
    assert_eq!(answer(&reply), msg(401, MISSING));
}
