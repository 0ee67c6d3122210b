//! Revocation stores: `RedisBlocklist` against a real `redis-server` (one key per
//! revoked `jti` with the token's remaining lifetime, a thousand concurrent
//! revocations, timeouts and error answers failing closed), and the leeway rule that
//! both stores follow.

mod support;

use std::time::Duration;

use axum_jwt_login::{
    AuthError, Blocklist, JwtManager, MemoryBlocklist, RedisBlocklist, TokenOptions,
};
use serde_json::json;
use support::redis_server::RedisServer;
use support::server::{Server, answer, app_for, msg};

fn now() -> i64 {
    support::now()
}

/// The TTL Redis holds for a key, in seconds (-1: none, -2: no key).
fn ttl(redis: &RedisServer, key: &str) -> i64 {
    redis::cmd("TTL")
        .arg(key)
        .query(&mut redis.connection())
        .expect("TTL")
}

async fn blocklist(redis: &RedisServer, prefix: &str) -> RedisBlocklist {
    RedisBlocklist::builder(redis.url())
        .key_prefix(prefix)
        .connect()
        .await
        .expect("connect to the test Redis")
}

#[tokio::test]
async fn one_key_per_revoked_jti_expiring_with_the_token() {
    let redis = RedisServer::start();
    let store = blocklist(&redis, "test:revoked:").await;
    assert_eq!(store.key("abc"), "test:revoked:abc");

    store
        .revoke("live", Some(now() + 600))
        .await
        .expect("revoke");
    let left = ttl(&redis, "test:revoked:live");
    assert!((598..=600).contains(&left), "TTL {left}");
    store.revoke("forever", None).await.expect("revoke");
    assert_eq!(ttl(&redis, "test:revoked:forever"), -1, "no exp: no TTL");
    store.revoke("gone", Some(now() - 1)).await.expect("revoke");
    assert_eq!(
        ttl(&redis, "test:revoked:gone"),
        -2,
        "expired: nothing stored"
    );

    assert!(store.is_revoked("live").await.expect("check"));
    assert!(store.is_revoked("forever").await.expect("check"));
    assert!(!store.is_revoked("gone").await.expect("check"));
    assert!(!store.is_revoked("never-revoked").await.expect("check"));
    let keys: i64 = redis::cmd("DBSIZE")
        .query(&mut redis.connection())
        .expect("DBSIZE");
    assert_eq!(keys, 2);
}

#[tokio::test]
async fn a_revoked_tokens_key_lives_until_its_exp_plus_the_leeway() {
    let redis = RedisServer::start();
    for leeway in [0u64, 30] {
        let config = support::builder(axum_jwt_login::Algorithm::HS256)
            .leeway(Duration::from_secs(leeway))
            .build()
            .expect("config");
        let jwt = JwtManager::with_blocklist(config, blocklist(&redis, "leeway:").await);
        let token = jwt
            .create_access_token(
                "alice@example.com",
                TokenOptions::new().expires_in(Duration::from_secs(300)),
            )
            .expect("mint");
        let token = jwt.decode_token(&token).expect("decode");
        jwt.revoke_token(&token).await.expect("revoke");
        let exp = token.claims.exp.expect("exp");
        let jti = token.claims.jti.as_deref().expect("jti");
        let expected = exp + leeway as i64 - now();
        let left = ttl(&redis, &format!("leeway:{jti}"));
        assert!(
            (expected - 2..=expected + 1).contains(&left),
            "leeway {leeway}: TTL {left}, expected {expected}"
        );
    }
}

/// A token that has expired but is still within the leeway is accepted, so its
/// revocation must still hold. Both stores.
#[tokio::test]
async fn a_token_revoked_within_the_leeway_stays_refused() {
    let redis = RedisServer::start();
    for redis_store in [false, true] {
        let config =
            support::builder(axum_jwt_login::Algorithm::HS256).leeway(Duration::from_secs(60));
        let config = config.build().expect("config");
        let jwt = if redis_store {
            JwtManager::with_blocklist(config, blocklist(&redis, "within:").await)
        } else {
            JwtManager::with_blocklist(config, MemoryBlocklist::new())
        };
        let (router, _) = app_for(jwt.clone());
        let server = Server::start(router).await;
        // exp 10 s ago, within the 60 s leeway.
        let (iat, exp) = (now() - 100, now() - 10);
        let payload = format!(
            r#"{{"iat":{iat},"nbf":{iat},"exp":{exp},"jti":"late-{redis_store}","type":"access","fresh":false,"sub":"alice@example.com"}}"#
        );
        let token = support::hs256_token(support::HS256_HEADER, &payload);
        assert_eq!(
            answer(&server.with_bearer("GET", "/me", &token).await),
            (200, json!({"email": "alice@example.com"})),
            "accepted within the leeway"
        );
        let reply = server.with_bearer("POST", "/logout", &token).await;
        assert_eq!(answer(&reply), msg(200, "Logged out"));
        assert_eq!(
            answer(&server.with_bearer("GET", "/me", &token).await),
            msg(401, "Token has been revoked"),
            "redis store: {redis_store}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_tokens_revoked_at_once_are_all_refused_and_no_other() {
    let redis = RedisServer::start();
    let config = support::builder(axum_jwt_login::Algorithm::HS256)
        .build()
        .expect("config");
    // A debug build on a shared machine: room for the queue of a thousand requests.
    let store = RedisBlocklist::builder(redis.url())
        .key_prefix("many:")
        .timeout(Duration::from_secs(2))
        .connect()
        .await
        .expect("connect");
    let jwt = JwtManager::with_blocklist(config, store);
    let (router, _) = app_for(jwt.clone());
    let server = std::sync::Arc::new(Server::start(router).await);
    let tokens: Vec<String> = (0..2000)
        .map(|_| {
            jwt.create_access_token("alice@example.com", TokenOptions::new())
                .expect("mint")
        })
        .collect();

    // Revoke the first thousand concurrently, through the logout route.
    let mut logouts = tokio::task::JoinSet::new();
    for token in &tokens[..1000] {
        let (server, token) = (server.clone(), token.clone());
        logouts.spawn(async move { server.with_bearer("POST", "/logout", &token).await.status });
    }
    let statuses = logouts.join_all().await;
    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
    let keys: i64 = redis::cmd("DBSIZE")
        .query(&mut redis.connection())
        .expect("DBSIZE");
    assert_eq!(keys, 1000);
    // Each key expires with its token.
    let mut ttls = redis::pipe();
    let mut expected = Vec::new();
    for token in &tokens[..1000] {
        let claims = jwt.decode_token(token).expect("decode").claims;
        let jti = claims.jti.expect("jti");
        ttls.cmd("TTL").arg(format!("many:{jti}"));
        expected.push(claims.exp.expect("exp") - now());
    }
    let ttls: Vec<i64> = ttls.query(&mut redis.connection()).expect("TTLs");
    // Whole seconds on both sides: up to a second more, never more than 2 s short.
    for (ttl, expected) in ttls.iter().zip(&expected) {
        assert!(
            (expected - 2..=expected + 1).contains(ttl),
            "TTL {ttl}, exp in {expected} s"
        );
    }

    // Every one of the 2000 checked concurrently: the revoked refused, the rest served.
    let mut checks = tokio::task::JoinSet::new();
    for (index, token) in tokens.iter().cloned().enumerate() {
        let server = server.clone();
        checks.spawn(async move {
            let reply = server.with_bearer("GET", "/me", &token).await;
            (index, answer(&reply))
        });
    }
    let mut results = checks.join_all().await;
    results.sort_by_key(|(index, _)| *index);
    for (index, answer) in results {
        if index < 1000 {
            assert_eq!(answer, msg(401, "Token has been revoked"), "token {index}");
        } else {
            assert_eq!(
                answer,
                (200, json!({"email": "alice@example.com"})),
                "token {index}"
            );
        }
    }
}

#[tokio::test]
async fn a_flask_style_key_without_prefix_revokes_the_token_here_too() {
    // Flask-JWT-Extended's documented Redis blocklist: redis.set(jti, "", ex=...).
    let redis = RedisServer::start();
    let store = blocklist(&redis, "").await;
    let _: () = redis::cmd("SET")
        .arg("9b7e1f0c-flask")
        .arg("")
        .arg("EX")
        .arg(3600)
        .query(&mut redis.connection())
        .expect("SET");
    assert!(store.is_revoked("9b7e1f0c-flask").await.expect("check"));
    assert!(!store.is_revoked("another").await.expect("check"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_redis_fails_within_the_timeout_and_then_serves_again() {
    let redis = RedisServer::start();
    let store = RedisBlocklist::builder(redis.url())
        .timeout(Duration::from_millis(100))
        .connect()
        .await
        .expect("connect");
    store
        .revoke("slow", Some(now() + 600))
        .await
        .expect("revoke");
    // Every client's commands wait for a second, as behind a stalled server.
    let _: () = redis::cmd("CLIENT")
        .arg("PAUSE")
        .arg(1000)
        .arg("ALL")
        .query(&mut redis.connection())
        .expect("CLIENT PAUSE");
    let started = std::time::Instant::now();
    let err = store.is_revoked("slow").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "blocklist unavailable: Redis did not answer within 100 ms"
    );
    assert!(
        started.elapsed() < Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(store.is_revoked("slow").await.expect("served again"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_answer_fails_closed_with_503() {
    let redis = RedisServer::start();
    let config = support::builder(axum_jwt_login::Algorithm::HS256)
        .build()
        .expect("config");
    let jwt = JwtManager::with_blocklist(config, blocklist(&redis, "err:").await);
    let (router, _) = app_for(jwt.clone());
    let server = Server::start(router).await;
    let token = jwt
        .create_access_token("alice@example.com", TokenOptions::new())
        .expect("mint");
    // A read-only replica of nobody: reads answer, writes get a READONLY error.
    let _: () = redis::cmd("REPLICAOF")
        .arg("127.0.0.1")
        .arg("1")
        .query(&mut redis.connection())
        .expect("REPLICAOF");
    let decoded = jwt.decode_token(&token).expect("decode");
    assert!(matches!(
        jwt.revoke_token(&decoded).await,
        Err(AuthError::BlocklistUnavailable)
    ));
    let reply = server.with_bearer("POST", "/logout", &token).await;
    assert_eq!(
        answer(&reply),
        msg(503, "Token revocation status is unavailable")
    );
    let _: () = redis::cmd("REPLICAOF")
        .arg("NO")
        .arg("ONE")
        .query(&mut redis.connection())
        .expect("REPLICAOF NO ONE");
    let reply = server.with_bearer("POST", "/logout", &token).await;
    assert_eq!(answer(&reply), msg(200, "Logged out"));
    let reply = server.with_bearer("GET", "/me", &token).await;
    assert_eq!(answer(&reply), msg(401, "Token has been revoked"));
}

#[tokio::test]
async fn connecting_fails_clearly() {
    // Nothing listens: refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("port");
    let err = RedisBlocklist::connect(&format!("redis://{closed}/"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("blocklist unavailable: cannot connect to Redis: "),
        "{err}"
    );
    // Something listens and never answers: the timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    let url = format!("redis://{}/", silent.local_addr().expect("address"));
    let started = std::time::Instant::now();
    let err = RedisBlocklist::builder(url)
        .timeout(Duration::from_millis(100))
        .connect()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("blocklist unavailable: cannot connect to Redis: "),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Not a Redis URL; the URL (it may hold a password) is not repeated.
    let err = RedisBlocklist::connect("http://user:hunter2@127.0.0.1/")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("blocklist unavailable: not a Redis URL"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
    drop(silent);
}
