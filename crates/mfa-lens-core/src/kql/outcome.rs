//! `MfaLensOutcome`: the classifier's sign-in rule written in KQL, from the
//! classifier's own tables.
//!
//! The prelude every generated query starts with defines small functions
//! (is a text a denial, its reason, a satisfied or pending text, is MFA
//! required, the user key) and then `MfaLensOutcome`: the rows of
//! `SigninLogs` and `AADNonInteractiveUserSignInLogs` with an `Outcome`
//! (`satisfied`, `denied`, `interrupted`, `no_mfa`, as [`Outcome::id`]
//! writes them), a `DenialReason` and `MfaRequired`, decided in the order of
//! [`crate::classify`]: denied, then satisfied, then interrupted, else no MFA.
//!
//! Where Log Analytics differs from the portal's CSV:
//! - the MFA result text is `Status.additionalDetails`, and the steps the
//!   portal puts in its auth-details file are the row's own
//!   `AuthenticationDetails` (a JSON string, parsed with `todynamic` before
//!   `mv-apply`), so no join is needed;
//! - "Status is Success" is `ResultType == "0"`;
//! - each table is narrowed to the time range and projected to one schema
//!   *before* the union ([`NORMALISED_DYNAMIC`]), so the union never splits a
//!   column into `Status_dynamic` and `Status_string`.

use crate::classify::users::UNKNOWN_USER;
use crate::classify::{
    Outcome, INTERRUPT_CODES, MFA_REQUIREMENT_TEXTS, STRONG_AUTH_CODE, STRONG_AUTH_FAILED,
    SUCCESS_CODE,
};
use crate::knowledge::mfa_results::{DENIED_WORD, SATISFIED_NEEDLES, TYPOGRAPHIC_APOSTROPHE};
use crate::knowledge::{MfaResultKind, MFA_RESULTS};

use super::columns::{COLUMNS, NORMALISED_DYNAMIC};
use super::literal::{string, strings};
use super::TimeRange;

/// The tables a sign-in can be in.
pub const TABLES: [&str; 2] = ["SigninLogs", "AADNonInteractiveUserSignInLogs"];

/// The `let` statements that define `MfaLensOutcome` for `range`, each ending
/// in `;` and a line break.
pub fn prelude(range: &TimeRange) -> String {
    let mut out = helpers();
    // `isfuzzy`: a workspace that does not collect one of the tables (the
    // non-interactive sign-ins are a separate diagnostic setting) still
    // answers from the other.
    out.push_str("let MfaLensOutcome = union isfuzzy=true\n");
    let tables: Vec<String> = TABLES.iter().map(|t| table(t, range)).collect();
    out.push_str(&tables.join(",\n"));
    out.push('\n');
    out.push_str(&derive());
    out.push_str(&steps());
    out.push_str(&classify());
    out.push_str(";\n");
    out
}

/// `text contains "…" or …` over `needles`: `contains` ignores case, as
/// the classifier does.
fn any_contains<'a>(text: &str, needles: impl IntoIterator<Item = &'a str>) -> String {
    needles
        .into_iter()
        .map(|n| format!("{text} contains {}", string(n)))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The scalar functions, one per rule of the classifier's text tests.
fn helpers() -> String {
    let denied_mark = format!("{DENIED_WORD};");
    // The greedy `.*` makes the reason follow the *last* `denied;`.
    let reason_regex = format!("(?is).*{DENIED_WORD};(.*)$");
    let pending = MFA_RESULTS
        .iter()
        .filter(|e| e.kind == MfaResultKind::Interrupted)
        .map(|e| e.reason);
    let unknown = string(UNKNOWN_USER);
    [
        format!(
            "let MfaLensTrim = (text: string) {{ trim({}, text) }};",
            string(&whitespace_regex())
        ),
        format!(
            "let MfaLensDenied = (text: string) {{ text contains {} }};",
            string(&denied_mark)
        ),
        // Trim, drop one trailing `.`, trim again, fold ’ to ', lower case:
        // what `knowledge::denial_reason` does.
        format!(
            "let MfaLensDenialReason = (text: string) {{ tolower(replace_string(MfaLensTrim(\
             replace_regex(MfaLensTrim(extract({}, 1, text)), {}, \"\")), {}, \"'\")) }};",
            string(&reason_regex),
            string(r"\.$"),
            string(&TYPOGRAPHIC_APOSTROPHE.to_string()),
        ),
        format!(
            "let MfaLensSatisfiedText = (text: string) {{ {} }};",
            any_contains("text", SATISFIED_NEEDLES.iter().copied())
        ),
        format!(
            "let MfaLensPendingText = (text: string) {{ {} }};",
            any_contains("text", pending)
        ),
        format!(
            "let MfaLensRequired = (requirement: string) {{ MfaLensTrim(requirement) in~ ({}) }};",
            strings(MFA_REQUIREMENT_TEXTS.iter().copied())
        ),
        // The user rule of `classify::users`: trimmed, lower case, an empty
        // cell is the one user `(unknown)`.
        format!(
            "let MfaLensUserKey = (user: string) {{ iff(isempty(MfaLensTrim(user)), {unknown}, \
             tolower(MfaLensTrim(user))) }};",
        ),
        // No steps would make `mv-apply` drop the row; one empty step adds nothing.
        "let MfaLensSteps = (details: string) { iff(array_length(todynamic(details)) > 0, \
         todynamic(details), dynamic([{}])) };"
            .to_string(),
    ]
    .map(|line| line + "\n")
    .concat()
}

/// The characters Rust's `str::trim` removes, as an RE2 class: the
/// classifier trims with it, and RE2's `\s` alone misses the no-break
/// space (U+00A0) that real `additionalDetails` texts carry.
pub(crate) fn whitespace_regex() -> String {
    let mut class = String::from("[");
    // Every White_Space character is below U+3001.
    for c in (0..=0x3000u32).filter_map(char::from_u32) {
        if c.is_whitespace() {
            class.push_str(&format!("\\x{{{:x}}}", u32::from(c)));
        }
    }
    class.push_str("]+");
    class
}

/// One table narrowed to the range and projected to the shared schema.
fn table(name: &str, range: &TimeRange) -> String {
    let mut out = format!("    ({name}");
    if let Some(cond) = range.condition("TimeGenerated") {
        out.push_str(&format!("\n    | where {cond}"));
    }
    let mut projected: Vec<String> = vec!["TimeGenerated".to_string()];
    projected.extend(
        COLUMNS
            .iter()
            .filter(|c| c.derived.is_none() && c.key.is_none())
            .map(|c| c.name.to_string()),
    );
    projected.push("AuthenticationDetails".to_string());
    projected.extend(
        NORMALISED_DYNAMIC
            .iter()
            .map(|c| format!("{c} = todynamic(tostring({c}))")),
    );
    out.push_str(&format!("\n    | project {})", projected.join(", ")));
    out
}

/// The columns computed from the dynamic ones.
fn derive() -> String {
    let derived: Vec<String> = COLUMNS
        .iter()
        .filter_map(|c| c.derived.map(|expr| format!("{} = {expr}", c.name)))
        .collect();
    format!("| extend {}\n", derived.join(", "))
}

/// What the row's authentication steps add, as the classifier's
/// `JoinedSteps`: the first denial reason, a satisfied or pending text, an
/// MFA step that succeeded.
fn steps() -> String {
    "| mv-apply MfaLensStep = MfaLensSteps(AuthenticationDetails) on (\n    \
     extend MfaLensDetail = tostring(MfaLensStep.authenticationStepResultDetail)\n    \
     | summarize StepDenials = make_list_if(MfaLensDenialReason(MfaLensDetail), MfaLensDenied(MfaLensDetail)), \
     StepSatisfied = countif(MfaLensSatisfiedText(MfaLensDetail)), \
     StepMfaSucceeded = countif(MfaLensRequired(tostring(MfaLensStep.authenticationStepRequirement)) \
     and tostring(MfaLensStep.succeeded) =~ \"true\"), \
     StepPending = countif(MfaLensPendingText(MfaLensDetail))\n    )\n"
        .to_string()
}

/// The outcome, its reason and `MfaRequired`, in the classifier's order.
fn classify() -> String {
    let code = string(STRONG_AUTH_CODE);
    let denied = format!(
        "MfaLensDenied(MfaResult) or array_length(StepDenials) > 0 or ResultType == {code}"
    );
    let satisfied = format!(
        "MfaLensSatisfiedText(MfaResult) or StepSatisfied > 0 or StepMfaSucceeded > 0 \
         or (MfaRequired and ResultType == {})",
        string(SUCCESS_CODE)
    );
    let interrupted = format!(
        "ResultType in ({}) or MfaLensPendingText(MfaResult) or StepPending > 0",
        strings(INTERRUPT_CODES)
    );
    format!(
        "| extend MfaRequired = MfaLensRequired(AuthenticationRequirement)\n\
         | extend DenialReason = case(MfaLensDenied(MfaResult), MfaLensDenialReason(MfaResult), \
         array_length(StepDenials) > 0, tostring(StepDenials[0]), ResultType == {code}, {}, \"\")\n\
         | extend Outcome = case({denied}, {}, {satisfied}, {}, {interrupted}, {}, {})\n\
         | extend MfaLensUser = MfaLensUserKey(UserPrincipalName)\n\
         | project-away StepDenials, StepSatisfied, StepMfaSucceeded, StepPending",
        string(STRONG_AUTH_FAILED),
        string(Outcome::Denied.id()),
        string(Outcome::Satisfied.id()),
        string(Outcome::Interrupted.id()),
        string(Outcome::NoMfa.id()),
    )
}
