//! `code-guessing`: many wrong verification codes for one user in a short
//! time.
//!
//! A user's wrong codes (sign-ins denied with a [`WRONG_CODE_REASONS`]
//! wording, MFA Server calls with a [`WRONG_CODE_CALL_RESULTS`] code), in
//! time order, are split wherever two are more than `window_minutes` apart.
//! A run in which some `window_minutes` hold at least `min_codes` codes is
//! one finding, counting every code of the run. Runs do not depend on
//! `min_codes`, so raising it can only remove findings, never split one in
//! two. `high` when a success follows, at or after the first code and at
//! most `success_window_minutes` after the last.
//!
//! [`WRONG_CODE_REASONS`]: crate::knowledge::detection::WRONG_CODE_REASONS
//! [`WRONG_CODE_CALL_RESULTS`]: crate::knowledge::detection::WRONG_CODE_CALL_RESULTS

use crate::reports::duration_words;

use super::pass::{by_user, dated, success_after, Event, Kind, Pass};
use super::{burst, plural, CodeGuessingSettings, Finding, RuleId};

pub(super) fn find(p: &Pass<'_>, s: &CodeGuessingSettings) -> Vec<Finding> {
    let window = i64::from(s.window_minutes) * 60;
    let within = i64::from(s.success_window_minutes) * 60;
    let min = s.min_codes.max(1) as usize;
    let mut out = Vec::new();
    for events in by_user(&p.events) {
        let codes = dated(events, Kind::WrongCode);
        for run in codes.chunk_by(|a, b| b.0 - a.0 <= window) {
            if densest(run, window) < min {
                continue;
            }
            let (Some(&(first, _)), Some(&(last, _))) = (run.first(), run.last()) else {
                continue;
            };
            let success = success_after(events, first, last, within);
            out.push(finding(p, run, success, s));
        }
    }
    out
}

/// The most codes any `window` seconds of `run` (in time order) hold.
fn densest(run: &[(i64, &Event)], window: i64) -> usize {
    let mut best = 0;
    let mut start = 0;
    for (end, &(t, _)) in run.iter().enumerate() {
        while run.get(start).is_some_and(|&(s, _)| t - s > window) {
            start += 1;
        }
        best = best.max(end + 1 - start);
    }
    best
}

fn finding(
    p: &Pass<'_>,
    run: &[(i64, &Event)],
    success: Option<&Event>,
    s: &CodeGuessingSettings,
) -> Finding {
    let f = burst(p, RuleId::CodeGuessing, run, success);
    let first = run.first().map_or(0, |&(t, _)| t);
    let last = run.last().map_or(0, |&(t, _)| t);
    let n = f.count;
    let what = format!(
        "{} wrong, reused or expired verification codes were entered for {} within {} \
         (at least {} within {}). A user mistypes a code once or twice; a run like this \
         looks like someone with the password trying codes.",
        n,
        f.user,
        duration_words(last - first),
        s.min_codes,
        plural(u64::from(s.window_minutes), "minute"),
    );
    match success.and_then(|a| a.at) {
        Some(t) => f.words(
            format!(
                "{what} A successful sign-in followed {} after the first code: a guess may have \
                 worked.",
                duration_words(t - first)
            ),
            &[
                "Revoke the user's sessions and reset the password.",
                "Review the user's registered methods: delete OATH tokens and phone numbers the \
                 user does not recognise, and re-register the authenticator app.",
                "Check the IP address and location of the successful sign-in.",
            ],
        ),
        None => f.words(
            format!("{what} No success followed."),
            &[
                "Ask the user whether they were struggling with codes; if not, reset the \
                 password: someone else knows it.",
                "Check that the phone's clock is set automatically if the user's own codes keep \
                 failing.",
            ],
        ),
    }
}
