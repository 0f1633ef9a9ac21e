//! Messages between the page (UI thread) and the worker that owns the data.
//!
//! # The rule of the wire
//!
//! **Only the core's own serde types cross, inside the envelopes below.** A
//! value the page shows (a summary, a report, a row's detail, a timeline, a
//! file's diagnostics) is sent as the type the core computed it in, never
//! copied into a page-side look-alike; this module defines only the envelopes
//! (which message, for which question) and the page's own file key. Enums stay
//! enums on the wire (severities, diagnostic codes, buckets, report ids), and
//! every value crosses once, as a value — never as JSON inside JSON.
//!
//! # The conversation
//!
//! The page says what the person is looking at ([`Shown`]), each time it
//! changes, numbered (`seq`). The worker remembers it and answers it, and
//! answers it again, unasked, after every change to the files. Answers are
//! cached per (files generation, what is shown), so going back to a tab costs
//! nothing. Follow-up questions about the answer on screen (a window of rows,
//! a row's detail, a column's values, a user's timeline, an export) carry the
//! `seq` they are about; the worker ignores those about an answer no longer
//! shown.
//!
//! Each message crosses `postMessage` as a two-element array: the serde JSON of
//! the message and, for `Load`, the `File` itself (structured clone passes a
//! handle to the file, not its bytes; the worker reads it in slices).
//!
//! # The shards
//!
//! The worker's shards speak over `MessagePort`s with [`ToShard`] and
//! [`FromShard`], in the same two-element arrays: `Read` carries the `File`,
//! `Built` the file a shard read as the core's own encoding
//! (`BuiltFile::encode`, a transferred `ArrayBuffer`). That is the one value
//! that crosses as bytes rather than JSON: it is every cell of a file, and
//! the core both writes and checks it. The classification round crosses as
//! the core's bytes too: `Classify` carries every file's step facts,
//! `Classified` one class byte and one reason code per sign-in.

use mfa_lens_core::findings::{FindingSettings, Findings, RuleId, SeverityCounts};
use mfa_lens_core::format::grouped;
use mfa_lens_core::knowledge::Card;
use mfa_lens_core::query::{
    DatasetInfo, Query, RowDetail, SignInCharts, Timeline, UserColumn, UserQuery, ValueCounts,
};
use mfa_lens_core::reports::registration::{RegistrationReport, RegistrationRequest};
use mfa_lens_core::reports::{Report, ReportId};
use mfa_lens_core::{FileReport, Summary, UserSummary};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

/// The page's id for a file, assigned on the UI thread when the file arrives.
pub type FileKey = u32;

/// What the person is looking at: the one value the page's state turns on,
/// the URL hash is derived from, and the worker keeps answered.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Shown {
    #[default]
    Overview,
    /// The `first` findings (the most urgent), with the thresholds of
    /// [`ToWorker::Show`]'s `settings`: the answer carries those only, and
    /// the counts of all.
    Findings {
        first: u32,
    },
    Rows(Query),
    Users(UserQuery),
    Report(ReportId),
    Registration(RegistrationRequest),
    /// The knowledge base, searched for this text (empty: every entry).
    Reference(String),
}

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
    /// Forget a file, whether still being read or loaded.
    Remove {
        key: FileKey,
    },
    Clear,
    /// The person now looks at `shown`: answer it, and keep it answered.
    /// `settings` are the findings thresholds the page holds: the Findings
    /// view, the Findings tab's count and the Overview's summary all use them.
    Show {
        seq: u32,
        shown: Shown,
        settings: FindingSettings,
    },
    /// Cells of lines `offset..offset + limit` of the grid of answer `seq`:
    /// the Rows answer's rows, or the Users answer's users.
    Window {
        seq: u32,
        offset: u64,
        limit: u64,
    },
    /// Everything about row `index` of the Rows answer `seq`.
    Detail {
        seq: u32,
        index: u64,
    },
    /// The value list of `column` over the Rows answer `seq` (for a filter).
    Values {
        seq: u32,
        column: String,
    },
    /// The Rows answer `seq` as CSV, for a download: written in pieces,
    /// with `ExportProgress`, and posted as a Blob beside `Exported`.
    Export {
        seq: u32,
    },
    /// One user's sign-ins over time, beside the Users answer `seq`.
    UserTimeline {
        seq: u32,
        user: String,
    },
    /// The question on screen (answer `seq`) as KQL for Log Analytics.
    Kql {
        seq: u32,
        ask: KqlAsk,
    },
    /// Make something to hand on from every loaded file: the worker reads
    /// them again, with `ShareProgress`, and posts the result as a Blob
    /// beside a `Shared` reply.
    Share {
        ask: ShareAsk,
        key: KeyChoice,
    },
    /// "Download summary (JSON)": Summary JSON v1 of the loaded files, as
    /// `mfa-lens summary` prints it, posted as a Blob beside `Download`.
    DownloadSummary,
    /// Test-only: panic (see `crash::TEST_PANIC_PARAM`), to prove the page
    /// reports a dead worker.
    TestPanic,
    /// Read dropped files in these shard workers: `count` `MessagePort`s
    /// travel beside this message (transferred), one to each shard. Sent
    /// once, before the first `Load`.
    Shards {
        count: u32,
    },
    /// To a worker started as a shard: read files for the coordinator at the
    /// other end of the `MessagePort` that travels beside this message.
    BecomeShard,
}

/// The coordinator to a shard, over their `MessagePort`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToShard {
    /// Read the `Blob` sent alongside this message to its end: a whole file
    /// (`part: None`), or part `part` of a large one, as the file's header
    /// line followed by the part's bytes (see `mfa_lens_core::built::parts`).
    Read {
        key: FileKey,
        part: Option<u32>,
        name: String,
        size: u64,
    },
    /// The file is no longer wanted (none of its parts): stop reading it,
    /// send nothing, and drop what was kept of it.
    Cancel { key: FileKey },
    /// Every file is read: classify the sign-in files (or parts) in `files`,
    /// kept since they were read, against every file's step facts — the
    /// core's `StepFacts::encode_all`, an `ArrayBuffer` beside this
    /// message. Answered with `Classified` (or `ClassifyFailed`) for the
    /// same `round`.
    Classify {
        round: u32,
        files: Vec<(FileKey, Option<u32>)>,
    },
}

/// A shard to the coordinator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromShard {
    Progress {
        key: FileKey,
        part: Option<u32>,
        bytes_read: u64,
        rows: u64,
    },
    /// The file (or part) is read: its `BuiltFile`, encoded by the core
    /// (`BuiltFile::encode`), travels beside this message as a transferred
    /// `ArrayBuffer` — bytes, not JSON, because they are every cell of the
    /// file. `kept`: it is sign-ins, and the shard keeps what their
    /// classification needs (`KeptSignIns`) for a `Classify`.
    Built {
        key: FileKey,
        part: Option<u32>,
        kept: bool,
    },
    /// The answer to `Classify`: the classes of the files asked for, in
    /// their order, and which Request IDs were looked up (the core's
    /// `encode_answer`, a transferred `ArrayBuffer` beside this message).
    Classified { round: u32 },
    /// The shard no longer holds a file `Classify` asked for: the
    /// coordinator classifies them itself.
    ClassifyFailed { round: u32 },
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
    /// The loaded files and what they offer, after every change to them.
    Files(Files),
    /// The answer to what is shown (see [`Answer`]).
    Answer(Box<Answer>),
    /// Follow-ups: each names the `seq` of the answer it belongs to.
    Window {
        seq: u32,
        offset: u64,
        rows: Vec<Vec<String>>,
        /// Each row's parsed time (see `query::Page::times`).
        times: Vec<Option<i64>>,
    },
    Detail {
        seq: u32,
        index: u64,
        detail: Box<RowDetail>,
    },
    Values {
        seq: u32,
        counts: ValueCounts,
    },
    /// Rows of the export written so far, of `total`.
    ExportProgress {
        done: u64,
        total: u64,
    },
    /// The export is written: the file travels beside this reply, as a Blob
    /// (see `worker::export`), never through the JSON of the protocol.
    Exported {
        file_name: String,
        rows: u64,
    },
    /// The export stopped; nothing was saved.
    ExportFailed {
        message: String,
    },
    /// The worker has let go of its shards: every file is read and none is
    /// waiting, so the page ends them and their memory (a wasm memory never
    /// shrinks: a shard that read a large file holds its size until it
    /// ends). The next files start new ones.
    ShardsReleased,
    /// A file for the person to save (the summary JSON), beside this reply
    /// as a Blob.
    Download {
        file_name: String,
    },
    UserTimeline {
        seq: u32,
        user: String,
        timeline: Timeline,
    },
    /// The query asked for, or why the tables cannot answer it (in words).
    Kql {
        seq: u32,
        ask: KqlAsk,
        text: Result<String, String>,
    },
    /// Input bytes of the loaded files redacted so far, of `total`.
    ShareProgress {
        done: u64,
        total: u64,
    },
    /// What `Share` asked for is made: the file itself travels beside this
    /// message (a Blob, never through the JSON), saved as `file_name`.
    Shared {
        ask: ShareAsk,
        file_name: String,
        /// The key of a redaction, in hex, to be shown once (`None` when
        /// nothing was redacted).
        key_hex: Option<String>,
        /// Files left out, each with why (not tables: what cannot be read
        /// cannot be promised redacted).
        left_out: Vec<String>,
    },
    /// `Share` failed; nothing was saved.
    ShareFailed {
        message: String,
    },
    /// Something went wrong outside any file (a bug, not bad input).
    Failure {
        message: String,
    },
    /// The worker panicked: it is dead, and everything it held is gone.
    Crashed {
        message: String,
    },
}

/// The loaded files and what they offer the page's tabs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Files {
    /// Counts every change to the set of files; answers name the one they used.
    pub generation: u32,
    /// Files read to the end (or refused), with the page's key.
    pub files: Vec<(FileKey, FileReport)>,
    /// The row datasets, for the Rows view's picker.
    pub datasets: Vec<DatasetInfo>,
    /// The report views the loaded files hold, in tab order.
    pub reports: Vec<ReportId>,
    /// A registration report is loaded (the Registration tab shows).
    pub registration: bool,
    /// Findings per severity with the page's thresholds; `None` when no file
    /// a rule reads is loaded (the Findings tab shows otherwise).
    pub findings: Option<SeverityCounts>,
}

/// The worker's answer to one [`Shown`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The `Show` it answers.
    pub seq: u32,
    /// The files generation it was computed on.
    pub files: u32,
    /// How many answers the worker has computed since it started (cache hits
    /// excluded): a test reads it to prove that revisiting a tab is free.
    pub computations: u64,
    pub body: AnswerBody,
}

/// The content of an answer. A [`Shown`] whose tab the loaded files do not
/// offer (a shared link opened before its files are dropped) is answered
/// with the Overview. Each part is behind an `Rc`: the worker's cache and the
/// page's views share it instead of copying it (it crosses as its content).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnswerBody {
    Overview(Rc<OverviewAnswer>),
    /// `None` when no file a rule reads is loaded.
    Findings(Option<Rc<Findings>>),
    Rows(Rc<RowsAnswer>),
    Users(Rc<UsersAnswer>),
    Report {
        report: Rc<Report>,
        /// The report's rows over time, when they are dated.
        timeline: Option<Rc<Timeline>>,
    },
    /// `None` when no registration report is loaded.
    Registration(Option<Rc<RegistrationReport>>),
    Reference(Rc<ReferenceAnswer>),
}

/// The Overview: Summary JSON v1 as a value (the download writes it out as
/// `mfa-lens summary` prints it) and what only the page draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewAnswer {
    /// `None` with no file loaded. Its findings hold the counts only
    /// ([`Findings::first`]`(0)`): the list is the Findings view's, and the
    /// summary to download is written by the worker (`DownloadSummary`). A
    /// million sign-ins can have thousands of findings, megabytes of JSON
    /// the page would decode on its one thread to show three numbers.
    ///
    /// [`Findings::first`]: mfa_lens_core::findings::Findings::first
    pub summary: Option<Rc<Summary>>,
    pub charts: Option<Rc<SignInCharts>>,
    /// The knowledge base's entry for each denial reason and call result the
    /// summary names (by the text or code as it appears there).
    pub notes: Rc<Vec<(String, Card)>>,
}

/// The Rows view: what the query selected (the rows stay in the worker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowsAnswer {
    /// The query answered (the page's, with a dataset the files still offer).
    pub query: Query,
    /// Rows of the dataset before filtering.
    pub dataset_rows: u64,
    pub matched: u64,
    /// Every column of the dataset (key, caption), for the column chooser.
    pub columns: Vec<(String, String)>,
    /// The columns shown (the query's, or the dataset's defaults).
    pub shown: Vec<String>,
    /// The most characters a sampled row holds in each shown column, for
    /// widths that fit the content ([`query::text_widths`]).
    pub widths: Vec<u16>,
    /// The dataset's date column, shown from the rows' parsed times.
    pub date_column: Option<String>,
    /// How long the worker took to filter and sort.
    pub elapsed_ms: f64,
}

/// The Users view: how many users match. Their lines stay in the worker
/// and come a window at a time (`Window`, as rows do): a large tenant has
/// hundreds of thousands of users, megabytes the page would otherwise
/// decode and format on its one thread at every tab switch.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UsersAnswer {
    pub total: u64,
    /// The most characters any matching user has in each column
    /// ([`USER_COLUMNS`] order), for widths that fit the content.
    pub widths: Vec<u16>,
}

/// The Users view's columns, in the order of its grid and of the cells a
/// window carries.
pub const USER_COLUMNS: [UserColumn; 9] = [
    UserColumn::User,
    UserColumn::SignIns,
    UserColumn::MfaRequired,
    UserColumn::Satisfied,
    UserColumn::Denied,
    UserColumn::Interrupted,
    UserColumn::LastDenialReason,
    UserColumn::FirstSeen,
    UserColumn::LastSeen,
];

/// One user's line as the grid shows it: counts grouped, texts as they are
/// (the first cell is the user's name, exactly, which picking a line sends
/// back).
pub fn user_cells(u: &UserSummary) -> Vec<String> {
    USER_COLUMNS
        .iter()
        .map(|column| match column {
            UserColumn::User => u.user.clone(),
            UserColumn::SignIns => grouped(u.sign_ins),
            UserColumn::MfaRequired => grouped(u.mfa_required),
            UserColumn::Satisfied => grouped(u.satisfied),
            UserColumn::Denied => grouped(u.denied),
            UserColumn::Interrupted => grouped(u.interrupted),
            UserColumn::LastDenialReason => u.last_denial_reason.clone().unwrap_or_default(),
            UserColumn::FirstSeen => u.first_seen.clone().unwrap_or_default(),
            UserColumn::LastSeen => u.last_seen.clone().unwrap_or_default(),
        })
        .collect()
}

/// The Reference view's entries for a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceAnswer {
    /// Entries matching, of which the first [`REFERENCE_SHOWN`] are sent.
    pub total: u64,
    pub cards: Vec<Card>,
}

/// The Reference view lists at most this many entries (the whole knowledge
/// base is a few hundred; a search narrows it).
pub const REFERENCE_SHOWN: usize = 200;

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

/// `message` as it crosses `postMessage`: an array whose first element is
/// its JSON. What travels beside it (a file, a port, a buffer) is pushed
/// after it.
pub fn envelope<T: Serialize>(message: &T) -> js_sys::Array {
    js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&encode(message)))
}

/// What a `postMessage` carried: the array, and its first element read as
/// `T`; `None` when the data is not an array with text first.
pub fn opened<T: for<'de> Deserialize<'de>>(
    event: &web_sys::MessageEvent,
) -> Option<(js_sys::Array, Result<T, String>)> {
    use wasm_bindgen::JsCast;
    let data: js_sys::Array = event.data().dyn_into().ok()?;
    let text = data.get(0).as_string()?;
    Some((data, decode(&text)))
}

/// A run of rows as the worker sent them: `rows[i]` is row `offset + i` of the
/// current result, its cells in column order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowWindow {
    pub offset: u64,
    pub rows: Vec<Vec<String>>,
    /// `times[i]`: row `offset + i`'s parsed time, when its file has one.
    pub times: Vec<Option<i64>>,
}

impl RowWindow {
    pub fn row(&self, index: u64) -> Option<&Vec<String>> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.rows.get(i as usize))
    }

    /// Whether every row of `first..first + count` (clamped to `total`) is here.
    pub fn covers(&self, first: u64, count: u64, total: u64) -> bool {
        let end = (first + count).min(total);
        first >= self.offset && end <= self.offset + self.rows.len() as u64
    }

    /// Row `index`'s parsed time.
    pub fn time(&self, index: u64) -> Option<i64> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.times.get(i as usize).copied().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mfa_lens_core::{Diagnostic, DiagnosticCode, FileId, ReportKind, Severity};

    #[test]
    fn messages_round_trip_through_json() {
        let messages = vec![
            ToWorker::Load {
                key: 3,
                name: "a \"quoted\" name.csv".into(),
                size: 10,
            },
            ToWorker::LoadSample { first_key: 0 },
            ToWorker::Remove { key: 2 },
            ToWorker::Clear,
            ToWorker::DownloadSummary,
            ToWorker::TestPanic,
            ToWorker::Show {
                seq: 2,
                shown: Shown::Rows(Query {
                    search: "alice".into(),
                    ..Query::default()
                }),
                settings: FindingSettings::default(),
            },
            ToWorker::Show {
                seq: 3,
                shown: Shown::Report(ReportId::Fraud),
                settings: FindingSettings::default(),
            },
            ToWorker::Show {
                seq: 4,
                shown: Shown::Findings { first: 50 },
                settings: {
                    let mut s = FindingSettings::default();
                    s.set("mfa_fatigue.min_prompts", 3.0);
                    s
                },
            },
            ToWorker::Window {
                seq: 2,
                offset: 10,
                limit: 40,
            },
        ];
        for m in messages {
            assert_eq!(decode::<ToWorker>(&encode(&m)).unwrap(), m);
        }
    }

    #[test]
    fn core_types_cross_as_themselves_with_their_enums() {
        let report = FileReport {
            id: FileId(4),
            name: "x.csv".into(),
            kind: ReportKind::EntraSignIns,
            label: "Entra sign-ins".into(),
            variant: None,
            matched_columns: vec!["Username".into()],
            rows: 6,
            bad_rows: 0,
            loading: false,
            unreadable: false,
            diagnostics: vec![Diagnostic::new(
                "x.csv",
                Some(3),
                Severity::Warning,
                DiagnosticCode::RaggedRow,
                "m",
            )],
        };
        let files = FromWorker::Files(Files {
            generation: 7,
            files: vec![(0, report)],
            datasets: vec![DatasetInfo {
                id: mfa_lens_core::query::DatasetId::SignIns,
                label: "Sign-ins".into(),
                rows: 6,
            }],
            reports: vec![ReportId::MfaServer, ReportId::ServerStatus],
            registration: true,
            findings: Some(SeverityCounts {
                high: 1,
                medium: 0,
                info: 2,
            }),
        });
        let text = encode(&files);
        assert!(
            text.contains("\"severity\":\"warning\"")
                && text.contains("\"kind\":\"entra-sign-ins\""),
            "enums cross as their serde names: {text}"
        );
        assert_eq!(decode::<FromWorker>(&text).unwrap(), files);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<ToWorker>("not json").is_err());
        assert!(decode::<ToWorker>("{\"Load\":{}}").is_err());
    }
}

/// A question of the page to write as KQL (the core's `kql` module): the
/// worker writes it, since the queries are made of the knowledge base, which
/// the page does not carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KqlAsk {
    /// The Overview's sign-in figures, over the period of the loaded sign-ins.
    Overview,
    /// The Rows answer's query (its filters and search).
    Rows,
    /// One findings rule with the page's thresholds, over the same period.
    Finding(RuleId),
}

/// Findings a page of the Findings view shows at first, and adds per "Show
/// more".
pub const FINDINGS_PAGE: u32 = 50;

/// What "Share" makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShareAsk {
    /// One ZIP of every loaded file redacted, with their summary.
    RedactedZip,
    /// One self-contained HTML report (no script), redacted or not.
    Report { redacted: bool },
}

/// The key of a redaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyChoice {
    /// A new random key, shown once: nothing to keep.
    Random,
    /// From a passphrase: the same passphrase gives the same pseudonyms, so
    /// two redactions of one tenant line up.
    Passphrase(String),
}
