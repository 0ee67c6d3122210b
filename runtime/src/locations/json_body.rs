//! `{"access_token": "<JWT>", ...}` in a JSON body. [`JwtLayer`](crate::JwtLayer)
//! reads the body once (with a size limit), sets aside what the token search needs,
//! and hands the same bytes on, so the handler's own `Json<T>` still reads them.

use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde_json::Value;

use super::{FoundToken, Lookup};
use crate::config::{JwtSettings, TokenLocation};
use crate::error::{AuthError, InvalidToken};

/// What a JSON (or form) body holds for the token search, set by the layer.
#[derive(Debug, Clone, Default)]
pub(crate) struct BodyTokens {
    /// Whether the layer read the body (it reads JSON bodies when `json` is a location,
    /// and form bodies when CSRF values may come from a form field).
    pub buffered: bool,
    /// `Content-Type` is JSON, as Flask's `request.is_json` decides.
    pub is_json: bool,
    pub access: BodyValue,
    pub refresh: BodyValue,
    /// The CSRF form fields, by name.
    pub form_fields: Vec<(String, String)>,
}

/// A body key's value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum BodyValue {
    /// Absent, or falsy (`null`, `""`, `0`, `false`, `[]`, `{}`), or the body is not a
    /// JSON object.
    #[default]
    Absent,
    /// A string.
    Token(String),
    /// Present and truthy, but not a string.
    NotText,
}

impl BodyTokens {
    pub(crate) fn form_field(&self, name: &str) -> Option<String> {
        self.form_fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    }

    /// Reads a JSON body's token keys.
    pub(crate) fn from_json(bytes: &[u8], settings: &JwtSettings) -> Self {
        let mut tokens = BodyTokens {
            buffered: true,
            is_json: true,
            ..Self::default()
        };
        // Not JSON, or JSON but not an object: no token (Flask answers a list with 500).
        let Some(text) = python_json_text(bytes) else {
            return tokens;
        };
        let parsed = crate::python_json::parse(text.as_bytes(), |deserializer| {
            let value = <Value as serde::Deserialize>::deserialize(&mut *deserializer)?;
            deserializer.end().map(|()| value)
        });
        if let Ok(Value::Object(map)) = parsed {
            tokens.access = body_value(map.get(&settings.json_key));
            tokens.refresh = body_value(map.get(&settings.refresh_json_key));
        }
        tokens
    }

    /// Reads a form body's CSRF fields.
    pub(crate) fn from_form(bytes: &[u8], settings: &JwtSettings) -> Self {
        let wanted = [
            &settings.csrf.access_field_name,
            &settings.csrf.refresh_field_name,
        ];
        let mut form_fields: Vec<(String, String)> = Vec::new();
        for (key, value) in form_urlencoded::parse(bytes) {
            if wanted.iter().any(|name| **name == key)
                && !form_fields.iter().any(|(k, _)| *k == key)
            {
                form_fields.push((key.into_owned(), value.into_owned()));
            }
        }
        BodyTokens {
            buffered: true,
            form_fields,
            ..Self::default()
        }
    }
}

/// The body as text, decoded as Python's `json.loads(bytes)` decodes it (which Flask's
/// `request.json` uses): a UTF-8, UTF-16 or UTF-32 byte-order mark, or else the
/// encoding told by where the first zero bytes are. `None`: not text in that encoding.
fn python_json_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let utf16 = |body: &[u8], big: bool| {
        let units = body.chunks(2).map(|pair| match pair {
            [a, b] if big => Some(u16::from_be_bytes([*a, *b])),
            [a, b] => Some(u16::from_le_bytes([*a, *b])),
            _ => None,
        });
        let units: Option<Vec<u16>> = units.collect();
        String::from_utf16(&units?).ok().map(Cow::Owned)
    };
    let utf32 = |body: &[u8], big: bool| {
        body.chunks(4)
            .map(|quad| {
                let quad: [u8; 4] = quad.try_into().ok()?;
                char::from_u32(if big {
                    u32::from_be_bytes(quad)
                } else {
                    u32::from_le_bytes(quad)
                })
            })
            .collect::<Option<String>>()
            .map(Cow::Owned)
    };
    match bytes {
        [0, 0, 0xFE, 0xFF, rest @ ..] => utf32(rest, true),
        [0xFF, 0xFE, 0, 0, rest @ ..] => utf32(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest).ok().map(Cow::Borrowed),
        [0, b1, ..] if bytes.len() >= 4 => {
            if *b1 != 0 {
                utf16(bytes, true)
            } else {
                utf32(bytes, true)
            }
        }
        [_, 0, b2, b3, ..] => {
            if *b2 != 0 || *b3 != 0 {
                utf16(bytes, false)
            } else {
                utf32(bytes, false)
            }
        }
        [0, _] => utf16(bytes, true),
        [_, 0] => utf16(bytes, false),
        _ => std::str::from_utf8(bytes).ok().map(Cow::Borrowed),
    }
}

fn body_value(value: Option<&Value>) -> BodyValue {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(false)) => BodyValue::Absent,
        Some(Value::String(text)) if text.is_empty() => BodyValue::Absent,
        Some(Value::String(text)) => BodyValue::Token(text.clone()),
        Some(Value::Number(n)) if n.as_f64() == Some(0.0) => BodyValue::Absent,
        Some(Value::Array(items)) if items.is_empty() => BodyValue::Absent,
        Some(Value::Object(map)) if map.is_empty() => BodyValue::Absent,
        Some(_) => BodyValue::NotText,
    }
}

/// Flask's `request.is_json`: `application/json` or `application/*+json`.
pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    let Some(mime) = content_type(headers) else {
        return false;
    };
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// `application/x-www-form-urlencoded`.
pub(crate) fn is_form(headers: &HeaderMap) -> bool {
    content_type(headers).is_some_and(|mime| mime == "application/x-www-form-urlencoded")
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

pub(super) fn look<'a>(
    parts: &'a Parts,
    settings: &JwtSettings,
    refresh: bool,
) -> Result<Lookup<'a>, AuthError> {
    let key = if refresh {
        &settings.refresh_json_key
    } else {
        &settings.json_key
    };
    let body = parts.extensions.get::<BodyTokens>();
    if !is_json(&parts.headers) {
        return Ok(Lookup::Missing(
            "Invalid content-type. Must be application/json.".into(),
        ));
    }
    let Some(body) = body.filter(|body| body.buffered && body.is_json) else {
        return Err(AuthError::Misconfigured(
            "the `json` token location needs `JwtLayer` around the routes (jwt.layer()), which reads the JSON body once for the token and the handler",
        ));
    };
    match if refresh { &body.refresh } else { &body.access } {
        BodyValue::Absent => Ok(Lookup::Missing(format!(
            "Missing \"{key}\" key in json data."
        ))),
        BodyValue::NotText => Err(InvalidToken::NotAString.into()),
        BodyValue::Token(token) => Ok(Lookup::Found(FoundToken {
            token: std::borrow::Cow::Borrowed(token),
            csrf_value: None,
            location: TokenLocation::Json,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_as_flask_reads_them() {
        let settings = JwtSettings::default();
        let read = |body: &str| BodyTokens::from_json(body.as_bytes(), &settings).access;
        assert_eq!(
            read(r#"{"access_token":"abc","other":1}"#),
            BodyValue::Token("abc".into())
        );
        for absent in [
            r#"{}"#,
            r#"{"access_token":null}"#,
            r#"{"access_token":""}"#,
            r#"{"access_token":0}"#,
            "[1]",
            "5",
            "not json",
            "",
        ] {
            assert_eq!(read(absent), BodyValue::Absent, "{absent}");
        }
        for not_text in [
            r#"{"access_token":5}"#,
            r#"{"access_token":["a"]}"#,
            r#"{"access_token":true}"#,
        ] {
            assert_eq!(read(not_text), BodyValue::NotText, "{not_text}");
        }
        let refresh = BodyTokens::from_json(br#"{"refresh_token":"r"}"#, &settings).refresh;
        assert_eq!(refresh, BodyValue::Token("r".into()));
    }

    #[test]
    fn encodings_as_python_detects_them() {
        let settings = JwtSettings::default();
        let json = r#"{"access_token":"abc"}"#;
        let utf16le: Vec<u8> = json.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = json.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let utf32le: Vec<u8> = json
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        let utf32be: Vec<u8> = json
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        let bom8 = [&[0xEF, 0xBB, 0xBF][..], json.as_bytes()].concat();
        let bom16 = [&[0xFF, 0xFE][..], &utf16le].concat();
        let bom32 = [&[0, 0, 0xFE, 0xFF][..], &utf32be].concat();
        for body in [
            &json.as_bytes().to_vec(),
            &utf16le,
            &utf16be,
            &utf32le,
            &utf32be,
            &bom8,
            &bom16,
            &bom32,
        ] {
            assert_eq!(
                BodyTokens::from_json(body, &settings).access,
                BodyValue::Token("abc".into()),
                "{body:?}"
            );
        }
        assert_eq!(
            BodyTokens::from_json(&[0xEF, 0xBB, 0xBF, 0xFF], &settings).access,
            BodyValue::Absent
        );
        assert_eq!(
            BodyTokens::from_json(&[0xFF, 0xFE, 0x00], &settings).access,
            BodyValue::Absent
        );
    }

    #[test]
    fn content_types() {
        let headers = |value: &str| {
            let mut map = HeaderMap::new();
            map.insert(header::CONTENT_TYPE, value.parse().unwrap());
            map
        };
        assert!(is_json(&headers("application/json")));
        assert!(is_json(&headers("Application/JSON; charset=utf-8")));
        assert!(is_json(&headers("application/merge-patch+json")));
        assert!(!is_json(&headers("text/json")));
        assert!(!is_json(&HeaderMap::new()));
        assert!(is_form(&headers("application/x-www-form-urlencoded")));
    }
}
