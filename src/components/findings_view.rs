//! The Findings view: the incidents the exports show, most urgent first, one
//! card each, beside the thresholds that made them.

use std::rc::Rc;

use mfa_lens_core::findings::{rule_info, Finding, FindingSettings, Findings, RuleId, Severity};
use mfa_lens_core::query::{DatasetId, DatasetInfo, Filter};
use yew::prelude::*;

use crate::components::finding_card::{span_text, FindingCard, SeverityBadge};
use crate::components::finding_settings::FindingSettingsPanel;
use crate::components::report_parts::go_to;
use crate::format::{grouped, now_secs};
use crate::grid_layout::Zone;
use crate::protocol::FINDINGS_PAGE;

#[derive(Properties, PartialEq)]
pub struct FindingsViewProps {
    /// `None` while the worker is answering.
    pub findings: Option<Rc<Findings>>,
    /// The thresholds the page holds (the panel shows them while an answer
    /// to them is on its way).
    pub settings: FindingSettings,
    pub on_settings: Callback<FindingSettings>,
    pub zone: Zone,
    pub datasets: Vec<DatasetInfo>,
    pub on_rows: Callback<(DatasetId, Vec<Filter>)>,
    /// "Show more": the first this many findings.
    #[prop_or_default]
    pub on_more: Callback<u32>,
    /// "Copy as KQL" on a card: the rule's query for Log Analytics.
    #[prop_or_default]
    pub on_kql: Callback<RuleId>,
}

#[function_component(FindingsView)]
pub fn findings_view(props: &FindingsViewProps) -> Html {
    let list = match &props.findings {
        None => html! { <p class="empty" role="status">{ "Looking for findings…" }</p> },
        Some(f) if f.items.is_empty() => html! {
            <p class="empty">
                { "Nothing found with these thresholds: no fatigue episode, fraud report, code guessing, unusual prompt volume, admin without MFA, lifted block or password-only access in the loaded files." }
            </p>
        },
        Some(f) => {
            // The worker sends a page of the list (a large tenant can have
            // thousands of findings); the counts are of all of them.
            let shown = f.items.len();
            let total = f.counts.total() as usize;
            let rest = total.saturating_sub(shown);
            let next = (shown as u32).saturating_add(FINDINGS_PAGE);
            let on_more = props.on_more.reform(move |_: MouseEvent| next);
            html! {
                <div class="findings__list">
                    { index(&f.items, props.zone) }
                    { for f.items.iter().enumerate().map(|(index, finding)| html! {
                        <FindingCard
                            finding={finding.clone()}
                            {index}
                            settings={f.settings}
                            zone={props.zone}
                            datasets={props.datasets.clone()}
                            on_rows={props.on_rows.clone()}
                            on_kql={props.on_kql.clone()}
                        />
                    }) }
                    if rest > 0 {
                        <button type="button" class="button findings__more" onclick={on_more}>
                            { format!("Show {} more of {} findings", grouped(rest.min(FINDINGS_PAGE as usize) as u64), grouped(total as u64)) }
                        </button>
                    }
                </div>
            }
        }
    };
    let to_thresholds = Callback::from(|_: MouseEvent| go_to("thresholds-title"));
    html! {
        <section class="findings" aria-labelledby="findings-title">
            <div class="findings__head">
                <h2 id="findings-title">{ "Findings" }</h2>
                { props.findings.as_ref().map(|f| counts_line(f)).unwrap_or_default() }
                { (props.settings != FindingSettings::default()).then(|| html! {
                    <span class="findings__custom">{ "with thresholds changed from the defaults" }</span>
                }) }
                // Beside the list on a wide screen; below it on a narrow one.
                <button type="button" class="button button--small findings__to-thresholds" onclick={to_thresholds}>
                    { "Thresholds ↓" }
                </button>
            </div>
            <div class="findings__body">
                { list }
                <FindingSettingsPanel settings={props.settings} on_change={props.on_settings.clone()} />
            </div>
        </section>
    }
}

/// Every finding on one line, the answer before the details: a click on one
/// goes to its card.
fn index(items: &[Finding], zone: Zone) -> Html {
    let rows = items.iter().enumerate().map(|(i, f)| {
        let info = rule_info(f.rule);
        let onclick = Callback::from(move |_: MouseEvent| go_to(&format!("finding-{i}")));
        html! {
            <tr>
                <td><SeverityBadge severity={f.severity} /></td>
                <td><button type="button" class="link-button" {onclick}>{ info.title }</button></td>
                <td class="findings__user">{ &f.user }</td>
                <td class="findings__when">{ span_text(f, zone).unwrap_or_default() }</td>
                <td class="num">{ count_words(f) }</td>
            </tr>
        }
    });
    html! {
        <table class="report-table findings__index">
            <caption class="visually-hidden">{ "The findings, most urgent first" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Severity" }</th>
                    <th scope="col">{ "Finding" }</th>
                    <th scope="col">{ "User" }</th>
                    <th scope="col">{ format!("When ({})", zone.name(now_secs())) }</th>
                    <th scope="col" class="num">{ "How many" }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// "5 prompts", "1 fraud report": the count in the rule's own words.
pub fn count_words(f: &Finding) -> String {
    format!(
        "{} {}",
        grouped(f.count),
        rule_info(f.rule).counted_word(f.count)
    )
}

/// "5 findings: 2 high, 1 medium, 2 info", each severity on its colour.
pub fn counts_line(f: &Findings) -> Html {
    let c = f.counts;
    let total = c.total();
    let noun = if total == 1 { "finding" } else { "findings" };
    let badges = [
        (Severity::High, c.high),
        (Severity::Medium, c.medium),
        (Severity::Info, c.info),
    ]
    .into_iter()
    .filter(|&(_, n)| n > 0)
    .map(|(severity, n)| html! { <SeverityBadge {severity} count={Some(n)} /> });
    html! {
        <p class="findings__counts" role="status">
            <strong>{ format!("{} {noun}", grouped(total)) }</strong>
            { for badges }
        </p>
    }
}
