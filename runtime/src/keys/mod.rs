//! Signing and verifying keys, the algorithm allow-list, and the crypto backend.

mod algorithms;
mod per_thread;
mod provider;

pub use algorithms::parse_algorithm;
pub(crate) use algorithms::{ALGORITHM_NAMES_EXPECTED, is_hmac};

use jsonwebtoken::crypto::{CryptoProvider, JwtVerifier};
use std::sync::Arc;

use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, EncodingKey};
use serde_json::{Map, Value};

use crate::config::{ConfigError, JwtSettings};

/// The key material as given, before it is checked. Its `Debug` shows no secret.
#[derive(Clone)]
pub(crate) struct KeyMaterial {
    pub secret: Option<Vec<u8>>,
    /// Where the secret came from, for messages: `JWT_SECRET_KEY` or Flask's `SECRET_KEY`.
    pub secret_var: &'static str,
    pub private_pem: Option<Vec<u8>>,
    pub public_pem: Option<Vec<u8>>,
}

impl Default for KeyMaterial {
    fn default() -> Self {
        KeyMaterial {
            secret: None,
            secret_var: "JWT_SECRET_KEY",
            private_pem: None,
            public_pem: None,
        }
    }
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |set: bool| if set { "[redacted]" } else { "None" };
        f.debug_struct("KeyMaterial")
            .field("secret", &shown(self.secret.is_some()))
            .field("private_pem", &shown(self.private_pem.is_some()))
            .field("public_pem", &shown(self.public_pem.is_some()))
            .finish()
    }
}

/// Checked keys: one algorithm family for signing and for every allowed decode
/// algorithm, so HMAC/public-key confusion cannot be configured.
pub(crate) struct KeySet {
    algorithm: Algorithm,
    allowed: Vec<Algorithm>,
    encoding: Option<EncodingKey>,
    decoding: DecodingKey,
    provider: &'static CryptoProvider,
    /// The header segment this engine (and PyJWT) writes for each allowed algorithm,
    /// with its parsed form.
    known_headers: Vec<(String, Arc<Map<String, Value>>)>,
    /// Names this key set's verifiers in the per-thread caches.
    id: u64,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field("algorithm", &self.algorithm)
            .field("allowed", &self.allowed)
            .field("signing_key", &self.encoding.as_ref().map(|_| "[redacted]"))
            .field("verifying_key", &"[redacted]")
            .finish()
    }
}

const MIN_SECRET_BYTES: usize = 32;

impl KeySet {
    pub(crate) fn new(settings: &JwtSettings, material: &KeyMaterial) -> Result<Self, ConfigError> {
        let provider = provider::crypto_provider()?;
        let algorithm = settings.algorithm;
        let allowed = algorithms::allow_list(algorithm, &settings.decode_algorithms)?;
        let (encoding, decoding) = match algorithm.family() {
            AlgorithmFamily::Hmac => hmac_keys(settings, material)?,
            family => public_keys(algorithm, family, material)?,
        };
        if algorithm.family() == AlgorithmFamily::Ec {
            check_curve(&decoding, &allowed, algorithm)?;
        }
        let known_headers = allowed
            .iter()
            .filter_map(|&allowed| {
                let segment = crate::token::default_header(allowed);
                let map = crate::token::parse_header_into(&segment, &mut Vec::new()).ok()?;
                Some((segment, Arc::new(map)))
            })
            .collect();
        let keys = KeySet {
            algorithm,
            allowed,
            encoding,
            decoding,
            provider,
            known_headers,
            id: per_thread::next_key_set_id(),
        };
        keys.check_pair()?;
        Ok(keys)
    }

    /// The parsed header, when `segment` is the usual header of an allowed algorithm.
    pub(crate) fn known_header(&self, segment: &str) -> Option<&Arc<Map<String, Value>>> {
        self.known_headers
            .iter()
            .find(|(known, _)| known == segment)
            .map(|(_, header)| header)
    }

    /// The signing algorithm (`JWT_ALGORITHM`).
    pub(crate) fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The decode allow-list, already checked against the key's family.
    pub(crate) fn allowed(&self) -> &[Algorithm] {
        &self.allowed
    }

    /// The signing key, absent for a verify-only configuration.
    pub(crate) fn encoding(&self) -> Option<&EncodingKey> {
        self.encoding.as_ref()
    }

    /// Verifies `signature` over `message` with `algorithm` (already allow-listed).
    #[allow(clippy::ptr_arg)] // the backend's `Verifier<Vec<u8>>` takes the signature so
    pub(crate) fn verify(&self, algorithm: Algorithm, message: &[u8], signature: &Vec<u8>) -> bool {
        let build = || (self.provider.verifier_factory)(&algorithm, &self.decoding).ok();
        let verify =
            |verifier: &(dyn JwtVerifier + 'static)| verify_with(verifier, message, signature);
        per_thread::with_kept(&per_thread::VERIFIERS, self.id, algorithm, build, verify)
            .unwrap_or(false)
    }

    /// Signs `message` with the signing key and algorithm. `None`: no signing key
    /// (or the backend cannot build a signer for it, which start-up rules out).
    pub(crate) fn sign(
        &self,
        message: &[u8],
    ) -> Option<Result<Vec<u8>, jsonwebtoken::signature::Error>> {
        let encoding = self.encoding.as_ref()?;
        let build = || (self.provider.signer_factory)(&self.algorithm, encoding).ok();
        let sign =
            |signer: &(dyn jsonwebtoken::crypto::JwtSigner + 'static)| signer.try_sign(message);
        per_thread::with_kept(&per_thread::SIGNERS, self.id, self.algorithm, build, sign)
    }

    /// Signs a probe with the private key and verifies it with the public key, so a
    /// mismatched pair is found at start-up rather than on every request.
    fn check_pair(&self) -> Result<(), ConfigError> {
        let Some(encoding) = &self.encoding else {
            return Ok(());
        };
        let probe = b"axum-jwt-login key pair check";
        let signature = (self.provider.signer_factory)(&self.algorithm, encoding)
            .and_then(|signer| Ok(signer.try_sign(probe)?))
            .map_err(|err| ConfigError::InvalidKey {
                var: key_var(self.algorithm, true),
                kind: key_kind(self.algorithm.family(), true),
                algorithm: format!("{:?}", self.algorithm),
                reason: err.to_string(),
            })?;
        if self.verify(self.algorithm, probe, &signature) {
            Ok(())
        } else {
            Err(ConfigError::KeyPairMismatch)
        }
    }
}

#[allow(clippy::ptr_arg)]
fn verify_with(verifier: &dyn JwtVerifier, message: &[u8], signature: &Vec<u8>) -> bool {
    verifier.verify(message, signature).is_ok()
}

fn hmac_keys(
    settings: &JwtSettings,
    material: &KeyMaterial,
) -> Result<(Option<EncodingKey>, DecodingKey), ConfigError> {
    let algorithm = format!("{:?}", settings.algorithm);
    let secret = match &material.secret {
        Some(secret) if !secret.is_empty() => secret,
        _ => return Err(ConfigError::MissingSecret { algorithm }),
    };
    if looks_like_asymmetric_key(secret) {
        return Err(ConfigError::SecretIsAsymmetricKey);
    }
    if secret.len() < MIN_SECRET_BYTES && !settings.allow_weak_secret {
        return Err(ConfigError::WeakSecret {
            var: material.secret_var,
            length: secret.len(),
            algorithm,
        });
    }
    let invalid = |err: jsonwebtoken::errors::Error| ConfigError::Invalid {
        var: material.secret_var,
        reason: format!("cannot be used as an HMAC key: {err}"),
    };
    let encoding = EncodingKey::from_secret(secret).map_err(invalid)?;
    let decoding = DecodingKey::from_secret(secret).map_err(invalid)?;
    Ok((Some(encoding), decoding))
}

/// PyJWT refuses these as HMAC secrets for the same reason.
fn looks_like_asymmetric_key(secret: &[u8]) -> bool {
    const MARKERS: [&[u8]; 6] = [
        b"-----BEGIN ",
        b"ssh-rsa ",
        b"ssh-ed25519 ",
        b"ecdsa-sha2-",
        b"ssh-dss ",
        b"-----BEGIN OPENSSH",
    ];
    let trimmed = secret.trim_ascii_start();
    MARKERS.iter().any(|marker| trimmed.starts_with(marker))
}

fn public_keys(
    algorithm: Algorithm,
    family: AlgorithmFamily,
    material: &KeyMaterial,
) -> Result<(Option<EncodingKey>, DecodingKey), ConfigError> {
    let name = format!("{algorithm:?}");
    let Some(public_pem) = &material.public_pem else {
        let hint = if material.secret.is_some() {
            " (JWT_SECRET_KEY is only used by HS256, HS384 and HS512)"
        } else {
            ""
        };
        return Err(ConfigError::MissingPublicKey {
            algorithm: name,
            hint,
        });
    };
    let invalid = |private: bool| {
        let name = name.clone();
        move |err: jsonwebtoken::errors::Error| ConfigError::InvalidKey {
            var: key_var(algorithm, private),
            kind: key_kind(family, private),
            algorithm: name,
            reason: err.to_string(),
        }
    };
    let decoding = match family {
        AlgorithmFamily::Rsa => DecodingKey::from_rsa_pem(public_pem),
        AlgorithmFamily::Ec => DecodingKey::from_ec_pem(public_pem),
        _ => DecodingKey::from_ed_pem(public_pem),
    }
    .map_err(invalid(false))?;
    let encoding = match &material.private_pem {
        None => None,
        Some(private_pem) => Some(
            match family {
                AlgorithmFamily::Rsa => EncodingKey::from_rsa_pem(private_pem),
                AlgorithmFamily::Ec => EncodingKey::from_ec_pem(private_pem),
                _ => EncodingKey::from_ed_pem(private_pem),
            }
            .map_err(invalid(true))?,
        ),
    };
    Ok((encoding, decoding))
}

/// An EC public key serves one curve: ES256 needs P-256, ES384 needs P-384. Checked
/// here so a verify-only configuration with the wrong curve fails at start-up.
fn check_curve(
    decoding: &DecodingKey,
    allowed: &[Algorithm],
    algorithm: Algorithm,
) -> Result<(), ConfigError> {
    // The uncompressed point: 0x04, then x and y of 32 (P-256) or 48 (P-384) bytes.
    let (curve, serves) = match decoding.try_get_as_bytes().map(<[u8]>::len) {
        Ok(65) => ("P-256", Algorithm::ES256),
        Ok(97) => ("P-384", Algorithm::ES384),
        _ => ("an unsupported curve", algorithm),
    };
    match allowed.iter().find(|candidate| **candidate != serves) {
        None if curve != "an unsupported curve" => Ok(()),
        other => Err(ConfigError::InvalidKey {
            var: "JWT_PUBLIC_KEY",
            kind: "EC public",
            algorithm: format!("{:?}", other.copied().unwrap_or(algorithm)),
            reason: format!("the key is on {curve}; ES256 needs P-256 and ES384 needs P-384"),
        }),
    }
}

fn key_var(algorithm: Algorithm, private: bool) -> &'static str {
    match (algorithm.family(), private) {
        (AlgorithmFamily::Hmac, _) => "JWT_SECRET_KEY",
        (_, true) => "JWT_PRIVATE_KEY",
        (_, false) => "JWT_PUBLIC_KEY",
    }
}

fn key_kind(family: AlgorithmFamily, private: bool) -> &'static str {
    match (family, private) {
        (AlgorithmFamily::Hmac, _) => "HMAC secret",
        (AlgorithmFamily::Rsa, true) => "RSA private",
        (AlgorithmFamily::Rsa, false) => "RSA public",
        (AlgorithmFamily::Ec, true) => "EC private",
        (AlgorithmFamily::Ec, false) => "EC public",
        (_, true) => "Ed25519 private",
        (_, false) => "Ed25519 public",
    }
}
