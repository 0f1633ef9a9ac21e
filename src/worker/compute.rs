//! One function per view: the core's answer to what is shown. Adding a view
//! is one `Shown` variant, one arm here (with its function), and one component.

use std::rc::Rc;

use mfa_lens_core::findings::Findings;
use mfa_lens_core::knowledge::{self, Card, Entry};
use mfa_lens_core::query::{self, Bucket, DatasetInfo, Query, ResultSet, SortCache};
use mfa_lens_core::reports::registration::registration_report;
use mfa_lens_core::reports::{self, ReportId};
use mfa_lens_core::{Summary, UserSummary, Workspace};

use crate::protocol::{
    user_cells, AnswerBody, OverviewAnswer, ReferenceAnswer, RowsAnswer, Shown, UsersAnswer,
    REFERENCE_SHOWN, USER_COLUMNS,
};

/// The answer to `shown` (the Rows view goes through [`rows`], which also
/// hands back the result set its follow-ups need). `found` are the findings
/// of these files with the page's thresholds, analysed once by the caller;
/// only the Overview and the Findings view read them.
pub fn answer(ws: &Workspace, shown: &Shown, found: Option<&Findings>) -> AnswerBody {
    match shown {
        Shown::Overview => AnswerBody::Overview(Rc::new(overview(ws, found))),
        Shown::Findings { first } => {
            AnswerBody::Findings(found.map(|f| Rc::new(f.first(*first as usize))))
        }
        Shown::Rows(query) => AnswerBody::Rows(Rc::new(
            rows(ws, query.clone(), &mut SortCache::default()).0,
        )),
        Shown::Users(query) => AnswerBody::Users(Rc::new(users(&query::users(ws, query)))),
        Shown::Report(id) => report(ws, *id),
        Shown::Registration(request) => {
            AnswerBody::Registration(registration_report(ws, *request).map(Rc::new))
        }
        Shown::Reference(text) => AnswerBody::Reference(Rc::new(reference(text))),
    }
}

fn overview(ws: &Workspace, found: Option<&Findings>) -> OverviewAnswer {
    let mut summary = Summary::with_findings(ws, found);
    // The counts only: see `OverviewAnswer::summary`.
    summary.findings = summary.findings.map(|f| f.first(0));
    let notes = notes(&summary);
    OverviewAnswer {
        summary: Some(Rc::new(summary)),
        charts: query::sign_in_charts(ws).map(Rc::new),
        notes: Rc::new(notes),
    }
}

/// The Users answer for `list` (the users matching the query, in order):
/// how many, and how wide each column's content is.
pub fn users(list: &[UserSummary]) -> UsersAnswer {
    let mut widths = vec![0u16; USER_COLUMNS.len()];
    for user in list {
        for (width, cell) in widths.iter_mut().zip(user_cells(user)) {
            let chars = cell.chars().count().min(usize::from(u16::MAX)) as u16;
            *width = (*width).max(chars);
        }
    }
    UsersAnswer {
        total: list.len() as u64,
        widths,
    }
}

/// The knowledge base's entry for each denial reason and call result the
/// summary names, so the Overview explains them without the page carrying
/// the knowledge base.
fn notes(summary: &Summary) -> Vec<(String, Card)> {
    let reasons = summary
        .sign_ins
        .iter()
        .flat_map(|s| s.denial_reasons.keys())
        .filter_map(|r| Some((r.clone(), knowledge::denial_reason_entry(r)?.card())));
    let calls = summary
        .mfa_server
        .iter()
        .flat_map(|s| s.call_results.keys())
        .filter_map(|c| {
            Some((
                c.clone(),
                Entry::CallResult(knowledge::call_result(c)?).card(),
            ))
        });
    reasons.chain(calls).collect()
}

/// The query on a dataset the files offer: a query whose dataset is gone (its
/// files removed, or a shared link for other files) moves to the first one,
/// so the table never shows nothing for a reason the person cannot see.
pub fn on_offered_dataset(asked: &Query, datasets: &[DatasetInfo]) -> Query {
    if datasets.is_empty() || datasets.iter().any(|d| d.id == asked.dataset) {
        return asked.clone();
    }
    Query {
        dataset: datasets[0].id,
        ..Query::default()
    }
}

/// The Rows answer, the result set behind it and the columns shown.
pub fn rows(
    ws: &Workspace,
    query: Query,
    sort_cache: &mut SortCache,
) -> (RowsAnswer, ResultSet, Vec<String>) {
    let started = now_ms();
    let result = query::run_cached(ws, &query, sort_cache);
    let elapsed_ms = now_ms() - started;
    let columns = query::columns(ws, query.dataset)
        .into_iter()
        .map(|c| (c.key, c.caption))
        .collect();
    let shown = if query.columns.is_empty() {
        // The defaults, as the first page of the result names them.
        query::page(ws, &result, 0, 0, &[]).columns
    } else {
        query.columns.clone()
    };
    let answer = RowsAnswer {
        dataset_rows: result.total as u64,
        matched: result.len() as u64,
        columns,
        widths: query::text_widths(ws, &result, &shown),
        date_column: query::date_column(ws, query.dataset),
        shown: shown.clone(),
        elapsed_ms,
        query,
    };
    (answer, result, shown)
}

/// A report view's analysis (every list in it bounded by the core, so the
/// message stays small for millions of rows) and its rows over time.
fn report(ws: &Workspace, id: ReportId) -> AnswerBody {
    // Fraud reports come from several datasets and server status has no
    // dates: neither gets a timeline.
    let timeline = match id {
        ReportId::MfaServer | ReportId::Blocked | ReportId::Bypassed => {
            let all = query::run(
                ws,
                &Query {
                    dataset: id.dataset(),
                    ..Query::default()
                },
            );
            Some(query::timeline(ws, &all, Bucket::Auto))
                .filter(|t| !t.points.is_empty())
                .map(Rc::new)
        }
        _ => None,
    };
    AnswerBody::Report {
        report: Rc::new(reports::report(ws, id)),
        timeline,
    }
}

fn reference(text: &str) -> ReferenceAnswer {
    let entries = knowledge::search(text);
    ReferenceAnswer {
        total: entries.len() as u64,
        cards: entries
            .iter()
            .take(REFERENCE_SHOWN)
            .map(Entry::card)
            .collect(),
    }
}

/// Milliseconds for the Rows answer's timing; natively (the worker's tests)
/// there is no clock worth reading.
fn now_ms() -> f64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now()
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mfa_lens_core::query::CALL_OUTCOMES;

    #[test]
    fn the_activity_report_comes_with_a_timeline_by_outcome() {
        let mut ws = Workspace::default();
        ws.load(
            "activity.csv",
            include_bytes!(
                "../../crates/mfa-lens-core/tests/fixtures/kinds/mfa_server_activity.csv"
            ),
        );
        let AnswerBody::Report { report, timeline } = report(&ws, ReportId::MfaServer) else {
            panic!("not a report answer");
        };
        assert_eq!(report.id(), ReportId::MfaServer);
        let timeline = timeline.expect("dated rows");
        assert_eq!(timeline.series, CALL_OUTCOMES.map(String::from));
        let rows: u64 = timeline.points.iter().flat_map(|p| p.counts.iter()).sum();
        assert_eq!(rows, 17);
        // Server status has no dates to chart.
        let AnswerBody::Report { timeline, .. } = super::report(&ws, ReportId::ServerStatus) else {
            panic!("not a report answer");
        };
        assert!(timeline.is_none());
    }

    #[test]
    fn the_overview_explains_every_reason_it_names_that_the_knowledge_base_knows() {
        let mut ws = Workspace::default();
        for (name, bytes) in crate::sample::files() {
            ws.load(name, bytes);
        }
        let found = mfa_lens_core::findings::analyse(&ws, &Default::default());
        let overview = overview(&ws, found.as_ref());
        let summary = overview.summary.as_ref().expect("a summary");
        let reasons = &summary.sign_ins.as_ref().expect("sign-ins").denial_reasons;
        assert!(!reasons.is_empty());
        for reason in reasons.keys() {
            let known = knowledge::denial_reason_entry(reason).is_some();
            let noted = overview.notes.iter().any(|(r, _)| r == reason);
            assert_eq!(known, noted, "{reason}");
        }
        let charts = overview.charts.expect("sign-ins are loaded");
        assert_eq!(charts.timeline.bucket, Bucket::Hour);
        assert!(!charts.error_codes.is_empty());
    }

    #[test]
    fn a_500121_without_result_text_is_explained_by_the_error_code() {
        let mut ws = Workspace::default();
        ws.load(
            "sign-ins.csv",
            include_bytes!(
                "../../crates/mfa-lens-core/tests/fixtures/quirks/error_500121_without_text.csv"
            ),
        );
        let found = mfa_lens_core::findings::analyse(&ws, &Default::default());
        let overview = overview(&ws, found.as_ref());
        let reason = mfa_lens_core::classify::STRONG_AUTH_FAILED;
        let summary = overview.summary.as_ref().expect("a summary");
        let reasons = &summary.sign_ins.as_ref().expect("sign-ins").denial_reasons;
        assert!(reasons.contains_key(reason), "{reasons:?}");
        let card = overview
            .notes
            .iter()
            .find(|(r, _)| r == reason)
            .map(|(_, card)| card)
            .expect("the fallback reason is explained");
        assert_eq!(card.code, "500121");
        assert_eq!(card.kind, "Sign-in error code");
    }

    #[test]
    fn the_reference_search_is_the_knowledge_base_search() {
        let all = reference("");
        assert_eq!(all.total as usize, knowledge::all_entries().count());
        assert_eq!(all.cards.len(), REFERENCE_SHOWN.min(all.total as usize));
        let one = reference("FAILED_PHONE_APP_DENIED");
        assert_eq!(one.cards[0].code, "FAILED_PHONE_APP_DENIED");
    }
}
