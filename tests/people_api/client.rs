//! HTTP calls to a people API server, with tokens carried in any token location,
//! and the cookie rule checked on every answer.

use base64::Engine;
use serde_json::{Map, Value, json};

use crate::service::Service;
use crate::support::server::{Reply, Server};

/// Where a request carries its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    /// `Authorization: Bearer <token>`.
    Header,
    /// `{"access_token": ...}` or `{"refresh_token": ...}` in a JSON body.
    Json,
    /// `access_token_cookie` / `refresh_token_cookie`, with the CSRF header on
    /// POST, PUT, PATCH and DELETE. The header and the CSRF cookie hold the token's
    /// `csrf` claim; a token without one (not a JWT, or minted without CSRF
    /// protection) still gets the header, with a placeholder, so that the server
    /// reaches the token itself instead of stopping at "Missing CSRF token".
    Cookie,
    /// `?jwt=<token>`.
    Query,
}

/// The cookies Flask-JWT-Extended's default settings name; no other may be set.
pub const JWT_COOKIES: [&str; 4] = [
    "access_token_cookie",
    "csrf_access_token",
    "refresh_token_cookie",
    "csrf_refresh_token",
];

/// A client of one server.
pub struct Api {
    pub base: String,
    http: reqwest::Client,
    /// Whether cookies are among the server's token locations: then only the JWT
    /// cookies may be set; otherwise no answer may carry `Set-Cookie`.
    cookies_allowed: bool,
}

/// What a login gave.
#[derive(Debug)]
pub struct Login {
    pub access: String,
    pub refresh: Option<String>,
    pub reply: Reply,
}

impl Api {
    pub fn new(service: &Service, cookies_allowed: bool) -> Api {
        Api {
            base: service.base.clone(),
            http: reqwest::Client::new(),
            cookies_allowed,
        }
    }

    /// A request to build.
    pub fn call(&self, method: &'static str, path: &str) -> Call<'_> {
        Call {
            api: self,
            method,
            path: path.to_owned(),
            headers: Vec::new(),
            cookies: Vec::new(),
            query: Vec::new(),
            json: None,
            raw: None,
        }
    }

    /// `POST path` with this JSON body.
    pub async fn post_json(&self, path: &str, body: Value) -> Reply {
        self.call("POST", path).json(body).send().await
    }

    /// Signs up, and checks that it worked.
    pub async fn signup(&self, email: &str, password: &str) {
        let reply = self
            .post_json("/signup", json!({"email": email, "password": password}))
            .await;
        assert_eq!(
            (reply.status, &reply.body),
            (201, &json!({"msg": "Signed up successfully!"})),
            "signup of {email}"
        );
    }

    /// Logs in, and checks that it worked.
    pub async fn login(&self, email: &str, password: &str, remember: bool) -> Login {
        let reply = self
            .post_json(
                "/login",
                json!({"email": email, "password": password, "remember": remember}),
            )
            .await;
        assert_eq!(reply.status, 200, "login of {email}: {reply:?}");
        assert_eq!(reply.body["msg"], "Logged in successfully!");
        let access = reply.body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned();
        let refresh = reply.body["refresh_token"].as_str().map(str::to_owned);
        assert_eq!(refresh.is_some(), remember, "refresh_token iff remember");
        Login {
            access,
            refresh,
            reply,
        }
    }
}

/// One request being built.
pub struct Call<'a> {
    api: &'a Api,
    method: &'static str,
    path: String,
    headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    query: Vec<(String, String)>,
    json: Option<Map<String, Value>>,
    raw: Option<(String, Vec<u8>)>,
}

impl Call<'_> {
    /// Carries an access token.
    pub fn access(self, carrier: Carrier, token: &str) -> Self {
        self.token(carrier, token, false)
    }

    /// Carries a refresh token (its own JSON key and cookie names).
    pub fn refresh(self, carrier: Carrier, token: &str) -> Self {
        self.token(carrier, token, true)
    }

    fn token(self, carrier: Carrier, token: &str, refresh: bool) -> Self {
        match carrier {
            Carrier::Header => self.header("Authorization", format!("Bearer {token}")),
            Carrier::Json => {
                let key = if refresh {
                    "refresh_token"
                } else {
                    "access_token"
                };
                self.json(json!({ key: token }))
            }
            Carrier::Query => self.query("jwt", token),
            Carrier::Cookie => {
                let (cookie, csrf_cookie) = if refresh {
                    ("refresh_token_cookie", "csrf_refresh_token")
                } else {
                    ("access_token_cookie", "csrf_access_token")
                };
                let csrf = csrf_claim(token);
                let mut call = self.cookie(cookie, token);
                if let Some(csrf) = &csrf {
                    call = call.cookie(csrf_cookie, csrf);
                }
                if ["POST", "PUT", "PATCH", "DELETE"].contains(&call.method) {
                    let header = csrf.unwrap_or_else(|| "no-csrf-claim".to_owned());
                    call = call.header("X-CSRF-TOKEN", header);
                }
                call
            }
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub fn cookie(mut self, name: &str, value: &str) -> Self {
        self.cookies.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Merges these fields into the JSON body (sent as `application/json`).
    pub fn json(mut self, fields: Value) -> Self {
        let Value::Object(fields) = fields else {
            panic!("json() takes an object: {fields}");
        };
        self.json.get_or_insert_with(Map::new).extend(fields);
        self
    }

    /// A body sent as is, with this content type.
    pub fn body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.raw = Some((content_type.to_owned(), body.into()));
        self
    }

    /// Sends, reads the answer, and checks the cookie rule.
    pub async fn send(self) -> Reply {
        let mut url = format!("{}{}", self.api.base, self.path);
        for (index, (name, value)) in self.query.iter().enumerate() {
            let separator = if index == 0 && !self.path.contains('?') {
                '?'
            } else {
                '&'
            };
            url.push(separator);
            url.push_str(&percent_encode(name));
            url.push('=');
            url.push_str(&percent_encode(value));
        }
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("method");
        let mut request = self.api.http.request(method, url);
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        if !self.cookies.is_empty() {
            let pairs: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            request = request.header("Cookie", pairs.join("; "));
        }
        if let Some(json) = &self.json {
            request = request
                .header("Content-Type", "application/json")
                .body(Value::Object(json.clone()).to_string());
        }
        if let Some((content_type, body)) = self.raw {
            request = request.header("Content-Type", content_type).body(body);
        }
        let reply = Server::send(request).await;
        let what = format!("{} {}", self.method, self.path);
        if self.api.cookies_allowed {
            for line in &reply.set_cookies {
                let name = line.split('=').next().unwrap_or_default();
                assert!(
                    JWT_COOKIES.contains(&name),
                    "{what}: only JWT cookies may be set, got {line}"
                );
            }
        } else {
            assert!(
                reply.set_cookies.is_empty(),
                "{what}: no Set-Cookie without the cookies location, got {:?}",
                reply.set_cookies
            );
        }
        reply
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A token's claims, read without checking the signature (the tests' own tokens).
pub fn claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The token's `csrf` claim (what Flask-JWT-Extended puts in its CSRF cookie).
pub fn csrf_claim(token: &str) -> Option<String> {
    claims(token)?.get("csrf")?.as_str().map(str::to_owned)
}

/// `{"msg": text}` with this status, for comparisons.
pub fn msg(status: u16, text: &str) -> (u16, Value) {
    (status, json!({ "msg": text }))
}

/// A reply as `(status, body)`.
pub fn answer(reply: &Reply) -> (u16, Value) {
    (reply.status, reply.body.clone())
}
