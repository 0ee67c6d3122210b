//! The soak: the people API (release build, as a process, SQLite in a scratch file)
//! under 64 connections for 60 s, with a mix of valid, expired, revoked, forged and
//! missing tokens. Every answer is checked against the one expected for its kind and
//! counted; the server's log must hold no error; its resident memory after warm-up
//! must grow by less than 10 %.
//!
//! Run: `cargo bench --bench soak` (builds `--example people_api` in release first).
//! Settings: `SOAK_SECONDS` (60), `CONNECTIONS` (64), `WARM_UP_SECONDS` (10).
//! Exits non-zero when an answer is wrong, the log has an error, or memory grows 10 %
//! or more.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const SECRET: &str = "a soak-test secret of at least thirty-two bytes";
const USERS: usize = 20;
const KINDS: [&str; 5] = ["valid", "expired", "revoked", "forged", "missing"];

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn sign(claims: &Value, secret: &str) -> String {
    let key = EncodingKey::from_secret(secret.as_bytes()).expect("key");
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &key).expect("sign")
}

fn claims(email: &str, exp: i64) -> Value {
    json!({"fresh": false, "iat": now() - 120, "jti": uuid::Uuid::new_v4().to_string(),
           "type": "access", "sub": email, "nbf": now() - 120,
           "csrf": uuid::Uuid::new_v4().to_string(), "exp": exp})
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .expect("VmRSS")
}

/// One request to send and the answer it must get.
struct Case {
    kind: usize,
    token: Option<String>,
    status: u16,
    body: Value,
}

#[tokio::main]
async fn main() {
    let seconds = setting("SOAK_SECONDS", 60);
    let connections = setting("CONNECTIONS", 64) as usize;
    let warm_up = setting("WARM_UP_SECONDS", 10);

    let root = env!("CARGO_MANIFEST_DIR");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args(["build", "--release", "--quiet", "--example", "people_api"])
        .status()
        .expect("cargo build");
    assert!(
        status.success(),
        "cargo build --release --example people_api"
    );
    let folder = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("soak");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("scratch folder");
    let mut server = Command::new(format!("{root}/target/release/examples/people_api"))
        .env("BIND", "127.0.0.1:0")
        .env("JWT_SECRET_KEY", SECRET)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/soak.db?mode=rwc", folder.display()),
        )
        .env("RUST_LOG", "warn")
        .env_remove("REDIS_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the people API");
    let pid = server.id();
    let mut stdout = BufReader::new(server.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("listening line");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening on")
        .to_owned();
    let mut stderr = server.stderr.take().expect("stderr");
    let log = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });

    // Accounts, and their tokens: valid, and revoked by a logout.
    let client = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        client
            .post(format!("{base}{path}"))
            .header("content-type", "application/json")
            .body(body.to_string())
    };
    let mut cases = Vec::new();
    for n in 0..USERS {
        let email = format!("soak{n}@example.com");
        let signup = post(
            "/signup",
            json!({"email": email, "password": "soak password"}),
        );
        assert_eq!(signup.send().await.expect("signup").status(), 201);
        let mut tokens = Vec::new();
        for _ in 0..2 {
            let login = post(
                "/login",
                json!({"email": email, "password": "soak password"}),
            );
            let body: Value = login
                .send()
                .await
                .expect("login")
                .bytes()
                .await
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                .expect("JSON");
            tokens.push(body["access_token"].as_str().expect("token").to_owned());
        }
        let logout = client
            .post(format!("{base}/logout"))
            .header("authorization", format!("Bearer {}", tokens[1]));
        assert_eq!(logout.send().await.expect("logout").status(), 200);
        let msg = |text: &str| json!({ "msg": text });
        cases.push(Case {
            kind: 0,
            token: Some(tokens[0].clone()),
            status: 200,
            body: json!({"email": email}),
        });
        cases.push(Case {
            kind: 1,
            token: Some(sign(&claims(&email, now() - 60), SECRET)),
            status: 401,
            body: msg("Token has expired"),
        });
        cases.push(Case {
            kind: 2,
            token: Some(tokens[1].clone()),
            status: 401,
            body: msg("Token has been revoked"),
        });
        cases.push(Case {
            kind: 3,
            token: Some(sign(
                &claims(&email, now() + 3600),
                "another secret of thirty-two bytes!!",
            )),
            status: 422,
            body: msg("Signature verification failed"),
        });
        cases.push(Case {
            kind: 4,
            token: None,
            status: 401,
            body: msg("Missing Authorization Header"),
        });
    }
    let cases = Arc::new(cases);

    let answered: Arc<[AtomicU64; 5]> = Arc::new(Default::default());
    let wrong = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..connections {
        let (cases, answered, wrong, stop) =
            (cases.clone(), answered.clone(), wrong.clone(), stop.clone());
        let url = format!("{base}/me");
        workers.spawn(async move {
            let client = reqwest::Client::new();
            let mut index = worker;
            while !stop.load(Ordering::Relaxed) {
                let case = &cases[index % cases.len()];
                index += 7;
                let mut request = client.get(&url);
                if let Some(token) = &case.token {
                    request = request.header("authorization", format!("Bearer {token}"));
                }
                let ok = match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let body: Value = response
                            .bytes()
                            .await
                            .ok()
                            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                            .unwrap_or(Value::Null);
                        status == case.status && body == case.body
                    }
                    Err(_) => false,
                };
                if ok {
                    answered[case.kind].fetch_add(1, Ordering::Relaxed);
                } else if wrong.fetch_add(1, Ordering::Relaxed) < 5 {
                    eprintln!("wrong answer for a {} token", KINDS[case.kind]);
                }
            }
        });
    }

    tokio::time::sleep(Duration::from_secs(warm_up)).await;
    let warm = resident_kib(pid);
    let mut peak = warm;
    while started.elapsed() < Duration::from_secs(seconds) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        peak = peak.max(resident_kib(pid));
    }
    let end = resident_kib(pid);
    stop.store(true, Ordering::Relaxed);
    workers.join_all().await;
    let elapsed = started.elapsed().as_secs_f64();

    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = server.wait();
    let log = log.join().expect("log reader");
    let _ = std::fs::remove_dir_all(&folder);

    let total: u64 = answered
        .iter()
        .map(|count| count.load(Ordering::Relaxed))
        .sum();
    let wrong = wrong.load(Ordering::Relaxed);
    println!(
        "soak: {seconds} s, {connections} connections, {} accounts, {:.0} answers/s",
        USERS,
        (total + wrong) as f64 / elapsed
    );
    for (kind, count) in KINDS.iter().zip(answered.iter()) {
        println!(
            "  {kind:>8}: {} answered as expected",
            count.load(Ordering::Relaxed)
        );
    }
    println!("  wrong answers: {wrong}");
    let growth = (end as f64 - warm as f64) / warm as f64 * 100.0;
    println!(
        "  resident memory: {:.1} MiB after {warm_up} s warm-up, {:.1} MiB at the end (peak {:.1}): {growth:+.1} %",
        warm as f64 / 1024.0,
        end as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    let errors: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("ERROR") || line.contains("panicked"))
        .collect();
    println!(
        "  server log: {} lines, {} errors",
        log.lines().count(),
        errors.len()
    );
    for line in errors.iter().take(5) {
        println!("    {line}");
    }
    let failed = wrong > 0 || !errors.is_empty() || growth >= 10.0;
    if failed {
        eprintln!("soak FAILED");
        std::process::exit(1);
    }
}
