//! The overview as one query: one row with the figures of Summary JSON v1's
//! `sign_ins` section ([`crate::sign_ins::SignInSummary`]), named as the JSON
//! names them, so a result can be set beside `mfa-lens summary`'s.
//!
//! `methods` and `denial_reasons` are bags (method or reason → sign-ins),
//! like the JSON's objects. The auth-details figures of the section are left
//! out: in Log Analytics every row carries its own steps, so nothing is
//! joined.

use crate::classify::Outcome;

use super::literal::string;
use super::outcome::prelude;
use super::TimeRange;

/// The overview query for `range`.
pub fn overview(range: &TimeRange) -> String {
    let is = |o: Outcome| format!("Outcome == {}", string(o.id()));
    let count = |name: &str, cond: &str| format!("{name} = countif({cond})");
    let totals = [
        "total = count()".to_string(),
        count("mfa_required", "MfaRequired"),
        count("satisfied", &is(Outcome::Satisfied)),
        count("denied", &is(Outcome::Denied)),
        count("interrupted", &is(Outcome::Interrupted)),
        count("no_mfa", &is(Outcome::NoMfa)),
    ];
    let per_user = [
        count("Required", "MfaRequired"),
        count("Satisfied", &is(Outcome::Satisfied)),
        count("Denied", &is(Outcome::Denied)),
        count("Interrupted", &is(Outcome::Interrupted)),
    ];
    let users = |cond: &str| format!("toscalar(MfaLensPerUser | where {cond} | count)");
    let figures = [
        "users = toscalar(MfaLensPerUser | count)".to_string(),
        format!("users_mfa_required = {}", users("Required > 0")),
        format!("users_denied = {}", users("Denied > 0")),
        format!(
            "users_never_completed = {}",
            users("Denied + Interrupted > 0 and Satisfied == 0")
        ),
        "methods = toscalar(MfaLensRows | where isnotempty(MfaLensMethod) \
         | summarize n = count() by MfaLensMethod \
         | summarize make_bag(bag_pack(MfaLensMethod, n)))"
            .to_string(),
        format!(
            "denial_reasons = toscalar(MfaLensRows | where {} \
             | summarize n = count() by DenialReason \
             | summarize make_bag(bag_pack(DenialReason, n)))",
            is(Outcome::Denied)
        ),
    ];
    format!(
        "{}let MfaLensRows = materialize(MfaLensOutcome | extend MfaLensMethod = MfaLensTrim(MfaMethod));\n\
         let MfaLensPerUser = MfaLensRows | summarize {} by MfaLensUser;\n\
         MfaLensRows\n\
         | summarize {}\n\
         | extend {}",
        prelude(range),
        per_user.join(", "),
        totals.join(", "),
        figures.join(",\n    "),
    )
}
