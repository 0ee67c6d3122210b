//! Decoding and verifying a token, step by step as Flask-JWT-Extended 4.7 does.

use std::sync::Arc;

use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};

use super::claims::{DecodedToken, TokenType};
use super::compact::{self, Compact};
use super::raw_claims::parse_payload;
use super::validate::check_claims;
use crate::config::JwtConfig;
use crate::error::{AuthError, InvalidToken, Segment};

/// How [`JwtManager::decode_token_with`](crate::JwtManager::decode_token_with) decodes.
///
/// ```
/// use axum_jwt_login_runtime::{DecodeOptions, TokenType};
///
/// let options = DecodeOptions::new().expect_type(TokenType::Refresh).allow_expired(true);
/// assert!(options.allow_expired);
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DecodeOptions<'a> {
    /// The CSRF value presented with a cookie token; checked against the `csrf` claim.
    pub csrf_value: Option<&'a str>,
    /// Accept an expired token (Flask-JWT-Extended's `allow_expired`).
    pub allow_expired: bool,
    /// Require this token type: `Access` refuses refresh tokens, `Refresh` refuses all
    /// others. `None` (the default) accepts any, as `decode_token` does.
    pub expected_type: Option<TokenType>,
}

impl<'a> DecodeOptions<'a> {
    /// No CSRF value, expired tokens refused, any token type.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{
    ///     DecodeOptions, JwtConfig, JwtManager, TokenOptions, TokenType,
    /// };
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let refresh = jwt.create_refresh_token("alice", TokenOptions::new())?;
    /// // The defaults accept any token type, as `decode_token` does.
    /// let decoded = jwt.decode_token_with(&refresh, &DecodeOptions::new())?;
    /// assert_eq!(decoded.claims.token_type, TokenType::Refresh);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks this CSRF value against the token's `csrf` claim.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{DecodeOptions, JwtConfig, JwtManager, TokenOptions};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let token = jwt.create_access_token("alice", TokenOptions::new())?;
    /// let csrf = jwt.decode_token(&token)?.claims.csrf.ok_or("no csrf claim")?;
    /// assert!(jwt.decode_token_with(&token, &DecodeOptions::new().csrf_value(&csrf)).is_ok());
    /// let forged = jwt.decode_token_with(&token, &DecodeOptions::new().csrf_value("guess"));
    /// assert_eq!(forged.unwrap_err().to_string(), "CSRF double submit tokens do not match");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn csrf_value(mut self, value: &'a str) -> Self {
        self.csrf_value = Some(value);
        self
    }

    /// Accepts an expired token.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{DecodeOptions, JwtConfig, JwtManager, TokenOptions};
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let token = jwt.create_access_token("alice", TokenOptions::new().claim("exp", 1))?;
    /// assert_eq!(jwt.decode_token(&token).unwrap_err().to_string(), "Token has expired");
    /// let expired = jwt.decode_token_with(&token, &DecodeOptions::new().allow_expired(true))?;
    /// assert_eq!(expired.claims.exp, Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allow_expired(mut self, allow: bool) -> Self {
        self.allow_expired = allow;
        self
    }

    /// Requires this token type.
    ///
    /// ```
    /// use axum_jwt_login_runtime::{
    ///     DecodeOptions, JwtConfig, JwtManager, TokenOptions, TokenType,
    /// };
    ///
    /// let jwt = JwtManager::new(JwtConfig::builder().secret([9u8; 32]).build()?);
    /// let access_only = DecodeOptions::new().expect_type(TokenType::Access);
    /// let access = jwt.create_access_token("alice", TokenOptions::new())?;
    /// assert_eq!(jwt.decode_token_with(&access, &access_only)?.claims.identity, "alice");
    /// let refresh = jwt.create_refresh_token("alice", TokenOptions::new())?;
    /// let err = jwt.decode_token_with(&refresh, &access_only).unwrap_err();
    /// assert_eq!(err.to_string(), "Only non-refresh tokens are allowed");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expect_type(mut self, expected: TokenType) -> Self {
        self.expected_type = Some(expected);
        self
    }
}

pub(crate) fn decode(
    config: &JwtConfig,
    token: &str,
    options: &DecodeOptions<'_>,
) -> Result<DecodedToken, AuthError> {
    compact::with_scratch(|scratch| decode_with(config, token, options, scratch))
}

fn decode_with(
    config: &JwtConfig,
    token: &str,
    options: &DecodeOptions<'_>,
    scratch: &mut compact::Scratch,
) -> Result<DecodedToken, AuthError> {
    let parts = compact::split(token)?;
    // The usual header (`{"alg":...,"typ":"JWT"}` of an allowed algorithm) is known
    // already: no decoding, no parsing, one shared map.
    let header = match config.keys().known_header(parts.header) {
        Some(header) => header.clone(),
        None => Arc::new(parse_header_into(parts.header, &mut scratch.header)?),
    };
    let detached = header.get("b64") == Some(&Value::Bool(false));
    if detached && !parts.payload.is_empty() {
        return Err(bad_header(
            "Payload segment must be empty when 'b64' is false.",
        ));
    }
    if !detached {
        compact::decode_segment_into(parts.payload, Segment::Payload, &mut scratch.payload)?;
    }
    compact::decode_segment_into(parts.signature, Segment::Signature, &mut scratch.signature)?;
    check_header_parameters(&header)?;
    if detached {
        return Err(detached_payload_error(&header));
    }
    let settings = config.settings();
    let raw = parse_payload(&scratch.payload, &settings.identity_claim)?;

    let algorithm = allowed_algorithm(&header, config.keys().allowed())?;
    if !config.keys().verify(
        algorithm,
        parts.signing_input.as_bytes(),
        &scratch.signature,
    ) {
        return Err(InvalidToken::SignatureVerificationFailed.into());
    }

    let checked = check_claims(raw, settings, now(), options.csrf_value)?;
    let decoded = DecodedToken {
        header,
        claims: checked.claims,
    };
    if checked.expired && !options.allow_expired {
        return Err(AuthError::Expired(Box::new(decoded)));
    }
    match &options.expected_type {
        Some(TokenType::Refresh) if decoded.claims.token_type != TokenType::Refresh => {
            Err(InvalidToken::RefreshRequired.into())
        }
        Some(TokenType::Access | TokenType::Other(_))
            if decoded.claims.token_type == TokenType::Refresh =>
        {
            Err(InvalidToken::AccessRequired.into())
        }
        _ => Ok(decoded),
    }
}

/// The header of a token, unverified: the same parsing and header checks as a full
/// decode, no signature or claims check.
pub(crate) fn unverified_header(token: &str) -> Result<Map<String, Value>, AuthError> {
    let Compact {
        header,
        payload,
        signature,
        ..
    } = compact::split(token)?;
    let header_map = parse_header(header)?;
    let detached = header_map.get("b64") == Some(&Value::Bool(false));
    if detached && !payload.is_empty() {
        return Err(bad_header(
            "Payload segment must be empty when 'b64' is false.",
        ));
    }
    if !detached {
        compact::decode_segment(payload, Segment::Payload)?;
    }
    compact::decode_segment(signature, Segment::Signature)?;
    check_header_parameters(&header_map)?;
    Ok(header_map)
}

fn parse_header(segment: &str) -> Result<Map<String, Value>, InvalidToken> {
    parse_header_into(segment, &mut Vec::new())
}

/// Decodes the header segment into `buffer` and parses it.
pub(crate) fn parse_header_into(
    segment: &str,
    buffer: &mut Vec<u8>,
) -> Result<Map<String, Value>, InvalidToken> {
    compact::decode_segment_into(segment, Segment::Header, buffer)?;
    let parsed = crate::python_json::parse(buffer, |deserializer| {
        let value = <Value as serde::Deserialize>::deserialize(&mut *deserializer)?;
        deserializer.end().map(|()| value)
    });
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(InvalidToken::HeaderNotObject),
        Err(err) => Err(InvalidToken::HeaderNotJson(err.to_string())),
    }
}

/// PyJWT's `kid` and `crit` checks; `b64` is the only critical extension it knows.
fn check_header_parameters(header: &Map<String, Value>) -> Result<(), InvalidToken> {
    if header.get("kid").is_some_and(|kid| !kid.is_string()) {
        return Err(InvalidToken::KidNotString);
    }
    let Some(crit) = header.get("crit") else {
        return Ok(());
    };
    let extensions = match crit {
        Value::Array(items) if !items.is_empty() => items,
        _ => return Err(bad("Invalid 'crit' header: must be a non-empty list")),
    };
    for extension in extensions {
        let Some(name) = extension.as_str() else {
            return Err(bad("Invalid 'crit' header: values must be strings"));
        };
        if name != "b64" {
            return Err(InvalidToken::BadHeader(format!(
                "Unsupported critical extension: {name}"
            )));
        }
        if !header.contains_key(name) {
            return Err(InvalidToken::BadHeader(format!(
                "Critical extension '{name}' is missing from headers"
            )));
        }
    }
    Ok(())
}

/// RFC 7797 detached payloads are never what a login token is.
fn detached_payload_error(header: &Map<String, Value>) -> AuthError {
    let listed = header
        .get("crit")
        .and_then(Value::as_array)
        .is_some_and(|crit| crit.iter().any(|ext| ext == "b64"));
    if listed {
        bad_header(
            "It is required that you pass in a value for the \"detached_payload\" argument to decode a message having the b64 header set to false.",
        )
    } else {
        bad_header("The 'b64' header parameter requires 'b64' to be listed in 'crit'.")
    }
}

fn allowed_algorithm(
    header: &Map<String, Value>,
    allowed: &[Algorithm],
) -> Result<Algorithm, InvalidToken> {
    let name = match header.get("alg") {
        None => return Err(InvalidToken::AlgorithmNotSpecified),
        Some(Value::String(name)) => name,
        Some(_) => return Err(InvalidToken::AlgorithmNotAllowed),
    };
    allowed
        .iter()
        .copied()
        .find(|algorithm| algorithm_name(*algorithm) == name)
        .ok_or(InvalidToken::AlgorithmNotAllowed)
}

/// The JOSE name of an algorithm, without formatting on the request path.
fn algorithm_name(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::HS256 => "HS256",
        Algorithm::HS384 => "HS384",
        Algorithm::HS512 => "HS512",
        Algorithm::ES256 => "ES256",
        Algorithm::ES384 => "ES384",
        Algorithm::RS256 => "RS256",
        Algorithm::RS384 => "RS384",
        Algorithm::RS512 => "RS512",
        Algorithm::PS256 => "PS256",
        Algorithm::PS384 => "PS384",
        Algorithm::PS512 => "PS512",
        Algorithm::EdDSA => "EdDSA",
        _ => "",
    }
}

fn bad(message: &str) -> InvalidToken {
    InvalidToken::BadHeader(message.to_owned())
}

fn bad_header(message: &str) -> AuthError {
    bad(message).into()
}

/// Seconds since the epoch, with sub-second precision as PyJWT compares them.
pub(crate) fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |elapsed| elapsed.as_secs_f64())
}
