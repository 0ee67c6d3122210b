//! JSON as Python's `json.loads` reads it, where serde_json is stricter: nesting up to
//! Python's recursion limit (about 1 000 levels; serde_json stops at 128), and `NaN`,
//! `Infinity` and `-Infinity`, which Python writes and reads by default (they are
//! read as `null` here, as JSON has no such numbers). Used only after serde_json has
//! refused a text, so valid JSON costs nothing more.

use std::borrow::Cow;

/// The deepest nesting read, as Python's default recursion limit allows.
pub(crate) const MAX_DEPTH: usize = 1000;

/// Parses `bytes` with `parse` (a closure that runs serde_json on a deserializer), and
/// when that fails, once more as Python would read the text: non-finite numbers as
/// `null`, nesting allowed up to [`MAX_DEPTH`]. The first error stands when the
/// text is not JSON to Python either.
pub(crate) fn parse<T>(
    bytes: &[u8],
    parse: impl Fn(
        &mut serde_json::Deserializer<serde_json::de::SliceRead<'_>>,
    ) -> serde_json::Result<T>,
) -> serde_json::Result<T> {
    let first = parse(&mut serde_json::Deserializer::from_slice(bytes));
    let Err(err) = first else {
        return first;
    };
    let depth = nesting_depth(bytes);
    let text = without_non_finite(bytes);
    let deep = depth > 127;
    if depth > MAX_DEPTH || (!deep && matches!(text, Cow::Borrowed(_))) {
        return Err(err);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&text);
    if deep {
        deserializer.disable_recursion_limit();
    }
    parse(&mut deserializer).map_err(|_| err)
}

/// How deep arrays and objects nest, brackets inside strings aside.
fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The text with `NaN`, `Infinity` and `-Infinity` outside strings written as `null`.
fn without_non_finite(bytes: &[u8]) -> Cow<'_, [u8]> {
    const WORDS: [&[u8]; 3] = [b"-Infinity", b"Infinity", b"NaN"];
    let (mut in_string, mut escaped) = (false, false);
    let mut out: Option<Vec<u8>> = None;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if let Some(word) = WORDS.iter().find(|word| bytes[at..].starts_with(word)) {
            let out = out.get_or_insert_with(|| bytes[..at].to_vec());
            out.extend_from_slice(b"null");
            at += word.len();
            continue;
        }
        if let Some(out) = &mut out {
            out.push(b);
        }
        at += 1;
    }
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(bytes),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::Value;

    use super::*;

    fn read(text: &str) -> serde_json::Result<Value> {
        parse(text.as_bytes(), |de| Value::deserialize(de))
    }

    #[test]
    fn python_reads_what_serde_json_refuses() {
        assert_eq!(
            read(r#"{"a": NaN, "b": [Infinity, -Infinity]}"#).unwrap()["a"],
            Value::Null
        );
        assert_eq!(
            read(r#"{"s": "NaN"}"#).unwrap()["s"],
            "NaN",
            "inside a string, text"
        );
        let deep = format!("{}1{}", "[".repeat(500), "]".repeat(500));
        assert!(read(&deep).is_ok(), "500 levels");
        let too_deep = format!("{}1{}", "[".repeat(1001), "]".repeat(1001));
        assert!(
            read(&too_deep)
                .unwrap_err()
                .to_string()
                .starts_with("recursion limit exceeded")
        );
        assert!(read("{").is_err());
        assert!(read("nan").is_err(), "Python's spelling is NaN");
    }

    #[test]
    fn depth_ignores_brackets_in_strings() {
        assert_eq!(nesting_depth(br#"[["[[[", "\"]"]]"#), 2);
        assert_eq!(nesting_depth(b"{}"), 1);
        assert_eq!(nesting_depth(b"1"), 0);
    }
}
