//! `JWT_TOKEN_LOCATION=cookies`: attempts to get past the double-submit CSRF check.

use serde_json::{Value, json};

use crate::client::Carrier;
use crate::forge::{ALICE, access, refresh, signed, with, without};
use crate::harness::{Flask, Probe, against_oracle, against_twin};
use crate::minted::{expired_access, forged_access};

const MISSING: &str = "Missing CSRF token";
const MISMATCH: &str = "CSRF double submit tokens do not match";
const COOKIES: [(&str, &str); 1] = [("JWT_TOKEN_LOCATION", "cookies")];

fn csrf_of(claims: &Value) -> String {
    claims["csrf"].as_str().expect("a csrf claim").to_owned()
}

fn access_cookie(token: &str) -> String {
    format!("access_token_cookie={token}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csrf_check_cannot_be_skipped_or_satisfied_without_the_value() {
    let claims = access();
    let token = signed(&claims);
    let csrf = csrf_of(&claims);
    let cookie = access_cookie(&token);
    let other_csrf = csrf_of(&access());
    let refresh_claims = refresh();
    let refresh_token = signed(&refresh_claims);
    let refresh_csrf = csrf_of(&refresh_claims);
    let post = |what: &str| Probe::post(what, "/me").cookies(cookie.clone());
    let probes = vec![
        Probe::get("GET: no CSRF value needed", "/me")
            .cookies(cookie.clone())
            .serves(ALICE),
        post("POST with the right X-CSRF-TOKEN")
            .header("X-CSRF-TOKEN", csrf.clone())
            .serves(ALICE),
        post("POST without a CSRF value").refused(401, MISSING),
        post("POST with a wrong value")
            .header("X-CSRF-TOKEN", "0000")
            .refused(401, MISMATCH),
        Probe::post(
            "POST with the value only in the csrf_access_token cookie",
            "/me",
        )
        .cookies(format!("{cookie}; csrf_access_token={csrf}"))
        .refused(401, MISSING),
        post("POST with the cookie's token itself as the CSRF value")
            .header("X-CSRF-TOKEN", token.clone())
            .refused(401, MISMATCH),
        post("POST with another access token's CSRF value")
            .header("X-CSRF-TOKEN", other_csrf)
            .refused(401, MISMATCH),
        post("POST with the refresh token's CSRF value")
            .header("X-CSRF-TOKEN", refresh_csrf.clone())
            .refused(401, MISMATCH),
        post("POST with X-HTTP-Method-Override: GET")
            .header("X-HTTP-Method-Override", "GET")
            .refused(401, MISSING),
        post("POST with every method-override header set to GET")
            .header("X-HTTP-Method-Override", "GET")
            .header("X-Method-Override", "GET")
            .header("X-HTTP-Method", "GET")
            .refused(401, MISSING),
        Probe::post("POST with ?_method=GET", "/me?_method=GET")
            .cookies(cookie.clone())
            .refused(401, MISSING),
        post("POST with the value in a form field (JWT_CSRF_CHECK_FORM is off)")
            .body(
                "application/x-www-form-urlencoded",
                format!("csrf_token={csrf}"),
            )
            .refused(401, MISSING),
        post("POST with the value in a JSON body")
            .json_text(json!({"csrf_token": csrf}).to_string())
            .refused(401, MISSING),
        Probe::post(
            "POST with the value in the query string",
            &format!("/me?csrf_token={csrf}"),
        )
        .cookies(cookie.clone())
        .refused(401, MISSING),
        post("POST with the header name in lower case")
            .header("x-csrf-token", csrf.clone())
            .serves(ALICE),
        post("POST with an empty X-CSRF-TOKEN")
            .header("X-CSRF-TOKEN", "")
            .refused(401, MISSING),
        post("POST with X-CSRFToken (another name)")
            .header("X-CSRFToken", csrf.clone())
            .refused(401, MISSING),
        post("POST with X-XSRF-TOKEN (another name)")
            .header("X-XSRF-TOKEN", csrf.clone())
            .refused(401, MISSING),
        post("POST with the value twice in one header")
            .header("X-CSRF-TOKEN", format!("{csrf},{csrf}"))
            .refused(401, MISMATCH),
        post("POST with two X-CSRF-TOKEN headers, the wrong one first")
            .header("X-CSRF-TOKEN", "0000")
            .header("X-CSRF-TOKEN", csrf.clone())
            .refused(401, MISMATCH),
        // HTTP leaves the white space around a value out of it (RFC 9110, 5.5), as
        // hyper does; Werkzeug's development server keeps it.
        post("POST with the right value between spaces")
            .header("X-CSRF-TOKEN", format!("  {csrf}  "))
            .serves(ALICE)
            .flask(Flask::Status(401)),
        Probe::new("DELETE /me without a CSRF value", "DELETE", "/me")
            .cookies(cookie.clone())
            .refused(401, MISSING),
        Probe::post("POST /logout without a CSRF value", "/logout")
            .cookies(cookie.clone())
            .refused(401, MISSING),
        Probe::post("POST /refresh without a CSRF value", "/refresh")
            .cookies(format!("refresh_token_cookie={refresh_token}"))
            .refused(401, MISSING),
        Probe::post(
            "POST /refresh with the access token's CSRF value",
            "/refresh",
        )
        .cookies(format!("refresh_token_cookie={refresh_token}"))
        .header("X-CSRF-TOKEN", csrf.clone())
        .refused(401, MISMATCH),
        Probe::post("POST /refresh with only the access cookie", "/refresh")
            .cookies(cookie.clone())
            .header("X-CSRF-TOKEN", csrf.clone())
            .refused(401, "Missing cookie \"refresh_token_cookie\""),
        Probe::post("POST with a refresh token in the access cookie", "/me")
            .cookies(access_cookie(&refresh_token))
            .header("X-CSRF-TOKEN", refresh_csrf)
            .refused(422, "Only non-refresh tokens are allowed"),
        Probe::get("GET /logout", "/logout")
            .cookies(cookie.clone())
            .refused(405, "Method not allowed"),
        Probe::get("GET /refresh", "/refresh")
            .cookies(format!("refresh_token_cookie={refresh_token}"))
            .refused(405, "Method not allowed"),
        Probe::get("GET /fresh", "/fresh")
            .cookies(cookie.clone())
            .refused(405, "Method not allowed"),
        Probe::new("PUT /me", "PUT", "/me")
            .cookies(cookie.clone())
            .refused(405, "Method not allowed"),
        Probe::new("PATCH /me", "PATCH", "/me")
            .cookies(cookie.clone())
            .refused(405, "Method not allowed"),
        Probe::post("POST with a token without a csrf claim", "/me")
            .cookies(access_cookie(&signed(&without(claims.clone(), &["csrf"]))))
            .header("X-CSRF-TOKEN", csrf.clone())
            .refused(422, "Missing claim: csrf"),
        Probe::post("POST with a forged token and its own CSRF value", "/me")
            .cookies(access_cookie(&forged_access(ALICE)))
            .header("X-CSRF-TOKEN", csrf.clone())
            .refused(422, "Signature verification failed"),
        Probe::post(
            "POST with a token whose csrf claim is empty, and an empty header",
            "/me",
        )
        .cookies(access_cookie(&signed(&with(
            claims.clone(),
            "csrf",
            json!(""),
        ))))
        .header("X-CSRF-TOKEN", "")
        .refused(401, MISSING),
        Probe::post("POST with an expired token and its CSRF value", "/me")
            .cookies(access_cookie(&expired_access(ALICE)))
            .header("X-CSRF-TOKEN", "anything")
            .refused(401, MISMATCH),
        Probe::post("POST /optional with a wrong value", "/optional")
            .cookies(cookie.clone())
            .header("X-CSRF-TOKEN", "0000")
            .refused(401, MISMATCH),
        Probe::post("POST /optional without a value", "/optional")
            .cookies(cookie.clone())
            .refused(401, MISSING),
        Probe::post("POST /optional without a cookie", "/optional")
            .answers(200, json!({"email": null})),
    ];
    against_twin(&COOKIES, Carrier::Cookie, &probes).await;
}

/// Werkzeug joins repeated headers with a comma before Flask-JWT-Extended reads
/// them: two `X-CSRF-TOKEN` headers are one value, `right,wrong`, which does not
/// match. Ours joins them the same way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_csrf_headers_are_judged_joined_as_flask_does() {
    let claims = access();
    let csrf = csrf_of(&claims);
    let probes = vec![
        Probe::post(
            "POST with two X-CSRF-TOKEN headers, the right one first",
            "/me",
        )
        .cookies(access_cookie(&signed(&claims)))
        .header("X-CSRF-TOKEN", csrf.clone())
        .header("X-CSRF-TOKEN", "0000")
        .refused(401, MISMATCH),
    ];
    against_twin(&COOKIES, Carrier::Cookie, &probes).await;
}

/// `JWT_CSRF_CHECK_FORM=true`: the value may come in a form field, never in a JSON
/// body; the header still comes first. The twin does not read the setting; the
/// oracle app does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_field_is_read_only_when_asked_and_only_from_a_form() {
    let vars = [
        ("JWT_TOKEN_LOCATION", "cookies"),
        ("JWT_CSRF_CHECK_FORM", "true"),
    ];
    let config = json!({"JWT_TOKEN_LOCATION": ["cookies"], "JWT_CSRF_CHECK_FORM": true});
    let probes = || {
        let claims = access();
        let csrf = csrf_of(&claims);
        let cookie = access_cookie(&signed(&claims));
        let form = |what: &str, body: String| {
            Probe::post(what, "/me")
                .cookies(cookie.clone())
                .body("application/x-www-form-urlencoded", body)
        };
        vec![
            form("the right form field", format!("csrf_token={csrf}")).serves(ALICE),
            form("a wrong form field", "csrf_token=0000".into()).refused(401, MISMATCH),
            form("a form without the field", "note=hello".into()).refused(401, MISSING),
            form(
                "the field twice, the wrong one first",
                format!("csrf_token=0000&csrf_token={csrf}"),
            )
            .refused(401, MISMATCH),
            form("the field name in capitals", format!("CSRF_TOKEN={csrf}")).refused(401, MISSING),
            form(
                "a wrong header beside the right form field",
                format!("csrf_token={csrf}"),
            )
            .header("X-CSRF-TOKEN", "0000")
            .refused(401, MISMATCH),
            form(
                "the right header beside a wrong form field",
                "csrf_token=0000".into(),
            )
            .header("X-CSRF-TOKEN", csrf.clone())
            .serves(ALICE),
            Probe::post("the field in a JSON body", "/me")
                .cookies(cookie.clone())
                .json_text(json!({"csrf_token": csrf}).to_string())
                .refused(401, MISSING),
            Probe::post("the field as text/plain", "/me")
                .cookies(cookie.clone())
                .body("text/plain", format!("csrf_token={csrf}"))
                .refused(401, MISSING),
        ]
    };
    against_oracle(&vars, Carrier::Cookie, config, probes).await;
}
