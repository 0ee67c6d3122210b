//! Every supported algorithm, the decode allow-list, and the key-confusion attacks
//! of RFC 8725 section 2.1 that the configuration makes impossible.

mod support;

use axum_jwt_login::{Algorithm, ConfigError, JwtConfig, JwtManager, TokenOptions};
use support::*;

const ALL: [Algorithm; 12] = [
    Algorithm::HS256,
    Algorithm::HS384,
    Algorithm::HS512,
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

#[test]
fn every_algorithm_mints_and_verifies_its_own_tokens() {
    for algorithm in ALL {
        let jwt = JwtManager::new(
            builder(algorithm)
                .build()
                .unwrap_or_else(|e| panic!("{algorithm:?}: {e}")),
        );
        let token = jwt
            .create_access_token("alice", TokenOptions::new().fresh(true))
            .unwrap();
        let decoded = jwt
            .decode_token(&token)
            .unwrap_or_else(|e| panic!("{algorithm:?}: {e}"));
        assert_eq!(decoded.header["alg"], format!("{algorithm:?}"));
        assert_eq!(decoded.header["typ"], "JWT");
        assert_eq!(decoded.claims.identity, "alice");
    }
}

#[test]
fn tokens_of_another_algorithm_are_not_allowed() {
    let hs512 = JwtManager::new(builder(Algorithm::HS512).build().unwrap());
    let token = hs512
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    assert_eq!(
        hs256().decode_token(&token).unwrap_err().to_string(),
        "The specified alg value is not allowed"
    );
    // ... unless the allow-list names it, with the same key family.
    let both = JwtManager::new(
        builder(Algorithm::HS256)
            .decode_algorithms([Algorithm::HS512])
            .build()
            .unwrap(),
    );
    assert_eq!(both.decode_token(&token).unwrap().claims.identity, "alice");
    // RS256 and PS256 share the RSA key.
    let ps = JwtManager::new(builder(Algorithm::PS256).build().unwrap());
    let rs = JwtManager::new(
        builder(Algorithm::RS256)
            .decode_algorithms([Algorithm::PS256])
            .build()
            .unwrap(),
    );
    let token = ps.create_access_token("bob", TokenOptions::new()).unwrap();
    assert_eq!(rs.decode_token(&token).unwrap().claims.identity, "bob");
}

/// The classic attack: HMAC-sign a token with the server's public key as secret.
#[test]
fn hmac_signed_with_the_public_key_is_refused() {
    for algorithm in [Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA] {
        let jwt = JwtManager::new(builder(algorithm).build().unwrap());
        let public = pem(key_files(algorithm).1);
        let message = format!(
            "{}.{}",
            b64(HS256_HEADER.as_bytes()),
            b64(payload("admin", "").as_bytes())
        );
        let key = jsonwebtoken::EncodingKey::from_secret(public.as_bytes()).unwrap();
        let signature =
            jsonwebtoken::crypto::sign(message.as_bytes(), &key, Algorithm::HS256).unwrap();
        let forged = format!("{message}.{signature}");
        assert_eq!(
            jwt.decode_token(&forged).unwrap_err().to_string(),
            "The specified alg value is not allowed",
            "{algorithm:?}"
        );
    }
}

#[test]
fn a_configuration_cannot_mix_hmac_and_public_key_algorithms() {
    let err = builder(Algorithm::RS256)
        .decode_algorithms([Algorithm::HS256])
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "JWT_DECODE_ALGORITHMS contains HS256, which cannot be verified with the key of JWT_ALGORITHM=RS256: \
         HMAC and public-key algorithms must never share a key (RFC 8725 section 2.1)"
    );
    let err = builder(Algorithm::HS256)
        .decode_algorithms([Algorithm::RS256])
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::MixedAlgorithmFamilies { .. }));
    let err = builder(Algorithm::ES256)
        .decode_algorithms([Algorithm::RS256])
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::MixedAlgorithmFamilies { .. }));
}

#[test]
fn a_public_key_is_never_an_hmac_secret() {
    let err = JwtConfig::builder()
        .secret(pem("rsa_public"))
        .build()
        .unwrap_err();
    assert_eq!(err, ConfigError::SecretIsAsymmetricKey);
    let err = JwtConfig::builder()
        .secret("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI and more bytes")
        .build()
        .unwrap_err();
    assert_eq!(err, ConfigError::SecretIsAsymmetricKey);
}

#[test]
fn weak_secrets_only_when_allowed() {
    let err = JwtConfig::builder().secret("short").build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "JWT_SECRET_KEY is 5 bytes long; HS256 needs at least 32 random bytes (RFC 7518 section 3.2). \
         Use a longer secret, or set JWT_ALLOW_WEAK_SECRET=true while migrating from a service that used this one"
    );
    let jwt = JwtManager::new(
        JwtConfig::builder()
            .secret("short")
            .allow_weak_secret(true)
            .build()
            .unwrap(),
    );
    let token = jwt.create_access_token("a", TokenOptions::new()).unwrap();
    assert!(jwt.decode_token(&token).is_ok());
}

#[test]
fn asymmetric_keys_are_checked_at_start_up() {
    let err = JwtConfig::builder()
        .algorithm(Algorithm::RS256)
        .secret(SECRET)
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "JWT_PUBLIC_KEY must be set to use asymmetric cryptography algorithm \"RS256\" \
         (JWT_SECRET_KEY is only used by HS256, HS384 and HS512)"
    );
    let err = JwtConfig::builder()
        .algorithm(Algorithm::RS256)
        .private_key_pem(pem("rsa_private"))
        .public_key_pem(pem("rsa_other_public"))
        .build()
        .unwrap_err();
    assert_eq!(err, ConfigError::KeyPairMismatch);
    let err = JwtConfig::builder()
        .algorithm(Algorithm::RS256)
        .private_key_pem(pem("rsa_private"))
        .public_key_pem("not a key")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("JWT_PUBLIC_KEY is not a valid RSA public key in PEM form for RS256: "),
        "{err}"
    );
    let err = JwtConfig::builder()
        .algorithm(Algorithm::RS256)
        .private_key_pem(pem("ec256_private"))
        .public_key_pem(pem("rsa_public"))
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("JWT_PRIVATE_KEY is not a valid RSA private key"),
        "{err}"
    );
    let err = JwtConfig::builder()
        .algorithm(Algorithm::ES256)
        .private_key_pem(pem("ec256_private"))
        .public_key_pem(pem("ec384_public"))
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::KeyPairMismatch | ConfigError::InvalidKey { .. }
        ),
        "{err}"
    );
    let debug = format!("{:?}", builder(Algorithm::RS256));
    assert!(!debug.contains("PRIVATE KEY"), "{debug}");
}

#[test]
fn a_public_key_alone_verifies_but_cannot_mint() {
    let signer = JwtManager::new(builder(Algorithm::ES256).build().unwrap());
    let verifier = JwtManager::new(
        JwtConfig::builder()
            .algorithm(Algorithm::ES256)
            .public_key_pem(pem("ec256_public"))
            .build()
            .unwrap(),
    );
    let token = signer
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    assert_eq!(
        verifier.decode_token(&token).unwrap().claims.identity,
        "alice"
    );
    assert_eq!(
        verifier
            .create_access_token("alice", TokenOptions::new())
            .unwrap_err()
            .to_string(),
        "cannot mint tokens: JWT_PRIVATE_KEY is not set, this configuration only verifies"
    );
}

#[test]
fn a_signature_from_another_key_pair_fails() {
    let rs = JwtManager::new(builder(Algorithm::RS256).build().unwrap());
    let other = JwtManager::new(
        JwtConfig::builder()
            .algorithm(Algorithm::RS256)
            .public_key_pem(pem("rsa_other_public"))
            .build()
            .unwrap(),
    );
    let token = rs
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    assert_eq!(
        other.decode_token(&token).unwrap_err().to_string(),
        "Signature verification failed"
    );
}
