//! The compact JWS form `header.payload.signature`, read with PyJWT's rules.

use std::cell::RefCell;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{InvalidToken, Segment};

/// The three base64url segments of a compact token, and the signed part.
pub(crate) struct Compact<'a> {
    pub signing_input: &'a str,
    pub header: &'a str,
    pub payload: &'a str,
    pub signature: &'a str,
}

/// Splits as PyJWT does: the signature after the last dot, the header before the
/// first; anything else is the payload (where a stray dot then fails as padding).
pub(crate) fn split(token: &str) -> Result<Compact<'_>, InvalidToken> {
    let (signing_input, signature) = token
        .rsplit_once('.')
        .ok_or(InvalidToken::NotEnoughSegments)?;
    let (header, payload) = signing_input
        .split_once('.')
        .ok_or(InvalidToken::NotEnoughSegments)?;
    Ok(Compact {
        signing_input,
        header,
        payload,
        signature,
    })
}

/// Decodes one segment: canonical unpadded base64url, or base64url with correct
/// `=` padding (which PyJWT accepts); anything else is `Invalid <segment> padding`.
/// The three segments of one token, decoded; reused by every token a thread decodes.
#[derive(Default)]
pub(crate) struct Scratch {
    pub header: Vec<u8>,
    pub payload: Vec<u8>,
    pub signature: Vec<u8>,
}

/// A buffer that grew past this is dropped after use, so one huge token does not keep
/// its memory for the thread's life.
const KEPT_CAPACITY: usize = 16 * 1024;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `work` with this thread's decode buffers, emptied: decoding a token then
/// allocates no buffer of its own.
pub(crate) fn with_scratch<T>(work: impl FnOnce(&mut Scratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let out = work(&mut scratch);
            let Scratch {
                header,
                payload,
                signature,
            } = &mut *scratch;
            for buffer in [header, payload, signature] {
                buffer.clear();
                if buffer.capacity() > KEPT_CAPACITY {
                    *buffer = Vec::new();
                }
            }
            out
        }
        // Decoding within a decode (never done): fresh buffers.
        Err(_) => work(&mut Scratch::default()),
    })
}

/// Decodes a segment into a new buffer.
pub(crate) fn decode_segment(segment: &str, which: Segment) -> Result<Vec<u8>, InvalidToken> {
    let mut out = Vec::new();
    decode_segment_into(segment, which, &mut out)?;
    Ok(out)
}

/// Decodes a segment into `out` (emptied first).
pub(crate) fn decode_segment_into(
    segment: &str,
    which: Segment,
    out: &mut Vec<u8>,
) -> Result<(), InvalidToken> {
    out.clear();
    let bytes = segment.as_bytes();
    let stripped = bytes
        .strip_suffix(b"==")
        .or_else(|| bytes.strip_suffix(b"="))
        .unwrap_or(bytes);
    let padded = stripped.len() != bytes.len();
    if stripped.ends_with(b"=") || (padded && !bytes.len().is_multiple_of(4)) {
        return Err(InvalidToken::InvalidPadding(which));
    }
    // The engine refuses non-alphabet bytes, a length of 4n+1 and non-zero trailing
    // bits, exactly PyJWT's alphabet, length and round-trip checks.
    URL_SAFE_NO_PAD
        .decode_vec(stripped, out)
        .map_err(|_| InvalidToken::InvalidPadding(which))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_needs_two_dots() {
        for token in ["", "abc", "a.b"] {
            assert_eq!(
                split(token).err(),
                Some(InvalidToken::NotEnoughSegments),
                "{token}"
            );
        }
        let parts = split("h.p.q.s").unwrap();
        assert_eq!(
            (parts.header, parts.payload, parts.signature),
            ("h", "p.q", "s")
        );
        assert_eq!(parts.signing_input, "h.p.q");
    }

    #[test]
    fn segments_follow_pyjwt_padding_rules() {
        let ok = |s: &str| decode_segment(s, Segment::Payload).unwrap();
        let bad = |s: &str| decode_segment(s, Segment::Payload).unwrap_err();
        assert_eq!(ok("e30"), b"{}");
        assert_eq!(ok("e30="), b"{}");
        assert_eq!(ok(""), b"");
        assert_eq!(ok("YQ=="), b"a");
        let padding = InvalidToken::InvalidPadding(Segment::Payload);
        assert_eq!(bad("e30=="), padding, "too much padding for the length");
        assert_eq!(bad("YQ==="), padding, "three pad characters");
        assert_eq!(
            bad("e31"),
            padding,
            "non-zero trailing bits are not canonical"
        );
        assert_eq!(bad("e3+0"), padding, "standard alphabet");
        assert_eq!(bad("e3/0"), padding, "standard alphabet");
        assert_eq!(bad("abcde"), padding, "length 4n+1");
        assert_eq!(bad("e3 0"), padding, "white space");
        assert_eq!(bad("p.q"), padding, "a stray dot");
        assert_eq!(bad("=e30"), padding, "leading padding");
    }
}
