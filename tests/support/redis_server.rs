//! A real `redis-server` for the tests: on a free loopback port, with its data in a
//! scratch folder (append-only file, fsync on every write, so a restart keeps the
//! revocations), stopped and removed when dropped. Each test owns its server, so it
//! can stop and restart it and never shares keys with another test.
//!
//! `redis-server` must be on `PATH` (`apt-get install redis-server`; `.ci/run` does):
//! without it the tests fail, they are not skipped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct RedisServer {
    pub port: u16,
    folder: PathBuf,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server on a free port.
    pub fn start() -> RedisServer {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "redis-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).expect("redis scratch folder");
        for _ in 0..5 {
            let port = free_port();
            let mut server = RedisServer {
                port,
                folder: folder.clone(),
                child: None,
            };
            if server.try_run() {
                return server;
            }
        }
        panic!("redis-server did not start on any of 5 free ports");
    }

    /// `redis://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Stops the server (SIGTERM), as an outage would.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let started = Instant::now();
            while child.try_wait().ok().flatten().is_none() {
                if started.elapsed() > Duration::from_secs(10) {
                    let _ = child.kill();
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port, with the same data.
    pub fn restart(&mut self) {
        self.stop();
        assert!(
            self.try_run(),
            "redis-server did not restart on port {}",
            self.port
        );
    }

    /// A synchronous connection, for the tests' own checks (`TTL`, `DBSIZE`, ...).
    pub fn connection(&self) -> redis::Connection {
        redis::Client::open(self.url())
            .expect("Redis URL")
            .get_connection()
            .expect("connect to the test Redis")
    }

    fn try_run(&mut self) -> bool {
        let spawned = Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
            ])
            .arg("--dir")
            .arg(&self.folder)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(err) => panic!(
                "cannot run redis-server ({err}): install it (apt-get install redis-server); \
                 the Redis tests need it and are never skipped"
            ),
        };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if child.try_wait().ok().flatten().is_some() {
                return false; // the port was taken meanwhile
            }
            if self.answers_ping() {
                self.child = Some(child);
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }

    fn answers_ping(&self) -> bool {
        let Ok(client) = redis::Client::open(self.url()) else {
            return false;
        };
        let Ok(mut connection) = client.get_connection_with_timeout(Duration::from_millis(200))
        else {
            return false;
        };
        redis::cmd("PING")
            .query::<String>(&mut connection)
            .is_ok_and(|pong| pong == "PONG")
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free loopback port")
}
