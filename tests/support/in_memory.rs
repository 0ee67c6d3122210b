//! The smallest user set-up, shared by the allocation test, the property tests and the
//! benches (which mount this file with `#[path]`): users in a map, `alice@example.com`
//! and `user0@example.com` to `user999@example.com`, and a poller for futures that
//! never wait (the memory blocklist and this loader do not).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::FromRef;
use axum_jwt_login::{AuthUser, JwtManager, UserLoader};

/// A user known by email.
#[derive(Clone)]
pub struct Person {
    pub email: String,
}

impl AuthUser for Person {
    type Id = String;
    fn identity(&self) -> &String {
        &self.email
    }
}

/// The users, by email.
#[derive(Clone)]
pub struct Users(pub Arc<HashMap<String, Person>>);

impl Users {
    /// alice@example.com and user0@example.com to user999@example.com.
    pub fn alice_and_a_thousand() -> Users {
        let people = (0..1000)
            .map(|n| format!("user{n}@example.com"))
            .chain(["alice@example.com".to_owned()])
            .map(|email| (email.clone(), Person { email }))
            .collect();
        Users(Arc::new(people))
    }
}

impl UserLoader for Person {
    type State = Users;
    type Error = std::convert::Infallible;
    async fn load_user(users: &Users, email: &String) -> Result<Option<Person>, Self::Error> {
        Ok(users.0.get(email).cloned())
    }
}

/// The router state: the manager and the users.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub jwt: JwtManager,
    pub users: Users,
}

/// Polls a future that does not wait, once.
pub fn now_or_never<F: std::future::Future>(future: F) -> F::Output {
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match std::pin::pin!(future).as_mut().poll(&mut context) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => panic!("the future waited"),
    }
}
