//! Why a token was refused as invalid (HTTP 422), with PyJWT's and Flask-JWT-Extended's texts.

/// One reason why a token is not a valid JWT for this service.
///
/// The [`Display`](std::fmt::Display) text of each variant is the message that
/// Flask-JWT-Extended 4.7 (through PyJWT) sends for the same failure, so a client
/// sees the same `{"msg": ...}` from either server.
///
/// ```
/// use axum_jwt_login_runtime::InvalidToken;
///
/// assert_eq!(InvalidToken::NotEnoughSegments.to_string(), "Not enough segments");
/// assert_eq!(
///     InvalidToken::MissingClaim("aud".into()).to_string(),
///     "Token is missing the \"aud\" claim"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidToken {
    /// The token does not have three dot-separated segments.
    #[error("Not enough segments")]
    NotEnoughSegments,
    /// A segment is not canonical unpadded (or correctly padded) base64url.
    #[error("Invalid {0} padding")]
    InvalidPadding(Segment),
    /// The header segment is not JSON.
    #[error("Invalid header string: {0}")]
    HeaderNotJson(String),
    /// The header segment is JSON but not an object.
    #[error("Invalid header string: must be a json object")]
    HeaderNotObject,
    /// The payload segment is not JSON.
    #[error("Invalid payload string: {0}")]
    PayloadNotJson(String),
    /// The payload segment is JSON but not an object.
    #[error("Invalid payload string: must be a json object")]
    PayloadNotObject,
    /// The header's `kid` is not a string.
    #[error("Key ID header parameter must be a string")]
    KidNotString,
    /// The header's `crit` or `b64` parameters cannot be honoured (PyJWT's texts).
    #[error("{0}")]
    BadHeader(String),
    /// The header has no `alg`.
    #[error("Algorithm not specified")]
    AlgorithmNotSpecified,
    /// The header's `alg` is not in the decode allow-list (this includes `none`).
    #[error("The specified alg value is not allowed")]
    AlgorithmNotAllowed,
    /// The signature does not match.
    #[error("Signature verification failed")]
    SignatureVerificationFailed,
    /// `iat` is not an integer.
    #[error("Issued At claim (iat) must be an integer.")]
    IatNotInteger,
    /// `iat` is in the future, past the leeway.
    #[error("The token is not yet valid (iat)")]
    IssuedInTheFuture,
    /// `nbf` is not an integer.
    #[error("Not Before claim (nbf) must be an integer.")]
    NbfNotInteger,
    /// `nbf` is in the future, past the leeway.
    #[error("The token is not yet valid (nbf)")]
    NotYetValid,
    /// `exp` is not an integer.
    #[error("Expiration Time claim (exp) must be an integer.")]
    ExpNotInteger,
    /// A claim required by the configuration (`iss`, `aud`, or in strict mode `exp`,
    /// `type`, `jti`) is absent.
    #[error("Token is missing the \"{0}\" claim")]
    MissingClaim(String),
    /// `iss` is not a string.
    #[error("Payload Issuer (iss) must be a string")]
    IssuerNotString,
    /// `iss` is not the configured issuer.
    #[error("Invalid issuer")]
    InvalidIssuer,
    /// `aud` is neither a string nor a list of strings.
    #[error("Invalid claim format in token")]
    AudienceFormat,
    /// `aud` names none of the configured audiences.
    #[error("Audience doesn't match")]
    AudienceMismatch,
    /// The token has an `aud` although the service expects none.
    #[error("Invalid audience")]
    UnexpectedAudience,
    /// `sub` is present but not a string (RFC 7519, PyJWT's `verify_sub`).
    #[error("Subject must be a string")]
    SubjectNotString,
    /// `jti` is present but not a string.
    #[error("JWT ID must be a string")]
    JtiNotString,
    /// The configured identity claim is absent.
    #[error("Missing claim: {0}")]
    MissingIdentityClaim(String),
    /// A custom identity claim holds something other than a string or an integer.
    #[error("Identity claim ({0}) must be a string or an integer")]
    IdentityNotString(String),
    /// `fresh` is neither a boolean nor a timestamp.
    #[error("Fresh claim (fresh) must be a boolean or a number")]
    FreshNotBoolOrNumber,
    /// `type` is not a string.
    #[error("Token type claim (type) must be a string")]
    TypeNotString,
    /// `csrf` is not a string.
    #[error("CSRF claim (csrf) must be a string")]
    CsrfNotString,
    /// A CSRF value was presented but the token carries no `csrf` claim.
    #[error("Missing claim: csrf")]
    MissingCsrfClaim,
    /// The JSON body's token key holds something other than a string.
    #[error("Invalid token type. Token must be a <class 'bytes'>")]
    NotAString,
    /// An access token was presented where a refresh token is required.
    #[error("Only refresh tokens are allowed")]
    RefreshRequired,
    /// A refresh token was presented where an access token is required.
    #[error("Only non-refresh tokens are allowed")]
    AccessRequired,
}

/// The part of a compact JWT that a [`InvalidToken::InvalidPadding`] refers to,
/// named as PyJWT names it.
///
/// ```
/// use axum_jwt_login_runtime::{InvalidToken, Segment};
///
/// assert_eq!(InvalidToken::InvalidPadding(Segment::Signature).to_string(), "Invalid crypto padding");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// The first segment.
    Header,
    /// The second segment.
    Payload,
    /// The third segment.
    Signature,
}

impl std::fmt::Display for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "crypto",
        })
    }
}
