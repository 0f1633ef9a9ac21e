use std::collections::BTreeMap;
use std::rc::Rc;

use mfa_lens_core::findings::Findings;
use mfa_lens_core::knowledge::Card;
use mfa_lens_core::query::{Filter, SignInCharts};
use mfa_lens_core::reports::ReportId;
use mfa_lens_core::summary::{MfaServerSummary, SignInSummary};
use mfa_lens_core::Summary;
use yew::prelude::*;

use crate::components::bar_chart::{Bar, BarChart};
use crate::components::findings_view::counts_line;
use crate::components::report_links::ReportLinks;
use crate::components::timeline::TimelineChart;
use crate::format::{grouped, percent};

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub summary: Rc<Summary>,
    /// Timeline and error codes over all sign-ins (from the worker).
    #[prop_or_default]
    pub charts: Option<Rc<SignInCharts>>,
    /// The knowledge base's entry for each reason and call result the summary
    /// names (looked up by the worker: the page does not carry the knowledge base).
    #[prop_or_default]
    pub notes: Rc<Vec<(String, Card)>>,
    /// Show the sign-ins matching these filters in the table.
    #[prop_or_default]
    pub on_filter: Callback<Vec<Filter>>,
    /// The report views the files hold, each offered with a button.
    #[prop_or_default]
    pub reports: Vec<ReportId>,
    #[prop_or_default]
    pub on_open: Callback<ReportId>,
    /// Open the Registration view (from the registration tiles).
    #[prop_or_default]
    pub on_open_registration: Callback<()>,
    /// Open the Findings view (from the findings line).
    #[prop_or_default]
    pub on_open_findings: Callback<()>,
}

/// The findings by severity, first: the answer to "is someone attacking us?".
fn findings_line(f: &Findings, on_open: &Callback<()>) -> Html {
    let onclick = on_open.reform(|_: MouseEvent| ());
    let total = f.counts.total();
    let class = if f.counts.high > 0 {
        "overview-findings--high"
    } else if total > 0 {
        "overview-findings--some"
    } else {
        "overview-findings--none"
    };
    html! {
        <div class={classes!("overview-findings", class)}>
            { if total == 0 {
                html! { <p class="findings__counts" role="status">{ "No findings: no attack or risky gap the rules look for shows in these files." }</p> }
            } else {
                counts_line(f)
            } }
            <button type="button" class="button button--small" {onclick}>{ "Open Findings" }</button>
        </div>
    }
}

/// The answers at a glance: how many sign-ins were challenged, how MFA was
/// completed, why it failed — every number straight from the engine's summary.
///
/// What is below the first screen — the denial reasons with their
/// explanations, the timeline and the error codes — is drawn one task after
/// the rest, so the page's thread never spends the whole drawing of a large
/// overview in one go, and the answer is on screen first.
#[function_component(Overview)]
pub fn overview(props: &OverviewProps) -> Html {
    let drawn = use_state(|| None::<Rc<Summary>>);
    {
        let drawn = drawn.clone();
        use_effect_with(props.summary.clone(), move |summary| {
            let summary = summary.clone();
            let later = gloo::timers::callback::Timeout::new(0, move || drawn.set(Some(summary)));
            move || drop(later)
        });
    }
    let below = *drawn == Some(props.summary.clone());
    let s = &props.summary;
    let nothing = s.sign_ins.is_none()
        && s.mfa_server.is_none()
        && s.blocked_history.is_none()
        && s.bypass_history.is_none()
        && s.registration.is_none()
        && props.reports.is_empty();
    if nothing {
        return html! {};
    }
    html! {
        <section class="overview" aria-labelledby="overview-title">
            <h2 id="overview-title">{ "Overview" }</h2>
            { s.findings.as_ref().map(|f| findings_line(f, &props.on_open_findings)).unwrap_or_default() }
            { s.sign_ins.as_ref().map(|si| sign_ins(si, props.charts.as_deref(), &props.notes, &props.on_filter, below)).unwrap_or_default() }
            { s.mfa_server.as_ref().map(|m| mfa_server(m, &props.notes)).unwrap_or_default() }
            { other_reports(s, &props.on_open_registration) }
            <ReportLinks reports={props.reports.clone()} on_open={props.on_open.clone()} />
        </section>
    }
}

fn tile(label: &str, value: u64, note: String, tone: &'static str) -> Html {
    html! {
        <div class={classes!("tile", tone)}>
            <div class="tile__value">{ grouped(value) }</div>
            <div class="tile__label">{ label.to_string() }</div>
            <div class="tile__note">{ note }</div>
        </div>
    }
}

/// Outcome ids in the order of the outcome chart's bars.
const OUTCOME_IDS: [&str; 4] = ["satisfied", "denied", "interrupted", "no_mfa"];

fn sign_ins(
    s: &SignInSummary,
    charts: Option<&SignInCharts>,
    notes: &[(String, Card)],
    on_filter: &Callback<Vec<Filter>>,
    below: bool,
) -> Html {
    let on_outcome = on_filter.reform(|i: usize| {
        vec![Filter::Outcome {
            values: vec![OUTCOME_IDS.get(i).copied().unwrap_or("no_mfa").to_string()],
        }]
    });
    let outcomes = vec![
        Bar {
            label: "Satisfied".into(),
            count: s.satisfied,
            tone: "outcome--satisfied",
        },
        Bar {
            label: "Denied".into(),
            count: s.denied,
            tone: "outcome--denied",
        },
        Bar {
            label: "Interrupted".into(),
            count: s.interrupted,
            tone: "outcome--interrupted",
        },
        Bar {
            label: "No MFA".into(),
            count: s.no_mfa,
            tone: "outcome--none",
        },
    ];
    // How MFA was completed: satisfied sign-ins per method under its portal
    // name, counted by the worker with the filter a click applies.
    let completed = charts
        .map(|c| c.completed_methods.as_slice())
        .unwrap_or_default();
    let methods: Vec<Bar> = completed
        .iter()
        .map(|m| Bar {
            label: m.label.clone(),
            count: m.count,
            tone: "tone--method",
        })
        .collect();
    let on_method = {
        let filters: Vec<Vec<Filter>> = completed.iter().map(|m| m.filter.clone()).collect();
        on_filter.reform(move |i: usize| filters.get(i).cloned().unwrap_or_default())
    };
    html! {
        <div class="overview__section" data-section="sign-ins">
            <h3>{ "Sign-ins" }</h3>
            <div class="tiles">
                { tile("sign-ins", s.total, format!("{} users", grouped(s.users)), "tone--neutral") }
                { tile("MFA required", s.mfa_required, percent(s.mfa_required, s.total), "tone--neutral") }
                { tile("satisfied", s.satisfied, percent(s.satisfied, s.total), "outcome--satisfied") }
                { tile("denied", s.denied, percent(s.denied, s.total), "outcome--denied") }
                { tile("interrupted", s.interrupted, percent(s.interrupted, s.total), "outcome--interrupted") }
                { tile("users challenged", s.users_mfa_required, format!("of {} users", grouped(s.users)), "tone--neutral") }
                { tile("users who never completed", s.users_never_completed, format!("{} denied at least once", grouped(s.users_denied)), "outcome--denied") }
            </div>
            <div class="charts">
                <BarChart title="Outcome of each sign-in" bars={outcomes} total={s.total} on_select={on_outcome} />
                if !methods.is_empty() {
                    <BarChart title="How MFA was completed" bars={methods} total={s.satisfied} on_select={on_method} />
                }
            </div>
            if below {
                { denial_reasons(s, notes, on_filter) }
                { charts.map(|c| extra_charts(c, on_filter)).unwrap_or_default() }
            } else {
                <div class="overview__later" aria-busy="true"></div>
            }
        </div>
    }
}

/// Bars for a count map, largest first (ties by name, so the order is stable).
fn sorted_bars(map: &BTreeMap<String, u64>, tone: &'static str) -> Vec<Bar> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    entries
        .into_iter()
        .map(|(label, count)| Bar {
            label: label.clone(),
            count: *count,
            tone,
        })
        .collect()
}

/// The knowledge base's entry for `code`, if the worker sent one.
fn note<'a>(notes: &'a [(String, Card)], code: &str) -> Option<&'a Card> {
    notes.iter().find(|(c, _)| c == code).map(|(_, card)| card)
}

fn denial_reasons(
    s: &SignInSummary,
    notes: &[(String, Card)],
    on_filter: &Callback<Vec<Filter>>,
) -> Html {
    if s.denial_reasons.is_empty() {
        return html! {};
    }
    let bars = sorted_bars(&s.denial_reasons, "outcome--denied");
    let on_reason = {
        let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
        on_filter.reform(move |i: usize| {
            vec![Filter::Equals {
                column: "$reason".into(),
                values: vec![labels.get(i).cloned().unwrap_or_default()],
            }]
        })
    };
    html! {
        <div class="reasons">
            <BarChart title="Why MFA was denied" bars={bars.clone()} total={s.denied} on_select={on_reason} />
            <ul class="explanations" aria-label="What each denial reason means">
                { for bars.iter().map(|b| explanation(&b.label, b.count, note(notes, &b.label))) }
            </ul>
        </div>
    }
}

fn explanation(reason: &str, count: u64, entry: Option<&Card>) -> Html {
    let (what, next) = match entry {
        Some(e) => (e.explanation.clone(), e.next_step.clone()),
        None => (
            "This reason is not in MFA Lens's knowledge base yet.".to_string(),
            "Search the exact text in Microsoft's sign-in error documentation.".to_string(),
        ),
    };
    html! {
        <li class="explanation">
            <details>
                <summary>
                    <span class="explanation__reason">{ reason.to_string() }</span>
                    <span class="explanation__count">{ format!(" — {} sign-in{}", grouped(count), if count == 1 { "" } else { "s" }) }</span>
                </summary>
                <p>{ what }</p>
                <p class="explanation__next"><strong>{ "Next step: " }</strong>{ next }</p>
            </details>
        </li>
    }
}

/// The timeline by outcome and the sign-in error codes, both clickable.
fn extra_charts(c: &SignInCharts, on_filter: &Callback<Vec<Filter>>) -> Html {
    let codes: Vec<Bar> = c
        .error_codes
        .iter()
        .map(|e| Bar {
            label: e.caption(),
            count: e.count,
            tone: "outcome--denied",
        })
        .collect();
    let total: u64 = c.error_codes.iter().map(|e| e.count).sum();
    let on_code = {
        let filters: Vec<Filter> = c.error_codes.iter().map(|e| e.filter.clone()).collect();
        on_filter.reform(move |i: usize| filters.get(i).cloned().into_iter().collect())
    };
    html! {
        <div class="charts">
            <TimelineChart timeline={Rc::new(c.timeline.clone())} on_filter={on_filter.clone()} />
            if !codes.is_empty() {
                <BarChart title="Sign-in error codes" bars={codes} {total} on_select={on_code} />
            }
        </div>
    }
}

fn mfa_server(s: &MfaServerSummary, notes: &[(String, Card)]) -> Html {
    let by = &s.by_outcome;
    let outcomes = vec![
        Bar {
            label: "Succeeded".into(),
            count: by.succeeded,
            tone: "outcome--satisfied",
        },
        Bar {
            label: "Failed".into(),
            count: by.failed,
            tone: "outcome--denied",
        },
        Bar {
            label: "Did not complete".into(),
            count: by.did_not_complete,
            tone: "outcome--interrupted",
        },
        Bar {
            label: "Depends on the row".into(),
            count: by.depends,
            tone: "outcome--none",
        },
    ];
    let results: Vec<Bar> = sorted_bars(&s.call_results, "tone--method")
        .into_iter()
        .map(|b| {
            let label = match note(notes, &b.label) {
                Some(entry) => format!("{} ({})", b.label, entry.title),
                None => b.label,
            };
            Bar { label, ..b }
        })
        .collect();
    html! {
        <div class="overview__section" data-section="mfa-server">
            <h3>{ "MFA Server activity" }</h3>
            <div class="tiles">
                { tile("attempts", s.attempts, format!("{} users", grouped(s.users)), "tone--neutral") }
                { tile("succeeded", by.succeeded, percent(by.succeeded, s.attempts), "outcome--satisfied") }
                { tile("failed", by.failed, percent(by.failed, s.attempts), "outcome--denied") }
                { tile("did not complete", by.did_not_complete, percent(by.did_not_complete, s.attempts), "outcome--interrupted") }
            </div>
            <div class="charts">
                <BarChart title="Outcome of each attempt" bars={outcomes} total={s.attempts} />
                <BarChart title="Call results" bars={results} total={s.attempts} />
            </div>
        </div>
    }
}

fn other_reports(s: &Summary, on_open_registration: &Callback<()>) -> Html {
    let mut tiles = Vec::new();
    if let Some(b) = &s.blocked_history {
        tiles.push(tile(
            "block events",
            b.events,
            format!(
                "{} blocks, {} unblocks, {} users",
                grouped(b.blocks),
                grouped(b.unblocks),
                grouped(b.users)
            ),
            "tone--neutral",
        ));
        tiles.push(tile(
            "fraud alerts",
            b.fraud_alerts,
            "in blocked user history".into(),
            "outcome--denied",
        ));
    }
    if let Some(b) = &s.bypass_history {
        tiles.push(tile(
            "one-time bypasses",
            b.events,
            format!("{} used, {} users", grouped(b.used), grouped(b.users)),
            "tone--neutral",
        ));
    }
    if let Some(r) = &s.registration {
        tiles.push(tile(
            "users registered for MFA",
            r.mfa_registered,
            format!("of {}", grouped(r.users)),
            "outcome--satisfied",
        ));
        tiles.push(tile(
            "users not registered",
            r.mfa_not_registered,
            percent(r.mfa_not_registered, r.users),
            "outcome--denied",
        ));
        if let Some(n) = r.admins_not_registered.filter(|n| *n > 0) {
            tiles.push(tile(
                "admins without MFA",
                n,
                format!("of {} admins", grouped(r.admins.unwrap_or(0))),
                "outcome--denied",
            ));
        }
    }
    if tiles.is_empty() {
        return html! {};
    }
    let open_registration = s.registration.as_ref().map(|_| {
        let onclick = on_open_registration.reform(|_: MouseEvent| ());
        html! {
            <p class="overview__more">
                <button type="button" class="button" {onclick}>{ "Open the Registration view" }</button>
                <span class="muted">{ " — who has and who has not registered for MFA, admins without MFA, methods" }</span>
            </p>
        }
    });
    html! {
        <div class="overview__section" data-section="other-reports">
            <h3>{ "Other reports" }</h3>
            <div class="tiles">{ for tiles }</div>
            { open_registration.unwrap_or_default() }
        </div>
    }
}
