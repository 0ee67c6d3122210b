//! `REDIS_URL`: several people API processes share revocations through Redis, and a
//! Redis outage gives 503s, never a 200 for a revoked token, until Redis is back.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::client::{Api, Carrier, answer, msg};
use crate::contract::{ALICE, PASSWORD};
use crate::service::{SECRET, Service, rust_start_failure};
use crate::support::redis_server::RedisServer;

const UNAVAILABLE: &str = "Token revocation status is unavailable";
const OUTAGE_LOGGED: &str = "the token blocklist is unavailable";
const BACK_LOGGED: &str = "the token blocklist answers again";

/// A SQLite file for processes that share their accounts, removed when dropped.
struct SharedDatabase(PathBuf);

impl SharedDatabase {
    fn new(name: &str) -> SharedDatabase {
        let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("people-api");
        std::fs::create_dir_all(&folder).expect("scratch folder");
        let path = folder.join(format!("{name}-{}.db", std::process::id()));
        let database = SharedDatabase(path);
        database.remove();
        database
    }

    fn url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.0.display())
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

impl Drop for SharedDatabase {
    fn drop(&mut self) {
        self.remove();
    }
}

async fn me(api: &Api, token: &str) -> (u16, serde_json::Value) {
    answer(
        &api.call("GET", "/me")
            .access(Carrier::Header, token)
            .send()
            .await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_on_one_process_is_refused_by_the_other() {
    let redis = RedisServer::start();
    let database = SharedDatabase::new("two-processes");
    let (redis_url, database_url) = (redis.url(), database.url());
    let vars = [
        ("REDIS_URL", redis_url.as_str()),
        ("DATABASE_URL", database_url.as_str()),
    ];
    let first = Service::rust(&vars);
    let second = Service::rust(&vars);
    for service in [&first, &second] {
        assert!(
            service.stderr().contains("blocklist=\"Redis (REDIS_URL)\""),
            "{}",
            service.stderr()
        );
    }
    let (one, two) = (Api::new(&first, false), Api::new(&second, false));
    one.signup(ALICE, PASSWORD).await;
    let token = one.login(ALICE, PASSWORD, false).await.access;
    let other = two.login(ALICE, PASSWORD, false).await.access;
    assert_eq!(me(&two, &token).await, (200, json!({"email": ALICE})));

    let logout = one.call("POST", "/logout").access(Carrier::Header, &token);
    assert_eq!(answer(&logout.send().await), msg(200, "Logged out"));
    let revoked = msg(401, "Token has been revoked");
    assert_eq!(me(&two, &token).await, revoked);
    assert_eq!(me(&one, &token).await, revoked);
    assert_eq!(me(&one, &other).await, (200, json!({"email": ALICE})));

    // One key, living as long as the token (15 minutes by default).
    let mut connection = redis.connection();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query(&mut connection)
        .expect("KEYS");
    let jti = crate::client::claims(&token).expect("claims")["jti"]
        .as_str()
        .expect("jti")
        .to_owned();
    assert_eq!(keys, [format!("axum-jwt-login:revoked:{jti}")]);
    let ttl: i64 = redis::cmd("TTL")
        .arg(&keys[0])
        .query(&mut connection)
        .expect("TTL");
    assert!((895..=900).contains(&ttl), "TTL {ttl}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_outage_gives_503s_and_both_processes_recover_by_themselves() {
    let mut redis = RedisServer::start();
    let database = SharedDatabase::new("outage");
    let (redis_url, database_url) = (redis.url(), database.url());
    let vars = [
        ("REDIS_URL", redis_url.as_str()),
        ("DATABASE_URL", database_url.as_str()),
    ];
    let first = Service::rust(&vars);
    let second = Service::rust(&vars);
    let apis = [Api::new(&first, false), Api::new(&second, false)];
    apis[0].signup(ALICE, PASSWORD).await;
    let live = apis[0].login(ALICE, PASSWORD, true).await;
    let revoked = apis[1].login(ALICE, PASSWORD, false).await.access;
    let logout = apis[1]
        .call("POST", "/logout")
        .access(Carrier::Header, &revoked);
    assert_eq!(answer(&logout.send().await), msg(200, "Logged out"));

    redis.stop();
    let unavailable = msg(503, UNAVAILABLE);
    for round in 0..4 {
        for api in &apis {
            assert_eq!(me(api, &live.access).await, unavailable, "round {round}");
            assert_eq!(me(api, &revoked).await, unavailable, "round {round}");
            let refresh = api
                .call("POST", "/refresh")
                .refresh(Carrier::Header, live.refresh.as_deref().expect("refresh"));
            assert_eq!(answer(&refresh.send().await), unavailable);
            let logout = api
                .call("POST", "/logout")
                .access(Carrier::Header, &live.access);
            assert_eq!(answer(&logout.send().await), unavailable);
            let optional = api
                .call("GET", "/optional")
                .access(Carrier::Header, &revoked);
            assert_eq!(answer(&optional.send().await), unavailable);
        }
    }
    // Routes that do not read a token still work.
    let login = apis[1]
        .post_json("/login", json!({"email": ALICE, "password": PASSWORD}))
        .await;
    assert_eq!(login.status, 200);
    for service in [&first, &second] {
        let log = service.stderr();
        assert_eq!(log.matches(OUTAGE_LOGGED).count(), 1, "logged once:\n{log}");
    }

    redis.restart();
    // The same processes serve again once their connection is back; until then every
    // answer is a 503, never a 200 for the revoked token.
    for api in &apis {
        let started = Instant::now();
        loop {
            let answer = me(api, &live.access).await;
            if answer.0 == 200 {
                assert_eq!(answer, (200, json!({"email": ALICE})));
                break;
            }
            assert_eq!(answer, unavailable);
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "not back within 15 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(me(api, &revoked).await, msg(401, "Token has been revoked"));
    }
    for service in [&first, &second] {
        let log = service.stderr();
        assert_eq!(log.matches(BACK_LOGGED).count(), 1, "back once:\n{log}");
        assert!(!log.contains("panicked"), "{log}");
    }
}

#[test]
fn start_up_stops_when_redis_cannot_be_reached() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("port");
    let url = format!("redis://{closed}/");
    let (status, stderr) = rust_start_failure(&[("JWT_SECRET_KEY", SECRET), ("REDIS_URL", &url)]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: REDIS_URL: blocklist unavailable: cannot connect to Redis: "),
        "{stderr}"
    );
}
