//! The columnar store: one [`Table`] per file, no `String` per field.
//!
//! A sign-in export repeats a handful of values in most columns (`Success`,
//! `Browser`, an application name) and has a few columns where nearly every value
//! is new (Request ID, Correlation ID, the user agent). Each column therefore
//! starts dictionary-encoded — a code per row pointing into the distinct values,
//! the code one byte wide until 256 values, then two, then four — and turns itself
//! into a text arena (all values back to back in one `String`, plus the end offset
//! of each) as soon as the values stop repeating. Both layouts cost one small
//! integer per row plus the text, which is why the store stays below the size of
//! the file it came from (the quotes, commas and line ends are not kept).

mod append;
mod codec;
pub mod dates;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub use dates::{parse_timestamp, DayOrder};

/// When a dictionary stops paying off. A value kept in a dictionary costs about
/// twice its length plus ~60 bytes of bookkeeping once, then 1–4 bytes per row;
/// in an arena it costs its length plus 4 bytes on every row. So a column goes to
/// the arena when its values repeat less than [`ARENA_RATIO`] times on average —
/// judged only after [`DECIDE_AFTER_ROWS`] rows (early rows of a sign-in log are
/// all new users, which says nothing about the rest of the file) or once the
/// dictionary is huge, and once more when loading ends (so small files get the
/// right layout too).
const DICT_MIN_DISTINCT: usize = 1024;
const ARENA_RATIO: usize = 2;
const DECIDE_AFTER_ROWS: usize = 16_384;
const DICT_MAX_DISTINCT: usize = 1 << 16;

/// A small fast hash for short strings (the FxHash mixing step used by rustc).
/// Keys come from the file being read, so resistance to crafted collisions is
/// not worth SipHash's cost here: the worst case is a slower load, not a fault.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Assembled in a register: a short copy into a stack buffer would be
            // a library call followed by a store-forwarding stall.
            let w = rest
                .iter()
                .enumerate()
                .fold(0u64, |w, (i, &b)| w | (u64::from(b) << (8 * i)));
            self.add(w);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        // A dictionary's keys are already 64-bit hashes: one mixing step,
        // not `write`'s byte loop over their eight bytes.
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Per-row dictionary codes, as narrow as the dictionary allows.
#[derive(Debug, Clone)]
enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Codes {
    fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
            Codes::U32(v) => v.len(),
        }
    }

    #[inline]
    fn get(&self, row: usize) -> Option<u32> {
        match self {
            Codes::U8(v) => v.get(row).map(|&c| u32::from(c)),
            Codes::U16(v) => v.get(row).map(|&c| u32::from(c)),
            Codes::U32(v) => v.get(row).copied(),
        }
    }

    /// Append `code`, widening first when it does not fit.
    fn push(&mut self, code: u32) {
        match self {
            Codes::U8(v) => match u8::try_from(code) {
                Ok(c) => v.push(c),
                Err(_) => {
                    let mut wide: Vec<u16> = v.iter().map(|&c| u16::from(c)).collect();
                    wide.reserve(1);
                    *self = Codes::U16(wide);
                    self.push(code);
                }
            },
            Codes::U16(v) => match u16::try_from(code) {
                Ok(c) => v.push(c),
                Err(_) => {
                    let wide: Vec<u32> = v.iter().map(|&c| u32::from(c)).collect();
                    *self = Codes::U32(wide);
                    self.push(code);
                }
            },
            Codes::U32(v) => v.push(code),
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Codes::U8(v) => v.capacity(),
            Codes::U16(v) => v.capacity() * 2,
            Codes::U32(v) => v.capacity() * 4,
        }
    }
}

/// Low-cardinality column: codes plus the distinct values.
///
/// The lookup table maps a 64-bit hash of each value to its code, so every
/// distinct value is stored once (in `values`); a hit is confirmed by comparing
/// with the stored value, and the rare value whose hash collides with another's
/// goes to a small exact map instead.
#[derive(Debug, Clone)]
pub struct DictColumn {
    codes: Codes,
    values: Vec<Box<str>>,
    index: FxHashMap<u64, u32>,
    collisions: FxHashMap<Box<str>, u32>,
    value_bytes: usize,
    /// Code of the previous row's value: consecutive rows very often repeat a
    /// value (`None`, a tenant ID, `Member`), and comparing with it is cheaper
    /// than hashing.
    last: Option<u32>,
}

impl DictColumn {
    fn new() -> Self {
        DictColumn {
            codes: Codes::U8(Vec::new()),
            values: Vec::new(),
            index: FxHashMap::default(),
            collisions: FxHashMap::default(),
            value_bytes: 0,
            last: None,
        }
    }

    #[inline]
    fn is(&self, code: u32, value: &str) -> bool {
        self.values
            .get(code as usize)
            .is_some_and(|v| same_bytes(v.as_bytes(), value.as_bytes()))
    }

    fn add(&mut self, value: &str) -> u32 {
        let c = self.values.len() as u32;
        self.values.push(value.into());
        self.value_bytes += value.len();
        c
    }

    fn push(&mut self, value: &str) {
        if let Some(last) = self.last {
            if self.is(last, value) {
                self.codes.push(last);
                return;
            }
        }
        let hash = hash_str(value);
        let code = match self.index.get(&hash) {
            Some(&c) if self.is(c, value) => c,
            Some(_) => match self.collisions.get(value) {
                Some(&c) => c,
                None => {
                    let c = self.add(value);
                    self.collisions.insert(value.into(), c);
                    c
                }
            },
            None => {
                let c = self.add(value);
                self.index.insert(hash, c);
                c
            }
        };
        self.last = Some(code);
        self.codes.push(code);
    }

    /// The distinct values; a row's [`Column::code`] indexes into it.
    pub fn values(&self) -> &[Box<str>] {
        &self.values
    }
}

/// A 64-bit hash of a value: the Fx word step, then a full avalanche (the
/// MurmurHash3 finaliser) so that the table's bucket bits are well mixed.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    let mut z = h.hash ^ (s.len() as u64).wrapping_mul(SEED);
    z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    z ^ (z >> 33)
}

/// Byte equality in 8-byte words, inlined: most values are a few dozen bytes,
/// where a call into the C library's `memcmp` costs more than the comparison.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        let mut wx = [0u8; 8];
        let mut wy = [0u8; 8];
        wx.copy_from_slice(x);
        wy.copy_from_slice(y);
        if u64::from_ne_bytes(wx) != u64::from_ne_bytes(wy) {
            return false;
        }
    }
    ca.remainder()
        .iter()
        .zip(cb.remainder())
        .all(|(x, y)| x == y)
}

/// High-cardinality column: every value back to back.
#[derive(Debug, Clone, Default)]
pub struct ArenaColumn {
    text: String,
    /// End offset of each row's value in `text`. `u32` keeps the per-row cost at
    /// four bytes; a column past 4 GiB of text cannot occur in a browser tab, and
    /// natively such values are stored empty rather than corrupting the column.
    ends: Vec<u32>,
}

impl ArenaColumn {
    fn push(&mut self, value: &str) {
        if self.text.len() + value.len() <= u32::MAX as usize {
            self.text.push_str(value);
        }
        self.ends.push(self.text.len() as u32);
    }

    fn get(&self, row: usize) -> &str {
        let Some(&end) = self.ends.get(row) else {
            return "";
        };
        let start = match row.checked_sub(1) {
            Some(prev) => self.ends.get(prev).copied().unwrap_or(0),
            None => 0,
        };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }
}

/// One column of a table.
#[derive(Debug, Clone)]
pub enum Column {
    Dict(DictColumn),
    Arena(ArenaColumn),
}

impl Column {
    fn new() -> Self {
        Column::Dict(DictColumn::new())
    }

    fn push(&mut self, value: &str) {
        match self {
            Column::Dict(d) => {
                let before = d.values.len();
                d.push(value);
                let distinct = d.values.len();
                if distinct > before
                    && distinct > DICT_MIN_DISTINCT
                    && (d.codes.len() >= DECIDE_AFTER_ROWS || distinct > DICT_MAX_DISTINCT)
                    && distinct * ARENA_RATIO > d.codes.len()
                {
                    self.convert_to_arena();
                }
            }
            Column::Arena(a) => a.push(value),
        }
    }

    fn convert_to_arena(&mut self) {
        if let Column::Dict(d) = self {
            let rows = d.codes.len();
            let mut arena = ArenaColumn {
                text: String::with_capacity(d.value_bytes * 2),
                ends: Vec::with_capacity(rows * 2),
            };
            for row in 0..rows {
                let code = d.codes.get(row).unwrap_or(0) as usize;
                arena.push(d.values.get(code).map(|v| &**v).unwrap_or(""));
            }
            *self = Column::Arena(arena);
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Column::Dict(d) => d.codes.len(),
            Column::Arena(a) => a.ends.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value in `row`; `""` past the end.
    #[inline]
    pub fn get(&self, row: usize) -> &str {
        match self {
            Column::Dict(d) => d
                .codes
                .get(row)
                .and_then(|c| d.values.get(c as usize))
                .map(|v| &**v)
                .unwrap_or(""),
            Column::Arena(a) => a.get(row),
        }
    }

    /// The dictionary code of `row` when the column is dictionary-encoded. Lets
    /// classification work once per distinct value instead of once per row.
    #[inline]
    pub fn code(&self, row: usize) -> Option<u32> {
        match self {
            Column::Dict(d) => d.codes.get(row),
            Column::Arena(_) => None,
        }
    }

    /// The distinct values when dictionary-encoded.
    pub fn dict_values(&self) -> Option<&[Box<str>]> {
        match self {
            Column::Dict(d) => Some(d.values()),
            Column::Arena(_) => None,
        }
    }

    pub fn is_dictionary(&self) -> bool {
        matches!(self, Column::Dict(_))
    }

    /// The arena's text and each row's end offset when the column is an arena:
    /// lets a text search scan the whole column as one byte string instead of
    /// value by value.
    pub fn arena_parts(&self) -> Option<(&str, &[u32])> {
        match self {
            Column::Arena(a) => Some((&a.text, &a.ends)),
            Column::Dict(_) => None,
        }
    }

    /// Estimated heap use, for benchmarks and the memory budget.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Column::Dict(d) => {
                // Each distinct value once, its box, and the hash table's slots.
                d.codes.heap_bytes()
                    + d.value_bytes
                    + d.values.capacity() * std::mem::size_of::<Box<str>>()
                    + d.index.capacity() * (std::mem::size_of::<(u64, u32)>() + 1)
                    + d.collisions.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1)
            }
            Column::Arena(a) => a.text.capacity() + a.ends.capacity() * 4,
        }
    }

    /// Loading is over: settle the layout for good and give back spare capacity.
    fn shrink(&mut self) {
        if let Column::Dict(d) = self {
            if d.values.len() > 64 && d.values.len() * ARENA_RATIO > d.codes.len() {
                self.convert_to_arena();
            }
        }
        match self {
            Column::Dict(d) => match &mut d.codes {
                Codes::U8(v) => v.shrink_to_fit(),
                Codes::U16(v) => v.shrink_to_fit(),
                Codes::U32(v) => v.shrink_to_fit(),
            },
            Column::Arena(a) => {
                a.text.shrink_to_fit();
                a.ends.shrink_to_fit();
            }
        }
    }
}

/// Marks a row whose date could not be read.
const NO_TIME: i64 = i64::MIN;

/// Rows waiting to be stored, kept row by row in one buffer.
///
/// Storing a row touches every column's dictionary; storing a batch column by
/// column touches one dictionary at a time, which keeps it in the CPU cache and
/// makes loading a wide export markedly faster. Rows are always `width` fields
/// (short rows padded with `""`, extra fields dropped by the caller's choice).
#[derive(Debug, Clone, Default)]
pub struct RowBatch {
    text: String,
    ends: Vec<usize>,
    width: usize,
    rows: usize,
}

impl RowBatch {
    /// Rows buffered before they are stored.
    pub const ROWS: usize = 1024;

    pub fn new(width: usize) -> Self {
        RowBatch {
            text: String::new(),
            ends: Vec::with_capacity(width * Self::ROWS),
            width,
            rows: 0,
        }
    }

    /// Append a row: the first `width` fields, padded with `""`.
    pub fn push_row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        let mut fields = fields.into_iter();
        for _ in 0..self.width {
            self.text.push_str(fields.next().unwrap_or(""));
            self.ends.push(self.text.len());
        }
        self.rows += 1;
    }

    /// Append a row given as its fields back to back (`text`) and where each
    /// ends (`ends`, as the reader's records are): one copy of the text
    /// instead of one per field. Rows that are not exactly `width` fields
    /// ending in order on character boundaries, the last at the text's end,
    /// take [`Self::push_row`]'s way, which pads and drops as it says.
    pub fn push_joined(&mut self, text: &str, ends: &[usize]) {
        let mut start = 0;
        let whole = ends.len() == self.width
            && ends.last().is_some_and(|&end| end == text.len())
            && ends.iter().all(|&end| {
                let ok = start <= end && text.is_char_boundary(end);
                start = end;
                ok
            });
        if !whole {
            let mut start = 0;
            let fields = ends.iter().filter_map(|&end| {
                let field = text.get(start..end);
                start = end;
                field
            });
            self.push_row(fields);
            return;
        }
        let base = self.text.len();
        self.text.push_str(text);
        self.ends.extend(ends.iter().map(|&end| base + end));
        self.rows += 1;
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn is_full(&self) -> bool {
        self.rows >= Self::ROWS
    }

    fn field(&self, row: usize, col: usize) -> &str {
        let i = row * self.width + col;
        let end = self.ends.get(i).copied().unwrap_or(0);
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        self.text.get(start..end).unwrap_or("")
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.rows = 0;
    }
}

/// One file's rows, column by column.
#[derive(Debug, Clone)]
pub struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
    rows: usize,
    /// Parsed timestamps of the date column (Unix seconds, UTC), [`NO_TIME`]
    /// where the value could not be read (8 bytes a row instead of 16 for an
    /// `Option<i64>`).
    timestamps: Option<Vec<i64>>,
    day_order: Option<DayOrder>,
}

impl Table {
    /// An empty table with these column captions (as written in the file).
    pub fn new(names: Vec<String>) -> Self {
        let columns = names.iter().map(|_| Column::new()).collect();
        Table {
            names,
            columns,
            rows: 0,
            timestamps: None,
            day_order: None,
        }
    }

    /// Append a row. Missing trailing fields become `""`; extra fields are dropped
    /// (the caller counts both as bad rows).
    pub fn push_row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        let mut fields = fields.into_iter();
        for column in &mut self.columns {
            column.push(fields.next().unwrap_or(""));
        }
        self.rows += 1;
    }

    /// Store every row of `batch` (column by column) and empty it.
    pub fn push_batch(&mut self, batch: &mut RowBatch) {
        if batch.width == self.columns.len() {
            for (c, column) in self.columns.iter_mut().enumerate() {
                for r in 0..batch.rows {
                    column.push(batch.field(r, c));
                }
            }
            self.rows += batch.rows;
        } else {
            for r in 0..batch.rows {
                let row: Vec<&str> = (0..batch.width).map(|c| batch.field(r, c)).collect();
                self.push_row(row);
            }
        }
        batch.clear();
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn column_count(&self) -> usize {
        self.columns.len()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn column(&self, col: usize) -> Option<&Column> {
        self.columns.get(col)
    }

    /// Cell text; `""` outside the table.
    #[inline]
    pub fn get(&self, row: usize, col: usize) -> &str {
        self.columns.get(col).map(|c| c.get(row)).unwrap_or("")
    }

    /// Parse the date column `col` into the timestamp side column, deciding the
    /// day/month order for the whole file first (see [`DayOrder::decide_with_hint`];
    /// `ambiguous_day_first` is the file's hint for all-ambiguous dates).
    pub fn index_dates(&mut self, col: usize, ambiguous_day_first: bool) {
        let Some(column) = self.columns.get(col) else {
            return;
        };
        let values: Vec<&str> = match column.dict_values() {
            Some(v) => v.iter().map(|s| &**s).collect(),
            None => (0..column.len()).map(|r| column.get(r)).collect(),
        };
        let order = DayOrder::decide_with_hint(values.iter().copied(), ambiguous_day_first);
        let stamps: Vec<i64> = match column.dict_values() {
            Some(v) => {
                let parsed: Vec<i64> = v
                    .iter()
                    .map(|s| parse_timestamp(s, order).unwrap_or(NO_TIME))
                    .collect();
                (0..column.len())
                    .map(|r| {
                        column
                            .code(r)
                            .and_then(|c| parsed.get(c as usize).copied())
                            .unwrap_or(NO_TIME)
                    })
                    .collect()
            }
            None => (0..column.len())
                .map(|r| parse_timestamp(column.get(r), order).unwrap_or(NO_TIME))
                .collect(),
        };
        self.timestamps = Some(stamps);
        self.day_order = Some(order);
    }

    /// The parsed time of `row`, when the table has a readable date column.
    #[inline]
    pub fn timestamp(&self, row: usize) -> Option<i64> {
        self.timestamps
            .as_ref()?
            .get(row)
            .copied()
            .filter(|&t| t != NO_TIME)
    }

    /// The day/month order decided for the date column.
    pub fn day_order(&self) -> Option<DayOrder> {
        self.day_order
    }

    /// Release spare capacity after the last row.
    pub fn shrink(&mut self) {
        for c in &mut self.columns {
            c.shrink();
        }
    }

    /// Estimated heap bytes held by the table.
    pub fn heap_bytes(&self) -> usize {
        let names: usize = self.names.iter().map(|n| n.capacity()).sum();
        let columns: usize = self.columns.iter().map(Column::heap_bytes).sum();
        let stamps = self
            .timestamps
            .as_ref()
            .map(|t| t.capacity() * std::mem::size_of::<i64>())
            .unwrap_or(0);
        names + columns + stamps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back_exactly_and_short_rows_are_padded() {
        let mut t = Table::new(vec!["a".into(), "b".into()]);
        t.push_row(["x", "1"]);
        t.push_row(["y"]);
        t.push_row(["x", "3", "extra"]);
        assert_eq!(t.rows(), 3);
        assert_eq!(t.get(0, 0), "x");
        assert_eq!(t.get(1, 1), "");
        assert_eq!(t.get(2, 1), "3");
        assert_eq!(t.get(9, 9), "");
    }

    #[test]
    fn repeating_columns_stay_dictionaries_and_unique_ones_become_arenas() {
        let mut t = Table::new(vec!["status".into(), "id".into(), "user".into()]);
        for i in 0..20_000 {
            let status = if i % 3 == 0 { "Failure" } else { "Success" };
            let id = format!("req-{i:05}");
            let user = format!("user{}@contoso.com", (i * 7919) % 5000);
            t.push_row([status, id.as_str(), user.as_str()]);
        }
        assert!(t.column(0).unwrap().is_dictionary());
        assert!(!t.column(1).unwrap().is_dictionary());
        // 5,000 users over 20,000 rows repeat four times each: worth a dictionary,
        // although the first 5,000 rows were all new users.
        assert!(t.column(2).unwrap().is_dictionary());
        assert_eq!(t.get(19_999, 1), "req-19999");
        assert_eq!(t.get(1025, 1), "req-01025");
        assert_eq!(t.get(3, 0), "Failure");
        assert_eq!(t.get(4, 0), "Success");
        assert_eq!(t.get(1, 2), "user2919@contoso.com");
    }

    #[test]
    fn small_unique_columns_become_arenas_when_loading_ends() {
        let mut t = Table::new(vec!["id".into()]);
        for i in 0..2000 {
            t.push_row([format!("id-{i}").as_str()]);
        }
        assert!(t.column(0).unwrap().is_dictionary());
        t.shrink();
        assert!(!t.column(0).unwrap().is_dictionary());
        assert_eq!(t.get(1999, 0), "id-1999");
        assert_eq!(t.get(0, 0), "id-0");
    }

    #[test]
    fn codes_widen_past_256_and_65536_values() {
        let mut t = Table::new(vec!["v".into()]);
        // Each value three times in a row, so the column stays a dictionary.
        for i in 0..70_000 {
            let v = format!("v{i}");
            for _ in 0..3 {
                t.push_row([v.as_str()]);
            }
        }
        let c = t.column(0).unwrap();
        assert!(c.is_dictionary());
        assert_eq!(c.dict_values().unwrap().len(), 70_000);
        assert_eq!(c.code(3 * 69_999), Some(69_999));
        assert_eq!(t.get(3 * 300, 0), "v300");
        assert_eq!(t.get(3 * 69_999 + 2, 0), "v69999");
    }

    #[test]
    fn colliding_hashes_still_find_the_right_value() {
        // Force the collision path: pre-fill the index with a wrong code for the
        // hash of "b".
        let mut d = DictColumn::new();
        d.push("a");
        d.index.insert(hash_str("b"), 0);
        d.push("b");
        d.push("a");
        d.push("b");
        assert_eq!(d.values().len(), 2);
        let col = Column::Dict(d);
        assert_eq!(
            (0..4).map(|r| col.get(r)).collect::<Vec<_>>(),
            ["a", "b", "a", "b"]
        );
    }

    #[test]
    fn byte_equality_matches_the_standard_one() {
        let words = [
            "",
            "a",
            "abcdefgh",
            "abcdefgi",
            "abcdefghij",
            "abcdefghik",
            "x",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn batches_store_the_same_cells_as_single_rows() {
        let names: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
        let mut one = Table::new(names.clone());
        let mut batched = Table::new(names);
        let mut batch = RowBatch::new(3);
        for i in 0..2500 {
            let v = format!("v{}", i % 7);
            let fields: Vec<&str> = match i % 3 {
                0 => vec!["x", &v, "z"],
                1 => vec!["x", &v],
                _ => vec!["", &v, "z", "extra"],
            };
            one.push_row(fields.iter().copied());
            batch.push_row(fields.iter().copied());
            if batch.is_full() {
                batched.push_batch(&mut batch);
            }
        }
        batched.push_batch(&mut batch);
        assert_eq!(batch.rows(), 0);
        assert_eq!(one.rows(), batched.rows());
        for r in 0..one.rows() {
            for c in 0..3 {
                assert_eq!(one.get(r, c), batched.get(r, c), "{r},{c}");
            }
        }
    }

    #[test]
    fn heap_bytes_grows_with_content() {
        let mut t = Table::new(vec!["a".into()]);
        let before = t.heap_bytes();
        for i in 0..10_000 {
            t.push_row([format!("value number {i}").as_str()]);
        }
        assert!(t.heap_bytes() > before + 10_000 * 4);
    }
}
