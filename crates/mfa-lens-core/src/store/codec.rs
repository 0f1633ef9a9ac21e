//! A [`Table`] as bytes and back, for a file read in one worker (a shard)
//! and adopted by another (`built::codec` wraps this with the rest of the
//! file). It lives here, beside the table's private fields, because it
//! writes them as they are: a dictionary column stays a dictionary with the
//! same codes at the same width and the same values (its lookup index is
//! rebuilt, so [`Column::code`], [`Column::dict_values`] and
//! [`Column::is_dictionary`] answer as before), an arena column stays an
//! arena with the same text and end offsets, and the parsed timestamps and
//! the day/month order are kept rather than parsed again.
//!
//! Why bulk copies: the page moves up to about a gigabyte of tables between
//! workers, in wasm. Every per-row vector (codes, end offsets, timestamps)
//! is one length and one block of little-endian numbers, written and read
//! in a single pass over the vector; text is one block per arena column.
//! Only dictionary values (a few thousand per column at most) go one by one.
//!
//! Why decoding checks what it reads, although the bytes come from our own
//! worker: a bug on the writing side or a transfer cut short must become a
//! [`CodecError`] the page can show, never a panic and never a table that
//! answers wrongly. So every code is below the dictionary's size, every
//! value is distinct (each has one code), every end offset is in order,
//! inside the text and on a character boundary with no text left over, and
//! every per-row vector has exactly the table's rows. A check that failed
//! would otherwise be silent: [`Column::get`] answers `""` for what it
//! cannot find.

use std::collections::hash_map::Entry;

use super::{hash_str, ArenaColumn, Codes, Column, DayOrder, DictColumn, FxHashMap, Table};
use crate::wire::{
    put_bytes, put_len, put_slice, put_str, put_strs, put_u8, CodecError, CodecErrorKind, Le,
    Reader,
};

/// Column layouts.
const DICTIONARY: u8 = 1;
const ARENA: u8 = 2;

/// `timestamps` and `day_order`: absent, present, and the day order's two.
const NONE: u8 = 0;
const SOME: u8 = 1;
const DAY_FIRST: u8 = 1;
const MONTH_FIRST: u8 = 2;

impl Table {
    /// Exactly how many bytes [`encode_into`](Self::encode_into) appends, so
    /// the buffer for a large table is reserved once (in wasm, memory a
    /// doubling `Vec` grew into is never given back to the system).
    pub fn encoded_len(&self) -> usize {
        let strs = |items: &mut dyn Iterator<Item = usize>| items.map(|n| 8 + n).sum::<usize>();
        let names = 8 + strs(&mut self.names.iter().map(String::len));
        let columns: usize = self
            .columns
            .iter()
            .map(|c| match c {
                Column::Dict(d) => {
                    1 + 1
                        + 8
                        + strs(&mut d.values.iter().map(|v| v.len()))
                        + 8
                        + d.codes.len() * usize::from(d.codes.width())
                }
                Column::Arena(a) => 1 + 8 + a.text.len() + 8 + a.ends.len() * 4,
            })
            .sum();
        let stamps = 1 + self.timestamps.as_ref().map_or(0, |t| 8 + t.len() * 8);
        names + 8 + columns + stamps + 1
    }

    /// Append the table to `out` (read back by [`decode_from`](Self::decode_from)).
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        out.reserve(self.encoded_len());
        put_strs(out, &self.names);
        put_len(out, self.rows);
        for column in &self.columns {
            match column {
                Column::Dict(d) => {
                    put_u8(out, DICTIONARY);
                    put_u8(out, d.codes.width());
                    put_strs(out, &d.values);
                    match &d.codes {
                        Codes::U8(v) => put_bytes(out, v),
                        Codes::U16(v) => put_slice(out, v),
                        Codes::U32(v) => put_slice(out, v),
                    }
                }
                Column::Arena(a) => {
                    put_u8(out, ARENA);
                    put_str(out, &a.text);
                    put_slice(out, &a.ends);
                }
            }
        }
        match &self.timestamps {
            Some(t) => {
                put_u8(out, SOME);
                put_slice(out, t);
            }
            None => put_u8(out, NONE),
        }
        put_u8(
            out,
            match self.day_order {
                None => NONE,
                Some(DayOrder::DayFirst) => DAY_FIRST,
                Some(DayOrder::MonthFirst) => MONTH_FIRST,
            },
        );
    }

    /// Read a table [`encode_into`](Self::encode_into) wrote, checking it
    /// whole (see the module documentation): any bytes give a table or an
    /// error, never a panic.
    pub fn decode_from(r: &mut Reader<'_>) -> Result<Table, CodecError> {
        let names = r.strings("column names")?;
        let rows_at = r.offset();
        let rows = r.u64("row count")?;
        let left = r.left() as u64;
        // Every row takes at least a byte in each column. The loader makes a
        // table once it has a header, which has a field, so a table without
        // columns has no rows: no later pass is asked to walk rows that hold
        // nothing.
        let kind = if names.is_empty() && rows > 0 {
            CodecErrorKind::WrongLength {
                what: "rows of a table without columns",
                found: rows,
                expected: 0,
            }
        } else if rows > left {
            CodecErrorKind::Truncated {
                what: "rows",
                needed: rows,
                left,
            }
        } else {
            // At most the bytes left, so it fits in a usize.
            return decode_rest(r, names, rows as usize);
        };
        Err(CodecError::new(rows_at, kind))
    }
}

/// The table after its names and row count.
fn decode_rest(r: &mut Reader<'_>, names: Vec<String>, rows: usize) -> Result<Table, CodecError> {
    let mut columns = Vec::with_capacity(names.len());
    for index in 0..names.len() {
        columns.push(decode_column(r, index, rows)?);
    }
    let timestamps = match tag(r, "timestamps")? {
        (_, NONE) => None,
        (_, SOME) => Some(per_row::<i64>(r, "timestamps", rows)?),
        (at, tag) => return Err(bad_tag(at, "timestamps", tag)),
    };
    let day_order = match tag(r, "day order")? {
        (_, NONE) => None,
        (_, DAY_FIRST) => Some(DayOrder::DayFirst),
        (_, MONTH_FIRST) => Some(DayOrder::MonthFirst),
        (at, tag) => return Err(bad_tag(at, "day order", tag)),
    };
    Ok(Table {
        names,
        columns,
        rows,
        timestamps,
        day_order,
    })
}

impl Codes {
    /// Bytes per code, which is also its tag on the wire.
    fn width(&self) -> u8 {
        match self {
            Codes::U8(_) => 1,
            Codes::U16(_) => 2,
            Codes::U32(_) => 4,
        }
    }
}

/// A tag byte and where it was.
fn tag(r: &mut Reader<'_>, what: &'static str) -> Result<(u64, u8), CodecError> {
    let at = r.offset();
    Ok((at, r.u8(what)?))
}

fn bad_tag(at: u64, what: &'static str, tag: u8) -> CodecError {
    CodecError::new(at, CodecErrorKind::BadTag { what, tag })
}

/// A vector of one number per row: exactly `rows` of them.
fn per_row<T: Le>(
    r: &mut Reader<'_>,
    what: &'static str,
    rows: usize,
) -> Result<Vec<T>, CodecError> {
    let at = r.offset();
    let v = r.slice::<T>(what)?;
    check_rows(at, what, v.len(), rows)?;
    Ok(v)
}

fn check_rows(at: u64, what: &'static str, found: usize, rows: usize) -> Result<(), CodecError> {
    if found == rows {
        return Ok(());
    }
    Err(CodecError::new(
        at,
        CodecErrorKind::WrongLength {
            what,
            found: found as u64,
            expected: rows as u64,
        },
    ))
}

fn decode_column(r: &mut Reader<'_>, index: usize, rows: usize) -> Result<Column, CodecError> {
    match tag(r, "column layout")? {
        (_, DICTIONARY) => decode_dictionary(r, index, rows).map(Column::Dict),
        (_, ARENA) => decode_arena(r, index, rows).map(Column::Arena),
        (at, tag) => Err(bad_tag(at, "column layout", tag)),
    }
}

fn decode_dictionary(
    r: &mut Reader<'_>,
    column: usize,
    rows: usize,
) -> Result<DictColumn, CodecError> {
    let (width_at, width) = tag(r, "code width")?;
    if !matches!(width, 1 | 2 | 4) {
        return Err(bad_tag(width_at, "code width", width));
    }
    let values_at = r.offset();
    let count = r.count(8, "dictionary values")?;
    if count > u32::MAX as usize {
        return Err(CodecError::new(
            values_at,
            CodecErrorKind::WrongLength {
                what: "dictionary values",
                found: count as u64,
                expected: u64::from(u32::MAX),
            },
        ));
    }
    let mut values: Vec<Box<str>> = Vec::with_capacity(count);
    let mut value_bytes = 0;
    for _ in 0..count {
        let v = r.str("dictionary value")?;
        value_bytes += v.len();
        values.push(v.into());
    }
    let codes_at = r.offset();
    let codes = match width {
        1 => {
            let v = r.bytes("codes")?.to_vec();
            check_rows(codes_at, "codes", v.len(), rows)?;
            Codes::U8(v)
        }
        2 => Codes::U16(per_row(r, "codes", rows)?),
        _ => Codes::U32(per_row(r, "codes", rows)?),
    };
    let first_code = codes_at + 8;
    let bad = match &codes {
        Codes::U8(v) => past(v, count),
        Codes::U16(v) => past(v, count),
        Codes::U32(v) => past(v, count),
    };
    if let Some((row, code)) = bad {
        return Err(CodecError::new(
            first_code + (row * usize::from(width)) as u64,
            CodecErrorKind::CodeOutOfRange {
                column,
                row,
                code,
                values: count,
            },
        ));
    }
    let (index, collisions) = lookup(&values).map_err(|code| {
        CodecError::new(values_at, CodecErrorKind::DuplicateValue { column, code })
    })?;
    // The code of the last row, as `DictColumn::push` leaves it.
    let last = codes.len().checked_sub(1).and_then(|row| codes.get(row));
    Ok(DictColumn {
        codes,
        values,
        index,
        collisions,
        value_bytes,
        last,
    })
}

/// The first row whose code is not below `values`, with the code. The
/// common case (none) is one `max` over the vector, which vectorises.
fn past<T: Copy + Into<u32>>(codes: &[T], values: usize) -> Option<(usize, u32)> {
    let below = |c: u32| (c as usize) < values;
    let max = codes.iter().map(|&c| c.into()).max()?;
    if below(max) {
        return None;
    }
    codes
        .iter()
        .map(|&c| c.into())
        .enumerate()
        .find(|&(_, c)| !below(c))
}

/// A dictionary's hash index and its exact map for colliding hashes.
type Lookup = (FxHashMap<u64, u32>, FxHashMap<Box<str>, u32>);

/// The dictionary's lookup tables, rebuilt as [`DictColumn::push`] fills
/// them: values in code order, each value's hash to its code, a value whose
/// hash another value already holds in the exact map. `Err(code)` for a
/// value that repeats an earlier one.
fn lookup(values: &[Box<str>]) -> Result<Lookup, usize> {
    let mut index = FxHashMap::with_capacity_and_hasher(values.len(), Default::default());
    let mut collisions: FxHashMap<Box<str>, u32> = FxHashMap::default();
    for (code, value) in values.iter().enumerate() {
        match index.entry(hash_str(value)) {
            Entry::Vacant(e) => {
                e.insert(code as u32);
            }
            Entry::Occupied(e) => {
                let same = values.get(*e.get() as usize) == Some(value);
                if same || collisions.insert(value.clone(), code as u32).is_some() {
                    return Err(code);
                }
            }
        }
    }
    Ok((index, collisions))
}

fn decode_arena(r: &mut Reader<'_>, column: usize, rows: usize) -> Result<ArenaColumn, CodecError> {
    let text = r.str("arena text")?;
    let ends_at = r.offset();
    let ends = per_row::<u32>(r, "arena ends", rows)?;
    if let Some(row) = bad_end(text, &ends) {
        return Err(CodecError::new(
            ends_at + 8 + (row.min(ends.len().saturating_sub(1)) * 4) as u64,
            CodecErrorKind::BadEnd {
                what: "row",
                column,
                row,
                end: ends.get(row).map_or(0, |&e| u64::from(e)),
            },
        ));
    }
    Ok(ArenaColumn {
        text: text.to_string(),
        ends,
    })
}

/// The first row whose end offset is below the one before it, past the
/// text or inside a character; `ends.len()` when the last end leaves text
/// unused (the store's arena ends exactly at its last value).
fn bad_end(text: &str, ends: &[u32]) -> Option<usize> {
    let mut previous = 0;
    for (row, &end) in ends.iter().enumerate() {
        let end = end as usize;
        if end < previous || !text.is_char_boundary(end) {
            return Some(row);
        }
        previous = end;
    }
    (previous != text.len()).then_some(ends.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::put_u64;

    fn sample() -> Table {
        let mut t = Table::new(vec!["Date".into(), "status".into(), "id".into()]);
        for i in 0..3000 {
            let date = format!("2024-05-01 10:{:02}:{:02}", (i / 60) % 60, i % 60);
            let status = ["Success", "Failure", "Interrupted"][i % 3];
            let id = format!("req-{i}-é");
            t.push_row([date.as_str(), status, id.as_str()]);
        }
        t.shrink();
        t.index_dates(0, false);
        t
    }

    fn round_trip(t: &Table) -> Table {
        let mut out = Vec::new();
        t.encode_into(&mut out);
        assert_eq!(out.len(), t.encoded_len());
        let mut r = Reader::new(&out);
        let back = Table::decode_from(&mut r).unwrap();
        r.finish().unwrap();
        back
    }

    fn decode(bytes: &[u8]) -> Result<Table, CodecError> {
        let mut r = Reader::new(bytes);
        let t = Table::decode_from(&mut r)?;
        r.finish()?;
        Ok(t)
    }

    #[test]
    fn every_layout_comes_back_as_it_was() {
        let t = sample();
        assert!(t.column(1).unwrap().is_dictionary());
        assert!(!t.column(2).unwrap().is_dictionary());
        let back = round_trip(&t);
        assert_eq!(back.names(), t.names());
        assert_eq!(back.rows(), t.rows());
        for c in 0..3 {
            let (a, b) = (t.column(c).unwrap(), back.column(c).unwrap());
            assert_eq!(a.is_dictionary(), b.is_dictionary());
            assert_eq!(a.dict_values(), b.dict_values());
            assert_eq!(a.arena_parts(), b.arena_parts());
            for row in 0..t.rows() {
                assert_eq!(a.get(row), b.get(row));
                assert_eq!(a.code(row), b.code(row));
            }
        }
        for row in 0..t.rows() {
            assert_eq!(back.timestamp(row), t.timestamp(row));
        }
        assert_eq!(back.day_order(), t.day_order());
    }

    #[test]
    fn a_rebuilt_dictionary_finds_and_adds_values_as_the_original() {
        let mut t = Table::new(vec!["v".into()]);
        for i in 0..1000 {
            t.push_row([format!("v{}", i % 300).as_str()]);
        }
        let mut back = round_trip(&t);
        let Some(Column::Dict(d)) = back.columns.first() else {
            panic!("a dictionary");
        };
        assert!(matches!(d.codes, Codes::U16(_)));
        assert_eq!(d.last, Some(99));
        assert_eq!(
            d.value_bytes,
            t.columns[0]
                .dict_values()
                .unwrap()
                .iter()
                .map(|v| v.len())
                .sum::<usize>()
        );
        // Pushing more rows gives the codes the original gives.
        t.push_row(["v7"]);
        t.push_row(["new"]);
        back.push_row(["v7"]);
        back.push_row(["new"]);
        for row in 1000..1002 {
            assert_eq!(
                back.column(0).unwrap().code(row),
                t.column(0).unwrap().code(row)
            );
        }
        assert_eq!(back.column(0).unwrap().code(1001), Some(300));
    }

    #[test]
    fn codes_keep_their_width() {
        let mut t = Table::new(vec!["v".into(), "w".into()]);
        for i in 0..70_000 {
            let v = format!("v{i}");
            for _ in 0..3 {
                t.push_row([v.as_str(), if i % 2 == 0 { "a" } else { "b" }]);
            }
        }
        let back = round_trip(&t);
        let width = |t: &Table, c: usize| match &t.columns[c] {
            Column::Dict(d) => d.codes.width(),
            Column::Arena(_) => 0,
        };
        assert_eq!((width(&t, 0), width(&t, 1)), (4, 1));
        assert_eq!((width(&back, 0), width(&back, 1)), (4, 1));
        assert_eq!(back.column(0).unwrap().code(3 * 69_999), Some(69_999));
        assert_eq!(back.get(3 * 69_999 + 2, 0), "v69999");
    }

    #[test]
    fn a_dictionary_whose_index_was_made_to_collide_round_trips() {
        let mut d = DictColumn::new();
        d.push("a");
        d.index.insert(hash_str("b"), 0);
        d.push("b");
        let t = Table {
            names: vec!["x".into()],
            columns: vec![Column::Dict(d)],
            rows: 2,
            timestamps: None,
            day_order: None,
        };
        // "b" shares no hash with "a" for real, so the rebuilt index holds
        // both where the original sent "b" to the exact map; every value is
        // found again either way.
        let back = round_trip(&t);
        assert_eq!(back.get(0, 0), "a");
        assert_eq!(back.get(1, 0), "b");
        let (index, collisions) = lookup(&["a".into(), "b".into()]).unwrap();
        assert_eq!((index.len(), collisions.len()), (2, 0));
    }

    #[test]
    fn an_empty_table_round_trips() {
        let t = Table::new(Vec::new());
        let back = round_trip(&t);
        assert_eq!((back.rows(), back.column_count()), (0, 0));
    }

    /// A one-column table written by hand: `column` is the bytes after the
    /// names and row count.
    fn one_column(rows: u64, column: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut out = Vec::new();
        put_strs(&mut out, &["c"]);
        put_u64(&mut out, rows);
        column(&mut out);
        put_u8(&mut out, NONE);
        put_u8(&mut out, NONE);
        out
    }

    fn kind(bytes: &[u8]) -> (u64, CodecErrorKind) {
        let e = decode(bytes).unwrap_err();
        (e.offset(), e.kind().clone())
    }

    #[test]
    fn a_code_past_the_dictionary_is_an_error_at_its_byte() {
        let bytes = one_column(3, |out| {
            put_u8(out, DICTIONARY);
            put_u8(out, 2);
            put_strs(out, &["a", "b"]);
            put_slice(out, &[0u16, 1, 2]);
        });
        let codes = bytes.len() - 2 - 3 * 2;
        assert_eq!(
            kind(&bytes),
            (
                (codes + 4) as u64,
                CodecErrorKind::CodeOutOfRange {
                    column: 0,
                    row: 2,
                    code: 2,
                    values: 2
                }
            )
        );
    }

    #[test]
    fn a_repeated_dictionary_value_is_an_error() {
        let bytes = one_column(2, |out| {
            put_u8(out, DICTIONARY);
            put_u8(out, 1);
            put_strs(out, &["a", "a"]);
            put_bytes(out, &[0, 1]);
        });
        assert_eq!(
            kind(&bytes).1,
            CodecErrorKind::DuplicateValue { column: 0, code: 1 }
        );
    }

    #[test]
    fn a_wrong_code_width_or_layout_is_an_error() {
        let bytes = one_column(0, |out| {
            put_u8(out, DICTIONARY);
            put_u8(out, 3);
        });
        assert_eq!(
            kind(&bytes).1,
            CodecErrorKind::BadTag {
                what: "code width",
                tag: 3
            }
        );
        let bytes = one_column(0, |out| put_u8(out, 9));
        assert_eq!(
            kind(&bytes).1,
            CodecErrorKind::BadTag {
                what: "column layout",
                tag: 9
            }
        );
    }

    #[test]
    fn columns_of_another_length_are_errors() {
        let bytes = one_column(3, |out| {
            put_u8(out, DICTIONARY);
            put_u8(out, 1);
            put_strs(out, &["a"]);
            put_bytes(out, &[0, 0]);
        });
        assert_eq!(
            kind(&bytes).1,
            CodecErrorKind::WrongLength {
                what: "codes",
                found: 2,
                expected: 3
            }
        );
        let bytes = one_column(3, |out| {
            put_u8(out, ARENA);
            put_str(out, "abc");
            put_slice(out, &[1u32, 2, 3, 3]);
        });
        assert_eq!(
            kind(&bytes).1,
            CodecErrorKind::WrongLength {
                what: "arena ends",
                found: 4,
                expected: 3
            }
        );
        let mut t = sample();
        t.timestamps.as_mut().unwrap().pop();
        let mut out = Vec::new();
        t.encode_into(&mut out);
        assert_eq!(
            kind(&out).1,
            CodecErrorKind::WrongLength {
                what: "timestamps",
                found: 2999,
                expected: 3000
            }
        );
        let mut out = Vec::new();
        put_strs::<&str>(&mut out, &[]);
        put_u64(&mut out, 5);
        assert!(matches!(
            kind(&out),
            (8, CodecErrorKind::WrongLength { expected: 0, .. })
        ));
    }

    #[test]
    fn arena_ends_out_of_order_past_the_text_or_inside_a_character_are_errors() {
        let arena = |text: &'static str, ends: &'static [u32]| {
            one_column(ends.len() as u64, move |out| {
                put_u8(out, ARENA);
                put_str(out, text);
                put_slice(out, ends);
            })
        };
        let row_of = |bytes: &[u8]| match kind(bytes).1 {
            CodecErrorKind::BadEnd { row, .. } => row,
            other => panic!("{other:?}"),
        };
        assert!(decode(&arena("abcd", &[1, 1, 4])).is_ok());
        assert_eq!(row_of(&arena("abcd", &[2, 1, 4])), 1);
        assert_eq!(row_of(&arena("abcd", &[1, 5])), 1);
        assert_eq!(row_of(&arena("é", &[1, 2])), 0);
        assert_eq!(row_of(&arena("abcd", &[1, 3])), 2);
        assert_eq!(row_of(&arena("abcd", &[])), 0);
        let (at, _) = kind(&arena("abcd", &[2, 1, 4]));
        let bytes = arena("abcd", &[2, 1, 4]);
        assert_eq!(at as usize, bytes.len() - 2 - 2 * 4);
    }

    #[test]
    fn invalid_utf8_and_unknown_tags_are_errors() {
        let bytes = one_column(1, |out| {
            put_u8(out, ARENA);
            put_bytes(out, b"a\xff");
            put_slice(out, &[2u32]);
        });
        assert!(matches!(
            kind(&bytes),
            (_, CodecErrorKind::InvalidUtf8 { what: "arena text" })
        ));
        let mut bytes = one_column(0, |out| {
            put_u8(out, ARENA);
            put_str(out, "");
            put_slice::<u32>(out, &[]);
        });
        *bytes.last_mut().unwrap() = 7;
        assert_eq!(
            kind(&bytes).1,
            CodecErrorKind::BadTag {
                what: "day order",
                tag: 7
            }
        );
    }

    #[test]
    fn every_cut_of_a_table_is_an_error() {
        let mut t = Table::new(vec!["a".into(), "b".into()]);
        for i in 0..70 {
            t.push_row([format!("{}", i % 3).as_str(), format!("x{i}").as_str()]);
        }
        t.shrink();
        let mut out = Vec::new();
        t.encode_into(&mut out);
        for cut in 0..out.len() {
            assert!(decode(&out[..cut]).is_err(), "cut at {cut}");
        }
    }
}
