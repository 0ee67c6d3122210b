//! The token engine against raw `jsonwebtoken` 12 on the same claims.
//!
//! For HS256 and ES256:
//!
//! - `mint/<alg>/axum-jwt-login`: `JwtManager::create_access_token` with
//!   `TokenOptions::new().fresh(true)`; `mint/<alg>/jsonwebtoken`: `jsonwebtoken::encode`
//!   of a serde struct with the claims Flask-JWT-Extended writes (`fresh`, `iat`, `jti`,
//!   `type`, `sub`, `nbf`, `csrf`, `exp`), with a fresh UUID4 `jti` and `csrf` per
//!   iteration, as the engine generates both per token.
//! - `decode/<alg>/axum-jwt-login`: `JwtManager::decode_token`;
//!   `decode/<alg>/jsonwebtoken`: `jsonwebtoken::decode::<Claims>` of the same token, with
//!   the algorithm, `exp` checked and a leeway of 0.
//!
//! Run: `cargo bench --bench token_engine -- --warm-up-time 1 --measurement-time 5`.

use std::hint::black_box;
use std::time::{SystemTime, UNIX_EPOCH};

use axum_jwt_login::{Algorithm, JwtConfig, JwtManager, TokenOptions};
use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

const IDENTITY: &str = "alice@example.com";
const SECRET: &[u8] = b"a benchmark secret of at least thirty-two bytes";
const EC256_PRIVATE: &[u8] = include_bytes!("../tests/keys/ec256_private.pem");
const EC256_PUBLIC: &[u8] = include_bytes!("../tests/keys/ec256_public.pem");
/// Flask-JWT-Extended's default access-token lifetime, as the engine's default.
const ACCESS_SECONDS: i64 = 15 * 60;

/// The claims as the baseline writes them, in Flask-JWT-Extended's order. Borrowed
/// strings, so the baseline pays for no allocation the engine does not also make.
#[derive(Serialize)]
struct MintClaims<'a> {
    fresh: bool,
    iat: i64,
    jti: &'a str,
    #[serde(rename = "type")]
    token_type: &'a str,
    sub: &'a str,
    nbf: i64,
    csrf: &'a str,
    exp: i64,
}

/// The same claims, typed, as the baseline reads them back.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read only by `Debug` and the checks in `setup`
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

/// One algorithm's engine and the raw keys for the same key material.
struct Setup {
    name: &'static str,
    algorithm: Algorithm,
    jwt: JwtManager,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

fn setup(algorithm: Algorithm) -> Setup {
    // Building the configuration first installs jsonwebtoken's crypto provider, which
    // the raw calls below then use too.
    let (name, config, encoding, decoding) = match algorithm {
        Algorithm::HS256 => (
            "HS256",
            JwtConfig::builder().secret(SECRET).build(),
            EncodingKey::from_secret(SECRET),
            DecodingKey::from_secret(SECRET),
        ),
        Algorithm::ES256 => (
            "ES256",
            JwtConfig::builder()
                .algorithm(Algorithm::ES256)
                .private_key_pem(EC256_PRIVATE)
                .public_key_pem(EC256_PUBLIC)
                .build(),
            EncodingKey::from_ec_pem(EC256_PRIVATE),
            DecodingKey::from_ec_pem(EC256_PUBLIC),
        ),
        other => panic!("no benchmark keys for {other:?}"),
    };
    let jwt = JwtManager::new(config.expect("benchmark configuration"));
    let encoding = encoding.expect("benchmark signing key");
    let decoding = decoding.expect("benchmark verifying key");
    let mut validation = Validation::new(algorithm);
    validation.leeway = 0;
    validation.validate_exp = true;
    Setup {
        name,
        algorithm,
        jwt,
        encoding,
        decoding,
        validation,
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// The baseline's mint: the same work the engine does per token (the time, two UUID4s,
/// the claims, the header, base64url and the signature).
fn raw_mint(setup: &Setup) -> String {
    let mut jti = uuid::Uuid::encode_buffer();
    let mut csrf = uuid::Uuid::encode_buffer();
    let now = now();
    let claims = MintClaims {
        fresh: true,
        iat: now,
        jti: uuid::Uuid::new_v4().hyphenated().encode_lower(&mut jti),
        token_type: "access",
        sub: IDENTITY,
        nbf: now,
        csrf: uuid::Uuid::new_v4().hyphenated().encode_lower(&mut csrf),
        exp: now + ACCESS_SECONDS,
    };
    jsonwebtoken::encode(&Header::new(setup.algorithm), &claims, &setup.encoding).expect("raw mint")
}

fn our_mint(setup: &Setup) -> String {
    setup
        .jwt
        .create_access_token(IDENTITY, TokenOptions::new().fresh(true))
        .expect("engine mint")
}

fn raw_decode(setup: &Setup, token: &str) -> Claims {
    jsonwebtoken::decode::<Claims>(token, &setup.decoding, &setup.validation)
        .expect("raw decode")
        .claims
}

/// Both sides accept each other's tokens with the same claims, so both benchmarks
/// measure the same work.
fn check_same_work(setup: &Setup) {
    let ours = our_mint(setup);
    let raw = raw_mint(setup);
    for token in [&ours, &raw] {
        let theirs = raw_decode(setup, token);
        let decoded = setup.jwt.decode_token(token).expect("engine decode");
        let claims = &decoded.claims;
        assert_eq!(claims.identity, theirs.sub);
        assert_eq!(claims.jti.as_deref(), Some(theirs.jti.as_str()));
        assert_eq!(claims.csrf.as_deref(), Some(theirs.csrf.as_str()));
        assert_eq!(claims.exp, Some(theirs.exp));
        assert_eq!(claims.iat, Some(theirs.iat));
        assert_eq!(claims.nbf, Some(theirs.nbf));
        assert!(claims.extra.is_empty(), "{:?}", claims.extra);
        assert!(theirs.fresh && theirs.token_type == "access");
    }
    let segments = |token: &str| -> Vec<usize> { token.split('.').map(str::len).collect() };
    assert_eq!(
        segments(&ours),
        segments(&raw),
        "same header and claim sizes"
    );
}

fn token_engine(c: &mut Criterion) {
    for algorithm in [Algorithm::HS256, Algorithm::ES256] {
        let setup = setup(algorithm);
        check_same_work(&setup);

        let mut mint = c.benchmark_group(format!("mint/{}", setup.name));
        mint.bench_function("axum-jwt-login", |b| b.iter(|| our_mint(black_box(&setup))));
        mint.bench_function("jsonwebtoken", |b| b.iter(|| raw_mint(black_box(&setup))));
        mint.finish();

        // One token, minted by the engine, decoded by both.
        let token = our_mint(&setup);
        let mut decode = c.benchmark_group(format!("decode/{}", setup.name));
        decode.bench_function("axum-jwt-login", |b| {
            b.iter(|| {
                setup
                    .jwt
                    .decode_token(black_box(&token))
                    .expect("engine decode")
            })
        });
        decode.bench_function("jsonwebtoken", |b| {
            b.iter(|| raw_decode(&setup, black_box(&token)))
        });
        decode.finish();
    }
}

criterion_group!(benches, token_engine);
criterion_main!(benches);
