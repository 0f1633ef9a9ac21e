//! ASCII case-insensitive byte search, used by the per-row text rules.
//!
//! The classifier looks at the MFA result text of every sign-in row (up to millions),
//! so these helpers never allocate and never lower-case the whole text: they compare
//! bytes in place. All needles are ASCII and lower case, so a match can never start
//! or end inside a multi-byte UTF-8 character.

/// True if `haystack` starts with `needle` (ASCII lower case), ignoring ASCII case.
#[inline]
pub(crate) fn starts_with_ci(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len()
        && haystack
            .iter()
            .zip(needle)
            .all(|(h, n)| h.to_ascii_lowercase() == *n)
}

/// True if `haystack` contains `needle` (ASCII lower case), ignoring ASCII case.
pub(crate) fn contains_ci(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|w| starts_with_ci(w, needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_regardless_of_case() {
        assert!(starts_with_ci(b"SKIPPED due", b"skipped"));
        assert!(!starts_with_ci(b"SKIP", b"skipped"));
        assert!(contains_ci(
            b"x Authentication In Progress.",
            b"authentication in progress"
        ));
        assert!(!contains_ci(b"in progress", b"authentication in progress"));
    }
}
