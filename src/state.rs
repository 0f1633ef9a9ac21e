//! The page's state as one pure reducer: no DOM, no browser calls, so it is
//! tested like any other Rust code. Row data never lives here — the worker owns
//! it; this holds the files' lines, what is shown, and the worker's answer.
//!
//! One value says what the person looks at: [`State::shown`], numbered by
//! [`State::seq`]. The page sends it to the worker whenever `seq` changes (an
//! effect in `session`), and the URL hash is derived from it. Every reply of
//! the worker arrives as one action, [`Action::Worker`]; replies about an
//! older `seq` are dropped here, so nothing stale is ever drawn.

use std::rc::Rc;

use mfa_lens_core::findings::{FindingSettings, SeverityCounts};
use mfa_lens_core::query::{DatasetId, Filter, Query, RowDetail, Timeline, UserQuery, ValueCounts};
use mfa_lens_core::reports::registration::RegistrationRequest;
use mfa_lens_core::{Diagnostic, DiagnosticCode, FileId, FileReport, ReportKind, Severity};
use yew::Reducible;

use crate::components::data_table::RowWindow;
use crate::components::tabs::View;
use crate::grid_layout::{clamp_px, Widths, Zone};
use crate::hash::Place;
use crate::protocol::{
    Answer, AnswerBody, FileKey, Files, FromWorker, KqlAsk, ShareAsk, Shown, FINDINGS_PAGE,
};

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
    /// Read (or refused) and described by the engine.
    Loaded(Rc<FileReport>),
}

/// Each view's parameters while another view is shown, so that going back to
/// a tab finds it as it was left.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Memory {
    pub rows: Query,
    pub users: UserQuery,
    pub registration: RegistrationRequest,
    pub reference: String,
}

impl Memory {
    /// What is shown when `view`'s tab is picked.
    fn shown(&self, view: View) -> Shown {
        match view {
            View::Overview => Shown::Overview,
            View::Findings => Shown::Findings {
                first: FINDINGS_PAGE,
            },
            View::Rows => Shown::Rows(self.rows.clone()),
            View::Users => Shown::Users(self.users.clone()),
            View::Reference => Shown::Reference(self.reference.clone()),
            View::Report(id) => Shown::Report(id),
            View::Registration => Shown::Registration(self.registration),
        }
    }

    fn remember(&mut self, shown: &Shown) {
        match shown {
            Shown::Rows(q) => self.rows = q.clone(),
            Shown::Users(q) => self.users = q.clone(),
            Shown::Registration(r) => self.registration = *r,
            Shown::Reference(text) => self.reference = text.clone(),
            Shown::Overview | Shown::Findings { .. } | Shown::Report(_) => {}
        }
    }
}

/// The tab of a `Shown`.
pub fn view_of(shown: &Shown) -> View {
    match shown {
        Shown::Overview => View::Overview,
        Shown::Findings { .. } => View::Findings,
        Shown::Rows(_) => View::Rows,
        Shown::Users(_) => View::Users,
        Shown::Report(id) => View::Report(*id),
        Shown::Registration(_) => View::Registration,
        Shown::Reference(_) => View::Reference,
    }
}

/// The Rows view's follow-ups: the cells fetched, the row picked and its detail,
/// a column's values.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TableState {
    pub window: Rc<RowWindow>,
    pub selected: Option<u64>,
    pub detail: Option<Rc<RowDetail>>,
    /// A column's values over the result, for a column filter.
    pub values: Option<Rc<ValueCounts>>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct State {
    pub files: Vec<FileEntry>,
    /// What the person looks at, and its number: bumped on every change, it
    /// is what the page sends to the worker and what answers must name.
    pub shown: Shown,
    pub seq: u32,
    pub memory: Memory,
    /// What the loaded files offer (datasets, report tabs, registration).
    pub catalog: Rc<Files>,
    /// The worker's answer to `shown` (`None` until it has answered).
    pub answer: Option<Rc<Answer>>,
    pub table: TableState,
    /// The user picked in the Users view, with their sign-ins over time.
    pub user_timeline: Option<(String, Rc<Timeline>)>,
    /// A problem with the worker itself (not with a file).
    pub failure: Option<String>,
    /// Column widths set by hand, and the zone times are shown in: how the
    /// person arranged the tables, kept in the URL hash with the view.
    pub widths: Rc<Widths>,
    pub zone: Zone,
    /// The findings thresholds (the settings panel's, kept in the URL hash):
    /// sent with every `Show`, since the Overview's summary uses them too.
    pub settings: FindingSettings,
    /// Findings per severity with those thresholds (the Findings tab's
    /// count), from the latest catalog or answer that had them.
    pub finding_counts: Option<SeverityCounts>,
    /// The KQL panel: the question asked, and the query once the worker has
    /// written it (or why it cannot). Closed when the view changes.
    pub kql: Option<KqlShown>,
    /// "Share": what is being made, or what was made (its key, once).
    pub share: ShareState,
    /// "Export CSV": how far the worker got, or why it stopped.
    pub export: ExportState,
    /// Whether the person has picked what to look at (a tab, a link, a
    /// shared URL). Until then, findings arriving open the Findings view.
    chosen: bool,
    next_key: FileKey,
}

/// What "Share" is making, or made.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShareState {
    /// Being made: what, and the input bytes redacted of all (`total` 0
    /// until the worker has counted them).
    pub busy: Option<(ShareAsk, u64, u64)>,
    pub made: Option<Made>,
    pub failed: Option<String>,
}

/// "Export CSV", while the worker writes the rows and after.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportState {
    /// Being written: rows done of all (`total` 0 until the worker starts).
    pub busy: Option<(u64, u64)>,
    pub failed: Option<String>,
}

/// A file "Share" saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub ask: ShareAsk,
    pub file_name: String,
    /// The redaction's key in hex, shown once (`None`: nothing redacted).
    pub key_hex: Option<String>,
    /// Files left out, with why.
    pub left_out: Vec<String>,
}

/// The KQL panel's question and, once written, its query or why not.
#[derive(Debug, Clone, PartialEq)]
pub struct KqlShown {
    pub ask: KqlAsk,
    pub text: Option<Rc<Result<String, String>>>,
}

/// The loaded files summed up ([`State::files_line`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FilesLine {
    pub count: usize,
    /// Rows read, loaded files and files still loading together.
    pub rows: u64,
    /// Files still being read, and their bytes read and in all.
    pub loading: usize,
    pub bytes_read: u64,
    pub bytes_loading: u64,
    /// Files refused, unreadable or read only in part.
    pub problems: usize,
    /// Notes (warnings and information) about the files.
    pub notes: usize,
}

pub enum Action {
    /// Files arrived from a drop or the picker; keys are assigned in order.
    Add {
        files: Vec<(String, u64)>,
        now_ms: f64,
    },
    /// The page refused a file before reading it (too large): it is shown with
    /// `message` and never sent to the worker.
    Refused {
        key: FileKey,
        message: String,
    },
    Remove(FileKey),
    Clear,
    /// A tab was picked: its view as it was left.
    Open(View),
    /// Show this (a new query, a page of a list, a search, a chart's rows).
    Show(Shown),
    /// A row of the Rows view was picked (its detail is asked for).
    Select(u64),
    /// A column was resized by hand (pixels).
    Resize {
        column: String,
        px: f64,
    },
    /// Times are to be shown in this zone.
    Zone(Zone),
    /// The findings thresholds changed (the settings panel).
    Settings(FindingSettings),
    /// "Share" was asked to make `ShareAsk` (the worker is asked too).
    Share(ShareAsk),
    /// "Export CSV" was pressed (the worker is asked too).
    Export,
    /// "Copy as KQL" was pressed (the query is asked of the worker), or the
    /// panel closed (`None`).
    Kql(Option<KqlAsk>),
    /// The worker could not be started.
    Failure(String),
    /// A reply of the worker, at `now_ms` (for the progress estimates).
    Worker {
        reply: FromWorker,
        now_ms: f64,
    },
}

impl State {
    /// The state a page opens with: the view and the rows' query of its URL
    /// hash (a shared link waits for its files), nothing loaded.
    pub fn opening(place: Place) -> State {
        let memory = Memory {
            rows: place.query.unwrap_or_default(),
            ..Memory::default()
        };
        let shown = memory.shown(place.view.unwrap_or(View::Overview));
        State {
            chosen: place.view.is_some(),
            shown,
            memory,
            widths: Rc::new(place.widths),
            zone: place.zone,
            settings: place.settings,
            ..State::default()
        }
    }

    /// The tab asked for, whether or not the files offer it yet (the URL
    /// hash keeps it, so a shared link survives until its files arrive).
    pub fn view_asked(&self) -> View {
        view_of(&self.shown)
    }

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

    /// The files in one line: what the header shows while the list is closed.
    pub fn files_line(&self) -> FilesLine {
        let mut line = FilesLine {
            count: self.files.len(),
            ..FilesLine::default()
        };
        for f in &self.files {
            match &f.phase {
                Phase::Loading {
                    bytes_read, rows, ..
                } => {
                    line.loading += 1;
                    line.rows += rows;
                    line.bytes_read += bytes_read;
                    line.bytes_loading += f.size;
                }
                Phase::Loaded(report) => {
                    line.rows += report.rows;
                    let errors = report
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .count();
                    if report.unreadable || errors > 0 {
                        line.problems += 1;
                    }
                    line.notes += report.diagnostics.len() - errors;
                }
            }
        }
        line
    }

    /// Bytes of the files the worker holds or is reading (refused and
    /// unreadable files hold nothing).
    pub fn loaded_bytes(&self) -> u64 {
        self.files
            .iter()
            .filter(|f| !matches!(&f.phase, Phase::Loaded(report) if report.unreadable))
            .map(|f| f.size)
            .sum()
    }

    /// The tabs the loaded files offer, in order.
    pub fn tabs(&self) -> Vec<View> {
        crate::components::tabs::visible(
            &self.catalog.reports,
            self.catalog.registration,
            self.catalog.findings.is_some(),
        )
    }

    /// The tab on screen: the one shown, or the Overview while the files do
    /// not offer it (it comes back when they do).
    pub fn current_view(&self) -> View {
        let view = view_of(&self.shown);
        if self.tabs().contains(&view) {
            view
        } else {
            View::Overview
        }
    }

    /// The answer's body, when it answers the view on screen.
    pub fn body(&self) -> Option<&AnswerBody> {
        let body = &self.answer.as_ref()?.body;
        let view = match body {
            AnswerBody::Overview(_) => View::Overview,
            AnswerBody::Findings(_) => View::Findings,
            AnswerBody::Rows(_) => View::Rows,
            AnswerBody::Users(_) => View::Users,
            AnswerBody::Report { report, .. } => View::Report(report.id()),
            AnswerBody::Registration(_) => View::Registration,
            AnswerBody::Reference(_) => View::Reference,
        };
        (view == self.current_view()).then_some(body)
    }

    /// The rows' query: the one shown, or the one the Rows tab comes back
    /// to (the URL hash keeps it either way).
    pub fn rows_query(&self) -> &Query {
        match &self.shown {
            Shown::Rows(q) => q,
            _ => &self.memory.rows,
        }
    }

    fn entry(&mut self, key: FileKey) -> Option<&mut FileEntry> {
        self.files.iter_mut().find(|f| f.key == key)
    }

    fn show(&mut self, shown: Shown) {
        self.memory.remember(&shown);
        self.shown = shown;
        self.seq = self.seq.wrapping_add(1);
        self.table = TableState::default();
        self.user_timeline = None;
        self.kql = None;
    }

    fn apply_files(&mut self, files: Files) {
        for (key, report) in &files.files {
            if let Some(entry) = self.entry(*key) {
                entry.phase = Phase::Loaded(Rc::new(report.clone()));
            }
        }
        let had_findings = self.finding_counts.is_some_and(|c| c.total() > 0);
        self.finding_counts = files.findings;
        let has_findings = files.findings.is_some_and(|c| c.total() > 0);
        self.catalog = Rc::new(files);
        // The answer first: when the files show an incident and the person
        // has not picked a view, the findings are what they came for.
        if has_findings && !had_findings && !self.chosen && self.shown == Shown::Overview {
            self.show(Shown::Findings {
                first: FINDINGS_PAGE,
            });
        }
    }

    fn apply_answer(&mut self, answer: Answer) {
        if answer.seq != self.seq {
            return;
        }
        // The worker moves a query whose dataset the files no longer offer to
        // one they do: what is shown follows, under the same number.
        if let (AnswerBody::Rows(rows), Shown::Rows(asked)) = (&answer.body, &self.shown) {
            if rows.query != *asked {
                self.memory.rows = rows.query.clone();
                self.shown = Shown::Rows(rows.query.clone());
            }
        }
        match &answer.body {
            AnswerBody::Findings(Some(f)) => self.finding_counts = Some(f.counts),
            AnswerBody::Overview(o) => {
                if let Some(f) = o.summary.as_ref().and_then(|s| s.findings.as_ref()) {
                    self.finding_counts = Some(f.counts);
                }
            }
            _ => {}
        }
        // A new answer (new files, or a tab revisited) starts the follow-ups
        // afresh: a kept row index could now name another row.
        self.table = TableState::default();
        self.answer = Some(Rc::new(answer));
    }

    fn apply_reply(&mut self, reply: FromWorker, now_ms: f64) {
        match reply {
            FromWorker::Started { key, name, size } => {
                if self.entry(key).is_none() {
                    self.files.push(FileEntry {
                        key,
                        name,
                        size,
                        phase: loading(now_ms),
                    });
                }
                self.next_key = self.next_key.max(key + 1);
            }
            FromWorker::Progress {
                key,
                bytes_read,
                rows,
            } => {
                if let Some(entry) = self.entry(key) {
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
            FromWorker::Files(files) => self.apply_files(files),
            FromWorker::Answer(answer) => self.apply_answer(*answer),
            FromWorker::Window {
                seq,
                offset,
                rows,
                times,
            } if seq == self.seq => {
                self.table.window = Rc::new(RowWindow {
                    offset,
                    rows,
                    times,
                });
            }
            FromWorker::Detail { seq, index, detail }
                if seq == self.seq && self.table.selected == Some(index) =>
            {
                self.table.detail = Some(Rc::new(*detail));
            }
            FromWorker::Values { seq, counts } if seq == self.seq => {
                self.table.values = Some(Rc::new(counts));
            }
            FromWorker::ExportProgress { done, total } => {
                if let Some(busy) = &mut self.export.busy {
                    *busy = (done, total);
                }
            }
            // The download itself is the page's (`worker_client`).
            FromWorker::Exported { .. } => self.export = ExportState::default(),
            FromWorker::ExportFailed { message } => {
                self.export = ExportState {
                    busy: None,
                    failed: Some(message),
                };
            }
            FromWorker::ShareProgress { done, total } => {
                if let Some((_, d, t)) = &mut self.share.busy {
                    (*d, *t) = (done, total);
                }
            }
            FromWorker::Shared {
                ask,
                file_name,
                key_hex,
                left_out,
            } => {
                self.share = ShareState {
                    made: Some(Made {
                        ask,
                        file_name,
                        key_hex,
                        left_out,
                    }),
                    ..ShareState::default()
                };
            }
            FromWorker::ShareFailed { message } => {
                self.share = ShareState {
                    failed: Some(message),
                    ..ShareState::default()
                };
            }
            // The query of the panel's own question, about the answer on screen.
            FromWorker::Kql { seq, ask, text }
                if seq == self.seq && self.kql.as_ref().is_some_and(|k| k.ask == ask) =>
            {
                self.kql = Some(KqlShown {
                    ask,
                    text: Some(Rc::new(text)),
                });
            }
            FromWorker::UserTimeline {
                seq,
                user,
                timeline,
            } if seq == self.seq => self.user_timeline = Some((user, Rc::new(timeline))),
            FromWorker::Failure { message } => self.failure = Some(message),
            // Stale follow-ups, and replies the page acts on outside the
            // state (a download, the crash banner, readiness).
            _ => {}
        }
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
            Action::Refused { key, message } => {
                if let Some(entry) = next.entry(key) {
                    entry.phase = Phase::Loaded(Rc::new(refused_report(&entry.name, message)));
                }
            }
            Action::Remove(key) => next.files.retain(|f| f.key != key),
            Action::Clear => {
                next.files.clear();
                // A fresh start: the next files' findings may open on their own.
                next.chosen = false;
            }
            Action::Open(view) => {
                let shown = next.memory.shown(view);
                next.chosen = true;
                next.show(shown);
            }
            Action::Show(shown) => {
                next.chosen = true;
                next.show(shown);
            }
            Action::Select(index) => {
                next.table.selected = Some(index);
                next.table.detail = None;
            }
            Action::Resize { column, px } => {
                Rc::make_mut(&mut next.widths).insert(column, clamp_px(px) as u32);
            }
            Action::Zone(zone) => next.zone = zone,
            Action::Settings(settings) => {
                if settings != next.settings {
                    // The same view, answered again with the new thresholds.
                    next.settings = settings;
                    let shown = next.shown.clone();
                    next.show(shown);
                }
            }
            Action::Share(ask) => {
                next.share = ShareState {
                    busy: Some((ask, 0, 0)),
                    ..ShareState::default()
                };
            }
            Action::Export => {
                next.export = ExportState {
                    busy: Some((0, 0)),
                    failed: None,
                };
            }
            Action::Kql(ask) => {
                next.kql = ask.map(|ask| KqlShown { ask, text: None });
            }
            Action::Failure(message) => next.failure = Some(message),
            Action::Worker { reply, now_ms } => next.apply_reply(reply, now_ms),
        }
        Rc::new(next)
    }
}

/// The Rows view over `filters` of the sign-ins (a click on a chart).
pub fn sign_ins_where(filters: Vec<Filter>) -> Shown {
    rows_where(DatasetId::SignIns, filters)
}

/// The Rows view over `filters` of `dataset` ("Show these rows").
pub fn rows_where(dataset: DatasetId, filters: Vec<Filter>) -> Shown {
    Shown::Rows(Query {
        dataset,
        filters,
        ..Query::default()
    })
}

/// The engine's description of a file the page refused before reading it.
fn refused_report(name: &str, message: String) -> FileReport {
    FileReport {
        id: FileId(u32::MAX),
        name: name.to_string(),
        kind: ReportKind::Unknown,
        label: String::new(),
        variant: None,
        matched_columns: Vec::new(),
        rows: 0,
        bad_rows: 0,
        loading: false,
        unreadable: true,
        diagnostics: vec![Diagnostic::new(
            name,
            None,
            Severity::Error,
            DiagnosticCode::TooLarge,
            message,
        )],
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

#[cfg(test)]
mod tests;
