//! Why a configuration was refused at start-up.

/// A configuration that cannot be used. Start-up fails with it; nothing is guessed.
///
/// Every message names the setting by its `JWT_*` variable, also when the value came
/// from the builder, and never repeats a secret or a key.
///
/// ```
/// use axum_jwt_login_runtime::JwtConfig;
///
/// let err = JwtConfig::from_vars([("JWT_SECRET_KEY", "x".repeat(32)), ("JWT_ACCESS_TOKEN_EXPIRES", "abc".into())])
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "JWT_ACCESS_TOKEN_EXPIRES=\"abc\" is not valid: expected a whole number of seconds above 0, or `false` for tokens that never expire"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A setting has a value of the wrong form.
    #[error("{var}={value:?} is not valid: expected {expected}")]
    InvalidValue {
        /// The `JWT_*` name of the setting.
        var: &'static str,
        /// The value as given.
        value: String,
        /// What the setting takes.
        expected: &'static str,
    },
    /// A symmetric algorithm is configured but no secret is.
    #[error(
        "JWT_SECRET_KEY (or SECRET_KEY) must be set when using symmetric algorithm \"{algorithm}\""
    )]
    MissingSecret {
        /// The configured `JWT_ALGORITHM`.
        algorithm: String,
    },
    /// The HMAC secret is shorter than 32 bytes and weak secrets are not allowed.
    #[error(
        "{var} is {length} bytes long; {algorithm} needs at least 32 random bytes \
         (RFC 7518 section 3.2). Use a longer secret, or set JWT_ALLOW_WEAK_SECRET=true \
         while migrating from a service that used this one"
    )]
    WeakSecret {
        /// `JWT_SECRET_KEY`, or Flask's `SECRET_KEY` when the secret came from there.
        var: &'static str,
        /// The secret's length in bytes.
        length: usize,
        /// The configured `JWT_ALGORITHM`.
        algorithm: String,
    },
    /// The HMAC secret is a PEM or SSH key: a public key used as an HMAC secret is
    /// the key-confusion attack of RFC 8725 section 2.1.
    #[error(
        "JWT_SECRET_KEY looks like a PEM or SSH key; an asymmetric key must not be used \
         as an HMAC secret: set JWT_ALGORITHM to its algorithm and use JWT_PRIVATE_KEY / JWT_PUBLIC_KEY"
    )]
    SecretIsAsymmetricKey,
    /// An asymmetric algorithm is configured without its public key.
    #[error(
        "JWT_PUBLIC_KEY must be set to use asymmetric cryptography algorithm \"{algorithm}\"{hint}"
    )]
    MissingPublicKey {
        /// The configured `JWT_ALGORITHM`.
        algorithm: String,
        /// A hint when a secret was set instead.
        hint: &'static str,
    },
    /// A PEM key cannot be read for the configured algorithm.
    #[error("{var} is not a valid {kind} key in PEM form for {algorithm}: {reason}")]
    InvalidKey {
        /// `JWT_PRIVATE_KEY` or `JWT_PUBLIC_KEY`.
        var: &'static str,
        /// What key was expected (`RSA private`, `EC public`, ...).
        kind: &'static str,
        /// The configured `JWT_ALGORITHM`.
        algorithm: String,
        /// What the parser said.
        reason: String,
    },
    /// The public key does not verify what the private key signs.
    #[error("JWT_PUBLIC_KEY does not verify what JWT_PRIVATE_KEY signs: they are not one key pair")]
    KeyPairMismatch,
    /// The decode allow-list names an algorithm that the decode key cannot serve.
    #[error(
        "JWT_DECODE_ALGORITHMS contains {algorithm}, which cannot be verified with the key of \
         JWT_ALGORITHM={configured}: HMAC and public-key algorithms must never share a key (RFC 8725 section 2.1)"
    )]
    MixedAlgorithmFamilies {
        /// The offending algorithm.
        algorithm: String,
        /// The configured `JWT_ALGORITHM`.
        configured: String,
    },
    /// A setting is empty or contradicts another.
    #[error("{var} {reason}")]
    Invalid {
        /// The `JWT_*` name of the setting.
        var: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The operating system could not give random bytes for a
    /// [`random_secret`](crate::JwtConfigBuilder::random_secret).
    #[error("could not draw a random JWT_SECRET_KEY from the operating system: {0}")]
    NoRandomness(String),
    /// No single cryptographic backend is available.
    #[error("{0}")]
    CryptoProvider(&'static str),
}
