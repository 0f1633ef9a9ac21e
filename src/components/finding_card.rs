//! One finding as a card: its severity and rule, who and when, the episode on
//! a time axis, what happened and what to do, in the core's words, and the
//! evidence rows one click away in the Rows view.

use mfa_lens_core::findings::{
    rule_info, Finding, FindingSettings, RuleId, Severity, MAX_EVIDENCE_ROWS,
};
use mfa_lens_core::query::{DatasetId, DatasetInfo, Filter};
use yew::prelude::*;

use crate::components::episode_chart::EpisodeChart;
use crate::components::findings_view::count_words;
use crate::format::{grouped, now_secs};
use crate::grid_layout::{time_text, Zone};

#[derive(Properties, PartialEq)]
pub struct FindingCardProps {
    pub finding: Finding,
    /// Its place in the list, for unique ids.
    pub index: usize,
    /// The thresholds it was found with (a card names the windows it used).
    pub settings: FindingSettings,
    pub zone: Zone,
    /// The loaded datasets, for the evidence buttons' names.
    pub datasets: Vec<DatasetInfo>,
    /// Open rows of a dataset in the Rows view.
    pub on_rows: Callback<(DatasetId, Vec<Filter>)>,
    /// "Copy as KQL": the rule's query for Log Analytics.
    #[prop_or_default]
    pub on_kql: Callback<RuleId>,
}

#[function_component(FindingCard)]
pub fn finding_card(props: &FindingCardProps) -> Html {
    let f = &props.finding;
    let info = rule_info(f.rule);
    let title_id = format!("finding-{}", props.index);
    let mut who = vec![f.user.clone()];
    if let Some(when) = window(f, props.zone) {
        who.push(when);
    }
    who.push(count_words(f));
    html! {
        <article class={classes!("finding", format!("finding--{}", f.severity.id()))} aria-labelledby={title_id.clone()}>
            <div class="finding__top">
                <SeverityBadge severity={f.severity} />
                <h3 id={title_id} tabindex="-1">{ info.title }</h3>
            </div>
            <p class="finding__who">{ who.join(" · ") }</p>
            <EpisodeChart marks={f.marks.clone()} legend={info.marks} zone={props.zone} />
            <p class="finding__why">{ &f.explanation }</p>
            { facts(f, &props.settings, props.zone) }
            <h4 class="finding__steps-title">{ "What to do" }</h4>
            <ol class="finding__steps">
                { for f.next_steps.iter().map(|s| html! { <li>{ s }</li> }) }
            </ol>
            <div class="finding__evidence">
                { evidence(f, &props.datasets, &props.on_rows) }
                <button type="button" class="button button--small" onclick={props.on_kql.reform({ let rule = f.rule; move |_: MouseEvent| rule })}>
                    { "Copy as KQL" }
                </button>
            </div>
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct SeverityBadgeProps {
    pub severity: Severity,
    /// A count before the word ("3 high").
    #[prop_or_default]
    pub count: Option<u64>,
}

/// A severity in words on its colour (the words carry it without colour).
#[function_component(SeverityBadge)]
pub fn severity_badge(props: &SeverityBadgeProps) -> Html {
    let word = severity_word(props.severity);
    let text = match props.count {
        Some(n) => format!("{} {}", grouped(n), word.to_lowercase()),
        None => word.to_string(),
    };
    html! { <span class={classes!("sev", format!("sev--{}", props.severity.id()))}>{ text }</span> }
}

pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Info => "Info",
    }
}

/// "2024-05-01 10:02:11 – 10:09:40 (UTC)": the window with its zone named.
fn window(f: &Finding, zone: Zone) -> Option<String> {
    let span = span_text(f, zone)?;
    Some(format!("{span} ({})", zone.name(now_secs())))
}

/// "2024-05-01 10:02:11 – 10:09:40": the end's date only when it differs from
/// the start's; one time when the finding is one instant.
pub fn span_text(f: &Finding, zone: Zone) -> Option<String> {
    let first = time_text(None, f.first.as_deref()?, zone);
    let last = time_text(None, f.last.as_deref().unwrap_or_default(), zone);
    Some(if first == last || last.is_empty() {
        first
    } else if first.get(..10) == last.get(..10) {
        format!("{first} – {}", last.get(11..).unwrap_or(&last))
    } else {
        format!("{first} – {last}")
    })
}

/// The rule's own facts: the approval and where it came from, the busiest
/// day, the way in.
fn facts(f: &Finding, settings: &FindingSettings, zone: Zone) -> Html {
    let mut rows: Vec<(String, String)> = Vec::new();
    match (f.approved_after, f.approved_at.as_deref()) {
        (Some(true), Some(at)) => {
            let word = if f.rule == RuleId::MfaFatigue {
                "Approved at"
            } else {
                "Success at"
            };
            rows.push((word.into(), time_text(None, at, zone)));
        }
        (Some(false), _) => {
            let minutes = match f.rule {
                RuleId::CodeGuessing => settings.code_guessing.success_window_minutes,
                _ => settings.mfa_fatigue.approval_window_minutes,
            };
            rows.push((
                "Afterwards".into(),
                format!("no success within {minutes} minutes"),
            ));
        }
        _ => {}
    }
    let seen = |v: Option<bool>| match v {
        Some(true) => " (seen in the user's earlier sign-ins)",
        Some(false) => " (never seen in the user's earlier sign-ins)",
        None => "",
    };
    if let Some(ip) = &f.approving_ip {
        rows.push((
            "Approving IP address".into(),
            format!("{ip}{}", seen(f.ip_seen_before)),
        ));
    }
    if let Some(place) = &f.approving_location {
        rows.push((
            "Approving location".into(),
            format!("{place}{}", seen(f.location_seen_before)),
        ));
    }
    let info = rule_info(f.rule);
    if !f.via.is_empty() && !info.via.is_empty() {
        rows.push((info.via.into(), f.via.join(", ")));
    }
    if let Some(day) = &f.busiest_day {
        rows.push(("Busiest day (UTC)".into(), day.clone()));
    }
    if let (Some(median), Some(threshold)) = (f.tenant_median, f.threshold) {
        rows.push((
            "Compared with".into(),
            format!(
                "a tenant median of {} on the busiest day; the threshold was {}",
                number(median),
                number(threshold)
            ),
        ));
    }
    if let Some(n) = f.sign_ins {
        rows.push(("Sign-ins in the loaded files".into(), grouped(n)));
    }
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <dl class="finding__facts">
            { for rows.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
        </dl>
    }
}

/// A number as people write it: whole when it is whole.
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// One button per dataset of the evidence: the rows open in the Rows view,
/// exactly these rows, under a chip naming the finding.
fn evidence(
    f: &Finding,
    datasets: &[DatasetInfo],
    on_rows: &Callback<(DatasetId, Vec<Filter>)>,
) -> Html {
    let info = rule_info(f.rule);
    let buttons = f.evidence.iter().map(|e| {
        let name = datasets
            .iter()
            .find(|d| d.id == e.dataset)
            .map_or_else(|| "the loaded files".to_string(), |d| d.label.clone());
        let n = e.rows.len() as u64;
        let text = if n == 1 {
            format!("Show the row in Rows ({name})")
        } else if n as usize == MAX_EVIDENCE_ROWS {
            // The core keeps the earliest rows only; `count` stays exact.
            format!("Show the first {} rows in Rows ({name})", grouped(n))
        } else {
            format!("Show the {} rows in Rows ({name})", grouped(n))
        };
        let filter = Filter::Rows {
            label: format!("{}: {}", info.title, f.user),
            rows: e.rows.clone(),
        };
        let dataset = e.dataset;
        let onclick = on_rows.reform(move |_: MouseEvent| (dataset, vec![filter.clone()]));
        html! { <button type="button" class="button button--small" {onclick}>{ text }</button> }
    });
    html! { <>{ for buttons }</> }
}
