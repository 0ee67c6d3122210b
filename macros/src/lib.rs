//! Implementation detail of the [`axum-jwt-login`](https://docs.rs/axum-jwt-login)
//! crate: `#[login_required]`, `#[fresh_login_required]` and `#[derive(AuthUser)]`.
//! Depend on `axum-jwt-login`, which re-exports them with their documentation.

mod auth_user;
mod errors;
mod login_required;
mod paths;

use proc_macro::TokenStream;

/// Protects an axum handler: Flask-Login's `@login_required` with
/// Flask-JWT-Extended's `@jwt_required(...)`.
///
/// ```
/// # use axum_jwt_login::{AuthUser, JwtManager, login_required, fresh_login_required};
/// # use axum::extract::FromRef;
/// # #[derive(Clone, AuthUser)]
/// # #[auth(loader = find_person, state = Db)]
/// # pub struct Person { #[auth(id)] email: String, #[auth(roles)] roles: Vec<String> }
/// # #[derive(Clone)] pub struct Db;
/// # async fn find_person(_: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
/// #     Ok(Some(Person { email: email.into(), roles: vec![] }))
/// # }
/// # #[derive(Clone, FromRef)] struct AppState { jwt: JwtManager, db: Db }
/// use axum::{Router, routing::{get, post}};
///
/// #[login_required]                                  // an access token, in JWT_TOKEN_LOCATION
/// async fn me(current_user: Person) -> String {
///     current_user.email
/// }
///
/// #[login_required(optional)]                        // @jwt_required(optional=True)
/// async fn greet(current_user: Option<Person>) -> String {
///     current_user.map_or("hello stranger".into(), |u| format!("hello {}", u.email))
/// }
///
/// #[login_required(user = Person, role = "admin")]   // guard only; 403 without the role
/// async fn stats() -> &'static str {
///     "42"
/// }
///
/// let app: Router<AppState> = Router::new()
///     .route("/me", get(me))
///     .route("/greet", get(greet))
///     .route("/stats", get(stats));
/// ```
///
/// # Arguments
///
/// | argument | meaning |
/// | --- | --- |
/// | (none) | an access token (`@jwt_required()`) |
/// | `optional` | no token is fine: `current_user: Option<User>`; a bad token is still refused |
/// | `fresh` | a fresh access token (`@fresh_login_required`, `fresh=True`); also `#[fresh_login_required]` |
/// | `refresh` | a refresh token (`refresh=True`), for the refresh route |
/// | `role = "name"` | the user must have this role (`#[auth(roles)]`), else `403 {"msg": "Missing role \"name\""}` |
/// | `locations(headers, cookies, query_string, json)` | where to look, in this order, instead of `JWT_TOKEN_LOCATION` |
/// | `user = Type` | the user type, for a handler without a `current_user` parameter |
/// | `crate = path` | the path of this crate when the dependency is renamed |
///
/// A parameter named `current_user` receives the loaded user (`Option<User>` with
/// `optional`); its type must `#[derive(AuthUser)]`. Everything else about the
/// handler is kept: other extractors before and after it (`Json` last), the return
/// type, visibility, attributes. Write it *above* `#[axum::debug_handler]`. It goes on
/// free functions (the handlers axum routes); not inside an `impl` block, where the guard
/// type it writes next to the function cannot live. Refusals
/// are Flask-JWT-Extended's answers: no token 401, a bad one 422, expired or revoked
/// 401, not fresh 401, unknown user 401, inactive user 403, loader failure 500.
///
/// # Equivalent code without the macro
///
/// The macro adds one extractor in front, which runs every check before the
/// handler's other extractors and leaves the user for `current_user`:
///
/// ```
/// # use axum_jwt_login::{AuthUser, FreshUser, JwtManager};
/// # #[derive(Clone, AuthUser)]
/// # #[auth(loader = find_person, state = JwtManager)]
/// # pub struct Person { #[auth(id)] email: String }
/// # async fn find_person(_: &JwtManager, email: &str) -> Result<Option<Person>, std::io::Error> {
/// #     Ok(Some(Person { email: email.into() }))
/// # }
/// // #[login_required(fresh)] async fn change_password(current_user: Person) -> String
/// async fn change_password(FreshUser(current_user): FreshUser<Person>) -> String {
///     current_user.email
/// }
/// ```
///
/// # Mistakes are compile errors
///
/// ```compile_fail
/// # use axum_jwt_login::{AuthUser, JwtManager, login_required, fresh_login_required};
/// # use axum::extract::FromRef;
/// # #[derive(Clone, AuthUser)]
/// # #[auth(loader = find_person, state = Db)]
/// # pub struct Person { #[auth(id)] email: String, #[auth(roles)] roles: Vec<String> }
/// # #[derive(Clone)] pub struct Db;
/// # async fn find_person(_: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
/// #     Ok(Some(Person { email: email.into(), roles: vec![] }))
/// # }
/// # #[derive(Clone, FromRef)] struct AppState { jwt: JwtManager, db: Db }
/// #[login_required]
/// async fn me(current_user: Option<Person>) -> String {
///     String::new()
/// }
/// ```
///
/// ```text
/// error: `current_user: Option<_>` needs `#[login_required(optional)]`; without `optional`
///        a request without a token is refused, so use the user type itself
/// ```
///
/// The fix: `#[login_required(optional)]`, or `current_user: Person`.
#[proc_macro_attribute]
pub fn login_required(args: TokenStream, item: TokenStream) -> TokenStream {
    login_required::entry(args.into(), item.into(), false).into()
}

/// `#[login_required(fresh)]`, under Flask-Login's name `@fresh_login_required`.
///
/// ```
/// # use axum_jwt_login::{AuthUser, JwtManager, login_required, fresh_login_required};
/// # use axum::extract::FromRef;
/// # #[derive(Clone, AuthUser)]
/// # #[auth(loader = find_person, state = Db)]
/// # pub struct Person { #[auth(id)] email: String, #[auth(roles)] roles: Vec<String> }
/// # #[derive(Clone)] pub struct Db;
/// # async fn find_person(_: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
/// #     Ok(Some(Person { email: email.into(), roles: vec![] }))
/// # }
/// # #[derive(Clone, FromRef)] struct AppState { jwt: JwtManager, db: Db }
/// #[fresh_login_required]
/// async fn change_password(current_user: Person) -> String {
///     format!("{} may change the password", current_user.email)
/// }
/// ```
///
/// It takes the same arguments as [`macro@login_required`] except `fresh` (it is
/// already fresh) and `refresh` (a refresh token is never fresh):
///
/// ```compile_fail
/// # use axum_jwt_login::{AuthUser, JwtManager, login_required, fresh_login_required};
/// # use axum::extract::FromRef;
/// # #[derive(Clone, AuthUser)]
/// # #[auth(loader = find_person, state = Db)]
/// # pub struct Person { #[auth(id)] email: String, #[auth(roles)] roles: Vec<String> }
/// # #[derive(Clone)] pub struct Db;
/// # async fn find_person(_: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
/// #     Ok(Some(Person { email: email.into(), roles: vec![] }))
/// # }
/// # #[derive(Clone, FromRef)] struct AppState { jwt: JwtManager, db: Db }
/// #[fresh_login_required(refresh)]
/// async fn change_password(current_user: Person) -> String {
///     current_user.email
/// }
/// ```
#[proc_macro_attribute]
pub fn fresh_login_required(args: TokenStream, item: TokenStream) -> TokenStream {
    login_required::entry(args.into(), item.into(), true).into()
}

/// Makes a struct the user type: `AuthUser` (identity, `is_active`, claims, roles),
/// `UserLoader` from an async lookup, and the extractors behind `current_user: User`
/// and `current_user: Option<User>`.
///
/// ```
/// use axum_jwt_login::AuthUser;
///
/// #[derive(Clone, AuthUser)]
/// #[auth(loader = find_person, state = Db)]   // async fn(&Db, &str) -> Result<Option<Person>, E>
/// pub struct Person {
///     #[auth(id)]                              // the identity claim ("sub"): string or integer
///     email: String,
///     #[auth(active)]                          // inactive users are refused (403)
///     active: bool,
///     #[auth(claim, roles)]                    // written into every token; checked by `role = ...`
///     roles: Vec<String>,
///     #[auth(claim = "org")]                   // written as the claim "org"
///     organization: u64,
///     password_hash: String,                   // anything else is left alone
/// }
///
/// #[derive(Clone)]
/// pub struct Db;
///
/// async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
///     Ok(None)
/// }
/// # let person = Person { email: "a@example.com".into(), active: true, roles: vec!["admin".into()], organization: 7, password_hash: String::new() };
/// # assert_eq!(person.identity(), "a@example.com");
/// # assert!(person.has_role("admin"));
/// # assert_eq!(person.additional_claims()["org"], 7);
/// ```
///
/// # Attributes
///
/// | attribute | meaning |
/// | --- | --- |
/// | `#[auth(id)]` (one field) | the identity written into tokens; `Display + FromStr` |
/// | `#[auth(active)]` (a `bool`) | checked on every request and at login; absent: always active |
/// | `#[auth(claim)]`, `#[auth(claim = "name")]` | copied into every token minted for the user (`Serialize`) |
/// | `#[auth(roles)]` | role names, for `#[login_required(role = "...")]` |
/// | `#[auth(loader = path, state = Type)]` on the struct | the lookup, and the type of its first parameter, which the router state gives through `FromRef` |
/// | `#[auth(crate = path)]` on the struct | the path of this crate when the dependency is renamed |
///
/// Without `loader`, implement `UserLoader` by hand. Rust cannot name the state type
/// of a function from its path alone, so `state` repeats it; a mismatch is a type
/// error on the loader path.
///
/// # Equivalent code without the derive
///
/// ```
/// use axum_jwt_login::{AuthUser as _, LoaderError, UserLoader};
/// # #[derive(Clone)] pub struct Db;
/// # async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> { Ok(None) }
///
/// #[derive(Clone)]
/// pub struct Person { email: String, active: bool }
///
/// impl axum_jwt_login::AuthUser for Person {
///     type Id = String;
///     fn identity(&self) -> &String { &self.email }
///     fn is_active(&self) -> bool { self.active }
/// }
///
/// impl UserLoader for Person {
///     type State = Db;
///     type Error = LoaderError;
///     async fn load_user(db: &Db, email: &String) -> Result<Option<Person>, LoaderError> {
///         find_person(db, email).await.map_err(LoaderError::new)
///     }
/// }
/// // (plus `FromRequestParts`/`OptionalFromRequestParts` impls for `current_user`)
/// ```
///
/// # Mistakes are compile errors
///
/// ```compile_fail
/// use axum_jwt_login::AuthUser;
///
/// #[derive(Clone, AuthUser)]
/// pub struct Person {
///     email: String,
/// }
/// ```
///
/// ```text
/// error: `#[derive(AuthUser)]` needs one field marked `#[auth(id)]`: the identity written into tokens
/// ```
#[proc_macro_derive(AuthUser, attributes(auth))]
pub fn derive_auth_user(input: TokenStream) -> TokenStream {
    auth_user::entry(input.into()).into()
}
