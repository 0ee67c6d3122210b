//! The compact form: truncated tokens, empty and extra segments, characters outside
//! base64url, `=` padding, one character changed, segments swapped between two
//! valid tokens, and a 64 KiB token.

use serde_json::json;

use crate::client::Carrier;
use crate::forge::{
    ALICE, HS256_HEADER, access, b64, flip_signature_char, join, refresh, segments, sign_input,
    signed, signed_text, with, with_header, with_payload,
};
use crate::harness::{Flask, Probe, against_twin};
use crate::minted::claims_for;

const SIGNATURE: &str = "Signature verification failed";
const SEGMENTS: &str = "Not enough segments";

/// The longest prefix of `text` whose length is 4n+1: never valid base64.
fn cut_to_invalid_length(text: &str) -> &str {
    let mut length = text.len() - 1;
    while length % 4 != 1 {
        length -= 1;
    }
    &text[..length]
}

/// Alice's claims with a filler claim that makes the payload segment's length 4n+2,
/// so that it takes exactly `==` of padding.
fn claims_needing_two_pad_characters() -> serde_json::Value {
    let mut filler = String::new();
    loop {
        let claims = with(access(), "filler", json!(filler));
        if b64(claims.to_string()).len() % 4 == 2 {
            return claims;
        }
        filler.push('x');
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_tokens_and_missing_or_extra_segments_are_refused() {
    let good = signed(&access());
    let [header, payload, signature] = segments(&good);
    let probes = vec![
        // `Authorization: Bearer ` arrives as `Bearer` (HTTP trims the value).
        Probe::me("an empty token", "").refused(
            422,
            "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'",
        ),
        Probe::me("one dot", ".").refused(422, SEGMENTS),
        Probe::me("two dots", "..")
            .refused(
                422,
                "Invalid header string: EOF while parsing a value at line 1 column 0",
            )
            .flask(Flask::ParserText),
        Probe::me("three dots", "...")
            .refused(
                422,
                "Invalid header string: EOF while parsing a value at line 1 column 0",
            )
            .flask(Flask::ParserText),
        Probe::me("the header segment alone", &header).refused(422, SEGMENTS),
        Probe::me(
            "header and payload, no signature segment",
            &format!("{header}.{payload}"),
        )
        .refused(422, SEGMENTS),
        Probe::me(
            "cut in the middle of the payload",
            &good[..header.len() + 1 + payload.len() / 2],
        )
        .refused(422, SEGMENTS),
        Probe::me(
            "signature cut to a length of 4n+1",
            &join(&header, &payload, cut_to_invalid_length(&signature)),
        )
        .refused(422, "Invalid crypto padding"),
        Probe::me(
            "signature cut to 40 characters",
            &join(&header, &payload, &signature[..40]),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "payload cut to a length of 4n+1",
            &join(&header, cut_to_invalid_length(&payload), &signature),
        )
        .refused(422, "Invalid payload padding"),
        Probe::me("empty header segment", &join("", &payload, &signature))
            .refused(
                422,
                "Invalid header string: EOF while parsing a value at line 1 column 0",
            )
            .flask(Flask::ParserText),
        Probe::me("empty payload segment", &join(&header, "", &signature))
            .refused(
                422,
                "Invalid payload string: EOF while parsing a value at line 1 column 0",
            )
            .flask(Flask::ParserText),
        Probe::me("empty signature segment", &join(&header, &payload, "")).refused(422, SIGNATURE),
        Probe::me("a trailing dot: four segments", &format!("{good}."))
            .refused(422, "Invalid payload padding"),
        Probe::me("four segments", &format!("{good}.e30")).refused(422, "Invalid payload padding"),
        Probe::me("five segments", &format!("{good}.e30.e30"))
            .refused(422, "Invalid payload padding"),
        Probe::me(
            "an empty segment inserted after the header",
            &format!("{header}..{payload}.{signature}"),
        )
        .refused(422, "Invalid payload padding"),
        Probe::me("a leading dot", &format!(".{good}"))
            .refused(
                422,
                "Invalid header string: EOF while parsing a value at line 1 column 0",
            )
            .flask(Flask::ParserText),
        Probe::me(
            "the same token twice, joined by a dot",
            &format!("{good}.{good}"),
        )
        .refused(422, "Invalid payload padding"),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn characters_outside_base64url_and_wrong_padding_are_refused() {
    let good = signed(&access());
    let [header, payload, signature] = segments(&good);
    let replace = |segment: &str, at: usize, with: &str| {
        format!("{}{with}{}", &segment[..at], &segment[at + 1..])
    };
    let padded_claims = claims_needing_two_pad_characters();
    let needs_padding = signed(&padded_claims);
    let [_, short_payload, short_signature] = segments(&needs_padding);
    // The same payload with its `==`, signed over the padded text.
    let padded_and_signed = sign_input(&format!("{header}.{short_payload}=="));
    let probes = vec![
        Probe::me(
            "'*' in the payload",
            &join(&header, &replace(&payload, 10, "*"), &signature),
        )
        .refused(422, "Invalid payload padding"),
        Probe::me(
            "'+' (standard alphabet) in the payload",
            &join(&header, &replace(&payload, 10, "+"), &signature),
        )
        .refused(422, "Invalid payload padding"),
        Probe::me(
            "'/' (standard alphabet) in the header",
            &join(&replace(&header, 5, "/"), &payload, &signature),
        )
        .refused(422, "Invalid header padding"),
        Probe::me(
            "'%' in the signature",
            &join(&header, &payload, &replace(&signature, 3, "%")),
        )
        .refused(422, "Invalid crypto padding"),
        Probe::me(
            "'~' in the signature",
            &join(&header, &payload, &replace(&signature, 0, "~")),
        )
        .refused(422, "Invalid crypto padding"),
        Probe::me(
            "'=' in the middle of the payload",
            &join(&header, &replace(&payload, 8, "="), &signature),
        )
        .refused(422, "Invalid payload padding"),
        Probe::me(
            "'=' after a header that needs none",
            &join(&format!("{header}="), &payload, &signature),
        )
        .refused(422, "Invalid header padding"),
        Probe::me("'==' after the signature", &format!("{good}=="))
            .refused(422, "Invalid crypto padding"),
        Probe::me(
            "one '=' where '==' is needed",
            &join(&header, &format!("{short_payload}="), &short_signature),
        )
        .refused(422, "Invalid payload padding"),
        Probe::me(
            "'===' where '==' is needed",
            &join(&header, &format!("{short_payload}==="), &short_signature),
        )
        .refused(422, "Invalid payload padding"),
        Probe::me(
            "the right '==', the signature of the unpadded text",
            &join(&header, &format!("{short_payload}=="), &short_signature),
        )
        .refused(422, SIGNATURE),
        // PyJWT accepts correct padding; the signature covers the padded text.
        Probe::me(
            "the right '==', signed over the padded text",
            &padded_and_signed,
        )
        .serves(ALICE),
        // 43 characters and one '=' make 44: correct padding of the same bytes.
        Probe::me("the signature with its correct '='", &format!("{good}=")).serves(ALICE),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_character_or_swapped_segments_fail_the_signature() {
    let alice = access();
    let good = signed(&alice);
    let bob = claims_for("bob@example.com", "access", true, 600);
    let bobs = signed(&bob);
    let [header, payload, signature] = segments(&good);
    let [_, bob_payload, bob_signature] = segments(&bobs);
    let refresh_token = signed(&refresh());
    let [_, refresh_payload, refresh_signature] = segments(&refresh_token);
    let alice_text = alice.to_string();
    let probes = vec![
        Probe::me("a valid token", &good).serves(ALICE),
        Probe::me(
            "first signature character changed",
            &flip_signature_char(&good, 0),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "20th signature character changed",
            &flip_signature_char(&good, 20),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "last signature character changed",
            &flip_signature_char(&good, usize::MAX),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "one character of the identity changed",
            &join(
                &header,
                &b64(alice_text.replace("alice@", "alicf@")),
                &signature,
            ),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "one character of the type changed (refresh to access)",
            &join(
                &header,
                &b64(refresh().to_string().replace("\"refresh\"", "\"aefresh\"")),
                &refresh_signature,
            ),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "the payload's first character changed",
            &join(&header, &format!("f{}", &payload[1..]), &signature),
        )
        .refused(
            422,
            "Invalid payload string: expected value at line 1 column 1",
        )
        .flask(Flask::ParserText),
        Probe::me(
            "the header's first character changed",
            &join(&format!("f{}", &header[1..]), &payload, &signature),
        )
        .refused(
            422,
            "Invalid header string: expected value at line 1 column 1",
        )
        .flask(Flask::ParserText),
        Probe::me(
            "typ JWS in the header, signature kept",
            &with_header(&good, r#"{"alg":"HS256","typ":"JWS"}"#),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "a kid added to the header, signature kept",
            &with_header(&good, r#"{"alg":"HS256","typ":"JWT","kid":"k"}"#),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "exp pushed a year on, signature kept",
            &with_payload(
                &good,
                &with(
                    alice.clone(),
                    "exp",
                    json!(crate::forge::now() + 31_536_000),
                ),
            ),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "sub made an admin, signature kept",
            &with_payload(
                &good,
                &with(alice.clone(), "sub", json!("admin@example.com")),
            ),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "alice's header and payload, bob's signature",
            &join(&header, &payload, &bob_signature),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "bob's payload, alice's signature",
            &join(&header, &bob_payload, &signature),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "a refresh payload, an access signature",
            &join(&header, &refresh_payload, &signature),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "four bytes appended to the signature",
            &format!("{good}AAAA"),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "signed with the secret and a space",
            &crate::forge::hmac(
                HS256_HEADER,
                &alice_text,
                jsonwebtoken::Algorithm::HS256,
                format!("{} ", crate::service::SECRET).as_bytes(),
            ),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "signed with another secret",
            &crate::minted::forged_access(ALICE),
        )
        .refused(422, SIGNATURE),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_64_kib_token_is_read_and_judged_like_any_other() {
    // Werkzeug refuses request lines over 65 536 bytes (431): the tokens stay under.
    let big = with(access(), "filler", json!("x".repeat(47_000)));
    let big_token = signed(&big);
    assert!(
        (60_000..65_000).contains(&big_token.len()),
        "{}",
        big_token.len()
    );
    let garbage_segments = format!(
        "{}.{}.{}",
        "a".repeat(30_000),
        "b".repeat(30_000),
        "c".repeat(4_000)
    );
    let probes = vec![
        Probe::me("a valid 64 KiB token", &big_token).serves(ALICE),
        Probe::me(
            "a 64 KiB token, one signature character changed",
            &flip_signature_char(&big_token, 7),
        )
        .refused(422, SIGNATURE),
        Probe::me(
            "a 64 KiB token, its payload from a smaller token",
            &join(
                &segments(&big_token)[0],
                &segments(&signed(&access()))[1],
                &segments(&big_token)[2],
            ),
        )
        .refused(422, SIGNATURE),
        Probe::me("60 000 characters without a dot", &"a".repeat(60_000)).refused(422, SEGMENTS),
        Probe::me(
            "64 KiB of 'a', 'b' and 'c' in three segments",
            &garbage_segments,
        )
        .refused(
            422,
            "Invalid header string: expected value at line 1 column 1",
        )
        .flask(Flask::ParserText),
        // Over Werkzeug's line limit: its server answers 431 before Flask sees it.
        Probe::me("65 536 characters without a dot", &"a".repeat(65_536))
            .refused(422, SEGMENTS)
            .flask(Flask::Status(431)),
        Probe::me(
            "a 60 KiB payload that is not JSON",
            &signed_text(&"{".repeat(45_000)),
        )
        .refused(
            422,
            "Invalid payload string: key must be a string at line 1 column 2",
        )
        .flask(Flask::ParserText),
    ];
    against_twin(&[], Carrier::Header, &probes).await;
}
