//! `JWT_HEADER_NAME: JWT_HEADER_TYPE <JWT>`, parsed as Flask-JWT-Extended parses it.

use std::borrow::Cow;

use axum::http::request::Parts;

use super::{FoundToken, Lookup};
use crate::config::{JwtSettings, TokenLocation};
use crate::error::AuthError;

pub(super) fn look<'a>(parts: &'a Parts, settings: &JwtSettings) -> Result<Lookup<'a>, AuthError> {
    let name = settings.header_name.as_str();
    let mut values = parts.headers.get_all(name).iter();
    // The common case, one header of visible ASCII, is read where it lies.
    if let (Some(only), None) = (values.next(), values.next())
        && let Ok(value) = only.to_str()
    {
        return find(value, settings).map(|found| found.map_token(Cow::Borrowed));
    }
    // A WSGI server joins repeated headers with ", ", and the parser below splits them
    // again, so duplicate headers are judged as Flask judges them.
    let mut joined = String::new();
    for value in parts.headers.get_all(name) {
        if !joined.is_empty() {
            joined.push_str(", ");
        }
        joined.extend(value.as_bytes().iter().map(|&b| char::from(b))); // latin-1, as WSGI
    }
    find(&joined, settings).map(|found| found.map_token(|token| Cow::Owned(token.to_owned())))
}

/// What the header value holds: the token as a slice of it, or why there is none.
#[derive(Debug, PartialEq)]
pub(crate) enum InHeader<'v> {
    Token(&'v str),
    Missing(String),
}

impl<'v> InHeader<'v> {
    fn map_token<'a>(self, own: impl FnOnce(&'v str) -> Cow<'a, str>) -> Lookup<'a> {
        match self {
            InHeader::Token(token) => Lookup::Found(FoundToken {
                token: own(token),
                csrf_value: None,
                location: TokenLocation::Headers,
            }),
            InHeader::Missing(reason) => Lookup::Missing(reason),
        }
    }
}

pub(crate) fn find<'v>(value: &'v str, settings: &JwtSettings) -> Result<InHeader<'v>, AuthError> {
    let kind = settings.header_type.as_str();
    // The usual `Bearer <token>`, nothing else in it: what the rules below give too.
    if !kind.is_empty()
        && let Some(token) = value
            .strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix(' '))
        && !token.is_empty()
        && is_one_plain_word(token)
    {
        return Ok(InHeader::Token(token));
    }
    find_general(value, settings)
}

/// Flask-JWT-Extended's rules in full, for any header value.
pub(crate) fn find_general<'v>(
    value: &'v str,
    settings: &JwtSettings,
) -> Result<InHeader<'v>, AuthError> {
    let name = settings.header_name.as_str();
    let kind = settings.header_type.as_str();
    let value = value.trim_matches(char::is_whitespace).trim_matches(',');
    if value.is_empty() {
        return Ok(InHeader::Missing(format!("Missing {name} Header")));
    }
    let token = if kind.is_empty() {
        let mut words = value.split_whitespace();
        match (words.next(), words.next()) {
            (Some(token), None) => token,
            _ => {
                return Err(AuthError::InvalidHeader(format!(
                    "Bad {name} header. Expected '{name}: <JWT>'"
                )));
            }
        }
    } else {
        let mut matching =
            split_fields(value).filter(|field| field.split_whitespace().next() == Some(kind));
        let (Some(field), None) = (matching.next(), matching.next()) else {
            return Ok(InHeader::Missing(format!(
                "Missing '{kind}' type in '{name}' header. Expected '{name}: {kind} <JWT>'"
            )));
        };
        let mut words = field.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some(_), Some(token), None) => token,
            _ => {
                return Err(AuthError::InvalidHeader(format!(
                    "Bad {name} header. Expected '{name}: {kind} <JWT>'"
                )));
            }
        }
    };
    Ok(InHeader::Token(token))
}

/// Printable ASCII without space or comma. A fold without early exit, which the
/// compiler turns into wide comparisons over the token.
fn is_one_plain_word(text: &str) -> bool {
    text.bytes().fold(true, |plain, b| {
        plain & (b > b' ') & (b < 0x7f) & (b != b',')
    })
}

/// Python's `re.split(r",\s*", value)`.
fn split_fields(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').enumerate().map(|(index, field)| {
        if index == 0 {
            field
        } else {
            field.trim_start()
        }
    })
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn outcome(values: &[&str]) -> String {
        outcome_with(values, &JwtSettings::default())
    }

    fn outcome_with(values: &[&str], settings: &JwtSettings) -> String {
        let mut request = Request::builder();
        for value in values {
            request = request.header(settings.header_name.as_str(), *value);
        }
        let (parts, ()) = request.body(()).unwrap().into_parts();
        match look(&parts, settings) {
            Ok(Lookup::Found(found)) => format!("token {}", found.token),
            Ok(Lookup::Missing(reason)) => format!("missing: {reason}"),
            Err(err) => format!("{}: {err}", err.status().as_u16()),
        }
    }

    #[test]
    fn flask_jwt_extended_header_rules() {
        assert_eq!(outcome(&[]), "missing: Missing Authorization Header");
        assert_eq!(outcome(&["  "]), "missing: Missing Authorization Header");
        assert_eq!(outcome(&[","]), "missing: Missing Authorization Header");
        assert_eq!(outcome(&["Bearer abc"]), "token abc");
        assert_eq!(outcome(&["  Bearer   abc  "]), "token abc");
        assert_eq!(outcome(&["Basic dXNlcg==, Bearer abc"]), "token abc");
        assert_eq!(
            outcome(&["Basic dXNlcg=="]),
            "missing: Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"
        );
        assert_eq!(
            outcome(&["bearer abc"]),
            "missing: Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"
        );
        assert_eq!(
            outcome(&["Bearer"]),
            "422: Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"
        );
        assert_eq!(
            outcome(&["Bearer a b"]),
            "422: Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"
        );
        assert_eq!(
            outcome(&["Bearer abc", "Bearer def"]),
            "missing: Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'",
            "two Bearer values are as many as Flask sees after the server joins them"
        );
        assert_eq!(outcome(&["Bearer abc", "Basic x"]), "token abc");
    }

    #[test]
    fn custom_header_name_and_empty_type() {
        let settings = JwtSettings {
            header_name: "X-Token".into(),
            header_type: String::new(),
            ..JwtSettings::default()
        };
        assert_eq!(outcome_with(&["abc"], &settings), "token abc");
        assert_eq!(
            outcome_with(&[], &settings),
            "missing: Missing X-Token Header"
        );
        assert_eq!(
            outcome_with(&["Bearer abc"], &settings),
            "422: Bad X-Token header. Expected 'X-Token: <JWT>'"
        );
    }
}
