//! The fuzz targets' properties (`fuzz/`), checked with proptest in CI:
//!
//! - decoding never panics, and no change of one character of a valid token is ever
//!   accepted;
//! - the `Authorization` header, cookies with their CSRF value, and JSON bodies never
//!   make the request path panic or answer 500, whatever their bytes;
//! - `Bearer <token>` with any spacing Flask-JWT-Extended allows is found.

mod support;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum_jwt_login::{Jwt, JwtConfig, JwtManager, TokenLocation, TokenOptions};
use proptest::prelude::*;
use support::in_memory::now_or_never;
use tower::ServiceExt;

const SECRET: &str = "a property-test secret of thirty-two bytes";

fn manager(locations: &[TokenLocation]) -> JwtManager {
    JwtManager::new(
        JwtConfig::builder()
            .secret(SECRET)
            .token_location(locations.iter().copied())
            .build()
            .expect("config"),
    )
}

fn token(jwt: &JwtManager) -> String {
    jwt.create_access_token("alice@example.com", TokenOptions::new().fresh(true))
        .expect("mint")
}

/// The `Jwt` extractor on a request with these headers: `Ok(identity)` or the status.
fn extract(
    jwt: &JwtManager,
    method: Method,
    headers: &[(&str, HeaderValue)],
) -> Result<String, u16> {
    let mut request = Request::builder().method(method).uri("/me");
    for (name, value) in headers {
        request = request.header(*name, value.clone());
    }
    let (mut parts, ()) = request.body(()).expect("request").into_parts();
    match now_or_never(Jwt::from_request_parts(&mut parts, jwt)) {
        Ok(token) => Ok(token.claims.identity.clone()),
        Err(rejection) => {
            let status = axum::response::IntoResponse::into_response(rejection).status();
            Err(status.as_u16())
        }
    }
}

const BASE64URL_AND_MORE: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_any_text_never_panics(text in ".{0,400}") {
        let jwt = manager(&[TokenLocation::Headers]);
        let _ = jwt.decode_token(&text);
    }

    #[test]
    fn no_one_character_change_of_a_valid_token_is_accepted(
        position in any::<prop::sample::Index>(),
        replacement in prop::sample::select(BASE64URL_AND_MORE.to_vec()),
    ) {
        let jwt = manager(&[TokenLocation::Headers]);
        let good = token(&jwt);
        let index = position.index(good.len());
        prop_assume!(good.as_bytes()[index] != replacement);
        let mut changed = good.into_bytes();
        changed[index] = replacement;
        let changed = String::from_utf8(changed).expect("ASCII");
        prop_assert!(jwt.decode_token(&changed).is_err(), "accepted {changed}");
    }

    #[test]
    fn any_authorization_header_is_answered_with_a_4xx_or_accepted_as_sent(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        twice in any::<bool>(),
    ) {
        let jwt = manager(&[TokenLocation::Headers]);
        let Ok(value) = HeaderValue::from_bytes(&bytes) else { return Ok(()) };
        let mut headers = vec![("authorization", value.clone())];
        if twice {
            headers.push(("authorization", value));
        }
        match extract(&jwt, Method::GET, &headers) {
            Ok(identity) => prop_assert!(false, "accepted {identity} from random bytes"),
            Err(status) => prop_assert!(status == 401 || status == 422, "status {status}"),
        }
    }

    #[test]
    fn bearer_with_any_allowed_spacing_is_found(
        before in "[ \t]{0,3}",
        between in "[ \t]{1,3}",
        after in "[ \t]{0,3}",
        other in prop::option::of("(Basic|Digest) [a-zA-Z0-9=]{1,12}"),
    ) {
        let jwt = manager(&[TokenLocation::Headers]);
        let good = token(&jwt);
        let mut value = format!("{before}Bearer{between}{good}{after}");
        if let Some(other) = other {
            value = format!("{other}, {value}");
        }
        let header = HeaderValue::from_str(&value).expect("header");
        prop_assert_eq!(
            extract(&jwt, Method::GET, &[("authorization", header)]),
            Ok("alice@example.com".to_owned()),
            "{:?}", value
        );
    }

    #[test]
    fn any_cookie_and_csrf_header_is_answered_with_a_4xx_or_the_real_token(
        cookie in prop::collection::vec(any::<u8>(), 0..300),
        csrf in prop::option::of(prop::collection::vec(any::<u8>(), 0..60)),
        post in any::<bool>(),
        with_token in any::<bool>(),
    ) {
        let jwt = manager(&[TokenLocation::Cookies]);
        let good = token(&jwt);
        let mut cookie = cookie;
        if with_token {
            cookie.extend_from_slice(format!("; access_token_cookie={good}").as_bytes());
        }
        let Ok(cookie) = HeaderValue::from_bytes(&cookie) else { return Ok(()) };
        let mut headers = vec![("cookie", cookie)];
        if let Some(csrf) = csrf.and_then(|csrf| HeaderValue::from_bytes(&csrf).ok()) {
            headers.push(("x-csrf-token", csrf));
        }
        let method = if post { Method::POST } else { Method::GET };
        match extract(&jwt, method, &headers) {
            // Accepted only with the real token, and on POST only with its CSRF value,
            // which random bytes do not hold.
            Ok(identity) => {
                prop_assert!(with_token && !post, "accepted {identity}");
                prop_assert_eq!(identity, "alice@example.com");
            }
            Err(status) => prop_assert!(status == 401 || status == 422, "status {status}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_json_body_is_answered_without_a_500(
        body in prop::collection::vec(any::<u8>(), 0..400),
        wrap in any::<bool>(),
    ) {
        let jwt = manager(&[TokenLocation::Json]);
        let good = token(&jwt);
        let body = if wrap {
            // Any text that JSON can hold unescaped: no quote, backslash or control.
            let text: String = String::from_utf8_lossy(&body)
                .chars()
                .filter(|c| !matches!(c, '"' | '\\') && !c.is_control())
                .collect();
            format!(r#"{{"access_token": "{good}", "x": "{text}"}}"#).into_bytes()
        } else {
            body
        };
        let (router, _) = support::server::app_for(jwt);
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        let request = Request::post("/me")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .expect("request");
        let status = runtime.block_on(router.oneshot(request)).expect("answer").status();
        prop_assert!(status != StatusCode::INTERNAL_SERVER_ERROR);
        if wrap {
            prop_assert_eq!(status, StatusCode::OK);
        } else {
            prop_assert!(status.is_client_error(), "status {status}");
        }
    }
}
