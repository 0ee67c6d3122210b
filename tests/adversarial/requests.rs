//! The request around the token: repeated `Authorization` headers, a header and a
//! cookie at once, and requests written byte by byte (a 1 MiB header, NUL and
//! non-UTF-8 bytes, a folded header, a broken request line).

use serde_json::{Value, json};

use crate::client::{Carrier, msg};
use crate::forge::{ALICE, access, signed};
use crate::harness::{Flask, Probe, RawProbe, Target, against_twin, report};
use crate::minted::forged_access;
use crate::raw;
use crate::service::Kind;

const NO_BEARER: &str =
    "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'";
const BAD_HEADER: &str = "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'";
const SIGNATURE: &str = "Signature verification failed";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_authorization_headers_are_judged_as_one_joined_value() {
    let good = signed(&access());
    let forged = forged_access(ALICE);
    let auth = |what: &str, values: &[String]| {
        values.iter().fold(Probe::get(what, "/me"), |probe, value| {
            probe.header("Authorization", value.clone())
        })
    };
    let bearer = |token: &str| format!("Bearer {token}");
    let probes = vec![
        auth("the same Bearer twice", &[bearer(&good), bearer(&good)]).refused(401, NO_BEARER),
        auth(
            "a good Bearer, then a forged one",
            &[bearer(&good), bearer(&forged)],
        )
        .refused(401, NO_BEARER),
        auth(
            "a forged Bearer, then a good one",
            &[bearer(&forged), bearer(&good)],
        )
        .refused(401, NO_BEARER),
        auth(
            "Basic, then a good Bearer",
            &["Basic dXNlcjpwYXNz".into(), bearer(&good)],
        )
        .serves(ALICE),
        auth(
            "a good Bearer, then Basic",
            &[bearer(&good), "Basic dXNlcjpwYXNz".into()],
        )
        .serves(ALICE),
        auth(
            "a forged Bearer, then Basic",
            &[bearer(&forged), "Basic dXNlcjpwYXNz".into()],
        )
        .refused(422, SIGNATURE),
        auth(
            "two Bearers in one header",
            &[format!("Bearer {good}, Bearer {forged}")],
        )
        .refused(401, NO_BEARER),
        auth(
            "an empty header, then a good Bearer",
            &[String::new(), bearer(&good)],
        )
        .serves(ALICE),
        auth(
            "a bare Bearer, then Basic",
            &["Bearer".into(), "Basic x".into()],
        )
        .refused(422, BAD_HEADER),
        auth("Bearer with two words", &[format!("Bearer {good} {good}")]).refused(422, BAD_HEADER),
        auth("bearer in lower case", &[format!("bearer {good}")]).refused(401, NO_BEARER),
        auth("Bearer and a tab", &[format!("Bearer\t{good}")]).serves(ALICE),
        auth("Bearer and two spaces", &[format!("Bearer  {good}")]).serves(ALICE),
        auth("Token instead of Bearer", &[format!("Token {good}")]).refused(401, NO_BEARER),
        Probe::get("the header name in lower case", "/me")
            .header("authorization", bearer(&good))
            .serves(ALICE),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_header_and_a_cookie_the_header_decides() {
    let good = signed(&access());
    let forged = forged_access(ALICE);
    let both = |what: &str, header: String, cookie: &str| {
        Probe::get(what, "/me")
            .header("Authorization", header)
            .cookies(format!("access_token_cookie={cookie}"))
    };
    let probes = vec![
        both("a good header, a forged cookie", format!("Bearer {good}"), &forged).serves(ALICE),
        both("a forged header, a good cookie", format!("Bearer {forged}"), &good).refused(422, SIGNATURE),
        both("a Basic header, a good cookie", "Basic dXNlcjpwYXNz".into(), &good).serves(ALICE),
        both("a Basic header, a forged cookie", "Basic dXNlcjpwYXNz".into(), &forged).refused(422, SIGNATURE),
        both("a bare Bearer header, a good cookie", "Bearer".into(), &good).refused(422, BAD_HEADER),
        both("a lower-case bearer header, a good cookie", format!("bearer {forged}"), &good).serves(ALICE),
        Probe::post("POST, a good header, a cookie, no CSRF value", "/me")
            .bearer(&good)
            .cookies(format!("access_token_cookie={good}"))
            .serves(ALICE),
        Probe::post("POST, no header, a good cookie, no CSRF value", "/me")
            .cookies(format!("access_token_cookie={good}"))
            .refused(401, "Missing CSRF token"),
        Probe::get("neither", "/me").refused(
            401,
            "Missing JWT in headers or cookies (Missing Authorization Header; Missing cookie \"access_token_cookie\")",
        ),
        Probe::get("a Basic header, no cookie", "/me").header("Authorization", "Basic x").refused(
            401,
            "Missing JWT in headers or cookies (Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'; Missing cookie \"access_token_cookie\")",
        ),
    ];
    against_twin(
        &[("JWT_TOKEN_LOCATION", "headers,cookies")],
        Carrier::Header,
        &probes,
    )
    .await;
}

/// Requests reqwest will not send. What hyper refuses before the application sees it
/// (400 and 431, empty bodies) is HTTP's business; the rest is judged like any token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_written_byte_by_byte_are_answered_and_the_server_stays_up() {
    let good = signed(&access());
    let get = |headers: &[(&str, &[u8])]| raw::request("GET", "/me", headers, None);
    let bearer = |token: &[u8]| [&b"Bearer "[..], token].concat();
    let good_bytes = good.as_bytes();
    let unchanged_but_last = &good_bytes[..good_bytes.len() - 2];
    let empty = (400, Value::Null);
    let probes = vec![
        RawProbe::new(
            "bytes 0xFF 0xFE at the end of the token",
            get(&[(
                "Authorization",
                &bearer(&[unchanged_but_last, b"\xff\xfe"].concat()),
            )]),
            msg(422, "Invalid crypto padding"),
            Flask::Same,
        ),
        RawProbe::new(
            "UTF-8 'é' after the token",
            get(&[(
                "Authorization",
                &bearer(&[good_bytes, "é".as_bytes()].concat()),
            )]),
            msg(422, "Invalid crypto padding"),
            Flask::Same,
        ),
        RawProbe::new(
            "0xFF in each segment",
            get(&[("Authorization", &bearer(b"\xff.\xff.\xff"))]),
            msg(422, "Invalid header padding"),
            Flask::Same,
        ),
        RawProbe::new(
            "two Authorization lines, the second in lower case",
            get(&[
                ("Authorization", &bearer(good_bytes)),
                ("authorization", b"Basic abc"),
            ]),
            (200, json!({"email": ALICE})),
            Flask::Same,
        ),
        // hyper refuses these before any handler; Werkzeug lets the first two through.
        RawProbe::new(
            "a NUL byte in the token",
            get(&[("Authorization", b"Bearer ab\x00cd")]),
            empty.clone(),
            Flask::Status(422),
        ),
        RawProbe::new(
            "the header folded onto a second line",
            [
                &b"GET /me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer\r\n "
                    [..],
                good_bytes,
                b"\r\n\r\n",
            ]
            .concat(),
            empty.clone(),
            Flask::Status(200),
        ),
        RawProbe::new(
            "a request line that is not HTTP",
            b"GARBAGE\r\n\r\n".to_vec(),
            empty.clone(),
            Flask::NotAsked,
        ),
        RawProbe::new(
            "a header line without a colon",
            b"GET /me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization Bearer x\r\n\r\n"
                .to_vec(),
            empty,
            Flask::NotAsked,
        ),
    ];
    let ours = Target::start(Kind::Rust, &[], Carrier::Header).await;
    let flask = Target::start(Kind::Flask, &[], Carrier::Header).await;
    let mut failures = ours.check_raw(&probes).await;
    failures.extend(flask.check_raw(&probes).await);

    // 1 MiB of header: hyper answers 431 with no body, and closes.
    let huge = "a".repeat(1 << 20);
    for (what, request) in [
        (
            "a 1 MiB Authorization header",
            get(&[("Authorization", &bearer(huge.as_bytes()))]),
        ),
        (
            "a 1 MiB header beside a good token",
            get(&[
                ("X-Padding", huge.as_bytes()),
                ("Authorization", &bearer(good_bytes)),
            ]),
        ),
        (
            "10 000 headers beside a good token",
            raw::request(
                "GET",
                "/me",
                &std::iter::repeat_n(("X-Many", &b"1"[..]), 10_000)
                    .chain([("Authorization", &bearer(good_bytes)[..])])
                    .collect::<Vec<_>>(),
                None,
            ),
        ),
    ] {
        let reply = ours.raw(request).await;
        if reply.answer() != (431, Value::Null) || reply.header("connection") != Some("close") {
            failures.push(format!(
                "ours: {what}: expected 431, empty, Connection: close; got {reply:?}"
            ));
        }
    }
    failures.extend(ours.still_serves().await);
    failures.extend(flask.still_serves().await);
    report(failures);
}
