//! Every setting except the keys, with Flask-JWT-Extended 4.7's defaults.

use std::time::Duration;

use jsonwebtoken::Algorithm;

use super::types::{Expiry, SameSite, TokenLocation};

/// All settings except the keys, one field per Flask-JWT-Extended `JWT_*` option,
/// with its default value.
///
/// Fill it through [`JwtConfigBuilder`](crate::JwtConfigBuilder) (its
/// [`settings`](crate::JwtConfigBuilder::settings) method gives `&mut` access) or
/// [`JwtConfig::from_env`](crate::JwtConfig::from_env); the builder checks the values.
///
/// ```
/// use axum_jwt_login_runtime::{JwtSettings, TokenLocation};
///
/// let defaults = JwtSettings::default();
/// assert_eq!(defaults.identity_claim, "sub");
/// assert_eq!(defaults.token_location, vec![TokenLocation::Headers]);
/// assert_eq!(defaults.header_type, "Bearer");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JwtSettings {
    /// `JWT_ALGORITHM`: the signing algorithm (`HS256`).
    pub algorithm: Algorithm,
    /// `JWT_DECODE_ALGORITHMS`: the decode allow-list; empty means `[algorithm]`, and
    /// `algorithm` is always allowed.
    pub decode_algorithms: Vec<Algorithm>,
    /// `JWT_IDENTITY_CLAIM`: the claim that carries the identity (`sub`).
    pub identity_claim: String,
    /// `JWT_ACCESS_TOKEN_EXPIRES`: access-token lifetime (15 minutes).
    pub access_expires: Expiry,
    /// `JWT_REFRESH_TOKEN_EXPIRES`: refresh-token lifetime (30 days).
    pub refresh_expires: Expiry,
    /// `JWT_TOKEN_LOCATION`: where tokens are looked for, in order (`headers`).
    pub token_location: Vec<TokenLocation>,
    /// `JWT_DECODE_LEEWAY`: clock skew allowed on `exp`, `nbf` and `iat` (0).
    pub leeway: Duration,
    /// `JWT_ENCODE_ISSUER`: the `iss` written into new tokens (none).
    pub encode_issuer: Option<String>,
    /// `JWT_DECODE_ISSUER`: the `iss` that tokens must carry (not checked).
    pub decode_issuer: Option<String>,
    /// `JWT_ENCODE_AUDIENCE`: the `aud` written into new tokens; one value is written
    /// as a string, several as a list (none).
    pub encode_audience: Vec<String>,
    /// `JWT_DECODE_AUDIENCE`: audiences accepted, any one of them (not checked; a
    /// token with an `aud` is then refused, as PyJWT does).
    pub decode_audience: Vec<String>,
    /// `JWT_ENCODE_NBF`: write an `nbf` claim (true).
    pub encode_nbf: bool,
    /// `JWT_VERIFY_SUB`: refuse a `sub` claim that is not a string (true).
    pub verify_sub: bool,
    /// `JWT_ERROR_MESSAGE_KEY`: the key of error bodies (`msg`).
    pub error_message_key: String,
    /// `JWT_HEADER_NAME`: the header that carries the token (`Authorization`).
    pub header_name: String,
    /// `JWT_HEADER_TYPE`: the scheme before the token (`Bearer`); empty for a bare token.
    pub header_type: String,
    /// `JWT_QUERY_STRING_NAME`: the query parameter (`jwt`).
    pub query_string_name: String,
    /// `JWT_QUERY_STRING_VALUE_PREFIX`: a prefix the parameter's value must start with (empty).
    pub query_string_value_prefix: String,
    /// `JWT_JSON_KEY`: the body key of an access token (`access_token`).
    pub json_key: String,
    /// `JWT_REFRESH_JSON_KEY`: the body key of a refresh token (`refresh_token`).
    pub refresh_json_key: String,
    /// Cookie settings (`JWT_*_COOKIE_*`, `JWT_COOKIE_*`, `JWT_SESSION_COOKIE`).
    pub cookies: CookieSettings,
    /// Double-submit CSRF settings (`JWT_COOKIE_CSRF_PROTECT`, `JWT_*CSRF*`).
    pub csrf: CsrfSettings,
    /// `JWT_STRICT_CLAIMS` (this crate's own, off): refuse tokens without `exp`,
    /// `type` or `jti`, which Flask-JWT-Extended fills in with defaults.
    pub strict_claims: bool,
    /// `JWT_ALLOW_WEAK_SECRET` (this crate's own, off): accept an HMAC secret shorter
    /// than 32 bytes, for a migration from a service that used one.
    pub allow_weak_secret: bool,
}

/// The JWT cookies' names and attributes.
///
/// ```
/// use axum_jwt_login_runtime::JwtSettings;
///
/// let cookies = JwtSettings::default().cookies;
/// assert_eq!(cookies.access_cookie_name, "access_token_cookie");
/// assert!(cookies.session_cookie);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CookieSettings {
    /// `JWT_ACCESS_COOKIE_NAME` (`access_token_cookie`).
    pub access_cookie_name: String,
    /// `JWT_REFRESH_COOKIE_NAME` (`refresh_token_cookie`).
    pub refresh_cookie_name: String,
    /// `JWT_ACCESS_COOKIE_PATH` (`/`).
    pub access_cookie_path: String,
    /// `JWT_REFRESH_COOKIE_PATH` (`/`).
    pub refresh_cookie_path: String,
    /// `JWT_COOKIE_SECURE` (false).
    pub secure: bool,
    /// `JWT_COOKIE_DOMAIN` (none).
    pub domain: Option<String>,
    /// `JWT_SESSION_COOKIE`: cookies without `Max-Age`, gone when the browser closes (true).
    pub session_cookie: bool,
    /// `JWT_COOKIE_SAMESITE` (not set).
    pub samesite: Option<SameSite>,
}

/// The double-submit CSRF protection of cookie tokens.
///
/// ```
/// use axum_jwt_login_runtime::JwtSettings;
///
/// let csrf = JwtSettings::default().csrf;
/// assert!(csrf.protect);
/// assert_eq!(csrf.methods, ["POST", "PUT", "PATCH", "DELETE"]);
/// assert_eq!(csrf.access_header_name, "X-CSRF-TOKEN");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CsrfSettings {
    /// `JWT_COOKIE_CSRF_PROTECT`: check CSRF for cookie tokens, and write a `csrf`
    /// claim into every token (true).
    pub protect: bool,
    /// `JWT_CSRF_METHODS`: the methods checked (`POST, PUT, PATCH, DELETE`).
    pub methods: Vec<String>,
    /// `JWT_CSRF_IN_COOKIES`: also set the CSRF values as readable cookies (true).
    pub in_cookies: bool,
    /// `JWT_ACCESS_CSRF_COOKIE_NAME` (`csrf_access_token`).
    pub access_cookie_name: String,
    /// `JWT_REFRESH_CSRF_COOKIE_NAME` (`csrf_refresh_token`).
    pub refresh_cookie_name: String,
    /// `JWT_ACCESS_CSRF_COOKIE_PATH` (`/`).
    pub access_cookie_path: String,
    /// `JWT_REFRESH_CSRF_COOKIE_PATH` (`/`).
    pub refresh_cookie_path: String,
    /// `JWT_ACCESS_CSRF_HEADER_NAME` (`X-CSRF-TOKEN`).
    pub access_header_name: String,
    /// `JWT_REFRESH_CSRF_HEADER_NAME` (`X-CSRF-TOKEN`).
    pub refresh_header_name: String,
    /// `JWT_CSRF_CHECK_FORM`: also accept the value from a form field (false).
    pub check_form: bool,
    /// `JWT_ACCESS_CSRF_FIELD_NAME` (`csrf_token`).
    pub access_field_name: String,
    /// `JWT_REFRESH_CSRF_FIELD_NAME` (`csrf_token`).
    pub refresh_field_name: String,
}

impl Default for JwtSettings {
    fn default() -> Self {
        JwtSettings {
            algorithm: Algorithm::HS256,
            decode_algorithms: Vec::new(),
            identity_claim: "sub".into(),
            access_expires: Expiry::After(Duration::from_secs(15 * 60)),
            refresh_expires: Expiry::After(Duration::from_secs(30 * 24 * 3600)),
            token_location: vec![TokenLocation::Headers],
            leeway: Duration::ZERO,
            encode_issuer: None,
            decode_issuer: None,
            encode_audience: Vec::new(),
            decode_audience: Vec::new(),
            encode_nbf: true,
            verify_sub: true,
            error_message_key: "msg".into(),
            header_name: "Authorization".into(),
            header_type: "Bearer".into(),
            query_string_name: "jwt".into(),
            query_string_value_prefix: String::new(),
            json_key: "access_token".into(),
            refresh_json_key: "refresh_token".into(),
            cookies: CookieSettings::default(),
            csrf: CsrfSettings::default(),
            strict_claims: false,
            allow_weak_secret: false,
        }
    }
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings {
            access_cookie_name: "access_token_cookie".into(),
            refresh_cookie_name: "refresh_token_cookie".into(),
            access_cookie_path: "/".into(),
            refresh_cookie_path: "/".into(),
            secure: false,
            domain: None,
            session_cookie: true,
            samesite: None,
        }
    }
}

impl Default for CsrfSettings {
    fn default() -> Self {
        CsrfSettings {
            protect: true,
            methods: ["POST", "PUT", "PATCH", "DELETE"]
                .map(String::from)
                .to_vec(),
            in_cookies: true,
            access_cookie_name: "csrf_access_token".into(),
            refresh_cookie_name: "csrf_refresh_token".into(),
            access_cookie_path: "/".into(),
            refresh_cookie_path: "/".into(),
            access_header_name: "X-CSRF-TOKEN".into(),
            refresh_header_name: "X-CSRF-TOKEN".into(),
            check_form: false,
            access_field_name: "csrf_token".into(),
            refresh_field_name: "csrf_token".into(),
        }
    }
}
