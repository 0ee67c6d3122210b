//! Logging a blocklist outage once: the first failure is an error, the failures that
//! follow are debug lines, and the first answer after them says service is back.

use std::sync::atomic::{AtomicBool, Ordering};

use super::BlocklistError;

/// Whether the blocklist failed last time, so that an outage is logged once, not
/// once per request.
#[derive(Debug, Default)]
pub(crate) struct OutageLog {
    down: AtomicBool,
}

impl OutageLog {
    /// Records the outcome of one blocklist call (`action`: what was being done).
    pub(crate) fn record<T>(
        &self,
        action: &'static str,
        outcome: Result<T, BlocklistError>,
    ) -> Result<T, BlocklistError> {
        match &outcome {
            Ok(_) => {
                // A relaxed load first: the success path writes nothing.
                if self.down.load(Ordering::Relaxed) && self.down.swap(false, Ordering::AcqRel) {
                    tracing::warn!("the token blocklist answers again; requests are served");
                }
            }
            Err(err) => {
                if self.down.swap(true, Ordering::AcqRel) {
                    tracing::debug!(error = %err, action, "the token blocklist is still unavailable");
                } else {
                    tracing::error!(
                        error = %err,
                        action,
                        "the token blocklist is unavailable: token requests get 503 until it answers again"
                    );
                }
            }
        }
        outcome
    }

    /// Whether the last call failed.
    #[cfg(test)]
    pub(crate) fn is_down(&self) -> bool {
        self.down.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_starts_with_a_failure_and_ends_with_a_success() {
        let log = OutageLog::default();
        assert!(!log.is_down());
        assert_eq!(log.record("check", Ok(1)), Ok(1));
        assert!(!log.is_down());
        let err = BlocklistError::new("connection refused");
        assert_eq!(
            log.record::<()>("check", Err(err.clone())),
            Err(err.clone())
        );
        assert!(log.is_down());
        assert_eq!(log.record::<()>("revoke", Err(err.clone())), Err(err));
        assert!(log.is_down());
        assert_eq!(log.record("check", Ok(false)), Ok(false));
        assert!(!log.is_down());
    }
}
