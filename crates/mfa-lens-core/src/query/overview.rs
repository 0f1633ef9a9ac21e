//! The overview's charts over a result set: outcomes, top denial reasons,
//! sign-in error codes, methods, and a timeline stacked by outcome.
//!
//! Every bar carries the [`Filter`]s that select its rows, so clicking it
//! narrows the table to exactly what was counted.

use serde::{Deserialize, Serialize};

use crate::classify::Outcome;
use crate::columns::Role;
use crate::knowledge::{self, CallOutcome};
use crate::store::dates::format_timestamp;
use crate::workspace::Workspace;

use super::dataset::{Dataset, DatasetId};
use super::filter::{Filter, ResultSet};
use super::page::{value_counts_on, CellReader, ValueCount, ValueCounts};
use super::rowref::RowRef;

/// Outcome ids of sign-ins, in chart order.
pub const SIGN_IN_OUTCOMES: [&str; 4] = [
    Outcome::Satisfied.id(),
    Outcome::Denied.id(),
    Outcome::Interrupted.id(),
    Outcome::NoMfa.id(),
];
/// Outcome ids of MFA Server attempts, in chart order.
pub const CALL_OUTCOMES: [&str; 4] = [
    CallOutcome::Succeeded.id(),
    CallOutcome::Failed.id(),
    CallOutcome::DidNotComplete.id(),
    CallOutcome::Depends.id(),
];
/// The one series of a dataset without outcomes.
pub const ALL_ROWS: &str = "rows";

/// Above this many buckets a timeline lists only the non-empty ones.
pub const DENSE_BUCKETS: i64 = 5_000;

/// Timeline resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Hour,
    Day,
    /// Hours when the rows span at most three days, else days.
    Auto,
}

impl Bucket {
    pub(crate) fn seconds(self) -> i64 {
        match self {
            Bucket::Hour => 3_600,
            _ => 86_400,
        }
    }
}

/// One bar: a bucket's row counts per series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePoint {
    /// Bucket start, Unix seconds UTC.
    pub start: i64,
    /// The same as ISO 8601.
    pub label: String,
    /// Counts in [`Timeline::series`] order.
    pub counts: Vec<u64>,
}

/// Rows per time bucket, stacked by outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The resolution used (never `Auto`).
    pub bucket: Bucket,
    pub series: Vec<String>,
    /// In time order; every bucket between the first and the last when there
    /// are at most [`DENSE_BUCKETS`], else only the non-empty ones.
    pub points: Vec<TimelinePoint>,
    /// Rows without a readable date.
    pub undated: u64,
    /// The filters that select the rows the timeline counts when the dataset
    /// alone does not (one user's sign-ins): a click on a bar keeps them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Filter>,
}

impl Timeline {
    /// The filters selecting the rows of `point` in `series` (a stacked segment);
    /// `series` `None` selects the whole bar.
    pub fn filters(&self, point: &TimelinePoint, series: Option<&str>) -> Vec<Filter> {
        let mut out = self.scope.clone();
        out.push(Filter::DateRange {
            from: Some(point.start),
            to: Some(point.start.saturating_add(self.bucket.seconds())),
        });
        if let Some(s) = series.filter(|s| *s != ALL_ROWS) {
            out.push(Filter::Outcome {
                values: vec![s.to_string()],
            });
        }
        out
    }
}

/// The series of a dataset's timeline.
fn series_of(id: DatasetId) -> &'static [&'static str] {
    match id {
        DatasetId::SignIns => &SIGN_IN_OUTCOMES,
        DatasetId::MfaServerActivity => &CALL_OUTCOMES,
        _ => &[ALL_ROWS],
    }
}

/// The timeline of a result set.
pub fn timeline(ws: &Workspace, result: &ResultSet, bucket: Bucket) -> Timeline {
    let ds = Dataset::build(ws, result.dataset);
    timeline_on(&ds, &result.rows, bucket)
}

pub(crate) fn timeline_on(ds: &Dataset<'_>, rows: &[RowRef], bucket: Bucket) -> Timeline {
    let series = series_of(ds.id);
    let outcome_col = ds.column_index("$outcome");
    let reader = CellReader::new(ds, &outcome_col.into_iter().collect::<Vec<_>>());
    let time_of = |r: RowRef| ds.member(r.file()).and_then(|m| m.table.timestamp(r.row()));

    let (mut min, mut max) = (i64::MAX, i64::MIN);
    for &r in rows {
        if let Some(t) = time_of(r) {
            min = min.min(t);
            max = max.max(t);
        }
    }
    let bucket = match bucket {
        Bucket::Auto if min <= max && max.saturating_sub(min) <= 3 * 86_400 => Bucket::Hour,
        Bucket::Auto => Bucket::Day,
        b => b,
    };
    let size = bucket.seconds();
    let mut out = Timeline {
        bucket,
        series: series.iter().map(|s| s.to_string()).collect(),
        points: Vec::new(),
        undated: 0,
        scope: Vec::new(),
    };
    if min > max {
        out.undated = rows.len() as u64;
        return out;
    }
    let first = min.div_euclid(size);
    let last = max.div_euclid(size);
    let dense = last.saturating_sub(first) < DENSE_BUCKETS;
    let width = series.len();
    let mut dense_counts: Vec<u64> = if dense {
        vec![0; ((last - first + 1) as usize).saturating_mul(width)]
    } else {
        Vec::new()
    };
    let mut sparse: std::collections::BTreeMap<i64, Vec<u64>> = Default::default();
    for &r in rows {
        let Some(t) = time_of(r) else {
            out.undated += 1;
            continue;
        };
        let s = if width == 1 {
            0
        } else {
            let v = reader
                .sources(r.file())
                .and_then(|s| s.first())
                .map_or("", |s| s.value(r.row()));
            match series.iter().position(|x| *x == v) {
                Some(i) => i,
                None => continue,
            }
        };
        let b = t.div_euclid(size);
        if dense {
            let i = ((b - first) as usize) * width + s;
            if let Some(c) = dense_counts.get_mut(i) {
                *c += 1;
            }
        } else if let Some(c) = sparse.entry(b).or_insert_with(|| vec![0; width]).get_mut(s) {
            *c += 1;
        }
    }
    let point = |b: i64, counts: Vec<u64>| TimelinePoint {
        start: b * size,
        label: format_timestamp(b * size),
        counts,
    };
    out.points = if dense {
        dense_counts
            .chunks(width)
            .enumerate()
            .map(|(i, c)| point(first + i as i64, c.to_vec()))
            .collect()
    } else {
        sparse.into_iter().map(|(b, c)| point(b, c)).collect()
    };
    out
}

/// Failed sign-ins per error code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorCodeCount {
    /// The code as a number's text (`500121`), quotes and marks removed.
    pub code: String,
    /// The knowledge base's label; empty for an unknown code.
    pub label: String,
    /// The AADSTS name where documented.
    pub name: String,
    pub count: u64,
    /// Share of the failed rows counted.
    pub share: f64,
    /// The filter that selects these rows (every spelling of the code seen).
    pub filter: Filter,
}

impl ErrorCodeCount {
    /// "500121 MFA failed": the code and its label, or the code alone when
    /// the knowledge base has none (the page's chart and the report's).
    pub fn caption(&self) -> String {
        if self.label.is_empty() {
            self.code.clone()
        } else {
            format!("{} {}", self.code, self.label)
        }
    }
}

/// The overview of a result set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub rows: u64,
    /// Rows per outcome id (empty for datasets without outcomes).
    pub outcomes: Vec<ValueCount>,
    /// Denial reasons among denied sign-ins, shares of the denied rows.
    pub denial_reasons: Vec<ValueCount>,
    /// Error codes other than 0 among the rows, shares of those rows.
    pub error_codes: Vec<ErrorCodeCount>,
    /// MFA methods (sign-ins) or authentication methods (MFA Server).
    pub methods: Vec<ValueCount>,
    /// The column keys the value lists above came from (for their filters).
    pub outcome_column: Option<String>,
    pub reason_column: Option<String>,
    pub method_column: Option<String>,
}

/// The key of the column naming the MFA method (sign-ins) or the authentication
/// method (MFA Server), if the dataset has one: what a click on a method filters.
pub fn method_column(ds: &Dataset<'_>) -> Option<String> {
    [Role::MfaMethod, Role::LegacyMfaMethod, Role::AuthMethod]
        .into_iter()
        .find_map(|r| ds.role_index(r))
        .and_then(|c| ds.columns.get(c).map(|d| d.key.clone()))
}

/// Outcomes, top denial reasons and error codes, methods — `top_n` of each.
pub fn overview(ws: &Workspace, result: &ResultSet, top_n: usize) -> Overview {
    let ds = Dataset::build(ws, result.dataset);
    let counts = |key: &str| value_counts_on(&ds, result, key, usize::MAX);
    let without_empty = |vc: ValueCounts| -> Vec<ValueCount> {
        let kept: u64 = vc
            .values
            .iter()
            .filter(|v| !v.value.is_empty())
            .map(|v| v.count)
            .sum();
        vc.values
            .into_iter()
            .filter(|v| !v.value.is_empty())
            .map(|mut v| {
                v.share = v.count as f64 / kept.max(1) as f64;
                v
            })
            .collect()
    };
    let outcome_column = ds.column_index("$outcome").map(|_| "$outcome".to_string());
    let reason_column = ds.column_index("$reason").map(|_| "$reason".to_string());
    let method_column = method_column(&ds);
    let outcomes = outcome_column
        .as_deref()
        .map(|k| counts(k).values)
        .unwrap_or_default();
    let mut denial_reasons = reason_column
        .as_deref()
        .map(|k| without_empty(counts(k)))
        .unwrap_or_default();
    denial_reasons.truncate(top_n);
    let mut methods = method_column
        .as_deref()
        .map(|k| without_empty(counts(k)))
        .unwrap_or_default();
    methods.truncate(top_n);
    let mut error_codes = error_codes_on(&ds, result);
    error_codes.truncate(top_n);
    Overview {
        rows: result.rows.len() as u64,
        outcomes,
        denial_reasons,
        error_codes,
        methods,
        outcome_column,
        reason_column,
        method_column,
    }
}

/// Failed sign-ins (error code other than 0) per code, with the knowledge
/// base's labels, most frequent first.
pub fn error_codes(ws: &Workspace, result: &ResultSet) -> Vec<ErrorCodeCount> {
    let ds = Dataset::build(ws, result.dataset);
    error_codes_on(&ds, result)
}

/// `'500121 ` → `500121`.
fn clean_code(v: &str) -> &str {
    v.trim().trim_start_matches('\'').trim()
}

fn error_codes_on(ds: &Dataset<'_>, result: &ResultSet) -> Vec<ErrorCodeCount> {
    let Some(col) = ds.role_index(Role::ErrorCode) else {
        return Vec::new();
    };
    let Some(key) = ds.columns.get(col).map(|d| d.key.clone()) else {
        return Vec::new();
    };
    let raw = value_counts_on(ds, result, &key, usize::MAX);
    // Merge the spellings of one code ("500121", "'500121").
    let mut merged: Vec<(String, u64, Vec<String>)> = Vec::new();
    for v in raw.values {
        let code = clean_code(&v.value);
        if code.is_empty() || code == "0" {
            continue;
        }
        match merged.iter_mut().find(|m| m.0 == code) {
            Some(m) => {
                m.1 += v.count;
                m.2.push(v.value);
            }
            None => merged.push((code.to_string(), v.count, vec![v.value])),
        }
    }
    let failed: u64 = merged.iter().map(|m| m.1).sum();
    merged.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    merged
        .into_iter()
        .map(|(code, count, spellings)| {
            let entry = code.parse::<u32>().ok().and_then(knowledge::error_code);
            ErrorCodeCount {
                label: entry.map_or(String::new(), |e| e.label.to_string()),
                name: entry.map_or(String::new(), |e| e.name.to_string()),
                code,
                count,
                share: count as f64 / failed.max(1) as f64,
                filter: Filter::Equals {
                    column: key.clone(),
                    values: spellings,
                },
            }
        })
        .collect()
}
