//! End-to-end tests of `examples/people_api.rs`: the built example runs as a real
//! process on a free loopback port with a temporary SQLite file, once per token
//! location mode, and every route of the contract (`docs/people-api.md` in the
//! shared design, the README's quick start) is driven over HTTP with exact status and
//! body. `flask_twin` runs the same requests against the Flask twin in
//! `tests/interop/flask_people_api.py` and compares, and swaps tokens between them.

#[path = "../interop/oracle.rs"]
mod oracle;
#[path = "../support/mod.rs"]
mod support;

mod client;
mod contract;
mod flask_twin;
mod service;
mod tokens;

mod combined;
mod cookies;
mod headers;
mod json_body;
mod logs;
mod minimal;
mod query_string;
mod redis_blocklist;
mod startup;
