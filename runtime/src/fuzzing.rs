//! Entry points for the cargo-fuzz targets in `fuzz/`, compiled only with
//! `--cfg fuzzing` (which `cargo fuzz` sets). Each takes arbitrary bytes, must never
//! panic, and checks what must hold whatever the input.

use std::sync::OnceLock;

use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, Request};

use crate::config::{JwtSettings, TokenLocation};
use crate::locations::{self, BodyTokens, Lookup};
use crate::{JwtConfig, JwtManager};

/// The secret of the fuzzing manager; the seed tokens are signed with it.
pub const SECRET: &[u8] = b"a fuzzing secret of thirty-two bytes or more";

fn manager() -> &'static JwtManager {
    static MANAGER: OnceLock<JwtManager> = OnceLock::new();
    MANAGER.get_or_init(|| {
        let config = JwtConfig::builder()
            .secret(SECRET)
            .token_location([
                TokenLocation::Headers,
                TokenLocation::Cookies,
                TokenLocation::Json,
                TokenLocation::QueryString,
            ])
            .build()
            .expect("the fuzzing configuration");
        JwtManager::new(config)
    })
}

fn settings() -> &'static JwtSettings {
    manager().config().settings()
}

/// A token minted by the fuzzing manager, for seed corpora.
pub fn seed_token() -> String {
    manager()
        .create_access_token("alice@example.com", crate::TokenOptions::new().fresh(true))
        .expect("mint a seed token")
}

/// Decoding: never a panic, and a token is accepted only when its signature is the
/// secret's over its first two segments.
pub fn decode_token(data: &[u8]) {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    if manager().decode_token(token).is_ok() {
        let (signing_input, signature) = token.rsplit_once('.').expect("three segments");
        let key = jsonwebtoken::EncodingKey::from_secret(SECRET).expect("key");
        let expected = jsonwebtoken::crypto::sign(
            signing_input.as_bytes(),
            &key,
            jsonwebtoken::Algorithm::HS256,
        )
        .expect("sign");
        assert_eq!(
            signature.trim_end_matches('='),
            expected,
            "accepted a token the secret did not sign"
        );
    }
}

fn request(method: Method, headers: &[(&str, &[u8])]) -> Option<Parts> {
    let mut builder = Request::builder().method(method).uri("/me");
    for (name, value) in headers {
        builder = builder.header(*name, HeaderValue::from_bytes(value).ok()?);
    }
    Some(builder.body(()).ok()?.into_parts().0)
}

/// `Authorization` header parsing: never a panic; one header of plain ASCII gives the
/// same answer through the quick path as through Flask-JWT-Extended's full rules;
/// a found token is a slice of the header.
pub fn authorization_header(data: &[u8]) {
    let (twice, value) = match data.split_first() {
        Some((first, rest)) => (first & 1 == 1, rest),
        None => (false, data),
    };
    let headers: Vec<(&str, &[u8])> = if twice {
        let middle = value.len() / 2;
        vec![
            ("authorization", &value[..middle]),
            ("authorization", &value[middle..]),
        ]
    } else {
        vec![("authorization", value)]
    };
    let Some(parts) = request(Method::GET, &headers) else {
        return;
    };
    let found = locations::look(TokenLocation::Headers, &parts, settings(), false);
    if let Ok(Lookup::Found(found)) = &found {
        assert!(!found.token.is_empty());
        assert!(!found.token.contains(char::is_whitespace));
    }
    if let Ok(text) = std::str::from_utf8(value) {
        let quick = locations::headers_find(text, settings());
        let general = locations::headers_find_general(text, settings());
        match (quick, general) {
            (Ok(quick), Ok(general)) => assert_eq!(quick, general, "{text:?}"),
            (Err(quick), Err(general)) => assert_eq!(quick.to_string(), general.to_string()),
            (quick, general) => panic!("{text:?}: quick {quick:?}, general {general:?}"),
        }
    }
}

/// Cookie and CSRF parsing: never a panic, on any method; a token from a cookie on
/// a checked method always comes with a CSRF value.
pub fn cookies_and_csrf(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let method = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
    ][usize::from(selector) % 5]
        .clone();
    let checked = method != Method::GET;
    let (cookie, csrf) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let mut headers = vec![("cookie", cookie)];
    if let Some(csrf) = csrf {
        headers.push(("x-csrf-token", csrf));
    }
    let Some(parts) = request(method, &headers) else {
        return;
    };
    for refresh in [false, true] {
        let found = locations::look(TokenLocation::Cookies, &parts, settings(), refresh);
        if let Ok(Lookup::Found(found)) = found {
            assert_eq!(found.csrf_value.is_some(), checked);
            let csrf = found.csrf_value.as_deref();
            let options = crate::DecodeOptions {
                csrf_value: csrf,
                ..Default::default()
            };
            let _ = manager().decode_token_with(&found.token, &options);
        }
    }
}

/// JSON-body token extraction (Python's `json.loads` rules): never a panic, whatever
/// the bytes and the content type.
pub fn json_body(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let content_type: &[u8] = match selector % 4 {
        0 => b"application/json",
        1 => b"application/json; charset=utf-8",
        2 => b"application/x-www-form-urlencoded",
        _ => b"text/plain",
    };
    let Some(mut parts) = request(Method::POST, &[("content-type", content_type)]) else {
        return;
    };
    let tokens = if selector % 4 == 2 {
        BodyTokens::from_form(body, settings())
    } else {
        BodyTokens::from_json(body, settings())
    };
    parts.extensions.insert(tokens);
    for refresh in [false, true] {
        if let Ok(Lookup::Found(found)) =
            locations::look(TokenLocation::Json, &parts, settings(), refresh)
        {
            let _ = manager().decode_token(&found.token);
        }
    }
}
