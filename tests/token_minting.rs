//! Minting: the claims and header exactly as Flask-JWT-Extended 4.7 writes them, and
//! the mistakes refused when the token is minted rather than when it is used.

mod support;

use std::time::Duration;

use axum_jwt_login::{Algorithm, Expiry, Fresh, JwtManager, MintError, TokenOptions, TokenType};
use serde_json::{Map, Value, json};
use support::*;

fn raw_claims(token: &str) -> Map<String, Value> {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn an_access_token_has_flask_jwt_extended_claims() {
    let before = now();
    let token = hs256()
        .create_access_token("alice@example.com", TokenOptions::new().fresh(true))
        .unwrap();
    let claims = raw_claims(&token);
    let names: Vec<&str> = claims.keys().map(String::as_str).collect();
    let mut expected = vec!["fresh", "iat", "jti", "type", "sub", "nbf", "csrf", "exp"];
    expected.sort_unstable();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(claims["fresh"], true);
    assert_eq!(claims["type"], "access");
    assert_eq!(claims["sub"], "alice@example.com");
    let iat = claims["iat"].as_i64().unwrap();
    assert!(iat >= before && iat <= now());
    assert_eq!(claims["nbf"], iat);
    assert_eq!(claims["exp"], iat + 900);
    for uuid in ["jti", "csrf"] {
        let text = claims[uuid].as_str().unwrap();
        let parsed = uuid::Uuid::parse_str(text).unwrap();
        assert_eq!(parsed.get_version_num(), 4, "{uuid} is a UUID4");
        assert_eq!(
            parsed.hyphenated().to_string(),
            text,
            "lower-case, hyphenated as Python's str(uuid4())"
        );
    }
    assert_ne!(claims["jti"], claims["csrf"]);
}

#[test]
fn a_refresh_token_lives_thirty_days_and_is_not_fresh() {
    let token = hs256()
        .create_refresh_token("alice", TokenOptions::new())
        .unwrap();
    let claims = raw_claims(&token);
    assert_eq!(claims["type"], "refresh");
    assert_eq!(claims["fresh"], false);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        30 * 24 * 3600
    );
}

#[test]
fn expiry_overrides_and_tokens_that_never_expire() {
    let jwt = hs256();
    let short = raw_claims(
        &jwt.create_access_token("a", TokenOptions::new().expires_in(Duration::from_secs(5)))
            .unwrap(),
    );
    assert_eq!(
        short["exp"].as_i64().unwrap() - short["iat"].as_i64().unwrap(),
        5
    );
    let never = jwt
        .create_access_token("a", TokenOptions::new().never_expires())
        .unwrap();
    assert!(!raw_claims(&never).contains_key("exp"));
    assert_eq!(jwt.decode_token(&never).unwrap().claims.exp, None);
    let configured = JwtManager::new(
        builder(Algorithm::HS256)
            .access_expires(Expiry::Never)
            .build()
            .unwrap(),
    );
    assert!(
        !raw_claims(
            &configured
                .create_access_token("a", TokenOptions::new())
                .unwrap()
        )
        .contains_key("exp")
    );
}

#[test]
fn fresh_for_a_while() {
    let jwt = hs256();
    let token = jwt
        .create_access_token("a", TokenOptions::new().fresh_for(Duration::from_secs(600)))
        .unwrap();
    let claims = jwt.decode_token(&token).unwrap().claims;
    let Fresh::Until(until) = claims.fresh else {
        panic!("{:?}", claims.fresh)
    };
    let now = now() as f64;
    assert!(until > now + 590.0 && until < now + 610.0, "{until}");
    assert!(
        raw_claims(&token)["fresh"].is_f64(),
        "a timestamp, as Flask writes it"
    );
}

#[test]
fn settings_change_the_claims() {
    let jwt = JwtManager::new(
        builder(Algorithm::HS256)
            .identity_claim("identity")
            .issuer("iss.example")
            .audience(["one"])
            .settings(|s| {
                s.encode_nbf = false;
                s.csrf.protect = false;
            })
            .build()
            .unwrap(),
    );
    let claims = raw_claims(&jwt.create_access_token(42, TokenOptions::new()).unwrap());
    assert_eq!(claims["identity"], "42");
    assert!(
        !claims.contains_key("sub") && !claims.contains_key("nbf") && !claims.contains_key("csrf")
    );
    assert_eq!(claims["iss"], "iss.example");
    assert_eq!(claims["aud"], "one", "one audience is written as a string");
}

#[test]
fn additional_claims_and_headers() {
    let jwt = hs256();
    let mut extra = Map::new();
    extra.insert("roles".into(), json!(["admin", "staff"]));
    let token = jwt
        .create_access_token(
            "a",
            TokenOptions::new()
                .claims(extra)
                .claim("org", 7)
                .header("kid", "2026-12")
                .header("x-trace", json!({"a": 1})),
        )
        .unwrap();
    let decoded = jwt.decode_token(&token).unwrap();
    assert_eq!(decoded.claims.extra["roles"], json!(["admin", "staff"]));
    assert_eq!(decoded.claims.get("org"), Some(json!(7)));
    assert_eq!(decoded.header["kid"], "2026-12");
    assert_eq!(decoded.header["x-trace"], json!({"a": 1}));
    assert_eq!(decoded.header["alg"], "HS256");
    // Additional claims override the engine's own, as Flask's dict.update does.
    let token = jwt
        .create_access_token("a", TokenOptions::new().claim("type", "refresh"))
        .unwrap();
    assert_eq!(
        jwt.decode_token(&token).unwrap().claims.token_type,
        TokenType::Refresh
    );
}

#[test]
fn integer_identities_round_trip_as_strings() {
    let jwt = hs256();
    let token = jwt
        .create_access_token(1234567890123_u64, TokenOptions::new())
        .unwrap();
    assert_eq!(raw_claims(&token)["sub"], "1234567890123");
    assert_eq!(
        jwt.decode_token(&token)
            .unwrap()
            .claims
            .identity_as::<u64>(),
        Ok(1234567890123)
    );
    let token = jwt
        .create_access_token(-5_i32, TokenOptions::new())
        .unwrap();
    assert_eq!(
        jwt.decode_token(&token)
            .unwrap()
            .claims
            .identity_as::<i32>(),
        Ok(-5)
    );
}

#[test]
fn tokens_that_could_never_be_decoded_are_refused_at_mint_time() {
    let jwt = hs256();
    let refused = |options: TokenOptions| jwt.create_access_token("a", options).unwrap_err();
    let claim = |claim: &str, expected: &'static str| MintError::ClaimType {
        claim: claim.into(),
        expected,
    };
    assert_eq!(
        refused(TokenOptions::new().claim("sub", 5)),
        claim("sub", "a string")
    );
    assert_eq!(
        refused(TokenOptions::new().claim("exp", "tomorrow")),
        claim("exp", "an integer (seconds since the epoch)")
    );
    assert_eq!(
        refused(TokenOptions::new().claim("nbf", 1.5)),
        claim("nbf", "an integer (seconds since the epoch)")
    );
    assert_eq!(
        refused(TokenOptions::new().claim("jti", 5)),
        claim("jti", "a string")
    );
    assert_eq!(
        refused(TokenOptions::new().claim("fresh", "yes")),
        claim("fresh", "a boolean or a timestamp")
    );
    assert_eq!(
        refused(TokenOptions::new().claim("aud", [1, 2])),
        claim("aud", "a string or a list of strings")
    );
    assert_eq!(
        refused(TokenOptions::new().header("alg", "none")),
        MintError::ReservedHeader("alg".into())
    );
    assert_eq!(
        refused(TokenOptions::new().header("crit", ["b64"])),
        MintError::ReservedHeader("crit".into())
    );
    assert_eq!(
        refused(TokenOptions::new().header("kid", 1)),
        claim("kid", "a string")
    );
    let mut not_json = std::collections::HashMap::new();
    not_json.insert((1, 2), 3);
    assert_eq!(
        refused(TokenOptions::new().claim("map", not_json)).to_string(),
        "`map` cannot be written as JSON: key must be a string"
    );
    // With a custom identity claim, `sub` must still be a string while JWT_VERIFY_SUB is on.
    let custom = JwtManager::new(
        builder(Algorithm::HS256)
            .identity_claim("uid")
            .build()
            .unwrap(),
    );
    assert_eq!(
        custom
            .create_access_token("a", TokenOptions::new().claim("uid", 5))
            .unwrap_err(),
        claim("uid", "a string")
    );
}

#[test]
fn each_token_has_its_own_jti() {
    let jwt = hs256();
    let jtis: std::collections::HashSet<String> = (0..200)
        .map(|_| {
            jwt.decode_token(&jwt.create_access_token("a", TokenOptions::new()).unwrap())
                .unwrap()
                .claims
                .jti
                .unwrap()
        })
        .collect();
    assert_eq!(jtis.len(), 200);
}
