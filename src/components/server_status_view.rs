//! The server status view: the MFA Servers, their version and status, and the
//! ones silent for long relative to the newest contact in the report.

use std::rc::Rc;

use mfa_lens_core::reports::{duration_words, Report, ReportId};
use yew::prelude::*;

use crate::components::bar_chart::{Bar, BarChart};
use crate::components::report_parts::{heading, plural, tile, when, OnRows};

#[derive(Properties, PartialEq)]
pub struct ServerStatusViewProps {
    pub report: Rc<Report>,
    pub on_rows: OnRows,
}

#[function_component(ServerStatusView)]
pub fn server_status_view(props: &ServerStatusViewProps) -> Html {
    let Report::ServerStatus(r) = &*props.report else {
        return html! {};
    };
    let versions: Vec<Bar> = r
        .versions
        .iter()
        .map(|c| Bar {
            label: c.value.clone(),
            count: c.count,
            tone: "tone--method",
        })
        .collect();
    html! {
        <section class="report" aria-labelledby="report-server-status-title" data-report="server-status">
            { heading(
                ReportId::ServerStatus,
                "The MFA Servers of the account. The report does not say when it was taken, so a \
                 server counts as silent when its last contact is more than a day older than the \
                 newest contact in the report.",
                Some(&props.on_rows),
            ) }
            <div class="tiles">
                { tile("servers", r.servers_total, plural(r.versions.len() as u64, "version", "versions"), "tone--neutral") }
                { tile("silent or unknown", r.flagged, format!("no contact for over {}", duration_words(r.silent_after_seconds)), "outcome--failed") }
            </div>
            <p class="report__range">{ format!("Newest contact in the report: {}.", when(r.newest.as_deref())) }</p>
            <div class="charts">
                <BarChart title="Versions" bars={versions} total={r.servers_total} />
            </div>
            <div class="report__block">
                <h3>{ "Servers, silent ones first" }</h3>
                <table class="report-table" aria-label="Servers">
                    <thead><tr>
                        <th scope="col">{ "Server" }</th>
                        <th scope="col">{ "Version" }</th>
                        <th scope="col">{ "Status" }</th>
                        <th scope="col">{ "Last contact" }</th>
                        <th scope="col">{ "Silent for" }</th>
                        <th scope="col">{ "Flag" }</th>
                    </tr></thead>
                    <tbody>
                        { for r.servers.iter().map(|s| html! {
                            <tr class={classes!(s.flagged.then_some("row--flagged"))}>
                                <td class="cell-text">{ s.name.clone() }</td>
                                <td class="cell-text">{ s.version.clone() }</td>
                                <td class="cell-text">{ s.status.clone() }</td>
                                <td>{ when(s.last_contact.as_deref()) }</td>
                                <td>{ s.silent_for.clone().unwrap_or_else(|| "—".into()) }</td>
                                <td>{ match &s.why {
                                    Some(why) => html! { <>
                                        <span class="badge badge--bad">{ if s.silent_for.is_some() { "silent" } else { "unknown" } }</span>
                                        { " " }<span class="report__why">{ why.clone() }</span>
                                    </> },
                                    None => html! { <span class="badge badge--ok">{ "reporting" }</span> },
                                } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
