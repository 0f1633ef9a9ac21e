//! The MFA Server histories (blocked, bypassed), server status and the
//! registration figures as compact tables, continuing `views.rs`.

use std::fmt::Write;

use super::escape::Esc;
use super::table::{table, tiles, Cell};
use super::views::{counts, period, ranked, state};
use crate::format::{grouped, percent};
use crate::reports::{duration_words, BlockedReport, BypassReport, ServerStatusReport};
use crate::summary::RegistrationSummary;

pub fn blocked(out: &mut String, r: &BlockedReport) {
    tiles(
        out,
        &[
            (
                "block events",
                r.events,
                format!("{} users", grouped(r.users)),
                "",
            ),
            ("blocks", r.blocks, String::new(), "tone--bad"),
            ("unblocks", r.unblocks, String::new(), "tone--ok"),
            ("fraud alerts", r.fraud_alerts, String::new(), "tone--bad"),
            (
                "users blocked now",
                r.users_blocked_now,
                String::new(),
                "tone--bad",
            ),
            (
                "users unblocked now",
                r.users_unblocked_now,
                String::new(),
                "",
            ),
        ],
    );
    let rows: Vec<Vec<Cell>> = r
        .user_list
        .iter()
        .map(|u| {
            vec![
                u.user.as_str().into(),
                state(u.state_now).into(),
                u.blocks.into(),
                u.unblocks.into(),
                u.fraud_alerts.into(),
                u.last_event.as_ref().into(),
            ]
        })
        .collect();
    let headers = [
        "User",
        "State now",
        "#Blocks",
        "#Unblocks",
        "#Fraud alerts",
        "Last event (UTC)",
    ];
    table(out, "Users", &headers, &rows, r.users);
    ranked(out, "Why users were blocked", "Reason", &r.by_reason);
    ranked(out, "Who asked", "Requested by", &r.by_requester);
}

pub fn bypassed(out: &mut String, r: &BypassReport) {
    tiles(
        out,
        &[
            (
                "one-time bypasses",
                r.events,
                format!("{} users", grouped(r.users)),
                "",
            ),
            ("used", r.used, percent(r.used, r.events), "tone--warn"),
            ("not used", r.unused, String::new(), ""),
            (
                "users bypassed repeatedly",
                r.users_bypassed_repeatedly,
                format!("{} times or more", r.repeat_threshold),
                "tone--bad",
            ),
        ],
    );
    let _ = write!(
        out,
        "<p class=\"muted\">Time granted in all: {}</p>",
        Esc(&duration_words(
            i64::try_from(r.seconds_granted).unwrap_or(i64::MAX)
        ))
    );
    let rows: Vec<Vec<Cell>> = r
        .user_list
        .iter()
        .map(|u| {
            vec![
                u.user.as_str().into(),
                u.bypasses.into(),
                u.used.into(),
                u.first.as_ref().into(),
                u.last.as_ref().into(),
                if u.repeated { "yes" } else { "no" }.into(),
            ]
        })
        .collect();
    let headers = [
        "User",
        "#Bypasses",
        "#Used",
        "First (UTC)",
        "Last (UTC)",
        "Repeated",
    ];
    table(out, "Users", &headers, &rows, r.users);
    ranked(out, "Who granted them", "Granted by", &r.by_granter);
    ranked(out, "Why", "Reason", &r.by_reason);
}

pub fn server_status(out: &mut String, r: &ServerStatusReport) {
    tiles(
        out,
        &[
            ("servers", r.servers_total, String::new(), ""),
            (
                "flagged",
                r.flagged,
                format!(
                    "silent for {} or more",
                    duration_words(r.silent_after_seconds)
                ),
                "tone--bad",
            ),
        ],
    );
    period(out, &None, &r.newest);
    let rows: Vec<Vec<Cell>> = r
        .servers
        .iter()
        .map(|s| {
            let flag = match (&s.flagged, &s.why) {
                (true, Some(why)) => format!("flagged: {why}"),
                (true, None) => "flagged".to_string(),
                _ => String::new(),
            };
            vec![
                s.name.as_str().into(),
                s.version.as_str().into(),
                s.status.as_str().into(),
                s.last_contact.as_ref().into(),
                s.silent_for.as_ref().into(),
                flag.into(),
            ]
        })
        .collect();
    let headers = [
        "Server",
        "Version",
        "Status",
        "Last contact (UTC)",
        "Silent for",
        "Flag",
    ];
    table(out, "Servers", &headers, &rows, r.servers_total);
    counts(out, "Versions", "Version", &r.versions);
    counts(out, "Statuses", "Status", &r.statuses);
}

/// The Registration view's figures, from the summary's section.
pub fn registration(out: &mut String, r: &RegistrationSummary) {
    out.push_str("<section class=\"view\" data-view=\"registration\"><h2>Registration</h2>");
    let mut t = vec![
        ("users", r.users, String::new(), ""),
        (
            "registered for MFA",
            r.mfa_registered,
            percent(r.mfa_registered, r.users),
            "tone--ok",
        ),
        (
            "not registered",
            r.mfa_not_registered,
            percent(r.mfa_not_registered, r.users),
            "tone--bad",
        ),
    ];
    if let Some(n) = r.mfa_capable {
        t.push(("MFA capable", n, percent(n, r.users), ""));
    }
    if let (Some(admins), Some(n)) = (r.admins, r.admins_not_registered) {
        t.push((
            "admins without MFA",
            n,
            format!("of {} admins", grouped(admins)),
            "tone--bad",
        ));
    }
    if let Some(n) = r.sign_in_users_not_registered {
        t.push((
            "users who sign in, not registered",
            n,
            String::new(),
            "tone--bad",
        ));
    }
    if let Some(n) = r.sign_in_users_not_in_report {
        t.push((
            "users who sign in, in no registration report",
            n,
            String::new(),
            "",
        ));
    }
    tiles(out, &t);
    let methods: Vec<Vec<Cell>> = r
        .method_labels
        .iter()
        .map(|(m, n)| vec![m.as_str().into(), (*n).into()])
        .collect();
    let n = methods.len() as u64;
    table(
        out,
        "Registered methods",
        &["Method", "#Users"],
        &methods,
        n,
    );
    let admins: Vec<Vec<Cell>> = r
        .admins_not_registered_users
        .iter()
        .map(|u| vec![u.as_str().into()])
        .collect();
    let n = admins.len() as u64;
    table(out, "Admins not registered for MFA", &["User"], &admins, n);
    out.push_str("</section>");
}
