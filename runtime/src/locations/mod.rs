//! Where a token is found in a request: `headers`, `cookies`, `query_string` and
//! `json`, searched in the configured order with Flask-JWT-Extended's rules.
//!
//! Only a *missing* token moves the search to the next location; any other problem
//! (a malformed header, a missing CSRF value, a bad token) is the answer at once.

mod cookies;
mod headers;
mod json_body;
mod query_string;

#[cfg(fuzzing)]
pub(crate) use headers::{find as headers_find, find_general as headers_find_general};
pub(crate) use json_body::{BodyTokens, is_form, is_json};

use std::borrow::Cow;

use axum::http::request::Parts;

use crate::config::{JwtSettings, TokenLocation};
use crate::error::AuthError;

/// A token as found, with the CSRF value that came with it (cookies only); borrowed
/// from the request where it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundToken<'a> {
    /// The encoded token.
    pub token: Cow<'a, str>,
    /// The double-submit value presented with a cookie token on a checked method.
    pub csrf_value: Option<Cow<'a, str>>,
    /// Where it was found.
    pub location: TokenLocation,
}

/// What one location says: a token, or why there is none.
pub(crate) enum Lookup<'a> {
    Found(FoundToken<'a>),
    Missing(String),
}

/// Looks in one location. `Err` is an answer that stops the search.
pub(crate) fn look<'a>(
    location: TokenLocation,
    parts: &'a Parts,
    settings: &JwtSettings,
    refresh: bool,
) -> Result<Lookup<'a>, AuthError> {
    match location {
        TokenLocation::Headers => headers::look(parts, settings),
        TokenLocation::Cookies => cookies::look(parts, settings, refresh),
        TokenLocation::QueryString => query_string::look(parts, settings),
        TokenLocation::Json => json_body::look(parts, settings, refresh),
    }
}

/// The message when no location has a token, composed as Flask-JWT-Extended does.
pub(crate) fn missing_message(locations: &[TokenLocation], reasons: &[String]) -> String {
    match (locations, reasons) {
        ([_], [reason]) => reason.clone(),
        ([.., last], _) if locations.len() > 1 => {
            let start: Vec<&str> = locations[..locations.len() - 1]
                .iter()
                .map(|l| l.as_str())
                .collect();
            format!(
                "Missing JWT in {} or {} ({})",
                start.join(", "),
                last.as_str(),
                reasons.join("; ")
            )
        }
        _ => reasons.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_locations_are_named_in_order() {
        let locations = [
            TokenLocation::Headers,
            TokenLocation::Cookies,
            TokenLocation::Json,
        ];
        let reasons = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(
            missing_message(&locations, &reasons),
            "Missing JWT in headers, cookies or json (a; b; c)"
        );
        assert_eq!(
            missing_message(&locations[..2], &reasons[..2]),
            "Missing JWT in headers or cookies (a; b)"
        );
        assert_eq!(missing_message(&locations[..1], &reasons[..1]), "a");
    }
}
