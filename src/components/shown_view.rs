//! The tab panel: the worker's answer to what is shown, drawn by the view's own
//! component. One arm per view; each view gets its answer and the callbacks
//! that change what is shown or ask a follow-up question.

use mfa_lens_core::query::{DatasetId, Filter, UserQuery};
use mfa_lens_core::reports::registration::RegistrationRequest;
use yew::prelude::*;

use crate::components::findings_view::FindingsView;
use crate::components::overview::Overview;
use crate::components::reference::Reference;
use crate::components::registration_view::RegistrationView;
use crate::components::report_view::ReportView;
use crate::components::table_view::TableView;
use crate::components::tabs::View;
use crate::components::users_view::UsersView;
use crate::protocol::{AnswerBody, KqlAsk, OverviewAnswer, Shown, ToWorker};
use crate::session::Session;
use crate::state::{rows_where, sign_ins_where, Action};

#[derive(Properties, PartialEq)]
pub struct ShownViewProps {
    pub session: Session,
}

#[function_component(ShownView)]
pub fn shown_view(props: &ShownViewProps) -> Html {
    let session = &props.session;
    let state = &session.state;
    let view = state.current_view();
    let on_show = session.on_show();
    let on_filter = on_show.reform(sign_ins_where);
    let on_rows =
        on_show.reform(|(dataset, filters): (DatasetId, Vec<Filter>)| rows_where(dataset, filters));
    let body = state.body();
    let waiting = |what: &str| html! { <p class="empty" role="status">{ format!("Reading the {what}…") }</p> };
    match (view, body) {
        (View::Overview, Some(AnswerBody::Overview(answer))) if !state.files.is_empty() => {
            overview(session, answer, on_filter)
        }
        (View::Findings, body) => {
            let findings = match body {
                Some(AnswerBody::Findings(f)) => f.clone(),
                _ => None,
            };
            html! {
                <FindingsView
                    {findings}
                    on_kql={session.on_kql().reform(KqlAsk::Finding)}
                    on_more={on_show.reform(|first| Shown::Findings { first })}
                    settings={state.settings}
                    on_settings={session.on_settings()}
                    zone={state.zone}
                    datasets={state.catalog.datasets.clone()}
                    on_rows={on_rows.clone()}
                />
            }
        }
        (View::Overview, _) => html! {
            <p class="empty">{ "Drop exports above, or try the sample, to see who was challenged for MFA, how it was completed and why it failed." }</p>
        },
        (View::Rows, body) => {
            let info = match body {
                Some(AnswerBody::Rows(rows)) => Some(rows.clone()),
                _ => None,
            };
            let t = &state.table;
            let on_select = {
                let state = state.clone();
                let ask = session.ask(|seq, index| ToWorker::Detail { seq, index });
                Callback::from(move |index: u64| {
                    state.dispatch(Action::Select(index));
                    ask.emit(index);
                })
            };
            html! {
                <TableView
                    datasets={state.catalog.datasets.clone()}
                    query={state.rows_query().clone()}
                    {info}
                    epoch={state.answer.as_ref().map_or((0, 0), |a| (a.seq, a.files))}
                    window={t.window.clone()}
                    selected={t.selected}
                    detail={t.detail.clone()}
                    values={t.values.clone()}
                    on_query={on_show.reform(Shown::Rows)}
                    on_range={session.ask(|seq, (offset, limit)| ToWorker::Window { seq, offset, limit })}
                    {on_select}
                    on_values={session.ask(|seq, column| ToWorker::Values { seq, column })}
                    on_export={session.on_export()}
                    export={state.export.clone()}
                    on_kql={session.on_kql().reform(|()| KqlAsk::Rows)}
                    grid={session.grid_prefs()}
                />
            }
        }
        (View::Users, body) => {
            let answer = match body {
                Some(AnswerBody::Users(answer)) => Some(answer.clone()),
                _ => None,
            };
            let query = match &state.shown {
                Shown::Users(q) => q.clone(),
                _ => UserQuery::default(),
            };
            html! {
                <UsersView
                    {answer}
                    epoch={state.answer.as_ref().map_or((0, 0), |a| (a.seq, a.files))}
                    window={state.table.window.clone()}
                    on_range={session.ask(|seq, (offset, limit)| ToWorker::Window { seq, offset, limit })}
                    {query}
                    selected={state.user_timeline.clone()}
                    on_query={on_show.reform(Shown::Users)}
                    on_pick={session.ask(|seq, user| ToWorker::UserTimeline { seq, user })}
                    {on_filter}
                    grid={session.grid_prefs()}
                />
            }
        }
        (View::Reference, body) => {
            let answer = match body {
                Some(AnswerBody::Reference(answer)) => Some(answer.clone()),
                _ => None,
            };
            let query = match &state.shown {
                Shown::Reference(text) => text.clone(),
                _ => String::new(),
            };
            html! { <Reference query={query} {answer} on_search={on_show.reform(Shown::Reference)} /> }
        }
        (View::Report(id), Some(AnswerBody::Report { report, timeline })) => html! {
            <ReportView {id} report={report.clone()} timeline={timeline.clone()} {on_rows} />
        },
        (View::Report(id), _) => waiting(&id.label().to_lowercase()),
        (View::Registration, body) => {
            let report = match body {
                Some(AnswerBody::Registration(report)) => report.clone(),
                _ => None,
            };
            let request = match &state.shown {
                Shown::Registration(r) => *r,
                _ => RegistrationRequest::default(),
            };
            html! {
                <RegistrationView
                    {report}
                    {request}
                    on_page={on_show.reform(Shown::Registration)}
                    {on_rows}
                />
            }
        }
    }
}

fn overview(session: &Session, answer: &OverviewAnswer, on_filter: Callback<Vec<Filter>>) -> Html {
    let Some(summary) = answer.summary.clone() else {
        return html! {};
    };
    let state = &session.state;
    // The worker writes it, findings list included (the answer has counts only).
    let on_download = session.on_download_summary().reform(|_: MouseEvent| ());
    let on_open = {
        let state = state.clone();
        Callback::from(move |view: View| state.dispatch(Action::Open(view)))
    };
    html! {
        <>
            <div class="actions">
                <button type="button" class="button" onclick={on_download} disabled={state.is_loading()}>
                    { "Download summary (JSON)" }
                </button>
                if summary.sign_ins.is_some() {
                    <button type="button" class="button" onclick={session.on_kql().reform(|_: MouseEvent| KqlAsk::Overview)}>
                        { "Copy as KQL" }
                    </button>
                }
            </div>
            <Overview
                {summary}
                charts={answer.charts.clone()}
                notes={answer.notes.clone()}
                {on_filter}
                reports={state.catalog.reports.clone()}
                on_open={on_open.reform(View::Report)}
                on_open_registration={on_open.reform(|()| View::Registration)}
                on_open_findings={on_open.reform(|()| View::Findings)}
            />
        </>
    }
}
