//! Adversarial tests of the people API (`examples/people_api.rs`) and of
//! `examples/minimal.rs`, over real HTTP: forged, tampered, expired, revoked and
//! malformed input, each request with its exact answer (status and `{"msg": ...}`).
//!
//! Flask-JWT-Extended 4.7.4 is the reference. Where it can answer, the same request
//! goes to it too: to the Flask twin of the people API
//! (`tests/interop/flask_people_api.py`) for HMAC settings it reads, or to the
//! oracle app of `tests/interop/fje_oracle.py` for settings the twin does not read
//! (keys, leeway, form CSRF). Each probe says what Flask must answer: the same, the
//! same but for the JSON parser's own words, or (for the differences the README
//! lists on purpose, and HTTP-server behaviour outside Flask-JWT-Extended) only a
//! status, or nothing.
//!
//! Every test ends with the same checks on each server it started: no answer was a
//! 500, the log holds no `panicked`, and a new account still logs in and is served.
//!
//! Tests named `..._as_flask_does` assert Flask-JWT-Extended's answer for cases where
//! ours once differed (a `jti`-less token kept working after logout, repeated CSRF
//! headers, werkzeug's cookie parsing, deep nesting and `NaN` in JSON): all fixed.

#[path = "../interop/oracle.rs"]
mod oracle;
#[path = "../support/mod.rs"]
mod support;

#[allow(dead_code)]
#[path = "../people_api/client.rs"]
mod client;
#[allow(dead_code)]
#[path = "../people_api/tokens.rs"]
mod minted;
#[allow(dead_code)]
#[path = "../people_api/service.rs"]
mod service;

mod forge;
mod harness;
mod raw;

mod algorithms;
mod bodies;
mod claims;
mod csrf;
mod leeway;
mod lifecycle;
mod query_and_cookies;
mod requests;
mod segments;
