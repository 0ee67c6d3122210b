//! Start-up and shutdown: settings read by the crate, refused with a message that
//! names the variable; a random secret with a warning; data kept across restarts;
//! a clean stop on SIGTERM.

use std::path::Path;

use serde_json::json;

use crate::client::{Api, Carrier, answer, msg};
use crate::contract::{ALICE, PASSWORD};
use crate::service::{SECRET, Service, rust_start_failure};

#[test]
fn bad_settings_stop_start_up_with_a_message_naming_the_variable() {
    for (vars, expected) in [
        (
            vec![
                ("JWT_SECRET_KEY", SECRET),
                ("JWT_ACCESS_TOKEN_EXPIRES", "abc"),
            ],
            "error: JWT_ACCESS_TOKEN_EXPIRES=\"abc\" is not valid: expected a whole number of \
             seconds above 0, or `false` for tokens that never expire\n",
        ),
        (
            vec![
                ("JWT_SECRET_KEY", SECRET),
                ("JWT_TOKEN_LOCATION", "headers,body"),
            ],
            "error: JWT_TOKEN_LOCATION=\"headers,body\" is not valid: expected a \
             comma-separated list of \"headers\", \"cookies\", \"query_string\" and \"json\"\n",
        ),
        (
            vec![("JWT_SECRET_KEY", SECRET), ("JWT_ALGORITHM", "RS256")],
            "error: JWT_PUBLIC_KEY must be set to use asymmetric cryptography algorithm \
             \"RS256\" (JWT_SECRET_KEY is only used by HS256, HS384 and HS512)\n",
        ),
        (
            vec![("JWT_SECRET_KEY", "short")],
            "error: JWT_SECRET_KEY is 5 bytes long; HS256 needs at least 32 random bytes \
             (RFC 7518 section 3.2). Use a longer secret, or set JWT_ALLOW_WEAK_SECRET=true \
             while migrating from a service that used this one\n",
        ),
        (
            vec![("JWT_SECRET_KEY", SECRET), ("BIND", "localhost")],
            "error: BIND=\"localhost\" is not valid: expected an address and port such as \
             127.0.0.1:3000\n",
        ),
    ] {
        let (status, stderr) = rust_start_failure(&vars);
        assert_eq!(status.code(), Some(1), "{vars:?}: {stderr}");
        assert!(
            stderr.ends_with(expected),
            "{vars:?}: stderr should end with {expected:?}, got:\n{stderr}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_secret_it_starts_with_a_random_one_and_warns() {
    let service = Service::rust_without_secret(&[]);
    let stderr = service.stderr();
    assert!(
        stderr.contains(
            "WARN people_api: JWT_SECRET_KEY is not set: using a random secret for this \
             process only."
        ),
        "{stderr}"
    );
    let api = Api::new(&service, false);
    api.signup(ALICE, PASSWORD).await;
    let token = api.login(ALICE, PASSWORD, false).await.access;
    let me = api.call("GET", "/me").access(Carrier::Header, &token);
    assert_eq!(answer(&me.send().await), (200, json!({"email": ALICE})));
    // Not the test secret: a token signed with it is refused.
    let theirs = crate::tokens::sign(
        &crate::tokens::claims_for(ALICE, "access", true, 600),
        SECRET,
    );
    let me = api.call("GET", "/me").access(Carrier::Header, &theirs);
    assert_eq!(
        answer(&me.send().await),
        msg(422, "Signature verification failed")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_outlive_a_restart_and_sigterm_stops_cleanly() {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("people-api");
    std::fs::create_dir_all(&folder).expect("scratch folder");
    let database = folder.join(format!("restart-{}.db", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", database.display());
    let vars = [("DATABASE_URL", url.as_str())];

    let first = Service::rust(&vars);
    let api = Api::new(&first, false);
    api.signup(ALICE, PASSWORD).await;
    let token = api.login(ALICE, PASSWORD, false).await.access;
    let (status, stderr) = first.terminate();
    assert!(status.success(), "exit on SIGTERM: {status:?}\n{stderr}");
    assert!(stderr.contains("shutting down"), "{stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
    assert!(!stderr.contains("ERROR"), "{stderr}");

    let second = Service::rust(&vars);
    let api = Api::new(&second, false);
    // Same secret, same database: the old token and the password still work.
    let me = api.call("GET", "/me").access(Carrier::Header, &token);
    assert_eq!(answer(&me.send().await), (200, json!({"email": ALICE})));
    api.login(ALICE, PASSWORD, false).await;
    assert_eq!(
        answer(
            &api.post_json("/signup", json!({"email": ALICE, "password": "x"}))
                .await
        ),
        msg(409, "Email already registered")
    );
    drop(second);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
}
