//! The JWT cookies, and the double-submit CSRF value that must come with them on the
//! methods `JWT_CSRF_METHODS` names.

use axum::http::request::Parts;

use super::json_body::BodyTokens;
use super::{FoundToken, Lookup};
use crate::config::{JwtSettings, TokenLocation};
use crate::error::{AuthError, CsrfFailure};

pub(super) fn look<'a>(
    parts: &'a Parts,
    settings: &JwtSettings,
    refresh: bool,
) -> Result<Lookup<'a>, AuthError> {
    let csrf = &settings.csrf;
    let (cookie_name, header_name, field_name) = if refresh {
        (
            &settings.cookies.refresh_cookie_name,
            &csrf.refresh_header_name,
            &csrf.refresh_field_name,
        )
    } else {
        (
            &settings.cookies.access_cookie_name,
            &csrf.access_header_name,
            &csrf.access_field_name,
        )
    };
    let Some(token) = cookie(parts, cookie_name).filter(|token| !token.is_empty()) else {
        return Ok(Lookup::Missing(format!("Missing cookie \"{cookie_name}\"")));
    };
    let checked = csrf.protect
        && csrf
            .methods
            .iter()
            .any(|method| method == parts.method.as_str());
    let csrf_value = if checked {
        let from_header = parts
            .headers
            .get(header_name.as_str())
            .map(|value| {
                value
                    .as_bytes()
                    .iter()
                    .map(|&b| char::from(b))
                    .collect::<String>()
            })
            .filter(|value| !value.is_empty());
        let from_form = || {
            parts
                .extensions
                .get::<BodyTokens>()
                .and_then(|body| body.form_field(field_name))
                .filter(|value| !value.is_empty())
        };
        match from_header.or_else(|| if csrf.check_form { from_form() } else { None }) {
            Some(value) => Some(value),
            None => return Err(CsrfFailure::Missing.into()),
        }
    } else {
        None
    };
    Ok(Lookup::Found(FoundToken {
        token: token.into(),
        csrf_value: csrf_value.map(Into::into),
        location: TokenLocation::Cookies,
    }))
}

/// The first cookie of that name, as werkzeug's `request.cookies.get` gives it:
/// across every `Cookie` header, surrounding quotes removed.
pub(crate) fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .flat_map(|header| header.as_bytes().split(|&b| b == b';'))
        .find_map(|pair| {
            let pair = pair.trim_ascii();
            let eq = pair.iter().position(|&b| b == b'=')?;
            let (key, value) = (pair[..eq].trim_ascii(), pair[eq + 1..].trim_ascii());
            (key == name.as_bytes()).then(|| unquote(value))
        })
}

fn unquote(value: &[u8]) -> String {
    let inner = match value {
        [b'"', inner @ .., b'"'] => inner,
        other => other,
    };
    let mut text = String::with_capacity(inner.len());
    let mut bytes = inner.iter();
    while let Some(&b) = bytes.next() {
        if b == b'\\' && value.first() == Some(&b'"') {
            if let Some(&escaped) = bytes.next() {
                text.push(char::from(escaped));
            }
        } else {
            text.push(char::from(b));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn parts(method: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = Request::builder().method(method);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(()).unwrap().into_parts().0
    }

    fn outcome(method: &str, headers: &[(&str, &str)], refresh: bool) -> String {
        match look(&parts(method, headers), &JwtSettings::default(), refresh) {
            Ok(Lookup::Found(found)) => {
                format!("token {} csrf {:?}", found.token, found.csrf_value)
            }
            Ok(Lookup::Missing(reason)) => format!("missing: {reason}"),
            Err(err) => format!("{}: {err}", err.status().as_u16()),
        }
    }

    #[test]
    fn cookie_and_csrf_rules() {
        assert_eq!(
            outcome("GET", &[], false),
            "missing: Missing cookie \"access_token_cookie\""
        );
        assert_eq!(
            outcome("GET", &[], true),
            "missing: Missing cookie \"refresh_token_cookie\""
        );
        assert_eq!(
            outcome("GET", &[("cookie", "access_token_cookie=")], false),
            "missing: Missing cookie \"access_token_cookie\""
        );
        assert_eq!(
            outcome("GET", &[("cookie", "a=1; access_token_cookie=tok")], false),
            "token tok csrf None"
        );
        assert_eq!(
            outcome("POST", &[("cookie", "access_token_cookie=tok")], false),
            "401: Missing CSRF token"
        );
        assert_eq!(
            outcome(
                "POST",
                &[("cookie", "access_token_cookie=tok"), ("x-csrf-token", "c")],
                false
            ),
            "token tok csrf Some(\"c\")"
        );
        assert_eq!(
            outcome(
                "DELETE",
                &[("cookie", "access_token_cookie=tok"), ("x-csrf-token", "")],
                false
            ),
            "401: Missing CSRF token"
        );
        assert_eq!(
            outcome("OPTIONS", &[("cookie", "access_token_cookie=tok")], false),
            "token tok csrf None"
        );
    }

    #[test]
    fn werkzeug_cookie_parsing() {
        let p = parts(
            "GET",
            &[
                ("cookie", "x=1"),
                (
                    "cookie",
                    "access_token_cookie=\"a\\\"b\"; access_token_cookie=second",
                ),
            ],
        );
        assert_eq!(
            cookie(&p, "access_token_cookie").as_deref(),
            Some("a\"b"),
            "first one wins, unquoted"
        );
        assert_eq!(cookie(&p, "x").as_deref(), Some("1"));
        assert_eq!(cookie(&p, "y"), None);
    }
}
