//! The report views the files hold, as compact tables of their figures:
//! MFA Server activity and fraud alerts here, the histories and server
//! status in `history.rs`. Each view is the analysis the page's tab shows
//! ([`crate::reports::report`]), under the tab's name ([`crate::reports::ReportId::label`]).

use std::fmt::Write;

use super::escape::Esc;
use super::history;
use super::table::{table, tiles, Cell};
use crate::format::grouped;
use crate::reports::{BlockState, Count, FraudReport, MfaServerReport, Ranked, Report};

pub fn view(out: &mut String, report: &Report) {
    let id = report.id();
    let _ = write!(
        out,
        "<section class=\"view\" data-view=\"{}\"><h2>{}</h2>",
        id.id(),
        Esc(id.label())
    );
    match report {
        Report::MfaServer(r) => mfa_server(out, r),
        Report::Fraud(r) => fraud(out, r),
        Report::Blocked(r) => history::blocked(out, r),
        Report::Bypassed(r) => history::bypassed(out, r),
        Report::ServerStatus(r) => history::server_status(out, r),
    }
    out.push_str("</section>");
}

/// The first and last time an analysis names, as one line.
pub fn period(out: &mut String, first: &Option<String>, last: &Option<String>) {
    if let (Some(a), Some(b)) = (first, last) {
        let _ = write!(
            out,
            "<p class=\"muted\">From {} to {} (UTC)</p>",
            Esc(a),
            Esc(b)
        );
    }
}

/// A ranked list as a two-column table, with the values left out counted.
pub fn ranked(out: &mut String, caption: &str, what: &str, r: &Ranked) {
    let rows: Vec<Vec<Cell>> = r
        .items
        .iter()
        .map(|c| vec![c.value.as_str().into(), c.count.into()])
        .collect();
    table(out, caption, &[what, "#Rows"], &rows, rows.len() as u64);
    if r.others > 0 {
        let _ = write!(
            out,
            "<p class=\"more\">and {} rows with {} other values</p>",
            grouped(r.others),
            grouped(r.distinct.saturating_sub(r.items.len() as u64))
        );
    }
}

/// A short list of counts as a two-column table.
pub fn counts(out: &mut String, caption: &str, what: &str, list: &[Count]) {
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .map(|c| vec![c.value.as_str().into(), c.count.into()])
        .collect();
    table(out, caption, &[what, "#Rows"], &rows, rows.len() as u64);
}

/// A user's state now, in words.
pub fn state(s: BlockState) -> &'static str {
    match s {
        BlockState::Blocked => "blocked",
        BlockState::Unblocked => "unblocked",
        BlockState::Unknown => "unknown",
    }
}

fn mfa_server(out: &mut String, r: &MfaServerReport) {
    period(out, &r.first, &r.last);
    let b = &r.by_outcome;
    tiles(
        out,
        &[
            (
                "attempts",
                r.attempts,
                format!("{} users", grouped(r.users)),
                "",
            ),
            ("succeeded", b.succeeded, String::new(), "tone--ok"),
            ("failed", b.failed, String::new(), "tone--bad"),
            (
                "did not complete",
                b.did_not_complete,
                String::new(),
                "tone--warn",
            ),
            ("fraud reports", r.fraud_reports, String::new(), "tone--bad"),
            (
                "users with failures",
                r.users_with_failures,
                String::new(),
                "",
            ),
        ],
    );
    let rows: Vec<Vec<Cell>> = r
        .call_results
        .iter()
        .map(|c| {
            vec![
                c.code.as_str().into(),
                c.label.as_str().into(),
                c.outcome.as_str().into(),
                c.category.as_str().into(),
                c.count.into(),
            ]
        })
        .collect();
    let n = rows.len() as u64;
    table(
        out,
        "Call results",
        &["Code", "Meaning", "Outcome", "Category", "#Rows"],
        &rows,
        n,
    );
    ranked(out, "By component", "Authentication type", &r.by_component);
    ranked(out, "By application", "Application", &r.by_application);
    ranked(out, "By method", "Method", &r.by_method);
    let users: Vec<Vec<Cell>> = r
        .top_users
        .iter()
        .map(|u| {
            vec![
                u.user.as_str().into(),
                u.attempts.into(),
                u.succeeded.into(),
                u.not_succeeded.into(),
                u.last_seen.as_ref().into(),
            ]
        })
        .collect();
    let headers = [
        "User",
        "#Attempts",
        "#Succeeded",
        "#Not succeeded",
        "Last seen (UTC)",
    ];
    table(
        out,
        "Users with the most attempts",
        &headers,
        &users,
        r.users,
    );
}

fn fraud(out: &mut String, r: &FraudReport) {
    period(out, &r.first, &r.last);
    tiles(
        out,
        &[
            (
                "fraud reports",
                r.alerts,
                format!("{} incidents", grouped(r.incidents)),
                "tone--bad",
            ),
            ("users", r.users, String::new(), ""),
            ("blocked after", r.blocked_after, String::new(), ""),
            (
                "unblocked later",
                r.unblocked_later,
                String::new(),
                "tone--warn",
            ),
            (
                "users still blocked",
                r.users_still_blocked,
                String::new(),
                "",
            ),
        ],
    );
    counts(out, "Where the reports came from", "Source", &r.by_source);
    let rows: Vec<Vec<Cell>> = r
        .user_list
        .iter()
        .map(|u| {
            vec![
                u.user.as_str().into(),
                u.alerts.into(),
                u.incidents.into(),
                u.first.as_ref().into(),
                u.last.as_ref().into(),
                state(u.state_now).into(),
            ]
        })
        .collect();
    let headers = [
        "User",
        "#Reports",
        "#Incidents",
        "First (UTC)",
        "Last (UTC)",
        "State now",
    ];
    table(out, "Users who reported fraud", &headers, &rows, r.users);
    let alerts: Vec<Vec<Cell>> = r
        .alert_list
        .iter()
        .map(|a| {
            vec![
                a.when.as_ref().into(),
                a.user.as_str().into(),
                a.source.label().into(),
                a.what.as_str().into(),
            ]
        })
        .collect();
    table(
        out,
        "Fraud reports",
        &["When (UTC)", "User", "Source", "What"],
        &alerts,
        r.alerts,
    );
}
