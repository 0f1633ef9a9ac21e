//! `prompt-volume`: users prompted far more than their peers.
//!
//! A prompt is a satisfied sign-in where MFA was required and performed:
//! not carried over from the token, an earlier sign-in, a trusted place or
//! device ([`NOT_PROMPTED_RESULTS`]). Prompts are counted per user per UTC
//! day; each user's busiest day is compared with the tenant median of the
//! users' busiest days. A user whose busiest day has at least
//! `max(min_daily, multiple × median)` prompts is an `info` finding. The
//! median does not depend on the settings, so raising either can only
//! remove findings.
//!
//! [`NOT_PROMPTED_RESULTS`]: crate::knowledge::detection::NOT_PROMPTED_RESULTS

use crate::query::{DatasetId, RowRef};

use super::pass::Pass;
use super::{evidence, marks, Finding, MarkKind, PromptVolumeSettings, RuleId, Severity, Span};

/// One user's busiest day: its prompts (a run of the pass's sorted prompts).
struct Busiest<'p> {
    user: u32,
    day: i64,
    prompts: &'p [(u64, i64, RowRef)],
}

pub(super) fn find(p: &Pass<'_>, s: &PromptVolumeSettings) -> Vec<Finding> {
    let busiest = busiest_days(&p.prompts);
    let Some(median) = median(busiest.iter().map(|b| b.prompts.len() as u64).collect()) else {
        return Vec::new();
    };
    let threshold = f64::from(s.min_daily).max(s.multiple * median);
    busiest
        .iter()
        .filter(|b| b.prompts.len() as f64 >= threshold)
        .map(|b| finding(p, b, median, threshold))
        .collect()
}

/// Each user's busiest day (the earliest of equally busy days).
fn busiest_days(prompts: &[(u64, i64, RowRef)]) -> Vec<Busiest<'_>> {
    let mut out: Vec<Busiest<'_>> = Vec::new();
    for day in prompts.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(key, _, _)) = day.first() else {
            continue;
        };
        let (user, d) = ((key >> 32) as u32, i64::from(key as u32));
        match out.last_mut() {
            Some(b) if b.user == user => {
                if day.len() > b.prompts.len() {
                    b.day = d;
                    b.prompts = day;
                }
            }
            _ => out.push(Busiest {
                user,
                day: d,
                prompts: day,
            }),
        }
    }
    out
}

/// The median (the mean of the middle two of an even count).
fn median(mut v: Vec<u64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let mid = v.len() / 2;
    let at = |i: usize| v.get(i).copied().unwrap_or(0) as f64;
    Some(if v.len() % 2 == 0 {
        (at(mid - 1) + at(mid)) / 2.0
    } else {
        at(mid)
    })
}

fn finding(p: &Pass<'_>, b: &Busiest<'_>, median: f64, threshold: f64) -> Finding {
    let mut span = Span::default();
    for &(_, t, _) in b.prompts {
        span.add(Some(t));
    }
    let n = b.prompts.len() as u64;
    let mut f = Finding::new(
        RuleId::PromptVolume,
        Severity::Info,
        p.user(b.user),
        span,
        n,
    );
    let day = crate::store::dates::format_timestamp(b.day * 86_400);
    let day = day.get(..10).unwrap_or(&day).to_string();
    f.busiest_day = Some(day.clone());
    f.tenant_median = Some(median);
    f.threshold = Some(threshold);
    f.evidence = evidence(b.prompts.iter().map(|&(_, _, r)| (DatasetId::SignIns, r)));
    f.marks = marks(
        b.prompts
            .iter()
            .map(|&(_, t, _)| (Some(t), MarkKind::Trigger)),
    );
    let explanation = format!(
        "{} was asked for MFA {} times on {} (UTC), against a median of {} on the busiest day \
         of the tenant's users. Users prompted this often learn to approve without reading, \
         which is exactly what an MFA fatigue attack counts on.",
        f.user, n, day, median
    );
    f.words(
        explanation,
        &[
            "Review the sign-in frequency and persistent browser session settings of the \
             Conditional Access policies that apply to this user.",
            "Look at which applications prompt most (Rows view, this user's prompts of the \
             day): a client that keeps losing its session, or a device not registered or \
             compliant, often explains the volume.",
            "Consider phishing-resistant methods (passkeys, Windows Hello) that remove the \
             prompt altogether.",
        ],
    )
}
