//! Payloads that are not objects or nest deeply, claims of the wrong type, and
//! missing claims with and without `JWT_STRICT_CLAIMS`.

use serde_json::json;

use crate::client::Carrier;
use crate::forge::{
    ALICE, access, nested_arrays, now, refresh, signed, signed_text, signed_with_header, with,
    with_raw_member_first, without,
};
use crate::harness::{Flask, Probe, against_ours, against_twin};
use crate::service::Kind;

const NOT_OBJECT: &str = "Invalid payload string: must be a json object";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payloads_and_headers_that_are_not_objects_are_refused() {
    let probes = vec![
        Probe::me("payload an empty list", &signed_text("[]")).refused(422, NOT_OBJECT),
        Probe::me(
            "payload a list of claims",
            &signed_text(&format!("[{}]", access())),
        )
        .refused(422, NOT_OBJECT),
        Probe::me("payload a string", &signed_text("\"alice@example.com\""))
            .refused(422, NOT_OBJECT),
        Probe::me("payload a number", &signed_text("5")).refused(422, NOT_OBJECT),
        Probe::me("payload null", &signed_text("null")).refused(422, NOT_OBJECT),
        Probe::me("payload true", &signed_text("true")).refused(422, NOT_OBJECT),
        Probe::me("payload empty", &signed_text(""))
            .refused(
                422,
                "Invalid payload string: EOF while parsing a value at line 1 column 0",
            )
            .flask(Flask::ParserText),
        Probe::me("payload an unclosed object", &signed_text("{"))
            .refused(
                422,
                "Invalid payload string: EOF while parsing an object at line 1 column 1",
            )
            .flask(Flask::ParserText),
        Probe::me(
            "payload an object and more",
            &signed_text(&format!("{} []", access())),
        )
        .refused(
            422,
            "Invalid payload string: trailing characters at line 1 column 200",
        )
        .flask(Flask::ParserText),
        Probe::me(
            "payload with single quotes",
            &signed_text("{'sub': 'alice@example.com'}"),
        )
        .refused(
            422,
            "Invalid payload string: key must be a string at line 1 column 2",
        )
        .flask(Flask::ParserText),
        Probe::me(
            "header a list",
            &signed_with_header("[\"HS256\"]", &access()),
        )
        .refused(422, "Invalid header string: must be a json object"),
        Probe::me(
            "header a string",
            &signed_with_header("\"HS256\"", &access()),
        )
        .refused(422, "Invalid header string: must be a json object"),
        Probe::me("header null", &signed_with_header("null", &access()))
            .refused(422, "Invalid header string: must be a json object"),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_nested_arrays_are_refused_without_a_crash() {
    let claims = access();
    let deep_claim = with_raw_member_first(&claims, "deep", &nested_arrays(10_000));
    // 5 000 objects: 10 000 would make a header line longer than Werkzeug takes.
    let deep_objects = format!("{}{}", "{\"a\":".repeat(5_000), "}".repeat(5_000));
    let probes = vec![
        Probe::me(
            "10 000 nested arrays in a signed extra claim",
            &signed_text(&deep_claim),
        )
        .refused(
            422,
            "Invalid payload string: recursion limit exceeded at line 1 column 135",
        )
        .flask(Flask::ParserText),
        Probe::me(
            "5 000 nested objects in a signed extra claim",
            &signed_text(&with_raw_member_first(&claims, "deep", &deep_objects)),
        )
        .refused(
            422,
            "Invalid payload string: recursion limit exceeded at line 1 column 639",
        )
        .flask(Flask::ParserText),
        // Ours stops at the first `[`: a list is not an object. Python parses first
        // and runs out of stack; both are "Invalid payload string: ...".
        Probe::me(
            "10 000 nested arrays as the whole payload",
            &signed_text(&nested_arrays(10_000)),
        )
        .refused(422, NOT_OBJECT)
        .flask(Flask::ParserText),
        Probe::me(
            "10 000 nested arrays in the header",
            &signed_with_header(
                &format!("{{\"alg\":\"HS256\",\"x\":{}}}", nested_arrays(10_000)),
                &claims,
            ),
        )
        .refused(
            422,
            "Invalid header string: recursion limit exceeded at line 1 column 146",
        )
        .flask(Flask::ParserText),
        Probe::me(
            "10 000 nested arrays, signed with another secret",
            &crate::forge::hmac(
                crate::forge::HS256_HEADER,
                &deep_claim,
                jsonwebtoken::Algorithm::HS256,
                b"another-secret-of-thirty-two-b!!",
            ),
        )
        .refused(
            422,
            "Invalid payload string: recursion limit exceeded at line 1 column 135",
        )
        .flask(Flask::ParserText),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

/// A signed token with a 200-deep list in an extra claim is valid JSON; Python's
/// parser reads it (its limit is the interpreter's recursion limit, about 1 000), and
/// so does ours, beyond serde_json's own limit of 128.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_token_with_a_200_deep_claim_is_served_as_flask_does() {
    let claims = access();
    let token = signed_text(&with_raw_member_first(&claims, "deep", &nested_arrays(200)));
    let probes = vec![Probe::me("200 nested arrays in a signed extra claim", &token).serves(ALICE)];
    against_twin(&[], Carrier::Header, &probes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_of_the_wrong_type_are_refused() {
    let claims = access();
    let set = |name: &str, value: serde_json::Value| signed(&with(claims.clone(), name, value));
    let exp = claims["exp"].as_i64().expect("exp");
    let probes = vec![
        Probe::me("exp a word", &set("exp", json!("soon")))
            .refused(422, "Expiration Time claim (exp) must be an integer."),
        Probe::me("exp null", &set("exp", json!(null)))
            .refused(422, "Expiration Time claim (exp) must be an integer."),
        Probe::me("exp a list", &set("exp", json!([exp])))
            .refused(422, "Expiration Time claim (exp) must be an integer."),
        Probe::me("exp an object", &set("exp", json!({"at": exp})))
            .refused(422, "Expiration Time claim (exp) must be an integer."),
        // Python's int() takes these (README: same decision, typed claims).
        Probe::me(
            "exp a string of digits",
            &set("exp", json!(exp.to_string())),
        )
        .serves(ALICE),
        Probe::me("exp a float", &set("exp", json!(exp as f64 + 0.5))).serves(ALICE),
        Probe::me(
            "exp true (int(True) is 1, long past)",
            &set("exp", json!(true)),
        )
        .refused(401, "Token has expired"),
        Probe::me("exp negative", &set("exp", json!(-1))).refused(401, "Token has expired"),
        Probe::me(
            "exp 10^30",
            &signed_text(&claims.to_string().replace(
                &format!("\"exp\":{exp}"),
                "\"exp\":1000000000000000000000000000000",
            )),
        )
        .serves(ALICE),
        Probe::me("iat a word", &set("iat", json!("then")))
            .refused(422, "Issued At claim (iat) must be an integer."),
        Probe::me("nbf a word", &set("nbf", json!("now")))
            .refused(422, "Not Before claim (nbf) must be an integer."),
        Probe::me("nbf a list", &set("nbf", json!([1])))
            .refused(422, "Not Before claim (nbf) must be an integer."),
        Probe::me("sub an object", &set("sub", json!({"email": ALICE})))
            .refused(422, "Subject must be a string"),
        Probe::me("sub a list", &set("sub", json!([ALICE])))
            .refused(422, "Subject must be a string"),
        Probe::me("sub a number", &set("sub", json!(5))).refused(422, "Subject must be a string"),
        Probe::me("sub null", &set("sub", json!(null))).refused(422, "Subject must be a string"),
        Probe::me("sub empty", &set("sub", json!(""))).refused(401, "Error loading the user "),
        Probe::me("no sub", &signed(&without(claims.clone(), &["sub"])))
            .refused(422, "Missing claim: sub"),
        Probe::me("jti a number", &set("jti", json!(5))).refused(422, "JWT ID must be a string"),
        Probe::me("jti null", &set("jti", json!(null))).refused(422, "JWT ID must be a string"),
        Probe::me("jti an object", &set("jti", json!({"id": 1})))
            .refused(422, "JWT ID must be a string"),
        // README: `fresh` not a boolean or number, `type` or `csrf` not a string: a
        // 422 here, where Flask-JWT-Extended accepts on some routes and 500s on others.
        Probe::me("fresh a string", &set("fresh", json!("yes")))
            .refused(422, "Fresh claim (fresh) must be a boolean or a number")
            .flask(Flask::Status(200)),
        Probe::post("fresh a string, on /fresh", "/fresh")
            .bearer(&set("fresh", json!("yes")))
            .refused(422, "Fresh claim (fresh) must be a boolean or a number")
            .flask(Flask::Status(500)),
        Probe::me("fresh a list", &set("fresh", json!([true])))
            .refused(422, "Fresh claim (fresh) must be a boolean or a number")
            .flask(Flask::Status(200)),
        Probe::me("type a number", &set("type", json!(1)))
            .refused(422, "Token type claim (type) must be a string")
            .flask(Flask::Status(200)),
        Probe::post("type a number, on /refresh", "/refresh")
            .bearer(&signed(&with(refresh(), "type", json!(1))))
            .refused(422, "Token type claim (type) must be a string")
            .flask(Flask::Status(422)),
        Probe::me("type null", &set("type", json!(null)))
            .refused(422, "Token type claim (type) must be a string")
            .flask(Flask::Status(200)),
        Probe::me("type [\"refresh\"]", &set("type", json!(["refresh"])))
            .refused(422, "Token type claim (type) must be a string")
            .flask(Flask::Status(200)),
        Probe::me("csrf a list", &set("csrf", json!(["a"])))
            .refused(422, "CSRF claim (csrf) must be a string")
            .flask(Flask::Status(200)),
        Probe::me("type an unknown string", &set("type", json!("admin"))).serves(ALICE),
        Probe::post("type an unknown string, on /refresh", "/refresh")
            .bearer(&set("type", json!("admin")))
            .refused(422, "Only refresh tokens are allowed"),
        Probe::me(
            "exp before nbf (both checked)",
            &signed(&with(
                with(claims.clone(), "nbf", json!(now() + 3_600)),
                "exp",
                json!(now() - 3_600),
            )),
        )
        .refused(422, "The token is not yet valid (nbf)"),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

/// With a custom identity claim, PyJWT's `sub` check no longer applies; ours refuses
/// an identity a user loader cannot take (README: Flask-JWT-Extended accepts it and
/// hands it to the loader; the twin's dictionary lookup then fails).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_identity_claim_that_is_not_a_string_is_refused() {
    let vars = [("JWT_IDENTITY_CLAIM", "identity")];
    let claims = without(with(access(), "identity", json!(ALICE)), &["sub"]);
    let set = |value: serde_json::Value| signed(&with(claims.clone(), "identity", value));
    let refusal = "Identity claim (identity) must be a string or an integer";
    let probes = vec![
        Probe::me("identity a string", &signed(&claims)).serves(ALICE),
        Probe::me("identity an object", &set(json!({"email": ALICE})))
            .refused(422, refusal)
            .flask(Flask::Status(500)),
        Probe::me("identity a list", &set(json!([ALICE])))
            .refused(422, refusal)
            .flask(Flask::Status(500)),
        Probe::me("identity true", &set(json!(true)))
            .refused(422, refusal)
            .flask(Flask::NotAsked),
        Probe::me("identity null", &set(json!(null)))
            .refused(422, refusal)
            .flask(Flask::NotAsked),
        Probe::me("identity a float", &set(json!(1.5)))
            .refused(422, refusal)
            .flask(Flask::NotAsked),
        Probe::me("identity an integer: no such user", &set(json!(7)))
            .refused(401, "Error loading the user 7"),
        Probe::me(
            "no identity",
            &signed(&without(claims.clone(), &["identity"])),
        )
        .refused(422, "Missing claim: identity"),
        Probe::me(
            "sub an object beside the identity",
            &signed(&with(claims.clone(), "sub", json!({}))),
        )
        .refused(422, "Subject must be a string"),
    ];
    against_twin(&vars, Carrier::Header, &probes).await;
}

/// Without `jti`, `type`, `exp` or `fresh`, Flask-JWT-Extended fills in defaults and
/// accepts the token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_jti_type_or_exp_are_accepted_as_flask_accepts_them() {
    let claims = access();
    let probes = vec![
        Probe::me("no jti", &signed(&without(claims.clone(), &["jti"]))).serves(ALICE),
        Probe::me("no type", &signed(&without(claims.clone(), &["type"]))).serves(ALICE),
        Probe::me("no exp", &signed(&without(claims.clone(), &["exp"]))).serves(ALICE),
        Probe::me("no fresh", &signed(&without(claims.clone(), &["fresh"]))).serves(ALICE),
        Probe::me(
            "no iat, no nbf",
            &signed(&without(claims.clone(), &["iat", "nbf"])),
        )
        .serves(ALICE),
        Probe::me("nothing but sub", &signed(&json!({"sub": ALICE}))).serves(ALICE),
        Probe::post("no type, on /refresh (it defaults to access)", "/refresh")
            .bearer(&signed(&without(refresh(), &["type"])))
            .refused(422, "Only refresh tokens are allowed"),
        Probe::post("no fresh, on /fresh", "/fresh")
            .bearer(&signed(&without(claims.clone(), &["fresh"])))
            .refused(401, "Fresh token required"),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

/// `JWT_STRICT_CLAIMS=true` (this crate's own setting) refuses them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_claims_refuse_tokens_without_exp_type_or_jti() {
    let claims = access();
    let probes = vec![
        Probe::me("all claims", &signed(&claims)).serves(ALICE),
        Probe::me("no jti", &signed(&without(claims.clone(), &["jti"])))
            .refused(422, "Token is missing the \"jti\" claim"),
        Probe::me("no type", &signed(&without(claims.clone(), &["type"])))
            .refused(422, "Token is missing the \"type\" claim"),
        Probe::me("no exp", &signed(&without(claims.clone(), &["exp"])))
            .refused(422, "Token is missing the \"exp\" claim"),
        Probe::me(
            "none of the three: exp is named first",
            &signed(&without(claims.clone(), &["jti", "type", "exp"])),
        )
        .refused(422, "Token is missing the \"exp\" claim"),
        Probe::me("nothing but sub", &signed(&json!({"sub": ALICE})))
            .refused(422, "Token is missing the \"exp\" claim"),
        Probe::me(
            "no fresh (not required)",
            &signed(&without(claims.clone(), &["fresh"])),
        )
        .serves(ALICE),
        Probe::me(
            "jti null",
            &signed(&with(claims.clone(), "jti", json!(null))),
        )
        .refused(422, "JWT ID must be a string"),
        Probe::me(
            "type null",
            &signed(&with(claims.clone(), "type", json!(null))),
        )
        .refused(422, "Token type claim (type) must be a string"),
    ];
    against_ours(
        Kind::Rust,
        &[("JWT_STRICT_CLAIMS", "true")],
        Carrier::Header,
        &probes,
    )
    .await;
}
