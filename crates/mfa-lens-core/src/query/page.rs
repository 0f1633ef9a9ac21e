//! What the table shows: a page of cells, the default columns, and the value
//! lists of a column filter.
//!
//! A [`Page`] is built for the trip from the worker to the UI thread: all cell
//! texts back to back in one string with their end offsets, instead of a
//! `Vec<Vec<String>>` whose thousands of small strings each cost an allocation
//! here and an object on the JavaScript side.

use serde::{Deserialize, Serialize};

use crate::columns::Role;
use crate::store::FxHashMap;
use crate::workspace::{FileId, Workspace};

use super::dataset::{ColumnSource, Computed, Dataset, DatasetId, Source};
use super::filter::{run_on, Filter, Query, ResultSet};
use super::rowref::RowRef;

/// A window of rows, row-major: cell `(r, c)` is `text[ends[i-1]..ends[i]]`
/// with `i = r * columns.len() + c`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Page {
    /// Keys of the columns, in the order asked (unknown keys dropped).
    pub columns: Vec<String>,
    /// Captions of the same columns.
    pub captions: Vec<String>,
    /// The rows' references (for the detail panel).
    pub rows: Vec<RowRef>,
    /// Each row's time (Unix seconds, UTC) as parsed from its file's date
    /// column, whatever the file wrote: the page shows every date one way
    /// (and in local time on request) without parsing the file's format again.
    pub times: Vec<Option<i64>>,
    pub text: String,
    pub ends: Vec<u32>,
}

impl Page {
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// Cell text; `""` outside the page.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        let width = self.columns.len();
        if col >= width {
            return "";
        }
        let i = row.saturating_mul(width).saturating_add(col);
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// One row's cells (allocates; for tests and small callers).
    pub fn row_cells(&self, row: usize) -> Vec<&str> {
        (0..self.columns.len()).map(|c| self.cell(row, c)).collect()
    }
}

/// Resolves the sources of chosen columns once per file, for reading many rows.
pub(crate) struct CellReader<'d> {
    by_file: Vec<(FileId, Vec<Source<'d>>)>,
}

impl<'d> CellReader<'d> {
    pub fn new(ds: &'d Dataset<'_>, cols: &[usize]) -> Self {
        CellReader {
            by_file: ds
                .members
                .iter()
                .map(|m| (m.id, cols.iter().map(|&c| ds.source(m, c)).collect()))
                .collect(),
        }
    }

    /// The sources of `file`'s columns, in the chosen order.
    pub fn sources(&self, file: FileId) -> Option<&[Source<'d>]> {
        self.by_file
            .iter()
            .find(|(id, _)| *id == file)
            .map(|(_, s)| s.as_slice())
    }
}

/// Column positions for `keys`, unknown keys dropped.
pub(crate) fn resolve(ds: &Dataset<'_>, keys: &[String]) -> Vec<usize> {
    keys.iter().filter_map(|k| ds.column_index(k)).collect()
}

/// The positions of the columns a view shows: `keys`, or the dataset's
/// [`default_columns`] when none are asked for — one rule for the cells
/// ([`page`]) and their widths ([`text_widths`](super::text_widths)).
pub(crate) fn shown_columns(ds: &Dataset<'_>, keys: &[String]) -> Vec<usize> {
    if keys.is_empty() {
        resolve(ds, &default_columns(ds))
    } else {
        resolve(ds, keys)
    }
}

/// Rows `offset..offset + limit` of `result`, columns `keys` (empty: the
/// dataset's [`default_columns`]).
pub fn page(
    ws: &Workspace,
    result: &ResultSet,
    offset: usize,
    limit: usize,
    keys: &[String],
) -> Page {
    let ds = Dataset::build(ws, result.dataset);
    let cols = shown_columns(&ds, keys);
    let reader = CellReader::new(&ds, &cols);
    let mut out = Page {
        columns: cols
            .iter()
            .filter_map(|&c| ds.columns.get(c).map(|d| d.key.clone()))
            .collect(),
        captions: cols
            .iter()
            .filter_map(|&c| ds.columns.get(c).map(|d| d.caption.clone()))
            .collect(),
        ..Page::default()
    };
    let end = offset.saturating_add(limit).min(result.rows.len());
    for &r in result.rows.get(offset.min(end)..end).unwrap_or(&[]) {
        out.rows.push(r);
        out.times
            .push(ws.table(r.file()).and_then(|t| t.timestamp(r.row())));
        let sources = reader.sources(r.file());
        for i in 0..cols.len() {
            let v = sources
                .and_then(|s| s.get(i))
                .map_or("", |s| s.value(r.row()));
            out.text.push_str(v);
            out.ends.push(out.text.len().min(u32::MAX as usize) as u32);
        }
    }
    out
}

/// The columns a view starts with: the ones an admin reads first for the
/// report kind, by role, then the computed classification.
pub fn default_columns(ds: &Dataset<'_>) -> Vec<String> {
    let roles: &[Role] = match ds.id {
        DatasetId::SignIns => &[
            Role::Date,
            Role::Username,
            Role::Application,
            Role::Status,
            Role::ErrorCode,
            Role::MfaMethod,
            Role::LegacyMfaMethod,
            Role::IpAddress,
            Role::Location,
        ],
        DatasetId::AuthDetails => &[
            Role::Date,
            Role::RequestId,
            Role::AuthMethod,
            Role::Succeeded,
            Role::ResultDetail,
            Role::Requirement,
        ],
        DatasetId::AppSignIns => &[
            Role::Date,
            Role::ServicePrincipalName,
            Role::Application,
            Role::Status,
            Role::ErrorCode,
            Role::IpAddress,
        ],
        DatasetId::MfaServerActivity => &[
            Role::Date,
            Role::Username,
            Role::AuthMethod,
            Role::AuthenticationType,
            Role::PrimaryCallResult,
            Role::CallResult,
            Role::Result,
        ],
        DatasetId::Blocked => &[
            Role::Date,
            Role::Username,
            Role::Blocked,
            Role::BlockReason,
            Role::FraudAlert,
            Role::CompletionReason,
        ],
        DatasetId::Bypassed => &[
            Role::Date,
            Role::Username,
            Role::BypassSeconds,
            Role::BypassReason,
            Role::BypassUsed,
        ],
        DatasetId::ServerStatus => &[
            Role::ServerName,
            Role::ServerVersion,
            Role::Status,
            Role::LastCommunication,
        ],
        DatasetId::Fraud => &[
            Role::Date,
            Role::Username,
            Role::AuthMethod,
            Role::FraudCodeEntered,
            Role::FraudAlertReason,
        ],
        DatasetId::Registration => &[
            Role::Username,
            Role::IsMfaRegistered,
            Role::IsMfaCapable,
            Role::IsAdmin,
            Role::MethodsRegistered,
            Role::MfaStatus,
            Role::MfaMethods,
        ],
        DatasetId::Unknown(_) => &[],
    };
    let mut keys: Vec<String> = roles
        .iter()
        .filter_map(|&r| ds.role_index(r))
        .filter_map(|c| ds.columns.get(c).map(|d| d.key.clone()))
        .collect();
    if keys.is_empty() {
        // Unknown files (or no role found): the first columns as written.
        keys = ds
            .columns
            .iter()
            .filter(|c| c.source == ColumnSource::Field)
            .take(8)
            .map(|c| c.key.clone())
            .collect();
    }
    let computed = ds.columns.iter().filter(|c| {
        matches!(c.source, ColumnSource::Computed(k) if k != Computed::File && k != Computed::Category)
    });
    // The verdict is what a person scans for: right after the date and the
    // user, so it is never the column pushed off a narrow window.
    let at = keys
        .iter()
        .position(|k| ds.column_index(k) == ds.role_index(Role::Username))
        .map_or(0, |i| i + 1)
        .min(keys.len());
    let (first, rest): (Vec<_>, Vec<_>) =
        computed.partition(|c| c.source == ColumnSource::Computed(Computed::Outcome));
    keys.splice(at..at, first.into_iter().map(|c| c.key.clone()));
    keys.extend(rest.into_iter().map(|c| c.key.clone()));
    if ds.members.len() > 1 {
        keys.push(Computed::File.key().to_string());
    }
    keys
}

/// How many rows of the result set hold one value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueCount {
    pub value: String,
    pub count: u64,
    /// Share of the rows counted, 0–1.
    pub share: f64,
}

impl ValueCount {
    /// The filter that keeps exactly these rows (clicking the bar or the value).
    pub fn filter(&self, column: &str) -> Filter {
        Filter::Equals {
            column: column.to_string(),
            values: vec![self.value.clone()],
        }
    }
}

/// The values of one column over a result set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueCounts {
    pub column: String,
    /// Most frequent first (ties by text order), at most `top_n`.
    pub values: Vec<ValueCount>,
    /// Distinct values in the rows counted (including those left out).
    pub distinct: usize,
    /// Rows counted.
    pub rows: u64,
    /// Every file stores the column as a dictionary with at most
    /// [`LOW_CARDINALITY`] values: the page shows a value list (with counts)
    /// rather than a text box.
    pub low_cardinality: bool,
}

/// Up to this many distinct values, a column filter is a value list.
pub const LOW_CARDINALITY: usize = 200;

/// Does column `col` suit a value list: in every file a dictionary of at most
/// [`LOW_CARDINALITY`] values, or a computed column (few values by nature)?
pub(crate) fn is_low_cardinality(ds: &Dataset<'_>, col: usize) -> bool {
    ds.members.iter().all(|m| match ds.source(m, col) {
        Source::Field(c) => c.dict_values().is_some_and(|v| v.len() <= LOW_CARDINALITY),
        _ => true,
    })
}

/// The value list of column `key`'s filter: counts over the rows `query`
/// selects with every filter *except* those on that column, so the list
/// still offers the values a click on another one would add (the usual
/// faceted-search behaviour) while honouring all the other filters.
pub fn facet_counts(ws: &Workspace, query: &Query, key: &str, top_n: usize) -> ValueCounts {
    let ds = Dataset::build(ws, query.dataset);
    let mut others = query.clone();
    others.sort = None;
    others.filters.retain(|f| match f {
        Filter::Equals { column, .. } | Filter::Contains { column, .. } => column != key,
        Filter::Outcome { .. } => key != Computed::Outcome.key(),
        Filter::DateRange { .. } | Filter::User { .. } | Filter::Rows { .. } => true,
    });
    let result = run_on(&ds, &others);
    value_counts_on(&ds, &result, key, top_n)
}

/// Counts of the values of column `key` among the rows of `result`.
pub fn value_counts(ws: &Workspace, result: &ResultSet, key: &str, top_n: usize) -> ValueCounts {
    let ds = Dataset::build(ws, result.dataset);
    value_counts_on(&ds, result, key, top_n)
}

pub(crate) fn value_counts_on(
    ds: &Dataset<'_>,
    result: &ResultSet,
    key: &str,
    top_n: usize,
) -> ValueCounts {
    let mut out = ValueCounts {
        column: key.to_string(),
        values: Vec::new(),
        distinct: 0,
        rows: 0,
        low_cardinality: false,
    };
    let Some(col) = ds.column_index(key) else {
        return out;
    };
    out.low_cardinality = is_low_cardinality(ds, col);
    let reader = CellReader::new(ds, &[col]);
    // Rows come grouped by file: count by value key (dictionary code, outcome
    // byte, reason code) within a run of one file, then merge by text.
    let mut by_text: FxHashMap<&str, u64> = FxHashMap::default();
    let mut keyed: Vec<u64> = Vec::new();
    let mut run: Option<(FileId, Source<'_>)> = None;
    let mut samples: Vec<usize> = Vec::new();
    for &r in &result.rows {
        if run.is_none_or(|(f, _)| f != r.file()) {
            merge_counts(&mut keyed, &mut samples, run.map(|r| r.1), &mut by_text);
            run = reader
                .sources(r.file())
                .and_then(|s| s.first())
                .map(|&s| (r.file(), s));
        }
        let Some((_, source)) = run else { continue };
        let row = r.row();
        match source.value_key(row) {
            Some(k) => {
                let k = k as usize;
                if keyed.len() <= k {
                    keyed.resize(k + 1, 0);
                    samples.resize(k + 1, 0);
                }
                if let (Some(n), Some(s)) = (keyed.get_mut(k), samples.get_mut(k)) {
                    *n += 1;
                    *s = row;
                }
            }
            None => *by_text.entry(source.value(row)).or_insert(0) += 1,
        }
    }
    merge_counts(&mut keyed, &mut samples, run.map(|r| r.1), &mut by_text);
    out.rows = result.rows.len() as u64;
    out.distinct = by_text.len();
    let mut all: Vec<(&str, u64)> = by_text.into_iter().collect();
    all.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| super::text::compare_text(a.0, b.0))
    });
    let total = out.rows.max(1) as f64;
    out.values = all
        .into_iter()
        .take(top_n)
        .map(|(v, n)| ValueCount {
            value: v.to_string(),
            count: n,
            share: n as f64 / total,
        })
        .collect();
    out
}

/// Adds the counts gathered by value key for one run of a file's rows to the
/// counts by text; `samples` holds a row with each key's value.
fn merge_counts<'s>(
    keyed: &mut Vec<u64>,
    samples: &mut Vec<usize>,
    source: Option<Source<'s>>,
    by_text: &mut FxHashMap<&'s str, u64>,
) {
    if let Some(source) = source {
        for (k, &n) in keyed.iter().enumerate() {
            if n > 0 {
                let row = samples.get(k).copied().unwrap_or(0);
                *by_text.entry(source.value(row)).or_insert(0) += n;
            }
        }
    }
    keyed.clear();
    samples.clear();
}
