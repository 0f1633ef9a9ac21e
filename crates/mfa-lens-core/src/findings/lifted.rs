//! `block-lifted-after-fraud`: a user unblocked, or given a one-time bypass,
//! within `window_hours` after a fraud report, by the MFA Server histories.
//! One `high` finding per user, counting the unblocks and bypasses that
//! follow a report within the window; the evidence is those rows and the
//! reports they follow.

use crate::reports::duration_words;

use super::pass::{by_user, dated, Kind, Pass};
use super::{
    evidence, marks, plural, BlockLiftedSettings, Finding, MarkKind, RuleId, Severity, Span,
};

pub(super) fn find(p: &Pass<'_>, s: &BlockLiftedSettings) -> Vec<Finding> {
    let window = i64::from(s.window_hours) * 3600;
    let mut out = Vec::new();
    for events in by_user(&p.events) {
        let reports = dated(events, Kind::Fraud);
        if reports.is_empty() {
            continue;
        }
        let mut lifts: Vec<_> = dated(events, Kind::Unblock);
        lifts.extend(dated(events, Kind::Bypass));
        lifts.sort_by_key(|&(t, e)| (t, e.kind, e.row));
        let mut rows = Vec::new();
        let mut dated_rows = Vec::new();
        let mut span = Span::default();
        let mut via: Vec<String> = Vec::new();
        let mut n = 0u64;
        let mut shortest = i64::MAX;
        for &(t, e) in &lifts {
            // The latest report at or before the lift.
            let Some(&(r, report)) = reports.iter().rev().find(|(r, _)| *r <= t) else {
                continue;
            };
            if t - r > window {
                continue;
            }
            n += 1;
            shortest = shortest.min(t - r);
            span.add(Some(r));
            span.add(Some(t));
            rows.push((report.dataset, report.row));
            rows.push((e.dataset, e.row));
            dated_rows.push((report.row, r, MarkKind::Trigger));
            dated_rows.push((e.row, t, MarkKind::Lifted));
            let action = if e.kind == Kind::Unblock {
                "unblock"
            } else {
                "bypass"
            };
            if !via.iter().any(|v| v == action) {
                via.push(action.to_string());
            }
        }
        if n == 0 {
            continue;
        }
        via.sort_unstable();
        rows.dedup();
        let user = events.first().map_or("", |e| p.user(e.user));
        let mut f = Finding::new(RuleId::BlockLiftedAfterFraud, Severity::High, user, span, n);
        f.evidence = evidence(rows);
        // One report can precede several lifts: draw it once.
        dated_rows.sort_unstable_by_key(|&(row, t, kind)| (row, t, kind == MarkKind::Lifted));
        dated_rows.dedup();
        f.marks = marks(dated_rows.into_iter().map(|(_, t, kind)| (Some(t), kind)));
        let explanation = format!(
            "{} reported fraud, and {} ({}) followed within {}, the soonest {} after the \
             report. The account was handed back before there was time to make sure it is \
             safe.",
            f.user,
            plural(n, "unblock or bypass"),
            via.join(", "),
            plural(u64::from(s.window_hours), "hour"),
            duration_words(shortest),
        );
        f.via = via;
        out.push(f.words(
            explanation,
            &[
                "Ask who lifted the block or granted the bypass, and why (the history names the \
                 requester and the reason).",
                "Reset the user's password and revoke the user's sessions before access is \
                 restored.",
                "Review the sign-ins between the fraud report and now for access from unknown \
                 places.",
            ],
        ));
    }
    out
}
