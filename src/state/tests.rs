use super::*;
use crate::protocol::{OverviewAnswer, RowsAnswer};
use mfa_lens_core::reports::{Report, ReportId, ServerStatusReport};

fn reduce(state: State, action: Action) -> State {
    (*Rc::new(state).reduce(action)).clone()
}

fn reply(state: State, reply: FromWorker) -> State {
    reduce(state, Action::Worker { reply, now_ms: 0.0 })
}

fn report(key: FileKey, rows: u64) -> FileReport {
    FileReport {
        id: FileId(key),
        name: format!("{key}.csv"),
        kind: ReportKind::EntraSignIns,
        label: "Entra sign-ins".into(),
        variant: None,
        matched_columns: vec![],
        rows,
        bad_rows: 0,
        loading: false,
        unreadable: false,
        diagnostics: vec![],
    }
}

fn files(lines: Vec<(FileKey, FileReport)>, reports: Vec<ReportId>) -> FromWorker {
    FromWorker::Files(Files {
        generation: 1,
        files: lines,
        reports,
        ..Files::default()
    })
}

fn answer(seq: u32, body: AnswerBody) -> FromWorker {
    FromWorker::Answer(Box::new(Answer {
        seq,
        files: 1,
        computations: 1,
        body,
    }))
}

fn overview() -> AnswerBody {
    AnswerBody::Overview(Rc::new(OverviewAnswer {
        summary: None,
        charts: None,
        notes: Rc::default(),
    }))
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
    assert_eq!(refused.diagnostics[0].code, DiagnosticCode::TooLarge);
    assert_eq!(s.loaded_bytes(), 70);
    // A later answer from the worker (which never saw the file) keeps it.
    let s = reply(s, files(vec![], vec![]));
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
fn progress_then_files_moves_a_file_to_loaded() {
    let s = reduce(
        State::default(),
        Action::Add {
            files: vec![("a".into(), 100)],
            now_ms: 1000.0,
        },
    );
    let s = reduce(
        s,
        Action::Worker {
            reply: FromWorker::Progress {
                key: 0,
                bytes_read: 50,
                rows: 7,
            },
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
    let s = reply(s, files(vec![(0, report(0, 9))], vec![]));
    assert_eq!(s.files[0].phase, Phase::Loaded(Rc::new(report(0, 9))));
    assert!(!s.is_loading());
}

#[test]
fn a_late_files_reply_does_not_resurrect_a_removed_file() {
    let s = reduce(
        State::default(),
        Action::Add {
            files: vec![("a".into(), 1)],
            now_ms: 0.0,
        },
    );
    let s = reduce(s, Action::Remove(0));
    let s = reply(s, files(vec![(0, report(0, 1))], vec![]));
    assert!(s.files.is_empty());
}

#[test]
fn the_sample_started_by_the_worker_moves_the_next_key_on() {
    let started = |key| FromWorker::Started {
        key,
        name: format!("{key}.csv"),
        size: 9,
    };
    let s = reply(State::default(), started(0));
    let s = reply(s, started(1));
    assert_eq!(s.next_key(), 2);
    assert_eq!(s.files.len(), 2);
}

#[test]
fn every_change_of_what_is_shown_gets_a_new_number() {
    let s = State::default();
    assert_eq!((s.seq, &s.shown), (0, &Shown::Overview));
    let s = reduce(s, Action::Open(View::Users));
    assert_eq!(s.seq, 1);
    assert_eq!(s.shown, Shown::Users(UserQuery::default()));
    let s = reduce(s, Action::Show(sign_ins_where(vec![])));
    assert_eq!(s.seq, 2);
    assert_eq!(view_of(&s.shown), View::Rows);
}

#[test]
fn answers_to_an_older_question_are_dropped() {
    let query = |search: &str| Query {
        search: search.into(),
        ..Query::default()
    };
    let s = reduce(State::default(), Action::Show(Shown::Rows(query(""))));
    let s = reply(
        s,
        FromWorker::Window {
            seq: 1,
            offset: 0,
            rows: vec![vec!["a".into()]],
            times: vec![None],
        },
    );
    assert_eq!(s.table.window.rows.len(), 1);
    let s = reduce(s, Action::Show(Shown::Rows(query("x"))));
    assert!(
        s.table.window.rows.is_empty(),
        "a new query starts from an empty window"
    );
    let s = reply(
        s,
        FromWorker::Window {
            seq: 1,
            offset: 0,
            rows: vec![vec!["stale".into()]],
            times: vec![None],
        },
    );
    assert!(
        s.table.window.rows.is_empty(),
        "rows of question 1 must not show under question 2"
    );
    let s = reply(s, answer(1, overview()));
    assert!(s.answer.is_none(), "an answer to question 1 is not shown");
    let s = reply(
        s,
        FromWorker::Window {
            seq: 2,
            offset: 5,
            rows: vec![vec!["fresh".into()]],
            times: vec![None],
        },
    );
    assert_eq!(s.table.window.offset, 5);
}

#[test]
fn a_tab_comes_back_as_it_was_left() {
    let filtered = Query {
        search: "alice".into(),
        ..Query::default()
    };
    let s = reduce(
        State::default(),
        Action::Show(Shown::Rows(filtered.clone())),
    );
    let s = reduce(s, Action::Open(View::Overview));
    let s = reduce(s, Action::Show(Shown::Reference("declined".into())));
    let s = reduce(s, Action::Open(View::Rows));
    assert_eq!(s.shown, Shown::Rows(filtered));
    let s = reduce(s, Action::Open(View::Reference));
    assert_eq!(s.shown, Shown::Reference("declined".into()));
}

#[test]
fn the_rows_view_follows_the_dataset_the_worker_answered() {
    let asked = Query {
        dataset: DatasetId::Fraud,
        ..Query::default()
    };
    let s = reduce(State::default(), Action::Show(Shown::Rows(asked)));
    let answered = Query::default();
    let s = reply(
        s,
        answer(
            1,
            AnswerBody::Rows(Rc::new(RowsAnswer {
                query: answered.clone(),
                dataset_rows: 3,
                matched: 3,
                columns: vec![],
                shown: vec![],
                widths: vec![],
                date_column: None,
                elapsed_ms: 0.0,
            })),
        ),
    );
    assert_eq!(s.shown, Shown::Rows(answered.clone()));
    assert_eq!(s.memory.rows, answered);
    assert_eq!(s.seq, 1, "the same question, so no new request");
    assert!(matches!(s.body(), Some(AnswerBody::Rows(_))));
}

#[test]
fn a_report_tab_shows_while_its_files_are_loaded() {
    let s = reduce(
        State::default(),
        Action::Open(View::Report(ReportId::ServerStatus)),
    );
    assert_eq!(
        s.current_view(),
        View::Overview,
        "a shared link waits on the Overview for its file"
    );
    let s = reply(s, files(vec![], vec![ReportId::ServerStatus]));
    assert_eq!(s.current_view(), View::Report(ReportId::ServerStatus));
    let s = reply(
        s,
        answer(
            1,
            AnswerBody::Report {
                report: Rc::new(Report::ServerStatus(ServerStatusReport::default())),
                timeline: None,
            },
        ),
    );
    assert!(matches!(s.body(), Some(AnswerBody::Report { .. })));
    let s = reply(s, files(vec![], vec![ReportId::Blocked]));
    assert_eq!(s.current_view(), View::Overview);
    assert!(
        s.body().is_none(),
        "a report answer is not drawn on the Overview"
    );
    let s = reply(s, answer(1, overview()));
    assert!(matches!(s.body(), Some(AnswerBody::Overview(_))));
}

#[test]
fn a_detail_shows_only_for_the_row_still_picked() {
    let s = reduce(
        State::default(),
        Action::Show(Shown::Rows(Query::default())),
    );
    let s = reduce(s, Action::Select(3));
    let detail = |index| FromWorker::Detail {
        seq: 1,
        index,
        detail: Box::new(RowDetail {
            row: mfa_lens_core::query::RowRef(0),
            file: "a.csv".into(),
            kind: "entra-sign-ins".into(),
            fields: vec![],
            classification: None,
            explanations: vec![],
            steps: vec![],
            user: None,
            user_filter: None,
        }),
    };
    let s = reply(s, detail(2));
    assert!(s.table.detail.is_none());
    let s = reply(s, detail(3));
    assert!(s.table.detail.is_some());
}

#[test]
fn a_resized_column_and_the_zone_are_kept_and_clamped() {
    let s = reduce(
        State::default(),
        Action::Resize {
            column: "username".into(),
            px: 5_000.0,
        },
    );
    assert_eq!(s.widths.get("username"), Some(&900));
    let s = reduce(s, Action::Zone(Zone::Local));
    assert_eq!(s.zone, Zone::Local);
    let s = reduce(s, Action::Show(Shown::Overview));
    assert_eq!(s.widths.len(), 1, "a new view keeps the widths");
}

#[test]
fn the_files_line_sums_rows_and_counts_problems_and_notes() {
    let s = reduce(
        State::default(),
        Action::Add {
            files: vec![("a.csv".into(), 100), ("big.csv".into(), 10_000)],
            now_ms: 0.0,
        },
    );
    let s = reduce(
        s,
        Action::Refused {
            key: 1,
            message: "too large".into(),
        },
    );
    let line = s.files_line();
    assert_eq!((line.count, line.loading, line.problems), (2, 1, 1));
    assert_eq!(line.bytes_loading, 100);
}

fn with_findings(counts: SeverityCounts) -> FromWorker {
    FromWorker::Files(Files {
        generation: 1,
        files: vec![(0, report(0, 10))],
        findings: Some(counts),
        ..Files::default()
    })
}

const ONE_HIGH: SeverityCounts = SeverityCounts {
    high: 1,
    medium: 0,
    info: 0,
};

#[test]
fn findings_open_first_unless_the_person_picked_a_view() {
    // Nothing picked: the findings are the answer, and the tab shows.
    let s = reply(State::default(), with_findings(ONE_HIGH));
    assert_eq!(s.shown, Shown::Findings { first: 50 });
    assert_eq!(s.current_view(), View::Findings);
    assert_eq!(s.tabs()[1], View::Findings);
    assert_eq!(s.finding_counts, Some(ONE_HIGH));
    // Files with nothing found: the Overview stays, the tab still shows.
    let quiet = reply(State::default(), with_findings(SeverityCounts::default()));
    assert_eq!(quiet.shown, Shown::Overview);
    assert!(quiet.tabs().contains(&View::Findings));
    // A tab picked before the files arrive is kept.
    let picked = reduce(State::default(), Action::Open(View::Users));
    let s = reply(picked, with_findings(ONE_HIGH));
    assert!(matches!(s.shown, Shown::Users(_)));
    // So is a view named by a shared link.
    let opened = State::opening(Place {
        view: Some(View::Overview),
        ..Place::default()
    });
    assert_eq!(
        reply(opened, with_findings(ONE_HIGH)).shown,
        Shown::Overview
    );
    // Cleared, back on the Overview: the next files' findings open again.
    let picked = reduce(State::default(), Action::Open(View::Overview));
    let cleared = reduce(reply(picked, with_findings(ONE_HIGH)), Action::Clear);
    let empty = reply(cleared, with_findings(SeverityCounts::default()));
    assert_eq!(
        reply(empty, with_findings(ONE_HIGH)).shown,
        Shown::Findings { first: 50 }
    );
}

#[test]
fn new_thresholds_ask_again_and_the_answer_carries_the_count() {
    let s = reply(State::default(), with_findings(ONE_HIGH));
    let seq = s.seq;
    let mut strict = FindingSettings::default();
    strict.set("mfa_fatigue.min_prompts", 50.0);
    let s = reduce(s, Action::Settings(strict));
    assert_eq!(
        (s.shown.clone(), s.settings),
        (Shown::Findings { first: 50 }, strict)
    );
    assert_eq!(s.seq, seq + 1, "the same view, asked again");
    // The same thresholds again ask for nothing.
    assert_eq!(reduce(s.clone(), Action::Settings(strict)).seq, s.seq);
    let none = mfa_lens_core::findings::Findings {
        settings: strict,
        ..Default::default()
    };
    let s = reply(
        s.clone(),
        answer(s.seq, AnswerBody::Findings(Some(Rc::new(none)))),
    );
    assert_eq!(s.finding_counts, Some(SeverityCounts::default()));
    assert!(matches!(s.body(), Some(AnswerBody::Findings(_))));
}

#[test]
fn the_kql_panel_takes_the_query_of_its_own_question_and_closes_with_the_view() {
    use crate::protocol::KqlAsk;
    use mfa_lens_core::findings::RuleId;
    let s = reduce(State::default(), Action::Kql(Some(KqlAsk::Overview)));
    let seq = s.seq;
    assert_eq!(
        s.kql,
        Some(KqlShown {
            ask: KqlAsk::Overview,
            text: None
        })
    );
    // A reply to another question, or about an older answer, is not this
    // panel's query.
    let other = FromWorker::Kql {
        seq,
        ask: KqlAsk::Finding(RuleId::MfaFatigue),
        text: Ok("fatigue".into()),
    };
    let stale = FromWorker::Kql {
        seq: seq.wrapping_sub(1),
        ask: KqlAsk::Overview,
        text: Ok("old".into()),
    };
    let s = reply(reply(s, other), stale);
    assert_eq!(s.kql.as_ref().unwrap().text, None);
    let s = reply(
        s,
        FromWorker::Kql {
            seq,
            ask: KqlAsk::Overview,
            text: Err("why not".into()),
        },
    );
    assert_eq!(
        s.kql.as_ref().unwrap().text.as_deref(),
        Some(&Err("why not".to_string()))
    );
    // Another view: the panel was about the one before.
    let s = reduce(s, Action::Open(View::Rows));
    assert_eq!(s.kql, None);
    // Close.
    let s = reduce(s, Action::Kql(Some(KqlAsk::Rows)));
    assert_eq!(reduce(s, Action::Kql(None)).kql, None);
}

#[test]
fn share_shows_progress_then_what_was_made_or_why_not() {
    use crate::protocol::ShareAsk;
    let s = reduce(State::default(), Action::Share(ShareAsk::RedactedZip));
    assert_eq!(s.share.busy, Some((ShareAsk::RedactedZip, 0, 0)));
    let s = reply(s, FromWorker::ShareProgress { done: 5, total: 20 });
    assert_eq!(s.share.busy, Some((ShareAsk::RedactedZip, 5, 20)));
    let s = reply(
        s,
        FromWorker::Shared {
            ask: ShareAsk::RedactedZip,
            file_name: "mfa-lens-redacted.zip".into(),
            key_hex: Some("ab".repeat(32)),
            left_out: vec!["book.xlsx: not a table".into()],
        },
    );
    assert_eq!(s.share.busy, None);
    let made = s.share.made.clone().expect("made");
    assert_eq!(made.key_hex.as_deref(), Some("ab".repeat(32).as_str()));
    assert_eq!(made.left_out.len(), 1);
    // A progress message after the end changes nothing.
    let s = reply(
        s,
        FromWorker::ShareProgress {
            done: 20,
            total: 20,
        },
    );
    assert_eq!(s.share.busy, None);
    // Asking again forgets the key shown before; a failure says why.
    let s = reduce(s, Action::Share(ShareAsk::Report { redacted: true }));
    assert_eq!(s.share.made, None);
    let s = reply(
        s,
        FromWorker::ShareFailed {
            message: "why".into(),
        },
    );
    assert_eq!(
        (s.share.busy, s.share.failed.as_deref()),
        (None, Some("why"))
    );
}

#[test]
fn export_shows_progress_then_ends_or_says_why_it_stopped() {
    let s = reduce(State::default(), Action::Export);
    assert_eq!(s.export.busy, Some((0, 0)));
    let s = reply(s, FromWorker::ExportProgress { done: 3, total: 9 });
    assert_eq!(s.export.busy, Some((3, 9)));
    let s = reply(
        s,
        FromWorker::Exported {
            file_name: "mfa-lens-rows.csv".into(),
            rows: 9,
        },
    );
    assert_eq!(s.export, ExportState::default());
    // A late progress message does not bring the bar back.
    let s = reply(s, FromWorker::ExportProgress { done: 9, total: 9 });
    assert_eq!(s.export.busy, None);
    // A failure ends the bar and says why; pressing again forgets it.
    let s = reduce(s, Action::Export);
    let s = reply(
        s,
        FromWorker::ExportFailed {
            message: "The loaded files changed".into(),
        },
    );
    assert_eq!(s.export.busy, None);
    assert_eq!(s.export.failed.as_deref(), Some("The loaded files changed"));
    assert_eq!(reduce(s, Action::Export).export.failed, None);
}
