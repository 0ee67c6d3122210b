//! Checks of settings that do not involve keys.

use axum::http::{HeaderName, Method};

use super::{ConfigError, Expiry, JwtSettings, TokenLocation};

/// Claims that the token engine writes itself; the identity cannot be one of them.
const RESERVED_CLAIMS: [&str; 9] = [
    "type", "fresh", "jti", "iat", "nbf", "exp", "csrf", "iss", "aud",
];

pub(super) fn check_settings(s: &JwtSettings) -> Result<(), ConfigError> {
    let invalid = |var: &'static str, reason: &str| ConfigError::Invalid {
        var,
        reason: reason.into(),
    };

    if s.identity_claim.is_empty() {
        return Err(invalid("JWT_IDENTITY_CLAIM", "cannot be empty"));
    }
    if RESERVED_CLAIMS.contains(&s.identity_claim.as_str()) {
        return Err(ConfigError::Invalid {
            var: "JWT_IDENTITY_CLAIM",
            reason: format!(
                "cannot be `{}`: the token engine writes that claim itself",
                s.identity_claim
            ),
        });
    }
    check_expiry("JWT_ACCESS_TOKEN_EXPIRES", s.access_expires)?;
    check_expiry("JWT_REFRESH_TOKEN_EXPIRES", s.refresh_expires)?;
    check_locations(&s.token_location)?;
    if s.error_message_key.is_empty() {
        return Err(invalid("JWT_ERROR_MESSAGE_KEY", "cannot be empty"));
    }
    check_header_name("JWT_HEADER_NAME", &s.header_name)?;
    if s.header_type.chars().any(char::is_whitespace) {
        return Err(invalid("JWT_HEADER_TYPE", "cannot contain white space"));
    }
    for (var, value) in [
        ("JWT_QUERY_STRING_NAME", &s.query_string_name),
        ("JWT_JSON_KEY", &s.json_key),
        ("JWT_REFRESH_JSON_KEY", &s.refresh_json_key),
        ("JWT_ACCESS_CSRF_FIELD_NAME", &s.csrf.access_field_name),
        ("JWT_REFRESH_CSRF_FIELD_NAME", &s.csrf.refresh_field_name),
    ] {
        if value.is_empty() {
            return Err(invalid(var, "cannot be empty"));
        }
    }
    for (var, value) in [
        ("JWT_ACCESS_COOKIE_NAME", &s.cookies.access_cookie_name),
        ("JWT_REFRESH_COOKIE_NAME", &s.cookies.refresh_cookie_name),
        ("JWT_ACCESS_CSRF_COOKIE_NAME", &s.csrf.access_cookie_name),
        ("JWT_REFRESH_CSRF_COOKIE_NAME", &s.csrf.refresh_cookie_name),
    ] {
        check_cookie_name(var, value)?;
    }
    for (var, value) in [
        ("JWT_ACCESS_COOKIE_PATH", &s.cookies.access_cookie_path),
        ("JWT_REFRESH_COOKIE_PATH", &s.cookies.refresh_cookie_path),
        ("JWT_ACCESS_CSRF_COOKIE_PATH", &s.csrf.access_cookie_path),
        ("JWT_REFRESH_CSRF_COOKIE_PATH", &s.csrf.refresh_cookie_path),
    ] {
        if !value.starts_with('/') || value.bytes().any(|b| b == b';' || b.is_ascii_control()) {
            return Err(invalid(
                var,
                "must be a path that starts with `/` and has no `;`",
            ));
        }
    }
    if let Some(domain) = &s.cookies.domain
        && (domain.is_empty() || domain.bytes().any(|b| b == b';' || b <= b' ' || b >= 0x7f))
    {
        return Err(invalid("JWT_COOKIE_DOMAIN", "must be a domain name"));
    }
    check_header_name("JWT_ACCESS_CSRF_HEADER_NAME", &s.csrf.access_header_name)?;
    check_header_name("JWT_REFRESH_CSRF_HEADER_NAME", &s.csrf.refresh_header_name)?;
    for method in &s.csrf.methods {
        if Method::from_bytes(method.as_bytes()).is_err() || method.to_ascii_uppercase() != *method
        {
            return Err(ConfigError::Invalid {
                var: "JWT_CSRF_METHODS",
                reason: format!("contains `{method}`, which is not an upper-case HTTP method"),
            });
        }
    }
    if s.encode_issuer.as_deref() == Some("") {
        return Err(invalid("JWT_ENCODE_ISSUER", "cannot be empty"));
    }
    if s.decode_issuer.as_deref() == Some("") {
        return Err(invalid("JWT_DECODE_ISSUER", "cannot be empty"));
    }
    if s.encode_audience.iter().any(String::is_empty) {
        return Err(invalid(
            "JWT_ENCODE_AUDIENCE",
            "cannot contain an empty audience",
        ));
    }
    if s.decode_audience.iter().any(String::is_empty) {
        return Err(invalid(
            "JWT_DECODE_AUDIENCE",
            "cannot contain an empty audience",
        ));
    }
    Ok(())
}

/// A hundred years: any longer is a mistake, and far longer would overflow `exp`.
const MAX_EXPIRY_SECONDS: u64 = 100 * 365 * 24 * 3600;

fn check_expiry(var: &'static str, expiry: Expiry) -> Result<(), ConfigError> {
    match expiry {
        Expiry::After(duration) if duration.as_secs() > MAX_EXPIRY_SECONDS => Err(ConfigError::Invalid {
            var,
            reason: format!(
                "is over a hundred years ({} seconds); use Expiry::Never (`false`) for tokens that never expire",
                duration.as_secs()
            ),
        }),
        Expiry::After(duration) if duration.as_secs() == 0 => Err(ConfigError::Invalid {
            var,
            reason: "must be at least one second; use Expiry::Never (`false`) for tokens that never expire".into(),
        }),
        _ => Ok(()),
    }
}

fn check_locations(locations: &[TokenLocation]) -> Result<(), ConfigError> {
    if locations.is_empty() {
        return Err(ConfigError::Invalid {
            var: "JWT_TOKEN_LOCATION",
            reason: "must contain at least one of \"headers\", \"cookies\", \"query_string\", or \"json\"".into(),
        });
    }
    for (index, location) in locations.iter().enumerate() {
        if locations[..index].contains(location) {
            return Err(ConfigError::Invalid {
                var: "JWT_TOKEN_LOCATION",
                reason: format!("names \"{location}\" twice"),
            });
        }
    }
    Ok(())
}

fn check_header_name(var: &'static str, name: &str) -> Result<(), ConfigError> {
    if name.is_empty() {
        return Err(ConfigError::Invalid {
            var,
            reason: "cannot be empty".into(),
        });
    }
    HeaderName::from_bytes(name.as_bytes())
        .map(drop)
        .map_err(|_| ConfigError::Invalid {
            var,
            reason: format!("`{name}` is not a valid HTTP header name"),
        })
}

/// A cookie name is an RFC 6265 token: visible ASCII without separators.
fn check_cookie_name(var: &'static str, name: &str) -> Result<(), ConfigError> {
    const SEPARATORS: &[u8] = b"()<>@,;:\\\"/[]?={} \t";
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !SEPARATORS.contains(&b));
    if valid {
        Ok(())
    } else {
        Err(ConfigError::Invalid {
            var,
            reason: format!("`{name}` is not a valid cookie name"),
        })
    }
}
