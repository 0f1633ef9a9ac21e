//! The page's state as a pure reducer: no DOM, no browser calls, so it is tested
//! like any other Rust code. Row data never lives here — the worker owns it;
//! this holds what the page shows about each file and the summary.

use std::rc::Rc;

use mfa_lens_core::Summary;
use yew::Reducible;

use mfa_lens_core::query::{Query, UserQuery};
use mfa_lens_core::reports::registration::{RegistrationReport, RegistrationRequest};
use mfa_lens_core::reports::{Report, ReportId};
use mfa_lens_core::UserSummary;

use crate::components::data_table::RowWindow;
use crate::protocol::{Charts, DatasetInfo, DetailView, FileKey, FileLine, QueryInfo, Snapshot};

/// What the page knows about one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    pub key: FileKey,
    pub name: String,
    pub size: u64,
    pub phase: Phase,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Being read by the worker (or waiting for its turn: nothing read yet).
    Loading {
        bytes_read: u64,
        rows: u64,
        /// `performance.now()` when the file arrived and at the last progress.
        started_ms: f64,
        now_ms: f64,
    },
    /// Read and recognised.
    Loaded(FileLine),
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct State {
    pub files: Vec<FileEntry>,
    /// Summary JSON v1 of the loaded files, as the CLI would print it.
    pub summary_json: Rc<str>,
    pub summary: Option<Rc<Summary>>,
    /// A problem with the worker itself (not with a file).
    pub failure: Option<String>,
    pub charts: Option<Rc<Charts>>,
    pub table: TableState,
    pub users: UsersState,
    pub reports: ReportsState,
    pub registration: RegistrationState,
    next_key: FileKey,
}

/// The report views: which the loaded files hold, and the analysis of the one
/// last asked for (replaced on every answer; the worker recomputes it after
/// each change to the files).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ReportsState {
    pub available: Vec<ReportId>,
    pub current: Option<Rc<Report>>,
    /// The current report's rows per hour or day (by outcome for the activity).
    pub timeline: Option<Rc<Charts>>,
}

impl ReportsState {
    /// The analysis of `id`, if it is the one held.
    pub fn get(&self, id: ReportId) -> Option<&Rc<Report>> {
        self.current.as_ref().filter(|r| r.id() == id)
    }
}

/// The Registration view: the worker's report and the page of unregistered
/// users it was asked for.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RegistrationState {
    pub request: RegistrationRequest,
    pub report: Option<Rc<RegistrationReport>>,
}

/// The users view: the engine's per-user summaries as the worker filtered and
/// sorted them, and the picked user's timeline.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct UsersState {
    pub query: UserQuery,
    pub list: Option<Rc<Vec<UserSummary>>>,
    pub selected: Option<(String, Rc<Charts>)>,
}

/// The values of one column over the current result, for a column filter.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueList {
    pub column: String,
    /// Value and row count, most frequent first.
    pub values: Vec<(String, u64)>,
    /// Few enough values to pick from a list; otherwise filter by text.
    pub low_cardinality: bool,
}

/// The table view: the query the page shows and the worker's answers to it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TableState {
    pub datasets: Vec<DatasetInfo>,
    pub query: Query,
    /// Answers for older generations are dropped.
    pub generation: u32,
    pub info: Option<QueryInfo>,
    pub window: Rc<RowWindow>,
    pub selected: Option<u64>,
    pub detail: Option<Rc<DetailView>>,
    pub values: Option<Rc<ValueList>>,
}

pub enum Action {
    /// Files arrived from a drop or the picker; keys are assigned in order.
    Add {
        files: Vec<(String, u64)>,
        now_ms: f64,
    },
    /// The worker started a file the page did not name (the sample).
    Started {
        key: FileKey,
        name: String,
        size: u64,
        now_ms: f64,
    },
    Progress {
        key: FileKey,
        bytes_read: u64,
        rows: u64,
        now_ms: f64,
    },
    Snapshot(Snapshot),
    /// The page refused a file before reading it (too large): it is shown with
    /// `message` and never sent to the worker.
    Refused {
        key: FileKey,
        message: String,
    },
    Remove(FileKey),
    Clear,
    Failure(String),
    SetUserQuery(UserQuery),
    Users(Vec<UserSummary>),
    UserTimeline {
        user: String,
        charts: Charts,
    },
    /// The worker's analysis for a report view, and its rows over time.
    Report(Report, Option<Charts>),
    /// The page of unregistered users asked for.
    SetRegistrationPage(RegistrationRequest),
    Registration(Option<Box<RegistrationReport>>),
    /// A new query was sent to the worker under `generation`.
    SetQuery {
        generation: u32,
        query: Query,
    },
    QueryResult(QueryInfo),
    Rows {
        generation: u32,
        offset: u64,
        rows: Vec<Vec<String>>,
    },
    Select(u64),
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
}

impl State {
    /// The key the next added file will get, so the caller can send files to the
    /// worker under the keys the reducer is about to assign.
    pub fn next_key(&self) -> FileKey {
        self.next_key
    }

    pub fn is_loading(&self) -> bool {
        self.files
            .iter()
            .any(|f| matches!(f.phase, Phase::Loading { .. }))
    }

    /// Bytes of the files the worker holds or is reading (refused and
    /// unreadable files hold nothing).
    pub fn loaded_bytes(&self) -> u64 {
        self.files
            .iter()
            .filter(|f| !matches!(&f.phase, Phase::Loaded(line) if line.unreadable))
            .map(|f| f.size)
            .sum()
    }

    fn entry(&mut self, key: FileKey) -> Option<&mut FileEntry> {
        self.files.iter_mut().find(|f| f.key == key)
    }

    fn apply_snapshot(&mut self, snapshot: Snapshot) {
        for line in snapshot.files {
            if let Some(entry) = self.entry(line.key) {
                entry.phase = Phase::Loaded(line);
            }
        }
        self.summary = serde_json::from_str::<Summary>(&snapshot.summary_json)
            .ok()
            .map(Rc::new);
        self.summary_json = snapshot.summary_json.into();
        self.charts = snapshot.charts.map(Rc::new);
        self.table.datasets = snapshot.datasets;
        // A report whose files are gone is dropped with its tab.
        if let Some(r) = &self.reports.current {
            if !snapshot.reports.contains(&r.id()) {
                self.reports.current = None;
                self.reports.timeline = None;
            }
        }
        self.reports.available = snapshot.reports;
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Add { files, now_ms } => {
                for (name, size) in files {
                    let key = next.next_key;
                    next.next_key += 1;
                    next.files.push(FileEntry {
                        key,
                        name,
                        size,
                        phase: loading(now_ms),
                    });
                }
            }
            Action::Started {
                key,
                name,
                size,
                now_ms,
            } => {
                if next.entry(key).is_none() {
                    next.files.push(FileEntry {
                        key,
                        name,
                        size,
                        phase: loading(now_ms),
                    });
                }
                next.next_key = next.next_key.max(key + 1);
            }
            Action::Progress {
                key,
                bytes_read,
                rows,
                now_ms,
            } => {
                if let Some(entry) = next.entry(key) {
                    if let Phase::Loading { started_ms, .. } = entry.phase {
                        entry.phase = Phase::Loading {
                            bytes_read,
                            rows,
                            started_ms,
                            now_ms,
                        };
                    }
                }
            }
            Action::Snapshot(snapshot) => next.apply_snapshot(snapshot),
            Action::Refused { key, message } => {
                if let Some(entry) = next.entry(key) {
                    entry.phase = Phase::Loaded(refused_line(key, &entry.name, message));
                }
            }
            Action::Remove(key) => next.files.retain(|f| f.key != key),
            Action::Clear => {
                next.files.clear();
                next.summary = None;
                next.summary_json = Rc::from("");
                next.charts = None;
                next.table = TableState {
                    query: next.table.query.clone(),
                    generation: next.table.generation,
                    ..TableState::default()
                };
                next.users = UsersState {
                    query: next.users.query.clone(),
                    ..UsersState::default()
                };
                next.reports = ReportsState::default();
                next.registration = RegistrationState::default();
            }
            Action::Failure(message) => next.failure = Some(message),
            Action::SetUserQuery(query) => next.users.query = query,
            Action::Users(list) => next.users.list = Some(Rc::new(list)),
            Action::UserTimeline { user, charts } => {
                next.users.selected = Some((user, Rc::new(charts)))
            }
            Action::Report(report, timeline) => {
                next.reports.current = Some(Rc::new(report));
                next.reports.timeline = timeline.map(Rc::new);
            }
            Action::SetRegistrationPage(request) => next.registration.request = request,
            Action::Registration(report) => {
                next.registration.report = report.map(|r| Rc::new(*r));
            }
            Action::SetQuery { generation, query } => {
                let t = &mut next.table;
                t.generation = generation;
                t.query = query;
                t.window = Rc::default();
                t.selected = None;
                t.detail = None;
            }
            Action::QueryResult(info) => {
                if info.generation == next.table.generation {
                    next.table.info = Some(info);
                }
            }
            Action::Rows {
                generation,
                offset,
                rows,
            } => {
                if generation == next.table.generation {
                    next.table.window = Rc::new(RowWindow { offset, rows });
                }
            }
            Action::Select(index) => next.table.selected = Some(index),
            Action::Detail { generation, detail } => {
                if generation == next.table.generation {
                    next.table.detail = Some(Rc::new(detail));
                }
            }
            Action::Values {
                generation,
                column,
                values,
                low_cardinality,
            } => {
                if generation == next.table.generation {
                    next.table.values = Some(Rc::new(ValueList {
                        column,
                        values,
                        low_cardinality,
                    }));
                }
            }
        }
        Rc::new(next)
    }
}

/// The line of a file the page refused before reading it.
fn refused_line(key: FileKey, name: &str, message: String) -> FileLine {
    FileLine {
        key,
        name: name.to_string(),
        kind: String::new(),
        label: String::new(),
        recognised_by: Vec::new(),
        rows: 0,
        bad_rows: 0,
        unreadable: true,
        diagnostics: vec![crate::protocol::DiagnosticLine {
            line: None,
            severity: "error".into(),
            code: "too-large".into(),
            message,
        }],
    }
}

fn loading(now_ms: f64) -> Phase {
    Phase::Loading {
        bytes_read: 0,
        rows: 0,
        started_ms: now_ms,
        now_ms,
    }
}

/// Seconds left at the rate seen so far; `None` until there is a rate to go by.
pub fn seconds_left(size: u64, bytes_read: u64, started_ms: f64, now_ms: f64) -> Option<f64> {
    let elapsed = (now_ms - started_ms) / 1000.0;
    if bytes_read == 0 || elapsed <= 0.0 {
        return None;
    }
    let rate = bytes_read as f64 / elapsed;
    Some(size.saturating_sub(bytes_read) as f64 / rate)
}

/// "1.2 MB"-style sizes, decimal units as file managers show them.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// 98412 → "98,412": counts people read at a glance.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share as a percentage: whole numbers from 10% up, one decimal below (where
/// the decimal matters), "0%" for an empty whole.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    let p = part as f64 * 100.0 / whole as f64;
    if p == 0.0 || p >= 10.0 || p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    fn line(key: FileKey, rows: u64) -> FileLine {
        FileLine {
            key,
            name: format!("{key}.csv"),
            kind: "entra-sign-ins".into(),
            label: "Entra sign-ins".into(),
            recognised_by: vec![],
            rows,
            bad_rows: 0,
            unreadable: false,
            diagnostics: vec![],
        }
    }

    #[test]
    fn a_refused_file_shows_its_message_and_counts_for_nothing() {
        let s = reduce(
            State::default(),
            Action::Add {
                files: vec![("big.csv".into(), 5_000), ("ok.csv".into(), 70)],
                now_ms: 0.0,
            },
        );
        assert_eq!(s.loaded_bytes(), 5_070);
        let s = reduce(
            s,
            Action::Refused {
                key: 0,
                message: "too big".into(),
            },
        );
        let Phase::Loaded(refused) = s.files[0].phase.clone() else {
            panic!("a refused file is final, not loading");
        };
        assert!(refused.unreadable);
        assert_eq!(refused.name, "big.csv");
        assert_eq!(refused.diagnostics[0].message, "too big");
        assert_eq!(s.loaded_bytes(), 70);
        // A later snapshot from the worker (which never saw the file) keeps it.
        let s = reduce(s, Action::Snapshot(Snapshot::default()));
        assert_eq!(s.files[0].phase, Phase::Loaded(refused));
    }

    #[test]
    fn added_files_get_consecutive_keys_across_drops() {
        let s = reduce(
            State::default(),
            Action::Add {
                files: vec![("a".into(), 1), ("b".into(), 2)],
                now_ms: 0.0,
            },
        );
        let s = reduce(
            s,
            Action::Add {
                files: vec![("c".into(), 3)],
                now_ms: 0.0,
            },
        );
        assert_eq!(s.files.iter().map(|f| f.key).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(s.is_loading());
    }

    #[test]
    fn progress_then_snapshot_moves_a_file_to_loaded() {
        let s = reduce(
            State::default(),
            Action::Add {
                files: vec![("a".into(), 100)],
                now_ms: 1000.0,
            },
        );
        let s = reduce(
            s,
            Action::Progress {
                key: 0,
                bytes_read: 50,
                rows: 7,
                now_ms: 2000.0,
            },
        );
        assert_eq!(
            s.files[0].phase,
            Phase::Loading {
                bytes_read: 50,
                rows: 7,
                started_ms: 1000.0,
                now_ms: 2000.0
            }
        );
        let summary = r#"{"schema":"mfa-lens.summary.v1","files":[]}"#;
        let s = reduce(
            s,
            Action::Snapshot(Snapshot {
                files: vec![line(0, 9)],
                summary_json: summary.into(),
                ..Snapshot::default()
            }),
        );
        assert_eq!(s.files[0].phase, Phase::Loaded(line(0, 9)));
        assert!(!s.is_loading());
        assert_eq!(s.summary.as_ref().unwrap().schema, "mfa-lens.summary.v1");
    }

    #[test]
    fn a_late_snapshot_does_not_resurrect_a_removed_file() {
        let s = reduce(
            State::default(),
            Action::Add {
                files: vec![("a".into(), 1)],
                now_ms: 0.0,
            },
        );
        let s = reduce(s, Action::Remove(0));
        let s = reduce(
            s,
            Action::Snapshot(Snapshot {
                files: vec![line(0, 1)],
                summary_json: "{}".into(),
                ..Snapshot::default()
            }),
        );
        assert!(s.files.is_empty());
    }

    #[test]
    fn the_sample_started_by_the_worker_moves_the_next_key_on() {
        let s = reduce(
            State::default(),
            Action::Started {
                key: 0,
                name: "s.csv".into(),
                size: 9,
                now_ms: 0.0,
            },
        );
        let s = reduce(
            s,
            Action::Started {
                key: 1,
                name: "t.csv".into(),
                size: 9,
                now_ms: 0.0,
            },
        );
        assert_eq!(s.next_key(), 2);
        assert_eq!(s.files.len(), 2);
    }

    #[test]
    fn answers_to_an_older_query_are_dropped() {
        let s = reduce(
            State::default(),
            Action::SetQuery {
                generation: 1,
                query: Query::default(),
            },
        );
        let s = reduce(
            s,
            Action::Rows {
                generation: 1,
                offset: 0,
                rows: vec![vec!["a".into()]],
            },
        );
        assert_eq!(s.table.window.rows.len(), 1);
        let s = reduce(
            s,
            Action::SetQuery {
                generation: 2,
                query: Query {
                    search: "x".into(),
                    ..Query::default()
                },
            },
        );
        assert!(
            s.table.window.rows.is_empty(),
            "a new query starts from an empty window"
        );
        let s = reduce(
            s,
            Action::Rows {
                generation: 1,
                offset: 0,
                rows: vec![vec!["stale".into()]],
            },
        );
        assert!(
            s.table.window.rows.is_empty(),
            "rows of generation 1 must not show under generation 2"
        );
        let s = reduce(
            s,
            Action::Rows {
                generation: 2,
                offset: 5,
                rows: vec![vec!["fresh".into()]],
            },
        );
        assert_eq!(s.table.window.offset, 5);
    }

    #[test]
    fn time_left_follows_the_rate_so_far() {
        assert_eq!(seconds_left(100, 0, 0.0, 1000.0), None);
        assert_eq!(seconds_left(100, 25, 0.0, 1000.0), Some(3.0));
        assert_eq!(seconds_left(100, 100, 0.0, 1000.0), Some(0.0));
    }

    #[test]
    fn numbers_read_like_a_report() {
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(7_730), "7.7 kB");
        assert_eq!(human_size(104_857_600), "104.9 MB");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(98_412), "98,412");
        assert_eq!(grouped(2_000_000), "2,000,000");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(1, 6), "17%");
        assert_eq!(percent(1, 12), "8.3%");
        assert_eq!(percent(0, 0), "0%");
        assert_eq!(percent(2, 4), "50%");
    }

    #[test]
    fn a_report_is_kept_while_its_files_are_and_dropped_with_them() {
        use mfa_lens_core::reports::ServerStatusReport;
        let snapshot = |reports: Vec<ReportId>| {
            Action::Snapshot(Snapshot {
                summary_json: "{}".into(),
                reports,
                ..Snapshot::default()
            })
        };
        let s = reduce(State::default(), snapshot(vec![ReportId::ServerStatus]));
        assert_eq!(s.reports.available, [ReportId::ServerStatus]);
        let s = reduce(
            s,
            Action::Report(Report::ServerStatus(ServerStatusReport::default()), None),
        );
        assert!(s.reports.get(ReportId::ServerStatus).is_some());
        assert!(s.reports.get(ReportId::Fraud).is_none());
        let s = reduce(s, snapshot(vec![ReportId::ServerStatus, ReportId::Blocked]));
        assert!(s.reports.get(ReportId::ServerStatus).is_some());
        let s = reduce(s, snapshot(vec![ReportId::Blocked]));
        assert!(s.reports.current.is_none());
        assert_eq!(s.reports.available, [ReportId::Blocked]);
        let s = reduce(s, Action::Clear);
        assert!(s.reports.available.is_empty());
    }
}
