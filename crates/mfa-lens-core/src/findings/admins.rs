//! `admin-without-mfa`: every user a registration report marks as admin
//! with no MFA method registered, by the Registration view's rules
//! ([`crate::reports::registration`]); `high` when the admin signs in in the
//! loaded sign-ins, `medium` otherwise (or without sign-ins).

use crate::query::DatasetId;
use crate::reports::registration::tally;
use crate::workspace::Workspace;

use super::{evidence, plural, Finding, RuleId, Severity, Span};

pub(super) fn find(ws: &Workspace) -> Vec<Finding> {
    let views = ws.views();
    let Some(t) = tally(&views) else {
        return Vec::new();
    };
    t.admins_without_mfa_rows()
        .into_iter()
        .map(|(user, sign_ins, row)| {
            let signs_in = sign_ins.is_some_and(|n| n > 0);
            let severity = if signs_in {
                Severity::High
            } else {
                Severity::Medium
            };
            let mut f = Finding::new(RuleId::AdminWithoutMfa, severity, &user, Span::default(), 1);
            f.sign_ins = sign_ins;
            f.evidence = evidence([(DatasetId::Registration, row)]);
            let activity = match sign_ins {
                Some(0) => " The loaded sign-ins show no sign-in by this admin.".to_string(),
                Some(n) => format!(
                    " The admin signs in ({} in the loaded sign-ins): a stolen password \
                     alone is enough to administer the tenant.",
                    plural(n, "sign-in")
                ),
                None => String::new(),
            };
            let explanation = format!(
                "{} is marked as an administrator and has no MFA method registered.{activity}",
                f.user
            );
            f.words(
                explanation,
                &[
                    "Have the admin register a phishing-resistant method (a passkey or FIDO2 \
                     key, Windows Hello) now, issuing a Temporary Access Pass if needed.",
                    "Require MFA for every admin role with a Conditional Access policy.",
                    "If the account is no longer used, remove its admin roles or disable it.",
                ],
            )
        })
        .collect()
}
