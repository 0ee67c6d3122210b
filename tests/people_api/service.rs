//! The servers under test as real processes: the built `people_api` example, or its
//! Flask twin (`tests/interop/flask_people_api.py`), each on a free loopback port
//! with its own temporary SQLite file, killed when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crate::oracle;

/// The secret both servers share in the tests.
pub const SECRET: &str = "people-api-test-secret-32-bytes!";

/// How long a server may take to print `listening on http://ADDR`.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// Which implementation of the people API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `examples/people_api.rs`, built by cargo.
    Rust,
    /// The Flask-JWT-Extended 4.7.4 + Flask-Login 0.6.3 twin.
    Flask,
    /// `examples/minimal.rs`.
    Minimal,
}

/// A running server. Dropping it kills the process and removes its database.
pub struct Service {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    child: Child,
    stderr: Arc<Mutex<String>>,
    database: Option<PathBuf>,
}

/// The `people_api` example's binary, built once per test process.
pub fn people_api_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| build_example("people_api"))
}

/// The `minimal` example's binary, built once per test process.
pub fn minimal_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| build_example("minimal"))
}

/// Builds an example with cargo (which locks the target folder, so parallel test
/// processes wait for one another) and returns its path.
fn build_example(name: &str) -> PathBuf {
    let test_exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/people_api-<hash> -> target/<profile>
    let profile_dir = test_exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile> folder");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--quiet", "--example", name]);
    if profile_dir
        .file_name()
        .is_some_and(|folder| folder == "release")
    {
        build.arg("--release");
    }
    let status = build.status().expect("run cargo build --example");
    assert!(status.success(), "cargo build --example {name} failed");
    let binary = profile_dir.join("examples").join(name);
    assert!(binary.exists(), "no binary at {}", binary.display());
    binary
}

fn scratch_database() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("people-api");
    std::fs::create_dir_all(&folder).expect("scratch folder");
    let name = format!(
        "{}-{}.db",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let path = folder.join(name);
    remove_database(&path);
    path
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}

impl Service {
    /// Starts `kind` with `JWT_SECRET_KEY` set to [`SECRET`] and these variables
    /// (which may override it), and waits until it listens.
    pub fn start(kind: Kind, vars: &[(&str, &str)]) -> Service {
        Service::start_with(kind, Some(SECRET), vars)
    }

    /// Starts the Rust server without `JWT_SECRET_KEY`.
    pub fn rust_without_secret(vars: &[(&str, &str)]) -> Service {
        Service::start_with(Kind::Rust, None, vars)
    }

    fn start_with(kind: Kind, secret: Option<&str>, vars: &[(&str, &str)]) -> Service {
        let mut command = match kind {
            Kind::Rust => Command::new(people_api_binary()),
            Kind::Minimal => Command::new(minimal_binary()),
            Kind::Flask => {
                let mut command = Command::new(oracle::python());
                command.arg(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/flask_people_api.py"),
                );
                command
            }
        };
        let database = (kind == Kind::Rust).then(scratch_database);
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if name.starts_with("JWT_")
                || [
                    "SECRET_KEY",
                    "BIND",
                    "DATABASE_URL",
                    "RUST_LOG",
                    "REDIS_URL",
                ]
                .contains(&name.as_ref())
            {
                command.env_remove(name.as_ref());
            }
        }
        command.env("BIND", "127.0.0.1:0").env("RUST_LOG", "info");
        if let Some(secret) = secret {
            command.env("JWT_SECRET_KEY", secret);
        }
        if let Some(database) = &database {
            command.env(
                "DATABASE_URL",
                format!("sqlite://{}?mode=rwc", database.display()),
            );
        }
        for (name, value) in vars {
            command.env(name, value);
        }
        let (child, base, stderr) = spawn_and_wait(command, kind);
        Service {
            base,
            child,
            stderr,
            database,
        }
    }

    /// The Rust server with these variables.
    pub fn rust(vars: &[(&str, &str)]) -> Service {
        Service::start(Kind::Rust, vars)
    }

    /// What the server wrote on stderr so far (its logs).
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr buffer").clone()
    }

    /// Sends SIGTERM and waits for the process to end.
    pub fn terminate(mut self) -> (ExitStatus, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
        let exit = wait_with_timeout(&mut self.child, Duration::from_secs(20));
        // Give the reader thread a moment to take the last lines.
        std::thread::sleep(Duration::from_millis(100));
        (exit, self.stderr())
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(database) = &self.database {
            remove_database(database);
        }
    }
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> ExitStatus {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for the server") {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the command and waits for its `listening on http://ADDR` line; a process
/// that ends first fails the test with what it wrote.
fn spawn_and_wait(mut command: Command, kind: Kind) -> (Child, String, Arc<Mutex<String>>) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("start the {kind:?} people API: {err}"));
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut err_pipe = child.stderr.take().expect("stderr pipe");
    let err_sink = Arc::clone(&stderr);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(read) = err_pipe.read(&mut chunk) {
            if read == 0 {
                break;
            }
            let text = String::from_utf8_lossy(&chunk[..read]);
            err_sink.lock().expect("stderr buffer").push_str(&text);
        }
    });
    let stdout = child.stdout.take().expect("stdout pipe");
    let (ready, listening) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(base) = line.strip_prefix("listening on ") {
                let _ = ready.send(base.trim().to_owned());
            }
        }
    });
    match listening.recv_timeout(READY_WITHIN) {
        Ok(base) => (child, base, stderr),
        Err(_) => {
            let _ = child.kill();
            let status = child.wait();
            std::thread::sleep(Duration::from_millis(100));
            panic!(
                "the {kind:?} people API did not print `listening on` ({status:?}); stderr:\n{}",
                stderr.lock().expect("stderr buffer")
            );
        }
    }
}

/// Runs the example with these variables (and no secret unless given) and returns
/// how it ended when it must not start: its exit status and stderr.
pub fn rust_start_failure(vars: &[(&str, &str)]) -> (ExitStatus, String) {
    let database = scratch_database();
    let mut command = Command::new(people_api_binary());
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("JWT_") || name == "SECRET_KEY" {
            command.env_remove(name.as_ref());
        }
    }
    command
        .env("BIND", "127.0.0.1:0")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", database.display()),
        )
        .env("RUST_LOG", "info");
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the people API");
    let status = wait_with_timeout(&mut child, Duration::from_secs(30));
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .expect("stdout pipe")
        .read_to_string(&mut stdout)
        .expect("read stdout");
    child
        .stderr
        .take()
        .expect("stderr pipe")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    remove_database(&database);
    assert!(!stdout.contains("listening on"), "it started: {stdout}");
    (status, stderr)
}
