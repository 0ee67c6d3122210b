//! Reading the configuration from environment variables named as Flask-JWT-Extended's
//! settings.

use std::collections::HashMap;
use std::time::Duration;

use super::{
    ConfigError, Expiry, JwtConfig, JwtConfigBuilder, JwtSettings, SameSite, TokenLocation,
};
use crate::keys::{KeyMaterial, parse_algorithm};

const ALGORITHMS: &str = crate::keys::ALGORITHM_NAMES_EXPECTED;

/// Every variable read, so that a misspelt `JWT_*` variable can be reported.
const KNOWN: &[&str] = &[
    "JWT_SECRET_KEY",
    "JWT_PRIVATE_KEY",
    "JWT_PUBLIC_KEY",
    "JWT_ALGORITHM",
    "JWT_DECODE_ALGORITHMS",
    "JWT_IDENTITY_CLAIM",
    "JWT_ACCESS_TOKEN_EXPIRES",
    "JWT_REFRESH_TOKEN_EXPIRES",
    "JWT_TOKEN_LOCATION",
    "JWT_DECODE_LEEWAY",
    "JWT_ENCODE_ISSUER",
    "JWT_DECODE_ISSUER",
    "JWT_ENCODE_AUDIENCE",
    "JWT_DECODE_AUDIENCE",
    "JWT_ENCODE_NBF",
    "JWT_VERIFY_SUB",
    "JWT_ERROR_MESSAGE_KEY",
    "JWT_HEADER_NAME",
    "JWT_HEADER_TYPE",
    "JWT_QUERY_STRING_NAME",
    "JWT_QUERY_STRING_VALUE_PREFIX",
    "JWT_JSON_KEY",
    "JWT_REFRESH_JSON_KEY",
    "JWT_ACCESS_COOKIE_NAME",
    "JWT_REFRESH_COOKIE_NAME",
    "JWT_ACCESS_COOKIE_PATH",
    "JWT_REFRESH_COOKIE_PATH",
    "JWT_COOKIE_SECURE",
    "JWT_COOKIE_DOMAIN",
    "JWT_SESSION_COOKIE",
    "JWT_COOKIE_SAMESITE",
    "JWT_COOKIE_CSRF_PROTECT",
    "JWT_CSRF_METHODS",
    "JWT_CSRF_IN_COOKIES",
    "JWT_ACCESS_CSRF_COOKIE_NAME",
    "JWT_REFRESH_CSRF_COOKIE_NAME",
    "JWT_ACCESS_CSRF_COOKIE_PATH",
    "JWT_REFRESH_CSRF_COOKIE_PATH",
    "JWT_ACCESS_CSRF_HEADER_NAME",
    "JWT_REFRESH_CSRF_HEADER_NAME",
    "JWT_CSRF_CHECK_FORM",
    "JWT_ACCESS_CSRF_FIELD_NAME",
    "JWT_REFRESH_CSRF_FIELD_NAME",
    "JWT_STRICT_CLAIMS",
    "JWT_ALLOW_WEAK_SECRET",
];

impl JwtConfig {
    /// Reads the configuration from the process environment, with Flask-JWT-Extended's
    /// variable names and defaults, and checks it.
    ///
    /// Every `JWT_*` setting of Flask-JWT-Extended 4.7 is read (`JWT_SECRET_KEY`, falling
    /// back to Flask's `SECRET_KEY`, `JWT_ALGORITHM`, `JWT_TOKEN_LOCATION`, ...), plus this
    /// crate's `JWT_STRICT_CLAIMS` and `JWT_ALLOW_WEAK_SECRET`. Values: durations in whole
    /// seconds (`false` for no expiry), booleans as `true`/`false` (or `1`/`0`), lists
    /// comma-separated. A bad value is a [`ConfigError`] naming the variable.
    ///
    /// ```no_run
    /// use axum_jwt_login_runtime::JwtConfig;
    ///
    /// let config = JwtConfig::from_env()?;
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<JwtConfig, ConfigError> {
        JwtConfigBuilder::from_env()?.build()
    }

    /// Like [`from_env`](Self::from_env), from the given variables instead of the
    /// process environment.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{JwtConfig, TokenLocation};
    ///
    /// let config = JwtConfig::from_vars([
    ///     ("JWT_SECRET_KEY", "a secret of thirty-two bytes, or more"),
    ///     ("JWT_TOKEN_LOCATION", "headers, cookies"),
    /// ])?;
    /// assert_eq!(config.settings().token_location, [TokenLocation::Headers, TokenLocation::Cookies]);
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Result<JwtConfig, ConfigError>
    where
        K: Into<String>,
        V: Into<String>,
    {
        JwtConfigBuilder::from_vars(vars)?.build()
    }
}

impl JwtConfigBuilder {
    /// A builder filled from the process environment (see [`JwtConfig::from_env`]), to
    /// which the application can still add, e.g. an [`ErrorHook`](crate::ErrorHook).
    ///
    /// ```no_run
    /// use axum_jwt_login_runtime::JwtConfigBuilder;
    ///
    /// let config = JwtConfigBuilder::from_env()?.strict_claims(true).build()?;
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut vars = HashMap::new();
        for (name, value) in std::env::vars_os() {
            let Some(name) = name.to_str().map(str::to_owned) else {
                continue;
            };
            if name.starts_with("JWT_") || name == "SECRET_KEY" {
                match value.into_string() {
                    Ok(value) => vars.insert(name, value),
                    Err(_) => {
                        return Err(invalid(var_name(&name), "<not UTF-8>", "a UTF-8 value"));
                    }
                };
            }
        }
        read(&vars)
    }

    /// A builder filled from the given variables (see [`JwtConfig::from_vars`]).
    ///
    /// ```
    /// use axum_jwt_login_runtime::JwtConfigBuilder;
    ///
    /// let builder = JwtConfigBuilder::from_vars([("JWT_DECODE_LEEWAY", "10")])?;
    /// # Ok::<(), axum_jwt_login_runtime::ConfigError>(())
    /// ```
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Result<Self, ConfigError>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let vars = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        read(&vars)
    }
}

fn var_name(name: &str) -> &'static str {
    KNOWN
        .iter()
        .find(|known| **known == name)
        .copied()
        .unwrap_or("JWT_* variable")
}

fn read(vars: &HashMap<String, String>) -> Result<JwtConfigBuilder, ConfigError> {
    for name in vars.keys() {
        if name.starts_with("JWT_") && !KNOWN.contains(&name.as_str()) {
            tracing::warn!(variable = %name, "unknown JWT_* variable ignored; is it misspelt?");
        }
    }
    let env = Env(vars);
    let mut s = JwtSettings::default();
    if let Some(value) = env.get("JWT_ALGORITHM") {
        s.algorithm = parse_algorithm(value.trim())
            .ok_or_else(|| invalid("JWT_ALGORITHM", value, ALGORITHMS))?;
    }
    if let Some(value) = env
        .get("JWT_DECODE_ALGORITHMS")
        .filter(|v| !v.trim().is_empty())
    {
        s.decode_algorithms =
            env.list("JWT_DECODE_ALGORITHMS", value, ALGORITHMS, parse_algorithm)?;
    }
    env.string("JWT_IDENTITY_CLAIM", &mut s.identity_claim);
    env.expiry("JWT_ACCESS_TOKEN_EXPIRES", &mut s.access_expires)?;
    env.expiry("JWT_REFRESH_TOKEN_EXPIRES", &mut s.refresh_expires)?;
    if let Some(value) = env.get("JWT_TOKEN_LOCATION") {
        const EXPECTED: &str =
            "a comma-separated list of \"headers\", \"cookies\", \"query_string\" and \"json\"";
        s.token_location = env.list("JWT_TOKEN_LOCATION", value, EXPECTED, |item| {
            item.parse::<TokenLocation>().ok()
        })?;
    }
    if let Some(value) = env.get("JWT_DECODE_LEEWAY") {
        let seconds = value.trim().parse::<u64>().map_err(|_| {
            invalid(
                "JWT_DECODE_LEEWAY",
                value,
                "a whole number of seconds, 0 or more",
            )
        })?;
        s.leeway = Duration::from_secs(seconds);
    }
    env.optional_string("JWT_ENCODE_ISSUER", &mut s.encode_issuer);
    env.optional_string("JWT_DECODE_ISSUER", &mut s.decode_issuer);
    env.strings("JWT_ENCODE_AUDIENCE", &mut s.encode_audience)?;
    env.strings("JWT_DECODE_AUDIENCE", &mut s.decode_audience)?;
    env.bool("JWT_ENCODE_NBF", &mut s.encode_nbf)?;
    env.bool("JWT_VERIFY_SUB", &mut s.verify_sub)?;
    env.string("JWT_ERROR_MESSAGE_KEY", &mut s.error_message_key);
    env.string("JWT_HEADER_NAME", &mut s.header_name);
    env.string("JWT_HEADER_TYPE", &mut s.header_type);
    env.string("JWT_QUERY_STRING_NAME", &mut s.query_string_name);
    env.string(
        "JWT_QUERY_STRING_VALUE_PREFIX",
        &mut s.query_string_value_prefix,
    );
    env.string("JWT_JSON_KEY", &mut s.json_key);
    env.string("JWT_REFRESH_JSON_KEY", &mut s.refresh_json_key);
    let c = &mut s.cookies;
    env.string("JWT_ACCESS_COOKIE_NAME", &mut c.access_cookie_name);
    env.string("JWT_REFRESH_COOKIE_NAME", &mut c.refresh_cookie_name);
    env.string("JWT_ACCESS_COOKIE_PATH", &mut c.access_cookie_path);
    env.string("JWT_REFRESH_COOKIE_PATH", &mut c.refresh_cookie_path);
    env.bool("JWT_COOKIE_SECURE", &mut c.secure)?;
    env.optional_string("JWT_COOKIE_DOMAIN", &mut c.domain);
    env.bool("JWT_SESSION_COOKIE", &mut c.session_cookie)?;
    if let Some(value) = env.get("JWT_COOKIE_SAMESITE") {
        c.samesite = match value.trim().to_ascii_lowercase().as_str() {
            "" => None,
            "strict" => Some(SameSite::Strict),
            "lax" => Some(SameSite::Lax),
            "none" => Some(SameSite::None),
            _ => {
                return Err(invalid(
                    "JWT_COOKIE_SAMESITE",
                    value,
                    "`Strict`, `Lax`, `None`, or empty for no SameSite attribute",
                ));
            }
        };
    }
    let x = &mut s.csrf;
    env.bool("JWT_COOKIE_CSRF_PROTECT", &mut x.protect)?;
    if let Some(value) = env.get("JWT_CSRF_METHODS") {
        // Empty: no method is checked, as Flask's `JWT_CSRF_METHODS = []`.
        x.methods = if value.trim().is_empty() {
            Vec::new()
        } else {
            env.list(
                "JWT_CSRF_METHODS",
                value,
                "a comma-separated list of HTTP methods",
                |m| {
                    let upper = m.to_ascii_uppercase();
                    axum::http::Method::from_bytes(upper.as_bytes())
                        .ok()
                        .map(|_| upper)
                },
            )?
        };
    }
    env.bool("JWT_CSRF_IN_COOKIES", &mut x.in_cookies)?;
    env.string("JWT_ACCESS_CSRF_COOKIE_NAME", &mut x.access_cookie_name);
    env.string("JWT_REFRESH_CSRF_COOKIE_NAME", &mut x.refresh_cookie_name);
    env.string("JWT_ACCESS_CSRF_COOKIE_PATH", &mut x.access_cookie_path);
    env.string("JWT_REFRESH_CSRF_COOKIE_PATH", &mut x.refresh_cookie_path);
    env.string("JWT_ACCESS_CSRF_HEADER_NAME", &mut x.access_header_name);
    env.string("JWT_REFRESH_CSRF_HEADER_NAME", &mut x.refresh_header_name);
    env.bool("JWT_CSRF_CHECK_FORM", &mut x.check_form)?;
    env.string("JWT_ACCESS_CSRF_FIELD_NAME", &mut x.access_field_name);
    env.string("JWT_REFRESH_CSRF_FIELD_NAME", &mut x.refresh_field_name);
    env.bool("JWT_STRICT_CLAIMS", &mut s.strict_claims)?;
    env.bool("JWT_ALLOW_WEAK_SECRET", &mut s.allow_weak_secret)?;

    let mut builder = JwtConfigBuilder::from_settings(s);
    let (secret_var, secret) = match env
        .get("JWT_SECRET_KEY")
        .filter(|secret| !secret.is_empty())
    {
        Some(secret) => ("JWT_SECRET_KEY", Some(secret)),
        None => ("SECRET_KEY", env.get("SECRET_KEY")),
    };
    let keys = KeyMaterial {
        secret: secret.map(|secret| secret.as_bytes().to_vec()),
        secret_var,
        private_pem: env.get("JWT_PRIVATE_KEY").map(pem_bytes),
        public_pem: env.get("JWT_PUBLIC_KEY").map(pem_bytes),
    };
    builder.set_keys(keys);
    Ok(builder)
}

/// PEM keys in one-line variables often carry literal `\n` (or `\r\n`) escapes:
/// accept those as line breaks. A backslash never occurs in PEM itself.
fn pem_bytes(value: &str) -> Vec<u8> {
    value
        .replace("\\r\\n", "\n")
        .replace("\\n", "\n")
        .into_bytes()
}

fn invalid(var: &'static str, value: &str, expected: &'static str) -> ConfigError {
    ConfigError::InvalidValue {
        var,
        value: value.to_owned(),
        expected,
    }
}

struct Env<'a>(&'a HashMap<String, String>);

impl Env<'_> {
    fn get(&self, var: &str) -> Option<&str> {
        self.0.get(var).map(String::as_str)
    }

    fn string(&self, var: &'static str, target: &mut String) {
        if let Some(value) = self.get(var) {
            value.clone_into(target);
        }
    }

    /// An empty value means "not set", as Python's `None`.
    fn optional_string(&self, var: &'static str, target: &mut Option<String>) {
        if let Some(value) = self.get(var) {
            *target = Some(value.trim())
                .filter(|v| !v.is_empty())
                .map(str::to_owned);
        }
    }

    fn strings(&self, var: &'static str, target: &mut Vec<String>) -> Result<(), ConfigError> {
        if let Some(value) = self.get(var) {
            *target = if value.trim().is_empty() {
                Vec::new()
            } else {
                self.list(var, value, "a comma-separated list of names", |item| {
                    Some(item.to_owned())
                })?
            };
        }
        Ok(())
    }

    fn bool(&self, var: &'static str, target: &mut bool) -> Result<(), ConfigError> {
        if let Some(value) = self.get(var) {
            *target = match value.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => return Err(invalid(var, value, "`true` or `false`")),
            };
        }
        Ok(())
    }

    fn expiry(&self, var: &'static str, target: &mut Expiry) -> Result<(), ConfigError> {
        if let Some(value) = self.get(var) {
            const EXPECTED: &str =
                "a whole number of seconds above 0, or `false` for tokens that never expire";
            let trimmed = value.trim();
            *target = if trimmed.eq_ignore_ascii_case("false") {
                Expiry::Never
            } else {
                match trimmed.parse::<u64>() {
                    Ok(seconds) if seconds > 0 => Expiry::After(Duration::from_secs(seconds)),
                    _ => return Err(invalid(var, value, EXPECTED)),
                }
            };
        }
        Ok(())
    }

    fn list<T>(
        &self,
        var: &'static str,
        value: &str,
        expected: &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, ConfigError> {
        value
            .split(',')
            .map(|item| parse(item.trim()).ok_or_else(|| invalid(var, value, expected)))
            .collect()
    }
}
