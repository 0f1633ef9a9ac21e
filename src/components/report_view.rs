//! The panel of a report tab: the report's own view once the worker has sent
//! its analysis, a short wait line until then.

use std::rc::Rc;

use mfa_lens_core::query::Timeline;
use mfa_lens_core::reports::{Report, ReportId};
use yew::prelude::*;

use crate::components::blocked_view::BlockedView;
use crate::components::bypassed_view::BypassedView;
use crate::components::fraud_view::FraudView;
use crate::components::mfa_server_view::MfaServerView;
use crate::components::report_parts::OnRows;
use crate::components::server_status_view::ServerStatusView;

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    pub id: ReportId,
    /// The analysis, when it is the one of `id`.
    pub report: Option<Rc<Report>>,
    /// The report's rows over time, when dated.
    #[prop_or_default]
    pub timeline: Option<Rc<Timeline>>,
    pub on_rows: OnRows,
}

#[function_component(ReportView)]
pub fn report_view(props: &ReportViewProps) -> Html {
    let Some(report) = props.report.clone().filter(|r| r.id() == props.id) else {
        return html! { <p class="empty" role="status">{ format!("Reading the {}…", props.id.label().to_lowercase()) }</p> };
    };
    let on_rows = props.on_rows.clone();
    let timeline = props.timeline.clone();
    match props.id {
        ReportId::MfaServer => html! { <MfaServerView {report} {timeline} {on_rows} /> },
        ReportId::Fraud => html! { <FraudView {report} {on_rows} /> },
        ReportId::Blocked => html! { <BlockedView {report} {timeline} {on_rows} /> },
        ReportId::Bypassed => html! { <BypassedView {report} {timeline} {on_rows} /> },
        ReportId::ServerStatus => html! { <ServerStatusView {report} {on_rows} /> },
    }
}
