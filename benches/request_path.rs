//! The request path against raw `jsonwebtoken` 12, on the same HS256 token:
//!
//! - `verify/axum-jwt-login`: the whole path of the `CurrentUser` extractor on a
//!   request with `Authorization: Bearer <token>`: locate, decode and check, memory
//!   blocklist look-up, in-memory user loader (a `HashMap` of 1001 users).
//! - `verify/jsonwebtoken-decode`: `jsonwebtoken::decode` of the token into a typed
//!   struct of the same claims, `exp` and `nbf` checked (the decode alone).
//! - `verify/handwritten`: a hand-written extractor on raw jsonwebtoken: the header read,
//!   the decode above, the user looked up in the same map.
//! - `location/header` and `location/json`: the same `GET /me` through a `Router` with
//!   `JwtLayer` (`tower::ServiceExt::oneshot`), the token in the header or in a JSON
//!   body `{"access_token": ...}` (with `JWT_TOKEN_LOCATION=json`).
//!
//! Minting is measured in `benches/token_engine.rs`.
//!
//! Run: `cargo bench --bench request_path -- --warm-up-time 1 --measurement-time 5`.

use std::hint::black_box;

use axum::Router;
use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::Request;
use axum::http::request::Parts;
use axum::routing::get;
use axum_jwt_login::{CurrentUser, JwtConfig, JwtManager, TokenLocation, TokenOptions};
use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use tower::ServiceExt;

#[path = "../tests/support/in_memory.rs"]
mod in_memory;

use in_memory::{AppState, Person, Users, now_or_never};

const SECRET: &str = "a benchmark secret of at least thirty-two bytes";

#[derive(Deserialize)]
#[allow(dead_code)]
struct Claims {
    fresh: bool,
    iat: i64,
    jti: String,
    #[serde(rename = "type")]
    token_type: String,
    sub: String,
    nbf: i64,
    csrf: String,
    exp: i64,
}

fn parts(header: &str) -> Parts {
    Request::get("/me")
        .header("authorization", header)
        .body(())
        .expect("request")
        .into_parts()
        .0
}

fn verify(c: &mut Criterion) {
    let jwt = JwtManager::new(JwtConfig::builder().secret(SECRET).build().expect("config"));
    let state = AppState {
        jwt: jwt.clone(),
        users: Users::alice_and_a_thousand(),
    };
    let token = jwt
        .create_access_token("alice@example.com", TokenOptions::new().fresh(true))
        .expect("mint");
    let header = format!("Bearer {token}");
    let key = jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()).expect("key");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.leeway = 0;
    validation.validate_nbf = true;

    // Both sides accept the token and read the same user.
    let mut probe = parts(&header);
    let ours = now_or_never(CurrentUser::<Person>::from_request_parts(
        &mut probe, &state,
    ))
    .map_err(|_| "refused")
    .expect("ours");
    let raw = jsonwebtoken::decode::<Claims>(&token, &key, &validation).expect("raw");
    assert_eq!(ours.0.email, raw.claims.sub);

    let mut group = c.benchmark_group("verify");
    group.bench_function("axum-jwt-login", |b| {
        b.iter_batched_ref(
            || parts(&header),
            |parts| {
                let user = now_or_never(CurrentUser::<Person>::from_request_parts(parts, &state));
                black_box(user.is_ok())
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("jsonwebtoken-decode", |b| {
        b.iter(|| {
            black_box(jsonwebtoken::decode::<Claims>(
                black_box(&token),
                &key,
                &validation,
            ))
        })
    });
    group.bench_function("handwritten", |b| {
        b.iter_batched_ref(
            || parts(&header),
            |parts| {
                let token = parts
                    .headers
                    .get("authorization")
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| value.strip_prefix("Bearer "))
                    .expect("header");
                let data =
                    jsonwebtoken::decode::<Claims>(token, &key, &validation).expect("decode");
                black_box(state.users.0.get(&data.claims.sub).cloned())
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

async fn me(axum_jwt_login::CurrentUser(user): CurrentUser<Person>) -> String {
    user.email
}

fn location(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("location");
    for location in [TokenLocation::Headers, TokenLocation::Json] {
        let config = JwtConfig::builder()
            .secret(SECRET)
            .token_location([location])
            .build()
            .expect("config");
        let jwt = JwtManager::new(config);
        let token = jwt
            .create_access_token("alice@example.com", TokenOptions::new())
            .expect("mint");
        let state = AppState {
            jwt: jwt.clone(),
            users: Users::alice_and_a_thousand(),
        };
        let app = Router::new()
            .route("/me", get(me).post(me))
            .layer(jwt.layer())
            .with_state(state);
        let request = move || {
            match location {
                TokenLocation::Json => Request::post("/me")
                    .header("content-type", "application/json")
                    .body(Body::from(format!(
                        r#"{{"access_token": "{token}", "note": "beside other fields"}}"#
                    ))),
                _ => Request::get("/me")
                    .header("authorization", format!("Bearer {token}"))
                    .body(Body::empty()),
            }
            .expect("request")
        };
        let status = runtime
            .block_on(app.clone().oneshot(request()))
            .expect("answer")
            .status();
        assert_eq!(status, 200);
        let name = if location == TokenLocation::Json {
            "json"
        } else {
            "header"
        };
        group.bench_function(name, |b| {
            b.iter_batched(
                &request,
                |request| {
                    runtime
                        .block_on(app.clone().oneshot(request))
                        .expect("answer")
                },
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, verify, location);
criterion_main!(benches);
