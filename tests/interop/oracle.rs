//! Runs `fje_oracle.py`, the real Flask-JWT-Extended 4.7.4, from the Rust tests.
//!
//! The Python comes from `FJE_PYTHON` (set by `.ci/run`), else from a virtualenv in
//! cargo's test scratch folder, created on first use from `requirements.txt`. A
//! missing Python or a failed install fails the test loudly: interop is never skipped.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

/// The Python interpreter that has Flask-JWT-Extended 4.7.4.
pub fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("FJE_PYTHON") {
        return PathBuf::from(python);
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fje-venv");
    let python = venv.join("bin/python");
    let ready = venv.join(".installed");
    std::fs::create_dir_all(env!("CARGO_TARGET_TMPDIR")).expect("target tmp dir");
    // Tests run in parallel processes (nextest): one creates the venv, the others wait.
    let lock = std::fs::File::create(venv.with_extension("lock")).expect("lock file");
    lock.lock().expect("lock the venv");
    if !ready.exists() {
        run(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        );
        run(
            Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                ])
                .arg(interop_dir().join("requirements.txt")),
            "pip install -r tests/interop/requirements.txt",
        );
        std::fs::write(&ready, "").expect("venv marker");
    }
    python
}

fn run(command: &mut Command, what: &str) {
    let status = command
        .status()
        .unwrap_or_else(|err| panic!("{what}: cannot start: {err}"));
    assert!(
        status.success(),
        "{what} failed ({status}): the interop tests need Flask-JWT-Extended 4.7.4"
    );
}

/// Sends the requests to the oracle and returns its answers, one per request.
pub fn ask(requests: &[Value]) -> Vec<Value> {
    let mut child = Command::new(python())
        .arg(interop_dir().join("fje_oracle.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Flask-JWT-Extended oracle");
    let input = serde_json::to_vec(requests).expect("requests as JSON");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write requests");
    let output = child.wait_with_output().expect("oracle output");
    assert!(
        output.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<Value> =
        serde_json::from_slice(&output.stdout).expect("oracle answers are JSON");
    assert_eq!(answers.len(), requests.len());
    for (request, answer) in requests.iter().zip(&answers) {
        assert!(
            answer.get("error").is_none(),
            "oracle error for {request}: {answer}"
        );
    }
    answers
}

/// One request's answer.
pub fn ask_one(request: Value) -> Value {
    ask(&[request]).remove(0)
}
