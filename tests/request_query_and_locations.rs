//! The `query_string` token location, custom header settings, and several locations
//! searched in order, over real HTTP, with Flask-JWT-Extended 4.7's answers
//! (`_decode_jwt_from_query_string`, `_decode_jwt_from_headers`,
//! `_decode_jwt_from_request`), and a differential run against the real
//! Flask-JWT-Extended.

#[path = "interop/oracle.rs"]
mod oracle;
#[path = "interop/probe.rs"]
mod probe;

use probe::{get, same_as_flask};
mod support;

use axum_jwt_login::{JwtConfig, JwtConfigBuilder, TokenLocation, TokenOptions};
use serde_json::{Value, json};
use support::server::*;
use support::*;

use TokenLocation::{Cookies, Headers, Json, QueryString};

const ALICE: &str = "alice@example.com";
const CAROL: &str = "carol@example.com";
const MISSING_QUERY: &str = "Missing 'jwt' query paramater";
const MISSING_BEARER: &str =
    "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'";
const BAD_HEADER: &str = "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'";

fn config(locations: &[TokenLocation]) -> JwtConfigBuilder {
    JwtConfig::builder()
        .secret(SECRET)
        .token_location(locations.iter().copied())
}

/// Sends the request; no response here may set a cookie (the cookie modes only read
/// cookies on these routes, they never set one).
async fn send(request: reqwest::RequestBuilder) -> Reply {
    let reply = Server::send(request).await;
    assert!(reply.set_cookies.is_empty(), "no Set-Cookie: {reply:?}");
    reply
}

struct Fixture {
    server: Server,
    /// An access token of alice.
    alice: String,
    /// An access token of carol, another active user.
    carol: String,
    /// A refresh token of alice.
    refresh: String,
}

async fn start(config: JwtConfigBuilder) -> Fixture {
    let (router, state) = app(config);
    state.users.insert(Person {
        email: CAROL.into(),
        active: true,
        roles: vec![],
    });
    let server = Server::start(router).await;
    let mint = |email: &str| {
        state
            .jwt
            .create_access_token(email, TokenOptions::new())
            .unwrap()
    };
    let refresh = state
        .jwt
        .create_refresh_token(ALICE, TokenOptions::new())
        .unwrap();
    Fixture {
        server,
        alice: mint(ALICE),
        carol: mint(CAROL),
        refresh,
    }
}

impl Fixture {
    async fn get(&self, path: &str) -> Reply {
        send(self.server.request("GET", path)).await
    }

    async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = self.server.request("GET", path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        send(request).await
    }
}

/// Every byte as `%XX`.
fn percent_encode_all(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// The token with the third-last character of its signature changed (a change that
/// is not only in the last character's padding bits).
fn tampered(token: &str) -> String {
    let at = token.len() - 3;
    let replacement = if &token[at..at + 1] == "A" { "B" } else { "A" };
    format!("{}{replacement}{}", &token[..at], &token[at + 1..])
}

fn alice() -> (u16, Value) {
    (200, json!({"email": ALICE}))
}

#[tokio::test]
async fn a_token_in_the_query_string() {
    let f = start(config(&[QueryString])).await;
    assert_eq!(
        answer(&f.get(&format!("/me?jwt={}", f.alice)).await),
        alice()
    );
    assert_eq!(
        answer(&f.get(&format!("/me?a=1&jwt={}&b=2", f.alice)).await),
        alice(),
        "among other parameters"
    );
    assert_eq!(
        answer(
            &f.get(&format!("/me?jwt={}", percent_encode_all(&f.alice)))
                .await
        ),
        alice(),
        "percent-encoded, as request.args decodes it"
    );
    assert_eq!(
        answer(&f.get(&format!("/me?%6Awt={}", f.alice)).await),
        alice(),
        "the parameter name is percent-decoded too"
    );
    let post = send(
        f.server
            .request("POST", &format!("/me?jwt={}", f.alice))
            .header("content-type", "application/json")
            .body(r#"{"access_token": "ignored"}"#),
    )
    .await;
    assert_eq!(answer(&post), alice(), "a POST reads the query string too");
    // Optional, refresh.
    assert_eq!(
        answer(&f.get(&format!("/optional?jwt={}", f.alice)).await),
        (200, json!({"email": ALICE}))
    );
    assert_eq!(
        answer(&f.get("/optional").await),
        (200, json!({"email": null}))
    );
    let refresh = send(
        f.server
            .request("POST", &format!("/refresh?jwt={}", f.refresh)),
    )
    .await;
    assert_eq!(refresh.status, 200, "{refresh:?}");
    assert!(refresh.body["access_token"].is_string());
}

#[tokio::test]
async fn a_missing_or_empty_query_parameter() {
    let f = start(config(&[QueryString])).await;
    for path in [
        "/me",
        "/me?",
        "/me?jwt=",
        "/me?jwt",
        "/me?JWT=abc",
        "/me?jwt_=abc",
        "/me?other=1",
        "/me?jwt=&jwt=abc",
    ] {
        assert_eq!(
            answer(&f.get(path).await),
            msg(401, MISSING_QUERY),
            "{path}"
        );
    }
    // A token elsewhere is not looked at.
    let reply = f
        .get_with("/me", &[("Authorization", &format!("Bearer {}", f.alice))])
        .await;
    assert_eq!(answer(&reply), msg(401, MISSING_QUERY));
    let reply = f
        .get_with(
            "/me",
            &[("Cookie", &format!("access_token_cookie={}", f.alice))],
        )
        .await;
    assert_eq!(answer(&reply), msg(401, MISSING_QUERY));
}

#[tokio::test]
async fn duplicate_query_parameters_the_first_wins() {
    let f = start(config(&[QueryString])).await;
    assert_eq!(
        answer(&f.get(&format!("/me?jwt={}&jwt=garbage", f.alice)).await),
        alice()
    );
    assert_eq!(
        answer(&f.get(&format!("/me?jwt={}&jwt={}", f.carol, f.alice)).await),
        (200, json!({"email": CAROL}))
    );
    assert_eq!(
        answer(&f.get(&format!("/me?jwt=garbage&jwt={}", f.alice)).await),
        msg(422, "Not enough segments")
    );
}

#[tokio::test]
async fn a_bad_token_in_the_query_string() {
    let f = start(config(&[QueryString])).await;
    assert_eq!(
        answer(&f.get("/me?jwt=abc").await),
        msg(422, "Not enough segments")
    );
    assert_eq!(
        answer(&f.get(&format!("/me?jwt={}", f.refresh)).await),
        msg(422, "Only non-refresh tokens are allowed")
    );
    let truncated = &f.alice[..f.alice.len() - 2];
    assert_eq!(
        answer(&f.get(&format!("/me?jwt={truncated}")).await),
        msg(422, "Invalid crypto padding"),
        "PyJWT's message for a signature of a bad base64 length"
    );
    assert_eq!(
        answer(&f.get(&format!("/me?jwt={}", tampered(&f.alice))).await),
        msg(422, "Signature verification failed")
    );
}

#[tokio::test]
async fn a_query_value_prefix() {
    let f = start(config(&[QueryString]).settings(|s| {
        s.query_string_value_prefix = "Bearer ".into();
    }))
    .await;
    assert_eq!(
        answer(&f.get(&format!("/me?jwt=Bearer%20{}", f.alice)).await),
        alice()
    );
    assert_eq!(
        answer(&f.get(&format!("/me?jwt=Bearer+{}", f.alice)).await),
        alice(),
        "`+` is a space in a query string"
    );
    let bad_prefix =
        "Invalid value for query parameter 'jwt'. Expected the value to start with 'Bearer '";
    for value in [
        f.alice.clone(),
        format!("bearer%20{}", f.alice),
        format!("Bearer{}", f.alice),
        format!("%20Bearer%20{}", f.alice),
    ] {
        assert_eq!(
            answer(&f.get(&format!("/me?jwt={value}")).await),
            msg(422, bad_prefix),
            "{value}"
        );
    }
    // Still a missing token when empty.
    assert_eq!(answer(&f.get("/me?jwt=").await), msg(401, MISSING_QUERY));
    // The optional route refuses a bad prefix too: the value is there.
    assert_eq!(
        answer(&f.get(&format!("/optional?jwt={}", f.alice)).await),
        msg(422, bad_prefix)
    );
}

#[tokio::test]
async fn a_custom_query_parameter_name() {
    let f = start(config(&[QueryString]).settings(|s| {
        s.query_string_name = "token".into();
    }))
    .await;
    assert_eq!(
        answer(&f.get(&format!("/me?token={}", f.alice)).await),
        alice()
    );
    assert_eq!(
        answer(&f.get(&format!("/me?jwt={}", f.alice)).await),
        msg(401, "Missing 'token' query paramater")
    );
}

#[tokio::test]
async fn all_four_locations_with_nothing() {
    let f = start(config(&[Headers, Cookies, QueryString, Json])).await;
    let expected = "Missing JWT in headers, cookies, query_string or json (Missing Authorization Header; \
                    Missing cookie \"access_token_cookie\"; Missing 'jwt' query paramater; \
                    Invalid content-type. Must be application/json.)";
    assert_eq!(answer(&f.get("/me").await), msg(401, expected));
    let post = send(
        f.server
            .request("POST", "/me")
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
    assert_eq!(
        answer(&post),
        msg(
            401,
            "Missing JWT in headers, cookies, query_string or json (Missing Authorization Header; \
             Missing cookie \"access_token_cookie\"; Missing 'jwt' query paramater; \
             Missing \"access_token\" key in json data.)"
        )
    );
    let refresh = send(f.server.request("POST", "/refresh")).await;
    assert_eq!(
        answer(&refresh),
        msg(
            401,
            "Missing JWT in headers, cookies, query_string or json (Missing Authorization Header; \
             Missing cookie \"refresh_token_cookie\"; Missing 'jwt' query paramater; \
             Invalid content-type. Must be application/json.)"
        ),
        "the refresh cookie is named for a refresh route"
    );
    // The order of the configuration is the order of the message.
    let f = start(config(&[Json, QueryString, Headers])).await;
    assert_eq!(
        answer(&f.get("/me").await),
        msg(
            401,
            "Missing JWT in json, query_string or headers (Invalid content-type. Must be \
             application/json.; Missing 'jwt' query paramater; Missing Authorization Header)"
        )
    );
    // Each location finds the token on its own.
    let f = start(config(&[Headers, Cookies, QueryString, Json])).await;
    let by_header = f
        .get_with("/me", &[("Authorization", &format!("Bearer {}", f.alice))])
        .await;
    assert_eq!(answer(&by_header), alice());
    let by_cookie = f
        .get_with(
            "/me",
            &[("Cookie", &format!("access_token_cookie={}", f.alice))],
        )
        .await;
    assert_eq!(answer(&by_cookie), alice());
    assert_eq!(
        answer(&f.get(&format!("/me?jwt={}", f.alice)).await),
        alice()
    );
    let by_json = send(
        f.server
            .request("POST", "/me")
            .header("content-type", "application/json")
            .body(json!({"access_token": f.alice}).to_string()),
    )
    .await;
    assert_eq!(answer(&by_json), alice());
}

#[tokio::test]
async fn headers_then_query_string() {
    let f = start(config(&[Headers, QueryString])).await;
    let query = format!("/me?jwt={}", f.alice);
    assert_eq!(answer(&f.get(&query).await), alice(), "query only");
    assert_eq!(
        answer(&f.get("/me").await),
        msg(
            401,
            "Missing JWT in headers or query_string (Missing Authorization Header; Missing 'jwt' query paramater)"
        )
    );
    // Only a missing token moves on: a malformed header is the answer.
    let reply = f.get_with(&query, &[("Authorization", "Bearer a b")]).await;
    assert_eq!(answer(&reply), msg(422, BAD_HEADER));
    let reply = f.get_with(&query, &[("Authorization", "Bearer")]).await;
    assert_eq!(answer(&reply), msg(422, BAD_HEADER));
    // A bad token in the header is the answer, though the query has a good one.
    let reply = f.get_with(&query, &[("Authorization", "Bearer abc")]).await;
    assert_eq!(answer(&reply), msg(422, "Not enough segments"));
    let reply = f
        .get_with(
            &query,
            &[("Authorization", &format!("Bearer {}", f.refresh))],
        )
        .await;
    assert_eq!(
        answer(&reply),
        msg(422, "Only non-refresh tokens are allowed")
    );
    // A header without the Bearer type counts as missing: on to the query.
    let reply = f
        .get_with(&query, &[("Authorization", "Basic dXNlcjpwYXNz")])
        .await;
    assert_eq!(answer(&reply), alice());
    let reply = f
        .get_with("/me", &[("Authorization", "Basic dXNlcjpwYXNz")])
        .await;
    assert_eq!(
        answer(&reply),
        msg(
            401,
            &format!(
                "Missing JWT in headers or query_string ({MISSING_BEARER}; Missing 'jwt' query paramater)"
            )
        )
    );
    // The header first, when both hold a token.
    let reply = f
        .get_with(
            &format!("/me?jwt={}", f.carol),
            &[("Authorization", &format!("Bearer {}", f.alice))],
        )
        .await;
    assert_eq!(answer(&reply), alice());
    // A bad query prefix is never reached when the header has the token.
    let f = start(config(&[Headers, QueryString]).settings(|s| {
        s.query_string_value_prefix = "Bearer ".into();
    }))
    .await;
    let reply = f
        .get_with(
            "/me?jwt=no-prefix",
            &[("Authorization", &format!("Bearer {}", f.alice))],
        )
        .await;
    assert_eq!(answer(&reply), alice());
}

#[tokio::test]
async fn query_string_then_headers() {
    let f = start(config(&[QueryString, Headers])).await;
    // The query is looked at first: a bad header is never read.
    let reply = f
        .get_with(
            &format!("/me?jwt={}", f.alice),
            &[("Authorization", "Bearer a b")],
        )
        .await;
    assert_eq!(answer(&reply), alice());
    let reply = f
        .get_with(
            "/me?jwt=abc",
            &[("Authorization", &format!("Bearer {}", f.alice))],
        )
        .await;
    assert_eq!(answer(&reply), msg(422, "Not enough segments"));
}

#[tokio::test]
async fn header_and_cookie_with_different_identities_the_first_location_wins() {
    let f = start(config(&[Headers, Cookies])).await;
    let both = [
        ("Authorization", format!("Bearer {}", f.alice)),
        ("Cookie", format!("access_token_cookie={}", f.carol)),
    ];
    let both: Vec<(&str, &str)> = both.iter().map(|(n, v)| (*n, v.as_str())).collect();
    assert_eq!(answer(&f.get_with("/me", &both).await), alice());
    let f2 = start(config(&[Cookies, Headers])).await;
    let both = [
        ("Authorization", format!("Bearer {}", f2.alice)),
        ("Cookie", format!("access_token_cookie={}", f2.carol)),
    ];
    let both: Vec<(&str, &str)> = both.iter().map(|(n, v)| (*n, v.as_str())).collect();
    assert_eq!(
        answer(&f2.get_with("/me", &both).await),
        (200, json!({"email": CAROL}))
    );
    // A cookie on a checked method without its CSRF value stops the search.
    let reply = send(
        f2.server
            .request("POST", "/me")
            .header("Authorization", format!("Bearer {}", f2.alice))
            .header("Cookie", format!("access_token_cookie={}", f2.carol)),
    )
    .await;
    assert_eq!(answer(&reply), msg(401, "Missing CSRF token"));
}

#[tokio::test]
async fn a_custom_header_without_a_type() {
    let f = start(config(&[Headers]).settings(|s| {
        s.header_name = "X-Api-Token".into();
        s.header_type = String::new();
    }))
    .await;
    let reply = f.get_with("/me", &[("X-Api-Token", &f.alice)]).await;
    assert_eq!(answer(&reply), alice());
    let reply = f
        .get_with("/me", &[("x-api-token", &format!("  {}  ", f.alice))])
        .await;
    assert_eq!(answer(&reply), alice(), "header names are case-insensitive");
    let reply = f
        .get_with("/me", &[("X-Api-Token", &format!("Bearer {}", f.alice))])
        .await;
    assert_eq!(
        answer(&reply),
        msg(422, "Bad X-Api-Token header. Expected 'X-Api-Token: <JWT>'")
    );
    assert_eq!(
        answer(&f.get("/me").await),
        msg(401, "Missing X-Api-Token Header")
    );
    let reply = f
        .get_with("/me", &[("Authorization", &format!("Bearer {}", f.alice))])
        .await;
    assert_eq!(
        answer(&reply),
        msg(401, "Missing X-Api-Token Header"),
        "the usual header is not looked at"
    );
}

#[tokio::test]
async fn a_custom_header_type() {
    let f = start(config(&[Headers]).settings(|s| {
        s.header_type = "JWT".into();
    }))
    .await;
    let reply = f
        .get_with("/me", &[("Authorization", &format!("JWT {}", f.alice))])
        .await;
    assert_eq!(answer(&reply), alice());
    let reply = f
        .get_with("/me", &[("Authorization", &format!("Bearer {}", f.alice))])
        .await;
    assert_eq!(
        answer(&reply),
        msg(
            401,
            "Missing 'JWT' type in 'Authorization' header. Expected 'Authorization: JWT <JWT>'"
        )
    );
}

#[tokio::test]
async fn duplicate_authorization_headers() {
    let f = start(config(&[Headers])).await;
    let bearer = format!("Bearer {}", f.alice);
    // Flask's server joins them with ", ": two Bearer fields are not one.
    let reply = f
        .get_with(
            "/me",
            &[("Authorization", &bearer), ("Authorization", &bearer)],
        )
        .await;
    assert_eq!(answer(&reply), msg(401, MISSING_BEARER));
    let reply = f
        .get_with(
            "/me",
            &[("Authorization", &bearer), ("Authorization", "Basic eA==")],
        )
        .await;
    assert_eq!(answer(&reply), alice());
    let reply = f
        .get_with(
            "/me",
            &[("Authorization", "Basic eA=="), ("Authorization", &bearer)],
        )
        .await;
    assert_eq!(answer(&reply), alice());
}

/// Header bytes outside ASCII are latin-1 for a WSGI server, and Python's `split()`
/// and `strip()` treat U+00A0 and U+0085 as whitespace. The answers are Flask's,
/// from Flask-JWT-Extended 4.7.4's test client with the same latin-1 values.
#[tokio::test]
async fn latin1_header_bytes_as_a_wsgi_server_reads_them() {
    use reqwest::header::HeaderValue;
    let f = start(config(&[Headers])).await;
    let token = f.alice.as_bytes();
    let value = |parts: &[&[u8]]| HeaderValue::from_bytes(&parts.concat()).expect("header bytes");
    let accepted = [
        value(&[b"Bearer\xa0", token]),
        value(&[b"\xa0Bearer ", token, b"\xa0"]),
        value(&[b"Bearer\x85", token]),
        value(&[b"Basic x,\xa0Bearer ", token]),
    ];
    for header in accepted {
        let reply = send(
            f.server
                .request("GET", "/me")
                .header("Authorization", header.clone()),
        )
        .await;
        assert_eq!(answer(&reply), alice(), "{header:?}");
    }
    let reply = send(
        f.server
            .request("GET", "/me")
            .header("Authorization", value(&[b"Bearer ", token, b"\xe9"])),
    )
    .await;
    assert_eq!(answer(&reply), msg(422, "Invalid crypto padding"));
}

fn flask_config(locations: &[&str]) -> Value {
    json!({"JWT_SECRET_KEY": SECRET, "JWT_TOKEN_LOCATION": locations})
}

#[tokio::test]
async fn query_string_answers_match_flask_jwt_extended() {
    let f = start(config(&[QueryString])).await;
    let probes = [
        get(format!("/protected?jwt={}", f.alice)),
        get(format!("/protected?jwt={}", percent_encode_all(&f.alice))),
        get("/protected"),
        get("/protected?jwt="),
        get("/protected?jwt=&jwt=abc"),
        get(format!("/protected?jwt=abc&jwt={}", f.alice)),
        get(format!("/protected?jwt={}&jwt=abc", f.alice)),
        get(format!("/protected?jwt=Bearer%20{}", f.alice)),
        get(format!("/refresh?jwt={}", f.alice)).post(),
        get(format!("/refresh?jwt={}", f.refresh)).post(),
        get("/optional?jwt="),
        get("/protected?jwt=%ZZ"),
        get("/protected?jwt=%FF"),
        get(format!("/protected?a=1;jwt={}", f.alice)),
        get(format!("/protected?a=1&&jwt={}#frag", f.alice)),
        get(format!("/protected?jwt={}", &f.alice[..f.alice.len() - 2])),
        get(format!("/protected?jwt={}", &f.alice[..f.alice.len() - 4])),
        get(format!("/protected?jwt={}", tampered(&f.alice))),
    ];
    same_as_flask(&f.server, flask_config(&["query_string"]), &probes).await;

    let f = start(config(&[QueryString]).settings(|s| {
        s.query_string_name = "token".into();
        s.query_string_value_prefix = "Bearer ".into();
    }))
    .await;
    let flask = json!({"JWT_SECRET_KEY": SECRET, "JWT_TOKEN_LOCATION": ["query_string"],
                       "JWT_QUERY_STRING_NAME": "token",
                       "JWT_QUERY_STRING_VALUE_PREFIX": "Bearer "});
    let probes = [
        get(format!("/protected?token=Bearer%20{}", f.alice)),
        get(format!("/protected?token=Bearer+{}", f.alice)),
        get(format!("/protected?token={}", f.alice)),
        get(format!("/protected?jwt=Bearer%20{}", f.alice)),
        get("/protected?token=Bearer%20"),
        get("/protected?token=Bearer"),
    ];
    same_as_flask(&f.server, flask, &probes).await;
}

#[tokio::test]
async fn header_answers_match_flask_jwt_extended() {
    let f = start(config(&[Headers])).await;
    let bearer = format!("Bearer {}", f.alice);
    let probes = [
        get("/protected"),
        get("/protected").header("Authorization", &bearer),
        get("/protected").header("Authorization", "Bearer a b"),
        get("/protected").header("Authorization", "Bearer"),
        get("/protected").header("Authorization", "Basic dXNlcjpwYXNz"),
        get("/protected").header("Authorization", "bearer abc"),
        get("/protected").header("Authorization", " , "),
        get("/protected").header("Authorization", format!("Bearer\t{}", f.alice)),
        get("/protected").header("Authorization", format!("Bearer  {} ,", f.alice)),
        get("/protected").header("Authorization", format!("Basic x,{bearer}")),
        get("/protected")
            .header("Authorization", &bearer)
            .header("Authorization", &bearer),
        get("/protected")
            .header("Authorization", "Basic eA==")
            .header("Authorization", &bearer),
    ];
    same_as_flask(&f.server, flask_config(&["headers"]), &probes).await;

    let f = start(config(&[Headers]).settings(|s| {
        s.header_name = "X-Api-Token".into();
        s.header_type = String::new();
    }))
    .await;
    let flask = json!({"JWT_SECRET_KEY": SECRET, "JWT_TOKEN_LOCATION": ["headers"],
                       "JWT_HEADER_NAME": "X-Api-Token", "JWT_HEADER_TYPE": ""});
    let probes = [
        get("/protected").header("X-Api-Token", &f.alice),
        get("/protected").header("X-Api-Token", format!("Bearer {}", f.alice)),
        get("/protected").header("Authorization", format!("Bearer {}", f.alice)),
        get("/protected"),
    ];
    same_as_flask(&f.server, flask, &probes).await;
}

#[tokio::test]
async fn combined_locations_match_flask_jwt_extended() {
    let f = start(config(&[Headers, Cookies, QueryString, Json])).await;
    let probes = [
        get("/protected"),
        get("/refresh").post(),
        get("/protected").post_json("{}"),
        get("/protected").post_json(r#"{"access_token": 5}"#),
        get("/protected").header("Authorization", "Basic eA=="),
        get("/protected").header("Authorization", "Bearer a b"),
        get(format!("/protected?jwt={}", f.alice)).header("Authorization", "Bearer abc"),
        get(format!("/protected?jwt={}", f.alice)).header("Authorization", "Basic eA=="),
        get("/protected").cookie("access_token_cookie", &f.alice),
        get("/protected")
            .cookie("access_token_cookie", &f.alice)
            .post_json("{}"),
        get("/protected").post_json(&json!({"access_token": f.alice}).to_string()),
    ];
    let locations = ["headers", "cookies", "query_string", "json"];
    same_as_flask(&f.server, flask_config(&locations), &probes).await;

    let f = start(config(&[QueryString, Headers])).await;
    let probes = [
        get("/protected"),
        get(format!("/protected?jwt={}", f.alice)).header("Authorization", "Bearer a b"),
        get("/protected?jwt=abc").header("Authorization", format!("Bearer {}", f.alice)),
        get("/protected").header("Authorization", format!("Bearer {}", f.alice)),
    ];
    same_as_flask(
        &f.server,
        flask_config(&["query_string", "headers"]),
        &probes,
    )
    .await;
}
