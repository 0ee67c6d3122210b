//! Fuzz target: `axum_jwt_login_runtime::fuzzing::cookies_and_csrf` (see runtime/src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    axum_jwt_login_runtime::fuzzing::cookies_and_csrf(data);
});
