//! The one API both faces use: files in (in chunks), tables and their
//! classification out.
//!
//! A [`Workspace`] holds every loaded file's table. Adding, finishing or removing
//! a file rebuilds the auth-details join and the sign-in classification from the
//! stored columns, so the numbers never depend on the order files arrive in.
//! A face that knows more files are coming (the page's worker, with a queue of
//! dropped files) finishes them with [`Workspace::finish_deferred`] and settles
//! once at the end: rebuilding after each of fifteen portal files would join
//! and classify the first file's rows fifteen times.
//! Nothing here panics on input: a file that is not a table (binary, .xlsx,
//! empty) becomes an unreadable entry with its diagnostic, and the others are
//! untouched.
//!
//! The workspace knows files, tables, the join and the classification, and
//! nothing built from them: the row views ([`crate::query`]), the report
//! analyses ([`crate::reports`]) and Summary JSON v1 ([`crate::Summary::of`])
//! read the workspace from above, so it never depends on what they count.

use serde::{Deserialize, Serialize};

use crate::built::{step_facts_of, BuiltFile, FileBuilder};
use crate::classify::{Reasons, SignInClasses};
use crate::detect::ReportKind;
use crate::diagnostic::{Diagnostic, DiagnosticCode, Severity};
use crate::ingest::LoadedFile;
use crate::join::{
    classify_in_place, ClassesAway, JoinIndex, JoinSeen, JoinStats, StepFacts, LOW_JOIN_RATE,
};
use crate::store::{FxHashMap, Table};

/// Chunk size used by [`Workspace::load`], like the browser's file slices.
pub const LOAD_CHUNK: usize = 1 << 20;

/// A file's handle, stable for the life of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileId(pub u32);

/// What the page shows about one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub id: FileId,
    pub name: String,
    /// Stable kind id.
    pub kind: ReportKind,
    pub label: String,
    pub variant: Option<String>,
    /// Captions that made the detection.
    pub matched_columns: Vec<String>,
    pub rows: u64,
    pub bad_rows: u64,
    /// Still receiving chunks.
    pub loading: bool,
    /// Could not be read as a table at all.
    pub unreadable: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// A finished file as the passes over the workspace read it: its table and,
/// for sign-ins, their classification.
pub struct FileView<'a> {
    /// The file's handle, so a pass can point at its rows ([`crate::query::RowRef`]).
    pub id: FileId,
    pub file: &'a LoadedFile,
    pub classes: Option<&'a SignInClasses>,
}

enum State {
    Loading(Box<FileBuilder>),
    /// Being read elsewhere (a shard worker); [`Workspace::adopt`] brings it.
    Remote,
    Loaded(Box<LoadedFile>),
    Unreadable,
}

struct Slot {
    id: FileId,
    name: String,
    state: State,
    /// Diagnostics of a fatal read error.
    fatal: Vec<Diagnostic>,
    classes: Option<SignInClasses>,
    /// What the join needs from the file's auth-details rows, when it was
    /// worked out ([`BuiltFile::facts`], or [`Workspace::step_facts_bytes`]).
    facts: Option<Vec<StepFacts>>,
    /// Finished with [`Workspace::finish_deferred`] and not yet joined or
    /// classified: reported as still loading, left out of tables and summaries.
    pending: bool,
}

impl Slot {
    /// The file's reading is over: keep what it gave.
    fn place(&mut self, built: BuiltFile) {
        self.fatal.extend(built.fatal);
        self.facts = built.facts;
        self.state = match built.loaded {
            Some(file) => State::Loaded(Box::new(file)),
            None => State::Unreadable,
        };
    }
}

/// All loaded files and what they say together.
#[derive(Default)]
pub struct Workspace {
    slots: Vec<Slot>,
    reports: Vec<FileReport>,
    reasons: Reasons,
    join_stats: JoinStats,
    auth_details_rows: u64,
    next_id: u32,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace::default()
    }

    /// Start a file; feed it with [`push`](Self::push), end with [`finish`](Self::finish).
    pub fn begin_file(&mut self, name: &str) -> FileId {
        self.begin(name, State::Loading(Box::new(FileBuilder::new(name))))
    }

    /// Start a file that is read elsewhere (a shard worker, with a
    /// [`FileBuilder`]): it has its place in the load order now, is reported
    /// as loading, and is complete when its [`BuiltFile`] is
    /// [`adopt`](Self::adopt)ed. Results never depend on which file's reading
    /// ends first.
    pub fn begin_remote(&mut self, name: &str) -> FileId {
        self.begin(name, State::Remote)
    }

    fn begin(&mut self, name: &str, state: State) -> FileId {
        let id = FileId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        self.slots.push(Slot {
            id,
            name: name.to_string(),
            state,
            fatal: Vec::new(),
            classes: None,
            facts: None,
            pending: false,
        });
        self.refresh_reports();
        id
    }

    /// The reading of a file begun with [`begin_remote`](Self::begin_remote)
    /// is over: it takes `built` as if it had been read here. With
    /// `deferred`, as [`finish_deferred`](Self::finish_deferred); otherwise
    /// as [`finish`](Self::finish). Ignored for an id that was removed or is
    /// not remote.
    pub fn adopt(&mut self, id: FileId, built: BuiltFile, deferred: bool) {
        let Some(slot) = self.slot_mut(id) else {
            return;
        };
        if !matches!(slot.state, State::Remote) {
            return;
        }
        slot.place(built);
        self.after_complete(id, deferred);
    }

    /// A file begun with [`begin_remote`](Self::begin_remote) is read here
    /// after all, from its first byte: feed it with [`push`](Self::push).
    /// (Its parts could not be joined: see [`crate::built::parts`].) Ignored
    /// for an id that was removed or is not remote.
    pub fn read_here(&mut self, id: FileId) {
        if let Some(slot) = self.slot_mut(id) {
            if matches!(slot.state, State::Remote) {
                slot.state = State::Loading(Box::new(FileBuilder::new(&slot.name)));
            }
        }
    }

    fn slot_mut(&mut self, id: FileId) -> Option<&mut Slot> {
        self.slots.iter_mut().find(|s| s.id == id)
    }

    /// Feed the next chunk (any size, split anywhere). Unknown or finished ids are
    /// ignored; a fatal read error marks the file unreadable.
    pub fn push(&mut self, id: FileId, chunk: &[u8]) {
        let Some(slot) = self.slot_mut(id) else {
            return;
        };
        if let State::Loading(builder) = &mut slot.state {
            builder.push(chunk);
        }
    }

    /// The file is complete: build its table and recompute everything (this
    /// also settles every file finished with [`finish_deferred`](Self::finish_deferred)).
    pub fn finish(&mut self, id: FileId) {
        self.complete(id);
        self.after_complete(id, false);
    }

    /// The file is complete, and more are coming: build its table but leave
    /// the join and the classification for [`settle`](Self::settle) (or the
    /// next [`finish`](Self::finish) or [`remove`](Self::remove)). Until then the
    /// file is reported as loading and is in no table, query or summary, so
    /// what the faces see stays consistent.
    pub fn finish_deferred(&mut self, id: FileId) {
        self.complete(id);
        self.after_complete(id, true);
    }

    /// A file's reading is over: settle now, or mark it for the next
    /// [`settle`](Self::settle).
    fn after_complete(&mut self, id: FileId, deferred: bool) {
        if !deferred {
            self.rebuild();
            return;
        }
        if let Some(slot) = self.slot_mut(id) {
            slot.pending = matches!(slot.state, State::Loaded(_));
        }
        self.refresh_reports();
    }

    /// Joins and classifies the files finished with
    /// [`finish_deferred`](Self::finish_deferred); true when there were any.
    pub fn settle(&mut self) -> bool {
        let any = self.slots.iter().any(|s| s.pending);
        if any {
            self.rebuild();
        }
        any
    }

    /// The source stopped delivering bytes before the end of `id` (in the
    /// browser: the file was moved, deleted or changed on disk after it was
    /// picked). The complete records read so far are kept — the record cut in
    /// the middle is dropped rather than stored half — and an error says how far
    /// the reading got, so no count is silently short. `cause` is the face's
    /// own words for what failed. With `deferred`, as [`finish_deferred`](Self::finish_deferred).
    pub fn finish_cut_short(
        &mut self,
        id: FileId,
        read: u64,
        size: u64,
        cause: &str,
        deferred: bool,
    ) {
        let Some(slot) = self.slot_mut(id) else {
            return;
        };
        let State::Loading(builder) = std::mem::replace(&mut slot.state, State::Unreadable) else {
            return;
        };
        slot.place(builder.finish_cut_short(read, size, cause));
        self.after_complete(id, deferred);
    }

    /// Ends a file's reading: its table, or its fatal diagnostic.
    fn complete(&mut self, id: FileId) {
        let Some(slot) = self.slot_mut(id) else {
            return;
        };
        match std::mem::replace(&mut slot.state, State::Unreadable) {
            State::Loading(builder) => slot.place(builder.finish()),
            other => slot.state = other,
        }
    }

    /// True once `id` is known not to be a table (empty, binary, a workbook, a
    /// PDF): the rest of its bytes would be ignored, so a caller reading a large
    /// file in slices can stop reading it.
    pub fn is_unreadable(&self, id: FileId) -> bool {
        match self.slots.iter().find(|s| s.id == id).map(|s| &s.state) {
            Some(State::Unreadable) => true,
            Some(State::Loading(builder)) => builder.is_unreadable(),
            _ => false,
        }
    }

    /// Data rows stored so far for `id`: growing while it loads, final after
    /// [`finish`](Self::finish); 0 for an unknown or unreadable file.
    pub fn rows_loaded(&self, id: FileId) -> u64 {
        match self.slots.iter().find(|s| s.id == id).map(|s| &s.state) {
            Some(State::Loading(builder)) => builder.rows_so_far(),
            Some(State::Loaded(f)) => f.table.rows() as u64,
            _ => 0,
        }
    }

    /// Load a whole file from memory, in [`LOAD_CHUNK`] slices.
    pub fn load(&mut self, name: &str, bytes: &[u8]) -> FileId {
        let id = self.begin_file(name);
        for chunk in bytes.chunks(LOAD_CHUNK) {
            self.push(id, chunk);
        }
        self.finish(id);
        id
    }

    /// Forget a file; the others are re-joined and re-classified.
    pub fn remove(&mut self, id: FileId) {
        self.slots.retain(|s| s.id != id);
        self.rebuild();
    }

    pub fn clear(&mut self) {
        self.slots.clear();
        self.rebuild();
    }

    /// One report per file, in the order the files were begun.
    pub fn files(&self) -> &[FileReport] {
        &self.reports
    }

    /// The stored table of a finished file.
    pub fn table(&self, id: FileId) -> Option<&Table> {
        self.slots
            .iter()
            .find(|s| s.id == id && !s.pending)
            .and_then(|s| match &s.state {
                State::Loaded(f) => Some(&f.table),
                _ => None,
            })
    }

    /// The classification of a sign-in file's rows.
    pub fn sign_in_classes(&self, id: FileId) -> Option<&SignInClasses> {
        self.slots
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.classes.as_ref())
    }

    /// Denial reasons referenced by [`SignInClasses::reasons`].
    pub fn reasons(&self) -> &Reasons {
        &self.reasons
    }

    /// Auth-details join figures.
    pub fn join_stats(&self) -> JoinStats {
        self.join_stats
    }

    /// Auth-details rows loaded (attached to sign-ins, never counted as ones).
    pub fn auth_details_rows(&self) -> u64 {
        self.auth_details_rows
    }

    /// Estimated heap bytes of all tables and classifications.
    pub fn heap_bytes(&self) -> usize {
        self.slots
            .iter()
            .map(|s| {
                let table = match &s.state {
                    State::Loaded(f) => f.table.heap_bytes(),
                    _ => 0,
                };
                table + s.classes.as_ref().map_or(0, SignInClasses::heap_bytes)
            })
            .sum()
    }

    /// The finished files (not those still loading or deferred), in load order.
    pub(crate) fn views(&self) -> Vec<FileView<'_>> {
        self.slots
            .iter()
            .filter(|s| !s.pending)
            .filter_map(|s| match &s.state {
                State::Loaded(f) => Some(FileView {
                    id: s.id,
                    file: f,
                    classes: s.classes.as_ref(),
                }),
                _ => None,
            })
            .collect()
    }

    /// Every loaded file's step facts, in load order, as bytes for the
    /// workers that classify sign-ins where they read them
    /// ([`crate::join::classify_away`]); see [`settle_with`](Self::settle_with).
    /// Facts not worked out where a file was read are worked out now.
    pub fn step_facts_bytes(&mut self) -> Vec<u8> {
        for s in &mut self.slots {
            if let (State::Loaded(f), None) = (&s.state, &s.facts) {
                s.facts = Some(step_facts_of(f));
            }
        }
        let all: Vec<&StepFacts> = self.loaded_facts().flatten().flatten().collect();
        StepFacts::encode_all(all.into_iter())
    }

    /// Each loaded file's step facts, `None` where not worked out.
    fn loaded_facts(&self) -> impl Iterator<Item = Option<&Vec<StepFacts>>> {
        self.slots
            .iter()
            .filter(|s| matches!(s.state, State::Loaded(_)))
            .map(|s| s.facts.as_ref())
    }

    /// As [`settle`](Self::settle), with the classes of sign-in files (a file
    /// read in parts: each part's, with its number) worked out elsewhere against
    /// [`step_facts_bytes`](Self::step_facts_bytes), and what those workers
    /// saw of the join (pooled). Files without classes here, or whose
    /// classes do not fit their table, are classified here; if `seen` does
    /// not match the facts this workspace holds, nothing from elsewhere is
    /// used. The result is the same as [`settle`](Self::settle)'s; the
    /// answer is how many files' classes were taken from `away` (`None`
    /// when nothing was waiting to be settled).
    pub fn settle_with(
        &mut self,
        mut away: Vec<(FileId, Option<u32>, ClassesAway)>,
        seen: JoinSeen,
    ) -> Option<usize> {
        if !self.slots.iter().any(|s| s.pending) {
            return None;
        }
        // Each file's parts, in file order.
        away.sort_by_key(|(id, part, _)| (*id, *part));
        let mut by_file: FxHashMap<FileId, Vec<ClassesAway>> = FxHashMap::default();
        for (id, _, classes) in away {
            by_file.entry(id).or_default().push(classes);
        }
        Some(self.rebuild_with(by_file, Some(seen)))
    }

    /// Re-join and re-classify everything, then refresh the reports.
    fn rebuild(&mut self) {
        self.rebuild_with(FxHashMap::default(), None);
    }

    /// [`rebuild`](Self::rebuild), taking the classes in `away` instead of
    /// working them out, where they fit; answers how many files' it took.
    ///
    /// Either way a file's classes come from the same two halves
    /// (`SignInsAlone`, then [`JoinIndex::classify`]) with reasons in a list
    /// of the file's own, put in the workspace's terms in file order: the
    /// auth-details files' reasons first, then each sign-in file's, as one
    /// pass over every file would number them.
    fn rebuild_with(
        &mut self,
        away: FxHashMap<FileId, Vec<ClassesAway>>,
        seen: Option<JoinSeen>,
    ) -> usize {
        for s in &mut self.slots {
            s.pending = false;
        }
        // What came from elsewhere is used only for the facts held here.
        let facts_rows: Option<u64> = self
            .loaded_facts()
            .map(|f| f.map(|f| f.iter().map(StepFacts::rows).sum::<u64>()))
            .sum();
        let seen = seen.filter(|s| Some(s.facts_rows) == facts_rows);
        let mut fitted = match &seen {
            Some(_) => self.fitting(away),
            None => FxHashMap::default(),
        };
        let taken = fitted.len();
        let every_sign_in_away = self.slots.iter().all(|s| match &s.state {
            State::Loaded(f) if f.detection.kind.is_sign_ins() => fitted.contains_key(&s.id),
            _ => true,
        });
        // The index is built here only if a file is classified here, or no
        // worker said how many Request IDs there are.
        let index = (seen.is_none() || !every_sign_in_away).then(|| self.join_index());
        let mut reasons = match &index {
            Some(index) => index.reasons().clone(),
            None => {
                let mut reasons = Reasons::default();
                for f in self.loaded_facts().flatten().flatten() {
                    reasons.intern_all(f.reasons());
                }
                reasons
            }
        };
        let classes: Vec<Option<SignInClasses>> = self
            .slots
            .iter()
            .map(|s| {
                let State::Loaded(f) = &s.state else {
                    return None;
                };
                let parts = match (fitted.remove(&s.id), &index) {
                    (Some(parts), _) => parts,
                    (None, Some(index)) => vec![classify_in_place(f, index)?],
                    (None, None) => return None,
                };
                Some(in_terms_of(parts, &mut reasons))
            })
            .collect();
        let join_stats = pooled_stats(index.as_ref(), seen.as_ref());
        let auth_details_rows = index.as_ref().map_or(facts_rows.unwrap_or(0), |i| i.rows);
        drop(index);
        for (s, c) in self.slots.iter_mut().zip(classes) {
            s.classes = c;
        }
        self.join_stats = join_stats;
        self.auth_details_rows = auth_details_rows;
        self.reasons = reasons;
        self.refresh_reports();
        taken
    }

    /// The classes in `away` that fit a loaded sign-in file: one per row,
    /// over its parts.
    fn fitting(
        &self,
        mut away: FxHashMap<FileId, Vec<ClassesAway>>,
    ) -> FxHashMap<FileId, Vec<ClassesAway>> {
        let mut fitted = FxHashMap::default();
        for s in &self.slots {
            if let (State::Loaded(f), Some(parts)) = (&s.state, away.remove(&s.id)) {
                let rows: usize = parts.iter().map(|p| p.classes.rows.len()).sum();
                let codes: usize = parts.iter().map(|p| p.classes.reasons.len()).sum();
                if f.detection.kind.is_sign_ins() && rows == f.table.rows() && codes == rows {
                    fitted.insert(s.id, parts);
                }
            }
        }
        fitted
    }

    /// Every loaded file's auth-details steps by Request ID, in load order:
    /// from its step facts where a shard worked them out, else from its
    /// rows (the same index either way).
    fn join_index(&self) -> JoinIndex<'_> {
        let mut index = JoinIndex::default();
        for s in &self.slots {
            let State::Loaded(f) = &s.state else {
                continue;
            };
            match &s.facts {
                Some(facts) => facts.iter().for_each(|facts| index.add(facts)),
                None => {
                    if f.detection.kind == ReportKind::EntraAuthDetails {
                        index.add_table(&f.table, &f.map);
                    }
                    if let Some(steps) = &f.steps {
                        index.add_table(&steps.table, &steps.map);
                    }
                }
            }
        }
        index
    }

    fn refresh_reports(&mut self) {
        let any_sign_ins = self
            .slots
            .iter()
            .any(|s| matches!(&s.state, State::Loaded(f) if f.detection.kind.is_sign_ins()));
        let rate = self.join_stats.rate();
        self.reports = self
            .slots
            .iter()
            .map(|s| {
                let mut report = FileReport {
                    id: s.id,
                    name: s.name.clone(),
                    kind: ReportKind::Unknown,
                    label: ReportKind::Unknown.label().to_string(),
                    variant: None,
                    matched_columns: Vec::new(),
                    rows: 0,
                    bad_rows: 0,
                    loading: s.pending || matches!(s.state, State::Loading(_) | State::Remote),
                    unreadable: matches!(s.state, State::Unreadable),
                    diagnostics: s.fatal.clone(),
                };
                if let State::Loaded(f) = &s.state {
                    report.kind = f.detection.kind;
                    report.label = f.detection.label();
                    report.variant = f.detection.variant.clone();
                    report.matched_columns = f.detection.matched_columns.clone();
                    report.rows = f.table.rows() as u64;
                    report.bad_rows = f.bad_rows;
                    report.diagnostics.extend(f.diagnostics.iter().cloned());
                    if f.detection.kind == ReportKind::EntraAuthDetails && f.table.rows() > 0 {
                        report
                            .diagnostics
                            .extend(join_diagnostic(&s.name, any_sign_ins, rate));
                    }
                }
                report
            })
            .collect();
    }
}

fn join_diagnostic(file: &str, any_sign_ins: bool, rate: Option<f64>) -> Option<Diagnostic> {
    if !any_sign_ins {
        return Some(Diagnostic::new(
            file,
            None,
            Severity::Warning,
            DiagnosticCode::AuthDetailsWithoutSignIns,
            "These are authentication details without their sign-ins. Add the matching \
             sign-in export (same date range, same download) so each step can be attached \
             to its sign-in; on their own they are not counted.",
        ));
    }
    let rate = rate?;
    (rate < LOW_JOIN_RATE).then(|| {
        Diagnostic::new(
            file,
            None,
            Severity::Warning,
            DiagnosticCode::LowJoinRate,
            format!(
                "Only {:.0}% of these authentication details match a loaded sign-in by \
                 Request ID. The files probably come from different downloads or date \
                 ranges (or interactive details were paired with non-interactive \
                 sign-ins); unmatched steps are ignored.",
                rate * 100.0
            ),
        )
    })
}

/// The join figures: from the index built here, with what the workers
/// that classified elsewhere saw looked up (when they were given the same
/// facts), or from those workers alone.
fn pooled_stats(index: Option<&JoinIndex<'_>>, seen: Option<&JoinSeen>) -> JoinStats {
    match (index, seen) {
        (Some(index), seen) => {
            if let Some(seen) = seen.filter(|s| s.request_ids == index.request_ids() as u64) {
                index.add_matched(&seen.matched);
            }
            JoinStats {
                request_ids: index.request_ids(),
                matched: index.matched(),
            }
        }
        (None, Some(seen)) => JoinStats {
            request_ids: seen.request_ids as usize,
            matched: seen.matched_count(),
        },
        (None, None) => JoinStats::default(),
    }
}

/// A file's classes from its parts, in order, with codes into `global`.
fn in_terms_of(parts: Vec<ClassesAway>, global: &mut Reasons) -> SignInClasses {
    let mut whole = SignInClasses::default();
    for part in parts {
        let part = part.into_terms_of(global);
        if whole.rows.is_empty() {
            whole = part;
        } else {
            whole.rows.extend(part.rows);
            whole.reasons.extend(part.reasons);
        }
    }
    whole
}
