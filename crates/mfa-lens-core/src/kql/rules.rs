//! Each findings rule that rests on sign-ins, as a query in the manner of a
//! Sentinel scheduled analytics rule: one result row per finding, with
//! `Rule`, `Severity`, `User`, `First`, `Last` and `Count` (named as the
//! findings' JSON names them) and the rule's own figures, under the
//! thresholds of a [`FindingSettings`].
//!
//! The words matched are [`crate::knowledge::detection`]'s tables, in the
//! precedence the findings pass gives them (a reason that is a rejected
//! prompt is not also a fraud report or a wrong code). What Log Analytics
//! cannot show: MFA Server calls, fraud alert reports and histories, and
//! registration details are not in these tables, so `fraud-reported` reads
//! the sign-ins only, successes are satisfied sign-ins only, and
//! `admin-without-mfa` and `block-lifted-after-fraud` are
//! [`KqlError::NotInLogAnalytics`]. `prompt-volume` leaves out results that
//! *contain* a not-prompted reason, where the pass looks the whole text up in
//! the knowledge base.

use crate::classify::{Outcome, SUCCESS_CODE};
use crate::findings::{Access, FindingSettings, RuleId, Severity};
use crate::knowledge::detection::{
    ADMIN_APPLICATIONS, FATIGUE_REASONS, FRAUD_REASONS, LEGACY_CLIENT_APPS, NOT_PROMPTED_RESULTS,
    WRONG_CODE_REASONS,
};

use super::literal::{minutes, real, string, strings};
use super::outcome::prelude;
use super::windows::{runs, successes_let, with_success};
use super::{KqlError, TimeRange};

/// The query of `rule` under `settings`, over the sign-ins of `range`.
pub fn finding(
    rule: RuleId,
    settings: &FindingSettings,
    range: &TimeRange,
) -> Result<String, KqlError> {
    let body = match rule {
        RuleId::MfaFatigue => fatigue(settings),
        RuleId::FraudReported => fraud(),
        RuleId::CodeGuessing => code_guessing(settings),
        RuleId::PromptVolume => prompt_volume(settings),
        RuleId::SingleFactorAccess => single_factor(),
        RuleId::AdminWithoutMfa => {
            return Err(KqlError::NotInLogAnalytics {
                rule,
                needs: "a registration details report (who is an admin, who registered a method)",
            })
        }
        RuleId::BlockLiftedAfterFraud => {
            return Err(KqlError::NotInLogAnalytics {
                rule,
                needs: "the MFA Server blocked and bypassed user histories",
            })
        }
    };
    Ok(format!("{}{body}", prelude(range)))
}

/// The rules' kinds of denial reason, in the pass's precedence.
const REASON_KINDS: [&[&str]; 3] = [FATIGUE_REASONS, FRAUD_REASONS, WRONG_CODE_REASONS];

/// Denied sign-ins whose reason is of kind `index` of [`REASON_KINDS`] and of
/// no kind before it.
fn denied_of_kind(index: usize) -> String {
    let any = |table: &[&str]| {
        let words: Vec<String> = table
            .iter()
            .map(|w| format!("DenialReason contains {}", string(w)))
            .collect();
        format!("({})", words.join(" or "))
    };
    let mut parts = vec![format!("Outcome == {}", string(Outcome::Denied.id()))];
    for (i, table) in REASON_KINDS.iter().enumerate().take(index + 1) {
        parts.push(if i == index {
            any(table)
        } else {
            format!("not{}", any(table))
        });
    }
    format!("MfaLensOutcome | where {}", parts.join(" and "))
}

/// The aggregates of a finding's rows: how many, the first and the last.
const SPAN: &str = "Count = count(), First = min(TimeGenerated), Last = max(TimeGenerated)";

/// The closing projection every rule shares.
fn project(rule: RuleId, extra: &str) -> String {
    format!(
        "\n| project Rule = {}, Severity, User = MfaLensUser, First, Last, Count{extra}",
        string(rule.id())
    )
}

fn fatigue(settings: &FindingSettings) -> String {
    let s = settings.mfa_fatigue;
    format!(
        "{}{}\n{}\n| summarize {SPAN} by MfaLensUser, MfaLensRun\n| where Count >= {}\n{}{}",
        successes_let(),
        denied_of_kind(0),
        runs(s.gap_minutes),
        s.min_prompts.max(1),
        with_success(s.approval_window_minutes),
        project(RuleId::MfaFatigue, ", ApprovedAt = SuccessAt"),
    )
}

fn fraud() -> String {
    format!(
        "{}\n| summarize {SPAN} by MfaLensUser\n| extend Severity = {}{}",
        denied_of_kind(1),
        string(Severity::High.id()),
        project(RuleId::FraudReported, ""),
    )
}

/// Runs of wrong codes split by the window; a run is a finding when some
/// window of it holds `min_codes` codes (the densest window, by a self-join
/// of the run's codes on those at most a window earlier). The codes are
/// materialised so the three reads see one numbering of rows.
fn code_guessing(settings: &FindingSettings) -> String {
    let s = settings.code_guessing;
    format!(
        "{}let MfaLensCodes = materialize({}\n{});\n\
         MfaLensCodes\n\
         | join kind=inner (MfaLensCodes | project MfaLensUser, MfaLensRun, EarlierAt = TimeGenerated) \
         on MfaLensUser, MfaLensRun\n\
         | where EarlierAt between ((TimeGenerated - {window}) .. TimeGenerated)\n\
         | summarize InWindow = count() by MfaLensUser, MfaLensRun, MfaLensRow\n\
         | summarize Densest = max(InWindow) by MfaLensUser, MfaLensRun\n\
         | where Densest >= {}\n\
         | join kind=inner (MfaLensCodes | summarize {SPAN} by MfaLensUser, MfaLensRun) \
         on MfaLensUser, MfaLensRun\n\
         | project MfaLensUser, MfaLensRun, First, Last, Count\n{}{}",
        successes_let(),
        denied_of_kind(2),
        runs(s.window_minutes),
        s.min_codes.max(1),
        with_success(s.success_window_minutes),
        project(RuleId::CodeGuessing, ", SucceededAt = SuccessAt"),
        window = minutes(s.window_minutes),
    )
}

/// Prompts per user and UTC day; each user's busiest day (the earliest of
/// equals) against `max(min_daily, multiple × median)` of the busiest days.
fn prompt_volume(settings: &FindingSettings) -> String {
    let s = settings.prompt_volume;
    let not_prompted: Vec<String> = NOT_PROMPTED_RESULTS
        .iter()
        .map(|r| format!("MfaResult contains {}", string(r)))
        .collect();
    let middle = "Sorted[array_length(Sorted) / 2]";
    format!(
        "let MfaLensDaily = MfaLensOutcome\n\
         | where Outcome == {} and MfaRequired and not({})\n\
         | summarize {SPAN} by MfaLensUser, BusiestDay = startofday(TimeGenerated);\n\
         let MfaLensBusiest = MfaLensDaily\n\
         | summarize Count = max(Count) by MfaLensUser\n\
         | join kind=inner MfaLensDaily on MfaLensUser, Count\n\
         | summarize arg_min(BusiestDay, First, Last) by MfaLensUser, Count;\n\
         let MfaLensMedian = toscalar(MfaLensBusiest | summarize Counts = make_list(Count) \
         | extend Sorted = array_sort_asc(Counts) \
         | project iff(array_length(Sorted) % 2 == 1, todouble({middle}), \
         (todouble(Sorted[array_length(Sorted) / 2 - 1]) + todouble({middle})) / 2.0));\n\
         let MfaLensThreshold = max_of({}, {} * MfaLensMedian);\n\
         MfaLensBusiest\n\
         | where todouble(Count) >= MfaLensThreshold\n\
         | extend Severity = {}{}",
        string(Outcome::Satisfied.id()),
        not_prompted.join(" or "),
        real(f64::from(s.min_daily)),
        real(s.multiple),
        string(Severity::Info.id()),
        project(
            RuleId::PromptVolume,
            ", BusiestDay, TenantMedian = MfaLensMedian, Threshold = MfaLensThreshold"
        ),
    )
}

/// Successful sign-ins without MFA through a legacy client (high) or to an
/// administrative application (medium); one finding per user and kind.
fn single_factor() -> String {
    let legacy = string(Access::LegacyClient.id());
    let admin = string(Access::AdminApplication.id());
    format!(
        "MfaLensOutcome\n\
         | where not(MfaRequired) and ResultType == {}\n\
         | extend Access = case(MfaLensTrim(ClientAppUsed) in~ ({}), {legacy}, \
         MfaLensTrim(AppDisplayName) in~ ({}), {admin}, \"\")\n\
         | where isnotempty(Access)\n\
         | summarize {SPAN}, Via = make_set(iff(Access == {legacy}, ClientAppUsed, AppDisplayName)) by MfaLensUser, Access\n\
         | extend Severity = iff(Access == {legacy}, {}, {}){}",
        string(SUCCESS_CODE),
        strings(LEGACY_CLIENT_APPS.iter().copied()),
        strings(ADMIN_APPLICATIONS.iter().copied()),
        string(Severity::High.id()),
        string(Severity::Medium.id()),
        project(RuleId::SingleFactorAccess, ", Access, Via"),
    )
}
