//! Heap allocations per authenticated request, counted by a global allocator: the
//! whole verify path of `CurrentUser` (token in the `Authorization` header, HS256
//! decode and checks, memory blocklist look-up, in-memory user loader) against
//! `jsonwebtoken::decode` of the same token into a typed struct of the same claims.
//!
//! The goal (issue 7): the crate's own code allocates nothing beyond what decoding the
//! token with jsonwebtoken allocates, so `ours - loader <= jsonwebtoken`. The counts are
//! exact and deterministic (one thread, no timing), so they are asserted, and printed
//! with `cargo test --test allocations -- --nocapture`.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::Request;
use axum_jwt_login::{
    CurrentUser, JwtConfig, JwtManager, MemoryBlocklist, TokenOptions, UserLoader,
};
use serde::Deserialize;
use support::in_memory::{AppState, Person, Users, now_or_never};

struct Counting;

thread_local! {
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator, counting on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = COUNT.try_with(|count| count.set(count.get() + 1));
        // SAFETY: same layout, as the caller promised.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = COUNT.try_with(|count| count.set(count.get() + 1));
        // SAFETY: as for `realloc` on `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations made on this thread by `work`.
fn allocations<T>(work: impl FnOnce() -> T) -> (usize, T) {
    let before = COUNT.with(Cell::get);
    let out = work();
    (COUNT.with(Cell::get) - before, out)
}

/// What `jsonwebtoken::decode` reads: the claims Flask-JWT-Extended writes.
#[derive(Deserialize)]
#[allow(dead_code)]
struct RawClaims {
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

const SECRET: &str = "a secret of at least thirty-two bytes, for counting";

#[test]
fn the_crate_allocates_no_more_than_jsonwebtokens_decode() {
    let jwt = JwtManager::with_blocklist(
        JwtConfig::builder().secret(SECRET).build().expect("config"),
        MemoryBlocklist::new(),
    );
    let people = HashMap::from([(
        "alice@example.com".to_owned(),
        Person {
            email: "alice@example.com".to_owned(),
        },
    )]);
    let state = AppState {
        jwt: jwt.clone(),
        users: Users(Arc::new(people)),
    };
    let token = jwt
        .create_access_token("alice@example.com", TokenOptions::new().fresh(true))
        .expect("mint");
    let header = format!("Bearer {token}");
    let make_parts = || {
        Request::get("/me")
            .header("authorization", header.as_str())
            .body(())
            .expect("request")
            .into_parts()
            .0
    };

    // jsonwebtoken: decode into the typed claims, checking alg and exp.
    let key = jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()).expect("key");
    let validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    let raw_decode = || {
        jsonwebtoken::decode::<RawClaims>(&token, &key, &validation).expect("raw decode");
    };
    raw_decode(); // warm-up: lazy statics, thread-locals
    let (raw, ()) = allocations(raw_decode);

    // The loader alone, as the verify path calls it.
    let users = state.users.clone();
    let email = "alice@example.com".to_owned();
    let load = || now_or_never(Person::load_user(&users, &email)).expect("load");
    load();
    let (loader, _) = allocations(load);

    // The whole path, on a fresh request each time (nothing cached in it).
    let mut parts = make_parts();
    now_or_never(CurrentUser::<Person>::from_request_parts(
        &mut parts, &state,
    ))
    .map_err(|_| "refused")
    .expect("warm-up request");
    let mut parts = make_parts();
    let (ours, user) = allocations(|| {
        now_or_never(CurrentUser::<Person>::from_request_parts(
            &mut parts, &state,
        ))
        .ok()
    });
    let CurrentUser(user) = user.expect("authenticated");
    assert_eq!(user.email, "alice@example.com");

    let own = ours.saturating_sub(loader);
    println!(
        "allocations per request: whole path {ours}, of which the loader {loader}: \
         the crate's own {own}; jsonwebtoken::decode alone {raw}"
    );
    assert!(
        own <= raw,
        "the crate allocates {own} times per request, jsonwebtoken's decode {raw}"
    );
}
