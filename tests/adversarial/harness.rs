//! Probes (one request, our expected answer, and what Flask-JWT-Extended must answer),
//! the servers they go to, and the checks every test ends with.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Map, Value, json};

use crate::client::{Api, Carrier, answer, msg};
use crate::forge::{ALICE, PASSWORD, signed};
use crate::minted::claims_for;
use crate::raw::{self, RawReply};
use crate::service::{Kind, SECRET, Service};
use crate::support::server::Reply;

/// What Flask-JWT-Extended 4.7.4 must answer to a probe.
#[derive(Debug, Clone, PartialEq)]
pub enum Flask {
    /// The same status and body.
    Same,
    /// The same status and the same `Invalid header string: ` / `Invalid payload
    /// string: ` prefix; after it comes the JSON parser's own text (the first row of
    /// the README's table of differences).
    ParserText,
    /// Only this status: a difference the README lists, or the HTTP server's own
    /// behaviour (Werkzeug's, not Flask-JWT-Extended's). The probe says which.
    Status(u16),
    /// Not sent: Flask has no equivalent.
    NotAsked,
}

/// One request and the answers it must get.
#[derive(Debug, Clone)]
pub struct Probe {
    pub what: String,
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<(String, Vec<u8>)>,
    /// Our answer.
    pub expected: (u16, Value),
    pub flask: Flask,
}

impl Probe {
    pub fn new(what: impl Into<String>, method: &'static str, path: &str) -> Probe {
        Probe {
            what: what.into(),
            method,
            path: path.to_owned(),
            headers: Vec::new(),
            body: None,
            expected: (0, Value::Null),
            flask: Flask::Same,
        }
    }

    pub fn get(what: impl Into<String>, path: &str) -> Probe {
        Probe::new(what, "GET", path)
    }

    pub fn post(what: impl Into<String>, path: &str) -> Probe {
        Probe::new(what, "POST", path)
    }

    /// `GET /me` with `Authorization: Bearer <token>`.
    pub fn me(what: impl Into<String>, token: &str) -> Probe {
        Probe::get(what, "/me").bearer(token)
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Probe {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub fn bearer(self, token: &str) -> Probe {
        self.header("Authorization", format!("Bearer {token}"))
    }

    /// One `Cookie` header, as written.
    pub fn cookies(self, cookies: impl Into<String>) -> Probe {
        self.header("Cookie", cookies)
    }

    pub fn body(mut self, content_type: &str, bytes: impl Into<Vec<u8>>) -> Probe {
        self.body = Some((content_type.to_owned(), bytes.into()));
        self
    }

    /// An `application/json` body, as written.
    pub fn json_text(self, text: impl Into<Vec<u8>>) -> Probe {
        self.body("application/json", text)
    }

    /// Refused with `{"msg": text}`.
    pub fn refused(mut self, status: u16, text: &str) -> Probe {
        self.expected = msg(status, text);
        self
    }

    /// Served to this user: `{"email": ...}`.
    pub fn serves(mut self, email: &str) -> Probe {
        self.expected = (200, json!({ "email": email }));
        self
    }

    pub fn answers(mut self, status: u16, body: Value) -> Probe {
        self.expected = (status, body);
        self
    }

    pub fn flask(mut self, flask: Flask) -> Probe {
        self.flask = flask;
        self
    }
}

/// One request written byte by byte ([`raw`]) and the answers it must get.
#[derive(Debug, Clone)]
pub struct RawProbe {
    pub what: String,
    pub bytes: Vec<u8>,
    pub expected: (u16, Value),
    pub flask: Flask,
}

impl RawProbe {
    pub fn new(
        what: impl Into<String>,
        bytes: Vec<u8>,
        expected: (u16, Value),
        flask: Flask,
    ) -> RawProbe {
        RawProbe {
            what: what.into(),
            bytes,
            expected,
            flask,
        }
    }
}

/// An answer a probe accepts.
#[derive(Debug)]
enum Expect {
    Exact((u16, Value)),
    Prefix(u16, String),
    Status(u16),
}

impl Expect {
    fn of(expected: &(u16, Value), flask: &Flask, reference: bool) -> Option<Expect> {
        if !reference {
            return Some(Expect::Exact(expected.clone()));
        }
        match flask {
            Flask::Same => Some(Expect::Exact(expected.clone())),
            Flask::ParserText => {
                let text = expected.1["msg"].as_str().unwrap_or_default();
                let prefix = text
                    .find("string: ")
                    .map(|at| &text[..at + "string: ".len()])
                    .unwrap_or_else(|| panic!("no parser prefix in {text:?}"));
                Some(Expect::Prefix(expected.0, prefix.to_owned()))
            }
            Flask::Status(status) => Some(Expect::Status(*status)),
            Flask::NotAsked => None,
        }
    }

    fn accepts(&self, got: &(u16, Value)) -> bool {
        match self {
            Expect::Exact(expected) => got == expected,
            Expect::Prefix(status, prefix) => {
                got.0 == *status
                    && got.1["msg"]
                        .as_str()
                        .is_some_and(|text| text.starts_with(prefix.as_str()))
            }
            Expect::Status(status) => got.0 == *status,
        }
    }
}

/// A server under test, with the account [`ALICE`] (people API) ready.
pub struct Target {
    pub kind: Kind,
    pub service: Service,
    pub api: Api,
    /// Where the closing check carries its token.
    pub carrier: Carrier,
}

impl Target {
    /// Starts `kind` with these settings (and the shared secret), and signs alice up
    /// on a people API.
    pub async fn start(kind: Kind, vars: &[(&str, &str)], carrier: Carrier) -> Target {
        let service = Service::start(kind, vars);
        let cookies = vars
            .iter()
            .any(|(name, value)| *name == "JWT_TOKEN_LOCATION" && value.contains("cookies"));
        let api = Api::new(&service, cookies);
        if kind != Kind::Minimal {
            api.signup(ALICE, PASSWORD).await;
        }
        Target {
            kind,
            service,
            api,
            carrier,
        }
    }

    pub fn label(&self) -> &'static str {
        match self.kind {
            Kind::Rust => "ours",
            Kind::Minimal => "ours (minimal example)",
            Kind::Flask => "Flask twin",
        }
    }

    fn is_reference(&self) -> bool {
        self.kind == Kind::Flask
    }

    pub async fn send(&self, probe: &Probe) -> Reply {
        let mut call = self.api.call(probe.method, &probe.path);
        for (name, value) in &probe.headers {
            call = call.header(name, value.clone());
        }
        if let Some((content_type, bytes)) = &probe.body {
            call = call.body(content_type, bytes.clone());
        }
        call.send().await
    }

    /// Sends every probe; returns what was not as expected.
    pub async fn check(&self, probes: &[Probe]) -> Vec<String> {
        let mut failures = Vec::new();
        for probe in probes {
            let Some(expect) = Expect::of(&probe.expected, &probe.flask, self.is_reference())
            else {
                continue;
            };
            let got = answer(&self.send(probe).await);
            self.judge(&probe.what, &expect, &got, &mut failures);
        }
        failures
    }

    /// Sends every raw probe; returns what was not as expected.
    pub async fn check_raw(&self, probes: &[RawProbe]) -> Vec<String> {
        let mut failures = Vec::new();
        for probe in probes {
            let Some(expect) = Expect::of(&probe.expected, &probe.flask, self.is_reference())
            else {
                continue;
            };
            let got = raw::exchange(&self.service.base, probe.bytes.clone())
                .await
                .answer();
            self.judge(&probe.what, &expect, &got, &mut failures);
        }
        failures
    }

    /// Sends these bytes as they are and reads the whole answer.
    pub async fn raw(&self, bytes: Vec<u8>) -> RawReply {
        raw::exchange(&self.service.base, bytes).await
    }

    fn judge(&self, what: &str, expect: &Expect, got: &(u16, Value), failures: &mut Vec<String>) {
        if got.0 == 500 && !self.is_reference() {
            failures.push(format!(
                "{}: {what}: a 500 from bad input: {:?}",
                self.label(),
                got.1
            ));
        } else if !expect.accepts(got) {
            failures.push(format!(
                "{}: {what}:\n    expected {expect:?}\n    got      {got:?}",
                self.label()
            ));
        }
    }

    /// After the hostile requests: our log shows no panic, and a new account logs in
    /// and reaches `/me` (the minimal example: a known user's token).
    pub async fn still_serves(&self) -> Vec<String> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let mut failures = Vec::new();
        if !self.is_reference() {
            let log = self.service.stderr();
            if log.contains("panicked") {
                failures.push(format!("{}: the log shows a panic:\n{log}", self.label()));
            }
        }
        let (email, token, method) = if self.kind == Kind::Minimal {
            let email = "user7@example.com".to_owned();
            let token = signed(&claims_for(&email, "access", true, 600));
            (email, token, "GET")
        } else {
            let email = format!("still-{}@example.com", NEXT.fetch_add(1, Ordering::Relaxed));
            self.api.signup(&email, PASSWORD).await;
            let token = self.api.login(&email, PASSWORD, false).await.access;
            (email, token, "POST")
        };
        let reply = self
            .api
            .call(method, "/me")
            .access(self.carrier, &token)
            .send()
            .await;
        let expected = (200, json!({ "email": email }));
        if answer(&reply) != expected {
            failures.push(format!(
                "{}: a normal request after the hostile ones: expected {expected:?}, got {:?}",
                self.label(),
                answer(&reply)
            ));
        }
        failures
    }
}

/// Fails the test with every failure, if any.
pub fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Sends the probes to our people API and to its Flask twin, both started with
/// these settings; checks every answer, then that both still serve.
pub async fn against_twin(vars: &[(&str, &str)], carrier: Carrier, probes: &[Probe]) {
    let ours = Target::start(Kind::Rust, vars, carrier).await;
    let flask = Target::start(Kind::Flask, vars, carrier).await;
    let mut failures = ours.check(probes).await;
    failures.extend(flask.check(probes).await);
    failures.extend(ours.still_serves().await);
    failures.extend(flask.still_serves().await);
    report(failures);
}

/// Sends the probes to ours only: settings Flask-JWT-Extended does not have.
pub async fn against_ours(kind: Kind, vars: &[(&str, &str)], carrier: Carrier, probes: &[Probe]) {
    let ours = Target::start(kind, vars, carrier).await;
    let mut failures = ours.check(probes).await;
    failures.extend(ours.still_serves().await);
    report(failures);
}

/// Sends probes to our people API, and the same requests to Flask-JWT-Extended's
/// oracle app (`fje_oracle.py`) configured with `config`, for settings the Flask
/// twin does not read. The probes are made once the server is up, and both are asked
/// at once, so that tokens relative to the clock are judged within a second or two.
pub async fn against_oracle(
    vars: &[(&str, &str)],
    carrier: Carrier,
    config: Value,
    probes: impl FnOnce() -> Vec<Probe>,
) {
    let ours = Target::start(Kind::Rust, vars, carrier).await;
    let probes = probes();
    let asked = {
        let probes = probes.clone();
        tokio::task::spawn_blocking(move || oracle_check(&config, &probes))
    };
    let mut failures = ours.check(&probes).await;
    failures.extend(asked.await.expect("the oracle task"));
    failures.extend(ours.still_serves().await);
    report(failures);
}

/// The oracle's answers to the probes it can take; what was not as expected.
pub fn oracle_check(config: &Value, probes: &[Probe]) -> Vec<String> {
    let mut config = config.clone();
    config
        .as_object_mut()
        .expect("config object")
        .entry("JWT_SECRET_KEY")
        .or_insert(json!(SECRET));
    let identity = config["JWT_IDENTITY_CLAIM"]
        .as_str()
        .unwrap_or("sub")
        .to_owned();
    let asked: Vec<(&Probe, Expect, Value)> = probes
        .iter()
        .filter_map(|probe| {
            let expect = Expect::of(&probe.expected, &probe.flask, true)?;
            let request = oracle_request(&config, probe)?;
            Some((probe, expect, request))
        })
        .collect();
    if asked.is_empty() {
        return Vec::new();
    }
    let requests: Vec<Value> = asked
        .iter()
        .map(|(_, _, request)| request.clone())
        .collect();
    let answers = crate::oracle::ask(&requests);
    let mut failures = Vec::new();
    for ((probe, expect, _), reply) in asked.iter().zip(answers) {
        let status = reply["status"].as_u64().unwrap_or_default() as u16;
        // The oracle's routes answer the claims; ours the identity's email.
        let body = if status == 200 {
            json!({ "email": reply["body"]["claims"].get(&identity).cloned().unwrap_or(Value::Null) })
        } else {
            reply["body"].clone()
        };
        let got = (status, body);
        if !expect.accepts(&got) {
            failures.push(format!(
                "Flask-JWT-Extended (oracle): {}:\n    expected {expect:?}\n    got      {got:?}",
                probe.what
            ));
        }
    }
    failures
}

/// The probe as a request to the oracle app, whose `/protected`, `/fresh`,
/// `/refresh` and `/optional` routes are `jwt_required` as ours are.
fn oracle_request(config: &Value, probe: &Probe) -> Option<Value> {
    let (path, query) = probe.path.split_once('?').unwrap_or((&probe.path, ""));
    let route = match path {
        "/me" => "/protected",
        "/fresh" | "/refresh" | "/optional" => path,
        _ => return None,
    };
    let full = if query.is_empty() {
        route.to_owned()
    } else {
        format!("{route}?{query}")
    };
    let mut headers = Map::new();
    // Werkzeug's test client sends its own cookie jar as `Cookie`: cookies go there.
    let mut cookies = Map::new();
    for (name, value) in &probe.headers {
        if name.eq_ignore_ascii_case("cookie") {
            for pair in value.split(';') {
                let (key, value) = pair.trim().split_once('=').unwrap_or((pair.trim(), ""));
                cookies.insert(key.to_owned(), json!(value));
            }
        } else {
            headers.insert(name.clone(), json!(value));
        }
    }
    let body = probe.body.as_ref().map(|(content_type, bytes)| {
        headers.insert("Content-Type".into(), json!(content_type));
        String::from_utf8_lossy(bytes).into_owned()
    });
    Some(json!({
        "op": "request",
        "config": config,
        "method": probe.method,
        "path": full,
        "headers": headers,
        "cookies": cookies,
        "body": body,
    }))
}
