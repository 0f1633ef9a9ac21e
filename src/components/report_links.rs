//! The Overview's way into the report views: one card per report the loaded
//! files hold, saying what it answers, with a button that opens it.

use mfa_lens_core::reports::ReportId;
use yew::prelude::*;

/// What each report view answers, in one line.
pub fn answers(id: ReportId) -> &'static str {
    match id {
        ReportId::MfaServer => {
            "Usage through NPS, AD FS and MFA Server by component, application and method; \
             every call result explained."
        }
        ReportId::Fraud => "Every fraud report, per user, and whether a block followed.",
        ReportId::Blocked => {
            "Block and unblock requests per user, who and why, and who is blocked now."
        }
        ReportId::Bypassed => "One-time bypasses: who granted them, for how long, used or not.",
        ReportId::ServerStatus => "Each MFA Server's version and status, and the ones gone silent.",
    }
}

#[derive(Properties, PartialEq)]
pub struct ReportLinksProps {
    pub reports: Vec<ReportId>,
    pub on_open: Callback<ReportId>,
}

#[function_component(ReportLinks)]
pub fn report_links(props: &ReportLinksProps) -> Html {
    if props.reports.is_empty() {
        return html! {};
    }
    html! {
        <div class="overview__section" data-section="report-views">
            <h3>{ "MFA Server reports" }</h3>
            <ul class="report-links">
                { for props.reports.iter().map(|&id| {
                    let onclick = props.on_open.reform(move |_: MouseEvent| id);
                    html! {
                        <li class="report-link">
                            <span class="report-link__title">{ id.label() }</span>
                            <span class="report-link__text">{ answers(id) }</span>
                            <button type="button" class="button button--primary button--small" {onclick}>
                                { format!("Open the {} view", id.label()) }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
