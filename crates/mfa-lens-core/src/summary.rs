//! Summary JSON v1: what `mfa-lens summary` prints and the page downloads.
//!
//! The summary is the top layer of the engine: [`Summary::of`] reads the
//! workspace's files, counts each section, and asks the lower layers for the
//! figures they own — the sign-in pass ([`crate::sign_ins`]) for `sign_ins`,
//! the report analyses ([`crate::reports`]) for the report figures (in their
//! own types). Nothing below imports this module, so a report or a row view
//! can never depend on how the summary is put together, and the page and the
//! CLI print one JSON because they call one function.
//!
//! Maps (`methods`, `denial_reasons`, `call_results`, registration `methods`)
//! are JSON objects with keys in ascending byte order ([`BTreeMap`]): stable
//! across runs and platforms, easy to diff, and the page sorts by count itself.
//! Users are compared as [`crate::classify::users`] says (case-insensitive,
//! trimmed; a row without a user is the single user `(unknown)`).
//!
//! Choices the issue leaves open:
//! - `mfa_server.by_outcome`: a `depends` code whose row has a yes/no
//!   authenticated column is counted under the class that column resolves it to
//!   (`succeeded` / `failed`); it stays `depends` only without such a value. Rows
//!   without any call result count in `attempts` only.
//! - `blocked_history` also covers `fraud-alerts` files; every row of such a file
//!   is a fraud alert unless its Fraud Alert column says otherwise.
//! - `registration`: a registration-details file without an `MFA registered`
//!   column counts a user as registered when they have a registered method;
//!   the section is computed by [`crate::reports::registration`] (the page's
//!   Registration view), which states every rule.
//! - `sign_ins` appears when a sign-in file is loaded; auth details alone do not
//!   make it appear (they have nothing to attach to).
//! - `findings` ([`crate::findings`]) appears when a sign-in, MFA Server or
//!   registration file is loaded, with the default thresholds; its items carry
//!   no row references, so the page's download equals the CLI's output.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::users::{user_ids_of, Users};
use crate::classify::{call_outcome, call_result_of, is_no, is_yes};
use crate::columns::Role;
use crate::detect::ReportKind;
use crate::findings::{self, FindingSettings, Findings};
use crate::reports::{self, activity, blocked, bypassed};
use crate::workspace::{FileView, Workspace};

/// Parts of the summary owned by the layers that count them, under their
/// summary names.
pub use crate::classify::ByOutcome;
pub use crate::sign_ins::SignInSummary;

pub const SCHEMA: &str = "mfa-lens.summary.v1";

/// Summary JSON v1: the contract between the engine, the page and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub schema: String,
    pub files: Vec<FileSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_ins: Option<SignInSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_server: Option<MfaServerSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_history: Option<BlockedSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bypass_history: Option<BypassSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<RegistrationSummary>,
    /// The findings rules with their default settings, without row
    /// references ([`Findings::without_evidence`]); present whenever a
    /// sign-in, MFA Server or registration file is loaded. Added in v1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<Findings>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    pub name: String,
    /// Stable kind id, e.g. `entra-sign-ins`.
    pub kind: String,
    pub label: String,
    pub rows: u64,
    pub bad_rows: u64,
    /// Number of diagnostics for this file.
    pub diagnostics: u64,
    /// The file could not be read as a table at all.
    pub unreadable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MfaServerSummary {
    pub attempts: u64,
    pub users: u64,
    pub call_results: BTreeMap<String, u64>,
    pub by_outcome: ByOutcome,
    /// Rows per `Authentication Type` (RADIUS, IIS, AD FS, …; empty cells
    /// under `(not given)`). Added in v1 by the report views.
    #[serde(default)]
    pub by_component: BTreeMap<String, u64>,
    /// Rows per `Application Name`.
    #[serde(default)]
    pub by_application: BTreeMap<String, u64>,
    /// Rows per `Authentication Method`.
    #[serde(default)]
    pub by_method: BTreeMap<String, u64>,
    /// Rows with a known call result per knowledge-base category.
    #[serde(default)]
    pub by_category: BTreeMap<String, u64>,
    /// Rows whose `SUCCESS_*` code did not mean the user got in.
    #[serde(default)]
    pub success_not_succeeded: u64,
    /// Rows with `FAILED_FRAUD_CODE_ENTERED` or `FAILED_FRAUD_REPORTED`.
    #[serde(default)]
    pub fraud_reports: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BlockedSummary {
    pub events: u64,
    pub blocks: u64,
    pub unblocks: u64,
    pub fraud_alerts: u64,
    pub users: u64,
    /// Users of the blocked user history whose last request is a block.
    #[serde(default)]
    pub users_blocked_now: u64,
    /// Users whose last request is an unblock.
    #[serde(default)]
    pub users_unblocked_now: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BypassSummary {
    pub events: u64,
    pub users: u64,
    /// `Bypass Used` says yes; without that column, a completion reason of
    /// `Used` (from [`bypassed::analyse`], the rule the page shows).
    pub used: u64,
    /// Bypasses known not to have been used (`Bypass Used` no, or a
    /// completion reason `Expired` without that column).
    #[serde(default)]
    pub unused: u64,
    /// Users bypassed twice or more.
    #[serde(default)]
    pub users_bypassed_repeatedly: u64,
    /// Sum of `Bypass Seconds`.
    #[serde(default)]
    pub seconds_granted: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RegistrationSummary {
    pub users: u64,
    pub mfa_registered: u64,
    pub mfa_not_registered: u64,
    /// Users per registered method spelling, exactly as the files write it
    /// (`PhoneAppNotification`, `microsoftAuthenticatorPush`, …).
    pub methods: BTreeMap<String, u64>,
    /// Users per registered method under the Entra portal's name, whatever
    /// the spelling (`Mobile app notification` for the three above), each
    /// user once per method; a spelling MFA Lens does not know is kept as
    /// written. The Registration view's method chart. Added in v1.
    #[serde(default)]
    pub method_labels: BTreeMap<String, u64>,
    /// Users whose `MFA capable` says so; absent without that column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_capable: Option<u64>,
    /// Registered users who are not MFA capable (no method the policy allows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_not_capable: Option<u64>,
    /// Users marked admin; absent without an `Admin` column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admins: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admins_not_registered: Option<u64>,
    /// The admins not registered for MFA, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub admins_not_registered_users: Vec<String>,
    /// Users per MSOnline per-user MFA state (`Enabled`, `Enforced`, `Disabled`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mfa_states: BTreeMap<String, u64>,
    /// With sign-ins loaded: users who sign in and are listed as not registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_users_not_registered: Option<u64>,
    /// With sign-ins loaded: users who sign in and are in no registration report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_users_not_in_report: Option<u64>,
}

fn mfa_server(ws: &Workspace, files: &[FileView<'_>]) -> Option<MfaServerSummary> {
    let mut out: Option<MfaServerSummary> = None;
    let mut users = Users::default();
    for f in files
        .iter()
        .filter(|f| f.file.detection.kind == ReportKind::MfaServerActivity)
    {
        let s = out.get_or_insert_with(MfaServerSummary::default);
        let (t, m) = (&f.file.table, &f.file.map);
        let mut user_of = user_ids_of(m.get(Role::Username).and_then(|c| t.column(c)));
        for row in 0..t.rows() {
            s.attempts += 1;
            user_of(&mut users, row);
            // A row without any call result is an attempt with no outcome to
            // count: it adds to `attempts` only.
            let Some((code, from)) = call_result_of(t, m, row) else {
                continue;
            };
            *s.call_results.entry(code.to_ascii_uppercase()).or_insert(0) += 1;
            s.by_outcome.add(call_outcome(t, m, row, code, from));
        }
    }
    if let Some(s) = out.as_mut() {
        s.users = users.len();
        // The report view's full maps, not its top lists.
        let a = activity::totals(ws);
        s.by_component = a.by_component;
        s.by_application = a.by_application;
        s.by_method = a.by_method;
        s.by_category = a.by_category;
        s.success_not_succeeded = a.success_not_succeeded;
        s.fraud_reports = a.fraud_reports;
    }
    out
}

fn blocked_history(ws: &Workspace, files: &[FileView<'_>]) -> Option<BlockedSummary> {
    let mut out: Option<BlockedSummary> = None;
    let mut users = Users::default();
    for f in files.iter().filter(|f| {
        matches!(
            f.file.detection.kind,
            ReportKind::MfaServerBlocked | ReportKind::FraudAlerts
        )
    }) {
        let s = out.get_or_insert_with(BlockedSummary::default);
        let (t, m) = (&f.file.table, &f.file.map);
        let mut user_of = user_ids_of(m.get(Role::Username).and_then(|c| t.column(c)));
        let blocked = m.get(Role::Blocked);
        let fraud = m.get(Role::FraudAlert);
        // Every row of a fraud-alert report is an alert unless it says otherwise.
        let all_fraud = f.file.detection.kind == ReportKind::FraudAlerts;
        for row in 0..t.rows() {
            s.events += 1;
            user_of(&mut users, row);
            if let Some(c) = blocked {
                let v = t.get(row, c);
                if is_yes(v) {
                    s.blocks += 1;
                } else if is_no(v) {
                    s.unblocks += 1;
                }
            }
            let alert = match fraud {
                Some(c) => is_yes(t.get(row, c)),
                None => all_fraud,
            };
            if alert {
                s.fraud_alerts += 1;
            }
        }
    }
    if let Some(s) = out.as_mut() {
        s.users = users.len();
        (s.users_blocked_now, s.users_unblocked_now) = blocked::states(ws);
    }
    out
}

fn bypass_history(ws: &Workspace, files: &[FileView<'_>]) -> Option<BypassSummary> {
    let mut out: Option<BypassSummary> = None;
    let mut users = Users::default();
    for f in files
        .iter()
        .filter(|f| f.file.detection.kind == ReportKind::MfaServerBypassed)
    {
        let s = out.get_or_insert_with(BypassSummary::default);
        let (t, m) = (&f.file.table, &f.file.map);
        let mut user_of = user_ids_of(m.get(Role::Username).and_then(|c| t.column(c)));
        let used = m.get(Role::BypassUsed);
        for row in 0..t.rows() {
            s.events += 1;
            user_of(&mut users, row);
            if used.is_some_and(|c| is_yes(t.get(row, c))) {
                s.used += 1;
            }
        }
    }
    if let Some(s) = out.as_mut() {
        s.users = users.len();
        let r = bypassed::analyse(ws);
        // One rule for "used" on the page and in the summary: the Bypass Used
        // column, else the completion reason (see `bypassed`). Files with the
        // column (every documented layout) count as before.
        s.used = r.used;
        s.unused = r.unused;
        s.users_bypassed_repeatedly = r.users_bypassed_repeatedly;
        s.seconds_granted = r.seconds_granted;
    }
    out
}

fn registration(files: &[FileView<'_>]) -> Option<RegistrationSummary> {
    let c = reports::registration::tally(files)?.counts();
    let (sign_in_users_not_registered, sign_in_users_not_in_report) = match c.sign_ins {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    Some(RegistrationSummary {
        users: c.users,
        mfa_registered: c.registered,
        mfa_not_registered: c.users.saturating_sub(c.registered),
        methods: c.methods,
        method_labels: c
            .method_labels
            .iter()
            .filter(|m| m.users > 0)
            .map(|m| (m.label.clone(), m.users))
            .collect(),
        mfa_capable: c
            .capability
            .as_ref()
            .map(|k| k.registered_capable + k.not_registered_capable),
        registered_not_capable: c.capability.as_ref().map(|k| k.registered_not_capable),
        admins: c.admins,
        admins_not_registered: c.admins.map(|_| c.admins_without_mfa.len() as u64),
        admins_not_registered_users: c.admins_without_mfa,
        mfa_states: c.mfa_states,
        sign_in_users_not_registered,
        sign_in_users_not_in_report,
    })
}

impl Summary {
    /// Summary JSON v1 of the workspace's finished files (in load order),
    /// with the findings rules at their defaults (what `mfa-lens summary` prints).
    pub fn of(ws: &Workspace) -> Summary {
        Summary::with_settings(ws, &FindingSettings::default())
    }

    /// The same, with the findings rules at `settings` (the page's thresholds,
    /// which the `findings` section names, so the file says how it was made).
    pub fn with_settings(ws: &Workspace, settings: &FindingSettings) -> Summary {
        Summary::with_findings(ws, findings::analyse(ws, settings).as_ref())
    }

    /// The same, with the findings already analysed: the page's worker
    /// analyses them once per files and thresholds, for the Findings tab's
    /// count, the Findings view and this summary alike.
    pub fn with_findings(ws: &Workspace, found: Option<&Findings>) -> Summary {
        let views = ws.views();
        let files = ws
            .files()
            .iter()
            .filter(|r| !r.loading)
            .map(|r| FileSummary {
                name: r.name.clone(),
                kind: r.kind.id().to_string(),
                label: r.label.clone(),
                rows: r.rows,
                bad_rows: r.bad_rows,
                diagnostics: r.diagnostics.len() as u64,
                unreadable: r.unreadable,
            })
            .collect();
        Summary {
            schema: SCHEMA.to_string(),
            files,
            sign_ins: SignInSummary::of(ws),
            mfa_server: mfa_server(ws, &views),
            blocked_history: blocked_history(ws, &views),
            bypass_history: bypass_history(ws, &views),
            registration: registration(&views),
            findings: found.map(|f| f.clone().without_evidence()),
        }
    }
}
