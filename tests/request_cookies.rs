//! The request side over real HTTP with `JWT_TOKEN_LOCATION = ["cookies"]`: the JWT
//! and CSRF cookies that login, refresh and logout write (werkzeug's lines), the
//! double-submit CSRF check on every checked method, cookie parsing, and the cookie
//! guard; a few cases are compared with the real Flask-JWT-Extended 4.7.4.

#[path = "interop/oracle.rs"]
mod oracle;
mod support;

use axum_jwt_login::{JwtConfig, JwtConfigBuilder, SameSite, TokenLocation};
use serde_json::{Value, json};
use support::server::*;
use support::*;

/// `Max-Age` of a cookie that is not a session cookie (Flask-JWT-Extended's one year).
const ONE_YEAR: i64 = 31_540_000;
const EPOCH: &str = "Thu, 01 Jan 1970 00:00:00 GMT";
const ALICE: &str = "alice@example.com";
const FORM: &str = "application/x-www-form-urlencoded";

fn config() -> JwtConfigBuilder {
    JwtConfig::builder()
        .secret(SECRET)
        .token_location([TokenLocation::Cookies])
}

/// The cookies of a `remember=true` cookie login.
struct LoggedIn {
    access: String,
    refresh: String,
    csrf_access: String,
    csrf_refresh: String,
}

async fn cookie_login(server: &Server) -> LoggedIn {
    let login = server.login(ALICE, true).await;
    let get = |name: &str| {
        login
            .cookie(name)
            .unwrap_or_else(|| panic!("login sets {name}: {:?}", login.set_cookies))
    };
    LoggedIn {
        access: get("access_token_cookie"),
        refresh: get("refresh_token_cookie"),
        csrf_access: get("csrf_access_token"),
        csrf_refresh: get("csrf_refresh_token"),
    }
}

/// A request with this `Cookie:` header.
fn with_cookie(server: &Server, method: &str, path: &str, cookie: &str) -> reqwest::RequestBuilder {
    server.request(method, path).header("cookie", cookie)
}

/// A request with the access cookie and, when given, an `X-CSRF-TOKEN` header.
fn with_access(
    server: &Server,
    method: &str,
    path: &str,
    token: &str,
    csrf: Option<&str>,
) -> reqwest::RequestBuilder {
    let request = with_cookie(
        server,
        method,
        path,
        &format!("access_token_cookie={token}"),
    );
    match csrf {
        Some(csrf) => request.header("X-CSRF-TOKEN", csrf),
        None => request,
    }
}

fn alice() -> (u16, Value) {
    (200, json!({ "email": ALICE }))
}

/// The `csrf` claim of a token.
fn csrf_claim(state: &AppState, token: &str) -> String {
    state
        .jwt
        .decode_token(token)
        .expect("a valid token")
        .claims
        .csrf
        .expect("a csrf claim")
}

/// The `Expires=` date of a `Set-Cookie` line.
fn expires_of(line: &str) -> &str {
    line.split("; ")
        .find_map(|attribute| attribute.strip_prefix("Expires="))
        .unwrap_or_else(|| panic!("no Expires in {line}"))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// Seconds since the epoch of an IMF-fixdate (`Sat, 04 Dec 2027 22:04:13 GMT`),
/// checking its weekday.
fn http_date_seconds(date: &str) -> i64 {
    let fields: Vec<&str> = date.split([' ', ':']).collect();
    assert_eq!(fields.len(), 8, "{date}");
    assert_eq!(fields[7], "GMT", "{date}");
    let number = |i: usize| -> i64 { fields[i].parse().unwrap_or_else(|_| panic!("{date}")) };
    let month = MONTHS
        .iter()
        .position(|m| *m == fields[2])
        .unwrap_or_else(|| panic!("month of {date}")) as i64
        + 1;
    let (year, day) = (number(3), number(1));
    // Howard Hinnant's days-from-civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    assert_eq!(
        format!("{},", WEEKDAYS[days.rem_euclid(7) as usize]),
        fields[0],
        "weekday of {date}"
    );
    assert_eq!((fields[1].len(), fields[3].len()), (2, 4), "{date}");
    days * 86_400 + number(4) * 3600 + number(5) * 60 + number(6)
}

// ---------------------------------------------------------------- 1. login cookies

#[tokio::test]
async fn login_sets_the_four_session_cookies() {
    let (router, state) = app(config());
    let server = Server::start(router).await;
    let login = server.login(ALICE, true).await;
    let access = login.cookie("access_token_cookie").expect("access cookie");
    let refresh = login
        .cookie("refresh_token_cookie")
        .expect("refresh cookie");
    let csrf_access = csrf_claim(&state, &access);
    let csrf_refresh = csrf_claim(&state, &refresh);
    assert_ne!(csrf_access, csrf_refresh, "each token has its own csrf");
    assert_eq!(
        login.set_cookies,
        [
            format!("access_token_cookie={access}; HttpOnly; Path=/"),
            format!("csrf_access_token={csrf_access}; Path=/"),
            format!("refresh_token_cookie={refresh}; HttpOnly; Path=/"),
            format!("csrf_refresh_token={csrf_refresh}; Path=/"),
        ]
    );
    assert_eq!(login.body["access_token"], access.as_str());
    assert_eq!(login.body["refresh_token"], refresh.as_str());
    let decoded = state.jwt.decode_token(&access).unwrap();
    assert_eq!(decoded.claims.identity, ALICE);
    assert_eq!(decoded.claims.token_type.as_str(), "access");
    // The csrf value is a UUID4, as `str(uuid.uuid4())`.
    let uuid = uuid::Uuid::parse_str(&csrf_access).expect("a UUID");
    assert_eq!(uuid.get_version_num(), 4);
    assert_eq!(uuid.hyphenated().to_string(), csrf_access);

    // Without remember: the access pair only.
    let login = server.login(ALICE, false).await;
    let access = login.cookie("access_token_cookie").expect("access cookie");
    assert_eq!(
        login.set_cookies,
        [
            format!("access_token_cookie={access}; HttpOnly; Path=/"),
            format!("csrf_access_token={}; Path=/", csrf_claim(&state, &access)),
        ]
    );
}

#[tokio::test]
async fn persistent_cookies_carry_max_age_and_expires() {
    let (router, state) = app(config().settings(|s| s.cookies.session_cookie = false));
    let server = Server::start(router).await;
    let before = now();
    let login = server.login(ALICE, true).await;
    let after = now();
    let access = login.cookie("access_token_cookie").unwrap();
    let refresh = login.cookie("refresh_token_cookie").unwrap();
    let expected = [
        ("access_token_cookie", access.clone(), "; HttpOnly"),
        ("csrf_access_token", csrf_claim(&state, &access), ""),
        ("refresh_token_cookie", refresh.clone(), "; HttpOnly"),
        ("csrf_refresh_token", csrf_claim(&state, &refresh), ""),
    ];
    assert_eq!(login.set_cookies.len(), 4, "{:?}", login.set_cookies);
    for (line, (name, value, http_only)) in login.set_cookies.iter().zip(expected) {
        let expires = expires_of(line);
        assert_eq!(
            *line,
            format!("{name}={value}; Expires={expires}; Max-Age=31540000{http_only}; Path=/")
        );
        let at = http_date_seconds(expires);
        assert!(
            (before + ONE_YEAR..=after + ONE_YEAR).contains(&at),
            "{name} expires in a year: {expires}"
        );
    }
}

#[tokio::test]
async fn secure_domain_and_samesite_in_werkzeug_order() {
    for (same_site, text) in [
        (SameSite::Lax, "Lax"),
        (SameSite::Strict, "Strict"),
        (SameSite::None, "None"),
    ] {
        let (router, state) = app(config().settings(|s| {
            s.cookies.secure = true;
            s.cookies.domain = Some("example.com".into());
            s.cookies.samesite = Some(same_site);
        }));
        let server = Server::start(router).await;
        let login = server.login(ALICE, true).await;
        let access = login.cookie("access_token_cookie").unwrap();
        let refresh = login.cookie("refresh_token_cookie").unwrap();
        let (ca, cr) = (csrf_claim(&state, &access), csrf_claim(&state, &refresh));
        assert_eq!(
            login.set_cookies,
            [
                format!(
                    "access_token_cookie={access}; Domain=example.com; Secure; HttpOnly; Path=/; SameSite={text}"
                ),
                format!(
                    "csrf_access_token={ca}; Domain=example.com; Secure; Path=/; SameSite={text}"
                ),
                format!(
                    "refresh_token_cookie={refresh}; Domain=example.com; Secure; HttpOnly; Path=/; SameSite={text}"
                ),
                format!(
                    "csrf_refresh_token={cr}; Domain=example.com; Secure; Path=/; SameSite={text}"
                ),
            ]
        );
    }

    // Everything at once, as Flask writes it:
    // `Domain; Expires; Max-Age; Secure; HttpOnly; Path; SameSite`.
    let (router, state) = app(config().settings(|s| {
        s.cookies.secure = true;
        s.cookies.domain = Some("example.com".into());
        s.cookies.samesite = Some(SameSite::Strict);
        s.cookies.session_cookie = false;
    }));
    let server = Server::start(router).await;
    let login = server.login(ALICE, false).await;
    let access = login.cookie("access_token_cookie").unwrap();
    let [token_line, csrf_line] = &login.set_cookies[..] else {
        panic!("two cookies: {:?}", login.set_cookies);
    };
    assert_eq!(
        *token_line,
        format!(
            "access_token_cookie={access}; Domain=example.com; Expires={}; Max-Age=31540000; Secure; HttpOnly; Path=/; SameSite=Strict",
            expires_of(token_line)
        )
    );
    assert_eq!(
        *csrf_line,
        format!(
            "csrf_access_token={}; Domain=example.com; Expires={}; Max-Age=31540000; Secure; Path=/; SameSite=Strict",
            csrf_claim(&state, &access),
            expires_of(csrf_line)
        )
    );
}

/// werkzeug's `dump_cookie` writes the domain without its port and leading dots
/// (`domain.partition(":")[0].lstrip(".")`): `JWT_COOKIE_DOMAIN = ".example.com"`, a
/// common setting, gives `Domain=example.com`.
#[tokio::test]
async fn the_domain_is_written_as_werkzeug_writes_it() {
    for domain in [".example.com", "example.com:8080", "..example.com"] {
        let (router, state) = app(config().settings(|s| s.cookies.domain = Some(domain.into())));
        let server = Server::start(router).await;
        let login = server.login(ALICE, false).await;
        let access = login.cookie("access_token_cookie").expect("access cookie");
        assert_eq!(
            login.set_cookies,
            [
                format!("access_token_cookie={access}; Domain=example.com; HttpOnly; Path=/"),
                format!(
                    "csrf_access_token={}; Domain=example.com; Path=/",
                    csrf_claim(&state, &access)
                ),
            ],
            "JWT_COOKIE_DOMAIN = {domain:?}"
        );
    }
}

/// werkzeug's `dump_cookie` percent-quotes the path (`quote(path, safe="%!$&'()*+,/:=@")`).
#[tokio::test]
async fn the_path_is_quoted_as_werkzeug_quotes_it() {
    for (path, quoted) in [
        ("/a b/", "/a%20b/"),
        ("/x\"y", "/x%22y"),
        ("/\u{fc}", "/%C3%BC"),
    ] {
        let (router, state) =
            app(config().settings(|s| s.cookies.access_cookie_path = path.into()));
        let server = Server::start(router).await;
        // Read by hand: `Server::send` wants ASCII `Set-Cookie` values.
        let response = server
            .request("POST", "/login")
            .header("content-type", "application/json")
            .body(json!({ "email": ALICE }).to_string())
            .send()
            .await
            .expect("login");
        let lines: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .collect();
        let body: Value =
            serde_json::from_str(&response.text().await.expect("body")).expect("JSON body");
        let access = body["access_token"].as_str().expect("access token");
        assert_eq!(
            lines,
            [
                format!("access_token_cookie={access}; HttpOnly; Path={quoted}"),
                format!("csrf_access_token={}; Path=/", csrf_claim(&state, access)),
            ],
            "JWT_ACCESS_COOKIE_PATH = {path:?}"
        );
    }
}

#[tokio::test]
async fn custom_cookie_names_and_paths() {
    let (router, state) = app(config().settings(|s| {
        s.cookies.access_cookie_name = "at".into();
        s.cookies.refresh_cookie_name = "rt".into();
        s.cookies.access_cookie_path = "/api/".into();
        s.cookies.refresh_cookie_path = "/refresh".into();
        s.csrf.access_cookie_name = "xa".into();
        s.csrf.refresh_cookie_name = "xr".into();
        s.csrf.access_cookie_path = "/a2".into();
        s.csrf.refresh_cookie_path = "/r2".into();
    }));
    let server = Server::start(router).await;
    let login = server.login(ALICE, true).await;
    let access = login.cookie("at").expect("access cookie named at");
    let refresh = login.cookie("rt").expect("refresh cookie named rt");
    let (ca, cr) = (csrf_claim(&state, &access), csrf_claim(&state, &refresh));
    assert_eq!(
        login.set_cookies,
        [
            format!("at={access}; HttpOnly; Path=/api/"),
            format!("xa={ca}; Path=/a2"),
            format!("rt={refresh}; HttpOnly; Path=/refresh"),
            format!("xr={cr}; Path=/r2"),
        ]
    );
    assert_eq!(
        answer(&Server::send(with_cookie(&server, "GET", "/me", &format!("at={access}"))).await),
        alice()
    );
    assert_eq!(
        answer(
            &Server::send(with_cookie(
                &server,
                "GET",
                "/me",
                &format!("access_token_cookie={access}")
            ))
            .await
        ),
        msg(401, "Missing cookie \"at\""),
        "the default name is not read"
    );
    let refreshed = Server::send(
        with_cookie(&server, "POST", "/refresh", &format!("rt={refresh}"))
            .header("X-CSRF-TOKEN", &cr),
    )
    .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    let new_access = refreshed.cookie("at").expect("a new at cookie");
    assert_eq!(
        refreshed.set_cookies,
        [
            format!("at={new_access}; HttpOnly; Path=/api/"),
            format!("xa={}; Path=/a2", csrf_claim(&state, &new_access)),
        ]
    );
    assert_eq!(
        answer(
            &Server::send(with_cookie(
                &server,
                "POST",
                "/refresh",
                &format!("refresh_token_cookie={refresh}")
            ))
            .await
        ),
        msg(401, "Missing cookie \"rt\"")
    );
}

#[tokio::test]
async fn csrf_cookies_follow_protect_and_in_cookies() {
    // JWT_COOKIE_CSRF_PROTECT = False: no csrf claim, no CSRF cookie, no check.
    let (router, state) = app(config().settings(|s| s.csrf.protect = false));
    let server = Server::start(router).await;
    let login = server.login(ALICE, true).await;
    let access = login.cookie("access_token_cookie").unwrap();
    let refresh = login.cookie("refresh_token_cookie").unwrap();
    assert_eq!(
        login.set_cookies,
        [
            format!("access_token_cookie={access}; HttpOnly; Path=/"),
            format!("refresh_token_cookie={refresh}; HttpOnly; Path=/"),
        ]
    );
    assert_eq!(state.jwt.decode_token(&access).unwrap().claims.csrf, None);
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        assert_eq!(
            answer(&Server::send(with_access(&server, method, "/me", &access, None)).await),
            alice(),
            "{method} is not checked"
        );
    }
    assert_eq!(
        answer(
            &Server::send(with_access(
                &server,
                "POST",
                "/me",
                &access,
                Some("anything")
            ))
            .await
        ),
        alice(),
        "a CSRF header is ignored"
    );

    // JWT_CSRF_IN_COOKIES = False: the claim is there and checked, but no cookie.
    let (router, state) = app(config().settings(|s| s.csrf.in_cookies = false));
    let server = Server::start(router).await;
    let login = server.login(ALICE, true).await;
    let access = login.cookie("access_token_cookie").unwrap();
    let refresh = login.cookie("refresh_token_cookie").unwrap();
    assert_eq!(
        login.set_cookies,
        [
            format!("access_token_cookie={access}; HttpOnly; Path=/"),
            format!("refresh_token_cookie={refresh}; HttpOnly; Path=/"),
        ]
    );
    let csrf = csrf_claim(&state, &access);
    assert_eq!(
        answer(&Server::send(with_access(&server, "POST", "/me", &access, None)).await),
        msg(401, "Missing CSRF token")
    );
    assert_eq!(
        answer(&Server::send(with_access(&server, "POST", "/me", &access, Some(&csrf))).await),
        alice()
    );
}

// ---------------------------------------------------------------- 2. the access cookie

#[tokio::test]
async fn me_with_the_access_cookie() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let me = Server::send(with_access(&server, "GET", "/me", &session.access, None)).await;
    assert_eq!(answer(&me), alice());
    assert!(me.set_cookies.is_empty(), "{:?}", me.set_cookies);
    assert_eq!(
        answer(&Server::send(server.request("GET", "/me")).await),
        msg(401, "Missing cookie \"access_token_cookie\"")
    );
    assert_eq!(
        answer(&server.with_bearer("GET", "/me", &session.access).await),
        msg(401, "Missing cookie \"access_token_cookie\""),
        "a header token is not looked at in cookies mode"
    );
    assert_eq!(
        answer(&Server::send(server.request("POST", "/me")).await),
        msg(401, "Missing cookie \"access_token_cookie\""),
        "the cookie is looked for before the CSRF value"
    );
    assert_eq!(
        answer(
            &Server::send(with_cookie(
                &server,
                "GET",
                "/me",
                &format!("refresh_token_cookie={}", session.refresh)
            ))
            .await
        ),
        msg(401, "Missing cookie \"access_token_cookie\""),
        "the refresh cookie does not stand for the access cookie"
    );
    assert_eq!(
        answer(&Server::send(with_access(&server, "GET", "/me", &session.refresh, None)).await),
        msg(422, "Only non-refresh tokens are allowed")
    );
    assert_eq!(
        answer(&Server::send(with_access(&server, "GET", "/me", "abc", None)).await),
        msg(422, "Not enough segments")
    );
}

// ---------------------------------------------------------------- 3. CSRF

#[tokio::test]
async fn csrf_on_every_checked_method() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let token = &session.access;
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        let send =
            |csrf: Option<&str>| Server::send(with_access(&server, method, "/me", token, csrf));
        assert_eq!(
            answer(&send(None).await),
            msg(401, "Missing CSRF token"),
            "{method} without X-CSRF-TOKEN"
        );
        assert_eq!(
            answer(&send(Some("")).await),
            msg(401, "Missing CSRF token"),
            "{method} with an empty X-CSRF-TOKEN"
        );
        assert_eq!(
            answer(&send(Some("wrong")).await),
            msg(401, "CSRF double submit tokens do not match"),
            "{method} with a wrong value"
        );
        assert_eq!(
            answer(&send(Some(&session.csrf_refresh)).await),
            msg(401, "CSRF double submit tokens do not match"),
            "{method} with the refresh token's value"
        );
        assert_eq!(
            answer(&send(Some(&session.csrf_access)).await),
            alice(),
            "{method} with the right value"
        );
        assert_eq!(
            answer(
                &Server::send(
                    with_access(&server, method, "/me", token, None)
                        .header("x-csrf-token", &session.csrf_access)
                )
                .await
            ),
            alice(),
            "{method}: header names are case-insensitive"
        );
    }
    assert_eq!(
        answer(&Server::send(with_access(&server, "GET", "/me", token, None)).await),
        alice(),
        "GET needs no CSRF value"
    );
    assert_eq!(
        answer(&Server::send(with_access(&server, "GET", "/me", token, Some("wrong"))).await),
        alice(),
        "GET does not look at the CSRF header"
    );
    let options = Server::send(with_access(&server, "OPTIONS", "/me", token, None)).await;
    assert_eq!(
        answer(&options),
        (204, Value::Null),
        "OPTIONS is not checked"
    );
}

#[tokio::test]
async fn a_csrf_value_only_in_a_cookie_is_refused() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let cookies = format!(
        "access_token_cookie={}; csrf_access_token={}",
        session.access, session.csrf_access
    );
    for method in ["POST", "DELETE"] {
        assert_eq!(
            answer(&Server::send(with_cookie(&server, method, "/me", &cookies)).await),
            msg(401, "Missing CSRF token"),
            "{method}: the double submit needs the value in a header"
        );
    }
    assert_eq!(
        answer(
            &Server::send(
                with_cookie(&server, "POST", "/me", &cookies)
                    .header("X-CSRF-TOKEN", &session.csrf_access)
            )
            .await
        ),
        alice()
    );
}

#[tokio::test]
async fn custom_csrf_methods() {
    let (router, _) = app(config().settings(|s| s.csrf.methods = vec!["PUT".into()]));
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let token = &session.access;
    for method in ["GET", "POST", "PATCH", "DELETE"] {
        assert_eq!(
            answer(&Server::send(with_access(&server, method, "/me", token, None)).await),
            alice(),
            "{method} is not checked"
        );
    }
    assert_eq!(
        answer(&Server::send(with_access(&server, "PUT", "/me", token, None)).await),
        msg(401, "Missing CSRF token")
    );
    assert_eq!(
        answer(&Server::send(with_access(&server, "PUT", "/me", token, Some("x"))).await),
        msg(401, "CSRF double submit tokens do not match")
    );
    assert_eq!(
        answer(
            &Server::send(with_access(
                &server,
                "PUT",
                "/me",
                token,
                Some(&session.csrf_access)
            ))
            .await
        ),
        alice()
    );
    // Login itself is not token-protected; logout (POST) is not checked any more.
    assert_eq!(
        answer(&Server::send(with_access(&server, "POST", "/logout", token, None)).await),
        (200, json!({"msg": "Logged out"}))
    );

    // GET can be checked too.
    let (router, _) = app(config().settings(|s| s.csrf.methods = vec!["GET".into()]));
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    assert_eq!(
        answer(&Server::send(with_access(&server, "GET", "/me", &session.access, None)).await),
        msg(401, "Missing CSRF token")
    );
    assert_eq!(
        answer(&Server::send(with_access(&server, "POST", "/me", &session.access, None)).await),
        alice()
    );
}

#[tokio::test]
async fn custom_csrf_header_name() {
    let (router, _) = app(config().settings(|s| s.csrf.access_header_name = "X-XSRF-TOKEN".into()));
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let request = || with_access(&server, "POST", "/me", &session.access, None);
    assert_eq!(
        answer(&Server::send(request().header("X-CSRF-TOKEN", &session.csrf_access)).await),
        msg(401, "Missing CSRF token"),
        "the default header is not read"
    );
    assert_eq!(
        answer(&Server::send(request().header("X-XSRF-TOKEN", &session.csrf_access)).await),
        alice()
    );
    assert_eq!(
        answer(&Server::send(request().header("X-XSRF-TOKEN", "nope")).await),
        msg(401, "CSRF double submit tokens do not match")
    );
    // The refresh header keeps its default name.
    let refreshed = Server::send(
        with_cookie(
            &server,
            "POST",
            "/refresh",
            &format!("refresh_token_cookie={}", session.refresh),
        )
        .header("X-CSRF-TOKEN", &session.csrf_refresh),
    )
    .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
}

#[tokio::test]
async fn csrf_from_a_form_field() {
    let (router, _) = app(config().settings(|s| s.csrf.check_form = true));
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let form = |method: &str, body: String| {
        with_access(&server, method, "/me", &session.access, None)
            .header("content-type", FORM)
            .body(body)
    };
    let field = format!("csrf_token={}", session.csrf_access);
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        assert_eq!(
            answer(&Server::send(form(method, field.clone())).await),
            alice(),
            "{method} with the form field"
        );
    }
    assert_eq!(
        answer(&Server::send(form("POST", format!("a=1&{field}&b=2"))).await),
        alice(),
        "among other fields"
    );
    assert_eq!(
        answer(
            &Server::send(
                with_access(&server, "POST", "/me", &session.access, None)
                    .header("content-type", format!("{FORM}; charset=utf-8"))
                    .body(field.clone())
            )
            .await
        ),
        alice(),
        "with a charset parameter"
    );
    assert_eq!(
        answer(&Server::send(form("POST", "csrf_token=wrong".into())).await),
        msg(401, "CSRF double submit tokens do not match")
    );
    assert_eq!(
        answer(&Server::send(form("POST", "csrf_token=".into())).await),
        msg(401, "Missing CSRF token")
    );
    assert_eq!(
        answer(&Server::send(form("POST", "other=1".into())).await),
        msg(401, "Missing CSRF token")
    );
    // The header comes first: a right header wins over a wrong field, a wrong header
    // is not saved by a right field.
    assert_eq!(
        answer(
            &Server::send(
                form("POST", "csrf_token=wrong".into())
                    .header("X-CSRF-TOKEN", &session.csrf_access)
            )
            .await
        ),
        alice()
    );
    assert_eq!(
        answer(&Server::send(form("POST", field.clone()).header("X-CSRF-TOKEN", "wrong")).await),
        msg(401, "CSRF double submit tokens do not match")
    );
    // An empty header falls back to the field (`if not csrf_value`).
    assert_eq!(
        answer(&Server::send(form("POST", field.clone()).header("X-CSRF-TOKEN", "")).await),
        alice()
    );
    // A JSON body is not a form.
    assert_eq!(
        answer(
            &Server::send(
                with_access(&server, "POST", "/me", &session.access, None)
                    .header("content-type", "application/json")
                    .body(json!({ "csrf_token": session.csrf_access }).to_string())
            )
            .await
        ),
        msg(401, "Missing CSRF token")
    );
    // The field of the refresh route.
    let refreshed = Server::send(
        with_cookie(
            &server,
            "POST",
            "/refresh",
            &format!("refresh_token_cookie={}", session.refresh),
        )
        .header("content-type", FORM)
        .body(format!("csrf_token={}", session.csrf_refresh)),
    )
    .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
}

#[tokio::test]
async fn form_fields_are_not_read_without_check_form() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    assert_eq!(
        answer(
            &Server::send(
                with_access(&server, "POST", "/me", &session.access, None)
                    .header("content-type", FORM)
                    .body(format!("csrf_token={}", session.csrf_access))
            )
            .await
        ),
        msg(401, "Missing CSRF token")
    );
}

#[tokio::test]
async fn custom_csrf_field_name() {
    let (router, _) = app(config().settings(|s| {
        s.csrf.check_form = true;
        s.csrf.access_field_name = "xsrf".into();
    }));
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let form = |body: String| {
        with_access(&server, "POST", "/me", &session.access, None)
            .header("content-type", FORM)
            .body(body)
    };
    assert_eq!(
        answer(&Server::send(form(format!("xsrf={}", session.csrf_access))).await),
        alice()
    );
    assert_eq!(
        answer(&Server::send(form(format!("csrf_token={}", session.csrf_access))).await),
        msg(401, "Missing CSRF token")
    );
}

// ---------------------------------------------------------------- 4. refresh

#[tokio::test]
async fn refresh_with_the_refresh_cookie() {
    let (router, state) = app(config());
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let refresh_cookie = format!("refresh_token_cookie={}", session.refresh);
    let refreshed = Server::send(
        with_cookie(&server, "POST", "/refresh", &refresh_cookie)
            .header("X-CSRF-TOKEN", &session.csrf_refresh),
    )
    .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    let new_access = refreshed
        .cookie("access_token_cookie")
        .expect("new access cookie");
    let new_csrf = csrf_claim(&state, &new_access);
    assert_eq!(
        refreshed.set_cookies,
        [
            format!("access_token_cookie={new_access}; HttpOnly; Path=/"),
            format!("csrf_access_token={new_csrf}; Path=/"),
        ],
        "a new access pair, the refresh cookies untouched"
    );
    assert_eq!(refreshed.body["access_token"], new_access.as_str());
    assert_ne!(new_access, session.access);
    assert_ne!(new_csrf, session.csrf_access);
    assert_eq!(
        answer(
            &Server::send(with_access(
                &server,
                "POST",
                "/me",
                &new_access,
                Some(&new_csrf)
            ))
            .await
        ),
        alice()
    );
    assert_eq!(
        answer(
            &Server::send(with_access(
                &server,
                "POST",
                "/me",
                &new_access,
                Some(&session.csrf_access)
            ))
            .await
        ),
        msg(401, "CSRF double submit tokens do not match"),
        "the old CSRF value does not go with the new token"
    );

    // Refusals.
    let send = |cookie: String, csrf: Option<&str>| {
        let request = with_cookie(&server, "POST", "/refresh", &cookie);
        Server::send(match csrf {
            Some(csrf) => request.header("X-CSRF-TOKEN", csrf),
            None => request,
        })
    };
    assert_eq!(
        answer(&send(refresh_cookie.clone(), Some(&session.csrf_access)).await),
        msg(401, "CSRF double submit tokens do not match"),
        "the refresh cookie with the access CSRF value"
    );
    assert_eq!(
        answer(&send(refresh_cookie.clone(), None).await),
        msg(401, "Missing CSRF token")
    );
    assert_eq!(
        answer(
            &send(
                format!("access_token_cookie={}", session.access),
                Some(&session.csrf_access)
            )
            .await
        ),
        msg(401, "Missing cookie \"refresh_token_cookie\"")
    );
    assert_eq!(
        answer(
            &send(
                format!("refresh_token_cookie={}", session.access),
                Some(&session.csrf_access)
            )
            .await
        ),
        msg(422, "Only refresh tokens are allowed")
    );
    // Both cookies, as a browser sends them: the refresh one is used.
    let both = format!(
        "access_token_cookie={}; refresh_token_cookie={}",
        session.access, session.refresh
    );
    assert_eq!(
        send(both.clone(), Some(&session.csrf_refresh)).await.status,
        200
    );
    assert_eq!(
        answer(&send(both, Some(&session.csrf_access)).await),
        msg(401, "CSRF double submit tokens do not match")
    );
}

// ---------------------------------------------------------------- 5. logout

#[tokio::test]
async fn logout_unsets_the_cookies_and_revokes_the_token() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    assert_eq!(
        answer(
            &Server::send(with_access(
                &server,
                "POST",
                "/logout",
                &session.access,
                None
            ))
            .await
        ),
        msg(401, "Missing CSRF token"),
        "logout is CSRF-checked"
    );
    let logout = Server::send(with_access(
        &server,
        "POST",
        "/logout",
        &session.access,
        Some(&session.csrf_access),
    ))
    .await;
    assert_eq!(answer(&logout), (200, json!({"msg": "Logged out"})));
    let names: Vec<_> = logout
        .set_cookies
        .iter()
        .map(|line| line.split_once('=').expect("name=value").0)
        .collect();
    assert_eq!(
        names,
        [
            "access_token_cookie",
            "csrf_access_token",
            "refresh_token_cookie",
            "csrf_refresh_token"
        ]
    );
    for (line, name) in logout.set_cookies.iter().zip(&names) {
        assert_eq!(logout.cookie(name).as_deref(), Some(""), "{line}");
        assert_eq!(expires_of(line), EPOCH, "{line}");
        assert!(line.ends_with("; Path=/"), "{line}");
        assert_eq!(
            line.contains("; HttpOnly"),
            !name.starts_with("csrf_"),
            "{line}"
        );
    }
    assert_eq!(
        answer(&Server::send(with_access(&server, "GET", "/me", &session.access, None)).await),
        msg(401, "Token has been revoked")
    );
    assert_eq!(
        answer(
            &Server::send(with_access(
                &server,
                "POST",
                "/logout",
                &session.access,
                Some(&session.csrf_access)
            ))
            .await
        ),
        msg(401, "Token has been revoked")
    );
}

/// The exact lines of `unset_jwt_cookies`: werkzeug's `set_cookie(name, "", expires=0, ...)`
/// writes `Expires` and no `Max-Age`.
#[tokio::test]
async fn logout_lines_are_flask_jwt_extended_lines() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let logout = Server::send(with_access(
        &server,
        "POST",
        "/logout",
        &session.access,
        Some(&session.csrf_access),
    ))
    .await;
    assert_eq!(logout.status, 200);
    assert_eq!(
        logout.set_cookies,
        [
            format!("access_token_cookie=; Expires={EPOCH}; HttpOnly; Path=/"),
            format!("csrf_access_token=; Expires={EPOCH}; Path=/"),
            format!("refresh_token_cookie=; Expires={EPOCH}; HttpOnly; Path=/"),
            format!("csrf_refresh_token=; Expires={EPOCH}; Path=/"),
        ]
    );

    let (router, _) = app(config().settings(|s| {
        s.cookies.secure = true;
        s.cookies.domain = Some("example.com".into());
        s.cookies.samesite = Some(SameSite::Strict);
        s.cookies.session_cookie = false;
    }));
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let logout = Server::send(with_access(
        &server,
        "POST",
        "/logout",
        &session.access,
        Some(&session.csrf_access),
    ))
    .await;
    let attributes = "Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure";
    assert_eq!(
        logout.set_cookies,
        [
            format!("access_token_cookie=; {attributes}; HttpOnly; Path=/; SameSite=Strict"),
            format!("csrf_access_token=; {attributes}; Path=/; SameSite=Strict"),
            format!("refresh_token_cookie=; {attributes}; HttpOnly; Path=/; SameSite=Strict"),
            format!("csrf_refresh_token=; {attributes}; Path=/; SameSite=Strict"),
        ]
    );
}

// ---------------------------------------------------------------- 6. cookie parsing

#[tokio::test]
async fn cookie_header_parsing() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let token = cookie_login(&server).await.access;
    let get = |cookie: String| Server::send(with_cookie(&server, "GET", "/me", &cookie));
    assert_eq!(
        answer(
            &get(format!(
                "access_token_cookie={token}; access_token_cookie=junk"
            ))
            .await
        ),
        alice(),
        "the first of two cookies wins"
    );
    assert_eq!(
        answer(
            &get(format!(
                "access_token_cookie=junk; access_token_cookie={token}"
            ))
            .await
        ),
        msg(422, "Not enough segments"),
        "the first of two cookies wins, even a bad one"
    );
    assert_eq!(
        answer(&get(format!("other=1; access_token_cookie=\"{token}\"; last=2")).await),
        alice(),
        "a quoted value is unquoted"
    );
    assert_eq!(
        answer(&get(format!("  access_token_cookie = {token} ;other=1")).await),
        alice(),
        "spaces around the name and value"
    );
    for empty in [
        "access_token_cookie=",
        "access_token_cookie=\"\"",
        "access_token_cookie",
    ] {
        assert_eq!(
            answer(&get(format!("{empty}; other=1")).await),
            msg(401, "Missing cookie \"access_token_cookie\""),
            "{empty}"
        );
    }
    assert_eq!(
        answer(&get(format!("access_token_cookie=; access_token_cookie={token}")).await),
        msg(401, "Missing cookie \"access_token_cookie\""),
        "an empty first cookie hides the second"
    );
    assert_eq!(
        answer(
            &get(format!(
                "xaccess_token_cookie={token}; access_token_cookiex={token}"
            ))
            .await
        ),
        msg(401, "Missing cookie \"access_token_cookie\""),
        "names match exactly"
    );
}

// ---------------------------------------------------------------- 7. cookie guard

#[tokio::test]
async fn only_jwt_cookies_survive_on_a_cookie_authenticated_response() {
    let (router, _) = app(config());
    let server = Server::start(router).await;
    let session = cookie_login(&server).await;
    let get = Server::send(with_access(
        &server,
        "GET",
        "/own-cookie",
        &session.access,
        None,
    ))
    .await;
    assert_eq!(answer(&get), alice());
    assert!(get.set_cookies.is_empty(), "{:?}", get.set_cookies);
    assert_eq!(get.cookie("tracking"), None);
    let post = Server::send(with_access(
        &server,
        "POST",
        "/own-cookie",
        &session.access,
        Some(&session.csrf_access),
    ))
    .await;
    assert_eq!(answer(&post), alice());
    assert!(post.set_cookies.is_empty(), "{:?}", post.set_cookies);
    assert_eq!(
        answer(
            &Server::send(with_access(
                &server,
                "POST",
                "/own-cookie",
                &session.access,
                None
            ))
            .await
        ),
        msg(401, "Missing CSRF token")
    );
}

// ---------------------------------------------------------------- Flask-JWT-Extended

/// One case for both sides: our route and Flask's, the cookies, the headers, a body.
struct Case {
    what: &'static str,
    method: &'static str,
    ours: &'static str,
    flask: &'static str,
    cookies: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    /// A raw body (form or JSON).
    body: Option<String>,
}

fn case(what: &'static str, method: &'static str, path: &'static str) -> Case {
    let flask = if path == "/me" { "/protected" } else { path };
    Case {
        what,
        method,
        ours: path,
        flask,
        cookies: Vec::new(),
        headers: Vec::new(),
        body: None,
    }
}

fn as_object(pairs: &[(&str, String)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), json!(value)))
            .collect(),
    )
}

impl Case {
    fn cookie(mut self, name: &'static str, value: &str) -> Self {
        self.cookies.push((name, value.to_owned()));
        self
    }
    fn csrf(mut self, value: &str) -> Self {
        self.headers.push(("X-CSRF-TOKEN", value.to_owned()));
        self
    }
    fn json_body(mut self, body: Value) -> Self {
        self.headers
            .push(("Content-Type", "application/json".to_owned()));
        self.body = Some(body.to_string());
        self
    }
    fn form(mut self, body: String) -> Self {
        self.headers.push(("Content-Type", FORM.to_owned()));
        self.body = Some(body);
        self
    }

    fn flask_request(&self, config: &Value) -> Value {
        json!({
            "op": "request",
            "config": config,
            "method": self.method,
            "path": self.flask,
            "headers": as_object(&self.headers),
            "cookies": as_object(&self.cookies),
            "body": self.body,
        })
    }

    async fn ours(&self, server: &Server) -> Reply {
        let mut request = server.request(self.method, self.ours);
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            request = request.header("cookie", cookie);
        }
        for (name, value) in &self.headers {
            request = request.header(*name, value);
        }
        if let Some(body) = &self.body {
            request = request.body(body.clone());
        }
        Server::send(request).await
    }
}

#[tokio::test]
async fn same_answers_as_flask_jwt_extended() {
    let flask = json!({"JWT_SECRET_KEY": SECRET, "JWT_TOKEN_LOCATION": ["cookies"]});
    let mut flask_form = flask.clone();
    flask_form["JWT_CSRF_CHECK_FORM"] = json!(true);
    let (router, state) = app(config());
    let server = Server::start(router).await;
    let (form_router, _) = app(config().settings(|s| s.csrf.check_form = true));
    let form_server = Server::start(form_router).await;

    // Our tokens, and one Flask minted with the same secret.
    let s = cookie_login(&server).await;
    let minted = oracle::ask_one(json!({
        "op": "mint", "config": flask, "kind": "access", "identity": ALICE,
    }));
    let flask_token = minted["token"].as_str().expect("a Flask token").to_owned();
    let flask_csrf = csrf_claim(&state, &flask_token);

    let at = "access_token_cookie";
    let rt = "refresh_token_cookie";
    let cases = vec![
        case("no cookie", "GET", "/me"),
        case("no cookie, POST", "POST", "/me").csrf(&s.csrf_access),
        case("GET without CSRF", "GET", "/me").cookie(at, &s.access),
        case("POST without CSRF", "POST", "/me").cookie(at, &s.access),
        case("DELETE, empty CSRF", "DELETE", "/me")
            .cookie(at, &s.access)
            .csrf(""),
        case("PUT, wrong CSRF", "PUT", "/me")
            .cookie(at, &s.access)
            .csrf("wrong"),
        case("PATCH, right CSRF", "PATCH", "/me")
            .cookie(at, &s.access)
            .csrf(&s.csrf_access),
        case("CSRF only in its cookie", "POST", "/me")
            .cookie(at, &s.access)
            .cookie("csrf_access_token", &s.csrf_access),
        case("refresh token as access cookie", "GET", "/me").cookie(at, &s.refresh),
        case("refresh cookie, refresh CSRF", "POST", "/refresh")
            .cookie(rt, &s.refresh)
            .csrf(&s.csrf_refresh),
        case("refresh cookie, access CSRF", "POST", "/refresh")
            .cookie(rt, &s.refresh)
            .csrf(&s.csrf_access),
        case("access cookie on /refresh", "POST", "/refresh")
            .cookie(at, &s.access)
            .csrf(&s.csrf_access),
        case("access token as refresh cookie", "POST", "/refresh")
            .cookie(rt, &s.access)
            .csrf(&s.csrf_access),
        case("Flask's token, right CSRF", "POST", "/me")
            .cookie(at, &flask_token)
            .csrf(&flask_csrf),
        case("Flask's token, our CSRF", "POST", "/me")
            .cookie(at, &flask_token)
            .csrf(&s.csrf_access),
        case("form CSRF without check_form", "POST", "/me")
            .cookie(at, &s.access)
            .form(format!("csrf_token={}", s.csrf_access)),
    ];
    let form_cases = vec![
        case("form CSRF", "POST", "/me")
            .cookie(at, &s.access)
            .form(format!("csrf_token={}", s.csrf_access)),
        case("wrong form CSRF", "POST", "/me")
            .cookie(at, &s.access)
            .form("csrf_token=wrong".into()),
        case("wrong header, right form", "POST", "/me")
            .cookie(at, &s.access)
            .csrf("wrong")
            .form(format!("csrf_token={}", s.csrf_access)),
        case("empty header, right form", "POST", "/me")
            .cookie(at, &s.access)
            .csrf("")
            .form(format!("csrf_token={}", s.csrf_access)),
        case("PUT form CSRF", "PUT", "/me")
            .cookie(at, &s.access)
            .form(format!("csrf_token={}", s.csrf_access)),
        case("csrf_token in a JSON body", "POST", "/me")
            .cookie(at, &s.access)
            .json_body(json!({ "csrf_token": s.csrf_access })),
    ];
    let mut requests: Vec<Value> = cases.iter().map(|c| c.flask_request(&flask)).collect();
    requests.extend(form_cases.iter().map(|c| c.flask_request(&flask_form)));
    let flask_answers = oracle::ask(&requests);
    let all = cases
        .iter()
        .map(|c| (c, &server))
        .chain(form_cases.iter().map(|c| (c, &form_server)));
    let mut compared = 0;
    for ((case, on), flask_answer) in all.zip(&flask_answers) {
        let ours = case.ours(on).await;
        let theirs = (
            flask_answer["status"].as_u64().expect("status") as u16,
            flask_answer["body"].clone(),
        );
        if theirs.0 == 200 {
            assert_eq!(ours.status, 200, "{}: ours {ours:?}", case.what);
        } else {
            assert_eq!(answer(&ours), theirs, "{}", case.what);
        }
        compared += 1;
    }
    assert_eq!(compared, 22);
    // The cases that Flask accepts, as a sanity check of the oracle's side.
    let accepted: Vec<_> = cases
        .iter()
        .chain(&form_cases)
        .zip(&flask_answers)
        .filter(|(_, a)| a["status"] == 200)
        .map(|(c, _)| c.what)
        .collect();
    assert_eq!(
        accepted,
        [
            "GET without CSRF",
            "PATCH, right CSRF",
            "refresh cookie, refresh CSRF",
            "Flask's token, right CSRF",
            "form CSRF",
            "empty header, right form",
            "PUT form CSRF",
        ]
    );
}
