//! Writes the seed corpora of the fuzz targets (`seeds/<target>/`, committed): a few valid
//! inputs each, built around a token signed with the fuzzing secret.
//!
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run make_seeds` is not how to run it: build and run it
//! as a plain binary with `cargo run --bin make_seeds` from `fuzz/` (with
//! `RUSTFLAGS="--cfg fuzzing"`).

use std::path::Path;

fn write(target: &str, name: &str, bytes: &[u8]) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds").join(target);
    std::fs::create_dir_all(&folder).expect("corpus folder");
    std::fs::write(folder.join(name), bytes).expect("seed file");
}

fn main() {
    let token = axum_jwt_login_runtime::fuzzing::seed_token();
    write("decode_token", "valid", token.as_bytes());
    write("decode_token", "none", b"eyJhbGciOiJub25lIn0.e30.");
    write("decode_token", "padded", format!("{token}=").as_bytes());

    let bearer = format!("Bearer {token}");
    write("authorization_header", "bearer", &[&[0u8][..], bearer.as_bytes()].concat());
    write("authorization_header", "twice", &[&[1u8][..], bearer.as_bytes(), b", Basic x"].concat());
    write("authorization_header", "spaces", &[&[0u8][..], b"  Bearer   abc , Basic dXNlcg== "].concat());

    let csrf = token_csrf(&token);
    let cookie = format!("access_token_cookie={token}; csrf_access_token={csrf}");
    write("cookies_and_csrf", "post", &[&[1u8][..], cookie.as_bytes(), &[0xFF], csrf.as_bytes()].concat());
    write("cookies_and_csrf", "get", &[&[0u8][..], cookie.as_bytes()].concat());
    write("cookies_and_csrf", "quoted", &[&[0u8][..], format!("access_token_cookie=\"{token}\"").as_bytes()].concat());

    let json = format!(r#"{{"access_token": "{token}", "note": "x"}}"#);
    write("json_body", "json", &[&[0u8][..], json.as_bytes()].concat());
    write("json_body", "utf16", &[&[0u8][..], &[0xFF, 0xFE], &utf16le(&json)].concat());
    write("json_body", "form", &[&[2u8][..], b"csrf_token=abc&x=1"].concat());
}

fn token_csrf(token: &str) -> String {
    let payload = token.split('.').nth(1).expect("payload");
    let text = decode_base64url(payload);
    let start = text.find("\"csrf\":\"").expect("csrf claim") + 8;
    let end = text[start..].find('"').expect("end") + start;
    text[start..end].to_owned()
}

fn decode_base64url(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == byte).expect("base64url") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    String::from_utf8(out).expect("UTF-8 payload")
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}
