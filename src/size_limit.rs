//! How much the page accepts, decided from `File.size` before a byte is read.
//!
//! Why a limit at all: the worker's wasm32 memory can never pass 4 GiB, and
//! when an allocation fails there the worker dies with everything loaded. Why
//! this one, measured natively with the same store:
//! - a real export takes about a quarter of its size (`examples/
//!   measure_workspace.rs`: 1,000,000 sign-ins, 1,045 MB of CSV, 240 MB of
//!   columns, 0.23×), so 2,000,000 rows (2.1 GB) need about 0.5 GB;
//! - the worst case, a file whose every value is distinct so that nothing is
//!   shared in a dictionary, takes a little more than its own size
//!   (`examples/worst_case_memory.rs`: 300 MB → 332 MB of columns, 1.11×,
//!   with peak memory no higher), so 2.5 GB of it needs about 2.8 GB and
//!   still leaves room under 4 GiB for the page's queries and exports.
//!
//! The limit counts every file loaded or loading together, since they share
//! one memory.
//!
//! The CLI has no such cap (`mfa-lens summary` runs natively, in 64-bit memory),
//! which is what the message points to.

use crate::format::human_size;

/// The most bytes of exports the page holds at once (decimal, as file managers
/// show sizes: "2.5 GB").
pub const MAX_LOADED_BYTES: u64 = 2_500_000_000;

/// Why a file of `size` bytes is refused when `loaded` bytes of other files are
/// already loaded or loading, or `None` when it fits.
pub fn refusal(size: u64, loaded: u64) -> Option<String> {
    refusal_with(size, loaded, MAX_LOADED_BYTES)
}

fn refusal_with(size: u64, loaded: u64, max: u64) -> Option<String> {
    if loaded.saturating_add(size) <= max {
        return None;
    }
    const INSTEAD: &str = "download a shorter date range as several smaller files, or run \
                           \"mfa-lens summary\" on the command line, which has no such limit.";
    Some(if size > max || loaded == 0 {
        format!(
            "This file is {}, more than the {} of exports MFA Lens can hold in a browser tab, \
             so it was not read. Instead, {INSTEAD}",
            human_size(size),
            human_size(max),
        )
    } else {
        format!(
            "This file is {}; with the {} already loaded that is more than the {} of exports \
             MFA Lens can hold in a browser tab, so it was not read. Remove some files first, \
             or {INSTEAD}",
            human_size(size),
            human_size(loaded),
            human_size(max),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_up_to_the_limit_together_are_accepted() {
        assert_eq!(refusal(0, 0), None);
        assert_eq!(refusal(MAX_LOADED_BYTES, 0), None);
        assert_eq!(refusal(MAX_LOADED_BYTES / 2, MAX_LOADED_BYTES / 2), None);
    }

    #[test]
    fn one_file_over_the_limit_says_what_to_do_instead() {
        let message = refusal(3_221_225_472, 0).unwrap();
        assert!(
            message.starts_with("This file is 3.2 GB, more than the 2.5 GB"),
            "{message}"
        );
        assert!(message.contains("\"mfa-lens summary\""), "{message}");
        assert!(message.contains("shorter date range"), "{message}");
        assert!(refusal(MAX_LOADED_BYTES + 1, 0).is_some());
    }

    #[test]
    fn a_file_that_fits_alone_but_not_with_the_others_says_so() {
        let message = refusal(1_500_000_000, 1_200_000_000).unwrap();
        assert!(
            message.starts_with("This file is 1.5 GB; with the 1.2 GB already loaded"),
            "{message}"
        );
        assert!(message.contains("Remove some files first"), "{message}");
        // Counting never overflows.
        assert!(refusal_with(u64::MAX, u64::MAX, 10).is_some());
    }
}
