//! Compile-time behaviour of `#[login_required]` and `#[derive(AuthUser)]`: every
//! form that must compile (`tests/ui/pass/`), and every misuse with the exact error
//! the user sees (`tests/ui/fail/*.rs` with its `.stderr`). The `.stderr` files are
//! blessed on Rust 1.95 (`TRYBUILD=overwrite cargo test --test ui`), the toolchain
//! `rust-toolchain.toml` pins.

#[rustversion::attr(not(stable(1.95)), ignore = "stderr files are blessed on Rust 1.95")]
#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
