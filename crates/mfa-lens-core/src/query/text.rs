//! Text primitives of the query engine: case-insensitive substring search,
//! the text order of the table, and the "is this a number" test.
//!
//! The search box runs over every text column of up to 2,000,000 rows, so it
//! never lower-cases a value: an ASCII needle is looked for with a byte search
//! on its rarest letter (both cases at once, via `memchr2`) and confirmed with
//! an ASCII case-insensitive comparison. Only a needle with non-ASCII letters
//! (`é`, `ß`) falls back to lower-casing each value, which is correct for every
//! script and rare enough not to matter for speed.

use std::cmp::Ordering;

use memchr::{memchr2, memmem};

/// Bytes of an arena column read to pick the needle letter to search for.
const SAMPLE_BYTES: usize = 1 << 16;

/// A lower-cased search text, prepared once per query.
#[derive(Debug, Clone)]
pub struct Needle {
    lower: String,
    kind: NeedleKind,
}

#[derive(Debug, Clone)]
enum NeedleKind {
    /// Matches everything.
    Empty,
    /// No ASCII letter and no non-ASCII character: case does not matter, a
    /// plain byte search is exact.
    Caseless(Box<memmem::Finder<'static>>),
    /// ASCII with letters: search for the rarest letter at `offset` in both
    /// cases, then compare the whole needle ignoring ASCII case.
    Ascii { offset: usize, low: u8, up: u8 },
    /// Contains non-ASCII characters: compare lower-cased values.
    Unicode,
}

/// Letter frequency in sign-in logs, most common first: the later a letter
/// comes, the fewer false starts a byte search on it produces. The hex letters
/// come first because GUID columns (Request ID, Correlation ID, …) are the
/// bulk of the text; the rest follow English frequency.
const LETTER_FREQUENCY: &[u8] = b"abcdeftoinsrhlumpgwyvkxjqz";

impl Needle {
    pub fn new(text: &str) -> Self {
        let lower = text.to_lowercase();
        let kind = if lower.is_empty() {
            NeedleKind::Empty
        } else if !lower.is_ascii() {
            NeedleKind::Unicode
        } else if !lower.bytes().any(|b| b.is_ascii_alphabetic()) {
            NeedleKind::Caseless(Box::new(memmem::Finder::new(lower.as_bytes()).into_owned()))
        } else {
            let (offset, low) = lower
                .bytes()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_alphabetic())
                .max_by_key(|&(_, b)| LETTER_FREQUENCY.iter().position(|&f| f == b))
                .unwrap_or((0, lower.as_bytes().first().copied().unwrap_or(b'a')));
            NeedleKind::Ascii {
                offset,
                low,
                up: low.to_ascii_uppercase(),
            }
        };
        Needle { lower, kind }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self.kind, NeedleKind::Empty)
    }

    /// The lower-cased text looked for.
    pub fn text(&self) -> &str {
        &self.lower
    }

    /// Does `hay` contain the needle, ignoring case?
    pub fn is_in(&self, hay: &str) -> bool {
        match &self.kind {
            NeedleKind::Unicode => hay.to_lowercase().contains(&self.lower),
            _ => self.find(hay.as_bytes(), 0).is_some(),
        }
    }

    /// The needle's letter that is rarest in `sample` (case folded), as the
    /// byte to look for: the static choice guesses for text in general, the
    /// sample knows the column (a user column is full of `l`, a GUID of `a`–`f`).
    fn probe_for(&self, sample: &[u8]) -> NeedleKind {
        let NeedleKind::Ascii { .. } = self.kind else {
            return self.kind.clone();
        };
        let mut counts = [0u32; 256];
        for &b in sample {
            if let Some(c) = counts.get_mut(usize::from(b.to_ascii_lowercase())) {
                *c += 1;
            }
        }
        let best = self
            .lower
            .bytes()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_alphabetic())
            .min_by_key(|&(_, b)| counts.get(usize::from(b)).copied().unwrap_or(0));
        match best {
            Some((offset, low)) => NeedleKind::Ascii {
                offset,
                low,
                up: low.to_ascii_uppercase(),
            },
            None => self.kind.clone(),
        }
    }

    /// Start of the first match at or after `from` in `hay`. Not for
    /// [`NeedleKind::Unicode`] (returns `None`): callers go value by value.
    fn find(&self, hay: &[u8], from: usize) -> Option<usize> {
        self.find_with(&self.kind, hay, from)
    }

    fn find_with(&self, kind: &NeedleKind, hay: &[u8], from: usize) -> Option<usize> {
        let rest = hay.get(from..)?;
        match kind {
            NeedleKind::Empty => Some(from),
            NeedleKind::Caseless(f) => f.find(rest).map(|p| p + from),
            NeedleKind::Ascii { offset, low, up } => {
                let needle = self.lower.as_bytes();
                let mut pos = *offset;
                while let Some(hit) = rest.get(pos..).and_then(|r| memchr2(*low, *up, r)) {
                    let at = pos + hit;
                    let start = at - offset;
                    if rest
                        .get(start..start + needle.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(needle))
                    {
                        return Some(start + from);
                    }
                    pos = at + 1;
                }
                None
            }
            NeedleKind::Unicode => None,
        }
    }

    /// Marks in `hits` (indexed by row) every row of an arena column whose value
    /// contains the needle, scanning the arena's text as one byte string. A match
    /// that runs across the end of a value into the next is not a match.
    /// Returns how many rows were newly marked.
    pub fn mark_arena(&self, text: &str, ends: &[u32], hits: &mut [bool]) -> usize {
        let mut marked = 0usize;
        let mut mark = |h: &mut bool| {
            marked += usize::from(!*h);
            *h = true;
        };
        if let NeedleKind::Unicode = self.kind {
            let mut start = 0usize;
            for (row, &end) in ends.iter().enumerate() {
                let end = end as usize;
                let value = text.get(start..end).unwrap_or("");
                if let Some(h) = hits.get_mut(row) {
                    if self.is_in(value) {
                        mark(h);
                    }
                }
                start = end;
            }
            return marked;
        }
        if self.is_empty() {
            hits.iter_mut().for_each(&mut mark);
            return marked;
        }
        let bytes = text.as_bytes();
        let probe = self.probe_for(bytes.get(..SAMPLE_BYTES).unwrap_or(bytes));
        let n = self.lower.len();
        let mut row = 0usize;
        let mut from = 0usize;
        while let Some(at) = self.find_with(&probe, bytes, from) {
            // Advance to the row whose value holds byte `at`.
            while ends.get(row).is_some_and(|&e| (e as usize) <= at) {
                row += 1;
            }
            let Some(&end) = ends.get(row) else { break };
            let end = end as usize;
            if at + n <= end {
                if let Some(h) = hits.get_mut(row) {
                    mark(h);
                }
                // The rest of this value cannot add anything.
                from = end;
            } else {
                from = at + 1;
            }
        }
        marked
    }
}

/// The table's text order: ASCII case folded first (so `alice` and `Alice`
/// sit together), then the exact bytes so the order is total.
pub fn compare_text(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    // Skip the common prefix quickly (exact bytes), then fold.
    let same = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    let (xr, yr) = (x.get(same..).unwrap_or(&[]), y.get(same..).unwrap_or(&[]));
    fold_bytes(xr).cmp(fold_bytes(yr)).then_with(|| xr.cmp(yr))
}

fn fold_bytes(s: &[u8]) -> impl Iterator<Item = u8> + '_ {
    s.iter().map(|c| c.to_ascii_lowercase())
}

/// The first eight case-folded bytes, big-endian: comparing two of these gives
/// the same answer as [`compare_text`] whenever they differ.
pub fn text_prefix(s: &str) -> u64 {
    let mut key = 0u64;
    for i in 0..8 {
        let b = s.as_bytes().get(i).map_or(0, |c| c.to_ascii_lowercase());
        key = (key << 8) | u64::from(b);
    }
    key
}

/// The numeric value of a cell, when it is one: trimmed, a leading `'` (Excel's
/// "keep as text" mark, common on error codes) ignored.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim().trim_start_matches('\'').trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Maps an `f64` to a `u64` with the same order (for a plain integer sort).
pub fn number_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Maps an `i64` to a `u64` with the same order.
pub fn signed_key(v: i64) -> u64 {
    (v as u64) ^ (1 << 63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_ignore_case_for_ascii_and_unicode() {
        assert!(Needle::new("ALICE").is_in("user alice@contoso.com"));
        assert!(Needle::new("Contoso.COM").is_in("alice@contoso.com"));
        assert!(!Needle::new("bob").is_in("alice@contoso.com"));
        assert!(Needle::new("500121").is_in("'500121"));
        assert!(Needle::new("ÉLODIE").is_in("élodie@contoso.fr"));
        assert!(Needle::new("").is_in("anything"));
        assert!(!Needle::new("zz").is_in("z"));
        // The rarest letter is not the first one; matches before it still count.
        assert!(Needle::new("ez").is_in("xxEZ"));
        assert!(!Needle::new("ez").is_in("z"));
    }

    #[test]
    fn arena_scan_marks_rows_and_ignores_matches_across_values() {
        // Values: "abc", "def", "xab", "cab" — "ca" spans "abc|def"? no; "cd"
        // spans "abc"+"def" and must not match.
        let text = "abcdefxabcab";
        let ends = [3u32, 6, 9, 12];
        let mut hits = [false; 4];
        Needle::new("CD").mark_arena(text, &ends, &mut hits);
        assert_eq!(hits, [false, false, false, false]);
        let mut hits = [false; 4];
        Needle::new("ab").mark_arena(text, &ends, &mut hits);
        assert_eq!(hits, [true, false, true, true]);
        let mut hits = [false; 4];
        Needle::new("é").mark_arena("aéb", &[1, 3, 4], &mut hits[..3]);
        assert_eq!(hits[..3], [false, true, false]);
    }

    #[test]
    fn text_order_folds_case_then_breaks_ties_by_bytes() {
        let mut v = vec!["b", "B", "a", "A", "ab", ""];
        v.sort_by(|a, b| compare_text(a, b));
        assert_eq!(v, ["", "A", "a", "ab", "B", "b"]);
        assert!(text_prefix("abc") < text_prefix("ABD"));
        assert_eq!(text_prefix("Abc"), text_prefix("aBC"));
    }

    #[test]
    fn number_and_signed_keys_keep_the_order() {
        let vals = [-1e9, -2.5, -0.0, 0.0, 1.0, 50074.0];
        for w in vals.windows(2) {
            assert!(number_key(w[0]) <= number_key(w[1]), "{w:?}");
        }
        assert!(signed_key(-5) < signed_key(0) && signed_key(0) < signed_key(7));
        assert_eq!(parse_number(" '500121 "), Some(500121.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("NaN"), None);
    }
}
