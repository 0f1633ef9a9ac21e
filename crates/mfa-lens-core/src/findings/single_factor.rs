//! `single-factor-access`: successful sign-ins with a password alone through
//! a legacy-authentication client ([`LEGACY_CLIENT_APPS`], `high`: such a
//! client can never be prompted) or to an administrative application
//! ([`ADMIN_APPLICATIONS`], `medium`). One finding per user and kind,
//! counting the sign-ins; `via` lists the client apps or applications.
//!
//! [`LEGACY_CLIENT_APPS`]: crate::knowledge::detection::LEGACY_CLIENT_APPS
//! [`ADMIN_APPLICATIONS`]: crate::knowledge::detection::ADMIN_APPLICATIONS

use crate::columns::Role;
use crate::reports::cell;

use super::pass::{by_user, Event, Kind, Pass};
use super::{evidence, marks, plural, Access, Finding, MarkKind, RuleId, Severity, Span};

pub(super) fn find(p: &Pass<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for events in by_user(&p.events) {
        for (kind, access) in [
            (Kind::LegacySingle, Access::LegacyClient),
            (Kind::AdminSingle, Access::AdminApplication),
        ] {
            let rows: Vec<&Event> = events.iter().filter(|e| e.kind == kind).collect();
            if let Some(first) = rows.first() {
                out.push(finding(p, &rows, p.user(first.user), access));
            }
        }
    }
    out
}

fn finding(p: &Pass<'_>, rows: &[&Event], user: &str, access: Access) -> Finding {
    let role = match access {
        Access::LegacyClient => Role::ClientApp,
        Access::AdminApplication => Role::Application,
    };
    let mut span = Span::default();
    let mut via: Vec<String> = Vec::new();
    for e in rows {
        span.add(e.at);
        if let Some(m) = p.sign_ins.member(e.row.file()) {
            let v = cell(m.table, &m.map, role, e.row.row());
            if !via.iter().any(|x| x == v) {
                via.push(v.to_string());
            }
        }
    }
    via.sort_unstable();
    let n = rows.len() as u64;
    let severity = match access {
        Access::LegacyClient => Severity::High,
        Access::AdminApplication => Severity::Medium,
    };
    let mut f = Finding::new(RuleId::SingleFactorAccess, severity, user, span, n);
    f.access = Some(access);
    f.evidence = evidence(rows.iter().map(|e| (e.dataset, e.row)));
    f.marks = marks(rows.iter().map(|e| (e.at, MarkKind::Trigger)));
    let (explanation, steps): (String, &[&str]) = match access {
        Access::LegacyClient => (
            format!(
                "{} signed in successfully {} with a password alone through a legacy \
                 authentication client ({}). These protocols cannot show an MFA prompt, so \
                 anyone with the password gets in this way, whatever the MFA policy says.",
                f.user,
                plural(n, "time"),
                via.join(", ")
            ),
            &[
                "Block legacy authentication with a Conditional Access policy (client apps: \
                 Exchange ActiveSync and other clients).",
                "Move the devices or scripts still using these protocols to modern \
                 authentication (OAuth) first, or they will stop working.",
                "Disable the protocols the user does not need in Exchange Online (IMAP, POP, \
                 authenticated SMTP).",
            ],
        ),
        Access::AdminApplication => (
            format!(
                "{} signed in successfully {} to an administrative application ({}) without \
                 MFA: a password alone opened a tool that can change the tenant.",
                f.user,
                plural(n, "time"),
                via.join(", ")
            ),
            &[
                "Require MFA for administrative applications with a Conditional Access policy \
                 (Microsoft Admin Portals, Windows Azure Service Management API).",
                "Check that the account is meant to use these tools, and what it did there \
                 (the audit log).",
            ],
        ),
    };
    f.via = via;
    f.words(explanation, steps)
}
