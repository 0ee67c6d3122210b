//! Protected-route throughput with the Redis blocklist against the memory one.
//!
//! Two servers on loopback, identical but for the blocklist: `GET /me` behind
//! `CurrentUser` (header token, HS256, users in memory), one with `MemoryBlocklist`,
//! one with `RedisBlocklist` on a `redis-server` this bench starts on a free port.
//! Each round drives one server for a fixed time with `CONNECTIONS` keep-alive
//! clients; rounds alternate between the two so that both see the same machine
//! load. Every answer must be `200 {"email": ...}`, or the bench stops.
//!
//! Prints requests per second, p50 and p99 latency per round, and the ratio
//! Redis/memory of the median rounds.
//!
//! Run: `cargo bench --bench blocklist_throughput` (needs `redis-server` on `PATH`).
//! Settings: `ROUNDS` (default 5 per side), `ROUND_SECONDS` (3), `CONNECTIONS` (32).

#[path = "../tests/support/redis_server.rs"]
#[allow(dead_code)] // stop/restart serve the tests
mod redis_server;

#[path = "../tests/support/in_memory.rs"]
#[allow(dead_code)] // the poller serves other benches
mod in_memory;

use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use axum_jwt_login::{
    CurrentUser, JwtConfig, JwtManager, MemoryBlocklist, RedisBlocklist, TokenOptions,
};
use in_memory::{AppState, Person, Users};

async fn me(CurrentUser(user): CurrentUser<Person>) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "email": user.email }))
}

const SECRET: &str = "a benchmark secret of at least thirty-two bytes";

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

async fn serve(jwt: JwtManager) -> String {
    let state = AppState {
        jwt: jwt.clone(),
        users: Users::alice_and_a_thousand(),
    };
    let app = Router::new()
        .route("/me", get(me))
        .layer(jwt.layer())
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    base
}

struct Round {
    requests_per_second: f64,
    p50: Duration,
    p99: Duration,
}

async fn round(base: &str, token: &str, connections: u64, length: Duration) -> Round {
    let started = Instant::now();
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..connections {
        let (url, header) = (format!("{base}/me"), format!("Bearer {token}"));
        clients.spawn(async move {
            let client = reqwest::Client::new();
            let mut latencies = Vec::new();
            while started.elapsed() < length {
                let sent = Instant::now();
                let response = client
                    .get(&url)
                    .header("Authorization", &header)
                    .send()
                    .await
                    .expect("request");
                let status = response.status();
                let body = response.bytes().await.expect("body");
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                assert_eq!(&body[..], br#"{"email":"alice@example.com"}"#);
                latencies.push(sent.elapsed());
            }
            latencies
        });
    }
    let mut latencies: Vec<Duration> = clients.join_all().await.into_iter().flatten().collect();
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Round {
        requests_per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

fn median(rounds: &mut [Round]) -> &Round {
    rounds.sort_by(|a, b| a.requests_per_second.total_cmp(&b.requests_per_second));
    &rounds[rounds.len() / 2]
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; this bench takes no arguments.
    let rounds = setting("ROUNDS", 5);
    let length = Duration::from_secs(setting("ROUND_SECONDS", 3));
    let connections = setting("CONNECTIONS", 32);

    let redis = redis_server::RedisServer::start();
    let config = || JwtConfig::builder().secret(SECRET).build().expect("config");
    let memory_jwt = JwtManager::with_blocklist(config(), MemoryBlocklist::new());
    let store = RedisBlocklist::connect(&redis.url())
        .await
        .expect("connect to redis-server");
    let redis_jwt = JwtManager::with_blocklist(config(), store);
    let token = memory_jwt
        .create_access_token("alice@example.com", TokenOptions::new())
        .expect("mint");
    // One revoked token in each store, so every look-up searches a non-empty store.
    let revoked = memory_jwt
        .decode_token(
            &memory_jwt
                .create_access_token("user1@example.com", TokenOptions::new())
                .expect("mint"),
        )
        .expect("decode");
    memory_jwt.revoke_token(&revoked).await.expect("revoke");
    redis_jwt.revoke_token(&revoked).await.expect("revoke");

    let memory_base = serve(memory_jwt).await;
    let redis_base = serve(redis_jwt).await;
    println!(
        "GET /me, {connections} connections, {rounds} rounds of {}s per blocklist, interleaved",
        length.as_secs()
    );
    // Warm-up: connections, caches, the allocator.
    round(&memory_base, &token, connections, Duration::from_secs(1)).await;
    round(&redis_base, &token, connections, Duration::from_secs(1)).await;

    let (mut memory, mut redis_rounds) = (Vec::new(), Vec::new());
    for index in 0..rounds {
        for (name, base, results) in [
            ("memory", &memory_base, &mut memory),
            ("redis", &redis_base, &mut redis_rounds),
        ] {
            let result = round(base, &token, connections, length).await;
            println!(
                "round {index} {name:>6}: {:>8.0} req/s  p50 {:>7.3} ms  p99 {:>7.3} ms",
                result.requests_per_second,
                result.p50.as_secs_f64() * 1e3,
                result.p99.as_secs_f64() * 1e3
            );
            results.push(result);
        }
    }
    let memory = median(&mut memory);
    let redis_median = median(&mut redis_rounds);
    println!(
        "median: memory {:.0} req/s (p50 {:.3} ms, p99 {:.3} ms), redis {:.0} req/s (p50 {:.3} ms, p99 {:.3} ms)",
        memory.requests_per_second,
        memory.p50.as_secs_f64() * 1e3,
        memory.p99.as_secs_f64() * 1e3,
        redis_median.requests_per_second,
        redis_median.p50.as_secs_f64() * 1e3,
        redis_median.p99.as_secs_f64() * 1e3,
    );
    println!(
        "throughput ratio redis/memory: {:.2}x",
        redis_median.requests_per_second / memory.requests_per_second
    );
    drop(redis);
}
