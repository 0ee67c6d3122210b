//! Tokens that were good once: revoked, expired, of a deleted account, or of the
//! other type. The same walk runs on ours and on the Flask twin, in order.

use serde_json::{Value, json};

use crate::client::{Carrier, answer, claims, msg};
use crate::forge::{ALICE, PASSWORD, access, refresh, signed, with, without};
use crate::harness::{Target, report};
use crate::minted::claims_for;
use crate::service::Kind;

const REVOKED: &str = "Token has been revoked";
const EXPIRED: &str = "Token has expired";

const ONLY_ACCESS: &str = "Only non-refresh tokens are allowed";
const ONLY_REFRESH: &str = "Only refresh tokens are allowed";
const GONE: &str = "Error loading the user alice@example.com";

/// One server's walk: steps sent in order, what was not as expected.
struct Walk<'a> {
    target: &'a Target,
    failures: Vec<String>,
}

impl Walk<'_> {
    /// Sends one step and compares; `None` as the body: only the status (a new token).
    async fn step(
        &mut self,
        what: &str,
        (method, path): (&'static str, &str),
        token: &str,
        expected: (u16, Option<Value>),
    ) -> Value {
        let target = self.target;
        let reply = target
            .api
            .call(method, path)
            .access(target.carrier, token)
            .send()
            .await;
        let (status, body) = answer(&reply);
        let matches =
            status == expected.0 && expected.1.as_ref().is_none_or(|expected| &body == expected);
        if !matches || (status == 500 && target.kind != Kind::Flask) {
            self.failures.push(format!(
                "{}: {what}: {method} {path}:\n    expected {expected:?}\n    got      {:?}",
                target.label(),
                (status, &body)
            ));
        }
        body
    }
}

const ME: (&str, &str) = ("GET", "/me");
const OPTIONAL: (&str, &str) = ("GET", "/optional");
const FRESH: (&str, &str) = ("POST", "/fresh");
const REFRESH: (&str, &str) = ("POST", "/refresh");
const LOGOUT: (&str, &str) = ("POST", "/logout");
const DELETE_ME: (&str, &str) = ("DELETE", "/me");

fn refused(status: u16, text: &str) -> (u16, Option<Value>) {
    let (status, body) = msg(status, text);
    (status, Some(body))
}

fn served() -> (u16, Option<Value>) {
    (200, Some(json!({"email": ALICE})))
}

fn said(text: &str) -> (u16, Option<Value>) {
    (200, Some(json!({ "msg": text })))
}

/// A new token: only the status.
fn minted() -> (u16, Option<Value>) {
    (200, None)
}

async fn walk(target: &Target) -> Vec<String> {
    let mut w = Walk {
        target,
        failures: Vec::new(),
    };
    let login = target.api.login(ALICE, PASSWORD, true).await;
    let access_token = login.access;
    let refresh_token = login.refresh.expect("a refresh token");
    let jti = claims(&access_token).expect("claims")["jti"].clone();
    let expired_access = signed(&claims_for(ALICE, "access", true, -1));
    let expired_refresh = signed(&claims_for(ALICE, "refresh", false, -1));

    w.step("the access token", ME, &access_token, served())
        .await;
    w.step(
        "a refresh token as access",
        ME,
        &refresh_token,
        refused(422, ONLY_ACCESS),
    )
    .await;
    w.step(
        "a refresh token on /fresh",
        FRESH,
        &refresh_token,
        refused(422, ONLY_ACCESS),
    )
    .await;
    w.step(
        "a refresh token on /logout",
        LOGOUT,
        &refresh_token,
        refused(422, ONLY_ACCESS),
    )
    .await;
    w.step(
        "an access token as refresh",
        REFRESH,
        &access_token,
        refused(422, ONLY_REFRESH),
    )
    .await;
    let renewed = w
        .step("the refresh token", REFRESH, &refresh_token, minted())
        .await;
    let renewed = renewed["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    w.step(
        "a refreshed token on /fresh",
        FRESH,
        &renewed,
        refused(401, "Fresh token required"),
    )
    .await;
    w.step(
        "an expired access token",
        ME,
        &expired_access,
        refused(401, EXPIRED),
    )
    .await;
    w.step(
        "an expired refresh token",
        REFRESH,
        &expired_refresh,
        refused(401, EXPIRED),
    )
    .await;
    w.step(
        "an expired fresh token on /fresh",
        FRESH,
        &expired_access,
        refused(401, EXPIRED),
    )
    .await;

    w.step("logout", LOGOUT, &access_token, said("Logged out"))
        .await;
    w.step(
        "the revoked token",
        ME,
        &access_token,
        refused(401, REVOKED),
    )
    .await;
    w.step(
        "the revoked token on /optional",
        OPTIONAL,
        &access_token,
        refused(401, REVOKED),
    )
    .await;
    w.step(
        "the revoked fresh token on /fresh",
        FRESH,
        &access_token,
        refused(401, REVOKED),
    )
    .await;
    w.step(
        "the revoked token, logout again",
        LOGOUT,
        &access_token,
        refused(401, REVOKED),
    )
    .await;
    w.step(
        "the revoked token, DELETE /me",
        DELETE_ME,
        &access_token,
        refused(401, REVOKED),
    )
    .await;
    let same_jti = signed(&with(access(), "jti", jti.clone()));
    w.step(
        "a new token with the revoked jti",
        ME,
        &same_jti,
        refused(401, REVOKED),
    )
    .await;
    let refresh_same_jti = signed(&with(refresh(), "jti", jti.clone()));
    w.step(
        "a refresh token, the revoked jti",
        REFRESH,
        &refresh_same_jti,
        refused(401, REVOKED),
    )
    .await;
    // Expiry is reported before revocation.
    let expired_same_jti = signed(&with(claims_for(ALICE, "access", true, -1), "jti", jti));
    w.step(
        "expired, the revoked jti",
        ME,
        &expired_same_jti,
        refused(401, EXPIRED),
    )
    .await;
    w.step(
        "the refresh token still works",
        REFRESH,
        &refresh_token,
        minted(),
    )
    .await;
    w.step("the other access token still works", ME, &renewed, served())
        .await;

    let nobody = signed(&claims_for("nobody@example.com", "access", true, 600));
    let never = refused(401, "Error loading the user nobody@example.com");
    w.step("a user that never was", ME, &nobody, never.clone())
        .await;
    w.step("a user that never was, /optional", OPTIONAL, &nobody, never)
        .await;

    w.step(
        "delete the account",
        DELETE_ME,
        &renewed,
        said("Account deleted"),
    )
    .await;
    let fresh_token = signed(&access());
    w.step(
        "a token of the deleted account",
        ME,
        &renewed,
        refused(401, GONE),
    )
    .await;
    w.step(
        "a new token of the deleted account",
        ME,
        &fresh_token,
        refused(401, GONE),
    )
    .await;
    w.step(
        "its refresh token",
        REFRESH,
        &refresh_token,
        refused(401, GONE),
    )
    .await;
    w.step(
        "delete it again",
        DELETE_ME,
        &fresh_token,
        refused(401, GONE),
    )
    .await;
    w.step(
        "its token on /optional",
        ("POST", "/optional"),
        &fresh_token,
        refused(401, GONE),
    )
    .await;
    w.step(
        "its fresh token on /fresh",
        FRESH,
        &fresh_token,
        refused(401, GONE),
    )
    .await;
    w.failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_expired_deleted_and_swapped_tokens_are_refused() {
    let mut failures = Vec::new();
    for kind in [Kind::Rust, Kind::Flask] {
        let target = Target::start(kind, &[], Carrier::Header).await;
        failures.extend(walk(&target).await);
        failures.extend(target.still_serves().await);
    }
    report(failures);
}

/// A token without `jti` is accepted (as Flask-JWT-Extended accepts it), so
/// `/logout` must not answer "Logged out" and leave it working. Flask-JWT-Extended
/// gives it `jti: None`, which the blocklist then holds: the token (and every token
/// without a `jti`) is revoked. Ours does the same with one shared entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_without_jti_is_revoked_by_logout_as_flask_does() {
    let mut failures = Vec::new();
    for kind in [Kind::Rust, Kind::Flask] {
        let target = Target::start(kind, &[], Carrier::Header).await;
        let mut w = Walk {
            target: &target,
            failures: Vec::new(),
        };
        let token = signed(&without(access(), &["jti"]));
        w.step("a token without jti", ME, &token, served()).await;
        w.step("logout with it", LOGOUT, &token, said("Logged out"))
            .await;
        w.step(
            "the same token after logout",
            ME,
            &token,
            refused(401, REVOKED),
        )
        .await;
        failures.extend(w.failures);
        failures.extend(target.still_serves().await);
    }
    report(failures);
}
