//! `?JWT_QUERY_STRING_NAME=JWT_QUERY_STRING_VALUE_PREFIX<JWT>`.

use std::borrow::Cow;

use axum::http::request::Parts;

use super::{FoundToken, Lookup};
use crate::config::{JwtSettings, TokenLocation};
use crate::error::AuthError;

pub(super) fn look<'a>(parts: &'a Parts, settings: &JwtSettings) -> Result<Lookup<'a>, AuthError> {
    let name = settings.query_string_name.as_str();
    let prefix = settings.query_string_value_prefix.as_str();
    // The first value of that name, percent-decoded, as `request.args.get` gives it.
    let value = parts
        .uri
        .query()
        .and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(key, _)| key == name)
                .map(|(_, value)| value)
        })
        .filter(|value| !value.is_empty());
    let Some(value) = value else {
        // (sic: "paramater" is Flask-JWT-Extended's spelling, kept for identical answers)
        return Ok(Lookup::Missing(format!("Missing '{name}' query paramater")));
    };
    if !value.starts_with(prefix) {
        return Err(AuthError::InvalidQueryParam(format!(
            "Invalid value for query parameter '{name}'. Expected the value to start with '{prefix}'"
        )));
    }
    // Borrowed from the URI unless it was percent-encoded.
    let token = match value {
        Cow::Borrowed(value) => Cow::Borrowed(&value[prefix.len()..]),
        Cow::Owned(value) => Cow::Owned(value[prefix.len()..].to_owned()),
    };
    Ok(Lookup::Found(FoundToken {
        token,
        csrf_value: None,
        location: TokenLocation::QueryString,
    }))
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn outcome(uri: &str, prefix: &str) -> String {
        let settings = JwtSettings {
            query_string_value_prefix: prefix.into(),
            ..JwtSettings::default()
        };
        let (parts, ()) = Request::builder().uri(uri).body(()).unwrap().into_parts();
        match look(&parts, &settings) {
            Ok(Lookup::Found(found)) => format!("token {}", found.token),
            Ok(Lookup::Missing(reason)) => format!("missing: {reason}"),
            Err(err) => format!("{}: {err}", err.status().as_u16()),
        }
    }

    #[test]
    fn flask_query_string_rules() {
        assert_eq!(outcome("/me", ""), "missing: Missing 'jwt' query paramater");
        assert_eq!(
            outcome("/me?jwt=", ""),
            "missing: Missing 'jwt' query paramater"
        );
        assert_eq!(outcome("/me?jwt=abc&jwt=def", ""), "token abc");
        assert_eq!(outcome("/me?%6Awt=a%2Eb+c", ""), "token a.b c");
        assert_eq!(outcome("/me?jwt=Bearer%20abc", "Bearer "), "token abc");
        assert_eq!(
            outcome("/me?jwt=abc", "Bearer "),
            "422: Invalid value for query parameter 'jwt'. Expected the value to start with 'Bearer '"
        );
    }
}
