//! The blocked users view: block and unblock requests on a timeline per user,
//! who made them and why, and each user's state now (from the last request).

use std::rc::Rc;

use mfa_lens_core::query::DatasetId;
use mfa_lens_core::query::Timeline;
use mfa_lens_core::reports::{BlockAction, BlockState, BlockedUser, Report, ReportId};
use yew::prelude::*;

use crate::components::fraud_view::state_badge;
use crate::components::report_parts::{
    heading, plural, ranked_chart, rows_button, section_heading, section_index, tile, timeline,
    when, OnRows, ShortTable,
};
use crate::format::grouped;

#[derive(Properties, PartialEq)]
pub struct BlockedViewProps {
    pub report: Rc<Report>,
    /// The report's rows over time (from the worker), when dated.
    #[prop_or_default]
    pub timeline: Option<Rc<Timeline>>,
    pub on_rows: OnRows,
}

const DATASET: DatasetId = DatasetId::Blocked;

#[function_component(BlockedView)]
pub fn blocked_view(props: &BlockedViewProps) -> Html {
    let Report::Blocked(r) = &*props.report else {
        return html! {};
    };
    let on_rows = &props.on_rows;
    let shown = r.user_list.len() as u64;
    html! {
        <section class="report" aria-labelledby="report-blocked-title" data-report="blocked">
            { heading(
                ReportId::Blocked,
                "Requests to block or unblock users in MFA Server, on a timeline per user: when, \
                 who asked and why. A user's state now is the one their last request left them in.",
                Some(on_rows),
            ) }
            <div class="tiles">
                { tile("requests", r.events, plural(r.users, "user", "users"), "tone--neutral") }
                { tile("blocks", r.blocks, "requests to block".into(), "outcome--failed") }
                { tile("unblocks", r.unblocks, "requests to unblock".into(), "outcome--succeeded") }
                { tile("users blocked now", r.users_blocked_now, "last request was a block".into(), "outcome--failed") }
                { tile("users unblocked now", r.users_unblocked_now, "last request was an unblock".into(), "outcome--succeeded") }
                { tile("fraud alerts", r.fraud_alerts, "blocks caused by a fraud report".into(), "outcome--failed") }
            </div>
            { section_index(&[("blocked-charts", "Over time, why and who"), ("blocked-users", "Users")]) }
            { section_heading("blocked-charts", "Over time, why and who asked") }
            <div class="charts">
                { timeline(props.timeline.as_ref(), "requests", DATASET, on_rows) }
                { ranked_chart("Why (block reason)", &r.by_reason, r.events, DATASET, "tone--method", on_rows) }
                { ranked_chart("Who asked (empty: the server or the user)", &r.by_requester, r.events, DATASET, "tone--method", on_rows) }
            </div>
            <div class="report__block">
                { section_heading("blocked-users", "Users, blocked now first") }
                if shown < r.users {
                    <p class="report__note">{ format!("{} of {} users.", grouped(shown), grouped(r.users)) }</p>
                }
                <ShortTable label="Users and their requests" head={Html::default()} list={true}
                    rows={r.user_list.iter().map(|u| user(u, on_rows)).collect::<Vec<Html>>()} />
            </div>
        </section>
    }
}

fn user(u: &BlockedUser, on_rows: &OnRows) -> Html {
    let open = u.state_now == BlockState::Blocked;
    html! {
        <li class="user-timeline">
            <details {open}>
                <summary>
                    <span class="explanation__reason cell-text">{ u.user.clone() }</span>
                    { " " }{ state_badge(u.state_now) }
                    <span class="explanation__count">
                        { format!(" — {}, {}, last {}", plural(u.blocks, "block", "blocks"), plural(u.unblocks, "unblock", "unblocks"), when(u.last_event.as_deref())) }
                    </span>
                </summary>
                if u.events_omitted > 0 {
                    <p class="report__note">{ format!("{} older requests not shown.", grouped(u.events_omitted)) }</p>
                }
                <ol class="event-list">
                    { for u.events.iter().map(|e| {
                        let (word, tone) = match e.action {
                            BlockAction::Block => ("Blocked", "badge--bad"),
                            BlockAction::Unblock => ("Unblocked", "badge--ok"),
                            BlockAction::Other => ("Blocked column unreadable", ""),
                        };
                        let by = if e.by.is_empty() { "the server or the user (no requester)".to_string() } else { e.by.clone() };
                        html! {
                            <li class="event">
                                <span class="event__time">{ when(e.when.as_deref()) }</span>
                                <span class={classes!("badge", tone)}>{ word }</span>
                                <span class="cell-text">{ format!("by {by}") }</span>
                                if !e.reason.is_empty() {
                                    <span class="cell-text">{ format!("— {}", e.reason) }</span>
                                }
                                if e.fraud_alert {
                                    <span class="badge badge--bad">{ "fraud alert" }</span>
                                }
                                if e.account_lockout {
                                    <span class="badge">{ "account lockout" }</span>
                                }
                                if !e.completion_reason.is_empty() || e.completed.is_some() {
                                    <span class="event__done cell-text">{ format!("(completed {}: {})", when(e.completed.as_deref()), e.completion_reason) }</span>
                                }
                            </li>
                        }
                    }) }
                </ol>
                { rows_button("Show this user's rows", DATASET, vec![u.filter.clone()], on_rows) }
            </details>
        </li>
    }
}
