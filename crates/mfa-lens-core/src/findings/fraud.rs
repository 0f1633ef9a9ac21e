//! `fraud-reported`: one finding per user who reported a prompt as fraud,
//! wherever the report shows up (the sources of [`crate::reports::fraud`]:
//! a denied sign-in, an MFA Server call, the fraud alert report, a block
//! marked as a fraud alert). Always `high`.

use crate::query::DatasetId;

use super::pass::{by_user, Kind, Pass};
use super::{evidence, marks, plural, Finding, MarkKind, RuleId, Severity, Span};

pub(super) fn find(p: &Pass<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for events in by_user(&p.events) {
        let reports: Vec<_> = events.iter().filter(|e| e.kind == Kind::Fraud).collect();
        let Some(first) = reports.first() else {
            continue;
        };
        let mut span = Span::default();
        let mut via: Vec<String> = Vec::new();
        for e in &reports {
            span.add(e.at);
            let source = source_label(e.dataset).to_string();
            if !via.contains(&source) {
                via.push(source);
            }
        }
        via.sort_unstable();
        let n = reports.len() as u64;
        let mut f = Finding::new(
            RuleId::FraudReported,
            Severity::High,
            p.user(first.user),
            span,
            n,
        );
        f.evidence = evidence(reports.iter().map(|e| (e.dataset, e.row)));
        f.marks = marks(reports.iter().map(|e| (e.at, MarkKind::Trigger)));
        let explanation = format!(
            "{} reported an MFA prompt as fraud ({} in: {}). The user is telling you that \
             someone else started the sign-in, so someone else has the password.",
            f.user,
            plural(n, "report"),
            via.join(", "),
        );
        f.via = via;
        out.push(f.words(
            explanation,
            &[
                "Reset the user's password and revoke the user's sessions.",
                "Review the sign-ins around the report: the IP address and location the attempts \
                 came from, and any other user signing in from there.",
                "Review the user's registered methods and remove any the user does not \
                 recognise.",
                "Keep the user blocked until the account is known to be safe; unblock only then.",
            ],
        ));
    }
    out
}

/// Where a fraud report was read, as the fraud view names its sources.
pub(super) fn source_label(dataset: DatasetId) -> &'static str {
    use crate::reports::FraudSource;
    match dataset {
        DatasetId::Fraud => FraudSource::FraudAlerts.label(),
        DatasetId::MfaServerActivity => FraudSource::Activity.label(),
        DatasetId::Blocked => FraudSource::BlockedHistory.label(),
        _ => FraudSource::SignIns.label(),
    }
}
