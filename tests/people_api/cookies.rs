//! `JWT_TOKEN_LOCATION=cookies`: Flask-JWT-Extended's cookies, set by `/login` and
//! `/refresh`, unset by `/logout`, and the double-submit CSRF check on POST, PUT,
//! PATCH and DELETE.

use serde_json::json;

use crate::client::{Api, Carrier, answer, claims, csrf_claim, msg};
use crate::contract::{ALICE, PASSWORD, walk_every_route};
use crate::service::Service;

const MISSING_CSRF: &str = "Missing CSRF token";
const CSRF_MISMATCH: &str = "CSRF double submit tokens do not match";

fn cookie_service(vars: &[(&str, &str)]) -> Service {
    let mut all = vec![("JWT_TOKEN_LOCATION", "cookies")];
    all.extend_from_slice(vars);
    Service::rust(&all)
}

fn csrf(token: &str) -> String {
    csrf_claim(token).expect("a csrf claim")
}

/// What Flask-JWT-Extended (Werkzeug) writes for a token cookie and a CSRF cookie.
fn token_cookie(name: &str, token: &str) -> String {
    format!("{name}={token}; HttpOnly; Path=/")
}

fn csrf_cookie(name: &str, value: &str) -> String {
    format!("{name}={value}; Path=/")
}

fn unset_cookies(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|name| {
            let http_only = if name.starts_with("csrf_") {
                ""
            } else {
                " HttpOnly;"
            };
            format!("{name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT;{http_only} Path=/")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_with_the_token_in_a_cookie() {
    let service = cookie_service(&[]);
    let api = Api::new(&service, true);
    walk_every_route(
        &api,
        Carrier::Cookie,
        msg(401, "Missing cookie \"access_token_cookie\""),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_refresh_and_logout_set_and_unset_the_jwt_cookies() {
    let service = cookie_service(&[]);
    let api = Api::new(&service, true);
    api.signup(ALICE, PASSWORD).await;

    let short = api.login(ALICE, PASSWORD, false).await;
    assert_eq!(
        short.reply.set_cookies,
        [
            token_cookie("access_token_cookie", &short.access),
            csrf_cookie("csrf_access_token", &csrf(&short.access)),
        ]
    );
    assert_eq!(
        short.reply.cookie("access_token_cookie").as_deref(),
        Some(short.access.as_str()),
        "the cookie holds the token of the body"
    );

    let long = api.login(ALICE, PASSWORD, true).await;
    let refresh = long.refresh.clone().expect("refresh token");
    assert_eq!(
        long.reply.set_cookies,
        [
            token_cookie("access_token_cookie", &long.access),
            csrf_cookie("csrf_access_token", &csrf(&long.access)),
            token_cookie("refresh_token_cookie", &refresh),
            csrf_cookie("csrf_refresh_token", &csrf(&refresh)),
        ]
    );
    assert_eq!(
        long.reply.cookie("refresh_token_cookie").as_deref(),
        Some(refresh.as_str())
    );
    assert_ne!(
        csrf(&long.access),
        csrf(&refresh),
        "each token has its own CSRF value"
    );

    // /refresh: the new access token, as cookie and CSRF cookie, nothing else.
    let refreshed = api
        .call("POST", "/refresh")
        .refresh(Carrier::Cookie, &refresh)
        .send()
        .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    let renewed = refreshed.body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    assert_eq!(
        refreshed.set_cookies,
        [
            token_cookie("access_token_cookie", &renewed),
            csrf_cookie("csrf_access_token", &csrf(&renewed)),
        ]
    );

    // /logout: the four cookies unset, access first, each with its own flags.
    let reply = api
        .call("POST", "/logout")
        .access(Carrier::Cookie, &renewed)
        .send()
        .await;
    assert_eq!(answer(&reply), msg(200, "Logged out"));
    assert_eq!(
        reply.set_cookies,
        unset_cookies(&[
            "access_token_cookie",
            "csrf_access_token",
            "refresh_token_cookie",
            "csrf_refresh_token",
        ])
    );
    assert_eq!(
        reply.set_cookies[0],
        "access_token_cookie=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Path=/"
    );
    assert_eq!(
        reply.set_cookies[1],
        "csrf_access_token=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"
    );

    // Refusals set no cookie.
    let reply = api.call("POST", "/refresh").send().await;
    assert_eq!(
        answer(&reply),
        msg(401, "Missing cookie \"refresh_token_cookie\"")
    );
    assert!(reply.set_cookies.is_empty(), "{reply:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changing_methods_need_the_csrf_header_to_match_the_token() {
    let service = cookie_service(&[]);
    let api = Api::new(&service, true);
    api.signup(ALICE, PASSWORD).await;
    let login = api.login(ALICE, PASSWORD, true).await;
    let access = login.access;
    let refresh = login.refresh.expect("refresh token");
    let other = api.login(ALICE, PASSWORD, false).await.access;
    let me = (200, json!({"email": ALICE}));
    let with_cookie = |method: &'static str, path: &str| {
        api.call(method, path)
            .cookie("access_token_cookie", &access)
    };

    // GET needs no CSRF header.
    assert_eq!(answer(&with_cookie("GET", "/me").send().await), me);
    assert_eq!(
        answer(&with_cookie("GET", "/optional").send().await),
        (200, json!({"email": ALICE}))
    );

    // POST without the header; the CSRF cookie alone is not enough.
    assert_eq!(
        answer(&with_cookie("POST", "/me").send().await),
        msg(401, MISSING_CSRF)
    );
    assert_eq!(
        answer(
            &with_cookie("POST", "/me")
                .cookie("csrf_access_token", &csrf(&access))
                .send()
                .await
        ),
        msg(401, MISSING_CSRF)
    );
    assert_eq!(
        answer(
            &with_cookie("POST", "/me")
                .header("X-CSRF-TOKEN", "")
                .send()
                .await
        ),
        msg(401, MISSING_CSRF)
    );
    // A wrong header, or the CSRF value of another token.
    for wrong in ["wrong".to_owned(), csrf(&other), csrf(&refresh)] {
        assert_eq!(
            answer(
                &with_cookie("POST", "/me")
                    .cookie("csrf_access_token", &wrong)
                    .header("X-CSRF-TOKEN", wrong.clone())
                    .send()
                    .await
            ),
            msg(401, CSRF_MISMATCH),
            "X-CSRF-TOKEN: {wrong}"
        );
    }
    // The header is all it takes; the CSRF cookie is not compared.
    assert_eq!(
        answer(
            &with_cookie("POST", "/me")
                .header("X-CSRF-TOKEN", csrf(&access))
                .send()
                .await
        ),
        me
    );

    // A CSRF refusal is not "no token": an optional route refuses too.
    assert_eq!(
        answer(&with_cookie("POST", "/optional").send().await),
        msg(401, MISSING_CSRF)
    );
    // The CSRF header is checked before the token is read.
    assert_eq!(
        answer(
            &api.call("POST", "/me")
                .cookie("access_token_cookie", "not-a-token")
                .send()
                .await
        ),
        msg(401, MISSING_CSRF)
    );

    // Every state-changing route refuses without the header.
    for (method, path) in [("DELETE", "/me"), ("POST", "/logout"), ("POST", "/fresh")] {
        assert_eq!(
            answer(&with_cookie(method, path).send().await),
            msg(401, MISSING_CSRF),
            "{method} {path}"
        );
    }
    let refresh_cookie = || {
        api.call("POST", "/refresh")
            .cookie("refresh_token_cookie", &refresh)
    };
    assert_eq!(
        answer(&refresh_cookie().send().await),
        msg(401, MISSING_CSRF)
    );
    // The refresh cookie is compared with its own CSRF value.
    assert_eq!(
        answer(
            &refresh_cookie()
                .header("X-CSRF-TOKEN", csrf(&access))
                .send()
                .await
        ),
        msg(401, CSRF_MISMATCH)
    );
    let reply = refresh_cookie()
        .header("X-CSRF-TOKEN", csrf(&refresh))
        .send()
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");

    // Nothing was logged out or deleted by the refused requests.
    assert_eq!(answer(&with_cookie("GET", "/me").send().await), me);

    // Other locations are not read in this mode.
    let reply = api
        .call("GET", "/me")
        .header("Authorization", format!("Bearer {access}"))
        .query("jwt", &access)
        .send()
        .await;
    assert_eq!(
        answer(&reply),
        msg(401, "Missing cookie \"access_token_cookie\"")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_csrf_protection_there_is_no_csrf_cookie_claim_or_check() {
    let service = cookie_service(&[("JWT_COOKIE_CSRF_PROTECT", "false")]);
    let api = Api::new(&service, true);
    api.signup(ALICE, PASSWORD).await;
    let login = api.login(ALICE, PASSWORD, true).await;
    let access = login.access;
    let refresh = login.refresh.expect("refresh token");
    assert_eq!(
        login.reply.set_cookies,
        [
            token_cookie("access_token_cookie", &access),
            token_cookie("refresh_token_cookie", &refresh),
        ]
    );
    for token in [&access, &refresh] {
        let claims = claims(token).expect("claims");
        assert!(claims.get("csrf").is_none(), "no csrf claim: {claims}");
    }

    let reply = api
        .call("POST", "/me")
        .cookie("access_token_cookie", &access)
        .send()
        .await;
    assert_eq!(answer(&reply), (200, json!({"email": ALICE})));
    // A header, even a wrong one, is not looked at.
    let reply = api
        .call("POST", "/me")
        .cookie("access_token_cookie", &access)
        .header("X-CSRF-TOKEN", "wrong")
        .send()
        .await;
    assert_eq!(answer(&reply), (200, json!({"email": ALICE})));

    let reply = api
        .call("POST", "/refresh")
        .cookie("refresh_token_cookie", &refresh)
        .send()
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let renewed = reply.body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    assert_eq!(
        reply.set_cookies,
        [token_cookie("access_token_cookie", &renewed)]
    );

    let reply = api
        .call("POST", "/logout")
        .cookie("access_token_cookie", &renewed)
        .send()
        .await;
    assert_eq!(answer(&reply), msg(200, "Logged out"));
    assert_eq!(
        reply.set_cookies,
        unset_cookies(&["access_token_cookie", "refresh_token_cookie"])
    );
}
