//! The claim checks, in PyJWT's and Flask-JWT-Extended's order, since the order
//! decides which error a client sees when several apply.

use serde_json::{Map, Value};

use super::claims::{Claims, Fresh, TokenType};
use super::raw_claims::{RawClaims, RawType};
use crate::config::JwtSettings;
use crate::error::{AuthError, CsrfFailure, InvalidToken};

/// The claims, and whether `exp` has passed: expiry is reported only after every
/// other check, as Flask-JWT-Extended's second decode with `allow_expired` does.
pub(crate) struct Checked {
    pub claims: Claims,
    pub expired: bool,
}

pub(crate) fn check_claims(
    raw: RawClaims,
    settings: &JwtSettings,
    now: f64,
    csrf_value: Option<&str>,
) -> Result<Checked, AuthError> {
    let leeway = settings.leeway.as_secs_f64();

    let iat = time_claim(raw.iat.as_ref(), InvalidToken::IatNotInteger)?;
    if iat.is_some_and(|iat| iat as f64 > now + leeway) {
        return Err(InvalidToken::IssuedInTheFuture.into());
    }
    let nbf = time_claim(raw.nbf.as_ref(), InvalidToken::NbfNotInteger)?;
    if nbf.is_some_and(|nbf| nbf as f64 > now + leeway) {
        return Err(InvalidToken::NotYetValid.into());
    }
    let exp = time_claim(raw.exp.as_ref(), InvalidToken::ExpNotInteger)?;
    let expired = exp.is_some_and(|exp| exp as f64 <= now - leeway);

    if let Some(expected) = &settings.decode_issuer {
        check_issuer(&raw.extra, expected)?;
    }
    if !settings.decode_audience.is_empty() {
        check_audience(&raw.extra, &settings.decode_audience)?;
    }
    let identity_is_sub = settings.identity_claim == "sub";
    if settings.verify_sub {
        let sub = if identity_is_sub {
            raw.identity.as_ref()
        } else {
            raw.extra.get("sub")
        };
        if sub.is_some_and(|sub| !sub.is_string()) {
            return Err(InvalidToken::SubjectNotString.into());
        }
    }
    let jti = match raw.jti {
        None => None,
        Some(Value::String(jti)) => Some(jti),
        Some(_) => return Err(InvalidToken::JtiNotString.into()),
    };
    let identity = match raw.identity {
        None => {
            return Err(InvalidToken::MissingIdentityClaim(settings.identity_claim.clone()).into());
        }
        Some(Value::String(identity)) => identity,
        Some(Value::Number(number)) if number.is_i64() || number.is_u64() => number.to_string(),
        Some(_) => {
            return Err(InvalidToken::IdentityNotString(settings.identity_claim.clone()).into());
        }
    };
    let type_written = raw.token_type.is_some();
    let token_type = match raw.token_type {
        None => TokenType::Access,
        Some(RawType::Text(kind)) => kind,
        Some(RawType::NotText) => return Err(InvalidToken::TypeNotString.into()),
    };
    let fresh = match raw.fresh {
        None => Fresh::No,
        Some(Value::Bool(fresh)) => Fresh::from(fresh),
        Some(Value::Number(until)) => Fresh::Until(until.as_f64().unwrap_or(0.0)),
        Some(_) => return Err(InvalidToken::FreshNotBoolOrNumber.into()),
    };
    let csrf = match raw.csrf {
        None => None,
        Some(Value::String(csrf)) => Some(csrf),
        Some(_) => return Err(InvalidToken::CsrfNotString.into()),
    };
    if settings.strict_claims {
        for (name, present) in [
            ("exp", exp.is_some()),
            ("type", type_written),
            ("jti", jti.is_some()),
        ] {
            if !present {
                return Err(InvalidToken::MissingClaim(name.into()).into());
            }
        }
    }
    if let Some(presented) = csrf_value.filter(|value| !value.is_empty()) {
        let Some(expected) = &csrf else {
            return Err(InvalidToken::MissingCsrfClaim.into());
        };
        if !constant_time_eq(expected.as_bytes(), presented.as_bytes()) {
            return Err(CsrfFailure::Mismatch.into());
        }
    }
    let claims = Claims {
        identity,
        token_type,
        fresh,
        jti,
        iat,
        nbf,
        exp,
        csrf,
        extra: raw.extra,
    };
    Ok(Checked { claims, expired })
}

/// A NumericDate as PyJWT reads it, with Python's `int()`: integers, floats
/// (truncated), booleans (0 and 1) and strings of decimal digits.
fn time_claim(
    value: Option<&Value>,
    not_integer: InvalidToken,
) -> Result<Option<i64>, InvalidToken> {
    let Some(value) = value else { return Ok(None) };
    let seconds = match value {
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                Some(int)
            } else if number.is_u64() {
                Some(i64::MAX)
            } else {
                number
                    .as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.trunc().clamp(i64::MIN as f64, i64::MAX as f64) as i64)
            }
        }
        Value::Bool(flag) => Some(i64::from(*flag)),
        Value::String(text) => parse_python_int(text),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    };
    seconds.map(Some).ok_or(not_integer)
}

/// Python's `int(str)` for the forms a token could carry: surrounding white space, a
/// sign, ASCII digits. (Python's `_` separators and non-ASCII digits are refused.)
fn parse_python_int(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match trimmed.parse::<i64>() {
        Ok(int) => Some(int),
        Err(_) if trimmed.starts_with('-') => Some(i64::MIN),
        Err(_) => Some(i64::MAX),
    }
}

fn check_issuer(extra: &Map<String, Value>, expected: &str) -> Result<(), InvalidToken> {
    match extra.get("iss") {
        None => Err(InvalidToken::MissingClaim("iss".into())),
        Some(Value::String(iss)) if iss == expected => Ok(()),
        Some(Value::String(_)) => Err(InvalidToken::InvalidIssuer),
        Some(_) => Err(InvalidToken::IssuerNotString),
    }
}

fn check_audience(extra: &Map<String, Value>, accepted: &[String]) -> Result<(), InvalidToken> {
    let claimed: Vec<&str> = match extra.get("aud") {
        None => return Err(InvalidToken::MissingClaim("aud".into())),
        Some(aud) if is_falsy(aud) => return Err(InvalidToken::MissingClaim("aud".into())),
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().ok_or(InvalidToken::AudienceFormat))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(InvalidToken::AudienceFormat),
    };
    if accepted.iter().any(|aud| claimed.contains(&aud.as_str())) {
        Ok(())
    } else {
        Err(InvalidToken::AudienceMismatch)
    }
}

/// Python's truthiness, which PyJWT applies to `aud`.
fn is_falsy(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(flag) => !flag,
        Value::Number(number) => number.as_f64() == Some(0.0),
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
    }
}

/// Compares without an early exit, so timing does not reveal how much matched.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // `black_box` keeps the optimizer from turning the fold into an early exit.
    std::hint::black_box(a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y))) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn constant_time_eq_compares_whole_values() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"0b5c-csrf", b"0b5c-csrf"));
        assert!(!constant_time_eq(b"0b5c-csrf", b"0b5c-csrg"), "last byte");
        assert!(!constant_time_eq(b"0b5c-csrf", b"1b5c-csrf"), "first byte");
        assert!(!constant_time_eq(b"0b5c", b"0b5c-csrf"), "a prefix");
    }
}
