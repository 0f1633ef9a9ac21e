//! The bypassed users view: one-time bypasses — who granted them, for how
//! long, why, used or not — with users bypassed repeatedly flagged.

use std::rc::Rc;

use mfa_lens_core::query::DatasetId;
use mfa_lens_core::query::Timeline;
use mfa_lens_core::reports::{duration_words, Bypass, BypassReport, Report, ReportId};
use yew::prelude::*;

use crate::components::report_parts::{
    heading, plural, ranked_chart, rows_button, section_heading, section_index, tile, timeline,
    when, OnRows, ShortTable,
};
use crate::format::grouped;

#[derive(Properties, PartialEq)]
pub struct BypassedViewProps {
    pub report: Rc<Report>,
    /// The report's rows over time (from the worker), when dated.
    #[prop_or_default]
    pub timeline: Option<Rc<Timeline>>,
    pub on_rows: OnRows,
}

const DATASET: DatasetId = DatasetId::Bypassed;

#[function_component(BypassedView)]
pub fn bypassed_view(props: &BypassedViewProps) -> Html {
    let Report::Bypassed(r) = &*props.report else {
        return html! {};
    };
    let on_rows = &props.on_rows;
    html! {
        <section class="report" aria-labelledby="report-bypassed-title" data-report="bypassed">
            { heading(
                ReportId::Bypassed,
                "One-time bypasses let a user sign in without MFA for a few minutes. Each one is \
                 listed with who granted it, for how long, why and whether it was used. A bypass \
                 is meant for a one-off; users who keep getting one are flagged.",
                Some(on_rows),
            ) }
            <div class="tiles">
                { tile("bypasses", r.events, plural(r.users, "user", "users"), "tone--neutral") }
                { tile("used", r.used, "the user signed in with it".into(), "outcome--did-not-complete") }
                { tile("not used", r.unused, "expired unused".into(), "tone--neutral") }
                { tile("minutes granted", r.seconds_granted / 60, "sum of the bypass lengths".into(), "tone--neutral") }
                { tile("users bypassed repeatedly", r.users_bypassed_repeatedly, format!("{} bypasses or more", r.repeat_threshold), "outcome--failed") }
            </div>
            { section_index(&[("bypassed-charts", "Over time, who and why"), ("bypassed-users", "Users"), ("bypassed-list", "Every bypass")]) }
            { section_heading("bypassed-charts", "Over time, who granted them and why") }
            <div class="charts">
                { timeline(props.timeline.as_ref(), "bypasses", DATASET, on_rows) }
                { ranked_chart("Who granted them", &r.by_granter, r.events, DATASET, "tone--method", on_rows) }
                { ranked_chart("Why", &r.by_reason, r.events, DATASET, "tone--method", on_rows) }
            </div>
            { users(r, on_rows) }
            { bypasses(&r.bypasses, r.events, on_rows) }
        </section>
    }
}

fn users(r: &BypassReport, on_rows: &OnRows) -> Html {
    html! {
        <div class="report__block">
            { section_heading("bypassed-users", "Users, most bypasses first") }
            <ShortTable label="Bypasses per user" head={html! {
                <thead><tr>
                    <th scope="col">{ "User" }</th>
                    <th scope="col" class="num">{ "Bypasses" }</th>
                    <th scope="col" class="num">{ "Used" }</th>
                    <th scope="col">{ "Time granted" }</th>
                    <th scope="col">{ "First" }</th>
                    <th scope="col">{ "Last" }</th>
                    <th scope="col">{ "Flag" }</th>
                    <th scope="col"><span class="visually-hidden">{ "Rows" }</span></th>
                </tr></thead>
            }} rows={
                    r.user_list.iter().map(|u| html! {
                        <tr class={classes!(u.repeated.then_some("row--flagged"))}>
                            <td class="cell-text">{ u.user.clone() }</td>
                            <td class="num">{ grouped(u.bypasses) }</td>
                            <td class="num">{ grouped(u.used) }</td>
                            <td>{ duration_words(u.seconds as i64) }</td>
                            <td>{ when(u.first.as_deref()) }</td>
                            <td>{ when(u.last.as_deref()) }</td>
                            <td>{ if u.repeated {
                                html! { <span class="badge badge--bad">{ format!("bypassed {} times", u.bypasses) }</span> }
                            } else { html! {} } }</td>
                            <td>{ rows_button("Rows", DATASET, vec![u.filter.clone()], on_rows) }</td>
                        </tr>
                    }).collect::<Vec<Html>>()
            } />
        </div>
    }
}

fn used_words(b: &Bypass) -> &'static str {
    match b.used {
        Some(true) => "used",
        Some(false) => "not used",
        None => "not said",
    }
}

fn bypasses(list: &[Bypass], total: u64, _on_rows: &OnRows) -> Html {
    html! {
        <div class="report__block">
            { section_heading("bypassed-list", "Every bypass, newest first") }
            if (list.len() as u64) < total {
                <p class="report__note">{ format!("The newest {} of {}.", grouped(list.len() as u64), grouped(total)) }</p>
            }
            <ShortTable label="Bypasses" head={html! {
                <thead><tr>
                    <th scope="col">{ "Granted" }</th>
                    <th scope="col">{ "User" }</th>
                    <th scope="col">{ "Granted by" }</th>
                    <th scope="col">{ "For" }</th>
                    <th scope="col">{ "Reason" }</th>
                    <th scope="col">{ "Used" }</th>
                    <th scope="col">{ "Completed" }</th>
                </tr></thead>
            }} rows={
                    list.iter().map(|b| html! {
                        <tr>
                            <td>{ when(b.when.as_deref()) }</td>
                            <td class="cell-text">{ b.user.clone() }</td>
                            <td class="cell-text">{ b.granted_by.clone() }</td>
                            <td>{ b.seconds.map(|s| duration_words(s as i64)).unwrap_or_else(|| "—".into()) }</td>
                            <td class="cell-text">{ b.reason.clone() }</td>
                            <td>{ used_words(b) }</td>
                            <td class="cell-text">{ match &b.completed {
                                Some(t) => format!("{} {}", when(Some(t)), b.completion_reason),
                                None => b.completion_reason.clone(),
                            } }</td>
                        </tr>
                    }).collect::<Vec<Html>>()
            } />
        </div>
    }
}
