//! The `alg` header: `none` in any spelling, algorithms outside the allow-list, and
//! key confusion (an HMAC keyed with the public key of an RS256 or ES256 service).

use jsonwebtoken::Algorithm;
use serde_json::{Value, json};

use crate::client::Carrier;
use crate::forge::{
    ALICE, access, b64, hmac, segments, signed, signed_with_header, unsigned, with_payload,
};
use crate::harness::{
    Flask, Probe, Target, against_oracle, against_ours, against_twin, oracle_check, report,
};
use crate::minted::claims_for;
use crate::service::{Kind, SECRET};
use crate::support::pem;

const NOT_ALLOWED: &str = "The specified alg value is not allowed";
const SIGNATURE: &str = "Signature verification failed";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alg_none_in_any_spelling_and_algorithms_outside_the_allow_list_are_refused() {
    let claims = access();
    let payload = claims.to_string();
    let hs256_signature = segments(&signed(&claims))[2].clone();
    let probes = vec![
        Probe::me(
            "alg none, empty signature",
            &unsigned(r#"{"alg":"none","typ":"JWT"}"#, &payload, ""),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg None, empty signature",
            &unsigned(r#"{"alg":"None","typ":"JWT"}"#, &payload, ""),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg NONE, empty signature",
            &unsigned(r#"{"alg":"NONE","typ":"JWT"}"#, &payload, ""),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg nOnE, no typ",
            &unsigned(r#"{"alg":"nOnE"}"#, &payload, ""),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg none with an HS256 signature of the right secret",
            &signed_with_header(r#"{"alg":"none","typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg none with the signature of a valid HS256 token",
            &unsigned(r#"{"alg":"none","typ":"JWT"}"#, &payload, &hs256_signature),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg HS999",
            &signed_with_header(r#"{"alg":"HS999","typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg hs256 in lower case",
            &signed_with_header(r#"{"alg":"hs256","typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg \"HS256 \" with a space",
            &signed_with_header(r#"{"alg":"HS256 ","typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg empty string",
            &signed_with_header(r#"{"alg":"","typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg RS256 on an HS256 service, HMAC signature",
            &signed_with_header(r#"{"alg":"RS256","typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg HS512 signed with HS512 and the right secret",
            &hmac(
                r#"{"alg":"HS512","typ":"JWT"}"#,
                &payload,
                Algorithm::HS512,
                SECRET.as_bytes(),
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg HS384 signed with HS384 and the right secret",
            &hmac(
                r#"{"alg":"HS384","typ":"JWT"}"#,
                &payload,
                Algorithm::HS384,
                SECRET.as_bytes(),
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg as a number",
            &signed_with_header(r#"{"alg":256,"typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg null",
            &signed_with_header(r#"{"alg":null,"typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg as a list",
            &signed_with_header(r#"{"alg":["HS256"],"typ":"JWT"}"#, &claims),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me("no alg", &signed_with_header(r#"{"typ":"JWT"}"#, &claims))
            .refused(422, "Algorithm not specified"),
        Probe::me(
            "kid as a number",
            &signed_with_header(r#"{"alg":"HS256","kid":5}"#, &claims),
        )
        .refused(422, "Key ID header parameter must be a string"),
        Probe::me(
            "crit naming an unknown extension",
            &signed_with_header(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#, &claims),
        )
        .refused(422, "Unsupported critical extension: exp"),
        Probe::me(
            "b64 false without crit",
            &signed_with_header(r#"{"alg":"HS256","b64":false}"#, &claims),
        )
        .refused(422, "Payload segment must be empty when 'b64' is false."),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

/// The classic RS256-to-HS256 confusion: an HMAC whose key is the service's public
/// key, which anyone can read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_hmac_keyed_with_the_rs256_public_key_is_refused() {
    let private = pem("rsa_private");
    let public = pem("rsa_public");
    let vars = [
        ("JWT_ALGORITHM", "RS256"),
        ("JWT_PRIVATE_KEY", private.as_str()),
        ("JWT_PUBLIC_KEY", public.as_str()),
    ];
    let ours = Target::start(Kind::Rust, &vars, Carrier::Header).await;
    let minted = ours
        .api
        .login(ALICE, crate::forge::PASSWORD, false)
        .await
        .access;
    assert!(
        minted.starts_with(&b64(r#"{"alg":"RS256","typ":"JWT"}"#)),
        "{minted}"
    );

    let payload = access().to_string();
    let key = public.as_bytes();
    let probes = vec![
        Probe::me(
            "HS256 keyed with the public key PEM",
            &hmac(
                r#"{"alg":"HS256","typ":"JWT"}"#,
                &payload,
                Algorithm::HS256,
                key,
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "HS256 keyed with the public key PEM, trimmed",
            &hmac(
                r#"{"alg":"HS256","typ":"JWT"}"#,
                &payload,
                Algorithm::HS256,
                public.trim().as_bytes(),
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "HS512 keyed with the public key PEM",
            &hmac(
                r#"{"alg":"HS512","typ":"JWT"}"#,
                &payload,
                Algorithm::HS512,
                key,
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg RS256, signature an HMAC keyed with the public key",
            &hmac(
                r#"{"alg":"RS256","typ":"JWT"}"#,
                &payload,
                Algorithm::HS256,
                key,
            ),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "alg RS256, empty signature",
            &unsigned(r#"{"alg":"RS256","typ":"JWT"}"#, &payload, ""),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "HS256 with JWT_SECRET_KEY, which RS256 does not use",
            &signed(&access()),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me("alg none", &unsigned(r#"{"alg":"none"}"#, &payload, ""))
            .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg PS256 (same key, not allowed)",
            &unsigned(
                r#"{"alg":"PS256","typ":"JWT"}"#,
                &payload,
                &segments(&minted)[2],
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "a token the service minted, its sub changed",
            &with_payload(&minted, &claims_for("bob@example.com", "access", true, 600)),
        )
        .refused(422, SIGNATURE),
        Probe::me("a token the service minted", &minted)
            .serves(ALICE)
            .flask(Flask::NotAsked),
    ];
    let config = json!({
        "JWT_ALGORITHM": "RS256",
        "JWT_PRIVATE_KEY": private,
        "JWT_PUBLIC_KEY": public,
    });
    let mut failures = ours.check(&probes).await;
    failures.extend(oracle_check(&config, &probes));
    failures.extend(ours.still_serves().await);
    report(failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_hmac_keyed_with_the_es256_public_key_is_refused() {
    let private = pem("ec256_private");
    let public = pem("ec256_public");
    let vars = [
        ("JWT_ALGORITHM", "ES256"),
        ("JWT_PRIVATE_KEY", private.as_str()),
        ("JWT_PUBLIC_KEY", public.as_str()),
    ];
    let payload = access().to_string();
    let key = public.as_bytes();
    let probes = [
        Probe::me(
            "HS256 keyed with the ES256 public key PEM",
            &hmac(
                r#"{"alg":"HS256","typ":"JWT"}"#,
                &payload,
                Algorithm::HS256,
                key,
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg ES256, signature an HMAC keyed with the public key",
            &hmac(
                r#"{"alg":"ES256","typ":"JWT"}"#,
                &payload,
                Algorithm::HS256,
                key,
            ),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "alg RS256 on an ES256 service",
            &hmac(
                r#"{"alg":"RS256","typ":"JWT"}"#,
                &payload,
                Algorithm::HS256,
                key,
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg ES256, 64 zero bytes as signature",
            &unsigned(r#"{"alg":"ES256","typ":"JWT"}"#, &payload, &b64([0u8; 64])),
        )
        .refused(422, SIGNATURE),
        Probe::me("alg none", &unsigned(r#"{"alg":"none"}"#, &payload, ""))
            .refused(422, NOT_ALLOWED),
    ];
    let config: Value = json!({
        "JWT_ALGORITHM": "ES256",
        "JWT_PRIVATE_KEY": private,
        "JWT_PUBLIC_KEY": public,
    });
    against_oracle(&vars, Carrier::Header, config, || probes.to_vec()).await;
}

/// The smallest server refuses the same forgeries and serves its users.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_minimal_example_refuses_forgeries_too() {
    let user = "user42@example.com";
    let claims = claims_for(user, "access", true, 600);
    let payload = claims.to_string();
    let good = signed(&claims);
    let probes = vec![
        Probe::me("a valid token", &good).serves(user),
        Probe::me(
            "alg none",
            &unsigned(r#"{"alg":"none","typ":"JWT"}"#, &payload, ""),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me(
            "alg HS512",
            &hmac(
                r#"{"alg":"HS512","typ":"JWT"}"#,
                &payload,
                Algorithm::HS512,
                SECRET.as_bytes(),
            ),
        )
        .refused(422, NOT_ALLOWED),
        Probe::me("another secret", &crate::minted::forged_access(user)).refused(422, SIGNATURE),
        Probe::me(
            "payload of another user, signature kept",
            &with_payload(&good, &claims_for("alice@example.com", "access", true, 600)),
        )
        .refused(422, SIGNATURE),
        Probe::me("expired", &crate::minted::expired_access(user))
            .refused(401, "Token has expired"),
        Probe::me(
            "a user it does not have",
            &signed(&claims_for("user1000@example.com", "access", true, 600)),
        )
        .refused(401, "Error loading the user user1000@example.com"),
        Probe::me("four segments", &format!("{good}.e30")).refused(422, "Invalid payload padding"),
        Probe::get("no token", "/me").refused(401, "Missing Authorization Header"),
    ];
    against_ours(Kind::Minimal, &[], Carrier::Header, &probes).await;
}
