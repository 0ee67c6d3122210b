//! [`JwtLayer`]: reads a JSON (or form) body once for the token search, and keeps
//! cookie sessions off token-authenticated requests.

mod body;
mod cookie_guard;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::Request;
use axum::response::Response;
use tower_layer::Layer;
use tower_service::Service;

use crate::manager::JwtManager;

/// A tower layer for the routes that take tokens. Add it with `Router::layer`,
/// *outside* any session layer (i.e. after it):
///
/// - when `json` is a token location, it reads a JSON body (up to
///   [`body_limit`](Self::body_limit), 2 MiB by default; more is answered 413) and
///   hands the same bytes on, so the handler's own `Json<T>` reads them too;
/// - when CSRF values may come from a form field (`JWT_CSRF_CHECK_FORM`), it reads
///   form bodies the same way;
/// - on the way out, a response to a token-authenticated request keeps no
///   `Set-Cookie` header except the JWT and CSRF cookies, and those only when cookies
///   are a token location. A session layer (tower-sessions' `SessionManagerLayer`,
///   for the browser routes) then never starts a cookie session for an API client,
///   even when a handler writes to the session.
///
/// ```
/// use axum::{Router, routing::get};
/// use axum_jwt_login_runtime::{JwtConfig, JwtManager, Jwt};
///
/// let jwt = JwtManager::new(JwtConfig::builder().secret([5u8; 32]).build()?);
/// let app: Router = Router::new()
///     .route("/me", get(|token: Jwt| async move { token.claims.identity.clone() }))
///     // .layer(session_layer)       // a session layer goes inside
///     .layer(jwt.layer())
///     .with_state(jwt);
/// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
/// ```
#[derive(Clone, Debug)]
pub struct JwtLayer {
    jwt: JwtManager,
    body_limit: usize,
    body_timeout: Option<std::time::Duration>,
    buffer_json: bool,
}

impl JwtLayer {
    /// The layer for this manager's settings.
    ///
    /// ```
    /// use axum::{Router, body::Body, http::Request, routing::get};
    /// use axum_jwt_login_runtime::{Jwt, JwtConfig, JwtLayer, JwtManager, TokenOptions};
    /// # use tower_service::Service;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([5u8; 32]).build()?);
    /// let mut app: Router = Router::new()
    ///     .route("/", get(|_: Jwt| async { [("set-cookie", "session=1")] }))
    ///     .layer(JwtLayer::new(jwt.clone()))
    ///     .with_state(jwt.clone());
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// let request = Request::get("/").header("authorization", format!("Bearer {token}"));
    /// let response = app.call(request.body(Body::empty())?).await?;
    /// // A token-authenticated request gets no cookie session.
    /// assert_eq!(response.headers().get("set-cookie"), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(jwt: JwtManager) -> Self {
        let buffer_json = jwt
            .config()
            .settings()
            .token_location
            .contains(&crate::config::TokenLocation::Json);
        JwtLayer {
            jwt,
            body_limit: 2 * 1024 * 1024,
            body_timeout: None,
            buffer_json,
        }
    }

    /// The largest body read for the token search; a larger one is answered
    /// `413 {"msg": "Request body is too large"}`.
    ///
    /// ```
    /// use axum::{Router, body::Body, http::Request, routing::post};
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager, TokenLocation};
    /// # use tower_service::Service;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let config = JwtConfig::builder().secret([5u8; 32]).token_location([TokenLocation::Json]);
    /// let jwt = JwtManager::new(config.build()?);
    /// let mut app: Router =
    ///     Router::new().route("/", post(|| async {})).layer(jwt.layer().body_limit(16));
    /// let request = Request::post("/").header("content-type", "application/json");
    /// let body = Body::from(r#"{"access_token": "more than sixteen bytes"}"#);
    /// assert_eq!(app.call(request.body(body)?).await?.status(), 413);
    /// # Ok(())
    /// # }
    /// ```
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long a body read for tokens may take to arrive; past it the request gets
    /// `408 {"msg": "Request body took too long to arrive"}`, so a client that
    /// trickles its body cannot hold the request open. Off by default, because it
    /// needs Tokio's time driver, which `#[tokio::main]` enables but a runtime built
    /// without `enable_time` lacks (Tokio would panic); a server should set it.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use axum_jwt_login_runtime::{JwtConfig, JwtManager};
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([5u8; 32]).build()?);
    /// let layer = jwt.layer().body_timeout(Duration::from_secs(5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn body_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.body_timeout = Some(timeout);
        self
    }

    /// Also read JSON bodies when `json` is not a configured location, for routes
    /// that name it in their own locations (`#[login_required(locations(json))]`).
    ///
    /// ```
    /// use axum::{Router, body::Body, http::Request, routing::post};
    /// use axum_jwt_login_runtime::{JwtConfig, JwtManager};
    /// # use tower_service::Service;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Headers only, yet JSON bodies are read (here: refused, being over the limit).
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([5u8; 32]).build()?);
    /// let layer = jwt.layer().buffer_json_bodies(true).body_limit(16);
    /// let mut app: Router = Router::new().route("/", post(|| async {})).layer(layer);
    /// let request = Request::post("/").header("content-type", "application/json");
    /// let body = Body::from(r#"{"access_token": "more than sixteen bytes"}"#);
    /// assert_eq!(app.call(request.body(body)?).await?.status(), 413);
    /// # Ok(())
    /// # }
    /// ```
    pub fn buffer_json_bodies(mut self, buffer: bool) -> Self {
        self.buffer_json = buffer;
        self
    }
}

impl JwtManager {
    /// [`JwtLayer`] for this manager.
    ///
    /// ```
    /// # use axum_jwt_login_runtime::{JwtConfig, JwtManager};
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([5u8; 32]).build()?);
    /// let layer = jwt.layer().body_limit(64 * 1024);
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn layer(&self) -> JwtLayer {
        JwtLayer::new(self.clone())
    }
}

impl<S> Layer<S> for JwtLayer {
    type Service = JwtService<S>;

    fn layer(&self, inner: S) -> JwtService<S> {
        JwtService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service of [`JwtLayer`].
#[derive(Clone, Debug)]
pub struct JwtService<S> {
    inner: S,
    layer: JwtLayer,
}

/// Marks, for the layer, that an extractor found a token in this request.
#[derive(Debug, Default)]
pub(crate) struct RequestScope {
    token_authenticated: AtomicBool,
}

impl RequestScope {
    pub(crate) fn mark_token_authenticated(&self) {
        self.token_authenticated.store(true, Ordering::Relaxed);
    }

    fn is_token_authenticated(&self) -> bool {
        self.token_authenticated.load(Ordering::Relaxed)
    }
}

impl<S> Service<Request<Body>> for JwtService<S>
where
    S: Service<Request<Body>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = JwtFuture<S::Future, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        // The clone that was polled ready handles this request.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let scope = Arc::new(RequestScope::default());
        let (mut parts, body) = request.into_parts();
        parts.extensions.insert(scope.clone());
        if !body::needs_reading(&self.layer, &parts) {
            // Most requests: straight to the inner service, no body to read.
            return JwtFuture {
                state: State::Direct {
                    inner: inner.call(Request::from_parts(parts, body)),
                    scope,
                    jwt: self.layer.jwt.clone(),
                },
            };
        }
        let layer = self.layer.clone();
        JwtFuture {
            state: State::Buffered {
                future: Box::pin(async move {
                    let body = match body::read_for_tokens(&layer, &mut parts, body).await {
                        Ok(body) => body,
                        Err(err) => return Ok(layer.jwt.error_response(&err)),
                    };
                    let mut response = inner.call(Request::from_parts(parts, body)).await?;
                    guard_cookies(&scope, &mut response, &layer.jwt);
                    Ok(response)
                }),
            },
        }
    }
}

/// Keeps cookie sessions off the response when the request carried a token.
fn guard_cookies(scope: &RequestScope, response: &mut Response, jwt: &JwtManager) {
    if scope.is_token_authenticated() {
        cookie_guard::keep_only_jwt_cookies(response, jwt.config().settings());
    }
}

pin_project_lite::pin_project! {
    /// The future of [`JwtService`]: the inner service's own future when the request
    /// has no body to read first (no allocation), a boxed one when it has.
    pub struct JwtFuture<F, E> {
        #[pin]
        state: State<F, E>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProjection]
    enum State<F, E> {
        // No body to read: the inner future, then the cookie guard.
        Direct {
            #[pin]
            inner: F,
            scope: Arc<RequestScope>,
            jwt: JwtManager,
        },
        // A JSON or form body read first.
        Buffered {
            future: Pin<Box<dyn Future<Output = Result<Response, E>> + Send>>,
        },
    }
}

impl<F, E> Future for JwtFuture<F, E>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProjection::Direct { inner, scope, jwt } => {
                let mut response = std::task::ready!(inner.poll(cx))?;
                guard_cookies(scope, &mut response, jwt);
                Poll::Ready(Ok(response))
            }
            StateProjection::Buffered { future } => future.as_mut().poll(cx),
        }
    }
}

impl<F, E> std::fmt::Debug for JwtFuture<F, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.state {
            State::Direct { .. } => "direct",
            State::Buffered { .. } => "buffered",
        };
        f.debug_struct("JwtFuture").field("state", &state).finish()
    }
}
