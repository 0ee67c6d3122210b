//! The JWT and CSRF cookies, written as Flask-JWT-Extended's `set_access_cookies`,
//! `set_refresh_cookies` and `unset_jwt_cookies` write them (through werkzeug).

use axum::http::HeaderValue;

use crate::config::JwtSettings;

/// One year, Flask-JWT-Extended's `Max-Age` for cookies that are not session cookies.
const PERSISTENT_MAX_AGE: u64 = 31_540_000;

/// Which token a pair of cookies carries.
#[derive(Clone, Copy)]
pub(crate) enum CookieKind {
    Access,
    Refresh,
}

/// The token cookie (`HttpOnly`) and, when CSRF is protected and kept in cookies, the
/// readable CSRF cookie.
pub(crate) fn set_token_cookies(
    settings: &JwtSettings,
    kind: CookieKind,
    token: &str,
    csrf: Option<&str>,
    cookies: &mut Vec<HeaderValue>,
) {
    let (name, path, csrf_name, csrf_path) = names(settings, kind);
    let max_age = (!settings.cookies.session_cookie).then_some(PERSISTENT_MAX_AGE);
    cookies.extend(cookie(settings, name, token, max_age, true, path));
    if settings.csrf.protect
        && settings.csrf.in_cookies
        && let Some(csrf) = csrf
    {
        cookies.extend(cookie(settings, csrf_name, csrf, max_age, false, csrf_path));
    }
}

/// Expired, empty cookies that make the browser drop the JWT and CSRF cookies.
pub(crate) fn unset_token_cookies(
    settings: &JwtSettings,
    kind: CookieKind,
    cookies: &mut Vec<HeaderValue>,
) {
    let (name, path, csrf_name, csrf_path) = names(settings, kind);
    cookies.extend(expired(settings, name, true, path));
    if settings.csrf.protect && settings.csrf.in_cookies {
        cookies.extend(expired(settings, csrf_name, false, csrf_path));
    }
}

fn names(settings: &JwtSettings, kind: CookieKind) -> (&str, &str, &str, &str) {
    let (c, x) = (&settings.cookies, &settings.csrf);
    match kind {
        CookieKind::Access => (
            &c.access_cookie_name,
            &c.access_cookie_path,
            &x.access_cookie_name,
            &x.access_cookie_path,
        ),
        CookieKind::Refresh => (
            &c.refresh_cookie_name,
            &c.refresh_cookie_path,
            &x.refresh_cookie_name,
            &x.refresh_cookie_path,
        ),
    }
}

/// `name=value; Domain=..; Expires=..; Max-Age=..; Secure; HttpOnly; Path=..; SameSite=..`,
/// werkzeug's order.
fn cookie(
    settings: &JwtSettings,
    name: &str,
    value: &str,
    max_age: Option<u64>,
    http_only: bool,
    path: &str,
) -> Option<HeaderValue> {
    let expires = max_age
        .map(|seconds| http_date(crate::token::now_seconds().saturating_add(seconds as i64)));
    attributes(
        settings,
        name,
        value,
        expires.as_deref(),
        max_age,
        http_only,
        path,
    )
}

fn expired(settings: &JwtSettings, name: &str, http_only: bool, path: &str) -> Option<HeaderValue> {
    attributes(
        settings,
        name,
        "",
        Some("Thu, 01 Jan 1970 00:00:00 GMT"),
        None, // Flask-JWT-Extended unsets with `expires=0` and no `max_age`
        http_only,
        path,
    )
}

fn attributes(
    settings: &JwtSettings,
    name: &str,
    value: &str,
    expires: Option<&str>,
    max_age: Option<u64>,
    http_only: bool,
    path: &str,
) -> Option<HeaderValue> {
    use std::fmt::Write as _;
    let mut text = format!("{name}={value}");
    if let Some(domain) = &settings.cookies.domain {
        // werkzeug: `domain.partition(":")[0].lstrip(".")`; non-ASCII domains are refused by the
        // configuration check.
        let host = domain
            .split(':')
            .next()
            .unwrap_or_default()
            .trim_start_matches('.');
        let _ = write!(text, "; Domain={host}");
    }
    if let Some(expires) = expires {
        let _ = write!(text, "; Expires={expires}");
    }
    if let Some(max_age) = max_age {
        let _ = write!(text, "; Max-Age={max_age}");
    }
    if settings.cookies.secure {
        text.push_str("; Secure");
    }
    if http_only {
        text.push_str("; HttpOnly");
    }
    let _ = write!(text, "; Path={}", quote_path(path));
    if let Some(same_site) = settings.cookies.samesite {
        let _ = write!(text, "; SameSite={}", same_site.as_str());
    }
    // Names, paths and domains were checked with the configuration; tokens and UUIDs
    // are URL-safe. A value that is still not a header value is left out, not sent broken.
    HeaderValue::from_str(&text).ok()
}

/// Python's `quote(path, safe="%!$&'()*+,/:=@")`, as werkzeug writes `Path`.
fn quote_path(path: &str) -> String {
    use std::fmt::Write as _;
    const SAFE: &[u8] = b"%!$&'()*+,/:=@-._~";
    let mut quoted = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || SAFE.contains(&byte) {
            quoted.push(char::from(byte));
        } else {
            let _ = write!(quoted, "%{byte:02X}");
        }
    }
    quoted
}

/// An IMF-fixdate (`Thu, 01 Jan 1970 00:00:00 GMT`) for `Expires`.
fn http_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SameSite;

    #[test]
    fn paths_and_domains_as_werkzeug_writes_them() {
        assert_eq!(quote_path("/a b/"), "/a%20b/");
        assert_eq!(quote_path("/x\"y"), "/x%22y");
        assert_eq!(quote_path("/ü"), "/%C3%BC");
        assert_eq!(quote_path("/api/v1~x"), "/api/v1~x");
        let mut settings = JwtSettings::default();
        settings.cookies.domain = Some(".example.com:8080".into());
        let mut cookies = Vec::new();
        set_token_cookies(&settings, CookieKind::Access, "t", None, &mut cookies);
        assert_eq!(
            cookies,
            ["access_token_cookie=t; Domain=example.com; HttpOnly; Path=/"]
        );
    }

    #[test]
    fn http_dates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_796_416_237), "Fri, 04 Dec 2026 20:30:37 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
    }

    #[test]
    fn werkzeug_cookie_lines() {
        let mut settings = JwtSettings::default();
        let mut cookies = Vec::new();
        set_token_cookies(
            &settings,
            CookieKind::Access,
            "tok",
            Some("c1"),
            &mut cookies,
        );
        assert_eq!(
            cookies,
            [
                "access_token_cookie=tok; HttpOnly; Path=/",
                "csrf_access_token=c1; Path=/"
            ]
        );

        settings.cookies.secure = true;
        settings.cookies.domain = Some("example.com".into());
        settings.cookies.samesite = Some(SameSite::Lax);
        settings.cookies.session_cookie = false;
        settings.csrf.in_cookies = false;
        let mut cookies = Vec::new();
        set_token_cookies(
            &settings,
            CookieKind::Refresh,
            "r",
            Some("c2"),
            &mut cookies,
        );
        assert_eq!(cookies.len(), 1);
        let line = cookies[0].to_str().unwrap();
        assert!(
            line.starts_with("refresh_token_cookie=r; Domain=example.com; Expires="),
            "{line}"
        );
        assert!(
            line.ends_with("; Max-Age=31540000; Secure; HttpOnly; Path=/; SameSite=Lax"),
            "{line}"
        );

        let mut cookies = Vec::new();
        unset_token_cookies(&JwtSettings::default(), CookieKind::Access, &mut cookies);
        assert_eq!(
            cookies,
            [
                "access_token_cookie=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Path=/",
                "csrf_access_token=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"
            ]
        );
    }
}
