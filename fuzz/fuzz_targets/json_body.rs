//! Fuzz target: `axum_jwt_login_runtime::fuzzing::json_body` (see runtime/src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    axum_jwt_login_runtime::fuzzing::json_body(data);
});
