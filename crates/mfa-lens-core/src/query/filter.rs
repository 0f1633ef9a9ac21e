//! The query: filters, global search and sort, and [`run`], which turns it
//! into a [`ResultSet`].
//!
//! The query is what the page keeps in its URL hash, so it serialises with
//! one-letter field names and leaves out what is empty: a typical state is
//! `{"d":"sign_ins","f":[{"t":"outcome","v":["denied"]}],"s":{"c":"date (utc)","desc":true}}`.
//! Columns are named by their dataset key (normalised caption or `$…`), never
//! by position, so a state stays valid when the same files are loaded again.
//!
//! Evaluation is per file and per column, never per cell allocation: a
//! predicate on a dictionary column runs once per distinct value and rows only
//! look up their value's answer; a text search on an arena column scans the
//! column's text as one byte string (see [`Needle::mark_arena`]).

use serde::{Deserialize, Serialize};

use crate::classify::users::{fold_user, same_user};
use crate::columns::Role;
use crate::workspace::Workspace;

use super::dataset::{Dataset, DatasetId, Member, Source};
use super::rowref::RowRef;
use super::sort::{sort_rows_cached, SortCache};
use super::text::Needle;

/// One condition on the rows. All filters of a query must hold (AND); the
/// values of one filter are alternatives (OR).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Filter {
    /// The cell equals one of the values exactly (what a value list offers).
    Equals {
        #[serde(rename = "c")]
        column: String,
        #[serde(rename = "v")]
        values: Vec<String>,
    },
    /// The cell contains the text, ignoring case.
    Contains {
        #[serde(rename = "c")]
        column: String,
        #[serde(rename = "v")]
        text: String,
    },
    /// The row's time (the dataset's date column) is in `[from, to)`, Unix
    /// seconds UTC; either end may be open. Rows without a readable time fail.
    DateRange {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<i64>,
    },
    /// The computed outcome is one of these ids (`denied`, `satisfied`, …;
    /// `succeeded`, `failed`, … for MFA Server activity).
    Outcome {
        #[serde(rename = "v")]
        values: Vec<String>,
    },
    /// The row is this user's, by the rule every count of users follows
    /// ([`crate::classify::users`]: case and surrounding spaces ignored, an
    /// empty user cell is the user `(unknown)`), so the rows of a user the
    /// Users view lists are the rows it counted.
    User {
        #[serde(rename = "v")]
        user: String,
    },
    /// Exactly these rows, named for their chip (a finding's evidence).
    ///
    /// Row references are handles into one session's workspace (they name
    /// files by load order), so the page keeps this filter out of its URL
    /// hash: the same files dropped in another order would select other rows.
    Rows {
        #[serde(rename = "l")]
        label: String,
        #[serde(rename = "v")]
        rows: Vec<RowRef>,
    },
}

/// Sort order: a column key and a direction. Rows with an empty (or, for a
/// date or number, unreadable) value come last in both directions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    #[serde(rename = "c")]
    pub column: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub desc: bool,
}

/// Everything the table view asks for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Query {
    #[serde(rename = "d", default)]
    pub dataset: DatasetId,
    #[serde(rename = "f", default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    /// Global search: any text column contains it, ignoring case.
    #[serde(rename = "q", default, skip_serializing_if = "String::is_empty")]
    pub search: String,
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// The columns shown (keys), for the page to restore; empty = the
    /// dataset's defaults. [`run`] ignores it.
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
}

/// The rows a query selected, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ResultSet {
    pub dataset: DatasetId,
    pub rows: Vec<RowRef>,
    /// Rows of the dataset before filtering.
    pub total: usize,
}

impl ResultSet {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Run `query` over the workspace.
pub fn run(ws: &Workspace, query: &Query) -> ResultSet {
    let ds = Dataset::build(ws, query.dataset);
    run_on(&ds, query)
}

/// [`run`], keeping what a sort by a text column learnt in `cache`, so the
/// next sort by that column is a counting sort (the page's worker keeps one).
pub fn run_cached(ws: &Workspace, query: &Query, cache: &mut SortCache) -> ResultSet {
    let ds = Dataset::build(ws, query.dataset);
    run_on_with(&ds, query, Some(cache))
}

/// Run `query` over an already built dataset.
pub fn run_on(ds: &Dataset<'_>, query: &Query) -> ResultSet {
    run_on_with(ds, query, None)
}

fn run_on_with(ds: &Dataset<'_>, query: &Query, cache: Option<&mut SortCache>) -> ResultSet {
    let needle = Needle::new(query.search.trim());
    let mut rows: Vec<RowRef> = Vec::new();
    for member in &ds.members {
        let mut keep: Vec<u32> = (0..member.rows() as u32).collect();
        for filter in &query.filters {
            if keep.is_empty() {
                break;
            }
            apply_filter(ds, member, filter, &mut keep);
        }
        if !needle.is_empty() && !keep.is_empty() {
            let hits = search_member(ds, member, &needle);
            keep.retain(|&r| hits.get(r as usize).copied().unwrap_or(false));
        }
        rows.extend(keep.into_iter().map(|r| RowRef::new(member.id, r)));
    }
    if let Some(sort) = &query.sort {
        if let Some(col) = ds.column_index(&sort.column) {
            sort_rows_cached(ds, &mut rows, col, sort.desc, cache);
        }
    }
    ResultSet {
        dataset: ds.id,
        rows,
        total: ds.rows(),
    }
}

/// Keep the rows of `keep` whose value in `source` passes `pred`, calling
/// `pred` once per distinct value where the source allows.
pub(crate) fn retain_by(source: Source<'_>, keep: &mut Vec<u32>, pred: impl Fn(&str) -> bool) {
    match source.key_values() {
        Some(values) => {
            let mask: Vec<bool> = values.iter().map(|v| pred(v)).collect();
            if !mask.iter().any(|&m| m) {
                keep.clear();
            } else if !mask.iter().all(|&m| m) {
                keep.retain(|&r| {
                    source
                        .value_key(r as usize)
                        .and_then(|k| mask.get(k as usize).copied())
                        .unwrap_or(false)
                });
            }
        }
        None => keep.retain(|&r| pred(source.value(r as usize))),
    }
}

fn apply_filter(ds: &Dataset<'_>, member: &Member<'_>, filter: &Filter, keep: &mut Vec<u32>) {
    match filter {
        Filter::Equals { column, values } => match ds.column_index(column) {
            Some(col) => {
                let source = ds.source(member, col);
                retain_by(source, keep, |v| values.iter().any(|w| w == v));
            }
            None => keep.clear(),
        },
        Filter::Contains { column, text } => match ds.column_index(column) {
            Some(col) => {
                let needle = Needle::new(text.trim());
                let source = ds.source(member, col);
                if let Source::Field(c) = source {
                    if let Some((arena, ends)) = c.arena_parts() {
                        let mut hits = vec![false; ends.len()];
                        needle.mark_arena(arena, ends, &mut hits);
                        keep.retain(|&r| hits.get(r as usize).copied().unwrap_or(false));
                        return;
                    }
                }
                retain_by(source, keep, |v| needle.is_in(v));
            }
            None => keep.clear(),
        },
        Filter::DateRange { from, to } => {
            let (from, to) = (from.unwrap_or(i64::MIN), to.unwrap_or(i64::MAX));
            keep.retain(|&r| {
                member
                    .table
                    .timestamp(r as usize)
                    .is_some_and(|t| t >= from && t < to)
            });
        }
        Filter::Outcome { values } => match ds.column_index("$outcome") {
            Some(col) => {
                retain_by(ds.source(member, col), keep, |v| {
                    values.iter().any(|w| w == v)
                });
            }
            None => keep.clear(),
        },
        Filter::User { user } => {
            let mut wanted = String::new();
            fold_user(user, &mut wanted);
            match ds.role_index(Role::Username) {
                Some(col) => retain_by(ds.source(member, col), keep, |v| same_user(v, &wanted)),
                None => keep.clear(),
            }
        }
        Filter::Rows { rows, .. } => {
            let mut mine: Vec<u32> = rows
                .iter()
                .filter(|r| r.file() == member.id)
                .map(|r| r.row() as u32)
                .collect();
            mine.sort_unstable();
            keep.retain(|r| mine.binary_search(r).is_ok());
        }
    }
}

/// Which rows of `member` contain the needle in any column (fields and
/// computed columns alike), as a flag per row.
fn search_member(ds: &Dataset<'_>, member: &Member<'_>, needle: &Needle) -> Vec<bool> {
    let n = member.rows();
    let mut hits = vec![false; n];
    let mut marked = 0usize;
    for col in 0..ds.columns.len() {
        // Once every row matched, no column can add anything.
        if marked >= n {
            break;
        }
        let source = ds.source(member, col);
        if let Source::Field(c) = source {
            if let Some((arena, ends)) = c.arena_parts() {
                marked += needle.mark_arena(arena, ends, &mut hits);
                continue;
            }
        }
        match source.key_values() {
            Some(values) => {
                let mask: Vec<bool> = values.iter().map(|v| needle.is_in(v)).collect();
                // Most columns have no matching value at all: skip their rows.
                if !mask.iter().any(|&m| m) {
                    continue;
                }
                for (row, hit) in hits.iter_mut().enumerate() {
                    if !*hit
                        && source
                            .value_key(row)
                            .and_then(|k| mask.get(k as usize).copied())
                            .unwrap_or(false)
                    {
                        *hit = true;
                        marked += 1;
                    }
                }
            }
            None => {
                for (row, hit) in hits.iter_mut().enumerate() {
                    if !*hit && needle.is_in(source.value(row)) {
                        *hit = true;
                        marked += 1;
                    }
                }
            }
        }
    }
    hits
}
