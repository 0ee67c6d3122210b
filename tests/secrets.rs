//! Secrets never leak: `Debug` of configurations, builders, managers and blocklists is
//! redacted, and the crate's own logs (captured with a tracing subscriber, at TRACE)
//! carry no token, secret or CSRF value, on success and on every kind of refusal.
//! (`tests/people_api/logs.rs` does the same for the whole people API process.)

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum_jwt_login::{
    Algorithm, JwtConfig, JwtConfigBuilder, JwtManager, RedisBlocklist, TokenLocation, TokenOptions,
};
use support::server::{Server, app, app_for};

const SECRET: &str = "super-secret-hmac-key-never-print-me-0123456789";

#[test]
fn debug_output_never_shows_keys() {
    let builder = JwtConfig::builder().secret(SECRET);
    let shown = format!("{builder:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    let config = builder.build().expect("config");
    let config_shown = format!("{config:?}");
    let jwt = JwtManager::new(config);
    for shown in [config_shown, format!("{jwt:?}"), format!("{jwt:#?}")] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(&SECRET[..12]), "{shown}");
    }

    // Asymmetric keys: neither PEM shows.
    let private = support::pem("rsa_private");
    let public = support::pem("rsa_public");
    let builder = JwtConfig::builder()
        .algorithm(Algorithm::RS256)
        .private_key_pem(&private)
        .public_key_pem(&public);
    let builder_shown = format!("{builder:?}");
    let config = builder.build().expect("RS256 config");
    let config_shown = format!("{config:?}");
    let manager_shown = format!("{:?}", JwtManager::new(config));
    for shown in [builder_shown, config_shown, manager_shown] {
        for pem in [&private, &public] {
            let body: String = pem.lines().nth(1).expect("a key line").to_owned();
            assert!(!shown.contains(&body), "{shown}");
        }
    }

    // A Redis URL may hold a password: the builder does not show it.
    let redis = RedisBlocklist::builder("redis://:hunter2-password@127.0.0.1:6379/0");
    let shown = format!("{redis:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(!shown.contains("6379"), "{shown}");
}

#[test]
fn configuration_errors_name_the_variable_not_the_secret() {
    let err = JwtConfig::from_vars([("JWT_SECRET_KEY", "short-secret")]).unwrap_err();
    assert!(!err.to_string().contains("short-secret"), "{err}");
    assert!(!format!("{err:?}").contains("short-secret"), "{err:?}");
    let pem = support::pem("rsa_public");
    let err = JwtConfig::from_vars([("JWT_SECRET_KEY", pem.as_str())]).unwrap_err();
    assert!(!err.to_string().contains("BEGIN"), "{err}");
}

/// Captured log lines, at TRACE, for the duration of one test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn builder(locations: &[TokenLocation]) -> JwtConfigBuilder {
    JwtConfig::builder()
        .secret(SECRET)
        .token_location(locations.iter().copied())
}

#[tokio::test(flavor = "current_thread")]
async fn logs_carry_no_token_secret_or_csrf_value() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (router, state) = app(builder(&[TokenLocation::Headers, TokenLocation::Cookies]));
    let server = Server::start(router).await;
    let jwt = state.jwt.clone();
    let good = jwt
        .create_access_token("alice@example.com", TokenOptions::new())
        .expect("mint");
    let refresh = jwt
        .create_refresh_token("alice@example.com", TokenOptions::new())
        .expect("mint");
    let broken = jwt
        .create_access_token("broken@example.com", TokenOptions::new())
        .expect("mint");
    let csrf = jwt
        .decode_token(&good)
        .expect("decode")
        .claims
        .csrf
        .expect("csrf");
    let mut sent = vec![good.clone(), refresh.clone(), broken.clone(), csrf.clone()];

    // Success, refusals of every kind, a loader failure, a logout, a cookie session.
    let login = server.login("alice@example.com", true).await;
    for key in ["access_token", "refresh_token"] {
        sent.push(login.body[key].as_str().expect("token").to_owned());
    }
    let tampered = format!("{}x", &good[..good.len() - 1]);
    for token in [&good, &refresh, &broken, &tampered, &"a.b.c".to_owned()] {
        for path in ["/me", "/fresh", "/refresh", "/claims"] {
            let method = if path == "/me" || path == "/claims" {
                "GET"
            } else {
                "POST"
            };
            server.with_bearer(method, path, token).await;
        }
    }
    let cookie = format!("access_token_cookie={good}");
    let request = server
        .request("POST", "/me")
        .header("Cookie", cookie.clone())
        .header("X-CSRF-TOKEN", "wrong-csrf-value-0000");
    Server::send(request).await;
    let request = server
        .request("POST", "/me")
        .header("Cookie", cookie)
        .header("X-CSRF-TOKEN", csrf.clone());
    Server::send(request).await;
    server.with_bearer("POST", "/logout", &good).await;
    server.with_bearer("GET", "/me", &good).await;

    // The same with a blocklist that cannot answer (logged as an outage).
    let unreachable = RedisBlocklist::builder("redis://:hunter2-password@127.0.0.1:1/")
        .connect()
        .await
        .unwrap_err();
    assert!(
        !unreachable.to_string().contains("hunter2"),
        "{unreachable}"
    );
    let (router, _) = app_for(jwt);
    let other = Server::start(router).await;
    other.with_bearer("GET", "/me", &refresh).await;

    let logs =
        String::from_utf8(captured.0.lock().expect("log buffer").clone()).expect("UTF-8 logs");
    assert!(!logs.is_empty(), "nothing was captured");
    assert!(!logs.contains(SECRET), "the secret is in the logs");
    for value in &sent {
        // Any whole segment of a token, or the CSRF value.
        for piece in value.split('.').filter(|piece| piece.len() >= 16) {
            assert!(
                !logs.contains(piece),
                "a token or CSRF piece is in the logs:\n{logs}"
            );
        }
    }
    assert!(!logs.contains("hunter2"), "a Redis password is in the logs");
}
