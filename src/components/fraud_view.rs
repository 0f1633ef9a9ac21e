//! The fraud alerts view: every fraud report in the loaded files (the fraud
//! alert report, the activity report's fraud codes, the blocked history's
//! fraud flag, sign-ins denied because fraud was reported), per user, and
//! what followed each one.

use std::rc::Rc;

use mfa_lens_core::reports::{BlockState, FraudAlert, FraudSource, Report, ReportId};
use yew::prelude::*;

use crate::components::bar_chart::{Bar, BarChart};
use crate::components::report_parts::{
    heading, plural, rows_button, section_heading, section_index, tile, when, OnRows, ShortTable,
};

#[derive(Properties, PartialEq)]
pub struct FraudViewProps {
    pub report: Rc<Report>,
    pub on_rows: OnRows,
}

#[function_component(FraudView)]
pub fn fraud_view(props: &FraudViewProps) -> Html {
    let Report::Fraud(r) = &*props.report else {
        return html! {};
    };
    let on_rows = &props.on_rows;
    // The fraud alert report's rows, when that file is loaded; reports found
    // elsewhere open from their own lines below.
    let has_alert_file = r
        .by_source
        .iter()
        .any(|c| c.value == FraudSource::FraudAlerts.label());
    let sources: Vec<Bar> = r
        .by_source
        .iter()
        .map(|c| Bar {
            label: c.value.clone(),
            count: c.count,
            tone: "outcome--failed",
        })
        .collect();
    html! {
        <section class="report" aria-labelledby="report-fraud-title" data-report="fraud">
            { heading(
                ReportId::Fraud,
                "Every report of fraud in the loaded files: a fraud code typed during a call, a \
                 report from the mobile app, a block marked as a fraud alert, a sign-in denied \
                 because the user reported fraud. A user who reports fraud says someone else \
                 started the sign-in: treat the password as known to an attacker.",
                has_alert_file.then_some(on_rows),
            ) }
            if r.alerts == 0 {
                <p class="empty">{ "No fraud report in the loaded files." }</p>
            } else {
                <div class="tiles">
                    { tile("fraud reports", r.alerts, plural(r.users, "user", "users"), "outcome--failed") }
                    { tile("incidents", r.incidents, "reports minutes apart count once".into(), "outcome--failed") }
                    if r.blocked_history_loaded {
                        { tile("followed by a block", r.blocked_after, format!("of {}", plural(r.alerts, "report", "reports")), "tone--neutral") }
                        { tile("block lifted later", r.unblocked_later, "unblocked afterwards".into(), "outcome--did-not-complete") }
                        { tile("users still blocked", r.users_still_blocked, "last request was a block".into(), "tone--neutral") }
                    }
                </div>
                { section_index(&[("fraud-sources", "Where found"), ("fraud-reports", "Every report"), ("fraud-users", "Per user")]) }
                if !r.blocked_history_loaded {
                    <p class="report__note">{ "Load the blocked user history too to see whether each report was followed by a block, and whether it was lifted." }</p>
                }
                if r.first.is_some() {
                    <p class="report__range">{ format!("From {} to {}.", when(r.first.as_deref()), when(r.last.as_deref())) }</p>
                }
                { section_heading("fraud-sources", "Where the reports were found") }
                <div class="charts">
                    <BarChart title="Where the reports were found" bars={sources} total={r.alerts} />
                </div>
                { alerts(&r.alert_list, r.alerts, on_rows) }
                { users(r, on_rows) }
            }
        </section>
    }
}

fn followed(a: &FraudAlert) -> String {
    match (a.blocked, &a.unblocked_at) {
        (Some(true), Some(u)) => format!(
            "Blocked {}, unblocked {}",
            when(a.blocked_at.as_deref()),
            when(Some(u))
        ),
        (Some(true), None) => format!("Blocked {}, not unblocked", when(a.blocked_at.as_deref())),
        (Some(false), _) => "No block in the history".to_string(),
        (None, _) => "Unknown (no blocked user history loaded)".to_string(),
    }
}

fn alerts(list: &[FraudAlert], total: u64, on_rows: &OnRows) -> Html {
    html! {
        <div class="report__block">
            { section_heading("fraud-reports", "Every report, newest first") }
            if (list.len() as u64) < total {
                <p class="report__note">{ format!("The newest {} of {}.", list.len(), total) }</p>
            }
            <ShortTable label="Fraud reports" head={html! {
                <thead><tr>
                    <th scope="col">{ "When" }</th>
                    <th scope="col">{ "User" }</th>
                    <th scope="col">{ "Found in" }</th>
                    <th scope="col">{ "What the row says" }</th>
                    <th scope="col">{ "What followed" }</th>
                    <th scope="col"><span class="visually-hidden">{ "Rows" }</span></th>
                </tr></thead>
            }} rows={
                    list.iter().map(|a| html! {
                        <tr>
                            <td>{ when(a.when.as_deref()) }</td>
                            <td class="cell-text">{ a.user.clone() }</td>
                            <td>{ a.source.label() }</td>
                            <td class="cell-text">{ a.what.clone() }</td>
                            <td>{ followed(a) }</td>
                            <td>{ rows_button("User's rows", a.dataset, vec![a.filter.clone()], on_rows) }</td>
                        </tr>
                    }).collect::<Vec<Html>>()
            } />
        </div>
    }
}

fn users(r: &mfa_lens_core::reports::FraudReport, _on_rows: &OnRows) -> Html {
    html! {
        <div class="report__block">
            { section_heading("fraud-users", "Per user") }
            <ShortTable label="Fraud reports per user" head={html! {
                <thead><tr>
                    <th scope="col">{ "User" }</th>
                    <th scope="col" class="num">{ "Reports" }</th>
                    <th scope="col" class="num">{ "Incidents" }</th>
                    <th scope="col">{ "First" }</th>
                    <th scope="col">{ "Last" }</th>
                    <th scope="col">{ "Blocked after a report" }</th>
                    <th scope="col">{ "State now" }</th>
                </tr></thead>
            }} rows={
                    r.user_list.iter().map(|u| html! {
                        <tr>
                            <td class="cell-text">{ u.user.clone() }</td>
                            <td class="num">{ u.alerts }</td>
                            <td class="num">{ u.incidents }</td>
                            <td>{ when(u.first.as_deref()) }</td>
                            <td>{ when(u.last.as_deref()) }</td>
                            <td>{ if r.blocked_history_loaded {
                                format!("{} of {}, {} lifted", u.blocked_after, u.alerts, u.unblocked_later)
                            } else {
                                "unknown".to_string()
                            } }</td>
                            <td>{ if r.blocked_history_loaded && u.state_now == BlockState::Unknown {
                                html! { <span class="badge">{ "no block request" }</span> }
                            } else {
                                state_badge(u.state_now)
                            } }</td>
                        </tr>
                    }).collect::<Vec<Html>>()
            } />
        </div>
    }
}

/// A user's block state as a word with a colour (the word carries the meaning).
pub fn state_badge(state: BlockState) -> Html {
    let (text, tone) = match state {
        BlockState::Blocked => ("blocked", "badge--bad"),
        BlockState::Unblocked => ("unblocked", "badge--ok"),
        BlockState::Unknown => ("unknown", ""),
    };
    html! { <span class={classes!("badge", tone)}>{ text }</span> }
}
