//! Verifiers and signers kept per thread: building one sets up the key (for HMAC,
//! hashing the secret into its pads; for EC and RSA, parsing the key), work that
//! every token of a configuration would otherwise repeat. The backend's verifiers
//! and signers are not `Send`, so each thread keeps its own, a few at most; a thread
//! that ends drops them.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::LocalKey;

use jsonwebtoken::Algorithm;
use jsonwebtoken::crypto::{JwtSigner, JwtVerifier};

/// How many (key set, algorithm) entries a thread keeps of each kind; the oldest
/// goes first.
const KEPT_PER_THREAD: usize = 4;

/// Kept entries of one kind: their key set, their algorithm, and themselves.
type Kept<T> = RefCell<Vec<(u64, Algorithm, Box<T>)>>;

thread_local! {
    pub(super) static VERIFIERS: Kept<dyn JwtVerifier> = const { RefCell::new(Vec::new()) };
    pub(super) static SIGNERS: Kept<dyn JwtSigner> = const { RefCell::new(Vec::new()) };
}

/// A number for each key set, never reused, naming its entries in the caches.
pub(super) fn next_key_set_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Runs `work` with this thread's entry for (`key_set`, `algorithm`) in `cache`,
/// made by `build` the first time. `None` when `build` fails.
pub(super) fn with_kept<T: ?Sized + 'static, R>(
    cache: &'static LocalKey<Kept<T>>,
    key_set: u64,
    algorithm: Algorithm,
    build: impl FnOnce() -> Option<Box<T>>,
    work: impl FnOnce(&T) -> R,
) -> Option<R> {
    cache.with(|cell| {
        let Ok(mut kept) = cell.try_borrow_mut() else {
            // Within a call on the same cache (never done): no cache.
            return build().map(|entry| work(&*entry));
        };
        if let Some((_, _, entry)) = kept
            .iter()
            .find(|(id, kept_algorithm, _)| *id == key_set && *kept_algorithm == algorithm)
        {
            return Some(work(&**entry));
        }
        let entry = build()?;
        let answer = work(&*entry);
        if kept.len() == KEPT_PER_THREAD {
            kept.remove(0);
        }
        kept.push((key_set, algorithm, entry));
        Some(answer)
    })
}
