//! KQL for Log Analytics, Microsoft Sentinel and Azure Data Explorer: the
//! engine's own rules as queries over `SigninLogs` and
//! `AADNonInteractiveUserSignInLogs`, for tenants whose sign-ins live there.
//!
//! Every query is generated from the tables the classifier and the findings
//! rules read (the satisfied texts, the denial mark, the interrupt codes, the
//! knowledge base's pending texts, the detection vocabularies, the
//! [`FindingSettings`](crate::findings::FindingSettings)), never from a second list, so a wording added to the
//! knowledge base reaches the queries too. Each starts with the prelude of
//! [`outcome`] (`let MfaLensOutcome = …`) and then asks one question:
//!
//! - [`overview`]: the `sign_ins` figures of Summary JSON v1;
//! - [`rows`]: the Rows view's query (filters and search);
//! - [`finding`]: one findings rule, as a scheduled analytics rule would run it.
//!
//! Values from files and people enter a query only as string literals
//! ([`literal`]); column names only from the fixed table of [`columns`].
//! A question the tables cannot answer is a [`KqlError`], never a query that
//! silently asks something else. Queries carry no comments: what they leave
//! out is said here and in the README, so a pasted query is only the question.

use std::fmt;

use crate::findings::RuleId;
use crate::query::DatasetId;

pub mod columns;
pub mod literal;
pub mod outcome;
mod overview;
mod rows;
mod rules;
mod windows;

#[cfg(test)]
mod tests;

pub use overview::overview;
pub use rows::rows;
pub use rules::finding;

/// The sign-ins a query reads: `TimeGenerated` in `[from, to)`, Unix seconds
/// UTC, either end open. Without either, the query reads what the Logs
/// blade's time picker (or the analytics rule's lookback) gives it.
///
/// `TimeGenerated` rather than `CreatedDateTime`: it is the column Log
/// Analytics partitions by, so the filter is cheap, and it follows the
/// sign-in by seconds to minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeRange {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl TimeRange {
    /// The span of the loaded sign-ins, `[first, last + 1 s)`: a query over
    /// it asks Log Analytics about the same period the files cover, so its
    /// figures can be set beside the page's (up to `TimeGenerated` trailing
    /// `CreatedDateTime` by seconds or minutes). Open when no sign-in has a
    /// readable date.
    pub fn of_loaded_sign_ins(ws: &crate::Workspace) -> TimeRange {
        let ds = crate::query::Dataset::build(ws, DatasetId::SignIns);
        let times = ds
            .members
            .iter()
            .flat_map(|m| (0..m.rows()).filter_map(move |r| m.table.timestamp(r)));
        let (first, last) = times.fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
        if first > last {
            return TimeRange::default();
        }
        TimeRange {
            from: Some(first),
            to: Some(last.saturating_add(1)),
        }
    }

    /// The condition on `column` (a fixed name), if the range has an end.
    pub(crate) fn condition(&self, column: &str) -> Option<String> {
        let from = self
            .from
            .map(|t| format!("{column} >= {}", literal::datetime(t)));
        let to = self
            .to
            .map(|t| format!("{column} < {}", literal::datetime(t)));
        match (from, to) {
            (Some(a), Some(b)) => Some(format!("{a} and {b}")),
            (a, b) => a.or(b),
        }
    }
}

/// A question that has no faithful KQL form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KqlError {
    /// Only sign-ins are in these tables; the Rows view showed another dataset.
    NotSignIns(DatasetId),
    /// A filter names a column (its page key) with no Log Analytics
    /// counterpart in [`columns::COLUMNS`].
    UnknownColumn(String),
    /// `Filter::Rows` selects rows by their position in the files loaded in
    /// one session (a finding's evidence). Log Analytics has no such rows, and
    /// dropping the filter would widen the answer, so it is refused.
    RowPositions,
    /// The rule reads reports Log Analytics does not hold (MFA Server
    /// histories, registration details): `needs` says which.
    NotInLogAnalytics { rule: RuleId, needs: &'static str },
}

impl fmt::Display for KqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KqlError::NotSignIns(d) => write!(
                f,
                "only sign-ins are in SigninLogs and AADNonInteractiveUserSignInLogs, not {d:?}"
            ),
            KqlError::UnknownColumn(c) => {
                let names: Vec<&str> = columns::COLUMNS.iter().map(|k| k.name).collect();
                write!(
                    f,
                    "no Log Analytics column stands for {c:?}; the columns are {}",
                    names.join(", ")
                )
            }
            KqlError::RowPositions => f.write_str(
                "a filter on chosen rows (a finding's evidence) names rows of the loaded files, \
                 which Log Analytics does not have",
            ),
            KqlError::NotInLogAnalytics { rule, needs } => write!(
                f,
                "{} is not available in Log Analytics: it needs {needs}",
                rule.id()
            ),
        }
    }
}

impl std::error::Error for KqlError {}
