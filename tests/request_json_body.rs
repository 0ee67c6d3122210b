//! The `json` token location over real HTTP: `{"access_token": "<JWT>"}` in a JSON
//! body, read once by `JwtLayer` and still handed to the handler's `Json<T>`, with
//! Flask-JWT-Extended 4.7's answers (`_decode_jwt_from_json`) for every refusal, and
//! a differential run against the real Flask-JWT-Extended.

#[path = "interop/oracle.rs"]
mod oracle;
#[path = "interop/probe.rs"]
mod probe;

use probe::{Probe, get, same_as_flask};
mod support;

use axum_jwt_login::{JwtConfig, JwtConfigBuilder, TokenLocation, TokenOptions};
use serde_json::{Value, json};
use support::server::*;
use support::*;

const ALICE: &str = "alice@example.com";
const MISSING_KEY: &str = "Missing \"access_token\" key in json data.";
const BAD_CONTENT_TYPE: &str = "Invalid content-type. Must be application/json.";
const NOT_A_STRING: &str = "Invalid token type. Token must be a <class 'bytes'>";

fn config() -> JwtConfigBuilder {
    JwtConfig::builder()
        .secret(SECRET)
        .token_location([TokenLocation::Json])
}

/// Sends the request; no response in this mode may set a cookie.
async fn send(request: reqwest::RequestBuilder) -> Reply {
    let reply = Server::send(request).await;
    assert!(
        reply.set_cookies.is_empty(),
        "no Set-Cookie in json mode: {reply:?}"
    );
    reply
}

/// `method path` with this body and content type.
async fn send_body(
    server: &Server,
    method: &str,
    path: &str,
    content_type: &str,
    body: impl Into<String>,
) -> Reply {
    send(
        server
            .request(method, path)
            .header("content-type", content_type)
            .body(body.into()),
    )
    .await
}

/// `POST path` with a JSON body.
async fn post_json(server: &Server, path: &str, body: impl Into<String>) -> Reply {
    send_body(server, "POST", path, "application/json", body).await
}

struct Fixture {
    server: Server,
    access: String,
    refresh: String,
}

async fn start(config: JwtConfigBuilder) -> Fixture {
    let (router, state) = app(config);
    let server = Server::start(router).await;
    let access = state
        .jwt
        .create_access_token(ALICE, TokenOptions::new())
        .unwrap();
    let refresh = state
        .jwt
        .create_refresh_token(ALICE, TokenOptions::new())
        .unwrap();
    Fixture {
        server,
        access,
        refresh,
    }
}

#[tokio::test]
async fn a_token_in_the_body_is_accepted() {
    let f = start(config()).await;
    let me = post_json(
        &f.server,
        "/me",
        json!({"access_token": f.access}).to_string(),
    )
    .await;
    assert_eq!(answer(&me), (200, json!({"email": ALICE})));
    // Any method that has a body, GET included (Flask reads `request.json` on a GET).
    for method in ["GET", "PUT", "PATCH", "DELETE"] {
        let reply = send_body(
            &f.server,
            method,
            "/me",
            "application/json",
            json!({"access_token": f.access}).to_string(),
        )
        .await;
        assert_eq!(answer(&reply), (200, json!({"email": ALICE})), "{method}");
    }
    // Other keys around the token, whitespace, a charset parameter.
    let spaced = format!(
        "\n  {{ \"x\" : [1, 2],\t\"access_token\" :  \"{}\" }}\n",
        f.access
    );
    let reply = send_body(
        &f.server,
        "POST",
        "/me",
        "application/json; charset=utf-8",
        spaced,
    )
    .await;
    assert_eq!(answer(&reply), (200, json!({"email": ALICE})));
    let reply = send_body(
        &f.server,
        "POST",
        "/me",
        "Application/JSON",
        json!({"access_token": f.access}).to_string(),
    )
    .await;
    assert_eq!(
        answer(&reply),
        (200, json!({"email": ALICE})),
        "the media type is case-insensitive, as werkzeug's mimetype"
    );
}

#[tokio::test]
async fn the_handler_still_reads_the_same_body() {
    let f = start(config()).await;
    let sent = json!({
        "access_token": f.access,
        "other": 1,
        "nested": {"list": [1, "two", null, true], "text": "é ☃ \" \\"},
        "float": 1.5,
    });
    let echo = post_json(&f.server, "/echo", sent.to_string()).await;
    assert_eq!(echo.status, 200, "{echo:?}");
    assert_eq!(echo.body, json!({"email": ALICE, "body": sent}));
    let small = json!({"access_token": f.access, "other": 1});
    let echo = post_json(&f.server, "/echo", small.to_string()).await;
    assert_eq!(
        echo.body["body"], small,
        "the body reaches Json<Value> whole"
    );
    // `application/*+json` is JSON for Flask (`request.is_json`) and for axum's `Json`.
    let patch = send_body(
        &f.server,
        "POST",
        "/echo",
        "application/merge-patch+json",
        small.to_string(),
    )
    .await;
    assert_eq!(
        answer(&patch),
        (200, json!({"email": ALICE, "body": small}))
    );
    // The same connection serves several bodies in a row.
    for n in 0..3 {
        let body = json!({"access_token": f.access, "n": n});
        let echo = post_json(&f.server, "/echo", body.to_string()).await;
        assert_eq!(echo.body["body"], body);
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_has_no_token() {
    let f = start(config()).await;
    let token_body = json!({"access_token": f.access}).to_string();
    for content_type in [
        "text/plain",
        "text/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
    ] {
        let reply = send_body(&f.server, "POST", "/me", content_type, token_body.clone()).await;
        assert_eq!(
            answer(&reply),
            msg(401, BAD_CONTENT_TYPE),
            "content type {content_type}"
        );
    }
    let reply = send(f.server.request("POST", "/me").body(token_body)).await;
    assert_eq!(
        answer(&reply),
        msg(401, BAD_CONTENT_TYPE),
        "no content type"
    );
    let reply = send(f.server.request("GET", "/me")).await;
    assert_eq!(answer(&reply), msg(401, BAD_CONTENT_TYPE), "no body at all");
}

#[tokio::test]
async fn falsy_values_and_non_objects_are_a_missing_key() {
    let f = start(config()).await;
    for body in [
        r#"{}"#,
        r#"{"other": 1}"#,
        r#"{"Access_Token": "abc"}"#,
        r#"{"access_token": null}"#,
        r#"{"access_token": ""}"#,
        r#"{"access_token": 0}"#,
        r#"{"access_token": 0.0}"#,
        r#"{"access_token": false}"#,
        r#"{"access_token": []}"#,
        r#"{"access_token": {}}"#,
        // Not an object. Flask answers 500 for a non-empty list, a string or a
        // number (`.get` on a list); this crate answers the 401 on purpose.
        "[]",
        "[1,2]",
        r#""x""#,
        "5",
        "null",
        "true",
        // Not JSON: Flask's `request.json` raises BadRequest, caught as the 401.
        "",
        "{",
        "not json",
        r#"{"access_token": "abc",}"#,
        "\u{0}",
    ] {
        let reply = post_json(&f.server, "/me", body).await;
        assert_eq!(answer(&reply), msg(401, MISSING_KEY), "body {body:?}");
    }
}

#[tokio::test]
async fn a_value_that_is_not_a_string_is_an_invalid_token() {
    let f = start(config()).await;
    for body in [
        r#"{"access_token": 5}"#,
        r#"{"access_token": -1.5}"#,
        r#"{"access_token": ["a"]}"#,
        r#"{"access_token": true}"#,
        r#"{"access_token": {"token": "abc"}}"#,
    ] {
        let reply = post_json(&f.server, "/me", body).await;
        assert_eq!(answer(&reply), msg(422, NOT_A_STRING), "body {body}");
    }
    // A string that is not a token is decoded, and refused as PyJWT refuses it.
    let reply = post_json(&f.server, "/me", r#"{"access_token": "abc"}"#).await;
    assert_eq!(answer(&reply), msg(422, "Not enough segments"));
}

#[tokio::test]
async fn no_token_and_a_bad_body_is_the_401_not_axums_json_rejection() {
    let f = start(config()).await;
    for body in ["{", "[1,2]", r#"{"other": 1}"#, ""] {
        let reply = post_json(&f.server, "/echo", body).await;
        assert_eq!(answer(&reply), msg(401, MISSING_KEY), "body {body:?}");
    }
    let reply = send_body(&f.server, "POST", "/echo", "text/plain", "{").await;
    assert_eq!(answer(&reply), msg(401, BAD_CONTENT_TYPE));
}

#[tokio::test]
async fn optional_routes() {
    let f = start(config()).await;
    let reply = send(f.server.request("GET", "/optional")).await;
    assert_eq!(answer(&reply), (200, json!({"email": null})));
    for body in [r#"{}"#, r#"{"access_token": null}"#, "{", "[1]"] {
        let reply = post_json(&f.server, "/optional", body).await;
        assert_eq!(
            answer(&reply),
            (200, json!({"email": null})),
            "body {body:?}"
        );
    }
    let reply = send_body(
        &f.server,
        "POST",
        "/optional",
        "text/plain",
        json!({"access_token": f.access}).to_string(),
    )
    .await;
    assert_eq!(answer(&reply), (200, json!({"email": null})));
    let reply = post_json(
        &f.server,
        "/optional",
        json!({"access_token": f.access}).to_string(),
    )
    .await;
    assert_eq!(answer(&reply), (200, json!({"email": ALICE})));
    // Present but bad is an error even on an optional route.
    let reply = post_json(&f.server, "/optional", r#"{"access_token": 5}"#).await;
    assert_eq!(answer(&reply), msg(422, NOT_A_STRING));
    let reply = post_json(&f.server, "/optional", r#"{"access_token": "a.b"}"#).await;
    assert_eq!(reply.status, 422, "{reply:?}");
}

#[tokio::test]
async fn refresh_tokens_use_the_refresh_key() {
    let f = start(config()).await;
    let reply = post_json(
        &f.server,
        "/refresh",
        json!({"refresh_token": f.refresh}).to_string(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let new_access = reply.body["access_token"].as_str().expect("access_token");
    let me = post_json(
        &f.server,
        "/me",
        json!({"access_token": new_access}).to_string(),
    )
    .await;
    assert_eq!(answer(&me), (200, json!({"email": ALICE})));
    // The refresh route reads only the refresh key, the others only the access key.
    let reply = post_json(
        &f.server,
        "/refresh",
        json!({"access_token": f.refresh}).to_string(),
    )
    .await;
    assert_eq!(
        answer(&reply),
        msg(401, "Missing \"refresh_token\" key in json data.")
    );
    let reply = post_json(
        &f.server,
        "/me",
        json!({"refresh_token": f.access}).to_string(),
    )
    .await;
    assert_eq!(answer(&reply), msg(401, MISSING_KEY));
    // The wrong kind of token under the right key.
    let reply = post_json(
        &f.server,
        "/refresh",
        json!({"refresh_token": f.access}).to_string(),
    )
    .await;
    assert_eq!(answer(&reply), msg(422, "Only refresh tokens are allowed"));
    let reply = post_json(
        &f.server,
        "/me",
        json!({"access_token": f.refresh}).to_string(),
    )
    .await;
    assert_eq!(
        answer(&reply),
        msg(422, "Only non-refresh tokens are allowed")
    );
    let reply = post_json(&f.server, "/refresh", r#"{"refresh_token": 7}"#).await;
    assert_eq!(answer(&reply), msg(422, NOT_A_STRING));
    // Both keys in one body: each route takes its own.
    let both = json!({"access_token": f.access, "refresh_token": f.refresh}).to_string();
    assert_eq!(
        post_json(&f.server, "/refresh", both.clone()).await.status,
        200
    );
    assert_eq!(post_json(&f.server, "/me", both).await.status, 200);
}

#[tokio::test]
async fn custom_json_keys() {
    let f = start(config().settings(|s| {
        s.json_key = "token".into();
        s.refresh_json_key = "renew".into();
    }))
    .await;
    let me = post_json(&f.server, "/me", json!({"token": f.access}).to_string()).await;
    assert_eq!(answer(&me), (200, json!({"email": ALICE})));
    let reply = post_json(
        &f.server,
        "/me",
        json!({"access_token": f.access}).to_string(),
    )
    .await;
    assert_eq!(
        answer(&reply),
        msg(401, "Missing \"token\" key in json data.")
    );
    let reply = post_json(
        &f.server,
        "/refresh",
        json!({"renew": f.refresh}).to_string(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let reply = post_json(
        &f.server,
        "/refresh",
        json!({"refresh_token": f.refresh}).to_string(),
    )
    .await;
    assert_eq!(
        answer(&reply),
        msg(401, "Missing \"renew\" key in json data.")
    );
    let reply = post_json(&f.server, "/me", json!({"token": 5}).to_string()).await;
    assert_eq!(answer(&reply), msg(422, NOT_A_STRING));
}

/// A JSON body of exactly `len` bytes that carries the token.
fn padded_body(token: &str, len: usize) -> String {
    let empty = json!({"access_token": token, "pad": ""}).to_string();
    assert!(len >= empty.len(), "{len} is too short for the token");
    let body = json!({"access_token": token, "pad": "x".repeat(len - empty.len())}).to_string();
    assert_eq!(body.len(), len);
    body
}

#[tokio::test]
async fn a_body_over_the_layers_limit_is_413() {
    let (_, state) = app(config());
    let router = routes(state.clone()).layer(state.jwt.layer().body_limit(1024));
    let server = Server::start(router).await;
    let token = state
        .jwt
        .create_access_token(ALICE, TokenOptions::new())
        .unwrap();
    let at_limit = padded_body(&token, 1024);
    let reply = post_json(&server, "/echo", at_limit.clone()).await;
    assert_eq!(reply.status, 200, "a body of exactly the limit: {reply:?}");
    assert_eq!(
        reply.body["body"],
        serde_json::from_str::<Value>(&at_limit).unwrap()
    );
    for len in [1025, 4096] {
        let reply = post_json(&server, "/me", padded_body(&token, len)).await;
        assert_eq!(
            answer(&reply),
            msg(413, "Request body is too large"),
            "{len} bytes"
        );
    }
    // Even without a token in it: the body is read before the token search.
    let reply = post_json(&server, "/optional", format!("[{}1]", "1,".repeat(600))).await;
    assert_eq!(answer(&reply), msg(413, "Request body is too large"));
    // A body that is not JSON is not read by the layer, whatever its size.
    let reply = send_body(&server, "POST", "/me", "text/plain", "x".repeat(4096)).await;
    assert_eq!(answer(&reply), msg(401, BAD_CONTENT_TYPE));
}

#[tokio::test]
async fn the_json_location_without_the_layer_is_a_500() {
    let (_, state) = app(config());
    let server = Server::start(routes(state.clone())).await;
    let token = state
        .jwt
        .create_access_token(ALICE, TokenOptions::new())
        .unwrap();
    for path in ["/me", "/optional", "/echo"] {
        let reply = post_json(&server, path, json!({"access_token": token}).to_string()).await;
        assert_eq!(
            answer(&reply),
            msg(500, "Internal Server Error"),
            "{path} without JwtLayer"
        );
    }
    // Without a JSON content type there is nothing to read: the usual 401.
    let reply = send_body(&server, "POST", "/me", "text/plain", "x").await;
    assert_eq!(answer(&reply), msg(401, BAD_CONTENT_TYPE));
    let reply = send(server.request("GET", "/optional")).await;
    assert_eq!(answer(&reply), (200, json!({"email": null})));
}

#[tokio::test]
async fn a_handlers_own_cookie_is_dropped_on_a_json_token_request() {
    let f = start(config()).await;
    // `send` asserts that no Set-Cookie header came back.
    let reply = post_json(
        &f.server,
        "/own-cookie",
        json!({"access_token": f.access}).to_string(),
    )
    .await;
    assert_eq!(answer(&reply), (200, json!({"email": ALICE})));
}

#[tokio::test]
async fn json_answers_match_flask_jwt_extended() {
    let f = start(config()).await;
    let flask = json!({"JWT_SECRET_KEY": SECRET, "JWT_TOKEN_LOCATION": ["json"]});
    let good = json!({"access_token": f.access}).to_string();
    let json = "application/json";
    let probes = [
        Probe::with_body("POST", "/protected", json, &good),
        Probe::with_body("POST", "/protected", "application/merge-patch+json", &good),
        Probe::with_body("POST", "/protected", "text/plain", &good),
        get("/protected").post(),
        Probe::with_body("POST", "/protected", json, r#"{"other": 1}"#),
        Probe::with_body("POST", "/protected", json, r#"{"access_token": null}"#),
        Probe::with_body("POST", "/protected", json, r#"{"access_token": ""}"#),
        Probe::with_body("POST", "/protected", json, r#"{"access_token": 0}"#),
        Probe::with_body("POST", "/protected", json, "[]"),
        Probe::with_body("POST", "/protected", json, "{"),
        Probe::with_body("POST", "/protected", json, ""),
        Probe::with_body("POST", "/protected", json, r#"{"access_token": 5}"#),
        Probe::with_body("POST", "/protected", json, r#"{"access_token": true}"#),
        Probe::with_body("POST", "/protected", json, r#"{"access_token": ["a"]}"#),
        Probe::with_body("POST", "/protected", json, r#"{"access_token": "abc"}"#),
        Probe::with_body(
            "POST",
            "/refresh",
            json,
            &json!({"refresh_token": f.refresh}).to_string(),
        ),
        Probe::with_body("POST", "/refresh", json, &good),
        Probe::with_body(
            "POST",
            "/refresh",
            json,
            &json!({"refresh_token": f.access}).to_string(),
        ),
        Probe::with_body("POST", "/optional", json, r#"{"access_token": 5}"#),
        Probe::with_body("POST", "/optional", json, "{}"),
        Probe::with_body("GET", "/optional", "text/plain", ""),
    ];
    same_as_flask(&f.server, flask, &probes).await;
}

#[tokio::test]
async fn custom_keys_match_flask_jwt_extended() {
    let f = start(config().settings(|s| {
        s.json_key = "token".into();
        s.refresh_json_key = "renew".into();
    }))
    .await;
    let flask = json!({"JWT_SECRET_KEY": SECRET, "JWT_TOKEN_LOCATION": ["json"],
                       "JWT_JSON_KEY": "token", "JWT_REFRESH_JSON_KEY": "renew"});
    let json = "application/json";
    let probes = [
        Probe::with_body(
            "POST",
            "/protected",
            json,
            &json!({"token": f.access}).to_string(),
        ),
        Probe::with_body(
            "POST",
            "/protected",
            json,
            &json!({"access_token": f.access}).to_string(),
        ),
        Probe::with_body(
            "POST",
            "/refresh",
            json,
            &json!({"renew": f.refresh}).to_string(),
        ),
        Probe::with_body(
            "POST",
            "/refresh",
            json,
            &json!({"refresh_token": f.refresh}).to_string(),
        ),
    ];
    same_as_flask(&f.server, flask, &probes).await;
}

/// A UTF-8 byte-order mark before the JSON: Python's `json.loads` on bytes detects
/// the encoding (`utf-8-sig`), so Flask reads the token.
#[tokio::test]
async fn a_utf8_bom_before_the_json_is_accepted_as_flask_does() {
    let f = start(config()).await;
    let flask = json!({"JWT_SECRET_KEY": SECRET, "JWT_TOKEN_LOCATION": ["json"]});
    let body = format!("\u{feff}{}", json!({"access_token": f.access}));
    let probes = [Probe::with_body(
        "POST",
        "/protected",
        "application/json",
        &body,
    )];
    same_as_flask(&f.server, flask, &probes).await;
    let reply = post_json(&f.server, "/me", body).await;
    assert_eq!(answer(&reply), (200, json!({"email": ALICE})));
}

/// JSON in UTF-16 or UTF-32: Python's `json.loads` on bytes detects these encodings
/// too (checked against Flask-JWT-Extended 4.7.4's test client: 200 for each).
#[tokio::test]
async fn utf16_and_utf32_json_are_accepted_as_flask_does() {
    let f = start(config()).await;
    let text = json!({"access_token": f.access}).to_string();
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let utf32le: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    for (encoding, bytes) in [
        ("UTF-16LE", utf16le),
        ("UTF-16BE", utf16be),
        ("UTF-32LE", utf32le),
    ] {
        let reply = send(
            f.server
                .request("POST", "/me")
                .header("content-type", "application/json")
                .body(bytes),
        )
        .await;
        assert_eq!(answer(&reply), (200, json!({"email": ALICE})), "{encoding}");
    }
}

/// A client that sends the headers and part of the body, then stalls: the layer
/// stops waiting after its body timeout and answers 408, with the `{"msg"}` body.
#[tokio::test]
async fn a_stalled_body_gets_408_after_the_layer_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let jwt = axum_jwt_login::JwtManager::new(config().build().expect("config"));
    let state = AppState {
        jwt: jwt.clone(),
        users: Users::with(&[(ALICE, true)]),
    };
    let router = routes(state).layer(
        jwt.layer()
            .body_timeout(std::time::Duration::from_millis(200)),
    );
    let server = Server::start(router).await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let started = std::time::Instant::now();
    stream
        .write_all(
            b"POST /me HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\n\
              content-length: 100\r\n\r\n{\"access_token\": \"",
        )
        .await
        .expect("send the start");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut chunk = [0u8; 1024];
        loop {
            let n = stream.read(&mut chunk).await.expect("read");
            answer.extend_from_slice(&chunk[..n]);
            if n == 0 || answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 10 s");
    let elapsed = started.elapsed();
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.starts_with("HTTP/1.1 408 Request Timeout\r\n"),
        "{text}"
    );
    assert!(
        text.ends_with("\r\n\r\n{\"msg\":\"Request body took too long to arrive\"}"),
        "{text}"
    );
    assert!(
        elapsed >= std::time::Duration::from_millis(200),
        "{elapsed:?}"
    );
}
