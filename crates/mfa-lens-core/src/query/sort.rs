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

use crate::columns::Role;

use super::dataset::{Dataset, Source};
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

/// Sort `rows` by column `col` of `ds`.
pub fn sort_rows(ds: &Dataset<'_>, rows: &mut Vec<RowRef>, col: usize, desc: bool) {
    let kind = sort_kind(ds, col);
    let sources: Vec<(FileId, Source<'_>, usize)> = ds
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id, ds.source(m, col), i))
        .collect();
    let member_of = |r: RowRef| sources.iter().find(|s| s.0 == r.file());
    let ranks = if kind == SortKind::Text {
        dictionary_ranks(&sources)
    } else {
        None
    };
    let pos_ranks: Option<Vec<u32>> = if kind == SortKind::Text && ranks.is_none() {
        repeated_value_ranks(rows, &member_of)
    } else {
        None
    };
    let full_text_ties = kind == SortKind::Text && ranks.is_none() && pos_ranks.is_none();

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

    let mut rank_keys = kind == SortKind::Text && (ranks.is_some() || pos_ranks.is_some());
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

/// The rank [`repeated_value_ranks`] gives the empty value (sorted last).
const EMPTY_RANK: u32 = u32::MAX;

/// Most distinct values [`repeated_value_ranks`] collects for `rows` rows.
pub(crate) fn rank_limit(rows: usize) -> usize {
    rows / 4 + 1024
}

/// For a text column stored as an arena in some file (a user column with
/// tens of thousands of users): the rank of each row's value, by position in
/// `rows`, found by collecting the distinct values in a hash map and sorting
/// only those. Gives up (`None`) when the values hardly repeat (IDs), where
/// the first eight bytes already tell most values apart. The empty value gets
/// [`EMPTY_RANK`].
fn repeated_value_ranks<'s>(
    rows: &[RowRef],
    member_of: &dyn Fn(RowRef) -> Option<&'s (FileId, Source<'s>, usize)>,
) -> Option<Vec<u32>> {
    let limit = rank_limit(rows.len());
    // Keys are copies: compared against on every row, they stay in cache,
    // where the first occurrence in a large arena would not.
    let mut ids: FxHashMap<Box<str>, u32> =
        FxHashMap::with_capacity_and_hasher(limit.min(1 << 16), Default::default());
    let mut distinct: Vec<&str> = Vec::new();
    let mut by_pos: Vec<u32> = Vec::with_capacity(rows.len());
    let mut last: Option<&(FileId, Source<'_>, usize)> = None;
    for &r in rows {
        if last.is_none_or(|l| l.0 != r.file()) {
            last = member_of(r);
        }
        let v = last.map_or("", |l| l.1.value(r.row()));
        let id = match ids.get(v) {
            Some(&id) => id,
            None => {
                if distinct.len() >= limit {
                    return None;
                }
                let id = distinct.len() as u32;
                distinct.push(v);
                ids.insert(v.into(), id);
                id
            }
        };
        by_pos.push(id);
    }
    let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
    order.sort_by(|&a, &b| {
        compare_text(
            distinct.get(a as usize).copied().unwrap_or(""),
            distinct.get(b as usize).copied().unwrap_or(""),
        )
    });
    let mut rank_of = vec![0u32; distinct.len()];
    for (rank, &id) in order.iter().enumerate() {
        if let Some(slot) = rank_of.get_mut(id as usize) {
            *slot = rank as u32;
        }
    }
    let empty = ids.get("").copied();
    for id in &mut by_pos {
        *id = if Some(*id) == empty {
            EMPTY_RANK
        } else {
            rank_of.get(*id as usize).copied().unwrap_or(0)
        };
    }
    Some(by_pos)
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
        entries
            .sort_unstable_by_key(|e| (e.missing, if e.missing { 0 } else { flip(e.key) }, e.pos));
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
