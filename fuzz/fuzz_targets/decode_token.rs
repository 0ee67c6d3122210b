//! Fuzz target: `axum_jwt_login_runtime::fuzzing::decode_token` (see runtime/src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    axum_jwt_login_runtime::fuzzing::decode_token(data);
});
