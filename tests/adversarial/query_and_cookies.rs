//! `?jwt=` (`JWT_TOKEN_LOCATION=query_string`) and the access cookie
//! (`JWT_TOKEN_LOCATION=cookies`): repeated, encoded, quoted and empty values.

use serde_json::json;

use crate::client::Carrier;
use crate::forge::{ALICE, access, signed};
use crate::harness::{Flask, Probe, against_twin};
use crate::minted::{expired_access, forged_access};

const MISSING_QUERY: &str = "Missing 'jwt' query paramater";
const MISSING_COOKIE: &str = "Missing cookie \"access_token_cookie\"";

/// Percent-encodes every byte but unreserved ASCII.
fn encode_all(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_query_string_gives_the_first_jwt_and_nothing_else() {
    let good = signed(&access());
    let forged = forged_access(ALICE);
    let get = |what: &str, query: String| Probe::get(what, &format!("/me?{query}"));
    let probes = vec![
        get("jwt=<token>", format!("jwt={good}")).serves(ALICE),
        get(
            "two jwt, the good one first",
            format!("jwt={good}&jwt={forged}"),
        )
        .serves(ALICE),
        get(
            "two jwt, a forged one first",
            format!("jwt={forged}&jwt={good}"),
        )
        .refused(422, "Signature verification failed"),
        get("two jwt, garbage first", format!("jwt=garbage&jwt={good}"))
            .refused(422, "Not enough segments"),
        get("two jwt, an empty one first", format!("jwt=&jwt={good}")).refused(401, MISSING_QUERY),
        get("the name percent-encoded: %6Awt", format!("%6Awt={good}")).serves(ALICE),
        get(
            "the whole value percent-encoded",
            format!("jwt={}", encode_all(&good)),
        )
        .serves(ALICE),
        get("jwt= empty", "jwt=".into()).refused(401, MISSING_QUERY),
        get("jwt without =", "jwt".into()).refused(401, MISSING_QUERY),
        get("JWT in capitals", format!("JWT={good}")).refused(401, MISSING_QUERY),
        get("jwt[]", format!("jwt[]={good}")).refused(401, MISSING_QUERY),
        get("jwt after a semicolon", format!("x=1;jwt={good}")).refused(401, MISSING_QUERY),
        get("a '+' (a space) after the token", format!("jwt={good}+"))
            .refused(422, "Invalid crypto padding"),
        get("%20 before the token", format!("jwt=%20{good}"))
            .refused(422, "Invalid header padding"),
        get("%23 (#) after the token", format!("jwt={good}%23x"))
            .refused(422, "Invalid crypto padding"),
        get("bytes that are not UTF-8", "jwt=%ff%fe".into()).refused(422, "Not enough segments"),
        get("a NUL byte", "jwt=%00".into()).refused(422, "Not enough segments"),
        get("an expired token", format!("jwt={}", expired_access(ALICE)))
            .refused(401, "Token has expired"),
        Probe::get(
            "/optional, two jwt, garbage first",
            &format!("/optional?jwt=garbage&jwt={good}"),
        )
        .refused(422, "Not enough segments"),
        Probe::get("/optional, jwt= empty", "/optional?jwt=").answers(200, json!({"email": null})),
        Probe::get("the token in a header instead", "/me")
            .bearer(&good)
            .refused(401, MISSING_QUERY),
    ];
    against_twin(
        &[("JWT_TOKEN_LOCATION", "query_string")],
        Carrier::Query,
        &probes,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_access_cookie_is_the_first_of_its_name_unquoted() {
    let good = signed(&access());
    let forged = forged_access(ALICE);
    let cookie = |what: &str, cookies: String| Probe::get(what, "/me").cookies(cookies);
    let probes = vec![
        cookie("the cookie", format!("access_token_cookie={good}")).serves(ALICE),
        cookie(
            "the cookie quoted",
            format!("access_token_cookie=\"{good}\""),
        )
        .serves(ALICE),
        cookie(
            "a forged cookie quoted",
            format!("access_token_cookie=\"{forged}\""),
        )
        .refused(422, "Signature verification failed"),
        cookie(
            "two cookies, the good one first",
            format!("access_token_cookie={good}; access_token_cookie={forged}"),
        )
        .serves(ALICE),
        cookie(
            "two cookies, a forged one first",
            format!("access_token_cookie={forged}; access_token_cookie={good}"),
        )
        .refused(422, "Signature verification failed"),
        cookie(
            "two cookies, garbage first",
            format!("access_token_cookie=garbage; access_token_cookie={good}"),
        )
        .refused(422, "Not enough segments"),
        cookie("an empty cookie", "access_token_cookie=".into()).refused(401, MISSING_COOKIE),
        cookie("an empty quoted cookie", "access_token_cookie=\"\"".into())
            .refused(401, MISSING_COOKIE),
        cookie(
            "an empty cookie, then the good one",
            format!("access_token_cookie=; access_token_cookie={good}"),
        )
        .refused(401, MISSING_COOKIE),
        cookie(
            "a space before the value",
            format!("access_token_cookie= {good}"),
        )
        .serves(ALICE),
        cookie(
            "the name in other case",
            format!("Access_Token_Cookie={good}"),
        )
        .refused(401, MISSING_COOKIE),
        cookie(
            "the name with a prefix",
            format!("xaccess_token_cookie={good}"),
        )
        .refused(401, MISSING_COOKIE),
        cookie(
            "the token in the refresh cookie",
            format!("refresh_token_cookie={good}"),
        )
        .refused(401, MISSING_COOKIE),
        cookie(
            "the token in the CSRF cookie",
            format!("csrf_access_token={good}"),
        )
        .refused(401, MISSING_COOKIE),
        cookie(
            "an expired cookie",
            format!("access_token_cookie={}", expired_access(ALICE)),
        )
        .refused(401, "Token has expired"),
        Probe::get("the token in a header instead", "/me")
            .bearer(&good)
            .refused(401, MISSING_COOKIE),
        // Two `Cookie` headers: ours reads them as one list (as HTTP/2 joins them);
        // Werkzeug joins repeated headers with a comma, which runs the two values
        // into one, so Flask-JWT-Extended sees another broken token.
        Probe::get("two Cookie headers, garbage first", "/me")
            .cookies("access_token_cookie=garbage")
            .cookies(format!("access_token_cookie={good}"))
            .refused(422, "Not enough segments")
            .flask(Flask::Status(422)),
    ];
    against_twin(
        &[("JWT_TOKEN_LOCATION", "cookies")],
        Carrier::Cookie,
        &probes,
    )
    .await;
}

/// Werkzeug 3.1's cookie parser (`request.cookies`, whatever the WSGI server) skips
/// a pair it cannot read: an unmatched quote, white space or a quote inside a bare
/// value, and takes the next pair of the same name. Ours parses cookies with the
/// same rules (`runtime/src/locations/cookies.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_cookie_pairs_are_skipped_as_werkzeug_skips_them() {
    let good = signed(&access());
    let cookie = |what: &str, cookies: String| Probe::get(what, "/me").cookies(cookies);
    let probes = vec![
        cookie(
            "an opening quote only",
            format!("access_token_cookie=\"{good}"),
        )
        .refused(401, MISSING_COOKIE),
        cookie(
            "a closing quote only",
            format!("access_token_cookie={good}\""),
        )
        .refused(401, MISSING_COOKIE),
        cookie(
            "a space inside the value",
            format!("access_token_cookie={good} x"),
        )
        .refused(401, MISSING_COOKIE),
        cookie(
            "a malformed first cookie, then the good one",
            format!("access_token_cookie=\"garbage; access_token_cookie={good}"),
        )
        .serves(ALICE),
    ];
    against_twin(
        &[("JWT_TOKEN_LOCATION", "cookies")],
        Carrier::Cookie,
        &probes,
    )
    .await;
}
