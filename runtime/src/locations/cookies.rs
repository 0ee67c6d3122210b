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
        // Repeated headers are joined with ",", as werkzeug's server joins them, so
        // two values never match one.
        let mut from_header: Option<String> = None;
        for value in parts.headers.get_all(header_name.as_str()) {
            let joined = from_header.get_or_insert_with(String::new);
            if !joined.is_empty() {
                joined.push(',');
            }
            joined.extend(value.as_bytes().iter().map(|&b| char::from(b)));
        }
        let from_header = from_header.filter(|value| !value.is_empty());
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

/// The first cookie of that name, as werkzeug's `request.cookies.get` gives it: the
/// `Cookie` headers (joined with `; `, as HTTP/2 splits one into several) parsed with
/// werkzeug 3's rules, pairs it cannot read skipped, quotes and backslash escapes
/// removed.
pub(crate) fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .find_map(|header| parse_cookie(header.as_bytes(), name))
}

/// werkzeug's `parse_cookie`: the value of the first pair named `name`.
fn parse_cookie(cookie: &[u8], name: &str) -> Option<String> {
    let mut pos = 0;
    while pos <= cookie.len() {
        match cookie_pair(cookie, pos) {
            Some((key, value, end)) => {
                if key == name.as_bytes() {
                    return Some(unquote(value));
                }
                pos = end;
                if pos == cookie.len() {
                    break;
                }
            }
            // Skip what cannot be read, to the next semicolon.
            None => match cookie[pos..].iter().position(|&b| b == b';') {
                Some(at) => pos += at + 1,
                None => break,
            },
        }
    }
    None
}

/// werkzeug's `_cookie_re` at `pos`:
/// `[ \t]*([^ \t=";]+)(?:[ \t]*=[ \t]*("(?:[^\\"]|\\.)*"|[^ \t";]*))?[ \t]*(?:;|\Z)`.
/// The key, the raw value, and where the match ends.
fn cookie_pair(cookie: &[u8], pos: usize) -> Option<(&[u8], &[u8], usize)> {
    let blank = |b: u8| b == b' ' || b == b'\t';
    let skip_blank = |mut at: usize| {
        while at < cookie.len() && blank(cookie[at]) {
            at += 1;
        }
        at
    };
    let key_start = skip_blank(pos);
    let mut at = key_start;
    while at < cookie.len() && !matches!(cookie[at], b' ' | b'\t' | b'=' | b'"' | b';') {
        at += 1;
    }
    if at == key_start {
        return None;
    }
    let key = &cookie[key_start..at];
    // `;` or the end, after optional blanks.
    let closes = |at: usize| {
        let at = skip_blank(at);
        match cookie.get(at) {
            None => Some(at),
            Some(b';') => Some(at + 1),
            Some(_) => None,
        }
    };
    let after_key = at;
    let equals = skip_blank(after_key);
    if cookie.get(equals) == Some(&b'=') {
        let value_start = skip_blank(equals + 1);
        // A quoted value, with backslash escapes.
        if cookie.get(value_start) == Some(&b'"') {
            let mut end = value_start + 1;
            let mut quoted_end = None;
            while end < cookie.len() {
                match cookie[end] {
                    b'\\' if end + 1 < cookie.len() => end += 2,
                    b'\\' => break,
                    b'"' => {
                        quoted_end = Some(end + 1);
                        break;
                    }
                    _ => end += 1,
                }
            }
            if let Some(value_end) = quoted_end
                && let Some(close) = closes(value_end)
            {
                return Some((key, &cookie[value_start..value_end], close));
            }
        }
        // A token value.
        let mut value_end = value_start;
        while value_end < cookie.len() && !matches!(cookie[value_end], b' ' | b'\t' | b'"' | b';') {
            value_end += 1;
        }
        if let Some(close) = closes(value_end) {
            return Some((key, &cookie[value_start..value_end], close));
        }
    }
    // No value.
    closes(after_key).map(|close| (key, &cookie[after_key..after_key], close))
}

/// A quoted value loses its quotes and its backslash escapes (`\\"`, or three octal
/// digits for a byte), as werkzeug's `_cookie_unslash_re` does; bytes that are not
/// UTF-8 become U+FFFD.
fn unquote(value: &[u8]) -> String {
    let [b'"', inner @ .., b'"'] = value else {
        return String::from_utf8_lossy(value).into_owned();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut at = 0;
    while at < inner.len() {
        if inner[at] == b'\\' && at + 1 < inner.len() {
            let octal = inner.get(at + 1..at + 4).filter(|digits| {
                matches!(digits[0], b'0'..=b'3')
                    && matches!(digits[1], b'0'..=b'7')
                    && matches!(digits[2], b'0'..=b'7')
            });
            if let Some(digits) = octal {
                bytes.push((digits[0] - b'0') * 64 + (digits[1] - b'0') * 8 + (digits[2] - b'0'));
                at += 4;
            } else {
                bytes.push(inner[at + 1]);
                at += 2;
            }
        } else {
            bytes.push(inner[at]);
            at += 1;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
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
    fn werkzeug_skips_pairs_it_cannot_read() {
        let get = |header: &str| cookie(&parts("GET", &[("cookie", header)]), "t");
        assert_eq!(get("t=abc").as_deref(), Some("abc"));
        assert_eq!(get("  t = abc ;x=1").as_deref(), Some("abc"));
        assert_eq!(get("t=\"abc"), None, "unterminated quote");
        assert_eq!(get("t=abc\""), None, "stray quote");
        assert_eq!(get("t=abc x"), None, "space inside a token value");
        assert_eq!(get("t=\"garbage; t=good").as_deref(), Some("good"));
        assert_eq!(get("t"), Some(String::new()), "a key without a value");
        assert_eq!(get("x=1;;t=2").as_deref(), Some("2"));
        assert_eq!(get("t=\"a\\101b\"").as_deref(), Some("aAb"), "octal escape");
        assert_eq!(get("t=a=b").as_deref(), Some("a=b"));
        assert_eq!(get("=1; t=2").as_deref(), Some("2"));
    }

    #[test]
    fn repeated_csrf_headers_are_joined() {
        let found = outcome(
            "POST",
            &[
                ("cookie", "access_token_cookie=tok"),
                ("x-csrf-token", "right"),
                ("x-csrf-token", "0000"),
            ],
            false,
        );
        assert_eq!(found, "token tok csrf Some(\"right,0000\")");
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
