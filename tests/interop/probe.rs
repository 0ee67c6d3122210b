//! One request sent both to a server of the HTTP tests and to Flask-JWT-Extended's
//! oracle app, for the request tests' comparisons (`same_as_flask`).
#![allow(dead_code)]

use serde_json::{Value, json};

use crate::oracle;
use crate::support::server::Server;

/// One request, sent both to our server and to Flask-JWT-Extended's oracle app.
/// `path` is the Flask path; its `/protected` is our `/me`.
pub struct Probe {
    method: &'static str,
    path: String,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<(&'static str, String)>,
    body: Option<String>,
}

pub fn get(path: impl Into<String>) -> Probe {
    Probe {
        method: "GET",
        path: path.into(),
        headers: vec![],
        cookies: vec![],
        body: None,
    }
}

impl Probe {
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn cookie(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.cookies.push((name, value.into()));
        self
    }

    pub fn post(mut self) -> Self {
        self.method = "POST";
        self
    }

    pub fn post_json(mut self, body: &str) -> Self {
        self.method = "POST";
        self.body = Some(body.to_owned());
        self.header("Content-Type", "application/json")
    }

    /// `method path` with this body and content type.
    pub fn with_body(
        method: &'static str,
        path: impl Into<String>,
        content_type: &str,
        body: &str,
    ) -> Probe {
        let mut probe = get(path);
        probe.method = method;
        probe.body = Some(body.to_owned());
        probe.header("Content-Type", content_type.to_owned())
    }

    fn for_flask(&self, config: &Value) -> Value {
        let headers: Vec<Value> = self
            .headers
            .iter()
            .map(|(name, value)| json!([name, value]))
            .collect();
        let cookies: serde_json::Map<String, Value> = self
            .cookies
            .iter()
            .map(|(name, value)| ((*name).to_owned(), json!(value)))
            .collect();
        json!({"op": "request", "config": config, "method": self.method, "path": self.path,
               "headers": headers, "cookies": cookies, "body": self.body})
    }

    fn for_us(&self, server: &Server) -> reqwest::RequestBuilder {
        let path = self.path.replacen("/protected", "/me", 1);
        let mut request = server.request(self.method, &path);
        for (name, value) in &self.headers {
            request = request.header(*name, value);
        }
        if !self.cookies.is_empty() {
            let pairs: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            request = request.header("Cookie", pairs.join("; "));
        }
        if let Some(body) = &self.body {
            request = request.body(body.clone());
        }
        request
    }
}

/// Each probe answered by Flask and by us: the same status, and for a refusal the
/// same body.
pub async fn same_as_flask(server: &Server, flask_config: Value, probes: &[Probe]) {
    let requests: Vec<Value> = probes.iter().map(|p| p.for_flask(&flask_config)).collect();
    let flask_answers = tokio::task::spawn_blocking(move || oracle::ask(&requests))
        .await
        .expect("oracle");
    for (probe, flask) in probes.iter().zip(flask_answers) {
        let ours = Server::send(probe.for_us(server)).await;
        assert!(ours.set_cookies.is_empty(), "no Set-Cookie: {ours:?}");
        let what = format!(
            "{} {} headers {:?} cookies {:?} body {:?}",
            probe.method, probe.path, probe.headers, probe.cookies, probe.body
        );
        assert_eq!(
            json!(ours.status),
            flask["status"],
            "{what}: ours {ours:?}, Flask {flask}"
        );
        if ours.status != 200 {
            assert_eq!(ours.body, flask["body"], "{what}");
        }
    }
}
