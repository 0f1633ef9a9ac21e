//! Messages between the page (UI thread) and the worker that owns the data.
//!
//! The worker holds the `Workspace` — every row of every file — and the page
//! holds only what it shows: file lines, progress, the summary. Each message
//! crosses `postMessage` as a two-element array: the serde JSON of the message,
//! and, for `Load`, the `File` itself (structured clone passes a handle to the
//! file, not its bytes; the worker reads it in slices).

use mfa_lens_core::query::{DatasetId, Filter, Query, UserQuery};
use mfa_lens_core::reports::registration::{RegistrationReport, RegistrationRequest};
use mfa_lens_core::reports::{Report, ReportId};
use mfa_lens_core::UserSummary;
use serde::{Deserialize, Serialize};

/// The page's id for a file, assigned on the UI thread when the file arrives.
pub type FileKey = u32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Read and parse the `File` sent alongside this message.
    Load {
        key: FileKey,
        name: String,
        size: u64,
    },
    /// Load the invented sample export embedded in the worker.
    LoadSample {
        first_key: FileKey,
    },
    /// Stop reading a file that is still loading and forget it.
    Cancel {
        key: FileKey,
    },
    Remove {
        key: FileKey,
    },
    Clear,
    /// Run a query; later requests carry its generation so stale answers are
    /// recognised and dropped.
    Query {
        generation: u32,
        query: Query,
    },
    /// Cells of rows `offset..offset + limit` of the current result.
    Rows {
        generation: u32,
        offset: u64,
        limit: u64,
        columns: Vec<String>,
    },
    /// Everything about row `index` of the current result.
    Detail {
        generation: u32,
        index: u64,
    },
    /// The value list of a column over the current result (for a filter).
    Values {
        generation: u32,
        column: String,
    },
    /// The current result as CSV.
    Export {
        generation: u32,
        columns: Vec<String>,
    },
    Users {
        query: UserQuery,
    },
    /// One user's sign-ins over time.
    UserTimeline {
        user: String,
    },
    /// The analysis behind one report view (MFA Server, fraud alerts, …).
    Report {
        id: ReportId,
    },
    /// The Registration view, with this page of the unregistered users.
    Registration {
        request: RegistrationRequest,
    },
    /// Test-only: panic (see `crash::TEST_PANIC_PARAM`), to prove the page
    /// reports a dead worker.
    TestPanic,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker's wasm is running and listening.
    Ready,
    /// A file was accepted (for the sample, which the page did not name itself).
    Started {
        key: FileKey,
        name: String,
        size: u64,
    },
    /// Reading progress of one file.
    Progress {
        key: FileKey,
        bytes_read: u64,
        rows: u64,
    },
    /// Everything the page shows, after any change to the set of files.
    Snapshot(Snapshot),
    /// Something went wrong outside any file (a bug, not bad input).
    Failure {
        message: String,
    },
    /// The worker panicked: it is dead, and everything it held is gone.
    Crashed {
        message: String,
    },
    QueryResult(QueryInfo),
    Rows {
        generation: u32,
        offset: u64,
        rows: Vec<Vec<String>>,
    },
    Detail {
        generation: u32,
        detail: DetailView,
    },
    Values {
        generation: u32,
        column: String,
        values: Vec<(String, u64)>,
        low_cardinality: bool,
    },
    Export {
        csv: String,
        rows: u64,
    },
    Users(Vec<UserSummary>),
    UserTimeline {
        user: String,
        charts: Charts,
    },
    /// The answer to `ToWorker::Report` (bounded lists; see
    /// `mfa_lens_core::reports`), with the report's rows over time when dated.
    Report {
        report: Box<Report>,
        timeline: Option<Charts>,
    },
    /// The Registration view; `None` when no registration report is loaded.
    Registration(Option<Box<RegistrationReport>>),
}

/// What the page needs to know about a query's result (the rows stay in the worker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryInfo {
    pub generation: u32,
    pub dataset: DatasetId,
    /// Rows of the dataset before filtering.
    pub dataset_rows: u64,
    pub matched: u64,
    /// Every column of the dataset (key, caption), for the column chooser.
    pub columns: Vec<(String, String)>,
    /// The columns shown (the query's, or the dataset's defaults).
    pub shown: Vec<String>,
    /// How long the worker took to filter and sort.
    pub elapsed_ms: f64,
}

/// One dataset the loaded files offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetInfo {
    pub id: DatasetId,
    pub label: String,
    pub rows: u64,
}

/// The row detail panel's content.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DetailView {
    pub file: String,
    pub fields: Vec<(String, String)>,
    pub outcome: Option<String>,
    pub mfa_required: Option<bool>,
    pub reason: Option<String>,
    pub category: Option<String>,
    pub explanations: Vec<ExplanationView>,
    pub steps: Vec<StepView>,
    pub user: Option<String>,
    pub user_filter: Option<Filter>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplanationView {
    pub subject: String,
    pub code: String,
    pub label: String,
    pub category: Option<String>,
    pub explanation: String,
    pub next_step: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub time: Option<String>,
    pub method: String,
    pub method_detail: String,
    pub succeeded: String,
    pub result_detail: String,
    pub requirement: String,
}

/// Charts over all sign-ins that the summary does not carry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Charts {
    /// "hour" or "day".
    pub bucket: String,
    pub series: Vec<String>,
    pub points: Vec<TimelinePoint>,
    pub error_codes: Vec<ErrorCodeView>,
    /// The column holding the MFA method, for a click on the methods chart.
    pub method_column: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    pub label: String,
    pub counts: Vec<u64>,
    /// Selects the bar's rows; add an outcome filter for one segment.
    pub filters: Vec<Filter>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorCodeView {
    pub code: String,
    pub label: String,
    pub count: u64,
    pub filter: Filter,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub files: Vec<FileLine>,
    pub datasets: Vec<DatasetInfo>,
    pub charts: Option<Charts>,
    /// Summary JSON v1, exactly as `mfa-lens summary` prints it (compact).
    pub summary_json: String,
    /// The report views the loaded files hold, in tab order.
    #[serde(default)]
    pub reports: Vec<ReportId>,
}

/// What the page says about one loaded file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileLine {
    pub key: FileKey,
    pub name: String,
    pub kind: String,
    /// "Entra sign-ins (interactive)".
    pub label: String,
    /// Captions that made the recognition.
    pub recognised_by: Vec<String>,
    pub rows: u64,
    pub bad_rows: u64,
    pub unreadable: bool,
    pub diagnostics: Vec<DiagnosticLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticLine {
    pub line: Option<u64>,
    /// "info", "warning" or "error".
    pub severity: String,
    pub code: String,
    pub message: String,
}

/// Encodes a message for `postMessage`.
pub fn encode<T: Serialize>(message: &T) -> String {
    // Serialising these plain structs cannot fail: no maps with non-string keys,
    // no floats that JSON cannot hold.
    serde_json::to_string(message)
        .unwrap_or_else(|e| format!("{{\"Failure\":{{\"message\":\"{e}\"}}}}"))
}

pub fn decode<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("unreadable message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_through_json() {
        let messages = vec![
            ToWorker::Load {
                key: 3,
                name: "a \"quoted\" name.csv".into(),
                size: 10,
            },
            ToWorker::LoadSample { first_key: 0 },
            ToWorker::Cancel { key: 1 },
            ToWorker::Remove { key: 2 },
            ToWorker::Clear,
            ToWorker::TestPanic,
            ToWorker::Query {
                generation: 2,
                query: Query {
                    search: "alice".into(),
                    ..Query::default()
                },
            },
            ToWorker::Rows {
                generation: 2,
                offset: 10,
                limit: 40,
                columns: vec!["username".into()],
            },
        ];
        for m in messages {
            assert_eq!(decode::<ToWorker>(&encode(&m)).unwrap(), m);
        }
        let snapshot = FromWorker::Snapshot(Snapshot {
            files: vec![FileLine {
                key: 0,
                name: "x.csv".into(),
                kind: "entra-sign-ins".into(),
                label: "Entra sign-ins".into(),
                recognised_by: vec!["Username".into()],
                rows: 6,
                bad_rows: 0,
                unreadable: false,
                diagnostics: vec![DiagnosticLine {
                    line: Some(3),
                    severity: "warning".into(),
                    code: "ragged-row".into(),
                    message: "m".into(),
                }],
            }],
            summary_json: "{}".into(),
            datasets: vec![DatasetInfo {
                id: DatasetId::SignIns,
                label: "Sign-ins".into(),
                rows: 6,
            }],
            charts: None,
            reports: vec![ReportId::MfaServer, ReportId::ServerStatus],
        });
        assert_eq!(decode::<FromWorker>(&encode(&snapshot)).unwrap(), snapshot);
        let ask = ToWorker::Report {
            id: ReportId::Fraud,
        };
        assert_eq!(decode::<ToWorker>(&encode(&ask)).unwrap(), ask);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<ToWorker>("not json").is_err());
        assert!(decode::<ToWorker>("{\"Load\":{}}").is_err());
    }
}
