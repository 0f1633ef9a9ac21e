//! The MFA Server view: the downloaded activity report ("usage for
//! on-premises components") made readable — usage by component, application
//! and method, every call result explained with the caveat where a
//! `SUCCESS_*` code is not a success, and one line per user.

use std::rc::Rc;

use mfa_lens_core::query::Timeline;
use mfa_lens_core::query::{DatasetId, Filter};
use mfa_lens_core::reports::{MfaServerReport, Report, ReportId};
use yew::prelude::*;

use crate::components::bar_chart::{Bar, BarChart};
use crate::components::call_results::CallResultTable;
use crate::components::report_parts::{
    heading, plural, ranked_chart, rows_button, section_heading, section_index, tile, timeline,
    when, OnRows, ShortTable,
};
use crate::format::{grouped, percent};

#[derive(Properties, PartialEq)]
pub struct MfaServerViewProps {
    pub report: Rc<Report>,
    /// The report's rows over time (from the worker), when dated.
    #[prop_or_default]
    pub timeline: Option<Rc<Timeline>>,
    pub on_rows: OnRows,
}

const DATASET: DatasetId = DatasetId::MfaServerActivity;

/// The view's parts, for the index at its top.
const SECTIONS: [(&str, &str); 3] = [
    ("mfa-server-charts", "Charts"),
    ("mfa-server-call-results", "Call results"),
    ("mfa-server-users", "Users"),
];

#[function_component(MfaServerView)]
pub fn mfa_server_view(props: &MfaServerViewProps) -> Html {
    let Report::MfaServer(r) = &*props.report else {
        return html! {};
    };
    let on_rows = &props.on_rows;
    let by = &r.by_outcome;
    let with_result = by.succeeded + by.failed + by.did_not_complete + by.depends;
    let outcome_ids = ["succeeded", "failed", "did_not_complete", "depends"];
    let outcomes = vec![
        bar("Succeeded", by.succeeded, "outcome--succeeded"),
        bar("Failed", by.failed, "outcome--failed"),
        bar(
            "Did not complete",
            by.did_not_complete,
            "outcome--did-not-complete",
        ),
        bar("Not decided by the row", by.depends, "outcome--depends"),
    ];
    let on_outcome = on_rows.reform(move |i: usize| {
        (
            DATASET,
            vec![Filter::Outcome {
                values: vec![outcome_ids.get(i).copied().unwrap_or("failed").to_string()],
            }],
        )
    });
    let categories: Vec<Bar> = r
        .by_category
        .iter()
        .map(|c| bar(&c.value, c.count, "tone--method"))
        .collect();
    let category_filters: Vec<Option<Filter>> =
        r.by_category.iter().map(|c| c.filter.clone()).collect();
    let on_category = on_rows.reform(move |i: usize| {
        (
            DATASET,
            category_filters
                .get(i)
                .cloned()
                .flatten()
                .into_iter()
                .collect(),
        )
    });
    html! {
        <section class="report" aria-labelledby="report-mfa-server-title" data-report="mfa-server">
            { heading(
                ReportId::MfaServer,
                "Sign-ins through MFA Server, the NPS extension and the AD FS adapter, from the \
                 downloaded activity report. Each call result is explained below in plain words; \
                 several codes named SUCCESS_ do not mean the user got in.",
                Some(on_rows),
            ) }
            <div class="tiles">
                { tile("attempts", r.attempts, plural(r.users, "user", "users"), "tone--neutral") }
                { tile("succeeded", by.succeeded, percent(by.succeeded, r.attempts), "outcome--succeeded") }
                { tile("failed", by.failed, percent(by.failed, r.attempts), "outcome--failed") }
                { tile("did not complete", by.did_not_complete, percent(by.did_not_complete, r.attempts), "outcome--did-not-complete") }
                { tile("SUCCESS_ codes that were not a success", r.success_not_succeeded, "open the code below".into(), "outcome--did-not-complete") }
                { tile("fraud reports", r.fraud_reports, "fraud code or app report".into(), "outcome--failed") }
                { tile("users with a failure", r.users_with_failures, format!("of {}", plural(r.users, "user", "users")), "tone--neutral") }
            </div>
            { section_index(&SECTIONS) }
            if r.first.is_some() {
                <p class="report__range">{ format!("From {} to {}.", when(r.first.as_deref()), when(r.last.as_deref())) }</p>
            }
            { section_heading("mfa-server-charts", "Over time, by component, application and method") }
            <div class="charts charts--three">
                { timeline(props.timeline.as_ref(), "attempts", DATASET, on_rows) }
                <BarChart title="Outcome of each attempt" bars={outcomes} total={with_result} on_select={on_outcome} />
                { ranked_chart("By component (authentication type)", &r.by_component, r.attempts, DATASET, "tone--method", on_rows) }
                { ranked_chart("By application", &r.by_application, r.attempts, DATASET, "tone--method", on_rows) }
                { ranked_chart("By method", &r.by_method, r.attempts, DATASET, "tone--method", on_rows) }
                if !categories.is_empty() {
                    <BarChart title="Where to look (category of the call result)" bars={categories} total={with_result} on_select={on_category} />
                }
            </div>
            { call_results(r, with_result, on_rows) }
            { users(r, on_rows) }
        </section>
    }
}

fn bar(label: &str, count: u64, tone: &'static str) -> Bar {
    Bar {
        label: label.to_string(),
        count,
        tone,
    }
}

fn call_results(r: &MfaServerReport, with_result: u64, on_rows: &OnRows) -> Html {
    if r.call_results.is_empty() {
        return html! {};
    }
    html! {
        <div class="report__block">
            { section_heading("mfa-server-call-results", "Call results") }
            <p class="report__note">
                { format!("{} seen, most attempts first. Sort by any column; open a code for what it means and what to do.", plural(r.call_results.len() as u64, "code", "codes")) }
            </p>
            <div class="report__scroll" tabindex="0" role="region" aria-label="Call results, scrollable">
                <CallResultTable results={Rc::new(r.call_results.clone())} total={with_result} dataset={DATASET} on_rows={on_rows.clone()} />
            </div>
        </div>
    }
}

fn users(r: &MfaServerReport, on_rows: &OnRows) -> Html {
    if r.top_users.is_empty() {
        return html! {};
    }
    let shown = r.top_users.len() as u64;
    html! {
        <div class="report__block">
            { section_heading("mfa-server-users", "Users") }
            <p class="report__note">
                { if shown < r.users {
                    format!("The {} users with the most attempts, of {}.", grouped(shown), grouped(r.users))
                } else {
                    "Every user, most attempts first. Open a user's rows for each attempt in detail.".to_string()
                } }
            </p>
            <div class="report__scroll" tabindex="0" role="region" aria-label="Users, scrollable">
            <ShortTable label="Users" head={html! {
                <thead><tr>
                    <th scope="col">{ "User" }</th>
                    <th scope="col" class="num">{ "Attempts" }</th>
                    <th scope="col" class="num">{ "Succeeded" }</th>
                    <th scope="col" class="num">{ "Failed or not completed" }</th>
                    <th scope="col" class="num">{ "Not decided" }</th>
                    <th scope="col">{ "Last attempt" }</th>
                    <th scope="col">{ "Last call result" }</th>
                    <th scope="col"><span class="visually-hidden">{ "Rows" }</span></th>
                </tr></thead>
            }} rows={
                    r.top_users.iter().map(|u| html! {
                        <tr>
                            <td class="cell-text">{ u.user.clone() }</td>
                            <td class="num">{ grouped(u.attempts) }</td>
                            <td class="num">{ grouped(u.succeeded) }</td>
                            <td class="num">{ grouped(u.not_succeeded) }</td>
                            <td class="num">{ grouped(u.undecided) }</td>
                            <td>{ when(u.last_seen.as_deref()) }</td>
                            <td class="cell-text">{ u.last_code.clone().unwrap_or_default() }</td>
                            <td>{ rows_button("Details", DATASET, vec![u.filter.clone()], on_rows) }</td>
                        </tr>
                    }).collect::<Vec<Html>>()
            } />
            </div>
        </div>
    }
}
