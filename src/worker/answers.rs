//! What is shown, and its answer kept current.
//!
//! The page tells the worker what the person looks at ([`Shown`]); this keeps
//! it, computes its answer, and computes it again after each change to the
//! files. Answers are cached per (files generation, what is shown), so going
//! back to a tab already visited costs no computation; a change to the files
//! starts a new generation and empties the cache.
//!
//! The Rows answer is special: the follow-up questions (a window of cells, a
//! row's detail, a column's values, an export) need the result set behind it,
//! one `u64` per matching row. Only the latest one is kept, and it doubles as
//! the Rows cache entry.
//!
//! Everything here is plain Rust over the core, so the caching rules are
//! tested natively (see the tests below) without a browser.

use std::rc::Rc;

use mfa_lens_core::findings::{self, FindingSettings, Findings};
use mfa_lens_core::query::{self, Query, ResultSet, SortCache, UserQuery};
use mfa_lens_core::{Summary, UserSummary, Workspace};

use super::compute;
use crate::protocol::{user_cells, Answer, AnswerBody, Files, RowWindow, Shown};

/// Answers kept besides the current one: every tab a person switches between
/// in practice, without holding dozens of reports.
const CACHED: usize = 8;

/// The result set behind the latest Rows answer.
pub struct RowsResult {
    files: u32,
    /// The query as the page sent it.
    asked: Query,
    pub result: ResultSet,
    /// The columns shown (the query's, or the dataset's defaults).
    pub shown: Vec<String>,
    answer: AnswerBody,
}

/// The users behind the latest Users answer, for its windows.
struct UsersResult {
    files: u32,
    asked: UserQuery,
    list: Vec<UserSummary>,
    answer: AnswerBody,
}

#[derive(Default)]
pub struct Answers {
    /// The files generation: bumped on every change to the files.
    files: u32,
    seq: u32,
    shown: Shown,
    cache: Vec<(u32, Shown, AnswerBody)>,
    computations: u64,
    rows: Option<RowsResult>,
    users: Option<UsersResult>,
    sort_cache: SortCache,
    /// The findings thresholds the page holds (they come with every `Show`).
    settings: FindingSettings,
    /// The findings of (files generation, settings): the Findings answer and
    /// the Findings tab's count share one analysis.
    findings: Option<(u32, FindingSettings, Option<Rc<Findings>>)>,
}

impl Answers {
    /// The page shows something else now: its answer.
    pub fn show(
        &mut self,
        ws: &Workspace,
        files: &Files,
        seq: u32,
        shown: Shown,
        settings: FindingSettings,
    ) -> Answer {
        if settings != self.settings {
            // The Overview's summary and the findings depend on them.
            self.settings = settings;
            self.cache.clear();
        }
        self.seq = seq;
        self.shown = shown;
        self.answer(ws, files)
    }

    /// The files changed: a new generation, and the answer to what is shown.
    pub fn files_changed(&mut self, ws: &Workspace, files: &mut Files) -> Answer {
        self.files = self.files.wrapping_add(1);
        files.generation = self.files;
        self.cache.clear();
        self.rows = None;
        self.users = None;
        if ws.files().is_empty() {
            // Nothing loaded: text sorts start again from nothing.
            self.sort_cache = SortCache::default();
        }
        files.findings = self.findings(ws).map(|f| f.counts);
        self.answer(ws, files)
    }

    /// The findings with the current settings, analysed once per files
    /// generation and settings.
    fn findings(&mut self, ws: &Workspace) -> Option<Rc<Findings>> {
        if let Some((files, settings, found)) = &self.findings {
            if *files == self.files && *settings == self.settings {
                return found.clone();
            }
        }
        self.computations += 1;
        let found = findings::analyse(ws, &self.settings).map(Rc::new);
        self.findings = Some((self.files, self.settings, found.clone()));
        found
    }

    /// Summary JSON v1 of the loaded files with the page's thresholds, as
    /// `mfa-lens summary` prints it (line end included): the Overview's
    /// download, written here because the Overview's answer carries only the
    /// findings' counts.
    pub fn summary_json(&mut self, ws: &Workspace) -> String {
        let found = self.findings(ws);
        let summary = Summary::with_findings(ws, found.as_deref());
        let json = serde_json::to_string(&summary).unwrap_or_default();
        format!("{json}\n")
    }

    /// The result behind the Rows answer `seq`, if that is still the one shown.
    pub fn rows_of(&self, seq: u32) -> Option<&RowsResult> {
        self.rows
            .as_ref()
            .filter(|r| seq == self.seq && r.files == self.files)
            .filter(|_| matches!(self.shown, Shown::Rows(_)))
    }

    /// The users behind the Users answer `seq`, if that is still the one
    /// shown.
    pub fn users_of(&self, seq: u32) -> Option<&[UserSummary]> {
        self.users
            .as_ref()
            .filter(|u| seq == self.seq && u.files == self.files)
            .filter(|_| matches!(self.shown, Shown::Users(_)))
            .map(|u| u.list.as_slice())
    }

    /// The query the Rows answer `seq` was asked with.
    pub fn rows_query(&self, seq: u32) -> Option<&Query> {
        self.rows_of(seq).map(|r| &r.asked)
    }

    /// The findings thresholds the page sent last.
    pub fn settings(&self) -> &FindingSettings {
        &self.settings
    }

    /// Whether `seq` is the answer on screen (for follow-ups without a result set).
    pub fn is_current(&self, seq: u32) -> bool {
        seq == self.seq
    }

    fn answer(&mut self, ws: &Workspace, files: &Files) -> Answer {
        let shown = offered(&self.shown, files);
        let body = match &shown {
            Shown::Rows(query) => self.rows_answer(ws, files, query),
            Shown::Users(query) => self.users_answer(ws, query),
            // Not cached: each page is a cheap slice of the findings kept below.
            Shown::Findings { .. } => {
                let found = self.findings(ws);
                compute::answer(ws, &shown, found.as_deref())
            }
            _ => self.cached(ws, &shown),
        };
        Answer {
            seq: self.seq,
            files: self.files,
            computations: self.computations,
            body,
        }
    }

    fn cached(&mut self, ws: &Workspace, shown: &Shown) -> AnswerBody {
        let hit = self
            .cache
            .iter()
            .position(|(files, s, _)| *files == self.files && s == shown);
        if let Some(i) = hit {
            // Most recently used last.
            let entry = self.cache.remove(i);
            let body = entry.2.clone();
            self.cache.push(entry);
            return body;
        }
        self.computations += 1;
        let found = match shown {
            Shown::Overview => self.findings(ws),
            _ => None,
        };
        let body = compute::answer(ws, shown, found.as_deref());
        if self.cache.len() == CACHED {
            self.cache.remove(0);
        }
        self.cache.push((self.files, shown.clone(), body.clone()));
        body
    }

    fn rows_answer(&mut self, ws: &Workspace, files: &Files, asked: &Query) -> AnswerBody {
        if let Some(r) = &self.rows {
            if r.files == self.files && r.asked == *asked {
                return r.answer.clone();
            }
        }
        self.computations += 1;
        let query = compute::on_offered_dataset(asked, &files.datasets);
        let (answer, result, shown) = compute::rows(ws, query, &mut self.sort_cache);
        let body = AnswerBody::Rows(Rc::new(answer));
        self.rows = Some(RowsResult {
            files: self.files,
            asked: asked.clone(),
            result,
            shown,
            answer: body.clone(),
        });
        body
    }
}

impl Answers {
    fn users_answer(&mut self, ws: &Workspace, asked: &UserQuery) -> AnswerBody {
        if let Some(u) = &self.users {
            if u.files == self.files && u.asked == *asked {
                return u.answer.clone();
            }
        }
        self.computations += 1;
        let list = query::users(ws, asked);
        let answer = AnswerBody::Users(Rc::new(compute::users(&list)));
        self.users = Some(UsersResult {
            files: self.files,
            asked: asked.clone(),
            list,
            answer: answer.clone(),
        });
        answer
    }
}

/// What is answered for `shown`: itself when the files offer its tab, else
/// the Overview (a shared link to a report opened before its file is
/// dropped shows the Overview until the file arrives).
fn offered(shown: &Shown, files: &Files) -> Shown {
    let ok = match shown {
        Shown::Report(id) => files.reports.contains(id),
        Shown::Registration(_) => files.registration,
        Shown::Findings { .. } => files.findings.is_some(),
        _ => true,
    };
    if ok {
        shown.clone()
    } else {
        Shown::Overview
    }
}

/// Rows of a query: at most this many per window, so a bad request cannot ask
/// for millions of cells.
pub const MAX_WINDOW: u64 = 2_000;

/// The cells of rows `offset..offset + limit` of a result.
pub fn window(ws: &Workspace, rows: &RowsResult, offset: u64, limit: u64) -> RowWindow {
    let page = query::page(
        ws,
        &rows.result,
        offset as usize,
        limit.min(MAX_WINDOW) as usize,
        &rows.shown,
    );
    RowWindow {
        offset,
        rows: (0..page.row_count())
            .map(|r| page.row_cells(r).into_iter().map(str::to_string).collect())
            .collect(),
        times: page.times,
    }
}

/// The lines of users `offset..offset + limit`, as the grid shows them.
pub fn users_window(users: &[UserSummary], offset: u64, limit: u64) -> RowWindow {
    RowWindow {
        offset,
        rows: users
            .iter()
            .skip(offset as usize)
            .take(limit.min(MAX_WINDOW) as usize)
            .map(user_cells)
            .collect(),
        times: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mfa_lens_core::reports::registration::RegistrationRequest;

    fn workspace() -> Workspace {
        let mut ws = Workspace::default();
        for (name, bytes) in crate::sample::files() {
            ws.load(name, bytes);
        }
        ws
    }

    /// `Answers::show` with the default thresholds.
    fn show(
        answers: &mut Answers,
        ws: &Workspace,
        files: &Files,
        seq: u32,
        shown: Shown,
    ) -> Answer {
        answers.show(ws, files, seq, shown, FindingSettings::default())
    }

    fn files_of(ws: &Workspace, answers: &mut Answers) -> (Files, Answer) {
        let mut files = super::super::files::build(ws, &Default::default());
        let answer = answers.files_changed(ws, &mut files);
        (files, answer)
    }

    /// The findings section of an Overview answer's summary.
    fn overview_findings(answer: &Answer) -> &Findings {
        let AnswerBody::Overview(o) = &answer.body else {
            panic!("overview expected, got {:?}", answer.body);
        };
        o.summary
            .as_ref()
            .and_then(|s| s.findings.as_ref())
            .expect("a findings section")
    }

    #[test]
    fn going_back_to_a_visited_tab_computes_nothing() {
        let ws = workspace();
        let mut answers = Answers::default();
        let (files, first) = files_of(&ws, &mut answers);
        assert!(matches!(first.body, AnswerBody::Overview(_)));
        let users = show(
            &mut answers,
            &ws,
            &files,
            1,
            Shown::Users(Default::default()),
        );
        let reference = show(
            &mut answers,
            &ws,
            &files,
            2,
            Shown::Reference("declined".into()),
        );
        let rows = show(&mut answers, &ws, &files, 3, Shown::Rows(Query::default()));
        let computed = rows.computations;
        assert_eq!(
            computed, 5,
            "findings (the tab's count), overview, users, reference, rows"
        );
        for (seq, shown) in [
            (4, Shown::Overview),
            (5, Shown::Users(Default::default())),
            (6, Shown::Reference("declined".into())),
            (7, Shown::Rows(Query::default())),
            (8, Shown::Overview),
            (9, Shown::Findings { first: 50 }),
        ] {
            let again = show(&mut answers, &ws, &files, seq, shown);
            assert_eq!(again.computations, computed, "seq {seq} was computed again");
            assert_eq!(again.seq, seq);
        }
        assert_eq!(
            show(
                &mut answers,
                &ws,
                &files,
                9,
                Shown::Users(Default::default())
            )
            .body,
            users.body
        );
        assert_eq!(
            show(
                &mut answers,
                &ws,
                &files,
                10,
                Shown::Reference("declined".into())
            )
            .body,
            reference.body
        );
    }

    #[test]
    fn a_change_of_files_answers_again_what_is_shown() {
        let mut ws = workspace();
        let mut answers = Answers::default();
        let (files, _) = files_of(&ws, &mut answers);
        let before = show(
            &mut answers,
            &ws,
            &files,
            1,
            Shown::Users(Default::default()),
        );
        let AnswerBody::Users(users) = &before.body else {
            panic!("users answer expected");
        };
        assert!(users.total > 0);
        ws.clear();
        let (_, after) = files_of(&ws, &mut answers);
        assert_eq!(after.seq, 1, "still the answer to what is shown");
        // The findings (for the tab's count) and the users again.
        assert_eq!(after.computations, before.computations + 2);
        let AnswerBody::Users(users) = &after.body else {
            panic!("users answer expected");
        };
        assert_eq!(users.total, 0);
        assert_eq!(answers.users_of(1).map(<[_]>::len), Some(0));
    }

    #[test]
    fn the_users_come_a_window_at_a_time_in_the_answers_order() {
        let ws = workspace();
        let mut answers = Answers::default();
        let (files, _) = files_of(&ws, &mut answers);
        let asked = UserQuery {
            sort: query::UserColumn::User,
            ..UserQuery::default()
        };
        let answer = show(&mut answers, &ws, &files, 1, Shown::Users(asked.clone()));
        let AnswerBody::Users(users) = &answer.body else {
            panic!("users answer expected");
        };
        let all = query::users(&ws, &asked);
        assert_eq!(users.total, all.len() as u64);
        assert!(all.len() > 3, "the sample has several users");
        // The widths fit the widest cell of each column, over every user.
        let widest_name = all.iter().map(|u| u.user.chars().count()).max().unwrap();
        assert_eq!(users.widths[0] as usize, widest_name);
        // A window: those users, in the answer's order, as the grid shows them.
        let list = answers.users_of(1).expect("the users of the answer shown");
        let window = users_window(list, 1, 2);
        assert_eq!(window.offset, 1);
        assert_eq!(window.rows, vec![user_cells(&all[1]), user_cells(&all[2])]);
        assert_eq!(
            window.rows[0][0], all[1].user,
            "the first cell names the user"
        );
        // Past the end: what there is.
        assert_eq!(users_window(list, all.len() as u64 - 1, 50).rows.len(), 1);
        // Another view shown: the users of answer 1 are no longer asked about.
        show(&mut answers, &ws, &files, 2, Shown::Overview);
        assert!(answers.users_of(1).is_none());
        assert!(answers.users_of(2).is_none());
    }

    #[test]
    fn a_tab_the_files_do_not_offer_is_answered_with_the_overview() {
        let ws = workspace();
        let mut answers = Answers::default();
        let (files, _) = files_of(&ws, &mut answers);
        assert!(!files.registration, "the sample has no registration report");
        let answer = show(
            &mut answers,
            &ws,
            &files,
            1,
            Shown::Registration(RegistrationRequest::default()),
        );
        assert!(matches!(answer.body, AnswerBody::Overview(_)));
    }

    #[test]
    fn the_findings_follow_the_thresholds_and_agree_with_the_tabs_count() {
        let mut ws = Workspace::default();
        ws.load(
            "InteractiveSignIns.csv",
            include_bytes!("../../crates/mfa-lens-core/tests/fixtures/findings/InteractiveSignIns_2024-05-01_2024-05-02.csv"),
        );
        ws.load(
            "MFAServer_BlockedUserHistory.csv",
            include_bytes!("../../crates/mfa-lens-core/tests/fixtures/findings/MFAServer_BlockedUserHistory.csv"),
        );
        let mut answers = Answers::default();
        let (files, _) = files_of(&ws, &mut answers);
        let counts = files.findings.expect("sign-ins are loaded");
        let found = |a: &Answer| match &a.body {
            AnswerBody::Findings(Some(f)) => f.clone(),
            other => panic!("findings expected, got {other:?}"),
        };
        let at_defaults = found(&show(
            &mut answers,
            &ws,
            &files,
            1,
            Shown::Findings { first: 50 },
        ));
        assert_eq!(at_defaults.counts, counts);
        assert!(at_defaults.items.len() > 2, "the fixtures plant findings");
        // A page of two: the first two, under the counts of all.
        let page = found(&show(
            &mut answers,
            &ws,
            &files,
            9,
            Shown::Findings { first: 2 },
        ));
        assert_eq!(page.counts, counts);
        assert_eq!(page.items, at_defaults.items[..2]);
        // Thresholds nothing can reach: no finding with a threshold left,
        // and the Overview's summary says so too.
        let mut strict = FindingSettings::default();
        for path in [
            "mfa_fatigue.min_prompts",
            "code_guessing.min_codes",
            "prompt_volume.min_daily",
        ] {
            assert!(strict.set(path, 1e6));
        }
        let answer = answers.show(&ws, &files, 2, Shown::Findings { first: 50 }, strict);
        let f = found(&answer);
        assert_eq!(f.settings, strict);
        assert!(f.items.iter().all(|i| !matches!(
            i.rule,
            findings::RuleId::MfaFatigue
                | findings::RuleId::CodeGuessing
                | findings::RuleId::PromptVolume
        )));
        let overview = answers.show(&ws, &files, 3, Shown::Overview, strict);
        assert_eq!(overview_findings(&overview).counts, f.counts);
        // Back to the defaults: the first answer again.
        assert_eq!(
            found(&show(
                &mut answers,
                &ws,
                &files,
                4,
                Shown::Findings { first: 50 }
            )),
            at_defaults
        );
    }

    #[test]
    fn the_overview_carries_the_findings_counts_and_the_download_every_finding() {
        let mut ws = Workspace::default();
        ws.load(
            "InteractiveSignIns.csv",
            include_bytes!("../../crates/mfa-lens-core/tests/fixtures/findings/InteractiveSignIns_2024-05-01_2024-05-02.csv"),
        );
        let mut answers = Answers::default();
        let (files, overview) = files_of(&ws, &mut answers);
        let shown = overview_findings(&overview);
        let all = findings::analyse(&ws, &FindingSettings::default()).unwrap();
        assert!(all.items.len() > 2, "the fixture plants findings");
        assert_eq!(shown.counts, all.counts);
        assert!(
            shown.items.is_empty(),
            "the page decodes counts, not the list"
        );
        // The download is what `mfa-lens summary` prints: every finding.
        let expected = serde_json::to_string(&Summary::with_findings(&ws, Some(&all))).unwrap();
        assert_eq!(answers.summary_json(&ws), format!("{expected}\n"));
        // With the page's thresholds, not the defaults.
        let mut strict = FindingSettings::default();
        assert!(strict.set("mfa_fatigue.min_prompts", 1e6));
        answers.show(&ws, &files, 1, Shown::Overview, strict);
        let fewer = findings::analyse(&ws, &strict).unwrap();
        assert!(fewer.items.len() < all.items.len());
        let expected = serde_json::to_string(&Summary::with_findings(&ws, Some(&fewer))).unwrap();
        assert_eq!(answers.summary_json(&ws), format!("{expected}\n"));
    }

    #[test]
    fn without_a_file_the_rules_read_there_is_no_findings_tab() {
        let mut ws = Workspace::default();
        ws.load(
            "status.csv",
            include_bytes!(
                "../../crates/mfa-lens-core/tests/fixtures/kinds/mfa_server_status_INFERRED.csv"
            ),
        );
        let mut answers = Answers::default();
        let (files, _) = files_of(&ws, &mut answers);
        assert!(
            files.findings.is_some(),
            "server status is an MFA Server file"
        );
        let empty = Workspace::default();
        let (files, _) = files_of(&empty, &mut answers);
        assert_eq!(files.findings, None);
        let answer = show(
            &mut answers,
            &empty,
            &files,
            1,
            Shown::Findings { first: 50 },
        );
        assert!(matches!(answer.body, AnswerBody::Overview(_)));
    }

    #[test]
    fn follow_ups_about_an_older_answer_find_nothing() {
        let ws = workspace();
        let mut answers = Answers::default();
        let (files, _) = files_of(&ws, &mut answers);
        show(&mut answers, &ws, &files, 1, Shown::Rows(Query::default()));
        let rows = answers.rows_of(1).expect("the rows answer is current");
        let w = window(&ws, rows, 0, 5);
        assert!(!w.rows.is_empty());
        assert_eq!(w.times.len(), w.rows.len());
        show(&mut answers, &ws, &files, 2, Shown::Overview);
        assert!(answers.rows_of(1).is_none());
        assert!(!answers.is_current(1));
    }
}
