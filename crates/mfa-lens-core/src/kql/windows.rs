//! The time logic `mfa-fatigue` and `code-guessing` share, in KQL: a user's
//! events in time order cut into runs wherever two are more than a gap apart
//! (the rules' `chunk_by`), and the first success of the same user from the
//! run's first event to a window after its last (`success_after`).

use crate::findings::Severity;

use super::literal::{minutes, string};

/// Pipes that number a user's runs of the events piped in (`MfaLensUser`,
/// `TimeGenerated`): `MfaLensRun` grows at each new user or gap longer than
/// `gap_minutes`; `MfaLensRow` numbers the rows.
pub(super) fn runs(gap_minutes: u32) -> String {
    format!(
        "| sort by MfaLensUser asc, TimeGenerated asc\n\
         | extend MfaLensRun = row_cumsum(iff(MfaLensUser != prev(MfaLensUser) \
         or TimeGenerated - prev(TimeGenerated) > {}, 1, 0)), MfaLensRow = row_number()",
        minutes(gap_minutes)
    )
}

/// The `let` of the satisfied sign-ins, for [`with_success`].
pub(super) fn successes_let() -> String {
    format!(
        "let MfaLensSuccesses = MfaLensOutcome | where Outcome == {} | project MfaLensUser, SuccessAt = TimeGenerated;\n",
        string(crate::classify::Outcome::Satisfied.id())
    )
}

/// Pipes that add, to runs with `MfaLensUser`, `MfaLensRun`, `First`, `Last`
/// and `Count`, the first success (`SuccessAt`) from `First` to
/// `window_minutes` after `Last`, and `Severity`: high with such a success,
/// medium without.
pub(super) fn with_success(window_minutes: u32) -> String {
    format!(
        "| join kind=leftouter MfaLensSuccesses on MfaLensUser\n\
         | summarize SuccessAt = minif(SuccessAt, SuccessAt between (First .. (Last + {}))) \
         by MfaLensUser, MfaLensRun, First, Last, Count\n\
         | extend Severity = iff(isnotnull(SuccessAt), {}, {})",
        minutes(window_minutes),
        string(Severity::High.id()),
        string(Severity::Medium.id()),
    )
}
