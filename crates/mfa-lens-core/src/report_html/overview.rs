//! The overview: the page's Overview in the page's words — sign-ins, MFA
//! Server activity and the other reports' headline figures, every number
//! from [`Summary`], the charts from [`sign_in_charts`].

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::Esc;
use super::style::{ACCENT, BAD, NONE, OK, WARN};
use super::svg::{bar_chart, timeline, Bar};
use super::table::tiles;
use super::LIST;
use crate::classify::Outcome;
use crate::format::{grouped, percent};
use crate::knowledge::{call_result, denial_reason_entry, CallOutcome};
use crate::query::{sign_in_charts, SignInCharts};
use crate::summary::{MfaServerSummary, SignInSummary};
use crate::workspace::Workspace;
use crate::Summary;

pub fn overview(out: &mut String, ws: &Workspace, s: &Summary) {
    out.push_str("<section class=\"overview\"><h2>Overview</h2>");
    if let Some(f) = &s.findings {
        let c = f.counts;
        let _ = write!(
            out,
            "<p><strong>{} findings</strong>: {} high, {} medium, {} info.</p>",
            grouped(c.total()),
            grouped(c.high),
            grouped(c.medium),
            grouped(c.info)
        );
    }
    if let Some(si) = &s.sign_ins {
        sign_ins(out, si, sign_in_charts(ws).as_ref());
    }
    if let Some(m) = &s.mfa_server {
        mfa_server(out, m);
    }
    other_reports(out, s);
    out.push_str("</section>");
}

/// An outcome's colour, by its id (sign-in or call outcome).
pub fn outcome_colour(id: &str) -> &'static str {
    match id {
        "satisfied" | "succeeded" => OK,
        "denied" | "failed" => BAD,
        "interrupted" | "did_not_complete" => WARN,
        "rows" => ACCENT,
        _ => NONE,
    }
}

/// An outcome's word, by its id (sign-in or call outcome).
pub fn outcome_label(id: &str) -> String {
    match (Outcome::from_id(id), CallOutcome::from_id(id)) {
        (Some(o), _) => o.label().to_string(),
        (None, Some(c)) => c.title().to_string(),
        (None, None) => id.to_string(),
    }
}

/// One bar per outcome id, in the given order, in the outcome's word and colour.
fn outcome_bars(counts: &[(&str, u64)]) -> Vec<Bar> {
    counts
        .iter()
        .map(|&(id, count)| Bar {
            label: outcome_label(id),
            count,
            colour: outcome_colour(id),
        })
        .collect()
}

/// Bars of a count map, most first, ties by name (the page's order).
pub fn sorted_bars(map: &BTreeMap<String, u64>, colour: &'static str) -> Vec<Bar> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    entries
        .into_iter()
        .map(|(label, &count)| Bar {
            label: label.clone(),
            count,
            colour,
        })
        .collect()
}

fn sign_ins(out: &mut String, s: &SignInSummary, charts: Option<&SignInCharts>) {
    out.push_str("<section><h3>Sign-ins</h3>");
    sign_in_tiles(out, s);
    let outcomes = outcome_bars(&[
        (Outcome::Satisfied.id(), s.satisfied),
        (Outcome::Denied.id(), s.denied),
        (Outcome::Interrupted.id(), s.interrupted),
        (Outcome::NoMfa.id(), s.no_mfa),
    ]);
    bar_chart(out, "Outcome of each sign-in", &outcomes, s.total);
    if let Some(c) = charts {
        let methods: Vec<Bar> = c
            .completed_methods
            .iter()
            .map(|m| Bar {
                label: m.label.clone(),
                count: m.count,
                colour: ACCENT,
            })
            .collect();
        bar_chart(out, "How MFA was completed", &methods, s.satisfied);
    }
    denial_reasons(out, s);
    if let Some(c) = charts {
        timeline(
            out,
            "Sign-ins over time, by outcome",
            &c.timeline,
            outcome_label,
            outcome_colour,
        );
        let codes: Vec<Bar> = c
            .error_codes
            .iter()
            .map(|e| Bar {
                label: e.caption(),
                count: e.count,
                colour: BAD,
            })
            .collect();
        let total = c.error_codes.iter().map(|e| e.count).sum();
        bar_chart(out, "Sign-in error codes", &codes, total);
    }
    out.push_str("</section>");
}

/// The sign-in figures the page's tiles show, in its words.
fn sign_in_tiles(out: &mut String, s: &SignInSummary) {
    let users = format!("{} users", grouped(s.users));
    tiles(
        out,
        &[
            ("sign-ins", s.total, users, ""),
            (
                "MFA required",
                s.mfa_required,
                percent(s.mfa_required, s.total),
                "",
            ),
            (
                "satisfied",
                s.satisfied,
                percent(s.satisfied, s.total),
                "tone--ok",
            ),
            ("denied", s.denied, percent(s.denied, s.total), "tone--bad"),
            (
                "interrupted",
                s.interrupted,
                percent(s.interrupted, s.total),
                "tone--warn",
            ),
            (
                "users challenged",
                s.users_mfa_required,
                format!("of {} users", grouped(s.users)),
                "",
            ),
            (
                "users who never completed",
                s.users_never_completed,
                format!("{} denied at least once", grouped(s.users_denied)),
                "tone--bad",
            ),
        ],
    );
}

/// Why MFA was denied: the chart, then what each reason means and what to
/// do (the knowledge base's words, as the page's explanations).
fn denial_reasons(out: &mut String, s: &SignInSummary) {
    if s.denial_reasons.is_empty() {
        return;
    }
    let bars = sorted_bars(&s.denial_reasons, BAD);
    bar_chart(out, "Why MFA was denied", &bars, s.denied);
    out.push_str("<ul class=\"explanations\">");
    for b in bars.iter().take(LIST) {
        let card = denial_reason_entry(&b.label).map(|e| e.card());
        let (what, next) = match &card {
            Some(c) => (c.explanation.as_str(), c.next_step.as_str()),
            None => (
                "This reason is not in MFA Lens's knowledge base yet.",
                "Search the exact text in Microsoft's sign-in error documentation.",
            ),
        };
        let noun = if b.count == 1 { "sign-in" } else { "sign-ins" };
        let _ = write!(
            out,
            "<li><strong>{}</strong> — {} {noun}. {} <em>Next step:</em> {}</li>",
            Esc(&b.label),
            grouped(b.count),
            Esc(what),
            Esc(next)
        );
    }
    out.push_str("</ul>");
}

fn mfa_server(out: &mut String, s: &MfaServerSummary) {
    let by = &s.by_outcome;
    out.push_str("<section><h3>MFA Server activity</h3>");
    tiles(
        out,
        &[
            (
                "attempts",
                s.attempts,
                format!("{} users", grouped(s.users)),
                "",
            ),
            (
                "succeeded",
                by.succeeded,
                percent(by.succeeded, s.attempts),
                "tone--ok",
            ),
            (
                "failed",
                by.failed,
                percent(by.failed, s.attempts),
                "tone--bad",
            ),
            (
                "did not complete",
                by.did_not_complete,
                percent(by.did_not_complete, s.attempts),
                "tone--warn",
            ),
        ],
    );
    let outcomes = outcome_bars(&[
        (CallOutcome::Succeeded.id(), by.succeeded),
        (CallOutcome::Failed.id(), by.failed),
        (CallOutcome::DidNotComplete.id(), by.did_not_complete),
        (CallOutcome::Depends.id(), by.depends),
    ]);
    bar_chart(out, "Outcome of each attempt", &outcomes, s.attempts);
    let results: Vec<Bar> = sorted_bars(&s.call_results, ACCENT)
        .into_iter()
        .map(|b| match call_result(&b.label) {
            Some(c) => Bar {
                label: format!("{} ({})", b.label, c.label),
                ..b
            },
            None => b,
        })
        .collect();
    bar_chart(out, "Call results", &results, s.attempts);
    out.push_str("</section>");
}

/// The headline figures of the histories and the registration reports.
fn other_reports(out: &mut String, s: &Summary) {
    let mut t: Vec<(&str, u64, String, &str)> = Vec::new();
    if let Some(b) = &s.blocked_history {
        let note = format!(
            "{} blocks, {} unblocks, {} users",
            grouped(b.blocks),
            grouped(b.unblocks),
            grouped(b.users)
        );
        t.push(("block events", b.events, note, ""));
        t.push((
            "fraud alerts",
            b.fraud_alerts,
            "in blocked user history".into(),
            "tone--bad",
        ));
    }
    if let Some(b) = &s.bypass_history {
        let note = format!("{} used, {} users", grouped(b.used), grouped(b.users));
        t.push(("one-time bypasses", b.events, note, ""));
    }
    if let Some(r) = &s.registration {
        t.push((
            "users registered for MFA",
            r.mfa_registered,
            format!("of {}", grouped(r.users)),
            "tone--ok",
        ));
        t.push((
            "users not registered",
            r.mfa_not_registered,
            percent(r.mfa_not_registered, r.users),
            "tone--bad",
        ));
        if let Some(n) = r.admins_not_registered.filter(|n| *n > 0) {
            let note = format!("of {} admins", grouped(r.admins.unwrap_or(0)));
            t.push(("admins without MFA", n, note, "tone--bad"));
        }
    }
    if t.is_empty() {
        return;
    }
    out.push_str("<section><h3>Other reports</h3>");
    tiles(out, &t);
    out.push_str("</section>");
}
