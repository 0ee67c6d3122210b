//! Wire compatibility with the real Flask-JWT-Extended 4.7.4: tokens minted by either
//! side decode on the other with the same claims, and refusals get the same status
//! code and body.

#[path = "interop/oracle.rs"]
mod oracle;
mod support;

use axum_jwt_login::{Algorithm, DecodeOptions, DecodedToken, JwtManager, TokenOptions, TokenType};
use serde_json::{Map, Value, json};
use support::*;

/// The Flask config of the same settings as `builder(algorithm)`.
fn flask_config(algorithm: Algorithm) -> Value {
    let mut config = json!({ "JWT_ALGORITHM": format!("{algorithm:?}") });
    match algorithm {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            config["JWT_SECRET_KEY"] = json!(SECRET)
        }
        _ => {
            let (private, public) = key_files(algorithm);
            config["JWT_PRIVATE_KEY"] = json!(pem(private));
            config["JWT_PUBLIC_KEY"] = json!(pem(public));
        }
    }
    config
}

fn manager(algorithm: Algorithm) -> JwtManager {
    JwtManager::new(builder(algorithm).build().expect("config"))
}

/// Our decoded claims as the dict Flask-JWT-Extended's `decode_token` returns.
fn as_flask_dict(
    decoded: &DecodedToken,
    identity_claim: &str,
    keys: &Map<String, Value>,
) -> Map<String, Value> {
    keys.keys()
        .map(|name| {
            let value = if name == identity_claim {
                Some(Value::String(decoded.claims.identity.clone()))
            } else {
                decoded.claims.get(name)
            };
            (name.clone(), value.unwrap_or(Value::Null))
        })
        .collect()
}

fn body_of(response: axum::response::Response) -> (u16, Value) {
    (response.status().as_u16(), json_body(response))
}

/// Our answer to a token, as (status, body): 200 with the claims, or the refusal.
fn our_answer(
    jwt: &JwtManager,
    token: &str,
    options: &DecodeOptions<'_>,
    flask_body: &Value,
) -> (u16, Value) {
    match jwt.decode_token_with(token, options) {
        Ok(decoded) => {
            let keys = flask_body["claims"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            let identity_claim = jwt.config().settings().identity_claim.clone();
            (
                200,
                json!({ "claims": as_flask_dict(&decoded, &identity_claim, &keys), "header": decoded.header }),
            )
        }
        Err(err) => body_of(jwt.error_response(&err)),
    }
}

#[test]
fn tokens_minted_by_flask_decode_here_with_the_same_claims() {
    for algorithm in [Algorithm::HS256, Algorithm::RS256, Algorithm::ES256] {
        let config = flask_config(algorithm);
        let mints = [
            json!({"op": "mint", "config": config, "identity": "alice@example.com", "fresh": true}),
            json!({"op": "mint", "config": config, "identity": "alice@example.com"}),
            json!({"op": "mint", "config": config, "identity": "alice@example.com", "kind": "refresh"}),
            json!({"op": "mint", "config": config, "identity": "bob", "fresh": 600}),
            json!({"op": "mint", "config": config, "identity": "carol", "expires_delta": false}),
            json!({"op": "mint", "config": config, "identity": "dave",
                   "additional_claims": {"roles": ["admin"], "org": 7, "nested": {"a": [1, 2.5, null]}},
                   "additional_headers": {"kid": "k1"}}),
        ];
        let tokens: Vec<String> = oracle::ask(&mints)
            .into_iter()
            .map(|m| m["token"].as_str().unwrap().to_owned())
            .collect();
        let decodes: Vec<Value> = tokens
            .iter()
            .map(|token| json!({"op": "decode", "config": config, "token": token}))
            .collect();
        let flask = oracle::ask(&decodes);
        let jwt = manager(algorithm);
        for (token, flask) in tokens.iter().zip(&flask) {
            assert_eq!(
                flask["status"], 200,
                "{algorithm:?}: Flask decodes its own token: {flask}"
            );
            let ours = our_answer(&jwt, token, &DecodeOptions::new(), &flask["body"]);
            assert_eq!(
                (ours.0, &ours.1),
                (200, &flask["body"]),
                "{algorithm:?} token {token}"
            );
        }
    }
}

#[test]
fn a_custom_identity_claim_is_read_from_flask_tokens() {
    let mut config = flask_config(Algorithm::HS256);
    config["JWT_IDENTITY_CLAIM"] = json!("identity");
    let token = oracle::ask_one(json!({"op": "mint", "config": config, "identity": "erin"}));
    let jwt = JwtManager::new(
        builder(Algorithm::HS256)
            .identity_claim("identity")
            .build()
            .unwrap(),
    );
    let decoded = jwt.decode_token(token["token"].as_str().unwrap()).unwrap();
    assert_eq!(decoded.claims.identity, "erin");
    assert!(decoded.claims.extra.get("sub").is_none());
}

#[test]
fn an_integer_identity_from_flask_is_refused_as_flask_refuses_it() {
    let config = flask_config(Algorithm::HS256);
    let token =
        oracle::ask_one(json!({"op": "mint", "config": config, "identity": 42}))["token"].clone();
    let flask = oracle::ask_one(json!({"op": "decode", "config": config, "token": token}));
    assert_eq!(
        flask,
        json!({"status": 422, "body": {"msg": "Subject must be a string"}})
    );
    let ours = our_answer(
        &hs256(),
        token.as_str().unwrap(),
        &DecodeOptions::new(),
        &flask["body"],
    );
    assert_eq!(ours, (422, json!({"msg": "Subject must be a string"})));
}

#[test]
fn tokens_minted_here_decode_in_flask_with_the_same_claims() {
    for algorithm in [
        Algorithm::HS256,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
    ] {
        let jwt = manager(algorithm);
        let config = flask_config(algorithm);
        let tokens = [
            jwt.create_access_token("alice@example.com", TokenOptions::new().fresh(true))
                .unwrap(),
            jwt.create_access_token(42, TokenOptions::new()).unwrap(),
            jwt.create_refresh_token("alice@example.com", TokenOptions::new())
                .unwrap(),
            jwt.create_access_token(
                "bob",
                TokenOptions::new().fresh_for(std::time::Duration::from_secs(60)),
            )
            .unwrap(),
            jwt.create_access_token(
                "carol",
                TokenOptions::new()
                    .never_expires()
                    .claim("roles", ["a", "b"]),
            )
            .unwrap(),
            jwt.create_access_token("dave", TokenOptions::new().header("kid", "k2"))
                .unwrap(),
        ];
        let requests: Vec<Value> = tokens
            .iter()
            .map(|token| json!({"op": "decode", "config": config, "token": token}))
            .collect();
        for (token, flask) in tokens.iter().zip(oracle::ask(&requests)) {
            assert_eq!(
                flask["status"], 200,
                "{algorithm:?}: Flask refused our token: {flask}"
            );
            let ours = our_answer(&jwt, token, &DecodeOptions::new(), &flask["body"]);
            assert_eq!(ours, (200, flask["body"].clone()), "{algorithm:?}");
            assert_eq!(flask["body"]["header"]["typ"], "JWT");
        }
    }
}

#[test]
fn tokens_minted_here_pass_flask_route_guards() {
    let jwt = hs256();
    let config = flask_config(Algorithm::HS256);
    let access = jwt
        .create_access_token("alice", TokenOptions::new().fresh(true))
        .unwrap();
    let stale = jwt
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    let refresh = jwt
        .create_refresh_token("alice", TokenOptions::new())
        .unwrap();
    let call = |path: &str, token: &str| {
        json!({"op": "request", "config": config, "method": "GET", "path": path,
               "headers": {"Authorization": format!("Bearer {token}")}})
    };
    let answers = oracle::ask(&[
        call("/protected", &access),
        call("/fresh", &access),
        call("/fresh", &stale),
        call("/refresh", &refresh),
        call("/refresh", &access),
        call("/protected", &refresh),
    ]);
    let statuses: Vec<u64> = answers
        .iter()
        .map(|a| a["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [200, 200, 401, 200, 422, 422]);
    assert_eq!(answers[2]["body"], json!({"msg": "Fresh token required"}));
    assert_eq!(
        answers[4]["body"],
        json!({"msg": "Only refresh tokens are allowed"})
    );
    assert_eq!(
        answers[5]["body"],
        json!({"msg": "Only non-refresh tokens are allowed"})
    );
    // The same type checks here give the same answers.
    let want_refresh = DecodeOptions::new().expect_type(TokenType::Refresh);
    let want_access = DecodeOptions::new().expect_type(TokenType::Access);
    assert_eq!(
        our_answer(&jwt, &access, &want_refresh, &Value::Null),
        (422, answers[4]["body"].clone())
    );
    assert_eq!(
        our_answer(&jwt, &refresh, &want_access, &Value::Null),
        (422, answers[5]["body"].clone())
    );
}

/// Bad tokens, each answered by Flask-JWT-Extended and by this crate: same status,
/// same body. The messages are Flask's own, from running it.
#[test]
fn refusals_match_flask_jwt_extended() {
    let now = now();
    let p = |claims: String| hs256_token(HS256_HEADER, &claims);
    let good = hs256()
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    let (h, rest) = good.split_once('.').unwrap();
    let (body, sig) = rest.split_once('.').unwrap();
    let other = JwtManager::new(
        axum_jwt_login::JwtConfig::builder()
            .secret("x".repeat(40))
            .build()
            .unwrap(),
    )
    .create_access_token("alice", TokenOptions::new())
    .unwrap();
    let unsigned = |alg: &str| {
        format!(
            "{}.{}.",
            b64(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes()),
            body
        )
    };
    let cases: Vec<(String, String)> = vec![
        ("empty".into(), String::new()),
        ("one segment".into(), "abc".into()),
        ("two segments".into(), format!("{h}.{body}")),
        ("four segments".into(), format!("{good}.x")),
        ("bad header base64".into(), format!("{h}!.{body}.{sig}")),
        ("bad payload base64".into(), format!("{h}.{body}*.{sig}")),
        ("bad signature base64".into(), format!("{h}.{body}.{sig}+")),
        ("over-padded header".into(), format!("{h}===.{body}.{sig}")),
        (
            "header not an object".into(),
            format!("{}.{body}.{sig}", b64(b"[1]")),
        ),
        ("payload not an object".into(), p("[1]".into())),
        ("payload a string".into(), p("\"sub\"".into())),
        ("alg none".into(), unsigned("none")),
        ("alg None".into(), unsigned("None")),
        ("alg NONE".into(), unsigned("NONE")),
        ("alg HS512".into(), unsigned("HS512")),
        ("alg RS256".into(), unsigned("RS256")),
        ("alg unknown".into(), unsigned("XX1")),
        (
            "no alg".into(),
            format!("{}.{body}.{sig}", b64(br#"{"typ":"JWT"}"#)),
        ),
        (
            "kid not a string".into(),
            hs256_token(r#"{"alg":"HS256","kid":1}"#, &payload("a", "")),
        ),
        (
            "crit empty".into(),
            hs256_token(r#"{"alg":"HS256","crit":[]}"#, &payload("a", "")),
        ),
        (
            "crit unknown".into(),
            hs256_token(
                r#"{"alg":"HS256","crit":["zip"],"zip":1}"#,
                &payload("a", ""),
            ),
        ),
        (
            "b64 false".into(),
            hs256_token(r#"{"alg":"HS256","b64":false}"#, &payload("a", "")),
        ),
        ("other secret".into(), other),
        (
            "tampered payload".into(),
            format!("{h}.{}.{sig}", b64(payload("mallory", "").as_bytes())),
        ),
        (
            "iat not an integer".into(),
            p(r#"{"sub":"a","iat":"x"}"#.into()),
        ),
        (
            "iat in the future".into(),
            p(format!(r#"{{"sub":"a","iat":{}}}"#, now + 100)),
        ),
        (
            "nbf not an integer".into(),
            p(r#"{"sub":"a","nbf":null}"#.into()),
        ),
        (
            "nbf in the future".into(),
            p(format!(r#"{{"sub":"a","nbf":{}}}"#, now + 100)),
        ),
        (
            "exp not an integer".into(),
            p(r#"{"sub":"a","exp":[]}"#.into()),
        ),
        (
            "expired".into(),
            p(format!(r#"{{"sub":"a","exp":{}}}"#, now - 10)),
        ),
        (
            "expired now".into(),
            p(format!(r#"{{"sub":"a","exp":{now}}}"#)),
        ),
        (
            "expired without sub".into(),
            p(format!(r#"{{"exp":{}}}"#, now - 10)),
        ),
        (
            "expired with jti int".into(),
            p(format!(r#"{{"sub":"a","jti":3,"exp":{}}}"#, now - 10)),
        ),
        ("sub an integer".into(), p(r#"{"sub":5}"#.into())),
        ("sub an object".into(), p(r#"{"sub":{"id":1}}"#.into())),
        ("sub null".into(), p(r#"{"sub":null}"#.into())),
        ("jti an integer".into(), p(r#"{"sub":"a","jti":5}"#.into())),
        ("no sub".into(), p(r#"{"name":"a"}"#.into())),
        ("minimal".into(), p(r#"{"sub":"a"}"#.into())),
        (
            "aud without decode audience".into(),
            p(r#"{"sub":"a","aud":"x"}"#.into()),
        ),
        (
            "type other".into(),
            p(r#"{"sub":"a","type":"id","fresh":1.5}"#.into()),
        ),
        (
            "duplicate keys".into(),
            p(r#"{"sub":"a","sub":"b"}"#.into()),
        ),
    ];
    compare(&hs256(), &flask_config(Algorithm::HS256), &cases, None);

    let mut config = flask_config(Algorithm::HS256);
    config["JWT_DECODE_ISSUER"] = json!("iss.example");
    config["JWT_DECODE_AUDIENCE"] = json!(["api", "admin"]);
    let jwt = JwtManager::new(
        builder(Algorithm::HS256)
            .settings(|s| {
                s.decode_issuer = Some("iss.example".into());
                s.decode_audience = vec!["api".into(), "admin".into()];
            })
            .build()
            .unwrap(),
    );
    let t = |claims: &str| p(format!(r#"{{"sub":"a"{claims}}}"#));
    let cases: Vec<(String, String)> = [
        ("no iss", t(r#","aud":"api""#)),
        ("iss an integer", t(r#","iss":1,"aud":"api""#)),
        ("wrong iss", t(r#","iss":"evil","aud":"api""#)),
        ("no aud", t(r#","iss":"iss.example""#)),
        ("empty aud", t(r#","iss":"iss.example","aud":"""#)),
        ("aud an object", t(r#","iss":"iss.example","aud":{"a":1}"#)),
        (
            "aud list with a number",
            t(r#","iss":"iss.example","aud":["api",1]"#),
        ),
        ("wrong aud", t(r#","iss":"iss.example","aud":"web""#)),
        ("good", t(r#","iss":"iss.example","aud":["web","admin"]"#)),
    ]
    .into_iter()
    .map(|(name, token)| (name.to_owned(), token))
    .collect();
    compare(&jwt, &config, &cases, None);

    // CSRF double submit, as decode_token(token, csrf_value) checks it.
    let minted = hs256()
        .create_access_token("a", TokenOptions::new())
        .unwrap();
    let cases = vec![
        ("csrf mismatch".to_owned(), minted),
        ("csrf claim missing".to_owned(), p(r#"{"sub":"a"}"#.into())),
    ];
    compare(
        &hs256(),
        &flask_config(Algorithm::HS256),
        &cases,
        Some("not-the-value"),
    );
}

/// PyJWT reads `exp` with Python's `int()`, so a digit string or a float is accepted;
/// so is it here. Flask's `get_jwt()` then shows the raw value, this crate the integer.
#[test]
fn numeric_dates_in_python_int_forms_are_accepted_by_both() {
    let exp = now() + 100;
    let config = flask_config(Algorithm::HS256);
    for raw in [
        format!(r#""{exp}""#),
        format!("{exp}.5"),
        format!(r#"" {exp} ""#),
    ] {
        let token = hs256_token(HS256_HEADER, &format!(r#"{{"sub":"a","exp":{raw}}}"#));
        let flask = oracle::ask_one(json!({"op": "decode", "config": config, "token": token}));
        assert_eq!(flask["status"], 200, "{raw}: {flask}");
        assert_eq!(
            hs256().decode_token(&token).unwrap().claims.exp,
            Some(exp),
            "{raw}"
        );
    }
}

fn compare(jwt: &JwtManager, config: &Value, cases: &[(String, String)], csrf_value: Option<&str>) {
    let requests: Vec<Value> = cases
        .iter()
        .map(|(_, token)| json!({"op": "decode", "config": config, "token": token, "csrf_value": csrf_value}))
        .collect();
    let answers = oracle::ask(&requests);
    let mut options = DecodeOptions::new();
    if let Some(value) = csrf_value {
        options = options.csrf_value(value);
    }
    for ((name, token), flask) in cases.iter().zip(answers) {
        let ours = our_answer(jwt, token, &options, &flask["body"]);
        assert_eq!(
            (ours.0 as u64, &ours.1),
            (flask["status"].as_u64().unwrap(), &flask["body"]),
            "case `{name}`: ours (left) and Flask-JWT-Extended's (right) differ"
        );
    }
}
