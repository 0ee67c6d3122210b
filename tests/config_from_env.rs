//! `JwtConfig::from_vars` and `JwtConfigBuilder::from_vars`: every variable read from
//! the environment, each with a value that is taken (and the setting it gives) and a
//! value that is refused (and the exact message, which names the variable).

mod support;

use std::time::Duration;

use axum_jwt_login::{
    Algorithm, ConfigError, Expiry, JwtConfig, JwtConfigBuilder, JwtManager, JwtSettings, SameSite,
    TokenLocation, TokenOptions,
};
use support::{SECRET, pem};

/// What `JWT_ALGORITHM` and `JWT_DECODE_ALGORITHMS` take, as the messages say it.
const ALGORITHMS: &str =
    "one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, EdDSA";

/// A second 32-byte secret, different from [`SECRET`].
const OTHER_SECRET: &str = "another-secret-of-32-bytes-long!";

/// `JWT_SECRET_KEY` = [`SECRET`], then `vars` (a later value of a variable wins).
fn with_secret(vars: &[(&str, &str)]) -> Vec<(String, String)> {
    std::iter::once(("JWT_SECRET_KEY", SECRET))
        .chain(vars.iter().copied())
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

/// The settings of the configuration built from [`SECRET`] and `vars`.
fn settings(vars: &[(&str, &str)]) -> JwtSettings {
    match JwtConfig::from_vars(with_secret(vars)) {
        Ok(config) => config.settings().clone(),
        Err(err) => panic!("{vars:?} should be accepted, got: {err}"),
    }
}

/// The message of the refusal of [`SECRET`] and `vars`.
fn refusal(vars: &[(&str, &str)]) -> String {
    refusal_of(with_secret(vars))
}

/// The message of the refusal of exactly these variables.
fn refusal_of<K: Into<String>, V: Into<String>>(vars: Vec<(K, V)>) -> String {
    match JwtConfig::from_vars(vars) {
        Ok(config) => panic!("should be refused, got: {config:?}"),
        Err(err) => err.to_string(),
    }
}

/// The settings of exactly these variables.
fn config_of<K: Into<String>, V: Into<String>>(vars: Vec<(K, V)>) -> JwtConfig {
    JwtConfig::from_vars(vars).unwrap_or_else(|err| panic!("should be accepted, got: {err}"))
}

/// The variables of an asymmetric configuration with both PEM keys.
fn key_pair_vars(algorithm: &str, private: &str, public: &str) -> Vec<(String, String)> {
    vec![
        ("JWT_ALGORITHM".into(), algorithm.into()),
        ("JWT_PRIVATE_KEY".into(), pem(private)),
        ("JWT_PUBLIC_KEY".into(), pem(public)),
    ]
}

/// The identity of `token` as verified by `verifier`, or the refusal's message.
fn verified_identity(verifier: &JwtManager, token: &str) -> Result<String, String> {
    verifier
        .decode_token(token)
        .map(|decoded| decoded.claims.identity)
        .map_err(|err| err.to_string())
}

/// A token for `alice` minted by `config`.
fn token_of(config: JwtConfig) -> String {
    JwtManager::new(config)
        .create_access_token("alice", TokenOptions::new())
        .expect("mint")
}

// ---------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------

#[test]
fn only_jwt_secret_key_set_gives_every_flask_jwt_extended_4_7_default() {
    let s = settings(&[]);
    assert_eq!(s, JwtSettings::default());

    assert_eq!(s.algorithm, Algorithm::HS256);
    assert_eq!(s.decode_algorithms, Vec::<Algorithm>::new());
    assert_eq!(s.identity_claim, "sub");
    assert_eq!(
        s.access_expires,
        Expiry::After(Duration::from_secs(15 * 60))
    );
    assert_eq!(
        s.refresh_expires,
        Expiry::After(Duration::from_secs(30 * 24 * 60 * 60))
    );
    assert_eq!(s.token_location, [TokenLocation::Headers]);
    assert_eq!(s.leeway, Duration::ZERO);
    assert_eq!(s.encode_issuer, None);
    assert_eq!(s.decode_issuer, None);
    assert_eq!(s.encode_audience, Vec::<String>::new());
    assert_eq!(s.decode_audience, Vec::<String>::new());
    assert!(s.encode_nbf);
    assert!(s.verify_sub);
    assert_eq!(s.error_message_key, "msg");
    assert_eq!(s.header_name, "Authorization");
    assert_eq!(s.header_type, "Bearer");
    assert_eq!(s.query_string_name, "jwt");
    assert_eq!(s.query_string_value_prefix, "");
    assert_eq!(s.json_key, "access_token");
    assert_eq!(s.refresh_json_key, "refresh_token");

    assert_eq!(s.cookies.access_cookie_name, "access_token_cookie");
    assert_eq!(s.cookies.refresh_cookie_name, "refresh_token_cookie");
    assert_eq!(s.cookies.access_cookie_path, "/");
    assert_eq!(s.cookies.refresh_cookie_path, "/");
    assert!(!s.cookies.secure);
    assert_eq!(s.cookies.domain, None);
    assert!(s.cookies.session_cookie);
    assert_eq!(s.cookies.samesite, None);

    assert!(s.csrf.protect);
    assert_eq!(s.csrf.methods, ["POST", "PUT", "PATCH", "DELETE"]);
    assert!(s.csrf.in_cookies);
    assert_eq!(s.csrf.access_cookie_name, "csrf_access_token");
    assert_eq!(s.csrf.refresh_cookie_name, "csrf_refresh_token");
    assert_eq!(s.csrf.access_cookie_path, "/");
    assert_eq!(s.csrf.refresh_cookie_path, "/");
    assert_eq!(s.csrf.access_header_name, "X-CSRF-TOKEN");
    assert_eq!(s.csrf.refresh_header_name, "X-CSRF-TOKEN");
    assert!(!s.csrf.check_form);
    assert_eq!(s.csrf.access_field_name, "csrf_token");
    assert_eq!(s.csrf.refresh_field_name, "csrf_token");

    // This crate's own settings are off.
    assert!(!s.strict_claims);
    assert!(!s.allow_weak_secret);
}

#[test]
fn unknown_and_non_jwt_variables_are_ignored() {
    let s = settings(&[
        ("JWT_ACESS_TOKEN_EXPIRES", "5"),
        ("JWT_SECRET", "not read"),
        ("PATH", "/usr/bin"),
        ("HOME", "/root"),
    ]);
    assert_eq!(s, JwtSettings::default());
}

#[test]
fn builder_from_vars_checks_values_at_once_and_keys_at_build() {
    // A value of the wrong form is refused by `from_vars` itself, before any key is needed.
    let err = JwtConfigBuilder::from_vars([("JWT_DECODE_LEEWAY", "soon")]).unwrap_err();
    assert_eq!(
        err,
        ConfigError::InvalidValue {
            var: "JWT_DECODE_LEEWAY",
            value: "soon".into(),
            expected: "a whole number of seconds, 0 or more",
        }
    );
    assert_eq!(
        err.to_string(),
        "JWT_DECODE_LEEWAY=\"soon\" is not valid: expected a whole number of seconds, 0 or more"
    );

    // The missing key is found by `build`.
    let builder = JwtConfigBuilder::from_vars([("JWT_DECODE_LEEWAY", "10")]).expect("builder");
    assert_eq!(
        builder.build().unwrap_err().to_string(),
        "JWT_SECRET_KEY (or SECRET_KEY) must be set when using symmetric algorithm \"HS256\""
    );

    // The application can still change settings read from the variables.
    let config = JwtConfigBuilder::from_vars(with_secret(&[("JWT_DECODE_LEEWAY", "10")]))
        .expect("builder")
        .strict_claims(true)
        .build()
        .expect("config");
    assert_eq!(config.settings().leeway, Duration::from_secs(10));
    assert!(config.settings().strict_claims);
}

// ---------------------------------------------------------------------------------
// Keys: JWT_SECRET_KEY, SECRET_KEY, JWT_PRIVATE_KEY, JWT_PUBLIC_KEY
// ---------------------------------------------------------------------------------

#[test]
fn jwt_secret_key_is_the_hmac_key() {
    let token = token_of(config_of(with_secret(&[])));
    assert_eq!(
        verified_identity(&support::hs256(), &token),
        Ok("alice".into())
    );

    let other = JwtManager::new(config_of(vec![("JWT_SECRET_KEY", OTHER_SECRET)]));
    assert_eq!(
        verified_identity(&other, &token),
        Err("Signature verification failed".into())
    );
}

#[test]
fn jwt_secret_key_missing_or_empty_is_refused() {
    let missing =
        "JWT_SECRET_KEY (or SECRET_KEY) must be set when using symmetric algorithm \"HS256\"";
    assert_eq!(refusal_of(Vec::<(String, String)>::new()), missing);
    assert_eq!(refusal_of(vec![("JWT_SECRET_KEY", "")]), missing);
    assert_eq!(refusal_of(vec![("SECRET_KEY", "")]), missing);
    assert_eq!(
        refusal_of(vec![("JWT_ALGORITHM", "HS512")]),
        "JWT_SECRET_KEY (or SECRET_KEY) must be set when using symmetric algorithm \"HS512\""
    );
}

#[test]
fn secret_key_is_the_fallback_of_jwt_secret_key() {
    let hs256 = support::hs256();

    // Only Flask's SECRET_KEY.
    let token = token_of(config_of(vec![("SECRET_KEY", SECRET)]));
    assert_eq!(verified_identity(&hs256, &token), Ok("alice".into()));

    // An empty JWT_SECRET_KEY counts as not set.
    let token = token_of(config_of(vec![
        ("JWT_SECRET_KEY", ""),
        ("SECRET_KEY", SECRET),
    ]));
    assert_eq!(verified_identity(&hs256, &token), Ok("alice".into()));

    // JWT_SECRET_KEY wins over SECRET_KEY.
    let token = token_of(config_of(vec![
        ("JWT_SECRET_KEY", SECRET),
        ("SECRET_KEY", OTHER_SECRET),
    ]));
    assert_eq!(verified_identity(&hs256, &token), Ok("alice".into()));

    // A weak SECRET_KEY is refused like a weak JWT_SECRET_KEY (the message names
    // JWT_SECRET_KEY, the setting, also when the value came from SECRET_KEY).
    assert_eq!(
        refusal_of(vec![("SECRET_KEY", "flask-secret")]),
        "SECRET_KEY is 12 bytes long; HS256 needs at least 32 random bytes \
         (RFC 7518 section 3.2). Use a longer secret, or set JWT_ALLOW_WEAK_SECRET=true \
         while migrating from a service that used this one"
    );
}

#[test]
fn weak_secret_is_refused_unless_jwt_allow_weak_secret() {
    let short = "thirty-one-bytes-is-not-enough!";
    assert_eq!(short.len(), 31);
    assert_eq!(
        refusal_of(vec![("JWT_SECRET_KEY", short)]),
        "JWT_SECRET_KEY is 31 bytes long; HS256 needs at least 32 random bytes \
         (RFC 7518 section 3.2). Use a longer secret, or set JWT_ALLOW_WEAK_SECRET=true \
         while migrating from a service that used this one"
    );
    assert_eq!(
        refusal_of(vec![
            ("JWT_SECRET_KEY", "secret"),
            ("JWT_ALGORITHM", "HS512")
        ]),
        "JWT_SECRET_KEY is 6 bytes long; HS512 needs at least 32 random bytes \
         (RFC 7518 section 3.2). Use a longer secret, or set JWT_ALLOW_WEAK_SECRET=true \
         while migrating from a service that used this one"
    );
    // The length is counted in bytes, not characters.
    assert_eq!(
        refusal_of(vec![("JWT_SECRET_KEY", "ééééééééééééééé")]),
        "JWT_SECRET_KEY is 30 bytes long; HS256 needs at least 32 random bytes \
         (RFC 7518 section 3.2). Use a longer secret, or set JWT_ALLOW_WEAK_SECRET=true \
         while migrating from a service that used this one"
    );
    assert_eq!(
        refusal_of(vec![
            ("JWT_SECRET_KEY", short),
            ("JWT_ALLOW_WEAK_SECRET", "false")
        ]),
        "JWT_SECRET_KEY is 31 bytes long; HS256 needs at least 32 random bytes \
         (RFC 7518 section 3.2). Use a longer secret, or set JWT_ALLOW_WEAK_SECRET=true \
         while migrating from a service that used this one"
    );

    // Exactly 32 bytes is enough.
    assert_eq!(SECRET.len(), 32);
    assert!(!settings(&[]).allow_weak_secret);

    // Allowed for a migration: the weak secret then signs and verifies.
    let config = config_of(vec![
        ("JWT_SECRET_KEY", "secret"),
        ("JWT_ALLOW_WEAK_SECRET", "true"),
    ]);
    assert!(config.settings().allow_weak_secret);
    let jwt = JwtManager::new(config);
    let token = jwt
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    assert_eq!(verified_identity(&jwt, &token), Ok("alice".into()));
    assert_eq!(
        verified_identity(&support::hs256(), &token),
        Err("Signature verification failed".into())
    );
}

#[test]
fn asymmetric_key_as_jwt_secret_key_is_refused() {
    let confusion = "JWT_SECRET_KEY looks like a PEM or SSH key; an asymmetric key must not be used \
                     as an HMAC secret: set JWT_ALGORITHM to its algorithm and use JWT_PRIVATE_KEY / JWT_PUBLIC_KEY";
    for public in ["rsa_public", "ec256_public", "ed25519_public"] {
        assert_eq!(
            refusal_of(vec![("JWT_SECRET_KEY", pem(public))]),
            confusion,
            "{public}"
        );
    }
    // Leading white space, the one-line `\n` form, SECRET_KEY, and a weak-secret
    // allowance change nothing.
    let indented = format!("  \n{}", pem("rsa_public"));
    assert_eq!(
        refusal_of(vec![("JWT_SECRET_KEY", indented.as_str())]),
        confusion
    );
    let one_line = pem("rsa_public").replace('\n', "\\n");
    assert_eq!(
        refusal_of(vec![("JWT_SECRET_KEY", one_line.as_str())]),
        confusion
    );
    assert_eq!(
        refusal_of(vec![("SECRET_KEY", pem("rsa_public"))]),
        confusion
    );
    assert_eq!(
        refusal_of(vec![
            ("JWT_SECRET_KEY", pem("ec256_public")),
            ("JWT_ALLOW_WEAK_SECRET", "true".into()),
        ]),
        confusion
    );
    assert_eq!(
        refusal_of(vec![(
            "JWT_SECRET_KEY",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
        )]),
        confusion
    );
}

#[test]
fn jwt_private_key_and_jwt_public_key_sign_and_verify_every_asymmetric_algorithm() {
    for (name, algorithm) in [
        ("RS256", Algorithm::RS256),
        ("RS384", Algorithm::RS384),
        ("RS512", Algorithm::RS512),
        ("PS256", Algorithm::PS256),
        ("PS384", Algorithm::PS384),
        ("PS512", Algorithm::PS512),
        ("ES256", Algorithm::ES256),
        ("ES384", Algorithm::ES384),
        ("EdDSA", Algorithm::EdDSA),
    ] {
        let (private, public) = support::key_files(algorithm);
        let config = config_of(key_pair_vars(name, private, public));
        assert_eq!(config.settings().algorithm, algorithm, "{name}");
        let token = token_of(config);
        let verifier = JwtManager::new(support::builder(algorithm).build().expect(name));
        assert_eq!(
            verified_identity(&verifier, &token),
            Ok("alice".into()),
            "{name}"
        );
    }
}

#[test]
fn jwt_public_key_alone_gives_a_verify_only_config() {
    let jwt = JwtManager::new(config_of(vec![
        ("JWT_ALGORITHM", "RS256".to_owned()),
        ("JWT_PUBLIC_KEY", pem("rsa_public")),
    ]));
    let signer = JwtManager::new(support::builder(Algorithm::RS256).build().unwrap());
    let token = signer
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    assert_eq!(verified_identity(&jwt, &token), Ok("alice".into()));
    assert_eq!(
        jwt.create_access_token("alice", TokenOptions::new())
            .unwrap_err()
            .to_string(),
        "cannot mint tokens: JWT_PRIVATE_KEY is not set, this configuration only verifies"
    );
}

#[test]
fn pem_keys_with_literal_backslash_n_on_one_line_work() {
    let one_line = |name: &str| pem(name).replace('\n', "\\n");
    for (name, private, public) in [
        ("RS256", "rsa_private", "rsa_public"),
        ("ES256", "ec256_private", "ec256_public"),
        ("EdDSA", "ed25519_private", "ed25519_public"),
    ] {
        assert!(!one_line(private).contains('\n'));
        let config = config_of(vec![
            ("JWT_ALGORITHM", name.to_owned()),
            ("JWT_PRIVATE_KEY", one_line(private)),
            ("JWT_PUBLIC_KEY", one_line(public)),
        ]);
        let token = token_of(config);
        let algorithm = axum_jwt_login::parse_algorithm(name).unwrap();
        let verifier = JwtManager::new(support::builder(algorithm).build().unwrap());
        assert_eq!(
            verified_identity(&verifier, &token),
            Ok("alice".into()),
            "{name}"
        );
    }
}

#[test]
fn asymmetric_algorithm_without_jwt_public_key_is_refused() {
    // Only a secret: the message names JWT_PUBLIC_KEY and says what the secret is for.
    assert_eq!(
        refusal(&[("JWT_ALGORITHM", "RS256")]),
        "JWT_PUBLIC_KEY must be set to use asymmetric cryptography algorithm \"RS256\" \
         (JWT_SECRET_KEY is only used by HS256, HS384 and HS512)"
    );
    assert_eq!(
        refusal_of(vec![("JWT_ALGORITHM", "ES256"), ("SECRET_KEY", SECRET)]),
        "JWT_PUBLIC_KEY must be set to use asymmetric cryptography algorithm \"ES256\" \
         (JWT_SECRET_KEY is only used by HS256, HS384 and HS512)"
    );
    // No key at all, or only the private key: no hint.
    assert_eq!(
        refusal_of(vec![("JWT_ALGORITHM", "EdDSA")]),
        "JWT_PUBLIC_KEY must be set to use asymmetric cryptography algorithm \"EdDSA\""
    );
    assert_eq!(
        refusal_of(vec![
            ("JWT_ALGORITHM", "RS256".to_owned()),
            ("JWT_PRIVATE_KEY", pem("rsa_private")),
        ]),
        "JWT_PUBLIC_KEY must be set to use asymmetric cryptography algorithm \"RS256\""
    );
}

#[test]
fn jwt_public_key_that_is_not_a_key_of_the_algorithm_is_refused() {
    assert_eq!(
        refusal_of(vec![
            ("JWT_ALGORITHM", "RS256"),
            ("JWT_PUBLIC_KEY", "not a key")
        ]),
        "JWT_PUBLIC_KEY is not a valid RSA public key in PEM form for RS256: InvalidKeyFormat"
    );
    assert_eq!(
        refusal_of(vec![
            ("JWT_ALGORITHM", "RS256".to_owned()),
            ("JWT_PUBLIC_KEY", pem("ec256_public")),
        ]),
        "JWT_PUBLIC_KEY is not a valid RSA public key in PEM form for RS256: InvalidKeyFormat"
    );
    assert_eq!(
        refusal_of(vec![
            ("JWT_ALGORITHM", "ES256".to_owned()),
            ("JWT_PUBLIC_KEY", pem("ed25519_public")),
        ]),
        "JWT_PUBLIC_KEY is not a valid EC public key in PEM form for ES256: InvalidKeyFormat"
    );
    assert_eq!(
        refusal_of(vec![
            ("JWT_ALGORITHM", "EdDSA".to_owned()),
            ("JWT_PUBLIC_KEY", pem("ec256_public")),
        ]),
        "JWT_PUBLIC_KEY is not a valid Ed25519 public key in PEM form for EdDSA: InvalidKeyFormat"
    );
}

#[test]
fn jwt_private_key_that_is_not_a_key_of_the_algorithm_or_of_the_pair_is_refused() {
    let mut vars = key_pair_vars("RS256", "ec256_private", "rsa_public");
    assert_eq!(
        refusal_of(vars.clone()),
        "JWT_PRIVATE_KEY is not a valid RSA private key in PEM form for RS256: InvalidKeyFormat"
    );
    vars[1].1 = "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----".into();
    assert_eq!(
        refusal_of(vars),
        "JWT_PRIVATE_KEY is not a valid RSA private key in PEM form for RS256: InvalidKeyFormat"
    );
    assert_eq!(
        refusal_of(key_pair_vars("ES256", "ec384_private", "ec256_public")),
        "JWT_PRIVATE_KEY is not a valid EC private key in PEM form for ES256: InvalidEcdsaKey"
    );
    assert_eq!(
        refusal_of(key_pair_vars("RS256", "rsa_private", "rsa_other_public")),
        "JWT_PUBLIC_KEY does not verify what JWT_PRIVATE_KEY signs: they are not one key pair"
    );
}

// ---------------------------------------------------------------------------------
// JWT_ALGORITHM, JWT_DECODE_ALGORITHMS
// ---------------------------------------------------------------------------------

#[test]
fn jwt_algorithm_takes_every_supported_name_and_refuses_none() {
    for (name, algorithm) in [
        ("HS256", Algorithm::HS256),
        ("HS384", Algorithm::HS384),
        ("HS512", Algorithm::HS512),
    ] {
        assert_eq!(settings(&[("JWT_ALGORITHM", name)]).algorithm, algorithm);
    }
    // The asymmetric names are covered with their keys above; without keys the
    // name is still read (the refusal is about the missing key, not the name).
    assert_eq!(
        refusal_of(vec![("JWT_ALGORITHM", "PS512")]),
        "JWT_PUBLIC_KEY must be set to use asymmetric cryptography algorithm \"PS512\""
    );

    for bad in ["none", "None", "NONE", "hs256", "ES512", "", "HS256,HS512"] {
        assert_eq!(
            refusal(&[("JWT_ALGORITHM", bad)]),
            format!("JWT_ALGORITHM={bad:?} is not valid: expected {ALGORITHMS}"),
            "{bad:?}"
        );
    }
    assert_eq!(
        refusal(&[("JWT_ALGORITHM", "none")]),
        "JWT_ALGORITHM=\"none\" is not valid: expected one of HS256, HS384, HS512, RS256, \
         RS384, RS512, PS256, PS384, PS512, ES256, ES384, EdDSA"
    );
}

#[test]
fn jwt_decode_algorithms_is_a_list_of_one_family() {
    assert_eq!(
        settings(&[("JWT_DECODE_ALGORITHMS", "HS512, HS384")]).decode_algorithms,
        [Algorithm::HS512, Algorithm::HS384]
    );
    assert_eq!(
        settings(&[("JWT_DECODE_ALGORITHMS", "HS256")]).decode_algorithms,
        [Algorithm::HS256]
    );
    let mut rsa = key_pair_vars("RS256", "rsa_private", "rsa_public");
    rsa.push(("JWT_DECODE_ALGORITHMS".into(), "PS256,RS512".into()));
    assert_eq!(
        config_of(rsa).settings().decode_algorithms,
        [Algorithm::PS256, Algorithm::RS512]
    );

    // The list is what decoding accepts, besides JWT_ALGORITHM.
    let hs512_token = token_of(config_of(with_secret(&[("JWT_ALGORITHM", "HS512")])));
    let allows_hs512 = JwtManager::new(config_of(with_secret(&[(
        "JWT_DECODE_ALGORITHMS",
        "HS512",
    )])));
    assert_eq!(
        verified_identity(&allows_hs512, &hs512_token),
        Ok("alice".into())
    );
    assert_eq!(
        verified_identity(&support::hs256(), &hs512_token),
        Err("The specified alg value is not allowed".into())
    );

    for bad in ["HS256,none", "none", "HS256,,HS512", "HS256,", "hs512"] {
        assert_eq!(
            refusal(&[("JWT_DECODE_ALGORITHMS", bad)]),
            format!("JWT_DECODE_ALGORITHMS={bad:?} is not valid: expected {ALGORITHMS}"),
            "{bad:?}"
        );
    }
}

#[test]
fn jwt_decode_algorithms_mixing_hmac_and_public_key_families_is_refused() {
    let mut rsa = key_pair_vars("RS256", "rsa_private", "rsa_public");
    rsa.push(("JWT_DECODE_ALGORITHMS".into(), "HS256".into()));
    assert_eq!(
        refusal_of(rsa),
        "JWT_DECODE_ALGORITHMS contains HS256, which cannot be verified with the key of \
         JWT_ALGORITHM=RS256: HMAC and public-key algorithms must never share a key (RFC 8725 section 2.1)"
    );
    assert_eq!(
        refusal(&[("JWT_DECODE_ALGORITHMS", "HS384, RS256")]),
        "JWT_DECODE_ALGORITHMS contains RS256, which cannot be verified with the key of \
         JWT_ALGORITHM=HS256: HMAC and public-key algorithms must never share a key (RFC 8725 section 2.1)"
    );
    let mut ec = key_pair_vars("ES256", "ec256_private", "ec256_public");
    ec.push(("JWT_DECODE_ALGORITHMS".into(), "EdDSA".into()));
    assert_eq!(
        refusal_of(ec),
        "JWT_DECODE_ALGORITHMS contains EdDSA, which cannot be verified with the key of \
         JWT_ALGORITHM=ES256: HMAC and public-key algorithms must never share a key (RFC 8725 section 2.1)"
    );
}

// ---------------------------------------------------------------------------------
// JWT_IDENTITY_CLAIM
// ---------------------------------------------------------------------------------

#[test]
fn jwt_identity_claim_takes_a_name_and_refuses_empty_and_reserved_claims() {
    assert_eq!(
        settings(&[("JWT_IDENTITY_CLAIM", "identity")]).identity_claim,
        "identity"
    );
    assert_eq!(
        settings(&[("JWT_IDENTITY_CLAIM", "sub")]).identity_claim,
        "sub"
    );

    assert_eq!(
        refusal(&[("JWT_IDENTITY_CLAIM", "")]),
        "JWT_IDENTITY_CLAIM cannot be empty"
    );
    assert_eq!(
        refusal(&[("JWT_IDENTITY_CLAIM", "exp")]),
        "JWT_IDENTITY_CLAIM cannot be `exp`: the token engine writes that claim itself"
    );
    for reserved in [
        "type", "fresh", "jti", "iat", "nbf", "exp", "csrf", "iss", "aud",
    ] {
        assert_eq!(
            refusal(&[("JWT_IDENTITY_CLAIM", reserved)]),
            format!(
                "JWT_IDENTITY_CLAIM cannot be `{reserved}`: the token engine writes that claim itself"
            )
        );
    }
}

// ---------------------------------------------------------------------------------
// JWT_ACCESS_TOKEN_EXPIRES, JWT_REFRESH_TOKEN_EXPIRES
// ---------------------------------------------------------------------------------

#[test]
fn token_expiries_take_whole_seconds_or_false() {
    type Field = fn(&JwtSettings) -> Expiry;
    let fields: [(&str, Field); 2] = [
        ("JWT_ACCESS_TOKEN_EXPIRES", |s| s.access_expires),
        ("JWT_REFRESH_TOKEN_EXPIRES", |s| s.refresh_expires),
    ];
    for (var, field) in fields {
        assert_eq!(
            field(&settings(&[(var, "300")])),
            Expiry::After(Duration::from_secs(300)),
            "{var}"
        );
        assert_eq!(
            field(&settings(&[(var, " 60 ")])),
            Expiry::After(Duration::from_secs(60)),
            "{var}"
        );
        assert_eq!(
            field(&settings(&[(var, "1")])),
            Expiry::After(Duration::from_secs(1)),
            "{var}"
        );
        for never in ["false", "False", "FALSE"] {
            assert_eq!(
                field(&settings(&[(var, never)])),
                Expiry::Never,
                "{var}={never}"
            );
        }

        for bad in ["0", "-5", "abc", "1.5", "", "true", "15m", "1e3"] {
            assert_eq!(
                refusal(&[(var, bad)]),
                format!(
                    "{var}={bad:?} is not valid: expected a whole number of seconds above 0, \
                     or `false` for tokens that never expire"
                ),
                "{var}={bad:?}"
            );
        }
    }
    assert_eq!(
        refusal(&[("JWT_ACCESS_TOKEN_EXPIRES", "0")]),
        "JWT_ACCESS_TOKEN_EXPIRES=\"0\" is not valid: expected a whole number of seconds above 0, \
         or `false` for tokens that never expire"
    );
    assert_eq!(
        refusal(&[("JWT_REFRESH_TOKEN_EXPIRES", "-5")]),
        "JWT_REFRESH_TOKEN_EXPIRES=\"-5\" is not valid: expected a whole number of seconds above 0, \
         or `false` for tokens that never expire"
    );
}

#[test]
fn jwt_access_token_expires_false_mints_tokens_without_exp() {
    let jwt = JwtManager::new(config_of(with_secret(&[(
        "JWT_ACCESS_TOKEN_EXPIRES",
        "false",
    )])));
    let token = jwt
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    assert_eq!(jwt.decode_token(&token).unwrap().claims.exp, None);

    let jwt = JwtManager::new(config_of(with_secret(&[(
        "JWT_ACCESS_TOKEN_EXPIRES",
        "60",
    )])));
    let token = jwt
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    let claims = jwt.decode_token(&token).unwrap().claims;
    assert_eq!(claims.exp, claims.iat.map(|iat| iat + 60));
}

// ---------------------------------------------------------------------------------
// JWT_TOKEN_LOCATION
// ---------------------------------------------------------------------------------

#[test]
fn jwt_token_location_is_an_ordered_list_of_known_names() {
    assert_eq!(
        settings(&[("JWT_TOKEN_LOCATION", "headers, cookies,query_string , json")]).token_location,
        [
            TokenLocation::Headers,
            TokenLocation::Cookies,
            TokenLocation::QueryString,
            TokenLocation::Json
        ]
    );
    assert_eq!(
        settings(&[("JWT_TOKEN_LOCATION", " json ,headers")]).token_location,
        [TokenLocation::Json, TokenLocation::Headers]
    );
    assert_eq!(
        settings(&[("JWT_TOKEN_LOCATION", "cookies")]).token_location,
        [TokenLocation::Cookies]
    );

    // Unknown names (the names are case-sensitive, as in Flask-JWT-Extended), empty
    // items and an empty value.
    for bad in [
        "header",
        "Headers",
        "headers,body",
        "headers,,cookies",
        "headers, ,cookies",
        "headers,",
        "",
        "   ",
        "headers;cookies",
    ] {
        assert_eq!(
            refusal(&[("JWT_TOKEN_LOCATION", bad)]),
            format!(
                "JWT_TOKEN_LOCATION={bad:?} is not valid: expected a comma-separated list of \
                 \"headers\", \"cookies\", \"query_string\" and \"json\""
            ),
            "{bad:?}"
        );
    }
    assert_eq!(
        refusal(&[("JWT_TOKEN_LOCATION", "")]),
        "JWT_TOKEN_LOCATION=\"\" is not valid: expected a comma-separated list of \"headers\", \
         \"cookies\", \"query_string\" and \"json\""
    );

    // Duplicates.
    assert_eq!(
        refusal(&[("JWT_TOKEN_LOCATION", "headers,headers")]),
        "JWT_TOKEN_LOCATION names \"headers\" twice"
    );
    assert_eq!(
        refusal(&[("JWT_TOKEN_LOCATION", "cookies, json, cookies")]),
        "JWT_TOKEN_LOCATION names \"cookies\" twice"
    );
}

// ---------------------------------------------------------------------------------
// JWT_DECODE_LEEWAY
// ---------------------------------------------------------------------------------

#[test]
fn jwt_decode_leeway_takes_whole_seconds_from_zero() {
    assert_eq!(
        settings(&[("JWT_DECODE_LEEWAY", "10")]).leeway,
        Duration::from_secs(10)
    );
    assert_eq!(
        settings(&[("JWT_DECODE_LEEWAY", " 0 ")]).leeway,
        Duration::ZERO
    );

    for bad in ["-1", "1.5", "abc", "", "false"] {
        assert_eq!(
            refusal(&[("JWT_DECODE_LEEWAY", bad)]),
            format!(
                "JWT_DECODE_LEEWAY={bad:?} is not valid: expected a whole number of seconds, 0 or more"
            ),
            "{bad:?}"
        );
    }
}

// ---------------------------------------------------------------------------------
// JWT_ENCODE_ISSUER, JWT_DECODE_ISSUER, JWT_ENCODE_AUDIENCE, JWT_DECODE_AUDIENCE
// ---------------------------------------------------------------------------------

#[test]
fn issuers_are_trimmed_and_empty_means_not_set() {
    type Field = fn(&JwtSettings) -> Option<String>;
    let fields: [(&str, Field); 2] = [
        ("JWT_ENCODE_ISSUER", |s| s.encode_issuer.clone()),
        ("JWT_DECODE_ISSUER", |s| s.decode_issuer.clone()),
    ];
    for (var, field) in fields {
        assert_eq!(
            field(&settings(&[(var, "https://issuer.example")])),
            Some("https://issuer.example".into()),
            "{var}"
        );
        assert_eq!(
            field(&settings(&[(var, "  auth-service  ")])),
            Some("auth-service".into()),
            "{var}"
        );
        // No value of these variables is refused: empty (or blank) is Python's None.
        assert_eq!(field(&settings(&[(var, "")])), None, "{var}");
        assert_eq!(field(&settings(&[(var, "   ")])), None, "{var}");
    }

    // The encode issuer is written into new tokens.
    let jwt = JwtManager::new(config_of(with_secret(&[(
        "JWT_ENCODE_ISSUER",
        "auth-service",
    )])));
    let token = jwt
        .create_access_token("alice", TokenOptions::new())
        .unwrap();
    assert_eq!(
        jwt.decode_token(&token).unwrap().claims.extra["iss"],
        "auth-service"
    );
}

#[test]
fn audiences_are_comma_separated_lists_without_empty_items() {
    type Field = fn(&JwtSettings) -> Vec<String>;
    let fields: [(&str, Field); 2] = [
        ("JWT_ENCODE_AUDIENCE", |s| s.encode_audience.clone()),
        ("JWT_DECODE_AUDIENCE", |s| s.decode_audience.clone()),
    ];
    for (var, field) in fields {
        assert_eq!(field(&settings(&[(var, "api")])), ["api"], "{var}");
        assert_eq!(
            field(&settings(&[(var, "api, web ,mobile")])),
            ["api", "web", "mobile"],
            "{var}"
        );
        assert_eq!(
            field(&settings(&[(var, "")])),
            Vec::<String>::new(),
            "{var}"
        );
        assert_eq!(
            field(&settings(&[(var, "  ")])),
            Vec::<String>::new(),
            "{var}"
        );

        for bad in ["api,,web", "api,", ",api", "api, ,web"] {
            assert_eq!(
                refusal(&[(var, bad)]),
                format!("{var} cannot contain an empty audience"),
                "{var}={bad:?}"
            );
        }
    }
    assert_eq!(
        refusal(&[("JWT_ENCODE_AUDIENCE", "api,,web")]),
        "JWT_ENCODE_AUDIENCE cannot contain an empty audience"
    );
    assert_eq!(
        refusal(&[("JWT_DECODE_AUDIENCE", "api,")]),
        "JWT_DECODE_AUDIENCE cannot contain an empty audience"
    );
}

// ---------------------------------------------------------------------------------
// Booleans
// ---------------------------------------------------------------------------------

#[test]
fn booleans_take_true_false_1_0_in_any_case_and_refuse_yes() {
    type Field = fn(&JwtSettings) -> bool;
    let fields: [(&str, Field); 9] = [
        ("JWT_ENCODE_NBF", |s| s.encode_nbf),
        ("JWT_VERIFY_SUB", |s| s.verify_sub),
        ("JWT_COOKIE_SECURE", |s| s.cookies.secure),
        ("JWT_SESSION_COOKIE", |s| s.cookies.session_cookie),
        ("JWT_COOKIE_CSRF_PROTECT", |s| s.csrf.protect),
        ("JWT_CSRF_IN_COOKIES", |s| s.csrf.in_cookies),
        ("JWT_CSRF_CHECK_FORM", |s| s.csrf.check_form),
        ("JWT_STRICT_CLAIMS", |s| s.strict_claims),
        ("JWT_ALLOW_WEAK_SECRET", |s| s.allow_weak_secret),
    ];
    for (var, field) in fields {
        for value in ["true", "True", "TRUE", "tRuE", "1", " true "] {
            assert!(field(&settings(&[(var, value)])), "{var}={value:?}");
        }
        for value in ["false", "False", "FALSE", "0", " 0 "] {
            assert!(!field(&settings(&[(var, value)])), "{var}={value:?}");
        }
        for bad in ["yes", "no", "on", "", "2", "t"] {
            assert_eq!(
                refusal(&[(var, bad)]),
                format!("{var}={bad:?} is not valid: expected `true` or `false`"),
                "{var}={bad:?}"
            );
        }
    }
    assert_eq!(
        refusal(&[("JWT_COOKIE_SECURE", "yes")]),
        "JWT_COOKIE_SECURE=\"yes\" is not valid: expected `true` or `false`"
    );
}

// ---------------------------------------------------------------------------------
// Names that cannot be empty
// ---------------------------------------------------------------------------------

#[test]
fn names_that_cannot_be_empty() {
    type Field = fn(&JwtSettings) -> String;
    let fields: [(&str, &str, Field); 6] = [
        ("JWT_ERROR_MESSAGE_KEY", "message", |s| {
            s.error_message_key.clone()
        }),
        ("JWT_QUERY_STRING_NAME", "token", |s| {
            s.query_string_name.clone()
        }),
        ("JWT_JSON_KEY", "access", |s| s.json_key.clone()),
        ("JWT_REFRESH_JSON_KEY", "refresh", |s| {
            s.refresh_json_key.clone()
        }),
        ("JWT_ACCESS_CSRF_FIELD_NAME", "_csrf_access", |s| {
            s.csrf.access_field_name.clone()
        }),
        ("JWT_REFRESH_CSRF_FIELD_NAME", "_csrf_refresh", |s| {
            s.csrf.refresh_field_name.clone()
        }),
    ];
    for (var, good, field) in fields {
        assert_eq!(field(&settings(&[(var, good)])), good, "{var}");
        assert_eq!(
            refusal(&[(var, "")]),
            format!("{var} cannot be empty"),
            "{var}"
        );
    }
    assert_eq!(
        refusal(&[("JWT_ERROR_MESSAGE_KEY", "")]),
        "JWT_ERROR_MESSAGE_KEY cannot be empty"
    );
}

// ---------------------------------------------------------------------------------
// JWT_HEADER_NAME, JWT_HEADER_TYPE, CSRF header names
// ---------------------------------------------------------------------------------

#[test]
fn header_names_must_be_valid_http_header_names() {
    type Field = fn(&JwtSettings) -> String;
    let fields: [(&str, Field); 3] = [
        ("JWT_HEADER_NAME", |s| s.header_name.clone()),
        ("JWT_ACCESS_CSRF_HEADER_NAME", |s| {
            s.csrf.access_header_name.clone()
        }),
        ("JWT_REFRESH_CSRF_HEADER_NAME", |s| {
            s.csrf.refresh_header_name.clone()
        }),
    ];
    for (var, field) in fields {
        assert_eq!(
            field(&settings(&[(var, "X-Api-Token")])),
            "X-Api-Token",
            "{var}"
        );
        assert_eq!(
            refusal(&[(var, "Bad Header")]),
            format!("{var} `Bad Header` is not a valid HTTP header name"),
            "{var}"
        );
        assert_eq!(
            refusal(&[(var, "X-Token:")]),
            format!("{var} `X-Token:` is not a valid HTTP header name"),
            "{var}"
        );
        assert_eq!(
            refusal(&[(var, "")]),
            format!("{var} cannot be empty"),
            "{var}"
        );
    }
    assert_eq!(
        refusal(&[("JWT_HEADER_NAME", "Bad Header")]),
        "JWT_HEADER_NAME `Bad Header` is not a valid HTTP header name"
    );
}

#[test]
fn jwt_header_type_is_one_word_or_empty() {
    assert_eq!(settings(&[("JWT_HEADER_TYPE", "JWT")]).header_type, "JWT");
    // Empty: the header carries the bare token.
    assert_eq!(settings(&[("JWT_HEADER_TYPE", "")]).header_type, "");

    for bad in ["Bearer token", "Bearer ", "\tJWT"] {
        assert_eq!(
            refusal(&[("JWT_HEADER_TYPE", bad)]),
            "JWT_HEADER_TYPE cannot contain white space",
            "{bad:?}"
        );
    }
}

// ---------------------------------------------------------------------------------
// JWT_QUERY_STRING_VALUE_PREFIX
// ---------------------------------------------------------------------------------

#[test]
fn jwt_query_string_value_prefix_is_taken_as_given() {
    assert_eq!(
        settings(&[("JWT_QUERY_STRING_VALUE_PREFIX", "Bearer ")]).query_string_value_prefix,
        "Bearer "
    );
    // Every value is accepted, the empty one included (no prefix, the default).
    assert_eq!(
        settings(&[("JWT_QUERY_STRING_VALUE_PREFIX", "")]).query_string_value_prefix,
        ""
    );
}

// ---------------------------------------------------------------------------------
// Cookies: names, paths, domain, SameSite
// ---------------------------------------------------------------------------------

#[test]
fn cookie_names_must_be_rfc_6265_tokens() {
    type Field = fn(&JwtSettings) -> String;
    let fields: [(&str, Field); 4] = [
        ("JWT_ACCESS_COOKIE_NAME", |s| {
            s.cookies.access_cookie_name.clone()
        }),
        ("JWT_REFRESH_COOKIE_NAME", |s| {
            s.cookies.refresh_cookie_name.clone()
        }),
        ("JWT_ACCESS_CSRF_COOKIE_NAME", |s| {
            s.csrf.access_cookie_name.clone()
        }),
        ("JWT_REFRESH_CSRF_COOKIE_NAME", |s| {
            s.csrf.refresh_cookie_name.clone()
        }),
    ];
    for (var, field) in fields {
        assert_eq!(
            field(&settings(&[(var, "my_cookie-1")])),
            "my_cookie-1",
            "{var}"
        );
        for bad in ["a;b", "a b", "a=b", "", "ünï"] {
            assert_eq!(
                refusal(&[(var, bad)]),
                format!("{var} `{bad}` is not a valid cookie name"),
                "{var}={bad:?}"
            );
        }
    }
    assert_eq!(
        refusal(&[("JWT_ACCESS_COOKIE_NAME", "token;Path=/")]),
        "JWT_ACCESS_COOKIE_NAME `token;Path=/` is not a valid cookie name"
    );
}

#[test]
fn cookie_paths_must_start_with_a_slash_and_have_no_semicolon() {
    type Field = fn(&JwtSettings) -> String;
    let fields: [(&str, Field); 4] = [
        ("JWT_ACCESS_COOKIE_PATH", |s| {
            s.cookies.access_cookie_path.clone()
        }),
        ("JWT_REFRESH_COOKIE_PATH", |s| {
            s.cookies.refresh_cookie_path.clone()
        }),
        ("JWT_ACCESS_CSRF_COOKIE_PATH", |s| {
            s.csrf.access_cookie_path.clone()
        }),
        ("JWT_REFRESH_CSRF_COOKIE_PATH", |s| {
            s.csrf.refresh_cookie_path.clone()
        }),
    ];
    for (var, field) in fields {
        assert_eq!(
            field(&settings(&[(var, "/api/auth")])),
            "/api/auth",
            "{var}"
        );
        for bad in ["api", "", "/api;Secure", "/api\r\n"] {
            assert_eq!(
                refusal(&[(var, bad)]),
                format!("{var} must be a path that starts with `/` and has no `;`"),
                "{var}={bad:?}"
            );
        }
    }
    assert_eq!(
        refusal(&[("JWT_REFRESH_COOKIE_PATH", "refresh")]),
        "JWT_REFRESH_COOKIE_PATH must be a path that starts with `/` and has no `;`"
    );
}

#[test]
fn jwt_cookie_domain_is_a_domain_or_empty() {
    assert_eq!(
        settings(&[("JWT_COOKIE_DOMAIN", ".example.com")])
            .cookies
            .domain,
        Some(".example.com".into())
    );
    assert_eq!(
        settings(&[("JWT_COOKIE_DOMAIN", " example.com ")])
            .cookies
            .domain,
        Some("example.com".into())
    );
    assert_eq!(settings(&[("JWT_COOKIE_DOMAIN", "")]).cookies.domain, None);

    for bad in ["example.com;Secure", "exa mple.com", "exämple.com"] {
        assert_eq!(
            refusal(&[("JWT_COOKIE_DOMAIN", bad)]),
            "JWT_COOKIE_DOMAIN must be a domain name",
            "{bad:?}"
        );
    }
}

#[test]
fn jwt_cookie_samesite_is_strict_lax_none_or_empty() {
    let samesite = |value| settings(&[("JWT_COOKIE_SAMESITE", value)]).cookies.samesite;
    assert_eq!(samesite("Strict"), Some(SameSite::Strict));
    assert_eq!(samesite("Lax"), Some(SameSite::Lax));
    assert_eq!(samesite("None"), Some(SameSite::None));
    assert_eq!(samesite("strict"), Some(SameSite::Strict));
    assert_eq!(samesite(" LAX "), Some(SameSite::Lax));
    assert_eq!(samesite("NONE"), Some(SameSite::None));
    // Empty: no SameSite attribute (Python's None).
    assert_eq!(samesite(""), None);

    for bad in ["Relaxed", "Strict,Lax", "null"] {
        assert_eq!(
            refusal(&[("JWT_COOKIE_SAMESITE", bad)]),
            format!(
                "JWT_COOKIE_SAMESITE={bad:?} is not valid: expected `Strict`, `Lax`, `None`, \
                 or empty for no SameSite attribute"
            ),
            "{bad:?}"
        );
    }
    assert_eq!(
        refusal(&[("JWT_COOKIE_SAMESITE", "Relaxed")]),
        "JWT_COOKIE_SAMESITE=\"Relaxed\" is not valid: expected `Strict`, `Lax`, `None`, \
         or empty for no SameSite attribute"
    );
}

// ---------------------------------------------------------------------------------
// JWT_CSRF_METHODS
// ---------------------------------------------------------------------------------

#[test]
fn jwt_csrf_methods_are_upper_cased_http_methods() {
    assert_eq!(
        settings(&[("JWT_CSRF_METHODS", "post, put ,Patch,DELETE")])
            .csrf
            .methods,
        ["POST", "PUT", "PATCH", "DELETE"]
    );
    assert_eq!(
        settings(&[("JWT_CSRF_METHODS", "get")]).csrf.methods,
        ["GET"]
    );

    // Empty: no method is checked, as Flask's `JWT_CSRF_METHODS = []`.
    assert!(
        settings(&[("JWT_CSRF_METHODS", "")])
            .csrf
            .methods
            .is_empty()
    );
    assert!(
        settings(&[("JWT_CSRF_METHODS", " ")])
            .csrf
            .methods
            .is_empty()
    );

    for bad in ["POST,,PUT", "POST,", "PO ST", "GET(", "POST;PUT"] {
        assert_eq!(
            refusal(&[("JWT_CSRF_METHODS", bad)]),
            format!(
                "JWT_CSRF_METHODS={bad:?} is not valid: expected a comma-separated list of HTTP methods"
            ),
            "{bad:?}"
        );
    }
    assert_eq!(
        refusal(&[("JWT_CSRF_METHODS", "POST,,PUT")]),
        "JWT_CSRF_METHODS=\"POST,,PUT\" is not valid: expected a comma-separated list of HTTP methods"
    );
}

// ---------------------------------------------------------------------------------
// Debug output
// ---------------------------------------------------------------------------------

#[test]
fn debug_output_shows_neither_the_secret_nor_any_pem_body() {
    let hmac = config_of(with_secret(&[]));
    let shown = format!("{hmac:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");

    let builder = JwtConfigBuilder::from_vars(with_secret(&[])).unwrap();
    let shown = format!("{builder:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");

    for (algorithm, private, public) in [
        ("RS256", "rsa_private", "rsa_public"),
        ("ES384", "ec384_private", "ec384_public"),
        ("EdDSA", "ed25519_private", "ed25519_public"),
    ] {
        let vars = key_pair_vars(algorithm, private, public);
        let shown = [
            format!("{:?}", config_of(vars.clone())),
            format!("{:?}", JwtConfigBuilder::from_vars(vars).unwrap()),
        ];
        for shown in shown {
            assert!(!shown.contains("-----BEGIN"), "{shown}");
            for name in [private, public] {
                for line in pem(name).lines().filter(|line| !line.starts_with("-----")) {
                    assert!(!shown.contains(line), "{name} line {line:?} in {shown}");
                }
            }
        }
    }
}

#[test]
fn refusals_never_repeat_the_secret() {
    let weak = "weak-secret-value";
    let err = refusal_of(vec![("JWT_SECRET_KEY", weak)]);
    assert!(!err.contains(weak), "{err}");
    let err = refusal_of(vec![("JWT_SECRET_KEY", pem("rsa_public"))]);
    assert!(!err.contains("MII"), "{err}");
}

#[test]
fn jwt_algorithm_is_trimmed() {
    assert_eq!(
        settings(&[("JWT_ALGORITHM", " HS512 ")]).algorithm,
        Algorithm::HS512
    );
}

#[test]
fn an_empty_decode_algorithm_list_means_the_signing_algorithm_only() {
    assert!(
        settings(&[("JWT_DECODE_ALGORITHMS", "")])
            .decode_algorithms
            .is_empty()
    );
}

#[test]
fn expiry_over_a_hundred_years_is_refused() {
    for var in ["JWT_ACCESS_TOKEN_EXPIRES", "JWT_REFRESH_TOKEN_EXPIRES"] {
        assert_eq!(
            refusal(&[(var, "18446744073709551615")]),
            format!(
                "{var} is over a hundred years (18446744073709551615 seconds); \
                 use Expiry::Never (`false`) for tokens that never expire"
            )
        );
    }
    assert_eq!(
        settings(&[("JWT_ACCESS_TOKEN_EXPIRES", "3153600000")]).access_expires,
        Expiry::After(std::time::Duration::from_secs(3_153_600_000))
    );
}

#[test]
fn an_ec_public_key_must_be_on_the_algorithms_curve() {
    let p384 = pem("ec384_public");
    assert_eq!(
        refusal_of(vec![
            ("JWT_ALGORITHM", "ES256"),
            ("JWT_PUBLIC_KEY", p384.as_str())
        ]),
        "JWT_PUBLIC_KEY is not a valid EC public key in PEM form for ES256: \
         the key is on P-384; ES256 needs P-256 and ES384 needs P-384"
    );
    let p256 = pem("ec256_public");
    assert_eq!(
        refusal_of(vec![
            ("JWT_ALGORITHM", "ES384"),
            ("JWT_PUBLIC_KEY", p256.as_str())
        ]),
        "JWT_PUBLIC_KEY is not a valid EC public key in PEM form for ES384: \
         the key is on P-256; ES256 needs P-256 and ES384 needs P-384"
    );
    assert_eq!(
        refusal_of(vec![
            ("JWT_ALGORITHM", "ES256"),
            ("JWT_DECODE_ALGORITHMS", "ES384"),
            ("JWT_PUBLIC_KEY", p256.as_str())
        ]),
        "JWT_PUBLIC_KEY is not a valid EC public key in PEM form for ES384: \
         the key is on P-256; ES256 needs P-256 and ES384 needs P-384"
    );
}

#[test]
fn escaped_pem_with_a_trailing_newline_or_crlf_escapes_works() {
    for escaped in [
        pem("rsa_public").trim_end().replace('\n', "\\n") + "\n",
        pem("rsa_public").trim_end().replace('\n', "\\r\\n"),
    ] {
        let config = JwtConfig::from_vars([
            ("JWT_ALGORITHM", "RS256".to_owned()),
            ("JWT_PUBLIC_KEY", escaped),
        ]);
        assert!(config.is_ok(), "{config:?}");
    }
}
