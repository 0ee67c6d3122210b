//! `JWT_TOKEN_LOCATION=json`: bodies that are huge, slow, not UTF-8, not objects, or
//! that name the token twice.

use std::time::Duration;

use serde_json::json;

use crate::client::{Carrier, msg};
use crate::forge::{ALICE, access, nested_arrays, refresh, signed};
use crate::harness::{Flask, Probe, Target, against_twin, report};
use crate::minted::forged_access;
use crate::raw;
use crate::service::Kind;

const JSON: [(&str, &str); 1] = [("JWT_TOKEN_LOCATION", "json")];
const MISSING_KEY: &str = "Missing \"access_token\" key in json data.";
const NOT_A_STRING: &str = "Invalid token type. Token must be a <class 'bytes'>";

fn body(token: &str) -> String {
    json!({ "access_token": token }).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_json_bodies_never_yield_a_token_they_do_not_hold() {
    let good = signed(&access());
    let forged = forged_access(ALICE);
    let me = |what: &str, text: Vec<u8>| Probe::post(what, "/me").json_text(text);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(body(&good).encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let probes = vec![
        me("a plain body", body(&good).into_bytes()).serves(ALICE),
        me(
            "the key twice, a forged token then a good one: the last wins",
            format!(r#"{{"access_token": "{forged}", "access_token": "{good}"}}"#).into_bytes(),
        )
        .serves(ALICE),
        me(
            "the key twice, a good token then a forged one: the last wins",
            format!(r#"{{"access_token": "{good}", "access_token": "{forged}"}}"#).into_bytes(),
        )
        .refused(422, "Signature verification failed"),
        me(
            "the key twice, a good token then null",
            format!(r#"{{"access_token": "{good}", "access_token": null}}"#).into_bytes(),
        )
        .refused(401, MISSING_KEY),
        me(
            "the key spelt with an escape",
            format!(r#"{{"\u0061ccess_token": "{good}"}}"#).into_bytes(),
        )
        .serves(ALICE),
        me(
            "the token's dots escaped",
            body(&good).replace('.', "\\u002e").into_bytes(),
        )
        .serves(ALICE),
        me("an empty list", b"[]".to_vec()).refused(401, MISSING_KEY),
        me("null", b"null".to_vec()).refused(401, MISSING_KEY),
        // README: Flask-JWT-Extended calls `.get` on what it parsed, a 500.
        me(
            "a list holding the object",
            format!("[{}]", body(&good)).into_bytes(),
        )
        .refused(401, MISSING_KEY)
        .flask(Flask::Status(500)),
        me("a number", b"5".to_vec())
            .refused(401, MISSING_KEY)
            .flask(Flask::Status(500)),
        me("a string", b"\"access_token\"".to_vec())
            .refused(401, MISSING_KEY)
            .flask(Flask::Status(500)),
        // The same principle as the row above, though the README names lists,
        // numbers and strings: Python's parser runs out of stack, a 500.
        me(
            "10 000 nested lists beside the token",
            format!(
                r#"{{"access_token": "{good}", "d": {}}}"#,
                nested_arrays(10_000)
            )
            .into_bytes(),
        )
        .refused(401, MISSING_KEY)
        .flask(Flask::Status(500)),
        me(
            "not UTF-8 inside the token",
            b"{\"access_token\": \"\xff\xfe\"}".to_vec(),
        )
        .refused(401, MISSING_KEY),
        me("not UTF-8 at all", b"\xff\xfe\xfd".to_vec()).refused(401, MISSING_KEY),
        me(
            "a Latin-1 byte beside a good token",
            [
                &b"{\"note\": \"caf\xe9\", "[..],
                &body(&good).as_bytes()[1..],
            ]
            .concat(),
        )
        .refused(401, MISSING_KEY),
        me("UTF-16 with a byte-order mark", utf16).serves(ALICE),
        me(
            "an object and more",
            format!("{} x", body(&good)).into_bytes(),
        )
        .refused(401, MISSING_KEY),
        me("an object cut short", body(&good).as_bytes()[..40].to_vec()).refused(401, MISSING_KEY),
        me("an empty body", Vec::new()).refused(401, MISSING_KEY),
        me("the token a number", br#"{"access_token": 5}"#.to_vec()).refused(422, NOT_A_STRING),
        me(
            "the token an object",
            br#"{"access_token": {"a": 1}}"#.to_vec(),
        )
        .refused(422, NOT_A_STRING),
        me(
            "the token a list",
            format!(r#"{{"access_token": ["{good}"]}}"#).into_bytes(),
        )
        .refused(422, NOT_A_STRING),
        me("the token true", br#"{"access_token": true}"#.to_vec()).refused(422, NOT_A_STRING),
        me(
            "the token false (falsy: missing)",
            br#"{"access_token": false}"#.to_vec(),
        )
        .refused(401, MISSING_KEY),
        me(
            "a refresh token under the access key",
            body(&signed(&refresh())).into_bytes(),
        )
        .refused(422, "Only non-refresh tokens are allowed"),
        Probe::post("the body as text/plain", "/me")
            .body("text/plain", body(&good))
            .refused(401, "Invalid content-type. Must be application/json."),
        Probe::post("the body as application/x-www-form-urlencoded", "/me")
            .body(
                "application/x-www-form-urlencoded",
                format!("access_token={good}"),
            )
            .refused(401, "Invalid content-type. Must be application/json."),
        Probe::post(
            "an access token under the refresh key, on /refresh",
            "/refresh",
        )
        .json_text(json!({"refresh_token": good}).to_string())
        .refused(422, "Only refresh tokens are allowed"),
    ];
    against_twin(&JSON, Carrier::Json, &probes).await;
}

/// Python's `json` module reads `NaN`, `Infinity` and `-Infinity`, and so does ours
/// (`runtime/src/python_json.rs`): the token beside them is found.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_with_nan_beside_the_token_is_read_as_flask_does() {
    let good = signed(&access());
    let probes = vec![
        Probe::post("NaN beside a good token", "/me")
            .json_text(format!(r#"{{"access_token": "{good}", "n": NaN}}"#))
            .serves(ALICE),
    ];
    against_twin(&JSON, Carrier::Json, &probes).await;
}

/// A 200-deep list beside the token is valid JSON that Python reads (its limit is
/// about 1 000 levels); ours reads up to 1 000 levels too, beyond serde_json's 128.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_with_a_200_deep_list_beside_the_token_is_read_as_flask_does() {
    let good = signed(&access());
    let probes = vec![
        Probe::post("200 nested lists beside a good token", "/me")
            .json_text(format!(
                r#"{{"access_token": "{good}", "d": {}}}"#,
                nested_arrays(200)
            ))
            .serves(ALICE),
    ];
    against_twin(&JSON, Carrier::Json, &probes).await;
}

/// Over 2 MiB, ours answers 413 before the handler (README: Flask has no limit);
/// a body trickled over two seconds is waited for and served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_bodies_are_refused_and_slow_ones_waited_for() {
    let ours = Target::start(Kind::Rust, &JSON, Carrier::Json).await;
    let good = signed(&access());
    let too_large = msg(413, "Request body is too large");
    let json_header: [(&str, &[u8]); 1] = [("Content-Type", b"application/json")];
    let mut failures = Vec::new();
    let mut expect =
        |what: &str, got: (u16, serde_json::Value), expected: &(u16, serde_json::Value)| {
            if &got != expected {
                failures.push(format!(
                    "ours: {what}:\n    expected {expected:?}\n    got      {got:?}"
                ));
            }
        };

    let padded = |size: usize| json!({"access_token": good, "pad": "x".repeat(size)}).to_string();
    let over = padded(3 << 20);
    let reply = ours
        .raw(raw::request(
            "POST",
            "/me",
            &json_header,
            Some(over.as_bytes()),
        ))
        .await;
    expect("3 MiB with Content-Length", reply.answer(), &too_large);

    let mut chunked = raw::head(
        "POST",
        "/me",
        &[
            ("Content-Type", b"application/json"),
            ("Transfer-Encoding", b"chunked"),
        ],
        None,
    );
    for piece in over.as_bytes().chunks(64 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    expect(
        "3 MiB chunked",
        ours.raw(chunked).await.answer(),
        &too_large,
    );

    let under = padded((2 << 20) - 400);
    assert!(under.len() < 2 << 20);
    let reply = ours
        .raw(raw::request(
            "POST",
            "/me",
            &json_header,
            Some(under.as_bytes()),
        ))
        .await;
    expect(
        "just under 2 MiB",
        reply.answer(),
        &(200, json!({"email": ALICE})),
    );

    let login = json!({"email": ALICE, "password": "x".repeat(3 << 20)}).to_string();
    let reply = ours
        .raw(raw::request(
            "POST",
            "/login",
            &json_header,
            Some(login.as_bytes()),
        ))
        .await;
    expect("3 MiB to /login", reply.answer(), &too_large);

    let token_body = body(&good);
    let head = raw::head("POST", "/me", &json_header, Some(token_body.len()));
    let (reply, took) = raw::trickle(
        &ours.service.base,
        head,
        token_body.as_bytes(),
        20,
        Duration::from_millis(100),
    )
    .await;
    expect(
        "the body trickled over 2 s",
        reply.answer(),
        &(200, json!({"email": ALICE})),
    );
    assert!(
        took >= Duration::from_millis(1_900),
        "the body was not trickled: {took:?}"
    );

    failures.extend(ours.still_serves().await);
    report(failures);
}

/// A `Content-Length` of 3 MiB and only the token sent: the announced size alone is
/// over the limit, so ours answers 413 at once, without waiting for the rest (a body
/// that stalls under the limit gets 408 after `JwtLayer::body_timeout`, tested in
/// `tests/request_json_body.rs`), then serves others as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_announced_over_the_limit_is_refused_at_once() {
    let ours = Target::start(Kind::Rust, &JSON, Carrier::Json).await;
    let good = signed(&access());
    let mut promise = raw::head(
        "POST",
        "/me",
        &[("Content-Type", b"application/json")],
        Some(3 << 20),
    );
    promise.extend_from_slice(body(&good).as_bytes());
    let started = std::time::Instant::now();
    let reply = raw::exchange_within(&ours.service.base, promise, Duration::from_secs(60)).await;
    let took = started.elapsed();
    let mut failures = Vec::new();
    if reply.answer() != msg(413, "Request body is too large") {
        failures.push(format!(
            "ours: a 3 MiB Content-Length, a small body: got {reply:?}"
        ));
    }
    if took > Duration::from_secs(5) {
        failures.push(format!("ours: the 413 came after {took:?}, not at once"));
    }
    failures.extend(ours.still_serves().await);
    report(failures);
}
