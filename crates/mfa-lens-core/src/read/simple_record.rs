//! The common record, read without the state machine.
//!
//! Nearly every record of a portal export is *simple*: every field either
//! quoted with no quote inside, or unquoted with no quote at all, the whole
//! record inside the slice at hand, ended by a line break. `csv_core` reads
//! such a record one byte at a time through its DFA (about a third of a
//! native load, by the profile in BENCHMARKS.md); here the field ends are
//! found with `memchr`, which looks at 16–32 bytes per step.
//!
//! The scan answers only when it is sure to give exactly what `csv_core`
//! would: any doubled quote, a quote inside an unquoted field, text after a
//! closing quote, a field over the length limit, a record wider than the
//! column limit or not ended inside the slice makes it give up, having
//! changed nothing that counts, and the caller hands the record to `csv_core`.
//! `csv_core` is left at a record boundary, where it would have been after
//! reading the record itself: a record boundary is a state `csv_core` leaves
//! by the first byte of the next record whatever it was before (the start of
//! a record, or just after a `\r` that might have been followed by `\n`).
//!
//! `tests/reader_props.rs` holds the two ways of reading to the same result:
//! it reads random, often malformed tables whole (simple records taken here)
//! and one byte at a time (no record is ever whole in a one-byte slice, so
//! `csv_core` reads them all), with every delimiter, line end and limit.

use memchr::{memchr, memchr3};

/// Where a simple record's fields went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SimpleRecord {
    /// Input bytes the record took, its line break included.
    pub(crate) consumed: usize,
    /// Bytes of field text written to `out`.
    pub(crate) out_len: usize,
    /// Field ends written to `ends`.
    pub(crate) fields: usize,
}

/// The limits a simple record stays within (the reader's `ReadLimits`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Within {
    pub(crate) delimiter: u8,
    pub(crate) field_bytes: usize,
    pub(crate) columns: usize,
}

/// Reads the record at the start of `input` (whose first byte is not a line
/// break) into `out` and `ends` — buffers whose length is their capacity,
/// grown here when too short — or `None` when it is not simple (see the
/// module documentation); the contents of `out` and `ends` then mean nothing.
pub(crate) fn read_simple(
    input: &[u8],
    within: Within,
    out: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) -> Option<SimpleRecord> {
    let mut at = 0;
    let mut out_len = 0;
    let mut fields = 0;
    loop {
        if fields == within.columns {
            return None;
        }
        let (start, end, next) = if input.get(at) == Some(&b'"') {
            let close = at + 1 + memchr(b'"', input.get(at + 1..)?)?;
            (at + 1, close, close + 1)
        } else {
            let rest = input.get(at..)?;
            let end = at + memchr3(within.delimiter, b'\n', b'\r', rest)?;
            if memchr(b'"', &input[at..end]).is_some() {
                return None;
            }
            (at, end, end)
        };
        let text = &input[start..end];
        if text.len() > within.field_bytes {
            return None;
        }
        let need = out_len + text.len();
        if need > out.len() {
            out.resize(need.next_power_of_two(), 0);
        }
        out[out_len..need].copy_from_slice(text);
        out_len = need;
        if fields == ends.len() {
            ends.resize((fields.max(8) * 2).min(within.columns), 0);
        }
        ends[fields] = out_len;
        fields += 1;
        match input.get(next) {
            Some(&b) if b == within.delimiter => at = next + 1,
            Some(b'\n' | b'\r') => {
                return Some(SimpleRecord {
                    consumed: next + 1,
                    out_len,
                    fields,
                })
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMA: Within = Within {
        delimiter: b',',
        field_bytes: 16,
        columns: 4,
    };

    fn fields(input: &str, within: Within) -> Option<(usize, Vec<String>)> {
        let mut out = Vec::new();
        let mut ends = Vec::new();
        let r = read_simple(input.as_bytes(), within, &mut out, &mut ends)?;
        let mut start = 0;
        let values = ends[..r.fields]
            .iter()
            .map(|&end| {
                let v = String::from_utf8(out[start..end].to_vec()).unwrap();
                start = end;
                v
            })
            .collect();
        assert_eq!(start, r.out_len);
        Some((r.consumed, values))
    }

    #[test]
    fn quoted_and_bare_fields_are_read_up_to_the_line_break() {
        assert_eq!(
            fields("\"a,b\",c,,\"\"\r\nnext", COMMA),
            Some((12, vec!["a,b".into(), "c".into(), "".into(), "".into()]))
        );
        assert_eq!(
            fields(
                "x;\"日本\"\n",
                Within {
                    delimiter: b';',
                    ..COMMA
                }
            ),
            Some((11, vec!["x".into(), "日本".into()]))
        );
        // A quoted line break is text, as csv_core reads it.
        assert_eq!(
            fields("\"a\nb\",c\r", COMMA),
            Some((8, vec!["a\nb".into(), "c".into()]))
        );
    }

    #[test]
    fn anything_csv_core_reads_differently_or_repairs_is_left_to_it() {
        for input in [
            "\"a\"\"b\",c\n",        // a doubled quote
            "a\"b,c\n",              // a quote in a bare field
            "\"a\"b,c\n",            // text after the closing quote
            "a,b,c",                 // no line break in the slice
            "\"a,b\nc",              // the quote not closed in the slice
            "a,",                    // the slice ends after a delimiter
            "0123456789abcdefg,b\n", // a field over the limit
            "a,b,c,d,e\n",           // wider than the column limit
        ] {
            assert_eq!(fields(input, COMMA), None, "{input:?}");
        }
        // At the limits exactly, the record is still simple.
        assert!(fields("0123456789abcdef,b,c,d\n", COMMA).is_some());
    }
}
