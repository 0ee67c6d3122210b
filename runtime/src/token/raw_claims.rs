//! One pass over the payload JSON: the claims the engine checks are set aside as
//! they come, everything else is kept as JSON.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::claims::TokenType;
use crate::error::InvalidToken;

/// The payload before any check: known claims as raw JSON, in any type.
#[derive(Debug, Default)]
pub(crate) struct RawClaims {
    pub identity: Option<Value>,
    pub token_type: Option<RawType>,
    pub fresh: Option<Value>,
    pub jti: Option<Value>,
    pub iat: Option<Value>,
    pub nbf: Option<Value>,
    pub exp: Option<Value>,
    pub csrf: Option<Value>,
    pub extra: Map<String, Value>,
}

/// Parses a payload: not JSON, or JSON but not an object, gets PyJWT's message.
pub(crate) fn parse_payload(bytes: &[u8], identity_claim: &str) -> Result<RawClaims, InvalidToken> {
    let parsed = crate::python_json::parse(bytes, |deserializer| {
        RawClaimsSeed { identity_claim }
            .deserialize(&mut *deserializer)
            .and_then(|claims| deserializer.end().map(|()| claims))
    });
    parsed.map_err(|err| match err.classify() {
        serde_json::error::Category::Data => InvalidToken::PayloadNotObject,
        _ => InvalidToken::PayloadNotJson(err.to_string()),
    })
}

struct RawClaimsSeed<'s> {
    identity_claim: &'s str,
}

impl<'de> DeserializeSeed<'de> for RawClaimsSeed<'_> {
    type Value = RawClaims;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawClaims, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RawClaimsSeed<'_> {
    type Value = RawClaims;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawClaims, A::Error> {
        let mut claims = RawClaims::default();
        // A repeated key keeps its last value, as Python's json module does.
        while let Some(Key(key)) = map.next_key()? {
            if key.as_ref() == "type" && key.as_ref() != self.identity_claim {
                claims.token_type = Some(map.next_value::<RawType>()?);
                continue;
            }
            let slot = match key.as_ref() {
                name if name == self.identity_claim => &mut claims.identity,
                "fresh" => &mut claims.fresh,
                "jti" => &mut claims.jti,
                "iat" => &mut claims.iat,
                "nbf" => &mut claims.nbf,
                "exp" => &mut claims.exp,
                "csrf" => &mut claims.csrf,
                _ => {
                    let value = map.next_value()?;
                    claims.extra.insert(key.into_owned(), value);
                    continue;
                }
            };
            *slot = Some(map.next_value()?);
        }
        Ok(claims)
    }
}

/// A key borrowed from the payload when it has no escapes.
/// The `type` claim, read without allocating for `access` and `refresh`.
#[derive(Debug, PartialEq)]
pub(crate) enum RawType {
    Text(TokenType),
    NotText,
}

impl<'de> de::Deserialize<'de> for RawType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeVisitor;
        impl<'de> Visitor<'de> for TypeVisitor {
            type Value = RawType;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawType, E> {
                Ok(RawType::Text(TokenType::from_claim(v)))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawType, E> {
                Ok(RawType::NotText)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawType, E> {
                Ok(RawType::NotText)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawType, E> {
                Ok(RawType::NotText)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawType, E> {
                Ok(RawType::NotText)
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawType, E> {
                Ok(RawType::NotText)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawType, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(RawType::NotText)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawType, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RawType::NotText)
            }
        }
        deserializer.deserialize_any(TypeVisitor)
    }
}

struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a claim name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_claims_are_set_aside_and_the_rest_kept() {
        let raw = parse_payload(
            br#"{"sub":"a","type":"access","fresh":true,"jti":"j","iat":1,"nbf":2,"exp":3,"csrf":"c","role":"x","sub2":5}"#,
            "sub",
        )
        .unwrap();
        assert_eq!(raw.identity, Some(Value::from("a")));
        assert_eq!(raw.exp, Some(Value::from(3)));
        assert_eq!(raw.csrf, Some(Value::from("c")));
        assert_eq!(raw.extra.len(), 2);
        assert_eq!(raw.extra["role"], "x");
    }

    #[test]
    fn custom_identity_claim_leaves_sub_in_extra() {
        let raw = parse_payload(br#"{"identity":"a","sub":7}"#, "identity").unwrap();
        assert_eq!(raw.identity, Some(Value::from("a")));
        assert_eq!(raw.extra["sub"], 7);
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let raw = parse_payload(br#"{"sub":"a","sub":"b","x\u0041":1,"xA":2}"#, "sub").unwrap();
        assert_eq!(raw.identity, Some(Value::from("b")));
        assert_eq!(raw.extra["xA"], 2);
    }

    #[test]
    fn non_objects_and_non_json_get_pyjwt_messages() {
        for payload in [&b"[]"[..], b"1", b"\"x\"", b"null", b"true"] {
            assert_eq!(
                parse_payload(payload, "sub").unwrap_err(),
                InvalidToken::PayloadNotObject
            );
        }
        for payload in [&b""[..], b"{", b"{} x", b"\xff", b"{'a': 1}"] {
            let err = parse_payload(payload, "sub").unwrap_err();
            assert!(matches!(err, InvalidToken::PayloadNotJson(_)), "{err:?}");
            assert!(err.to_string().starts_with("Invalid payload string: "));
        }
    }
}
