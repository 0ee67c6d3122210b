//! `exp`, `nbf` and `iat` at the edges of `JWT_DECODE_LEEWAY`. The Flask twin does
//! not read the setting; Flask-JWT-Extended's oracle app takes it.
//!
//! PyJWT's rules, which ours follow: expired when `exp <= now - leeway`, not yet
//! valid when `nbf > now + leeway` or `iat > now + leeway`, with `now` a float. The
//! probes stay five seconds or more from a moving edge, or sit on the edge at the
//! current whole second, where the passing of time cannot change the answer.

use serde_json::json;

use crate::client::Carrier;
use crate::forge::{ALICE, access, now, signed, with};
use crate::harness::{Probe, against_oracle};

const EXPIRED: &str = "Token has expired";
const NBF: &str = "The token is not yet valid (nbf)";
const IAT: &str = "The token is not yet valid (iat)";

fn token(name: &str, at: i64) -> String {
    let mut claims = with(access(), name, json!(at));
    // A future `iat` or `nbf` alone: the other stays in the past.
    if name == "exp" {
        claims = with(claims, "iat", json!(at - 600));
        claims = with(claims, "nbf", json!(at - 600));
    }
    signed(&claims)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leeway_of_ten_seconds_is_honoured_and_not_exceeded() {
    let probes = || {
        let now = now();
        vec![
            Probe::me("exp 5 s ago", &token("exp", now - 5)).serves(ALICE),
            Probe::me("exp 10 s ago, on the edge", &token("exp", now - 10)).refused(401, EXPIRED),
            Probe::me("exp 20 s ago", &token("exp", now - 20)).refused(401, EXPIRED),
            Probe::me("nbf 5 s ahead", &token("nbf", now + 5)).serves(ALICE),
            Probe::me("nbf 20 s ahead", &token("nbf", now + 20)).refused(422, NBF),
            Probe::me("iat 5 s ahead", &token("iat", now + 5)).serves(ALICE),
            Probe::me("iat 20 s ahead", &token("iat", now + 20)).refused(422, IAT),
            Probe::post("exp 20 s ago, on /fresh", "/fresh")
                .bearer(&token("exp", now - 20))
                .refused(401, EXPIRED),
        ]
    };
    let config = json!({"JWT_DECODE_LEEWAY": 10});
    against_oracle(
        &[("JWT_DECODE_LEEWAY", "10")],
        Carrier::Header,
        config,
        probes,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_leeway_the_edges_are_exact() {
    let probes = || {
        let now = now();
        vec![
            Probe::me("exp this second", &token("exp", now)).refused(401, EXPIRED),
            Probe::me("exp 1 s ago", &token("exp", now - 1)).refused(401, EXPIRED),
            Probe::me("exp in 15 s", &token("exp", now + 15)).serves(ALICE),
            Probe::me("nbf this second", &token("nbf", now)).serves(ALICE),
            Probe::me("nbf in 30 s", &token("nbf", now + 30)).refused(422, NBF),
            Probe::me("iat this second", &token("iat", now)).serves(ALICE),
            Probe::me("iat in 30 s", &token("iat", now + 30)).refused(422, IAT),
        ]
    };
    let config = json!({"JWT_DECODE_LEEWAY": 0});
    against_oracle(
        &[("JWT_DECODE_LEEWAY", "0")],
        Carrier::Header,
        config,
        probes,
    )
    .await;
}
