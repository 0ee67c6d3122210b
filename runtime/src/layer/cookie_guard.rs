//! No cookie session for a token-authenticated request.

use axum::http::header::SET_COOKIE;
use axum::response::Response;

use crate::config::{JwtSettings, TokenLocation};

/// Drops every `Set-Cookie` except the JWT and CSRF cookies, and those too unless
/// cookies are a token location.
pub(super) fn keep_only_jwt_cookies(response: &mut Response, settings: &JwtSettings) {
    let headers = response.headers_mut();
    if !headers.contains_key(SET_COOKIE) {
        return;
    }
    let cookies_allowed = settings.token_location.contains(&TokenLocation::Cookies);
    let kept: Vec<_> = headers
        .get_all(SET_COOKIE)
        .iter()
        .filter(|value| cookies_allowed && is_jwt_cookie(value.as_bytes(), settings))
        .cloned()
        .collect();
    let dropped = headers.get_all(SET_COOKIE).iter().count() - kept.len();
    headers.remove(SET_COOKIE);
    for value in kept {
        headers.append(SET_COOKIE, value);
    }
    tracing::debug!(
        dropped,
        "kept cookie sessions off a token-authenticated response"
    );
}

fn is_jwt_cookie(set_cookie: &[u8], settings: &JwtSettings) -> bool {
    let name_end = set_cookie
        .iter()
        .position(|&b| b == b'=')
        .unwrap_or(set_cookie.len());
    let name = set_cookie[..name_end].trim_ascii();
    [
        &settings.cookies.access_cookie_name,
        &settings.cookies.refresh_cookie_name,
        &settings.csrf.access_cookie_name,
        &settings.csrf.refresh_cookie_name,
    ]
    .iter()
    .any(|allowed| allowed.as_bytes() == name)
}
