//! One million revoked `jti`s in the memory blocklist: its memory, its look-up time,
//! and that expired entries are dropped.
//!
//! Run: `cargo bench --bench blocklist_memory` (about 15 s). Prints the resident
//! memory added by the revocations (bytes per entry), the median time of a look-up
//! that hits and of one that misses (1 000 000 each, in batches of 1 000), and what a
//! sweep after expiry removes. Exits non-zero if a revoked `jti` is not found, an
//! unrevoked one is, or expired entries stay.

use std::hint::black_box;
use std::time::{Duration, Instant};

use axum_jwt_login::{Blocklist, MemoryBlocklist};

#[path = "../tests/support/in_memory.rs"]
#[allow(dead_code)] // the users serve other benches
mod in_memory;

use in_memory::now_or_never;

const COUNT: usize = 1_000_000;

/// Resident memory of this process, in bytes (Linux `/proc/self/status`).
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .expect("VmRSS");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|kib| kib.parse().ok())
        .expect("VmRSS in kB");
    kib * 1024
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

/// Median time per look-up over batches of 1 000.
fn lookup_time(blocklist: &MemoryBlocklist, jtis: &[String], expect: bool) -> Duration {
    let mut batches = Vec::with_capacity(jtis.len() / 1000);
    for batch in jtis.chunks(1000) {
        let started = Instant::now();
        for jti in batch {
            let revoked = now_or_never(blocklist.is_revoked(black_box(jti))).expect("answer");
            assert_eq!(revoked, expect, "{jti}");
        }
        batches.push(started.elapsed() / batch.len() as u32);
    }
    batches.sort();
    batches[batches.len() / 2]
}

fn main() {
    let revoked: Vec<String> = (0..COUNT)
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let others: Vec<String> = (0..COUNT)
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let blocklist = MemoryBlocklist::with_capacity(COUNT * 2);

    let before = resident();
    let started = Instant::now();
    let live_until = now() + 3600;
    for jti in &revoked {
        now_or_never(blocklist.revoke(jti, Some(live_until))).expect("revoke");
    }
    let inserting = started.elapsed();
    let after = resident();
    assert_eq!(blocklist.len(), COUNT);
    let added = after.saturating_sub(before);
    println!(
        "{COUNT} revocations: {:.1} MiB resident added, {} bytes per revoked jti (36-character UUIDs); inserted in {:.2} s ({} ns each)",
        added as f64 / (1024.0 * 1024.0),
        added / COUNT as u64,
        inserting.as_secs_f64(),
        inserting.as_nanos() / COUNT as u128
    );

    let hit = lookup_time(&blocklist, &revoked, true);
    let miss = lookup_time(&blocklist, &others, false);
    println!(
        "look-up, median of 1 000-look-up batches: {} ns when revoked, {} ns when not",
        hit.as_nanos(),
        miss.as_nanos()
    );

    // Expired entries are dropped: a second million that expires in 2 s.
    let soon = now() + 2;
    for jti in &others {
        now_or_never(blocklist.revoke(jti, Some(soon))).expect("revoke");
    }
    assert_eq!(blocklist.len(), 2 * COUNT);
    std::thread::sleep(Duration::from_secs(3));
    let swept = blocklist.sweep();
    println!(
        "after expiry: a sweep removed {swept} entries; {} remain (the live million)",
        blocklist.len()
    );
    assert_eq!(swept, COUNT, "every expired entry is dropped");
    assert_eq!(blocklist.len(), COUNT);
    let expired_check = lookup_time(&blocklist, &others[..10_000], false);
    println!(
        "expired jtis answer 'not revoked' ({} ns); resident now {:.1} MiB",
        expired_check.as_nanos(),
        resident() as f64 / (1024.0 * 1024.0)
    );
}
