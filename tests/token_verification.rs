//! Every way `decode_token` refuses a token, with the exact status and message a
//! client gets, and the order in which the checks run.

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use axum_jwt_login::{
    AuthError, CsrfFailure, DecodeOptions, InvalidToken, JwtManager, TokenOptions, TokenType,
};
use serde_json::{Value, json};
use support::*;

/// Status and body of the answer to `token`, as a client would see them.
fn answer(jwt: &JwtManager, token: &str, options: &DecodeOptions<'_>) -> (StatusCode, Value) {
    let err = jwt
        .decode_token_with(token, options)
        .expect_err("token should be refused");
    let response = jwt.error_response(&err);
    let status = response.status();
    let body = json_body(response);
    (status, body)
}

fn refused(token: &str) -> (StatusCode, Value) {
    answer(&hs256(), token, &DecodeOptions::new())
}

fn unprocessable(msg: &str) -> (StatusCode, Value) {
    (StatusCode::UNPROCESSABLE_ENTITY, json!({ "msg": msg }))
}

#[test]
fn malformed_compact_forms() {
    let good = hs256_token(HS256_HEADER, &payload("alice", ""));
    let (h, rest) = good.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    assert_eq!(refused(""), unprocessable("Not enough segments"));
    assert_eq!(refused("abc"), unprocessable("Not enough segments"));
    assert_eq!(
        refused(&format!("{h}.{p}")),
        unprocessable("Not enough segments")
    );
    assert_eq!(
        refused(&format!("{h}.{p}.{s}.x")),
        unprocessable("Invalid payload padding")
    );
    assert_eq!(
        refused(&format!("{h}!.{p}.{s}")),
        unprocessable("Invalid header padding")
    );
    assert_eq!(
        refused(&format!("{h}.{p}*.{s}")),
        unprocessable("Invalid payload padding")
    );
    assert_eq!(
        refused(&format!("{h}.{p}.{s}+")),
        unprocessable("Invalid crypto padding")
    );
    assert_eq!(
        refused(&format!("{h}===.{p}.{s}")),
        unprocessable("Invalid header padding")
    );
    assert_eq!(
        refused(&format!(".{p}.{s}")).0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[test]
fn header_and_payload_must_be_json_objects() {
    let (status, body) = refused(&format!("{}.{}.sig", b64(b"not json"), b64(b"{}")));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .starts_with("Invalid header string: "),
        "{body}"
    );
    assert_eq!(
        refused(&format!("{}.{}.sig", b64(b"[1]"), b64(b"{}"))),
        unprocessable("Invalid header string: must be a json object")
    );
    let (status, body) = refused(&format!(
        "{}.{}.sig",
        b64(HS256_HEADER.as_bytes()),
        b64(b"{\"sub\":")
    ));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .starts_with("Invalid payload string: "),
        "{body}"
    );
    assert_eq!(
        refused(&hs256_token(HS256_HEADER, "[\"sub\"]")),
        unprocessable("Invalid payload string: must be a json object")
    );
}

#[test]
fn header_parameters_are_checked_before_the_algorithm() {
    let payload = payload("alice", "");
    assert_eq!(
        refused(&hs256_token(r#"{"alg":"HS256","kid":5}"#, &payload)),
        unprocessable("Key ID header parameter must be a string")
    );
    assert_eq!(
        refused(&hs256_token(r#"{"alg":"HS256","crit":[]}"#, &payload)),
        unprocessable("Invalid 'crit' header: must be a non-empty list")
    );
    assert_eq!(
        refused(&hs256_token(
            r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
            &payload
        )),
        unprocessable("Unsupported critical extension: exp")
    );
    assert_eq!(
        refused(&hs256_token(r#"{"alg":"none","crit":[1]}"#, &payload)),
        unprocessable("Invalid 'crit' header: values must be strings")
    );
    assert_eq!(
        refused(&hs256_token(r#"{"alg":"HS256","crit":["b64"]}"#, &payload)),
        unprocessable("Critical extension 'b64' is missing from headers")
    );
    assert_eq!(
        refused(&hs256_token(r#"{"alg":"HS256","b64":false}"#, &payload)),
        unprocessable("Payload segment must be empty when 'b64' is false.")
    );
    let detached = format!("{}..sig", b64(br#"{"alg":"HS256","b64":false}"#));
    assert_eq!(
        refused(&detached),
        unprocessable("The 'b64' header parameter requires 'b64' to be listed in 'crit'.")
    );
}

#[test]
fn algorithm_none_and_unlisted_algorithms_are_refused() {
    let payload = payload("alice", "");
    for alg in [
        r#""none""#,
        r#""None""#,
        r#""NONE""#,
        r#""""#,
        "null",
        "5",
        r#""HS512""#,
        r#""RS256""#,
        r#""XX999""#,
    ] {
        let header = format!(r#"{{"alg":{alg},"typ":"JWT"}}"#);
        let unsigned = format!("{}.{}.", b64(header.as_bytes()), b64(payload.as_bytes()));
        assert_eq!(
            refused(&unsigned),
            unprocessable("The specified alg value is not allowed"),
            "{alg}"
        );
        assert_eq!(
            refused(&hs256_token(&header, &payload)),
            unprocessable("The specified alg value is not allowed"),
            "{alg}"
        );
    }
    assert_eq!(
        refused(&hs256_token(r#"{"typ":"JWT"}"#, &payload)),
        unprocessable("Algorithm not specified")
    );
}

#[test]
fn tampering_breaks_the_signature() {
    let token = hs256_token(HS256_HEADER, &payload("alice", ""));
    let (h, rest) = token.split_once('.').unwrap();
    let (_, s) = rest.split_once('.').unwrap();
    let forged = format!("{h}.{}.{s}", b64(payload("mallory", "").as_bytes()));
    assert_eq!(
        refused(&forged),
        unprocessable("Signature verification failed")
    );
    let mut bytes = token.clone().into_bytes();
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        refused(std::str::from_utf8(&bytes).unwrap()),
        unprocessable("Signature verification failed")
    );
    let truncated = &token[..token.len() - 3]; // still canonical base64url: 30 of 32 bytes
    assert_eq!(
        refused(truncated),
        unprocessable("Signature verification failed")
    );
    let other_secret = JwtManager::new(
        axum_jwt_login::JwtConfig::builder()
            .secret("another-secret-of-thirty-two-byte")
            .build()
            .unwrap(),
    );
    let theirs = other_secret
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    assert_eq!(
        refused(&theirs),
        unprocessable("Signature verification failed")
    );
}

#[test]
fn time_claims() {
    let now = now();
    let t = |claims: &str| hs256_token(HS256_HEADER, &format!(r#"{{"sub":"alice",{claims}}}"#));
    assert_eq!(
        refused(&t(r#""iat":"soon""#)),
        unprocessable("Issued At claim (iat) must be an integer.")
    );
    assert_eq!(
        refused(&t(&format!(r#""iat":{}"#, now + 60))),
        unprocessable("The token is not yet valid (iat)")
    );
    assert_eq!(
        refused(&t(r#""nbf":[1]"#)),
        unprocessable("Not Before claim (nbf) must be an integer.")
    );
    assert_eq!(
        refused(&t(&format!(r#""nbf":{}"#, now + 60))),
        unprocessable("The token is not yet valid (nbf)")
    );
    assert_eq!(
        refused(&t(r#""exp":{}"#)),
        unprocessable("Expiration Time claim (exp) must be an integer.")
    );
    assert_eq!(
        refused(&t(r#""exp":null"#)),
        unprocessable("Expiration Time claim (exp) must be an integer.")
    );
    assert_eq!(
        refused(&t(&format!(r#""exp":{}"#, now - 1))),
        (
            StatusCode::UNAUTHORIZED,
            json!({"msg": "Token has expired"})
        )
    );
    // `exp` equal to now is already expired (PyJWT: exp <= now).
    assert_eq!(
        refused(&t(&format!(r#""exp":{now}"#))).0,
        StatusCode::UNAUTHORIZED
    );
    // Python's int() accepts these, so PyJWT does too.
    let jwt = hs256();
    for exp in [
        format!("{}.7", now + 100),
        format!(r#""{}""#, now + 100),
        format!(r#"" {} ""#, now + 100),
    ] {
        let claims = jwt
            .decode_token(&t(&format!(r#""exp":{exp}"#)))
            .expect(&exp)
            .claims;
        assert_eq!(claims.exp, Some(now + 100), "{exp}");
    }
}

#[test]
fn leeway_edges() {
    let jwt = JwtManager::new(
        builder(axum_jwt_login::Algorithm::HS256)
            .leeway(Duration::from_secs(30))
            .build()
            .unwrap(),
    );
    let now = now();
    let t = |claims: String| hs256_token(HS256_HEADER, &format!(r#"{{"sub":"alice",{claims}}}"#));
    assert!(
        jwt.decode_token(&t(format!(r#""exp":{}"#, now - 20)))
            .is_ok(),
        "inside the leeway"
    );
    assert!(matches!(
        jwt.decode_token(&t(format!(r#""exp":{}"#, now - 31))),
        Err(AuthError::Expired(_))
    ));
    assert!(
        jwt.decode_token(&t(format!(r#""nbf":{}"#, now + 20)))
            .is_ok(),
        "inside the leeway"
    );
    assert_eq!(
        jwt.decode_token(&t(format!(r#""nbf":{}"#, now + 40)))
            .unwrap_err()
            .to_string(),
        "The token is not yet valid (nbf)"
    );
    assert!(
        jwt.decode_token(&t(format!(r#""iat":{}"#, now + 20)))
            .is_ok()
    );
}

#[test]
fn expired_reports_after_every_other_check() {
    let past = now() - 100;
    let jwt = hs256();
    let expired_no_sub = hs256_token(HS256_HEADER, &format!(r#"{{"exp":{past}}}"#));
    assert_eq!(
        jwt.decode_token(&expired_no_sub).unwrap_err().to_string(),
        "Missing claim: sub"
    );
    let expired_bad_jti = hs256_token(
        HS256_HEADER,
        &format!(r#"{{"sub":"a","jti":1,"exp":{past}}}"#),
    );
    assert_eq!(
        jwt.decode_token(&expired_bad_jti).unwrap_err().to_string(),
        "JWT ID must be a string"
    );
    let expired_csrf = hs256_token(
        HS256_HEADER,
        &format!(r#"{{"sub":"a","csrf":"x","exp":{past}}}"#),
    );
    let err = jwt
        .decode_token_with(&expired_csrf, &DecodeOptions::new().csrf_value("y"))
        .unwrap_err();
    assert_eq!(err.to_string(), "CSRF double submit tokens do not match");
    // ... but the time claims before `exp` still win.
    let expired_future_nbf = hs256_token(
        HS256_HEADER,
        &format!(r#"{{"sub":"a","nbf":{},"exp":{past}}}"#, now() + 100),
    );
    assert_eq!(
        jwt.decode_token(&expired_future_nbf)
            .unwrap_err()
            .to_string(),
        "The token is not yet valid (nbf)"
    );
    // An expired token's claims reach the error, for an expired-token hook.
    let expired = hs256_token(HS256_HEADER, &format!(r#"{{"sub":"a","exp":{past}}}"#));
    match jwt.decode_token(&expired) {
        Err(AuthError::Expired(token)) => assert_eq!(token.claims.identity, "a"),
        other => panic!("{other:?}"),
    }
    let allowed = jwt
        .decode_token_with(&expired, &DecodeOptions::new().allow_expired(true))
        .unwrap();
    assert_eq!(allowed.claims.exp, Some(past));
}

#[test]
fn claim_types() {
    let t = |claims: &str| hs256_token(HS256_HEADER, &format!("{{{claims}}}"));
    assert_eq!(
        refused(&t(r#""sub":5"#)),
        unprocessable("Subject must be a string")
    );
    assert_eq!(
        refused(&t(r#""sub":{"id":5}"#)),
        unprocessable("Subject must be a string")
    );
    assert_eq!(
        refused(&t(r#""sub":"a","jti":5"#)),
        unprocessable("JWT ID must be a string")
    );
    assert_eq!(
        refused(&t(r#""sub":"a","fresh":"yes""#)),
        unprocessable("Fresh claim (fresh) must be a boolean or a number")
    );
    assert_eq!(
        refused(&t(r#""sub":"a","type":1"#)),
        unprocessable("Token type claim (type) must be a string")
    );
    assert_eq!(
        refused(&t(r#""sub":"a","csrf":1"#)),
        unprocessable("CSRF claim (csrf) must be a string")
    );
    assert_eq!(
        refused(&t(r#""name":"a""#)),
        unprocessable("Missing claim: sub")
    );
}

#[test]
fn flask_defaults_fill_in_absent_claims() {
    let claims = hs256()
        .decode_token(&hs256_token(HS256_HEADER, r#"{"sub":"a"}"#))
        .unwrap()
        .claims;
    assert_eq!(claims.token_type, TokenType::Access);
    assert_eq!(claims.fresh, axum_jwt_login::Fresh::No);
    assert_eq!(claims.jti, None);
    assert_eq!(claims.exp, None);
}

#[test]
fn strict_claims_refuse_what_flask_fills_in() {
    let jwt = JwtManager::new(
        builder(axum_jwt_login::Algorithm::HS256)
            .strict_claims(true)
            .build()
            .unwrap(),
    );
    let exp = now() + 100;
    let cases = [
        (
            r#"{"sub":"a","type":"access","jti":"j"}"#.to_string(),
            "Token is missing the \"exp\" claim",
        ),
        (
            format!(r#"{{"sub":"a","jti":"j","exp":{exp}}}"#),
            "Token is missing the \"type\" claim",
        ),
        (
            format!(r#"{{"sub":"a","type":"access","exp":{exp}}}"#),
            "Token is missing the \"jti\" claim",
        ),
    ];
    for (payload, message) in cases {
        let (status, body) = answer(
            &jwt,
            &hs256_token(HS256_HEADER, &payload),
            &DecodeOptions::new(),
        );
        assert_eq!((status, body), unprocessable(message));
    }
    let minted = jwt.create_access_token("a", TokenOptions::new()).unwrap();
    assert!(
        jwt.decode_token(&minted).is_ok(),
        "minted tokens pass strict mode"
    );
    assert!(
        jwt.create_access_token("a", TokenOptions::new().never_expires())
            .is_ok()
    );
}

#[test]
fn issuer_and_audience() {
    let jwt = JwtManager::new(
        builder(axum_jwt_login::Algorithm::HS256)
            .issuer("https://auth.example")
            .audience(["api", "admin"])
            .build()
            .unwrap(),
    );
    let minted = jwt.create_access_token("a", TokenOptions::new()).unwrap();
    let claims = jwt.decode_token(&minted).unwrap().claims;
    assert_eq!(claims.extra["iss"], "https://auth.example");
    assert_eq!(claims.extra["aud"], json!(["api", "admin"]));
    let t = |claims: &str| hs256_token(HS256_HEADER, &format!(r#"{{"sub":"a"{claims}}}"#));
    let cases = [
        (r#","aud":"api""#, "Token is missing the \"iss\" claim"),
        (
            r#","iss":7,"aud":"api""#,
            "Payload Issuer (iss) must be a string",
        ),
        (
            r#","iss":"https://evil.example","aud":"api""#,
            "Invalid issuer",
        ),
        (
            r#","iss":"https://auth.example""#,
            "Token is missing the \"aud\" claim",
        ),
        (
            r#","iss":"https://auth.example","aud":"""#,
            "Token is missing the \"aud\" claim",
        ),
        (
            r#","iss":"https://auth.example","aud":[]"#,
            "Token is missing the \"aud\" claim",
        ),
        (
            r#","iss":"https://auth.example","aud":{"a":1}"#,
            "Invalid claim format in token",
        ),
        (
            r#","iss":"https://auth.example","aud":["api",1]"#,
            "Invalid claim format in token",
        ),
        (
            r#","iss":"https://auth.example","aud":"web""#,
            "Audience doesn't match",
        ),
    ];
    for (claims, message) in cases {
        assert_eq!(
            answer(&jwt, &t(claims), &DecodeOptions::new()),
            unprocessable(message),
            "{claims}"
        );
    }
    assert!(
        jwt.decode_token(&t(r#","iss":"https://auth.example","aud":["web","admin"]"#))
            .is_ok()
    );
    // Without a decode audience, `aud` is not checked at all (PyJWT's verify_aud=False).
    assert!(hs256().decode_token(&t(r#","aud":"anything""#)).is_ok());
}

#[test]
fn csrf_double_submit() {
    let jwt = hs256();
    let token = jwt.create_access_token("a", TokenOptions::new()).unwrap();
    let csrf = jwt
        .decode_token(&token)
        .unwrap()
        .claims
        .csrf
        .expect("csrf claim by default");
    assert!(
        jwt.decode_token_with(&token, &DecodeOptions::new().csrf_value(&csrf))
            .is_ok()
    );
    let (status, body) = answer(&jwt, &token, &DecodeOptions::new().csrf_value("wrong"));
    assert_eq!(
        (status, body),
        (
            StatusCode::UNAUTHORIZED,
            json!({"msg": "CSRF double submit tokens do not match"})
        )
    );
    let without = hs256_token(HS256_HEADER, r#"{"sub":"a"}"#);
    assert_eq!(
        answer(&jwt, &without, &DecodeOptions::new().csrf_value("x")),
        unprocessable("Missing claim: csrf")
    );
    assert_eq!(
        AuthError::from(CsrfFailure::Missing).to_string(),
        "Missing CSRF token"
    );
}

#[test]
fn token_type_is_checked_after_decoding() {
    let jwt = hs256();
    let access = jwt.create_access_token("a", TokenOptions::new()).unwrap();
    let refresh = jwt.create_refresh_token("a", TokenOptions::new()).unwrap();
    let want_access = DecodeOptions::new().expect_type(TokenType::Access);
    let want_refresh = DecodeOptions::new().expect_type(TokenType::Refresh);
    assert_eq!(
        answer(&jwt, &refresh, &want_access),
        unprocessable("Only non-refresh tokens are allowed")
    );
    assert_eq!(
        answer(&jwt, &access, &want_refresh),
        unprocessable("Only refresh tokens are allowed")
    );
    assert!(jwt.decode_token_with(&access, &want_access).is_ok());
    assert!(jwt.decode_token_with(&refresh, &want_refresh).is_ok());
    let other = hs256_token(HS256_HEADER, r#"{"sub":"a","type":"id"}"#);
    assert!(
        jwt.decode_token_with(&other, &want_access).is_ok(),
        "Flask accepts other types as access"
    );
    assert!(matches!(
        jwt.decode_token_with(&other, &want_refresh),
        Err(AuthError::InvalidToken(InvalidToken::RefreshRequired))
    ));
}

#[test]
fn error_message_key_and_hook_replace_the_answer() {
    use axum::response::IntoResponse;
    let jwt = JwtManager::new(
        builder(axum_jwt_login::Algorithm::HS256)
            .error_message_key("error")
            .error_hook(std::sync::Arc::new(|err: &AuthError| match err {
                AuthError::Expired(token) => Some(
                    (
                        StatusCode::IM_A_TEAPOT,
                        format!("{} must log in again", token.claims.identity),
                    )
                        .into_response(),
                ),
                _ => None,
            }))
            .build()
            .unwrap(),
    );
    assert_eq!(
        answer(&jwt, "abc", &DecodeOptions::new()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"error": "Not enough segments"})
        )
    );
    let expired = hs256_token(
        HS256_HEADER,
        &format!(r#"{{"sub":"bob","exp":{}}}"#, now() - 5),
    );
    let response = jwt.error_response(&jwt.decode_token(&expired).unwrap_err());
    assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
}

#[test]
fn statuses_of_the_variants_without_a_token_path_here() {
    let token = hs256()
        .decode_token(&hs256_token(HS256_HEADER, r#"{"sub":"x"}"#))
        .unwrap();
    let cases = [
        (AuthError::NoToken("Missing Authorization Header".into()), 401, "Missing Authorization Header"),
        (AuthError::InvalidHeader("Bad Authorization header. Expected 'Authorization: Bearer <JWT>'".into()), 422, "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"),
        (AuthError::InvalidQueryParam("Invalid value for query parameter 'jwt'. Expected the value to start with 'Bearer '".into()), 422, "Invalid value for query parameter 'jwt'. Expected the value to start with 'Bearer '"),
        (AuthError::FreshRequired(Box::new(token.clone())), 401, "Fresh token required"),
        (AuthError::Revoked(Box::new(token.clone())), 401, "Token has been revoked"),
        (AuthError::UserLookup(Box::new(token.clone())), 401, "Error loading the user x"),
        (AuthError::ClaimsVerificationFailed(Box::new(token)), 400, "User claims verification failed"),
    ];
    for (err, status, message) in cases {
        let response = axum::response::IntoResponse::into_response(err);
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(json_body(response), json!({ "msg": message }));
    }
}
