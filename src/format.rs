//! How the page writes numbers: the core's formatters (one home for the page,
//! the CLI and the engine's messages) and the page's own estimate of time left.

pub use mfa_lens_core::format::{grouped, human_size, percent};

/// The browser's clock, Unix seconds (a local zone's name depends on the
/// date: summer time).
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Seconds left at the rate seen so far; `None` until there is a rate to go by.
pub fn seconds_left(size: u64, bytes_read: u64, started_ms: f64, now_ms: f64) -> Option<f64> {
    let elapsed = (now_ms - started_ms) / 1000.0;
    if bytes_read == 0 || elapsed <= 0.0 {
        return None;
    }
    let rate = bytes_read as f64 / elapsed;
    Some(size.saturating_sub(bytes_read) as f64 / rate)
}

#[cfg(test)]
mod tests {
    use super::seconds_left;

    #[test]
    fn time_left_follows_the_rate_so_far() {
        assert_eq!(seconds_left(100, 0, 0.0, 1000.0), None);
        assert_eq!(seconds_left(100, 25, 0.0, 1000.0), Some(3.0));
        assert_eq!(seconds_left(100, 100, 0.0, 1000.0), Some(0.0));
    }
}
