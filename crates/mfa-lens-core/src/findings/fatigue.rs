//! `mfa-fatigue`: bursts of declined or unanswered pushes for one user, and
//! whether the user gave in.
//!
//! A user's rejected prompts (sign-ins denied with a [`FATIGUE_REASONS`]
//! wording, MFA Server calls with a [`FATIGUE_CALL_RESULTS`] code), in time
//! order, are split wherever two are more than `gap_minutes` apart; an
//! episode of at least `min_prompts` is a finding. It is `high` when a
//! success of the same user follows, at or after the first prompt and at
//! most `approval_window_minutes` after the last.
//!
//! [`FATIGUE_REASONS`]: crate::knowledge::detection::FATIGUE_REASONS
//! [`FATIGUE_CALL_RESULTS`]: crate::knowledge::detection::FATIGUE_CALL_RESULTS

use crate::columns::Role;
use crate::query::DatasetId;
use crate::reports::{cell, duration_words};

use super::pass::{by_user, dated, success_after, Event, Kind, Pass};
use super::{burst, plural, FatigueSettings, Finding, RuleId};

/// An approving sign-in whose IP address and location are looked for among
/// the user's earlier sign-ins.
struct Lookback {
    finding: usize,
    user: u32,
    before: i64,
    ip: String,
    location: String,
}

pub(super) fn find(p: &Pass<'_>, s: &FatigueSettings) -> Vec<Finding> {
    let gap = i64::from(s.gap_minutes) * 60;
    let window = i64::from(s.approval_window_minutes) * 60;
    let min = s.min_prompts.max(1) as usize;
    let mut out = Vec::new();
    let mut lookbacks = Vec::new();
    for events in by_user(&p.events) {
        let prompts = dated(events, Kind::Rejected);
        for episode in prompts.chunk_by(|a, b| b.0 - a.0 <= gap) {
            if episode.len() < min {
                continue;
            }
            let (Some(&(first, _)), Some(&(last, _))) = (episode.first(), episode.last()) else {
                continue;
            };
            let approval = success_after(events, first, last, window);
            let mut f = finding(p, episode, approval, s);
            if let Some(a) = approval.filter(|a| a.dataset == DatasetId::SignIns) {
                let (ip, location) = where_from(p, a);
                f.approving_ip = (!ip.is_empty()).then(|| ip.clone());
                f.approving_location = (!location.is_empty()).then(|| location.clone());
                lookbacks.push(Lookback {
                    finding: out.len(),
                    user: a.user,
                    before: first,
                    ip,
                    location,
                });
            }
            out.push(f);
        }
    }
    seen_before(p, &lookbacks, &mut out);
    out
}

/// The finding of one episode, without the look back.
fn finding(
    p: &Pass<'_>,
    episode: &[(i64, &Event)],
    approval: Option<&Event>,
    s: &FatigueSettings,
) -> Finding {
    let f = burst(p, RuleId::MfaFatigue, episode, approval);
    let first = episode.first().map_or(0, |&(t, _)| t);
    let last = episode.last().map_or(0, |&(t, _)| t);
    let n = f.count;
    let what = format!(
        "{} declined or left unanswered {} within {}, never more than {} apart. Someone who \
         knows the password sends prompts like these until the user approves one to make them \
         stop.",
        f.user,
        plural(n, "MFA prompt"),
        duration_words(last - first),
        plural(u64::from(s.gap_minutes), "minute"),
    );
    match approval.and_then(|a| a.at) {
        Some(t) => f.words(
            format!(
                "{what} A sign-in of the same user was approved {} after the first prompt: \
                 assume the attacker got in.",
                duration_words(t - first)
            ),
            &[
                "Revoke the user's sessions and refresh tokens now.",
                "Reset the user's password: someone else knows it.",
                "Review the user's registered MFA methods, delete any the user does not \
                 recognise, and have the user register again.",
                "Check the approving sign-in's IP address and location: if the user has never \
                 signed in from there, block it and look for other users signing in from it.",
                "Make sure number matching is required for push notifications.",
            ],
        ),
        None => f.words(
            format!(
                "{what} No approval by this user followed within {}.",
                plural(u64::from(s.approval_window_minutes), "minute")
            ),
            &[
                "Ask the user whether they started these sign-ins; if not, reset the password: \
                 someone else knows it.",
                "Revoke the user's sessions as a precaution.",
                "Review the user's registered MFA methods and remove any the user does not \
                 recognise.",
                "Make sure number matching is required for push notifications.",
            ],
        ),
    }
}

/// The IP address and location of an approving sign-in.
fn where_from(p: &Pass<'_>, e: &Event) -> (String, String) {
    let Some(m) = p.sign_ins.member(e.row.file()) else {
        return (String::new(), String::new());
    };
    let row = e.row.row();
    (
        cell(m.table, &m.map, Role::IpAddress, row).to_string(),
        cell(m.table, &m.map, Role::Location, row).to_string(),
    )
}

/// Were the approving IP address and location seen in the user's sign-ins
/// before the episode? One pass over the sign-ins for all findings, reading
/// cells only of the users concerned.
fn seen_before(p: &Pass<'_>, lookbacks: &[Lookback], out: &mut [Finding]) {
    if lookbacks.is_empty() {
        return;
    }
    let mut seen = vec![(false, false); lookbacks.len()];
    // Per user id, the look-backs of that user: a row of anyone else costs
    // one index.
    let mut of_user: Vec<Vec<usize>> = vec![Vec::new(); p.users.shown.len()];
    for (i, l) in lookbacks.iter().enumerate() {
        if let Some(v) = of_user.get_mut(l.user as usize) {
            v.push(i);
        }
    }
    for (m, users) in p.sign_ins.members.iter().zip(&p.sign_in_users) {
        for (row, user) in users.iter().enumerate() {
            let Some(mine) = of_user.get(*user as usize).filter(|v| !v.is_empty()) else {
                continue;
            };
            let Some(at) = m.table.timestamp(row) else {
                continue;
            };
            for &i in mine {
                let (Some(l), Some(s)) = (lookbacks.get(i), seen.get_mut(i)) else {
                    continue;
                };
                if at >= l.before {
                    continue;
                }
                s.0 |= !l.ip.is_empty() && cell(m.table, &m.map, Role::IpAddress, row) == l.ip;
                s.1 |= !l.location.is_empty()
                    && cell(m.table, &m.map, Role::Location, row) == l.location;
            }
        }
    }
    for (l, (ip, location)) in lookbacks.iter().zip(seen) {
        if let Some(f) = out.get_mut(l.finding) {
            f.ip_seen_before = f.approving_ip.as_ref().map(|_| ip);
            f.location_seen_before = f.approving_location.as_ref().map(|_| location);
        }
    }
}
