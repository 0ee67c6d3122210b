//! The Rust people API against its Flask twin (`tests/interop/flask_people_api.py`,
//! Flask-JWT-Extended 4.7.4 and Flask-Login 0.6.3), on one secret:
//!
//! - the differential: the same list of requests, good and bad, sent to both, in every
//!   token-location mode, gets the same status, the same body (tokens aside) and the
//!   same `Set-Cookie` lines (token values aside);
//! - interop: access, refresh and fresh tokens minted by either server are accepted
//!   by the other, with the same claims and header.

use serde_json::{Value, json};

use crate::client::{Api, Carrier, answer, claims, msg};
use crate::contract::{ALICE, PASSWORD};
use crate::service::{Kind, SECRET, Service};
use crate::support::server::Reply;
use crate::tokens::{claims_for, expired_access, forged_access, sign};

/// One answer, with what differs between any two servers taken out: token values
/// in the body and in `Set-Cookie`.
#[derive(Debug, PartialEq)]
struct Seen {
    step: String,
    status: u16,
    body: Value,
    set_cookies: Vec<String>,
}

fn seen(step: impl Into<String>, reply: &Reply) -> Seen {
    let mut body = reply.body.clone();
    if let Value::Object(fields) = &mut body {
        for key in ["access_token", "refresh_token"] {
            if let Some(token) = fields.get_mut(key) {
                assert!(
                    token.as_str().and_then(claims).is_some(),
                    "{key} is a JWT: {token}"
                );
                *token = json!("<token>");
            }
        }
    }
    // The one deliberate difference (README, "Differences from Flask"): after
    // "Invalid header string: " or "Invalid payload string: " comes the JSON
    // parser's own text, CPython's json module there, serde_json here.
    if let Some(text) = body["msg"].as_str().map(str::to_owned) {
        for prefix in ["Invalid header string: ", "Invalid payload string: "] {
            if text.starts_with(prefix) && !text.ends_with("must be a json object") {
                body["msg"] = json!(format!("{prefix}<the JSON parser's message>"));
            }
        }
    }
    let set_cookies = reply
        .set_cookies
        .iter()
        .map(|line| {
            let (pair, attributes) = line.split_once(';').unwrap_or((line, ""));
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = if value.is_empty() { "" } else { "<value>" };
            format!("{name}={value};{attributes}")
        })
        .collect();
    Seen {
        step: step.into(),
        status: reply.status,
        body,
        set_cookies,
    }
}

fn token_of(reply: &Reply, key: &str) -> String {
    reply.body[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {reply:?}"))
        .to_owned()
}

/// The same walk for any server: every route, good and bad requests, in order.
async fn transcript(api: &Api, carrier: Carrier) -> Vec<Seen> {
    let mut out = Vec::new();
    let mut record = |step: String, reply: &Reply| out.push(seen(step, reply));

    record(
        "signup".into(),
        &api.post_json("/signup", json!({"email": ALICE, "password": PASSWORD}))
            .await,
    );
    for body in [
        json!({"email": ALICE, "password": "again"}),
        json!({"password": PASSWORD}),
        json!({"email": "", "password": PASSWORD}),
        json!({"email": 3, "password": PASSWORD}),
        json!({"email": "bob@example.com"}),
        json!({"email": "bob@example.com", "password": false}),
    ] {
        record(
            format!("signup {body}"),
            &api.post_json("/signup", body).await,
        );
    }
    for (content_type, body) in [
        ("application/json", "[]"),
        ("application/json", "{"),
        (
            "text/plain",
            "{\"email\": \"b@example.com\", \"password\": \"x\"}",
        ),
        ("application/x-www-form-urlencoded", "email=b&password=x"),
    ] {
        let reply = api
            .call("POST", "/signup")
            .body(content_type, body)
            .send()
            .await;
        record(format!("signup {content_type} {body}"), &reply);
    }
    for body in [
        json!({"email": ALICE, "password": "wrong"}),
        json!({"email": "nobody@example.com", "password": PASSWORD}),
        json!({"email": ALICE, "password": PASSWORD, "remember": 1}),
        json!({"email": ALICE}),
    ] {
        record(
            format!("login {body}"),
            &api.post_json("/login", body).await,
        );
    }
    let short = api
        .post_json("/login", json!({"email": ALICE, "password": PASSWORD}))
        .await;
    record("login".into(), &short);
    let long = api
        .post_json(
            "/login",
            json!({"email": ALICE, "password": PASSWORD, "remember": true}),
        )
        .await;
    record("login remember".into(), &long);
    let access = token_of(&short, "access_token");
    let other_access = token_of(&long, "access_token");
    let refresh = token_of(&long, "refresh_token");

    let bad_tokens = [
        ("garbage", "not-a-token".to_owned()),
        ("two segments", "abc.def".to_owned()),
        ("bad base64", "abc.def.ghi".to_owned()),
        ("forged", forged_access(ALICE)),
        ("expired", expired_access(ALICE)),
        (
            "alg none",
            format!(
                "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
                crate::support::b64(
                    claims_for(ALICE, "access", true, 600)
                        .to_string()
                        .as_bytes()
                )
            ),
        ),
        (
            "no identity",
            sign(
                &json!({"type": "access", "fresh": false, "jti": "j", "exp": 4_000_000_000u64}),
                SECRET,
            ),
        ),
        (
            "unknown user",
            sign(
                &claims_for("ghost@example.com", "access", true, 600),
                SECRET,
            ),
        ),
        ("refresh as access", refresh.clone()),
    ];
    for method in ["GET", "POST"] {
        for path in ["/me", "/optional"] {
            let reply = api.call(method, path).access(carrier, &access).send().await;
            record(format!("{method} {path}"), &reply);
            let reply = api.call(method, path).send().await;
            record(format!("{method} {path} without a token"), &reply);
            for (name, token) in &bad_tokens {
                let reply = api.call(method, path).access(carrier, token).send().await;
                record(format!("{method} {path} {name}"), &reply);
            }
        }
    }

    let reply = api
        .call("POST", "/fresh")
        .access(carrier, &access)
        .send()
        .await;
    record("fresh".into(), &reply);
    let reply = api
        .call("POST", "/refresh")
        .refresh(carrier, &refresh)
        .send()
        .await;
    record("refresh".into(), &reply);
    let renewed = token_of(&reply, "access_token");
    for (name, token) in [("renewed", &renewed), ("refresh as access", &refresh)] {
        let reply = api
            .call("POST", "/fresh")
            .access(carrier, token)
            .send()
            .await;
        record(format!("fresh {name}"), &reply);
    }
    for (name, token) in [
        ("access as refresh", &access),
        ("expired", &expired_access(ALICE)),
    ] {
        let reply = api
            .call("POST", "/refresh")
            .refresh(carrier, token)
            .send()
            .await;
        record(format!("refresh {name}"), &reply);
    }
    let reply = api.call("POST", "/refresh").send().await;
    record("refresh without a token".into(), &reply);

    let reply = api
        .call("POST", "/logout")
        .access(carrier, &access)
        .send()
        .await;
    record("logout".into(), &reply);
    for path in ["/me", "/logout"] {
        let method = if path == "/me" { "GET" } else { "POST" };
        let reply = api.call(method, path).access(carrier, &access).send().await;
        record(format!("{method} {path} after logout"), &reply);
    }
    let reply = api
        .call("GET", "/me")
        .access(carrier, &other_access)
        .send()
        .await;
    record("another token after logout".into(), &reply);

    let reply = api
        .call("DELETE", "/me")
        .access(carrier, &other_access)
        .send()
        .await;
    record("delete".into(), &reply);
    let reply = api
        .call("GET", "/me")
        .access(carrier, &renewed)
        .send()
        .await;
    record("me after delete".into(), &reply);
    let reply = api
        .call("POST", "/refresh")
        .refresh(carrier, &refresh)
        .send()
        .await;
    record("refresh after delete".into(), &reply);
    let reply = api
        .post_json("/login", json!({"email": ALICE, "password": PASSWORD}))
        .await;
    record("login after delete".into(), &reply);
    record(
        "unknown route".into(),
        &api.call("GET", "/nowhere").send().await,
    );
    record("wrong method".into(), &api.call("PUT", "/me").send().await);
    out
}

/// Runs the transcript on both servers with these settings and compares it step by
/// step.
async fn both_answer_the_same(vars: &[(&str, &str)], carrier: Carrier) {
    let cookies = vars
        .iter()
        .any(|(name, value)| *name == "JWT_TOKEN_LOCATION" && value.contains("cookies"));
    let rust = Service::start(Kind::Rust, vars);
    let flask = Service::start(Kind::Flask, vars);
    let ours = transcript(&Api::new(&rust, cookies), carrier).await;
    let theirs = transcript(&Api::new(&flask, cookies), carrier).await;
    assert_eq!(ours.len(), theirs.len());
    assert!(ours.len() > 70, "{} steps", ours.len());
    for (ours, theirs) in ours.iter().zip(&theirs) {
        assert_eq!(ours, theirs, "{vars:?} {carrier:?}: Rust left, Flask right");
    }
    let log = rust.stderr();
    assert!(
        !log.contains("ERROR"),
        "the Rust server logged an error:\n{log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_answers_with_tokens_in_headers() {
    both_answer_the_same(&[], Carrier::Header).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_answers_with_other_algorithm_identity_claim_and_expiry() {
    let vars = [
        ("JWT_ALGORITHM", "HS512"),
        ("JWT_IDENTITY_CLAIM", "identity"),
        ("JWT_ACCESS_TOKEN_EXPIRES", "120"),
        ("JWT_REFRESH_TOKEN_EXPIRES", "3600"),
    ];
    both_answer_the_same(&vars, Carrier::Header).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_answers_with_tokens_in_the_json_body() {
    both_answer_the_same(&[("JWT_TOKEN_LOCATION", "json")], Carrier::Json).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_answers_and_cookies_with_tokens_in_cookies() {
    both_answer_the_same(&[("JWT_TOKEN_LOCATION", "cookies")], Carrier::Cookie).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_answers_with_cookies_and_no_csrf_protection() {
    let vars = [
        ("JWT_TOKEN_LOCATION", "cookies"),
        ("JWT_COOKIE_CSRF_PROTECT", "false"),
    ];
    both_answer_the_same(&vars, Carrier::Cookie).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_answers_with_tokens_in_the_query_string() {
    both_answer_the_same(&[("JWT_TOKEN_LOCATION", "query_string")], Carrier::Query).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_answers_with_every_location_at_once() {
    let vars = [("JWT_TOKEN_LOCATION", "headers,cookies,json,query_string")];
    both_answer_the_same(&vars, Carrier::Header).await;
}

/// Logs in on `from` and uses its tokens on `to`: `/me`, `/fresh` and `/refresh`
/// accept them, and a token refreshed on `to` goes back to `from`.
async fn tokens_cross(from: &Api, to: &Api, carrier: Carrier) {
    let login = from.login(ALICE, PASSWORD, true).await;
    let refresh = login.refresh.expect("refresh token");
    let me = to
        .call("POST", "/me")
        .access(carrier, &login.access)
        .send()
        .await;
    assert_eq!(answer(&me), (200, json!({"email": ALICE})));
    let fresh = to.call("POST", "/fresh").access(carrier, &login.access);
    assert_eq!(answer(&fresh.send().await), msg(200, "fresh"));
    let refreshed = to
        .call("POST", "/refresh")
        .refresh(carrier, &refresh)
        .send()
        .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    let renewed = token_of(&refreshed, "access_token");
    let back = from
        .call("POST", "/me")
        .access(carrier, &renewed)
        .send()
        .await;
    assert_eq!(answer(&back), (200, json!({"email": ALICE})));
    let not_fresh = from.call("POST", "/fresh").access(carrier, &renewed);
    assert_eq!(
        answer(&not_fresh.send().await),
        msg(401, "Fresh token required")
    );
}

fn claim_shape(token: &str) -> Vec<(String, &'static str)> {
    let claims = claims(token).expect("claims");
    let mut shape: Vec<(String, &'static str)> = claims
        .as_object()
        .expect("object")
        .iter()
        .map(|(key, value)| {
            let kind = match value {
                Value::Bool(_) => "bool",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                _ => "other",
            };
            (key.clone(), kind)
        })
        .collect();
    shape.sort();
    shape
}

fn header_of(token: &str) -> Value {
    let header = token.split('.').next().expect("header");
    serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, header)
            .expect("base64"),
    )
    .expect("JSON header")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_minted_by_either_server_work_on_the_other() {
    for (vars, carrier, cookies) in [
        (vec![], Carrier::Header, false),
        (
            vec![("JWT_TOKEN_LOCATION", "cookies")],
            Carrier::Cookie,
            true,
        ),
        (vec![("JWT_TOKEN_LOCATION", "json")], Carrier::Json, false),
    ] {
        let rust = Service::start(Kind::Rust, &vars);
        let flask = Service::start(Kind::Flask, &vars);
        let (ours, theirs) = (Api::new(&rust, cookies), Api::new(&flask, cookies));
        ours.signup(ALICE, PASSWORD).await;
        theirs.signup(ALICE, PASSWORD).await;
        tokens_cross(&theirs, &ours, carrier).await;
        tokens_cross(&ours, &theirs, carrier).await;

        // The same claims, of the same types, and the same header and lifetimes.
        let a = ours.login(ALICE, PASSWORD, true).await;
        let b = theirs.login(ALICE, PASSWORD, true).await;
        for (mine, flasks) in [
            (&a.access, &b.access),
            (
                a.refresh.as_ref().expect("refresh"),
                b.refresh.as_ref().expect("refresh"),
            ),
        ] {
            assert_eq!(claim_shape(mine), claim_shape(flasks));
            assert_eq!(header_of(mine), header_of(flasks));
            let lifetime = |token: &str| {
                let claims = claims(token).expect("claims");
                claims["exp"].as_i64().expect("exp") - claims["iat"].as_i64().expect("iat")
            };
            assert_eq!(lifetime(mine), lifetime(flasks));
        }
        if cookies {
            // Cookie names, order and attributes alike (token values aside).
            let cookie_lines = |reply: &Reply| seen("login", reply).set_cookies;
            assert_eq!(cookie_lines(&a.reply), cookie_lines(&b.reply));
            assert_eq!(cookie_lines(&a.reply).len(), 4);
        }
    }
}
