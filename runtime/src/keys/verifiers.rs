//! Verifiers kept per thread: building one sets up the key (for HMAC, hashing the
//! secret into its inner and outer pads), work that every token of a configuration
//! would otherwise repeat. The backend's verifiers are not `Send`, so each thread
//! keeps its own, a few at most.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use jsonwebtoken::Algorithm;
use jsonwebtoken::crypto::JwtVerifier;

/// How many (key set, algorithm) verifiers a thread keeps; the oldest goes first.
const KEPT_PER_THREAD: usize = 4;

/// A kept verifier: its key set, its algorithm, and itself.
type Kept = (u64, Algorithm, Box<dyn JwtVerifier>);

thread_local! {
    static VERIFIERS: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
}

/// A number for each key set, never reused, naming its verifiers in the caches.
pub(super) fn next_key_set_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Runs `verify` with this thread's verifier for (`key_set`, `algorithm`), made by
/// `build` the first time. `None` when `build` fails.
pub(super) fn with_verifier(
    key_set: u64,
    algorithm: Algorithm,
    build: impl FnOnce() -> Option<Box<dyn JwtVerifier>>,
    verify: impl FnOnce(&dyn JwtVerifier) -> bool,
) -> Option<bool> {
    VERIFIERS.with(|cell| {
        let Ok(mut kept) = cell.try_borrow_mut() else {
            // Verifying within a verification (never done): no cache.
            return build().map(|verifier| verify(verifier.as_ref()));
        };
        if let Some((_, _, verifier)) = kept
            .iter()
            .find(|(id, kept_algorithm, _)| *id == key_set && *kept_algorithm == algorithm)
        {
            return Some(verify(verifier.as_ref()));
        }
        let verifier = build()?;
        let answer = verify(verifier.as_ref());
        if kept.len() == KEPT_PER_THREAD {
            kept.remove(0);
        }
        kept.push((key_set, algorithm, verifier));
        Some(answer)
    })
}
