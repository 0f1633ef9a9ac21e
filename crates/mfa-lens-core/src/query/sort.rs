//! Sorting a result set by one column.
//!
//! What a column holds decides how it sorts:
//! - the dataset's date column by the parsed timestamp (the store parsed it
//!   once at load, with the file's day/month order), not by its text;
//! - a column whose every non-empty value is a number (error codes, latency,
//!   bypass seconds) numerically;
//! - anything else as text, ASCII case folded first ([`compare_text`]).
//!
//! Empty or unreadable values go last in both directions, and rows that
//! compare equal keep their previous order (the sort is stable), so sorting by
//! outcome after sorting by date leaves each outcome's rows in date order.
//!
//! Every row gets a `u64` key first, so most comparisons are one integer
//! comparison: the timestamp, the number, or for text the value's rank among
//! all distinct values when every file stores the column as a dictionary
//! (ranked once per distinct value), else the first eight folded bytes, with
//! the full text compared only when those are equal.

use std::sync::Arc;

use crate::columns::Role;

use super::dataset::{Dataset, DatasetId, Source};
use super::rowref::RowRef;
use super::text::{compare_text, number_key, parse_number, signed_key, text_prefix};
use crate::store::FxHashMap;
use crate::workspace::FileId;

/// How a column's values compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKind {
    Date,
    Number,
    Text,
}

/// How column `col` of the dataset sorts.
pub fn sort_kind(ds: &Dataset<'_>, col: usize) -> SortKind {
    if ds.role_index(Role::Date) == Some(col) {
        return SortKind::Date;
    }
    let mut any = false;
    for m in &ds.members {
        let ok = match ds.source(m, col) {
            Source::Blank => true,
            Source::Field(c) => match c.dict_values() {
                Some(values) => values.iter().all(|v| {
                    let n = v.trim().is_empty() || parse_number(v).is_some();
                    any |= !v.trim().is_empty();
                    n
                }),
                None => (0..c.len()).all(|r| {
                    let v = c.get(r);
                    any |= !v.trim().is_empty();
                    v.trim().is_empty() || parse_number(v).is_some()
                }),
            },
            _ => false,
        };
        if !ok {
            return SortKind::Text;
        }
    }
    if any {
        SortKind::Number
    } else {
        SortKind::Text
    }
}

#[derive(Clone, Copy)]
struct Entry {
    missing: bool,
    key: u64,
    pos: u32,
}

/// Ranks of whole text columns kept between queries: the first sort by a user
/// column stored as an arena ranks every row's value once (a hash of each
/// value, a sort of the distinct ones); sorting it again — the other way, or
/// after a filter — is then a counting sort of `u32` ranks. Valid while the
/// dataset has the same files: a file's stored text never changes.
#[derive(Debug, Default)]
pub struct SortCache {
    columns: Vec<CachedColumn>,
}

#[derive(Debug)]
struct CachedColumn {
    dataset: DatasetId,
    column: String,
    files: Vec<FileId>,
    /// Per member (dataset order), the rank of each row's value;
    /// [`EMPTY_RANK`] for the empty value.
    ranks: Arc<Vec<Vec<u32>>>,
}

/// Columns a [`SortCache`] keeps (four bytes a row each), the latest first.
const CACHED_COLUMNS: usize = 3;

impl SortCache {
    fn get(&self, ds: &Dataset<'_>, col: usize) -> Option<Arc<Vec<Vec<u32>>>> {
        let key = &ds.columns.get(col)?.key;
        self.columns
            .iter()
            .find(|c| {
                c.dataset == ds.id
                    && &c.column == key
                    && c.files.iter().copied().eq(ds.members.iter().map(|m| m.id))
            })
            .map(|c| c.ranks.clone())
    }

    fn insert(&mut self, ds: &Dataset<'_>, col: usize, ranks: Arc<Vec<Vec<u32>>>) {
        let Some(column) = ds.columns.get(col).map(|c| c.key.clone()) else {
            return;
        };
        self.columns
            .retain(|c| !(c.dataset == ds.id && c.column == column));
        self.columns.insert(
            0,
            CachedColumn {
                dataset: ds.id,
                column,
                files: ds.members.iter().map(|m| m.id).collect(),
                ranks,
            },
        );
        self.columns.truncate(CACHED_COLUMNS);
    }
}

/// Sort `rows` by column `col` of `ds`; with a `cache`, a text column's
/// whole-column ranks are kept there for the next sort.
pub fn sort_rows_cached(
    ds: &Dataset<'_>,
    rows: &mut Vec<RowRef>,
    col: usize,
    desc: bool,
    cache: Option<&mut SortCache>,
) {
    let kind = sort_kind(ds, col);
    let sources: Vec<(FileId, Source<'_>, usize)> = ds
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id, ds.source(m, col), i))
        .collect();
    let member_of = |r: RowRef| sources.iter().find(|s| s.0 == r.file());
    // With a cache, every text column that can be ranked is ranked whole and
    // kept, dictionaries included: merging the distinct values of ten files
    // (a sort of a few hundred thousand strings) is then paid once.
    let row_ranks: Option<Arc<Vec<Vec<u32>>>> = match cache {
        Some(cache) if kind == SortKind::Text => cache.get(ds, col).or_else(|| {
            let computed = Arc::new(column_ranks(ds, &sources)?);
            cache.insert(ds, col, computed.clone());
            Some(computed)
        }),
        _ => None,
    };
    let ranks = if kind == SortKind::Text && row_ranks.is_none() {
        dictionary_ranks(&sources)
    } else {
        None
    };
    let pos_ranks: Option<Vec<u32>> =
        if kind == SortKind::Text && ranks.is_none() && row_ranks.is_none() {
            repeated_value_ranks(rows, &member_of)
        } else {
            None
        };
    let full_text_ties =
        kind == SortKind::Text && ranks.is_none() && pos_ranks.is_none() && row_ranks.is_none();

    let number_memo: Vec<Option<Vec<Option<u64>>>> = if kind == SortKind::Number {
        sources
            .iter()
            .map(|(_, source, _)| {
                source.key_values().map(|values| {
                    values
                        .iter()
                        .map(|v| parse_number(v).map(number_key))
                        .collect()
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut entries: Vec<Entry> = Vec::with_capacity(rows.len());
    // Rows arrive grouped by file; remember the last file's source.
    let mut last: Option<&(FileId, Source<'_>, usize)> = None;
    for (pos, &r) in rows.iter().enumerate() {
        if last.is_none_or(|l| l.0 != r.file()) {
            last = member_of(r);
        }
        let Some(&(_, source, mi)) = last else {
            entries.push(Entry {
                missing: true,
                key: 0,
                pos: pos as u32,
            });
            continue;
        };
        let row = r.row();
        let (missing, key) = match kind {
            SortKind::Date => match ds.members.get(mi).and_then(|m| m.table.timestamp(row)) {
                Some(t) => (false, signed_key(t)),
                None => (true, 0),
            },
            SortKind::Number => {
                // Parsed once per distinct value where the source has keys.
                let memo = number_memo
                    .get(mi)
                    .and_then(|m| m.as_ref())
                    .zip(source.value_key(row));
                let parsed = match memo {
                    Some((m, k)) => m.get(k as usize).copied().flatten(),
                    None => parse_number(source.value(row)).map(number_key),
                };
                match parsed {
                    Some(k) => (false, k),
                    None => (true, 0),
                }
            }
            SortKind::Text if row_ranks.is_some() => {
                let rank = row_ranks
                    .as_ref()
                    .and_then(|per| per.get(mi))
                    .and_then(|per| per.get(row))
                    .copied();
                match rank {
                    Some(EMPTY_RANK) | None => (true, 0),
                    Some(rank) => (false, u64::from(rank)),
                }
            }
            SortKind::Text if pos_ranks.is_some() => {
                match pos_ranks.as_ref().and_then(|pr| pr.get(pos)).copied() {
                    Some(EMPTY_RANK) | None => (true, 0),
                    Some(rank) => (false, u64::from(rank)),
                }
            }
            SortKind::Text => {
                let v = source.value(row);
                if v.is_empty() {
                    (true, 0)
                } else if let Some(ranks) = &ranks {
                    let code = match source {
                        Source::Field(c) => c.code(row),
                        _ => Some(0),
                    };
                    let rank = ranks
                        .get(mi)
                        .and_then(|per| code.and_then(|c| per.get(c as usize)))
                        .copied()
                        .unwrap_or(0);
                    (false, u64::from(rank))
                } else {
                    (false, text_prefix(v))
                }
            }
        };
        entries.push(Entry {
            missing,
            key,
            pos: pos as u32,
        });
    }

    let mut rank_keys =
        kind == SortKind::Text && (ranks.is_some() || pos_ranks.is_some() || row_ranks.is_some());
    if kind == SortKind::Number && number_memo.iter().all(Option::is_some) {
        // Few distinct numbers (error codes): their ranks take the counting sort.
        let mut distinct: Vec<u64> = number_memo
            .iter()
            .flatten()
            .flatten()
            .flatten()
            .copied()
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        for e in entries.iter_mut().filter(|e| !e.missing) {
            e.key = distinct.binary_search(&e.key).unwrap_or(0) as u64;
        }
        rank_keys = true;
    }
    order_entries(&mut entries, desc, rank_keys);
    if full_text_ties {
        // Rows whose first eight folded bytes agree are ordered by their full
        // text, run by run; the position breaks the remaining ties.
        let value_at = |pos: u32| -> &str {
            let Some(&r) = rows.get(pos as usize) else {
                return "";
            };
            member_of(r).map_or("", |s| s.1.value(r.row()))
        };
        let mut start = 0;
        while start < entries.len() {
            let first = entries.get(start).map(|e| (e.missing, e.key));
            let len = entries
                .get(start..)
                .unwrap_or(&[])
                .iter()
                .take_while(|e| Some((e.missing, e.key)) == first)
                .count()
                .max(1);
            if let (Some(run), Some((false, _))) = (entries.get_mut(start..start + len), first) {
                // A run of one repeated value (one user's rows) is already in
                // position order: only runs of different values need sorting.
                let first_value = run.first().map_or("", |e| value_at(e.pos));
                if run.len() > 1 && !run.iter().all(|e| value_at(e.pos) == first_value) {
                    run.sort_by(|a, b| {
                        let by = compare_text(value_at(a.pos), value_at(b.pos));
                        let by = if desc { by.reverse() } else { by };
                        by.then_with(|| a.pos.cmp(&b.pos))
                    });
                }
            }
            start += len;
        }
    }
    let sorted: Vec<RowRef> = entries
        .iter()
        .filter_map(|e| rows.get(e.pos as usize).copied())
        .collect();
    *rows = sorted;
}

/// When every file stores the column as a dictionary (or not at all, or as a
/// constant like the file name), the rank of each file's distinct values in
/// the merged text order; `None` otherwise. Equal values share a rank.
fn dictionary_ranks(sources: &[(FileId, Source<'_>, usize)]) -> Option<Vec<Vec<u32>>> {
    let mut all: Vec<(&str, usize, u32)> = Vec::new();
    for &(_, source, mi) in sources {
        match source {
            Source::Blank => {}
            Source::Constant(v) => all.push((v, mi, 0)),
            Source::Field(c) => {
                let values = c.dict_values()?;
                all.extend(
                    values
                        .iter()
                        .enumerate()
                        .map(|(code, v)| (&**v, mi, code as u32)),
                );
            }
            _ => return None,
        }
    }
    all.sort_by(|a, b| compare_text(a.0, b.0));
    let mut ranks: Vec<Vec<u32>> = vec![Vec::new(); sources.len()];
    let mut rank = 0u32;
    let mut prev: Option<&str> = None;
    for (v, mi, code) in all {
        if prev.is_some_and(|p| p != v) {
            rank = rank.saturating_add(1);
        }
        prev = Some(v);
        if let Some(per) = ranks.get_mut(mi) {
            let code = code as usize;
            if per.len() <= code {
                per.resize(code + 1, 0);
            }
            if let Some(slot) = per.get_mut(code) {
                *slot = rank;
            }
        }
    }
    Some(ranks)
}

/// The rank [`TextRanks`] gives the empty value (sorted last).
const EMPTY_RANK: u32 = u32::MAX;

/// Most distinct values [`TextRanks`] collects for `rows` rows.
pub(crate) fn rank_limit(rows: usize) -> usize {
    rows / 4 + 1024
}

/// Text values numbered as they are first met, then ranked in text order
/// once: a row's rank is then one lookup, with no string compared per row.
/// Gives up when the values hardly repeat (more than [`rank_limit`]: IDs),
/// where the first eight bytes already tell most values apart.
struct TextRanks<'s> {
    // Keys are copies: compared against on every row, they stay in cache,
    // where the first occurrence in a large arena would not.
    ids: FxHashMap<Box<str>, u32>,
    distinct: Vec<&'s str>,
    limit: usize,
}

impl<'s> TextRanks<'s> {
    fn new(rows: usize) -> Self {
        let limit = rank_limit(rows);
        TextRanks {
            ids: FxHashMap::with_capacity_and_hasher(limit.min(1 << 16), Default::default()),
            distinct: Vec::new(),
            limit,
        }
    }

    /// The id of `v`; `None` once the values prove too many to rank.
    fn id(&mut self, v: &'s str) -> Option<u32> {
        if let Some(&id) = self.ids.get(v) {
            return Some(id);
        }
        if self.distinct.len() >= self.limit {
            return None;
        }
        let id = self.distinct.len() as u32;
        self.distinct.push(v);
        self.ids.insert(v.into(), id);
        Some(id)
    }

    /// The rank of each id in text order ([`compare_text`]); the empty
    /// value's is [`EMPTY_RANK`].
    fn rank_of(&self) -> Vec<u32> {
        let text = |id: u32| self.distinct.get(id as usize).copied().unwrap_or("");
        let mut order: Vec<u32> = (0..self.distinct.len() as u32).collect();
        order.sort_by(|&a, &b| compare_text(text(a), text(b)));
        let mut rank_of = vec![0u32; self.distinct.len()];
        for (rank, &id) in order.iter().enumerate() {
            if let Some(slot) = rank_of.get_mut(id as usize) {
                *slot = rank as u32;
            }
        }
        if let Some(slot) = self.ids.get("").and_then(|&e| rank_of.get_mut(e as usize)) {
            *slot = EMPTY_RANK;
        }
        rank_of
    }
}

/// Replaces each id in `ids` by its rank.
fn ids_to_ranks(ids: &mut [u32], rank_of: &[u32]) {
    for id in ids {
        *id = rank_of.get(*id as usize).copied().unwrap_or(0);
    }
}

/// For a text column stored as an arena in some file (a user column with
/// tens of thousands of users): the rank of each row's value, by position in
/// `rows` ([`TextRanks`]: `None` when the values hardly repeat). The empty
/// value gets [`EMPTY_RANK`].
fn repeated_value_ranks<'s>(
    rows: &[RowRef],
    member_of: &dyn Fn(RowRef) -> Option<&'s (FileId, Source<'s>, usize)>,
) -> Option<Vec<u32>> {
    let mut ranks = TextRanks::new(rows.len());
    let mut by_pos: Vec<u32> = Vec::with_capacity(rows.len());
    let mut last: Option<&(FileId, Source<'_>, usize)> = None;
    for &r in rows {
        if last.is_none_or(|l| l.0 != r.file()) {
            last = member_of(r);
        }
        by_pos.push(ranks.id(last.map_or("", |l| l.1.value(r.row())))?);
    }
    ids_to_ranks(&mut by_pos, &ranks.rank_of());
    Some(by_pos)
}

/// For [`SortCache`]: the rank of every row's value of a stored text column,
/// per member, over all the dataset's rows (not only a result's), found like
/// [`repeated_value_ranks`] but reading dictionary codes where a file has
/// them. `None` for computed columns (their text follows the classification,
/// which changes as files arrive) and for values that hardly repeat (IDs).
fn column_ranks(
    ds: &Dataset<'_>,
    sources: &[(FileId, Source<'_>, usize)],
) -> Option<Vec<Vec<u32>>> {
    let mut ranks = TextRanks::new(ds.rows());
    let mut per: Vec<Vec<u32>> = Vec::with_capacity(sources.len());
    for &(_, source, mi) in sources {
        let rows = ds.members.get(mi).map_or(0, |m| m.rows());
        let ids = match source {
            Source::Blank | Source::Constant(_) => vec![ranks.id(source.value(0))?; rows],
            Source::Field(c) => match c.dict_values() {
                Some(values) => {
                    let by_code = values
                        .iter()
                        .map(|v| ranks.id(v))
                        .collect::<Option<Vec<u32>>>()?;
                    (0..rows)
                        .map(|r| {
                            c.code(r)
                                .and_then(|k| by_code.get(k as usize).copied())
                                .unwrap_or(0)
                        })
                        .collect()
                }
                None => (0..rows)
                    .map(|r| ranks.id(c.get(r)))
                    .collect::<Option<_>>()?,
            },
            _ => return None,
        };
        per.push(ids);
    }
    let rank_of = ranks.rank_of();
    for ids in &mut per {
        ids_to_ranks(ids, &rank_of);
    }
    Some(per)
}

/// Orders entries by key (reversed when `desc`), position breaking ties, the
/// missing ones last in position order. Rank keys (dense, below the number of
/// rows) take a counting sort, O(n); other keys one sort of packed integers.
fn order_entries(entries: &mut Vec<Entry>, desc: bool, rank_keys: bool) {
    let flip = |k: u64| if desc { !k } else { k };
    let present = entries.iter().filter(|e| !e.missing).count();
    let max_rank = entries
        .iter()
        .filter(|e| !e.missing)
        .map(|e| e.key)
        .max()
        .unwrap_or(0);
    if !(rank_keys && (max_rank as usize) <= present) {
        if !order_packed(entries, desc) {
            entries.sort_unstable_by_key(|e| {
                (e.missing, if e.missing { 0 } else { flip(e.key) }, e.pos)
            });
        }
        return;
    }
    let slot = |k: u64| {
        if desc {
            (max_rank - k) as usize
        } else {
            k as usize
        }
    };
    // starts[s] = where rows of slot s begin; the missing rows go after all.
    let mut starts = vec![0usize; max_rank as usize + 2];
    for e in entries.iter().filter(|e| !e.missing) {
        if let Some(c) = starts.get_mut(slot(e.key) + 1) {
            *c += 1;
        }
    }
    for i in 1..starts.len() {
        let prev = starts.get(i - 1).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(i) {
            *c += prev;
        }
    }
    let mut missing_at = present;
    let mut sorted = vec![
        Entry {
            missing: true,
            key: 0,
            pos: 0,
        };
        entries.len()
    ];
    // Entries arrive in position order, so equal keys stay in it.
    for e in entries.iter() {
        let at = if e.missing {
            let at = missing_at;
            missing_at += 1;
            at
        } else {
            match starts.get_mut(slot(e.key)) {
                Some(at) => {
                    *at += 1;
                    *at - 1
                }
                None => continue,
            }
        };
        if let Some(dst) = sorted.get_mut(at) {
            *dst = *e;
        }
    }
    *entries = sorted;
}

/// Orders entries (in position order on entry) like [`order_entries`]' general
/// case when each key, less the smallest, fits beside the position in one
/// `u64`: a month of timestamps spans 22 bits and a million positions 20, so
/// a date sort becomes a radix sort of plain integers — linear, where a
/// comparison sort of a million (bool, u64, u32) tuples took most of a date
/// sort's time in wasm. False, untouched, when the keys do not fit.
fn order_packed(entries: &mut Vec<Entry>, desc: bool) -> bool {
    let flip = |k: u64| if desc { !k } else { k };
    let mut keys = entries.iter().filter(|e| !e.missing).map(|e| flip(e.key));
    let Some(first) = keys.next() else {
        return false;
    };
    let (min, max) = keys.fold((first, first), |(lo, hi), k| (lo.min(k), hi.max(k)));
    let pos_bits = u64::BITS - (entries.len() as u64).leading_zeros();
    let key_bits = u64::BITS - (max - min).leading_zeros();
    if key_bits + pos_bits > u64::BITS || pos_bits >= u64::BITS {
        return false;
    }
    let mut packed: Vec<u64> = entries
        .iter()
        .filter(|e| !e.missing)
        .map(|e| ((flip(e.key) - min) << pos_bits) | u64::from(e.pos))
        .collect();
    // Packed in position order, and the radix sort is stable: sorting on the
    // key's bits alone leaves equal keys in position order.
    radix_sort(&mut packed, pos_bits, pos_bits + key_bits);
    let mask = (1u64 << pos_bits) - 1;
    let mut sorted: Vec<Entry> = Vec::with_capacity(entries.len());
    // Positions are indices: entries arrive in position order.
    sorted.extend(
        packed
            .iter()
            .filter_map(|p| entries.get((p & mask) as usize).copied()),
    );
    sorted.extend(entries.iter().filter(|e| e.missing).copied());
    *entries = sorted;
    true
}

/// Stable least-significant-digit radix sort on bits `from..to` of each value
/// (the bits above `to` are zero), eleven bits a pass; a pass where every
/// value has the same digit is skipped.
fn radix_sort(values: &mut Vec<u64>, from: u32, to: u32) {
    const DIGIT_BITS: u32 = 11;
    const MASK: u64 = (1 << DIGIT_BITS) - 1;
    let mut scratch = vec![0u64; values.len()];
    let mut shift = from;
    while shift < to {
        let mut starts = [0usize; 1 << DIGIT_BITS];
        for &v in values.iter() {
            if let Some(c) = starts.get_mut(((v >> shift) & MASK) as usize) {
                *c += 1;
            }
        }
        if !starts.contains(&values.len()) {
            let mut sum = 0;
            for c in starts.iter_mut() {
                let n = *c;
                *c = sum;
                sum += n;
            }
            for &v in values.iter() {
                if let Some(at) = starts.get_mut(((v >> shift) & MASK) as usize) {
                    if let Some(dst) = scratch.get_mut(*at) {
                        *dst = v;
                    }
                    *at += 1;
                }
            }
            std::mem::swap(values, &mut scratch);
        }
        shift += DIGIT_BITS;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries in position order with keys drawn from `span` (some missing).
    fn entries(n: u32, span: u64, seed: u64) -> Vec<Entry> {
        let mut x = seed;
        (0..n)
            .map(|pos| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                Entry {
                    missing: x >> 60 == 0,
                    key: 1_700_000_000 + (x >> 16) % span,
                    pos,
                }
            })
            .collect()
    }

    fn by_comparison(mut e: Vec<Entry>, desc: bool) -> Vec<(bool, u32)> {
        let flip = |k: u64| if desc { !k } else { k };
        e.sort_unstable_by_key(|e| (e.missing, if e.missing { 0 } else { flip(e.key) }, e.pos));
        e.iter().map(|e| (e.missing, e.pos)).collect()
    }

    #[test]
    fn the_radix_path_orders_like_the_comparison_sort() {
        for (n, span) in [(1, 1), (7, 3), (5_000, 40), (20_000, 2_600_000)] {
            for desc in [false, true] {
                let e = entries(n, span, u64::from(n) + span);
                let mut packed = e.clone();
                assert!(order_packed(&mut packed, desc));
                let got: Vec<(bool, u32)> = packed.iter().map(|e| (e.missing, e.pos)).collect();
                assert_eq!(got, by_comparison(e, desc), "n={n} span={span} desc={desc}");
            }
        }
    }

    /// Two files of one dataset: the first's user column an arena (2,100
    /// users in 4,000 rows), the second's a dictionary (50 users), and some
    /// empty user cells.
    fn two_files() -> crate::Workspace {
        const HEADER: &str =
            "Date (UTC),Request ID,Username,Status,Sign-in error code,Authentication requirement\n";
        let file = |rows: u32, users: u32, salt: u32| {
            let mut csv = String::from(HEADER);
            for i in 0..rows {
                let u = (i * 11 + salt) % users;
                let user = if u % 97 == 0 {
                    String::new()
                } else {
                    format!("User{u}@contoso.com")
                };
                let status = if i % 3 == 0 { "Failure" } else { "Success" };
                csv.push_str(&format!("2024-05-01T08:00:00Z,r{salt}-{i},{user},{status},0,Single-factor authentication\n"));
            }
            csv
        };
        let mut ws = crate::Workspace::new();
        ws.load(
            "InteractiveSignIns_2024-05-01_2024-05-02.csv",
            file(4_000, 2_100, 1).as_bytes(),
        );
        ws.load(
            "InteractiveSignIns_2024-05-02_2024-05-03.csv",
            file(8_000, 50, 2).as_bytes(),
        );
        ws
    }

    #[test]
    fn cached_text_ranks_sort_like_the_uncached_path() {
        use crate::query::{run, run_cached, Filter, Query, Sort};
        let ws = two_files();
        let first = ws.files()[0].id;
        let col = ws
            .table(first)
            .unwrap()
            .names()
            .iter()
            .position(|n| n == "Username")
            .unwrap();
        assert!(
            !ws.table(first)
                .unwrap()
                .column(col)
                .unwrap()
                .is_dictionary(),
            "an arena column"
        );
        let mut cache = SortCache::default();
        for filters in [
            vec![],
            vec![Filter::Equals {
                column: "status".into(),
                values: vec!["Failure".into()],
            }],
        ] {
            for desc in [false, true, false] {
                let q = Query {
                    filters: filters.clone(),
                    sort: Some(Sort {
                        column: "username".into(),
                        desc,
                    }),
                    ..Query::default()
                };
                assert_eq!(
                    run_cached(&ws, &q, &mut cache).rows,
                    run(&ws, &q).rows,
                    "desc={desc} filters={filters:?}"
                );
            }
        }
        assert_eq!(cache.columns.len(), 1, "ranked once, reused after");
        assert_eq!(
            cache.columns[0].ranks.iter().map(Vec::len).sum::<usize>(),
            12_000
        );
    }

    #[test]
    fn keys_too_wide_to_pack_are_left_to_the_comparison_sort() {
        let mut e = vec![
            Entry {
                missing: false,
                key: 0,
                pos: 0,
            },
            Entry {
                missing: false,
                key: u64::MAX,
                pos: 1,
            },
        ];
        assert!(!order_packed(&mut e, false));
        assert_eq!(e[1].key, u64::MAX, "untouched");
        let mut none = vec![Entry {
            missing: true,
            key: 0,
            pos: 0,
        }];
        assert!(!order_packed(&mut none, false));
    }
}
